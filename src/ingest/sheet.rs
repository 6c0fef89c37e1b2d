//! A file's bytes → sheets of cells (the grid). The format comes from the bytes, never the
//! name: a zip is read by `zipfile.rs` (xlsx, xlsb, ods, with the zip-bomb guard), text by `csv.rs`,
//! an OLE container (.xls) here; a file that is not what it claims becomes a plain Japanese
//! reason (IN001 upstream). Only cells holding a value are kept, so a sheet whose used range
//! runs to a million blank rows costs nothing; a sheet with more values than `limits` allow
//! is refused, not read. Nothing here knows about headers or tables.

use super::value::date_from_serial;
use crate::config::Limits;
use calamine::{Data, DataRef, Dimensions, Reader, SheetType, Xls, XlsError};
use chrono::NaiveDate;

/// One cell's value, as far as the file says.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Text(String),
    Num(f64),
    /// A date cell (the cell or number format is a date), with its serial value.
    Date(NaiveDate, f64),
    Bool(bool),
}

/// A row that holds at least one value: its 0-based index and its cells sorted by column.
#[derive(Clone, Debug)]
pub struct Row {
    pub idx: u32,
    pub cells: Vec<(u16, Val)>,
}

impl Row {
    pub fn get(&self, col: u16) -> Option<&Val> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// Cells holding a value as read: (row, column, value).
pub(super) type Cells = Vec<(u32, u16, Val)>;

/// One sheet: only its non-empty rows, in order.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Row>,
    /// Why the sheet was not read (a chart sheet, a damaged sheet); None when it was.
    pub skipped: Option<Skip>,
    /// Merged regions (0-based, inclusive), for headers that take two rows.
    pub merges: Vec<Dimensions>,
}

/// A sheet not read: a chart or macro sheet (no finding), a damaged one or one over
/// `limits.max_sheet_cells` (IN001, the limit's value held).
#[derive(Clone, Debug, PartialEq)]
pub enum Skip {
    NotAWorksheet,
    Damaged(String),
    TooManyCells(u64),
}

impl Skip {
    pub fn note(&self) -> String {
        match self {
            Skip::NotAWorksheet => "グラフ・マクロのシートのため読んでいません".to_string(),
            Skip::Damaged(e) => format!("シートが壊れているため読めません（{e}）"),
            Skip::TooManyCells(max) => format!(
                "値の入ったセルが{max}個を超えるため読みません（上限 limits.max_sheet_cells = {max}）"
            ),
        }
    }

    /// Whether the clerk must be told (IN001): the sheet should have been read.
    pub fn is_error(&self) -> bool {
        !matches!(self, Skip::NotAWorksheet)
    }
}

impl Grid {
    fn new(name: &str) -> Grid {
        Grid {
            name: name.to_string(),
            ..Grid::default()
        }
    }

    pub(super) fn skipped(name: &str, why: Skip) -> Grid {
        Grid {
            skipped: Some(why),
            ..Grid::new(name)
        }
    }
}

/// The worksheets of a workbook, with the chart and macro sheets marked.
pub(super) fn sheet_list<R: Reader<RS>, RS: std::io::Read + std::io::Seek>(
    wb: &R,
) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ == SheetType::WorkSheet))
        .collect()
}

/// A workbook (or a CSV as one sheet).
#[derive(Debug, Default)]
pub struct Book {
    pub sheets: Vec<Grid>,
    /// The workbook counts date serials from 1904 (old Mac Excel).
    pub is_1904: bool,
}

