//! Fiscal years (年度, April–March) and the Japanese eras (和暦) the office writes.
//!
//! A fiscal year is held as the western year of its April (R7 = 2025). This module holds
//! the spellings of a fiscal year and an era (`R7`, `令和7年度`, `R6~7`), the arithmetic and the
//! labels; dates typed in cells are read by `ingest::value` with its eras.

use crate::names::nfkc_chars;
use chrono::{Datelike, NaiveDate};

/// Japanese eras from 明治, newest first: (kanji, letter, first day).
pub const ERAS: &[(&str, char, i32, u32, u32)] = &[
    ("令和", 'R', 2019, 5, 1),
    ("平成", 'H', 1989, 1, 8),
    ("昭和", 'S', 1926, 12, 25),
    ("大正", 'T', 1912, 7, 30),
    ("明治", 'M', 1868, 1, 25),
];

/// The western year in which an era's year 1 falls.
pub fn era_base(era: &str) -> Option<i32> {
    ERAS.iter()
        .find(|(k, l, ..)| *k == era || era.len() == 1 && era.starts_with(*l))
        .map(|(_, _, y, _, _)| *y)
}

/// Western year of an era year: `era_year("R", 7)` = 2025.
pub fn era_year(era: &str, n: i32) -> Option<i32> {
    era_base(era).map(|b| b + n - 1)
}

/// The fiscal year a date falls in (April–March).
pub fn fiscal_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// First day (April 1) of a fiscal year.
pub fn fy_start(fy: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(fy, 4, 1).expect("April 1 exists")
}

/// Last day (March 31) of a fiscal year.
pub fn fy_end(fy: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(fy + 1, 3, 31).expect("March 31 exists")
}

/// `R7` for 2025; `H30` before 令和 (a fiscal year takes the era of its April).
pub fn fy_short(fy: i32) -> String {
    if fy >= 2019 {
        format!("R{}", fy - 2018)
    } else if fy >= 1989 {
        format!("H{}", fy - 1988)
    } else {
        fy.to_string()
    }
}

/// `令和7年度` for 2025 (令和元年度 for 2019).
pub fn fy_label(fy: i32) -> String {
    if fy >= 2019 {
        let n = fy - 2018;
        if n == 1 {
            "令和元年度".to_string()
        } else {
            format!("令和{n}年度")
        }
    } else if fy >= 1989 {
        let n = fy - 1988;
        if n == 1 {
            "平成元年度".to_string()
        } else {
            format!("平成{n}年度")
        }
    } else {
        format!("{fy}年度")
    }
}

/// A model period as the seed writes it: `R6~7`, or `R7` for one year.
pub fn fy_range_short(start: i32, end: i32) -> String {
    if start == end {
        return fy_short(start);
    }
    let s = fy_short(start);
    let e = fy_short(end);
    // Same era: the seed drops the letter on the second year (R6~7).
    if s.chars().next() == e.chars().next() {
        format!("{}~{}", s, &e[1..])
    } else {
        format!("{s}~{e}")
    }
}

/// A date in 和暦 as the office writes it: `令和7年6月14日` (元年 for year 1).
pub fn wareki(d: NaiveDate) -> String {
    for (kanji, _, y, m, day) in ERAS {
        let start = NaiveDate::from_ymd_opt(*y, *m, *day).expect("era start exists");
        if d >= start {
            let n = d.year() - y + 1;
            let year = if n == 1 {
                "元".to_string()
            } else {
                n.to_string()
            };
            return format!("{kanji}{year}年{}月{}日", d.month(), d.day());
        }
    }
    d.format("%Y年%-m月%-d日").to_string()
}

/// A fiscal year: `R7`, `令和7年度`, `R7年度`, `2025`, `2025年度`, `令和元年度` → 2025 etc.
pub fn parse_fiscal_year(s: &str) -> Option<i32> {
    let n: String = nfkc_chars(s).filter(|c| !c.is_whitespace()).collect();
    let t = n.trim_end_matches('度').trim_end_matches('年');
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = t.parse().ok()?;
        return (1900..=2200).contains(&y).then_some(y);
    }
    let (era, rest) = split_era(t)?;
    let n = era_number(rest)?;
    era_year(era, n)
}

