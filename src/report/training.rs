//! 研修出席状況.xlsx, for the 統括本部, readable on A4:
//! - 研修会別: per session, held or 予定, its date, kind, venue and attendees by role
//!   (統括・チーフ first);
//! - 中学校区別: attendees per district (rows) and session (columns) — districts as rows, so
//!   that the sheet stays readable however many districts the city has; a district not in
//!   the list is counted as 不明（要確認）, never as a district;
//! - 出席者一覧: who attended each held session (the 統括本部 asks after every 研修会), a page
//!   per session;
//! - コーディネーター別: per coordinator the コーディネーター研修会 attended and the compliance
//!   state, with counts per district.

use super::continued::{part_name, Continued};
use super::page::{Page, Table, BODY_ROW};
use super::style::{fit_row_height, text_width, Styles, Widths};
use super::{district_rank, is_held, DistrictLabels, CITYWIDE, UNKNOWN_DISTRICT};
use crate::analysis::{Analysis, AttendeeView, Compliance, CoordinatorView, SessionView};
use crate::calendar::wareki;
use crate::model::{a1, Role, Status, TrainingKind};
use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};
use std::collections::{BTreeMap, BTreeSet};

pub const SESSIONS_SHEET: &str = "研修会別";
pub const BY_DISTRICT_SHEET: &str = "中学校区別";
pub const ATTENDEES_SHEET: &str = "出席者一覧";
pub const COORDINATORS_SHEET: &str = "コーディネーター別";
/// Above this many coordinator sessions a column each would make a sheet no one can print:
/// one column lists the sessions each coordinator attended instead.
pub const MAX_COLUMNS: usize = 40;
/// Sessions the 中学校区別 sheet shows as columns; past this, one row per session and district.
pub const MAX_SESSION_COLUMNS: usize = 12;
/// 0-based header row of every sheet; the row above holds the column groups.
pub const HEADER_ROW: u32 = BODY_ROW + 1;
/// What a session after the as-of date shows (spec §3).
pub const PLANNED: &str = "予定";
pub const HELD: &str = "実施済";
/// Data rows a sheet of the attendee list holds before it continues on the next sheet
/// (Excel's 1,048,576 rows, less the title block and header).
const ROWS_PER_SHEET: usize = 1_048_576 - HEADER_ROW as usize - 1;
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
        attendees_sheet(ws, a, &page, &st, chunk)?;
    }
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

/// Role columns: those any session counts, in [`role_rank`] order, then any other by name.
fn role_columns(a: &Analysis) -> Vec<String> {
    let seen: BTreeSet<&String> = a.sessions.iter().flat_map(|s| s.by_role.keys()).collect();
    let mut v: Vec<String> = seen.into_iter().cloned().collect();
    v.sort_by_key(|r| role_rank(r));
    v
}

/// A role as a narrow column's header: the long labels shortened, so that they do not break
/// mid-word (「チーフコー／ディネータ／ー」) or widen the sheet past A4; the legend below
/// the table spells them out.
fn role_header(label: &str) -> &str {
    match label {
        l if l == Role::General.label() => "統括",
        l if l == Role::Chief.label() => "チーフ",
        l if l == Role::Staff.label() => "職員",
        l => l,
    }
}

/// Widths the long texts of 研修会別 wrap at (character units), so that the sheet prints on
/// A4 landscape at 8 pt or more.
const NAME_WIDTH: f64 = 24.0;
const VENUE_WIDTH: f64 = 20.0;

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

/// Held sessions up to which 研修会別 charts each one's attendees (a column each); past it
/// the chart would be thinner than a pixel a column at its width, and a note says so.
const CHART_UP_TO: usize = 60;

