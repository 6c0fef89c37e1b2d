//! Every contact shape in every text column: an office whose every table has, in each of its
//! columns, a row carrying a contact — each in another of the spellings offices use (hyphens,
//! spaces, dots, brackets, full-width digits, 〒 with and without a hyphen, FAX, free dial,
//! mail) — and every byte of every output (each part of each workbook, the district
//! workbooks included, summary.json, every line printed) searched for it, with and without
//! `--redact`. Under `--redact`, no person's name either.

use super::output_texts;
use crate::support::*;
use std::path::Path;

/// The k-th contact, in the k-th shape: (as typed, the digits or text that must not leak).
fn contact(k: usize) -> (String, String) {
    let b = format!("77{k:02}");
    let c = format!("{:04}", 4100 + k);
    let full = |s: &str| -> String {
        s.chars()
            .map(|ch| match ch {
                '0'..='9' => char::from_u32(ch as u32 + 0xFEE0).unwrap_or(ch),
                '-' => '－',
                ' ' => '\u{3000}',
                ch => ch,
            })
            .collect()
    };
    // Real lengths: 0166-23-4567 (10 digits), 090-1234-5678 (11), 0120-123-456 (10).
    let k2 = format!("{k:02}");
    let typed = match k % 12 {
        0 => format!("090-{b}-{c}"),
        1 => format!("TEL 0166 {k2} {c}"),
        2 => format!("090.{b}.{c}"),
        3 => format!("(0166){k2}-{c}"),
        4 => full(&format!("090-{b}-{c}")),
        5 => format!("〒0{k2}{c}"),
        6 => format!("〒 0{k2}-{c}"),
        7 => format!("FAX: 0166-{k2}-{c}"),
        8 => format!("フリーダイヤル 0120-7{k2}-{}", &c[1..]),
        9 => format!("携帯 090 {b} {c}"),
        10 => full(&format!("0166 {k2} {c}")),
        _ => format!("mail{k}@example.jp"),
    };
    let secret = match k % 12 {
        0 | 2 | 4 | 9 => format!("{b}{c}"),
        5 | 6 => format!("0{k2}{c}"),
        8 => format!("7{k2}{}", &c[1..]),
        11 => format!("mail{k}@"),
        _ => format!("0166{k2}{c}"),
    };
    (typed, secret)
}

/// A table: sheet name, header, and one clean row that reads without a finding.
struct Table {
    book: &'static str,
    sheet: &'static str,
    header: &'static [&'static str],
    clean: &'static [&'static str],
}

const TABLES: &[Table] = &[
    Table {
        book: "名簿.xlsx",
        sheet: "中学校区一覧",
        header: &["中学校区", "区分", "モデル期間", "備考"],
        clean: &["光陽", "モデル地域", "R7~8", "なし"],
    },
    Table {
        book: "名簿.xlsx",
        sheet: "コーディネーター名簿",
        header: &[
            "氏名",
            "中学校区",
            "区分",
            "所属・役職",
            "着任日",
            "退任日",
            "連絡先",
        ],
        clean: &[
            "光陽 職員",
            "光陽",
            "社会教育課職員",
            "社会教育課",
            "2025-04-01",
            "",
            "090-3333-0001",
        ],
    },
    Table {
        book: "名簿.xlsx",
        sheet: "サポーター名簿",
        header: &[
            "氏名",
            "中学校区",
            "活動内容",
            "ボランティア保険",
            "保険加入日",
            "連絡先",
        ],
        clean: &["見守 一郎", "光陽", "見守り", "加入", "2025-04-05", ""],
    },
    Table {
        book: "名簿.xlsx",
        sheet: "地域人材・資源リスト",
        header: &[
            "名称",
            "できること",
            "種別",
            "対象中学校区",
            "連絡先",
            "登録日",
        ],
        clean: &["読み 花子", "読み聞かせ", "個人", "光陽", "", "2025-04-01"],
    },
    Table {
        book: "研修.xlsx",
        sheet: "研修会一覧",
        header: &["研修名", "開催日", "種別", "会場", "講師"],
        clean: &[
            "第1回コーディネーター研修会",
            "2025-06-14",
            "コーディネーター研修会",
            "公民館",
            "講師 太郎",
        ],
    },
    Table {
        book: "研修.xlsx",
        sheet: "出席簿",
        header: &["氏名", "開催日", "研修名", "中学校区", "出欠"],
        clean: &[
            "光陽 職員",
            "2025-06-14",
            "第1回コーディネーター研修会",
            "光陽",
            "○",
        ],
    },
    Table {
        book: "支出簿.xlsx",
        sheet: "支出簿",
        header: &[
            "支出日",
            "中学校区",
            "費目",
            "金額",
            "支払先",
            "摘要",
            "会計年度",
            "活動日",
        ],
        clean: &[
            "2025-06-20",
            "光陽",
            "講師謝金",
            "1000",
            "講師 太郎",
            "謝金",
            "R7",
            "2025-06-14",
        ],
    },
    Table {
        book: "活動記録.xlsx",
        sheet: "活動記録",
        header: &[
            "実施日",
            "中学校区",
            "活動名",
            "分類",
            "参加サポーター",
            "児童生徒数",
        ],
        clean: &[
            "2025-07-01",
            "光陽",
            "登下校見守り",
            "学校支援",
            "見守 一郎",
            "3",
        ],
    },
];

