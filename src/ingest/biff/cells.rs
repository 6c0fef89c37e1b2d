//! The cells of one .xls sheet, read sparsely from its substream, and [`extent`]: what
//! calamine would allocate for each sheet, told from the records before it reads any.

use super::{
    byte_string, f64_at, records, rt, u16_at, u32_at, unicode_string, Globals, SheetEntry,
};
use crate::ingest::sheet::{Cells, Val};
use calamine::Dimensions;

/// A sheet's cells past the records it holds; what [`read_sheet`] gives.
pub type SheetCells = (Result<Option<Cells>, String>, Vec<Dimensions>);

/// Per sheet (in workbook order): the number of cells calamine would allocate for it — the
/// larger of the rectangle its DIMENSIONS record claims and the one spanned by the cells it
/// holds. None when the sheets' substreams are not laid out one after another (two at one
/// place, or one running into the next): calamine walks each to its end, which for such a
/// file costs the stream's size once per sheet.
pub fn extent(stream: &[u8], g: &Globals) -> Option<Vec<u64>> {
    g.sheets
        .iter()
        .map(|s| {
            let (mut dims, mut rows, mut cols) = (0u64, (u32::MAX, 0u32), (u16::MAX, 0u16));
            let ended = each_record(stream, s, |typ, data| {
                if typ == rt::DIMENSIONS {
                    let (r0, r1, c0, c1) = if g.biff8 {
                        (
                            u32_at(data, 0),
                            u32_at(data, 4),
                            u16_at(data, 8),
                            u16_at(data, 10),
                        )
                    } else {
                        (
                            u16_at(data, 0).map(u32::from),
                            u16_at(data, 2).map(u32::from),
                            u16_at(data, 4),
                            u16_at(data, 6),
                        )
                    };
                    if let (Some(r0), Some(r1), Some(c0), Some(c1)) = (r0, r1, c0, c1) {
                        let r = u64::from(r1.saturating_sub(r0)).max(1);
                        let c = u64::from(c1.saturating_sub(c0)).max(1);
                        dims = dims.max(r * c);
                    }
                }
                if let Some((r, c0, c1)) = cell_span(typ, data) {
                    rows = (rows.0.min(r), rows.1.max(r));
                    cols = (cols.0.min(c0), cols.1.max(c1));
                }
            });
            let held = if rows.0 > rows.1 {
                0
            } else {
                u64::from(rows.1 - rows.0 + 1) * u64::from(cols.1.saturating_sub(cols.0) + 1)
            };
            ended.then_some(dims.max(held))
        })
        .collect()
}

/// The row and first and last column of a record that puts values in cells.
fn cell_span(typ: u16, data: &[u8]) -> Option<(u32, u16, u16)> {
    let row = u32::from(u16_at(data, 0)?);
    let col = u16_at(data, 2)?;
    match typ {
        rt::NUMBER
        | rt::LABEL
        | rt::RSTRING
        | rt::BOOLERR
        | rt::RK
        | rt::LABELSST
        | rt::FORMULA => Some((row, col, col)),
        rt::MULRK => Some((row, col, u16_at(data, data.len().checked_sub(2)?)?)),
        _ => None,
    }
}

/// Calls `f` on each record of a sheet's substream, up to its EOF, leaving out the
/// substreams nested in it (an embedded chart carries cell-like records). Whether the EOF
/// came before the next sheet's start.
fn each_record(stream: &[u8], sheet: &SheetEntry, mut f: impl FnMut(u16, &[u8])) -> bool {
    let Some(stream) = stream.get(..sheet.end) else {
        return false;
    };
    let mut depth = 0usize;
    for (i, (typ, data)) in records(stream, sheet.pos).enumerate() {
        match typ {
            rt::BOF if i > 0 => depth += 1,
            rt::EOF if depth == 0 => return true,
            rt::EOF => depth -= 1,
            _ if depth == 0 => f(typ, data),
            _ => {}
        }
    }
    false
}

