//! A table that may outgrow one sheet: past Excel's 1,048,576 rows it continues on a sheet of
//! the same name with 「 (2)」, 「 (3)」… after it, its header repeated (spec §4: no size of
//! office stops a run). Every table writer whose rows grow with the office writes through
//! [`Continued`]; an office that fits on one sheet gets exactly the sheet it got before.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// Rows on one Excel sheet.
pub const EXCEL_ROWS: u32 = 1_048_576;
/// Excel's limit on a sheet name's length, in characters.
const MAX_NAME_CHARS: usize = 31;

/// The rows a sheet holds in this run: Excel's limit, or a smaller one set for tests with
/// `KYODO_SHEET_ROWS` (so that a split is seen without writing a million rows).
pub fn sheet_rows() -> u32 {
    use std::sync::OnceLock;
    static ROWS: OnceLock<u32> = OnceLock::new();
    *ROWS.get_or_init(|| {
        std::env::var("KYODO_SHEET_ROWS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| (8..=EXCEL_ROWS).contains(n))
            .unwrap_or(EXCEL_ROWS)
    })
}

/// The name of part `part` (1-based) of the table `name`: `name` itself, then 「name (2)」.
pub fn part_name(name: &str, part: usize) -> String {
    if part <= 1 {
        return name.to_string();
    }
    let suffix = format!(" ({part})");
    let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
    let base: String = name.chars().take(room).collect();
    format!("{base}{suffix}")
}

/// One sheet of a table: its index in the workbook, its header row, the next free row.
#[derive(Debug, Clone, Copy)]
struct Part {
    index: usize,
    header: u32,
    next: u32,
}

/// A table written across as many sheets as it needs. `H` writes what stands above the rows
/// of a part (the cover line, the header; for part 1 anything else the sheet opens with) and
/// returns the 0-based header row; the rows follow it.
pub struct Continued<H> {
    name: String,
    rows: u32,
    header: H,
    parts: Vec<Part>,
    /// Rows go to a temporary file as they are written (rust_xlsxwriter's constant-memory
    /// mode) instead of being held until the save.
    streamed: bool,
}

impl<H> Continued<H>
where
    H: FnMut(&mut Worksheet, usize) -> Result<u32, XlsxError>,
{
    /// Adds the table's first sheet, named `name`, with its header.
    pub fn new(wb: &mut Workbook, name: &str, header: H) -> Result<Self, XlsxError> {
        Self::with_rows(wb, name, sheet_rows(), header)
    }

    /// [`Continued::new`] for a table of many rows: each sheet in rust_xlsxwriter's
    /// constant-memory mode, a row written out to a temporary file once the next begins, so
    /// the table is never held whole (at 10,000 districts the findings alone took hundreds of
    /// MiB). Cells keep their formats, widths, links and row heights; strings are stored
    /// inline in the sheet instead of in the shared table, which Excel and calamine read the
    /// same. The header and every row must be written in order, top to bottom.
    pub fn streamed(wb: &mut Workbook, name: &str, header: H) -> Result<Self, XlsxError> {
        Self::make(wb, name, sheet_rows(), true, header)
    }

    /// [`Continued::new`] with `rows` rows a sheet.
    pub fn with_rows(
        wb: &mut Workbook,
        name: &str,
        rows: u32,
        header: H,
    ) -> Result<Self, XlsxError> {
        Self::make(wb, name, rows, false, header)
    }

    fn make(
        wb: &mut Workbook,
        name: &str,
        rows: u32,
        streamed: bool,
        header: H,
    ) -> Result<Self, XlsxError> {
        let mut t = Continued {
            name: name.to_string(),
            rows,
            header,
            parts: Vec::new(),
            streamed,
        };
        t.add_part(wb)?;
        Ok(t)
    }

    fn add_part(&mut self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let index = wb.worksheets().len();
        let part = self.parts.len() + 1;
        let ws = if self.streamed {
            wb.add_worksheet_with_constant_memory()?
        } else {
            wb.add_worksheet()
        };
        ws.set_name(part_name(&self.name, part))?;
        let header = (self.header)(ws, part)?;
        // A header that leaves no row for data would continue forever.
        if header + 1 >= self.rows {
            return Err(XlsxError::RowColumnLimitError);
        }
        self.parts.push(Part {
            index,
            header,
            next: header + 1,
        });
        Ok(())
    }

    /// The sheet and 0-based row of the table's next row: on a new sheet when the current one
    /// is full.
    pub fn row<'w>(&mut self, wb: &'w mut Workbook) -> Result<(&'w mut Worksheet, u32), XlsxError> {
        if self.parts.last().is_none_or(|p| p.next >= self.rows) {
            self.add_part(wb)?;
        }
        let Some(p) = self.parts.last_mut() else {
            return Err(XlsxError::RowColumnLimitError);
        };
        let row = p.next;
        p.next += 1;
        Ok((wb.worksheet_from_index(p.index)?, row))
    }

    /// The table's last sheet and its next free row: where what follows the table goes
    /// (a totals row, a block of counts), outside the table's own rows.
    pub fn tail<'w>(&self, wb: &'w mut Workbook) -> Result<(&'w mut Worksheet, u32), XlsxError> {
        let Some(p) = self.parts.last() else {
            return Err(XlsxError::RowColumnLimitError);
        };
        Ok((wb.worksheet_from_index(p.index)?, p.next))
    }

    /// [`Continued::tail`] with room for `need` rows after the table, on a new part when the
    /// last one has not that many left (a total and its note must fit on the sheet too).
    pub fn tail_with_room<'w>(
        &mut self,
        wb: &'w mut Workbook,
        need: u32,
    ) -> Result<(&'w mut Worksheet, u32), XlsxError> {
        if self
            .parts
            .last()
            .is_none_or(|p| p.next.saturating_add(need) > self.rows)
        {
            self.add_part(wb)?;
        }
        self.tail(wb)
    }

    /// Each part's header row and last row (the header's next when the part holds no row),
    /// in order: for formulas over every part of the table.
    pub fn parts(&self) -> Vec<(u32, u32)> {
        self.parts
            .iter()
            .map(|p| (p.header, (p.next - 1).max(p.header + 1)))
            .collect()
    }

    /// How many sheets the table takes.
    pub fn sheets(&self) -> usize {
        self.parts.len()
    }

    /// Calls `each` with every sheet of the table, its part number (1-based), header row and
    /// last row (the header's next when the part holds no row), for its filter, frozen panes,
    /// widths and page setup.
    pub fn finish(
        &self,
        wb: &mut Workbook,
        mut each: impl FnMut(&mut Worksheet, usize, u32, u32) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        for (i, p) in self.parts.iter().enumerate() {
            let last = (p.next - 1).max(p.header + 1);
            each(wb.worksheet_from_index(p.index)?, i + 1, p.header, last)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

    /// Writes `n` numbered rows under a cover line and a header, `rows` rows a sheet, and
    /// returns the sheets as read back: name, then each row's cells.
    fn round_trip(n: u32, rows: u32) -> Vec<(String, Vec<Vec<String>>)> {
        let mut wb = Workbook::new();
        let mut t = Continued::with_rows(&mut wb, "チェック結果", rows, |ws, part| {
            ws.write_string(0, 0, format!("表紙 {part}"))?;
            ws.write_string(1, 0, "番号")?;
            ws.write_string(1, 1, "内容")?;
            Ok(1)
        })
        .unwrap();
        for i in 0..n {
            let (ws, r) = t.row(&mut wb).unwrap();
            ws.write_number(r, 0, f64::from(i)).unwrap();
            ws.write_string(r, 1, format!("行{i}")).unwrap();
        }
        // Each part gets a filter over its own rows.
        t.finish(&mut wb, |ws, _, header, last| {
            ws.autofilter(header, 0, last, 1)?;
            Ok(())
        })
        .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut x: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        x.sheet_names()
            .into_iter()
            .map(|name| {
                let range = x.worksheet_range(&name).unwrap();
                let cells = range
                    .rows()
                    .map(|r| {
                        r.iter()
                            .map(|c| match c {
                                Data::Float(f) => format!("{f}"),
                                other => other.to_string(),
                            })
                            .collect()
                    })
                    .collect();
                (name, cells)
            })
            .collect()
    }

    #[test]
    fn a_table_that_fits_stays_on_one_sheet() {
        let sheets = round_trip(8, 10);
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].0, "チェック結果");
        assert_eq!(sheets[0].1.len(), 10);
        assert_eq!(sheets[0].1[9], vec!["7", "行7"]);
    }

    #[test]
    fn past_the_row_limit_the_table_continues_with_its_header_repeated() {
        // 10 rows a sheet: cover + header + 8 rows; 20 rows take three sheets (8, 8, 4).
        let sheets = round_trip(20, 10);
        let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(
            names,
            ["チェック結果", "チェック結果 (2)", "チェック結果 (3)"]
        );
        let mut seen = Vec::new();
        for (part, (_, rows)) in sheets.iter().enumerate() {
            assert!(rows.len() <= 10, "{} rows on one sheet", rows.len());
            assert_eq!(rows[0][0], format!("表紙 {}", part + 1));
            assert_eq!(rows[1], vec!["番号", "内容"]);
            for r in &rows[2..] {
                assert_eq!(r[1], format!("行{}", r[0]));
                seen.push(r[0].parse::<u32>().unwrap());
            }
        }
        // Every row once, in order.
        assert_eq!(seen, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn a_long_name_is_cut_to_leave_room_for_the_part_number() {
        let long = "あ".repeat(31);
        let name = part_name(&long, 12);
        assert_eq!(name.chars().count(), 31);
        assert!(name.ends_with(" (12)"));
        assert_eq!(part_name("入力ファイル一覧", 1), "入力ファイル一覧");
    }

    #[test]
    fn a_header_taller_than_a_sheet_is_an_error_not_a_loop() {
        let mut wb = Workbook::new();
        let t = Continued::with_rows(&mut wb, "x", 10, |_, _| Ok(9));
        assert!(t.is_err());
    }
}
