//! 研修出席状況.xlsx: per session its date, kind, venue and attendees by district and role
//! (sheet 研修会別); per coordinator the coordinator-training sessions attended and the
//! compliance state, with counts per district (sheet コーディネーター別).

use super::district_rank;
use super::page::{Page, Table, BODY_ROW};
use super::style::{Styles, Widths};
use crate::analysis::{Analysis, Compliance, CoordinatorView};
use crate::calendar::wareki;
use crate::model::{a1, Role, TrainingKind};
use chrono::Datelike;
use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Formula, Worksheet, XlsxError};
use std::collections::BTreeSet;

pub const SESSIONS_SHEET: &str = "研修会別";
pub const COORDINATORS_SHEET: &str = "コーディネーター別";
/// Long form of attendees by session and district, when there are too many districts for
/// one column each.
pub const BY_DISTRICT_SHEET: &str = "研修会別（中学校区別）";
/// Above this many districts (or coordinator sessions) a column each would make a sheet no
/// one can print or read, and its size would grow with districts × sessions: the figures go
/// into rows instead.
pub const MAX_COLUMNS: usize = 40;
/// What a session after 基準日 shows instead of its attendees.
pub const PLANNED: &str = "予定";
/// 0-based header row of both sheets (Excel row 5); the row above holds the column groups.
pub const HEADER_ROW: u32 = BODY_ROW + 1;

/// Builds the workbook; the bytes depend on the Analysis only.
pub fn build(a: &Analysis) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Page::of(a).workbook("研修出席状況")?;
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(SESSIONS_SHEET)?;
    sessions_sheet(ws, a, &st)?;
    if district_columns(a).len() > MAX_COLUMNS {
        let ws = wb.add_worksheet();
        ws.set_name(BY_DISTRICT_SHEET)?;
        by_district_sheet(ws, a, &st)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(COORDINATORS_SHEET)?;
    coordinators_sheet(ws, a, &st)?;
    wb.save_to_buffer()
}

/// District columns: model and support districts always, then any other district seen at a
/// session, in report order; 「不明」 and names outside the table last.
fn district_columns(a: &Analysis) -> Vec<String> {
    let rank = district_rank(a);
    let mut seen: BTreeSet<String> = a
        .districts
        .iter()
        .filter(|d| d.status != crate::model::Status::None)
        .map(|d| d.name.clone())
        .collect();
    for s in &a.sessions {
        seen.extend(s.by_district.keys().cloned());
    }
    let mut v: Vec<String> = seen.into_iter().collect();
    v.sort_by_key(|n| (rank.get(n).copied().unwrap_or(usize::MAX), n == "不明"));
    v
}

/// Role columns: the coordinator roles in the roster's order, then サポーター, その他, any other.
fn role_columns(a: &Analysis) -> Vec<String> {
    let fixed: Vec<String> = [Role::Staff, Role::Resident, Role::General, Role::Chief]
        .iter()
        .map(|r| r.label().to_string())
        .chain(["サポーター".to_string(), "その他".to_string()])
        .collect();
    let mut v: Vec<String> = fixed
        .iter()
        .filter(|r| a.sessions.iter().any(|s| s.by_role.contains_key(*r)))
        .cloned()
        .collect();
    let others: BTreeSet<String> = a
        .sessions
        .iter()
        .flat_map(|s| s.by_role.keys())
        .filter(|r| !fixed.contains(r))
        .cloned()
        .collect();
    v.extend(others);
    v
}

