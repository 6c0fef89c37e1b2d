//! .xlsb (Excel's binary workbook): no tool here writes one, so the tests build the few
//! BIFF12 records a workbook needs (MS-XLSB 2.1.7) and read them like any input.

use kyodo::config::Limits;
use kyodo::ingest::sheet::{read_book, Skip, Val};
use std::io::Write;

/// A record: type and size as 7-bit varints, then the payload.
fn record(out: &mut Vec<u8>, typ: u16, payload: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8);
    }
    let mut len = payload.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(payload);
}

/// XLWideString: character count, then UTF-16LE.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut v = (units.len() as u32).to_le_bytes().to_vec();
    for u in units {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

pub enum Cell<'a> {
    Text(&'a str),
    Num(f64),
}

/// An .xlsb with one sheet holding `cells` (row, column, value), rows ascending.
pub fn xlsb(sheet: &str, cells: &[(u32, u32, Cell)]) -> Vec<u8> {
    book(sheet, cells, None, false)
}

/// A BrtBundleSh record: one entry of the workbook's sheet list.
fn bundle(wb: &mut Vec<u8>, tab: u32, rel: &str, name: &str) {
    let mut b = Vec::new();
    b.extend_from_slice(&0u32.to_le_bytes()); // visible
    b.extend_from_slice(&tab.to_le_bytes());
    b.extend_from_slice(&wide(rel));
    b.extend_from_slice(&wide(name));
    record(wb, 0x009C, &b);
}

/// [`xlsb`], with an Excel 4.0 macro sheet named `macro_sheet` listed first when given (as
/// Excel keeps it: its own relationship type and part under xl/macrosheets/), and with the
/// package relationships (`_rels/.rels`) Excel writes when `package_rels`.
fn book(
    sheet: &str,
    cells: &[(u32, u32, Cell)],
    macro_sheet: Option<&str>,
    package_rels: bool,
) -> Vec<u8> {
    let mut wb = Vec::new();
    if let Some(name) = macro_sheet {
        bundle(&mut wb, 2, "rId2", name);
    }
    bundle(&mut wb, 1, "rId1", sheet);
    record(&mut wb, 0x0090, &[]); // BrtEndBundleShs
    record(&mut wb, 0x009D, &[0; 26]); // BrtCalcProp: what follows the sheet list

    let mut ws = Vec::new();
    record(&mut ws, 0x0081, &[]); // BrtBeginSheet
    let (last_row, last_col) = cells
        .iter()
        .fold((0, 0), |(r, c), (cr, cc, _)| (r.max(*cr), c.max(*cc)));
    let mut dim = Vec::new();
    for v in [0, last_row, 0, last_col] {
        dim.extend_from_slice(&u32::to_le_bytes(v));
    }
    record(&mut ws, 0x0094, &dim); // BrtWsDim
    record(&mut ws, 0x0091, &[]); // BrtBeginSheetData
    let mut row = None;
    for (r, c, v) in cells {
        if row != Some(*r) {
            let mut hdr = r.to_le_bytes().to_vec();
            hdr.extend_from_slice(&[0; 13]);
            record(&mut ws, 0x0000, &hdr); // BrtRowHdr
            row = Some(*r);
        }
        let mut cell = c.to_le_bytes().to_vec();
        cell.extend_from_slice(&[0; 4]); // style 0, no flags
        match v {
            Cell::Text(t) => {
                cell.extend_from_slice(&wide(t));
                record(&mut ws, 0x0006, &cell); // BrtCellSt
            }
            Cell::Num(n) => {
                cell.extend_from_slice(&n.to_le_bytes());
                record(&mut ws, 0x0005, &cell); // BrtCellReal
            }
        }
    }
    record(&mut ws, 0x0092, &[]); // BrtEndSheetData
    record(&mut ws, 0x0082, &[]); // BrtEndSheet

    let macro_rel = if macro_sheet.is_some() {
        r#"<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet2.bin"/>"#
    } else {
        ""
    };
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/>{macro_rel}</Relationships>"#
    );
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut parts = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("xl/_rels/workbook.bin.rels", rels.as_bytes()),
        ("xl/workbook.bin", &wb),
        ("xl/worksheets/sheet1.bin", &ws),
    ];
    // The macro sheet's part: a sheet stream of its own, which a reader must not take for
    // a worksheet.
    if macro_sheet.is_some() {
        parts.push(("xl/macrosheets/sheet2.bin", &ws));
    }
    let package = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;
    if package_rels {
        parts.push(("_rels/.rels", package.as_bytes()));
    }
    for (name, bytes) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_xlsb_roster_reads_as_its_cells() {
    let bytes = xlsb(
        "名簿",
        &[
            (0, 0, Cell::Text("氏名")),
            (0, 1, Cell::Text("中学校区")),
            (1, 0, Cell::Text("旭川 花子")),
            (1, 1, Cell::Text("光陽")),
            (2, 0, Cell::Text("神楽 太郎")),
            (2, 2, Cell::Num(3.0)),
        ],
    );
    let book = read_book(&bytes, "xlsb", &Limits::default()).expect("reads");
    assert_eq!(book.sheets.len(), 1);
    let g = &book.sheets[0];
    assert_eq!(g.name, "名簿");
    let cells: Vec<(u32, u16, Val)> = g
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(move |(c, v)| (r.idx, *c, v.clone())))
        .collect();
    assert_eq!(
        cells,
        vec![
            (0, 0, Val::Text("氏名".into())),
            (0, 1, Val::Text("中学校区".into())),
            (1, 0, Val::Text("旭川 花子".into())),
            (1, 1, Val::Text("光陽".into())),
            (2, 0, Val::Text("神楽 太郎".into())),
            (2, 2, Val::Num(3.0)),
        ]
    );
}

#[test]
fn an_xlsb_with_a_stray_value_in_its_last_cell_costs_only_its_values() {
    // A1 and XFD1048576: a dense range of this sheet would be 17 billion cells.
    let bytes = xlsb(
        "Sheet1",
        &[
            (0, 0, Cell::Text("氏名")),
            (1_048_575, 16_383, Cell::Text("x")),
        ],
    );
    let started = std::time::Instant::now();
    let book = read_book(&bytes, "xlsb", &Limits::default()).expect("reads");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    let g = &book.sheets[0];
    assert_eq!(g.rows.len(), 2);
    assert_eq!(g.rows[1].idx, 1_048_575);
    assert_eq!(g.rows[1].cells[0].0, 16_383);
}

#[test]
fn an_xlsb_macro_sheet_is_skipped_and_the_worksheet_read() {
    let cells = [
        (0, 0, Cell::Text("氏名")),
        (0, 1, Cell::Text("中学校区")),
        (1, 0, Cell::Text("旭川 花子")),
        (1, 1, Cell::Text("光陽")),
    ];
    for package_rels in [true, false] {
        let bytes = book("名簿", &cells, Some("Macro1"), package_rels);
        let book = read_book(&bytes, "xlsb", &Limits::default()).expect("reads");
        let sheets: Vec<(&str, Option<&Skip>, usize)> = book
            .sheets
            .iter()
            .map(|g| (g.name.as_str(), g.skipped.as_ref(), g.rows.len()))
            .collect();
        assert_eq!(
            sheets,
            vec![("Macro1", Some(&Skip::NotAWorksheet), 0), ("名簿", None, 2)],
            "package relationships: {package_rels}"
        );
    }
}
