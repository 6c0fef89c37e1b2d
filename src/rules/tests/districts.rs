//! District status (DS001, DS002), staffing (DS003, DS004), duplicate rows (IN004).

use super::{run, run_at};
use crate::model::{Role, Status};
use crate::rules::testkit::{cells, d, of, B, COORDS};

fn staffed(b: &mut B, district: &str, staff: usize, residents: usize) {
    for i in 0..staff {
        b.coord(&format!("職員{district}{i}"), district, Role::Staff);
    }
    for i in 0..residents {
        b.coord(&format!("住民{district}{i}"), district, Role::Resident);
    }
}

#[test]
fn status_follows_the_model_years() {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None) // model in its 2nd year
        .district("東陽", Some(2025), None, None) // start only: R7~8
        .district("旭川", Some(2021), Some(2024), None) // support after the end
        .district("北星", Some(2026), None, None) // not yet
        .district("中央", None, None, Some(Status::Support)) // stated only
        .district("北門", None, None, None);
    let a = run(&b);
    let st: Vec<Status> = a.districts.iter().map(|d| d.status).collect();
    assert_eq!(
        st,
        vec![
            Status::Model,
            Status::Model,
            Status::Support,
            Status::None,
            Status::Support,
            Status::None
        ]
    );
    assert_eq!(a.districts[1].model_end, Some(2026));
    assert!(of(&a.findings, "DS001").is_empty());
}

#[test]
fn ds001_when_the_stated_status_disagrees() {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), Some(Status::Model))
        .district("永山", Some(2023), Some(2024), Some(Status::Model))
        .district("中央", None, None, Some(Status::Model));
    staffed(&mut b, "光陽", 2, 1);
    staffed(&mut b, "永山", 0, 1);
    staffed(&mut b, "中央", 2, 1);
    let a = run(&b);
    assert_eq!(cells(&a.findings, "DS001"), vec!["一覧!B3"]);
    let f = of(&a.findings, "DS001")[0];
    assert!(f.message.contains("モデル地域"), "{}", f.message);
    assert!(f.message.contains("伴走支援地域"), "{}", f.message);
    assert!(f.message.contains("R5~6"), "{}", f.message);
    assert_eq!(f.district.as_deref(), Some("永山"));
    assert_eq!(a.districts[1].status, Status::Support);
    assert_eq!(a.districts[2].status, Status::Model);
}

#[test]
fn ds002_for_a_period_other_than_two_years_unless_waived() {
    let mut b = B::new();
    b.district("旭川", Some(2021), Some(2024), None)
        .district("光陽", Some(2024), Some(2026), None)
        .district("永山", Some(2025), None, None)
        .district("西神楽", Some(2025), Some(2024), None);
    let a = run(&b);
    assert_eq!(
        cells(&a.findings, "DS002"),
        vec!["一覧!C2", "一覧!C3", "一覧!C5"]
    );
    let ds: Vec<_> = of(&a.findings, "DS002");
    assert!(ds[0].waived(), "旭川 R3~6 is waived by the default config");
    assert!(!ds[1].waived());
    assert!(ds[1].message.contains("R6~8（3年度）"), "{}", ds[1].message);
}

#[test]
fn ds003_ds004_staffing_of_model_and_support_districts() {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None) // 1 staff, 0 residents
        .district("永山", Some(2024), Some(2025), None) // fully staffed
        .district("旭川", Some(2021), Some(2022), None) // support, no resident
        .district("神楽", Some(2021), Some(2022), None) // support, 1 resident
        .district("北星", None, None, None); // none: nothing needed
    staffed(&mut b, "光陽", 1, 0);
    staffed(&mut b, "永山", 2, 1);
    staffed(&mut b, "神楽", 0, 1);
    b.coord("統括", "光陽", Role::General)
        .coord("チーフ", "光陽", Role::Chief);
    let a = run(&b);
    assert_eq!(cells(&a.findings, "DS003"), vec!["一覧!A2"]);
    assert_eq!(cells(&a.findings, "DS004"), vec!["一覧!A2", "一覧!A4"]);
    let f = of(&a.findings, "DS003")[0];
    assert_eq!(
        f.message,
        "光陽: 社会教育課のコーディネーターが1名です（必要 2名）"
    );
    assert_eq!(f.severity, crate::finding::Severity::Error);
    assert_eq!(a.districts[0].staff, 1);
}

#[test]
fn retired_and_not_yet_appointed_coordinators_do_not_count() {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None);
    b.coord_in(
        COORDS,
        "辞めた人",
        "光陽",
        Role::Staff,
        None,
        Some(d(2025, 9, 30)),
    )
    .coord_in(
        COORDS,
        "来る人",
        "光陽",
        Role::Staff,
        Some(d(2025, 12, 1)),
        None,
    )
    .coord_in(
        COORDS,
        "今月まで",
        "光陽",
        Role::Staff,
        None,
        Some(d(2025, 11, 30)),
    )
    .coord_in(
        COORDS,
        "住民",
        "光陽",
        Role::Resident,
        Some(d(2025, 4, 1)),
        None,
    );
    let a = run_at(&b, d(2025, 11, 30));
    assert_eq!(a.districts[0].staff, 1);
    assert_eq!(a.districts[0].residents, 1);
    assert_eq!(cells(&a.findings, "DS003"), vec!["一覧!A2"]);
    assert!(of(&a.findings, "DS004").is_empty());
    // The views still list every roster row.
    assert_eq!(a.coordinators.len(), 4);
}

#[test]
fn a_duplicated_district_row_is_in004_and_the_first_wins() {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None).district(
        "光陽中学校区",
        Some(2020),
        Some(2021),
        None,
    );
    let a = run(&b);
    assert_eq!(a.districts.len(), 1);
    assert_eq!(a.districts[0].status, Status::Model);
    assert_eq!(cells(&a.findings, "IN004"), vec!["一覧!A3"]);
}
