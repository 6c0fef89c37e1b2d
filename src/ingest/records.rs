//! A table's data rows → typed records, each with the cells it came from.
//!
//! Skipped (counted by rule, no finding): blank rows, rows with nothing in the table's
//! columns, notes (first text starting with ※ or 注), total rows (合計, 計, 小計, 総計), the
//! second header row, the header repeated, and 記入例 rows still holding an example
//! (`example.rs`; a marked row typed over is data, with an info finding).
//! A required cell that is blank or unreadable → IN003 and the row is left out; an optional
//! cell that is unreadable → IN003 and the row is kept with that field empty.

use super::example;
use super::header::{Table, SESSION_DATE_KEYS, SESSION_NAME_KEYS};
use super::sheet::{Row, Val};
use super::value::{parse_role, parse_status, split_multi, training_kind};
use crate::calendar::{parse_fiscal_range, parse_fiscal_year};
use crate::finding::catalogue::IN003;
use crate::finding::{Finding, Severity};
use crate::model::SkipRule;
use crate::model::{
    Activity, Attendance, Coordinator, Dataset, District, Expense, Resource, SourceRef, Supporter,
    Training,
};
use crate::names::district_name;
use crate::schema::Kind;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where the rows come from and what the values mean.
pub struct Ctx<'a> {
    pub file: &'a Arc<str>,
    pub sheet: &'a Arc<str>,
    pub fy: i32,
    pub is_1904: bool,
}

/// A table's row accounting: rows used, rejected with a finding, skipped by rule.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub used: u32,
    pub rejected: u32,
    pub skipped: BTreeMap<SkipRule, u32>,
}

impl Counts {
    fn skip(&mut self, rule: SkipRule, n: u32) {
        if n > 0 {
            *self.skipped.entry(rule).or_default() += n;
        }
    }

    /// Rows read: used + rejected + skipped.
    pub fn rows(&self) -> u32 {
        self.used + self.rejected + self.skipped.values().sum::<u32>()
    }
}

