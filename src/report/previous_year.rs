//! 前年度: the previous year's 年度末 figures, read from the summary.json its `year-end` wrote
//! beside 年度末報告.xlsx (`out/R6/年度末/` beside `out/R7/年度末/`, spec §4), and the sheet
//! 前年度比較 that sets them beside this year's.
//!
//! Only figures are read from it (amounts, counts, district names): nothing of a person.

use super::budget::mark_over_budget;
use super::page::{write_unit, Page, Table, BODY_ROW};
use super::style::{header_lines, Styles};
use crate::analysis::Analysis;
use crate::analysis::YearEnd;
use crate::calendar::{fy_label, fy_short};
use rust_xlsxwriter::{Formula, Workbook, XlsxError};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The figures of a year's 年度末報告 that the next year compares with, as summary.json's
/// `year_end` holds them. `schools` is None when no input named schools (「－（未把握）」).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct YearEndFigures {
    pub honbu: u32,
    pub staff_coordinators: u32,
    pub resident_coordinators: u32,
    pub other_coordinators: u32,
    pub schools: Option<u32>,
    pub sessions: u32,
    pub attendees: u32,
    pub coordinators_met: u32,
    pub coordinators_not_met: u32,
    pub districts_next: u32,
    pub budget_next: i64,
}

impl YearEndFigures {
    pub fn of(y: &YearEnd) -> YearEndFigures {
        YearEndFigures {
            honbu: y.honbu,
            staff_coordinators: y.staff_coordinators,
            resident_coordinators: y.resident_coordinators,
            other_coordinators: y.other_coordinators,
            schools: y.schools_known.then_some(y.schools.len() as u32),
            sessions: y.sessions,
            attendees: y.attendees,
            coordinators_met: y.coordinators_met,
            coordinators_not_met: y.coordinators_not_met.len() as u32,
            districts_next: y.districts_next,
            budget_next: y.budget_next,
        }
    }
}

/// The previous year as its 年度末 summary.json states it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PreviousYear {
    pub fiscal_year: i32,
    /// District → (配当額, 支出計).
    pub districts: BTreeMap<String, (i64, i64)>,
    pub allocation_total: i64,
    pub spent: i64,
    pub figures: YearEndFigures,
}

/// The folder the previous year's `year-end` wrote into, when `out` is laid out as the
/// default one is (`…/R7/年度末`, or `年度末-匿名`): `…/R6/年度末`.
pub fn previous_folder(out: &Path, fiscal_year: i32) -> Option<PathBuf> {
    let year_dir = out.parent()?;
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    if named(year_dir)? != fy_short(fiscal_year) || !named(out)?.starts_with("年度末") {
        return None;
    }
    Some(
        year_dir
            .parent()?
            .join(fy_short(fiscal_year - 1))
            .join("年度末"),
    )
}

/// The previous year's figures beside `out`; None when there is no such folder, or its
/// summary.json is not a 年度末 summary of the year before (then no 前年度 column is shown).
pub fn previous_year(out: &Path, fiscal_year: i32) -> Option<PreviousYear> {
    let text =
        std::fs::read_to_string(previous_folder(out, fiscal_year)?.join(super::SUMMARY_FILE))
            .ok()?;
    parse(&serde_json::from_str(&text).ok()?, fiscal_year - 1)
}

