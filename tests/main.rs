//! The one integration-test binary: the real `kyodo` binary run in temp dirs, and the
//! reading stage on fixtures.
//!
//! `e2e` runs it against samples/ (the R7 sample office, see samples/README.md) and small
//! variations of it; `ingest` reads tests/fixtures/ingest; `changes` and `yearend` build
//! small offices on the fly (`support`); `faults` kills runs and breaks their out folder and
//! inputs; `privacy` checks every output for contacts, names (`--redact`), formulas and links;
//! `limits` refuses oversized files and zip bombs; `print` measures every sheet's printed
//! font size; `rows` reads tests/fixtures/rows (every row accounted for: two-row headers,
//! 記入例 rows, other years' rows, stray files); `fuzz_regressions` replays the fuzz
//! targets' kept inputs (tests/fixtures/fuzz); `props` holds the property tests; `floors`
//! checks the import graph of src/ (no circle, no import up the floors).

mod changes;
mod e2e;
mod faults;
mod floors;
mod fuzz_regressions;
mod ingest;
mod limits;
mod print;
mod privacy;
mod props;
mod recalc;
mod rows;
mod support;
mod templates;
mod truth;
mod yearend;
