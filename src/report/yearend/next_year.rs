//! 年度末報告's 次年度計画: each district's standing next year, the counts of next year's
//! districts and the budget they need as live formulas, and the rollout's pace.

use super::{setup, HR};
use crate::analysis::{Analysis, YearEnd};
use crate::calendar::{fy_label, fy_short};
use crate::report::page::Page;
use crate::report::style::Styles;
use rust_xlsxwriter::{Chart, ChartType, Formula, Workbook, XlsxError};

/// 次年度計画.
pub(super) fn sheet(
    wb: &mut Workbook,
    a: &Analysis,
    y: &YearEnd,
    page: &Page,
    s: &Styles,
) -> Result<(), XlsxError> {
    // Next year.
    let ws = wb.add_worksheet();
    ws.set_name("次年度計画")?;
    let next_fy = a.fiscal_year + 1;
    page.title_block(ws, s, &format!("次年度計画（{}）", fy_label(next_fy)))?;
    for (c, h) in [
        "中学校区",
        &fy_label(a.fiscal_year),
        &fy_label(next_fy),
        "変化",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(HR, c as u16, *h, &s.header)?;
    }
    for (i, n) in y.next.iter().enumerate() {
        let r = HR + 1 + i as u32;
        ws.write_string_with_format(r, 0, &n.name, &s.text)?;
        ws.write_string_with_format(r, 1, n.now.label(), &s.text)?;
        ws.write_string_with_format(r, 2, n.next.label(), &s.text)?;
        ws.write_string_with_format(r, 3, n.change, &s.text)?;
    }
    let next_last = HR + y.next.len() as u32;
    let mut r = HR + 2 + y.next.len() as u32;
    let (this, next) = (fy_label(a.fiscal_year), fy_label(next_fy));
    let named = if y.named_new.is_empty() {
        String::new()
    } else {
        format!("：{}", crate::report::style::join_cell(&y.named_new, "・"))
    };
    let counts: Vec<(String, u32)> = vec![
        (
            format!("{this}でモデル期間を終え、{next}から伴走支援地域になる中学校区"),
            y.finishing.len() as u32,
        ),
        (
            format!("{next}もモデル地域を続ける中学校区"),
            y.continuing_model,
        ),
        (
            format!("{next}も伴走支援地域を続ける中学校区"),
            y.continuing_support,
        ),
        (
            format!("{next}から新たにモデル地域になる中学校区（中学校区一覧で指定済み{named}）"),
            y.named_new.len() as u32,
        ),
        (
            format!(
                "まだ指定されていない新規モデル地域（年{}中学校区程度の計画のうち残り）",
                y.new_per_year
            ),
            y.new_needed,
        ),
    ];
    let first_count = r;
    for (label, v) in &counts {
        ws.write_string_with_format(r, 0, label, &s.total_label)?;
        ws.write_number_with_format(r, 3, f64::from(*v), &s.count)?;
        r += 1;
    }
    // Live formulas (with their results): a clerk who changes a count sees the need follow.
    let districts_row = r;
    ws.write_string_with_format(r, 0, format!("{next}の配当対象の中学校区"), &s.total_label)?;
    ws.write_formula_with_format(
        r,
        3,
        Formula::new(format!("=SUM(D{}:D{})", first_count + 1, r))
            .set_result(y.districts_next.to_string()),
        &s.count,
    )?;
    r += 1;
    let unit_row = r;
    ws.write_string_with_format(r, 0, "1中学校区あたりの配当額", &s.total_label)?;
    ws.write_number_with_format(r, 3, y.unit as f64, &s.yen)?;
    r += 1;
    ws.write_string_with_format(r, 0, format!("{next}に必要な配当予算"), &s.total_label)?;
    ws.write_formula_with_format(
        r,
        3,
        Formula::new(format!("=D{}*D{}", districts_row + 1, unit_row + 1))
            .set_result(y.budget_next.to_string()),
        &s.yen,
    )?;
    r += 1;
    r += 1;
    ws.write_string_with_format(r, 0, "年度", &s.header)?;
    ws.write_string_with_format(r, 1, "新規モデル地域", &s.header)?;
    ws.write_string_with_format(r, 2, "事業に参加した中学校区（累計）", &s.header)?;
    ws.write_string_with_format(r, 3, "全中学校区", &s.header)?;
    let table_top = r + 1;
    for (year, total) in &y.in_programme {
        r += 1;
        ws.write_string_with_format(r, 0, fy_short(*year), &s.text)?;
        let n = y.new_by_year.get(year).copied().unwrap_or(0);
        ws.write_number_with_format(r, 1, n as f64, &s.count)?;
        ws.write_number_with_format(r, 2, *total as f64, &s.count)?;
        ws.write_number_with_format(r, 3, y.all_districts as f64, &s.count)?;
    }
    r += 2;
    let reach = match y.whole_city_year {
        Some(yr) => format!(
            "今のペースでは{}に全中学校区（{}）に広がる見込みです。",
            fy_label(yr),
            y.all_districts
        ),
        None => "まだモデル地域がないため、全市展開の見込みは計算できません。".to_string(),
    };
    ws.write_string_with_format(r, 0, reach, &s.note)?;
    if !y.in_programme.is_empty() {
        let mut chart = Chart::new(ChartType::Column);
        let last = table_top + y.in_programme.len() as u32 - 1;
        chart
            .add_series()
            .set_name("事業に参加した中学校区（累計）")
            .set_categories(("次年度計画", table_top, 0, last, 0))
            .set_values(("次年度計画", table_top, 2, last, 2));
        chart.title().set_name("事業に参加した中学校区の推移");
        chart.set_width(560).set_height(300);
        ws.insert_chart(r + 2, 0, &chart)?;
    }
    for (c, w) in [(0, 56), (1, 16), (2, 32), (3, 20)] {
        ws.set_column_width(c, w)?;
    }
    setup(ws, page, HR, next_last)?;
    Ok(())
}
