//! The inputs: never written, not even their access time touched; one that changes while it
//! is read gives the findings of one whole version of it, or one IN001 saying it changed.

use super::{output, Office, NEW};
use crate::e2e::util::{findings, read_summary, root};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

/// What a run must leave as it was: the bytes (as their hash), and every time the file system
/// keeps.
#[cfg(target_os = "linux")]
#[derive(Debug, PartialEq, Eq)]
struct Untouched {
    sha256: String,
    modified: (i64, i64),
    changed: (i64, i64),
    accessed: (i64, i64),
}

/// Every file in `dir`, looked at without touching it: read with O_NOATIME, so that the
/// test's own reading does not set the access times the run is checked against.
#[cfg(target_os = "linux")]
fn untouched(dir: &Path) -> BTreeMap<String, Untouched> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            let mut bytes = Vec::new();
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOATIME)
                .open(e.path())
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .unwrap();
            let u = Untouched {
                sha256: kyodo::numbers::hex(&Sha256::digest(&bytes)),
                modified: (m.mtime(), m.mtime_nsec()),
                changed: (m.ctime(), m.ctime_nsec()),
                accessed: (m.atime(), m.atime_nsec()),
            };
            (e.file_name().to_string_lossy().into_owned(), u)
        })
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn run_check_and_year_end_leave_every_input_and_its_times_as_they_were() {
    let office = Office::new();
    let dir = office.path("office");
    // Times older than a day: on a relatime mount any read would then update the access time.
    let day = Duration::from_secs(86_400);
    for e in std::fs::read_dir(&dir).unwrap() {
        let times = std::fs::FileTimes::new()
            .set_accessed(SystemTime::now() - 2 * day)
            .set_modified(SystemTime::now() - 3 * day);
        let f = std::fs::File::options().write(true).open(e.unwrap().path());
        f.unwrap().set_times(times).unwrap();
    }
    let before = untouched(&dir);
    assert!(
        before.contains_key("kyodo.toml") && before.len() >= 6,
        "{:?}",
        before.keys()
    );
    let commands: [&[&str]; 3] = [
        &["run", "office", "--out", "out", "--as-of", NEW, "--quiet"],
        &["check", "office", "--as-of", NEW, "--quiet"],
        &["year-end", "office", "--fy", "R7", "--out", "ye", "--quiet"],
    ];
    for args in commands {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kyodo"));
        c.args(args).current_dir(office.dir.path());
        let o = output(c);
        assert_eq!(o.code, 1, "{args:?}\n{}", o.dump());
        let after = untouched(&dir);
        for (name, b) in &before {
            assert_eq!(Some(b), after.get(name), "{name} after {args:?}");
        }
        assert_eq!(
            after.len(),
            before.len(),
            "files added to the office by {args:?}"
        );
    }
}

/// The findings resting on `file`, and the sha256 the run read it as ("" when not read).
fn of_file(summary: &Value, file: &str) -> (Vec<Value>, String) {
    let on: Vec<Value> = findings(summary)
        .iter()
        .filter(|f| f["file"] == file)
        .cloned()
        .collect();
    let sha = summary["inputs"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["file"] == file))
        .and_then(|i| i["sha256"].as_str())
        .unwrap_or("")
        .to_string();
    (on, sha)
}

/// Rewrites `path` until `stop`, alternating `versions`: truncated and written a piece at a
/// time (as a program saving in place does), or whole under another name and renamed over it;
/// `pause` is how long each version then stays.
fn rewrite(
    path: &Path,
    versions: &[Vec<u8>; 2],
    in_place: bool,
    pause: Duration,
    stop: &AtomicBool,
) {
    let tmp = path.with_extension("saving");
    for i in 0.. {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let bytes = &versions[i % 2];
        let target = if in_place { path } else { tmp.as_path() };
        let mut f = std::fs::File::create(target).unwrap();
        for piece in bytes.chunks(1024) {
            f.write_all(piece).unwrap();
            std::thread::sleep(Duration::from_micros(300));
        }
        drop(f);
        if !in_place {
            std::fs::rename(&tmp, path).unwrap();
        }
        std::thread::sleep(pause);
    }
}

#[test]
fn an_input_rewritten_during_the_run_is_read_whole_or_refused() {
    let office = Office::new();
    let file = "office/支出簿.xlsx";
    let path = office.path(file);
    let a = std::fs::read(&path).unwrap();
    let b = std::fs::read(root().join("templates/支出簿.xlsx")).unwrap();
    // What a run gives with each version in place, still.
    let mut expected = Vec::new();
    for v in [&a, &b] {
        std::fs::write(&path, v).unwrap();
        let o = office.run("out", NEW);
        assert_eq!(o.code, 1, "{}", o.dump());
        let s = read_summary(&office.path("out"));
        expected.push((findings(&s).clone(), of_file(&s, "支出簿.xlsx")));
    }
    assert_ne!(expected[0].1, expected[1].1);

    let versions = [a, b];
    let (mut whole, mut refused) = (0, 0);
    let cases = [
        (true, 0),
        (true, 0),
        (true, 30),
        (true, 150),
        (false, 0),
        (false, 150),
    ];
    for (in_place, pause) in cases {
        let context = format!(
            "rewritten {} with {pause} ms pauses",
            if in_place { "in place" } else { "by renaming" }
        );
        let stop = AtomicBool::new(false);
        let o = std::thread::scope(|s| {
            s.spawn(|| {
                rewrite(
                    &path,
                    &versions,
                    in_place,
                    Duration::from_millis(pause),
                    &stop,
                )
            });
            std::thread::sleep(Duration::from_millis(20));
            let o = office.run("out", NEW);
            stop.store(true, Ordering::SeqCst);
            o
        });
        assert!(o.code == 0 || o.code == 1, "{context}\n{}", o.dump());
        assert!(!o.stderr.contains("panicked"), "{context}\n{}", o.dump());
        let s = read_summary(&office.path("out"));
        let (on, sha) = of_file(&s, "支出簿.xlsx");
        let refusal = on.len() == 1
            && on[0]["id"] == "IN001"
            && on[0]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("読み込み中にファイルが変更されました"));
        if refusal {
            refused += 1;
            assert_eq!(sha, "", "{context}: refused, yet read");
        } else {
            whole += 1;
            assert!(
                expected
                    .iter()
                    .any(|(all, mine)| *all == *findings(&s) && *mine == (on.clone(), sha.clone())),
                "{context}: findings of neither version\n{}",
                crate::e2e::util::list_findings(&s)
            );
        }
    }
    eprintln!(
        "faults: input rewritten during {} runs: {whole} read one whole version, {refused} refused as changing",
        cases.len()
    );
}
