//! Coordinator rosters: one view per person and district, the staffing counts of each
//! district, unknown districts (CO001), double registrations (CO002) and duplicate rows (IN004).

use super::districts::{Districts, Unlisted};
use crate::analysis::{Compliance, CoordinatorView};
use crate::finding::catalogue::{CO002, IN004};
use crate::finding::Finding;
use crate::model::{Coordinator, Dataset, Role};
use crate::names::{district_name, person_key};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

/// The coordinators on the rosters, with lookups for the training rules.
pub(super) struct Roster {
    pub views: Vec<CoordinatorView>,
    /// Person key of each view.
    pub keys: Vec<String>,
    /// The roster row (name cell) of each view.
    pub rows: Vec<usize>,
    /// Whether each view's coordinator serves on the as-of date.
    pub active: Vec<bool>,
    /// Person key → view indices, roster order.
    pub by_person: HashMap<String, Vec<usize>>,
}

impl Roster {
    /// The role of a person, preferring their entry in `district` when they have several.
    pub fn role_of(&self, key: &str, district: Option<&str>) -> Option<&CoordinatorView> {
        let idx = self.by_person.get(key)?;
        let pick = district
            .and_then(|d| idx.iter().find(|&&i| self.views[i].district == d))
            .or_else(|| idx.first())?;
        self.views.get(*pick)
    }
}

/// Serving on `as_of`: appointed on or before it, not retired before it.
pub(super) fn serving(c: &Coordinator, as_of: NaiveDate) -> bool {
    c.appointed.is_none_or(|a| a <= as_of) && c.retired.is_none_or(|r| r >= as_of)
}

/// Reads the rosters into views and fills each district's staff and resident counts.
pub(super) fn build(
    data: &Dataset,
    as_of: NaiveDate,
    dist: &mut Districts,
    findings: &mut Vec<Finding>,
) -> Roster {
    let mut roster = Roster {
        views: Vec::new(),
        keys: Vec::new(),
        rows: Vec::new(),
        active: Vec::new(),
        by_person: HashMap::default(),
    };
    let mut in_sheet: HashSet<(&str, &str, String, String)> = HashSet::default();
    let mut seen: HashMap<(String, String), usize> = HashMap::default();
    // Person key → the districts where the person serves (for CO002). Found before the
    // rows are walked, so that which registration is reported does not depend on row order:
    // the first district by name is the person's own, every other one is a CO002.
    let mut serves_in: HashMap<String, BTreeSet<String>> = HashMap::default();
    for c in &data.coordinators {
        if matches!(c.role, Role::Staff | Role::Resident) && serving(c, as_of) {
            let key = person_key(&c.name);
            if !key.is_empty() {
                serves_in
                    .entry(key)
                    .or_default()
                    .insert(district_name(&c.district));
            }
        }
    }

    for (row, c) in data.coordinators.iter().enumerate() {
        let key = person_key(&c.name);
        if key.is_empty() {
            continue;
        }
        let dkey = district_name(&c.district);
        if !in_sheet.insert((&c.src.file, &c.src.sheet, key.clone(), dkey.clone())) {
            findings.push(
                IN004
                    .at(
                        &c.src,
                        format!(
                            "{}（{}）がコーディネーター名簿に重複しています",
                            c.name,
                            shown(&dkey)
                        ),
                    )
                    .district(&dkey)
                    .person(&key)
                    .subject(format!("coordinators|{dkey}|{key}")),
            );
            continue;
        }
        // The same person and district in another file (a master roster beside the
        // districts' own) is one coordinator.
        if seen.contains_key(&(key.clone(), dkey.clone())) {
            continue;
        }
        // General and chief coordinators serve the whole city: their 中学校区 cell may hold
        // 統括本部 or nothing, and they are neither checked nor counted per district.
        let tied = matches!(c.role, Role::Staff | Role::Resident);
        let known = dist.find(&dkey);
        if tied && known.is_none() && dist.has_list() {
            findings.push(dist.not_listed(
                &c.district_at,
                &c.district,
                &dkey,
                Unlisted::Person {
                    table: "コーディネーター名簿",
                    kind: "coordinators",
                    name: &c.name,
                    key: &key,
                },
            ));
        }
        let active = serving(c, as_of);
        if tied && active {
            let first = serves_in.get(&key).and_then(|d| d.first());
            if let Some(first) = first {
                if *first != dkey {
                    findings.push(
                        CO002
                            .at(
                                &c.district_at,
                                format!(
                                    "{}さんが{}と{}の両方にコーディネーターとして登録されています",
                                    c.name,
                                    shown(first),
                                    shown(&dkey)
                                ),
                            )
                            .district(&dkey)
                            .person(&key)
                            .subject(format!("{key}|{first}|{dkey}")),
                    );
                }
            }
            if let Some(i) = known {
                let v = &mut dist.views[i];
                match c.role {
                    Role::Staff => v.staff += 1,
                    Role::Resident => {
                        v.residents += 1;
                        for a in &c.affiliations {
                            if !v.resident_affiliations.contains(a) {
                                v.resident_affiliations.push(a.clone());
                            }
                        }
                    }
                    Role::General | Role::Chief => {}
                }
            }
        }
        let vi = roster.views.len();
        seen.insert((key.clone(), dkey.clone()), vi);
        roster.by_person.entry(key.clone()).or_default().push(vi);
        roster.keys.push(key);
        roster.rows.push(row);
        roster.active.push(active);
        roster.views.push(CoordinatorView {
            name: c.name.clone(),
            district: dkey,
            role: c.role,
            affiliations: c.affiliations.clone(),
            appointed: c.appointed,
            retired: c.retired,
            attended_sessions: Vec::new(),
            coordinator_trainings_attended: 0,
            compliance: Compliance::Done,
        });
    }
    roster
}

/// A district for messages: the name, or 「（空欄）」.
pub(super) fn shown(d: &str) -> &str {
    if d.is_empty() {
        "（空欄）"
    } else {
        d
    }
}
