//! The sheet チェック結果 of チェック結果.xlsx: every finding, one a row, coloured by severity,
//! linked to its source cell, with the columns the clerk fills in Excel (対応状況・担当・対応日・
//! メモ) — and the reading of those columns back from the previous run's workbook, so that
//! the sheet is the office's running to-do list (spec §4).
//!
//! A row is matched to its finding by a hidden last column, 照合キー: the finding's identity
//! (changes.rs), which survives the clerk sorting or filtering the sheet.

use super::check::Links;
use super::continued::{part_name, Continued};
use super::page::{Page, Table, BODY_ROW};
use super::style::{fit_row_height, Styles, Widths};
use super::CHECK_FILE;
use crate::analysis::Analysis;
use crate::analysis::ClerkNotes;
use chrono::NaiveDate;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::path::Path;

pub const FINDINGS_SHEET: &str = "チェック結果";
/// 0-based header row of the findings (Excel row 5): the title block, then one line of how
/// to use the sheet.
pub const FINDINGS_HEADER_ROW: u32 = BODY_ROW + 1;
/// The clerk's columns, in order, and the hidden key after them.
pub const NOTE_HEADS: [&str; 4] = ["対応状況", "担当", "対応日", "メモ"];
pub const KEY_HEAD: &str = "照合キー";
/// What 対応状況 offers (any other word may still be typed).
const STATUSES: [&str; 4] = ["未対応", "対応中", "対応済", "対応不要"];

/// Column widths (character units) chosen so that the sheet fits A4 landscape at 80 % or
/// more — the 10 pt font prints at 8 pt or more (spec §4).
const MESSAGE_WIDTH: f64 = 40.0;
const FILE_WIDTH: f64 = 20.0;
const SHEET_WIDTH: f64 = 12.0;
const APPROVAL_WIDTH: f64 = 14.0;
const NOTE_WIDTHS: [f64; 4] = [10.0, 9.0, 15.0, 24.0];
/// Excel refuses more hyperlinks than this on one sheet.
const MAX_LINKS: usize = 65_000;

/// The word of 対応状況 that counts a finding as dealt with (集計's 対応済 column).
pub const DONE: &str = "対応済";

/// Where 集計 finds the findings: the ID and 対応状況 columns and the last row (0-based),
/// when they all fit on the first sheet; None when they continue on another (then 集計 has
/// no 対応済 column, as one formula would count only part of them).
pub(super) fn one_sheet_layout(a: &Analysis) -> Option<(u16, u16, u32)> {
    let last = FINDINGS_HEADER_ROW + a.findings.len() as u32;
    let status = if a.changes.is_some() { 8 } else { 7 };
    (last < super::continued::sheet_rows() && !a.findings.is_empty()).then_some((1, status, last))
}

/// What the clerk wrote in 対応状況 for a finding, carried from the previous run.
pub(super) fn carried_status<'a>(a: &'a Analysis, f: &crate::finding::Finding) -> &'a str {
    a.changes
        .as_ref()
        .and_then(|c| c.notes.get(&f.identity()))
        .map_or("", |n| n.status.as_str())
}