/// Reads a file's bytes. `Err` holds the reason, in Japanese, why it cannot be read.
pub fn read_book(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Book, String> {
    if bytes.is_empty() {
        return Err("ファイルが空です".into());
    }
    if bytes.starts_with(b"PK") {
        return super::zipfile::read_zip(bytes, limits);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return read_ole(bytes, limits);
    }
    let text = super::csv::decode_text(bytes).ok_or_else(|| {
        "ファイルの形式が分かりません（Excel・CSVのどちらでもありません）".to_string()
    })?;
    let head: String = text
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_lowercase();
    if head.starts_with("<!doctype html") || head.contains("<html") || head.contains("<table") {
        return Err("Excelファイルではありません（HTMLをxlsとして保存したもの）".into());
    }
    if head.starts_with("<?xml") {
        return Err(
            "Excelファイルではありません（XML形式。Excelで開いてxlsxとして保存し直してください）"
                .into(),
        );
    }
    if ext.eq_ignore_ascii_case("csv") || ext.eq_ignore_ascii_case("tsv") {
        return Ok(Book {
            sheets: vec![super::csv::read_csv(
                &text,
                String::new(),
                limits.max_sheet_cells,
            )],
            is_1904: false,
        });
    }
    Err(format!(
        "Excelファイルではありません（テキストファイルを.{ext}として保存したもの）"
    ))
}

/// calamine builds each .xls sheet as a dense grid of its extent when it opens the file: a
/// workbook whose sheets together span more cells than this is read sparsely by
/// [`super::biff`] instead (about 32 MB of grid at calamine's cell size).
const XLS_DENSE_MAX: u64 = 1 << 20;

pub(super) const PASSWORD: &str = "パスワードで保護されているため読めません";

fn read_ole(bytes: &[u8], limits: &Limits) -> Result<Book, String> {
    // An encrypted xlsx is an OLE container holding these streams (names in UTF-16LE).
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    if super::zipfile::contains(bytes, &utf16("EncryptedPackage"))
        || super::zipfile::contains(bytes, &utf16("EncryptionInfo"))
    {
        return Err(PASSWORD.into());
    }
    if !super::ole::chains_are_sound(bytes) {
        return Err("ファイルが壊れているため読めません（xlsの内部の連鎖が壊れています）".into());
    }
    let max = limits.max_sheet_cells;
    let stream =
        super::ole::stream(bytes, "Workbook").or_else(|| super::ole::stream(bytes, "Book"));
    let Some(stream) = stream else {
        return Err(not_a_workbook(bytes));
    };
    let globals = super::biff::globals(&stream);
    let sparse = |g: &super::biff::Globals| Book {
        sheets: g
            .sheets
            .iter()
            .enumerate()
            .map(|(i, s)| match s.is_worksheet {
                false => Grid::skipped(&s.name, Skip::NotAWorksheet),
                true => grid_from(&s.name, super::biff::read_sheet(&stream, g, i, max), max),
            })
            .collect(),
        is_1904: g.is_1904,
    };
    if let Some(g) = &globals {
        // calamine takes an XOR-encrypted file for a plain one and fails on its codepage.
        if g.password {
            return Err(PASSWORD.into());
        }
        // Sheets that overlap are read by kyodo's reader too, which never walks past the
        // next sheet's start.
        let extent = super::biff::extent(&stream, g)
            .map_or(u64::MAX, |e| e.into_iter().fold(0u64, u64::saturating_add));
        if extent > XLS_DENSE_MAX {
            return Ok(sparse(g));
        }
    }
    let mut wb: Xls<_> = match Xls::new(super::ole::OleReader::new(bytes)) {
        Ok(wb) => wb,
        Err(XlsError::Password) => return Err(PASSWORD.into()),
        // calamine parses every sheet as it opens the file, macro and chart sheets too,
        // and gives up on the whole workbook for one record it cannot take: the worksheets
        // are read by kyodo's own reader then.
        Err(e) => match &globals {
            Some(g) => return Ok(sparse(g)),
            None => return Err(format!("ファイルが壊れているため読めません（{e}）")),
        },
    };
    let is_1904 = wb.has_1904_epoch();
    let sheets = each_sheet(&mut wb, max, |wb, name| {
        let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
        (dense_cells(wb, name, max), merges)
    });
    Ok(Book { sheets, is_1904 })
}

/// Why an OLE file without a workbook stream is not read: another Office document, or none.
pub(super) fn not_a_workbook(bytes: &[u8]) -> String {
    let names = super::ole::entry_names(bytes);
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    let what = if has("WordDocument") {
        "Word の文書です"
    } else if has("PowerPoint Document") {
        "PowerPoint の資料です"
    } else {
        "Excel のブックが入っていません"
    };
    format!("Excelファイルではありません（{what}）")
}

/// What reading one sheet gave: its cells (`None` past the cell limit) and merged regions.
pub(super) type SheetRead = (Result<Option<Cells>, String>, Vec<Dimensions>);

/// Every sheet of a workbook, whatever its format: chart and macro sheets marked, the
/// worksheets read by `read` and made grids (or marked damaged, or over `max` cells).
pub(super) fn each_sheet<R, RS>(
    wb: &mut R,
    max: u64,
    mut read: impl FnMut(&mut R, &str) -> SheetRead,
) -> Vec<Grid>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
{
    let mut sheets = Vec::new();
    for (name, is_worksheet) in sheet_list(wb) {
        if !is_worksheet {
            sheets.push(Grid::skipped(&name, Skip::NotAWorksheet));
            continue;
        }
        let read = read(wb, &name);
        sheets.push(grid_from(&name, read, max));
    }
    sheets
}

/// A worksheet's grid from what reading it gave: its rows, merges filled, or why it was not
/// read (damaged, or over `max` cells).
pub(super) fn grid_from(name: &str, (cells, merges): SheetRead, max: u64) -> Grid {
    match cells {
        Ok(None) => Grid::skipped(name, Skip::TooManyCells(max)),
        Ok(Some(cells)) => {
            let mut grid = Grid::new(name);
            grid.rows = rows_from_cells(cells);
            fill_merged(&mut grid, &merges);
            grid.merges = merges;
            grid
        }
        Err(e) => Grid::skipped(name, Skip::Damaged(e)),
    }
}

/// The cells of a sheet from a reader without a streaming cell reader (xls, ods): calamine
/// builds the dense range, its values are kept. `Ok(None)` past `max` values.
pub(super) fn dense_cells<R, RS>(wb: &mut R, name: &str, max: u64) -> Result<Option<Cells>, String>
where
    R: Reader<RS>,
    R::Error: std::fmt::Display,
    RS: std::io::Read + std::io::Seek,
{
    let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let cells: Cells = range
        .used_cells()
        .filter_map(|(r, c, v)| {
            let col = u16::try_from(c as u64 + c0 as u64).ok()?;
            let row = u32::try_from(r).ok()?.checked_add(r0)?;
            Some((row, col, from_data(v)?))
        })
        .take(usize::try_from(max).unwrap_or(usize::MAX).saturating_add(1))
        .collect();
    Ok((cells.len() as u64 <= max).then_some(cells))
}

/// Groups (row, col, value) into rows sorted by row, then column.
fn rows_from_cells(mut cells: Cells) -> Vec<Row> {
    if !cells.is_sorted_by_key(|(r, c, _)| (*r, *c)) {
        cells.sort_by_key(|(r, c, _)| (*r, *c));
    }
    let mut rows: Vec<Row> = Vec::new();
    for (r, c, v) in cells {
        match rows.last_mut() {
            Some(last) if last.idx == r => last.cells.push((c, v)),
            _ => rows.push(Row {
                idx: r,
                cells: vec![(c, v)],
            }),
        }
    }
    rows
}

/// A value merged over several rows belongs to each of them: copies the top-left value
/// down the first column of the region, into rows that hold other values (so a merge
/// never turns blank rows into data).
pub fn fill_merged(grid: &mut Grid, merges: &[Dimensions]) {
    for m in merges {
        let (r0, c0) = m.start;
        let r1 = m.end.0;
        let Ok(c0) = u16::try_from(c0) else { continue };
        if r1 <= r0 {
            continue;
        }
        let top = grid.rows.partition_point(|r| r.idx < r0);
        let Some(value) = grid
            .rows
            .get(top)
            .filter(|r| r.idx == r0)
            .and_then(|r| r.get(c0))
            .cloned()
        else {
            continue;
        };
        let from = grid.rows.partition_point(|r| r.idx <= r0);
        let to = grid.rows.partition_point(|r| r.idx <= r1);
        for row in &mut grid.rows[from..to] {
            if let Err(i) = row.cells.binary_search_by_key(&c0, |(c, _)| *c) {
                row.cells.insert(i, (c0, value.clone()));
            }
        }
    }
}

pub(super) fn text_val(s: &str) -> Option<Val> {
    (!s.trim().is_empty()).then(|| Val::Text(s.to_string()))
}

fn date_val(dt: &calamine::ExcelDateTime) -> Option<Val> {
    if dt.is_datetime() {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
            return Some(Val::Date(date, dt.as_f64()));
        }
    }
    Some(Val::Num(dt.as_f64()))
}

