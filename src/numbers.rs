//! Numbers as the office writes them in text: 「180,000」, 「¥16,500」, 「-¥300」; and digests
//! as hex (file SHA-256 in the inventory, person ids); yen as typed (`2万円`, `△500`) read back.

use crate::names::nfkc_chars;

/// Thousands separators: `thousands(-1234567)` = 「-1,234,567」.
pub fn thousands(n: i64) -> String {
    if n < 0 {
        format!("-{}", group(n.unsigned_abs()))
    } else {
        group(n.unsigned_abs())
    }
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A yen amount: `yen(16500)` = 「¥16,500」, `yen(-300)` = 「-¥300」.
pub fn yen(amount: i64) -> String {
    if amount < 0 {
        format!("-¥{}", group(amount.unsigned_abs()))
    } else {
        format!("¥{}", group(amount.unsigned_abs()))
    }
}

/// A configured ratio as a label: 0.8 → 「80%」, 0.875 → 「87.5%」.
pub fn ratio_label(r: f64) -> String {
    let tenths = (r * 1000.0).round() as i64;
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, (tenths % 10).abs())
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_spellings() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(180_000), "180,000");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
        assert_eq!(yen(16_500), "¥16,500");
        assert_eq!(yen(-300), "-¥300");
        assert_eq!(yen(0), "¥0");
        assert_eq!(yen(i64::MIN), "-¥9,223,372,036,854,775,808");
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
}
