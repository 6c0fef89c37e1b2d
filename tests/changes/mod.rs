//! Month over month: findings marked 新規 / 継続 / 解消 against the previous run, roster
//! changes and spending since then.

use crate::support::*;
use std::path::Path;

/// The office as it stands at a month's end; `month` 10 or 11 changes what the clerk fixed,
/// `insert_at_top` puts a new supporter at the top of the roster.
fn office(dir: &Path, month: u32, insert_at_top: bool) {
    let mut coordinators = vec![
        vec!["氏名", "中学校区", "区分"],
        vec!["光陽 職員一", "光陽", "社会教育課職員"],
        vec!["光陽 職員二", "光陽", "社会教育課職員"],
        vec!["光陽 住民", "光陽", "地域の方"],
        // 東陽 has no resident coordinator: DS004 both months.
        vec!["東陽 職員一", "東陽", "社会教育課職員"],
        vec!["東陽 職員二", "東陽", "社会教育課職員"],
    ];
    if month == 11 {
        // New in November, and in a district not on the list: CO001 新規.
        coordinators.push(vec!["西光 新人", "西光", "地域の方"]);
    }
    let mut supporters = vec![
        vec!["氏名", "中学校区", "ボランティア保険", "保険加入日"],
        vec!["見守 一郎", "光陽", "加入", "2025-04-05"],
        // Not insured: SU001 both months.
        vec!["見守 二郎", "光陽", "未加入", ""],
    ];
    if insert_at_top {
        supporters.insert(1, vec!["新規 三郎", "光陽", "加入", "2025-04-05"]);
    }
    let mut expenses = vec![
        vec!["支出日", "中学校区", "費目", "金額"],
        vec!["2025-05-10", "光陽", "講師謝金", "5000"],
        // 飲食費 is not allowed (BU004) in October; fixed to 消耗品費 in November.
        vec![
            "2025-06-10",
            "光陽",
            if month == 10 {
                "飲食費"
            } else {
                "消耗品費"
            },
            "2000",
        ],
    ];
    if month == 11 {
        expenses.push(vec!["2025-11-10", "光陽", "印刷製本費", "1000"]);
    }
    write_book(
        &dir.join("名簿.xlsx"),
        &[
            (
                "中学校区一覧",
                vec![
                    vec!["中学校区", "区分", "モデル期間"],
                    vec!["光陽", "モデル地域", "R6~7"],
                    vec!["東陽", "モデル地域", "R7~8"],
                ],
            ),
            ("コーディネーター名簿", coordinators),
            ("サポーター名簿", supporters),
        ],
    );
    write_book(&dir.join("支出簿.xlsx"), &[("支出簿", expenses)]);
    write_book(
        &dir.join("活動記録.xlsx"),
        &[(
            "活動記録",
            vec![
                vec!["実施日", "中学校区", "活動名", "参加サポーター"],
                vec!["2025-07-01", "光陽", "登下校見守り", "見守 一郎、見守 二郎"],
            ],
        )],
    );
    write_book(
        &dir.join("研修.xlsx"),
        &[(
            "研修会一覧",
            vec![
                vec!["研修名", "開催日", "種別"],
                vec![
                    "第1回コーディネーター研修会",
                    "2026-02-14",
                    "コーディネーター研修会",
                ],
            ],
        )],
    );
}

