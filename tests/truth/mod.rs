//! One truth (issue 16): the same figure in every report, every run, every folder and every
//! town — budget figures that reconcile between 予算配当表, 年度末報告 and summary.json, finding
//! identity that survives a copied folder, sessions after 基準日 shown as 予定, labels that
//! state the config in force.

use crate::e2e::util::{copy_samples, kyodo, open_range, read_summary, text};
use crate::support::{row_starting, temp};
use serde_json::Value;
use std::path::Path;

/// `kyodo ARGS` in `cwd`; panics unless it ran (exit 0 or 1).
fn ran(cwd: &Path, args: &[&str]) {
    let o = kyodo(cwd, args);
    assert!(o.code == 0 || o.code == 1, "{}", o.dump());
}

fn training<'a>(s: &'a Value, name: &str) -> &'a Value {
    s["trainings"]
        .as_array()
        .expect("trainings")
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no training {name}"))
}

/// samples/ holds 第3回コーディネーター研修会 on R8.2.14, after its 基準日 R7.11.30.
#[test]
fn a_session_after_as_of_is_planned_in_the_monthly_run_and_at_year_end() {
    let tmp = temp();
    copy_samples(&tmp.path().join("office"));
    ran(
        tmp.path(),
        &[
            "run",
            "office",
            "--as-of",
            "2025-11-30",
            "--out",
            "m",
            "--quiet",
        ],
    );
    let s = read_summary(&tmp.path().join("m"));
    let third = training(&s, "第3回コーディネーター研修会");
    assert_eq!(third["held"], false);
    assert_eq!(third["attendees"], 0);
    assert_eq!(training(&s, "第1回コーディネーター研修会")["held"], true);
    let sessions = open_range(&tmp.path().join("m/研修出席状況.xlsx"), "研修会別");
    let row = sessions
        .rows()
        .find(|r| r.iter().any(|c| text(c) == "第3回コーディネーター研修会"))
        .expect("第3回 listed");
    assert_eq!(text(&row[4]), "予定");

    // Year-end run before the session: 予定 there too, not counted as held.
    ran(
        tmp.path(),
        &[
            "year-end",
            "office",
            "--as-of",
            "2025-11-30",
            "--out",
            "y",
            "--quiet",
        ],
    );
    let book = tmp.path().join("y/年度末報告.xlsx");
    let t = open_range(&book, "研修");
    assert_eq!(row_starting(&t, "研修会の回数")[4], "4");
    assert_eq!(
        row_starting(&t, "予定の研修会（令和7年11月30日より後）")[4],
        "1"
    );
    let third = t
        .rows()
        .find(|r| r.iter().any(|c| text(c) == "第3回コーディネーター研修会"))
        .expect("第3回 listed");
    assert_eq!(text(&third[4]), "予定");

    // At the year's close it has been held.
    ran(tmp.path(), &["year-end", "office", "--out", "z", "--quiet"]);
    let t = open_range(&tmp.path().join("z/年度末報告.xlsx"), "研修");
    assert_eq!(row_starting(&t, "研修会の回数")[4], "5");
}

