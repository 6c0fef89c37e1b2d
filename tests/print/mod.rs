//! Every sheet of every workbook kyodo writes is readable on A4: the smallest text, once the
//! sheet is fitted to the page width, prints at 8 pt or more (spec §4).
//!
//! The printed size is worked out from the workbook itself, as Excel and LibreOffice do:
//! the widths of the columns the sheet uses (and any chart anchored past them), the paper,
//! orientation and margins, the fit-to-page or fixed scale, and the font size of every cell.
//! Nothing here knows which workbook it reads, so a new report is covered as soon as it is
//! written by `run` or `year-end`.

use crate::e2e::util::{kyodo, root};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The smallest printed font size allowed (points).
const MIN_POINTS: f64 = 8.0;

/// Every .xlsx below `dir`, the district sub-folder included.
fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).expect("out folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            v.extend(workbooks(&p));
        } else if p.extension().is_some_and(|x| x == "xlsx") {
            v.push(p);
        }
    }
    v.sort();
    v
}

fn parts(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("xlsx")).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("part");
            let mut s = String::new();
            f.read_to_string(&mut s).expect("utf-8 part");
            (f.name().expect("name").to_string(), s)
        })
        .collect()
}

/// The value of `attr` in the first `<tag …>` of `xml`.
fn attr<'a>(xml: &'a str, tag: &str, attr: &str) -> Option<&'a str> {
    let open = format!("<{tag}");
    let at = xml.find(&open)?;
    let end = at + xml[at..].find('>')?;
    element_attr(&xml[at..end], attr)
}

fn element_attr<'a>(element: &'a str, attr: &str) -> Option<&'a str> {
    let key = format!(" {attr}=\"");
    let a = element.find(&key)? + key.len();
    Some(&element[a..a + element[a..].find('"')?])
}

/// Every `<tag …>` element's opening text in `xml`.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    let mut v = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        v.push(&rest[at..end]);
        rest = &rest[end..];
    }
    v
}

/// The text between `<tag>` and `</tag>`.
fn inner<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let a = xml.find(&format!("<{tag}"))?;
    let a = a + xml[a..].find('>')? + 1;
    let b = xml[a..].find(&format!("</{tag}>"))?;
    Some(&xml[a..a + b])
}

/// 0-based column of an A1 reference.
fn column(a1: &str) -> u32 {
    a1.chars()
        .take_while(char::is_ascii_uppercase)
        .fold(0, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1))
        - 1
}

/// Font size (points) of each cell format of the workbook.
fn xf_sizes(styles: &str) -> Vec<f64> {
    let fonts: Vec<f64> = inner(styles, "fonts")
        .unwrap_or_default()
        .split("</font>")
        .filter(|f| f.contains("<font"))
        .map(|f| {
            attr(f, "sz", "val")
                .and_then(|v| v.parse().ok())
                .unwrap_or(11.0)
        })
        .collect();
    elements(inner(styles, "cellXfs").unwrap_or_default(), "xf")
        .into_iter()
        .map(|xf| {
            let id: usize = element_attr(xf, "fontId")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            fonts.get(id).copied().unwrap_or(11.0)
        })
        .collect()
}

/// A sheet's XML part, its relationships, and the drawings they name.
struct Sheet {
    name: String,
    xml: String,
    drawings: Vec<String>,
}

fn sheets(p: &BTreeMap<String, String>) -> Vec<Sheet> {
    let book = &p["xl/workbook.xml"];
    let rels = &p["xl/_rels/workbook.xml.rels"];
    let target_of = |rels: &str, id: &str| -> Option<String> {
        elements(rels, "Relationship")
            .into_iter()
            .find(|r| element_attr(r, "Id") == Some(id))
            .and_then(|r| element_attr(r, "Target"))
            .map(str::to_string)
    };
    elements(book, "sheet")
        .into_iter()
        .map(|s| {
            let name = element_attr(s, "name").unwrap_or_default().to_string();
            let id = element_attr(s, "r:id").unwrap_or_default();
            let target = target_of(rels, id).expect("sheet target");
            let path = format!("xl/{}", target.trim_start_matches("/xl/"));
            let xml = p[&path].clone();
            let file = path.rsplit('/').next().unwrap_or_default();
            let srels = p
                .get(&format!("xl/worksheets/_rels/{file}.rels"))
                .cloned()
                .unwrap_or_default();
            let drawings = elements(&xml, "drawing")
                .into_iter()
                .filter_map(|d| element_attr(d, "r:id"))
                .filter_map(|id| target_of(&srels, id))
                .filter_map(|t| p.get(&format!("xl/{}", t.trim_start_matches("../"))))
                .cloned()
                .collect();
            Sheet {
                name,
                xml,
                drawings,
            }
        })
        .collect()
}

