//! Typed records read from the office's tables, each with the cell it came from.
//!
//! Ingest fills a [`Dataset`]; the rules only read it. Names here are already normalised
//! for display (districts in their short form 「光陽」, people as the roster spells them);
//! match keys come from `ingest::value::person_key` / `district_key`.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Where a value came from: file (as shown to the clerk), sheet and 0-based row/column.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceRef {
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    pub row: u32,
    pub col: u16,
}

impl SourceRef {
    pub fn new(file: &Arc<str>, sheet: &Arc<str>, row: u32, col: u16) -> Self {
        SourceRef {
            file: Arc::clone(file),
            sheet: Arc::clone(sheet),
            row,
            col,
        }
    }

    /// The same row, another column.
    pub fn at_col(&self, col: u16) -> SourceRef {
        SourceRef {
            col,
            ..self.clone()
        }
    }

    /// The A1 reference of the cell, e.g. `B7`.
    pub fn a1(&self) -> String {
        a1(self.row, self.col)
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}!{}", self.file, self.sheet, self.a1())
    }
}

/// A1 reference for a 0-based row and column.
pub fn a1(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

/// A district's standing in a fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// モデル地域
    Model,
    /// 伴走支援地域
    Support,
    /// 未実施
    None,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Model => "モデル地域",
            Status::Support => "伴走支援地域",
            Status::None => "未実施",
        }
    }
    /// The word summary.json uses.
    pub fn key(self) -> &'static str {
        match self {
            Status::Model => "model",
            Status::Support => "support",
            Status::None => "none",
        }
    }
}

/// A coordinator's 区分.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 社会教育課職員 (社会教育部職員)
    Staff,
    /// 地域の方
    Resident,
    /// 統括コーディネーター
    General,
    /// チーフコーディネーター
    Chief,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Staff => "社会教育課職員",
            Role::Resident => "地域の方",
            Role::General => "統括コーディネーター",
            Role::Chief => "チーフコーディネーター",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Resident => "resident",
            Role::General => "general",
            Role::Chief => "chief",
        }
    }
}

/// The two kinds of training the seed names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TrainingKind {
    /// 地域学校協働活動研修会 (for residents at large)
    Community,
    /// コーディネーター研修会
    Coordinator,
    /// Anything else the office lists.
    Other,
}

impl TrainingKind {
    pub fn label(self) -> &'static str {
        match self {
            TrainingKind::Community => "地域学校協働活動研修会",
            TrainingKind::Coordinator => "コーディネーター研修会",
            TrainingKind::Other => "その他",
        }
    }
}

/// MEXT's activity categories (分類), in the national survey's order.
pub const ACTIVITY_CATEGORIES: &[&str] = &[
    "学校支援",
    "放課後・土曜学習支援",
    "家庭教育支援",
    "地域活動",
];

/// One row of 中学校区一覧.
#[derive(Clone, Debug)]
pub struct District {
    /// Short form, e.g. 「光陽」.
    pub name: String,
    /// 区分 as written, if any.
    pub stated: Option<Status>,
    /// First and last fiscal year (western year of April) of the model period.
    pub model_start: Option<i32>,
    pub model_end: Option<i32>,
    /// Schools in the district, if the table lists them (学校 / 学校名 column).
    pub schools: Vec<String>,
    pub note: String,
    /// The 中学校区 cell.
    pub src: SourceRef,
    /// The 区分 cell (or the name cell when absent).
    pub stated_at: SourceRef,
    /// The モデル期間 / 開始年度 cell (or the name cell when absent).
    pub period_at: SourceRef,
}

/// One row of コーディネーター名簿.
#[derive(Clone, Debug)]
pub struct Coordinator {
    /// As the roster spells it.
    pub name: String,
    pub district: String,
    pub role: Role,
    /// 所属・役職, split into single affiliations.
    pub affiliations: Vec<String>,
    pub appointed: Option<NaiveDate>,
    pub retired: Option<NaiveDate>,
    pub contact: String,
    /// The 氏名 cell.
    pub src: SourceRef,
    /// The 中学校区 cell.
    pub district_at: SourceRef,
}

