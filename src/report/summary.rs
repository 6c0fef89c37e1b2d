//! summary.json: the reports' figures for scripts. Structs, not maps, so that the key order
//! is fixed and a script can rely on it.

use super::page::VERSION;
use crate::analysis::Analysis;
use crate::calendar::fy_short;
use crate::model::SkipRule;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Summary {
    pub fiscal_year: i32,
    pub fiscal_year_label: String,
    pub as_of: String,
    /// Names replaced by pseudonyms (`--redact`): such a run is never compared with.
    pub redacted: bool,
    pub districts: Vec<DistrictSummary>,
    pub budget: BudgetSummary,
    pub trainings: Vec<TrainingSummary>,
    pub coordinators: Vec<CoordinatorSummary>,
    /// Supporters by id (not by name) and district, so the next run can tell who was added or
    /// gone; their names stay in the office's own rosters.
    pub supporters: Vec<SupporterSummary>,
    pub findings: Vec<FindingSummary>,
    pub inputs: Vec<InputSummary>,
    /// Files seen and not read (Excel lock files, hidden files).
    pub skipped_files: Vec<String>,
    pub config: ConfigSummary,
    /// This run against the previous one (absent when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<crate::analysis::Changes>,
    pub tool_version: String,
}

#[derive(Debug, Serialize)]
pub struct SupporterSummary {
    /// [`crate::names::person_id`] of the name.
    pub id: String,
    pub district: String,
}

#[derive(Debug, Serialize)]
pub struct DistrictSummary {
    pub name: String,
    pub status: &'static str,
    pub allocation: i64,
    pub spent: i64,
    pub remaining: i64,
}

