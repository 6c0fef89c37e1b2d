//! 年度末報告's district sheets: 地域別実績 (the year's allocation and spending per district,
//! the lines and totals of 予算配当表, coloured as it colours them, and 予算の状況) and
//! 地域別活動 (activities by MEXT category, children, supporters, insurance).

use super::{setup, HR};
use crate::analysis::Analysis;
use crate::model::{Status, ACTIVITY_CATEGORIES};
use crate::report::budget::{Line, NO_RATIO};
use crate::report::page::{write_unit, Page};
use crate::report::style::{
    break_before_bracket, fit_row_height, header_lines, text_width, Styles,
};
use rust_xlsxwriter::{Formula, Workbook, Worksheet, XlsxError};

/// 地域別実績 and 地域別活動.
pub(super) fn sheets(
    wb: &mut Workbook,
    a: &Analysis,
    page: &Page,
    s: &Styles,
) -> Result<(), XlsxError> {
    // The year's budget and spending per district, as 予算配当表 prints them.
    let ws = wb.add_worksheet();
    ws.set_name("地域別実績")?;
    page.title_block(ws, s, "地域学校協働活動 年度末報告（地域別実績）")?;
    let hr = HR;
    let mut headers: Vec<String> = vec!["中学校区".into(), "区分".into(), "配当額".into()];
    // A 費目 the allocation does not pay is marked as 予算配当表 marks it; a long one is on two
    // lines (「コーディネーター\n謝金」).
    let excluded: Vec<bool> = a
        .budget
        .categories
        .iter()
        .map(|c| !a.budget.allowed.contains(c))
        .collect();
    headers.extend(a.budget.categories.iter().zip(&excluded).map(|(c, x)| {
        let c = header_lines(c, 16.0);
        if *x {
            format!("{c}\n{}", crate::report::budget::EXCLUDED)
        } else {
            c
        }
    }));
    let first_cat = 3u16;
    let spent_col = first_cat + a.budget.categories.len() as u16;
    headers.extend(["支出計", "残額", "執行率"].map(String::from));
    let last_col = spent_col + 2;
    // Money needs room for separators; a 区分 or a name longer than its column wraps.
    let cat_widths: Vec<f64> = headers[first_cat as usize..spent_col as usize]
        .iter()
        .map(|h| (text_width(h) + 1.0).max(11.0))
        .collect();
    let width = |c: u16| match c {
        0 => 14.0,
        1 => 14.0,
        c if c == last_col => 8.0,
        c if c >= first_cat && c < spent_col => cat_widths[(c - first_cat) as usize],
        _ => 11.0,
    };
    write_headers(ws, s, hr, &headers, width)?;
    for (k, x) in excluded.iter().enumerate() {
        if *x {
            let c = first_cat + k as u16;
            ws.write_string_with_format(hr, c, &headers[c as usize], &s.excluded_header)?;
        }
    }
    // The lines of 予算配当表, so that every figure and total here is the same as there.
    let lines = crate::report::budget::lines(a);
    let activity_cols = a.budget.categories.len() + ACTIVITY_CATEGORIES.len() + 3;
    let mut totals = vec![0i64; last_col as usize + 1];
    for (i, line) in lines.iter().enumerate() {
        let r = hr + 1 + i as u32;
        let values = line_values(a, line, first_cat, activity_cols);
        let (name, kubun, alloc, spent) = line_heading(a, line);
        let kubun = break_before_bracket(&kubun, width(1) - 1.0);
        ws.write_string_with_format(r, 0, &name, &s.wrap)?;
        ws.write_string_with_format(r, 1, &kubun, &s.wrap)?;
        fit_row_height(ws, r, &[(&name, width(0)), (&kubun, width(1))])?;
        ws.write_number_with_format(r, 2, alloc as f64, &s.yen)?;
        for c in first_cat..spent_col {
            let f = if excluded[(c - first_cat) as usize] {
                &s.excluded_yen
            } else {
                &s.yen_blank
            };
            match values[c as usize] {
                Some(v) => ws.write_number_with_format(r, c, v as f64, f)?,
                None => ws.write_blank(r, c, f)?,
            };
            totals[c as usize] += values[c as usize].unwrap_or(0);
        }
        let excel_row = r + 1;
        let sum = if matches!(line, Line::Unlisted(_)) {
            // No breakdown by 費目 outside the districts table: a plain figure, as there.
            Formula::new(spent.to_string())
        } else {
            Formula::new(format!(
                "=SUM({}{excel_row}:{}{excel_row})",
                col_name(first_cat),
                col_name(spent_col - 1)
            ))
        }
        .set_result(spent.to_string());
        ws.write_formula_with_format(r, spent_col, sum, &s.yen)?;
        let rem = Formula::new(format!("=C{excel_row}-{}{excel_row}", col_name(spent_col)))
            .set_result((alloc - spent).to_string());
        ws.write_formula_with_format(r, spent_col + 1, rem, &s.yen)?;
        let ratio = Formula::new(format!(
            "=IF(C{excel_row}=0,\"{NO_RATIO}\",{}{excel_row}/C{excel_row})",
            col_name(spent_col)
        ))
        // An empty cached result reads as 0 (0.0%) in viewers that don't recalculate.
        .set_result(if alloc == 0 {
            NO_RATIO.to_string()
        } else {
            (spent as f64 / alloc as f64).to_string()
        });
        ws.write_formula_with_format(r, spent_col + 2, ratio, &s.percent)?;
        totals[2] += alloc;
        totals[spent_col as usize] += spent;
        totals[spent_col as usize + 1] += alloc - spent;
    }
    let tr = hr + 1 + lines.len() as u32;
    ws.write_string_with_format(tr, 0, "合計", &s.total_label)?;
    ws.write_string_with_format(tr, 1, "", &s.total_label)?;
    for c in 2..=last_col {
        if c == spent_col + 2 {
            let v = if totals[2] > 0 {
                (totals[spent_col as usize] as f64 / totals[2] as f64).to_string()
            } else {
                NO_RATIO.to_string()
            };
            let f = Formula::new(format!(
                "=IF(C{0}=0,\"{NO_RATIO}\",{1}{0}/C{0})",
                tr + 1,
                col_name(spent_col)
            ))
            .set_result(v);
            ws.write_formula_with_format(tr, c, f, &s.total_percent)?;
            continue;
        }
        write_column_total(ws, &s.total_yen, (hr + 1, tr), c, totals[c as usize])?;
    }
    // Over the allocation red, over the warning ratio yellow, as on 予算配当表.
    crate::report::budget::mark_over_budget(ws, s, a, (hr + 1, tr), (2, spent_col, spent_col + 2))?;
    let mut note = tr + 1;
    ws.write_string_with_format(
        note,
        0,
        crate::report::budget::over_budget_legend(a),
        &s.note,
    )?;
    if excluded.iter().any(|x| *x) {
        note += 1;
        ws.write_string_with_format(note, 0, crate::report::budget::excluded_legend(), &s.note)?;
    }
    crate::report::figures::write(ws, a, s, note + 2, first_cat + 1)?;
    write_unit(ws, s, hr - 1, last_col)?;
    setup(ws, page, hr, tr)?;

    // The activities per district, a sheet of their own so that both print at A4.
    let ws = wb.add_worksheet();
    ws.set_name("地域別活動")?;
    page.title_block(ws, s, "地域学校協働活動 年度末報告（地域別活動）")?;
    let mut headers: Vec<String> = vec!["中学校区".into(), "区分".into()];
    headers.extend(ACTIVITY_CATEGORIES.iter().map(|k| format!("{k}（回）")));
    headers.extend(["児童生徒数（延べ）", "サポーター数", "保険加入者数"].map(String::from));
    let last = headers.len() as u16 - 1;
    write_headers(ws, s, hr, &headers, |c| match c {
        0 => 14.0,
        1 => 14.0,
        _ => 11.0,
    })?;
    // Only the districts: the planned additions and unlisted spending have no activities.
    let districts: Vec<&Line> = lines
        .iter()
        .filter(|l| matches!(l, Line::District(_)))
        .collect();
    let mut totals = vec![0i64; last as usize + 1];
    for (i, line) in districts.iter().enumerate() {
        let r = hr + 1 + i as u32;
        let (name, kubun, _, _) = line_heading(a, line);
        let kubun = break_before_bracket(&kubun, 13.0);
        ws.write_string_with_format(r, 0, &name, &s.wrap)?;
        ws.write_string_with_format(r, 1, &kubun, &s.wrap)?;
        fit_row_height(ws, r, &[(&name, 14.0), (&kubun, 14.0)])?;
        let values = line_values(a, line, first_cat, activity_cols);
        let from = first_cat as usize + a.budget.categories.len();
        for (k, v) in values[from..].iter().enumerate() {
            let c = 2 + k as u16;
            ws.write_number_with_format(r, c, v.unwrap_or(0) as f64, &s.count)?;
            totals[c as usize] += v.unwrap_or(0);
        }
    }
    let tr2 = hr + 1 + districts.len() as u32;
    ws.write_string_with_format(tr2, 0, "合計", &s.total_label)?;
    ws.write_string_with_format(tr2, 1, "", &s.total_label)?;
    for c in 2..=last {
        write_column_total(ws, &s.total_count, (hr + 1, tr2), c, totals[c as usize])?;
    }
    setup(ws, page, hr, tr2)?;
    Ok(())
}

