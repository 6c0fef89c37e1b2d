//! A list longer than one Excel cell holds: the workbook is still written, the cell ends with
//! how many are left out, and what it shows reads back as typed.

use super::*;
use crate::report::roster::PUBLIC_SHEET;
use crate::report::style::CELL_CHARS;

#[test]
fn a_years_new_model_districts_past_a_cells_length_end_with_how_many_more() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = sample();
    // A national survey's office: 6,000 new model districts in one year, 「地区00000」… —
    // 65,999 characters joined, twice what a cell holds.
    let names: Vec<String> = (0..6_000).map(|i| format!("地区{i:05}")).collect();
    a.rollout.insert(2023, names);
    let (out, _) = write(&a, tmp.path(), "out");
    let r = read(&out.join(ROSTER_FILE), PUBLIC_SHEET);
    let row = find_row(&r, 0, &crate::calendar::fy_label(2023));
    assert_eq!(text(&r, row, 1), "6000");
    let list = text(&r, row, 4);
    assert!(list.encode_utf16().count() <= CELL_CHARS);
    assert!(
        list.starts_with("地区00000、地区00001、"),
        "{}",
        &list[..40]
    );
    let shown = list.split('…').next().unwrap().split('、').count();
    assert!(
        list.ends_with(&format!("…ほか{}件", 6_000 - shown)),
        "{shown}"
    );
    assert!(shown > 3_000, "{shown}");
}