/// What one row of a table is.
enum RowClass<'r> {
    Data(&'r Row),
    Skipped(SkipRule, u32),
    /// A row marked 記入例 (the mark's column): an example, or data typed over one.
    Marked(&'r Row, u16),
}

/// Walks a table's rows: blank rows inside it (not trailing ones), rows with nothing in its
/// columns, and the rows skipped by a rule are counted; `data` gets every other row.
fn walk_rows<'r>(rows: &'r [Row], t: &Table, mut each: impl FnMut(RowClass<'r>)) {
    let mut prev_idx = t.last_header_row();
    let mut pending = (0u32, 0u32); // blank, no value in the table's columns
    for row in &rows[t.rows.clone()] {
        pending.0 += row.idx.saturating_sub(prev_idx.saturating_add(1));
        prev_idx = row.idx;
        if !touches_table(row, t) {
            pending.1 += 1;
            continue;
        }
        each(RowClass::Skipped(SkipRule::Blank, pending.0));
        each(RowClass::Skipped(SkipRule::NoTableValue, pending.1));
        pending = (0, 0);
        let rule = if t.is_sub_header(row) {
            Some(SkipRule::SecondHeaderRow)
        } else if t.repeats_header(row) {
            Some(SkipRule::RepeatedHeader)
        } else {
            skip_rule(row)
        };
        let mark = match rule {
            Some(SkipRule::Note | SkipRule::SecondHeaderRow | SkipRule::RepeatedHeader) => None,
            _ => example::mark_col(row),
        };
        match (mark, rule) {
            (Some(c), _) => each(RowClass::Marked(row, c)),
            (None, Some(rule)) => each(RowClass::Skipped(rule, 1)),
            (None, None) => each(RowClass::Data(row)),
        }
    }
}

/// The accounting of a table that is not read (IN002): every data row is rejected.
pub fn count_unread(rows: &[Row], t: &Table, ctx: &Ctx<'_>) -> Counts {
    let mut counts = Counts::default();
    walk_rows(rows, t, |c| match c {
        RowClass::Skipped(rule, n) => counts.skip(rule, n),
        RowClass::Marked(row, mark) if example::is_example(row, t, mark, ctx.fy, ctx.is_1904) => {
            counts.skip(SkipRule::Example, 1)
        }
        RowClass::Data(_) | RowClass::Marked(..) => counts.rejected += 1,
    });
    counts
}

/// Reads the data rows of one table into `data`; bad cells become findings.
pub fn read_table(
    rows: &[Row],
    t: &Table,
    ctx: &Ctx<'_>,
    data: &mut Dataset,
    findings: &mut Vec<Finding>,
) -> Counts {
    let mut counts = Counts::default();
    let session = session_from_meta(t, ctx, findings);
    let mut texts = rustc_hash::FxHashSet::default();
    walk_rows(rows, t, |c| {
        let row = match c {
            RowClass::Skipped(rule, n) => return counts.skip(rule, n),
            RowClass::Data(row) => row,
            RowClass::Marked(row, mark) => {
                if example::is_example(row, t, mark, ctx.fy, ctx.is_1904) {
                    return counts.skip(SkipRule::Example, 1);
                }
                findings.push(typed_over(row, t, mark, ctx));
                row
            }
        };
        let mut r = RowReader {
            row,
            t,
            ctx,
            findings: &mut *findings,
            texts: &mut texts,
            ok: true,
        };
        let used = match t.kind {
            Kind::Districts => r.district().map(|x| data.districts.push(x)),
            Kind::Coordinators => r.coordinator().map(|x| data.coordinators.push(x)),
            Kind::Supporters => r.supporter().map(|x| data.supporters.push(x)),
            Kind::Resources => r.resource().map(|x| data.resources.push(x)),
            Kind::Trainings => r.training().map(|x| data.trainings.push(x)),
            Kind::Attendance if t.is_matrix() => {
                r.matrix(&mut data.attendance);
                r.ok.then_some(())
            }
            Kind::Attendance => r.attendance(&session).map(|x| data.attendance.push(x)),
            Kind::Expenses => r.expense().map(|x| data.expenses.push(x)),
            Kind::Activities => r.activity().map(|x| data.activities.push(x)),
        }
        .is_some();
        if used {
            counts.used += 1;
        } else {
            counts.rejected += 1;
        }
    });
    counts
}

/// Whether a row holds a value in one of the table's columns (others are notes beside it).
/// A 0 alone is a template's formula over an empty row (=SUM(...), =IF(...)), not data.
fn touches_table(row: &Row, t: &Table) -> bool {
    row.cells.iter().any(|(c, v)| t.uses_col(*c) && !is_zero(v))
}

fn is_zero(v: &Val) -> bool {
    match v {
        Val::Num(f) => *f == 0.0,
        Val::Text(s) => matches!(s.trim(), "0" | "¥0" | "￥0" | "0円" | "-"),
        _ => false,
    }
}

/// A row marked 記入例 that is data: IN003 (info) on the mark, so the clerk clears it.
fn typed_over(row: &Row, t: &Table, mark: u16, ctx: &Ctx<'_>) -> Finding {
    let src = SourceRef::new(ctx.file, ctx.sheet, row.idx, mark);
    // The row's values, hashed: the same row is the same finding wherever it moves.
    let values: Vec<String> = t
        .cols
        .iter()
        .filter_map(|(_, c)| row.get(*c).map(|v| v.text()))
        .collect();
    let digest = crate::numbers::hex(&<sha2::Sha256 as sha2::Digest>::digest(values.join("|")));
    IN003.at_as(Severity::Info, &src,
        format!(
            "「{}」の印がある行ですが、記入例と違う値が入っているためデータとして読みました。データなら{}の印を消し、記入例なら行ごと消してください",
            row.get(mark).map(|v| v.text()).unwrap_or_default(),
            src.a1()
        ),
    )
    .subject(format!("{}|{}|記入例|{}", ctx.file, ctx.sheet, &digest[..16]))
}

/// Notes and totals.
fn skip_rule(row: &Row) -> Option<SkipRule> {
    let first_text = row.cells.iter().find_map(|(_, v)| match v {
        Val::Text(s) => Some(s.trim()),
        _ => None,
    });
    if let Some(s) = first_text {
        let s = s.trim_start_matches(['(', '（', '【', '[']);
        if s.starts_with(['※', '注', '＊']) {
            return Some(SkipRule::Note);
        }
    }
    const MARKERS: &[&str] = &["合計", "計", "小計", "総計"];
    row.cells.iter().find_map(|(_, v)| match v {
        Val::Text(s) => {
            let n = s.trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '(' | ')' | '（' | '）' | '【' | '】' | '[' | ']')
            });
            // Short cells only, compared without their inner spaces (「合　計」); a total may
            // carry its count (「合計（3名）」, 「小計 5件」). Every marker starts with one of
            // these: other cells (nearly all) are passed over at their first character.
            let hit = n.starts_with(['合', '計', '小', '総'])
                && n.chars().count() <= 12
                && (MARKERS.iter().any(|m| eq_without_spaces(n, m))
                    || ["合計", "小計", "総計"].iter().any(|m| n.starts_with(m)));
            hit.then_some(SkipRule::Total)
        }
        _ => None,
    })
}

