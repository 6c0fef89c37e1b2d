//! Numbers as the office writes them in text: 「180,000」, 「¥16,500」, 「-¥300」; and digests
//! as hex (file SHA-256 in the inventory, person ids).

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
}
