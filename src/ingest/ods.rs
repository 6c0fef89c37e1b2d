//! What calamine does not tell about an .ods file, read from its content.xml: the merged
//! cells (the office merges 中学校区 over its people in Calc as in Excel), and how many cells
//! each sheet spans once its repeated rows and columns are expanded — a file of a few
//! hundred bytes can declare a value repeated over millions of cells, and calamine expands
//! every sheet as it opens the file.

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