fn sessions_sheet(ws: &mut Worksheet, a: &Analysis, st: &Styles) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let page = Page::of(a);
    page.title_block(ws, st, "研修出席状況（研修会別）")?;
    let mut districts = district_columns(a);
    if districts.len() > MAX_COLUMNS {
        // They go to their own sheet, one row per session and district.
        districts.clear();
    }
    let roles = role_columns(a);
    let c_d0: u16 = 5;
    let c_r0 = c_d0 + districts.len() as u16;
    // Last column: 参加者数 (E), then one per district and one per role.
    let c_last = 4 + districts.len() as u16 + roles.len() as u16;

    // Column groups above the header.
    if !districts.is_empty() {
        group(ws, st, c_d0, c_r0 - 1, "中学校区別")?;
    }
    if !roles.is_empty() {
        group(ws, st, c_r0, c_r0 + roles.len() as u16 - 1, "区分別")?;
    }
    let mut headers: Vec<String> = ["開催日", "研修名", "種別", "会場", "参加者数"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(districts.iter().cloned());
    headers.extend(roles.iter().cloned());
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, h, &st.header)?;
        // Count columns are narrow: their long labels (統括コーディネーター) wrap instead.
        if i < 5 {
            w.fit(i as u16, h);
        } else {
            w.fit(i as u16, &h.chars().take(4).collect::<String>());
        }
    }
    let longest = headers[5.min(headers.len())..]
        .iter()
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(0);
    ws.set_row_height(HEADER_ROW, 15.0 * longest.div_ceil(4).max(1) as f64)?;

    let first = HEADER_ROW + 1;
    let mut row = first;
    let mut totals = vec![0i64; headers.len()];
    for s in &a.sessions {
        ws.write_date_with_format(row, 0, s.date, &st.date)?;
        w.fit(0, &wareki(s.date));
        ws.write_string_with_format(row, 1, &s.name, &st.text)?;
        ws.write_string_with_format(row, 2, s.kind.label(), &st.text)?;
        ws.write_string_with_format(row, 3, &s.venue, &st.text)?;
        w.fit(1, &s.name);
        w.fit(2, s.kind.label());
        w.fit(3, &s.venue);
        let mut put = |ws: &mut Worksheet, col: u16, n: u32| -> Result<(), XlsxError> {
            ws.write_number_with_format(row, col, f64::from(n), &st.count)?;
            totals[col as usize] += i64::from(n);
            Ok(())
        };
        if s.held {
            put(ws, 4, s.attendees)?;
        } else {
            // Not held yet (after 基準日): no attendance is counted for it.
            ws.write_string_with_format(row, 4, PLANNED, &st.center)?;
        }
        for (i, d) in districts.iter().enumerate() {
            put(
                ws,
                c_d0 + i as u16,
                s.by_district.get(d).copied().unwrap_or(0),
            )?;
        }
        for (i, r) in roles.iter().enumerate() {
            put(ws, c_r0 + i as u16, s.by_role.get(r).copied().unwrap_or(0))?;
        }
        row += 1;
    }
    let last = row.saturating_sub(1).max(first);
    ws.write_string_with_format(row, 0, "合計", &st.total_label)?;
    for c in 1..4 {
        ws.write_blank(row, c, &st.total_label)?;
    }
    for c in 4..=c_last {
        let f = if a.sessions.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", a1(first, c), a1(last, c))
        };
        ws.write_formula_with_format(
            row,
            c,
            Formula::new(f).set_result(totals[c as usize].to_string()),
            &st.total_count,
        )?;
    }
    for c in 4..=c_last {
        w.fit(c, "0000");
    }
    let total_row = row;

    if !a.sessions.is_empty() {
        let font = super::style::chart_font();
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name((SESSIONS_SHEET, HEADER_ROW, 4))
            .set_categories((SESSIONS_SHEET, first, 1, last, 1))
            .set_values((SESSIONS_SHEET, first, 4, last, 4));
        chart.title().set_name("研修会別 参加者数").set_font(&font);
        chart.x_axis().set_font(&font);
        chart.y_axis().set_font(&font);
        chart
            .legend()
            .set_position(ChartLegendPosition::Bottom)
            .set_font(&font);
        chart.set_width(720).set_height(300);
        ws.insert_chart(total_row + 2, 0, &chart)?;
    }

    w.apply(ws)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    ws.autofilter(HEADER_ROW, 0, last, c_last)?;
    page.setup(
        ws,
        true,
        Some(Table {
            header: (HEADER_ROW - 1, HEADER_ROW),
            last,
        }),
    )?;
    Ok(())
}

