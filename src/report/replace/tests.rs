//! Tests of one run's reports replaced whole: swap and journal, a run killed at each step,
//! read-only and busy reports, the clerk's files kept.

use super::*;
use crate::report::output::READ_ONLY;
use crate::report::{CHECK_FILE, REPORTS, SUMMARY_FILE};

/// A run's set: REPORTS and two district workbooks, each holding `tag`.
fn set(tag: &str, districts: &[&str]) -> Vec<(String, String)> {
    REPORTS
        .iter()
        .map(|r| r.to_string())
        .chain(districts.iter().map(|d| format!("{DISTRICTS}/{d}.xlsx")))
        .map(|n| (n, tag.to_string()))
        .collect()
}

fn run(out: &Path, set: &[(String, String)], journal: bool) -> Result<Vec<PathBuf>, Fatal> {
    let names: Vec<&str> = set.iter().map(|(n, _)| n.as_str()).collect();
    let staged = begin_with(out, &names, journal)?;
    for (n, tag) in set {
        staged.write(n, |w| {
            w.write_all(tag.as_bytes()).map_err(|e| e.to_string())
        })?;
    }
    staged.commit()
}

/// Every file under `dir`, relative, with its text.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for e in fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            for (n, t) in tree(&e.path()) {
                v.push((format!("{name}/{n}"), t));
            }
        } else {
            v.push((name, fs::read_to_string(e.path()).unwrap_or_default()));
        }
    }
    v.sort();
    v
}

/// What is left beside `out` but the lock file: nothing, after any run.
fn beside(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with('.') && !n.ends_with(".kyodo.lock"))
        .collect();
    v.sort();
    v
}

fn read_only(path: &Path) {
    let mut p = fs::metadata(path).unwrap().permissions();
    p.set_readonly(true);
    fs::set_permissions(path, p).unwrap();
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

#[test]
fn the_new_set_replaces_the_old_whole_and_the_clerks_files_stay() {
    for journal in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        run(&out, &set("old", &["光陽", "神楽"]), journal).unwrap();
        // The clerk's own files beside the reports, and in 地区別/.
        fs::write(out.join("メモ.txt"), "clerk").unwrap();
        fs::create_dir(out.join("控え")).unwrap();
        fs::write(out.join("控え/10月.xlsx"), "kept").unwrap();
        fs::write(out.join(DISTRICTS).join("連絡.txt"), "note").unwrap();
        let paths = run(&out, &set("new", &["光陽", "春光台"]), journal).unwrap();
        assert_eq!(paths[0], out.join(REPORTS[0]));
        let mut want = set("new", &["光陽", "春光台"]);
        want.push(("メモ.txt".into(), "clerk".into()));
        want.push(("控え/10月.xlsx".into(), "kept".into()));
        want.push((format!("{DISTRICTS}/連絡.txt"), "note".into()));
        // 神楽 is no longer a district: its old workbook goes with the old set.
        assert_eq!(tree(&out), sorted(want), "journal: {journal}");
        assert_eq!(beside(&out), Vec::<String>::new());
    }
}

#[test]
fn a_failed_write_leaves_the_old_set_and_no_staging_folder() {
    for journal in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        run(&out, &set("old", &["光陽"]), journal).unwrap();
        let before = tree(&out);
        let names: Vec<&str> = REPORTS.to_vec();
        let staged = begin_with(&out, &names, journal).unwrap();
        staged
            .write(CHECK_FILE, |w| {
                w.write_all(b"new").map_err(|e| e.to_string())
            })
            .unwrap();
        let err = staged
            .write(SUMMARY_FILE, |_| Err("ディスクがいっぱいです".into()))
            .unwrap_err();
        assert!(
            matches!(&err, Fatal::Output { path, .. } if path.ends_with(SUMMARY_FILE)),
            "{err:?}"
        );
        drop(staged);
        assert_eq!(tree(&out), before);
        assert_eq!(beside(&out), Vec::<String>::new());
    }
}

#[test]
fn a_ready_journal_left_by_a_killed_run_is_finished_by_the_next_and_an_unready_one_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(&out, &set("old", &["光陽"]), true).unwrap();
    // A run killed after two of its renames: its staging folder holds the rest.
    let t = Target::resolve(&out).unwrap();
    let ready = t.beside(".kyodo-1-1.new");
    let new = set("new", &["光陽"]);
    fs::create_dir_all(ready.join(DISTRICTS)).unwrap();
    for (i, (n, tag)) in new.iter().enumerate() {
        let at = if i < 2 { out.join(n) } else { ready.join(n) };
        fs::write(at, tag).unwrap();
    }
    let list: Vec<&str> = new.iter().map(|(n, _)| n.as_str()).collect();
    fs::write(ready.join(READY), list.join("\n")).unwrap();
    // And one killed while it wrote, inside the folder.
    let unready = out.join(".kyodo-2-2.new");
    fs::create_dir(&unready).unwrap();
    fs::write(unready.join(CHECK_FILE), "half").unwrap();
    // The next run repairs before it checks or writes: here it is refused (a read-only
    // report), and the folder is the killed run's whole set.
    let protected = out.join(REPORTS[0]);
    read_only(&protected);
    let err = run(&out, &set("third", &["光陽"]), true).unwrap_err();
    assert!(
        matches!(&err, Fatal::Output { message, .. } if message == READ_ONLY),
        "{err:?}"
    );
    assert_eq!(tree(&out), sorted(new));
    assert_eq!(beside(&out), Vec::<String>::new());
}

#[test]
fn the_old_folder_left_by_a_run_killed_just_after_the_swap_gives_back_the_clerks_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(&out, &set("new", &["光陽"]), false).unwrap();
    let t = Target::resolve(&out).unwrap();
    let old = t.beside(".kyodo-1-1.new");
    fs::create_dir_all(old.join(DISTRICTS)).unwrap();
    for (n, tag) in set("old", &["光陽"]) {
        fs::write(old.join(n), tag).unwrap();
    }
    fs::write(old.join("メモ.txt"), "clerk").unwrap();
    run(&out, &set("next", &["光陽"]), false).unwrap();
    let mut want = set("next", &["光陽"]);
    want.push(("メモ.txt".into(), "clerk".into()));
    assert_eq!(tree(&out), sorted(want));
    assert_eq!(beside(&out), Vec::<String>::new());
}

#[test]
fn a_read_only_district_workbook_of_the_old_set_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(&out, &set("old", &["光陽", "神楽"]), false).unwrap();
    let protected = out.join(DISTRICTS).join("神楽.xlsx");
    read_only(&protected);
    let before = tree(&out);
    let err = run(&out, &set("new", &["光陽"]), false).unwrap_err();
    assert!(
        matches!(&err, Fatal::Output { path, message, source: None }
                if path.ends_with("神楽.xlsx") && message == READ_ONLY),
        "{err:?}"
    );
    assert_eq!(tree(&out), before);
    assert_eq!(beside(&out), Vec::<String>::new());
}
