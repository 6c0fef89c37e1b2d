//! End-to-end tests against the contract (spec.md §1 and §4) and the sample office.

mod check;
mod cli;
mod config;
mod corrupt;
mod expected;
mod formats;
mod inputs;
mod reports;
mod run;
mod samples;
pub mod util;
