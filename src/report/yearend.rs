//! `kyodo year-end`: the year's totals, the training record, the national survey's figures
//! and the plan for next year, as 年度末報告.xlsx.
//!
//! The figures are computed first (`YearEnd::from_analysis` in `rules/yearend.rs`, pure and
//! tested) and then written here; the workbook prints only what the struct holds.

use super::budget::{Line, NO_RATIO};
use super::page::{write_unit, Page, Table, BODY_ROW};
use super::previous_year::PreviousYear;
use super::style::{break_before_bracket, fit_row_height, header_lines, text_width, Styles};
use crate::analysis::{Analysis, YearEnd};
use crate::calendar::{fy_label, fy_short, wareki};
use crate::model::{Status, ACTIVITY_CATEGORIES};
use rust_xlsxwriter::{Chart, ChartType, Formula, Worksheet, XlsxError};

/// A figure kyodo cannot know from the inputs.
pub const UNKNOWN: &str = "－（未把握）";

/// summary.json of `year-end`: the monthly run's keys (spec §4) and `year_end`, the figures
/// the next year's report sets in its 前年度 columns.
pub fn summary_json(a: &Analysis, y: &YearEnd) -> Result<Vec<u8>, String> {
    #[derive(serde::Serialize)]
    struct YearEndSummary {
        #[serde(flatten)]
        summary: super::Summary,
        year_end: super::previous_year::YearEndFigures,
    }
    let v = YearEndSummary {
        summary: super::Summary::of(a),
        year_end: super::previous_year::YearEndFigures::of(y),
    };
    let mut bytes = serde_json::to_vec_pretty(&v).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}

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