/// One row of サポーター名簿.
#[derive(Clone, Debug)]
pub struct Supporter {
    pub name: String,
    pub district: String,
    pub activity: String,
    /// ボランティア保険: yes / no / not stated.
    pub insured: Option<bool>,
    pub insured_on: Option<NaiveDate>,
    pub contact: String,
    pub src: SourceRef,
    pub district_at: SourceRef,
    /// The 保険 cell (or the name cell when absent).
    pub insurance_at: SourceRef,
}

/// One row of 地域人材・資源リスト.
#[derive(Clone, Debug)]
pub struct Resource {
    pub name: String,
    pub offer: String,
    pub kind: String,
    /// District short forms; empty with `citywide` for 全市.
    pub districts: Vec<String>,
    pub citywide: bool,
    pub contact: String,
    pub registered: Option<NaiveDate>,
    pub src: SourceRef,
}

/// One row of 研修会一覧.
#[derive(Clone, Debug)]
pub struct Training {
    pub name: String,
    pub date: NaiveDate,
    pub kind: TrainingKind,
    pub venue: String,
    pub lecturer: String,
    pub src: SourceRef,
}

/// One person at one session, from any of the three attendance shapes.
#[derive(Clone, Debug)]
pub struct Attendance {
    pub name: String,
    pub session_date: Option<NaiveDate>,
    /// Shared by the rows of a sheet that name the same session (thousands of rows each).
    pub session_name: Option<Arc<str>>,
    /// Short form; shared like the session name.
    pub district: Option<Arc<str>>,
    /// 出欠: yes / no / not stated (a long row without 出欠 counts as present).
    pub present: Option<bool>,
    /// The 氏名 cell (long) or the mark cell (matrix).
    pub src: SourceRef,
    /// Where the session was named when not in the row itself, in `src`'s sheet (0-based row,
    /// column): a matrix column's header cell, a per-session sheet's 開催日/研修名 line.
    pub session_at: Option<(u32, u16)>,
}

impl Attendance {
    /// The cell that names the session: the header or metadata cell, else the row's own.
    pub fn session_src(&self) -> SourceRef {
        match self.session_at {
            Some((row, col)) => SourceRef {
                row,
                col,
                ..self.src.clone()
            },
            None => self.src.clone(),
        }
    }
}

/// One row of 支出簿.
#[derive(Clone, Debug)]
pub struct Expense {
    pub paid_on: NaiveDate,
    pub district: String,
    pub category: String,
    pub amount: i64,
    pub payee: String,
    pub memo: String,
    /// 会計年度 column, as the western year of April.
    pub fiscal_year: Option<i32>,
    pub activity_date: Option<NaiveDate>,
    /// The 支出日 cell.
    pub src: SourceRef,
    pub district_at: SourceRef,
    pub category_at: SourceRef,
    pub amount_at: SourceRef,
}

/// One row of 活動記録.
#[derive(Clone, Debug)]
pub struct Activity {
    pub date: NaiveDate,
    pub district: String,
    pub name: String,
    pub category: String,
    /// Supporters named, as written (split).
    pub supporters: Vec<String>,
    pub children: Option<u32>,
    pub src: SourceRef,
    pub district_at: SourceRef,
    pub supporters_at: SourceRef,
}

/// Everything read from the inputs.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub districts: Vec<District>,
    pub coordinators: Vec<Coordinator>,
    pub supporters: Vec<Supporter>,
    pub resources: Vec<Resource>,
    pub trainings: Vec<Training>,
    pub attendance: Vec<Attendance>,
    pub expenses: Vec<Expense>,
    pub activities: Vec<Activity>,
}

impl Dataset {
    /// Appends another file's records (files are read independently, then merged in order).
    pub fn extend(&mut self, other: Dataset) {
        self.districts.extend(other.districts);
        self.coordinators.extend(other.coordinators);
        self.supporters.extend(other.supporters);
        self.resources.extend(other.resources);
        self.trainings.extend(other.trainings);
        self.attendance.extend(other.attendance);
        self.expenses.extend(other.expenses);
        self.activities.extend(other.activities);
    }

