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
