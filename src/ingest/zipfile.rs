//! Zip workbooks (xlsx, xlsm, xlsb, ods) → sheets: which format the parts say it is, the
//! guard that refuses a zip bomb (a part inflating past `limits.max_zip_ratio` times its
//! compressed size, or all parts past `limits.max_inflated_mb`) before calamine inflates
//! anything, encrypted files and macro sheets, then the cells through `sheet.rs`'s grid.

use super::sheet::{dense_cells, each_sheet, from_data_ref, grid_from, Book, Cells};
use super::xls::PASSWORD;
use crate::config::Limits;
use calamine::{Ods, Reader, Xlsb, Xlsx};
use std::io::Cursor;

/// Whether the zip's end-of-central-directory record is there (a cut-off download lacks it).
fn has_zip_end(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(65_557)..];
    tail.windows(4).any(|w| w == b"PK\x05\x06")
}

pub(super) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The cells holding a value, from a calamine cells reader (xlsx and xlsb have one each,
/// without a common trait); `Ok(None)` past `max` values.
macro_rules! stream_cells {
    ($reader:expr, $max:expr) => {{
        let mut reader = $reader;
        let mut cells: Cells = Vec::new();
        let mut over = false;
        while let Some(c) = reader.next_cell()? {
            let (r, col) = c.get_position();
            if let (Some(v), Ok(col)) = (from_data_ref(c.get_value()), u16::try_from(col)) {
                if cells.len() as u64 >= $max {
                    over = true;
                    break;
                }
                cells.push((r, col, v));
            }
        }
        Ok((!over).then_some(cells))
    }};
}

/// calamine builds each .ods sheet as a dense grid of the rectangle up to its last value
/// when it opens the file: sheets spanning together more than this are read sparsely by
/// [`super::ods::read_sparse`] instead.
const ODS_DENSE_MAX: u64 = 1 << 20;

pub(super) fn read_zip(bytes: &[u8], limits: &Limits) -> Result<Book, String> {
    if !has_zip_end(bytes) {
        return Err("ファイルが壊れています（zipが途中で切れています）".into());
    }
    let any_merges = scan_zip(bytes, limits)?;
    let broken = |e: String| format!("ファイルが壊れているため読めません（{e}）");
    let max = limits.max_sheet_cells;
    match zip_kind(bytes) {
        ZipKind::Ods => {
            if ods_is_encrypted(bytes) {
                return Err(PASSWORD.into());
            }
            let layout = super::ods::scan(bytes);
            let merges = layout.merges;
            let span = layout
                .spans
                .iter()
                .fold(0u64, |n, (_, s)| n.saturating_add(*s));
            if span > ODS_DENSE_MAX {
                let sheets = super::ods::read_sparse(bytes, max).map_err(broken)?;
                let sheets = sheets
                    .into_iter()
                    .map(|(name, cells)| {
                        let m = merges.get(&name).cloned().unwrap_or_default();
                        grid_from(&name, (Ok(cells), m), max)
                    })
                    .collect();
                return Ok(Book {
                    sheets,
                    is_1904: false,
                });
            }
            let mut wb: Ods<_> = match Ods::new(Cursor::new(bytes)) {
                Ok(wb) => wb,
                Err(calamine::OdsError::Password) => return Err(PASSWORD.into()),
                Err(e) => return Err(broken(e.to_string())),
            };
            Ok(Book {
                sheets: each_sheet(&mut wb, max, |wb, name| {
                    let merges = merges.get(name).cloned().unwrap_or_default();
                    (dense_cells(wb, name, max), merges)
                }),
                is_1904: false,
            })
        }
        ZipKind::Xlsb { macro_rels } => {
            let patched = macro_rels.and_then(|part| macro_sheets_as_charts(bytes, &part));
            let bytes = patched.as_deref().unwrap_or(bytes);
            let mut wb: Xlsb<_> =
                Xlsb::new(Cursor::new(bytes)).map_err(|e| broken(e.to_string()))?;
            let is_1904 = wb.has_1904_epoch();
            // Streamed like xlsx: calamine's dense range of a sheet with a stray value in its
            // last cell would be 17 billion cells (an allocation that aborts the run).
            let sheets = each_sheet(&mut wb, max, |wb, name| {
                let cells = (|| -> Result<_, calamine::XlsbError> {
                    stream_cells!(wb.worksheet_cells_reader(name)?, max)
                })();
                (cells.map_err(|e| e.to_string()), Vec::new())
            });
            Ok(Book { sheets, is_1904 })
        }
        ZipKind::Xlsx { macro_rels } => {
            // calamine refuses a workbook whose relationships name a sheet type it does not
            // know (an Excel 4.0 macro sheet): a copy says chart sheet instead, which it lists
            // and kyodo skips.
            let patched = macro_rels.and_then(|part| macro_sheets_as_charts(bytes, &part));
            let bytes = patched.as_deref().unwrap_or(bytes);
            let mut wb: Xlsx<_> = match Xlsx::new(Cursor::new(bytes)) {
                Ok(wb) => wb,
                Err(calamine::XlsxError::Password) => return Err(PASSWORD.into()),
                Err(e) => return Err(broken(e.to_string())),
            };
            let is_1904 = wb.has_1904_epoch();
            let sheets = each_sheet(&mut wb, max, |wb, name| {
                let merges = if any_merges {
                    wb.merge_cells_by_sheet_name(name).unwrap_or_default()
                } else {
                    Vec::new()
                };
                let cells = xlsx_cells(wb, name, max).map_err(|e| e.to_string());
                (cells, merges)
            });
            Ok(Book { sheets, is_1904 })
        }
        ZipKind::Other(what) => Err(format!("Excelファイルではありません（{what}）")),
    }
}

/// What a zip holds, told from its members, not their order or separators.
#[derive(Debug, PartialEq)]
enum ZipKind {
    /// An OpenDocument spreadsheet: its `mimetype` member says so, wherever it stands.
    Ods,
    /// Office Open XML workbooks (binary or XML); `macro_rels` names the workbook's
    /// relationships part when it lists an Excel 4.0 macro sheet.
    Xlsb {
        macro_rels: Option<String>,
    },
    Xlsx {
        macro_rels: Option<String>,
    },
    /// Not a workbook: what it is instead.
    Other(&'static str),
}

/// A zip's member names, each under its name as written and as read (`\` as `/`, lower case).
fn zip_names<R: std::io::Read + std::io::Seek>(
    zip: &zip::ZipArchive<R>,
) -> std::collections::HashMap<String, String> {
    zip.file_names()
        .filter_map(Result::ok)
        .map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.into_owned()))
        .collect()
}