fn parse(v: &Value, fiscal_year: i32) -> Option<PreviousYear> {
    if v.get("fiscal_year")?.as_i64()? != i64::from(fiscal_year) {
        return None;
    }
    let y = v.get("year_end")?;
    let n = |k: &str| y.get(k).and_then(Value::as_u64).unwrap_or(0) as u32;
    let figures = YearEndFigures {
        honbu: n("honbu"),
        staff_coordinators: n("staff_coordinators"),
        resident_coordinators: n("resident_coordinators"),
        other_coordinators: n("other_coordinators"),
        schools: y.get("schools").and_then(Value::as_u64).map(|s| s as u32),
        sessions: n("sessions"),
        attendees: n("attendees"),
        coordinators_met: n("coordinators_met"),
        coordinators_not_met: n("coordinators_not_met"),
        districts_next: n("districts_next"),
        budget_next: y.get("budget_next").and_then(Value::as_i64).unwrap_or(0),
    };
    let amount = |d: &Value, k: &str| d.get(k).and_then(Value::as_i64).unwrap_or(0);
    let districts = v
        .get("districts")?
        .as_array()?
        .iter()
        .filter_map(|d| {
            let name = d.get("name")?.as_str()?.to_string();
            Some((name, (amount(d, "allocation"), amount(d, "spent"))))
        })
        .collect();
    let budget = v.get("budget")?;
    Some(PreviousYear {
        fiscal_year,
        districts,
        allocation_total: amount(budget, "allocation_total"),
        spent: amount(budget, "spent"),
        figures,
    })
}

/// One line of 前年度比較: 中学校区, 区分, (配当額, 支出計) the previous year and this year.
type Row = (String, String, (i64, i64), (i64, i64));

