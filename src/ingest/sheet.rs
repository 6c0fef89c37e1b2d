//! A file's bytes → sheets of cells. The format comes from the bytes, never the name; a file
//! that is not what it claims becomes a plain Japanese reason (IN001 upstream). Only cells
//! holding a value are kept, so a sheet whose used range runs to a million blank rows costs
//! nothing. A zip that inflates past `limits` (a zip bomb) or a sheet with more values than
//! they allow is refused, not read. Nothing here knows about headers or tables.

use super::value::date_from_serial;
use crate::config::Limits;
use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetType, Xls, XlsError, Xlsb, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;

/// One cell's value, as far as the file says.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Text(String),
    Num(f64),
    /// A date cell (the cell or number format is a date), with its serial value.
    Date(NaiveDate, f64),
    Bool(bool),
}

/// A row that holds at least one value: its 0-based index and its cells sorted by column.
#[derive(Clone, Debug)]
pub struct Row {
    pub idx: u32,
    pub cells: Vec<(u16, Val)>,
}

impl Row {
    pub fn get(&self, col: u16) -> Option<&Val> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// Cells holding a value as read: (row, column, value).
pub(super) type Cells = Vec<(u32, u16, Val)>;

/// One sheet: only its non-empty rows, in order.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Row>,
    /// Why the sheet was not read (a chart sheet, a damaged sheet); None when it was.
    pub skipped: Option<Skip>,
    /// Merged regions (0-based, inclusive), for headers that take two rows.
    pub merges: Vec<Dimensions>,
}

/// A sheet not read: a chart or macro sheet (no finding), a damaged one or one over
/// `limits.max_sheet_cells` (IN001, the limit's value held).
#[derive(Clone, Debug, PartialEq)]
pub enum Skip {
    NotAWorksheet,
    Damaged(String),
    TooManyCells(u64),
}

impl Skip {
    pub fn note(&self) -> String {
        match self {
            Skip::NotAWorksheet => "グラフ・マクロのシートのため読んでいません".to_string(),
            Skip::Damaged(e) => format!("シートが壊れているため読めません（{e}）"),
            Skip::TooManyCells(max) => format!(
                "値の入ったセルが{max}個を超えるため読みません（上限 limits.max_sheet_cells = {max}）"
            ),
        }
    }

    /// Whether the clerk must be told (IN001): the sheet should have been read.
    pub fn is_error(&self) -> bool {
        !matches!(self, Skip::NotAWorksheet)
    }
}

impl Grid {
    fn new(name: &str) -> Grid {
        Grid {
            name: name.to_string(),
            ..Grid::default()
        }
    }

    fn skipped(name: &str, why: Skip) -> Grid {
        Grid {
            skipped: Some(why),
            ..Grid::new(name)
        }
    }
}

/// The worksheets of a workbook, with the chart and macro sheets marked.
fn sheet_list<R: Reader<RS>, RS: std::io::Read + std::io::Seek>(wb: &R) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ == SheetType::WorkSheet))
        .collect()
}

/// A workbook (or a CSV as one sheet).
#[derive(Debug, Default)]
pub struct Book {
    pub sheets: Vec<Grid>,
    /// The workbook counts date serials from 1904 (old Mac Excel).
    pub is_1904: bool,
}

/// Reads a file's bytes. `Err` holds the reason, in Japanese, why it cannot be read.
pub fn read_book(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Book, String> {
    if bytes.is_empty() {
        return Err("ファイルが空です".into());
    }
    if bytes.starts_with(b"PK") {
        return read_zip(bytes, limits);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return read_ole(bytes, limits);
    }
    let text = decode_text(bytes).ok_or_else(|| {
        "ファイルの形式が分かりません（Excel・CSVのどちらでもありません）".to_string()
    })?;
    let head: String = text
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_lowercase();
    if head.starts_with("<!doctype html") || head.contains("<html") || head.contains("<table") {
        return Err("Excelファイルではありません（HTMLをxlsとして保存したもの）".into());
    }
    if head.starts_with("<?xml") {
        return Err(
            "Excelファイルではありません（XML形式。Excelで開いてxlsxとして保存し直してください）"
                .into(),
        );
    }
    if ext.eq_ignore_ascii_case("csv") || ext.eq_ignore_ascii_case("tsv") {
        return Ok(Book {
            sheets: vec![read_csv(&text, String::new(), limits.max_sheet_cells)],
            is_1904: false,
        });
    }
    Err(format!(
        "Excelファイルではありません（テキストファイルを.{ext}として保存したもの）"
    ))
}

/// UTF-16 with its BOM (Excel's 「Unicode テキスト」, little- or big-endian), UTF-8 (with or
/// without BOM), else CP932; None for binary data. UTF-8 is borrowed, not copied: a large
/// CSV is held once.
fn decode_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            let (s, had_errors) = enc.decode_without_bom_handling(body);
            return (!had_errors).then(|| Cow::Owned(s.into_owned()));
        }
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().take(8192).any(|b| *b == 0) {
        return None;
    }
    if let Ok(s) = std::str::from_utf8(body) {
        return Some(Cow::Borrowed(s));
    }
    let (s, _, had_errors) = encoding_rs::SHIFT_JIS.decode(body);
    (!had_errors).then(|| Cow::Owned(s.into_owned()))
}

