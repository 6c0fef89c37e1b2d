//! Sessions, attendance matching (TR002, IN004), by district / role, TR001 and TR003.

use super::{run, run_at};
use crate::analysis::Compliance;
use crate::finding::Severity;
use crate::model::{Role, TrainingKind};
use crate::rules::testkit::{cells, d, of, B};

fn base() -> B {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None)
        .district("永山", Some(2024), Some(2025), None);
    b.coord("高橋太郎", "光陽", Role::Staff)
        .coord("佐藤花子", "光陽", Role::Resident)
        .coord("田中一郎", "永山", Role::Resident);
    b.supporter("鈴木次郎", "永山", Some(true), None);
    b.training(
        "第2回コーディネーター研修会",
        d(2025, 12, 6),
        TrainingKind::Coordinator,
    )
    .training(
        "地域学校協働活動研修会",
        d(2025, 7, 5),
        TrainingKind::Community,
    )
    .training(
        "第1回コーディネーター研修会",
        d(2025, 7, 5),
        TrainingKind::Coordinator,
    )
    .training("前年度の研修会", d(2025, 2, 1), TrainingKind::Coordinator);
    b
}

#[test]
fn sessions_of_the_year_in_date_order_with_attendance() {
    let mut b = base();
    b.attend(
        "高橋 太郎",
        Some(d(2025, 7, 5)),
        Some("第1回コーディネーター研修会"),
        None,
        Some(true),
    )
    .attend(
        "佐藤花子",
        None,
        Some("第１回 コーディネーター研修会"),
        None,
        None,
    ) // by name
    .attend(
        "田中一郎",
        Some(d(2025, 7, 5)),
        Some("第1回コーディネーター"),
        None,
        Some(false),
    ) // absent
    .attend(
        "鈴木次郎",
        Some(d(2025, 7, 5)),
        Some("地域学校協働活動研修会"),
        None,
        Some(true),
    )
    .attend(
        "山田",
        Some(d(2025, 7, 5)),
        Some("地域学校協働活動研修会"),
        Some("永山中"),
        None,
    )
    .attend(
        "誰か",
        Some(d(2025, 7, 5)),
        Some("地域学校協働活動研修会"),
        None,
        None,
    );
    let a = run(&b);
    let names: Vec<&str> = a.sessions.iter().map(|s| s.name.as_str()).collect();
    // Table order within a day; the previous year's training is not a session of R7.
    assert_eq!(
        names,
        vec![
            "地域学校協働活動研修会",
            "第1回コーディネーター研修会",
            "第2回コーディネーター研修会"
        ]
    );
    assert_eq!(a.sessions[0].venue, "市民文化会館");
    let community = &a.sessions[0];
    assert_eq!(community.attendees, 3);
    assert_eq!(community.by_role["サポーター"], 1);
    assert_eq!(community.by_role["その他"], 2);
    assert_eq!(community.by_district["永山"], 2);
    assert_eq!(community.by_district["不明"], 1);
    let coord = &a.sessions[1];
    assert_eq!(coord.attendees, 2);
    assert_eq!(coord.by_role["社会教育課職員"], 1);
    assert_eq!(coord.by_role["地域の方"], 1);
    assert_eq!(coord.by_district["光陽"], 2);
    assert_eq!(a.coordinators[0].attended_sessions, vec![1]);
    assert_eq!(a.coordinators[0].compliance, Compliance::Done);
    assert_eq!(a.coordinators[1].coordinator_trainings_attended, 1);
    // Absent, and the next coordinator session is still to come: a warning.
    assert_eq!(a.coordinators[2].compliance, Compliance::Required);
    assert!(of(&a.findings, "TR002").is_empty());
    assert!(of(&a.findings, "TR003").is_empty());
}

