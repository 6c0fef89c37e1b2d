//! What calamine does not tell about an .ods file, read from its content.xml: the merged
//! cells (the office merges 中学校区 over its people in Calc as in Excel), and how many cells
//! each sheet spans once its repeated rows and columns are expanded — a file of a few
//! hundred bytes can declare a value repeated over millions of cells, and calamine expands
//! every sheet as it opens the file.

use super::sheet::{Cells, Val};
use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The layout of an .ods file's sheets.
#[derive(Debug, Default)]
pub struct Layout {
    /// Sheet name → merged regions (0-based, inclusive).
    pub merges: HashMap<String, Vec<Dimensions>>,
    /// Each sheet (in file order) with the cells of the rectangle from A1 to its last value,
    /// repeats expanded: what reading it costs.
    pub spans: Vec<(String, u64)>,
}

/// Reads the layout. Empty when anything is amiss: merges only refine values already read,
/// and calamine refuses a content.xml this cannot parse.
pub fn scan(bytes: &[u8]) -> Layout {
    let mut out = Layout::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(mut file) = zip.by_name("content.xml") else {
        return out;
    };
    let mut xml = Vec::new();
    if file.read_to_end(&mut xml).is_err() {
        return out;
    }
    scan_content(&xml, &mut out);
    out
}

fn scan_content(xml: &[u8], out: &mut Layout) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut sheet: Option<String> = None;
    let mut depth = 0u32; // nested tables (a table inside a cell) are not sheets
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    // End (exclusive) of the last row and column holding a value in the current sheet.
    let (mut rows_used, mut cols_used) = (0u64, 0u64);
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                depth += 1;
                if depth == 1 {
                    sheet = Some(attr_text(&e, "table:name"));
                    row = 0;
                    (rows_used, cols_used) = (0, 0);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(name) = sheet.take() {
                        out.spans.push((name, rows_used.saturating_mul(cols_used)));
                    }
                }
            }
            Event::Start(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                row_repeat = attr_num(&e, "table:number-rows-repeated").max(1);
                col = 0;
            }
            Event::Empty(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(attr_num(&e, "table:number-rows-repeated").max(1));
            }
            Event::End(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if depth == 1
                    && matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
            {
                let repeat = attr_num(e, "table:number-columns-repeated").max(1);
                // A cell with content (text) or a typed value is expanded by calamine.
                let has_value = matches!(event, Event::Start(_))
                    || e.try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some();
                if has_value {
                    rows_used = rows_used.max(u64::from(row) + u64::from(row_repeat));
                    cols_used = cols_used.max(u64::from(col) + u64::from(repeat));
                }
                let rows = attr_num(e, "table:number-rows-spanned").max(1);
                let cols = attr_num(e, "table:number-columns-spanned").max(1);
                if (rows > 1 || cols > 1) && e.name().as_ref() == "table:table-cell" {
                    if let Some(name) = &sheet {
                        let region = Dimensions {
                            start: (row, col),
                            end: (row.saturating_add(rows - 1), col.saturating_add(cols - 1)),
                        };
                        out.merges.entry(name.clone()).or_default().push(region);
                    }
                }
                col = col.saturating_add(repeat);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
}

/// One sheet read sparsely: its name and its cells holding a value (`None` past the limit).
pub type SparseSheet = (String, Option<Cells>);

/// The cells of every sheet that hold a value, read from content.xml without expanding
/// blank repeats (calamine expands every sheet to the rectangle of its last value). A value
/// repeated over many cells is that many values; a sheet with more than `max` is `None`.
/// `Err` when content.xml cannot be read.
pub fn read_sparse(bytes: &[u8], max: u64) -> Result<Vec<SparseSheet>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut file = zip.by_name("content.xml").map_err(|e| e.to_string())?;
    let mut xml = Vec::new();
    file.read_to_end(&mut xml).map_err(|e| e.to_string())?;
    sparse_content(&xml, max)
}

/// A cell being read: its value type, value attribute and text so far, and repeat.
struct OpenCell {
    kind: String,
    value: String,
    text: String,
    repeat: u32,
}

