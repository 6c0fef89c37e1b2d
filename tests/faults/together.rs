//! Runs at once into one out folder (two clerks, a double-click twice), with the same or
//! different inputs and `--as-of`: each run either ends (exit 0/1) with the folder wholly one
//! run's set, or stops with exit 2 and 「別の kyodo がこのフォルダに書き出し中です」 having
//! touched nothing; no temporary file is left; where every run fails, last month's reports
//! are there as they were.

use super::{restore_set, temps, whole_set, Files, Office, NEW, OLD};
use crate::e2e::util::copy_samples;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};

const BUSY: &str = "別の kyodo がこのフォルダに書き出し中です";

/// One run of a trial: its input folder and as-of date.
type Run = (&'static str, &'static str);

/// `kyodo run INPUT --out out --as-of AS_OF --quiet` in the office's folder.
fn command(office: &Office, (input, as_of): Run) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kyodo"));
    c.args(["run", input, "--out", "out", "--as-of", as_of, "--quiet"])
        .current_dir(office.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// The sample office, and `office2`: the same less its activity records (other reports).
fn two_offices() -> Office {
    let office = Office::new();
    copy_samples(&office.path("office2"));
    std::fs::remove_file(office.path("office2/活動記録.xlsx")).unwrap();
    office
}

/// What each run writes alone into an empty folder: its whole set and exit status.
fn alone(office: &Office, runs: &[Run]) -> BTreeMap<Run, (Files, i32)> {
    let out = office.path("out");
    let mut sets = BTreeMap::new();
    for run in runs {
        if sets.contains_key(run) {
            continue;
        }
        let _ = std::fs::remove_dir_all(&out);
        let o = command(office, *run).output().unwrap();
        let code = o.status.code().unwrap_or(-1);
        assert!(code == 0 || code == 1, "{run:?}: exit {code}");
        sets.insert(*run, (whole_set(&out), code));
    }
    sets
}

/// Starts `runs` at once into `out` (seeded with `seed`), `count` times, and checks each
/// trial. In every other trial a run finding the folder held stops at once (more collisions);
/// else it waits as a clerk's run does. With `protect`, last month's チェック結果.xlsx is
/// read-only: every run must fail. Returns how many runs ended and how many were refused.
fn trials(
    office: &Office,
    runs: &[Run],
    count: usize,
    seed: &Files,
    protect: bool,
) -> (usize, usize) {
    let out = office.path("out");
    let sets = alone(office, runs);
    let (mut succeeded, mut refused) = (0, 0);
    for t in 0..count {
        restore_set(&out, seed);
        let protected = out.join("チェック結果.xlsx");
        if protect {
            let mut p = std::fs::metadata(&protected).unwrap().permissions();
            p.set_readonly(true);
            std::fs::set_permissions(&protected, p).unwrap();
        }
        let children: Vec<_> = runs
            .iter()
            .map(|run| {
                let mut c = command(office, *run);
                if t % 2 == 0 {
                    c.env("KYODO_LOCK_WAIT_MS", "0");
                }
                (*run, c.spawn().expect("kyodo starts"))
            })
            .collect();
        let mut ended = Vec::new();
        for (run, child) in children {
            let o = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
            ended.push((run, o.status.code().unwrap_or(-1), stderr));
        }
        let context = format!("trial {t} of {runs:?}: {ended:#?}");
        let now = whole_set(&out);
        for (run, code, stderr) in &ended {
            match code {
                2 if protect => assert!(
                    stderr.contains("読み取り専用") || stderr.contains(BUSY),
                    "{context}"
                ),
                2 => assert!(stderr.contains(BUSY), "{context}"),
                c => assert_eq!(*c, sets[run].1, "{context}"),
            }
        }
        let ok: Vec<&Run> = ended
            .iter()
            .filter(|(_, c, _)| *c != 2)
            .map(|(r, _, _)| r)
            .collect();
        succeeded += ok.len();
        refused += ended.len() - ok.len();
        if ok.is_empty() {
            assert!(
                now == *seed,
                "{context}: every run failed and the folder changed"
            );
        } else {
            assert!(
                ok.iter().any(|r| now == sets[*r].0),
                "{context}: the folder is no run's whole set: {:?}",
                now.keys().collect::<Vec<_>>()
            );
        }
        assert_eq!(temps(&out), Vec::<String>::new(), "{context}");
        if protect {
            let mut p = std::fs::metadata(&protected).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            p.set_readonly(false);
            std::fs::set_permissions(&protected, p).unwrap();
        }
    }
    (succeeded, refused)
}

#[test]
fn two_and_four_runs_at_once_each_leave_the_folder_one_runs_whole_set() {
    let office = two_offices();
    let seed = alone(&office, &[("office", OLD)])[&("office", OLD)]
        .0
        .clone();
    let two = trials(
        &office,
        &[("office", NEW), ("office", NEW)],
        10,
        &seed,
        false,
    );
    let two_differ = trials(
        &office,
        &[("office", NEW), ("office2", OLD)],
        10,
        &seed,
        false,
    );
    let four = trials(
        &office,
        &[
            ("office", NEW),
            ("office", OLD),
            ("office2", NEW),
            ("office2", OLD),
        ],
        20,
        &seed,
        false,
    );
    eprintln!(
        "faults: runs at once (ended, refused): 2 alike {two:?}, 2 different {two_differ:?}, \
         4 different {four:?}"
    );
    // Waiting a moment, most runs get their turn; some trials collide.
    assert!(two.0 + two_differ.0 + four.0 > 0);
}

#[test]
fn runs_at_once_that_all_fail_leave_last_months_reports() {
    let office = two_offices();
    let seed = alone(&office, &[("office", OLD)])[&("office", OLD)]
        .0
        .clone();
    let (succeeded, refused) = trials(
        &office,
        &[("office", NEW), ("office2", NEW)],
        4,
        &seed,
        true,
    );
    assert_eq!((succeeded, refused), (0, 8));
}

#[test]
fn a_run_into_a_folder_another_run_holds_stops_with_exit_2_touching_nothing() {
    let office = Office::new();
    let (old, _) = office.complete("out", OLD);
    let out = office.path("out");
    let before = whole_set(&out);
    // Another run holds the folder: the lock a run takes, beside it.
    let lock = std::fs::File::open(office.path(".out.kyodo.lock")).unwrap();
    fs4::FileExt::try_lock(&lock).unwrap();
    let mut c = office.command("out", NEW);
    c.env("KYODO_LOCK_WAIT_MS", "300");
    let o = super::output(c);
    assert_eq!(o.code, 2, "{}", o.dump());
    assert!(
        o.stderr
            .contains(&format!("kyodo: 出力先 out に書けません: {BUSY}")),
        "{}",
        o.dump()
    );
    assert!(whole_set(&out) == before && before["summary.json"] == old["summary.json"]);
    assert_eq!(temps(&out), Vec::<String>::new());
    // Once it is let go, the run goes ahead.
    drop(lock);
    let o = office.run("out", NEW);
    assert!(o.code == 0 || o.code == 1, "{}", o.dump());
    assert!(whole_set(&out) != before);
}