/// Writes the findings, on as many sheets as they need.
pub(super) fn findings_sheet(
    wb: &mut Workbook,
    a: &Analysis,
    st: &Styles,
    links: &Links,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let mut heads = vec!["重要度", "ID", "内容", "ファイル", "シート", "セル", "承認"];
    if a.changes.is_some() {
        heads.push("前回比");
    }
    let notes_at = heads.len() as u16;
    heads.extend(NOTE_HEADS);
    let key_col = heads.len() as u16;
    heads.push(KEY_HEAD);
    for (c, h) in heads.iter().enumerate().take(notes_at as usize) {
        w.fit(c as u16, h);
    }
    let page = Page::of(a);
    let mut t = Continued::streamed(wb, FINDINGS_SHEET, |ws, part| {
        page.title_block(ws, st, "チェック結果")?;
        let line = if part == 1 {
            "「対応状況」「担当」「対応日」「メモ」に書いた内容は、次回の実行で同じ指摘（前回比「継続」）に引き継がれます。件数は「集計」シートにあります。".to_string()
        } else {
            format!("「{FINDINGS_SHEET}」の続き（{part}枚目）")
        };
        ws.write_string_with_format(BODY_ROW, 0, line, &st.note)?;
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(FINDINGS_HEADER_ROW, c as u16, *h, &st.header)?;
        }
        Ok(FINDINGS_HEADER_ROW)
    })?;

    let none = ClerkNotes::default();
    for (n, f) in a.findings.iter().enumerate() {
        let (ws, row) = t.row(wb)?;
        // One link a row: the cell's when there is one (it opens the file at that cell),
        // else the file's. Past the links Excel allows, the text alone.
        let with_links = n < MAX_LINKS;
        ws.write_string_with_format(row, 0, f.severity.label(), st.severity(f.severity))?;
        ws.write_string_with_format(row, 1, f.id, &st.center)?;
        ws.write_string_with_format(row, 2, &f.message, &st.wrap)?;
        let file_link = with_links && f.cell.is_empty();
        match file_link.then(|| links.to(&f.file, "", "")).flatten() {
            Some(url) if !f.file.is_empty() => {
                ws.write_url_with_options(row, 3, url, &f.file, "", Some(&st.link))?
            }
            _ => ws.write_string_with_format(row, 3, &f.file, &st.wrap)?,
        };
        ws.write_string_with_format(row, 4, &f.sheet, &st.wrap)?;
        match with_links
            .then(|| links.to(&f.file, &f.sheet, &f.cell))
            .flatten()
        {
            Some(url) if !f.cell.is_empty() => {
                ws.write_url_with_options(row, 5, url, &f.cell, "", Some(&st.link))?
            }
            _ => ws.write_string_with_format(row, 5, &f.cell, &st.center)?,
        };
        w.fit(5, &f.cell);
        let approval = match &f.waiver {
            Some(reason) if reason.is_empty() => "承認済".to_string(),
            Some(reason) => format!("承認済：{reason}"),
            None => String::new(),
        };
        ws.write_string_with_format(row, 6, &approval, &st.wrap)?;
        let key = f.identity();
        if let Some(c) = &a.changes {
            let mark = c.marks.get(&key).map_or("", |m| m.label());
            ws.write_string_with_format(row, 7, mark, &st.center)?;
        }
        let notes = a
            .changes
            .as_ref()
            .and_then(|c| c.notes.get(&key))
            .unwrap_or(&none);
        write_notes(ws, st, row, notes_at, notes)?;
        ws.write_string(row, key_col, &key)?;
        fit_row_height(
            ws,
            row,
            &[
                (&f.message, MESSAGE_WIDTH),
                (&f.file, FILE_WIDTH),
                (&f.sheet, SHEET_WIDTH),
                (&approval, APPROVAL_WIDTH),
                (&notes.memo, NOTE_WIDTHS[3]),
            ],
        )?;
    }
    w.fit(0, "エラー");
    w.fit(1, "DS005");
    let statuses = DataValidation::new()
        .allow_list_strings(&STATUSES)?
        .set_error_style(DataValidationErrorStyle::Information);
    t.finish(wb, |ws, _part, header, last| {
        w.apply(ws)?;
        for (c, width) in [
            (2, MESSAGE_WIDTH),
            (3, FILE_WIDTH),
            (4, SHEET_WIDTH),
            (6, APPROVAL_WIDTH),
        ] {
            ws.set_column_width(c, width)?;
        }
        for (k, width) in NOTE_WIDTHS.iter().enumerate() {
            ws.set_column_width(notes_at + k as u16, *width)?;
        }
        // The key is for kyodo, not for reading or printing.
        ws.set_column_hidden(key_col)?;
        ws.set_freeze_panes(header + 1, 0)?;
        ws.autofilter(header, 0, last.max(header + 1), key_col - 1)?;
        if last > header {
            ws.add_data_validation(header + 1, notes_at, last, notes_at, &statuses)?;
        }
        page.setup(ws, true, Some(Table::new(header, last)))?;
        // Wrapped messages make rows taller than the estimate of a page: every page that
        // prints part of this table repeats its header.
        ws.set_repeat_rows(header, header)?;
        Ok(())
    })
}

