//! Round trips: a value written in any of the office's spellings reads back as itself.

use chrono::{Datelike, NaiveDate};
use kyodo::calendar::parse_date_text;
use kyodo::calendar::parse_fiscal_year;
use kyodo::calendar::{fiscal_year_of, fy_label, fy_short, wareki};
use kyodo::ingest::value::date_from_serial;
use kyodo::numbers::parse_amount;
use kyodo::numbers::{thousands, yen};
use proptest::prelude::*;

/// ASCII → full width, as a Japanese IME types digits, letters and punctuation.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            ' ' => '\u{3000}',
            _ => c,
        })
        .collect()
}

/// The era letter and era year of a date (R7, H31, S64).
fn era_letter(d: NaiveDate) -> (char, i32) {
    let reiwa = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap();
    let heisei = NaiveDate::from_ymd_opt(1989, 1, 8).unwrap();
    if d >= reiwa {
        ('R', d.year() - 2018)
    } else if d >= heisei {
        ('H', d.year() - 1988)
    } else {
        ('S', d.year() - 1925)
    }
}

/// Every way the office writes a date with its year.
fn date_spellings(d: NaiveDate) -> Vec<String> {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let (era, n) = era_letter(d);
    let weekday =
        ["月", "火", "水", "木", "金", "土", "日"][d.weekday().num_days_from_monday() as usize];
    let mut v = vec![
        format!("{y}-{m:02}-{day:02}"),
        format!("{y}/{m}/{day}"),
        format!("{y}/{m:02}/{day:02}"),
        format!("{y}.{m}.{day}"),
        format!("{y}年{m}月{day}日"),
        format!("{y}{m:02}{day:02}"),
        format!("{y}/{m}/{day} 13:30"),
        format!("{y}年{m}月{day}日 10時～"),
        format!("{era}{n}.{m}.{day}"),
        format!("{era}{n}/{m}/{day}"),
        format!("{era}{n:02}.{m:02}.{day:02}"),
        format!("{}{n}.{m}.{day}", era.to_ascii_lowercase()),
        wareki(d),
        format!("{}({weekday})", wareki(d)),
        format!(" {} ", wareki(d)),
    ];
    let wide: Vec<String> = v.iter().map(|s| full_width(s)).collect();
    v.extend(wide);
    v
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 昭和50年 to the end of the century: every date a roster or ledger holds.
    let start = NaiveDate::from_ymd_opt(1975, 1, 1).unwrap();
    (0i64..45_000).prop_map(move |n| start + chrono::Duration::days(n))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn dates_read_back_in_every_spelling(d in any_date(), fy in 1975i32..2100) {
        for s in date_spellings(d) {
            prop_assert_eq!(parse_date_text(&s, fy), Some(d), "spelling {:?}", s);
        }
    }

    #[test]
    fn dates_without_a_year_take_the_fiscal_years(d in any_date()) {
        let fy = fiscal_year_of(d);
        let (m, day) = (d.month(), d.day());
        for s in [format!("{m}/{day}"), format!("{m}月{day}日"), full_width(&format!("{m}/{day}"))] {
            prop_assert_eq!(parse_date_text(&s, fy), Some(d), "spelling {:?}", s);
        }
    }

    #[test]
    fn date_serials_read_back(d in any_date(), offset in 0.0f64..0.999) {
        let serial_1900 = (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
        let serial_1904 = (d - NaiveDate::from_ymd_opt(1904, 1, 1).unwrap()).num_days() as f64;
        // A time of day in the serial's fraction is not part of the date.
        prop_assert_eq!(date_from_serial(serial_1900 + offset, false), Some(d));
        prop_assert_eq!(date_from_serial(serial_1904 + offset, true), Some(d));
    }

    #[test]
    fn amounts_read_back_in_every_spelling(n in -1_000_000_000_000i64..1_000_000_000_000) {
        let t = thousands(n.abs());
        let mut v = vec![n.to_string(), thousands(n), yen(n), format!("{}円", thousands(n))];
        if n >= 0 {
            v.extend([
                format!("￥{t}"),
                format!("\\{t}"),
                format!("金{t}円也"),
                format!("¥{t}-"),
                format!("{t} 円"),
            ]);
        } else {
            v.extend([format!("△{t}"), format!("▲{t}"), format!("△{t}円")]);
        }
        if n % 10_000 == 0 {
            v.push(format!("{}万円", n / 10_000));
        }
        if n % 1_000 == 0 {
            v.push(format!("{}千円", n / 1_000));
        }
        let wide: Vec<String> = v.iter().map(|s| full_width(s)).collect();
        v.extend(wide);
        for s in v {
            prop_assert_eq!(parse_amount(&s), Some(n), "spelling {:?}", s);
        }
    }

    #[test]
    fn amounts_in_man_with_a_fraction(man in 0i64..100_000, tenths in 0i64..10) {
        // 「1.5万円」 is how a receipt abbreviates 15,000.
        let s = format!("{man}.{tenths}万円");
        prop_assert_eq!(parse_amount(&s), Some(man * 10_000 + tenths * 1_000));
    }

    #[test]
    fn fiscal_years_read_back_in_every_spelling(y in 1950i32..2100) {
        let short = fy_short(y);
        let mut v = vec![
            y.to_string(),
            format!("{y}年度"),
            fy_label(y),
            short.clone(),
            format!("{short}年度"),
            short.to_ascii_lowercase(),
        ];
        let wide: Vec<String> = v.iter().map(|s| full_width(s)).collect();
        v.extend(wide);
        for s in v {
            prop_assert_eq!(parse_fiscal_year(&s), Some(y), "spelling {:?}", s);
        }
    }
}
