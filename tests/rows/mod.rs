//! Every row accounted for (issue 14): the fixtures of tests/fixtures/rows, laid out as
//! offices lay them out (written by openpyxl with real merges and date cells, see
//! make_rows.py), read record by record, finding by finding, and with each table's row
//! accounting (rows read = used + rejected with a finding + skipped by a named rule).

use chrono::NaiveDate;
use kyodo::analysis::Analysis;
use kyodo::config::Config;
use kyodo::finding::Finding;
use kyodo::ingest::{apply_fates, ingest, Ingested};
use kyodo::model::InventoryEntry;

const DIR: &str = "tests/fixtures/rows";
const FY: i32 = 2025;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn read(path: &str) -> Ingested {
    ingest(&[format!("{DIR}/{path}")], None, &Config::default(), FY).unwrap()
}

/// Reads and reconciles as `kyodo run` does: ingest's findings then the rules', and the
/// rows the rules leave out moved in the inventory.
fn analyse(path: &str, as_of: NaiveDate) -> (Ingested, Analysis) {
    let mut r = read(path);
    let mut a = kyodo::rules::reconcile(&r.data, &Config::default(), FY, as_of);
    apply_fates(&mut r.inventory, &a.row_fates);
    let mut all = std::mem::take(&mut r.findings);
    all.append(&mut a.findings);
    kyodo::finding::sort_findings(&mut all);
    a.findings = all;
    (r, a)
}

/// Findings as `id severity file:sheet!cell`.
fn places(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{} {} {}", f.id, f.severity, f.location()))
        .collect()
}

/// Each table as `sheet|kind|rows=used+rejected+skipped[rule:n,…]|note`, checked to add up.
fn accounting(inventory: &[InventoryEntry]) -> Vec<String> {
    inventory
        .iter()
        .map(|e| {
            assert_eq!(e.rows, e.used + e.rejected + e.rows_skipped(), "{e:?}");
            let rules: Vec<String> = e
                .skipped
                .iter()
                .map(|(r, n)| format!("{}:{n}", serde_json::to_value(r).unwrap().as_str().unwrap()))
                .collect();
            format!(
                "{}|{}|{}={}+{}+{}[{}]|{}",
                e.sheet,
                e.kind.as_deref().unwrap_or("-"),
                e.rows,
                e.used,
                e.rejected,
                e.rows_skipped(),
                rules.join(","),
                e.note
            )
        })
        .collect()
}

#[test]
fn a_roster_with_a_two_row_header_reads_every_column_and_no_second_row() {
    for file in [
        "サポーター名簿（2段見出し）.xlsx",
        "converted/サポーター名簿（2段見出し）.ods",
    ] {
        let r = read(file);
        let got: Vec<_> = r
            .data
            .supporters
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.district.as_str(),
                    s.activity.as_str(),
                    s.insured,
                    s.insured_on,
                    s.src.a1(),
                    s.insurance_at.a1(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "伊藤 春子",
                    "光陽",
                    "登下校見守り",
                    Some(true),
                    Some(d(2025, 5, 10)),
                    "A5".to_string(),
                    "C5".to_string()
                ),
                (
                    "渡辺 夏男",
                    "光陽",
                    "読み聞かせ",
                    Some(false),
                    None,
                    "A6".into(),
                    "C6".into()
                ),
                (
                    "高橋 秋子",
                    "東光",
                    "花壇整備",
                    Some(false),
                    None,
                    "A7".into(),
                    "C7".into()
                ),
                (
                    "鈴木 冬美",
                    "東光",
                    "登下校見守り",
                    Some(true),
                    Some(d(2025, 4, 20)),
                    "A8".into(),
                    "C8".into()
                ),
            ],
            "{file}"
        );
        assert!(r.findings.is_empty(), "{file}: {:?}", places(&r.findings));
        assert_eq!(r.inventory[0].header_row, 3, "{file}");
        assert_eq!(
            accounting(&r.inventory),
            ["サポーター名簿|supporters|7=4+0+3[blank:1,note:1,second_header_row:1]|"],
            "{file}"
        );
        assert_eq!(
            r.inventory[0].unused_columns,
            Vec::<String>::new(),
            "{file}"
        );
    }
}

