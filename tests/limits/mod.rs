//! `limits`: a file, a sheet or a zip past its configured limit is one IN001 naming the
//! limit, refused in bounded time (and memory: nothing past the limit is inflated), and the
//! run goes on with the other files.

// wait4 and its rusage: Linux (where CI runs).
#[cfg(target_os = "linux")]
mod memory;
mod ods_repeats;
mod rows;

use kyodo::config::Config;
use kyodo::ingest::{ingest, Ingested};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const FY: i32 = 2025;

fn read(paths: &[&Path], config: &Config) -> Ingested {
    let args: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    ingest(&args, None, config, FY).unwrap()
}

/// `id|file name|sheet|message` of each finding.
fn findings(r: &Ingested) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| {
            let name = f.file.rsplit('/').next().unwrap_or_default();
            format!("{}|{}|{}|{}", f.id, name, f.sheet, f.message)
        })
        .collect()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名簿" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// An xlsx-shaped zip whose sheet part is `sheet_len` bytes of blanks inside an otherwise
/// valid worksheet: a few KB on disk, `sheet_len` inflated.
fn bomb(sheet_len: usize) -> Vec<u8> {
    xlsx(WORKBOOK, sheet_len)
}

fn xlsx(workbook: &str, sheet_len: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("xl/workbook.xml", workbook),
        ("_rels/.rels", ROOT_RELS),
        ("xl/_rels/workbook.xml.rels", RELS),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    zip.write_all(b"<worksheet><sheetData>").unwrap();
    let blanks = vec![b' '; 1 << 20];
    for _ in 0..sheet_len >> 20 {
        zip.write_all(&blanks).unwrap();
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap().into_inner()
}

/// The zip with `entry`'s declared inflated size (local header and central directory)
/// replaced by `size`, as a hostile file would lie.
fn lie_about_size(mut zip: Vec<u8>, entry: &str, size: u32) -> Vec<u8> {
    let patch = |zip: &mut Vec<u8>, sig: &[u8], name_at: usize, size_at: usize| {
        let at = (0..zip.len() - name_at)
            .find(|&i| {
                zip[i..].starts_with(sig) && zip[i + name_at..].starts_with(entry.as_bytes())
            })
            .expect("entry header");
        zip[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
    };
    patch(&mut zip, b"PK\x03\x04", 30, 22);
    patch(&mut zip, b"PK\x01\x02", 46, 24);
    zip
}

/// A roster CSV with one good row, to show the run goes on past a refused file.
fn good_csv(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("名簿.csv");
    std::fs::write(&p, "氏名,中学校区,区分\n山田 太郎,光陽,職員\n").unwrap();
    p
}

#[test]
fn zip_bomb_is_refused_on_its_declared_size_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = bomb(50 << 20);
    assert!(bytes.len() < 200 << 10, "{} bytes", bytes.len());
    let path = tmp.path().join("爆弾.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let good = good_csv(tmp.path());
    let start = Instant::now();
    let r = read(&[&path, &good], &Config::default());
    // Refused in milliseconds; the bound is generous for a loaded CI machine (memory, the
    // real cost of inflating it, cannot be asked of this process cheaply).
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        findings(&r),
        ["IN001|爆弾.xlsx||zipの中身「xl/worksheets/sheet1.xml」が圧縮された大きさの100倍を超えて展開されるため読みません（zip爆弾の疑い。上限 limits.max_zip_ratio = 100）"]
    );
    assert_eq!(r.data.coordinators.len(), 1);
}

/// The zip reader holds every part to the size its central directory declares (which the
/// ratio was checked on), so a part lying small stops at its lie: the sheet is damaged.
#[test]
fn zip_bomb_lying_about_its_size_stops_at_the_declared_size() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = lie_about_size(bomb(50 << 20), "xl/worksheets/sheet1.xml", 1_000);
    let path = tmp.path().join("嘘.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let start = Instant::now();
    let r = read(&[&path], &Config::default());
    // Refused in milliseconds; the bound is generous for a loaded CI machine (memory, the
    // real cost of inflating it, cannot be asked of this process cheaply).
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let got = findings(&r);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].starts_with("IN001|嘘.xlsx|名簿|シートが壊れているため読めません")
            && got[0].contains("larger than its declared uncompressed size"),
        "{got:#?}"
    );
}

#[test]
fn zip_inflating_past_the_total_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("大.xlsx");
    std::fs::write(&path, bomb(3 << 20)).unwrap();
    let mut config = Config::default();
    config.limits.max_zip_ratio = 100_000;
    config.limits.max_inflated_mb = 2;
    let r = read(&[&path], &config);
    assert_eq!(
        findings(&r),
        ["IN001|大.xlsx||展開すると合計2MBを超えるため読みません（上限 limits.max_inflated_mb = 2）"]
    );
    // Within the limits the same workbook is read: an empty sheet.
    config.limits.max_inflated_mb = 4;
    let r = read(&[&path], &config);
    assert_eq!(findings(&r), Vec::<String>::new());
    assert_eq!(r.inventory[0].note, "空のシートです");
}

#[test]
fn sheet_over_the_cell_limit_is_refused_by_name_and_the_others_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let good = good_csv(tmp.path());
    let mut config = Config::default();
    config.limits.max_sheet_cells = 6;
    let roster = Path::new("tests/fixtures/ingest/roster.xlsx");
    let r = read(&[roster, &good], &config);
    let got = findings(&r);
    assert!(
        got.contains(&"IN001|roster.xlsx|名簿|値の入ったセルが6個を超えるため読みません（上限 limits.max_sheet_cells = 6）".to_string()),
        "{got:#?}"
    );
    assert_eq!(r.data.coordinators.len(), 1, "the CSV's 6 cells pass");
    let csv = tmp.path().join("長い.csv");
    std::fs::write(&csv, "氏名,中学校区\n山田,光陽\n佐藤,神楽\n鈴木,春光台\n").unwrap();
    let r = read(&[&csv], &config);
    assert_eq!(
        findings(&r),
        ["IN001|長い.csv|長い|値の入ったセルが6個を超えるため読みません（上限 limits.max_sheet_cells = 6）"]
    );
}

#[test]
fn file_over_the_size_limit_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("巨大.csv");
    let mut text = String::from("氏名,中学校区,区分\n");
    while text.len() <= 1_500_000 {
        text.push_str("山田 太郎,光陽,職員\n");
    }
    std::fs::write(&path, text).unwrap();
    let mut config = Config::default();
    config.limits.max_file_mb = 1;
    let r = read(&[&path], &config);
    assert_eq!(
        findings(&r),
        ["IN001|巨大.csv||ファイルが大きすぎるため読みません（2MB。上限 limits.max_file_mb = 1）"]
    );
    assert_eq!(r.inventory.len(), 1);
    assert_eq!(r.inventory[0].sha256, "", "not read, so not hashed");
}

#[test]
fn workbook_without_sheets_still_has_its_inventory_line() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("空.xlsx");
    let workbook = WORKBOOK.replace(
        r#"<sheets><sheet name="名簿" sheetId="1" r:id="rId1"/></sheets>"#,
        "<sheets/>",
    );
    std::fs::write(&path, xlsx(&workbook, 0)).unwrap();
    let r = read(&[&path], &Config::default());
    assert_eq!(findings(&r), Vec::<String>::new());
    let notes: Vec<&str> = r.inventory.iter().map(|e| e.note.as_str()).collect();
    assert_eq!(notes, ["シートがありません"]);
}
