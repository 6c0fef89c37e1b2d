//! Activities: insurance cover (SU001), unlisted supporters (AC001), district figures.

use super::run;
use crate::finding::Severity;
use crate::rules::testkit::{cells, d, of, B};

fn base() -> B {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None)
        .district("永山", Some(2024), Some(2025), None);
    b
}

#[test]
fn insurance_cover_starts_the_day_after_enrolment() {
    let mut b = base();
    b.supporter("当日加入", "光陽", Some(true), Some(d(2025, 6, 14)))
        .supporter("前日加入", "光陽", Some(true), Some(d(2025, 6, 13)))
        .supporter("前年度加入", "光陽", Some(true), Some(d(2025, 3, 1)))
        .supporter("日付なし", "光陽", Some(true), None)
        .supporter("未加入", "光陽", Some(false), None)
        .supporter("不明", "光陽", None, None);
    b.activity(
        d(2025, 6, 14),
        "光陽",
        "読み聞かせ",
        "学校支援",
        &[
            "当日加入",
            "前日加入",
            "前年度加入",
            "日付なし",
            "未加入",
            "不明",
        ],
        Some(30),
    );
    let a = run(&b);
    let su: Vec<String> = of(&a.findings, "SU001")
        .iter()
        .map(|f| f.person.clone().unwrap_or_default())
        .collect();
    assert_eq!(su, vec!["当日加入", "前年度加入", "未加入", "不明"]);
    assert!(of(&a.findings, "SU001")
        .iter()
        .all(|f| f.severity == Severity::Error && f.cell == "E2"));
    assert!(of(&a.findings, "AC001").is_empty());
    let k = &a.districts[0];
    assert_eq!(k.supporters, 6);
    assert_eq!(
        k.insured_supporters, 3,
        "当日・前日・日付なし (前年度 has lapsed)"
    );
    assert_eq!(k.activities_by_category["学校支援"], 1);
    assert_eq!(k.children, 30);
}

#[test]
fn ac001_for_a_supporter_on_no_roster_once_per_person() {
    let mut b = base();
    b.supporter("鈴木 一郎", "永山", Some(true), None);
    b.activity(
        d(2025, 6, 1),
        "光陽",
        "清掃",
        "地域活動",
        &["鈴木一郎さん", "山田花子"],
        None,
    )
    .activity(
        d(2025, 7, 1),
        "光陽",
        "清掃",
        "地域活動",
        &["山田花子"],
        Some(10),
    )
    .activity(d(2024, 7, 1), "光陽", "前年度", "地域活動", &["誰か"], None);
    let a = run(&b);
    assert_eq!(cells(&a.findings, "AC001"), vec!["活動!E2"]);
    let f = of(&a.findings, "AC001")[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("山田花子"), "{}", f.message);
    assert!(f.message.contains("ほか1件"), "{}", f.message);
    // On another district's roster is still on a roster.
    assert!(of(&a.findings, "SU001").is_empty());
    assert_eq!(a.districts[0].activities_by_category["地域活動"], 2);
    assert_eq!(a.districts[0].children, 10);
}