/// What one sheet prints at: (smallest font, scale, smallest printed size).
fn printed(sheet: &Sheet, sizes: &[f64]) -> (f64, f64, f64) {
    let xml = &sheet.xml;
    let data = inner(xml, "sheetData").unwrap_or_default();
    let mut last_col = 0;
    let mut smallest = f64::MAX;
    for c in elements(data, "c") {
        let r = element_attr(c, "r").unwrap_or("A1");
        last_col = last_col.max(column(r));
        let s: usize = element_attr(c, "s")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        smallest = smallest.min(sizes.get(s).copied().unwrap_or(11.0));
    }
    // Columns 0..end, then `tail` pixels into column `end` (a chart anchored past the cells).
    let (mut end, mut tail) = (last_col + 1, 0.0);
    for d in &sheet.drawings {
        for to in d.split("<xdr:to>").skip(1) {
            let col: u32 = inner(to, "xdr:col")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let off: f64 = inner(to, "xdr:colOff")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0);
            if col >= end {
                (end, tail) = (col, off / 9525.0);
            }
        }
    }
    let mut widths: BTreeMap<u32, f64> = BTreeMap::new();
    for col in elements(inner(xml, "cols").unwrap_or_default(), "col") {
        let min: u32 = element_attr(col, "min")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let max: u32 = element_attr(col, "max")
            .and_then(|v| v.parse().ok())
            .unwrap_or(min);
        let w: f64 = element_attr(col, "width")
            .and_then(|v| v.parse().ok())
            .unwrap_or(9.140625);
        for c in min..=max.min(end + 1) {
            widths.insert(c - 1, w);
        }
    }
    // Stored widths include the cell padding: 7 pixels a character unit; 64 px by default.
    let px: f64 = (0..end)
        .map(|c| widths.get(&c).map_or(64.0, |w| (w * 7.0).trunc()))
        .sum::<f64>()
        + tail;
    let content = px * 0.75;
    let landscape = attr(xml, "pageSetup", "orientation") == Some("landscape");
    let paper = if landscape { 841.89 } else { 595.28 };
    let margin = |side: &str| -> f64 {
        attr(xml, "pageMargins", side)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.7)
    };
    let printable = paper - (margin("left") + margin("right")) * 72.0;
    let fit = attr(xml, "pageSetUpPr", "fitToPage") == Some("1");
    let fit_width: u32 = attr(xml, "pageSetup", "fitToWidth")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let scale = if fit && fit_width > 0 {
        (printable * f64::from(fit_width) / content).min(1.0)
    } else {
        attr(xml, "pageSetup", "scale")
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(100.0)
            / 100.0
    };
    if smallest == f64::MAX {
        smallest = sizes.first().copied().unwrap_or(11.0);
    }
    (smallest, scale, smallest * scale)
}

/// Checks every sheet of every workbook below `out`; returns how many sheets were read.
fn assert_readable_on_a4(out: &Path) -> usize {
    let mut read = 0;
    let mut small = Vec::new();
    for book in workbooks(out) {
        let p = parts(&book);
        let sizes = xf_sizes(&p["xl/styles.xml"]);
        let name = book
            .strip_prefix(out)
            .unwrap_or(&book)
            .display()
            .to_string();
        for sheet in sheets(&p) {
            let (font, scale, pt) = printed(&sheet, &sizes);
            read += 1;
            if pt >= MIN_POINTS {
                continue;
            }
            small.push(format!(
                "{name}!{}: {font} pt × {scale:.2} = {pt:.1} pt",
                sheet.name
            ));
        }
    }
    assert!(
        small.is_empty(),
        "text under 8 pt when printed:\n{}",
        small.join("\n")
    );
    read
}

#[test]
fn every_sheet_of_every_report_prints_at_8_pt_or_more() {
    let tmp = tempfile::tempdir().expect("temp");
    let run = tmp.path().join("run");
    let year = tmp.path().join("year");
    let o = kyodo(
        &root(),
        &["run", "samples", "--quiet", "--out", run.to_str().unwrap()],
    );
    assert!(o.code <= 1, "{}", o.dump());
    let o = kyodo(
        &root(),
        &[
            "year-end",
            "samples",
            "--quiet",
            "--out",
            year.to_str().unwrap(),
        ],
    );
    assert!(o.code <= 1, "{}", o.dump());
    let sheets = assert_readable_on_a4(&run) + assert_readable_on_a4(&year);
    assert!(sheets >= 12, "{sheets} sheets read");
}

/// The measure itself: a sheet too wide for A4 is caught, one that fits is not.
#[test]
fn a_wide_sheet_fitted_to_a4_is_caught() {
    let tmp = tempfile::tempdir().expect("temp");
    for (name, columns, fits) in [("wide", 40u16, false), ("narrow", 8, true)] {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for c in 0..columns {
            ws.write_string(0, c, "中学校区の名前").unwrap();
            ws.set_column_width(c, 14).unwrap();
        }
        ws.set_paper_size(9);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        wb.save(dir.join("book.xlsx")).unwrap();
        let caught = std::panic::catch_unwind(|| assert_readable_on_a4(&dir)).is_err();
        assert_eq!(caught, !fits, "{name}");
    }
}
