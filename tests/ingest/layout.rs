//! Issue 15's reproducers (tests/fixtures/layout, made by its make.py): files calamine reads
//! that kyodo's own checks once refused, sheets whose declared extent is far larger than
//! their values, encrypted files of every format, and Excel's 「Unicode テキスト」.

use super::{findings, inventory};
use kyodo::config::Config;
use kyodo::ingest::{ingest, Ingested};

const DIR: &str = "tests/fixtures/layout";

fn read(name: &str) -> Ingested {
    ingest(
        &[format!("{DIR}/{name}")],
        None,
        &Config::default(),
        super::FY,
    )
    .unwrap()
}

/// The two coordinators every readable reproducer holds, read from its 名簿 sheet.
fn assert_roster(r: &Ingested, name: &str) {
    let names: Vec<(&str, &str)> = r
        .data
        .coordinators
        .iter()
        .map(|c| (c.name.as_str(), c.district.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![("山田 太郎", "光陽"), ("佐藤 花子", "東光")],
        "{name}: {:?} {:?}",
        findings(r),
        inventory(r)
    );
    assert!(
        r.data
            .coordinators
            .iter()
            .all(|c| c.src.sheet.as_ref() == "名簿" || name.ends_with(".csv")),
        "{name}"
    );
}

#[test]
fn a_workbook_laid_out_as_any_zip_tool_lays_it_out_is_read() {
    for name in ["backslashes.xlsx", "workbook_elsewhere.xlsx"] {
        let r = read(name);
        assert_roster(&r, name);
        assert!(findings(&r).is_empty(), "{name}: {:?}", findings(&r));
    }
    // The converted roster re-zipped with `mimetype` last reads as the original does.
    let key = |r: &Ingested| {
        let c: Vec<_> = r
            .data
            .coordinators
            .iter()
            .map(|c| (c.name.clone(), c.src.a1()))
            .collect();
        (
            c,
            r.findings
                .iter()
                .map(|f| f.message.clone())
                .collect::<Vec<_>>(),
        )
    };
    let moved = read("mimetype_last.ods");
    let original = super::read(&["converted/roster.ods"]);
    assert_eq!(key(&moved), key(&original));
    assert_eq!(moved.data.coordinators.len(), 4);
}

#[test]
fn a_macro_sheet_is_listed_and_the_worksheets_read() {
    for name in ["macro_sheet.xls", "macro_sheet.xlsx"] {
        let r = read(name);
        assert_roster(&r, name);
        assert!(findings(&r).is_empty(), "{name}: {:?}", findings(&r));
        let macro_line =
            format!("{name}|Macro1|-|0|0|0||グラフ・マクロのシートのため読んでいません");
        assert!(
            inventory(&r).contains(&macro_line),
            "{name}: {:?}",
            inventory(&r)
        );
    }
}

#[test]
fn far_cells_and_lying_extents_cost_only_their_values() {
    for name in ["stray_cell.xls", "lying_dimensions.xls", "far_value.ods"] {
        let r = read(name);
        assert_roster(&r, name);
        assert!(findings(&r).is_empty(), "{name}: {:?}", findings(&r));
    }
}

#[test]
fn encrypted_files_of_every_format_say_so() {
    for name in ["xor_password.xls", "password.ods"] {
        let r = read(name);
        assert_eq!(
            findings(&r),
            vec![format!(
                "IN001 {name} パスワードで保護されているため読めません"
            )],
            "{name}"
        );
    }
}

#[test]
fn utf16_text_with_a_bom_is_read_tab_or_comma_separated() {
    for name in ["unicode_text.csv", "utf16be_commas.csv"] {
        let r = read(name);
        assert_roster(&r, name);
        assert!(findings(&r).is_empty(), "{name}: {:?}", findings(&r));
    }
}
