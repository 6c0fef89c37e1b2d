//! Text tables (.csv, .tsv) → a sheet: the encoding told from the bytes (UTF-16 with BOM,
//! UTF-8, else CP932), the delimiter from the text, quoted fields with line breaks.

use super::sheet::{Grid, Row, Skip, Val};

/// UTF-16 with its BOM (Excel's 「Unicode テキスト」, little- or big-endian), UTF-8 (with or
/// without BOM), else CP932; None for binary data. UTF-8 is borrowed, not copied: a large
/// CSV is held once.
pub(super) fn decode_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
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
}