/// 研修会別（中学校区別）: one row per session and district with attendees.
fn by_district_sheet(ws: &mut Worksheet, a: &Analysis, st: &Styles) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let page = Page::of(a);
    page.title_block(ws, st, "研修出席状況（研修会別・中学校区別）")?;
    let heads = ["開催日", "研修名", "中学校区", "参加者数"];
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *h, &st.header)?;
        w.fit(i as u16, h);
    }
    let mut row = HEADER_ROW + 1;
    for s in &a.sessions {
        for (d, n) in &s.by_district {
            ws.write_date_with_format(row, 0, s.date, &st.date)?;
            ws.write_string_with_format(row, 1, &s.name, &st.text)?;
            ws.write_string_with_format(row, 2, d, &st.text)?;
            ws.write_number_with_format(row, 3, f64::from(*n), &st.count)?;
            w.fit(1, &s.name);
            w.fit(2, d);
            row += 1;
        }
    }
    w.fit(0, "令和10年12月31日");
    w.apply(ws)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.autofilter(HEADER_ROW, 0, row.saturating_sub(1).max(HEADER_ROW + 1), 3)?;
    let last = row.saturating_sub(1).max(HEADER_ROW + 1);
    page.setup(ws, false, Some(Table::new(HEADER_ROW, last)))?;
    Ok(())
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

/// Coordinators in report order: by district (report order), then roster order.
pub fn coordinators_in_order(a: &Analysis) -> Vec<&CoordinatorView> {
    let rank = district_rank(a);
    let mut v: Vec<&CoordinatorView> = a.coordinators.iter().collect();
    // Stable: roster order within a district.
    v.sort_by_key(|c| rank.get(&c.district).copied().unwrap_or(usize::MAX));
    v
}

