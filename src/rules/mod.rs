//! Reconciling: the records of one fiscal year against the rules of the config (spec §3).
//!
//! Each family of rules has its own file; `reconcile` runs them in order and assembles the
//! [`Analysis`] the reports print. Joins are by hash map on normalised keys (person_key,
//! district_name), built once. Nothing here reads files or writes reports.
//!
//! For the reports: `DistrictView::spent` is everything charged to the district this year,
//! also when it has no allocation (BU001); `BudgetView::unallocated_spent` is that spending
//! plus spending on districts not in the list, so the year's grand total is
//! Σ spent of allocated districts + unallocated_spent. Findings come back unsorted
//! (`lib::analyse` sorts them after adding ingest's).

pub mod budget;
mod coordinators;
mod districts;
mod sessions;
mod supporters;
mod trainings;
mod waivers;
pub mod yearend;

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

use crate::analysis::{Analysis, ResourceView};
use crate::config::Config;
use crate::model::Dataset;
use crate::names::district_name;
use chrono::NaiveDate;

pub use budget::{expense_fiscal_year, payment_deadline};
pub use waivers::apply_waivers;

/// Computes the year's picture and the rule findings (ingest findings are not included;
/// inventory and config fields are left for the caller).
pub fn reconcile(data: &Dataset, config: &Config, fiscal_year: i32, as_of: NaiveDate) -> Analysis {
    let mut findings = Vec::new();
    let mut dist = districts::build(data, config, fiscal_year, &mut findings);
    let roster = coordinators::build(data, as_of, &mut dist, &mut findings);
    districts::check_staffing(&dist, config, &mut findings);
    let supporter_roster = supporters::roster(data, fiscal_year, &mut dist, &mut findings);
    let (sessions, coordinator_views) = trainings::build(
        data,
        config,
        fiscal_year,
        as_of,
        &dist,
        &roster,
        &supporter_roster,
        &mut findings,
    );
    let mut row_fates = Vec::new();
    let mut expenses = Vec::new();
    let budget = budget::build(
        data,
        config,
        fiscal_year,
        as_of,
        &mut dist,
        &mut findings,
        &mut row_fates,
        &mut expenses,
    );
    supporters::activities(
        data,
        fiscal_year,
        &mut dist,
        &supporter_roster,
        &mut findings,
    );

    let resources = data
        .resources
        .iter()
        .map(|r| ResourceView {
            name: r.name.clone(),
            offer: r.offer.clone(),
            kind: r.kind.clone(),
            districts: r.districts.iter().map(|d| district_name(d)).collect(),
            citywide: r.citywide,
            has_contact: !r.contact.trim().is_empty(),
            registered: r.registered,
        })
        .collect();

    Analysis {
        fiscal_year,
        as_of,
        districts: dist.views,
        budget,
        sessions,
        coordinators: coordinator_views,
        supporters: supporter_roster.views,
        resources,
        expenses,
        rollout: dist.rollout,
        new_per_year: config.model.new_per_year,
        model_years: config.model.years,
        resource_stale_years: config.resources.stale_years,
        changes: None,
        findings,
        inventory: Vec::new(),
        row_fates,
        skipped_files: Vec::new(),
        config_origin: String::new(),
        config_sha256: String::new(),
        redacted: false,
        office: config.office.name.trim().to_string(),
    }
}

pub use crate::numbers::yen;

/// A date in messages: 「令和7年6月14日」, as the office writes it.
pub(crate) fn date_label(d: NaiveDate) -> String {
    crate::calendar::wareki(d)
}
