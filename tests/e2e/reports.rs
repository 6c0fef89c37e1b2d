//! The report workbooks, read back with calamine. Layouts are found by label (a district's
//! name, 合計, a finding id), not by fixed coordinates; only figures are pinned.

use super::expected::{DISTRICTS, SEEDED, SESSIONS, SPENT_BY_CATEGORY};
use super::util::{dump_book, row_has_number, rows_with, run_samples, sheets, text};
use calamine::Data;

#[test]
fn budget_report_has_a_row_per_district_with_its_allocation_and_spending() {
    let run = run_samples(&[]);
    let book = run.report("予算配当表.xlsx");
    for (name, status, allocation, spent) in DISTRICTS {
        if *status == "none" && *spent == 0 {
            continue;
        }
        let rows = rows_with(&book, &[name]);
        let ok = rows.iter().any(|(_, _, cells)| {
            row_has_number(cells, *allocation as f64) && row_has_number(cells, *spent as f64)
        });
        assert!(
            ok,
            "no row for {name} with 配当額 {allocation} and spent {spent}\n{}",
            dump_book(&book)
        );
    }
}

#[test]
fn budget_report_breaks_spending_down_by_category() {
    let run = run_samples(&[]);
    let book = run.report("予算配当表.xlsx");
    for (name, category, yen) in SPENT_BY_CATEGORY {
        // The category heads a column; the district's row holds the figure.
        let heads = rows_with(&book, &[category]);
        assert!(
            !heads.is_empty(),
            "no column 「{category}」\n{}",
            dump_book(&book)
        );
        let rows = rows_with(&book, &[name]);
        assert!(
            rows.iter().any(|(_, _, c)| row_has_number(c, *yen as f64)),
            "{name} {category} {yen}\n{}",
            dump_book(&book)
        );
    }
}

#[test]
fn budget_report_totals_180000_with_the_planned_district() {
    let run = run_samples(&[]);
    let book = run.report("予算配当表.xlsx");
    let planned = rows_with(&book, &["~追加予定"]);
    assert!(
        planned.iter().any(|(_, _, c)| row_has_number(c, 20000.0)),
        "no planned line of 20,000\n{}",
        dump_book(&book)
    );
    // Totals are live formulas whose cached result calamine reads back.
    let totals = rows_with(&book, &["~合計"]);
    assert!(
        totals.iter().any(|(_, _, c)| row_has_number(c, 180000.0)),
        "no total of 180,000\n{}",
        dump_book(&book)
    );
    let allocated_spent = 84750.0;
    assert!(
        totals
            .iter()
            .any(|(_, _, c)| row_has_number(c, allocated_spent) || row_has_number(c, 86750.0)),
        "no spending total (84,750 allocated districts, 86,750 with 北星)\n{}",
        dump_book(&book)
    );
}

#[test]
fn training_report_counts_sessions_and_shows_compliance() {
    let run = run_samples(&[]);
    let book = run.report("研修出席状況.xlsx");
    for (date, name, _, attendees) in SESSIONS {
        let rows = rows_with(&book, &[name]);
        // A session after 基準日 is 予定, its attendance not counted (blank, not 0).
        let planned = *date > "2025-11-30";
        assert!(
            rows.iter().any(|(_, _, c)| if planned {
                c.iter().any(|d| text(d) == "予定")
            } else {
                row_has_number(c, *attendees as f64)
            }),
            "{name}: {attendees}\n{}",
            dump_book(&book)
        );
    }
    // The one coordinator without a session: still to attend (要受講), not yet missed.
    let rows = rows_with(&book, &["長谷川 剛"]);
    assert!(
        rows.iter()
            .any(|(_, _, c)| c.iter().any(|d| text(d) == "要受講")),
        "長谷川 剛 not 要受講\n{}",
        dump_book(&book)
    );
    let rows = rows_with(&book, &["佐藤 健太"]);
    assert!(
        rows.iter()
            .any(|(_, _, c)| c.iter().any(|d| text(d) == "済")),
        "佐藤 健太 not 済\n{}",
        dump_book(&book)
    );
}