/// A fiscal-year range: `R6~7`, `R6～R7`, `令和6年度～令和7年度`, `R6-R7`, `2024~2025`;
/// a single year gives (y, y). The second year inherits the first one's era.
pub fn parse_fiscal_range(s: &str) -> Option<(i32, i32)> {
    let n: String = nfkc_chars(s).filter(|c| !c.is_whitespace()).collect();
    let parts: Vec<&str> = n
        .split(['~', '〜', '-', '–', '—', 'ー', '－', '‐'])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [one] => parse_fiscal_year(one).map(|y| (y, y)),
        [a, b] => {
            let start = parse_fiscal_year(a)?;
            let end = match parse_fiscal_year(b) {
                Some(y) => y,
                None => {
                    // `R6~7`: a bare era year after an era start.
                    let (era, _) = split_era(a)?;
                    let k = era_number(b.trim_end_matches('度').trim_end_matches('年'))?;
                    era_year(era, k)?
                }
            };
            (end >= start).then_some((start, end))
        }
        _ => None,
    }
}

/// Splits a leading era (令和/平成/昭和 or R/H/S, any case) off `s`.
pub(crate) fn split_era(s: &str) -> Option<(&'static str, &str)> {
    const ERAS: &[(&str, &str)] = &[
        ("令和", "令和"),
        ("平成", "平成"),
        ("昭和", "昭和"),
        ("R", "R"),
        ("r", "R"),
        ("H", "H"),
        ("h", "H"),
        ("S", "S"),
        ("s", "S"),
    ];
    ERAS.iter()
        .find_map(|(p, era)| s.strip_prefix(p).map(|rest| (*era, rest)))
}

