//! `kyodo year-end`: the year's totals, the training record, the national survey's figures
//! and the plan for next year, as 年度末報告.xlsx.
//!
//! The figures are computed first (`YearEnd::from_analysis` in `rules/yearend.rs`, pure and
//! tested) and then written here; the workbook prints only what the struct holds.

use super::budget::{Line, NO_RATIO};
use super::page::{write_unit, Page, Table, BODY_ROW};
use super::style::Styles;
use crate::analysis::{Analysis, YearEnd};
use crate::calendar::{fy_label, fy_short, wareki};
use crate::model::{Status, ACTIVITY_CATEGORIES};
use rust_xlsxwriter::{Chart, ChartType, Formula, Worksheet, XlsxError};

/// A figure kyodo cannot know from the inputs.
pub const UNKNOWN: &str = "－（未把握）";

fn col_name(c: u16) -> String {
    crate::model::a1(0, c).trim_end_matches('1').to_string()
}

/// Header row of every year-end sheet (Excel row 5): below the title block and the unit.
const HR: u32 = BODY_ROW + 1;

/// The year-end sheets' layout: frozen header and print setup, as every report; the header
/// repeats on printed pages only when the table `header_row..=last` runs past the first.
fn setup(ws: &mut Worksheet, page: &Page, header_row: u32, last: u32) -> Result<(), XlsxError> {
    page.setup(ws, true, Some(Table::new(header_row, last)))?;
    ws.set_freeze_panes(header_row + 1, 1)?;
    Ok(())
}

