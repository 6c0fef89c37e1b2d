//! A file's bytes → sheets of cells (the grid). The format comes from the bytes, never the
//! name: a zip is read by `zipfile.rs` (xlsx, xlsb, ods, with the zip-bomb guard), text by
//! `csv.rs`, an OLE container (.xls) by `xls.rs`; a file that is not what it claims becomes a
//! plain Japanese reason (IN001 upstream). Only cells holding a value are kept, so a sheet
//! whose used range runs to a million blank rows costs nothing; a sheet with more values than
//! `limits` allow is refused, not read. A cell's value and what it reads as are
//! `sheet/cell.rs`'s. Nothing here knows about headers or tables.

mod cell;

use crate::config::Limits;
use calamine::{Dimensions, Reader, SheetType};
use cell::from_data;
pub use cell::Val;
pub(super) use cell::{from_data_ref, iso_val, text_val};

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
        return super::xls::read_ole(bytes, limits);
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
