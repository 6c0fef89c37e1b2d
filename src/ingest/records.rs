//! A table's data rows → typed records, each with the cells it came from.
//!
//! Skipped (counted by rule, no finding): blank rows, rows with nothing in the table's
//! columns, notes (first text starting with ※ or 注), total rows (合計, 計, 小計, 総計), the
//! second header row, the header repeated, and 記入例 rows still holding an example
//! (`example.rs`; a marked row typed over is data, with an info finding).
//! A required cell that is blank or unreadable → IN003 and the row is left out; an optional
//! cell that is unreadable → IN003 and the row is kept with that field empty.
//!
//! Here the row walker and its accounting; `records/row.rs` reads a row's cells (IN003 for a
//! cell that does not read), `records/kinds.rs` makes each table kind's record of a row.

mod kinds;
mod row;

use super::example;
use super::header::Table;
use super::sheet::{Row, Val};
use crate::finding::catalogue::IN003;
use crate::finding::{Finding, Severity};
use crate::model::SkipRule;
use crate::model::{Dataset, SourceRef};
use crate::schema::Kind;
use kinds::session_from_meta;
use row::RowReader;
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