fn eq_without_spaces(s: &str, target: &str) -> bool {
    s.chars().filter(|c| !c.is_whitespace()).eq(target.chars())
}

/// The session a per-session sheet names in its metadata lines.
struct MetaSession {
    date: Option<NaiveDate>,
    name: Option<String>,
    /// The metadata cell naming the session: its 開催日, else its 研修名.
    at: Option<(u32, u16)>,
}

fn session_from_meta(t: &Table, ctx: &Ctx<'_>, findings: &mut Vec<Finding>) -> MetaSession {
    let mut s = MetaSession {
        date: None,
        name: None,
        at: None,
    };
    if t.kind != Kind::Attendance {
        return s;
    }
    if let Some(m) = t.meta_value(SESSION_NAME_KEYS) {
        let n = m.value.text();
        s.name = (!n.is_empty()).then_some(n);
        s.at = Some((m.row, m.col));
    }
    if let Some(m) = t.meta_value(SESSION_DATE_KEYS) {
        s.date = m.value.as_date(ctx.fy, ctx.is_1904);
        s.at = Some((m.row, m.col));
        if s.date.is_none() {
            let src = SourceRef::new(ctx.file, ctx.sheet, m.row, m.col);
            findings.push(IN003.at(
                &src,
                format!("{}「{}」を日付として読めません", m.key, m.value.text()),
            ));
        }
    }
    s
}

struct RowReader<'a, 'f> {
    row: &'a Row,
    t: &'a Table,
    ctx: &'a Ctx<'a>,
    findings: &'f mut Vec<Finding>,
    /// Text that many rows repeat (session names, districts), one copy per table.
    texts: &'f mut rustc_hash::FxHashSet<Arc<str>>,
    /// False once a required cell failed: the row is left out.
    ok: bool,
}