/// The four clerk's cells of a row, bordered and empty when nothing was written; 対応日 a
/// date cell (shown in 和暦) whether carried or typed later.
fn write_notes(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    col: u16,
    n: &ClerkNotes,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, &n.status, &st.center)?;
    ws.write_string_with_format(row, col + 1, &n.assignee, &st.wrap)?;
    match NaiveDate::parse_from_str(&n.done_on, "%Y-%m-%d") {
        Ok(d) => ws.write_date_with_format(row, col + 2, d, &st.date)?,
        Err(_) if n.done_on.is_empty() => ws.write_blank(row, col + 2, &st.date)?,
        Err(_) => ws.write_string_with_format(row, col + 2, &n.done_on, &st.wrap)?,
    };
    ws.write_string_with_format(row, col + 3, &n.memo, &st.wrap)?;
    Ok(())
}

/// What the clerk wrote in the previous run's チェック結果.xlsx in `dir`, by finding identity.
/// No workbook there (a first run, or one before these columns) gives nothing; a workbook
/// that cannot be read is an error, so that the caller can say nothing was carried.
pub fn read_clerk_notes(dir: &Path, fy: i32) -> Result<BTreeMap<String, ClerkNotes>, String> {
    use calamine::{open_workbook_auto, Reader};
    let path = dir.join(CHECK_FILE);
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let mut wb = open_workbook_auto(&path).map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    for part in 1.. {
        let name = part_name(FINDINGS_SHEET, part);
        if !wb.sheet_names().contains(&name) {
            break;
        }
        let range = wb.worksheet_range(&name).map_err(|e| e.to_string())?;
        read_sheet(&range, fy, &mut out);
    }
    Ok(out)
}

/// Marks a note's key made from where the finding points ([`location_key`]), for a sheet
/// whose 照合キー column is gone (deleted, or the rows pasted into another workbook).
pub const LOCATION_MARK: &str = "\u{1}";

/// A finding's key by what its row shows: id, file, sheet, cell and message.
pub fn location_key(id: &str, file: &str, sheet: &str, cell: &str, message: &str) -> String {
    format!("{LOCATION_MARK}{id}\u{1f}{file}\u{1f}{sheet}\u{1f}{cell}\u{1f}{message}")
}

/// The notes of one findings sheet: columns found by their header, so that a column the
/// clerk inserted or moved does not shift them. A row is keyed by its 照合キー, or, with
/// that column gone, by [`location_key`].
fn read_sheet(
    range: &calamine::Range<calamine::Data>,
    fy: i32,
    out: &mut BTreeMap<String, ClerkNotes>,
) {
    let rows: Vec<&[calamine::Data]> = range.rows().collect();
    let Some((h, header)) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.iter().any(|c| cell_text(c) == NOTE_HEADS[0]))
    else {
        return;
    };
    let col = |name: &str| header.iter().position(|c| cell_text(c) == name);
    let key_col = col(KEY_HEAD);
    let shown: Vec<Option<usize>> = ["ID", "ファイル", "シート", "セル", "内容"]
        .iter()
        .map(|n| col(n))
        .collect();
    let cols: Vec<Option<usize>> = NOTE_HEADS.iter().map(|n| col(n)).collect();
    for r in &rows[h + 1..] {
        let get = |c: Option<usize>| c.and_then(|c| r.get(c)).map(cell_text).unwrap_or_default();
        let key = match get(key_col) {
            k if !k.is_empty() => k,
            _ if shown[0].is_some() && shown[4].is_some() => {
                let v: Vec<String> = shown.iter().map(|c| get(*c)).collect();
                location_key(&v[0], &v[1], &v[2], &v[3], &v[4])
            }
            _ => continue,
        };
        let notes = ClerkNotes {
            status: get(cols[0]),
            assignee: get(cols[1]),
            done_on: cols[2]
                .and_then(|c| r.get(c))
                .map(|d| cell_date(d, fy))
                .unwrap_or_default(),
            memo: get(cols[3]),
        };
        if !notes.is_empty() {
            out.insert(key, notes);
        }
    }
}

