//! 研修出席状況's 出席者一覧: who attended each held session (the 統括本部 asks after every
//! 研修会), a printed page per session, continued on 「出席者一覧 (2)」… past a sheet's rows.

use super::{role_rank, ATTENDEES_SHEET, HEADER_ROW};
use crate::analysis::{Analysis, AttendeeView};
use crate::report::page::{Page, Table};
use crate::report::style::{Styles, Widths};
use crate::report::{district_rank, is_held, DistrictLabels};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// Data rows a sheet of the attendee list holds before it continues on the next sheet
/// (Excel's 1,048,576 rows, less the title block and header).
const ROWS_PER_SHEET: usize = 1_048_576 - HEADER_ROW as usize - 1;

/// The attendee list: one sheet, or as many as its rows need.
pub(super) fn attendees_sheets(
    wb: &mut Workbook,
    a: &Analysis,
    page: &Page,
    st: &Styles,
) -> Result<(), XlsxError> {
    let rows = attendee_rows(a);
    let chunks: Vec<&[(usize, &AttendeeView)]> = if rows.is_empty() {
        vec![&[]]
    } else {
        rows.chunks(ROWS_PER_SHEET).collect()
    };
    for (i, chunk) in chunks.iter().enumerate() {
        // Constant-memory mode: a row goes to a temporary file once the next begins (the list
        // has a row per attendance: 1.8 million at 10,000 districts). Rows are written in order.
        let ws = wb.add_worksheet_with_constant_memory()?;
        if i == 0 {
            ws.set_name(ATTENDEES_SHEET)?;
        } else {
            ws.set_name(format!("{ATTENDEES_SHEET} ({})", i + 1))?;
        }
        attendees_sheet(ws, a, page, st, chunk)?;
    }
    Ok(())
}

/// Attendees of the held sessions, each with its session's index: per session (date order),
/// 統括・チーフ first, then by role, district (report order) and the attendance rows' order.
fn attendee_rows(a: &Analysis) -> Vec<(usize, &AttendeeView)> {
    let rank = district_rank(a);
    let mut v = Vec::new();
    for (i, s) in a.sessions.iter().enumerate() {
        if !is_held(a, s) {
            continue;
        }
        let mut people: Vec<&AttendeeView> = s.attendance.iter().collect();
        people.sort_by_key(|x| {
            (
                role_rank(x.role),
                rank.get(&x.district).copied().unwrap_or(usize::MAX),
            )
        });
        v.extend(people.into_iter().map(|x| (i, x)));
    }
    v
}

fn attendees_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    page: &Page,
    st: &Styles,
    rows: &[(usize, &AttendeeView)],
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    page.title_block(ws, st, "研修会 出席者一覧")?;
    let heads = ["開催日", "研修名", "区分", "中学校区", "氏名"];
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *h, &st.header)?;
        w.fit(i as u16, h);
    }
    let first = HEADER_ROW + 1;
    let mut row = first;
    let mut breaks = Vec::new();
    let mut current = None;
    let labels = DistrictLabels::new(a);
    for (i, x) in rows {
        let s = &a.sessions[*i];
        if current.is_some_and(|c| c != *i) {
            // A page per session: the list handed round after each 研修会.
            breaks.push(row);
        }
        current = Some(*i);
        let district = labels.label(&x.district);
        ws.write_date_with_format(row, 0, s.date, &st.date)?;
        ws.write_string_with_format(row, 1, &s.name, &st.text)?;
        ws.write_string_with_format(row, 2, x.role, &st.text)?;
        ws.write_string_with_format(row, 3, &district, &st.text)?;
        ws.write_string_with_format(row, 4, &x.name, &st.text)?;
        w.fit(1, &s.name);
        w.fit(2, x.role);
        w.fit(3, &district);
        w.fit(4, &x.name);
        row += 1;
    }
    if rows.is_empty() {
        ws.write_string_with_format(first, 0, "実施済みの研修会の出席はまだありません", &st.note)?;
    }
    w.fit(0, "令和10年12月31日");
    let last = row.saturating_sub(1).max(first);
    w.apply(ws)?;
    ws.set_freeze_panes(first, 0)?;
    ws.autofilter(HEADER_ROW, 0, last, 4)?;
    // Excel holds at most 1,023 manual page breaks a sheet.
    if !breaks.is_empty() && breaks.len() <= 1023 {
        ws.set_page_breaks(&breaks)?;
    }
    page.setup(
        ws,
        false,
        Some(Table {
            header: (HEADER_ROW, HEADER_ROW),
            last,
        }),
    )?;
    if !breaks.is_empty() {
        // Every session's page opens with the title block and the header.
        ws.set_repeat_rows(0, HEADER_ROW)?;
    }
    Ok(())
}
