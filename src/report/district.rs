//! 地区別/<中学校区>.xlsx: one workbook per model and support district, the status the office
//! sends each district's coordinators — its budget (配当額, spending by 費目, 残額, 執行率) and
//! every expense counted, its coordinators' コーディネーター研修会, and the findings about it.
//! It names only the district's own people: its coordinators, and whoever the findings about
//! the district quote.

use super::continued::Continued;
use super::page::{write_unit, Page, Table};
use super::style::{fit_row_height, text_width, Styles, Widths};
use super::training::coordinators_in_order;
use crate::analysis::{Analysis, CoordinatorView, DistrictView, ExpenseView};
use crate::calendar::{fy_range_short, wareki};
use crate::finding::Finding;
use crate::model::Status;
use rust_xlsxwriter::{Color, Formula, Workbook, Worksheet, XlsxError};
use std::collections::{HashMap, HashSet};

/// The sub-folder of the out folder that holds the district workbooks.
pub const FOLDER: &str = "地区別";
pub const BUDGET_SHEET: &str = "予算・支出";
pub const TRAINING_SHEET: &str = "研修";
pub const FINDINGS_SHEET: &str = "確認事項";

/// The districts that get a workbook: model and support districts, in report order.
pub fn districts(a: &Analysis) -> Vec<&DistrictView> {
    super::districts_in_report_order(a)
        .into_iter()
        .filter(|d| matches!(d.status, Status::Model | Status::Support))
        .collect()
}

/// `地区別/光陽.xlsx`: the district's file, its name made safe for Windows (a character a file
/// name may not hold becomes 「_」).
pub fn file_name(district: &str) -> String {
    let safe: String = district
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let safe = safe.trim_matches(['.', ' ']);
    let safe = if safe.is_empty() { "_" } else { safe };
    format!("{FOLDER}/{safe}.xlsx")
}

/// What the district workbooks take from the whole office, sorted by district once: each
/// workbook looking through every coordinator, expense and finding made the 地区別 folder
/// quadratic (minutes at 10,000 districts). Each list keeps the order the office-wide one has.
pub struct Index<'a> {
    /// File name (`file_name`) → its district; names made alike keep the first.
    files: HashMap<String, &'a DistrictView>,
    coordinators: HashMap<&'a str, Vec<&'a CoordinatorView>>,
    expenses: HashMap<&'a str, Vec<&'a ExpenseView>>,
    findings: HashMap<&'a str, Vec<&'a Finding>>,
    /// 費目 that some expense of the office counts under (not 対象外).
    allowed: HashSet<&'a str>,
    /// The widest 開催日, 研修名 and 会場 of the office's coordinator trainings, which every
    /// district workbook lists.
    session_widths: [f64; 3],
    /// The office's coordinator trainings (indexes into `Analysis::sessions`), in order.
    coordinator_sessions: Vec<usize>,
}

/// Up to this many coordinator trainings a year, every district's workbook lists them all (a
/// city's programme has a handful). Past it — a prefecture or a national run, where trainings
/// grow with the districts — a district's workbook lists those its own coordinators attended
/// and says so, so that the 地区別 folder stays in proportion to the office.
pub const ALL_SESSIONS_UP_TO: usize = 60;

impl<'a> Index<'a> {
    pub fn new(a: &'a Analysis) -> Index<'a> {
        let mut files = HashMap::new();
        for d in districts(a) {
            files.entry(file_name(&d.name)).or_insert(d);
        }
        let mut coordinators: HashMap<&str, Vec<_>> = HashMap::new();
        for c in coordinators_in_order(a) {
            coordinators.entry(c.district.as_str()).or_default().push(c);
        }
        let mut expenses: HashMap<&str, Vec<_>> = HashMap::new();
        for e in &a.expenses {
            expenses.entry(e.district.as_str()).or_default().push(e);
        }
        let mut findings: HashMap<&str, Vec<_>> = HashMap::new();
        for f in &a.findings {
            if let Some(d) = &f.district {
                findings.entry(d.as_str()).or_default().push(f);
            }
        }
        let allowed = a
            .expenses
            .iter()
            .filter(|e| e.allowed)
            .map(|e| e.category.as_str())
            .collect();
        let mut session_widths = [0.0_f64; 3];
        let coordinator_sessions: Vec<usize> = (0..a.sessions.len())
            .filter(|&i| a.sessions[i].kind == crate::model::TrainingKind::Coordinator)
            .collect();
        for s in coordinator_sessions.iter().map(|&i| &a.sessions[i]) {
            let texts = [wareki(s.date), s.name.clone(), s.venue.clone()];
            for (max, t) in session_widths.iter_mut().zip(&texts) {
                *max = max.max(text_width(t));
            }
        }
        Index {
            session_widths,
            coordinator_sessions,
            files,
            coordinators,
            expenses,
            findings,
            allowed,
        }
    }

    /// The district whose workbook is `file` (a name of [`super::report_files`]).
    pub fn district(&self, file: &str) -> Option<&'a DistrictView> {
        self.files.get(file).copied()
    }

