//! 予算配当表.xlsx: the seed's 「R7予算配当は、18万円（9中学校区×2万円）」 made real — per
//! district its allocation, spending by 費目, remainder and 執行率, the planned additions, and
//! totals as live formulas that also carry their results. The notes under the table are
//! `budget/notes.rs`'s, 執行率 and its colours `budget/ratio.rs`'s, the 支出明細 sheet
//! `budget/detail.rs`'s, the ボランティア保険料の見込み below the chart `budget/insurance.rs`'s.

mod detail;
pub(super) mod insurance;
mod notes;
mod ratio;

use super::check::Links;
use super::districts_in_report_order;
use super::page::{write_unit, Page, Table, BODY_ROW};
use super::style::{break_before_bracket, header_lines, Styles, Widths};
use crate::analysis::{Analysis, DistrictView};
use crate::calendar::{fy_range_short, fy_short};
use crate::model::{a1, Status};
use detail::detail_sheet;
use ratio::write_ratio;
pub(super) use ratio::{excluded_legend, mark_over_budget, over_budget_legend};
use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Formula, Worksheet, XlsxError};

pub const SHEET: &str = "予算配当表";
/// 0-based row of the header (Excel row 5), below the title block and the unit.
pub const HEADER_ROW: u32 = BODY_ROW + 1;
/// 執行率 of a line without allocation.
pub const NO_RATIO: &str = "－";
/// The sheet of every counted expense.
pub const DETAIL_SHEET: &str = "支出明細";
/// Marks a 費目 the allocation may not pay.
pub const EXCLUDED: &str = "（対象外）";
/// Marks spending where there is no allocation.
pub const NO_ALLOCATION: &str = "配当なし";
/// The column of spending since the previous run.
pub const SINCE: &str = "前回からの増減";

/// The 区分 column: 「伴走支援地域」 on one line, a longer 区分 on two.
const KUBUN_WIDTH: f64 = 13.0;
/// The widest line of a 費目 header (display units).
const CATEGORY_WIDTH: f64 = 16.0;
/// Rows the chart covers (its 320 px over rows of 20 px), and one blank row below it.
const CHART_ROWS: u32 = 17;

/// One line of the table (年度末報告's 地域別実績 prints the same lines).
pub(super) enum Line<'a> {
    District(&'a DistrictView),
    /// Spending charged to districts that are not in the districts table.
    Unlisted(i64),
    /// Model districts the config plans to add this year, not yet named.
    Planned(u32),
}

/// Builds the workbook; the bytes depend on the Analysis (and the links to the inputs) only.
pub(super) fn build(a: &Analysis, links: &Links) -> Result<Vec<u8>, XlsxError> {
    let title = "予算配当表";
    let page = Page::of(a);
    let mut wb = page.workbook(title)?;
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    write_sheet(ws, a, &page, &st, title)?;
    detail_sheet(&mut wb, a, &page, &st, links)?;
    wb.save_to_buffer()
}

/// The table's lines: allocated districts, the planned additions, then spending without an
/// allocation (districts of the list, then those outside it).
pub(super) fn lines(a: &Analysis) -> Vec<Line<'_>> {
    let ordered = districts_in_report_order(a);
    let mut v: Vec<Line> = ordered
        .iter()
        .filter(|d| d.allocation > 0 || matches!(d.status, Status::Model | Status::Support))
        .map(|d| Line::District(d))
        .collect();
    if a.budget.planned_additions > 0 {
        v.push(Line::Planned(a.budget.planned_additions));
    }
    let unallocated: Vec<&DistrictView> = ordered
        .iter()
        .filter(|d| {
            d.allocation == 0 && d.status == Status::None && (d.spent != 0 || has_spending(d))
        })
        .copied()
        .collect();
    let listed: i64 = unallocated.iter().map(|d| d.spent).sum();
    v.extend(unallocated.into_iter().map(Line::District));
    let unlisted = a.budget.unallocated_spent - listed;
    if unlisted > 0 {
        v.push(Line::Unlisted(unlisted));
    }
    v
}

