//! Personal data in every output: contacts never, names only where needed or as pseudonyms
//! under --redact; and input text never written as a formula or a link.
//!
//! Outputs are read twice over: every XML part of every written workbook (so that nothing
//! hides in a comment, a defined name or a relationship) and every cell through calamine.

mod links;
mod redact;
mod shapes;

use crate::support::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Every text an output folder holds, as (where, text): each XML part of each workbook
/// (entities undone) and each JSON file, in the folder and below it (地区別/).
pub fn output_texts(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for path in output_files(out) {
        let name = path
            .strip_prefix(out)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".xlsx") {
            for (part, text) in xml_parts(&path) {
                v.push((format!("{name}/{part}"), unescape(&text)));
            }
        } else {
            let text = std::fs::read_to_string(&path).expect("text output");
            v.push((name, text));
        }
    }
    assert!(!v.is_empty(), "nothing in {}", out.display());
    v
}

/// Every file in `out` and its sub-folders, sorted.
pub fn output_files(out: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for entry in std::fs::read_dir(out).expect("out folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            v.extend(output_files(&path));
        } else {
            v.push(path);
        }
    }
    v.sort();
    v
}

/// The parts of an xlsx (a zip of XML files) as text.
pub fn xml_parts(path: &Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).expect("xlsx");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("part");
            let mut s = String::new();
            f.read_to_string(&mut s).expect("utf-8 part");
            (f.name().expect("part name").to_string(), s)
        })
        .collect()
}

pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every cell of every sheet of every workbook in `out` (and below), as (book!sheet, text).
pub fn output_cells(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for path in output_files(out) {
        if path.extension().is_some_and(|e| e == "xlsx") {
            let book = path
                .strip_prefix(out)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            for (sheet, range) in sheet_all(&path) {
                for (_, _, d) in range.used_cells() {
                    v.push((format!("{book}!{sheet}"), text(d)));
                }
            }
        }
    }
    v
}

fn sheet_all(path: &Path) -> Vec<(String, calamine::Range<calamine::Data>)> {
    crate::e2e::util::sheets(path)
}

/// Runs of digits (hyphens and brackets between them ignored), as a phone number would leave
/// them in a text.
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
        } else if !matches!(c, '-' | '(' | ')' | ' ' | 'ー' | '－' | '（' | '）') && !cur.is_empty()
        {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// The contacts the office below carries, in its rosters and typed where they do not belong.
const CONTACTS: &[&str] = &[
    "090-1111-0001",
    "kyodo.tanaka@example.jp",
    "0166-22-0003",
    "090-1111-0004",
    "090-1111-0005",
    "090-1111-0006",
    "mimamori@example.ne.jp",
    "0166-33-0007",
    "23-0008",
    "0166-44-0009",
    "090-1111-0010",
    "090-1111-0011",
    "0166-55-0012",
    "0166-55-0013",
    "090-1111-0014",
    "090-1111-0015",
    "090-1111-0016",
    "090-1111-0017",
    "090-1111-0018",
    "LINE:kyodo_tanaka_77",
];

/// An office whose rosters carry contacts, and contacts typed into a date column, a name
/// cell, a district cell, an activity, a 費目, a venue, an affiliation and a header.
fn office_with_contacts(dir: &Path) {
    write_book(
        &dir.join("名簿.xlsx"),
        &[
            (
                "中学校区一覧",
                vec![
                    vec!["中学校区", "区分", "モデル期間"],
                    vec!["光陽", "モデル地域", "R7~8"],
                    vec!["東陽 090-1111-0018", "モデル地域", "R7~8"],
                ],
            ),
            (
                "コーディネーター名簿",
                vec![
                    vec![
                        "氏名",
                        "中学校区",
                        "区分",
                        "所属・役職",
                        "着任日",
                        "連絡先",
                        "090-1111-0018",
                    ],
                    vec![
                        "光陽 職員一",
                        "光陽",
                        "社会教育課職員",
                        "",
                        "2025-04-01",
                        "090-1111-0001",
                    ],
                    vec![
                        "光陽 職員二",
                        "光陽",
                        "社会教育課職員",
                        "",
                        "2025-04-01",
                        "kyodo.tanaka@example.jp",
                    ],
                    vec![
                        "光陽 住民",
                        "光陽",
                        "地域の方",
                        "PTA 090-1111-0005",
                        "090-1111-0004",
                        "0166-22-0003 内線5、LINE:kyodo_tanaka_77",
                    ],
                    vec!["090-1111-0006", "光陽", "地域の方", "", "", ""],
                ],
            ),
            (
                "サポーター名簿",
                vec![
                    vec![
                        "氏名",
                        "中学校区",
                        "ボランティア保険",
                        "保険加入日",
                        "連絡先",
                    ],
                    vec![
                        "見守 一郎",
                        "光陽",
                        "加入",
                        "2025-04-05",
                        "mimamori@example.ne.jp",
                    ],
                    vec!["見守 二郎", "光陽", "加入", "0166-33-0007", "23-0008"],
                ],
            ),
            (
                "地域人材・資源リスト",
                vec![
                    vec![
                        "名称",
                        "できること",
                        "種別",
                        "対象中学校区",
                        "連絡先",
                        "登録日",
                    ],
                    vec![
                        "山田 花子",
                        "読み聞かせ（090-1111-0016）",
                        "個人",
                        "光陽",
                        "090-1111-0017",
                        "2020-04-01",
                    ],
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
                        "第1回コーディネーター研修会",
                        "2025-06-14",
                        "コーディネーター研修会",
                        "市民活動交流センター（0166-44-0009）",
                    ],
                ],
            ),
            (
                "出席簿",
                vec![
                    vec!["氏名", "開催日", "中学校区", "出欠"],
                    vec!["光陽 職員一", "2025-06-14", "090-1111-0010", "○"],
                ],
            ),
        ],
    );
    write_book(
        &dir.join("支出簿.xlsx"),
        &[(
            "支出簿",
            vec![
                vec!["支出日", "中学校区", "費目", "金額", "支払先"],
                vec!["090-1111-0011", "光陽", "講師謝金", "1000", ""],
                vec![
                    "2025-06-20",
                    "光陽",
                    "tel 0166-55-0012",
                    "2000",
                    "田中 0166-55-0013",
                ],
            ],
        )],
    );
    write_book(
        &dir.join("活動記録.xlsx"),
        &[(
            "活動記録",
            vec![
                vec!["実施日", "中学校区", "活動名", "参加サポーター"],
                vec![
                    "2025-07-01",
                    "光陽",
                    "登下校見守り（連絡 090-1111-0014）",
                    "見守 一郎、090-1111-0015",
                ],
            ],
        )],
    );
}

