//! `kyodo year-end`: the year's totals, the training record, the national survey's figures
//! and the plan for next year, as 年度末報告.xlsx.
//!
//! The figures are computed first (`YearEnd::from_analysis` in `rules/yearend.rs`, pure and
//! tested) and then written here; the workbook prints only what the struct holds. Each sheet
//! has its room: `yearend/districts.rs` (地域別実績, 地域別活動), `training.rs` (研修,
//! 未受講者（内部用）), `survey.rs` (実施状況調査), `next_year.rs` (次年度計画); 前年度比較
//! is `previous_year.rs`'s.

mod districts;
mod next_year;
mod survey;
mod training;

use super::page::{Page, Table, BODY_ROW};
use super::previous_year::PreviousYear;
use super::style::Styles;
use crate::analysis::{Analysis, YearEnd};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// A figure kyodo cannot know from the inputs.
pub const UNKNOWN: &str = "－（未把握）";

/// summary.json of `year-end`: the monthly run's keys (spec §4) and `year_end`, the figures
/// the next year's report sets in its 前年度 columns.
pub fn summary_json(a: &Analysis, y: &YearEnd) -> Result<Vec<u8>, String> {
    #[derive(serde::Serialize)]
    struct YearEndSummary {
        #[serde(flatten)]
        summary: super::Summary,
        year_end: super::previous_year::YearEndFigures,
    }
    let v = YearEndSummary {
        summary: super::Summary::of(a),
        year_end: super::previous_year::YearEndFigures::of(y),
    };
    let mut bytes = serde_json::to_vec_pretty(&v).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Header row of every year-end sheet (Excel row 5): below the title block and the unit.
const HR: u32 = BODY_ROW + 1;

/// The year-end sheets' layout: frozen header and print setup, as every report; the header
/// repeats on printed pages only when the table `header_row..=last` runs past the first.
fn setup(ws: &mut Worksheet, page: &Page, header_row: u32, last: u32) -> Result<(), XlsxError> {
    page.setup(ws, true, Some(Table::new(header_row, last)))?;
    ws.set_freeze_panes(header_row + 1, 1)?;
    Ok(())
}

/// Writes 年度末報告.xlsx into bytes; with the previous year's figures (`previous`), a
/// 前年度 column beside each of this year's figures and the sheet 前年度比較.
pub fn workbook_bytes(
    a: &Analysis,
    y: &YearEnd,
    previous: Option<&PreviousYear>,
) -> Result<Vec<u8>, XlsxError> {
    let s = Styles::new();
    let page = Page::of(a);
    let mut wb = page.workbook("年度末報告")?;

    districts::sheets(&mut wb, a, &page, &s)?;
    training::sheets(&mut wb, a, y, previous, &page, &s)?;
    survey::sheet(&mut wb, a, y, previous, &page, &s)?;
    next_year::sheet(&mut wb, a, y, &page, &s)?;
    if let Some(p) = previous {
        super::previous_year::comparison_sheet(&mut wb, a, p, &s)?;
    }
    wb.save_to_buffer()
}
