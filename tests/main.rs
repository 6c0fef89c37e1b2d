//! The one integration-test binary: the real `kyodo` binary run in temp dirs, and the
//! reading stage on fixtures.
//!
//! `e2e` runs it against samples/ (the R7 sample office, see samples/README.md) and small
//! variations of it; `ingest` reads tests/fixtures/ingest; `changes` and `yearend` build
//! small offices on the fly (`support`); `faults` kills runs and breaks their out folder and
//! inputs; `privacy` checks every output for contacts, names (`--redact`), formulas and links;
//! `limits` refuses oversized files and zip bombs; `print` measures every sheet's printed font size; `fuzz_regressions` replays the fuzz
//! targets' kept inputs (tests/fixtures/fuzz); `props` holds the property tests.

mod changes;
mod e2e;
mod faults;
mod fuzz_regressions;
mod ingest;
mod limits;
mod print;
mod privacy;
mod props;
mod support;
mod templates;
mod truth;
mod yearend;
