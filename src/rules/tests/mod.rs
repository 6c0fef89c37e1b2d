//! Rule tests on hand-built datasets (see `testkit`): each finding id fires at the right
//! cell, and not otherwise.

mod budget;
mod districts;
mod people;
mod seed;
mod supporters;
mod trainings;
mod waivers;

use super::testkit::B;
use crate::analysis::Analysis;
use crate::config::Config;
use chrono::NaiveDate;

/// R7 as of 2025-11-30 with the embedded config, waivers applied as `lib::analyse` does.
pub fn run(b: &B) -> Analysis {
    run_at(b, super::testkit::d(2025, 11, 30))
}

pub fn run_at(b: &B, as_of: NaiveDate) -> Analysis {
    run_with(b, &Config::default(), as_of)
}

pub fn run_with(b: &B, config: &Config, as_of: NaiveDate) -> Analysis {
    let mut a = super::reconcile(&b.data, config, 2025, as_of);
    super::apply_waivers(&mut a.findings, config);
    a
}
