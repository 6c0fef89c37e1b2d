//! Year-end on a two-year office: R6 and R7 ledgers side by side, a district whose model
//! years end in R7, payments in the 出納整理期間.

use crate::support::*;
use std::path::Path;

/// Writes the two-year office into `dir`.
fn two_year_office(dir: &Path) {
    write_book(
        &dir.join("名簿.xlsx"),
        &[
            (
                "中学校区一覧",
                vec![
                    vec!["中学校区", "区分", "モデル期間", "学校"],
                    vec!["光陽", "モデル地域", "R6~7", "光陽中学校、啓明小学校"],
                    vec!["東陽", "モデル地域", "R7~8", "東陽中学校"],
                    vec!["旭川", "伴走支援地域", "R3~4", "旭川中学校、日章小学校"],
                    vec!["北星", "未実施", "", "北星中学校"],
                    vec!["中央", "未実施", "", ""],
                ],
            ),
            (
                "コーディネーター名簿",
                vec![
                    vec!["氏名", "中学校区", "区分", "所属・役職"],
                    vec!["光陽 職員一", "光陽", "社会教育課職員", "社会教育課"],
                    vec!["光陽 職員二", "光陽", "社会教育課職員", "社会教育課"],
                    vec!["光陽 住民", "光陽", "地域の方", "PTA役員"],
                    vec!["東陽 職員一", "東陽", "社会教育課職員", "社会教育課"],
                    vec!["東陽 職員二", "東陽", "社会教育課職員", "社会教育課"],
                    vec!["東陽 住民", "東陽", "地域の方", "学校運営協議会委員"],
                    vec!["旭川 住民", "旭川", "地域の方", "民生児童委員"],
                ],
            ),
        ],
    );
    write_book(
        &dir.join("研修.xlsx"),
        &[
            (
                "研修会一覧",
                vec![
                    vec!["研修名", "開催日", "種別", "会場"],
                    vec![
                        "R6コーディネーター研修会",
                        "2024-06-15",
                        "コーディネーター研修会",
                        "市役所",
                    ],
                    vec![
                        "R7コーディネーター研修会",
                        "2025-06-14",
                        "コーディネーター研修会",
                        "市役所",
                    ],
                    vec![
                        "R7地域学校協働活動研修会",
                        "2025-09-20",
                        "地域学校協働活動研修会",
                        "公民館",
                    ],
                ],
            ),
            (
                "出席簿",
                vec![
                    vec!["氏名", "開催日", "研修名", "出欠"],
                    vec!["光陽 職員一", "2025-06-14", "R7コーディネーター研修会", "○"],
                    vec!["光陽 職員二", "2025-06-14", "R7コーディネーター研修会", "○"],
                    vec!["東陽 住民", "2025-06-14", "R7コーディネーター研修会", "○"],
                    vec!["光陽 住民", "2025-09-20", "R7地域学校協働活動研修会", "○"],
                ],
            ),
        ],
    );
    write_book(
        &dir.join("支出簿R6.xlsx"),
        &[(
            "支出簿",
            vec![
                vec!["支出日", "中学校区", "費目", "金額", "活動日"],
                vec!["2024-05-10", "光陽", "講師謝金", "5000", ""],
                // Paid in April for a March activity: still R6 (出納整理期間).
                vec!["2025-04-10", "光陽", "講師謝金", "3000", "2025-03-20"],
            ],
        )],
    );
    write_book(
        &dir.join("支出簿R7.xlsx"),
        &[(
            "支出簿",
            vec![
                vec!["支出日", "中学校区", "費目", "金額", "活動日"],
                vec!["2025-06-01", "光陽", "消耗品費", "4000", ""],
                vec!["2025-07-01", "旭川", "ボランティア保険料", "1050", ""],
                vec!["2026-04-15", "東陽", "講師謝金", "6000", "2026-03-10"],
            ],
        )],
    );
}

fn spent(summary: &serde_json::Value, district: &str) -> i64 {
    summary["districts"]
        .as_array()
        .expect("districts")
        .iter()
        .find(|d| d["name"] == district)
        .unwrap_or_else(|| panic!("no district {district}"))["spent"]
        .as_i64()
        .expect("spent")
}

