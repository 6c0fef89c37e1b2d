//! 予算配当表.xlsx: the seed's 「R7予算配当は、18万円（9中学校区×2万円）」 made real — per
//! district its allocation, spending by 費目, remainder and 執行率, the planned additions, and
//! totals as live formulas that also carry their results.

use super::districts_in_report_order;
use super::page::{write_unit, Page, Table, BODY_ROW};
use super::style::{Styles, Widths};
use crate::analysis::{Analysis, DistrictView};
use crate::calendar::{fy_label, fy_range_short, fy_short};
use crate::model::{a1, Status};
use rust_xlsxwriter::{
    column_number_to_name, Chart, ChartLegendPosition, ChartType, ConditionalFormatFormula, Format,
    Formula, Worksheet, XlsxError,
};

pub const SHEET: &str = "予算配当表";
/// 0-based row of the header (Excel row 5), below the title block and the unit.
pub const HEADER_ROW: u32 = BODY_ROW + 1;
/// 執行率 of a line without allocation.
pub const NO_RATIO: &str = "－";

/// One line of the table.
enum Line<'a> {
    District(&'a DistrictView),
    /// Spending charged to districts that are not in the districts table.
    Unlisted(i64),
    /// Model districts the config plans to add this year, not yet named.
    Planned(u32),
}

/// Builds the workbook; the bytes depend on the Analysis only.
pub fn build(a: &Analysis) -> Result<Vec<u8>, XlsxError> {
    let title = "予算配当表";
    let page = Page::of(a);
    let mut wb = page.workbook(title)?;
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    write_sheet(ws, a, &page, &st, title)?;
    wb.save_to_buffer()
}

fn lines(a: &Analysis) -> Vec<Line<'_>> {
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
    let mut w = Widths::new();

    page.title_block(ws, st, title)?;
    write_unit(ws, st, HEADER_ROW - 1, c_ratio)?;

    let mut headers: Vec<String> = ["中学校区", "区分", "モデル期間", "配当額"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(cats.iter().cloned());
    headers.extend(["支出計", "残額", "執行率"].iter().map(|s| s.to_string()));
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, h, &st.header)?;
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
        let (tf, yf) = if planned {
            (&st.planned_text, &st.planned_yen)
        } else {
            (&st.text, &st.yen_blank)
        };
        let (name, kubun, period, alloc, by_cat): (String, String, String, i64, Vec<Option<i64>>) =
            match line {
                Line::District(d) => (
                    d.name.clone(),
                    if d.allocation == 0 && d.status == Status::None {
                        "未実施（配当なし）".to_string()
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
                    "配当なし".to_string(),
                    String::new(),
                    0,
                    cats.iter().map(|_| None).collect(),
                ),
            };
        ws.write_string_with_format(row, 0, &name, tf)?;
        ws.write_string_with_format(row, 1, &kubun, tf)?;
        ws.write_string_with_format(row, 2, &period, tf)?;
        ws.write_number_with_format(row, c_alloc, alloc as f64, yf)?;
        w.fit(0, &name);
        w.fit(1, &kubun);
        w.fit(2, &period);
        w.fit_yen(c_alloc, alloc);
        let mut spent = 0i64;
        for (i, v) in by_cat.iter().enumerate() {
            let col = c_first_cat + i as u16;
            match v {
                Some(x) => {
                    ws.write_number_with_format(row, col, *x as f64, yf)?;
                    w.fit_yen(col, *x);
                    spent += x;
                    tot_cats[i] += x;
                }
                None => {
                    ws.write_blank(row, col, yf)?;
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
    let sum = |col: u16| {
        if lines.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", a1(first, col), a1(last, col))
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

    // Over the allocation: red; over the warning ratio: yellow. ISNUMBER keeps the 「－」 of a
    // row without allocation out (text compares above any number in Excel).
    // Spending where there is no allocation is over budget too (BU001).
    let col_ref = |c: u16| format!("${}{}", column_number_to_name(c), first + 1);
    let (abs, alloc_ref, spent_ref) = (col_ref(c_ratio), col_ref(c_alloc), col_ref(c_spent));
    ws.add_conditional_format(
        first,
        0,
        total_row,
        c_ratio,
        &ConditionalFormatFormula::new()
            .set_rule(
                format!("=OR(AND(ISNUMBER({abs}),{abs}>1),AND({alloc_ref}=0,{spent_ref}>0))")
                    .as_str(),
            )
            .set_format(&st.over)
            .set_stop_if_true(true),
    )?;
    ws.add_conditional_format(
        first,
        0,
        total_row,
        c_ratio,
        &ConditionalFormatFormula::new()
            .set_rule(format!("=AND(ISNUMBER({abs}),{abs}>{})", a.budget.warn_ratio).as_str())
            .set_format(&st.warn),
    )?;

    // The seed's own note, computed from the figures.
    let mut note_row = total_row + 2;
    let b = &a.budget;
    let districts = b.allocated_districts + b.planned_additions;
    let note = format!(
        "※{}予算配当 {}円（{}中学校区×{}円）",
        fy_label(a.fiscal_year),
        super::style::thousands(b.total),
        districts,
        super::style::thousands(b.unit)
    );
    ws.write_string_with_format(note_row, 0, &note, &st.note)?;
    if b.planned_additions > 0 {
        note_row += 1;
        ws.write_string_with_format(
            note_row,
            0,
            format!(
                "※うち{}地域は年度途中に追加予定のモデル地域（{}）",
                b.planned_additions,
                super::style::yen_text(b.unit * i64::from(b.planned_additions))
            ),
            &st.note,
        )?;
    }
    if let Some(conf) = b.configured_total {
        if conf != b.total {
            note_row += 1;
            ws.write_string_with_format(
                note_row,
                0,
                format!(
                    "※設定の予算額 {}円と配当総額 {}円が一致しません（BU005）",
                    super::style::thousands(conf),
                    super::style::thousands(b.total)
                ),
                &st.note,
            )?;
        }
    }
    note_row += 1;
    ws.write_string_with_format(
        note_row,
        0,
        format!(
            "※執行率が100%を超える行（配当のない支出を含む）は赤、{}%を超える行は黄色で示します。",
            (a.budget.warn_ratio * 100.0).round()
        ),
        &st.note,
    )?;

    if !lines.is_empty() {
        let chart = spending_chart(first, last, c_alloc, c_spent);
        ws.insert_chart(note_row + 2, 0, &chart)?;
    }

    w.apply(ws)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    ws.autofilter(HEADER_ROW, 0, last, c_ratio)?;
    page.setup(ws, true, Some(Table::new(HEADER_ROW, total_row)))?;
    Ok(())
}

/// 執行率 =IF(D4=0,"－",L4/D4) with its result; 「－」 rather than "" without an allocation,
/// because an empty cached result is written as 0 and a viewer would show 0.0%.
#[allow(clippy::too_many_arguments)]
fn write_ratio(
    ws: &mut Worksheet,
    row: u32,
    c_alloc: u16,
    c_spent: u16,
    c_ratio: u16,
    alloc: i64,
    spent: i64,
    fmt: &Format,
) -> Result<(), XlsxError> {
    let d = a1(row, c_alloc);
    let k = a1(row, c_spent);
    let result = if alloc == 0 {
        NO_RATIO.to_string()
    } else {
        (spent as f64 / alloc as f64).to_string()
    };
    ws.write_formula_with_format(
        row,
        c_ratio,
        Formula::new(format!("=IF({d}=0,\"{NO_RATIO}\",{k}/{d})")).set_result(result),
        fmt,
    )?;
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
    chart.set_width(720).set_height(320);
    chart
}
