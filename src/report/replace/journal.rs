//! The journal, and what a killed run left: where the folders cannot change places in one
//! step, the staged set is listed in `.ready` and renamed into place report by report; the
//! next run into the folder finishes a ready journal, gives the clerk's files back from any
//! other staging folder and removes it.

use super::{sync_folder, DISTRICTS, READY};
use crate::error::Fatal;
use crate::report::lock::Target;
use crate::report::output::{fault_point, io_error};
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The journal: lists the staged reports in `.ready`, then renames each into place and
/// finishes as [`roll_forward`] does. The error names the report whose rename failed.
pub(super) fn journal(
    staging: &Path,
    out: &Path,
    names: &[String],
) -> Result<(), (std::io::Error, Option<String>)> {
    let list = names.join("\n");
    (|| {
        let mut f = fs::File::create(staging.join(READY))?;
        f.write_all(list.as_bytes())?;
        f.sync_all()
    })()
    .map_err(|e| (e, None))?;
    sync_folder(staging);
    fault_point();
    roll_forward(staging, out, true)
}

/// Renames every report still in a ready staging folder into `out`, removes the district
/// workbooks the set does not hold and the temporary files older versions left, then the
/// staging folder. Run again after a stop, it takes up where it stopped. `faults`: the run's
/// own commit, where the tests kill it (not a repair, which must finish before the first).
pub(super) fn roll_forward(
    staging: &Path,
    out: &Path,
    faults: bool,
) -> Result<(), (std::io::Error, Option<String>)> {
    let list = fs::read_to_string(staging.join(READY)).map_err(|e| (e, None))?;
    let names: Vec<&str> = list.lines().filter(|l| !l.is_empty()).collect();
    fs::create_dir_all(out.join(DISTRICTS)).map_err(|e| (e, None))?;
    for name in &names {
        let from = staging.join(name);
        if from.exists() {
            if faults {
                fault_point();
            }
            fs::rename(&from, out.join(name)).map_err(|e| (e, Some(name.to_string())))?;
        }
    }
    if let Ok(rd) = fs::read_dir(out.join(DISTRICTS)) {
        for e in rd.filter_map(Result::ok) {
            let rel = format!("{DISTRICTS}/{}", e.file_name().to_string_lossy());
            if is_district_report(&e.file_name()) && !names.contains(&rel.as_str()) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let _ = fs::remove_dir(out.join(DISTRICTS));
    for name in crate::report::REPORTS {
        let _ = fs::remove_file(out.join(format!(".{name}.tmp")));
    }
    sync_folder(out);
    let _ = fs::remove_dir_all(staging);
    Ok(())
}

/// Whether an entry of the out folder's top level is kyodo's: a report, the district
/// folder, or a temporary file of an older version.
pub(super) fn is_report(name: &OsStr) -> bool {
    let n = name.to_string_lossy();
    let legacy = n
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .is_some_and(|n| crate::report::REPORTS.contains(&n));
    crate::report::REPORTS.contains(&n.as_ref()) || legacy
}

/// Whether an entry of 地区別/ is a district workbook of kyodo's (or an older version's
/// temporary file of one).
pub(super) fn is_district_report(name: &OsStr) -> bool {
    let n = name.to_string_lossy();
    (!n.starts_with('.') && n.ends_with(".xlsx"))
        || (n.starts_with('.') && n.ends_with(".xlsx.tmp"))
}

/// Moves the clerk's own files from the old folder `old` (the staging name, after the swap)
/// into the new `out`: everything that is not one of kyodo's reports. With `names` (the set
/// this run has just put in place), only those are the run's reports, with the old 地区別/
/// workbooks when the set has that folder: year-end written into a monthly folder keeps the
/// monthly reports. Without (a killed run's leftovers), every report name of kyodo's is.
/// Best effort: what cannot be moved stays in `old`, and [`recover`] tries again before
/// removing it.
pub(super) fn rescue(old: &Path, out: &Path, names: Option<&[String]>) -> bool {
    let mut all = true;
    let Ok(rd) = fs::read_dir(old) else {
        return true;
    };
    let replaced = |name: &OsStr| match names {
        // An older version's temporary file (`.チェック結果.xlsx.tmp`) is never the clerk's.
        Some(names) => {
            let n = name.to_string_lossy();
            names.iter().any(|r| *r == n) || (n.starts_with('.') && is_report(name))
        }
        None => is_report(name),
    };
    let has_districts = names.is_none_or(|names| {
        names
            .iter()
            .any(|n| n.starts_with(&format!("{DISTRICTS}/")))
    });
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name();
        if name == DISTRICTS && !has_districts {
            all &= move_in(&e.path(), out, &name);
        } else if name == DISTRICTS {
            let Ok(sub) = fs::read_dir(e.path()) else {
                continue;
            };
            for f in sub.filter_map(Result::ok) {
                if !is_district_report(&f.file_name()) {
                    all &= move_in(&f.path(), &out.join(DISTRICTS), &f.file_name());
                }
            }
        } else if !replaced(&name) && name != READY {
            all &= move_in(&e.path(), out, &name);
        }
    }
    all
}

/// Moves `from` to `dir/name` unless something has that name there.
pub(super) fn move_in(from: &Path, dir: &Path, name: &OsStr) -> bool {
    let to = dir.join(name);
    if to.symlink_metadata().is_ok() {
        return false;
    }
    fs::create_dir_all(dir).is_ok() && fs::rename(from, to).is_ok()
}

/// Repairs what runs into this folder left when they were killed: a ready journal is
/// finished; any other staging folder (never complete, or the old folder after a swap) gives
/// the clerk's files back to the out folder and is removed. Called with the lock held, so
/// none of them belongs to a live run.
pub(super) fn recover(t: &Target) -> Result<(), Fatal> {
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(&t.name);
    prefix.push(".kyodo-");
    let beside = stale(&t.parent, &prefix.to_string_lossy());
    let inside = stale(&t.real, ".kyodo-");
    for s in beside.into_iter().chain(inside) {
        if s.join(READY).is_file() {
            roll_forward(&s, &t.real, false).map_err(|(e, name)| {
                let path = name.map_or_else(|| t.shown.clone(), |n| t.shown(&n));
                io_error(&path, e)
            })?;
        } else if rescue(&s, &t.real, None) {
            let _ = fs::remove_dir_all(&s);
        }
    }
    Ok(())
}

/// Whether a folder's name is that of a run's staging folder (`.<folder>.kyodo-<pid>-<nanos>.new`
/// beside the out folder, `.kyodo-<pid>-<nanos>.new` inside it).
pub fn is_staging(name: &str) -> bool {
    name.starts_with('.') && name.contains("kyodo-") && name.ends_with(".new")
}

/// The staging folders in `dir` whose names start with `prefix`.
pub(super) fn stale(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(prefix) && is_staging(&n) && e.file_type().is_ok_and(|f| f.is_dir())
        })
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}
