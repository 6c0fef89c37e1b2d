//! An OLE (Compound File) container's bytes made safe for calamine's .xls reader, which
//! panics or allocates without bound on some damaged files (found by fuzzing; calamine
//! 0.38). Only the container's sector tables are looked at, never the workbook inside.

use std::io::{Cursor, Read, Seek, SeekFrom};

/// Sector ids from 0xFFFFFFFA up mark ends and special sectors, not links.
const MAX_REG_SECT: u32 = 0xFFFF_FFFA;

/// The header's sector size: 512, or 4096 for a version 4 file (shift 12 at offset 30).
fn sector_size(bytes: &[u8]) -> usize {
    match bytes.get(30..32).map(|s| u16::from_le_bytes([s[0], s[1]])) {
        Some(12) => 4096,
        _ => 512,
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The file allocation table: its sectors listed by the header's 109 ids, then the DIFAT
/// chain (bounded: each of its sectors is in the file, and a loop would list more sectors
/// than the file holds).
fn fat(bytes: &[u8]) -> Vec<u32> {
    let size = sector_size(bytes);
    let mut fat_ids: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut difat = u32_at(bytes, 68).unwrap_or(u32::MAX);
    let mut hops = 0;
    while difat < MAX_REG_SECT && hops <= bytes.len() / size {
        let Some(s) = sector(bytes, difat) else { break };
        let n = size / 4 - 1;
        fat_ids.extend((0..n).filter_map(|i| u32_at(s, 4 * i)));
        difat = u32_at(s, 4 * n).unwrap_or(u32::MAX);
        hops += 1;
    }
    fat_ids
        .into_iter()
        .filter(|id| *id < MAX_REG_SECT)
        .filter_map(|id| sector(bytes, id))
        .flat_map(|s| {
            s.chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        })
        .collect()
}

/// A sector's bytes by its id; None past the end of the file.
fn sector(bytes: &[u8], id: u32) -> Option<&[u8]> {
    let size = sector_size(bytes);
    let at = (id as usize).checked_add(1)?.checked_mul(size)?;
    bytes.get(at..at.checked_add(size)?)
}

/// A chain's sectors, in order, through a table whose chains all end ([`table_is_sound`]);
/// a link outside the table ends it.
fn chain(bytes: &[u8], fat: &[u32], start: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = start;
    let mut hops = 0;
    while at < MAX_REG_SECT && hops <= fat.len() {
        if let Some(s) = sector(bytes, at) {
            out.extend_from_slice(s);
        }
        at = fat.get(at as usize).copied().unwrap_or(u32::MAX);
        hops += 1;
    }
    out
}

fn as_u32s(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// Whether every chain of the file allocation table (and of the mini table) ends and every
/// chain starts inside its table. calamine follows the directory's chain until it ends, so
/// a loop grows one buffer until memory runs out, and a link or a start outside the table
/// panics.
pub fn chains_are_sound(bytes: &[u8]) -> bool {
    let fat = fat(bytes);
    if !table_is_sound(&fat) {
        return false;
    }
    // calamine indexes the tables with every chain's first sector too: the directory's,
    // the mini table's, and each stream's (in the mini table when it is small).
    let in_fat = |id: u32| id >= MAX_REG_SECT || (id as usize) < fat.len();
    let dir_start = u32_at(bytes, 48).unwrap_or(u32::MAX);
    let mini_start = u32_at(bytes, 60).unwrap_or(u32::MAX);
    if !in_fat(dir_start) || !in_fat(mini_start) {
        return false;
    }
    let mini = as_u32s(&chain(bytes, &fat, mini_start));
    if !table_is_sound(&mini) {
        return false;
    }
    let in_mini = |id: u32| id >= MAX_REG_SECT || (id as usize) < mini.len();
    chain(bytes, &fat, dir_start)
        .chunks_exact(128)
        .all(|entry| {
            let kind = entry[66];
            let start = u32_at(entry, 116).unwrap_or(u32::MAX);
            let len = u32_at(entry, 120).unwrap_or(0);
            match kind {
                // The root entry holds the mini stream, always in the big table.
                5 => in_fat(start),
                // A stream under 4,096 bytes lives in the mini stream.
                2 if len > 0 && len < 4096 => in_mini(start),
                2 if len > 0 => in_fat(start),
                _ => true,
            }
        })
}

/// The names of the container's streams and storages (the directory's entries), for telling
/// what kind of file it holds.
pub fn entry_names(bytes: &[u8]) -> Vec<String> {
    let fat = fat(bytes);
    let dir = chain(bytes, &fat, u32_at(bytes, 48).unwrap_or(u32::MAX));
    dir.chunks_exact(128)
        .filter(|e| e[66] != 0)
        .map(entry_name)
        .collect()
}

fn entry_name(e: &[u8]) -> String {
    let len = usize::from(u16::from_le_bytes([e[64], e[65]])).min(64);
    let units: Vec<u16> = e[..len]
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// A stream's bytes by its name (the first entry of that name, any case), from a container
/// whose chains are sound ([`chains_are_sound`]). A stream under the mini cutoff is read
/// from the mini stream, as the format stores it.
pub fn stream(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let fat = fat(bytes);
    let dir = chain(bytes, &fat, u32_at(bytes, 48)?);
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let entry = entries
        .iter()
        .find(|e| e[66] == 2 && entry_name(e).eq_ignore_ascii_case(name))?;
    let start = u32_at(entry, 116)?;
    let len = usize::try_from(u32_at(entry, 120)?).ok()?;
    let cutoff = usize::try_from(u32_at(bytes, 56).unwrap_or(4096)).unwrap_or(4096);
    let mut data = if len < cutoff {
        let root = entries.iter().find(|e| e[66] == 5)?;
        let mini_stream = chain(bytes, &fat, u32_at(root, 116)?);
        let mini = as_u32s(&chain(bytes, &fat, u32_at(bytes, 60).unwrap_or(u32::MAX)));
        let mut out = Vec::new();
        let mut at = start;
        let mut hops = 0;
        while at < MAX_REG_SECT && hops <= mini.len() && out.len() < len {
            let from = (at as usize).checked_mul(64)?;
            out.extend_from_slice(mini_stream.get(from..from.checked_add(64)?)?);
            at = mini.get(at as usize).copied().unwrap_or(u32::MAX);
            hops += 1;
        }
        out
    } else {
        chain(bytes, &fat, start)
    };
    data.truncate(len);
    Some(data)
}

/// Whether every chain of a sector table ends: no link points outside the table and no
/// chain loops. Each entry links to at most one next: every chain is walked once,
/// colouring entries 1 (on the current walk) and 2 (known to end).
fn table_is_sound(table: &[u32]) -> bool {
    let mut state = vec![0u8; table.len()];
    for start in 0..table.len() {
        let mut walk = Vec::new();
        let mut at = start;
        loop {
            match state[at] {
                2 => break,
                1 => return false,
                _ => {}
            }
            state[at] = 1;
            walk.push(at);
            let next = table[at];
            if next >= MAX_REG_SECT {
                break;
            }
            if next as usize >= table.len() {
                return false;
            }
            at = next as usize;
        }
        for i in walk {
            state[i] = 2;
        }
    }
    true
}

/// The bytes of an OLE (CFB) file as calamine's xls reader is given them, around two
/// panics of calamine 0.38 on damaged files (found by fuzzing):
/// - it bounds sector ids by `length / sector size`, which counts the header as a sector of
///   data, and panics slicing that phantom last sector when a chain points at it: the end
///   is reported one sector early (no sound file has a sector past its end), so calamine
///   says "points past end of file" instead;
/// - it panics on a partial last sector (a cut-off file) read as a table of u32: the bytes
///   are padded with zeros to whole sectors (a copy, only for such a file).
pub struct OleReader<'a> {
    bytes: Cursor<std::borrow::Cow<'a, [u8]>>,
    end: u64,
}

impl<'a> OleReader<'a> {
    pub fn new(bytes: &'a [u8]) -> OleReader<'a> {
        let sector = sector_size(bytes);
        let bytes = match bytes.len() % sector {
            0 => std::borrow::Cow::Borrowed(bytes),
            part => {
                let mut padded = bytes.to_vec();
                padded.resize(bytes.len() + sector - part, 0);
                std::borrow::Cow::Owned(padded)
            }
        };
        OleReader {
            end: (bytes.len() as u64).saturating_sub(sector as u64),
            bytes: Cursor::new(bytes),
        }
    }
}

impl Read for OleReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.bytes.read(buf)
    }
}

impl Seek for OleReader<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        match pos {
            SeekFrom::End(off) => {
                let to = self.end.checked_add_signed(off).ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before start")
                })?;
                self.bytes.seek(SeekFrom::Start(to))
            }
            other => self.bytes.seek(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xls};

    /// A fuzz input (after its extension byte) on which calamine itself panics, checked
    /// to still panic so that the test says when calamine is fixed upstream.
    fn calamine_panic(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/fuzz/file/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(path).unwrap()[1..].to_vec();
        let plain = std::panic::catch_unwind(|| Xls::new(Cursor::new(&bytes[..])).is_err());
        assert!(plain.is_err(), "{name}: calamine no longer panics");
        bytes
    }

    #[test]
    fn calamine_gets_an_error_not_a_panic_past_the_last_sector() {
        let bytes = calamine_panic("crash_xls_chain_to_phantom_sector");
        let e = Xls::new(OleReader::new(&bytes)).err().unwrap();
        assert!(e.to_string().contains("points past end of file"), "{e}");
    }

    #[test]
    fn a_cut_off_last_sector_is_padded() {
        let bytes = calamine_panic("crash_xls_cut_off_mid_sector");
        assert!(Xls::new(OleReader::new(&bytes)).is_err());
    }

    #[test]
    fn a_looping_chain_is_unsound_and_a_real_workbook_is_sound() {
        let path = format!(
            "{}/tests/fixtures/fuzz/file/oom_xls_directory_chain_loops",
            env!("CARGO_MANIFEST_DIR")
        );
        assert!(!chains_are_sound(&std::fs::read(path).unwrap()[1..]));
        let path = format!(
            "{}/tests/fixtures/ingest/converted/roster.xls",
            env!("CARGO_MANIFEST_DIR")
        );
        let real = std::fs::read(path).unwrap();
        assert!(chains_are_sound(&real));
        let wb = Xls::new(OleReader::new(&real)).unwrap();
        assert!(!wb.sheet_names().is_empty());
    }
}
