//! Cell values as the office writes them: dates, 和暦, fiscal years, yen, yes/no, 区分 words,
//! names. Pure functions on text; the cell-type side (date cells, serials) is `sheet::Val`.

use crate::calendar::era_year;
use crate::model::{Role, Status, TrainingKind};
use crate::names::nfkc_chars;
use chrono::NaiveDate;

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
fn split_era(s: &str) -> Option<(&'static str, &str)> {
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
fn era_number(s: &str) -> Option<i32> {
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

/// A date serial number (1900 or 1904 system) → date; None outside 1900–9999 or for times.
pub fn date_from_serial(v: f64, is_1904: bool) -> Option<NaiveDate> {
    if !v.is_finite() || !(1.0..2_958_466.0).contains(&v) {
        return None;
    }
    let days = v.floor() as i64;
    let base = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else if days < 60 {
        // Serials before Excel's phantom 1900-02-29.
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    base.checked_add_signed(chrono::Duration::days(days))
}

/// Yen: `20000`, `20,000`, `￥20,000`, `20,000円`, `2万円`, `1.5万円`, full-width digits;
/// `△500`/`▲500` are negative as Japanese accounts write them.
pub fn parse_amount(s: &str) -> Option<i64> {
    let n: String = nfkc_chars(s)
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '¥' | '\\' | '円' | '$'))
        .collect();
    // 「金20,000円也」「¥20,000-」 as receipts write them.
    let n = n.strip_prefix('金').unwrap_or(&n);
    let n = n.strip_suffix('也').unwrap_or(n);
    let n = match n.strip_suffix(['-', '−', 'ー']) {
        Some(rest) if !rest.is_empty() => rest,
        _ => n,
    };
    let (neg, body) = match n.strip_prefix(['△', '▲', '-']) {
        Some(rest) => (true, rest),
        None => (false, n),
    };
    let (body, mult) = match body.strip_suffix('万') {
        Some(b) => (b, 10_000.0),
        None => match body.strip_suffix('千') {
            Some(b) => (b, 1_000.0),
            None => (body, 1.0),
        },
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let v: f64 = body.parse().ok()?;
    amount_from_f64(if neg { -v * mult } else { v * mult })
}

/// A number as yen: whole yen only (a fraction of a yen is a typing error).
pub fn amount_from_f64(v: f64) -> Option<i64> {
    let r = v.round();
    ((v - r).abs() < 1e-6 && r.abs() < 1e15).then_some(r as i64)
}

/// Yes/no marks. `Some(None)` for a blank, `None` when the text is not a mark.
pub fn parse_yes_no(s: &str) -> Option<Option<bool>> {
    // 「○（5/10加入）」: a remark in brackets after the mark.
    let n = without_brackets(s);
    const YES: &[&str] = &[
        "済み",
        "加入済み",
        "参加",
        "出席済",
        "○",
        "◯",
        "〇",
        "✓",
        "✔",
        "有",
        "あり",
        "有り",
        "済",
        "加入",
        "加入済",
        "出",
        "出席",
        "1",
        "TRUE",
        "true",
        "True",
        "はい",
        "◎",
        "レ",
    ];
    const NO: &[&str] = &[
        "不参加",
        "無加入",
        "×",
        "✕",
        "✖",
        "x",
        "X",
        "無",
        "なし",
        "無し",
        "未",
        "未加入",
        "欠",
        "欠席",
        "0",
        "FALSE",
        "false",
        "False",
        "いいえ",
    ];
    if n.is_empty() {
        Some(None)
    } else if YES.contains(&n.as_str()) {
        Some(Some(true))
    } else if NO.contains(&n.as_str()) {
        Some(Some(false))
    } else {
        None
    }
}

/// A district's 区分: モデル地域, 伴走支援地域 (伴奏支援), 未実施.
pub fn parse_status(s: &str) -> Option<Status> {
    let n = without_brackets(s);
    if n.starts_with("モデル") {
        Some(Status::Model)
    } else if n.starts_with("伴走") || n.starts_with("伴奏") {
        Some(Status::Support)
    } else if matches!(n.as_str(), "未実施" | "なし" | "-" | "未") {
        Some(Status::None)
    } else {
        None
    }
}

/// NFKC, no spaces, and a trailing bracketed remark dropped: 「社会教育課職員（社会教育主事）」.
fn without_brackets(s: &str) -> String {
    let n: String = nfkc_chars(s).filter(|c| !c.is_whitespace()).collect();
    match n.find('(') {
        Some(i) if i > 0 => n[..i].to_string(),
        _ => n,
    }
}

/// A coordinator's 区分.
pub fn parse_role(s: &str) -> Option<Role> {
    let n = without_brackets(s);
    match n.as_str() {
        // Rosters name the staff side by section or by employer as often as by 職員.
        "社会教育課職員"
        | "職員"
        | "社会教育部職員"
        | "社会教育課"
        | "社会教育主事"
        | "社会教育部"
        | "市職員"
        | "教育委員会職員"
        | "教委職員" => Some(Role::Staff),
        "地域の方" | "地域住民" | "住民" | "地域" | "地域住民等" | "地域の人" | "市民" => {
            Some(Role::Resident)
        }
        "統括コーディネーター" | "統括" => Some(Role::General),
        "チーフコーディネーター" | "チーフ" => Some(Role::Chief),
        _ => None,
    }
}

/// A training's kind from its 種別 cell, else from its name.
pub fn training_kind(kind: &str, name: &str) -> TrainingKind {
    for s in [kind, name] {
        let n: String = nfkc_chars(s).filter(|c| !c.is_whitespace()).collect();
        if n.contains("コーディネーター") {
            return TrainingKind::Coordinator;
        }
        if n.contains("地域学校協働活動研修") {
            return TrainingKind::Community;
        }
    }
    TrainingKind::Other
}

/// Several values in one cell (所属・役職, 対象中学校区): split on 、 , ， / ・ and line breaks;
/// `keep` lists whole values containing ・ that must not be split.
pub fn split_multi(s: &str, keep: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split(['、', ',', '，', '/', '／', '\n', '\r']) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if keep.contains(&p) {
            out.push(p.to_string());
            continue;
        }
        out.extend(
            p.split('・')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

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

    #[test]
    fn serials_in_both_systems() {
        assert_eq!(date_from_serial(45822.0, false), Some(d(2025, 6, 14)));
        assert_eq!(
            date_from_serial(45822.0 - 1462.0, true),
            Some(d(2025, 6, 14))
        );
        assert_eq!(date_from_serial(61.0, false), Some(d(1900, 3, 1)));
        assert_eq!(date_from_serial(0.5, false), None);
        assert_eq!(date_from_serial(f64::NAN, false), None);
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

    #[test]
    fn amounts() {
        let cases: &[(&str, Option<i64>)] = &[
            ("20000", Some(20_000)),
            ("20,000", Some(20_000)),
            ("￥20,000", Some(20_000)),
            ("¥20,000", Some(20_000)),
            ("\\20,000", Some(20_000)),
            ("20,000円", Some(20_000)),
            ("2万円", Some(20_000)),
            ("2万", Some(20_000)),
            ("1.5万円", Some(15_000)),
            ("２０，０００円", Some(20_000)),
            ("１．５万円", Some(15_000)),
            ("3千円", Some(3_000)),
            ("△500", Some(-500)),
            ("-500", Some(-500)),
            ("20000.5", None),
            ("¥20,000-", Some(20_000)),
            ("金20,000円也", Some(20_000)),
            ("-", None),
            ("二万円", None),
            ("", None),
            ("円", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_amount(s), *want, "{s}");
        }
    }

    #[test]
    fn yes_no_marks() {
        for s in [
            "○", "◯", "〇", "✓", "有", "あり", "済", "加入", "出", "出席", "1", "TRUE", "はい",
            "１",
        ] {
            assert_eq!(parse_yes_no(s), Some(Some(true)), "{s}");
        }
        for s in [
            "×",
            "✕",
            "無",
            "なし",
            "未",
            "未加入",
            "欠",
            "欠席",
            "0",
            "FALSE",
            "いいえ",
            "０",
        ] {
            assert_eq!(parse_yes_no(s), Some(Some(false)), "{s}");
        }
        assert_eq!(parse_yes_no(""), Some(None));
        assert_eq!(parse_yes_no("　"), Some(None));
        assert_eq!(parse_yes_no("たぶん"), None);
        assert_eq!(parse_yes_no("○（5/10加入）"), Some(Some(true)));
        assert_eq!(parse_yes_no("(未定)"), None);
    }

    #[test]
    fn district_status_words() {
        assert_eq!(parse_status("モデル地域"), Some(Status::Model));
        assert_eq!(parse_status("伴走支援地域"), Some(Status::Support));
        assert_eq!(parse_status("伴奏支援"), Some(Status::Support));
        assert_eq!(parse_status("伴走支援"), Some(Status::Support));
        assert_eq!(parse_status("未実施"), Some(Status::None));
        assert_eq!(parse_status("モデル地域（R7新規）"), Some(Status::Model));
        assert_eq!(parse_status("検討中"), None);
    }

    #[test]
    fn coordinator_roles() {
        let cases: &[(&str, Option<Role>)] = &[
            ("社会教育課職員", Some(Role::Staff)),
            ("職員", Some(Role::Staff)),
            ("社会教育部職員", Some(Role::Staff)),
            ("地域の方", Some(Role::Resident)),
            ("地域住民", Some(Role::Resident)),
            ("住民", Some(Role::Resident)),
            ("統括コーディネーター", Some(Role::General)),
            ("チーフコーディネーター", Some(Role::Chief)),
            ("チーフ　コーディネーター", Some(Role::Chief)),
            ("社会教育課職員（社会教育主事）", Some(Role::Staff)),
            ("地域の方(PTA)", Some(Role::Resident)),
            ("社会教育課", Some(Role::Staff)),
            ("市職員", Some(Role::Staff)),
            ("地域住民等", Some(Role::Resident)),
            ("校長", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_role(s), *want, "{s}");
        }
    }

    #[test]
    fn training_kinds() {
        assert_eq!(
            training_kind("", "第1回コーディネーター研修会"),
            TrainingKind::Coordinator
        );
        assert_eq!(
            training_kind("", "地域学校協働活動研修会"),
            TrainingKind::Community
        );
        assert_eq!(
            training_kind("コーディネーター研修会", "秋の研修"),
            TrainingKind::Coordinator
        );
        assert_eq!(training_kind("", "防災講座"), TrainingKind::Other);
    }

    #[test]
    fn several_values_in_one_cell() {
        assert_eq!(
            split_multi("学校運営協議会委員、PTA役員・民生児童委員\n公民館職員", &[]),
            vec![
                "学校運営協議会委員",
                "PTA役員",
                "民生児童委員",
                "公民館職員"
            ]
        );
        assert_eq!(
            split_multi("所属・役職", &["所属・役職"]),
            vec!["所属・役職"]
        );
    }
}