fn sessions_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    page: &Page,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    page.title_block(ws, st, "研修出席状況（研修会別）")?;
    let roles = role_columns(a);
    let c_r0: u16 = 6;
    let c_last = c_r0 - 1 + roles.len() as u16;
    if !roles.is_empty() {
        group(ws, st, c_r0, c_last, "区分別")?;
    }
    let mut headers: Vec<String> = ["開催日", "研修名", "種別", "会場", "実施", "参加者数"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(roles.iter().cloned());
    for (i, h) in headers.iter().enumerate() {
        let h = if i < c_r0 as usize { h } else { role_header(h) };
        ws.write_string_with_format(HEADER_ROW, i as u16, h, &st.header)?;
        w.fit(i as u16, h);
    }

    // Wrapped names and venues centred like the figures beside them.
    let wrap = st.wrap.clone().set_align(FormatAlign::VerticalCenter);
    let planned_wrap = st
        .planned_text
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let first = HEADER_ROW + 1;
    let mut row = first;
    let mut totals = vec![0i64; headers.len()];
    for s in &a.sessions {
        let held = is_held(a, s);
        let (text, count) = if held {
            (&wrap, &st.count)
        } else {
            (&planned_wrap, &st.planned_text)
        };
        ws.write_date_with_format(row, 0, s.date, &st.date)?;
        w.fit(0, &wareki(s.date));
        ws.write_string_with_format(row, 1, &s.name, text)?;
        ws.write_string_with_format(row, 2, s.kind.label(), text)?;
        ws.write_string_with_format(row, 3, &s.venue, text)?;
        ws.write_string_with_format(row, 4, if held { HELD } else { PLANNED }, &st.center)?;
        w.fit(1, &s.name);
        w.fit(2, s.kind.label());
        w.fit(3, &s.venue);
        fit_row_height(ws, row, &[(&s.name, NAME_WIDTH), (&s.venue, VENUE_WIDTH)])?;
        // A session still to come has no attendance yet: blank, not 0.
        let mut put = |ws: &mut Worksheet, col: u16, n: u32| -> Result<(), XlsxError> {
            if held {
                ws.write_number_with_format(row, col, f64::from(n), count)?;
                totals[col as usize] += i64::from(n);
            } else {
                ws.write_blank(row, col, count)?;
            }
            Ok(())
        };
        put(ws, 5, s.attendees)?;
        for (i, r) in roles.iter().enumerate() {
            put(ws, c_r0 + i as u16, s.by_role.get(r).copied().unwrap_or(0))?;
        }
        row += 1;
    }
    let last = row.saturating_sub(1).max(first);
    ws.write_string_with_format(row, 0, "合計（実施済）", &st.total_label)?;
    for c in 1..5 {
        ws.write_blank(row, c, &st.total_label)?;
    }
    for c in 5..=c_last {
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
    w.fit(0, "合計（実施済）");
    w.fit(4, HELD);
    w.fit(5, "参加者数");
    // The legend of the shortened role headers, for those the table shows.
    let legend: Vec<String> = roles
        .iter()
        .filter(|r| role_header(r) != r.as_str())
        .map(|r| format!("{}：{r}", role_header(r)))
        .collect();
    if !legend.is_empty() {
        let text = format!("※区分　{}", legend.join("、"));
        ws.write_string_with_format(row + 1, 0, text, &st.note)?;
    }
    let total_row = row + 1;

    let held = a.sessions.iter().filter(|s| is_held(a, s)).count();
    if held > CHART_UP_TO {
        // A column per session is no longer readable at the chart's width.
        ws.write_string_with_format(
            total_row + 2,
            0,
            format!("※研修会が{CHART_UP_TO}回を超えるため、参加者数のグラフは省略しています（上の表をご覧ください）。"),
            &st.note,
        )?;
    } else if held > 0 {
        let font = super::style::chart_font();
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name((SESSIONS_SHEET, HEADER_ROW, 5))
            .set_categories((SESSIONS_SHEET, first, 1, last, 1))
            .set_values((SESSIONS_SHEET, first, 5, last, 5));
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
    for (col, max, texts) in [
        (
            1,
            NAME_WIDTH,
            a.sessions
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            3,
            VENUE_WIDTH,
            a.sessions.iter().map(|s| s.venue.as_str()).collect(),
        ),
    ] {
        if texts.iter().any(|t| text_width(t) + 2.0 > max) {
            ws.set_column_width(col, max)?;
        }
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    ws.autofilter(HEADER_ROW, 0, last, c_last.max(5))?;
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

/// Attendees per session by the district the reports show (unknown ones as 不明（要確認））.
fn by_district(labels: &DistrictLabels, s: &SessionView) -> BTreeMap<String, u32> {
    let mut m = BTreeMap::new();
    for (d, n) in &s.by_district {
        *m.entry(labels.label(d)).or_insert(0) += n;
    }
    m
}

/// District rows: model and support districts always, then any other district of the list
/// seen at a session, in report order; 不明（要確認） last.
fn district_rows(a: &Analysis, counts: &[BTreeMap<String, u32>]) -> Vec<String> {
    let rank = district_rank(a);
    let mut seen: BTreeSet<String> = a
        .districts
        .iter()
        .filter(|d| d.status != Status::None)
        .map(|d| d.name.clone())
        .collect();
    for m in counts {
        seen.extend(m.keys().cloned());
    }
    let mut v: Vec<String> = seen.into_iter().collect();
    v.sort_by_key(|n| {
        (
            n == UNKNOWN_DISTRICT,
            n == CITYWIDE,
            rank.get(n).copied().unwrap_or(usize::MAX),
        )
    });
    v
}

fn by_district_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    page: &Page,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    page.title_block(ws, st, "研修出席状況（中学校区別）")?;
    let labels = DistrictLabels::new(a);
    let counts: Vec<BTreeMap<String, u32>> =
        a.sessions.iter().map(|s| by_district(&labels, s)).collect();
    let districts = district_rows(a, &counts);
    let first = HEADER_ROW + 1;
    if a.sessions.len() > MAX_SESSION_COLUMNS {
        // One row per session and district: as many sessions as the office holds.
        let heads = ["開催日", "研修名", "実施", "中学校区", "参加者数"];
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, i as u16, *h, &st.header)?;
            w.fit(i as u16, h);
        }
        let mut row = first;
        // Each session's own districts, in the order of the district rows (every district a
        // session counts is one of them): not every district probed for every session.
        let position: rustc_hash::FxHashMap<&str, usize> = districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.as_str(), i))
            .collect();
        let mut here: Vec<(usize, &String, &u32)> = Vec::new();
        for (s, m) in a.sessions.iter().zip(&counts) {
            let held = is_held(a, s);
            here.clear();
            here.extend(m.iter().map(|(d, n)| {
                (
                    position.get(d.as_str()).copied().unwrap_or(usize::MAX),
                    d,
                    n,
                )
            }));
            here.sort_unstable();
            for &(_, d, n) in &here {
                ws.write_date_with_format(row, 0, s.date, &st.date)?;
                ws.write_string_with_format(row, 1, &s.name, &st.text)?;
                ws.write_string_with_format(row, 2, if held { HELD } else { PLANNED }, &st.center)?;
                ws.write_string_with_format(row, 3, d, &st.text)?;
                ws.write_number_with_format(row, 4, f64::from(*n), &st.count)?;
                w.fit(1, &s.name);
                w.fit(3, d);
                row += 1;
            }
        }
        w.fit(0, "令和10年12月31日");
        let last = row.saturating_sub(1).max(first);
        w.apply(ws)?;
        ws.set_freeze_panes(first, 0)?;
        ws.autofilter(HEADER_ROW, 0, last, 4)?;
        return page.setup(
            ws,
            false,
            Some(Table {
                header: (HEADER_ROW, HEADER_ROW),
                last,
            }),
        );
    }

    let n = a.sessions.len() as u16;
    let c_total = 1 + n;
    if n > 0 {
        group(ws, st, 1, n, "研修会（開催日・研修名）")?;
    }
    ws.write_string_with_format(HEADER_ROW, 0, "中学校区", &st.header)?;
    w.fit(0, "中学校区");
    let mut fitted = Vec::new();
    for (j, s) in a.sessions.iter().enumerate() {
        let h = session_header(a, s);
        ws.write_string_with_format(HEADER_ROW, 1 + j as u16, &h, &st.header)?;
        fitted.push((h, SESSION_WIDTH));
    }
    ws.write_string_with_format(HEADER_ROW, c_total, "合計", &st.header)?;
    fit_header(ws, HEADER_ROW, &fitted)?;
    let mut row = first;
    for d in &districts {
        ws.write_string_with_format(row, 0, d, &st.text)?;
        w.fit(0, d);
        let mut sum = 0i64;
        for (j, (s, m)) in a.sessions.iter().zip(&counts).enumerate() {
            let col = 1 + j as u16;
            if is_held(a, s) {
                let k = m.get(d).copied().unwrap_or(0);
                sum += i64::from(k);
                ws.write_number_with_format(row, col, f64::from(k), &st.count)?;
            } else {
                let planned = st.planned_text.clone().set_align(FormatAlign::Center);
                ws.write_string_with_format(row, col, PLANNED, &planned)?;
            }
        }
        let f = if n == 0 {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", a1(row, 1), a1(row, n))
        };
        ws.write_formula_with_format(
            row,
            c_total,
            Formula::new(f).set_result(sum.to_string()),
            &st.total_count,
        )?;
        row += 1;
    }
    let last = row.saturating_sub(1).max(first);
    ws.write_string_with_format(row, 0, "合計", &st.total_label)?;
    for (j, (s, m)) in a.sessions.iter().zip(&counts).enumerate() {
        let col = 1 + j as u16;
        if !is_held(a, s) {
            ws.write_string_with_format(row, col, PLANNED, &st.total_label)?;
            continue;
        }
        let total: u32 = m.values().sum();
        let f = if districts.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", a1(first, col), a1(last, col))
        };
        ws.write_formula_with_format(
            row,
            col,
            Formula::new(f).set_result(total.to_string()),
            &st.total_count,
        )?;
    }
    let grand: u32 = a
        .sessions
        .iter()
        .zip(&counts)
        .filter(|(s, _)| is_held(a, s))
        .map(|(_, m)| m.values().sum::<u32>())
        .sum();
    let f = if districts.is_empty() {
        "=0".to_string()
    } else {
        format!("=SUM({}:{})", a1(first, c_total), a1(last, c_total))
    };
    ws.write_formula_with_format(
        row,
        c_total,
        Formula::new(f).set_result(grand.to_string()),
        &st.total_count,
    )?;
    w.apply(ws)?;
    for j in 0..n {
        ws.set_column_width(1 + j, SESSION_WIDTH)?;
    }
    ws.set_column_width(c_total, 8)?;
    ws.set_freeze_panes(first, 1)?;
    page.setup(
        ws,
        n > 5,
        Some(Table {
            header: (HEADER_ROW - 1, HEADER_ROW),
            last: row,
        }),
    )?;
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

