//! Contact values in text: phone numbers, postal codes and mail addresses found by their shape,
//! and the contacts the rosters hold found by their exact text. Both become 「（連絡先）」.
//!
//! The shapes are Japanese ones: 10 or more digits with any hyphens and brackets
//! (`0166-23-4567`, `090-1234-5678`, `(0166)23-4567`, `+81-90-…`, `0120-123-456`, a number
//! cell `9012345678`), a local number `23-4567`, or a group opening with 0 and ending in 4
//! digits (`070-0031`); groups held apart by spaces, dots or slashes when the whole reads as a
//! phone number (`TEL 0166 23 4567`, `090.1234.5678`); and a postal code after 〒 or 郵便番号
//! however it is spelt (`〒0700031`). Dates (`2025-06-14`, `2025.6.14`), year ranges
//! (`2024-2025`), decimals and amounts (`20,000`) keep their digits.

use rustc_hash::FxHashMap as HashMap;

/// What a contact becomes in every output.
pub const CONTACT_MASK: &str = "（連絡先）";

/// Full-width ASCII (０-９, Ａ-ｚ, ＠, －, （ …) as ASCII, for telling shapes only.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ' => '-',
        _ => c,
    }
}

fn is_phone_char(c: char) -> bool {
    matches!(fold(c), '0'..='9' | '-' | '(' | ')' | '+')
}

