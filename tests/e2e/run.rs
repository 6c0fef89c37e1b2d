//! `kyodo run samples`: exit status, the report files, and summary.json's figures and
//! findings against samples/README.md.

use super::expected::{ABSENT, COORDINATORS, DISTRICTS, SEEDED, SESSIONS, SPENT_BY_CATEGORY};
use super::util::{
    array, coordinator, district, finding_at, findings, list_findings, root, run_samples, with_id,
    REPORTS, SAMPLE_BOOKS,
};
use sha2::{Digest, Sha256};

#[test]
fn run_samples_exits_1_and_writes_every_report() {
    let run = run_samples(&[]);
    assert_eq!(run.output.code, 1, "{}", run.output.dump());
    for r in REPORTS {
        assert!(
            run.report(r).is_file(),
            "{r} not written\n{}",
            run.output.dump()
        );
    }
    // Written whole: no temporary file left behind; one workbook per model and support
    // district (5 model + 3 support in the samples) in 地区別/.
    let names: Vec<String> = std::fs::read_dir(&run.out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), REPORTS.len() + 1, "{names:?}");
    let mut districts: Vec<String> = std::fs::read_dir(run.out.join("地区別"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    districts.sort();
    let mut expected: Vec<String> = [
        "光陽",
        "永山",
        "西神楽",
        "東陽",
        "神居東",
        "旭川",
        "神楽",
        "春光台",
    ]
    .iter()
    .map(|d| format!("{d}.xlsx"))
    .collect();
    expected.sort();
    assert_eq!(districts, expected);
}

#[test]
fn summary_reports_on_r7_as_of_the_pinned_date() {
    let s = run_samples(&[]).summary();
    assert_eq!(s["fiscal_year"], 2025);
    assert_eq!(s["as_of"], "2025-11-30");
    assert!(s["tool_version"].is_string(), "{}", s["tool_version"]);
}

#[test]
fn summary_budget_is_nine_districts_of_20000() {
    let s = run_samples(&[]).summary();
    let b = &s["budget"];
    assert_eq!(b["unit"], 20000, "{b}");
    assert_eq!(b["allocated_districts"], 8, "{b}");
    assert_eq!(b["planned_additions"], 1, "{b}");
    assert_eq!(b["total"], 180000, "{b}");
}

#[test]
fn summary_districts_carry_status_allocation_and_spending() {
    let s = run_samples(&[]).summary();
    let names: Vec<&str> = array(&s, "districts")
        .iter()
        .map(|d| d["name"].as_str().unwrap_or(""))
        .collect();
    let mut want: Vec<&str> = DISTRICTS.iter().map(|d| d.0).collect();
    let mut got = names.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want, "districts of summary.json");
    for (name, status, allocation, spent) in DISTRICTS {
        let d = district(&s, name);
        assert_eq!(d["status"], *status, "{name}: {d}");
        assert_eq!(d["allocation"], *allocation, "{name}: {d}");
        assert_eq!(d["spent"], *spent, "{name}: {d}");
        let remaining = d["remaining"].as_i64().unwrap_or(i64::MIN);
        assert_eq!(remaining, allocation - spent, "{name}: {d}");
    }
}

#[test]
fn summary_coordinators_count_their_coordinator_trainings() {
    let s = run_samples(&[]).summary();
    for (name, district, role, attended) in COORDINATORS {
        let c = coordinator(&s, name);
        assert_eq!(c["district"], *district, "{name}: {c}");
        assert_eq!(c["role"], *role, "{name}: {c}");
        assert_eq!(
            c["coordinator_trainings_attended"], *attended,
            "{name}: {c}"
        );
    }
    // The roster's spelling, not the attendance sheet's 「佐藤健太」.
    assert!(array(&s, "coordinators")
        .iter()
        .any(|c| c["name"] == "佐藤 健太"));
    // The person on no roster (TR003) is no coordinator.
    assert!(!array(&s, "coordinators")
        .iter()
        .any(|c| super::util::person_key(c["name"].as_str().unwrap_or("")) == "原和也"));
}

