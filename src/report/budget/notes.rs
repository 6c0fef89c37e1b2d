//! The notes under 予算配当表's table: the seed's own 「R7予算配当 …（9中学校区×2万円）」
//! computed from the figures, the planned additions, a budget that differs from the
//! allocations (BU005), what the colours and marks mean, and where the detail is.

use super::{excluded_legend, over_budget_legend};
use super::{Line, DETAIL_SHEET, NO_ALLOCATION, SINCE};
use crate::analysis::Analysis;
use crate::calendar::fy_label;
use crate::report::style::{thousands, Styles};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Writes the notes from two rows below the 合計 row `total_row`; returns the last note's
/// row. `excluded`: per 費目 column, whether the allocation may not pay it.
pub(super) fn write(
    ws: &mut Worksheet,
    a: &Analysis,
    st: &Styles,
    total_row: u32,
    lines: &[Line],
    excluded: &[bool],
) -> Result<u32, XlsxError> {
    // The seed's own note, computed from the figures.
    let mut note_row = total_row + 2;
    let b = &a.budget;
    let districts = b.allocated_districts + b.planned_additions;
    let note = format!(
        "※{}予算配当 {}円（{}中学校区×{}円）",
        fy_label(a.fiscal_year),
        thousands(b.total),
        districts,
        thousands(b.unit)
    );
    ws.write_string_with_format(note_row, 0, &note, &st.note)?;
    if b.planned_additions > 0 {
        note_row += 1;
        ws.write_string_with_format(
            note_row,
            0,
            format!(
                "※うち{}地域は年度途中に追加予定のモデル地域（{}円）",
                b.planned_additions,
                thousands(b.unit * i64::from(b.planned_additions))
            ),
            &st.note,
        )?;
    }
    if let Some(conf) = b.configured_total {
        if conf != b.total {
            note_row += 1;
            ws.write_string_with_format(
                note_row,
                0,
                format!(
                    "※設定の予算額 {}円と配当総額 {}円が一致しません（BU005）",
                    thousands(conf),
                    thousands(b.total)
                ),
                &st.note,
            )?;
        }
    }
    note_row += 1;
    ws.write_string_with_format(note_row, 0, over_budget_legend(a), &st.note)?;
    if excluded.iter().any(|x| *x) {
        note_row += 1;
        ws.write_string_with_format(note_row, 0, excluded_legend(), &st.note)?;
    }
    if lines.iter().any(|l| {
        matches!(l, Line::District(d) if d.allocation == 0) || matches!(l, Line::Unlisted(_))
    }) {
        note_row += 1;
        ws.write_string_with_format(
            note_row,
            0,
            format!("※区分が「{NO_ALLOCATION}」の行は、配当のない中学校区への支出です（BU001・CO001）。"),
            &st.note,
        )?;
    }
    if let Some(c) = &a.changes {
        let prev = chrono::NaiveDate::parse_from_str(&c.previous_as_of, "%Y-%m-%d")
            .map(crate::calendar::wareki)
            .unwrap_or_else(|_| c.previous_as_of.clone());
        note_row += 1;
        ws.write_string_with_format(
            note_row,
            0,
            format!("※{SINCE}は、前回（{prev}現在）の予算配当表からの支出の増減です。"),
            &st.note,
        )?;
    }
    ws.write_string_with_format(
        note_row + 1,
        0,
        format!(
            "※支出の一件ごとの明細（入力ファイルとセル）は「{DETAIL_SHEET}」シートにあります。"
        ),
        &st.note,
    )?;
    note_row += 1;
    Ok(note_row)
}