/// The field separator the text uses: a tab when its first lines hold more tabs than commas
/// outside quotes (Excel's 「Unicode テキスト」 and TSV), else a comma.
fn delimiter(text: &str) -> char {
    let (mut tabs, mut commas, mut quoted) = (0usize, 0usize, false);
    for c in text.chars().take(64 * 1024) {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => tabs += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if tabs > commas {
        '\t'
    } else {
        ','
    }
}

/// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
/// Row index = record number, as Excel shows an opened CSV. More than `max_cells` values
/// and the sheet is refused.
pub fn read_csv(text: &str, name: String, max_cells: u64) -> Grid {
    let sep = delimiter(text);
    // Counted first, nothing kept: a file past the limit costs no memory for its cells.
    let mut count: u64 = 0;
    let over = csv_fields(text, sep, |_, col, field| {
        if col <= u32::from(u16::MAX) && !field.trim().is_empty() {
            count += 1;
        }
        // Checked at every field: one line may hold millions of them.
        count > max_cells
    });
    if over {
        return Grid::skipped(&name, Skip::TooManyCells(max_cells));
    }
    let mut rows: Vec<Row> = Vec::new();
    csv_fields(text, sep, |row, col, field| {
        // Fields beyond Excel's last column are dropped (as an xlsx reads them), not piled
        // into one column.
        if let (Ok(col), false) = (u16::try_from(col), field.trim().is_empty()) {
            // A copy of the exact length: the field's own buffer is reused for the next.
            let v = Val::Text(field.as_str().to_owned());
            match rows.last_mut() {
                Some(r) if r.idx == row => r.cells.push((col, v)),
                _ => rows.push(Row {
                    idx: row,
                    cells: vec![(col, v)],
                }),
            }
        }
        false
    });
    Grid {
        name,
        rows,
        skipped: None,
        merges: Vec::new(),
    }
}

/// Walks the fields of RFC 4180 text separated by `sep`: quoted fields may hold the
/// separator, doubled quotes and line breaks. `on_field(record, column, text)` is called for
/// every field; the walk stops when it returns true, and then gives true.
fn csv_fields(
    text: &str,
    sep: char,
    mut on_field: impl FnMut(u32, u32, &mut String) -> bool,
) -> bool {
    let mut field = String::new();
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    loop {
        let c = chars.next();
        match (quoted, c) {
            (true, Some('"')) => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            }
            (true, Some(ch)) => field.push(ch),
            (false, Some('"')) if field.is_empty() => quoted = true,
            (false, Some(c)) if c == sep => {
                if on_field(row, col, &mut field) {
                    return true;
                }
                field.clear();
                col = col.saturating_add(1);
            }
            (false, Some('\r')) => {}
            (_, Some('\n')) | (_, None) => {
                if on_field(row, col, &mut field) {
                    return true;
                }
                field.clear();
                if c.is_none() {
                    return false;
                }
                row = row.saturating_add(1);
                col = 0;
            }
            (false, Some(ch)) => field.push(ch),
        }
    }
}

/// Whether the zip's end-of-central-directory record is there (a cut-off download lacks it).
fn has_zip_end(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(65_557)..];
    tail.windows(4).any(|w| w == b"PK\x05\x06")
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
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