/// Writes 年度末報告.xlsx into bytes; with the previous year's figures (`previous`), a
/// 前年度 column beside each of this year's figures and the sheet 前年度比較.
pub fn workbook_bytes(
    a: &Analysis,
    y: &YearEnd,
    previous: Option<&PreviousYear>,
) -> Result<Vec<u8>, XlsxError> {
    let s = Styles::new();
    let page = Page::of(a);
    let mut wb = page.workbook("年度末報告")?;

    // The year's budget and spending per district, as 予算配当表 prints them.
    let ws = wb.add_worksheet();
    ws.set_name("地域別実績")?;
    page.title_block(ws, &s, "地域学校協働活動 年度末報告（地域別実績）")?;
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
            format!("{c}\n{}", super::budget::EXCLUDED)
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
    write_headers(ws, &s, hr, &headers, width)?;
    for (k, x) in excluded.iter().enumerate() {
        if *x {
            let c = first_cat + k as u16;
            ws.write_string_with_format(hr, c, &headers[c as usize], &s.excluded_header)?;
        }
    }
    // The lines of 予算配当表, so that every figure and total here is the same as there.
    let lines = super::budget::lines(a);
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
    super::budget::mark_over_budget(ws, &s, a, (hr + 1, tr), (2, spent_col, spent_col + 2))?;
    let mut note = tr + 1;
    ws.write_string_with_format(note, 0, super::budget::over_budget_legend(a), &s.note)?;
    if excluded.iter().any(|x| *x) {
        note += 1;
        ws.write_string_with_format(note, 0, super::budget::excluded_legend(), &s.note)?;
    }
    super::figures::write(ws, a, &s, note + 2, first_cat + 1)?;
    write_unit(ws, &s, hr - 1, last_col)?;
    setup(ws, &page, hr, tr)?;

    // The activities per district, a sheet of their own so that both print at A4.
    let ws = wb.add_worksheet();
    ws.set_name("地域別活動")?;
    page.title_block(ws, &s, "地域学校協働活動 年度末報告（地域別活動）")?;
    let mut headers: Vec<String> = vec!["中学校区".into(), "区分".into()];
    headers.extend(ACTIVITY_CATEGORIES.iter().map(|k| format!("{k}（回）")));
    headers.extend(["児童生徒数（延べ）", "サポーター数", "保険加入者数"].map(String::from));
    let last = headers.len() as u16 - 1;
    write_headers(ws, &s, hr, &headers, |c| match c {
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
    setup(ws, &page, hr, tr2)?;

    // Trainings — the year's figures first, then every session: a session list that
    // runs past a page repeats its header over nothing but sessions.
    let ws = wb.add_worksheet();
    ws.set_name("研修")?;
    page.title_block(ws, &s, "研修会の実施状況")?;
    let mut r = BODY_ROW + 1;
    let planned_label = format!("予定の研修会（{}より後）", wareki(a.as_of));
    let was = previous.map(|p| &p.figures);
    if let Some(p) = previous {
        ws.write_string_with_format(r, 4, fy_label(a.fiscal_year), &s.header)?;
        ws.write_string_with_format(r, 5, fy_label(p.fiscal_year), &s.header)?;
        r += 1;
    }
    for (label, v, before) in [
        ("研修会の回数", y.sessions, was.map(|p| p.sessions)),
        (planned_label.as_str(), y.planned_sessions, None),
        ("延べ参加者数", y.attendees, was.map(|p| p.attendees)),
        (
            "コーディネーター研修会を受講したコーディネーター",
            y.coordinators_met,
            was.map(|p| p.coordinators_met),
        ),
        (
            "受講しなかったコーディネーター",
            y.coordinators_not_met.len() as u32,
            was.map(|p| p.coordinators_not_met),
        ),
    ] {
        ws.merge_range(r, 0, r, 3, label, &s.total_label)?;
        ws.write_number_with_format(r, 4, v as f64, &s.count)?;
        if previous.is_some() {
            match before {
                Some(b) => ws.write_number_with_format(r, 5, f64::from(b), &s.count)?,
                // 予定 is as of a date: last year's close has none to compare.
                None => ws.write_string_with_format(r, 5, "－", &s.center)?,
            };
        }
        r += 1;
    }
    let sessions_header = r + 1;
    for (c, h) in ["開催日", "研修名", "種別", "会場", "参加者数"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(sessions_header, c as u16, *h, &s.header)?;
    }
    for (i, sv) in a.sessions.iter().enumerate() {
        let r = sessions_header + 1 + i as u32;
        ws.write_date_with_format(r, 0, sv.date, &s.date)?;
        ws.write_string_with_format(r, 1, &sv.name, &s.text)?;
        ws.write_string_with_format(r, 2, sv.kind.label(), &s.text)?;
        ws.write_string_with_format(r, 3, &sv.venue, &s.text)?;
        if sv.held {
            ws.write_number_with_format(r, 4, sv.attendees as f64, &s.count)?;
        } else {
            ws.write_string_with_format(r, 4, super::training::PLANNED, &s.center)?;
        }
    }
    let sessions_last = sessions_header + a.sessions.len() as u32;
    for (c, w) in [(0, 20), (1, 34), (2, 24), (3, 30), (4, 11), (5, 11)] {
        ws.set_column_width(c, w)?;
    }
    setup(ws, &page, sessions_header, sessions_last)?;

    // The coordinators short of training by name: a sheet of its own, marked on every page,
    // so that the report's other sheets can go out without names.
    if !y.coordinators_not_met.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("未受講者（内部用）")?;
        page.title_block(ws, &s, "コーディネーター研修会 未受講者（内部用）")?;
        page.mark_every_page(ws, super::internal::MARK)?;
        ws.write_string_with_format(BODY_ROW, 0, super::internal::MARK, &s.section)?;
        ws.write_string_with_format(HR, 0, "氏名", &s.header)?;
        ws.write_string_with_format(HR, 1, "中学校区", &s.header)?;
        for (i, (name, district)) in y.coordinators_not_met.iter().enumerate() {
            let r = HR + 1 + i as u32;
            ws.write_string_with_format(r, 0, name, &s.text)?;
            ws.write_string_with_format(r, 1, district, &s.text)?;
        }
        ws.set_column_width(0, 24)?;
        ws.set_column_width(1, 16)?;
        let last = HR + y.coordinators_not_met.len() as u32;
        page.setup(ws, false, Some(Table::new(HR, last)))?;
        ws.set_freeze_panes(HR + 1, 0)?;
    }

    // The national survey (as of May 1).
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
    if let Some(p) = previous {
        ws.write_string_with_format(
            HR,
            2,
            format!("前年度（{}）", fy_short(p.fiscal_year)),
            &s.header,
        )?;
    }
    let before: Vec<Option<u32>> = match was {
        Some(p) => vec![
            Some(p.honbu),
            Some(p.staff_coordinators),
            Some(p.resident_coordinators),
            Some(p.other_coordinators),
            p.schools,
        ],
        None => Vec::new(),
    };
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
        match before.get(i) {
            Some(Some(b)) => {
                ws.write_number_with_format(HR + 1 + i as u32, 2, f64::from(*b), &s.count)?
            }
            Some(None) => ws.write_string_with_format(HR + 1 + i as u32, 2, UNKNOWN, &s.text)?,
            None => continue,
        };
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
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 14)?;
    setup(ws, &page, HR, survey_last)?;

    // Next year.
    let ws = wb.add_worksheet();
    ws.set_name("次年度計画")?;
    let next_fy = a.fiscal_year + 1;
    page.title_block(ws, &s, &format!("次年度計画（{}）", fy_label(next_fy)))?;
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
    for (c, w) in [(0, 56), (1, 16), (2, 32), (3, 20)] {
        ws.set_column_width(c, w)?;
    }
    setup(ws, &page, HR, next_last)?;
    if let Some(p) = previous {
        super::previous_year::comparison_sheet(&mut wb, a, p, &s)?;
    }
    wb.save_to_buffer()
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
