//! Text from the inputs is written as text, never as a formula or a link; the only links are
//! relative paths to the input files.

use super::{output_cells, unescape, xml_parts};
use crate::support::*;
use std::path::Path;

const EVIL: &[&str] = &[
    "=HYPERLINK(\"http://evil.example/\",\"x\")",
    "=1+1",
    "@SUM(A1)",
    "+SUM(A1:A2)",
    "-2+3",
    "http://example.com",
];

/// An office whose cells carry formulas and URLs as text, in files named with `#`, `%`, a
/// space and a leading `=`.
fn evil_office(dir: &Path) {
    write_book(
        &dir.join("=1+1 名簿.xlsx"),
        &[
            (
                "中学校区一覧",
                vec![
                    vec!["中学校区", "区分", "モデル期間"],
                    vec!["光陽", "モデル地域", "R7~8"],
                ],
            ),
            (
                "コーディネーター名簿",
                vec![
                    vec!["氏名", "中学校区", "区分", "所属・役職"],
                    vec!["光陽 職員一", "光陽", "社会教育課職員", "=1+1"],
                    vec!["光陽 職員二", "光陽", "社会教育課職員", "@SUM(A1)"],
                    vec![EVIL[0], "光陽", "地域の方", "http://example.com"],
                    // An unknown district: CO001 quotes it.
                    vec!["光陽 住民", "+SUM(A1:A2)", "地域の方", ""],
                ],
            ),
        ],
    );
    write_book(
        &dir.join("支出簿#2 100%.xlsx"),
        &[(
            "支出簿",
            vec![
                vec!["支出日", "中学校区", "費目", "金額"],
                vec!["2025-06-20", "光陽", "-2+3", "1000"],
                vec!["2025-06-21", "光陽", "講師謝金", "=1+1"],
            ],
        )],
    );
    write_book(
        &dir.join("研修 %41.xlsx"),
        &[(
            "研修会一覧",
            vec![
                vec!["研修名", "開催日", "種別", "会場"],
                vec![
                    "=HYPERLINK(\"http://evil.example/\",\"x\")",
                    "2025-06-14",
                    "コーディネーター研修会",
                    "http://example.com",
                ],
            ],
        )],
    );
}

/// (sheet part, formula texts) and (rels part, (target, mode)) of a workbook.
fn formulas_and_links(book: &Path) -> (Vec<String>, Vec<(String, String)>) {
    let mut formulas = Vec::new();
    let mut links = Vec::new();
    for (part, xml) in xml_parts(book) {
        let mut rest = xml.as_str();
        while let Some(i) = rest.find("<f") {
            let after = &rest[i + 2..];
            // <f>…</f> or <f attr…>…</f>; <f/> holds nothing.
            if after.starts_with('>') || after.starts_with(' ') {
                let open_end = after.find('>').unwrap_or(0);
                if !after[..open_end].ends_with('/') {
                    let body = &after[open_end + 1..];
                    let end = body.find("</f>").unwrap_or(body.len());
                    formulas.push(unescape(&body[..end]));
                }
            }
            rest = after;
        }
        if part.ends_with(".rels") {
            for rel in xml.split("<Relationship ").skip(1) {
                if !rel.contains("relationships/hyperlink") {
                    continue;
                }
                let attr = |name: &str| {
                    rel.split(&format!("{name}=\""))
                        .nth(1)
                        .and_then(|s| s.split('"').next())
                        .map(unescape)
                        .unwrap_or_default()
                };
                links.push((attr("Target"), attr("TargetMode")));
            }
        }
    }
    (formulas, links)
}

/// A link target with its %XX escapes undone (UTF-8).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8 target")
}

#[test]
fn input_text_is_never_a_formula_or_a_link() {
    let tmp = temp();
    let office = tmp.path().join("office");
    evil_office(&office);
    let (code, _, err) = run_office(tmp.path(), "R7", "2025-11-30", "out", &[]);
    assert_eq!(code, 1, "{err}");
    let out = tmp.path().join("out");
    let mut link_count = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let book = entry.unwrap().path();
        if book.extension().is_none_or(|e| e != "xlsx") {
            continue;
        }
        let (formulas, links) = formulas_and_links(&book);
        for f in &formulas {
            for e in EVIL {
                let bare = e.trim_start_matches(['=', '@', '+', '-']);
                assert!(
                    !f.contains(bare) && !f.contains("HYPERLINK") && !f.contains("http"),
                    "{}: formula 「{f}」 holds input text",
                    book.display()
                );
            }
            // kyodo's own words in a formula: 集計 counts 対応済 on the findings sheet.
            let own = f.replace("'チェック結果'!", "").replace("\"対応済\"", "");
            assert!(
                own.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "=():,.\"/-+*$!○－".contains(c)),
                "{}: formula 「{f}」 is not one of kyodo's own",
                book.display()
            );
        }
        for (target, mode) in &links {
            assert_eq!(mode, "External", "{target}");
            assert!(!target.contains(':'), "{target} has a scheme or drive");
            assert!(target.starts_with("../"), "{target} is not relative");
            let file = out.join(percent_decode(target));
            assert!(file.is_file(), "{target} is not an input file");
            assert!(
                file.canonicalize()
                    .unwrap()
                    .starts_with(office.canonicalize().unwrap()),
                "{target} leads outside the inputs"
            );
            link_count += 1;
        }
    }
    // The roster has links (it is safely named); the files named with # and %XX have none.
    assert!(link_count > 0, "no link written at all");
    let cells = output_cells(&out);
    for e in EVIL {
        assert!(
            cells.iter().any(|(_, t)| t.contains(e)),
            "「{e}」 is not shown as text anywhere"
        );
    }
    let (_, links) = formulas_and_links(&out.join("チェック結果.xlsx"));
    assert!(
        links
            .iter()
            .all(|(t, _)| !t.contains("%25") && !t.contains("%23")),
        "{links:?}"
    );
    assert!(
        links
            .iter()
            .any(|(t, _)| percent_decode(t).ends_with("=1+1 名簿.xlsx")),
        "{links:?}"
    );
    // The file with # in its name is listed as text in the inventory.
    let inventory = sheet(&out.join("チェック結果.xlsx"), "入力ファイル一覧");
    let files: Vec<String> = inventory
        .rows()
        .filter_map(|r| r.first().map(text))
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("支出簿#2 100%.xlsx")),
        "the # file is not listed: {files:?}"
    );
}
