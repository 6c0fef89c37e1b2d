//! The reconciled picture of one fiscal year: what the rules computed from the records,
//! and what every report and summary.json print. Reports read only this. With it, this
//! run against the previous one (`Changes`, computed by `changes`).

use crate::finding::Finding;
use crate::model::{InventoryEntry, Role, RowFate, Status, TrainingKind};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything a report needs.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub fiscal_year: i32,
    pub as_of: NaiveDate,
    /// Districts in the order of the districts table (model first, then support, then none
    /// is the reports' business).
    pub districts: Vec<DistrictView>,
    pub budget: BudgetView,
    /// Sessions of this fiscal year in date order.
    pub sessions: Vec<SessionView>,
    /// Coordinators on the rosters (one per person and district), roster order.
    pub coordinators: Vec<CoordinatorView>,
    /// Supporters on the rosters, roster order (internal use only).
    pub supporters: Vec<SupporterView>,
    /// Resources (地域人材・資源リスト).
    pub resources: Vec<ResourceView>,
    /// Every expense counted this fiscal year, in the order of the ledgers (支出明細).
    pub expenses: Vec<ExpenseView>,
    /// New model districts per fiscal year (start year → districts), for rollout progress.
    pub rollout: BTreeMap<i32, Vec<String>>,
    /// Findings, sorted (severity, file, sheet, cell), waivers applied.
    pub findings: Vec<Finding>,
    /// Every file, sheet and table seen.
    pub inventory: Vec<InventoryEntry>,
    /// Rows the rules left out after reading (another year's expenses): the inventory's row
    /// accounting takes them from `used` ([`crate::ingest::apply_fates`]).
    pub row_fates: Vec<RowFate>,
    /// Files skipped without a finding (lock files, hidden files).
    pub skipped_files: Vec<String>,
    /// New model districts planned a year (config `model.new_per_year`).
    pub new_per_year: u32,
    /// Fiscal years a district is a model district (config `model.years`).
    pub model_years: u32,
    /// A resource registered more than this many years ago is listed for review.
    pub resource_stale_years: u32,
    /// This run against the previous one, when there is a previous run.
    pub changes: Option<Changes>,
    /// Where the config came from (path or 「既定の設定」) and its SHA-256.
    pub config_origin: String,
    pub config_sha256: String,
    /// Names replaced by pseudonyms (`--redact`).
    pub redacted: bool,
    /// 作成者 of the reports (config `office.name`).
    pub office: String,
}

#[derive(Clone, Debug)]
pub struct DistrictView {
    pub name: String,
    /// Status this fiscal year, from the model years.
    pub status: Status,
    pub model_start: Option<i32>,
    pub model_end: Option<i32>,
    /// Allocation this fiscal year (unit for model and support districts, else 0).
    pub allocation: i64,
    /// Spending of this fiscal year by 費目 (allowed and not allowed alike).
    pub spent_by_category: BTreeMap<String, i64>,
    pub spent: i64,
    pub remaining: i64,
    /// Coordinators of this district by role.
    pub staff: u32,
    pub residents: u32,
    /// Residents' affiliations, in roster order, without repeats.
    pub resident_affiliations: Vec<String>,
    pub schools: Vec<String>,
    /// Activities by MEXT category this fiscal year, and children reached.
    pub activities_by_category: BTreeMap<String, u32>,
    pub children: u32,
    pub supporters: u32,
    pub insured_supporters: u32,
}

impl Analysis {
    /// The config's figures that labels state, for [`crate::finding::title_in`].
    pub fn rule_words(&self) -> crate::finding::RuleWords {
        crate::finding::RuleWords {
            model_years: self.model_years,
            new_per_year: self.new_per_year,
            warn_ratio: self.budget.warn_ratio,
        }
    }
}

impl DistrictView {
    /// 執行率 (spent / allocation), None without an allocation.
    pub fn ratio(&self) -> Option<f64> {
        (self.allocation > 0).then(|| self.spent as f64 / self.allocation as f64)
    }
}