fn read_zip(bytes: &[u8], limits: &Limits) -> Result<Book, String> {
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

/// calamine builds each .xls sheet as a dense grid of its extent when it opens the file: a
/// workbook whose sheets together span more cells than this is read sparsely by
/// [`super::biff`] instead (about 32 MB of grid at calamine's cell size).
const XLS_DENSE_MAX: u64 = 1 << 20;

const PASSWORD: &str = "パスワードで保護されているため読めません";

fn read_ole(bytes: &[u8], limits: &Limits) -> Result<Book, String> {
    // An encrypted xlsx is an OLE container holding these streams (names in UTF-16LE).
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    if contains(bytes, &utf16("EncryptedPackage")) || contains(bytes, &utf16("EncryptionInfo")) {
        return Err(PASSWORD.into());
    }
    if !super::ole::chains_are_sound(bytes) {
        return Err("ファイルが壊れているため読めません（xlsの内部の連鎖が壊れています）".into());
    }
    let max = limits.max_sheet_cells;
    let stream =
        super::ole::stream(bytes, "Workbook").or_else(|| super::ole::stream(bytes, "Book"));
    let Some(stream) = stream else {
        return Err(not_a_workbook(bytes));
    };
    let globals = super::biff::globals(&stream);
    let sparse = |g: &super::biff::Globals| Book {
        sheets: g
            .sheets
            .iter()
            .enumerate()
            .map(|(i, s)| match s.is_worksheet {
                false => Grid::skipped(&s.name, Skip::NotAWorksheet),
                true => grid_from(&s.name, super::biff::read_sheet(&stream, g, i, max), max),
            })
            .collect(),
        is_1904: g.is_1904,
    };
    if let Some(g) = &globals {
        // calamine takes an XOR-encrypted file for a plain one and fails on its codepage.
        if g.password {
            return Err(PASSWORD.into());
        }
        // Sheets that overlap are read by kyodo's reader too, which never walks past the
        // next sheet's start.
        let extent = super::biff::extent(&stream, g)
            .map_or(u64::MAX, |e| e.into_iter().fold(0u64, u64::saturating_add));
        if extent > XLS_DENSE_MAX {
            return Ok(sparse(g));
        }
    }
    let mut wb: Xls<_> = match Xls::new(super::ole::OleReader::new(bytes)) {
        Ok(wb) => wb,
        Err(XlsError::Password) => return Err(PASSWORD.into()),
        // calamine parses every sheet as it opens the file, macro and chart sheets too,
        // and gives up on the whole workbook for one record it cannot take: the worksheets
        // are read by kyodo's own reader then.
        Err(e) => match &globals {
            Some(g) => return Ok(sparse(g)),
            None => return Err(format!("ファイルが壊れているため読めません（{e}）")),
        },
    };
    let is_1904 = wb.has_1904_epoch();
    let sheets = each_sheet(&mut wb, max, |wb, name| {
        let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
        (dense_cells(wb, name, max), merges)
    });
    Ok(Book { sheets, is_1904 })
}

/// Why an OLE file without a workbook stream is not read: another Office document, or none.
fn not_a_workbook(bytes: &[u8]) -> String {
    let names = super::ole::entry_names(bytes);
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    let what = if has("WordDocument") {
        "Word の文書です"
    } else if has("PowerPoint Document") {
        "PowerPoint の資料です"
    } else {
        "Excel のブックが入っていません"
    };
    format!("Excelファイルではありません（{what}）")
}

/// What reading one sheet gave: its cells (`None` past the cell limit) and merged regions.
type SheetRead = (Result<Option<Cells>, String>, Vec<Dimensions>);

/// Every sheet of a workbook, whatever its format: chart and macro sheets marked, the
/// worksheets read by `read` and made grids (or marked damaged, or over `max` cells).
fn each_sheet<R, RS>(
    wb: &mut R,
    max: u64,
    mut read: impl FnMut(&mut R, &str) -> SheetRead,
) -> Vec<Grid>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
{
    let mut sheets = Vec::new();
    for (name, is_worksheet) in sheet_list(wb) {
        if !is_worksheet {
            sheets.push(Grid::skipped(&name, Skip::NotAWorksheet));
            continue;
        }
        let read = read(wb, &name);
        sheets.push(grid_from(&name, read, max));
    }
    sheets
}

/// A worksheet's grid from what reading it gave: its rows, merges filled, or why it was not
/// read (damaged, or over `max` cells).
fn grid_from(name: &str, (cells, merges): SheetRead, max: u64) -> Grid {
    match cells {
        Ok(None) => Grid::skipped(name, Skip::TooManyCells(max)),
        Ok(Some(cells)) => {
            let mut grid = Grid::new(name);
            grid.rows = rows_from_cells(cells);
            fill_merged(&mut grid, &merges);
            grid.merges = merges;
            grid
        }
        Err(e) => Grid::skipped(name, Skip::Damaged(e)),
    }
}

/// The cells of a sheet from a reader without a streaming cell reader (xls, ods): calamine
/// builds the dense range, its values are kept. `Ok(None)` past `max` values.
fn dense_cells<R, RS>(wb: &mut R, name: &str, max: u64) -> Result<Option<Cells>, String>
where
    R: Reader<RS>,
    R::Error: std::fmt::Display,
    RS: std::io::Read + std::io::Seek,
{
    let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let cells: Cells = range
        .used_cells()
        .filter_map(|(r, c, v)| {
            let col = u16::try_from(c as u64 + c0 as u64).ok()?;
            let row = u32::try_from(r).ok()?.checked_add(r0)?;
            Some((row, col, from_data(v)?))
        })
        .take(usize::try_from(max).unwrap_or(usize::MAX).saturating_add(1))
        .collect();
    Ok((cells.len() as u64 <= max).then_some(cells))
}

/// Groups (row, col, value) into rows sorted by row, then column.
fn rows_from_cells(mut cells: Cells) -> Vec<Row> {
    if !cells.is_sorted_by_key(|(r, c, _)| (*r, *c)) {
        cells.sort_by_key(|(r, c, _)| (*r, *c));
    }
    let mut rows: Vec<Row> = Vec::new();
    for (r, c, v) in cells {
        match rows.last_mut() {
            Some(last) if last.idx == r => last.cells.push((c, v)),
            _ => rows.push(Row {
                idx: r,
                cells: vec![(c, v)],
            }),
        }
    }
    rows
}

/// A value merged over several rows belongs to each of them: copies the top-left value
/// down the first column of the region, into rows that hold other values (so a merge
/// never turns blank rows into data).
pub fn fill_merged(grid: &mut Grid, merges: &[Dimensions]) {
    for m in merges {
        let (r0, c0) = m.start;
        let r1 = m.end.0;
        let Ok(c0) = u16::try_from(c0) else { continue };
        if r1 <= r0 {
            continue;
        }
        let top = grid.rows.partition_point(|r| r.idx < r0);
        let Some(value) = grid
            .rows
            .get(top)
            .filter(|r| r.idx == r0)
            .and_then(|r| r.get(c0))
            .cloned()
        else {
            continue;
        };
        let from = grid.rows.partition_point(|r| r.idx <= r0);
        let to = grid.rows.partition_point(|r| r.idx <= r1);
        for row in &mut grid.rows[from..to] {
            if let Err(i) = row.cells.binary_search_by_key(&c0, |(c, _)| *c) {
                row.cells.insert(i, (c0, value.clone()));
            }
        }
    }
}

pub(super) fn text_val(s: &str) -> Option<Val> {
    (!s.trim().is_empty()).then(|| Val::Text(s.to_string()))
}

fn date_val(dt: &calamine::ExcelDateTime) -> Option<Val> {
    if dt.is_datetime() {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
            return Some(Val::Date(date, dt.as_f64()));
        }
    }
    Some(Val::Num(dt.as_f64()))
}

