//! Tests of the sparse .xls reader: records, strings across CONTINUE, cells, extents.

use super::cells::rk_value;
use super::strings::{is_date_format, parse_sst};
use super::*;
use crate::ingest::sheet::Val;

#[test]
fn rk_numbers() {
    // 1 as an integer, 1.23 as an integer / 100, -2 as an integer, 0.5 as a double.
    assert_eq!(rk_value(1 << 2 | 2), 1.0);
    assert_eq!(rk_value(123 << 2 | 3), 1.23);
    assert_eq!(rk_value(((-2i32) << 2) as u32 | 2), -2.0);
    assert_eq!(rk_value((0.5f64.to_bits() >> 32) as u32), 0.5);
}

#[test]
fn date_formats() {
    for f in ["yyyy/m/d", "[$-411]ggge\"年\"m\"月\"d\"日\"", "m/d", "h:mm"] {
        assert!(is_date_format(f), "{f}");
    }
    for f in ["General", "#,##0", "\"円\"#,##0", "0.00_);[Red](0.00)", "@"] {
        assert!(!is_date_format(f), "{f}");
    }
}

#[test]
fn shared_strings_run_over_continue_records() {
    // Two strings: "ab" (one byte a character), then "あい" begun in one record and
    // ended in the next after a fresh flags byte (two bytes a character), with a
    // phonetic block of 3 bytes that runs over too.
    let first: Vec<u8> = [
        &[2, 0, 0][..],
        b"ab",
        &[2, 0, 0x05, 3, 0, 0, 0],
        &0x3042u16.to_le_bytes(),
    ]
    .concat();
    let second: Vec<u8> = [&[1u8][..], &0x3044u16.to_le_bytes(), &[9, 9, 9]].concat();
    assert_eq!(
        parse_sst(&[&first, &second]),
        vec!["ab".to_string(), "あい".to_string()]
    );
}

fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    [
        &typ.to_le_bytes()[..],
        &(data.len() as u16).to_le_bytes(),
        data,
    ]
    .concat()
}

/// A BIFF8 workbook stream: globals naming `sheets` (name, position), then `body`.
fn stream(sheets: &[(&str, u32)], body: &[u8]) -> Vec<u8> {
    let mut g = rec(rt::BOF, &[0, 6, 5, 0]);
    for (name, pos) in sheets {
        let b = [
            &pos.to_le_bytes()[..],
            &[0, 0, name.len() as u8, 0],
            name.as_bytes(),
        ]
        .concat();
        g.extend(rec(rt::BOUNDSHEET, &b));
    }
    g.extend(rec(rt::EOF, &[]));
    [g, body.to_vec()].concat()
}

#[test]
fn sheets_are_read_sparsely_and_never_past_the_next_one() {
    // One sheet: A1 = 1 (RK), IV65536 = "x" (LABEL), DIMENSIONS claiming 4 billion rows.
    let mut sheet = rec(rt::BOF, &[0, 6, 16, 0]);
    sheet.extend(rec(
        rt::DIMENSIONS,
        &[0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 1, 0, 0],
    ));
    sheet.extend(rec(rt::RK, &[0, 0, 0, 0, 0, 0, 6, 0, 0, 0]));
    sheet.extend(rec(rt::LABEL, &[255, 255, 255, 0, 0, 0, 1, 0, 0, b'x']));
    sheet.extend(rec(rt::EOF, &[]));
    let head = stream(&[("A", 0)], &[]).len() as u32;
    let s = stream(&[("A", head)], &sheet);
    let g = globals(&s).unwrap();
    assert_eq!(g.sheets[0].name, "A");
    assert_eq!(extent(&s, &g).unwrap(), vec![0xFFFF_FFFF * 256]);
    let (cells, _) = read_sheet(&s, &g, 0, 10);
    let cells = cells.unwrap().unwrap();
    assert_eq!(cells.len(), 2);
    assert_eq!(cells[0], (0, 0, Val::Num(1.0)));
    assert_eq!(cells[1], (65535, 255, Val::Text("x".into())));
    // Past the limit: None, not a grid.
    assert_eq!(read_sheet(&s, &g, 0, 1).0, Ok(None));
    // Two sheets at one place, and a third pointing into the first: neither is walked
    // past the next start; calamine (which would walk each to its end) is not asked.
    let head = stream(&[("A", 0), ("B", 0), ("C", 0)], &[]).len() as u32;
    let s = stream(&[("A", head), ("B", head), ("C", head + 4)], &sheet);
    let g = globals(&s).unwrap();
    assert_eq!(extent(&s, &g), None);
    assert!(read_sheet(&s, &g, 0, 10).0.is_err());
    assert!(read_sheet(&s, &g, 2, 10).0.is_err());
}
