//! Trainings: the year's sessions, attendance matched to them (TR002, IN004, CO001),
//! attendees by district and role, and each coordinator's コーディネーター研修会 (TR001, TR003).

use super::coordinators::{shown, Roster};
use super::date_label;
use super::districts::{Districts, Unlisted};
use super::sessions::{
    note_year_shift, place_by_date, place_by_name, sessions_of_year, unknown_date, year_shifted,
    Placed, SessionIndex, ShiftSeen,
};
use super::supporters::SupporterRoster;
use crate::analysis::{AttendeeView, Compliance, CoordinatorView, SessionView};
use crate::calendar::{fiscal_year_of, fy_end, fy_label};
use crate::config::Config;
use crate::finding::catalogue::{IN004, TR001, TR002, TR003};
use crate::finding::{Finding, Severity};
use crate::model::{Attendance, Dataset, SourceRef, TrainingKind};
use crate::names::{district_name, name_key, person_key};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

/// Unknown sessions of one sheet, reported once with the number of rows (at the cell that
/// names the session: a matrix column's header, else the first row's).
struct Unmatched {
    src: SourceRef,
    what: String,
    count: usize,
}

/// The sessions of the year and the coordinators with their training compliance.
#[allow(clippy::too_many_arguments)]
pub(super) fn build(
    data: &Dataset,
    config: &Config,
    fy: i32,
    as_of: NaiveDate,
    dist: &Districts,
    roster: &Roster,
    supporters: &SupporterRoster,
    findings: &mut Vec<Finding>,
) -> (Vec<SessionView>, Vec<CoordinatorView>) {
    let list = sessions_of_year(data, fy, findings);
    let keys: Vec<String> = list.iter().map(|t| name_key(&t.name)).collect();
    let mut by_date: HashMap<NaiveDate, Vec<usize>> = HashMap::default();
    // Exact lookups first: many districts hold their sessions on the same Saturdays, so a
    // scan of a day's sessions per attendance row would grow with districts × rows.
    let mut by_date_name: HashMap<(NaiveDate, &str), usize> = HashMap::default();
    let mut by_key: HashMap<&str, usize> = HashMap::default();
    for (i, t) in list.iter().enumerate() {
        by_date.entry(t.date).or_default().push(i);
        by_date_name.entry((t.date, keys[i].as_str())).or_insert(i);
        by_key.entry(keys[i].as_str()).or_insert(i);
    }
    let index = SessionIndex {
        by_date,
        by_date_name,
        by_key,
        keys: &keys,
    };
    // Attendance rows repeat a handful of session names: normalise each spelling once.
    let mut name_keys: HashMap<&str, String> = HashMap::default();
    let other_years: HashSet<String> = data
        .trainings
        .iter()
        .filter(|t| fiscal_year_of(t.date) != fy)
        .map(|t| name_key(&t.name))
        .collect();
    let mut by_name_memo: HashMap<String, Placed> = HashMap::default();
    // Every listed training's date, whatever its year: attendance dated one of them belongs
    // to that session, also in another fiscal year.
    let listed_dates: HashSet<NaiveDate> = data.trainings.iter().map(|t| t.date).collect();
    // Header cells already reported as stored in the wrong year (one info each).
    let mut shifted: HashSet<ShiftSeen> = HashSet::default();

    let mut sessions: Vec<SessionView> = list
        .iter()
        .map(|t| SessionView {
            name: t.name.clone(),
            kind: t.kind,
            date: t.date,
            venue: t.venue.clone(),
            held: t.date <= as_of,
            attendees: 0,
            by_district: BTreeMap::new(),
            by_role: BTreeMap::new(),
            attendance: Vec::new(),
        })
        .collect();
    // Attendance repeats each person and district over many sessions: each spelling is
    // normalised once, and a person is a number from then on.
    let mut id_of_name: HashMap<&str, u32> = HashMap::default();
    let mut id_of_key: HashMap<String, u32> = HashMap::default();
    let mut people: Vec<String> = Vec::new();
    let person_of_row: Vec<u32> = data
        .attendance
        .iter()
        .map(|a| {
            if a.present != Some(true) {
                return u32::MAX;
            }
            *id_of_name.entry(a.name.as_str()).or_insert_with(|| {
                let key = person_key(&a.name);
                *id_of_key.entry(key).or_insert_with_key(|k| {
                    people.push(k.clone());
                    (people.len() - 1) as u32
                })
            })
        })
        .collect();
    drop(id_of_key);
    // u32::MAX: no district stated. Numbers rather than Options keep these per-row tables
    // small (millions of rows for a large city).
    let mut district_ids: HashMap<&str, u32> = HashMap::default();
    let mut stated_districts: Vec<StatedDistrict> = Vec::new();
    let district_of_row: Vec<u32> = data
        .attendance
        .iter()
        .map(|a| match a.district.as_deref() {
            None => u32::MAX,
            Some(raw) => *district_ids.entry(raw).or_insert_with(|| {
                let short = district_name(raw);
                let known = dist.find(&short).is_some() || !dist.has_list();
                stated_districts.push(StatedDistrict { short, known });
                (stated_districts.len() - 1) as u32
            }),
        })
        .collect();
    drop(district_ids);
    let mut present: HashSet<(u32, u32)> = HashSet::default();
    let mut attended: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut unmatched: Vec<Unmatched> = Vec::new();
    let mut unmatched_at: HashMap<(&str, &str, String), usize> = HashMap::default();
    let mut tr003: HashSet<u32> = HashSet::default();

    for (row, a) in data.attendance.iter().enumerate() {
        let person = person_of_row[row];
        // Only a stated yes counts: a long table without an 出欠 column states yes for
        // every row (ingest), while a blank 出欠 cell says nothing and proves no attendance.
        if a.present != Some(true) {
            continue;
        }
        let key = people[person as usize].as_str();
        if key.is_empty() {
            continue;
        }
        let placed = match (a.session_date, a.session_name.as_deref()) {
            (Some(d), name) if fiscal_year_of(d) != fy => {
                match year_shifted(d, fy, &index, &listed_dates) {
                    Some(s) => {
                        note_year_shift(a, d, s, &mut shifted, findings);
                        let nk = name
                            .map(|n| name_keys.entry(n).or_insert_with(|| name_key(n)).as_str());
                        place_by_date(s, name, nk, &index)
                    }
                    None if listed_dates.contains(&d) => Placed::OtherYear,
                    None => Placed::Unknown(unknown_date(d, name)),
                }
            }
            (Some(d), name) => {
                let nk = name.map(|n| name_keys.entry(n).or_insert_with(|| name_key(n)).as_str());
                place_by_date(d, name, nk, &index)
            }
            (None, Some(name)) => {
                let nk = name_keys.entry(name).or_insert_with(|| name_key(name));
                by_name_memo
                    .entry(nk.clone())
                    .or_insert_with_key(|k| place_by_name(k, name, &index, &other_years, fy))
                    .clone()
            }
            (None, None) => Placed::Unknown("開催日も研修名もない行".to_string()),
        };
        let idx = match placed {
            Placed::OtherYear => continue,
            Placed::Unknown(what) => {
                let k = (&*a.src.file, &*a.src.sheet, what.clone());
                match unmatched_at.get(&k) {
                    Some(&u) => unmatched[u].count += 1,
                    None => {
                        unmatched_at.insert(k, unmatched.len());
                        unmatched.push(Unmatched {
                            src: a.session_src(),
                            what,
                            count: 1,
                        });
                    }
                }
                continue;
            }
            Placed::Session(i) => i,
        };
        // Marks for a session still to come are a plan, not attendance: matched (so no
        // TR002), counted nowhere.
        if !sessions[idx].held {
            continue;
        }
        let stated = stated_districts
            .get(district_of_row[row] as usize)
            .and_then(|d| stated_district(a, d, key, dist, findings));
        if !present.insert((idx as u32, person)) {
            findings.push(
                IN004
                    .at(
                        &a.src,
                        format!(
                            "{}さんの{}（{}）の出席が重複しています",
                            a.name.trim(),
                            list[idx].name,
                            date_label(list[idx].date)
                        ),
                    )
                    .person(key)
                    .subject(format!("attendance|{}|{}|{key}", list[idx].date, keys[idx])),
            );
            continue;
        }
        let coordinator = roster.role_of(key, stated);
        let supporter_row = supporters.find(key, stated);
        let from_roster;
        let district = match stated
            .or_else(|| coordinator.map(|v| v.district.as_str()))
            .filter(|d| !d.is_empty())
        {
            Some(d) => d,
            None => {
                from_roster = supporter_row
                    .map(|r| district_name(&data.supporters[r].district))
                    .unwrap_or_default();
                if from_roster.is_empty() {
                    "不明"
                } else {
                    from_roster.as_str()
                }
            }
        };
        let role = match (coordinator, supporter_row) {
            (Some(v), _) => v.role.label(),
            (None, Some(_)) => "サポーター",
            (None, None) => "その他",
        };
        let s = &mut sessions[idx];
        s.attendees += 1;
        count_in(&mut s.by_district, district);
        count_in(&mut s.by_role, role);
        s.attendance.push(AttendeeView {
            name: coordinator.map_or_else(|| a.name.trim().to_string(), |v| v.name.clone()),
            district: district.to_string(),
            role,
        });
        if s.kind == TrainingKind::Coordinator {
            attended.entry(key).or_default().push(idx);
            if coordinator.is_none() && tr003.insert(person) {
                findings.push(
                    TR003
                        .at(
                            &a.src,
                            format!(
                                "{}（{}）の出席者{}さんはコーディネーター名簿にありません",
                                s.name,
                                date_label(s.date),
                                a.name.trim()
                            ),
                        )
                        .person(key)
                        .subject(key.to_string()),
                );
            }
        }
    }

    for u in unmatched {
        let rows = if u.count > 1 {
            format!("（{}名分）", u.count)
        } else {
            String::new()
        };
        findings.push(
            TR002
                .at(
                    &u.src,
                    format!("出席簿の{}は研修会一覧にありません{rows}", u.what),
                )
                .subject(format!("{}|{}|{}", u.src.file, u.src.sheet, u.what)),
        );
    }

    let coordinators = compliance(
        data, config, fy, as_of, roster, &sessions, &attended, findings,
    );
    (sessions, coordinators)
}

