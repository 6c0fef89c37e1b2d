//! The config in force (spec §1, §3): samples/kyodo.toml, an explicit --config, the
//! embedded default; every figure a key, waivers marking findings 承認済.

use super::util::{array, copy_samples, district, kyodo, list_findings, read_summary, with_id};
use std::path::Path;

/// Runs `kyodo run samples --out out [extra]` in `dir` (which holds a samples/ copy).
fn run_in(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["run", "samples", "--out", "out"];
    args.extend_from_slice(extra);
    let out = kyodo(dir, &args);
    assert!(out.code == 0 || out.code == 1, "{}", out.dump());
    read_summary(&dir.join("out"))
}

fn sample_toml() -> String {
    std::fs::read_to_string(super::util::root().join("samples/kyodo.toml")).unwrap()
}

#[test]
fn without_the_waivers_the_first_cohort_is_not_approved() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    let toml = sample_toml();
    let cut = toml
        .find("[[waivers]]")
        .expect("the sample config has waivers");
    let rest = &toml[cut..];
    let after = rest.find("\n# 見出し").map(|i| &rest[i..]).unwrap_or("");
    std::fs::write(
        dir.path().join("samples/kyodo.toml"),
        format!("{}{}", &toml[..cut], after),
    )
    .unwrap();
    let s = run_in(dir.path(), &[]);
    let ds002 = with_id(&s, "DS002");
    assert_eq!(ds002.len(), 3, "{}", list_findings(&s));
    assert!(ds002.iter().all(|f| f["waived"] == false), "{ds002:#?}");
}

#[test]
fn budget_figures_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    let toml = sample_toml().replace("unit = 20000", "unit = 30000");
    assert!(toml.contains("unit = 30000"));
    std::fs::write(dir.path().join("samples/kyodo.toml"), toml).unwrap();
    let s = run_in(dir.path(), &[]);
    assert_eq!(s["budget"]["unit"], 30000);
    assert_eq!(s["budget"]["total"], 270000);
    assert_eq!(district(&s, "光陽")["allocation"], 30000);
    // 16,500 of 30,000 is under 80%; 21,000 of 30,000 too.
    assert!(with_id(&s, "BU002").is_empty(), "{}", list_findings(&s));
    // 9 × 30,000 is not the configured R7 budget of 180,000.
    assert_eq!(with_id(&s, "BU005").len(), 1, "{}", list_findings(&s));
}

#[test]
fn explicit_config_wins_over_the_folders_kyodo_toml() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    let other = dir.path().join("other.toml");
    std::fs::write(
        &other,
        sample_toml().replace("as_of = \"2025-11-30\"", "as_of = \"2025-09-30\""),
    )
    .unwrap();
    let s = run_in(dir.path(), &["--config", other.to_str().unwrap()]);
    assert_eq!(s["as_of"], "2025-09-30");
}

#[test]
fn embedded_default_holds_the_same_rules_as_the_sample_config() {
    let with_toml = tempfile::tempdir().unwrap();
    copy_samples(&with_toml.path().join("samples"));
    let a = run_in(with_toml.path(), &[]);

    let bare = tempfile::tempdir().unwrap();
    copy_samples(&bare.path().join("samples"));
    std::fs::remove_file(bare.path().join("samples/kyodo.toml")).unwrap();
    let b = run_in(bare.path(), &["--as-of", "2025-11-30"]);

    assert_eq!(b["fiscal_year"], 2025);
    for key in [
        "districts",
        "budget",
        "trainings",
        "coordinators",
        "findings",
    ] {
        assert_eq!(a[key], b[key], "{key} differs without kyodo.toml");
    }
    assert_eq!(array(&a, "findings").len(), array(&b, "findings").len());
}

#[test]
fn as_of_before_the_first_coordinator_session_leaves_no_tr001_error() {
    // 2025-05-31: no coordinator session has been held yet, so nobody has missed one.
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    let s = run_in(dir.path(), &["--as-of", "2025-05-31"]);
    assert!(
        with_id(&s, "TR001")
            .iter()
            .all(|f| f["severity"] == "warning"),
        "{}",
        list_findings(&s)
    );
}

#[test]
fn a_year_the_config_does_not_list_has_no_planned_line_and_no_bu005() {
    // R8: the config lists only R7's budget. 光陽・永山・西神楽 have ended (R6~7) and are
    // support districts; 東陽・神居東 are in their second model year.
    let s = super::util::run_samples(&["--fy", "R8", "--as-of", "2026-04-30"]).summary();
    assert_eq!(s["fiscal_year"], 2026);
    assert_eq!(s["as_of"], "2026-04-30");
    assert_eq!(s["budget"]["planned_additions"], 0, "{}", s["budget"]);
    assert_eq!(s["budget"]["allocated_districts"], 8, "{}", s["budget"]);
    assert_eq!(s["budget"]["total"], 160000, "{}", s["budget"]);
    assert!(with_id(&s, "BU005").is_empty(), "{}", list_findings(&s));
    assert_eq!(district(&s, "光陽")["status"], "support");
    assert_eq!(district(&s, "東陽")["status"], "model");
    assert_eq!(district(&s, "旭川")["status"], "support");
    // The R7 ledger is no R8 spending.
    assert_eq!(district(&s, "光陽")["spent"], 0);
}

#[test]
fn fiscal_year_defaults_to_the_year_of_as_of() {
    let bare = tempfile::tempdir().unwrap();
    copy_samples(&bare.path().join("samples"));
    std::fs::remove_file(bare.path().join("samples/kyodo.toml")).unwrap();
    let s = run_in(bare.path(), &["--as-of", "2026-03-31"]);
    assert_eq!(s["fiscal_year"], 2025);
    let s = run_in(bare.path(), &["--as-of", "2026-04-01"]);
    assert_eq!(s["fiscal_year"], 2026);
}