pub(super) fn iso_val(s: &str) -> Option<Val> {
    match s
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        Some(d) => Some(Val::Date(d, 0.0)),
        None => text_val(s),
    }
}

fn from_data(v: &Data) -> Option<Val> {
    match v {
        Data::Int(i) => Some(Val::Num(*i as f64)),
        Data::Float(f) => Some(Val::Num(*f)),
        Data::String(s) => text_val(s),
        Data::Bool(b) => Some(Val::Bool(*b)),
        Data::DateTime(dt) => date_val(dt),
        Data::DateTimeIso(s) => iso_val(s),
        Data::DurationIso(s) => text_val(s),
        Data::Error(e) => Some(Val::Text(e.to_string())),
        Data::Empty => None,
    }
}

fn from_data_ref(v: &DataRef<'_>) -> Option<Val> {
    match v {
        DataRef::Int(i) => Some(Val::Num(*i as f64)),
        DataRef::Float(f) => Some(Val::Num(*f)),
        DataRef::String(s) => text_val(s),
        DataRef::SharedString(s) => text_val(s),
        DataRef::Bool(b) => Some(Val::Bool(*b)),
        DataRef::DateTime(dt) => date_val(dt),
        DataRef::DateTimeIso(s) => iso_val(s),
        DataRef::DurationIso(s) => text_val(s),
        DataRef::Error(e) => Some(Val::Text(e.to_string())),
        DataRef::Empty => None,
    }
}

impl Val {
    /// The text a clerk sees, for messages and text fields (numbers without `.0`).
    pub fn text(&self) -> String {
        match self {
            Val::Text(s) => s.trim().to_string(),
            Val::Num(f) => fmt_num(*f),
            Val::Date(d, _) => d.format("%Y-%m-%d").to_string(),
            Val::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }

    /// [`Val::text`] without a copy when the cell holds text.
    pub fn text_ref(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Val::Text(s) => std::borrow::Cow::Borrowed(s.trim()),
            v => std::borrow::Cow::Owned(v.text()),
        }
    }