    fn of<'i, T>(map: &'i HashMap<&str, Vec<&'a T>>, d: &DistrictView) -> &'i [&'a T] {
        map.get(d.name.as_str()).map_or(&[], Vec::as_slice)
    }
}

/// Builds one district's workbook; the bytes depend on the Analysis only.
pub fn build(a: &Analysis, ix: &Index, d: &DistrictView) -> Result<Vec<u8>, XlsxError> {
    let page = Page::of(a);
    let title = format!("{}中学校区 地域学校協働活動の状況", d.name);
    let mut wb = page.workbook(&title)?;
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(BUDGET_SHEET)?;
    budget_sheet(ws, a, ix, d, &page, &st, &title)?;
    let ws = wb.add_worksheet();
    ws.set_name(TRAINING_SHEET)?;
    training_sheet(ws, a, ix, d, &page, &st, &title)?;
    findings_sheet(&mut wb, ix, d, &page, &st, &title)?;
    wb.save_to_buffer()
}

fn heads(
    ws: &mut Worksheet,
    st: &Styles,
    w: &mut Widths,
    row: u32,
    h: &[&str],
) -> Result<(), XlsxError> {
    for (i, h) in h.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *h, &st.header)?;
        w.fit(i as u16, h);
    }
    Ok(())
}