#[derive(Clone, Debug)]
pub struct BudgetView {
    pub unit: i64,
    /// Districts with an allocation (model + support).
    pub allocated_districts: u32,
    /// Planned additions for this fiscal year (config).
    pub planned_additions: u32,
    /// unit × (allocated + planned).
    pub total: i64,
    /// The configured budget total for the year, if the config lists the year.
    pub configured_total: Option<i64>,
    /// 費目 columns in order: the allowed ones, then any others seen.
    pub categories: Vec<String>,
    /// The 費目 the allocation may pay (config `budget.allowed_categories`); a column not
    /// among them is marked 対象外.
    pub allowed: Vec<String>,
    /// Spending of this fiscal year not charged to an allocated district (BU001).
    pub unallocated_spent: i64,
    /// 執行率 above which a district is warned (config `budget.warn_ratio`).
    pub warn_ratio: f64,
    /// Volunteer-insurance premium per insured supporter (config `insurance.premium`).
    pub insurance_premium: i64,
    /// The year's budget figures, as every report and summary.json print them.
    pub figures: BudgetFigures,
}

/// The year's budget in one set of figures (`rules::budget::figures` computes it once):
/// 予算配当表, 年度末報告 and summary.json all print these, so they cannot disagree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BudgetFigures {
    /// 予算額: the config's budget total for the year, if the config lists the year.
    pub budget_total: Option<i64>,
    /// 配当額 of the districts named (model and support districts): unit × their number.
    pub allocated_districts: u32,
    pub allocated: i64,
    /// Additions the config plans for the year and the district list does not name yet.
    pub planned_additions: u32,
    pub planned: i64,
    /// 配当総額: allocated + planned.
    pub allocation_total: i64,
    /// 執行額: every counted expense of the year, with or without an allocation.
    pub spent: i64,
    /// Of which spent where there is no allocation (BU001, CO001).
    pub unallocated_spent: i64,
    /// 残額: allocation_total − spent.
    pub remaining: i64,
}

impl BudgetFigures {
    /// 執行率 (spent / allocation_total), None without an allocation.
    pub fn ratio(&self) -> Option<f64> {
        (self.allocation_total > 0).then(|| self.spent as f64 / self.allocation_total as f64)
    }
}

/// A ratio as the reports' cells show it (format `0.0%`): one decimal, halves away from zero,
/// so that a message says 82.5% where the cell shows 82.5%.
pub fn percent_label(numerator: i64, denominator: i64) -> String {
    if denominator == 0 {
        return "－".to_string();
    }
    let (n, d) = (i128::from(numerator), i128::from(denominator));
    // Tenths of a percent, rounded half away from zero in integers (no float error at .x5).
    let sign = if (n < 0) != (d < 0) { -1 } else { 1 };
    let tenths = (n.abs() * 2000 + d.abs()) / (2 * d.abs());
    let tenths = sign * tenths;
    let whole = tenths / 10;
    let frac = (tenths % 10).abs();
    let minus = if tenths < 0 && whole == 0 { "-" } else { "" };
    format!("{minus}{whole}.{frac}%")
}

/// One expense counted this fiscal year, with the cell it came from (予算配当表's 支出明細).
/// No 支払先 or 摘要: they name people, and the workbook goes to the budget office.
#[derive(Clone, Debug)]
pub struct ExpenseView {
    /// 支出日.
    pub paid_on: NaiveDate,
    /// The district as the reports name it (short form), or as written when not in the list.
    pub district: String,
    /// The 費目 as the budget table's columns name it.
    pub category: String,
    pub amount: i64,
    /// The 費目 is one the allocation may pay (else BU004).
    pub allowed: bool,
    /// The district has an allocation this year (else BU001 or CO001).
    pub allocated: bool,
    /// The 金額 cell: file (relative to the INPUT folder), sheet, A1.
    pub file: String,
    pub sheet: String,
    pub cell: String,
}