/// Writes 年度末報告.xlsx into bytes.
pub fn workbook_bytes(a: &Analysis, y: &YearEnd) -> Result<Vec<u8>, XlsxError> {
    let s = Styles::new();
    let page = Page::of(a);
    let mut wb = page.workbook("年度末報告")?;

    // Sheet 1: the year's totals per district.
    let ws = wb.add_worksheet();
    ws.set_name("地域別実績")?;
    page.title_block(ws, &s, "地域学校協働活動 年度末報告（地域別実績）")?;
    let hr = HR;
    let mut headers: Vec<String> = vec!["中学校区".into(), "区分".into(), "配当額".into()];
    headers.extend(a.budget.categories.iter().cloned());
    let first_cat = 3u16;
    let spent_col = first_cat + a.budget.categories.len() as u16;
    headers.extend(["支出計", "残額", "執行率"].map(String::from));
    let act_col = spent_col + 3;
    headers.extend(ACTIVITY_CATEGORIES.iter().map(|k| format!("{k}（回）")));
    headers.extend(["児童生徒数（延べ）", "サポーター数", "保険加入者数"].map(String::from));
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(hr, c as u16, h, &s.header)?;
    }
    // The lines of 予算配当表, so that every figure and total here is the same as there.
    let lines = super::budget::lines(a);
    let last_col = act_col + ACTIVITY_CATEGORIES.len() as u16 + 2;
    let mut totals = vec![0i64; last_col as usize + 1];
    for (i, line) in lines.iter().enumerate() {
        let r = hr + 1 + i as u32;
        let values = line_values(a, line, first_cat, act_col, last_col);
        let (name, kubun, alloc, spent) = match line {
            Line::District(d) => (
                d.name.clone(),
                if d.allocation == 0 && d.status == Status::None {
                    format!("{}（{}）", d.status.label(), super::budget::NO_ALLOCATION)
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
                super::budget::NO_ALLOCATION.to_string(),
                0,
                *x,
            ),
        };
        ws.write_string_with_format(r, 0, &name, &s.text)?;
        ws.write_string_with_format(r, 1, &kubun, &s.text)?;
        ws.write_number_with_format(r, 2, alloc as f64, &s.yen)?;
        for c in first_cat..spent_col {
            match values[c as usize] {
                Some(v) => ws.write_number_with_format(r, c, v as f64, &s.yen_blank)?,
                None => ws.write_blank(r, c, &s.yen_blank)?,
            };
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
        for c in act_col..=last_col {
            match values[c as usize] {
                Some(v) => ws.write_number_with_format(r, c, v as f64, &s.count)?,
                None => ws.write_blank(r, c, &s.count)?,
            };
        }
        for (c, v) in values.iter().enumerate() {
            totals[c] += v.unwrap_or(0);
        }
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
            ws.write_formula_with_format(tr, c, f, &s.percent)?;
            continue;
        }
        let f = Formula::new(format!(
            "=SUM({0}{1}:{0}{2})",
            col_name(c),
            hr + 2,
            tr.max(hr + 2)
        ))
        .set_result(totals[c as usize].to_string());
        let fmt = if c < act_col {
            &s.total_yen
        } else {
            &s.total_label
        };
        ws.write_formula_with_format(tr, c, f, fmt)?;
    }
    super::figures::write(ws, a, &s, tr + 2, first_cat + 1)?;
    // Money needs room for ¥ and separators; counts are narrow; long labels wrap.
    for c in 0..=last_col {
        let width = match c {
            0 => 10.0,
            1 => 12.0,
            c if c < act_col => 11.0,
            _ => 9.0,
        };
        ws.set_column_width(c, width)?;
    }
    ws.set_row_height(hr, 45)?;
    write_unit(ws, &s, hr - 1, spent_col + 1)?;
    setup(ws, &page, hr, tr)?;

    // Sheet 2: trainings.
    let ws = wb.add_worksheet();
    ws.set_name("研修")?;
    page.title_block(ws, &s, "研修会の実施状況")?;
    for (c, h) in ["開催日", "研修名", "種別", "会場", "参加者数"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(HR, c as u16, *h, &s.header)?;
    }
    for (i, sv) in a.sessions.iter().enumerate() {
        let r = HR + 1 + i as u32;
        ws.write_string_with_format(r, 0, wareki(sv.date), &s.text)?;
        ws.write_string_with_format(r, 1, &sv.name, &s.text)?;
        ws.write_string_with_format(r, 2, sv.kind.label(), &s.text)?;
        ws.write_string_with_format(r, 3, &sv.venue, &s.text)?;
        if sv.held {
            ws.write_number_with_format(r, 4, sv.attendees as f64, &s.count)?;
        } else {
            ws.write_string_with_format(r, 4, super::training::PLANNED, &s.center)?;
        }
    }
    let sessions_last = HR + a.sessions.len() as u32;
    let mut r = HR + 2 + a.sessions.len() as u32;
    let planned_label = format!("予定の研修会（{}より後）", wareki(a.as_of));
    for (label, v) in [
        ("研修会の回数", y.sessions),
        (planned_label.as_str(), y.planned_sessions),
        ("延べ参加者数", y.attendees),
        (
            "コーディネーター研修会を受講したコーディネーター",
            y.coordinators_met,
        ),
        (
            "受講しなかったコーディネーター",
            y.coordinators_not_met.len() as u32,
        ),
    ] {
        ws.write_string_with_format(r, 0, label, &s.total_label)?;
        ws.write_number_with_format(r, 4, v as f64, &s.count)?;
        r += 1;
    }
    if !y.coordinators_not_met.is_empty() {
        r += 1;
        ws.write_string_with_format(r, 0, "未受講のコーディネーター（内部用）", &s.header)?;
        ws.write_string_with_format(r, 1, "中学校区", &s.header)?;
        for (name, district) in &y.coordinators_not_met {
            r += 1;
            ws.write_string_with_format(r, 0, name, &s.text)?;
            ws.write_string_with_format(r, 1, district, &s.text)?;
        }
    }
    for (c, w) in [(0, 24), (1, 34), (2, 24), (3, 22), (4, 10)] {
        ws.set_column_width(c, w)?;
    }
    setup(ws, &page, HR, sessions_last)?;

    // Sheet 3: the national survey (as of May 1).
    let ws = wb.add_worksheet();
    ws.set_name("実施状況調査")?;
    page.title_block(
        ws,
        &s,
        &format!(
            "コミュニティ・スクール及び地域学校協働活動実施状況調査（{}現在）",
            wareki(a.as_of)
        ),
    )?;
    ws.write_string_with_format(HR, 0, "項目", &s.header)?;
    ws.write_string_with_format(HR, 1, "数", &s.header)?;
    let items: Vec<(String, f64)> = vec![
        (
            "地域学校協働本部の機能を持つ中学校区（モデル地域＋伴走支援地域）".into(),
            y.honbu as f64,
        ),
        (
            "地域学校協働活動推進員等（社会教育課職員）".into(),
            y.staff_coordinators as f64,
        ),
        (
            "地域学校協働活動推進員等（地域の方）".into(),
            y.resident_coordinators as f64,
        ),
        (
            "統括・チーフコーディネーター".into(),
            y.other_coordinators as f64,
        ),
        (
            "本部がカバーする学校数（中学校区一覧に学校の記載がある場合）".into(),
            y.schools.len() as f64,
        ),
    ];
    let schools_row = items.len() - 1;
    for (i, (label, v)) in items.iter().enumerate() {
        ws.write_string_with_format(HR + 1 + i as u32, 0, label, &s.text)?;
        if i == schools_row && !y.schools_known {
            // No input names schools: a 0 would go to the ministry as a fact.
            ws.write_string_with_format(HR + 1 + i as u32, 1, UNKNOWN, &s.text)?;
        } else {
            ws.write_number_with_format(HR + 1 + i as u32, 1, *v, &s.count)?;
        }
    }
    let survey_last = HR + items.len() as u32;
    if !y.schools.is_empty() {
        let top = survey_last + 2;
        ws.write_string_with_format(top, 0, "学校", &s.header)?;
        for (i, sch) in y.schools.iter().enumerate() {
            ws.write_string_with_format(top + 1 + i as u32, 0, sch, &s.text)?;
        }
    }
    ws.set_column_width(0, 64)?;
    ws.set_column_width(1, 10)?;
    setup(ws, &page, HR, survey_last)?;

    // Sheet 4: next year.
    let ws = wb.add_worksheet();
    ws.set_name("次年度計画")?;
    let next_fy = a.fiscal_year + 1;
    page.title_block(ws, &s, &format!("{} 計画", fy_label(next_fy)))?;
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
        format!("：{}", y.named_new.join("・"))
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
    for (c, w) in [(0, 56), (1, 16), (2, 22), (3, 20)] {
        ws.set_column_width(c, w)?;
    }
    setup(ws, &page, HR, next_last)?;
    wb.save_to_buffer()
}

/// A line's 費目 and activity columns (None: blank, as for the planned additions); the
/// other columns are the line's allocation and spending.
fn line_values(
    a: &Analysis,
    line: &Line,
    first_cat: u16,
    act_col: u16,
    last_col: u16,
) -> Vec<Option<i64>> {
    let mut v = vec![None; last_col as usize + 1];
    let Line::District(d) = line else {
        return v;
    };
    for (k, cat) in a.budget.categories.iter().enumerate() {
        v[(first_cat as usize) + k] = Some(d.spent_by_category.get(cat).copied().unwrap_or(0));
    }
    for (k, kind) in ACTIVITY_CATEGORIES.iter().enumerate() {
        let n = d.activities_by_category.get(*kind).copied().unwrap_or(0);
        v[act_col as usize + k] = Some(i64::from(n));
    }
    let c = act_col as usize + ACTIVITY_CATEGORIES.len();
    v[c] = Some(i64::from(d.children));
    v[c + 1] = Some(i64::from(d.supporters));
    v[c + 2] = Some(i64::from(d.insured_supporters));
    v
}
