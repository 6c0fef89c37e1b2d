//! The month-over-month view: this run against the previous run's summary.json.
//!
//! A finding is the same finding when its identity (id + what it is about, not its row)
//! matches, so inserting a row in a roster does not make every finding new.

use crate::analysis::{
    Analysis, Changes, Mark, Resolved, RosterChange, SpendingChange, SupporterChange,
};
use crate::names::{person_id, person_key};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The run to compare with: `explicit`, or else the newest earlier run beside `out` (a
/// sibling folder named by an ISO date before `as_of` that holds a summary.json) that is
/// not redacted. A redacted run cannot be compared with: its names are pseudonyms.
pub fn previous_run(
    explicit: Option<&Path>,
    out: &Path,
    as_of: NaiveDate,
) -> Result<Option<(PathBuf, Value)>, String> {
    if let Some(dir) = explicit {
        let v = read_previous(dir)?;
        if is_redacted(&v) {
            return Err(format!(
                "{}: --redact で書かれた結果です（氏名が仮名のため比較できません）",
                dir.display()
            ));
        }
        return Ok(Some((dir.to_path_buf(), v)));
    }
    for dir in earlier_runs(out, as_of) {
        let v = read_previous(&dir)?;
        if !is_redacted(&v) {
            return Ok(Some((dir, v)));
        }
    }
    Ok(None)
}

fn is_redacted(v: &Value) -> bool {
    v.get("redacted").and_then(Value::as_bool) == Some(true)
}

/// Sibling folders of `out` named by an ISO date before `as_of` that hold a summary.json,
/// newest first.
fn earlier_runs(out: &Path, as_of: NaiveDate) -> Vec<PathBuf> {
    let Some(parent) = out.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut runs: Vec<(NaiveDate, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let d = NaiveDate::parse_from_str(&name, "%Y-%m-%d").ok()?;
            (d < as_of && entry.path().join("summary.json").is_file()).then(|| (d, entry.path()))
        })
        .collect();
    runs.sort_by_key(|r| std::cmp::Reverse(r.0));
    runs.into_iter().map(|(_, p)| p).collect()
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

/// The previous run's supporters by (id, district); a summary.json written before supporters
/// were listed by id lists them by name.
fn supporter_roster(v: &Value) -> BTreeMap<(String, String), SupporterChange> {
    let mut out = BTreeMap::new();
    for p in v
        .get("supporters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = p.get("name").and_then(Value::as_str);
        let id = match (p.get("id").and_then(Value::as_str), name) {
            (Some(id), _) => id.to_string(),
            (None, Some(n)) => person_id(n),
            (None, None) => continue,
        };
        let district = p
            .get("district")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        out.insert(
            (id.clone(), district.clone()),
            SupporterChange {
                id,
                name: name.map(str::to_string),
                district,
            },
        );
    }
    out
}

fn diff<T: Clone>(
    before: &BTreeMap<(String, String), T>,
    now: &BTreeMap<(String, String), T>,
) -> (Vec<T>, Vec<T>) {
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

/// A previous finding's key as this run would write it. Runs before keys were relative to
/// the INPUT folder wrote the file as given (`samples/支出簿.xlsx`, or an absolute path): such a
/// file that ends in `/` + one of this run's file names is taken for that file.
fn key_now(
    f: &Value,
    files: &BTreeSet<&str>,
    memo: &mut BTreeMap<String, Option<String>>,
) -> Option<String> {
    let key = f.get("key").and_then(Value::as_str)?;
    let file = f.get("file").and_then(Value::as_str).unwrap_or_default();
    if file.is_empty() || files.contains(file) || !key.contains(file) {
        return Some(key.to_string());
    }
    let now = memo.entry(file.to_string()).or_insert_with(|| {
        let slashed = file.replace('\\', "/");
        files
            .iter()
            .filter(|n| slashed.ends_with(&format!("/{n}")))
            .max_by_key(|n| n.len())
            .map(|n| n.to_string())
    });
    Some(match now {
        Some(n) => key.replace(file, n),
        None => key.to_string(),
    })
}

/// The folder of a run as outputs name it: its own name (`2025-10-31`), never a full path.
fn folder_name(dir: &Path) -> String {
    let own = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    own(dir)
        .or_else(|| own(&dir.canonicalize().ok()?))
        .unwrap_or_default()
}

/// A previous run's file as this run names it; an older run's absolute path that names no
/// file of this run is cut to the file's name, so that no output holds an absolute path.
fn file_now(file: &str, memo: &BTreeMap<String, Option<String>>) -> String {
    if let Some(Some(n)) = memo.get(file) {
        return n.clone();
    }
    let slashed = file.replace('\\', "/");
    let absolute = slashed.starts_with('/') || slashed.get(1..2) == Some(":");
    match slashed.rsplit('/').next() {
        Some(name) if absolute => name.to_string(),
        _ => file.to_string(),
    }
}

/// Compares the current analysis with a previous run's summary.json.
pub fn compare(previous: &Value, previous_dir: &Path, a: &Analysis) -> Changes {
    let files: BTreeSet<&str> = a.inventory.iter().map(|e| e.file.as_str()).collect();
    let mut memo = BTreeMap::new();
    let previous_findings: Vec<(&Value, String)> = previous
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| Some((f, key_now(f, &files, &mut memo)?)))
        .collect();
    let before_keys: BTreeSet<String> = previous_findings.iter().map(|(_, k)| k.clone()).collect();
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
    let resolved: Vec<Resolved> = previous_findings
        .iter()
        .filter(|(_, k)| !marks.contains_key(k))
        .map(|(f, _)| Resolved {
            id: str_of(f, "id"),
            severity: str_of(f, "severity"),
            file: file_now(&str_of(f, "file"), &memo),
            sheet: str_of(f, "sheet"),
            cell: str_of(f, "cell"),
            message: str_of(f, "message"),
        })
        .collect();

    let (coordinators_added, coordinators_gone) = diff(
        &roster(previous, "coordinators"),
        &current(a.coordinators.iter().map(|c| (&c.name, &c.district))),
    );
    let now: BTreeMap<(String, String), SupporterChange> = a
        .supporters
        .iter()
        .map(|s| {
            let id = person_id(&s.name);
            (
                (id.clone(), s.district.clone()),
                SupporterChange {
                    id,
                    name: Some(s.name.clone()),
                    district: s.district.clone(),
                },
            )
        })
        .collect();
    let (supporters_added, mut supporters_gone) = diff(&supporter_roster(previous), &now);
    // One gone from a district may still be on another district's roster: then the name is known.
    let names: BTreeMap<&str, &str> = now
        .values()
        .filter_map(|s| s.name.as_deref().map(|n| (s.id.as_str(), n)))
        .collect();
    for g in &mut supporters_gone {
        if g.name.is_none() {
            g.name = names.get(g.id.as_str()).map(|n| n.to_string());
        }
    }

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

    // The clerk's notes, keyed as the previous run wrote them, renamed as its keys are above;
    // kept only for a finding that continues.
    let mut renamed: BTreeMap<String, &str> = previous_findings
        .iter()
        .filter_map(|(f, k)| {
            Some((
                f.get("key").and_then(Value::as_str)?.to_string(),
                k.as_str(),
            ))
        })
        .collect();
    // A sheet whose 照合キー column is gone names its rows by what they show.
    for (f, k) in &previous_findings {
        let s = |name: &str| f.get(name).and_then(Value::as_str).unwrap_or_default();
        let at =
            crate::report::location_key(s("id"), s("file"), s("sheet"), s("cell"), s("message"));
        renamed.insert(at, k.as_str());
    }
    let (read, notes_unreadable) =
        match crate::report::read_clerk_notes(previous_dir, a.fiscal_year) {
            Ok(n) => (n, false),
            Err(_) => (BTreeMap::new(), true),
        };
    let notes = read
        .into_iter()
        .map(|(k, n)| {
            (
                renamed.get(k.as_str()).map_or(k.clone(), |r| r.to_string()),
                n,
            )
        })
        .filter(|(k, _)| marks.get(k) == Some(&Mark::Continuing))
        .collect();

    let new_findings = marks.values().filter(|m| **m == Mark::New).count();
    Changes {
        previous: folder_name(previous_dir),
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
        notes,
        notes_unreadable,
    }
}