/// A member's first bytes (at most `max`), by its name as read; empty when it is not there.
fn zip_member<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    names: &std::collections::HashMap<String, String>,
    name: &str,
    max: u64,
) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    if let Some(real) = names.get(name) {
        if let Ok(f) = zip.by_name(real) {
            let _ = f.take(max).read_to_end(&mut out);
        }
    }
    out
}

fn zip_kind(bytes: &[u8]) -> ZipKind {
    const PART_MAX: u64 = 4 << 20;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // calamine opens it with the same zip reader and says why it cannot.
        return ZipKind::Xlsx { macro_rels: None };
    };
    let names = zip_names(&zip);
    let mime = zip_member(&mut zip, &names, "mimetype", 200);
    if mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
        return ZipKind::Ods;
    }
    if mime.starts_with(b"application/vnd.oasis.opendocument") {
        return ZipKind::Other("OpenDocument の表計算以外の文書です");
    }
    // The package's relationships name the main part, wherever it sits.
    let rels = zip_member(&mut zip, &names, "_rels/.rels", PART_MAX);
    let target = relationships(&rels)
        .into_iter()
        .find(|(typ, _)| typ.ends_with("/officeDocument"))
        .map(|(_, t)| {
            t.trim_start_matches('/')
                .replace('\\', "/")
                .to_ascii_lowercase()
        });
    let target = match target {
        Some(t) => t,
        // Without package relationships calamine looks for the usual main part; its own
        // relationships still say which sheets are macro sheets.
        None if names.contains_key("xl/workbook.bin") => "xl/workbook.bin".to_string(),
        None if names.contains_key("xl/workbook.xml") => "xl/workbook.xml".to_string(),
        None if names.contains_key("word/document.xml") => {
            return ZipKind::Other("Word の文書です")
        }
        None => return ZipKind::Other("zip形式ですがブックが入っていません"),
    };
    if target.starts_with("word/") {
        return ZipKind::Other("Word の文書です");
    }
    if target.starts_with("ppt/") {
        return ZipKind::Other("PowerPoint の資料です");
    }
    let (dir, file) = target.rsplit_once('/').unwrap_or(("", target.as_str()));
    let rels_part = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let book_rels = zip_member(&mut zip, &names, &rels_part, PART_MAX);
    let has_macro = relationships(&book_rels)
        .iter()
        .any(|(typ, to)| typ.ends_with("Macrosheet") || to.contains("macrosheets/"));
    let macro_rels = has_macro.then(|| names[&rels_part].clone());
    if target.ends_with(".bin") {
        ZipKind::Xlsb { macro_rels }
    } else {
        ZipKind::Xlsx { macro_rels }
    }
}

/// The (Type, Target) of each `<Relationship>` of a relationships part.
fn relationships(xml: &[u8]) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(ref e) | Event::Empty(ref e)
                if e.local_name().as_ref() == "Relationship" =>
            {
                let attr = |k: &str| {
                    e.try_get_attribute(k)
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default()
                };
                out.push((attr("Type"), attr("Target")));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// A copy of the zip whose relationships part `part` calls its macro sheets chart sheets
/// (by type for .xlsx, by folder for .xlsb, as calamine tells them); None when the copy
/// cannot be made (calamine then reads the file as it is). calamine never opens a chart
/// sheet's part, so where it points does not matter.
fn macro_sheets_as_charts(bytes: &[u8], part: &str) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).ok()?;
        if f.name().ok().as_deref() != Some(part) {
            out.raw_copy_file(f).ok()?;
            continue;
        }
        drop(f);
        let mut xml = String::new();
        zip.by_index(i).ok()?.read_to_string(&mut xml).ok()?;
        let chart = "/relationships/chartsheet\"";
        let xml = xml
            .replace("/relationships/xlMacrosheet\"", chart)
            .replace("/relationships/xlIntlMacrosheet\"", chart)
            .replace("\"macrosheets/", "\"chartsheets/")
            .replace("\"/xl/macrosheets/", "\"/xl/chartsheets/");
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        out.start_file(part, opts).ok()?;
        out.write_all(xml.as_bytes()).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// Whether an .ods is password-protected: its manifest holds encryption data (calamine says
