//! The one integration-test binary: the real `kyodo` binary run in temp dirs.
//!
//! `e2e` runs it against samples/ (the R7 sample office, see samples/README.md) and small
//! variations of it; the expected figures come from that README.

mod e2e;