fn sparse_content(xml: &[u8], max: u64) -> Result<Vec<SparseSheet>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out: Vec<SparseSheet> = Vec::new();
    let mut depth = 0u32;
    let (mut row, mut row_repeat, mut col) = (0u32, 1u32, 0u32);
    // The current row's values (column, value, repeat), emitted once per repeated row.
    let mut row_cells: Vec<(u32, Val, u32)> = Vec::new();
    let mut cell: Option<OpenCell> = None;
    // Inside a cell: the paragraph count, and how deep in an annotation (its text is not the
    // cell's).
    let (mut paragraphs, mut note) = (0u32, 0u32);
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match event {
            Event::Eof => break,
            Event::Start(ref e) if e.name().as_ref() == "table:table" => {
                depth += 1;
                if depth == 1 {
                    out.push((attr_text(e, "table:name"), Some(Vec::new())));
                    row = 0;
                }
            }
            Event::End(ref e) if e.name().as_ref() == "table:table" => {
                depth = depth.saturating_sub(1);
            }
            _ if depth != 1 => {}
            Event::Start(ref e) if e.name().as_ref() == "table:table-row" => {
                row_repeat = attr_num(e, "table:number-rows-repeated").max(1);
                col = 0;
                row_cells.clear();
            }
            Event::Empty(ref e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(attr_num(e, "table:number-rows-repeated").max(1));
            }
            Event::End(ref e) if e.name().as_ref() == "table:table-row" => {
                if let Some((_, sheet)) = out.last_mut() {
                    let held = sheet.as_ref().map_or(0, |c| c.len() as u64);
                    let n: u64 = row_cells
                        .iter()
                        .map(|(_, _, k)| u64::from(*k))
                        .sum::<u64>()
                        .saturating_mul(u64::from(row_repeat));
                    if held.saturating_add(n) > max {
                        *sheet = None;
                    } else if let Some(cells) = sheet {
                        for r in row..row.saturating_add(row_repeat) {
                            for (c, v, k) in &row_cells {
                                for c in *c..c.saturating_add(*k) {
                                    if let Ok(c) = u16::try_from(c) {
                                        cells.push((r, c, v.clone()));
                                    }
                                }
                            }
                        }
                    }
                }
                row = row.saturating_add(row_repeat);
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if cell.is_none()
                    && matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
            {
                let open = OpenCell {
                    kind: attr_text(e, "office:value-type"),
                    value: [
                        "office:value",
                        "office:date-value",
                        "office:time-value",
                        "office:boolean-value",
                    ]
                    .iter()
                    .map(|a| attr_text(e, a))
                    .find(|v| !v.is_empty())
                    .unwrap_or_default(),
                    text: String::new(),
                    repeat: attr_num(e, "table:number-columns-repeated").max(1),
                };
                if matches!(event, Event::Start(_)) {
                    cell = Some(open);
                    (paragraphs, note) = (0, 0);
                } else {
                    col = end_cell(open, col, &mut row_cells);
                }
            }
            Event::End(ref e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                if let Some(open) = cell.take() {
                    col = end_cell(open, col, &mut row_cells);
                }
            }
            Event::Start(ref e) if cell.is_some() => match e.name().as_ref() {
                "office:annotation" => note += 1,
                "text:p" if note == 0 => {
                    if let Some(c) = cell.as_mut().filter(|_| paragraphs > 0) {
                        c.text.push('\n');
                    }
                    paragraphs += 1;
                }
                _ => {}
            },
            Event::End(ref e) if e.name().as_ref() == "office:annotation" => {
                note = note.saturating_sub(1);
            }
            Event::Empty(ref e) if note == 0 => {
                if let Some(c) = cell.as_mut() {
                    match e.name().as_ref() {
                        "text:s" => {
                            let n = attr_num(e, "text:c").clamp(1, 1024);
                            c.text.extend(std::iter::repeat_n(' ', n as usize));
                        }
                        "text:tab" => c.text.push('\t'),
                        "text:line-break" => c.text.push('\n'),
                        _ => {}
                    }
                }
            }
            Event::Text(ref t) if note == 0 => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(ref r) if note == 0 => {
                if let Some(c) = cell.as_mut() {
                    let ch = match r.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => r.resolve_char_ref().ok().flatten(),
                    };
                    c.text.extend(ch);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Puts a finished cell's value in the row (a value as calamine reads its type) and gives
/// the column after it.
fn end_cell(cell: OpenCell, col: u32, row: &mut Vec<(u32, Val, u32)>) -> u32 {
    let v = match cell.kind.as_str() {
        "float" | "percentage" | "currency" => cell.value.parse().ok().map(Val::Num),
        "date" => super::sheet::iso_val(&cell.value),
        "time" => super::sheet::text_val(&cell.value),
        "boolean" => Some(Val::Bool(cell.value == "true")),
        _ => super::sheet::text_val(&cell.text),
    };
    if let Some(v) = v {
        row.push((col, v, cell.repeat));
    }
    col.saturating_add(cell.repeat)
}

fn attr_text(e: &BytesStart<'_>, name: &str) -> String {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => {
            let raw = a.value.into_owned();
            quick_xml::escape::unescape(&raw)
                .map(|s| s.into_owned())
                .unwrap_or(raw)
        }
        _ => String::new(),
    }
}

fn attr_num(e: &BytesStart<'_>, name: &str) -> u32 {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a.value.parse().unwrap_or(1),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> Layout {
        let xml = format!(
            r#"<office:document-content><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        );
        let mut out = Layout::default();
        scan_content(xml.as_bytes(), &mut out);
        out
    }

    #[test]
    fn repeats_count_once_expanded() {
        let l = content(
            r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="9000"><table:table-cell table:number-columns-repeated="11000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        assert_eq!(l.spans, vec![("A".to_string(), 99_000_000)]);
    }

    #[test]
    fn blank_repeats_cost_nothing_and_values_set_the_extent() {
        // Calc pads every sheet with blank rows and columns to the sheet's end.
        let l = content(
            r#"<table:table table:name="名簿"><table:table-row><table:table-cell/><table:table-cell office:value-type="float" office:value="3"/><table:table-cell table:number-columns-repeated="16382"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table><table:table table:name="B"><table:table-row table:number-rows-repeated="4"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>a</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        assert_eq!(l.spans, vec![("名簿".to_string(), 2), ("B".to_string(), 5)]);
        assert_eq!(l.merges["B"][0].start, (4, 0));
        assert_eq!(l.merges["B"][0].end, (4, 1));
    }
}