#[derive(Clone, Debug)]
pub struct SessionView {
    pub name: String,
    pub kind: TrainingKind,
    pub date: NaiveDate,
    pub venue: String,
    /// Held: on or before `as_of`. A later session is 予定 (planned): every report shows it
    /// as such, counts it nowhere as held, and expects no attendance at it yet.
    pub held: bool,
    /// Attendees of a held session (0 for a planned one: marks for it are a plan).
    pub attendees: u32,
    /// Attendees by district (「不明」 where no district is known).
    pub by_district: BTreeMap<String, u32>,
    /// Attendees by role: coordinators by their role label, others as サポーター / その他.
    pub by_role: BTreeMap<String, u32>,
    /// Who attended, in the order of the attendance rows (the 統括本部's list after each
    /// session): the district and role as counted above.
    pub attendance: Vec<AttendeeView>,
}

/// One person at one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendeeView {
    /// As the roster spells it (a coordinator), else as the attendance row does.
    pub name: String,
    /// As counted in `by_district` (「不明」 where none is known).
    pub district: String,
    /// As counted in `by_role`.
    pub role: &'static str,
}

/// Training compliance of one coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compliance {
    /// 済
    Done,
    /// 要受講: not yet attended, and a coordinator session remains this year (TR001 warning)
    Required,
    /// 未受講: not attended, and the year's last coordinator session has passed (TR001 error)
    Missed,
}

impl Compliance {
    pub fn label(self) -> &'static str {
        match self {
            Compliance::Done => "済",
            Compliance::Required => "要受講",
            Compliance::Missed => "未受講",
        }
    }
}

#[derive(Clone, Debug)]
pub struct CoordinatorView {
    pub name: String,
    pub district: String,
    pub role: Role,
    pub affiliations: Vec<String>,
    /// The term: 着任日 and 退任日 as the roster gives them.
    pub appointed: Option<NaiveDate>,
    pub retired: Option<NaiveDate>,
    /// For each coordinator-training session of `Analysis::sessions` (by index), attended?
    pub attended_sessions: Vec<usize>,
    pub coordinator_trainings_attended: u32,
    pub compliance: Compliance,
}

#[derive(Clone, Debug)]
pub struct SupporterView {
    pub name: String,
    pub district: String,
    pub insured: Option<bool>,
    pub insured_on: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct ResourceView {
    pub name: String,
    pub offer: String,
    pub kind: String,
    pub districts: Vec<String>,
    pub citywide: bool,
    pub has_contact: bool,
    pub registered: Option<NaiveDate>,
}

/// A finding's standing against the previous run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Mark {
    /// 新規
    New,
    /// 継続
    Continuing,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::New => "新規",
            Mark::Continuing => "継続",
        }
    }
}

/// A finding of the previous run that is gone now (解消).
#[derive(Clone, Debug, Serialize)]
pub struct Resolved {
    pub id: String,
    pub severity: String,
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub message: String,
    /// What the clerk wrote beside it last time (shown on 前回との比較, not in summary.json).
    #[serde(skip)]
    pub notes: Option<ClerkNotes>,
}

/// A person added to or gone from a roster.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RosterChange {
    pub name: String,
    pub district: String,
}

/// A supporter added to or gone from a roster. summary.json names supporters by
/// [`person_id`](crate::names::person_id), not by name; the name is known for those on this
/// run's rosters (the sheet 前回との比較 shows it) and not for those gone.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SupporterChange {
    pub id: String,
    #[serde(skip)]
    pub name: Option<String>,
    pub district: String,
}

/// One district's spending now and at the previous run.
#[derive(Clone, Debug, Serialize)]
pub struct SpendingChange {
    pub district: String,
    pub previous: i64,
    pub now: i64,
    pub since: i64,
}

/// What the clerk wrote beside a finding in the previous run's チェック結果.xlsx
/// (対応状況・担当・対応日・メモ), carried to the same finding in this run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClerkNotes {
    pub status: String,
    pub assignee: String,
    /// An ISO date (`2025-12-05`) when the cell held a date, else the text as typed.
    pub done_on: String,
    pub memo: String,
}

