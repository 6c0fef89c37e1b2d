//! Merged cells of an .ods file, read from its content.xml: calamine reads the values but
//! not the merges, and the office merges 中学校区 over its people in Calc as in Excel.

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Sheet name → merged regions (0-based, inclusive). Empty when anything is amiss: merges
/// only refine values already read, so a failure here costs nothing but the fill.
pub fn merged_regions(bytes: &[u8]) -> HashMap<String, Vec<Dimensions>> {
    let mut out = HashMap::new();
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
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut sheet: Option<String> = None;
    let mut depth = 0u32; // nested tables (a table inside a cell) are not sheets
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                depth += 1;
                if depth == 1 {
                    sheet = Some(attr_text(&e, "table:name"));
                    row = 0;
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    sheet = None;
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
            Event::Start(e) | Event::Empty(e)
                if depth == 1
                    && matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
            {
                let rows = attr_num(&e, "table:number-rows-spanned").max(1);
                let cols = attr_num(&e, "table:number-columns-spanned").max(1);
                if (rows > 1 || cols > 1) && e.name().as_ref() == "table:table-cell" {
                    if let Some(name) = &sheet {
                        let region = Dimensions {
                            start: (row, col),
                            end: (row.saturating_add(rows - 1), col.saturating_add(cols - 1)),
                        };
                        out.entry(name.clone())
                            .or_insert_with(Vec::new)
                            .push(region);
                    }
                }
                col = col.saturating_add(attr_num(&e, "table:number-columns-repeated").max(1));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
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
