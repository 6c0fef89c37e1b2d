//! The cells of an .xls workbook (BIFF5 and BIFF8), read sparsely: only cells that hold a
//! value cost memory. calamine 0.38 builds every .xls sheet as a dense grid of its extent
//! when it opens the file (a stray value in IV65536 costs a gigabyte) and reserves what a
//! sheet's DIMENSIONS record claims (a lying one aborts the process). [`extent`] tells from
//! the records what calamine would allocate; a workbook past the bound is read here instead.
//!
//! Only what kyodo uses is decoded: sheet names and kinds, values (numbers, dates by their
//! format, text, booleans, errors, formula results), merged regions and the date system;
//! here the workbook globals; a sheet's cells and the extents are `biff/cells.rs`'s, the text
//! of the records (codepages, the shared strings, date formats) `biff/strings.rs`'s.

mod cells;
mod strings;

pub use cells::{extent, read_sheet};

use strings::{builtin_is_date, byte_string, codepage, is_date_format, parse_sst, unicode_string};

/// The record types read (MS-XLS 2.4).
mod rt {
    pub const BOF: u16 = 0x0809;
    pub const EOF: u16 = 0x000A;
    pub const FILEPASS: u16 = 0x002F;
    pub const CODEPAGE: u16 = 0x0042;
    pub const DATEMODE: u16 = 0x0022;
    pub const FORMAT: u16 = 0x041E;
    pub const XF: u16 = 0x00E0;
    pub const BOUNDSHEET: u16 = 0x0085;
    pub const SST: u16 = 0x00FC;
    pub const CONTINUE: u16 = 0x003C;
    pub const DIMENSIONS: u16 = 0x0200;
    pub const NUMBER: u16 = 0x0203;
    pub const LABEL: u16 = 0x0204;
    pub const RSTRING: u16 = 0x00D6;
    pub const BOOLERR: u16 = 0x0205;
    pub const STRING: u16 = 0x0207;
    pub const RK: u16 = 0x027E;
    pub const LABELSST: u16 = 0x00FD;
    pub const MULRK: u16 = 0x00BD;
    pub const MERGECELLS: u16 = 0x00E5;
    pub const FORMULA: u16 = 0x0006;
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn f64_at(b: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The records of a stream from `at`: (type, data). A record cut off by the stream's end
/// ends the iteration.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = at;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = usize::from(u16_at(stream, pos + 2)?);
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

/// One sheet as the workbook lists it.
#[derive(Debug)]
pub struct SheetEntry {
    pub name: String,
    /// A worksheet (not a chart, macro or dialog sheet).
    pub is_worksheet: bool,
    /// Where its substream starts in the workbook stream.
    pos: usize,
    /// Where the next sheet's substream starts (or the stream ends): no walk of this sheet
    /// goes past it, so sheets pointing into one another cost no more than the stream.
    end: usize,
}

/// What the workbook globals say.
#[derive(Debug)]
pub struct Globals {
    pub sheets: Vec<SheetEntry>,
    pub is_1904: bool,
    /// The workbook is encrypted (FILEPASS, any method: XOR or RC4).
    pub password: bool,
    biff8: bool,
    encoding: &'static encoding_rs::Encoding,
    /// Per XF (cell format) index: whether its number format is a date.
    xf_date: Vec<bool>,
    sst: Vec<String>,
}

/// Reads the workbook globals (up to their EOF). None when the stream does not start as a
/// BIFF5 or BIFF8 workbook.
pub fn globals(stream: &[u8]) -> Option<Globals> {
    let mut it = records(stream, 0);
    let (typ, bof) = it.next()?;
    let version = u16_at(bof, 0)?;
    if typ != rt::BOF || !matches!(version, 0x0500 | 0x0600) {
        return None;
    }
    let biff8 = version == 0x0600;
    let mut g = Globals {
        sheets: Vec::new(),
        is_1904: false,
        password: false,
        biff8,
        encoding: encoding_rs::WINDOWS_1252,
        xf_date: Vec::new(),
        sst: Vec::new(),
    };
    let mut formats: Vec<(u16, bool)> = Vec::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    // The SST and its CONTINUE records, gathered whole (the string table may run over many).
    let mut sst: Option<Vec<&[u8]>> = None;
    for (typ, data) in it {
        if typ != rt::CONTINUE {
            if let Some(parts) = sst.take() {
                g.sst = parse_sst(&parts);
            }
        }
        match typ {
            rt::FILEPASS => {
                g.password = true;
                return Some(g);
            }
            rt::CODEPAGE => g.encoding = codepage(u16_at(data, 0).unwrap_or(1252)),
            rt::DATEMODE => g.is_1904 = u16_at(data, 0) == Some(1),
            rt::FORMAT => {
                let id = u16_at(data, 0).unwrap_or(0);
                let code = if biff8 {
                    unicode_string(data.get(2..).unwrap_or_default(), 2).0
                } else {
                    byte_string(data.get(2..).unwrap_or_default(), 1, g.encoding)
                };
                formats.push((id, is_date_format(&code)));
            }
            rt::XF => xf_formats.push(u16_at(data, 2).unwrap_or(0)),
            rt::BOUNDSHEET => {
                let pos = u32_at(data, 0).unwrap_or(u32::MAX) as usize;
                let kind = data.get(5).copied().unwrap_or(0);
                let raw = data.get(6..).unwrap_or_default();
                let name = if biff8 {
                    unicode_string(raw, 1).0
                } else {
                    byte_string(raw, 1, g.encoding)
                };
                g.sheets.push(SheetEntry {
                    name,
                    is_worksheet: kind == 0,
                    pos,
                    end: stream.len(),
                });
            }
            rt::SST => sst = Some(vec![data.get(8..).unwrap_or_default()]),
            rt::CONTINUE => {
                if let Some(parts) = sst.as_mut() {
                    parts.push(data);
                }
            }
            rt::EOF => break,
            _ => {}
        }
    }
    if let Some(parts) = sst.take() {
        g.sst = parse_sst(&parts);
    }
    let starts: Vec<usize> = g.sheets.iter().map(|s| s.pos).collect();
    for s in &mut g.sheets {
        // Two sheets at one place are given nothing (they read as damaged).
        let shared = starts.iter().filter(|p| **p == s.pos).count() > 1;
        s.end = match shared {
            true => s.pos,
            false => starts
                .iter()
                .copied()
                .filter(|p| *p > s.pos)
                .min()
                .unwrap_or(s.end),
        };
    }
    g.xf_date = xf_formats
        .iter()
        .map(|f| {
            formats
                .iter()
                .rev()
                .find(|(id, _)| id == f)
                .map_or_else(|| builtin_is_date(*f), |(_, d)| *d)
        })
        .collect();
    Some(g)
}

#[cfg(test)]
mod tests;