/// One spelling of an attendee's district: its short form, and whether the list has it (or
/// there is no list to check against).
struct StatedDistrict {
    short: String,
    known: bool,
}

/// The attendee's own district, short form; CO001 when it is not in the list.
fn stated_district<'a>(
    a: &Attendance,
    d: &'a StatedDistrict,
    key: &str,
    dist: &Districts,
    findings: &mut Vec<Finding>,
) -> Option<&'a str> {
    if d.short.is_empty() {
        return None;
    }
    if d.known {
        return Some(d.short.as_str());
    }
    findings.push(dist.not_listed(
        &a.src,
        a.district.as_deref().unwrap_or_default(),
        &d.short,
        Unlisted::Person {
            table: "出席簿",
            kind: "attendance",
            name: a.name.trim(),
            key,
        },
    ));
    None
}

/// Adds one to `name`'s count, copying the name only the first time it is counted.
fn count_in(counts: &mut BTreeMap<String, u32>, name: &str) {
    match counts.get_mut(name) {
        Some(n) => *n += 1,
        None => {
            counts.insert(name.to_string(), 1);
        }
    }
}

/// Each coordinator's コーディネーター研修会 of the year, and TR001 for those short of the rule.
#[allow(clippy::too_many_arguments)]
fn compliance(
    data: &Dataset,
    config: &Config,
    fy: i32,
    as_of: NaiveDate,
    roster: &Roster,
    sessions: &[SessionView],
    attended: &HashMap<&str, Vec<usize>>,
    findings: &mut Vec<Finding>,
) -> Vec<CoordinatorView> {
    let required = config.trainings.coordinator_required;
    let coordinator_sessions: Vec<&SessionView> = sessions
        .iter()
        .filter(|s| s.kind == TrainingKind::Coordinator)
        .collect();
    let next = coordinator_sessions.iter().find(|s| !s.held);
    // With no session listed yet, the year is still open until March 31.
    let open = next.is_some() || (coordinator_sessions.is_empty() && as_of < fy_end(fy));
    // A person on two districts' rosters gets one TR001, on the registration whose district
    // comes first by name: the same one whatever the rows' order.
    let mut report_on: HashMap<&str, usize> = HashMap::default();
    for (i, v) in roster.views.iter().enumerate() {
        if roster.active[i] {
            report_on
                .entry(roster.keys[i].as_str())
                .and_modify(|j| {
                    if v.district < roster.views[*j].district {
                        *j = i;
                    }
                })
                .or_insert(i);
        }
    }
    let mut views = Vec::with_capacity(roster.views.len());
    for (i, v) in roster.views.iter().enumerate() {
        let key = &roster.keys[i];
        let mut got: Vec<usize> = attended
            .get(key.as_str())
            .map(|x| {
                x.iter()
                    .copied()
                    // Marks for a session still to come are a plan, not attendance.
                    .filter(|&s| sessions[s].held)
                    .collect()
            })
            .unwrap_or_default();
        got.sort_unstable();
        got.dedup();
        let count = got.len() as u32;
        let state = if count >= required {
            Compliance::Done
        } else if open {
            Compliance::Required
        } else {
            Compliance::Missed
        };
        if state != Compliance::Done && report_on.get(key.as_str()) == Some(&i) {
            let had = if count == 0 {
                "受講していません".to_string()
            } else {
                format!("{count}回しか受講していません（必要 {required}回）")
            };
            let when = match (state, next) {
                (Compliance::Required, Some(n)) => format!("（次回 {}）", date_label(n.date)),
                (Compliance::Required, None) => "（研修会の予定がまだ一覧にありません）".into(),
                _ => "（今年度の研修会は終了しています）".into(),
            };
            let sev = if state == Compliance::Missed {
                Severity::Error
            } else {
                Severity::Warning
            };
            let src = &data.coordinators[roster.rows[i]].src;
            findings.push(
                TR001
                    .at_as(
                        sev,
                        src,
                        format!(
                            "{}: {}さんは{}のコーディネーター研修会を{had}{when}",
                            shown(&v.district),
                            v.name,
                            fy_label(fy)
                        ),
                    )
                    .district(&v.district)
                    .person(key)
                    .subject(format!("{}|{key}", v.district)),
            );
        }
        let mut view = v.clone();
        view.attended_sessions = got;
        view.coordinator_trainings_attended = count;
        view.compliance = state;
        views.push(view);
    }
    views
}
