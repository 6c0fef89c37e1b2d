//! Memory follows the values, not the extent a sheet declares: the issue-15 reproducers (a
//! stray value in IV65536 of an .xls, a DIMENSIONS record claiming 4 billion rows, an .ods
//! value in its last cell) read in one run beside an ordinary workbook, with the run's peak
//! resident memory as the kernel counts it for the program (VmHWM). calamine's dense grids cost 1 GB for the
//! first and aborted the process on the second.

use crate::e2e::util::{list_findings, read_summary};
use std::path::Path;
use std::process::Command;

/// Runs the kyodo binary to its end; its exit code and peak resident memory in MiB, as the
/// program itself reads it (`KYODO_TIMINGS=1`: VmHWM after each stage). Not the kernel's
/// ru_maxrss of the child: that counts the forked copy of this test process before the exec,
/// which is as large as whatever the other tests running beside it hold.
fn run_measured(cwd: &Path, args: &[&str]) -> (i32, i64) {
    let out = Command::new(env!("CARGO_BIN_EXE_kyodo"))
        .args(args)
        .current_dir(cwd)
        .env("KYODO_TIMINGS", "1")
        .stdout(std::process::Stdio::null())
        .output()
        .expect("the kyodo binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak = stderr
        .lines()
        .filter_map(|l| {
            let rest = l.split("(peak RSS ").nth(1)?;
            rest.split(' ').next()?.parse::<i64>().ok()
        })
        .max()
        .unwrap_or_else(|| panic!("no peak RSS in the timings: {stderr}"));
    (out.status.code().unwrap_or(-1), peak)
}

#[test]
fn far_cells_and_lying_extents_are_read_in_memory_that_follows_the_values() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    std::fs::create_dir_all(&office).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["stray_cell.xls", "lying_dimensions.xls", "far_value.ods"] {
        std::fs::copy(root.join("tests/fixtures/layout").join(f), office.join(f)).unwrap();
    }
    std::fs::copy(
        root.join("tests/fixtures/ingest/roster.xlsx"),
        office.join("roster.xlsx"),
    )
    .unwrap();
    let (code, peak_mib) = run_measured(dir.path(), &["run", "office", "--out", "out", "--quiet"]);
    let s = read_summary(&dir.path().join("out"));
    // The ordinary roster's IN003s make it exit 1; nothing aborted.
    assert_eq!(code, 1, "{}", list_findings(&s));
    // Every file read, each 名簿 sheet a coordinator table of its two rows.
    let inputs = s["inputs"].as_array().unwrap();
    for f in ["stray_cell.xls", "lying_dimensions.xls", "far_value.ods"] {
        let line = inputs
            .iter()
            .find(|i| i["file"] == f && i["sheet"] == "名簿")
            .unwrap_or_else(|| panic!("{f} not in {inputs:?}"));
        assert_eq!(line["kind"], "coordinators", "{f}");
        assert_eq!(line["rows"], 2, "{f}");
    }
    assert!(inputs
        .iter()
        .any(|i| i["file"] == "roster.xlsx" && i["kind"] == "coordinators"));
    assert!(
        !list_findings(&s).contains("IN001"),
        "{}",
        list_findings(&s)
    );
    // The promise: under 100 MB for an input under 1 MB (each of these is a few KB; the
    // stray cell alone cost 1,050 MB before).
    assert!(peak_mib < 100, "peak resident memory {peak_mib} MiB");
}