fn change_of<'a>(s: &'a serde_json::Value, id: &str) -> Vec<&'a str> {
    s["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["id"] == id)
        .map(|f| f["change"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn findings_are_marked_new_continuing_and_resolved() {
    let tmp = temp();
    let dir = tmp.path().join("office");
    office(&dir, 10, false);
    let (code, _, err) = run_office(tmp.path(), "R7", "2025-10-31", "out/R7/2025-10-31", &[]);
    assert_eq!(code, 1, "{err}");
    let first = summary(&tmp.path().join("out/R7/2025-10-31"));
    assert!(first["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "BU004"));

    office(&dir, 11, false);
    // No --previous: the newest earlier run beside the out folder is found by itself.
    let (code, _, err) = run_office(tmp.path(), "R7", "2025-11-30", "out/R7/2025-11-30", &[]);
    assert_eq!(code, 1, "{err}");
    let s = summary(&tmp.path().join("out/R7/2025-11-30"));
    assert_eq!(change_of(&s, "DS004"), vec!["継続"]);
    assert_eq!(change_of(&s, "SU001"), vec!["継続"]);
    assert_eq!(change_of(&s, "CO001"), vec!["新規"]);
    assert!(change_of(&s, "BU004").is_empty());
    let c = &s["changes"];
    assert_eq!(c["previous_as_of"], "2025-10-31");
    let resolved: Vec<&str> = c["resolved"]
        .as_array()
        .expect("resolved")
        .iter()
        .map(|f| f["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(resolved, vec!["BU004"]);
    assert_eq!(c["coordinators_added"][0]["name"], "西光 新人");
    assert_eq!(c["coordinators_gone"].as_array().map(Vec::len), Some(0));
    let koyo = c["spending"]
        .as_array()
        .expect("spending")
        .iter()
        .find(|d| d["district"] == "光陽")
        .expect("光陽 spending");
    assert_eq!(koyo["previous"], 7000);
    assert_eq!(koyo["now"], 8000);
    assert_eq!(koyo["since"], 1000);

    // The sheet of チェック結果.xlsx shows the same marks.
    let book = tmp.path().join("out/R7/2025-11-30/チェック結果.xlsx");
    let range = sheet(&book, "前回との比較");
    let all: Vec<String> = range.cells().map(|(_, _, d)| text(d)).collect();
    assert!(all.iter().any(|t| t == "解消"), "{all:?}");
    assert!(all.iter().any(|t| t == "西光 新人"), "{all:?}");
}

#[test]
fn inserting_a_roster_row_makes_no_finding_new() {
    let tmp = temp();
    let dir = tmp.path().join("office");
    office(&dir, 10, false);
    let (_, _, err) = run_office(tmp.path(), "R7", "2025-10-31", "out/a", &[]);
    assert!(tmp.path().join("out/a/summary.json").is_file(), "{err}");
    office(&dir, 10, true);
    let (_, _, err) = run_office(
        tmp.path(),
        "R7",
        "2025-11-30",
        "out/b",
        &["--previous", "out/a"],
    );
    let s = summary(&tmp.path().join("out/b"));
    let findings = s["findings"].as_array().expect("findings");
    assert!(!findings.is_empty(), "{err}");
    for f in findings {
        assert_eq!(f["change"], "継続", "{f}");
    }
    // summary.json lists supporters by id, never by name; the sheet names the one added.
    let added = &s["changes"]["supporters_added"][0];
    assert_eq!(added["district"], "光陽");
    assert!(
        added["id"].as_str().is_some_and(|i| i.len() == 16),
        "{added}"
    );
    assert!(added.get("name").is_none(), "{added}");
    let book = tmp.path().join("out/b/チェック結果.xlsx");
    let range = sheet(&book, "前回との比較");
    assert_eq!(value_at(&range, "追加", "氏名"), "新規 三郎");
}

#[test]
fn summary_json_keeps_no_supporter_name_and_the_gone_are_told_by_district() {
    let tmp = temp();
    let dir = tmp.path().join("office");
    office(&dir, 10, true);
    let (_, _, err) = run_office(tmp.path(), "R7", "2025-10-31", "out/a", &[]);
    let first = std::fs::read_to_string(tmp.path().join("out/a/summary.json")).expect(&err);
    let v: serde_json::Value = serde_json::from_str(&first).expect("json");
    // Findings name the supporter they are about (the clerk fixes that row); the list of
    // supporters does not.
    let supporters = v["supporters"].to_string();
    for name in ["見守", "新規", "一郎", "二郎", "三郎"] {
        assert!(
            !supporters.contains(name),
            "supporters name {name}: {supporters}"
        );
    }
    let listed: Vec<String> = v["supporters"]
        .as_array()
        .expect("supporters")
        .iter()
        .map(|p| p["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(listed.len(), 3, "{listed:?}");
    // 新規 三郎 leaves: the next run knows the district and that someone left, not the name.
    office(&dir, 10, false);
    run_office(
        tmp.path(),
        "R7",
        "2025-11-30",
        "out/b",
        &["--previous", "out/a"],
    );
    let s = summary(&tmp.path().join("out/b"));
    let gone = s["changes"]["supporters_gone"].as_array().expect("gone");
    assert_eq!(gone.len(), 1, "{gone:?}");
    assert_eq!(gone[0]["district"], "光陽");
    assert!(listed.contains(&gone[0]["id"].as_str().unwrap_or_default().to_string()));
    let range = sheet(&tmp.path().join("out/b/チェック結果.xlsx"), "前回との比較");
    let row = row_starting(&range, "削除");
    assert_eq!(row[1], "（氏名は前回の名簿を参照）");
    assert_eq!(row[2], "光陽");
}

/// Writes `cells` (A1 reference → what the clerk types) into the findings sheet of a
/// チェック結果.xlsx as Excel saves a typed cell: the cell keeps its format (so a number in
/// 対応日 is a date), text inline. Every other part of the workbook is copied as it was.
fn type_into_findings(book: &Path, cells: &[(String, &str)]) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).expect("book")).expect("zip");
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read part");
        parts.push((f.name().expect("name").to_string(), bytes));
    }
    drop(zip);
    // 集計 is the first sheet, チェック結果 the second.
    let (_, xml) = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet2.xml")
        .expect("findings sheet");
    let mut text = String::from_utf8(xml.clone()).expect("utf-8");
    for (at, value) in cells {
        let open = format!("<c r=\"{at}\" ");
        let start = text.find(&open).unwrap_or_else(|| panic!("no cell {at}"));
        let rest = &text[start..];
        let end = start
            + match (rest.find("/>"), rest.find("</c>")) {
                (Some(a), Some(b)) if b < a => b + 4,
                (Some(a), _) => a + 2,
                (None, Some(b)) => b + 4,
                (None, None) => panic!("cell {at} not closed"),
            };
        let style = text[start..end]
            .split("s=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("0")
            .to_string();
        let cell = match value.parse::<f64>() {
            // Emptied, as the clerk clears a cell.
            _ if value.is_empty() => format!("<c r=\"{at}\" s=\"{style}\"/>"),
            Ok(n) => format!("<c r=\"{at}\" s=\"{style}\"><v>{n}</v></c>"),
            Err(_) => {
                format!("<c r=\"{at}\" s=\"{style}\" t=\"inlineStr\"><is><t>{value}</t></is></c>")
            }
        };
        text.replace_range(start..end, &cell);
    }
    *xml = text.into_bytes();
    let mut w = zip::ZipWriter::new(std::fs::File::create(book).expect("rewrite"));
    for (name, bytes) in parts {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start part");
        w.write_all(&bytes).expect("write part");
    }
    w.finish().expect("zip");
}

/// Excel row (1-based) and the columns of a findings sheet, by header.
fn findings_layout(range: &calamine::Range<calamine::Data>) -> (usize, Vec<String>) {
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let h = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("重要度"))
        .expect("findings header");
    (h, rows[h].clone())
}

fn column_letter(i: usize) -> char {
    (b'A' + i as u8) as char
}

#[test]
fn what_the_clerk_writes_beside_a_finding_is_carried_to_the_next_month() {
    let tmp = temp();
    let dir = tmp.path().join("office");
    office(&dir, 10, false);
    let (_, _, err) = run_office(tmp.path(), "R7", "2025-10-31", "out/R7/2025-10-31", &[]);
    let book = tmp.path().join("out/R7/2025-10-31/チェック結果.xlsx");
    let range = sheet(&book, "チェック結果");
    let (h, heads) = findings_layout(&range);
    let col = |name: &str| heads.iter().position(|x| x == name).expect(name);
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let row_of = |id: &str| {
        rows.iter()
            .enumerate()
            .skip(h + 1)
            .find(|(_, r)| r[col("ID")] == id)
            .map(|(i, _)| i + 1)
            .unwrap_or_else(|| panic!("no {id} row: {err}"))
    };
    // DS004 and SU001 continue in November; BU004 (飲食費) is fixed by then.
    let ds004 = row_of("DS004");
    let su001 = row_of("SU001");
    let bu004 = row_of("BU004");
    let at = |name: &str, row: usize| format!("{}{row}", column_letter(col(name)));
    type_into_findings(
        &book,
        &[
            (at("対応状況", ds004), "対応中"),
            (at("担当", ds004), "佐藤"),
            // 2025-11-05 as Excel stores a date typed into the date-formatted cell.
            (at("対応日", ds004), "45966"),
            (at("メモ", ds004), "東陽の住民コーディネーターを推薦依頼中"),
            (at("対応状況", su001), "対応済"),
            // A row whose 照合キー is gone is still known by what it shows.
            (at("照合キー", su001), ""),
            (at("対応状況", bu004), "対応済"),
        ],
    );

    office(&dir, 11, false);
    let (code, _, err) = run_office(tmp.path(), "R7", "2025-11-30", "out/R7/2025-11-30", &[]);
    assert_eq!(code, 1, "{err}");
    let book = tmp.path().join("out/R7/2025-11-30/チェック結果.xlsx");
    let range = sheet(&book, "チェック結果");
    let (h, heads) = findings_layout(&range);
    let col = |name: &str| heads.iter().position(|x| x == name).expect(name);
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let found = |id: &str| {
        rows.iter()
            .skip(h + 1)
            .find(|r| r[col("ID")] == id)
            .unwrap_or_else(|| panic!("no {id} row"))
            .clone()
    };
    let ds004 = found("DS004");
    assert_eq!(ds004[col("前回比")], "継続");
    assert_eq!(ds004[col("対応状況")], "対応中");
    assert_eq!(ds004[col("担当")], "佐藤");
    assert_eq!(ds004[col("メモ")], "東陽の住民コーディネーターを推薦依頼中");
    // Still a date cell: calamine reads it as a date, not as text.
    let r0 = range.start().expect("start").0 as usize;
    let date_row = rows
        .iter()
        .position(|r| r.get(col("ID")).map(String::as_str) == Some("DS004"))
        .expect("DS004");
    let cell = range
        .get_value(((r0 + date_row) as u32, col("対応日") as u32))
        .expect("対応日 cell");
    assert!(
        matches!(cell, calamine::Data::DateTime(d) if d.as_datetime().map(|t| t.date().to_string()) == Some("2025-11-05".into())),
        "{cell:?}"
    );
    // A new finding starts blank; the fixed one is gone with its note.
    let co001 = found("CO001");
    assert_eq!(co001[col("前回比")], "新規");
    assert!(co001[col("対応状況")].is_empty(), "{co001:?}");
    assert!(!rows.iter().any(|r| r[col("ID")] == "BU004"));
    assert_eq!(found("SU001")[col("対応状況")], "対応済");
    // 集計 counts what is marked 対応済, by id (a live COUNTIFS over the findings sheet).
    let summary_sheet = sheet(&book, "集計");
    let all: Vec<String> = summary_sheet.cells().map(|(_, _, d)| text(d)).collect();
    assert!(
        all.iter().any(|t| t.contains("2件 引き継ぎました")),
        "{all:?}"
    );
    assert_eq!(value_at(&summary_sheet, "SU001", "対応済"), "1");
    assert_eq!(value_at(&summary_sheet, "DS004", "対応済"), "0");
    assert_eq!(value_at(&summary_sheet, "合計", "対応済"), "1");
}