#[test]
fn two_fiscal_years_are_kept_apart_in_monthly_runs() {
    let tmp = temp();
    two_year_office(&tmp.path().join("office"));
    let (code, _, err) = run_office(tmp.path(), "R7", "2025-11-30", "r7", &[]);
    assert!(code == 0 || code == 1, "{err}");
    let s = summary(&tmp.path().join("r7"));
    assert_eq!(
        spent(&s, "光陽"),
        4000,
        "R6 spending must not be summed into R7"
    );
    assert_eq!(spent(&s, "旭川"), 1050);

    let (code, _, err) = run_office(tmp.path(), "R6", "2025-05-31", "r6", &[]);
    assert!(code == 0 || code == 1, "{err}");
    let s = summary(&tmp.path().join("r6"));
    assert_eq!(
        spent(&s, "光陽"),
        8000,
        "the April payment for a March activity is R6's"
    );
}

#[test]
fn year_end_reports_transitions_budget_and_survey() {
    let tmp = temp();
    two_year_office(&tmp.path().join("office"));
    let (code, _, err) = kyodo(
        &["year-end", "office", "--fy", "R7", "--out", "ye", "--quiet"],
        tmp.path(),
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let book = tmp.path().join("ye").join("年度末報告.xlsx");

    let next = sheet(&book, "次年度計画");
    assert_eq!(value_at(&next, "光陽", "令和8年度"), "伴走支援地域");
    assert_eq!(value_at(&next, "光陽", "変化"), "モデル終了→伴走支援");
    assert_eq!(value_at(&next, "東陽", "令和8年度"), "モデル地域");
    assert_eq!(value_at(&next, "旭川", "令和8年度"), "伴走支援地域");
    assert_eq!(value_at(&next, "北星", "令和8年度"), "未実施");
    // 3 districts go on (光陽, 東陽, 旭川) + 3 new planned = 6 × ¥20,000.
    assert_eq!(
        row_starting(&next, "令和8年度に必要な配当予算")[3],
        "120000"
    );
    assert_eq!(
        row_starting(
            &next,
            "まだ指定されていない新規モデル地域（年3中学校区程度の計画のうち残り）"
        )[3],
        "3"
    );
    // Rollout: 旭川 R3, 光陽 R6, 東陽 R7 → 3 of 5 by R7.
    assert_eq!(value_at(&next, "R7", "事業に参加した中学校区（累計）"), "3");
    assert_eq!(value_at(&next, "R3", "事業に参加した中学校区（累計）"), "1");

    let survey = sheet(&book, "実施状況調査");
    assert_eq!(
        row_starting(
            &survey,
            "地域学校協働本部の機能を持つ中学校区（モデル地域＋伴走支援地域）"
        )[1],
        "3"
    );
    assert_eq!(
        row_starting(&survey, "地域学校協働活動推進員等（社会教育課職員）")[1],
        "4"
    );
    assert_eq!(
        row_starting(&survey, "地域学校協働活動推進員等（地域の方）")[1],
        "3"
    );

    let totals = sheet(&book, "地域別実績");
    assert_eq!(value_at(&totals, "光陽", "支出計"), "4000");
    // Paid 2026-04-15 for a March activity: charged to R7 at year end.
    assert_eq!(value_at(&totals, "東陽", "支出計"), "6000");
    assert_eq!(value_at(&totals, "合計", "支出計"), "11050");
    // 3 districts and the default config's R7 planned addition, as 予算配当表 counts them.
    assert_eq!(value_at(&totals, "追加予定 1地域", "配当額"), "20000");
    assert_eq!(value_at(&totals, "合計", "配当額"), "80000");

    let trainings = sheet(&book, "研修");
    assert_eq!(row_starting(&trainings, "研修会の回数")[4], "2");
    assert_eq!(row_starting(&trainings, "延べ参加者数")[4], "4");
    assert_eq!(
        row_starting(
            &trainings,
            "コーディネーター研修会を受講したコーディネーター"
        )[4],
        "3"
    );
}

#[test]
fn the_previous_years_year_end_folder_gives_every_figure_its_previous_year() {
    let tmp = temp();
    two_year_office(&tmp.path().join("office"));
    for (fy, out) in [("R6", "out/R6/年度末"), ("R7", "out/R7/年度末")] {
        let (code, _, err) = kyodo(
            &["year-end", "office", "--fy", fy, "--out", out, "--quiet"],
            tmp.path(),
        );
        assert!(code == 0 || code == 1, "{fy}: exit {code}: {err}");
    }
    // summary.json beside the workbook holds the figures the next year compares with.
    let r6 = summary(&tmp.path().join("out/R6/年度末"));
    assert_eq!(r6["fiscal_year"], 2024);
    assert_eq!(r6["year_end"]["sessions"], 1);
    let book = tmp.path().join("out/R7/年度末/年度末報告.xlsx");

    let cmp = sheet(&book, "前年度比較");
    // 中学校区, 区分, 配当額 (前年度, 今年度, 増減), 支出計 (…), 執行率 (前年度, 今年度).
    let koyo = row_starting(&cmp, "光陽");
    assert_eq!(&koyo[5..8], ["8000", "4000", "-4000"], "{koyo:?}");
    assert_eq!(&koyo[2..4], ["20000", "20000"], "{koyo:?}");
    let total = row_starting(&cmp, "合計");
    assert_eq!(&total[5..7], ["8000", "11050"], "{total:?}");

    let trainings = sheet(&book, "研修");
    let sessions = row_starting(&trainings, "研修会の回数");
    assert_eq!(&sessions[4..6], ["2", "1"], "{sessions:?}");
    let survey = sheet(&book, "実施状況調査");
    let honbu = row_starting(
        &survey,
        "地域学校協働本部の機能を持つ中学校区（モデル地域＋伴走支援地域）",
    );
    assert_eq!(&honbu[1..3], ["3", "2"], "{honbu:?}");

    // Without that folder beside it, no 前年度 is shown.
    let (_, _, err) = kyodo(
        &["year-end", "office", "--fy", "R7", "--out", "ye", "--quiet"],
        tmp.path(),
    );
    let alone = tmp.path().join("ye/年度末報告.xlsx");
    let names: Vec<String> = crate::e2e::util::sheets(&alone)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(!names.iter().any(|n| n == "前年度比較"), "{names:?} {err}");
}

/// year-end written into the monthly run's folder replaces its own pair (年度末報告.xlsx and
/// summary.json) and nothing else: the monthly workbooks and the clerk's own file stay.
#[test]
fn year_end_into_the_monthly_folder_keeps_the_monthly_reports() {
    let tmp = temp();
    two_year_office(&tmp.path().join("office"));
    let (code, _, err) = kyodo(
        &[
            "run",
            "office",
            "--fy",
            "R7",
            "--as-of",
            "2026-03-31",
            "--out",
            "out",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let out = tmp.path().join("out");
    std::fs::write(out.join("メモ.txt"), "係内メモ").unwrap();
    let monthly: Vec<_> = ["予算配当表.xlsx", "チェック結果.xlsx", "研修出席状況.xlsx"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(out.join(f)).unwrap()))
        .collect();
    let districts = std::fs::read_dir(out.join("地区別")).unwrap().count();
    assert!(districts > 0);
    let (code, _, err) = kyodo(
        &[
            "year-end", "office", "--fy", "R7", "--out", "out", "--quiet",
        ],
        tmp.path(),
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(out.join("年度末報告.xlsx").is_file());
    for (f, bytes) in &monthly {
        assert_eq!(&std::fs::read(out.join(f)).unwrap(), bytes, "{f}");
    }
    assert_eq!(
        std::fs::read_dir(out.join("地区別")).unwrap().count(),
        districts
    );
    assert_eq!(
        std::fs::read_to_string(out.join("メモ.txt")).unwrap(),
        "係内メモ"
    );
}