impl ClerkNotes {
    pub fn is_empty(&self) -> bool {
        [&self.status, &self.assignee, &self.done_on, &self.memo]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Changes {
    /// The previous run's folder and as-of date.
    pub previous: String,
    pub previous_as_of: String,
    /// Identity → mark, for every current finding.
    #[serde(skip)]
    pub marks: BTreeMap<String, Mark>,
    pub new_findings: usize,
    pub continuing_findings: usize,
    pub resolved: Vec<Resolved>,
    pub coordinators_added: Vec<RosterChange>,
    pub coordinators_gone: Vec<RosterChange>,
    pub supporters_added: Vec<SupporterChange>,
    pub supporters_gone: Vec<SupporterChange>,
    pub spending: Vec<SpendingChange>,
    /// Identity → what the clerk wrote beside that finding last time (continuing findings only).
    #[serde(skip)]
    pub notes: BTreeMap<String, ClerkNotes>,
    /// The previous チェック結果.xlsx was there but could not be read: nothing was carried.
    #[serde(skip)]
    pub notes_unreadable: bool,
}

#[cfg(test)]
mod tests {
    use super::percent_label;
    use crate::numbers::ratio_label;

    #[test]
    fn percentages_read_as_the_cells_show_them() {
        for (n, d, want) in [
            (16_500, 20_000, "82.5%"),
            (21_000, 20_000, "105.0%"),
            (1, 3, "33.3%"),
            (2, 3, "66.7%"),
            (1, 8, "12.5%"),
            (1, 2000, "0.1%"),
            (0, 5, "0.0%"),
            (-1_000, 20_000, "-5.0%"),
            (5, 0, "－"),
        ] {
            assert_eq!(percent_label(n, d), want, "{n}/{d}");
        }
        assert_eq!(ratio_label(0.8), "80%");
        assert_eq!(ratio_label(0.9), "90%");
        assert_eq!(ratio_label(0.875), "87.5%");
    }
}

/// A district's standing next year.
#[derive(Clone, Debug, PartialEq)]
pub struct NextYear {
    pub name: String,
    pub now: Status,
    pub next: Status,
    /// 「モデル終了→伴走支援」, 「モデル継続」, 「伴走支援継続」, 「未実施」.
    pub change: &'static str,
}

/// The figures of the year-end report.
#[derive(Clone, Debug)]
pub struct YearEnd {
    pub fiscal_year: i32,
    /// Districts with a 本部 function (model + support).
    pub honbu: u32,
    pub staff_coordinators: u32,
    pub resident_coordinators: u32,
    pub other_coordinators: u32,
    /// Schools in model and support districts, when the districts table lists them.
    pub schools: Vec<String>,
    /// Whether any input names schools at all: without, the number is not known (「－（未把握）」).
    pub schools_known: bool,
    /// Sessions held (on or before 基準日) and planned (after it).
    pub sessions: u32,
    pub planned_sessions: u32,
    /// Attendees of the held sessions.
    pub attendees: u32,
    pub coordinators_met: u32,
    pub coordinators_not_met: Vec<(String, String)>,
    pub next: Vec<NextYear>,
    /// Next year's districts, each counted once: model districts that finish this year and
    /// become support next year; model districts that go on; support districts that go on;
    /// new model districts the district list already names for next year.
    pub finishing: Vec<String>,
    pub continuing_model: u32,
    pub continuing_support: u32,
    pub named_new: Vec<String>,
    /// The plan's new districts a year (config `model.new_per_year`).
    pub new_per_year: u32,
    /// The plan's new districts not named yet: new_per_year − named, not below 0.
    pub new_needed: u32,
    /// Districts with an allocation next year: all of the above.
    pub districts_next: u32,
    /// unit × districts_next.
    pub budget_next: i64,
    pub unit: i64,
    /// Fiscal year → districts in the programme by then (cumulative), since the first start.
    pub in_programme: BTreeMap<i32, u32>,
    /// Fiscal year → new model districts that year.
    pub new_by_year: BTreeMap<i32, u32>,
    pub all_districts: u32,
    /// The fiscal year every district is reached at the current pace (None when no pace).
    pub whole_city_year: Option<i32>,
}