/// Asserts that no contact of [`CONTACTS`], whole or as its digits, is in `text`.
fn assert_no_contact(place: &str, text: &str) {
    let runs = digit_runs(text);
    for c in CONTACTS {
        assert!(!text.contains(c), "{place} holds 「{c}」");
        let digits: String = c.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 6 {
            assert!(
                !runs.iter().any(|r| r.contains(&digits)),
                "{place} holds the digits of 「{c}」"
            );
        }
    }
    for part in ["kyodo.tanaka", "mimamori@", "kyodo_tanaka_77"] {
        assert!(!text.contains(part), "{place} holds 「{part}」");
    }
}

/// `run`, `check` and `year-end` on `tmp/office`: the two out folders and every stream printed.
fn run_all(tmp: &Path) -> (PathBuf, PathBuf, Vec<(String, String)>) {
    let day = ["--fy", "R7", "--as-of", "2025-11-30"];
    let calls: [(&str, Vec<&str>); 3] = [
        ("run", [&day[..], &["--out", "out/run"]].concat()),
        ("check", day.to_vec()),
        ("year-end", vec!["--fy", "R7", "--out", "out/year"]),
    ];
    let mut streams = Vec::new();
    for (command, rest) in calls {
        let args = [&[command, "office"][..], &rest].concat();
        let (code, stdout, stderr) = kyodo(&args, tmp);
        assert!(code == 0 || code == 1, "{command}: {stderr}");
        streams.push((format!("{command} stdout"), stdout));
        streams.push((format!("{command} stderr"), stderr));
    }
    (tmp.join("out/run"), tmp.join("out/year"), streams)
}

#[test]
fn no_contact_reaches_any_output_wherever_it_was_typed() {
    let tmp = temp();
    office_with_contacts(&tmp.path().join("office"));
    let (run, year, streams) = run_all(tmp.path());
    let mut seen = 0;
    for out in [&run, &year] {
        for (place, text) in output_texts(out)
            .into_iter()
            .chain(output_cells(out))
            .chain(streams.iter().cloned())
        {
            assert_no_contact(&place, &text);
            seen += 1;
        }
    }
    assert!(seen > 40, "{seen} texts read");
    // The findings that quoted the cells still say what is wrong, with the value masked.
    let check = &streams[2].1;
    for expected in [
        "着任日「（連絡先）」を日付として読めません",
        "支出日「（連絡先）」を日付として読めません",
        "中学校区「（連絡先）」は中学校区一覧にありません",
        "サポーター（連絡先）さん",
    ] {
        assert!(check.contains(expected), "no 「{expected}」 in\n{check}");
    }
    // The rosters' people are still there by name in the internal roster.
    let book = run.join("コーディネーター名簿（内部用）.xlsx");
    let range = sheet(&book, "コーディネーター名簿");
    let row: Vec<String> = range
        .rows()
        .find(|r| r.iter().any(|c| text(c) == "光陽 住民"))
        .expect("光陽 住民 in the internal roster")
        .iter()
        .map(text)
        .collect();
    assert!(row.iter().any(|c| c == "PTA （連絡先）"), "{row:?}");
    let budget: Vec<String> = output_cells(&run)
        .into_iter()
        .filter(|(p, _)| p.starts_with("予算配当表"))
        .map(|(_, t)| t)
        .collect();
    assert!(budget.iter().any(|t| t == "tel （連絡先）"), "{budget:?}");
}

#[test]
fn the_sheets_that_go_out_name_no_one() {
    let tmp = temp();
    office_with_contacts(&tmp.path().join("office"));
    let (run, _, _) = run_all(tmp.path());
    let names = ["光陽 職員", "光陽 住民", "見守", "山田", "花子", "田中"];
    let cells = output_cells(&run);
    assert!(
        cells
            .iter()
            .any(|(p, t)| p.ends_with("!地域人材・資源") && t == "（個人）"),
        "the individual resource is not listed"
    );
    for (place, t) in cells {
        // 地域・コーディネーター一覧 goes out whole: the resource list shows the individual
        // 山田 花子 as （個人）.
        let public =
            place.starts_with("予算配当表") || place.starts_with("地域・コーディネーター一覧");
        if public {
            for n in names {
                assert!(!t.contains(n), "{place} names {n}: 「{t}」");
            }
        }
    }
}
