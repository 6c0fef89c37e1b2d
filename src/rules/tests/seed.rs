//! The R7 picture of the seed document.

use super::run;
use crate::analysis::Compliance;
use crate::model::Status;
use crate::rules::testkit::{all_trained, of, seed};

#[test]
fn r7_seed_picture() {
    let mut b = seed();
    all_trained(&mut b);
    let a = run(&b);

    let status: Vec<(&str, Status)> = a
        .districts
        .iter()
        .map(|d| (d.name.as_str(), d.status))
        .collect();
    assert_eq!(
        status,
        vec![
            ("光陽", Status::Model),
            ("永山", Status::Model),
            ("西神楽", Status::Model),
            ("東陽", Status::Model),
            ("神居東", Status::Model),
            ("旭川", Status::Support),
            ("神楽", Status::Support),
            ("春光台", Status::Support),
            ("北星", Status::None),
        ]
    );
    let alloc: i64 = a.districts.iter().map(|d| d.allocation).sum();
    assert_eq!(alloc, 160_000);
    assert_eq!(a.districts[8].allocation, 0);
    assert_eq!(a.budget.allocated_districts, 8);
    assert_eq!(a.budget.planned_additions, 1);
    assert_eq!(a.budget.total, 180_000);
    assert_eq!(a.budget.configured_total, Some(180_000));
    assert!(of(&a.findings, "BU005").is_empty());

    let kouyou = &a.districts[0];
    assert_eq!((kouyou.staff, kouyou.residents), (2, 3));
    assert_eq!(kouyou.resident_affiliations, vec!["学校運営協議会委員"]);
    assert_eq!(a.districts[5].residents, 7);
    assert_eq!(
        (a.districts[3].model_start, a.districts[3].model_end),
        (Some(2025), Some(2026))
    );

    // The first cohort's R3~6 is waived; rollout pace is an info; nothing else.
    let ds002 = of(&a.findings, "DS002");
    assert_eq!(ds002.len(), 3);
    assert!(ds002.iter().all(|f| f.waived()), "{ds002:?}");
    assert!(ds002[0].message.contains("R3~6"), "{}", ds002[0].message);
    let ds005 = of(&a.findings, "DS005");
    assert_eq!(ds005.len(), 1);
    assert!(ds005[0].message.contains("2地域"), "{}", ds005[0].message);
    assert!(
        ds005[0].message.contains("東陽、神居東"),
        "{}",
        ds005[0].message
    );
    assert_eq!(ds005[0].severity, crate::finding::Severity::Info);
    let others: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.id != "DS002" && f.id != "DS005")
        .collect();
    assert!(others.is_empty(), "{others:#?}");

    assert_eq!(a.rollout[&2025], vec!["東陽", "神居東"]);
    assert_eq!(a.rollout[&2021], vec!["旭川", "神楽", "春光台"]);
    assert_eq!(a.coordinators.len(), b.data.coordinators.len());
    assert!(a
        .coordinators
        .iter()
        .all(|c| c.compliance == Compliance::Done && c.attended_sessions == vec![0]));
    assert_eq!(a.sessions[0].attendees as usize, b.data.coordinators.len());
    assert_eq!(a.sessions[0].by_role["社会教育課職員"], 10);
    assert_eq!(a.sessions[0].by_role["統括コーディネーター"], 1);
    assert_eq!(a.sessions[0].by_district["旭川"], 7);
    assert_eq!(a.sessions[0].by_district["不明"], 1);
}

#[test]
fn rollout_of_three_new_districts_is_on_pace() {
    let mut b = seed();
    b.data.districts[8].model_start = Some(2025);
    let a = run(&b);
    assert!(of(&a.findings, "DS005").is_empty());
    assert_eq!(a.budget.allocated_districts, 9);
    // 9 + 1 planned = ¥200,000 against the configured ¥180,000.
    let bu005 = of(&a.findings, "BU005");
    assert_eq!(bu005.len(), 1);
    assert_eq!(bu005[0].file, "");
    assert!(
        bu005[0].message.contains("¥200,000"),
        "{}",
        bu005[0].message
    );
    assert!(
        bu005[0].message.contains("¥180,000"),
        "{}",
        bu005[0].message
    );
}

#[test]
fn a_year_the_config_does_not_list_has_no_plan_and_no_bu005() {
    let b = seed();
    let config = crate::config::Config::default();
    let a = crate::rules::reconcile(
        &b.data,
        &config,
        2026,
        crate::rules::testkit::d(2026, 6, 30),
    );
    assert_eq!(a.budget.planned_additions, 0);
    assert_eq!(a.budget.configured_total, None);
    assert!(of(&a.findings, "BU005").is_empty());
    // R8: 東陽/神居東 still model, the R6 cohort now support.
    assert_eq!(a.districts[0].status, Status::Support);
    assert_eq!(a.districts[3].status, Status::Model);
}

#[test]
fn empty_and_extreme_inputs_do_not_panic() {
    use crate::model::{Role, TrainingKind};
    use crate::rules::testkit::{d, B};
    let a = run(&B::new());
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    assert_eq!(a.budget.total, 20_000, "only the planned addition");

    let mut b = B::new();
    b.district("", None, None, None)
        .district("光陽", Some(i32::MAX), None, None)
        .district("永山", None, Some(i32::MIN), None);
    b.coord("", "光陽", Role::Staff)
        .coord("様", "", Role::Resident);
    b.supporter("", "", None, None);
    b.expense(d(2025, 6, 1), "光陽", "", i64::MAX, None, None)
        .expense(d(2025, 6, 2), "光陽", "", i64::MAX, None, None)
        .expense(d(2025, 6, 3), "光陽", "", i64::MIN, None, None);
    b.training("", d(2025, 6, 1), TrainingKind::Other);
    b.attend("", None, None, None, None)
        .attend("誰か", None, None, None, None)
        .attend("誰か", None, Some(""), Some(""), None);
    b.activity(d(2025, 6, 1), "", "", "", &["", " "], Some(u32::MAX))
        .activity(d(2025, 6, 2), "光陽", "", "", &[], Some(u32::MAX));
    let a = run(&b);
    assert_eq!(a.districts.len(), 2);
    assert!(!a.findings.is_empty());
}