#[test]
fn summary_trainings_count_attendees_per_session() {
    let s = run_samples(&[]).summary();
    let trainings = array(&s, "trainings");
    assert_eq!(trainings.len(), SESSIONS.len(), "{trainings:#?}");
    for (date, name, coordinator_kind, attendees) in SESSIONS {
        let t = trainings
            .iter()
            .find(|t| t["date"] == *date)
            .unwrap_or_else(|| panic!("no session on {date}: {trainings:#?}"));
        assert_eq!(t["name"], *name, "{t}");
        assert_eq!(t["attendees"], *attendees, "{t}");
        let kind = t["kind"].as_str().unwrap_or("");
        let is_coordinator = kind == "coordinator" || kind.contains("コーディネーター");
        assert_eq!(is_coordinator, *coordinator_kind, "{t}");
    }
    // Date order.
    let dates: Vec<&str> = trainings
        .iter()
        .map(|t| t["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
}

#[test]
fn every_seeded_mistake_is_found_at_its_cell() {
    let s = run_samples(&[]).summary();
    let mut missing = Vec::new();
    for (id, file, sheet, cell) in SEEDED {
        if finding_at(&s, id, file, sheet, cell).is_empty() {
            missing.push(format!("{id} {file}:{sheet}!{cell}"));
        }
    }
    assert!(
        missing.is_empty(),
        "missing:\n{}\n\nfound:\n{}",
        missing.join("\n"),
        list_findings(&s)
    );
}

#[test]
fn first_cohort_period_is_found_and_waived() {
    let s = run_samples(&[]).summary();
    let ds002 = with_id(&s, "DS002");
    assert_eq!(ds002.len(), 3, "{}", list_findings(&s));
    for f in ds002 {
        assert_eq!(f["waived"], true, "{f}");
        assert_eq!(f["file"], "中学校区一覧.xlsx", "{f}");
    }
    for f in findings(&s) {
        if f["id"] != "DS002" {
            assert_eq!(f["waived"], false, "only DS002 is waived: {f}");
        }
    }
}

#[test]
fn budget_overrun_is_an_error_and_over_80_percent_a_warning() {
    let s = run_samples(&[]).summary();
    let bu002 = with_id(&s, "BU002");
    let about = |d: &str| -> Vec<&serde_json::Value> {
        bu002
            .iter()
            .copied()
            .filter(|f| f["message"].as_str().unwrap_or("").contains(d))
            .collect()
    };
    let koyo = about("光陽");
    assert_eq!(koyo.len(), 1, "{}", list_findings(&s));
    assert_eq!(koyo[0]["severity"], "warning");
    let nagayama = about("永山");
    assert_eq!(nagayama.len(), 1, "{}", list_findings(&s));
    assert_eq!(nagayama[0]["severity"], "error");
    assert_eq!(bu002.len(), 2, "{}", list_findings(&s));
}

#[test]
fn missed_coordinator_training_is_a_warning_while_a_session_remains() {
    let s = run_samples(&[]).summary();
    let tr001 = with_id(&s, "TR001");
    assert_eq!(tr001.len(), 1, "{}", list_findings(&s));
    assert_eq!(tr001[0]["severity"], "warning");
    assert!(
        tr001[0]["message"].as_str().unwrap().contains("長谷川"),
        "{}",
        tr001[0]
    );
}

#[test]
fn missed_coordinator_training_is_an_error_once_the_last_session_has_passed() {
    let s = run_samples(&["--as-of", "2026-03-31"]).summary();
    assert_eq!(s["as_of"], "2026-03-31");
    assert_eq!(s["fiscal_year"], 2025);
    let tr001 = finding_at(
        &s,
        "TR001",
        "コーディネーター名簿.xlsx",
        "コーディネーター名簿",
        "C15",
    );
    assert_eq!(tr001.len(), 1, "{}", list_findings(&s));
    assert_eq!(tr001[0]["severity"], "error");
}

#[test]
fn coordinator_training_attendee_on_no_roster_is_info() {
    let s = run_samples(&[]).summary();
    let tr003 = with_id(&s, "TR003");
    assert_eq!(tr003.len(), 1, "{}", list_findings(&s));
    assert_eq!(tr003[0]["severity"], "info");
}

#[test]
fn rollout_pace_below_plan_is_info() {
    let s = run_samples(&[]).summary();
    let ds005 = with_id(&s, "DS005");
    assert_eq!(ds005.len(), 1, "{}", list_findings(&s));
    assert_eq!(ds005[0]["severity"], "info");
}

#[test]
fn rules_the_samples_satisfy_give_no_finding() {
    let s = run_samples(&[]).summary();
    for id in ABSENT {
        assert!(
            with_id(&s, id).is_empty(),
            "unexpected {id}\n{}",
            list_findings(&s)
        );
    }
    // Districts written 「永山中学校区」 and 「東陽中」 are the listed ones.
    for f in with_id(&s, "CO001") {
        let m = f["message"].as_str().unwrap_or("");
        assert!(!m.contains("永山") && !m.contains("東陽中"), "{f}");
    }
    // Names written 「高橋美和」 and 「吉田 浩二さん」 are on the supporter roster.
    for f in with_id(&s, "AC001")
        .iter()
        .chain(with_id(&s, "SU001").iter())
    {
        let m = f["message"].as_str().unwrap_or("");
        assert!(!m.contains("高橋") && !m.contains("吉田"), "{f}");
    }
    // Of the coordinators, only 長谷川 剛 misses the coordinator training.
    assert_eq!(with_id(&s, "TR001").len(), 1, "{}", list_findings(&s));
}

#[test]
fn spending_is_broken_down_by_category_in_the_reports_figures() {
    // summary.json holds the district totals; the breakdown is checked in the budget
    // workbook (reports.rs). Here: the totals are the sum of the README's breakdown.
    let s = run_samples(&[]).summary();
    let koyo: i64 = SPENT_BY_CATEGORY
        .iter()
        .filter(|x| x.0 == "光陽")
        .map(|x| x.2)
        .sum();
    assert_eq!(district(&s, "光陽")["spent"], koyo);
}

#[test]
fn findings_name_files_relative_to_the_input_folder() {
    let s = run_samples(&[]).summary();
    for f in findings(&s) {
        let file = f["file"].as_str().unwrap_or("");
        if !file.is_empty() && f["id"] != "BU005" && f["id"] != "DS005" {
            assert!(SAMPLE_BOOKS.contains(&file), "{f}");
        }
    }
    for f in findings(&s) {
        for key in [
            "id", "severity", "file", "sheet", "cell", "message", "waived",
        ] {
            assert!(f.get(key).is_some(), "finding without `{key}`: {f}");
        }
    }
}

#[test]
fn summary_inputs_trace_every_workbook_by_sha256() {
    let s = run_samples(&[]).summary();
    let inputs = array(&s, "inputs");
    for book in SAMPLE_BOOKS {
        let bytes = std::fs::read(root().join("samples").join(book)).unwrap();
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let file = book.to_string();
        let entries: Vec<_> = inputs
            .iter()
            .filter(|i| i["file"] == file.as_str())
            .collect();
        assert!(!entries.is_empty(), "{file} not in inputs: {inputs:#?}");
        for e in entries {
            assert_eq!(e["sha256"], digest.as_str(), "{e}");
        }
    }
    let kinds: Vec<&str> = inputs.iter().filter_map(|i| i["kind"].as_str()).collect();
    for kind in [
        "districts",
        "coordinators",
        "supporters",
        "trainings",
        "attendance",
        "expenses",
        "activities",
    ] {
        assert!(kinds.contains(&kind), "no {kind} table read: {inputs:#?}");
    }
    let rows_of = |kind: &str| -> u64 {
        inputs
            .iter()
            .filter(|i| i["kind"] == kind)
            .map(|i| i["rows"].as_u64().unwrap_or(0))
            .sum()
    };
    assert_eq!(rows_of("districts"), 14, "{inputs:#?}");
    assert_eq!(rows_of("trainings"), 5, "{inputs:#?}");
    assert_eq!(rows_of("activities"), 16, "{inputs:#?}");
}

#[test]
fn same_inputs_and_as_of_give_the_same_bytes() {
    let a = run_samples(&["--as-of", "2025-11-30"]);
    let b = run_samples(&["--as-of", "2025-11-30"]);
    assert_eq!(a.output.code, b.output.code);
    for r in REPORTS {
        let x = std::fs::read(a.report(r)).unwrap_or_default();
        let y = std::fs::read(b.report(r)).unwrap_or_default();
        assert!(!x.is_empty(), "{r} not written\n{}", a.output.dump());
        assert!(x == y, "{r} differs between two runs");
    }
}
