//! End-to-end tests against the contract (spec.md §1 and §4) and the sample office.

mod check;
mod cli;
mod corrupt;
mod expected;
mod reports;
mod run;
mod samples;
mod util;
