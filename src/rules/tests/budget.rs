//! Budget: expense fiscal year (出納整理期間), years kept apart, BU001–BU005.

use super::{run, run_at, run_with};
use crate::finding::Severity;
use crate::model::{Fate, SkipRule, Status};
use crate::rules::expense_fiscal_year;
use crate::rules::testkit::{cells, d, of, B};

fn base() -> B {
    let mut b = B::new();
    b.district("光陽", Some(2024), Some(2025), None)
        .district("旭川", Some(2021), Some(2022), None)
        .district("北星", None, None, None);
    b
}

#[test]
fn shutsuno_seiri_kikan_payment_belongs_to_the_activity_year() {
    let mut b = B::new();
    b.expense(
        d(2025, 4, 15),
        "光陽",
        "講師謝金",
        5000,
        None,
        Some(d(2025, 3, 20)),
    )
    .expense(
        d(2025, 5, 31),
        "光陽",
        "講師謝金",
        5000,
        None,
        Some(d(2025, 3, 20)),
    )
    .expense(d(2025, 4, 15), "光陽", "講師謝金", 5000, None, None)
    .expense(d(2025, 4, 15), "光陽", "講師謝金", 5000, Some(2024), None)
    .expense(
        d(2025, 4, 15),
        "光陽",
        "講師謝金",
        5000,
        None,
        Some(d(2025, 4, 10)),
    );
    let fys: Vec<i32> = b.data.expenses.iter().map(expense_fiscal_year).collect();
    assert_eq!(fys, vec![2024, 2024, 2025, 2024, 2025]);
}

#[test]
fn two_fiscal_years_are_kept_apart() {
    let mut b = base();
    b.expense(d(2024, 6, 1), "光陽", "消耗品費", 9000, None, None) // R6 ledger
        .on_sheet("R6")
        .expense(
            d(2025, 5, 20),
            "光陽",
            "講師謝金",
            3000,
            None,
            Some(d(2025, 3, 1)),
        ) // R6, in 出納整理期間
        .expense(d(2025, 6, 1), "光陽", "消耗品費", 2000, None, None)
        .expense(d(2025, 7, 1), "光陽", "講師謝金", 4000, Some(2025), None);
    let a = run(&b);
    let k = &a.districts[0];
    assert_eq!(k.spent, 6000);
    assert_eq!(k.remaining, 14_000);
    assert_eq!(k.spent_by_category["消耗品費"], 2000);
    assert_eq!(k.spent_by_category["講師謝金"], 4000);
    assert!(of(&a.findings, "BU003").is_empty(), "{:#?}", a.findings);
    // Each other-year row is accounted for: the R6 sheet as a whole, the 出納整理期間 payment.
    let fates: Vec<_> = a
        .row_fates
        .iter()
        .map(|f| (f.src.to_string(), f.fate, f.note.clone()))
        .collect();
    assert_eq!(
        fates,
        vec![
            (
                "支出簿.xlsx:R6!A2".to_string(),
                Fate::Skipped(SkipRule::OtherYearLedger),
                Some("全行が令和6年度の支出のため令和7年度の集計に入れていません".to_string())
            ),
            (
                "支出簿.xlsx:支出!A3".to_string(),
                Fate::Skipped(SkipRule::PreviousYearSettlement),
                None
            ),
        ]
    );
    // The R6 run sees only R6's ¥12,000; R7's rows in the R7 sheet are another year's there.
    let r6 = crate::rules::reconcile(
        &b.data,
        &crate::config::Config::default(),
        2024,
        d(2025, 5, 31),
    );
    assert_eq!(r6.districts[0].spent, 12_000);
    assert_eq!(cells(&r6.findings, "BU003"), vec!["支出!A4", "支出!A5"]);
}

#[test]
fn bu003_for_a_row_of_another_year_in_this_years_ledger() {
    let mut b = base();
    b.expense(d(2025, 5, 10), "光陽", "消耗品費", 1000, None, None)
        // 2025/03/20 with no 活動日: R6's, typed in the R7 ledger (「前年度分」 or a wrong year).
        .expense(d(2025, 3, 20), "光陽", "講師謝金", 5000, None, None)
        .expense(d(2026, 4, 20), "光陽", "消耗品費", 700, Some(2026), None);
    let a = run(&b);
    assert_eq!(a.districts[0].spent, 1000);
    let f = of(&a.findings, "BU003");
    assert_eq!(cells(&a.findings, "BU003"), vec!["支出!A3", "支出!A4"]);
    assert!(f.iter().all(|f| f.severity == Severity::Warning));
    assert_eq!(
        f[0].message,
        "光陽: 支出日 令和7年3月20日 の支出（¥5,000）は令和6年度の支出のため、令和7年度の集計に入れていません（年の書き間違いなら直してください）"
    );
    assert!(
        f[1].message.contains("会計年度が令和8年度"),
        "{}",
        f[1].message
    );
    let fates: Vec<_> = a.row_fates.iter().map(|f| f.fate).collect();
    assert_eq!(fates, vec![Fate::Rejected, Fate::Rejected]);
}

