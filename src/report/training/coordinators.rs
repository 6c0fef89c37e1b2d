//! 研修出席状況's コーディネーター別: per coordinator the コーディネーター研修会 attended (a
//! column each, or past [`MAX_COLUMNS`] one column listing them) and the compliance state,
//! the attendees per session as live counts, and the coordinators per district and state —
//! continued on 「コーディネーター別 (2)」… past a sheet's rows.

use super::{fit_header, group, role_rank, session_header};
use super::{COORDINATORS_SHEET, HEADER_ROW, PLANNED, SESSION_WIDTH};
use crate::analysis::{Analysis, Compliance, CoordinatorView};
use crate::model::{a1, TrainingKind};
use crate::report::continued::{part_name, Continued};
use crate::report::page::{Page, Table};
use crate::report::style::{Styles, Widths};
use crate::report::{district_rank, is_held, DistrictLabels, UNKNOWN_DISTRICT};
use chrono::Datelike;
use rust_xlsxwriter::{Formula, Workbook, XlsxError};
use std::collections::BTreeMap;

/// Above this many coordinator sessions a column each would make a sheet no one can print:
/// one column lists the sessions each coordinator attended instead.
const MAX_COLUMNS: usize = 40;

/// Coordinators in report order: 統括・チーフ first, then by district (report order, unknown
/// districts last), then roster order.
pub(in crate::report) fn coordinators_in_order(a: &Analysis) -> Vec<&CoordinatorView> {
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

pub(super) fn coordinators_sheet(
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
