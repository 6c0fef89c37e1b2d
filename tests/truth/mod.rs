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
