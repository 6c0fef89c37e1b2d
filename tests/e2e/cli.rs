//! The command line of spec §1: exit 2 for what cannot run, the fiscal-year spellings, the
//! default out folder, inputs never written.

use super::util::{copy_samples, kyodo, read_summary, root, run_samples, REPORTS};

#[test]
fn bad_fiscal_year_exits_2() {
    let out = kyodo(&root(), &["check", "samples", "--fy", "R7x"]);
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(
        out.stderr.contains("R7x"),
        "the message quotes the value: {}",
        out.stderr
    );
}

#[test]
fn bad_as_of_exits_2() {
    for bad in ["2025-13-01", "2025/11/30x", "yesterday"] {
        let out = kyodo(&root(), &["check", "samples", "--as-of", bad]);
        assert_eq!(out.code, 2, "--as-of {bad}: {}", out.dump());
        assert!(out.stderr.contains(bad), "{}", out.stderr);
    }
}

#[test]
fn unreadable_config_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[budget\nunit = 二万\n").unwrap();
    let bad_s = bad.to_str().unwrap();
    let out = kyodo(&root(), &["check", "samples", "--config", bad_s]);
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(out.stderr.contains("bad.toml"), "{}", out.stderr);

    let missing = dir.path().join("missing.toml");
    let out = kyodo(
        &root(),
        &["check", "samples", "--config", missing.to_str().unwrap()],
    );
    assert_eq!(out.code, 2, "{}", out.dump());

    // An unknown key or an out-of-range figure is refused before any file is read.
    std::fs::write(&bad, "[budget]\nwarn_ratio = 8.0\n").unwrap();
    let out = kyodo(&root(), &["check", "samples", "--config", bad_s]);
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(out.stderr.contains("warn_ratio"), "{}", out.stderr);
}

#[test]
fn a_broken_kyodo_toml_in_the_input_folder_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    copy_samples(&office);
    std::fs::write(
        office.join("kyodo.toml"),
        "fiscal_year = \"R7\"\nas_of = 2025-11-31\n",
    )
    .unwrap();
    let out = kyodo(dir.path(), &["check", "office"]);
    assert_eq!(out.code, 2, "{}", out.dump());
}

#[test]
fn nonexistent_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = kyodo(dir.path(), &["run", "no_such_folder", "--out", "out"]);
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(out.stderr.contains("no_such_folder"), "{}", out.stderr);
    let out = kyodo(dir.path(), &["check", "名簿/*.xlsx"]);
    assert_eq!(out.code, 2, "{}", out.dump());
}

#[test]
fn fiscal_year_spellings_are_one_year() {
    let r7 = run_samples(&["--fy", "R7"]).summary();
    assert_eq!(r7["fiscal_year"], 2025);
    for fy in ["令和7年度", "2025", "R7年度", "2025年度"] {
        let other = run_samples(&["--fy", fy]).summary();
        assert_eq!(other, r7, "--fy {fy} differs from --fy R7");
    }
}

#[test]
fn command_line_wins_over_the_pinned_as_of() {
    let s = run_samples(&["--as-of", "2025-10-31"]).summary();
    assert_eq!(s["as_of"], "2025-10-31");
    assert_eq!(s["fiscal_year"], 2025);
}

#[test]
fn default_out_folder_is_year_and_as_of() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    let out = kyodo(dir.path(), &["run", "samples"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    let folder = dir.path().join("out").join("R7").join("2025-11-30");
    for r in REPORTS {
        assert!(
            folder.join(r).is_file(),
            "{r} not in out/R7/2025-11-30\n{}",
            out.dump()
        );
    }
    assert_eq!(read_summary(&folder)["as_of"], "2025-11-30");

    // A second run reads the same inputs: the out folder is never read as input.
    let again = kyodo(dir.path(), &["run", "samples"]);
    assert_eq!(again.code, 1, "{}", again.dump());
}

#[test]
fn inputs_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("samples");
    copy_samples(&office);
    let before: Vec<(String, Vec<u8>)> = snapshot(&office);
    let out = kyodo(dir.path(), &["run", "samples", "--out", "report"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    assert_eq!(snapshot(&office), before);
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn help_and_version_exit_0() {
    assert_eq!(kyodo(&root(), &["--help"]).code, 0);
    assert_eq!(kyodo(&root(), &["--version"]).code, 0);
    assert_eq!(kyodo(&root(), &["frobnicate"]).code, 2);
}

#[test]
fn an_output_folder_that_cannot_be_written_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the out folder should be: nothing can be created below it.
    let blocker = dir.path().join("blocked");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out_dir = blocker.join("R7");
    let out = kyodo(
        &root(),
        &[
            "run",
            "samples",
            "--out",
            out_dir.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(
        out.stderr.contains(out_dir.to_str().unwrap()),
        "the message names the path: {}",
        out.stderr
    );
}
