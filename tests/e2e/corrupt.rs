//! A bad file is a finding, never the end of the run (spec §1, IN001).

use super::util::{copy_samples, district, findings, kyodo, list_findings, read_summary, REPORTS};

/// Deterministic noise (an LCG): the same "random" bytes every run.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn corrupt_workbooks_are_in001_and_the_run_completes() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    copy_samples(&office);
    // A workbook cut short in the middle of its zip.
    let whole = std::fs::read(office.join("支出簿.xlsx")).unwrap();
    std::fs::write(office.join("壊れた.xlsx"), &whole[..whole.len() / 2]).unwrap();
    // Not a spreadsheet at all.
    std::fs::write(office.join("でたらめ.xlsx"), noise(4096)).unwrap();
    // Excel's lock file and a hidden file: skipped without a finding.
    std::fs::write(office.join("~$支出簿.xlsx"), noise(165)).unwrap();
    std::fs::write(office.join(".隠し.xlsx"), noise(300)).unwrap();

    let out = kyodo(dir.path(), &["run", "office", "--out", "out"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    let out_dir = dir.path().join("out");
    for r in REPORTS {
        assert!(out_dir.join(r).is_file(), "{r} not written\n{}", out.dump());
    }
    let s = read_summary(&out_dir);
    for bad in ["壊れた.xlsx", "でたらめ.xlsx"] {
        let hits: Vec<_> = findings(&s)
            .iter()
            .filter(|f| f["id"] == "IN001" && f["file"] == bad)
            .collect();
        assert_eq!(hits.len(), 1, "IN001 for {bad}\n{}", list_findings(&s));
    }
    for f in findings(&s) {
        let file = f["file"].as_str().unwrap_or("");
        assert!(!file.contains("~$") && !file.contains(".隠し"), "{f}");
    }
    // The good workbooks are still read.
    assert_eq!(district(&s, "光陽")["spent"], 16500);
    assert_eq!(s["budget"]["total"], 180000);
}

#[test]
fn a_text_file_named_xlsx_is_in001() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    copy_samples(&office);
    std::fs::write(office.join("メモ.xlsx"), "これはExcelではありません\n").unwrap();
    let out = kyodo(dir.path(), &["check", "office"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("メモ.xlsx") && l.contains("  IN001  ")),
        "{}",
        out.stdout
    );
}