fn is_local_char(c: char) -> bool {
    let c = fold(c);
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    let c = fold(c);
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// Whether a run of digits, hyphens and brackets reads as a phone number or postal code.
fn is_phone(run: &[char]) -> bool {
    let mut groups: Vec<usize> = Vec::new();
    let mut starts_zero: Vec<bool> = Vec::new();
    let mut in_group = false;
    for &c in run {
        if fold(c).is_ascii_digit() {
            if !in_group {
                groups.push(0);
                starts_zero.push(fold(c) == '0');
            }
            *groups.last_mut().unwrap_or(&mut 0) += 1;
            in_group = true;
        } else {
            in_group = false;
        }
    }
    let digits: usize = groups.iter().sum();
    if digits >= 10 {
        return true;
    }
    if digits < 6 || groups.len() < 2 || groups.last() != Some(&4) {
        return false;
    }
    // 23-4567 (a local number) or 0166-23-4567's shorter kin and postal codes (070-0031).
    (groups.len() == 2 && groups[0] == 2) || starts_zero[0]
}

/// A space, dot or slash between digit groups: `0166 23 4567`, `090.1234.5678`. Weaker
/// evidence than a hyphen (dates and decimals use them), so such a run must look like a
/// phone number as a whole ([`is_spaced_phone`]).
fn is_weak_sep(c: char) -> bool {
    matches!(fold(c), ' ' | '.' | '/' | '\u{3000}')
}

/// Whether `chars[i]` is one weak separator standing between two digit groups of a run.
fn joins_groups(chars: &[char], start: usize, i: usize) -> bool {
    i > start
        && is_weak_sep(chars[i])
        && matches!(fold(chars[i - 1]), '0'..='9' | ')')
        && chars
            .get(i + 1)
            .is_some_and(|&c| matches!(fold(c), '0'..='9' | '('))
}

/// A run with spaces, dots or slashes read as a phone number: 2 to 4 groups of at most 5
/// digits, opening with an area or mobile prefix (`0` and at least one more digit, or `+`),
/// closing with 3 or 4 digits, 10 or 11 digits in all (`0166 23 4567`, `090.1234.5678`,
/// `0120 123 456`); or a postal code `070 0031`.
fn is_spaced_phone(run: &[char]) -> bool {
    let groups: Vec<&[char]> = run
        .split(|&c| !fold(c).is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let plus = run.first().is_some_and(|&c| fold(c) == '+');
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return false;
    };
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    if !(2..=4).contains(&groups.len()) || groups.iter().any(|g| g.len() > 5) {
        return false;
    }
    let prefixed = plus || (fold(first[0]) == '0' && first.len() >= 2);
    let phone =
        (3..=4).contains(&last.len()) && (10..=if plus { 13 } else { 11 }).contains(&digits);
    let postal = groups.len() == 2 && first.len() == 3 && last.len() == 4;
    prefixed && (phone || postal)
}

/// Marks the phone number in `run` (which starts at `at` in the text), if it is one: from its
/// first digit or `+` to its last digit, with an opening bracket when the span closes it
/// (`(0166)23-4567`), so that brackets stay paired. `spaced` takes the stricter reading of
/// a run whose groups are held apart by spaces, dots or slashes.
fn mark_phone(run: &[char], at: usize, masked: &mut [bool], spaced: bool) -> bool {
    let first = run.iter().position(|&c| matches!(fold(c), '0'..='9' | '+'));
    let last = run.iter().rposition(|&c| fold(c).is_ascii_digit());
    let (Some(mut f), Some(l)) = (first, last) else {
        return false;
    };
    if f > 0 && fold(run[f - 1]) == '(' && run[f..l].iter().any(|&c| fold(c) == ')') {
        f -= 1;
    }
    let span = &run[f..=l.max(f)];
    let phone = f <= l
        && if spaced {
            is_spaced_phone(span)
        } else {
            is_phone(span)
        };
    if phone {
        masked[at + f..=at + l].iter_mut().for_each(|m| *m = true);
    }
    phone
}

/// A run whose groups are held apart by spaces, dots or slashes (`2025/6/14 0166 23 4567`):
/// from each part on, the longest stretch of at most 4 parts that reads as a phone number.
fn mark_parts(run: &[char], at: usize, masked: &mut [bool]) {
    let mut bounds: Vec<usize> = vec![0];
    bounds.extend(
        (0..run.len())
            .filter(|&k| is_weak_sep(run[k]))
            .map(|k| k + 1),
    );
    let mut b = 0;
    while b < bounds.len() {
        let s = bounds[b];
        let found = (b + 1..=(b + 4).min(bounds.len())).rev().find(|&e| {
            let end = if e == bounds.len() {
                run.len()
            } else {
                bounds[e] - 1
            };
            mark_phone(&run[s..end], at + s, masked, e > b + 1)
        });
        b = found.unwrap_or(b + 1);
    }
}

/// Postal codes after their mark, in any spelling: `〒0700031`, `〒 070-0031`, `〒160 0023`,
/// `郵便番号：0700031` — seven digits, the mark kept.
fn mark_postal_codes(chars: &[char], masked: &mut [bool]) {
    const WORD: [char; 4] = ['郵', '便', '番', '号'];
    for at in 0..chars.len() {
        let after = if chars[at] == '〒' {
            at + 1
        } else if chars[at..].starts_with(&WORD) {
            at + WORD.len()
        } else {
            continue;
        };
        let mut s = after;
        while s < chars.len() && (is_weak_sep(chars[s]) || matches!(fold(chars[s]), ':')) {
            s += 1;
        }
        let mut e = s;
        let mut digits = 0;
        while e < chars.len() && digits < 7 {
            let c = fold(chars[e]);
            if c.is_ascii_digit() {
                digits += 1;
            } else if !(c == '-' || is_weak_sep(chars[e])) || digits == 0 {
                break;
            }
            e += 1;
        }
        let more = chars.get(e).is_some_and(|&c| fold(c).is_ascii_digit());
        if digits == 7 && !more {
            masked[s..e].iter_mut().for_each(|m| *m = true);
        }
    }
}

/// `text` with phone numbers and mail addresses replaced, or None when it holds neither.
pub fn mask_shapes(text: &str) -> Option<String> {
    if !text
        .chars()
        .any(|c| fold(c).is_ascii_digit() || fold(c) == '@')
    {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut masked = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if !is_phone_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (is_phone_char(chars[i]) || joins_groups(&chars, start, i)) {
            i += 1;
        }
        let run = &chars[start..i];
        if run.iter().any(|&c| is_weak_sep(c)) {
            mark_parts(run, start, &mut masked);
        } else {
            mark_phone(run, start, &mut masked, false);
        }
    }
    mark_postal_codes(&chars, &mut masked);
    for (at, &c) in chars.iter().enumerate() {
        if fold(c) != '@' {
            continue;
        }
        let mut s = at;
        while s > 0 && is_local_char(chars[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < chars.len() && is_domain_char(chars[e]) {
            e += 1;
        }
        while e > at + 1 && fold(chars[e - 1]) == '.' {
            e -= 1;
        }
        let domain: String = chars[at + 1..e].iter().map(|&c| fold(c)).collect();
        let dot = domain.find('.');
        if s < at && dot.is_some_and(|d| d > 0) {
            masked[s..e].iter_mut().for_each(|m| *m = true);
        }
    }
    if !masked.contains(&true) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut prev = false;
    for (c, m) in chars.iter().zip(&masked) {
        if !m {
            out.push(*c);
        } else if !prev {
            out.push_str(CONTACT_MASK);
        }
        prev = *m;
    }
    Some(out)
}

/// Exact strings to replace in text, longest first at each position, found by a hash lookup
/// per position and length (the known names or contacts of a whole city, hundreds of
/// thousands, against hundreds of thousands of messages).
#[derive(Debug, Default)]
pub struct Replacer {
    to: HashMap<String, String>,
    /// First char → the byte lengths of the strings it opens, longest first.
    lengths: HashMap<char, Vec<usize>>,
}

impl Replacer {
    /// Adds `from` → `to` (the first mapping of a string wins).
    pub fn insert(&mut self, from: &str, to: &str) {
        let Some(first) = from.chars().next() else {
            return;
        };
        if self.to.contains_key(from) {
            return;
        }
        self.to.insert(from.to_string(), to.to_string());
        let v = self.lengths.entry(first).or_default();
        if !v.contains(&from.len()) {
            v.push(from.len());
            v.sort_unstable_by(|a, b| b.cmp(a));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.to.is_empty()
    }

    /// What `from` maps to exactly.
    pub fn get(&self, from: &str) -> Option<&str> {
        self.to.get(from).map(String::as_str)
    }

    /// `text` with every known string replaced, or None when none occurs.
    pub fn replace(&self, text: &str) -> Option<String> {
        if self.to.is_empty() {
            return None;
        }
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or('\0');
            let hit = self.lengths.get(&c).and_then(|lens| {
                lens.iter().find_map(|&n| {
                    let end = i + n;
                    (end <= text.len() && text.is_char_boundary(end))
                        .then(|| self.to.get(&text[i..end]).map(|r| (end, r)))
                        .flatten()
                })
            });
            match hit {
                Some((end, r)) => {
                    let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                    o.push_str(&text[copied..i]);
                    o.push_str(r);
                    copied = end;
                    i = end;
                }
                None => i += c.len_utf8(),
            }
        }
        out.map(|mut o| {
            o.push_str(&text[copied..]);
            o
        })
    }
}

/// The parts of a roster's 連絡先 cell worth finding elsewhere by their exact text: the
/// cell and each part split on spaces and list marks that carries 4 or more letters or digits,
/// a digit, `@`, `_` or `.` among them (`tanaka_1`, `0166-23-4567内線12`), so that a label such
/// as 「自宅」 or `LINE` masks nothing.
pub fn contact_parts(cell: &str) -> Vec<String> {
    let strong = |s: &str| {
        s.chars()
            .filter(|c| fold(*c).is_ascii_alphanumeric())
            .count()
            >= 4
            && s.chars()
                .any(|c| matches!(fold(c), '0'..='9' | '@' | '_' | '.'))
    };
    let mut v: Vec<String> = Vec::new();
    let whole = cell.trim();
    if strong(whole) {
        v.push(whole.to_string());
    }
    for part in whole.split(|c: char| {
        c.is_whitespace() || matches!(c, '、' | ',' | '，' | ';' | '；' | '/' | '／' | '・')
    }) {
        let part = part.trim();
        if strong(part) && !v.iter().any(|p| p == part) {
            v.push(part.to_string());
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        mask_shapes(s).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn phone_numbers_and_mail_addresses_are_masked() {
        for (input, want) in [
            ("0166-23-4567", "（連絡先）"),
            ("090-1234-5678", "（連絡先）"),
            ("09012345678", "（連絡先）"),
            ("9012345678", "（連絡先）"),
            ("（0166）23-4567", "（連絡先）"),
            ("(0166)23-4567", "（連絡先）"),
            ("+81-90-1234-5678", "（連絡先）"),
            ("０９０－１２３４－５６７８", "（連絡先）"),
            ("090ー1234ー5678", "（連絡先）"),
            ("23-4567", "（連絡先）"),
            ("〒070-0031 旭川市", "〒（連絡先） 旭川市"),
            ("TEL:0166-23-4567（自宅）", "TEL:（連絡先）（自宅）"),
            ("田中 一郎（090-1234-5678）", "田中 一郎（（連絡先））"),
            (
                "開催日「090-1234-5678」を日付として読めません",
                "開催日「（連絡先）」を日付として読めません",
            ),
            ("tanaka.ichiro@example.jp", "（連絡先）"),
            ("ｔａｎａｋａ＠ｅｘａｍｐｌｅ．ｊｐ", "（連絡先）"),
            ("メール tanaka@example.co.jp まで", "メール （連絡先） まで"),
            ("a@b.jp、c@d.jp", "（連絡先）、（連絡先）"),
            // Spaces, dots and slashes between the groups.
            ("TEL 0166 23 4567", "TEL （連絡先）"),
            ("０１６６　２３　４５６７", "（連絡先）"),
            ("090.1234.5678", "（連絡先）"),
            ("携帯 090 1234 5678（夜）", "携帯 （連絡先）（夜）"),
            ("0166/23/4567", "（連絡先）"),
            ("FAX: 0166-23-4568", "FAX: （連絡先）"),
            ("FAX 0166.23.4568", "FAX （連絡先）"),
            ("フリーダイヤル 0120-123-456", "フリーダイヤル （連絡先）"),
            ("0120 123 456", "（連絡先）"),
            ("0570-000-111", "（連絡先）"),
            ("+81 90 1234 5678", "（連絡先）"),
            ("2025/6/14 0166 23 4567", "2025/6/14 （連絡先）"),
            // Postal codes after their mark, with or without a hyphen.
            ("〒0700031", "〒（連絡先）"),
            ("〒 070 0031 旭川市", "〒 （連絡先） 旭川市"),
            ("〒１６０－００２３", "〒（連絡先）"),
            ("〒160-0023 東京都", "〒（連絡先） 東京都"),
            ("郵便番号：0700031", "郵便番号：（連絡先）"),
        ] {
            assert_eq!(m(input), want, "{input}");
        }
    }

    #[test]
    fn dates_amounts_and_formulas_keep_their_digits() {
        for input in [
            "2025-06-14",
            "2025/6/14",
            "R7.6.14",
            "令和7年6月14日",
            "2024-2025",
            "R6-R7",
            "20,000円",
            "￥1,000,000,000",
            "500-1000円",
            "6/14",
            "B7",
            "@SUM(A1)",
            "=HYPERLINK(\"http://evil\",\"x\")",
            "user@localhost",
            "第1回コーディネーター研修会（2025-06-14）",
            "光陽中学校区",
            "2025.06.14",
            "R7.6.14 10:00",
            "1.5万円",
            "0.1.0",
            "0.5 0.25 0.125 0.0625",
            "2025 06 14",
            "第3回 20 名",
            "予算 180000 支出 93250",
            "〒12345678",
        ] {
            assert_eq!(mask_shapes(input), None, "{input}");
        }
    }

    #[test]
    fn replacer_takes_the_longest_at_each_position() {
        let mut r = Replacer::default();
        r.insert("田中", "人物002");
        r.insert("田中 一郎", "人物001");
        assert_eq!(
            r.replace("田中 一郎さんと田中さん").as_deref(),
            Some("人物001さんと人物002さん")
        );
        assert_eq!(r.replace("佐藤さん"), None);
    }

    #[test]
    fn contact_cells_split_into_parts_with_letters_or_digits() {
        assert_eq!(
            contact_parts(" 自宅 0166-23-4567内線12、LINE tanaka_1 "),
            vec![
                "自宅 0166-23-4567内線12、LINE tanaka_1",
                "0166-23-4567内線12",
                "tanaka_1"
            ]
        );
        assert!(contact_parts("自宅").is_empty());
    }
}