/// A line's 費目 and activity columns, from `first_cat` on (None: blank, as for the planned
/// additions); `count` columns in all: 費目, activities, 児童生徒数, サポーター数, 保険加入者数.
fn line_values(a: &Analysis, line: &Line, first_cat: u16, count: usize) -> Vec<Option<i64>> {
    let mut v = vec![None; first_cat as usize + count];
    let Line::District(d) = line else {
        return v;
    };
    let mut c = first_cat as usize;
    for cat in &a.budget.categories {
        v[c] = Some(d.spent_by_category.get(cat).copied().unwrap_or(0));
        c += 1;
    }
    for kind in ACTIVITY_CATEGORIES {
        v[c] = Some(i64::from(
            d.activities_by_category.get(*kind).copied().unwrap_or(0),
        ));
        c += 1;
    }
    v[c] = Some(i64::from(d.children));
    v[c + 1] = Some(i64::from(d.supporters));
    v[c + 2] = Some(i64::from(d.insured_supporters));
    v
}

/// A line's 中学校区, 区分, 配当額 and 支出計 as 予算配当表 heads it.
fn line_heading(a: &Analysis, line: &Line) -> (String, String, i64, i64) {
    match line {
        Line::District(d) => (
            d.name.clone(),
            if d.allocation == 0 && d.status == Status::None {
                format!(
                    "{}（{}）",
                    d.status.label(),
                    crate::report::budget::NO_ALLOCATION
                )
            } else {
                d.status.label().to_string()
            },
            d.allocation,
            d.spent,
        ),
        Line::Planned(k) => (
            format!("追加予定 {k}地域"),
            format!("{}（未指定）", Status::Model.label()),
            a.budget.unit * i64::from(*k),
            0,
        ),
        Line::Unlisted(x) => (
            "（中学校区一覧にない校区）".to_string(),
            crate::report::budget::NO_ALLOCATION.to_string(),
            0,
            *x,
        ),
    }
}

