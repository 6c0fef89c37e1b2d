//! `kyodo year-end`: the year's totals, the training record, the national survey's figures
//! and the plan for next year, as 年度末報告.xlsx.
//!
//! The figures are computed first (`YearEnd::from_analysis`, pure and tested) and then
//! written; the workbook prints only what the struct holds.

use super::budget::NO_RATIO;
use super::page::{write_unit, Page, Table, BODY_ROW};
use super::style::Styles;
use crate::analysis::{Analysis, Compliance};
use crate::calendar::{fy_label, fy_short, wareki};
use crate::config::Config;
use crate::model::{Role, Status, ACTIVITY_CATEGORIES};
use rust_xlsxwriter::{Chart, ChartType, Formula, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// A district's standing next year.
#[derive(Clone, Debug, PartialEq)]
pub struct NextYear {
    pub name: String,
    pub now: Status,
    pub next: Status,
    /// 「モデル終了→伴走支援」, 「モデル継続」, 「伴走支援継続」, 「未実施」.
    pub change: &'static str,
}

/// The figures of the year-end report.
#[derive(Clone, Debug)]
pub struct YearEnd {
    pub fiscal_year: i32,
    /// Districts with a 本部 function (model + support).
    pub honbu: u32,
    pub staff_coordinators: u32,
    pub resident_coordinators: u32,
    pub other_coordinators: u32,
    /// Schools in model and support districts, when the districts table lists them.
    pub schools: Vec<String>,
    /// Sessions held (on or before 基準日) and planned (after it).
    pub sessions: u32,
    pub planned_sessions: u32,
    /// Attendees of the held sessions.
    pub attendees: u32,
    pub coordinators_met: u32,
    pub coordinators_not_met: Vec<(String, String)>,
    pub next: Vec<NextYear>,
    /// Model districts that finish this year and become support next year.
    pub finishing: Vec<String>,
    pub new_needed: u32,
    /// unit × (model + support next year + new needed).
    pub budget_next: i64,
    pub unit: i64,
    /// Fiscal year → districts in the programme by then (cumulative), since the first start.
    pub in_programme: BTreeMap<i32, u32>,
    /// Fiscal year → new model districts that year.
    pub new_by_year: BTreeMap<i32, u32>,
    pub all_districts: u32,
    /// The fiscal year every district is reached at the current pace (None when no pace).
    pub whole_city_year: Option<i32>,
}

/// A district's status in a given fiscal year from its model years.
fn status_in(start: Option<i32>, end: Option<i32>, fy: i32, fallback: Status) -> Status {
    match (start, end) {
        (Some(s), Some(e)) if fy >= s && fy <= e => Status::Model,
        (Some(_), Some(e)) if fy > e => Status::Support,
        (Some(_), Some(_)) => Status::None,
        _ => fallback,
    }
}

impl YearEnd {
    pub fn from_analysis(a: &Analysis, config: &Config) -> YearEnd {
        let fy = a.fiscal_year;
        let active: Vec<_> = a
            .districts
            .iter()
            .filter(|d| d.status != Status::None)
            .collect();
        let active_names: std::collections::HashSet<&str> =
            active.iter().map(|d| d.name.as_str()).collect();
        let (mut staff, mut residents, mut other) = (0, 0, 0);
        for c in &a.coordinators {
            match c.role {
                Role::Staff if active_names.contains(c.district.as_str()) => staff += 1,
                Role::Resident if active_names.contains(c.district.as_str()) => residents += 1,
                Role::General | Role::Chief => other += 1,
                _ => {}
            }
        }
        let schools = active
            .iter()
            .flat_map(|d| d.schools.iter().cloned())
            .collect();
        let mut next = Vec::new();
        let mut finishing = Vec::new();
        for d in &a.districts {
            let n = status_in(d.model_start, d.model_end, fy + 1, d.status);
            let change = match (d.status, n) {
                (Status::Model, Status::Support) => "モデル終了→伴走支援",
                (Status::Model, Status::Model) => "モデル継続",
                (Status::Support, _) => "伴走支援継続",
                (Status::None, Status::Model) => "新規モデル",
                _ => "未実施",
            };
            if change == "モデル終了→伴走支援" {
                finishing.push(d.name.clone());
            }
            next.push(NextYear {
                name: d.name.clone(),
                now: d.status,
                next: n,
                change,
            });
        }
        let next_active = next.iter().filter(|n| n.next != Status::None).count() as u32;
        let new_needed = config.model.new_per_year;
        let unit = config.budget.unit;
        let mut new_by_year: BTreeMap<i32, u32> = BTreeMap::new();
        for (year, names) in &a.rollout {
            new_by_year.insert(*year, names.len() as u32);
        }
        let mut in_programme = BTreeMap::new();
        if let Some(first) = new_by_year.keys().next().copied() {
            let mut total = 0;
            for y in first..=fy + 1 {
                total += new_by_year.get(&y).copied().unwrap_or(0);
                in_programme.insert(y, total);
            }
        }
        let all_districts = a.districts.len() as u32;
        let ever_by_now = in_programme.get(&fy).copied().unwrap_or(0);
        let whole_city_year = new_by_year.keys().next().and_then(|first| {
            let years = (fy - first + 1).max(1) as u32;
            let pace = ever_by_now as f64 / years as f64;
            let left = all_districts.saturating_sub(ever_by_now);
            if left == 0 {
                Some(fy)
            } else if pace > 0.0 {
                Some(fy + (left as f64 / pace).ceil() as i32)
            } else {
                None
            }
        });
        YearEnd {
            fiscal_year: fy,
            honbu: active.len() as u32,
            staff_coordinators: staff,
            resident_coordinators: residents,
            other_coordinators: other,
            schools,
            sessions: a.sessions.iter().filter(|s| s.held).count() as u32,
            planned_sessions: a.sessions.iter().filter(|s| !s.held).count() as u32,
            attendees: a
                .sessions
                .iter()
                .filter(|s| s.held)
                .map(|s| s.attendees)
                .sum(),
            coordinators_met: a
                .coordinators
                .iter()
                .filter(|c| c.compliance == Compliance::Done)
                .count() as u32,
            coordinators_not_met: a
                .coordinators
                .iter()
                .filter(|c| c.compliance != Compliance::Done)
                .map(|c| (c.name.clone(), c.district.clone()))
                .collect(),
            next,
            finishing,
            new_needed,
            budget_next: unit * (next_active + new_needed) as i64,
            unit,
            in_programme,
            new_by_year,
            all_districts,
            whole_city_year,
        }
    }
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
    let rows: Vec<_> = a
        .districts
        .iter()
        .filter(|d| d.status != Status::None || d.spent > 0)
        .collect();
    for (i, d) in rows.iter().enumerate() {
        let r = hr + 1 + i as u32;
        ws.write_string_with_format(r, 0, &d.name, &s.text)?;
        ws.write_string_with_format(r, 1, d.status.label(), &s.text)?;
        ws.write_number_with_format(r, 2, d.allocation as f64, &s.yen)?;
        for (k, cat) in a.budget.categories.iter().enumerate() {
            let v = d.spent_by_category.get(cat).copied().unwrap_or(0);
            ws.write_number_with_format(r, first_cat + k as u16, v as f64, &s.yen_blank)?;
        }
        let excel_row = r + 1;
        let sum = Formula::new(format!(
            "=SUM({}{excel_row}:{}{excel_row})",
            col_name(first_cat),
            col_name(spent_col - 1)
        ))
        .set_result(d.spent.to_string());
        ws.write_formula_with_format(r, spent_col, sum, &s.yen)?;
        let rem = Formula::new(format!("=C{excel_row}-{}{excel_row}", col_name(spent_col)))
            .set_result(d.remaining.to_string());
        ws.write_formula_with_format(r, spent_col + 1, rem, &s.yen)?;
        let ratio = Formula::new(format!(
            "=IF(C{excel_row}=0,\"{NO_RATIO}\",{}{excel_row}/C{excel_row})",
            col_name(spent_col)
        ))
        // An empty cached result reads as 0 (0.0%) in viewers that don't recalculate.
        .set_result(
            d.ratio()
                .map(|x| x.to_string())
                .unwrap_or_else(|| NO_RATIO.to_string()),
        );
        ws.write_formula_with_format(r, spent_col + 2, ratio, &s.percent)?;
        for (k, kind) in ACTIVITY_CATEGORIES.iter().enumerate() {
            let v = d.activities_by_category.get(*kind).copied().unwrap_or(0);
            ws.write_number_with_format(r, act_col + k as u16, v as f64, &s.count)?;
        }
        let c = act_col + ACTIVITY_CATEGORIES.len() as u16;
        ws.write_number_with_format(r, c, d.children as f64, &s.count)?;
        ws.write_number_with_format(r, c + 1, d.supporters as f64, &s.count)?;
        ws.write_number_with_format(r, c + 2, d.insured_supporters as f64, &s.count)?;
    }
    let tr = hr + 1 + rows.len() as u32;
    ws.write_string_with_format(tr, 0, "合計", &s.total_label)?;
    ws.write_string_with_format(tr, 1, "", &s.total_label)?;
    let total_of = |f: &dyn Fn(&crate::analysis::DistrictView) -> i64| -> i64 {
        rows.iter().map(|d| f(d)).sum()
    };
    let last_col = act_col + ACTIVITY_CATEGORIES.len() as u16 + 2;
    for c in 2..=last_col {
        if c == spent_col + 2 {
            let total_alloc = total_of(&|d| d.allocation);
            let total_spent = total_of(&|d| d.spent);
            let v = if total_alloc > 0 {
                (total_spent as f64 / total_alloc as f64).to_string()
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
        let value: i64 = rows
            .iter()
            .map(|d| district_value(a, d, c, first_cat, spent_col, act_col))
            .sum();
        let f = Formula::new(format!(
            "=SUM({0}{1}:{0}{2})",
            col_name(c),
            hr + 2,
            tr.max(hr + 2)
        ))
        .set_result(value.to_string());
        let fmt = if c < act_col {
            &s.total_yen
        } else {
            &s.total_label
        };
        ws.write_formula_with_format(tr, c, f, fmt)?;
    }
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
        "コミュニティ・スクール及び地域学校協働活動実施状況調査（5月1日現在）",
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
    for (i, (label, v)) in items.iter().enumerate() {
        ws.write_string_with_format(HR + 1 + i as u32, 0, label, &s.text)?;
        ws.write_number_with_format(HR + 1 + i as u32, 1, *v, &s.count)?;
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
    let continuing = y.next.iter().filter(|n| n.next != Status::None).count() as i64;
    let lines: Vec<(String, i64, bool)> = vec![
        (
            format!(
                "{}にモデル期間を終え伴走支援地域になる中学校区",
                fy_label(next_fy)
            ),
            y.finishing.len() as i64,
            false,
        ),
        (
            format!("{}のモデル地域・伴走支援地域（継続分）", fy_label(next_fy)),
            continuing,
            false,
        ),
        (
            "新たに設定が必要なモデル地域（年3中学校区程度の計画）".into(),
            y.new_needed as i64,
            false,
        ),
        ("1中学校区あたりの配当額".to_string(), y.unit, true),
        (
            format!("{}に必要な配当予算", fy_label(next_fy)),
            y.budget_next,
            true,
        ),
    ];
    for (label, v, yen) in &lines {
        ws.write_string_with_format(r, 0, label, &s.total_label)?;
        ws.write_number_with_format(r, 3, *v as f64, if *yen { &s.yen } else { &s.count })?;
        r += 1;
    }
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

/// The value a totals cell sums, computed for its cached result.
fn district_value(
    a: &Analysis,
    d: &crate::analysis::DistrictView,
    c: u16,
    first_cat: u16,
    spent_col: u16,
    act_col: u16,
) -> i64 {
    if c == 2 {
        d.allocation
    } else if c >= first_cat && c < spent_col {
        let cat = &a.budget.categories[(c - first_cat) as usize];
        d.spent_by_category.get(cat).copied().unwrap_or(0)
    } else if c == spent_col {
        d.spent
    } else if c == spent_col + 1 {
        d.remaining
    } else if c >= act_col && c < act_col + ACTIVITY_CATEGORIES.len() as u16 {
        let kind = ACTIVITY_CATEGORIES[(c - act_col) as usize];
        d.activities_by_category.get(kind).copied().unwrap_or(0) as i64
    } else {
        let k = c - act_col - ACTIVITY_CATEGORIES.len() as u16;
        match k {
            0 => d.children as i64,
            1 => d.supporters as i64,
            _ => d.insured_supporters as i64,
        }
    }
}
