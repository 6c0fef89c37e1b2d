//! 予算の状況: the year's budget figures ([`BudgetFigures`]) as a block of labelled lines,
//! written alike on 予算配当表 and 年度末報告, with a note wherever two figures differ on
//! purpose. summary.json's `budget` holds the same figures.

use super::style::{amount_text, thousands, Styles};
use crate::analysis::{percent_label, Analysis, BudgetFigures};
use crate::calendar::fy_label;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The block's title, as both workbooks print it.
pub const TITLE: &str = "予算の状況";

/// The block's lines: label and amount (None: not known, e.g. a year the config does not list).
pub fn lines(a: &Analysis) -> Vec<(String, Option<i64>)> {
    let f = &a.budget.figures;
    let mut v = vec![
        (
            format!("予算額（設定の{}予算総額）", fy_label(a.fiscal_year)),
            f.budget_total,
        ),
        (
            format!(
                "配当額（指定済み {}中学校区 × {}円）",
                f.allocated_districts,
                thousands(a.budget.unit)
            ),
            Some(f.allocated),
        ),
    ];
    if f.planned_additions > 0 {
        v.push((
            format!(
                "追加予定（まだ指定されていない {}地域）",
                f.planned_additions
            ),
            Some(f.planned),
        ));
    }
    v.push(("配当総額".to_string(), Some(f.allocation_total)));
    v.push(("執行額（支出計）".to_string(), Some(f.spent)));
    if f.unallocated_spent != 0 {
        v.push((
            "　うち配当のない中学校区への支出".to_string(),
            Some(f.unallocated_spent),
        ));
    }
    v.push(("残額（配当総額 − 執行額）".to_string(), Some(f.remaining)));
    v
}

/// Why figures that could be taken for one another differ, in the sheet's words.
pub fn notes(f: &BudgetFigures) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(b) = f.budget_total.filter(|b| *b != f.allocation_total) {
        v.push(format!(
            "※予算額 {}円と配当総額 {}円の差 {}円は、配当されていない予算です（BU005）。",
            thousands(b),
            thousands(f.allocation_total),
            amount_text(b - f.allocation_total)
        ));
    }
    if f.planned_additions > 0 {
        v.push(format!(
            "※追加予定{}地域の配当 {}円は、まだ中学校区一覧で指定されていませんが配当総額に含めています（予算配当表と同じ）。指定されないまま年度を終えれば残額に残ります。",
            f.planned_additions,
            thousands(f.planned)
        ));
    }
    if f.unallocated_spent != 0 {
        v.push(format!(
            "※執行額には配当のない中学校区への支出 {}円を含みます（BU001・CO001）。",
            thousands(f.unallocated_spent)
        ));
    }
    v
}

/// Writes the block from `row` down: the title, one line per figure (label in column A,
/// amount in `value_col`), 執行率, then the notes. Returns the first row after it.
pub fn write(
    ws: &mut Worksheet,
    a: &Analysis,
    st: &Styles,
    row: u32,
    value_col: u16,
) -> Result<u32, XlsxError> {
    let f = &a.budget.figures;
    let mut r = row;
    ws.write_string_with_format(r, 0, TITLE, &st.section)?;
    r += 1;
    // Labels without borders: they run over the empty cells up to the amount, which a
    // bordered cell would cut through.
    for (label, amount) in lines(a) {
        ws.write_string_with_format(r, 0, &label, &st.note)?;
        match amount {
            Some(x) => ws.write_number_with_format(r, value_col, x as f64, &st.yen)?,
            None => ws.write_string_with_format(r, value_col, "－（設定に記載なし）", &st.text)?,
        };
        r += 1;
    }
    ws.write_string_with_format(r, 0, "執行率（執行額 ÷ 配当総額）", &st.note)?;
    match f.ratio() {
        Some(x) => ws.write_number_with_format(r, value_col, x, &st.percent)?,
        None => ws.write_string_with_format(
            r,
            value_col,
            percent_label(f.spent, f.allocation_total),
            &st.text,
        )?,
    };
    r += 1;
    for n in notes(f) {
        ws.write_string_with_format(r, 0, &n, &st.note)?;
        r += 1;
    }
    Ok(r)
}
