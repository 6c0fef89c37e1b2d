//! 記入例 rows: a row marked 「記入例」 (or 「例」) is skipped only while it still is an example;
//! a marked row a clerk has typed over is data (spec §2).
//!
//! A marked row is an example when
//! - it holds the example `kyodo init` wrote for a table of its kind, cell for cell (the
//!   templates' examples come from `init::TEMPLATES`, never copied here); or
//! - the mark stands in one of the table's own columns (「記入例」 where the 氏名 or 中学校区
//!   belongs: the row names no one); or
//! - one of its cells is a placeholder nobody types as data: two marks in a row (〇〇, ××,
//!   △△, □□, ＊＊, XX) or a mark where a number goes (「〇〇中学校区」, 「令和〇年〇月〇日」), a
//!   text starting 「例：」 or 「例）」, or the stock example names 山田太郎 / 山田花子.
//!
//! Any other marked row — an office's own example row whose values look real, or a template's
//! example row typed over — is read as data, with an info finding asking the clerk to clear
//! the mark if the row is real (or to blank it if it is an example).

use super::header::{self, Table};
use super::sheet::{Row, Val};
use crate::names::{nfkc_chars, person_key};
use crate::schema::Kind;
use chrono::NaiveDate;
use std::sync::OnceLock;

/// One template's example row, by field (and matrix session columns in order).
struct TemplateExample {
    kind: Kind,
    fields: Vec<(&'static str, &'static str)>,
    sessions: Vec<&'static str>,
}

/// The examples of every template sheet, read once from the templates' own spec.
fn template_examples() -> &'static [TemplateExample] {
    static EXAMPLES: OnceLock<Vec<TemplateExample>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let mut out = Vec::new();
        for sheet in crate::init::TEMPLATES.iter().flat_map(|t| t.sheets.iter()) {
            let row = Row {
                idx: 0,
                cells: sheet
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(c, col)| (c as u16, Val::Text(col.header.to_string())))
                    .collect(),
            };
            let Some(t) = header::read_header_row(&row) else {
                continue;
            };
            let example = |c: u16| sheet.columns.get(usize::from(c)).map_or("", |x| x.example);
            out.push(TemplateExample {
                kind: t.kind,
                fields: t.cols.iter().map(|(f, c)| (*f, example(*c))).collect(),
                sessions: t.sessions.iter().map(|(c, _)| example(*c)).collect(),
            });
        }
        out
    })
}

/// The column of the row's 記入例 mark, if it has one: a cell starting 記入例, or reading 例
/// (brackets and spaces aside: 「（記入例）」, 「【例】」).
pub fn mark_col(row: &Row) -> Option<u16> {
    row.cells.iter().find_map(|(c, v)| {
        let Val::Text(s) = v else { return None };
        let n: String = s
            .chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '(' | ')' | '（' | '）' | '【' | '】' | '[' | ']')
            })
            .collect();
        (n.starts_with("記入例") || n == "例").then_some(*c)
    })
}

/// Whether a marked row still is an example (see the module's rules).
pub fn is_example(row: &Row, t: &Table, mark: u16, fy: i32, is_1904: bool) -> bool {
    if t.uses_col(mark) {
        return true;
    }
    let cells = || {
        t.cols
            .iter()
            .map(|(_, c)| *c)
            .chain(t.sessions.iter().map(|(c, _)| *c))
            .filter_map(|c| row.get(c))
    };
    if cells().any(|v| matches!(v, Val::Text(s) if is_placeholder(s))) {
        return true;
    }
    template_examples()
        .iter()
        .filter(|x| x.kind == t.kind && x.sessions.is_empty() == t.sessions.is_empty())
        .any(|x| holds(row, t, x, fy, is_1904))
}

/// Whether every cell of the table's columns holds the template's example (blank where the
/// template has none).
fn holds(row: &Row, t: &Table, x: &TemplateExample, fy: i32, is_1904: bool) -> bool {
    let field_ok = t.cols.iter().all(|(f, c)| {
        let example = x
            .fields
            .iter()
            .find(|(xf, _)| xf == f)
            .map_or("", |(_, e)| *e);
        same(row.get(*c), example, fy, is_1904)
    });
    field_ok
        && t.sessions.iter().enumerate().all(|(i, (c, _))| {
            same(
                row.get(*c),
                x.sessions.get(i).copied().unwrap_or(""),
                fy,
                is_1904,
            )
        })
}

/// A cell against an example value (a date as YYYY-MM-DD, a number, or text).
fn same(v: Option<&Val>, example: &str, fy: i32, is_1904: bool) -> bool {
    let Some(v) = v else {
        return example.is_empty();
    };
    if example.is_empty() {
        return false;
    }
    if let Ok(d) = NaiveDate::parse_from_str(example, "%Y-%m-%d") {
        return v.as_date(fy, is_1904) == Some(d);
    }
    if let Ok(n) = example.parse::<i64>() {
        if v.as_amount() == Some(n) {
            return true;
        }
    }
    let squash = |s: &str| -> String { nfkc_chars(s).filter(|c| !c.is_whitespace()).collect() };
    squash(&v.text_ref()) == squash(example)
}

/// Text no office types as data: a run of placeholder marks, an 「例：」 lead, a stock name.
fn is_placeholder(s: &str) -> bool {
    let n: String = nfkc_chars(s).filter(|c| !c.is_whitespace()).collect();
    const MARKS: &[char] = &['○', '〇', '◯', '●', '×', '✕', '△', '□', '*', 'X', 'x'];
    // Two marks in a row (〇〇), or a mark where a number goes (令和〇年〇月〇日, 〇円).
    let run = n.chars().collect::<Vec<_>>().windows(2).any(|w| {
        MARKS.contains(&w[0]) && (w[0] == w[1] || matches!(w[1], '年' | '月' | '日' | '円'))
    });
    let lead = n
        .strip_prefix('例')
        .is_some_and(|r| r.starts_with([':', ')', '」', '.']));
    run || lead || matches!(person_key(&n).as_str(), "山田太郎" | "山田花子")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for s in [
            "〇〇 〇〇",
            "○○中学校区",
            "令和〇年〇月〇日",
            "××",
            "ＸＸＸ",
            "例：光陽",
            "例）地域学習会",
            "山田 太郎",
        ] {
            assert!(is_placeholder(s), "{s}");
        }
        for s in ["○", "×", "光陽", "旭川 花子", "例えば", "2025/6/14", "5000"] {
            assert!(!is_placeholder(s), "{s}");
        }
    }

    #[test]
    fn every_template_sheet_has_its_example() {
        let kinds: Vec<Kind> = template_examples().iter().map(|x| x.kind).collect();
        for k in Kind::ALL {
            assert!(kinds.contains(&k), "{k:?}");
        }
        // The matrix template's session columns carry their marks.
        assert!(template_examples().iter().any(|x| x.sessions == ["○", "×"]));
    }

    #[test]
    fn marks() {
        let row = |cells: &[(u16, &str)]| Row {
            idx: 3,
            cells: cells
                .iter()
                .map(|(c, s)| (*c, Val::Text(s.to_string())))
                .collect(),
        };
        assert_eq!(mark_col(&row(&[(0, "光陽"), (7, "記入例")])), Some(7));
        assert_eq!(mark_col(&row(&[(0, "（例）"), (1, "光陽")])), Some(0));
        assert_eq!(mark_col(&row(&[(0, "光陽"), (1, "例えば")])), None);
    }
}