#[test]
fn district_report_shows_the_seed_tables() {
    let run = run_samples(&[]);
    let book = run.report("地域・コーディネーター一覧.xlsx");
    for (name, period) in [
        ("光陽", "R6~7"),
        ("永山", "R6~7"),
        ("西神楽", "R6~7"),
        ("東陽", "R7~8"),
        ("神居東", "R7~8"),
        ("旭川", "R3~6"),
        ("神楽", "R3~6"),
        ("春光台", "R3~6"),
    ] {
        assert!(
            !rows_with(&book, &[name, period]).is_empty(),
            "{name} {period}\n{}",
            dump_book(&book)
        );
    }
    for affiliation in ["公民館（指定管理）館長", "PTA役員", "包括支援センター職員"]
    {
        assert!(
            !rows_with(&book, &[&format!("~{affiliation}")]).is_empty(),
            "{affiliation}\n{}",
            dump_book(&book)
        );
    }
}

#[test]
fn check_report_lists_every_seeded_finding_with_its_cell() {
    let run = run_samples(&[]);
    let book = run.report("チェック結果.xlsx");
    let mut missing = Vec::new();
    for (id, file, sheet, cell) in SEEDED {
        let name = file.trim_start_matches("samples/");
        let rows = rows_with(&book, &[id, &format!("~{name}")]);
        let found = rows.iter().any(|(_, _, cells)| {
            cells.iter().any(|d| {
                let t = text(d);
                t == *cell
                    || t.ends_with(&format!("!{cell}"))
                    || t.contains(&format!("{sheet}!{cell}"))
            })
        });
        if !found {
            missing.push(format!("{id} {file}:{sheet}!{cell}"));
        }
    }
    assert!(
        missing.is_empty(),
        "missing:\n{}\n{}",
        missing.join("\n"),
        dump_book(&book)
    );
    let waived = rows_with(&book, &["DS002", "~承認済"]);
    assert_eq!(waived.len(), 3, "{}", dump_book(&book));
}

#[test]
fn check_report_inventory_names_every_input_with_its_sha256() {
    let run = run_samples(&[]);
    let book = run.report("チェック結果.xlsx");
    for name in super::util::SAMPLE_BOOKS {
        let rows = rows_with(&book, &[&format!("~{name}")]);
        let with_hash = rows.iter().any(|(_, _, cells)| {
            cells.iter().any(|d| {
                let t = text(d);
                t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit())
            })
        });
        assert!(with_hash, "{name} without SHA-256\n{}", dump_book(&book));
    }
}

#[test]
fn report_workbooks_open_and_hold_no_error_cells() {
    let run = run_samples(&[]);
    for r in [
        "予算配当表.xlsx",
        "研修出席状況.xlsx",
        "地域・コーディネーター一覧.xlsx",
        "チェック結果.xlsx",
    ] {
        let book = run.report(r);
        let all = sheets(&book);
        assert!(!all.is_empty(), "{r} has no sheet");
        for (name, range) in all {
            for row in range.rows() {
                for d in row {
                    assert!(!matches!(d, Data::Error(_)), "{r}:{name} has an error cell");
                }
            }
        }
    }
}

#[test]
fn budget_report_figures_sit_under_their_headings() {
    let run = run_samples(&[]);
    let book = run.report("予算配当表.xlsx");
    let at = |row: &str, col: &str| {
        super::util::value_at(&book, row, col)
            .and_then(|d| super::util::number(&d))
            .unwrap_or_else(|| panic!("no figure at ({row}, {col})\n{}", dump_book(&book)))
    };
    assert_eq!(at("光陽", "配当額"), 20000.0);
    assert_eq!(at("光陽", "消耗品費"), 2450.0);
    assert_eq!(at("永山", "講師謝金"), 10000.0);
    // 飲食費 is not an allowed 費目: its heading says so.
    assert_eq!(at("東陽", "飲食費\n（対象外）"), 3000.0);
    assert_eq!(at("旭川", "通信運搬費"), 550.0);
    assert_eq!(at("合計", "配当額"), 180000.0);
}