/// The cells of sheet `i` that hold a value (at most `max`: `Ok(None)` past it) and its
/// merged regions.
pub fn read_sheet(stream: &[u8], g: &Globals, i: usize, max: u64) -> SheetCells {
    let Some(sheet) = g.sheets.get(i) else {
        return (Err("シートがありません".to_string()), Vec::new());
    };
    if sheet.end <= sheet.pos
        || stream.get(sheet.pos..sheet.pos + 2).map(|b| [b[0], b[1]]) != Some(rt::BOF.to_le_bytes())
    {
        return (Err("シートの位置が壊れています".to_string()), Vec::new());
    }
    let mut cells: Cells = Vec::new();
    let mut merges = Vec::new();
    let mut over = false;
    // The cell a FORMULA whose text result follows in a STRING record stands in.
    let mut pending: Option<(u32, u16)> = None;
    each_record(stream, sheet, |typ, data| {
        if over {
            return;
        }
        let mut put = |r: u32, c: u16, v: Option<Val>| {
            if let Some(v) = v {
                if cells.len() as u64 >= max {
                    over = true;
                } else {
                    cells.push((r, c, v));
                }
            }
        };
        let pos = || Some((u32::from(u16_at(data, 0)?), u16_at(data, 2)?));
        match typ {
            rt::NUMBER => {
                if let (Some((r, c)), Some(v)) = (pos(), f64_at(data, 6)) {
                    put(r, c, Some(g.number(v, u16_at(data, 4))));
                }
            }
            rt::RK => {
                if let (Some((r, c)), Some(rk)) = (pos(), u32_at(data, 6)) {
                    put(r, c, Some(g.number(rk_value(rk), u16_at(data, 4))));
                }
            }
            rt::MULRK => {
                if let Some((r, c0)) = pos() {
                    let recs = data
                        .get(4..data.len().saturating_sub(2))
                        .unwrap_or_default();
                    for (k, rec) in recs.chunks_exact(6).enumerate() {
                        let Ok(c) = u16::try_from(usize::from(c0) + k) else {
                            break;
                        };
                        let v = rk_value(u32_at(rec, 2).unwrap_or(0));
                        put(r, c, Some(g.number(v, u16_at(rec, 0))));
                    }
                }
            }
            rt::LABEL | rt::RSTRING => {
                if let Some((r, c)) = pos() {
                    let raw = data.get(6..).unwrap_or_default();
                    let s = if g.biff8 {
                        unicode_string(raw, 2).0
                    } else {
                        byte_string(raw, 2, g.encoding)
                    };
                    put(r, c, crate::ingest::sheet::text_val(&s));
                }
            }
            rt::LABELSST => {
                if let (Some((r, c)), Some(k)) = (pos(), u32_at(data, 6)) {
                    let s = g.sst.get(k as usize).map(String::as_str).unwrap_or("");
                    put(r, c, crate::ingest::sheet::text_val(s));
                }
            }
            rt::BOOLERR => {
                if let (Some((r, c)), Some(v), Some(is_err)) = (pos(), data.get(6), data.get(7)) {
                    put(r, c, Some(bool_err(*v, *is_err != 0)));
                }
            }
            rt::FORMULA => {
                pending = None;
                let (Some((r, c)), Some(res)) = (pos(), data.get(6..14)) else {
                    return;
                };
                if res[6..8] != [0xFF, 0xFF] {
                    let v = f64_at(res, 0).unwrap_or(0.0);
                    put(r, c, Some(g.number(v, u16_at(data, 4))));
                    return;
                }
                match res[0] {
                    0 => pending = Some((r, c)),
                    1 => put(r, c, Some(Val::Bool(res[2] != 0))),
                    2 => put(r, c, Some(bool_err(res[2], true))),
                    _ => {}
                }
            }
            rt::STRING => {
                if let Some((r, c)) = pending.take() {
                    let s = if g.biff8 {
                        unicode_string(data, 2).0
                    } else {
                        byte_string(data, 2, g.encoding)
                    };
                    put(r, c, crate::ingest::sheet::text_val(&s));
                }
            }
            rt::MERGECELLS => {
                let n = usize::from(u16_at(data, 0).unwrap_or(0));
                for m in data.get(2..).unwrap_or_default().chunks_exact(8).take(n) {
                    let at = |k| u32::from(u16_at(m, k).unwrap_or(0));
                    merges.push(Dimensions {
                        start: (at(0), at(4)),
                        end: (at(2), at(6)),
                    });
                }
            }
            _ => {}
        }
    });
    (Ok((!over).then_some(cells)), merges)
}

impl Globals {
    /// A number as its cell shows it: a date when its format is one.
    fn number(&self, v: f64, xf: Option<u16>) -> Val {
        let is_date = xf.is_some_and(|x| self.xf_date.get(usize::from(x)) == Some(&true));
        match is_date
            .then(|| crate::ingest::value::date_from_serial(v, self.is_1904))
            .flatten()
        {
            Some(d) => Val::Date(d, v),
            None => Val::Num(v),
        }
    }
}

/// An RK number (MS-XLS 2.5.217): 30 bits of an integer or of a double's high bits,
/// perhaps to be divided by 100.
pub(super) fn rk_value(rk: u32) -> f64 {
    let v = if rk & 2 != 0 {
        f64::from((rk as i32) >> 2)
    } else {
        f64::from_bits(u64::from(rk & 0xFFFF_FFFC) << 32)
    };
    if rk & 1 != 0 {
        v / 100.0
    } else {
        v
    }
}

/// A BOOLERR cell: a boolean, or an error shown as Excel writes it.
fn bool_err(v: u8, is_err: bool) -> Val {
    if !is_err {
        return Val::Bool(v != 0);
    }
    let e = match v {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        _ => "#GETTING_DATA",
    };
    Val::Text(e.to_string())
}