#[test]
fn tr001_warning_while_a_session_remains_error_after_the_last() {
    let mut b = base();
    b.attend(
        "高橋太郎",
        Some(d(2025, 7, 5)),
        Some("第1回コーディネーター研修会"),
        None,
        None,
    )
    .attend("佐藤花子", Some(d(2025, 12, 6)), None, None, Some(true)); // planned, future
    let before = run_at(&b, d(2025, 11, 30));
    assert_eq!(cells(&before.findings, "TR001"), vec!["名簿!A3", "名簿!A4"]);
    assert!(of(&before.findings, "TR001")
        .iter()
        .all(|f| f.severity == Severity::Warning));
    assert!(of(&before.findings, "TR001")[0]
        .message
        .contains("令和7年12月6日"));
    assert_eq!(before.coordinators[1].compliance, Compliance::Required);
    assert_eq!(before.coordinators[1].coordinator_trainings_attended, 0);
    // The session after 基準日 is 予定: the mark for it is a plan, counted nowhere.
    let planned = &before.sessions[2];
    assert!(!planned.held && before.sessions[1].held);
    assert_eq!((planned.attendees, planned.by_district.len()), (0, 0));
    assert!(of(&before.findings, "TR002").is_empty());

    // On the day of the last session it has taken place.
    let after = run_at(&b, d(2025, 12, 6));
    assert_eq!(cells(&after.findings, "TR001"), vec!["名簿!A4"]);
    let f = of(&after.findings, "TR001")[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.district.as_deref(), Some("永山"));
    assert_eq!(f.person.as_deref(), Some("田中一郎"));
    assert_eq!(after.coordinators[2].compliance, Compliance::Missed);
    assert_eq!(after.coordinators[1].compliance, Compliance::Done);
    assert_eq!(after.coordinators[1].attended_sessions, vec![2]);
    assert!(after.sessions[2].held);
    assert_eq!(after.sessions[2].attendees, 1);
}

#[test]
fn tr001_is_a_warning_while_no_session_is_listed_yet() {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None);
    b.coord("高橋太郎", "光陽", Role::Staff);
    let a = run_at(&b, d(2025, 4, 30));
    let f = of(&a.findings, "TR001");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning);
    let a = crate::rules::reconcile(
        &b.data,
        &crate::config::Config::default(),
        2025,
        d(2026, 3, 31),
    );
    assert_eq!(of(&a.findings, "TR001")[0].severity, Severity::Error);
}

#[test]
fn tr002_for_attendance_at_a_session_not_listed_once_per_sheet() {
    let mut b = base();
    b.attend(
        "高橋太郎",
        Some(d(2025, 8, 1)),
        Some("夏の研修"),
        None,
        None,
    )
    .attend(
        "佐藤花子",
        Some(d(2025, 8, 1)),
        Some("夏の研修"),
        None,
        None,
    )
    .attend("田中一郎", None, Some("秋の講演会"), None, None)
    .attend("田中一郎", None, Some("前年度の研修会"), None, None) // another year: silent
    .attend("田中一郎", Some(d(2024, 8, 1)), None, None, None) // another year: silent
    .attend("田中一郎", None, Some("コーディネーター研修会"), None, None); // ambiguous
    let a = run(&b);
    assert_eq!(
        cells(&a.findings, "TR002"),
        vec!["出席!A2", "出席!A4", "出席!A7"]
    );
    let tr = of(&a.findings, "TR002");
    assert!(tr[0].message.contains("令和7年8月1日") && tr[0].message.contains("夏の研修"));
    assert!(tr[0].message.contains("2名分"), "{}", tr[0].message);
    assert!(tr[1].message.contains("秋の講演会"));
    assert!(tr[2].message.contains("複数"), "{}", tr[2].message);
}

#[test]
fn tr003_and_in004_for_attendance() {
    let mut b = base();
    b.attend(
        "高橋太郎",
        Some(d(2025, 7, 5)),
        Some("第1回コーディネーター研修会"),
        None,
        None,
    )
    .attend(
        "外部の人",
        Some(d(2025, 7, 5)),
        Some("第1回コーディネーター研修会"),
        None,
        None,
    )
    .attend(
        "髙橋太郎",
        None,
        Some("第1回コーディネーター研修会"),
        None,
        Some(true),
    );
    let a = run(&b);
    assert_eq!(cells(&a.findings, "TR003"), vec!["出席!A3"]);
    assert_eq!(of(&a.findings, "TR003")[0].severity, Severity::Info);
    assert_eq!(cells(&a.findings, "IN004"), vec!["出席!A4"]);
    assert_eq!(a.sessions[1].attendees, 2);
    assert_eq!(a.sessions[1].by_role["その他"], 1);
}
