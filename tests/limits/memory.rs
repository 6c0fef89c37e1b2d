//! Memory follows the values, not the extent a sheet declares: the issue-15 reproducers (a
//! stray value in IV65536 of an .xls, a DIMENSIONS record claiming 4 billion rows, an .ods
//! value in its last cell) read in one run beside an ordinary workbook, with the run's peak
//! resident memory measured by the kernel (wait4). calamine's dense grids cost 1 GB for the
//! first and aborted the process on the second.

use crate::e2e::util::{list_findings, read_summary};
use std::path::Path;
use std::process::Command;

/// Runs the kyodo binary to its end; its exit code and peak resident memory in MiB.
// The child is reaped by wait4, which std's `wait` cannot do while reporting its rusage.
#[allow(clippy::zombie_processes)]
fn run_measured(cwd: &Path, args: &[&str]) -> (i32, i64) {
    let child = Command::new(env!("CARGO_BIN_EXE_kyodo"))
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the kyodo binary runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for the child it reaps.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own unreaped child; both pointers are to live locals.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    // ru_maxrss is in KiB on Linux.
    (code, usage.ru_maxrss / 1024)
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
