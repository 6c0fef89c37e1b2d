//! A run killed at any moment: each report is then the old one or the new one, whole; the
//! next run finishes and leaves no temporary file.

use super::{
    assert_old_or_new, files, restore_set, temps, whole_set, Files, Left, Office, NEW, OLD,
};
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
    kill_at_moments(&Office::new(), KILLS, AIMED);
}

/// An office of 12 districts (`examples/gen_office`): a run of two seconds or more in a debug
/// build, killed at 20 moments spread over it.
#[test]
fn a_long_run_killed_at_20_moments_leaves_one_runs_whole_set() {
    let office = Office::generated(12);
    kill_at_moments(&office, 20, 0);
}

/// Kills runs of `office` into `out` at `kills` moments spread from the start of a run to a
/// little past its usual end, and `aimed` more at the few milliseconds in which it writes
/// files (after its staging folder appears, each a little later than the last). After each,
/// the folder holds one run's whole set — the previous run's, or the new one's — and the
/// next run finishes and leaves no temporary file.
fn kill_at_moments(office: &Office, kills: u32, aimed: u32) {
    let out = office.path("out");
    let (new, code) = office.complete("out", NEW);
    let new_set = whole_set(&out);
    let (old, _) = office.complete("out", OLD);
    let old_set = whole_set(&out);
    assert!(REPORTS.iter().all(|r| old[*r] != new[*r]));

    // How long a whole run takes here (the fastest of three: the kills are spread over it).
    let whole = (0..3)
        .map(|_| {
            restore_set(&out, &old_set);
            let t = Instant::now();
            let o = office.run("out", NEW);
            assert_eq!(o.code, code, "{}", o.dump());
            t.elapsed()
        })
        .min()
        .unwrap();

    let (mut before, mut during, mut after) = (0, 0, 0);
    for i in 0..kills + aimed {
        // Half the kills in a folder holding the previous run's reports, half in an empty one.
        let (seed, seed_set) = if i % 2 == 0 {
            (old.clone(), old_set.clone())
        } else {
            (Files::new(), Files::new())
        };
        restore_set(&out, &seed_set);
        let mut child = office.command("out", NEW).spawn().expect("kyodo starts");
        let context = if i < kills {
            let at = whole.mul_f64(1.1 * f64::from(i) / f64::from(kills - 1));
            std::thread::sleep(at);
            format!("killed after {at:?} of {whole:?}")
        } else {
            first_temp(&out, &mut child);
            let at = Duration::from_micros(500 * u64::from(i - kills));
            std::thread::sleep(at);
            format!("killed {at:?} after the staging folder appeared")
        };
        child.kill().expect("kill");
        let status = child.wait().expect("wait");
        let context = format!("{context} ({status})");
        let left = assert_old_or_new(&out, &seed, &new, &context);
        let set = whole_set(&out);
        assert!(
            set == seed_set || set == new_set,
            "{context}: not one run's whole set: {:?}",
            set.keys().collect::<Vec<_>>()
        );
        let finished = status.code().is_some();
        if finished {
            assert_eq!(status.code(), Some(code), "{context}");
            assert!(set == new_set, "{context}: {left:?}");
            assert_eq!(temps(&out), Vec::<String>::new(), "{context}");
        }
        match () {
            _ if set == new_set && temps(&out).is_empty() => after += 1,
            _ if temps(&out).is_empty() => before += 1,
            _ => during += 1,
        }
        // What a killed run left is for the next run to clear: that run must finish whole.
        if !temps(&out).is_empty() {
            assert_rerun_completes(office, &new, code, &context);
            assert!(
                whole_set(&out) == new_set,
                "{context}: the rerun's 地区別/ differs"
            );
        }
    }
    eprintln!(
        "faults: {} kills of a {whole:?} run: {before} before a file was written, \
         {during} while writing (staging folder left), {after} after the swap",
        kills + aimed
    );
    assert_eq!(before + during + after, kills + aimed);
}