/// A cell as text: what the clerk typed, numbers without a trailing .0.
fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(t) => t
            .as_datetime()
            .map(|d| d.date().to_string())
            .unwrap_or_default(),
        Data::Empty | Data::Error(_) => String::new(),
    }
}

/// 対応日: an ISO date when the cell is a date (or text that reads as one), else the text.
fn cell_date(d: &calamine::Data, fy: i32) -> String {
    let text = cell_text(d);
    match crate::calendar::parse_date_text(&text, fy) {
        Some(date) => date.format("%Y-%m-%d").to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Data;

    #[test]
    fn notes_are_read_by_header_whatever_the_column_order() {
        let mut r = calamine::Range::new((0, 0), (3, 4));
        for (c, h) in ["メモ", "ID", KEY_HEAD, "対応日", "対応状況"]
            .iter()
            .enumerate()
        {
            r.set_value((1, c as u32), Data::String(h.to_string()));
        }
        r.set_value((2, 0), Data::String(" 電話で確認 ".into()));
        r.set_value((2, 2), Data::String("DS004|東陽".into()));
        r.set_value((2, 3), Data::String("令和7年12月5日".into()));
        r.set_value((2, 4), Data::String("対応中".into()));
        // A row with a key and nothing written is no note.
        r.set_value((3, 2), Data::String("SU001|x".into()));
        let mut out = BTreeMap::new();
        read_sheet(&r, 2025, &mut out);
        assert_eq!(out.len(), 1);
        let n = &out["DS004|東陽"];
        assert_eq!(n.status, "対応中");
        assert_eq!(n.memo, "電話で確認");
        assert_eq!(n.done_on, "2025-12-05");
        assert_eq!(n.assignee, "");
    }

    #[test]
    fn no_previous_workbook_is_no_notes_and_a_broken_one_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(read_clerk_notes(tmp.path(), 2025), Ok(BTreeMap::new()));
        std::fs::write(tmp.path().join(CHECK_FILE), b"not a workbook").unwrap();
        assert!(read_clerk_notes(tmp.path(), 2025).is_err());
    }

    #[test]
    fn without_the_key_column_a_row_is_known_by_what_it_shows() {
        let mut r = calamine::Range::new((0, 0), (1, 6));
        for (c, h) in [
            "ID",
            "内容",
            "ファイル",
            "シート",
            "セル",
            "対応状況",
            "メモ",
        ]
        .iter()
        .enumerate()
        {
            r.set_value((0, c as u32), Data::String(h.to_string()));
        }
        for (c, v) in [
            "CO001",
            "東光陽は一覧にありません",
            "名簿.xlsx",
            "名簿",
            "B7",
            "対応中",
            "確認中",
        ]
        .iter()
        .enumerate()
        {
            r.set_value((1, c as u32), Data::String(v.to_string()));
        }
        let mut out = BTreeMap::new();
        read_sheet(&r, 2025, &mut out);
        let key = location_key(
            "CO001",
            "名簿.xlsx",
            "名簿",
            "B7",
            "東光陽は一覧にありません",
        );
        assert_eq!(out[&key].memo, "確認中");
    }
}
