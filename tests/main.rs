//! The one integration-test binary: a module per stage.

mod ingest;