/// An era year number: digits or 元.
pub(crate) fn era_number(s: &str) -> Option<i32> {
    if s == "元" {
        return Some(1);
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 3 {
        return None;
    }
    s.parse().ok().filter(|n| *n >= 1)
}

/// A date typed as text. `fy` (western year of April) gives the year of `6/14` or `6月14日`:
/// April–December its first year, January–March the next. Three numbers without an era
/// (`7/4/1`) are ambiguous and refused unless the first is a four-digit year.
pub fn parse_date_text(s: &str, fy: i32) -> Option<NaiveDate> {
    let n: String = nfkc_chars(s).collect();
    // A time after the date (`2025/6/14 13:30`, `6月14日 10時～`) is not part of it.
    let n = match n.trim().split_once(char::is_whitespace) {
        Some((date, time)) if time.contains([':', '時', '~', '〜']) => date.to_string(),
        _ => n,
    };
    let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
    // A weekday in brackets, `6月14日(土)`, and whatever follows it are decoration.
    let n = match n.find('(') {
        Some(i) if i > 0 => n[..i].to_string(),
        _ => n,
    };
    let (era, rest) = match split_era(&n) {
        Some((e, r)) => (Some(e), r),
        None => (None, n.as_str()),
    };
    let rest = rest.strip_suffix('日').unwrap_or(rest);
    let mut nums: Vec<&str> = Vec::with_capacity(3);
    let mut seps: Vec<char> = Vec::with_capacity(2);
    let mut start = 0;
    for (i, c) in rest.char_indices() {
        if matches!(c, '-' | '/' | '.' | '年' | '月') {
            nums.push(&rest[start..i]);
            seps.push(c);
            start = i + c.len_utf8();
        }
    }
    nums.push(&rest[start..]);
    if nums.len() < 2 || nums.len() > 3 {
        // `20250614`: eight digits as Excel exports from some systems.
        if era.is_none() && nums.len() == 1 && rest.len() == 8 {
            let y = rest.get(0..4)?.parse().ok()?;
            let m = rest.get(4..6)?.parse().ok()?;
            let d = rest.get(6..8)?.parse().ok()?;
            return NaiveDate::from_ymd_opt(y, m, d);
        }
        return None;
    }
    // Kanji separators must be in order (年 then 月).
    if seps.contains(&'年') && seps.first() != Some(&'年') {
        return None;
    }
    let num = |t: &str| -> Option<u32> {
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    if nums.len() == 2 {
        if era.is_some() {
            return None;
        }
        let m = num(nums[0])?;
        let d = num(nums[1])?;
        let y = if m >= 4 { fy } else { fy + 1 };
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    let m = num(nums[1])?;
    let d = num(nums[2])?;
    let y = match era {
        Some(e) => era_year(e, era_number(nums[0])?)?,
        None => {
            if nums[0].len() != 4 {
                return None;
            }
            num(nums[0])? as i32
        }
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Three numbers without an era whose first is not a four-digit year (`7/4/1`): 2007 or
/// 令和7? The reader refuses to guess; this lets the message say why.
pub fn is_ambiguous_date(s: &str) -> bool {
    let n: String = nfkc_chars(s).filter(|c| !c.is_whitespace()).collect();
    let parts: Vec<&str> = n.split(['/', '.', '-']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn dates_in_every_spelling() {
        let fy = 2025;
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("2025-06-14", Some(d(2025, 6, 14))),
            ("2025/6/14", Some(d(2025, 6, 14))),
            ("2025.6.14", Some(d(2025, 6, 14))),
            ("2025年6月14日", Some(d(2025, 6, 14))),
            ("R7.6.14", Some(d(2025, 6, 14))),
            ("R7/6/14", Some(d(2025, 6, 14))),
            ("r7.6.14", Some(d(2025, 6, 14))),
            ("令和7年6月14日", Some(d(2025, 6, 14))),
            ("令和 7年 6月14日", Some(d(2025, 6, 14))),
            ("令和元年5月1日", Some(d(2019, 5, 1))),
            ("R元.5.1", Some(d(2019, 5, 1))),
            ("H31.4.1", Some(d(2019, 4, 1))),
            ("平成31年4月1日", Some(d(2019, 4, 1))),
            ("２０２５/６/１４", Some(d(2025, 6, 14))),
            ("Ｒ７．６．１４", Some(d(2025, 6, 14))),
            ("令和７年１０月１８日", Some(d(2025, 10, 18))),
            ("6/14", Some(d(2025, 6, 14))),
            ("6月14日", Some(d(2025, 6, 14))),
            ("6月14日(土)", Some(d(2025, 6, 14))),
            ("1/20", Some(d(2026, 1, 20))),
            ("3月31日", Some(d(2026, 3, 31))),
            ("4/1", Some(d(2025, 4, 1))),
            ("20250614", Some(d(2025, 6, 14))),
            ("7/4/1", None),
            ("R7.13.40", None),
            ("2025/2/30", None),
            ("令和7年", None),
            ("未定", None),
            ("", None),
            ("6月", None),
            ("14日6月", None),
            ("2025/6/14 13:30", Some(d(2025, 6, 14))),
            ("令和7年6月14日 10時～12時", Some(d(2025, 6, 14))),
            ("6月14日(土)10:00～", Some(d(2025, 6, 14))),
            ("R7.6.14（土）", Some(d(2025, 6, 14))),
            ("(土)", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date_text(s, fy), *want, "{s}");
        }
    }

    #[test]
    fn ambiguous_dates_are_recognised() {
        assert!(is_ambiguous_date("7/4/1"));
        assert!(is_ambiguous_date("07.04.01"));
        assert!(!is_ambiguous_date("R7/4/1"));
        assert!(!is_ambiguous_date("2025/4/1"));
        assert!(!is_ambiguous_date("4/1"));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fiscal_year_turns_in_april() {
        assert_eq!(fiscal_year_of(d(2025, 4, 1)), 2025);
        assert_eq!(fiscal_year_of(d(2026, 3, 31)), 2025);
        assert_eq!(fiscal_year_of(d(2025, 3, 31)), 2024);
    }

    #[test]
    fn labels() {
        assert_eq!(fy_short(2025), "R7");
        assert_eq!(fy_label(2025), "令和7年度");
        assert_eq!(fy_label(2019), "令和元年度");
        assert_eq!(fy_range_short(2024, 2025), "R6~7");
        assert_eq!(fy_range_short(2018, 2019), "H30~R1");
        assert_eq!(wareki(d(2025, 6, 14)), "令和7年6月14日");
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(era_year("令和", 7), Some(2025));
        assert_eq!(era_year("H", 31), Some(2019));
    }

    #[test]
    fn fiscal_years_and_ranges() {
        let years: &[(&str, Option<i32>)] = &[
            ("R7", Some(2025)),
            ("r7", Some(2025)),
            ("令和7年度", Some(2025)),
            ("R7年度", Some(2025)),
            ("2025", Some(2025)),
            ("2025年度", Some(2025)),
            ("令和元年度", Some(2019)),
            ("Ｒ７", Some(2025)),
            ("令和７年度", Some(2025)),
            ("H30", Some(2018)),
            ("平成30年度", Some(2018)),
            ("R", None),
            ("来年度", None),
            ("25", None),
        ];
        for (s, want) in years {
            assert_eq!(parse_fiscal_year(s), *want, "{s}");
        }
        let ranges: &[(&str, Option<(i32, i32)>)] = &[
            ("R6~7", Some((2024, 2025))),
            ("R6～R7", Some((2024, 2025))),
            ("R6〜R7", Some((2024, 2025))),
            ("令和6年度～令和7年度", Some((2024, 2025))),
            ("令和6～7年度", Some((2024, 2025))),
            ("R6-R7", Some((2024, 2025))),
            ("R3~R6", Some((2021, 2024))),
            ("H30~R1", Some((2018, 2019))),
            ("2024~2025", Some((2024, 2025))),
            ("R7", Some((2025, 2025))),
            ("R7~6", None),
            ("R6~R7~R8", None),
            ("いつか", None),
        ];
        for (s, want) in ranges {
            assert_eq!(parse_fiscal_range(s), *want, "{s}");
        }
    }
}