pub(super) fn iso_val(s: &str) -> Option<Val> {
    match s
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        Some(d) => Some(Val::Date(d, 0.0)),
        None => text_val(s),
    }
}

fn from_data(v: &Data) -> Option<Val> {
    match v {
        Data::Int(i) => Some(Val::Num(*i as f64)),
        Data::Float(f) => Some(Val::Num(*f)),
        Data::String(s) => text_val(s),
        Data::Bool(b) => Some(Val::Bool(*b)),
        Data::DateTime(dt) => date_val(dt),
        Data::DateTimeIso(s) => iso_val(s),
        Data::DurationIso(s) => text_val(s),
        Data::Error(e) => Some(Val::Text(e.to_string())),
        Data::Empty => None,
    }
}

pub(super) fn from_data_ref(v: &DataRef<'_>) -> Option<Val> {
    match v {
        DataRef::Int(i) => Some(Val::Num(*i as f64)),
        DataRef::Float(f) => Some(Val::Num(*f)),
        DataRef::String(s) => text_val(s),
        DataRef::SharedString(s) => text_val(s),
        DataRef::Bool(b) => Some(Val::Bool(*b)),
        DataRef::DateTime(dt) => date_val(dt),
        DataRef::DateTimeIso(s) => iso_val(s),
        DataRef::DurationIso(s) => text_val(s),
        DataRef::Error(e) => Some(Val::Text(e.to_string())),
        DataRef::Empty => None,
    }
}

