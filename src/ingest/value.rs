//! Cell values as the office writes them: dates, 和暦, fiscal years, yen, yes/no, 区分 words,
//! names. Pure functions on text; the cell-type side (date cells, serials) is `sheet::Val`.

use crate::model::{Role, Status, TrainingKind};
use crate::names::nfkc_chars;
use chrono::NaiveDate;

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
