//! The attendance-to-session join: which of the year's trainings an attendance row (or a
//! matrix column) stands for — by date, by date and name, by name alone — with a date Excel
//! stored in the wrong year counted for its session (IN003 info), and a training listed twice
//! in one sheet IN004. `trainings.rs` counts and reports what this places.

use super::date_label;
use crate::calendar::{fiscal_year_of, fy_label};
use crate::finding::catalogue::{IN003, IN004};
use crate::finding::{Finding, Severity};
use crate::model::{Attendance, Dataset, SourceRef, Training};
use crate::names::name_key;
use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Where an attendance row belongs.
#[derive(Clone)]
pub(super) enum Placed {
    Session(usize),
    /// Another fiscal year's session: kept apart silently.
    OtherYear,
    /// No session of the list fits; the text quotes what the row says.
    Unknown(String),
}

/// The year's trainings in date order (table order within a day); a row repeated in one
/// sheet is IN004, a training listed again in another file is the same session.
pub(super) fn sessions_of_year<'a>(
    data: &'a Dataset,
    fy: i32,
    findings: &mut Vec<Finding>,
) -> Vec<&'a Training> {
    let mut seen: HashMap<(NaiveDate, String), &SourceRef> = HashMap::default();
    let mut list = Vec::new();
    for t in &data.trainings {
        if fiscal_year_of(t.date) != fy {
            continue;
        }
        let k = (t.date, name_key(&t.name));
        if let Some(first) = seen.get(&k) {
            if first.file == t.src.file && first.sheet == t.src.sheet {
                findings.push(
                    IN004
                        .at(
                            &t.src,
                            format!(
                                "研修会「{}」（{}）が研修会一覧に重複しています",
                                t.name,
                                date_label(t.date)
                            ),
                        )
                        .subject(format!("trainings|{}|{}", t.date, k.1)),
                );
            }
            continue;
        }
        seen.insert(k, &t.src);
        list.push(t);
    }
    list.sort_by_key(|t| t.date);
    list
}

/// Names match when one contains the other (「第1回コーディネーター研修会」 ⊇ 「コーディネーター研修会」).
fn names_match(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a.contains(b) || b.contains(a))
}

/// The year's sessions, looked up by date, by date and name key, and by name key.
pub(super) struct SessionIndex<'a> {
    pub by_date: HashMap<NaiveDate, Vec<usize>>,
    pub by_date_name: HashMap<(NaiveDate, &'a str), usize>,
    pub by_key: HashMap<&'a str, usize>,
    pub keys: &'a [String],
}

pub(super) fn place_by_date(
    d: NaiveDate,
    name: Option<&str>,
    nk: Option<&str>,
    ix: &SessionIndex,
) -> Placed {
    if let Some(&i) = nk.and_then(|k| ix.by_date_name.get(&(d, k))) {
        return Placed::Session(i);
    }
    let keys = ix.keys;
    let Some(cands) = ix.by_date.get(&d) else {
        return Placed::Unknown(unknown_date(d, name));
    };
    // Several trainings on one day and no exact name: a close name decides, else the
    // first of the day.
    let nk = nk.unwrap_or_default();
    let pick = cands
        .iter()
        .find(|&&i| names_match(&keys[i], nk))
        .or_else(|| cands.first());
    match pick {
        Some(&i) => Placed::Session(i),
        None => Placed::Unknown(format!("{}の研修会", date_label(d))),
    }
}

/// How TR002 quotes a session by its date (and name).
pub(super) fn unknown_date(d: NaiveDate, name: Option<&str>) -> String {
    match name {
        Some(n) if !n.trim().is_empty() => format!("{}の「{}」", date_label(d), n.trim()),
        _ => format!("{}の研修会", date_label(d)),
    }
}

/// The session of the year a date outside it stands for, when Excel stored a year-less
/// `6/14` in the calendar year it was typed in: such a date is one year off, and in one
/// direction only — an April–December session typed in the following January–May lands a
/// year late, a January–March session typed during April–December a year early. A date some
/// listed training (of any year) holds is that training's, never shifted; the shifted date
/// must be a session of the year.
pub(super) fn year_shifted(
    d: NaiveDate,
    fy: i32,
    ix: &SessionIndex,
    listed: &HashSet<NaiveDate>,
) -> Option<NaiveDate> {
    use chrono::Datelike;
    if listed.contains(&d) {
        return None;
    }
    let s = match d.month() {
        4..=12 if d.year() == fy + 1 => d.with_year(fy)?,
        1..=3 if d.year() == fy => d.with_year(fy + 1)?,
        _ => return None,
    };
    ix.by_date.contains_key(&s).then_some(s)
}

/// A wrong-year date already reported: file, sheet, header cell (none for a long table's
/// rows), the date as stored.
pub(super) type ShiftSeen<'a> = (&'a str, &'a str, Option<(u32, u16)>, NaiveDate);

/// IN003 (info), once per header cell (or per sheet and date in a long table): a date stored
/// in the wrong year, counted for the session of the year with its month and day.
pub(super) fn note_year_shift<'a>(
    a: &'a Attendance,
    stored: NaiveDate,
    session: NaiveDate,
    seen: &mut HashSet<ShiftSeen<'a>>,
    findings: &mut Vec<Finding>,
) {
    if !seen.insert((&*a.src.file, &*a.src.sheet, a.session_at, stored)) {
        return;
    }
    let at = a.session_src();
    findings.push(
        IN003.at_as(Severity::Info, &at,
            format!(
                "出席簿の日付 {} は年度の外です。年を付けずに入力した「{}」をExcelが別の年の日付にしたものとみなし、{}の研修会として数えました（年まで入力すると確実です）",
                date_label(stored),
                session.format("%-m/%-d"),
                date_label(session)
            ),
        )
        .subject(format!("{}|{}|year-shift|{stored}", at.file, at.sheet)),
    );
}

pub(super) fn place_by_name(
    nk: &str,
    name: &str,
    ix: &SessionIndex,
    other_years: &HashSet<String>,
    fy: i32,
) -> Placed {
    if let Some(&i) = ix.by_key.get(nk) {
        return Placed::Session(i);
    }
    let keys = ix.keys;
    let found: Vec<usize> = (0..keys.len())
        .filter(|&i| names_match(&keys[i], nk))
        .collect();
    match found.as_slice() {
        [i] => Placed::Session(*i),
        [] if other_years.contains(nk) => Placed::OtherYear,
        [] => Placed::Unknown(format!("「{}」", name.trim())),
        _ => Placed::Unknown(format!(
            "「{}」（{}に同じ名前の研修会が複数あり、開催日がないため決められません）",
            name.trim(),
            fy_label(fy)
        )),
    }
}
