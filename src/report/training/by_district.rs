//! 研修出席状況's 中学校区別: attendees per district (rows) and session (columns), districts
//! as rows so that the sheet stays readable however many districts the city has; past
//! [`MAX_SESSION_COLUMNS`] sessions, one row per session and district. A district not in the
//! list is counted as 不明（要確認）, never as a district.

use super::{fit_header, group, session_header, HEADER_ROW, HELD, PLANNED, SESSION_WIDTH};
use crate::analysis::{Analysis, SessionView};
use crate::model::{a1, Status};
use crate::report::page::{Page, Table};
use crate::report::style::{Styles, Widths};
use crate::report::{district_rank, is_held, DistrictLabels, CITYWIDE, UNKNOWN_DISTRICT};
use rust_xlsxwriter::{FormatAlign, Formula, Worksheet, XlsxError};
use std::collections::{BTreeMap, BTreeSet};

/// Sessions the 中学校区別 sheet shows as columns; past this, one row per session and district.
const MAX_SESSION_COLUMNS: usize = 12;

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

pub(super) fn by_district_sheet(
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
