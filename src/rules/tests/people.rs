//! Rosters: unknown districts (CO001), double registration (CO002), duplicate rows (IN004).

use super::run;
use crate::model::Role;
use crate::rules::testkit::{cells, d, of, B, COORDS};

fn two_districts() -> B {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None)
        .district("永山", Some(2024), Some(2025), None);
    b
}

#[test]
fn co001_for_a_district_not_in_the_list() {
    let mut b = two_districts();
    b.coord("高橋太郎", "光陽中学校区", Role::Resident) // full form: known
        .coord("佐藤花子", "東光", Role::Resident)
        .coord("統括", "統括本部", Role::General); // city-wide roles are not tied
    b.supporter("鈴木一郎", "東光中", Some(true), None)
        .supporter("田中", "永山", Some(true), None);
    b.expense(d(2025, 6, 1), "東光", "消耗品費", 1000, None, None);
    b.attend(
        "高橋太郎",
        Some(d(2025, 7, 5)),
        None,
        Some("東光"),
        Some(true),
    );
    b.training(
        "研修会",
        d(2025, 7, 5),
        crate::model::TrainingKind::Community,
    );
    b.activity(d(2025, 7, 1), "東光", "清掃", "地域活動", &[], None);
    let a = run(&b);
    let mut want = vec!["出席!A2", "名簿!B3", "名簿!B2", "支出!B2", "活動!B2"];
    want.sort();
    assert_eq!(cells(&a.findings, "CO001"), want);
    assert!(of(&a.findings, "CO001")
        .iter()
        .all(|f| f.message.contains("東光")));
    // Unknown-district spending is not allocated.
    assert_eq!(a.budget.unallocated_spent, 1000);
}

#[test]
fn no_co001_without_a_districts_table() {
    let mut b = B::new();
    b.coord("高橋太郎", "東光", Role::Resident);
    let a = run(&b);
    assert!(of(&a.findings, "CO001").is_empty());
}

#[test]
fn co002_on_the_second_district_of_one_person() {
    let mut b = two_districts();
    b.coord("髙橋 太郎", "光陽", Role::Staff)
        .coord("高橋太郎", "永山", Role::Staff) // same person by person_key
        .coord("佐藤花子", "光陽", Role::Resident)
        .coord("統括", "光陽", Role::General)
        .coord("統括", "永山", Role::General); // general: city-wide, no CO002
    let a = run(&b);
    assert_eq!(cells(&a.findings, "CO002"), vec!["名簿!B3"]);
    let f = of(&a.findings, "CO002")[0];
    assert_eq!(f.person.as_deref(), Some("高橋太郎"));
    assert!(f.message.contains("光陽") && f.message.contains("永山"));
    assert_eq!(f.severity, crate::finding::Severity::Warning);
    // One view per person and district.
    assert_eq!(a.coordinators.len(), 5);
}

#[test]
fn in004_for_the_same_person_twice_in_one_roster_only() {
    let mut b = two_districts();
    b.coord("高橋太郎", "光陽", Role::Resident)
        .coord("高橋 太郎", "光陽", Role::Resident) // same sheet: IN004
        .coord_in(
            "別の名簿.xlsx",
            "高橋太郎",
            "光陽",
            Role::Resident,
            None,
            None,
        ); // another file: merged
    b.supporter("鈴木一郎", "永山", Some(true), None).supporter(
        "鈴木 一郎さん",
        "永山",
        Some(true),
        None,
    );
    let a = run(&b);
    let in004 = of(&a.findings, "IN004");
    assert_eq!(in004.len(), 2, "{in004:#?}");
    assert_eq!(in004[0].file, COORDS);
    assert_eq!(in004[0].cell, "A3");
    assert_eq!(in004[1].cell, "A3");
    assert_eq!(a.coordinators.len(), 1);
    assert_eq!(a.districts[0].residents, 1, "counted once");
    assert_eq!(a.supporters.len(), 1);
    assert_eq!(a.districts[1].supporters, 1);
    assert!(of(&a.findings, "CO002").is_empty());
}
