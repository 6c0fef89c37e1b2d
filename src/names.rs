//! Who is the same person, district, training or 費目: the match keys every stage shares.
//! NFKC (full-width digits, letters and spaces folded), a person's name key (honorifics off,
//! variant kanji folded), a district's short form, a stable person id and the key of a
//! training or category name. Reports show the inputs' own spelling, never a key.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// The characters of `s` after NFKC, without the normaliser's work (or an allocation) when
/// the text is already normalised, as most cells are: this runs on every cell read.
pub fn nfkc_chars(s: &str) -> Nfkc<'_> {
    if is_nfkc(s) {
        Nfkc::Same(s.chars())
    } else {
        Nfkc::Changed(s.nfkc())
    }
}

/// Whether `s` is certainly in NFKC already (the quick check; "maybe" counts as no).
pub fn is_nfkc(s: &str) -> bool {
    unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
}

/// Iterator of [`nfkc_chars`].
pub enum Nfkc<'a> {
    Same(std::str::Chars<'a>),
    Changed(unicode_normalization::Recompositions<std::str::Chars<'a>>),
}

impl Iterator for Nfkc<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            Nfkc::Same(c) => c.next(),
            Nfkc::Changed(c) => c.next(),
        }
    }
}

/// NFKC with surrounding whitespace trimmed (full-width digits, letters and spaces folded).
pub fn nfkc(s: &str) -> String {
    nfkc_chars(s).collect::<String>().trim().to_string()
}

/// The key a person's name is matched by: NFKC, no spaces, no trailing 様/さん/氏, old and
/// variant kanji folded (髙→高 …). Reports show the roster's spelling, never this.
pub fn person_key(name: &str) -> String {
    let mut k: String = nfkc_chars(name)
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
    let k: String = nfkc_chars(s).filter(|c| !c.is_whitespace()).collect();
    for suffix in ["中学校区", "中学校", "校区", "中"] {
        if let Some(stripped) = k.strip_suffix(suffix) {
            if !stripped.is_empty() {
                return stripped.to_string();
            }
        }
    }
    k
}

/// A stable identifier of a person that is not the name: the first 16 hex digits of the
/// SHA-256 of the name's match key. summary.json lists supporters by it, so that the next run
/// can tell who was added or gone without a file of names; it is not anonymous (a guessed
/// name can be checked against it), which is why `--redact` replaces names before it is made.
pub fn person_id(name: &str) -> String {
    let digest = Sha256::digest(person_key(name).as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // The first 8 bytes as 16 hex digits, as numbers::hex writes them (names stays below it).
    format!("{:016x}", u64::from_be_bytes(first))
}

/// A training or activity name for matching: NFKC, no spaces at all.
pub fn name_key(s: &str) -> String {
    nfkc_chars(s).filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_ids_are_the_first_16_hex_digits_of_the_key_digest() {
        let digest = Sha256::digest("高橋太郎".as_bytes());
        assert_eq!(
            person_id("髙橋　太郎 様"),
            crate::numbers::hex(&digest[..8])
        );
        assert_eq!(person_id("髙橋　太郎 様").len(), 16);
    }

    #[test]
    fn names_and_districts() {
        assert_eq!(person_key("髙橋　太郎 様"), "高橋太郎");
        assert_eq!(person_key("齋藤花子さん"), "斎藤花子");
        assert_eq!(district_name("光陽中学校区"), "光陽");
        assert_eq!(district_name("光陽中"), "光陽");
        assert_eq!(district_name("光陽"), "光陽");
        assert_eq!(district_name("神居東中学校"), "神居東");
        assert_eq!(district_name("中"), "中");
    }
}