fn has_spending(d: &DistrictView) -> bool {
    d.spent_by_category.values().any(|v| *v != 0)
}

fn write_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    page: &Page,
    st: &Styles,
    title: &str,
) -> Result<(), XlsxError> {
    let cats = &a.budget.categories;
    let n = cats.len() as u16;
    // Columns: A 中学校区, B 区分, C モデル期間, D 配当額, E.. 費目, then 支出計, 残額, 執行率.
    let c_alloc: u16 = 3;
    let c_first_cat: u16 = 4;
    let c_spent = c_first_cat + n;
    let c_rest = c_spent + 1;
    let c_ratio = c_rest + 1;
    // 前回からの増減: spending since the previous run, when there is one.
    let since = a.changes.as_ref().map(|c| {
        c.spending
            .iter()
            .map(|s| (s.district.as_str(), s.since))
            .collect::<std::collections::BTreeMap<&str, i64>>()
    });
    let c_since = since.as_ref().map(|_| c_ratio + 1);
    let c_last = c_since.unwrap_or(c_ratio);
    let excluded: Vec<bool> = cats.iter().map(|c| !a.budget.allowed.contains(c)).collect();
    let mut w = Widths::new();

    page.title_block(ws, st, title)?;
    write_unit(ws, st, HEADER_ROW - 1, c_last)?;

    // Short values under long headers: the headers go on two lines (the table, with
    // 前回からの増減, still prints at 8 pt or more).
    let mut headers: Vec<String> = ["中学校区", "区分", "モデル\n期間", "配当額"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    // A long 費目 on two lines, broken where Japanese allows (「コーディネーター\n謝金」), so
    // that the table prints at 8 pt or more on A4.
    headers.extend(cats.iter().zip(&excluded).map(|(c, x)| {
        let c = header_lines(c, CATEGORY_WIDTH);
        if *x {
            format!("{c}\n{EXCLUDED}")
        } else {
            c
        }
    }));
    headers.extend(["支出計", "残額", "執行率"].iter().map(|s| s.to_string()));
    if c_since.is_some() {
        headers.push(header_lines(SINCE, 10.0));
    }
    for (i, h) in headers.iter().enumerate() {
        let is_excluded = (i as u16) >= c_first_cat
            && (i as u16) < c_spent
            && excluded[(i as u16 - c_first_cat) as usize];
        let f = if is_excluded {
            &st.excluded_header
        } else {
            &st.header
        };
        ws.write_string_with_format(HEADER_ROW, i as u16, h, f)?;
        w.fit(i as u16, h);
    }
    ws.set_row_height(HEADER_ROW, 30)?;

    let lines = lines(a);
    let first = HEADER_ROW + 1;
    let mut row = first;
    let (mut tot_alloc, mut tot_spent) = (0i64, 0i64);
    let mut tot_cats = vec![0i64; cats.len()];
    for line in &lines {
        let planned = matches!(line, Line::Planned(_));
        // Spending with no allocation (BU001, CO001) is marked like a 費目 that is not allowed.
        let unallocated = match line {
            Line::District(d) => d.allocation == 0,
            Line::Unlisted(_) => true,
            Line::Planned(_) => false,
        };
        let (tf, yf) = if planned {
            (&st.planned_text, &st.planned_yen)
        } else if unallocated {
            (&st.excluded_text, &st.yen_blank)
        } else {
            (&st.text, &st.yen_blank)
        };
        let (name, kubun, period, alloc, by_cat): (String, String, String, i64, Vec<Option<i64>>) =
            match line {
                Line::District(d) => (
                    d.name.clone(),
                    if d.allocation == 0 && d.status == Status::None {
                        format!("{}（{NO_ALLOCATION}）", d.status.label())
                    } else {
                        d.status.label().to_string()
                    },
                    match (d.model_start, d.model_end) {
                        (Some(s), Some(e)) => fy_range_short(s, e),
                        (Some(s), None) => format!("{}~", fy_short(s)),
                        _ => String::new(),
                    },
                    d.allocation,
                    cats.iter()
                        .map(|c| Some(d.spent_by_category.get(c).copied().unwrap_or(0)))
                        .collect(),
                ),
                Line::Planned(k) => (
                    format!("追加予定 {k}地域"),
                    Status::Model.label().to_string(),
                    fy_range_short(a.fiscal_year, a.fiscal_year + 1),
                    a.budget.unit * i64::from(*k),
                    cats.iter().map(|_| None).collect(),
                ),
                Line::Unlisted(_) => (
                    "（中学校区一覧にない校区）".to_string(),
                    NO_ALLOCATION.to_string(),
                    String::new(),
                    0,
                    cats.iter().map(|_| None).collect(),
                ),
            };
        ws.write_string_with_format(row, 0, &name, tf)?;
        // 「未実施（配当なし）」 on two lines, broken before the bracket (a viewer left to wrap
        // it may start a line with 「）」), rather than widening the table.
        let kubun = break_before_bracket(&kubun, KUBUN_WIDTH - 1.0);
        ws.write_string_with_format(row, 1, &kubun, &tf.clone().set_text_wrap())?;
        if kubun.contains('\n') {
            ws.set_row_height(row, 30)?;
        }
        ws.write_string_with_format(row, 2, &period, tf)?;
        ws.write_number_with_format(row, c_alloc, alloc as f64, yf)?;
        w.fit(0, &name);
        w.fit(2, &period);
        w.fit_yen(c_alloc, alloc);
        let mut spent = 0i64;
        for (i, v) in by_cat.iter().enumerate() {
            let col = c_first_cat + i as u16;
            let cf = if excluded[i] && !planned {
                &st.excluded_yen
            } else {
                yf
            };
            match v {
                Some(x) => {
                    ws.write_number_with_format(row, col, *x as f64, cf)?;
                    w.fit_yen(col, *x);
                    spent += x;
                    tot_cats[i] += x;
                }
                None => {
                    ws.write_blank(row, col, cf)?;
                }
            }
        }
        if let Line::Unlisted(x) = line {
            // No breakdown by 費目 for districts outside the table: the total is a plain figure.
            spent = *x;
            ws.write_number_with_format(row, c_spent, spent as f64, yf)?;
        } else {
            let f = if n > 0 {
                format!("=SUM({}:{})", a1(row, c_first_cat), a1(row, c_spent - 1))
            } else {
                "=0".to_string()
            };
            ws.write_formula_with_format(
                row,
                c_spent,
                Formula::new(f).set_result(spent.to_string()),
                yf,
            )?;
        }
        w.fit_yen(c_spent, spent);
        let rest = alloc - spent;
        let f = format!("={}-{}", a1(row, c_alloc), a1(row, c_spent));
        // A 残額 of 0 is a figure, shown; a negative one as △.
        let rest_format = if planned { yf } else { &st.yen };
        ws.write_formula_with_format(
            row,
            c_rest,
            Formula::new(f).set_result(rest.to_string()),
            rest_format,
        )?;
        w.fit_yen(c_rest, rest);
        write_ratio(
            ws,
            row,
            c_alloc,
            c_spent,
            c_ratio,
            alloc,
            spent,
            &st.percent,
        )?;
        if let (Some(c), Some(m)) = (c_since, &since) {
            match line {
                Line::District(d) => {
                    let x = m.get(d.name.as_str()).copied().unwrap_or(0);
                    ws.write_number_with_format(row, c, x as f64, &st.yen_blank)?;
                    w.fit_yen(c, x);
                }
                _ => {
                    ws.write_blank(row, c, tf)?;
                }
            }
        }
        tot_alloc += alloc;
        tot_spent += spent;
        row += 1;
    }
    let last = row.saturating_sub(1).max(first);

    // Totals: live formulas carrying their results, for viewers that do not recalculate.
    let total_row = row;
    ws.write_string_with_format(total_row, 0, "合計", &st.total_label)?;
    ws.write_blank(total_row, 1, &st.total_label)?;
    ws.write_blank(total_row, 2, &st.total_label)?;
    // SUBTOTAL(109, …) leaves out the rows a filter hides, so the total stays right for
    // what is shown; the cached result is the whole table's, as written unfiltered.
    let sum = |col: u16| {
        if lines.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUBTOTAL(109,{}:{})", a1(first, col), a1(last, col))
        }
    };
    let put_total = |ws: &mut Worksheet, col: u16, value: i64| -> Result<(), XlsxError> {
        ws.write_formula_with_format(
            total_row,
            col,
            Formula::new(sum(col)).set_result(value.to_string()),
            &st.total_yen,
        )?;
        Ok(())
    };
    put_total(ws, c_alloc, tot_alloc)?;
    for (i, v) in tot_cats.iter().enumerate() {
        put_total(ws, c_first_cat + i as u16, *v)?;
    }
    put_total(ws, c_spent, tot_spent)?;
    put_total(ws, c_rest, tot_alloc - tot_spent)?;
    if let (Some(c), Some(m)) = (c_since, &since) {
        let shown: i64 = lines
            .iter()
            .filter_map(|l| match l {
                Line::District(d) => m.get(d.name.as_str()).copied(),
                _ => None,
            })
            .sum();
        put_total(ws, c, shown)?;
    }
    w.fit_yen(c_alloc, tot_alloc);
    w.fit_yen(c_spent, tot_spent);
    write_ratio(
        ws,
        total_row,
        c_alloc,
        c_spent,
        c_ratio,
        tot_alloc,
        tot_spent,
        &st.total_percent,
    )?;
    w.fit(c_ratio, "100.0%");

    mark_over_budget(ws, st, a, (first, total_row), (c_alloc, c_spent, c_ratio))?;

    let note_row = notes::write(ws, a, st, total_row, &lines, &excluded)?;

    // The year's figures as 年度末報告 and summary.json print them.
    let note_row = super::figures::write(ws, a, st, note_row + 2, c_alloc)?;

    let mut insurance_row = note_row + 1;
    if !lines.is_empty() {
        let chart = spending_chart(first, last, c_alloc, c_spent);
        ws.insert_chart(note_row + 1, 0, &chart)?;
        // The chart starts a page of its own rather than running over the bottom of the table's.
        ws.set_page_breaks(&[note_row + 1])?;
        insurance_row += CHART_ROWS;
    }
    // Below the chart, on its page (the table's page is full): the insurance premium the
    // rosters call for, beside what the ledgers paid.
    insurance::write(ws, a, st, &mut w, insurance_row)?;

    w.apply(ws)?;
    ws.set_column_width(1, KUBUN_WIDTH)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    ws.autofilter(HEADER_ROW, 0, last, c_last)?;
    page.setup(ws, true, Some(Table::new(HEADER_ROW, total_row)))?;
    Ok(())
}

/// Spending against allocation per district, as a column chart.
fn spending_chart(first: u32, last: u32, c_alloc: u16, c_spent: u16) -> Chart {
    let font = super::style::chart_font();
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name((SHEET, HEADER_ROW, c_alloc))
        .set_categories((SHEET, first, 0, last, 0))
        .set_values((SHEET, first, c_alloc, last, c_alloc));
    chart
        .add_series()
        .set_name((SHEET, HEADER_ROW, c_spent))
        .set_categories((SHEET, first, 0, last, 0))
        .set_values((SHEET, first, c_spent, last, c_spent));
    chart
        .title()
        .set_name("中学校区別 配当額と支出計")
        .set_font(&font);
    chart.x_axis().set_font(&font);
    chart.y_axis().set_num_format("#,##0").set_font(&font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    chart.set_width(720).set_height(CHART_ROWS * 20 - 20);
    chart
}