/// so too, but only once the rest of the file has been looked at).
fn ods_is_encrypted(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let names = zip_names(&zip);
    let manifest = zip_member(&mut zip, &names, "meta-inf/manifest.xml", 4 << 20);
    contains(&manifest, b"encryption-data")
}

/// Inflates every part of a zip once, counting, before any reader trusts it: a part that
/// inflates past `limits.max_zip_ratio` times its compressed size, or parts that together
/// pass `limits.max_inflated_mb`, refuse the file (sizes declared in the central directory
/// are checked first, then the bytes actually inflated, since headers can lie). Each part
/// is inflated at most to its allowance, so a bomb costs the allowance, not its full size.
///
/// Ok tells whether any part of an xlsx may hold a `<mergeCell>`: calamine finds a sheet's
/// merges by parsing the whole sheet XML a second time; most workbooks have none, and
/// looking for the word here costs a fraction of that parse. True when in doubt.
fn scan_zip(bytes: &[u8], limits: &Limits) -> Result<bool, String> {
    const MB: u64 = 1 << 20;
    // Small parts (styles, properties) may compress better than any ratio a sheet reaches.
    const RATIO_FLOOR: u64 = MB;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // calamine opens it with the same zip reader and says why it cannot.
        return Ok(true);
    };
    let total_max = limits.max_inflated_mb.saturating_mul(MB);
    let too_big = || {
        format!(
            "展開すると合計{}MBを超えるため読みません（上限 limits.max_inflated_mb = {}）",
            limits.max_inflated_mb, limits.max_inflated_mb
        )
    };
    let bomb = |name: &str| {
        format!(
            "zipの中身「{name}」が圧縮された大きさの{}倍を超えて展開されるため読みません（zip爆弾の疑い。上限 limits.max_zip_ratio = {}）",
            limits.max_zip_ratio, limits.max_zip_ratio
        )
    };
    let finder = memchr::memmem::Finder::new(b"mergeCell");
    let mut merges = false;
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            // Unreadable here means unreadable by calamine too: nothing gets inflated.
            merges = true;
            continue;
        };
        let name = String::from_utf8_lossy(part.name_raw()).to_ascii_lowercase();
        let allowed = part
            .compressed_size()
            .saturating_mul(limits.max_zip_ratio)
            .max(RATIO_FLOOR);
        if part.size() > allowed {
            return Err(bomb(&name));
        }
        if total.saturating_add(part.size()) > total_max {
            return Err(too_big());
        }
        let cap = allowed.min(total_max - total);
        // Cell text lives in the shared strings; merges are only ever in a sheet part.
        let look = !merges && name.ends_with(".xml") && !name.ends_with("sharedstrings.xml");
        let (n, found) = inflate(&mut part, cap + 1, look.then_some(&finder), &mut buf);
        // A damaged part (None) may hide a merge; calamine reports it if it needs the part.
        merges |= found.unwrap_or(true);
        if n > allowed {
            return Err(bomb(&name));
        }
        total += n;
        if total > total_max {
            return Err(too_big());
        }
    }
    Ok(merges)
}

/// Inflates at most `max` bytes of `part` in chunks (a part never held whole), looking for
/// `needle` on the way (across chunk edges too). Gives the bytes inflated, and whether the
/// needle was seen (`None` after a read error).
fn inflate(
    part: &mut impl std::io::Read,
    max: u64,
    needle: Option<&memchr::memmem::Finder>,
    buf: &mut [u8],
) -> (u64, Option<bool>) {
    let keep = needle.map_or(0, |f| f.needle().len() - 1);
    let mut n: u64 = 0;
    let mut found = false;
    let mut carry = 0;
    while n < max {
        let want = (buf.len() - carry).min(usize::try_from(max - n).unwrap_or(usize::MAX));
        let got = match part.read(&mut buf[carry..carry + want]) {
            Ok(0) => break,
            Ok(got) => got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return (n, None),
        };
        n += got as u64;
        if let Some(f) = needle.filter(|_| !found) {
            let end = carry + got;
            found = f.find(&buf[..end]).is_some();
            carry = keep.min(end);
            buf.copy_within(end - carry..end, 0);
        }
    }
    (n, Some(found))
}

/// The cells of one xlsx sheet that hold a value. The streaming reader never builds the
/// dense used range, so a sheet "used" to row 1,048,576 costs only its values.
/// `Ok(None)` past `max_cells` values.
fn xlsx_cells(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    max_cells: u64,
) -> Result<Option<Cells>, calamine::XlsxError> {
    stream_cells!(wb.worksheet_cells_reader(name)?, max_cells)
}
