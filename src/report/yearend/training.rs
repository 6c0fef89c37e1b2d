//! 年度末報告's trainings: the year's figures (with the previous year's), every session, and
//! the coordinators short of training by name on a sheet of its own, marked 取扱注意（内部用）.

use super::{setup, HR};
use crate::analysis::{Analysis, YearEnd};
use crate::calendar::{fy_label, wareki};
use crate::report::page::{Page, Table, BODY_ROW};
use crate::report::previous_year::PreviousYear;
use crate::report::style::Styles;
use rust_xlsxwriter::{Workbook, XlsxError};

/// 研修 and 未受講者（内部用）.
pub(super) fn sheets(
    wb: &mut Workbook,
    a: &Analysis,
    y: &YearEnd,
    previous: Option<&PreviousYear>,
    page: &Page,
    s: &Styles,
) -> Result<(), XlsxError> {
    // Trainings — the year's figures first, then every session: a session list that
    // runs past a page repeats its header over nothing but sessions.
    let ws = wb.add_worksheet();
    ws.set_name("研修")?;
    page.title_block(ws, s, "研修会の実施状況")?;
    let mut r = BODY_ROW + 1;
    let planned_label = format!("予定の研修会（{}より後）", wareki(a.as_of));
    let was = previous.map(|p| &p.figures);
    if let Some(p) = previous {
        ws.write_string_with_format(r, 4, fy_label(a.fiscal_year), &s.header)?;
        ws.write_string_with_format(r, 5, fy_label(p.fiscal_year), &s.header)?;
        r += 1;
    }
    for (label, v, before) in [
        ("研修会の回数", y.sessions, was.map(|p| p.sessions)),
        (planned_label.as_str(), y.planned_sessions, None),
        ("延べ参加者数", y.attendees, was.map(|p| p.attendees)),
        (
            "コーディネーター研修会を受講したコーディネーター",
            y.coordinators_met,
            was.map(|p| p.coordinators_met),
        ),
        (
            "受講しなかったコーディネーター",
            y.coordinators_not_met.len() as u32,
            was.map(|p| p.coordinators_not_met),
        ),
    ] {
        ws.merge_range(r, 0, r, 3, label, &s.total_label)?;
        ws.write_number_with_format(r, 4, v as f64, &s.count)?;
        if previous.is_some() {
            match before {
                Some(b) => ws.write_number_with_format(r, 5, f64::from(b), &s.count)?,
                // 予定 is as of a date: last year's close has none to compare.
                None => ws.write_string_with_format(r, 5, "－", &s.center)?,
            };
        }
        r += 1;
    }
    let sessions_header = r + 1;
    for (c, h) in ["開催日", "研修名", "種別", "会場", "参加者数"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(sessions_header, c as u16, *h, &s.header)?;
    }
    for (i, sv) in a.sessions.iter().enumerate() {
        let r = sessions_header + 1 + i as u32;
        ws.write_date_with_format(r, 0, sv.date, &s.date)?;
        ws.write_string_with_format(r, 1, &sv.name, &s.text)?;
        ws.write_string_with_format(r, 2, sv.kind.label(), &s.text)?;
        ws.write_string_with_format(r, 3, &sv.venue, &s.text)?;
        if sv.held {
            ws.write_number_with_format(r, 4, sv.attendees as f64, &s.count)?;
        } else {
            ws.write_string_with_format(r, 4, crate::report::training::PLANNED, &s.center)?;
        }
    }
    let sessions_last = sessions_header + a.sessions.len() as u32;
    for (c, w) in [(0, 20), (1, 34), (2, 24), (3, 30), (4, 11), (5, 11)] {
        ws.set_column_width(c, w)?;
    }
    setup(ws, page, sessions_header, sessions_last)?;

    // The coordinators short of training by name: a sheet of its own, marked on every page,
    // so that the report's other sheets can go out without names.
    if !y.coordinators_not_met.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("未受講者（内部用）")?;
        page.title_block(ws, s, "コーディネーター研修会 未受講者（内部用）")?;
        page.mark_every_page(ws, crate::report::internal::MARK)?;
        ws.write_string_with_format(BODY_ROW, 0, crate::report::internal::MARK, &s.section)?;
        ws.write_string_with_format(HR, 0, "氏名", &s.header)?;
        ws.write_string_with_format(HR, 1, "中学校区", &s.header)?;
        for (i, (name, district)) in y.coordinators_not_met.iter().enumerate() {
            let r = HR + 1 + i as u32;
            ws.write_string_with_format(r, 0, name, &s.text)?;
            ws.write_string_with_format(r, 1, district, &s.text)?;
        }
        ws.set_column_width(0, 24)?;
        ws.set_column_width(1, 16)?;
        let last = HR + y.coordinators_not_met.len() as u32;
        page.setup(ws, false, Some(Table::new(HR, last)))?;
        ws.set_freeze_panes(HR + 1, 0)?;
    }
    Ok(())
}
