//! 研修出席状況.xlsx, for the 統括本部, readable on A4, a file per sheet in `training/`:
//! - 研修会別 (`sessions.rs`): per session, held or 予定, its date, kind, venue and attendees
//!   by role (統括・チーフ first), and its chart;
//! - 中学校区別 (`by_district.rs`): attendees per district (rows) and session (columns) —
//!   districts as rows, so that the sheet stays readable however many districts the city has;
//!   a district not in the list is counted as 不明（要確認）, never as a district;
//! - 出席者一覧 (`attendees.rs`): who attended each held session (the 統括本部 asks after
//!   every 研修会), a page per session;
//! - コーディネーター別 (`coordinators.rs`): per coordinator the コーディネーター研修会
//!   attended and the compliance state, with counts per district.
//!
//! Here: the builder, the sheet names and the pieces the sheets share (role order, session
//! headers, column groups).

mod attendees;
mod by_district;
mod coordinators;
mod sessions;

use super::is_held;
use super::page::{Page, BODY_ROW};
use super::style::{fit_row_height, Styles};
use crate::analysis::{Analysis, SessionView};
use crate::model::Role;
use attendees::attendees_sheets;
use by_district::by_district_sheet;
use chrono::Datelike;
pub(super) use coordinators::coordinators_in_order;
use coordinators::coordinators_sheet;
use rust_xlsxwriter::{Worksheet, XlsxError};
use sessions::sessions_sheet;

pub const SESSIONS_SHEET: &str = "研修会別";
pub const BY_DISTRICT_SHEET: &str = "中学校区別";
pub const ATTENDEES_SHEET: &str = "出席者一覧";
pub const COORDINATORS_SHEET: &str = "コーディネーター別";
/// 0-based header row of every sheet; the row above holds the column groups.
pub const HEADER_ROW: u32 = BODY_ROW + 1;
/// What a session after the as-of date shows (spec §3).
pub const PLANNED: &str = "予定";
pub const HELD: &str = "実施済";
/// Width of a session column (character units): its name wraps onto a few lines.
const SESSION_WIDTH: f64 = 14.0;

/// Builds the workbook; the bytes depend on the Analysis only.
pub fn build(a: &Analysis) -> Result<Vec<u8>, XlsxError> {
    let page = Page::of(a);
    let mut wb = page.workbook("研修出席状況")?;
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(SESSIONS_SHEET)?;
    sessions_sheet(ws, a, &page, &st)?;
    let ws = wb.add_worksheet();
    ws.set_name(BY_DISTRICT_SHEET)?;
    by_district_sheet(ws, a, &page, &st)?;
    attendees_sheets(&mut wb, a, &page, &st)?;
    coordinators_sheet(&mut wb, a, &page, &st)?;
    wb.save_to_buffer()
}

/// Rank of a role label: 統括・チーフ first (the 統括本部 reads them first), then the
/// district coordinators, then everyone else.
fn role_rank(label: &str) -> usize {
    [
        Role::General.label(),
        Role::Chief.label(),
        Role::Staff.label(),
        Role::Resident.label(),
        "サポーター",
        "その他",
    ]
    .iter()
    .position(|r| *r == label)
    .unwrap_or(usize::MAX)
}

/// The session's date and name as a column header, 予定 marked.
fn session_header(a: &Analysis, s: &SessionView) -> String {
    let mark = if is_held(a, s) { "" } else { "\n（予定）" };
    format!("{}月{}日\n{}{mark}", s.date.month(), s.date.day(), s.name)
}

/// Sets the header row's height to show every line of its wrapped labels.
fn fit_header(ws: &mut Worksheet, row: u32, cells: &[(String, f64)]) -> Result<(), XlsxError> {
    let cells: Vec<(&str, f64)> = cells.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    fit_row_height(ws, row, &cells)
}

/// A merged group label over columns `c0..=c1` on the row above the header.
fn group(ws: &mut Worksheet, st: &Styles, c0: u16, c1: u16, label: &str) -> Result<(), XlsxError> {
    if c1 > c0 {
        ws.merge_range(HEADER_ROW - 1, c0, HEADER_ROW - 1, c1, label, &st.group)?;
    } else {
        ws.write_string_with_format(HEADER_ROW - 1, c0, label, &st.group)?;
    }
    Ok(())
}