#[derive(Debug, Serialize)]
pub struct BudgetSummary {
    pub unit: i64,
    pub allocated_districts: u32,
    pub planned_additions: u32,
    pub total: i64,
    /// 予算額: the config's budget total for the year (null when the config does not list it).
    pub budget_total: Option<i64>,
    /// 配当額 of the named districts, of the planned additions, and both (= `total`).
    pub allocated: i64,
    pub planned: i64,
    pub allocation_total: i64,
    /// 執行額 (every counted expense of the year), of which without an allocation.
    pub spent: i64,
    pub unallocated_spent: i64,
    /// 残額 = allocation_total − spent.
    pub remaining: i64,
    /// 執行率 = spent / allocation_total (null without an allocation).
    pub execution_rate: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct TrainingSummary {
    pub name: String,
    pub kind: &'static str,
    pub date: String,
    /// False for a session after `as_of` (予定): its attendees are not counted.
    pub held: bool,
    pub attendees: u32,
}

#[derive(Debug, Serialize)]
pub struct CoordinatorSummary {
    pub name: String,
    pub district: String,
    pub role: &'static str,
    pub coordinator_trainings_attended: u32,
}

#[derive(Debug, Serialize)]
pub struct FindingSummary {
    pub id: &'static str,
    pub severity: &'static str,
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub message: String,
    pub waived: bool,
    /// What the finding is about, independent of its row: the next run compares by it.
    pub key: String,
    /// 新規 / 継続 against the previous run (absent without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct InputSummary {
    pub file: String,
    pub sha256: String,
    pub sheet: String,
    /// Table kind key (`districts`, …), null when nothing was taken from the sheet.
    pub kind: Option<String>,
    /// Header row (1-based) of the table, 0 when none.
    pub header_row: u32,
    /// Row accounting (spec §2): rows read = used + rejected + Σ skipped.
    pub rows: u32,
    /// Rows that became records and count.
    pub used: u32,
    /// Rows left out with a finding.
    pub rejected: u32,
    /// Rows left out by a named rule: rule → count (`blank`, `note`, `total`, `example`, …).
    pub skipped: BTreeMap<SkipRule, u32>,
    pub unused_columns: Vec<String>,
    /// Why nothing was taken, or why the file was refused; empty otherwise.
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct ConfigSummary {
    pub origin: String,
    pub sha256: String,
}

impl Summary {
    /// The summary of an analysis (districts in the order of the districts table).
    pub fn of(a: &Analysis) -> Summary {
        Summary {
            fiscal_year: a.fiscal_year,
            fiscal_year_label: fy_short(a.fiscal_year),
            as_of: a.as_of.format("%Y-%m-%d").to_string(),
            redacted: a.redacted,
            districts: a
                .districts
                .iter()
                .map(|d| DistrictSummary {
                    name: d.name.clone(),
                    status: d.status.key(),
                    allocation: d.allocation,
                    spent: d.spent,
                    remaining: d.remaining,
                })
                .collect(),
            budget: BudgetSummary {
                unit: a.budget.unit,
                allocated_districts: a.budget.allocated_districts,
                planned_additions: a.budget.planned_additions,
                total: a.budget.total,
                budget_total: a.budget.figures.budget_total,
                allocated: a.budget.figures.allocated,
                planned: a.budget.figures.planned,
                allocation_total: a.budget.figures.allocation_total,
                spent: a.budget.figures.spent,
                unallocated_spent: a.budget.figures.unallocated_spent,
                remaining: a.budget.figures.remaining,
                execution_rate: a.budget.figures.ratio(),
            },
            trainings: a
                .sessions
                .iter()
                .map(|s| TrainingSummary {
                    name: s.name.clone(),
                    kind: s.kind.label(),
                    date: s.date.format("%Y-%m-%d").to_string(),
                    held: s.held,
                    attendees: s.attendees,
                })
                .collect(),
            coordinators: a
                .coordinators
                .iter()
                .map(|c| CoordinatorSummary {
                    name: c.name.clone(),
                    district: c.district.clone(),
                    role: c.role.key(),
                    coordinator_trainings_attended: c.coordinator_trainings_attended,
                })
                .collect(),
            supporters: a
                .supporters
                .iter()
                .map(|s| SupporterSummary {
                    id: crate::names::person_id(&s.name),
                    district: s.district.clone(),
                })
                .collect(),
            findings: a
                .findings
                .iter()
                .map(|f| FindingSummary {
                    id: f.id,
                    severity: f.severity.key(),
                    file: f.file.clone(),
                    sheet: f.sheet.clone(),
                    cell: f.cell.clone(),
                    message: f.message.clone(),
                    waived: f.waived(),
                    key: f.identity(),
                    change: a
                        .changes
                        .as_ref()
                        .and_then(|c| c.marks.get(&f.identity()))
                        .map(|m| m.label()),
                })
                .collect(),
            inputs: a
                .inventory
                .iter()
                .map(|e| InputSummary {
                    file: e.file.clone(),
                    sha256: e.sha256.clone(),
                    sheet: e.sheet.clone(),
                    kind: e.kind.clone(),
                    header_row: e.header_row,
                    rows: e.rows,
                    used: e.used,
                    rejected: e.rejected,
                    skipped: e.skipped.clone(),
                    unused_columns: e.unused_columns.clone(),
                    note: e.note.clone(),
                })
                .collect(),
            skipped_files: a.skipped_files.clone(),
            config: ConfigSummary {
                origin: a.config_origin.clone(),
                sha256: a.config_sha256.clone(),
            },
            changes: a.changes.clone(),
            tool_version: VERSION.to_string(),
        }
    }
}

/// Pretty JSON with a final newline, written as it is made (it runs to hundreds of MB for
/// a large city, which need not be held in memory at once).
pub fn write_json(a: &Analysis, w: &mut dyn std::io::Write) -> Result<(), String> {
    // A failed write is the disk's (the summary always serialises): said as the clerk reads it.
    serde_json::to_writer_pretty(&mut *w, &Summary::of(a))
        .map_err(|e| super::output::io_reason(&std::io::Error::from(e)))?;
    w.write_all(b"\n").map_err(|e| super::output::io_reason(&e))
}
