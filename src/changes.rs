//! The month-over-month view: this run against the previous run's summary.json.
//!
//! A finding is the same finding when its identity (id + what it is about, not its row)
//! matches, so inserting a row in a roster does not make every finding new.

use crate::analysis::Analysis;
use crate::ingest::value::person_key;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A finding's standing against the previous run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Mark {
    /// 新規
    New,
    /// 継続
    Continuing,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::New => "新規",
            Mark::Continuing => "継続",
        }
    }
}

/// A finding of the previous run that is gone now (解消).
#[derive(Clone, Debug, Serialize)]
pub struct Resolved {
    pub id: String,
    pub severity: String,
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub message: String,
}

/// A person added to or gone from a roster.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RosterChange {
    pub name: String,
    pub district: String,
}

/// One district's spending now and at the previous run.
#[derive(Clone, Debug, Serialize)]
pub struct SpendingChange {
    pub district: String,
    pub previous: i64,
    pub now: i64,
    pub since: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Changes {
    /// The previous run's folder and as-of date.
    pub previous: String,
    pub previous_as_of: String,
    /// Identity → mark, for every current finding.
    #[serde(skip)]
    pub marks: BTreeMap<String, Mark>,
    pub new_findings: usize,
    pub continuing_findings: usize,
    pub resolved: Vec<Resolved>,
    pub coordinators_added: Vec<RosterChange>,
    pub coordinators_gone: Vec<RosterChange>,
    pub supporters_added: Vec<RosterChange>,
    pub supporters_gone: Vec<RosterChange>,
    pub spending: Vec<SpendingChange>,
}

/// The newest earlier run beside `out`: a sibling folder named by an ISO date before
/// `as_of` that holds a summary.json.
pub fn find_previous(out: &Path, as_of: NaiveDate) -> Option<PathBuf> {
    let parent = out.parent()?;
    let mut best: Option<(NaiveDate, PathBuf)> = None;
    for entry in std::fs::read_dir(parent).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(d) = NaiveDate::parse_from_str(&name, "%Y-%m-%d") else {
            continue;
        };
        if d >= as_of || !entry.path().join("summary.json").is_file() {
            continue;
        }
        if best.as_ref().is_none_or(|(b, _)| d > *b) {
            best = Some((d, entry.path()));
        }
    }
    best.map(|(_, p)| p)
}

/// Reads a previous run's summary.json.
pub fn read_previous(dir: &Path) -> Result<Value, String> {
    let path = dir.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn roster(v: &Value, key: &str) -> BTreeMap<(String, String), RosterChange> {
    let mut out = BTreeMap::new();
    for p in v.get(key).and_then(Value::as_array).into_iter().flatten() {
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        let district = p
            .get("district")
            .and_then(Value::as_str)
            .unwrap_or_default();
        out.insert(
            (person_key(name), district.to_string()),
            RosterChange {
                name: name.to_string(),
                district: district.to_string(),
            },
        );
    }
    out
}

fn current<'a>(
    people: impl Iterator<Item = (&'a String, &'a String)>,
) -> BTreeMap<(String, String), RosterChange> {
    people
        .map(|(name, district)| {
            (
                (person_key(name), district.clone()),
                RosterChange {
                    name: name.clone(),
                    district: district.clone(),
                },
            )
        })
        .collect()
}

fn diff(
    before: &BTreeMap<(String, String), RosterChange>,
    now: &BTreeMap<(String, String), RosterChange>,
) -> (Vec<RosterChange>, Vec<RosterChange>) {
    let added = now
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, v)| v.clone())
        .collect();
    let gone = before
        .iter()
        .filter(|(k, _)| !now.contains_key(*k))
        .map(|(_, v)| v.clone())
        .collect();
    (added, gone)
}

/// Compares the current analysis with a previous run's summary.json.
pub fn compare(previous: &Value, previous_dir: &Path, a: &Analysis) -> Changes {
    let before_keys: BTreeSet<String> = previous
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.get("key").and_then(Value::as_str).map(str::to_string))
        .collect();
    let mut marks = BTreeMap::new();
    for f in &a.findings {
        let key = f.identity();
        let mark = if before_keys.contains(&key) {
            Mark::Continuing
        } else {
            Mark::New
        };
        marks.insert(key, mark);
    }
    let str_of = |f: &Value, k: &str| {
        f.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let resolved: Vec<Resolved> = previous
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|f| {
            f.get("key")
                .and_then(Value::as_str)
                .is_some_and(|k| !marks.contains_key(k))
        })
        .map(|f| Resolved {
            id: str_of(f, "id"),
            severity: str_of(f, "severity"),
            file: str_of(f, "file"),
            sheet: str_of(f, "sheet"),
            cell: str_of(f, "cell"),
            message: str_of(f, "message"),
        })
        .collect();

    let (coordinators_added, coordinators_gone) = diff(
        &roster(previous, "coordinators"),
        &current(a.coordinators.iter().map(|c| (&c.name, &c.district))),
    );
    let (supporters_added, supporters_gone) = diff(
        &roster(previous, "supporters"),
        &current(a.supporters.iter().map(|s| (&s.name, &s.district))),
    );

    let before_spent: BTreeMap<String, i64> = previous
        .get("districts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|d| {
            (
                str_of(d, "name"),
                d.get("spent").and_then(Value::as_i64).unwrap_or(0),
            )
        })
        .collect();
    let spending = a
        .districts
        .iter()
        .filter(|d| d.spent > 0 || before_spent.get(&d.name).copied().unwrap_or(0) > 0)
        .map(|d| {
            let prev = before_spent.get(&d.name).copied().unwrap_or(0);
            SpendingChange {
                district: d.name.clone(),
                previous: prev,
                now: d.spent,
                since: d.spent - prev,
            }
        })
        .collect();

    let new_findings = marks.values().filter(|m| **m == Mark::New).count();
    Changes {
        previous: previous_dir.display().to_string(),
        previous_as_of: str_of(previous, "as_of"),
        continuing_findings: marks.len() - new_findings,
        new_findings,
        marks,
        resolved,
        coordinators_added,
        coordinators_gone,
        supporters_added,
        supporters_gone,
        spending,
    }
}
