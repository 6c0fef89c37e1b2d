//! 研修出席状況's 研修会別: per session, held or 予定, its date, kind, venue and attendees
//! by role (統括・チーフ first, the long role labels shortened with a legend), a 合計 of the
//! held ones, and a column chart of each held session's attendees.

use super::{group, role_rank, HEADER_ROW, HELD, PLANNED, SESSIONS_SHEET};
use crate::analysis::Analysis;
use crate::calendar::wareki;
use crate::model::{a1, Role};
use crate::report::is_held;
use crate::report::page::{Page, Table};
use crate::report::style::{fit_row_height, text_width, Styles, Widths};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, FormatAlign, Formula, Worksheet, XlsxError,
};
use std::collections::BTreeSet;

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

/// Held sessions up to which 研修会別 charts each one's attendees (a column each); past it
/// the chart would be thinner than a pixel a column at its width, and a note says so.
const CHART_UP_TO: usize = 60;

pub(super) fn sessions_sheet(
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
        let font = crate::report::style::chart_font();
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