/// A merged group label over columns `c0..=c1` on the row above the header.
fn group(ws: &mut Worksheet, st: &Styles, c0: u16, c1: u16, label: &str) -> Result<(), XlsxError> {
    if c1 > c0 {
        ws.merge_range(HEADER_ROW - 1, c0, HEADER_ROW - 1, c1, label, &st.group)?;
    } else {
        ws.write_string_with_format(HEADER_ROW - 1, c0, label, &st.group)?;
    }
    Ok(())
}

/// Coordinators in report order: 統括・チーフ first, then by district (report order, unknown
/// districts last), then roster order.
pub fn coordinators_in_order(a: &Analysis) -> Vec<&CoordinatorView> {
    let rank = district_rank(a);
    let mut v: Vec<&CoordinatorView> = a.coordinators.iter().collect();
    // Stable: roster order within a district.
    v.sort_by_key(|c| {
        (
            role_rank(c.role.label()).min(2),
            rank.get(&c.district).copied().unwrap_or(usize::MAX),
        )
    });
    v
}

fn coordinators_sheet(
    wb: &mut Workbook,
    a: &Analysis,
    page: &Page,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
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
    for (i, h) in ["中学校区", "氏名", "区分"].iter().enumerate() {
        w.fit(i as u16, h);
    }
    let mut fitted = Vec::new();
    for &si in &sessions {
        fitted.push((session_header(a, &a.sessions[si]), SESSION_WIDTH));
    }
    w.fit(c_count, "受講回数");
    w.fit(c_state, "要受講");
    // Past a sheet's rows the list goes on to 「… (2)」, its header repeated.
    let mut t = Continued::new(wb, COORDINATORS_SHEET, |ws, _| {
        page.title_block(ws, st, "研修出席状況（コーディネーター別）")?;
        if !sessions.is_empty() {
            group(ws, st, c_s0, c_count - 1, "コーディネーター研修会")?;
        }
        for (i, h) in ["中学校区", "氏名", "区分"].iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, i as u16, *h, &st.header)?;
        }
        if as_list {
            ws.write_string_with_format(
                HEADER_ROW,
                3,
                "受講したコーディネーター研修会",
                &st.header,
            )?;
        }
        for (j, (h, _)) in fitted.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c_s0 + j as u16, h, &st.header)?;
        }
        ws.write_string_with_format(HEADER_ROW, c_count, "受講回数", &st.header)?;
        ws.write_string_with_format(HEADER_ROW, c_state, "状況", &st.header)?;
        fit_header(ws, HEADER_ROW, &fitted)?;
        Ok(HEADER_ROW)
    })?;

    let first = HEADER_ROW + 1;
    let coords = coordinators_in_order(a);
    let labels = DistrictLabels::new(a);
    for c in &coords {
        let (ws, row) = t.row(wb)?;
        let district = labels.coordinator(c);
        ws.write_string_with_format(row, 0, &district, &st.text)?;
        ws.write_string_with_format(row, 1, &c.name, &st.text)?;
        ws.write_string_with_format(row, 2, c.role.label(), &st.text)?;
        w.fit(0, &district);
        w.fit(1, &c.name);
        w.fit(2, c.role.label());
        for (j, si) in sessions.iter().enumerate() {
            let col = c_s0 + j as u16;
            if !is_held(a, &a.sessions[*si]) {
                ws.write_blank(row, col, &st.planned_text)?;
                continue;
            }
            // At most MAX_COLUMNS sessions here, and a coordinator attends few: cheap.
            let mark = if c.attended_sessions.contains(si) {
                "○"
            } else {
                ""
            };
            ws.write_string_with_format(row, col, mark, &st.center)?;
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
    }
    // Each part's rows, for the counts below (on one sheet, the formula it always had).
    let mut parts = Vec::new();
    t.finish(wb, |_, part, _, last| {
        parts.push((part_name(COORDINATORS_SHEET, part), last));
        Ok(())
    })?;
    let (ws, row) = t.tail(wb)?;
    let last = row.saturating_sub(1).max(first);
    // Attendees per session, as live counts of the ○ above.
    ws.write_string_with_format(row, 0, "出席者数", &st.total_label)?;
    ws.write_blank(row, 1, &st.total_label)?;
    ws.write_blank(row, 2, &st.total_label)?;
    for (j, si) in sessions.iter().enumerate() {
        let col = c_s0 + j as u16;
        if !is_held(a, &a.sessions[*si]) {
            ws.write_string_with_format(row, col, PLANNED, &st.total_label)?;
            continue;
        }
        let n = coords
            .iter()
            .filter(|c| c.attended_sessions.contains(si))
            .count();
        let f = match parts.as_slice() {
            _ if coords.is_empty() => "=0".to_string(),
            [_] => format!("=COUNTIF({}:{},\"○\")", a1(first, col), a1(last, col)),
            _ => {
                let each: Vec<String> = parts
                    .iter()
                    .map(|(sheet, end)| {
                        format!(
                            "COUNTIF('{sheet}'!{}:{},\"○\")",
                            a1(first, col),
                            a1(*end, col)
                        )
                    })
                    .collect();
                format!("={}", each.join("+"))
            }
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
    let mut names: Vec<String> = Vec::new();
    let mut per_district: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    for c in &coords {
        let d = labels.coordinator(c);
        let e = per_district.entry(d.clone()).or_insert_with(|| {
            names.push(d);
            [0; 4]
        });
        e[0] += 1;
        match c.compliance {
            Compliance::Done => e[1] += 1,
            Compliance::Required => e[2] += 1,
            Compliance::Missed => e[3] += 1,
        }
    }
    // 不明（要確認） last, wherever its first coordinator stood.
    names.sort_by_key(|n| n == UNKNOWN_DISTRICT);
    let mut totals = [0i64; 4];
    for d in &names {
        let counts = per_district.get(d).copied().unwrap_or_default();
        let label = if d.is_empty() {
            "（中学校区なし）"
        } else {
            d
        };
        ws.write_string_with_format(r, 0, label, &st.text)?;
        w.fit(0, label);
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

    t.finish(wb, |ws, _, header, last| {
        w.apply(ws)?;
        for j in 0..sessions.len() as u16 {
            ws.set_column_width(c_s0 + j, SESSION_WIDTH)?;
        }
        ws.set_freeze_panes(header + 1, 2)?;
        ws.autofilter(header, 0, last, c_state)?;
        page.setup(
            ws,
            sessions.len() > 3,
            Some(Table {
                header: (header - 1, header),
                last,
            }),
        )?;
        Ok(())
    })
}
