//! Supporters and activities: the supporter rosters (IN004, CO001), the year's activities
//! per district, supporters named in activities who are on no roster (AC001) or without
//! volunteer insurance on the day (SU001).

use super::coordinators::shown;
use super::date_label;
use super::districts::{Districts, Unlisted};
use crate::analysis::SupporterView;
use crate::calendar::fiscal_year_of;
use crate::finding::catalogue::{AC001, IN004, SU001};
use crate::finding::Finding;
use crate::model::{Activity, Dataset, Supporter};
use crate::names::{district_name, person_key};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

/// The supporters on the rosters, with a lookup by person key.
pub(super) struct SupporterRoster {
    pub views: Vec<SupporterView>,
    /// Person key → indices into `data.supporters` of the kept rows (one per district).
    pub by_person: HashMap<String, Vec<usize>>,
    /// District key of each kept roster row.
    pub district_of_row: HashMap<usize, String>,
}

impl SupporterRoster {
    /// The roster row of a person, preferring the one in `district`.
    pub fn find(&self, key: &str, district: Option<&str>) -> Option<usize> {
        let rows = self.by_person.get(key)?;
        district
            .and_then(|d| {
                rows.iter()
                    .copied()
                    .find(|&i| self.district_of_row.get(&i).is_some_and(|x| x == d))
            })
            .or_else(|| rows.first().copied())
    }
}

/// Reads the supporter rosters; fills each district's supporter and insured counts.
pub(super) fn roster(
    data: &Dataset,
    fy: i32,
    dist: &mut Districts,
    findings: &mut Vec<Finding>,
) -> SupporterRoster {
    let mut out = SupporterRoster {
        views: Vec::new(),
        by_person: HashMap::default(),
        district_of_row: HashMap::default(),
    };
    let mut in_sheet: HashSet<(&str, &str, String, String)> = HashSet::default();
    let mut seen: HashSet<(String, String)> = HashSet::default();
    for (row, s) in data.supporters.iter().enumerate() {
        let key = person_key(&s.name);
        if key.is_empty() {
            continue;
        }
        let dkey = district_name(&s.district);
        if !in_sheet.insert((&s.src.file, &s.src.sheet, key.clone(), dkey.clone())) {
            findings.push(
                IN004
                    .at(
                        &s.src,
                        format!(
                            "{}（{}）がサポーター名簿に重複しています",
                            s.name,
                            shown(&dkey)
                        ),
                    )
                    .district(&dkey)
                    .person(&key)
                    .subject(format!("supporters|{dkey}|{key}")),
            );
            continue;
        }
        if !seen.insert((key.clone(), dkey.clone())) {
            continue;
        }
        match dist.find(&dkey) {
            Some(i) => {
                let v = &mut dist.views[i];
                v.supporters += 1;
                if insured_in_year(s, fy) {
                    v.insured_supporters += 1;
                }
            }
            None if dist.has_list() => {
                findings.push(dist.not_listed(
                    &s.district_at,
                    &s.district,
                    &dkey,
                    Unlisted::Person {
                        table: "サポーター名簿",
                        kind: "supporters",
                        name: &s.name,
                        key: &key,
                    },
                ));
            }
            None => {}
        }
        out.by_person.entry(key).or_default().push(row);
        out.district_of_row.insert(row, dkey.clone());
        out.views.push(SupporterView {
            name: s.name.clone(),
            district: dkey,
            insured: s.insured,
            insured_on: s.insured_on,
        });
    }
    out
}

/// Insured for the fiscal year: enrolled, and not in an earlier year (cover ends March 31).
fn insured_in_year(s: &Supporter, fy: i32) -> bool {
    s.insured == Some(true) && s.insured_on.is_none_or(|d| fiscal_year_of(d) == fy)
}

/// Volunteer insurance covers an activity: enrolled, and (date of enrolment unknown, or
/// enrolled before the activity day in the activity's fiscal year — cover starts the day
/// after enrolment and ends March 31).
pub(super) fn covered(s: &Supporter, on: NaiveDate) -> bool {
    s.insured == Some(true)
        && s.insured_on
            .is_none_or(|d| d < on && fiscal_year_of(d) == fiscal_year_of(on))
}

/// What is wrong with a supporter an activity names: AC001 or SU001.
#[derive(Clone, Copy)]
enum Gap {
    Unlisted,
    Uninsured,
}

/// Problems with one supporter across the year's activities, reported once on the first.
struct Problem<'a> {
    first: &'a Activity,
    name: &'a str,
    count: usize,
}

/// The year's activities: per-district figures, AC001 and SU001.
pub(super) fn activities(
    data: &Dataset,
    fy: i32,
    dist: &mut Districts,
    roster: &SupporterRoster,
    findings: &mut Vec<Finding>,
) {
    // Keyed by (district, person key) so output order is deterministic.
    let mut unlisted: BTreeMap<(String, String), Problem> = BTreeMap::new();
    let mut uninsured: BTreeMap<(String, String), Problem> = BTreeMap::new();
    let mut order: Vec<(Gap, (String, String))> = Vec::new();
    for a in data.activities.iter() {
        if fiscal_year_of(a.date) != fy {
            continue;
        }
        let dkey = district_name(&a.district);
        match dist.find(&dkey) {
            Some(i) => {
                let v = &mut dist.views[i];
                let cat = if a.category.trim().is_empty() {
                    "未分類".to_string()
                } else {
                    a.category.trim().to_string()
                };
                *v.activities_by_category.entry(cat).or_default() += 1;
                v.children = v.children.saturating_add(a.children.unwrap_or(0));
            }
            None if dist.has_list() => {
                findings.push(dist.not_listed(
                    &a.district_at,
                    &a.district,
                    &dkey,
                    Unlisted::Activity {
                        name: &a.name,
                        date: a.date,
                    },
                ));
            }
            None => {}
        }
        let mut named: HashSet<String> = HashSet::default();
        for name in &a.supporters {
            let key = person_key(name);
            if key.is_empty() || !named.insert(key.clone()) {
                continue;
            }
            let (map, gap) = match roster.find(&key, Some(&dkey)) {
                None => (&mut unlisted, Gap::Unlisted),
                Some(row) if !covered(&data.supporters[row], a.date) => {
                    (&mut uninsured, Gap::Uninsured)
                }
                Some(_) => continue,
            };
            let k = (dkey.clone(), key);
            match map.get_mut(&k) {
                Some(p) => p.count += 1,
                None => {
                    order.push((gap, k.clone()));
                    map.insert(
                        k,
                        Problem {
                            first: a,
                            name,
                            count: 1,
                        },
                    );
                }
            }
        }
    }
    for (gap, k) in order {
        let (map, rule, what) = match gap {
            Gap::Unlisted => (&unlisted, AC001, "サポーター名簿にありません"),
            Gap::Uninsured => (
                &uninsured,
                SU001,
                "その日にボランティア保険の補償がありません",
            ),
        };
        let Some(p) = map.get(&k) else { continue };
        let more = if p.count > 1 {
            format!("（ほか{}件）", p.count - 1)
        } else {
            String::new()
        };
        let msg = format!(
            "{}: 活動「{}」（{}）のサポーター{}さんは{what}{more}",
            shown(&k.0),
            p.first.name,
            date_label(p.first.date),
            p.name.trim()
        );
        findings.push(
            rule.at(&p.first.supporters_at, msg)
                .district(&k.0)
                .person(&k.1)
                .subject(format!("{}|{}", k.0, k.1)),
        );
    }
}