#[test]
fn a_date_header_excel_stored_in_the_wrong_year_is_matched_by_month_and_day() {
    let (r, a) = analyse("出席簿（日付見出し）.xlsx", d(2026, 3, 31));
    // Every mark is read, each column with the date its header cell holds.
    let marks: Vec<_> = r
        .data
        .attendance
        .iter()
        .map(|x| (x.name.as_str(), x.session_date, x.present, x.src.a1()))
        .collect();
    assert_eq!(
        marks,
        vec![
            (
                "山田 太郎",
                Some(d(2026, 6, 14)),
                Some(true),
                "C4".to_string()
            ),
            ("山田 太郎", Some(d(2025, 10, 18)), Some(false), "D4".into()),
            ("山田 太郎", Some(d(2025, 2, 7)), Some(true), "E4".into()),
            ("佐藤 花子", Some(d(2026, 6, 14)), Some(false), "C5".into()),
            ("佐藤 花子", Some(d(2025, 10, 18)), Some(true), "D5".into()),
            ("佐藤 花子", Some(d(2025, 11, 22)), Some(true), "F5".into()),
            ("田中 一郎", Some(d(2026, 6, 14)), Some(true), "C6".into()),
            ("田中 一郎", Some(d(2025, 2, 7)), Some(true), "E6".into()),
            ("田中 一郎", Some(d(2025, 11, 22)), Some(true), "F6".into()),
        ]
    );
    // 6/14 typed in February (2026-06-14) and 2/7 typed in 2025 (2025-02-07) are this
    // year's sessions, each noted once on its header cell; 11/22 is no session: TR002 there.
    // Files are named relative to the INPUT (here the file itself).
    let file = "出席簿（日付見出し）.xlsx";
    let attendance: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.sheet == "出席簿")
        .map(|f| (f.id, f.severity.key(), f.cell.as_str()))
        .collect();
    assert_eq!(
        attendance,
        vec![
            ("TR002", "warning", "F3"),
            ("IN003", "info", "C3"),
            ("IN003", "info", "E3"),
            ("TR003", "info", "C6"),
        ],
        "{:?}",
        places(&a.findings)
    );
    let tr002 = a.findings.iter().find(|f| f.id == "TR002").unwrap();
    assert_eq!(tr002.file, file);
    assert_eq!(
        tr002.message,
        "出席簿の令和7年11月22日の研修会は研修会一覧にありません（2名分）"
    );
    let info = a.findings.iter().find(|f| f.cell == "C3").unwrap();
    assert!(
        info.message.contains("令和8年6月14日") && info.message.contains("令和7年6月14日"),
        "{}",
        info.message
    );
    let held: Vec<_> = a
        .sessions
        .iter()
        .map(|s| (s.name.as_str(), s.attendees))
        .collect();
    assert_eq!(
        held,
        vec![
            ("第1回コーディネーター研修会", 2),
            ("第2回コーディネーター研修会", 1),
            ("地域学校協働活動研修会", 2),
        ]
    );
    // 山田 attended under the wrong-year header: no false 「未受講」.
    assert!(
        !a.findings.iter().any(|f| f.id == "TR001"),
        "{:?}",
        places(&a.findings)
    );
    assert_eq!(
        accounting(&r.inventory),
        [
            "研修会一覧|trainings|3=3+0+0[]|",
            "名簿|coordinators|2=2+0+0[]|",
            "出席簿|attendance|3=3+0+0[]|",
        ]
    );
}

#[test]
fn a_template_typed_over_its_example_row_is_data_and_an_untouched_one_is_skipped() {
    let r = read("テンプレート");
    let expenses: Vec<_> = r
        .data
        .expenses
        .iter()
        .map(|e| (e.paid_on, e.district.as_str(), e.amount, e.src.a1()))
        .collect();
    assert_eq!(
        expenses,
        vec![
            (d(2025, 7, 12), "東光", 5000, "A4".to_string()),
            (d(2025, 8, 2), "光陽", 3000, "A5".into()),
        ]
    );
    let coordinators: Vec<_> = r
        .data
        .coordinators
        .iter()
        .map(|c| (c.name.as_str(), c.district.as_str(), c.src.a1()))
        .collect();
    assert_eq!(coordinators, vec![("佐藤 一郎", "東光", "A4".to_string())]);
    let districts: Vec<_> = r.data.districts.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(districts, ["東光", "光陽"]);
    assert!(r.data.supporters.is_empty() && r.data.activities.is_empty());
    // One info finding on each mark left beside a typed-over row.
    assert_eq!(
        places(&r.findings),
        vec![
            "IN003 info 名簿.xlsx:中学校区一覧!E4",
            "IN003 info 名簿.xlsx:コーディネーター名簿!H4",
            "IN003 info 支出簿.xlsx:支出簿!H4",
        ]
    );
    assert!(r.findings[2].message.contains("記入例"));
    let tables: Vec<String> = accounting(&r.inventory)
        .into_iter()
        .filter(|l| !l.contains("|-|"))
        .collect();
    assert_eq!(
        tables,
        [
            "中学校区一覧|districts|2=2+0+0[]|",
            "コーディネーター名簿|coordinators|1=1+0+0[]|",
            "サポーター名簿|supporters|1=0+0+1[example:1]|",
            "支出簿|expenses|2=2+0+0[]|",
            "活動記録|activities|1=0+0+1[example:1]|",
        ]
    );
}