/// The people of the office, by every spelling it holds.
const PEOPLE: &[&str] = &["光陽 職員", "見守 一郎", "読み 花子", "講師 太郎"];

/// A sheet's name and its rows of text.
type Sheet = (String, Vec<Vec<String>>);

/// Writes the office: each table's clean row, then one row per column carrying the next
/// contact (beside the clean value, or alone), and a header carrying one. Returns the
/// contacts planted.
fn office(dir: &Path) -> Vec<(String, String)> {
    let mut k = 0;
    let mut planted = Vec::new();
    let mut books: Vec<(&str, Vec<Sheet>)> = Vec::new();
    for t in TABLES {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut header: Vec<String> = t.header.iter().map(|s| s.to_string()).collect();
        let (typed, secret) = contact(k);
        k += 1;
        header.push(format!("備考 {typed}"));
        planted.push((typed, secret));
        rows.push(header);
        rows.push(t.clean.iter().map(|s| s.to_string()).collect());
        for col in 0..t.header.len() {
            let (typed, secret) = contact(k);
            k += 1;
            let mut row: Vec<String> = t.clean.iter().map(|s| s.to_string()).collect();
            // Alone in one row, after the clean value in the next: both are typed.
            row[col] = if k % 2 == 0 {
                typed.clone()
            } else {
                format!("{} {typed}", t.clean[col])
            };
            rows.push(row);
            planted.push((typed, secret));
        }
        match books.iter_mut().find(|(b, _)| *b == t.book) {
            Some((_, sheets)) => sheets.push((t.sheet.to_string(), rows)),
            None => books.push((t.book, vec![(t.sheet.to_string(), rows)])),
        }
    }
    for (book, sheets) in &books {
        let sheets: Vec<SheetRows> = sheets
            .iter()
            .map(|(name, rows)| {
                (
                    name.as_str(),
                    rows.iter()
                        .map(|r| r.iter().map(String::as_str).collect())
                        .collect(),
                )
            })
            .collect();
        write_book(&dir.join(book), &sheets);
    }
    planted
}

/// The digits of a text with every separator an office types between them dropped, and the
/// text itself, full-width folded.
fn squeezed(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '＠' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .filter(|c| !matches!(c, '-' | '－' | '.' | ' ' | '\u{3000}' | '(' | ')'))
        .collect()
}

fn run_and_check(redact: bool) {
    let tmp = temp();
    let planted = office(&tmp.path().join("office"));
    assert!(planted.len() > 40, "{} contacts planted", planted.len());
    let mut extra: Vec<&str> = vec!["--fy", "R7", "--as-of", "2025-11-30"];
    if redact {
        extra.push("--redact");
    }
    let mut streams = Vec::new();
    for (command, out) in [
        ("run", Some("out/run")),
        ("check", None),
        ("year-end", Some("out/year")),
    ] {
        let mut args = vec![command, "office"];
        if command == "year-end" {
            args.extend(["--fy", "R7"]);
            if redact {
                args.push("--redact");
            }
        } else {
            args.extend(&extra);
        }
        if let Some(o) = out {
            args.extend(["--out", o]);
        }
        let (code, stdout, stderr) = kyodo(&args, tmp.path());
        assert!(code == 0 || code == 1, "{command}: {stderr}");
        streams.push((format!("{command} stdout"), stdout));
        streams.push((format!("{command} stderr"), stderr));
    }
    let run = tmp.path().join("out/run");
    assert!(run.join("地区別").is_dir(), "no district workbooks");
    let mut all = output_texts(&run);
    all.extend(output_texts(&tmp.path().join("out/year")));
    all.extend(streams);
    assert!(all.len() > 50, "{} texts read", all.len());
    for (place, text) in &all {
        let flat = squeezed(text);
        for (typed, secret) in &planted {
            assert!(!text.contains(typed.as_str()), "{place} holds 「{typed}」");
            assert!(
                !flat.contains(&squeezed(secret)),
                "{place} holds the digits of 「{typed}」"
            );
        }
        if redact {
            for name in PEOPLE {
                let bare: String = name.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(
                    !text.contains(name) && !text.contains(&bare),
                    "{place} names 「{name}」"
                );
            }
        }
    }
}

#[test]
fn no_contact_shape_in_any_column_reaches_any_output() {
    run_and_check(false);
}

#[test]
fn no_contact_shape_nor_name_reaches_any_redacted_output() {
    run_and_check(true);
}