fn budget_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    ix: &Index,
    d: &DistrictView,
    page: &Page,
    st: &Styles,
    title: &str,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let mut row = page.title_block(ws, st, &format!("{title}（予算・支出）"))? + 1;
    let period = match (d.model_start, d.model_end) {
        (Some(s), Some(e)) => format!("（モデル地域 {}）", fy_range_short(s, e)),
        _ => String::new(),
    };
    ws.write_string_with_format(
        row,
        0,
        format!("{}中学校区　{}{period}", d.name, d.status.label()),
        &st.section,
    )?;
    row += 2;

    // The budget lines: 配当額, each 費目 spent, 支出計, 残額, 執行率.
    ws.write_string_with_format(row, 0, "予算の状況", &st.section)?;
    write_unit(ws, st, row, 1)?;
    row += 1;
    heads(ws, st, &mut w, row, &["項目", "金額"])?;
    row += 1;
    ws.write_string_with_format(row, 0, "配当額", &st.text)?;
    ws.write_number_with_format(row, 1, d.allocation as f64, &st.yen)?;
    let alloc_row = row;
    row += 1;
    let first = row;
    for c in &a.budget.categories {
        let Some(n) = d.spent_by_category.get(c) else {
            continue;
        };
        let allowed = ix.allowed.contains(c.as_str());
        let label = if allowed {
            format!("　{c}")
        } else {
            format!("　{c}（対象外の費目）")
        };
        let (text, yen) = if allowed {
            (&st.text, &st.yen)
        } else {
            (&st.excluded_text, &st.excluded_yen)
        };
        ws.write_string_with_format(row, 0, &label, text)?;
        ws.write_number_with_format(row, 1, *n as f64, yen)?;
        w.fit(0, &label);
        row += 1;
    }
    let sum = |first: u32, row: u32| {
        if row > first {
            format!("=SUM(B{}:B{})", first + 1, row)
        } else {
            "=0".to_string()
        }
    };
    ws.write_string_with_format(row, 0, "支出計", &st.total_label)?;
    ws.write_formula_with_format(
        row,
        1,
        Formula::new(sum(first, row)).set_result(d.spent.to_string()),
        &st.total_yen,
    )?;
    let spent_row = row;
    row += 1;
    ws.write_string_with_format(row, 0, "残額", &st.total_label)?;
    ws.write_formula_with_format(
        row,
        1,
        Formula::new(format!("=B{}-B{}", alloc_row + 1, spent_row + 1))
            .set_result(d.remaining.to_string()),
        &st.total_yen,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, "執行率", &st.total_label)?;
    let ratio = d.ratio();
    // Over the allocation red, over the warning ratio amber, as 予算配当表 marks them.
    let (fill, font) = match ratio {
        Some(r) if r > 1.0 => (0xFFC7CE, 0x9C0006),
        Some(r) if r > a.budget.warn_ratio => (0xFFEB9C, 0x9C5700),
        _ => (0xF2F2F2, 0x000000),
    };
    let percent = st
        .total_percent
        .clone()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font));
    ws.write_formula_with_format(
        row,
        1,
        Formula::new(format!(
            "=IF(B{a}=0,\"－\",B{s}/B{a})",
            a = alloc_row + 1,
            s = spent_row + 1
        ))
        .set_result(ratio.map_or("－".to_string(), |r| r.to_string())),
        &percent,
    )?;
    row += 2;

    // Every expense counted this year, with the cell it was read from.
    ws.write_string_with_format(row, 0, "支出の明細", &st.section)?;
    write_unit(ws, st, row, 2)?;
    row += 1;
    let head = row;
    heads(
        ws,
        st,
        &mut w,
        row,
        &["支出日", "費目", "金額", "読み取った場所"],
    )?;
    row += 1;
    let mut n = 0;
    for e in Index::of(&ix.expenses, d) {
        let place = format!("{} {}!{}", e.file, e.sheet, e.cell);
        let category = if e.allowed {
            e.category.clone()
        } else {
            format!("{}（対象外）", e.category)
        };
        ws.write_date_with_format(row, 0, e.paid_on, &st.date)?;
        ws.write_string_with_format(row, 1, &category, &st.text)?;
        ws.write_number_with_format(row, 2, e.amount as f64, &st.yen)?;
        ws.write_string_with_format(row, 3, &place, &st.text)?;
        w.fit(0, &wareki(e.paid_on));
        w.fit(1, &category);
        w.fit_yen(2, e.amount);
        w.fit(3, &place);
        row += 1;
        n += 1;
    }
    if n == 0 {
        ws.write_string_with_format(row, 0, "今年度の支出はまだありません", &st.note)?;
    }
    w.fit(1, "金額");
    w.apply(ws)?;
    page.setup(
        ws,
        false,
        Some(Table {
            header: (head, head),
            last: row,
        }),
    )?;
    Ok(())
}