    /// The value as a date: date cells, serials (in the workbook's system), date text.
    pub fn as_date(&self, fy: i32, is_1904: bool) -> Option<NaiveDate> {
        match self {
            Val::Date(d, _) => Some(*d),
            Val::Num(f) => date_from_serial(*f, is_1904),
            Val::Text(s) => crate::calendar::parse_date_text(s, fy),
            Val::Bool(_) => None,
        }
    }

    /// The value as yen: numbers stay numbers (even in a date-formatted cell), text is parsed.
    pub fn as_amount(&self) -> Option<i64> {
        match self {
            Val::Num(f) | Val::Date(_, f) => crate::numbers::amount_from_f64(*f),
            Val::Text(s) => crate::numbers::parse_amount(s),
            Val::Bool(_) => None,
        }
    }

    /// The value as yes/no: `None` when not understood.
    pub fn as_yes_no(&self) -> Option<Option<bool>> {
        match self {
            Val::Bool(b) => Some(Some(*b)),
            Val::Num(f) if *f == 1.0 => Some(Some(true)),
            Val::Num(f) if *f == 0.0 => Some(Some(false)),
            Val::Num(_) | Val::Date(..) => None,
            Val::Text(s) => super::value::parse_yes_no(s),
        }
    }
}

fn fmt_num(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_line_breaks() {
        let g = read_csv(
            "a,\"b,c\",\"d\"\"e\"\n\n\"x\ny\",,z\r\n",
            String::new(),
            100,
        );
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[0].idx, 0);
        assert_eq!(g.rows[0].get(1), Some(&Val::Text("b,c".into())));
        assert_eq!(g.rows[0].get(2), Some(&Val::Text("d\"e".into())));
        assert_eq!(g.rows[1].idx, 2);
        assert_eq!(g.rows[1].get(0), Some(&Val::Text("x\ny".into())));
        assert_eq!(g.rows[1].get(1), None);
        assert_eq!(g.rows[1].get(2), Some(&Val::Text("z".into())));
    }

    #[test]
    fn csv_fields_past_the_last_column_are_dropped_and_counted_as_they_come() {
        let line = "x,".repeat(70_000);
        let g = read_csv(&line, String::new(), 100_000);
        assert_eq!(g.rows[0].cells.len(), 65_536);
        assert_eq!(g.rows[0].cells.last().unwrap().0, u16::MAX);
        let g = read_csv(&line, String::new(), 1_000);
        assert_eq!(g.skipped, Some(Skip::TooManyCells(1_000)));
    }

    #[test]
    fn reasons_for_files_that_are_not_workbooks() {
        assert_eq!(
            read_book(b"", "xlsx", &Limits::default()).unwrap_err(),
            "ファイルが空です"
        );
        assert!(read_book(b"<html><body><table>", "xls", &Limits::default())
            .unwrap_err()
            .contains("HTML"));
        assert!(read_book(b"PK\x03\x04abc", "xlsx", &Limits::default())
            .unwrap_err()
            .contains("途中で切れています"));
        assert!(
            read_book(&[0u8, 1, 2, 0xff, 0xfe, 0], "xlsx", &Limits::default())
                .unwrap_err()
                .contains("形式が分かりません")
        );
        let sjis = encoding_rs::SHIFT_JIS
            .encode("氏名,中学校区\n山田,光陽\n")
            .0;
        let b = read_book(&sjis, "csv", &Limits::default()).unwrap();
        assert_eq!(b.sheets[0].rows[1].get(1), Some(&Val::Text("光陽".into())));
    }

    #[test]
    fn merged_values_fill_rows_with_content_only() {
        let mut g = Grid {
            name: "s".into(),
            skipped: None,
            merges: Vec::new(),
            rows: rows_from_cells(vec![
                (1, 0, Val::Text("光陽".into())),
                (1, 1, Val::Text("A".into())),
                (2, 1, Val::Text("B".into())),
                (4, 1, Val::Text("C".into())),
            ]),
        };
        fill_merged(
            &mut g,
            &[Dimensions {
                start: (1, 0),
                end: (1_000_000, 0),
            }],
        );
        assert_eq!(g.rows.len(), 3);
        assert_eq!(g.rows[1].get(0), Some(&Val::Text("光陽".into())));
        assert_eq!(g.rows[2].get(0), Some(&Val::Text("光陽".into())));
    }
}
