//! The one integration-test binary: the real `kyodo` binary run in temp dirs, and the
//! reading stage on fixtures.
//!
//! `e2e` runs it against samples/ (the R7 sample office, see samples/README.md) and small
//! variations of it; `ingest` reads tests/fixtures/ingest; `changes` and `yearend` build
//! small offices on the fly (`support`); `limits` refuses oversized files and zip bombs;
//! `fuzz_regressions` replays the fuzz targets' kept inputs (tests/fixtures/fuzz).

mod changes;
mod e2e;
mod fuzz_regressions;
mod ingest;
mod limits;
mod support;
mod templates;
mod yearend;