#[test]
fn another_years_rows_are_bu003_or_accounted_for_by_rule() {
    let (r, a) = analyse("支出簿_R7.xlsx", d(2025, 11, 30));
    let (r6, a6) = analyse("支出簿_R6.xlsx", d(2025, 11, 30));
    // Every row is read: R7's four, the R6 sheet's two (headed 支払年月日/科目/支出金額).
    let rows: Vec<_> = r
        .data
        .expenses
        .iter()
        .map(|e| (e.src.sheet.to_string(), e.src.a1(), e.paid_on, e.amount))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("支出簿".to_string(), "A4".to_string(), d(2025, 5, 10), 3000),
            ("支出簿".into(), "A5".into(), d(2025, 3, 20), 5000),
            ("支出簿".into(), "A6".into(), d(2025, 4, 15), 4000),
            ("支出簿".into(), "A7".into(), d(2025, 6, 1), 1200),
            ("R6".into(), "A2".into(), d(2024, 6, 1), 2000),
            ("R6".into(), "A3".into(), d(2025, 2, 1), 5000),
        ]
    );
    // Only this year's rows count: 光陽 ¥3,000 and 東光 ¥1,200.
    let spent: Vec<_> = a
        .districts
        .iter()
        .map(|x| (x.name.as_str(), x.spent))
        .collect();
    assert!(spent.is_empty(), "no district list: {spent:?}");
    assert_eq!(a.budget.unallocated_spent, 4200);
    // The 2025/03/20 row (「前年度分」, no 活動日) is BU003; the 4/15 payment for the 3/25
    // activity is last year's by the 出納整理期間 rule; the R6 sheet is said once, in the
    // inventory, not row by row.
    let bu003: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.id == "BU003")
        .map(|f| (f.severity.key(), f.location(), f.message.as_str()))
        .collect();
    assert_eq!(
        bu003,
        vec![(
            "warning",
            "支出簿_R7.xlsx:支出簿!A5".to_string(),
            "光陽: 支出日 令和7年3月20日 の支出（¥5,000）は令和6年度の支出のため、令和7年度の集計に入れていません（年の書き間違いなら直してください）"
        )]
    );
    assert_eq!(
        accounting(&r.inventory),
        [
            "支出簿|expenses|5=2+1+2[total:1,previous_year_settlement:1]|",
            "R6|expenses|2=0+0+2[other_year_ledger:2]|全行が令和6年度の支出のため令和7年度の集計に入れていません",
        ]
    );
    // Last year's ledger as a file of its own: one line, no finding.
    assert!(
        !a6.findings.iter().any(|f| f.id == "BU003"),
        "{:?}",
        places(&a6.findings)
    );
    assert_eq!(a6.budget.unallocated_spent, 0);
    assert_eq!(
        accounting(&r6.inventory),
        ["支出簿|expenses|3=0+0+3[other_year_ledger:3]|全行が令和6年度の支出のため令和7年度の集計に入れていません"]
    );
}

#[test]
fn a_stray_file_is_listed_not_an_error_and_a_list_clearly_of_a_kind_is_in002() {
    let r = read("関係ないファイル");
    assert_eq!(
        places(&r.findings),
        vec!["IN002 error 研修会一覧.csv:研修会一覧!A1"]
    );
    assert_eq!(
        r.findings[0].message,
        "研修会一覧に必須の列「開催日」がありません"
    );
    assert_eq!(
        accounting(&r.inventory),
        [
            "研修会一覧|trainings|1=0+1+0[]|必須の列「開催日」がないため読んでいません",
            "避難所一覧|-|0=0+0+0[]|kyodo の読む表（名簿・研修会・出席簿・支出簿など）の見出しがないため読んでいません",
        ]
    );
    assert!(r.data.resources.is_empty() && r.data.trainings.is_empty());
}