impl Val {
    /// The text a clerk sees, for messages and text fields (numbers without `.0`).
    pub fn text(&self) -> String {
        match self {
            Val::Text(s) => s.trim().to_string(),
            Val::Num(f) => fmt_num(*f),
            Val::Date(d, _) => d.format("%Y-%m-%d").to_string(),
            Val::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }

    /// [`Val::text`] without a copy when the cell holds text.
    pub fn text_ref(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Val::Text(s) => std::borrow::Cow::Borrowed(s.trim()),
            v => std::borrow::Cow::Owned(v.text()),
        }
    }

    /// The value as a date: date cells, serials (in the workbook's system), date text.
    pub fn as_date(&self, fy: i32, is_1904: bool) -> Option<NaiveDate> {
        match self {
            Val::Date(d, _) => Some(*d),
            Val::Num(f) => date_from_serial(*f, is_1904),
            Val::Text(s) => crate::calendar::parse_date_text(s, fy),
            Val::Bool(_) => None,
        }
    }

    /// The value as yen: numbers stay numbers (even in a date-formatted cell), text is parsed.
    pub fn as_amount(&self) -> Option<i64> {
        match self {
            Val::Num(f) | Val::Date(_, f) => crate::numbers::amount_from_f64(*f),
            Val::Text(s) => crate::numbers::parse_amount(s),
            Val::Bool(_) => None,
        }
    }

    /// The value as yes/no: `None` when not understood.
    pub fn as_yes_no(&self) -> Option<Option<bool>> {
        match self {
            Val::Bool(b) => Some(Some(*b)),
            Val::Num(f) if *f == 1.0 => Some(Some(true)),
            Val::Num(f) if *f == 0.0 => Some(Some(false)),
            Val::Num(_) | Val::Date(..) => None,
            Val::Text(s) => super::value::parse_yes_no(s),
        }
    }
}

fn fmt_num(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_for_files_that_are_not_workbooks() {
        assert_eq!(
            read_book(b"", "xlsx", &Limits::default()).unwrap_err(),
            "ファイルが空です"
        );
        assert!(read_book(b"<html><body><table>", "xls", &Limits::default())
            .unwrap_err()
            .contains("HTML"));
        assert!(read_book(b"PK\x03\x04abc", "xlsx", &Limits::default())
            .unwrap_err()
            .contains("途中で切れています"));
        assert!(
            read_book(&[0u8, 1, 2, 0xff, 0xfe, 0], "xlsx", &Limits::default())
                .unwrap_err()
                .contains("形式が分かりません")
        );
        let sjis = encoding_rs::SHIFT_JIS
            .encode("氏名,中学校区\n山田,光陽\n")
            .0;
        let b = read_book(&sjis, "csv", &Limits::default()).unwrap();
        assert_eq!(b.sheets[0].rows[1].get(1), Some(&Val::Text("光陽".into())));
    }

    #[test]
    fn merged_values_fill_rows_with_content_only() {
        let mut g = Grid {
            name: "s".into(),
            skipped: None,
            merges: Vec::new(),
            rows: rows_from_cells(vec![
                (1, 0, Val::Text("光陽".into())),
                (1, 1, Val::Text("A".into())),
                (2, 1, Val::Text("B".into())),
                (4, 1, Val::Text("C".into())),
            ]),
        };
        fill_merged(
            &mut g,
            &[Dimensions {
                start: (1, 0),
                end: (1_000_000, 0),
            }],
        );
        assert_eq!(g.rows.len(), 3);
        assert_eq!(g.rows[1].get(0), Some(&Val::Text("光陽".into())));
        assert_eq!(g.rows[2].get(0), Some(&Val::Text("光陽".into())));
    }
}