/// Every text an out folder holds: summary.json, and every part of every workbook (cells,
/// shared strings, hyperlinks, document properties), below it.
fn every_output_text(dir: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("out folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).expect("output readable");
            if p.extension().is_some_and(|x| x == "xlsx") {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx zip");
                for i in 0..zip.len() {
                    let mut part = zip.by_index(i).expect("part");
                    let name = format!("{}:{}", p.display(), part.name().unwrap_or_default());
                    let mut buf = Vec::new();
                    std::io::Read::read_to_end(&mut part, &mut buf).expect("part readable");
                    texts.push((name, String::from_utf8_lossy(&buf).into_owned()));
                }
            } else {
                texts.push((
                    p.display().to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        }
    }
    texts
}

/// No output below `out` names `needle` (an absolute folder), in either slash direction.
fn assert_nowhere(out: &Path, needle: &Path) {
    let needle = needle.to_string_lossy().into_owned();
    let texts = every_output_text(out);
    assert!(!texts.is_empty());
    for (name, text) in texts {
        for n in [
            needle.clone(),
            needle.replace('/', "\\\\"),
            needle.replace('\\', "/"),
        ] {
            assert!(!text.contains(&n), "{name} holds the absolute path {n}");
        }
    }
}

fn changes(s: &Value) -> (u64, usize) {
    let c = &s["changes"];
    (
        c["new_findings"].as_u64().expect("new_findings"),
        c["resolved"].as_array().expect("resolved").len(),
    )
}

#[test]
fn a_copied_office_folder_changes_no_finding_and_no_output_holds_its_path() {
    let tmp = temp();
    let root = tmp.path().canonicalize().expect("temp dir");
    let first = root.join("共有").join("11月");
    copy_samples(&first);
    let first_s = first.to_str().expect("utf-8");
    ran(&root, &["run", first_s, "--out", "r1", "--quiet"]);
    let s1 = read_summary(&root.join("r1"));
    assert!(s1["findings"].as_array().expect("findings").len() > 5);

    // The same month's folder copied to another PC, under another name.
    let copy = root.join("別のPC").join("事務局の控え");
    copy_samples(&copy);
    let copy_s = copy.to_str().expect("utf-8");
    let prev = root.join("r1");
    ran(
        &root,
        &[
            "run",
            copy_s,
            "--out",
            "r2",
            "--previous",
            prev.to_str().unwrap(),
            "--quiet",
        ],
    );
    let s2 = read_summary(&root.join("r2"));
    assert_eq!(changes(&s2), (0, 0), "{:#}", s2["changes"]);
    assert!(s2["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["change"] == "継続"));
    assert_eq!(s1["findings"], {
        let mut f = s2["findings"].clone();
        for x in f.as_array_mut().unwrap() {
            x.as_object_mut().unwrap().remove("change");
        }
        f
    });

    // Year-end from the copy, given as a single file too.
    ran(&root, &["year-end", copy_s, "--out", "ye", "--quiet"]);
    let book = copy.join("支出簿.xlsx");
    ran(
        &root,
        &["run", book.to_str().unwrap(), "--out", "one", "--quiet"],
    );
    let one = read_summary(&root.join("one"));
    assert!(one["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["file"] == "支出簿.xlsx"));
    for out in ["r1", "r2", "ye", "one"] {
        assert_nowhere(&root.join(out), &root);
    }
}

/// A summary.json of a run before keys were relative holds the files as given (here an
/// absolute path): it still compares, finding for finding.
#[test]
fn a_previous_summary_with_absolute_paths_still_compares() {
    let tmp = temp();
    let root = tmp.path().canonicalize().expect("temp dir");
    let office = root.join("office");
    copy_samples(&office);
    ran(&root, &["run", "office", "--out", "r1", "--quiet"]);
    let mut old = read_summary(&root.join("r1"));
    let abs = office.to_string_lossy().into_owned();
    for f in old["findings"].as_array_mut().unwrap() {
        let file = f["file"].as_str().unwrap().to_string();
        if file.is_empty() {
            continue;
        }
        let was = format!("{abs}/{file}");
        let key = f["key"].as_str().unwrap().replace(&file, &was);
        f["file"] = Value::from(was);
        f["key"] = Value::from(key);
    }
    std::fs::create_dir_all(root.join("r0")).unwrap();
    std::fs::write(
        root.join("r0/summary.json"),
        serde_json::to_string_pretty(&old).unwrap(),
    )
    .unwrap();
    ran(
        &root,
        &[
            "run",
            "office",
            "--out",
            "r2",
            "--previous",
            "r0",
            "--quiet",
        ],
    );
    let s2 = read_summary(&root.join("r2"));
    assert_eq!(changes(&s2), (0, 0), "{:#}", s2["changes"]);
    assert_eq!(s2["changes"]["previous"], "r0");
}
