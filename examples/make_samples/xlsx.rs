//! Cells, sheets and workbooks: the office's layout written byte-stable with rust_xlsxwriter.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, XlsxError,
};
use std::path::Path;

/// How a date cell shows its value.
#[derive(Clone, Copy)]
pub enum DateStyle {
    /// Real date cell shown in 和暦 (`令和7年6月14日`), as Japanese Excel formats it.
    Wareki,
    /// Real date cell shown `2025/6/14`.
    Slash,
}

#[derive(Clone)]
pub enum Cell {
    Empty,
    Text(String),
    Num(f64),
    Date(NaiveDate, DateStyle),
    /// A formula with the result Excel would have cached.
    Formula(String, f64),
}

pub fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid sample date")
}

/// A date as the sample office wrote it, with the date it means (None: unreadable).
#[derive(Clone)]
pub enum DateIn {
    Real(NaiveDate, DateStyle),
    Text(&'static str, Option<NaiveDate>),
    Blank,
}

impl DateIn {
    pub fn cell(&self) -> Cell {
        match self {
            DateIn::Real(d, s) => Cell::Date(*d, *s),
            DateIn::Text(s, _) => t(s),
            DateIn::Blank => Cell::Empty,
        }
    }
    pub fn value(&self) -> Option<NaiveDate> {
        match self {
            DateIn::Real(d, _) => Some(*d),
            DateIn::Text(_, d) => *d,
            DateIn::Blank => None,
        }
    }
}

/// 和暦 date cell.
pub fn wd(y: i32, m: u32, d: u32) -> DateIn {
    DateIn::Real(date(y, m, d), DateStyle::Wareki)
}
/// yyyy/m/d date cell.
pub fn sd(y: i32, m: u32, d: u32) -> DateIn {
    DateIn::Real(date(y, m, d), DateStyle::Slash)
}
/// Typed text meaning the given date.
pub fn td(s: &'static str, y: i32, m: u32, d: u32) -> DateIn {
    DateIn::Text(s, Some(date(y, m, d)))
}

pub struct Sheet {
    pub name: &'static str,
    pub rows: Vec<Vec<Cell>>,
    /// Vertical merges: (first row, last row, column).
    pub merges: Vec<(u32, u32, u16)>,
    pub header_row: Option<u32>,
    pub widths: &'static [f64],
}

impl Sheet {
    pub fn new(name: &'static str, widths: &'static [f64]) -> Sheet {
        Sheet {
            name,
            rows: Vec::new(),
            merges: Vec::new(),
            header_row: None,
            widths,
        }
    }
    /// Appends a row; returns its 0-based index.
    pub fn row(&mut self, cells: Vec<Cell>) -> u32 {
        self.rows.push(cells);
        (self.rows.len() - 1) as u32
    }
    pub fn line(&mut self, text: &str) -> u32 {
        self.row(vec![t(text)])
    }
    pub fn blank(&mut self) {
        self.row(Vec::new());
    }
    pub fn header(&mut self, cols: &[&str]) -> u32 {
        let r = self.row(cols.iter().map(|c| t(c)).collect());
        self.header_row = Some(r);
        r
    }
    /// The next row index.
    pub fn next(&self) -> u32 {
        self.rows.len() as u32
    }
}

/// A1 reference of a 0-based cell.
pub fn a1(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        letters.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

pub fn write_book(path: &Path, sheets: &[Sheet]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 4, 1)?.and_hms(9, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("旭川市教育委員会 社会教育課")
            .set_creation_datetime(&created),
    );
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7")
        .set_align(FormatAlign::Center);
    let body = Format::new().set_border(FormatBorder::Thin);
    let merged = body
        .clone()
        .set_align(FormatAlign::VerticalCenter)
        .set_align(FormatAlign::Center);
    let wareki = body
        .clone()
        .set_num_format("[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"");
    let slash = body.clone().set_num_format("yyyy/m/d");
    let yen = body.clone().set_num_format("#,##0");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name)?;
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        let header_row = s.header_row.unwrap_or(u32::MAX);
        for (r, cells) in s.rows.iter().enumerate() {
            let r = r as u32;
            let in_table = header_row != u32::MAX && r > header_row;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                if s.merges
                    .iter()
                    .any(|&(r1, r2, mc)| mc == c && r >= r1 && r <= r2)
                {
                    continue;
                }
                let plain = if r == header_row {
                    &header
                } else if in_table {
                    &body
                } else if r == 0 {
                    &title
                } else {
                    &Format::new()
                };
                match cell {
                    Cell::Empty => {
                        if in_table {
                            ws.write_blank(r, c, &body)?;
                        }
                    }
                    Cell::Text(v) => {
                        ws.write_string_with_format(r, c, v, plain)?;
                    }
                    Cell::Num(v) => {
                        ws.write_number_with_format(r, c, *v, if in_table { &yen } else { plain })?;
                    }
                    Cell::Date(d, style) => {
                        let f = match style {
                            DateStyle::Wareki => &wareki,
                            DateStyle::Slash => &slash,
                        };
                        ws.write_datetime_with_format(r, c, d, f)?;
                    }
                    Cell::Formula(f, result) => {
                        ws.write_formula_with_format(
                            r,
                            c,
                            Formula::new(f).set_result(result.to_string()),
                            &yen,
                        )?;
                    }
                }
            }
        }
        for &(r1, r2, c) in &s.merges {
            let text = match s.rows[r1 as usize].get(c as usize) {
                Some(Cell::Text(v)) => v.clone(),
                _ => String::new(),
            };
            ws.merge_range(r1, c, r2, c, &text, &merged)?;
        }
        if let Some(h) = s.header_row {
            ws.set_freeze_panes(h + 1, 0)?;
        }
    }
    wb.save(path)
}
