//! Text in an .xls workbook's records: the codepage of BIFF5 strings, byte and UTF-16
//! strings, the shared string table read across its CONTINUE records, and which number
//! formats show a date.

use super::{u16_at, u32_at};

/// The text encoding a CODEPAGE record names (BIFF5 strings and BIFF8 names are stored in
/// it); Windows-1252 for one this does not know.
pub(super) fn codepage(cp: u16) -> &'static encoding_rs::Encoding {
    match cp {
        932 => encoding_rs::SHIFT_JIS,
        936 => encoding_rs::GBK,
        949 => encoding_rs::EUC_KR,
        950 => encoding_rs::BIG5,
        1200 => encoding_rs::UTF_16LE,
        1250 => encoding_rs::WINDOWS_1250,
        1251 => encoding_rs::WINDOWS_1251,
        1253 => encoding_rs::WINDOWS_1253,
        1254 => encoding_rs::WINDOWS_1254,
        1255 => encoding_rs::WINDOWS_1255,
        1256 => encoding_rs::WINDOWS_1256,
        1257 => encoding_rs::WINDOWS_1257,
        1258 => encoding_rs::WINDOWS_1258,
        874 => encoding_rs::WINDOWS_874,
        10000 => encoding_rs::MACINTOSH,
        _ => encoding_rs::WINDOWS_1252,
    }
}

/// A BIFF5 string: its length in `len_bytes` (1 or 2) bytes, then bytes in the codepage.
pub(super) fn byte_string(
    b: &[u8],
    len_bytes: usize,
    enc: &'static encoding_rs::Encoding,
) -> String {
    let len = match len_bytes {
        1 => b.first().map(|n| usize::from(*n)),
        _ => u16_at(b, 0).map(usize::from),
    }
    .unwrap_or(0);
    let raw = b.get(len_bytes..).unwrap_or_default();
    let raw = &raw[..len.min(raw.len())];
    if enc == encoding_rs::UTF_16LE {
        return raw.iter().map(|c| char::from(*c)).collect();
    }
    enc.decode_without_bom_handling(raw).0.into_owned()
}

/// A BIFF8 string (XLUnicodeString): its character count in `len_bytes` (1 or 2) bytes, a
/// flags byte (bit 0: two bytes a character), optional rich-text and phonetic counts, then
/// the characters. Gives the text and the bytes it took.
pub(super) fn unicode_string(b: &[u8], len_bytes: usize) -> (String, usize) {
    let cch = match len_bytes {
        1 => b.first().map(|n| usize::from(*n)),
        _ => u16_at(b, 0).map(usize::from),
    }
    .unwrap_or(0);
    let Some(flags) = b.get(len_bytes).copied() else {
        return (String::new(), b.len());
    };
    let mut at = len_bytes + 1;
    let mut tail = 0usize;
    if flags & 0x08 != 0 {
        tail += 4 * usize::from(u16_at(b, at).unwrap_or(0));
        at += 2;
    }
    if flags & 0x04 != 0 {
        tail += u32_at(b, at).unwrap_or(0) as usize;
        at += 4;
    }
    let wide = flags & 1 != 0;
    let n = if wide { cch * 2 } else { cch };
    let raw = b.get(at..).unwrap_or_default();
    let raw = &raw[..n.min(raw.len())];
    (chars(raw, wide), at + n + tail)
}

/// Characters stored one byte each (Latin-1: the high byte left out) or two (UTF-16LE).
fn chars(raw: &[u8], wide: bool) -> String {
    if wide {
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        raw.iter().map(|c| char::from(*c)).collect()
    }
}

/// The shared strings (SST, MS-XLS 2.4.265) from the record after its two counts and the
/// CONTINUE records that follow. A string may run over a CONTINUE: its characters go on
/// after a fresh flags byte there; its rich-text runs and phonetic block go on without one.
pub(super) fn parse_sst(parts: &[&[u8]]) -> Vec<String> {
    let mut r = Parts {
        parts,
        part: 0,
        pos: 0,
    };
    let mut out = Vec::new();
    while let Some(cch) = r.u16() {
        let Some(flags) = r.u8() else { break };
        let runs = if flags & 0x08 != 0 {
            r.u16().unwrap_or(0)
        } else {
            0
        };
        let ext = if flags & 0x04 != 0 {
            r.u32().unwrap_or(0)
        } else {
            0
        };
        let mut wide = flags & 1 != 0;
        let mut s = String::new();
        let mut left = usize::from(cch);
        while left > 0 {
            if r.at_part_end() {
                if !r.next_part() {
                    break;
                }
                // A string's characters go on after a new flags byte.
                wide = r.u8().unwrap_or(0) & 1 != 0;
            }
            let width = if wide { 2 } else { 1 };
            let take = left.min(r.left_in_part() / width).max(1);
            let Some(raw) = r.bytes(take * width) else {
                break;
            };
            s.push_str(&chars(raw, wide));
            left -= take;
        }
        r.skip(4 * usize::from(runs) + ext as usize);
        out.push(s);
    }
    out
}

/// A reader over the SST and its CONTINUE records.
struct Parts<'a> {
    parts: &'a [&'a [u8]],
    part: usize,
    pos: usize,
}

impl<'a> Parts<'a> {
    fn at_part_end(&self) -> bool {
        self.parts
            .get(self.part)
            .is_none_or(|p| self.pos >= p.len())
    }

    fn left_in_part(&self) -> usize {
        self.parts
            .get(self.part)
            .map_or(0, |p| p.len().saturating_sub(self.pos))
    }

    fn next_part(&mut self) -> bool {
        self.part += 1;
        self.pos = 0;
        self.part < self.parts.len()
    }

    /// `n` bytes from the current part (None when it holds fewer).
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let p = self.parts.get(self.part)?;
        let b = p.get(self.pos..self.pos + n)?;
        self.pos += n;
        Some(b)
    }

    /// One byte, moving to the next part at a part's end.
    fn u8(&mut self) -> Option<u8> {
        while self.at_part_end() {
            if !self.next_part() {
                return None;
            }
        }
        self.bytes(1).map(|b| b[0])
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }

    fn skip(&mut self, mut n: usize) {
        while n > 0 {
            if self.at_part_end() && !self.next_part() {
                return;
            }
            let step = n.min(self.left_in_part());
            self.pos += step;
            n -= step;
        }
    }
}

/// Excel's built-in number formats that show a date (as calamine reads them: the
/// East Asian ones, 27–36 and 50–58, are dates too).
pub(super) fn builtin_is_date(id: u16) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45 | 47 | 50..=58)
}

/// Whether a number format shows a date or time: a d, m, y, h or s outside quotes,
/// brackets and escapes, in its first section (as calamine decides for .xlsx; its own
/// function is not public).
pub(super) fn is_date_format(code: &str) -> bool {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u32;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        if quoted {
            quoted = c != '"';
            continue;
        }
        match c {
            '_' | '\\' | '*' => escaped = true,
            '"' => quoted = true,
            ';' => return false,
            '[' => brackets += 1,
            ']' => brackets = brackets.saturating_sub(1),
            'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S' if brackets == 0 => {
                return true
            }
            _ => {}
        }
    }
    false
}