/// 前年度比較: each district's 配当額, 支出計 and 執行率 this year beside the previous year's,
/// a district of either year once, with the totals.
pub(super) fn comparison_sheet(
    wb: &mut Workbook,
    a: &Analysis,
    p: &PreviousYear,
    st: &Styles,
) -> Result<(), XlsxError> {
    let page = Page::of(a);
    let ws = wb.add_worksheet();
    ws.set_name("前年度比較")?;
    page.title_block(ws, st, "地域学校協働活動 年度末報告（前年度比較）")?;
    let (before, now) = (fy_label(p.fiscal_year), fy_label(a.fiscal_year));
    let hr = BODY_ROW + 2;
    // Two header rows: the figure over its years.
    let groups = [(2u16, "配当額"), (5, "支出計"), (8, "執行率")];
    ws.merge_range(hr, 0, hr + 1, 0, "中学校区", &st.header)?;
    ws.merge_range(hr, 1, hr + 1, 1, &format!("区分（{now}）"), &st.header)?;
    for (c, g) in groups {
        let span = if c == 8 { 1 } else { 2 };
        ws.merge_range(hr, c, hr, c + span, g, &st.header)?;
        ws.write_string_with_format(hr + 1, c, header_lines(&before, 10.0), &st.header)?;
        ws.write_string_with_format(hr + 1, c + 1, header_lines(&now, 10.0), &st.header)?;
        if span == 2 {
            ws.write_string_with_format(hr + 1, c + 2, "増減", &st.header)?;
        }
    }
    ws.set_row_height(hr + 1, 30)?;
    // This year's districts in report order, then last year's that are gone.
    let mut rows: Vec<Row> = Vec::new();
    for d in super::districts_in_report_order(a) {
        let was = p.districts.get(&d.name).copied().unwrap_or((0, 0));
        rows.push((
            d.name.clone(),
            d.status.label().to_string(),
            was,
            (d.allocation, d.spent),
        ));
    }
    for (name, was) in &p.districts {
        if !a.districts.iter().any(|d| &d.name == name) {
            rows.push((name.clone(), "（今年度なし）".into(), *was, (0, 0)));
        }
    }
    let first = hr + 2;
    let ratio = |spent: i64, alloc: i64| -> Option<f64> {
        (alloc != 0).then(|| spent as f64 / alloc as f64)
    };
    let mut write_row = |r: u32,
                         name: &str,
                         kubun: &str,
                         was: (i64, i64),
                         is: (i64, i64),
                         total: bool|
     -> Result<(), XlsxError> {
        let (label, yen, pct) = if total {
            (&st.total_label, &st.total_yen, &st.total_percent)
        } else {
            (&st.text, &st.yen, &st.percent)
        };
        ws.write_string_with_format(r, 0, name, label)?;
        ws.write_string_with_format(r, 1, kubun, label)?;
        let x = r + 1;
        for (c, before, now) in [(2u16, was.0, is.0), (5, was.1, is.1)] {
            ws.write_number_with_format(r, c, before as f64, yen)?;
            ws.write_number_with_format(r, c + 1, now as f64, yen)?;
            let (b, n) = (col(c), col(c + 1));
            ws.write_formula_with_format(
                r,
                c + 2,
                Formula::new(format!("={n}{x}-{b}{x}")).set_result((now - before).to_string()),
                yen,
            )?;
        }
        for (c, spent, alloc, sc, ac) in [(8u16, was.1, was.0, 5u16, 2u16), (9, is.1, is.0, 6, 3)] {
            let f = format!(
                "=IF({a}{x}=0,\"{}\",{s}{x}/{a}{x})",
                super::budget::NO_RATIO,
                a = col(ac),
                s = col(sc)
            );
            let cached =
                ratio(spent, alloc).map_or(super::budget::NO_RATIO.to_string(), |v| v.to_string());
            ws.write_formula_with_format(r, c, Formula::new(f).set_result(cached), pct)?;
        }
        Ok(())
    };
    for (i, (name, kubun, was, is)) in rows.iter().enumerate() {
        write_row(first + i as u32, name, kubun, *was, *is, false)?;
    }
    let total_row = first + rows.len() as u32;
    let sum = |f: fn(&Row) -> i64| -> i64 { rows.iter().map(f).sum() };
    write_row(
        total_row,
        "合計",
        "",
        (sum(|r| r.2 .0), sum(|r| r.2 .1)),
        (sum(|r| r.3 .0), sum(|r| r.3 .1)),
        true,
    )?;
    write_unit(ws, st, hr - 1, 9)?;
    // This year's 執行率 coloured as on 地域別実績.
    mark_over_budget(ws, st, a, (first, total_row), (3, 6, 9))?;
    for (k, line) in [
        format!(
            "※前年度の数値は、{before}の年度末報告（{}/年度末/summary.json）によります。",
            fy_short(p.fiscal_year)
        ),
        super::budget::over_budget_legend(a),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string_with_format(total_row + 2 + k as u32, 0, line, &st.note)?;
    }
    for (c, w) in [10.0, 14.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0, 9.0, 9.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(first, 1)?;
    page.setup(
        ws,
        true,
        Some(Table {
            header: (hr, hr + 1),
            last: total_row,
        }),
    )?;
    Ok(())
}

fn col(c: u16) -> String {
    rust_xlsxwriter::column_number_to_name(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_year_is_found_beside_the_default_out_folder_only() {
        let p = Path::new("out/R7/年度末");
        assert_eq!(
            previous_folder(p, 2025),
            Some(PathBuf::from("out/R6/年度末"))
        );
        assert_eq!(
            previous_folder(Path::new("out/R7/年度末-匿名"), 2025),
            Some(PathBuf::from("out/R6/年度末"))
        );
        assert_eq!(previous_folder(Path::new("ye"), 2025), None);
        assert_eq!(previous_folder(Path::new("out/R8/年度末"), 2025), None);
    }

    #[test]
    fn a_summary_of_another_year_or_of_a_monthly_run_is_not_the_previous_year() {
        let v: Value = serde_json::json!({
            "fiscal_year": 2024,
            "districts": [{"name": "光陽", "allocation": 20000, "spent": 8000}],
            "budget": {"allocation_total": 20000, "spent": 8000},
            "year_end": {"sessions": 1, "attendees": 3, "schools": null}
        });
        let p = parse(&v, 2024).expect("parsed");
        assert_eq!(p.districts["光陽"], (20000, 8000));
        assert_eq!(p.figures.sessions, 1);
        assert_eq!(p.figures.schools, None);
        assert_eq!(parse(&v, 2023), None);
        let mut monthly = v.clone();
        monthly.as_object_mut().unwrap().remove("year_end");
        assert_eq!(parse(&monthly, 2024), None);
    }
}