impl<'a> RowReader<'a, '_> {
    /// `s` as text shared with the table's other rows that hold it.
    fn shared(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.texts.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.texts.insert(a.clone());
        a
    }

    fn src(&self, col: u16) -> SourceRef {
        SourceRef::new(self.ctx.file, self.ctx.sheet, self.row.idx, col)
    }

    /// The cell of a field, or of the first field the table has, for findings.
    fn at(&self, fields: &[&str]) -> SourceRef {
        let col = fields
            .iter()
            .find_map(|f| self.t.col(f))
            .or_else(|| self.t.cols.first().map(|(_, c)| *c))
            .unwrap_or(0);
        self.src(col)
    }

    fn val(&self, field: &str) -> Option<(u16, &'a Val)> {
        let col = self.t.col(field)?;
        self.row.get(col).map(|v| (col, v))
    }

    fn text(&self, field: &str) -> String {
        self.val(field).map(|(_, v)| v.text()).unwrap_or_default()
    }

    /// [`RowReader::text`] without a copy, for text that is only looked at.
    fn text_ref(&self, field: &str) -> std::borrow::Cow<'a, str> {
        self.val(field)
            .map(|(_, v)| v.text_ref())
            .unwrap_or_default()
    }

    fn label(&self, field: &str) -> &'static str {
        self.t.kind.field_label(field)
    }

    fn bad(&mut self, col: u16, required: bool, message: String) {
        let src = self.src(col);
        self.findings.push(IN003.at(&src, message));
        if required {
            self.ok = false;
        }
    }

    /// A required text cell; blank → IN003.
    fn required(&mut self, field: &str) -> String {
        let s = self.text(field);
        if s.is_empty() {
            let col = self.t.col(field).unwrap_or(0);
            let message = format!("{}が空欄です", self.label(field));
            self.bad(col, true, message);
        }
        s
    }

    fn date(&mut self, field: &str, required: bool) -> Option<NaiveDate> {
        let Some((col, v)) = self.val(field) else {
            if required {
                self.required(field);
            }
            return None;
        };
        let d = v.as_date(self.ctx.fy, self.ctx.is_1904);
        if d.is_none() {
            let text = v.text();
            let hint = if crate::calendar::is_ambiguous_date(&text) {
                "（年が分かりません。R7.4.1 や 2025/4/1 のように書いてください）"
            } else {
                ""
            };
            let message = format!(
                "{}「{text}」を日付として読めません{hint}",
                self.label(field)
            );
            self.bad(col, required, message);
        }
        d
    }

    fn amount(&mut self, field: &str, required: bool) -> Option<i64> {
        let Some((col, v)) = self.val(field) else {
            if required {
                self.required(field);
            }
            return None;
        };
        let a = v.as_amount();
        if a.is_none() {
            let message = format!(
                "{}「{}」を金額として読めません",
                self.label(field),
                v.text()
            );
            self.bad(col, required, message);
        }
        a
    }

    /// Yes/no: blank → None; unreadable → IN003 (the row is kept, the field empty).
    fn yes_no(&mut self, field: &str) -> Option<bool> {
        let (col, v) = self.val(field)?;
        match v.as_yes_no() {
            Some(b) => b,
            None => {
                let message = format!(
                    "{}「{}」を○・×として読めません",
                    self.label(field),
                    v.text()
                );
                self.bad(col, false, message);
                None
            }
        }
    }

    fn fiscal_year(&mut self, field: &str) -> Option<i32> {
        let (col, v) = self.val(field)?;
        let y = parse_fiscal_year(&v.text());
        if y.is_none() {
            let message = format!(
                "{}「{}」を年度として読めません",
                self.label(field),
                v.text()
            );
            self.bad(col, false, message);
        }
        y
    }

    fn district(&mut self) -> Option<District> {
        let name = district_name(&self.required("district"));
        let stated = match self.val("status") {
            Some((col, v)) => {
                let s = parse_status(&v.text());
                if s.is_none() {
                    let message = format!(
                        "区分「{}」を中学校区の区分（モデル地域・伴走支援地域・未実施）として読めません",
                        v.text()
                    );
                    self.bad(col, false, message);
                }
                s
            }
            None => None,
        };
        let (model_start, model_end) = match self.val("period") {
            Some((col, v)) => match parse_fiscal_range(&v.text()) {
                Some((s, e)) => (Some(s), Some(e)),
                None => {
                    let message = format!("モデル期間「{}」を年度の範囲として読めません", v.text());
                    self.bad(col, false, message);
                    (None, None)
                }
            },
            None => (self.fiscal_year("start"), self.fiscal_year("end")),
        };
        let schools = split_multi(&self.text("schools"), &[]);
        let note = self.text("note");
        let src = self.at(&["district"]);
        let stated_at = self.at(&["status", "district"]);
        let period_at = self.at(&["period", "start", "district"]);
        self.ok.then_some(District {
            name,
            stated,
            model_start,
            model_end,
            schools,
            note,
            src,
            stated_at,
            period_at,
        })
    }

    fn coordinator(&mut self) -> Option<Coordinator> {
        let name = self.required("name");
        let role_text = self.required("role");
        let role = if role_text.is_empty() {
            None
        } else {
            let r = parse_role(&role_text);
            if r.is_none() {
                let col = self.t.col("role").unwrap_or(0);
                let message = format!(
                    "区分「{role_text}」をコーディネーターの区分（社会教育課職員・地域の方など）として読めません"
                );
                self.bad(col, true, message);
            }
            r
        };
        // The 統括・チーフ coordinators serve the whole city: no district needed.
        let citywide = matches!(
            role,
            Some(crate::model::Role::General | crate::model::Role::Chief)
        );
        let district = if citywide {
            district_name(&self.text_ref("district"))
        } else {
            district_name(&self.required("district"))
        };
        let affiliations = split_multi(&self.text("affiliation"), &["所属・役職"]);
        let appointed = self.date("appointed", false);
        let retired = self.date("retired", false);
        let contact = self.text("contact");
        let src = self.at(&["name"]);
        let district_at = self.at(&["district"]);
        let role = role?;
        self.ok.then_some(Coordinator {
            name,
            district,
            role,
            affiliations,
            appointed,
            retired,
            contact,
            src,
            district_at,
        })
    }

    fn supporter(&mut self) -> Option<Supporter> {
        let name = self.required("name");
        let district = district_name(&self.required("district"));
        let activity = self.text("activity");
        // A date in the 保険 column is the enrolment date: insured from then on.
        let dated = self.val("insured").and_then(|(_, v)| match v {
            Val::Date(d, _) => Some(*d),
            Val::Text(s) => crate::calendar::parse_date_text(s, self.ctx.fy),
            _ => None,
        });
        let insured = if dated.is_some() {
            Some(true)
        } else {
            self.yes_no("insured")
        };
        let insured_on = self.date("insured_on", false).or(dated);
        let contact = self.text("contact");
        Some(Supporter {
            name,
            district,
            activity,
            insured,
            insured_on,
            contact,
            src: self.at(&["name"]),
            district_at: self.at(&["district"]),
            insurance_at: self.at(&["insured", "insured_on", "name"]),
        })
        .filter(|_| self.ok)
    }

    fn resource(&mut self) -> Option<Resource> {
        let name = self.required("name");
        let offer = self.required("offer");
        let kind = self.text("kind");
        let target = self.text("districts");
        let citywide = target.contains("全市") || target.contains("市内全域");
        let districts = if citywide {
            Vec::new()
        } else {
            split_multi(&target, &[])
                .iter()
                .map(|d| district_name(d))
                .collect()
        };
        let contact = self.text("contact");
        let registered = self.date("registered", false);
        let src = self.at(&["name"]);
        self.ok.then_some(Resource {
            name,
            offer,
            kind,
            districts,
            citywide,
            contact,
            registered,
            src,
        })
    }

    fn training(&mut self) -> Option<Training> {
        let name = self.required("name");
        let date = self.date("date", true);
        let kind = training_kind(&self.text("kind"), &name);
        let venue = self.text("venue");
        let lecturer = self.text("lecturer");
        let src = self.at(&["name"]);
        Some(Training {
            name,
            date: date?,
            kind,
            venue,
            lecturer,
            src,
        })
        .filter(|_| self.ok)
    }

    /// A long attendance row: the session from its own cells, else the metadata lines.
    fn attendance(&mut self, meta: &MetaSession) -> Option<Attendance> {
        let name = self.required("name");
        // The date is required only when no 研修名 names the session.
        let named = !self.text_ref("session").is_empty() || meta.name.is_some();
        let date = match self.val("date") {
            Some(_) => self.date("date", !named),
            None => meta.date,
        };
        let own_name = !self.text_ref("session").is_empty();
        let session_name = match self.text_ref("session") {
            s if s.is_empty() => meta.name.as_deref().map(|n| self.shared(n)),
            s => Some(self.shared(&s)),
        };
        // The session comes from the metadata lines when the row names it in no cell.
        let from_meta = self.t.col("date").is_none() && !own_name;
        if self.ok && date.is_none() && session_name.is_none() {
            let col = self.t.col("date").or(self.t.col("session")).unwrap_or(0);
            self.bad(col, true, "開催日・研修名が空欄です".to_string());
        }
        // A list of names without 出欠 is a list of those present.
        let present = match self.t.col("present") {
            None => Some(true),
            Some(col) => match self.row.get(col) {
                None => None,
                Some(v) => match v.as_yes_no() {
                    Some(b) => b,
                    None => {
                        let message = format!("出欠「{}」を○・×として読めません", v.text());
                        self.bad(col, true, message);
                        None
                    }
                },
            },
        };
        let district = Some(district_name(&self.text_ref("district")))
            .filter(|d| !d.is_empty())
            .map(|d| self.shared(&d));
        let src = self.at(&["name"]);
        self.ok.then_some(Attendance {
            name,
            session_date: date,
            session_name,
            district,
            present,
            src,
            session_at: meta.at.filter(|_| from_meta),
        })
    }

    /// A matrix row: one record per marked session cell (blank cells say nothing).
    fn matrix(&mut self, out: &mut Vec<Attendance>) {
        let marks = self
            .t
            .sessions
            .iter()
            .filter(|(c, _)| self.row.get(*c).is_some())
            .count();
        if marks == 0 {
            return;
        }
        let name = self.required("name");
        if !self.ok {
            return;
        }
        let district = Some(district_name(&self.text_ref("district")))
            .filter(|d| !d.is_empty())
            .map(|d| self.shared(&d));
        for (col, session) in &self.t.sessions {
            let Some(v) = self.row.get(*col) else {
                continue;
            };
            match v.as_yes_no() {
                Some(Some(present)) => out.push(Attendance {
                    name: name.clone(),
                    session_date: session.date,
                    session_name: session.name.as_deref().map(|n| self.shared(n)),
                    district: district.clone(),
                    present: Some(present),
                    src: self.src(*col),
                    session_at: Some((self.t.header_row_of(*col), *col)),
                }),
                Some(None) => {}
                None => {
                    let message = format!("出欠「{}」を○・×として読めません", v.text());
                    self.bad(*col, false, message);
                }
            }
        }
    }

    fn expense(&mut self) -> Option<Expense> {
        let paid_on = self.date("paid", true);
        let district = district_name(&self.required("district"));
        let category = self.required("category");
        let amount = self.amount("amount", true);
        let payee = self.text("payee");
        let memo = self.text("memo");
        let fiscal_year = self.fiscal_year("fy");
        let activity_date = self.date("activity_date", false);
        let e = Expense {
            paid_on: paid_on?,
            district,
            category,
            amount: amount?,
            payee,
            memo,
            fiscal_year,
            activity_date,
            src: self.at(&["paid"]),
            district_at: self.at(&["district"]),
            category_at: self.at(&["category"]),
            amount_at: self.at(&["amount"]),
        };
        self.ok.then_some(e)
    }

    fn activity(&mut self) -> Option<Activity> {
        let date = self.date("date", true);
        let district = district_name(&self.required("district"));
        let name = self.required("name");
        let category = self.text("category");
        let supporters = split_multi(&self.text("supporters"), &[]);
        let children = match self.val("children") {
            None => None,
            Some((col, v)) => {
                let t = v.text();
                let n = match v {
                    Val::Num(f) => crate::numbers::amount_from_f64(*f),
                    _ => crate::numbers::parse_amount(t.trim_end_matches(['人', '名'])),
                };
                match n.and_then(|n| u32::try_from(n).ok()) {
                    Some(n) => Some(n),
                    None => {
                        self.bad(
                            col,
                            false,
                            format!("児童生徒数「{t}」を人数として読めません"),
                        );
                        None
                    }
                }
            }
        };
        let a = Activity {
            date: date?,
            district,
            name,
            category,
            supporters,
            children,
            src: self.at(&["date"]),
            district_at: self.at(&["district"]),
            supporters_at: self.at(&["supporters", "name"]),
        };
        self.ok.then_some(a)
    }
}
