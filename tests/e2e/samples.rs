//! The sample office itself: the cells samples/README.md documents hold what it says.
//! These pass without the pipeline; they keep the generator, the README and the
//! expectations of the other tests in step.

use super::expected::SEEDED;
use super::util::{cell_at, open_range, root, text, SAMPLE_BOOKS};

fn sample(name: &str) -> std::path::PathBuf {
    root().join("samples").join(name)
}

#[test]
fn every_sample_workbook_and_the_config_exist() {
    for b in SAMPLE_BOOKS {
        assert!(
            sample(b).is_file(),
            "samples/{b} missing: run cargo run --example make_samples"
        );
    }
    let toml = std::fs::read_to_string(sample("kyodo.toml")).expect("samples/kyodo.toml");
    assert!(toml.contains("\nfiscal_year = \"R7\""), "{toml}");
    assert!(toml.contains("\nas_of = \"2025-11-30\""), "{toml}");
}

#[test]
fn sample_config_is_the_embedded_default_with_year_and_date_pinned() {
    let sample = std::fs::read_to_string(sample("kyodo.toml")).unwrap();
    let default = std::fs::read_to_string(root().join("src/default.toml")).unwrap();
    let unpinned = sample
        .replace("\nfiscal_year = \"R7\"", "\n# fiscal_year = \"R7\"")
        .replace("\nas_of = \"2025-11-30\"", "\n# as_of = \"2025-11-30\"");
    assert_eq!(
        unpinned, default,
        "samples/kyodo.toml is stale: rerun make_samples"
    );
}

#[test]
fn seeded_mistake_cells_hold_the_documented_values() {
    let expect = |file: &str, sheet: &str, cell: &str| {
        let name = file.trim_start_matches("samples/");
        cell_at(&open_range(&sample(name), sheet), cell)
    };
    let want: &[(&str, &str)] = &[
        ("C10", "R3~6"),
        ("C11", "R3~6"),
        ("C12", "R3~6"),
        ("C15", "長谷川 剛"),
        ("A38", "東光陽"),
        ("A25", "中村　直子"),
        ("A16", "村上 優子"),
        ("C38", "○"),
        ("C20", "飲食費"),
        ("B25", "北星"),
        ("D29", "1,500×3"),
        ("D30", "1300"),
        ("A32", "令和7年13月5日"),
        ("D34", "2900"),
        ("E9", "木村 大輔、林 真由美"),
        ("E16", "阿部 幸子、佐々木 陽子"),
    ];
    assert_eq!(want.len(), SEEDED.len());
    for ((id, file, sheet, cell), (cell2, value)) in SEEDED.iter().zip(want) {
        assert_eq!(cell, cell2);
        assert_eq!(
            expect(file, sheet, cell),
            *value,
            "{id} at {file}:{sheet}!{cell}"
        );
    }
}

#[test]
fn sample_layout_is_an_office_layout() {
    let roster = open_range(&sample("コーディネーター名簿.xlsx"), "コーディネーター名簿");
    assert_eq!(cell_at(&roster, "A1"), "令和7年度 コーディネーター名簿");
    assert_eq!(cell_at(&roster, "A2"), "作成日：令和7年4月1日");
    assert_eq!(cell_at(&roster, "C4"), "氏名");
    // 中学校区 merged over its people: only the first row of the merge holds the name.
    assert_eq!(cell_at(&roster, "A7"), "光陽");
    assert_eq!(cell_at(&roster, "A8"), "");

    let ledger = open_range(&sample("支出簿.xlsx"), "支出簿");
    let total_row = super::util::find_row(&ledger, "合計").expect("a 合計 row");
    let cells: Vec<String> = ledger
        .rows()
        .nth((total_row - ledger.start().unwrap().0) as usize)
        .unwrap()
        .iter()
        .map(text)
        .collect();
    // The cached SUM of the number cells (text amounts left out, as Excel does).
    assert!(cells.contains(&"69250".to_string()), "{cells:?}");
    assert!(super::util::find_row(&ledger, "※7月分から講師謝金は源泉徴収後の額で記入").is_some());
}