#[test]
fn training_report_counts_a_sessions_attendees_by_district() {
    let run = run_samples(&[]);
    let book = run.report("研修出席状況.xlsx");
    let at = |row: &str, col: &str| {
        super::util::value_at(&book, row, col)
            .and_then(|d| super::util::number(&d))
            .unwrap_or_else(|| panic!("no figure at ({row}, {col})\n{}", dump_book(&book)))
    };
    // 6/14: 23 attendees, as the matrix sheet of samples/研修会一覧.xlsx marks them; districts
    // are rows, sessions columns.
    let s = "6月14日\n第1回コーディネーター研修会";
    for (district, n) in [
        ("光陽", 4.0),
        ("永山", 2.0),
        ("西神楽", 2.0),
        ("東陽", 3.0),
        ("神居東", 3.0),
        ("旭川", 5.0),
        ("神楽", 1.0),
        ("春光台", 1.0),
    ] {
        assert_eq!(at(district, s), n, "{s} {district}");
    }
}

#[test]
fn public_sheets_hold_no_name_or_contact_from_the_rosters() {
    let run = run_samples(&[]);
    // Every name and contact the rosters hold, read from the sample workbook itself.
    let roster = super::util::root().join("samples/コーディネーター名簿.xlsx");
    let mut private: Vec<String> = Vec::new();
    for (_, range) in sheets(&roster) {
        let rows = super::util::rows(&range);
        let Some(head) = rows
            .iter()
            .find(|(_, cells)| cells.iter().any(|c| text(c) == "氏名"))
        else {
            continue;
        };
        let cols: Vec<usize> = head
            .1
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(text(c).as_str(), "氏名" | "連絡先"))
            .map(|(i, _)| i)
            .collect();
        for (r, cells) in &rows {
            if *r <= head.0 {
                continue;
            }
            for &c in &cols {
                let v = cells.get(c).map(text).unwrap_or_default();
                if v.trim().chars().count() >= 2 {
                    private.push(v.trim().to_string());
                }
            }
        }
    }
    assert!(private.len() > 40, "names and contacts read: {private:?}");
    let book = run.report("地域・コーディネーター一覧.xlsx");
    for (sheet, range) in sheets(&book) {
        if sheet.contains("内部用") {
            continue;
        }
        for (_, _, d) in range.used_cells() {
            let t = text(d);
            for p in &private {
                assert!(!t.contains(p.as_str()), "{sheet} shows 「{p}」 in 「{t}」");
            }
        }
    }
}

#[test]
fn budget_totals_carry_the_figures_of_summary_json() {
    let run = run_samples(&[]);
    let s = run.summary();
    let book = run.report("予算配当表.xlsx");
    // Per district: the 支出計 and 残額 formulas' cached results are summary.json's figures.
    for d in super::util::array(&s, "districts") {
        if d["allocation"].as_i64() == Some(0) {
            continue;
        }
        let name = d["name"].as_str().unwrap();
        let spent =
            super::util::value_at(&book, name, "支出計").and_then(|v| super::util::number(&v));
        assert_eq!(spent, d["spent"].as_f64(), "{name} 支出計");
        let remaining =
            super::util::value_at(&book, name, "残額").and_then(|v| super::util::number(&v));
        assert_eq!(remaining, d["remaining"].as_f64(), "{name} 残額");
    }
    let total =
        super::util::value_at(&book, "合計", "配当額").and_then(|v| super::util::number(&v));
    assert_eq!(total, s["budget"]["total"].as_f64());
    let spent_all: i64 = super::util::array(&s, "districts")
        .iter()
        .map(|d| d["spent"].as_i64().unwrap())
        .sum();
    let total_spent =
        super::util::value_at(&book, "合計", "支出計").and_then(|v| super::util::number(&v));
    assert_eq!(total_spent, Some(spent_all as f64), "{}", dump_book(&book));
}
