//! INPUT as files, glob patterns or nothing (the current folder), spec §1.

use super::util::{
    array, copy_samples, district, finding_at, kyodo, list_findings, read_summary, root,
    run_samples,
};

#[test]
fn single_files_are_read_with_the_embedded_default() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = kyodo(
        &root(),
        &[
            "run",
            "samples/中学校区一覧.xlsx",
            "samples/支出簿.xlsx",
            "--as-of",
            "2025-11-30",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1, "{}", o.dump());
    let s = read_summary(&out);
    assert_eq!(s["fiscal_year"], 2025);
    assert_eq!(district(&s, "光陽")["spent"], 16500);
    assert_eq!(district(&s, "永山")["spent"], 21000);
    assert_eq!(
        finding_at(&s, "BU004", "支出簿.xlsx", "支出簿", "C20").len(),
        1,
        "{}",
        list_findings(&s)
    );
    // No roster was given: nobody to check for training.
    assert!(array(&s, "coordinators").is_empty());
}

#[test]
fn a_glob_pattern_reads_the_same_as_the_folder() {
    let folder = run_samples(&[]).summary();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = kyodo(
        &root(),
        &[
            "run",
            "samples/*.xlsx",
            "--config",
            "samples/kyodo.toml",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1, "{}", o.dump());
    let glob = read_summary(&out);
    for key in [
        "districts",
        "budget",
        "trainings",
        "coordinators",
        "findings",
    ] {
        assert_eq!(
            glob[key], folder[key],
            "{key} differs between samples/*.xlsx and samples"
        );
    }
}

#[test]
fn no_input_means_the_current_folder_and_its_out_folder_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    copy_samples(&office);
    let first = kyodo(&office, &["run"]);
    assert_eq!(first.code, 1, "{}", first.dump());
    let out = office.join("out").join("R7").join("2025-11-30");
    let a = read_summary(&out);
    assert_eq!(
        district(&a, "光陽")["spent"],
        16500,
        "{}",
        list_findings(&a)
    );
    assert!(
        array(&a, "findings")
            .iter()
            .any(|f| f["id"] == "BU004" && f["file"] == "支出簿.xlsx" && f["cell"] == "C20"),
        "files are named relative to the current folder\n{}",
        list_findings(&a)
    );
    // The second run finds last run's reports under out/ and must not read them.
    let second = kyodo(&office, &["run"]);
    assert_eq!(second.code, 1, "{}", second.dump());
    let b = read_summary(&out);
    assert_eq!(a["findings"], b["findings"]);
    assert_eq!(a["inputs"], b["inputs"]);
}