/// Runs into `out` (seeded with `seed`) with KYODO_FAULT_ABORT_AFTER=n: the process kills
/// itself at that step of writing. Returns whether it did (else it finished).
fn abort_after(office: &Office, out: &Path, seed: &Files, n: u32) -> bool {
    restore_set(out, seed);
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
    let (new_set, old_set) = {
        let o = office.run("out", NEW);
        assert_eq!(o.code, code, "{}", o.dump());
        let n = whole_set(&out);
        (n, {
            office.complete("out", OLD);
            whole_set(&out)
        })
    };
    // The steps: each report's file in the staging folder created, written, synced (REPORTS,
    // then the 地区別/ workbooks); the staging folder synced; the swap; the clerk's files moved
    // back; the parent folder synced.
    let districts = std::fs::read_dir(out.join("地区別")).map_or(0, |d| d.count()) as u32;
    let files = REPORTS.len() as u32 + districts;
    let written = 3 * files + 1;
    let steps = written + 3;
    for (seed, seed_set) in [(&old, &old_set), (&Files::new(), &Files::new())] {
        let untouched = if seed.is_empty() {
            Left::Absent
        } else {
            Left::Old
        };
        // While files are written every step is alike (the folder untouched): the first
        // files' steps, then every step from the last file's on.
        for n in (1..=6).chain(written - 3..=steps + 1) {
            let killed = abort_after(&office, &out, seed_set, n);
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
            // Nothing is replaced before every report is written; then all at once.
            let expected = if n <= written { untouched } else { Left::New };
            assert_eq!(left, vec![expected; REPORTS.len()], "{context}");
            let set = whole_set(&out);
            let want = if expected == Left::New {
                &new_set
            } else {
                seed_set
            };
            assert!(&set == want, "{context}: 地区別/ is not of the same run");
            if n > steps {
                assert_eq!(temps(&out), Vec::<String>::new(), "{context}");
            }
            assert_rerun_completes(&office, &new, code, &context);
        }
    }
}

/// The journal (Windows, and wherever the folders cannot be swapped), forced here with
/// `KYODO_REPLACE_BY=journal`: a run killed at any step of writing leaves the old set and a
/// staging folder, or a ready staging folder whose renames the next run finishes before it
/// writes anything (seen by a run that kills itself at its first step of writing).
#[test]
fn a_journal_killed_at_every_step_is_repaired_by_the_next_run_before_it_writes() {
    let office = Office::new();
    let out = office.path("out");
    let (new, code) = office.complete("out", NEW);
    let new_set = whole_set(&out);
    office.complete("out", OLD);
    let old_set = whole_set(&out);
    // Each file written in three steps; the staging folder synced; `.ready` written; one
    // rename a file; the end.
    let files = new_set.len() as u32;
    let written = 3 * files + 1;
    let steps = written + 1 + files + 1;
    let run = |n: u32| {
        restore_set(&out, &old_set);
        let mut c = office.command("out", NEW);
        c.env("KYODO_REPLACE_BY", "journal")
            .env("KYODO_FAULT_ABORT_AFTER", n.to_string());
        c.status().expect("kyodo runs").signal() == Some(9)
    };
    // While files are written every step is alike: three of them, then every step after.
    let at = [1, written / 2].into_iter().chain(written..=steps);
    for n in at {
        let context = format!("journal killed at step {n} of {steps}");
        assert!(run(n), "{context}");
        let mut probe = office.command("out", NEW);
        probe
            .env("KYODO_REPLACE_BY", "journal")
            .env("KYODO_FAULT_ABORT_AFTER", "1");
        assert_eq!(probe.status().unwrap().signal(), Some(9), "{context}");
        let want = if n <= written { &old_set } else { &new_set };
        assert!(whole_set(&out) == *want, "{context}: not repaired");
    }
    assert_rerun_completes(&office, &new, code, "after the probes");
    assert!(!run(steps + 1));
    assert!(whole_set(&out) == new_set);
    assert_eq!(temps(&out), Vec::<String>::new());
}