    /// Gives back the room the merge left over: each table grew by doubling, so up to half
    /// of what it holds (at 10,000 districts, over a hundred MiB of attendance alone) is
    /// empty while the rules run beside it.
    pub fn shrink_to_fit(&mut self) {
        self.districts.shrink_to_fit();
        self.coordinators.shrink_to_fit();
        self.supporters.shrink_to_fit();
        self.resources.shrink_to_fit();
        self.trainings.shrink_to_fit();
        self.attendance.shrink_to_fit();
        self.expenses.shrink_to_fit();
        self.activities.shrink_to_fit();
    }
}

/// What kyodo made of one table (or one sheet without a table) of one file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct InventoryEntry {
    pub file: String,
    pub sha256: String,
    pub sheet: String,
    /// Table kind (`districts`, `coordinators`, …) or None when nothing was taken.
    pub kind: Option<String>,
    /// Why nothing was taken, or why the file was skipped; empty otherwise.
    pub note: String,
    /// Header row (1-based) of the table, 0 when none.
    pub header_row: u32,
    /// Rows read: every row from below the header to the table's last row, blank ones
    /// inside it included. Always `used + rejected + Σ skipped`.
    pub rows: u32,
    /// Rows that became records and count.
    pub used: u32,
    /// Rows left out with a finding (a required cell blank or unreadable, a missing column,
    /// an expense of another year).
    pub rejected: u32,
    /// Rows left out by a named rule, with how many each.
    pub skipped: BTreeMap<SkipRule, u32>,
    pub unused_columns: Vec<String>,
}

impl InventoryEntry {
    /// Rows skipped by any rule.
    pub fn rows_skipped(&self) -> u32 {
        self.skipped.values().sum()
    }

    /// Counts one more row skipped by `rule`.
    pub fn skip(&mut self, rule: SkipRule) {
        *self.skipped.entry(rule).or_default() += 1;
    }

    /// The skip rules as the inventory prints them: 「空行 2、合計行 1」.
    pub fn skipped_label(&self) -> String {
        self.skipped
            .iter()
            .map(|(r, n)| format!("{} {n}", r.label()))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// A named rule by which a row of a table is left out without a finding (spec §2, §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipRule {
    /// No value at all (a blank row inside the table).
    Blank,
    /// Values only beside the table (in columns it does not use) or only zeros (a template's
    /// formulas over an empty row).
    NoTableValue,
    /// The first text starts with ※ or 注.
    Note,
    /// 合計, 計, 小計, 総計.
    Total,
    /// A 記入例 row still holding the example.
    Example,
    /// The second line of a two-line header.
    SecondHeaderRow,
    /// The header repeated further down (a print layout repeating it on every page).
    RepeatedHeader,
    /// An expense paid in the 出納整理期間 (April–May) for the previous year's activity.
    PreviousYearSettlement,
    /// An expense in a ledger whose rows all belong to another fiscal year.
    OtherYearLedger,
}

impl SkipRule {
    /// The rule's name as the inventory prints it.
    pub fn label(self) -> &'static str {
        match self {
            SkipRule::Blank => "空行",
            SkipRule::NoTableValue => "表の列に値なし（欄外の書き込み・0のみ）",
            SkipRule::Note => "注記（※・注）",
            SkipRule::Total => "合計行",
            SkipRule::Example => "記入例",
            SkipRule::SecondHeaderRow => "見出しの2行目",
            SkipRule::RepeatedHeader => "見出しの繰り返し",
            SkipRule::PreviousYearSettlement => "前年度分（出納整理期間の支払）",
            SkipRule::OtherYearLedger => "他年度の支出簿",
        }
    }
}

/// What the rules decided about a record's row after reading (row accounting, spec §2):
/// the inventory moves it from used to rejected or to a skip rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RowFate {
    pub src: SourceRef,
    pub fate: Fate,
    /// A note for the table's inventory line (said once per table).
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fate {
    /// Left out with a finding.
    Rejected,
    Skipped(SkipRule),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 1), "B7");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }
}
