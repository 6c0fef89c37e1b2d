//! A run killed at any moment: each report is then the old one or the new one, whole; the
//! next run finishes and leaves no temporary file.

use super::{assert_old_or_new, files, restore, temps, Files, Left, Office, NEW, OLD};
use crate::e2e::util::REPORTS;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// Kills at moments spread from the start of a run to a little past its usual end, and as many
/// more aimed at the few milliseconds in which it writes files: after the first temporary file
/// appears, each a little later than the last.
const KILLS: u32 = 16;
const AIMED: u32 = 16;

/// Waits (polling) until a temporary file is in `out`, or the child ends.
fn first_temp(out: &Path, child: &mut std::process::Child) {
    while temps(out).is_empty() && child.try_wait().ok().flatten().is_none() {
        std::thread::yield_now();
    }
}

/// The next run after a stopped one finishes with the new reports and no temporary file.
fn assert_rerun_completes(office: &Office, new: &Files, code: i32, context: &str) {
    let o = office.run("out", NEW);
    assert_eq!(o.code, code, "{context}: the rerun\n{}", o.dump());
    let out = office.path("out");
    assert_eq!(
        temps(&out),
        Vec::<String>::new(),
        "{context}: after the rerun"
    );
    assert!(&files(&out) == new, "{context}: the rerun's reports differ");
}

#[test]
fn a_run_killed_at_32_moments_leaves_each_report_old_or_new() {
    let office = Office::new();
    let out = office.path("out");
    let (new, code) = office.complete("out", NEW);
    let (old, _) = office.complete("out", OLD);
    assert!(REPORTS.iter().all(|r| old[*r] != new[*r]));

    // How long a whole run takes here (the fastest of three: the kills are spread over it).
    let whole = (0..3)
        .map(|_| {
            restore(&out, &old);
            let t = Instant::now();
            let o = office.run("out", NEW);
            assert_eq!(o.code, code, "{}", o.dump());
            t.elapsed()
        })
        .min()
        .unwrap();

    let (mut before, mut during, mut after) = (0, 0, 0);
    for i in 0..KILLS + AIMED {
        // Half the kills in a folder holding the previous run's reports, half in an empty one.
        let seed = if i % 2 == 0 {
            old.clone()
        } else {
            Files::new()
        };
        restore(&out, &seed);
        let mut child = office.command("out", NEW).spawn().expect("kyodo starts");
        let context = if i < KILLS {
            let at = whole.mul_f64(1.1 * f64::from(i) / f64::from(KILLS - 1));
            std::thread::sleep(at);
            format!("killed after {at:?} of {whole:?}")
        } else {
            first_temp(&out, &mut child);
            let at = Duration::from_micros(500 * u64::from(i - KILLS));
            std::thread::sleep(at);
            format!("killed {at:?} after the first temporary file")
        };
        child.kill().expect("kill");
        let status = child.wait().expect("wait");
        let context = format!("{context} ({status})");
        let left = assert_old_or_new(&out, &seed, &new, &context);
        let finished = status.code().is_some();
        if finished {
            assert_eq!(status.code(), Some(code), "{context}");
            assert!(left.iter().all(|l| *l == Left::New), "{context}: {left:?}");
            assert_eq!(temps(&out), Vec::<String>::new(), "{context}");
        }
        let untouched = if seed.is_empty() {
            Left::Absent
        } else {
            Left::Old
        };
        match () {
            _ if left.iter().all(|l| *l == Left::New) && temps(&out).is_empty() => after += 1,
            _ if left.iter().all(|l| *l == untouched) && temps(&out).is_empty() => before += 1,
            _ => during += 1,
        }
        assert_rerun_completes(&office, &new, code, &context);
    }
    eprintln!(
        "faults: {} kills of a {whole:?} run: {before} before a file was touched, \
         {during} while writing, {after} after the last rename",
        KILLS + AIMED
    );
    assert_eq!(before + during + after, KILLS + AIMED);
}

/// Runs into `out` (seeded with `seed`) with KYODO_FAULT_ABORT_AFTER=n: the process kills
/// itself at that step of writing. Returns whether it did (else it finished).
fn abort_after(office: &Office, out: &Path, seed: &Files, n: u32) -> bool {
    restore(out, seed);
    let mut c = office.command("out", NEW);
    c.env("KYODO_FAULT_ABORT_AFTER", n.to_string());
    let status = c.status().expect("kyodo runs");
    status.signal() == Some(9)
}

#[test]
fn a_run_killed_at_every_step_of_writing_leaves_each_report_old_or_new() {
    let office = Office::new();
    let out = office.path("out");
    let (new, code) = office.complete("out", NEW);
    let (old, _) = office.complete("out", OLD);
    // The steps: each report's temporary file created, written, synced; then each rename;
    // then the folder synced. The reports are REPORTS, then the 地区別/ workbooks (renamed
    // after them).
    let districts = std::fs::read_dir(out.join("地区別")).map_or(0, |d| d.count()) as u32;
    let files = REPORTS.len() as u32 + districts;
    let renames = 3 * files;
    let steps = renames + files + 1;
    for seed in [&old, &Files::new()] {
        let untouched = if seed.is_empty() {
            Left::Absent
        } else {
            Left::Old
        };
        for n in 1..=steps + 1 {
            let killed = abort_after(&office, &out, seed, n);
            let context = format!(
                "killed at writing step {n} of {steps}, {} folder",
                if seed.is_empty() {
                    "empty"
                } else {
                    "previous run's"
                }
            );
            assert_eq!(killed, n <= steps, "{context}");
            let left = assert_old_or_new(&out, seed, &new, &context);
            // Nothing is replaced before every report is written; then one a rename, in order.
            let replaced = n.saturating_sub(renames + 1) as usize;
            let expected: Vec<Left> = (0..REPORTS.len())
                .map(|i| if i < replaced { Left::New } else { untouched })
                .collect();
            assert_eq!(left, expected, "{context}");
            if n > steps {
                assert_eq!(temps(&out), Vec::<String>::new(), "{context}");
            }
            assert_rerun_completes(&office, &new, code, &context);
        }
    }
}