#[test]
fn bu003_outside_the_year_or_after_as_of() {
    let mut b = base();
    b.expense(d(2026, 6, 1), "光陽", "消耗品費", 100, Some(2025), None) // after 5/31
        .expense(d(2025, 3, 31), "光陽", "消耗品費", 100, Some(2025), None) // before 4/1
        .expense(d(2026, 5, 31), "光陽", "消耗品費", 100, Some(2025), None) // last day: fine for dates, but after as_of
        .expense(d(2025, 12, 10), "光陽", "消耗品費", 100, None, None) // after as_of
        .expense(d(2025, 11, 30), "光陽", "消耗品費", 100, None, None) // on as_of: fine
        .expense(
            d(2025, 6, 10),
            "光陽",
            "消耗品費",
            100,
            None,
            Some(d(2025, 3, 1)),
        ); // R6 paid too late
    let a = run(&b);
    assert_eq!(
        cells(&a.findings, "BU003"),
        vec!["支出!A2", "支出!A3", "支出!A4", "支出!A5", "支出!A7"]
    );
    assert!(of(&a.findings, "BU003")
        .iter()
        .all(|f| f.severity == Severity::Warning));
    // Counted all the same (R7's five).
    assert_eq!(a.districts[0].spent, 500);
    let at_end = run_at(&b, d(2026, 5, 31));
    assert_eq!(
        cells(&at_end.findings, "BU003"),
        vec!["支出!A2", "支出!A3", "支出!A7"]
    );
}

#[test]
fn bu004_bu001_and_categories() {
    let mut b = base();
    b.expense(d(2025, 6, 1), "光陽", "飲食費", 1200, None, None)
        .expense(d(2025, 6, 2), "光陽", "消耗品費", 800, None, None)
        .expense(d(2025, 6, 3), "北星", "消耗品費", 500, None, None)
        .expense(d(2025, 6, 4), "旭川", "ボランティア保険料", 350, None, None)
        .expense(d(2025, 6, 5), "旭川", "交通費", 100, None, None);
    let a = run(&b);
    assert_eq!(cells(&a.findings, "BU004"), vec!["支出!C2", "支出!C6"]);
    let bu004 = of(&a.findings, "BU004");
    assert!(bu004[0].message.contains("飲食費"));
    assert_eq!(bu004[0].severity, Severity::Error);
    assert_eq!(cells(&a.findings, "BU001"), vec!["支出!B4"]);
    assert!(of(&a.findings, "BU001")[0].message.contains("北星"));
    assert_eq!(a.districts[2].status, Status::None);
    assert_eq!(a.districts[2].allocation, 0);
    assert_eq!(a.districts[2].spent, 500);
    assert_eq!(a.budget.unallocated_spent, 500);
    assert_eq!(a.districts[0].spent, 2000);
    assert_eq!(a.districts[0].spent_by_category["飲食費"], 1200);
    let cats = &a.budget.categories;
    assert_eq!(cats.len(), 8);
    assert_eq!(cats[0], "コーディネーター謝金");
    assert_eq!(&cats[6..], &["交通費".to_string(), "飲食費".to_string()]);
}

#[test]
fn bu002_warning_over_80_percent_error_over_the_allocation() {
    let mut b = base();
    b.expense(d(2025, 6, 1), "光陽", "講師謝金", 10_000, None, None)
        .expense(d(2025, 7, 1), "光陽", "講師謝金", 6_500, None, None) // ¥16,500 > 80%
        .expense(d(2025, 5, 1), "旭川", "講師謝金", 16_000, None, None) // exactly 80%: fine
        .expense(d(2024, 8, 1), "旭川", "講師謝金", 4_000, None, None); // R6: not counted
    let a = run(&b);
    assert_eq!(cells(&a.findings, "BU002"), vec!["支出!D3"]);
    let f = of(&a.findings, "BU002")[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("¥16,500"), "{}", f.message);
    assert!(f.message.contains("¥20,000"), "{}", f.message);

    b.expense(d(2025, 9, 1), "光陽", "消耗品費", 4_000, None, None)
        .expense(d(2025, 8, 20), "旭川", "消耗品費", 4_001, None, None);
    let a = run(&b);
    let bu: Vec<_> = of(&a.findings, "BU002");
    assert_eq!(bu.len(), 2);
    assert!(bu.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(cells(&a.findings, "BU002"), vec!["支出!D6", "支出!D7"]);
    assert!(bu[0].message.contains("¥20,500"), "{}", bu[0].message);
    assert_eq!(a.districts[0].remaining, -500);
}

#[test]
fn bu005_when_the_configured_total_differs() {
    let b = base();
    let mut config = crate::config::Config::default();
    let a = run_with(&b, &config, d(2025, 11, 30));
    // 2 allocated + 1 planned = ¥60,000 ≠ ¥180,000.
    assert_eq!(a.budget.total, 60_000);
    let f = of(&a.findings, "BU005");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].file.as_str(), f[0].cell.as_str()), ("", ""));
    config.years.clear();
    let a = run_with(&b, &config, d(2025, 11, 30));
    assert!(of(&a.findings, "BU005").is_empty());
    assert_eq!(a.budget.total, 40_000);
}
