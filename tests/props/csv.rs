//! CSV as Excel and other systems save it: any grid of texts written with RFC 4180 quoting,
//! LF or CRLF, UTF-8 with or without BOM, or CP932, reads back as the same cells.

use kyodo::config::Limits;
use kyodo::ingest::sheet::{read_book, Val};
use proptest::prelude::*;

/// A field: office text with the characters that need quoting mixed in.
fn field() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            4 => proptest::char::range('ぁ', 'ん'),
            2 => prop::sample::select(vec!['旭', '川', '市', '花', '子', '区', '円', '¥', '〇', '×', '（', '）']),
            1 => prop::sample::select(vec![',', '"', '\n', ' ', '\u{3000}', '0', '9']),
        ],
        0..8,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::vec(proptest::collection::vec(field(), 1..6), 1..8)
}

fn quote(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) || f.starts_with(' ') {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

fn to_csv(g: &[Vec<String>], eol: &str) -> String {
    g.iter()
        .map(|r| r.iter().map(|f| quote(f)).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join(eol)
        + eol
}

/// The cells a reader should see: (row, col, text) of every field that is not blank.
fn expected(g: &[Vec<String>]) -> Vec<(u32, u16, String)> {
    let mut v = Vec::new();
    for (r, row) in g.iter().enumerate() {
        for (c, f) in row.iter().enumerate() {
            if !f.trim().is_empty() {
                v.push((r as u32, c as u16, f.clone()));
            }
        }
    }
    v
}

fn read(bytes: &[u8]) -> Vec<(u32, u16, String)> {
    let book = read_book(bytes, "csv", &Limits::default()).expect("a CSV reads");
    let mut v = Vec::new();
    for row in &book.sheets[0].rows {
        for (c, val) in &row.cells {
            match val {
                Val::Text(t) => v.push((row.idx, *c, t.clone())),
                other => panic!("a CSV cell is text, got {other:?}"),
            }
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn utf8_csv_reads_back(g in grid(), crlf in any::<bool>(), bom in any::<bool>()) {
        let text = to_csv(&g, if crlf { "\r\n" } else { "\n" });
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        prop_assume!(!expected(&g).is_empty());
        prop_assert_eq!(read(&bytes), expected(&g));
    }

    #[test]
    fn cp932_csv_reads_back(g in grid(), crlf in any::<bool>()) {
        let text = to_csv(&g, if crlf { "\r\n" } else { "\n" });
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        prop_assume!(!unmappable && !expected(&g).is_empty());
        // Bytes that also happen to be valid UTF-8 are read as UTF-8: a short CP932 text can
        // be both, and no reader can tell them apart; real files are long enough to settle it.
        prop_assume!(std::str::from_utf8(&bytes).is_err() || text.is_ascii());
        // CP932 has no ¥ of its own: it is the backslash byte, which Japanese Windows shows
        // as ¥ (parse_amount takes both).
        let want: Vec<(u32, u16, String)> = expected(&g)
            .into_iter()
            .map(|(r, c, t)| (r, c, t.replace('¥', "\\")))
            .collect();
        prop_assert_eq!(read(&bytes), want);
    }
}
