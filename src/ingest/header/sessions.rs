//! The session columns of an attendance matrix: a column headed by a session's date
//! (a date cell, `6/14`, `R7.10.18`) or its name (`第2回コーディネーター研修会`).

use super::{normalize_header, Session, SESSION_NAME_KEYS};
use crate::calendar::parse_date_text;
use crate::ingest::sheet::{Row, Val};

/// Columns headed by a session: a date cell, date text (`6/14`, `R7.10.18`) or a training's name.
pub(super) fn session_columns(row: &Row, fy: i32) -> Vec<(u16, Session)> {
    row.cells
        .iter()
        .filter_map(|(c, v)| {
            let s = match v {
                Val::Date(d, _) => Session {
                    date: Some(*d),
                    name: None,
                },
                Val::Text(s) => session_header(s, fy)?,
                _ => return None,
            };
            Some((*c, s))
        })
        .collect()
}

/// A matrix column header naming a session: `6/14`, `R7.10.18`, `6/14(土)`,
/// `第1回(6/14)`, `第2回コーディネーター研修会`, `第3回`.
pub(super) fn session_header(s: &str, fy: i32) -> Option<Session> {
    if let Some(d) = parse_date_text(s, fy) {
        return Some(Session {
            date: Some(d),
            name: None,
        });
    }
    let n: String = crate::names::nfkc_chars(s).collect();
    let n = n.trim();
    // 「第1回（6/14）」: a name with its date in brackets.
    if let Some((before, inside)) = n.split_once('(') {
        let inside = inside.trim_end_matches(')');
        if let Some(d) = parse_date_text(inside, fy) {
            let name = before.trim();
            return Some(Session {
                date: Some(d),
                name: (!name.is_empty()).then(|| name.to_string()),
            });
        }
    }
    let key = normalize_header(n);
    if SESSION_NAME_KEYS.contains(&key.as_str()) {
        return None;
    }
    // A training's name, not a sentence about trainings.
    let training = key.contains("研修") && key.chars().count() <= 30 && !key.contains(['。', '、']);
    let numbered = key
        .strip_prefix('第')
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
        .is_some_and(|r| r.len() < key.len() - '第'.len_utf8() && r.starts_with('回'));
    (training || numbered).then(|| Session {
        date: None,
        name: Some(s.trim().to_string()),
    })
}
