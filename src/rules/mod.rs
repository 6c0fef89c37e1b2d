//! Reconciling: the records of one fiscal year against the rules of the config (spec §3).
//!
//! Each family of rules has its own file; `reconcile` runs them in order and assembles the
//! [`Analysis`] the reports print. Joins are by hash map on normalised keys.

use crate::analysis::{Analysis, BudgetView};
use crate::config::Config;
use crate::finding::Finding;
use crate::model::Dataset;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Computes the year's picture and the rule findings (ingest findings are not included;
/// inventory and config fields are left for the caller).
pub fn reconcile(data: &Dataset, config: &Config, fiscal_year: i32, as_of: NaiveDate) -> Analysis {
    let _ = data;
    Analysis {
        fiscal_year,
        as_of,
        districts: Vec::new(),
        budget: BudgetView {
            unit: config.budget.unit,
            allocated_districts: 0,
            planned_additions: 0,
            total: 0,
            configured_total: None,
            categories: config.budget.allowed_categories.clone(),
            unallocated_spent: 0,
        },
        sessions: Vec::new(),
        coordinators: Vec::new(),
        supporters: Vec::new(),
        resources: Vec::new(),
        rollout: BTreeMap::new(),
        findings: Vec::new(),
        inventory: Vec::new(),
        skipped_files: Vec::new(),
        config_origin: String::new(),
        config_sha256: String::new(),
    }
}

/// Marks findings the config's waivers accept (承認済); they stay in the list.
pub fn apply_waivers(findings: &mut [Finding], config: &Config) {
    let _ = (findings, config);
}
