//! Cell values as the office writes them: dates, 和暦, fiscal years, yen, yes/no, names.

use crate::calendar::era_year;

/// A fiscal year: `R7`, `令和7年度`, `R7年度`, `2025`, `2025年度`, `令和元年度` → 2025 etc.
pub fn parse_fiscal_year(s: &str) -> Option<i32> {
    let t: String = s.trim().trim_end_matches("年度").to_string();
    if let Ok(y) = t.parse::<i32>() {
        return (1900..=2200).contains(&y).then_some(y);
    }
    for era in ["令和", "平成", "R", "H"] {
        if let Some(rest) = t.strip_prefix(era) {
            let n = if rest == "元" { 1 } else { rest.parse().ok()? };
            return era_year(era, n);
        }
    }
    None
}

use unicode_normalization::UnicodeNormalization;

/// NFKC with surrounding whitespace trimmed (full-width digits, letters and spaces folded).
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_string()
}

/// The key a person's name is matched by: NFKC, no spaces, no trailing 様/さん/氏, old and
/// variant kanji folded (髙→高 …). Reports show the roster's spelling, never this.
pub fn person_key(name: &str) -> String {
    let mut k: String = name
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(fold_variant)
        .collect();
    for suffix in ["さん", "様", "氏"] {
        if k.len() > suffix.len() {
            if let Some(stripped) = k.strip_suffix(suffix) {
                k = stripped.to_string();
                break;
            }
        }
    }
    k
}

/// Old and variant forms of common surname kanji, folded for matching only.
fn fold_variant(c: char) -> char {
    match c {
        '髙' => '高',
        '﨑' | '嵜' => '崎',
        '齋' | '齊' | '斉' => '斎',
        '邊' | '邉' => '辺',
        '濵' => '浜',
        '德' => '徳',
        '槗' | '𣘺' => '橋',
        '冨' => '富',
        '廣' => '広',
        '國' => '国',
        '澤' => '沢',
        '櫻' => '桜',
        '眞' => '真',
        other => other,
    }
}

/// A district's short form, as the seed writes it: 「光陽中学校区」, 「光陽中」, 「光陽」 → 「光陽」.
/// This is both the display form and the match key.
pub fn district_name(s: &str) -> String {
    let k: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
    for suffix in ["中学校区", "中学校", "校区", "中"] {
        if let Some(stripped) = k.strip_suffix(suffix) {
            if !stripped.is_empty() {
                return stripped.to_string();
            }
        }
    }
    k
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
        if keep.iter().any(|k| p == *k) {
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