fn coordinators_sheet(ws: &mut Worksheet, a: &Analysis, st: &Styles) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let page = Page::of(a);
    page.title_block(ws, st, "研修出席状況（コーディネーター別）")?;
    let all_sessions: Vec<usize> = a
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == TrainingKind::Coordinator)
        .map(|(i, _)| i)
        .collect();
    // A matrix column per session while it fits a page; beyond that one column lists the
    // sessions each coordinator attended.
    let as_list = all_sessions.len() > MAX_COLUMNS;
    let sessions: Vec<usize> = if as_list { Vec::new() } else { all_sessions };
    let c_s0: u16 = if as_list { 4 } else { 3 };
    let c_count = c_s0 + sessions.len() as u16;
    let c_state = c_count + 1;
    if !sessions.is_empty() {
        group(ws, st, c_s0, c_count - 1, "コーディネーター研修会")?;
    }
    for (i, h) in ["中学校区", "氏名", "区分"].iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *h, &st.header)?;
        w.fit(i as u16, h);
    }
    if as_list {
        ws.write_string_with_format(HEADER_ROW, 3, "受講したコーディネーター研修会", &st.header)?;
    }
    for (j, &si) in sessions.iter().enumerate() {
        let s = &a.sessions[si];
        let planned = if s.held { "" } else { "（予定）" };
        let h = format!(
            "{}月{}日{planned}\n{}",
            s.date.month(),
            s.date.day(),
            s.name
        );
        ws.write_string_with_format(HEADER_ROW, c_s0 + j as u16, &h, &st.header)?;
        w.fit(
            c_s0 + j as u16,
            &format!("{}月{}日", s.date.month(), s.date.day()),
        );
    }
    ws.write_string_with_format(HEADER_ROW, c_count, "受講回数", &st.header)?;
    ws.write_string_with_format(HEADER_ROW, c_state, "状況", &st.header)?;
    w.fit(c_count, "受講回数");
    w.fit(c_state, "要受講");
    ws.set_row_height(HEADER_ROW, 45)?;

    let first = HEADER_ROW + 1;
    let mut row = first;
    let coords = coordinators_in_order(a);
    for c in &coords {
        ws.write_string_with_format(row, 0, &c.district, &st.text)?;
        ws.write_string_with_format(row, 1, &c.name, &st.text)?;
        ws.write_string_with_format(row, 2, c.role.label(), &st.text)?;
        w.fit(0, &c.district);
        w.fit(1, &c.name);
        w.fit(2, c.role.label());
        for (j, si) in sessions.iter().enumerate() {
            // At most MAX_COLUMNS sessions here, and a coordinator attends few: cheap.
            let mark = if c.attended_sessions.contains(si) {
                "○"
            } else {
                ""
            };
            ws.write_string_with_format(row, c_s0 + j as u16, mark, &st.center)?;
        }
        if as_list {
            let dates: Vec<String> = c
                .attended_sessions
                .iter()
                .filter_map(|i| a.sessions.get(*i))
                .map(|s| format!("{}月{}日", s.date.month(), s.date.day()))
                .collect();
            let list = dates.join("、");
            ws.write_string_with_format(row, 3, &list, &st.text)?;
            w.fit(3, &list);
        }
        ws.write_number_with_format(
            row,
            c_count,
            f64::from(c.coordinator_trainings_attended),
            &st.count,
        )?;
        ws.write_string_with_format(row, c_state, c.compliance.label(), &st.center)?;
        row += 1;
    }
    let last = row.saturating_sub(1).max(first);
    // Attendees per session, as live counts of the ○ above.
    ws.write_string_with_format(row, 0, "出席者数", &st.total_label)?;
    ws.write_blank(row, 1, &st.total_label)?;
    ws.write_blank(row, 2, &st.total_label)?;
    for (j, si) in sessions.iter().enumerate() {
        let col = c_s0 + j as u16;
        let n = coords
            .iter()
            .filter(|c| c.attended_sessions.contains(si))
            .count();
        let f = if coords.is_empty() {
            "=0".to_string()
        } else {
            format!("=COUNTIF({}:{},\"○\")", a1(first, col), a1(last, col))
        };
        ws.write_formula_with_format(
            row,
            col,
            Formula::new(f).set_result(n.to_string()),
            &st.total_count,
        )?;
    }
    ws.write_blank(row, c_count, &st.total_label)?;
    ws.write_blank(row, c_state, &st.total_label)?;
    let matrix_end = row;

    // Per district: how many coordinators, and how many in each compliance state.
    let mut r = matrix_end + 2;
    ws.write_string_with_format(r, 0, "中学校区別 受講状況", &st.section)?;
    r += 1;
    let heads = ["中学校区", "コーディネーター", "済", "要受講", "未受講"];
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(r, i as u16, *h, &st.header)?;
        w.fit(i as u16, h);
    }
    r += 1;
    let block_first = r;
    // One pass: districts in the order coordinators appear (report order).
    let mut names: Vec<&str> = Vec::new();
    let mut per_district: std::collections::HashMap<&str, [i64; 4]> =
        std::collections::HashMap::new();
    for c in &coords {
        let e = per_district.entry(c.district.as_str()).or_insert_with(|| {
            names.push(&c.district);
            [0; 4]
        });
        e[0] += 1;
        match c.compliance {
            Compliance::Done => e[1] += 1,
            Compliance::Required => e[2] += 1,
            Compliance::Missed => e[3] += 1,
        }
    }
    let mut totals = [0i64; 4];
    for d in &names {
        let counts = per_district.get(d).copied().unwrap_or_default();
        let label = if d.is_empty() {
            "（中学校区なし）"
        } else {
            d
        };
        ws.write_string_with_format(r, 0, label, &st.text)?;
        for (i, n) in counts.iter().enumerate() {
            ws.write_number_with_format(r, 1 + i as u16, *n as f64, &st.count)?;
            totals[i] += n;
        }
        r += 1;
    }
    ws.write_string_with_format(r, 0, "合計", &st.total_label)?;
    for (i, t) in totals.iter().enumerate() {
        let col = 1 + i as u16;
        let f = if names.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", a1(block_first, col), a1(r - 1, col))
        };
        ws.write_formula_with_format(
            r,
            col,
            Formula::new(f).set_result(t.to_string()),
            &st.total_count,
        )?;
    }

    w.apply(ws)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    ws.autofilter(HEADER_ROW, 0, last, c_state)?;
    page.setup(
        ws,
        sessions.len() > 4,
        Some(Table {
            header: (HEADER_ROW - 1, HEADER_ROW),
            last,
        }),
    )?;
    Ok(())
}
