//! An .ods of a few hundred bytes can declare one value repeated over millions of cells;
//! calamine would expand it as it opens the file. kyodo counts the values as it reads the
//! sheet without expanding blank repeats, and refuses the sheet past the cell limit (IN001
//! on that sheet).

use crate::e2e::util::{copy_samples, findings, kyodo, list_findings, read_summary};
use std::io::Write;

/// A minimal .ods whose one sheet repeats `x` over `rows` × `cols` cells.
fn repeated_ods(rows: u32, cols: u32) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="名簿"><table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_ods_repeating_a_value_over_millions_of_cells_is_in001_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    copy_samples(&office);
    let bomb = repeated_ods(9_000, 11_000);
    assert!(
        bomb.len() < 2_000,
        "the file itself is tiny: {}",
        bomb.len()
    );
    std::fs::write(office.join("繰り返し.ods"), &bomb).unwrap();
    // A sane repeat (a value carried over a few columns) is read as usual.
    std::fs::write(office.join("小さい.ods"), repeated_ods(3, 4)).unwrap();

    let started = std::time::Instant::now();
    let out = kyodo(dir.path(), &["run", "office", "--out", "out", "--quiet"]);
    // Expanded, the sheet took a minute and 20 GB; refused, it costs nothing.
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    assert_eq!(out.code, 1, "{}", out.dump());
    let s = read_summary(&dir.path().join("out"));
    let hits: Vec<_> = findings(&s)
        .iter()
        .filter(|f| f["file"] == "繰り返し.ods")
        .collect();
    assert_eq!(hits.len(), 1, "{}", list_findings(&s));
    assert_eq!(hits[0]["id"], "IN001");
    let msg = hits[0]["message"].as_str().unwrap();
    assert_eq!(hits[0]["sheet"], "名簿");
    assert!(msg.contains("limits.max_sheet_cells = 5000000"), "{msg}");
    assert!(
        !findings(&s)
            .iter()
            .any(|f| f["file"] == "小さい.ods" && f["id"] == "IN001"),
        "{}",
        list_findings(&s)
    );
}