fn training_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    ix: &Index,
    d: &DistrictView,
    page: &Page,
    st: &Styles,
    title: &str,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let mut row = page.title_block(ws, st, &format!("{title}（研修）"))? + 1;
    ws.write_string_with_format(row, 0, "コーディネーターの研修受講状況", &st.section)?;
    row += 1;
    heads(
        ws,
        st,
        &mut w,
        row,
        &[
            "区分",
            "氏名",
            "受講したコーディネーター研修会",
            "受講回数",
            "状況",
        ],
    )?;
    let head = row;
    row += 1;
    for c in Index::of(&ix.coordinators, d) {
        let list: Vec<String> = c
            .attended_sessions
            .iter()
            .filter_map(|i| a.sessions.get(*i))
            .map(|s| format!("{} {}", wareki(s.date), s.name))
            .collect();
        let list = super::style::join_cell(&list, "\n");
        ws.write_string_with_format(row, 0, c.role.label(), &st.text)?;
        ws.write_string_with_format(row, 1, &c.name, &st.text)?;
        ws.write_string_with_format(row, 2, &list, &st.wrap)?;
        ws.write_number_with_format(
            row,
            3,
            f64::from(c.coordinator_trainings_attended),
            &st.count,
        )?;
        ws.write_string_with_format(row, 4, c.compliance.label(), &st.center)?;
        w.fit(0, c.role.label());
        w.fit(1, &c.name);
        w.fit(2, &list);
        fit_row_height(ws, row, &[(&list, 60.0)])?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "今年度のコーディネーター研修会", &st.section)?;
    row += 1;
    let listed: Vec<usize> = if ix.coordinator_sessions.len() <= ALL_SESSIONS_UP_TO {
        ix.coordinator_sessions.clone()
    } else {
        ws.write_string_with_format(
            row,
            0,
            format!(
                "※研修会が{}回と多いため、この中学校区のコーディネーターが受講した回だけを載せています。すべての回は 研修出席状況.xlsx にあります。",
                ix.coordinator_sessions.len()
            ),
            &st.note,
        )?;
        row += 1;
        let mut own: Vec<usize> = Index::of(&ix.coordinators, d)
            .iter()
            .flat_map(|c| c.attended_sessions.iter().copied())
            .filter(|&i| {
                a.sessions
                    .get(i)
                    .is_some_and(|s| s.kind == crate::model::TrainingKind::Coordinator)
            })
            .collect();
        own.sort_unstable();
        own.dedup();
        own
    };
    heads(ws, st, &mut w, row, &["開催日", "研修名", "会場", "実施"])?;
    row += 1;
    for s in listed.iter().filter_map(|&i| a.sessions.get(i)) {
        let held = super::is_held(a, s);
        ws.write_date_with_format(row, 0, s.date, &st.date)?;
        ws.write_string_with_format(row, 1, &s.name, &st.text)?;
        ws.write_string_with_format(row, 2, &s.venue, &st.text)?;
        let mark = if held {
            super::training::HELD
        } else {
            super::training::PLANNED
        };
        ws.write_string_with_format(row, 3, mark, &st.center)?;
        row += 1;
    }
    for (col, width) in ix.session_widths.iter().enumerate() {
        w.fit_width(col as u16, *width);
    }
    w.apply(ws)?;
    page.setup(
        ws,
        false,
        Some(Table {
            header: (head, head),
            last: row,
        }),
    )?;
    Ok(())
}

/// The district's findings; past a sheet's rows they go on to 「確認事項 (2)」.
fn findings_sheet(
    wb: &mut Workbook,
    ix: &Index,
    d: &DistrictView,
    page: &Page,
    st: &Styles,
    title: &str,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let heads_ = ["重要度", "内容", "ファイル", "シート", "セル", "承認"];
    let mut t = Continued::new(wb, FINDINGS_SHEET, |ws, _| {
        let row0 = page.title_block(ws, st, &format!("{title}（確認事項）"))? + 1;
        heads(ws, st, &mut Widths::new(), row0, &heads_)?;
        Ok(row0)
    })?;
    // The header's widths, as `heads` fits them on the first part.
    for (i, h) in heads_.iter().enumerate() {
        w.fit(i as u16, h);
    }
    const MESSAGE_WIDTH: f64 = 60.0;
    let mut any = false;
    for f in Index::of(&ix.findings, d) {
        let (ws, row) = t.row(wb)?;
        ws.write_string_with_format(row, 0, f.severity.label(), st.severity(f.severity))?;
        ws.write_string_with_format(row, 1, &f.message, &st.wrap)?;
        ws.write_string_with_format(row, 2, &f.file, &st.text)?;
        ws.write_string_with_format(row, 3, &f.sheet, &st.text)?;
        ws.write_string_with_format(row, 4, &f.cell, &st.text)?;
        let waived = if f.waived() { "承認済" } else { "" };
        ws.write_string_with_format(row, 5, waived, &st.center)?;
        w.fit(2, &f.file);
        w.fit(3, &f.sheet);
        w.fit(5, "承認済");
        fit_row_height(ws, row, &[(&f.message, MESSAGE_WIDTH)])?;
        any = true;
    }
    if !any {
        let (ws, row) = t.tail(wb)?;
        ws.write_string_with_format(row, 0, "確認事項はありません", &st.note)?;
    }
    t.finish(wb, |ws, _, header, last| {
        w.apply(ws)?;
        ws.set_column_width(1, MESSAGE_WIDTH)?;
        ws.set_freeze_panes(header + 1, 0)?;
        ws.autofilter(header, 0, last, 5)?;
        page.setup(ws, true, Some(Table::new(header, last)))
    })
}