/// A header row broken where Japanese allows (never before 「ー」), the columns set to
/// `width`, the row tall enough for the longest header.
fn write_headers(
    ws: &mut Worksheet,
    s: &Styles,
    row: u32,
    headers: &[String],
    width: impl Fn(u16) -> f64,
) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (c, h) in headers.iter().enumerate() {
        let c = c as u16;
        let text = header_lines(h, width(c) - 1.0);
        lines = lines.max(text.lines().count());
        ws.write_string_with_format(row, c, &text, &s.header)?;
        ws.set_column_width(c, width(c))?;
    }
    ws.set_row_height(row, 15.0 * lines as f64)?;
    Ok(())
}

/// A live SUM of column `c` over `rows`, with its result.
fn write_column_total(
    ws: &mut Worksheet,
    format: &rust_xlsxwriter::Format,
    (first, total_row): (u32, u32),
    c: u16,
    value: i64,
) -> Result<(), XlsxError> {
    let f = Formula::new(format!(
        "=SUM({0}{1}:{0}{2})",
        col_name(c),
        first + 1,
        total_row.max(first + 1)
    ))
    .set_result(value.to_string());
    ws.write_formula_with_format(total_row, c, f, format)?;
    Ok(())
}

fn col_name(c: u16) -> String {
    crate::model::a1(0, c).trim_end_matches('1').to_string()
}
