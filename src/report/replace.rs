//! The reports of one run replace those in the out folder together or not at all (spec §1).
//!
//! A run locks the folder ([`super::lock`]), repairs what a killed run left, checks that every
//! report it will replace can be replaced, then writes the whole new set into a staging folder
//! of its own (`<parent>/.<folder>.kyodo-<pid>-<nanos>.new`: two runs never share a temporary
//! file). Then, by mode:
//!
//! - **Swap** (Linux, the parent writable, one file system): the staging folder and the out
//!   folder change places in one `renameat2(RENAME_EXCHANGE)`; at every instant the folder is
//!   the old set or the new one. The clerk's own files in the old folder (anything that is not
//!   one of kyodo's reports) are then moved into the new one and the old folder removed.
//! - **Journal** (Windows, other systems, a file system without the exchange, a parent the run
//!   may not write): the staged set gets a `.ready` list of its files, then each is renamed
//!   into place. A run stopped between the renames leaves a ready staging folder; the next
//!   run into the folder finishes those renames before anything else. One without `.ready`
//!   was never complete, and is removed.

use super::interrupt;
use super::lock::{self, OutLock, Target};
use super::output::{fault_point, io_error, output_error, READ_ONLY};
use crate::error::Fatal;
use std::ffi::OsStr;
use std::fs::{self, OpenOptions};
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The file in a journal's staging folder listing its reports, written when all are.
const READY: &str = ".ready";
/// The sub-folder of the district workbooks; every `.xlsx` in it is kyodo's.
const DISTRICTS: &str = super::district::FOLDER;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Swap,
    Journal,
}

/// A run's new set of reports being written: the lock, the staging folder, how it will be
/// put in place. Dropped without [`Staged::commit`], it removes the staging folder.
#[derive(Debug)]
pub struct Staged {
    target: Target,
    _lock: OutLock,
    dir: PathBuf,
    mode: Mode,
    names: Vec<String>,
    done: bool,
}

/// Locks the out folder, repairs what a killed run left, checks that each of `names` (and
/// every report of kyodo's already there) can be replaced, and makes the staging folder.
/// Nothing in the out folder is changed when it fails.
pub fn begin(out: &Path, names: &[&str]) -> Result<Staged, Fatal> {
    // For tests: the journal where the swap would be used (as on Windows).
    let journal = std::env::var("KYODO_REPLACE_BY").is_ok_and(|v| v == "journal");
    begin_with(out, names, journal)
}

fn begin_with(out: &Path, names: &[&str], journal: bool) -> Result<Staged, Fatal> {
    interrupt::install();
    let target = Target::resolve(out)?;
    let lock = lock::lock(&target)?;
    recover(&target)?;
    preflight(&target, names)?;
    let mode = if journal {
        Mode::Journal
    } else {
        choose(&target, &lock)
    };
    let unique = format!(
        ".kyodo-{}-{}.new",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let dir = if lock.beside && same_file_system(&target) {
        target.beside(&unique)
    } else {
        target.real.join(&unique)
    };
    {
        let mut staged = interrupt::hold();
        if dir.starts_with(&target.real) {
            fs::create_dir_all(&target.real).map_err(|e| io_error(&target.shown, e))?;
        }
        fs::create_dir(&dir).map_err(|e| io_error(&target.shown, e))?;
        interrupt::register(&mut staged, &dir);
    }
    Ok(Staged {
        target,
        _lock: lock,
        dir,
        mode,
        names: names.iter().map(|s| s.to_string()).collect(),
        done: false,
    })
}

impl Staged {
    /// Writes the report `name` into the staging folder through `write` and syncs it to
    /// disk. A report written straight to its file is never held whole in memory. The error
    /// names the report in the out folder.
    pub fn write(
        &self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
    ) -> Result<(), Fatal> {
        let path = self.dir.join(name);
        let shown = || self.target.shown(name);
        let failed = |e: std::io::Error| io_error(&shown(), e);
        let file = {
            let _staged = interrupt::hold();
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(failed)?;
            }
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(failed)?
        };
        fault_point();
        let mut w = BufWriter::with_capacity(1 << 16, file);
        write(&mut w).map_err(|message| output_error(&shown(), message))?;
        let file = w.into_inner().map_err(|e| failed(e.into_error()))?;
        fault_point();
        // On disk before the commit: a crash just after it must not leave an empty
        // report in place of the old one (file systems may commit a rename before data).
        file.sync_all().map_err(failed)?;
        fault_point();
        Ok(())
    }

    /// Puts the staged set in place of the out folder's reports, all at once (swap) or
    /// through the journal; returns the paths of the reports, as the clerk named the folder.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, Fatal> {
        sync_folder(&self.dir.join(DISTRICTS));
        if self.mode == Mode::Swap {
            keep_folder_mode(&self.target.real, &self.dir);
        }
        sync_folder(&self.dir);
        fault_point();
        let mut staged = interrupt::hold();
        let real = self.target.real.clone();
        let result = match self.mode {
            Mode::Swap if !real.exists() => fs::rename(&self.dir, &real).map_err(|e| (e, None)),
            Mode::Swap => match exchange(&self.dir, &real) {
                Ok(()) => {
                    fault_point();
                    sync_folder(&self.target.parent);
                    // The staging folder's name now holds the old folder.
                    rescue(&self.dir, &real, Some(&self.names));
                    fault_point();
                    let _ = fs::remove_dir_all(&self.dir);
                    Ok(())
                }
                // No exchange on this file system: the journal, from the same staging.
                Err(_) => journal(&self.dir, &real, &self.names),
            },
            Mode::Journal => journal(&self.dir, &real, &self.names),
        };
        self.done = true;
        interrupt::unregister(&mut staged, &self.dir);
        drop(staged);
        sync_folder(&self.target.parent);
        fault_point();
        match result {
            Ok(()) => Ok(self.names.iter().map(|n| self.target.shown(n)).collect()),
            Err((e, name)) => {
                let path =
                    name.map_or_else(|| self.target.shown.clone(), |n| self.target.shown(&n));
                Err(io_error(&path, e))
            }
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let mut staged = interrupt::hold();
            interrupt::remove(&self.dir);
            interrupt::unregister(&mut staged, &self.dir);
        }
    }
}

/// Swap where it keeps every instant whole, else the journal.
fn choose(t: &Target, lock: &OutLock) -> Mode {
    if !cfg!(target_os = "linux") || !lock.beside || !same_file_system(t) {
        return Mode::Journal;
    }
    // The folder this process (or the clerk's shell that started it) stands in is not moved.
    let inside = std::env::current_dir().is_ok_and(|cwd| cwd.starts_with(&t.real));
    // A folder of the clerk's that this user may not move stays where it is.
    let immovable = fs::read_dir(&t.real).is_ok_and(|rd| {
        rd.filter_map(Result::ok).any(|e| {
            e.file_type().is_ok_and(|f| f.is_dir())
                && e.file_name() != DISTRICTS
                && !writable(&e.path())
        })
    });
    if inside || immovable {
        Mode::Journal
    } else {
        Mode::Swap
    }
}

/// Whether the out folder (if there) is on the parent's file system, so that a folder made
/// beside it can be renamed into it.
fn same_file_system(t: &Target) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(&t.real), fs::metadata(&t.parent)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev(),
            (Err(_), _) => true,
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = t;
        true
    }
}

/// Swaps two folders in one step (Linux 3.15 and later, on file systems that have it).
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes())
                .map_err(|_| std::io::Error::from(ErrorKind::InvalidInput))
        };
        let (a, b) = (c(a)?, c(b)?);
        // SAFETY: both are NUL-terminated paths that live across the call; renameat2 reads
        // them and takes no other pointer. Called through syscall(2): older glibc lacks it.
        let r = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(ErrorKind::Unsupported.into())
    }
}

/// The journal: lists the staged reports in `.ready`, then renames each into place and
/// finishes as [`roll_forward`] does. The error names the report whose rename failed.
fn journal(
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
fn roll_forward(
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
    for name in super::REPORTS {
        let _ = fs::remove_file(out.join(format!(".{name}.tmp")));
    }
    sync_folder(out);
    let _ = fs::remove_dir_all(staging);
    Ok(())
}

/// Whether an entry of the out folder's top level is kyodo's: a report, the district
/// folder, or a temporary file of an older version.
fn is_report(name: &OsStr) -> bool {
    let n = name.to_string_lossy();
    let legacy = n
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .is_some_and(|n| super::REPORTS.contains(&n));
    super::REPORTS.contains(&n.as_ref()) || legacy
}

/// Whether an entry of 地区別/ is a district workbook of kyodo's (or an older version's
/// temporary file of one).
fn is_district_report(name: &OsStr) -> bool {
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
fn rescue(old: &Path, out: &Path, names: Option<&[String]>) -> bool {
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
fn move_in(from: &Path, dir: &Path, name: &OsStr) -> bool {
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
fn recover(t: &Target) -> Result<(), Fatal> {
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
fn stale(dir: &Path, prefix: &str) -> Vec<PathBuf> {
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

/// Refuses the run, naming the file, if the folder may not be written or a report of
/// kyodo's there cannot be replaced: read-only, a folder, or held open by another program
/// (Excel on Windows). Nothing is written when it fails.
fn preflight(t: &Target, names: &[&str]) -> Result<(), Fatal> {
    if !t.real.is_dir() {
        return Ok(());
    }
    let first = t.shown(names.first().copied().unwrap_or_default());
    if let Err(e) = may_write(&t.real) {
        return Err(io_error(&first, e));
    }
    let mut all: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    if let Ok(rd) = fs::read_dir(t.real.join(DISTRICTS)) {
        for e in rd.filter_map(Result::ok) {
            if is_district_report(&e.file_name())
                && !e.file_name().to_string_lossy().starts_with('.')
            {
                let rel = format!("{DISTRICTS}/{}", e.file_name().to_string_lossy());
                if !all.contains(&rel) {
                    all.push(rel);
                }
            }
        }
    }
    for name in &all {
        let path = t.real.join(name);
        let Ok(m) = fs::symlink_metadata(&path) else {
            continue;
        };
        let refuse = |message: String| Err(output_error(&t.shown(name), message));
        if m.is_dir() {
            return refuse("同じ名前のフォルダがあります".into());
        }
        // Renaming over a read-only file succeeds on Unix: it must be refused here.
        if m.permissions().readonly() {
            return refuse(READ_ONLY.into());
        }
        if held_open(&path) {
            let file = Path::new(name)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            return refuse(format!(
                "{file} が Excel などで開かれています。閉じてから、もう一度実行してください"
            ));
        }
    }
    Ok(())
}

/// Whether another program holds `path` open so that it cannot be replaced: on Windows,
/// opening it for delete while sharing everything fails with a sharing violation while Excel
/// has it open. Elsewhere an open file never stops a rename.
fn held_open(path: &Path) -> bool {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const DELETE: u32 = 0x0001_0000;
        const SHARE_ALL: u32 = 0x1 | 0x2 | 0x4; // FILE_SHARE_READ | WRITE | DELETE
        const SHARING_VIOLATION: i32 = 32;
        OpenOptions::new()
            .access_mode(DELETE)
            .share_mode(SHARE_ALL)
            .open(path)
            .is_err_and(|e| e.raw_os_error() == Some(SHARING_VIOLATION))
    }
    #[cfg(not(windows))]
    {
        let _ = path;
        false
    }
}

/// Whether this user may create and remove entries in `dir` (the effective user, as the
/// kernel decides; root may anywhere but on a read-only file system); why not if not.
fn may_write(dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(ErrorKind::InvalidInput))?;
        // SAFETY: a NUL-terminated path living across the call; faccessat reads only it.
        let r = unsafe {
            libc::faccessat(
                libc::AT_FDCWD,
                c.as_ptr(),
                libc::W_OK | libc::X_OK,
                libc::AT_EACCESS,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        Ok(())
    }
}

fn writable(dir: &Path) -> bool {
    may_write(dir).is_ok()
}

/// The new folder takes the old one's permissions (the clerk's, or the office's defaults).
fn keep_folder_mode(old: &Path, new: &Path) {
    if let Ok(m) = fs::metadata(old) {
        let _ = fs::set_permissions(new, m.permissions());
    }
}

/// Makes renames in `dir` durable. Best effort: some file systems refuse to sync a folder,
/// and the files themselves are already on disk.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{CHECK_FILE, REPORTS, SUMMARY_FILE};

    /// A run's set: REPORTS and two district workbooks, each holding `tag`.
    fn set(tag: &str, districts: &[&str]) -> Vec<(String, String)> {
        REPORTS
            .iter()
            .map(|r| r.to_string())
            .chain(districts.iter().map(|d| format!("{DISTRICTS}/{d}.xlsx")))
            .map(|n| (n, tag.to_string()))
            .collect()
    }

    fn run(out: &Path, set: &[(String, String)], journal: bool) -> Result<Vec<PathBuf>, Fatal> {
        let names: Vec<&str> = set.iter().map(|(n, _)| n.as_str()).collect();
        let staged = begin_with(out, &names, journal)?;
        for (n, tag) in set {
            staged.write(n, |w| {
                w.write_all(tag.as_bytes()).map_err(|e| e.to_string())
            })?;
        }
        staged.commit()
    }

    /// Every file under `dir`, relative, with its text.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut v = Vec::new();
        for e in fs::read_dir(dir).unwrap().filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() {
                for (n, t) in tree(&e.path()) {
                    v.push((format!("{name}/{n}"), t));
                }
            } else {
                v.push((name, fs::read_to_string(e.path()).unwrap_or_default()));
            }
        }
        v.sort();
        v
    }

    /// What is left beside `out` but the lock file: nothing, after any run.
    fn beside(out: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(out.parent().unwrap())
            .unwrap()
            .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.starts_with('.') && !n.ends_with(".kyodo.lock"))
            .collect();
        v.sort();
        v
    }

    fn read_only(path: &Path) {
        let mut p = fs::metadata(path).unwrap().permissions();
        p.set_readonly(true);
        fs::set_permissions(path, p).unwrap();
    }

    fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
        v.sort();
        v
    }

    #[test]
    fn the_new_set_replaces_the_old_whole_and_the_clerks_files_stay() {
        for journal in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            run(&out, &set("old", &["光陽", "神楽"]), journal).unwrap();
            // The clerk's own files beside the reports, and in 地区別/.
            fs::write(out.join("メモ.txt"), "clerk").unwrap();
            fs::create_dir(out.join("控え")).unwrap();
            fs::write(out.join("控え/10月.xlsx"), "kept").unwrap();
            fs::write(out.join(DISTRICTS).join("連絡.txt"), "note").unwrap();
            let paths = run(&out, &set("new", &["光陽", "春光台"]), journal).unwrap();
            assert_eq!(paths[0], out.join(REPORTS[0]));
            let mut want = set("new", &["光陽", "春光台"]);
            want.push(("メモ.txt".into(), "clerk".into()));
            want.push(("控え/10月.xlsx".into(), "kept".into()));
            want.push((format!("{DISTRICTS}/連絡.txt"), "note".into()));
            // 神楽 is no longer a district: its old workbook goes with the old set.
            assert_eq!(tree(&out), sorted(want), "journal: {journal}");
            assert_eq!(beside(&out), Vec::<String>::new());
        }
    }

    #[test]
    fn a_failed_write_leaves_the_old_set_and_no_staging_folder() {
        for journal in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            run(&out, &set("old", &["光陽"]), journal).unwrap();
            let before = tree(&out);
            let names: Vec<&str> = REPORTS.to_vec();
            let staged = begin_with(&out, &names, journal).unwrap();
            staged
                .write(CHECK_FILE, |w| {
                    w.write_all(b"new").map_err(|e| e.to_string())
                })
                .unwrap();
            let err = staged
                .write(SUMMARY_FILE, |_| Err("ディスクがいっぱいです".into()))
                .unwrap_err();
            assert!(
                matches!(&err, Fatal::Output { path, .. } if path.ends_with(SUMMARY_FILE)),
                "{err:?}"
            );
            drop(staged);
            assert_eq!(tree(&out), before);
            assert_eq!(beside(&out), Vec::<String>::new());
        }
    }

    #[test]
    fn a_ready_journal_left_by_a_killed_run_is_finished_by_the_next_and_an_unready_one_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        run(&out, &set("old", &["光陽"]), true).unwrap();
        // A run killed after two of its renames: its staging folder holds the rest.
        let t = Target::resolve(&out).unwrap();
        let ready = t.beside(".kyodo-1-1.new");
        let new = set("new", &["光陽"]);
        fs::create_dir_all(ready.join(DISTRICTS)).unwrap();
        for (i, (n, tag)) in new.iter().enumerate() {
            let at = if i < 2 { out.join(n) } else { ready.join(n) };
            fs::write(at, tag).unwrap();
        }
        let list: Vec<&str> = new.iter().map(|(n, _)| n.as_str()).collect();
        fs::write(ready.join(READY), list.join("\n")).unwrap();
        // And one killed while it wrote, inside the folder.
        let unready = out.join(".kyodo-2-2.new");
        fs::create_dir(&unready).unwrap();
        fs::write(unready.join(CHECK_FILE), "half").unwrap();
        // The next run repairs before it checks or writes: here it is refused (a read-only
        // report), and the folder is the killed run's whole set.
        let protected = out.join(REPORTS[0]);
        read_only(&protected);
        let err = run(&out, &set("third", &["光陽"]), true).unwrap_err();
        assert!(
            matches!(&err, Fatal::Output { message, .. } if message == READ_ONLY),
            "{err:?}"
        );
        assert_eq!(tree(&out), sorted(new));
        assert_eq!(beside(&out), Vec::<String>::new());
    }

    #[test]
    fn the_old_folder_left_by_a_run_killed_just_after_the_swap_gives_back_the_clerks_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        run(&out, &set("new", &["光陽"]), false).unwrap();
        let t = Target::resolve(&out).unwrap();
        let old = t.beside(".kyodo-1-1.new");
        fs::create_dir_all(old.join(DISTRICTS)).unwrap();
        for (n, tag) in set("old", &["光陽"]) {
            fs::write(old.join(n), tag).unwrap();
        }
        fs::write(old.join("メモ.txt"), "clerk").unwrap();
        run(&out, &set("next", &["光陽"]), false).unwrap();
        let mut want = set("next", &["光陽"]);
        want.push(("メモ.txt".into(), "clerk".into()));
        assert_eq!(tree(&out), sorted(want));
        assert_eq!(beside(&out), Vec::<String>::new());
    }

    #[test]
    fn a_read_only_district_workbook_of_the_old_set_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        run(&out, &set("old", &["光陽", "神楽"]), false).unwrap();
        let protected = out.join(DISTRICTS).join("神楽.xlsx");
        read_only(&protected);
        let before = tree(&out);
        let err = run(&out, &set("new", &["光陽"]), false).unwrap_err();
        assert!(
            matches!(&err, Fatal::Output { path, message, source: None }
                if path.ends_with("神楽.xlsx") && message == READ_ONLY),
            "{err:?}"
        );
        assert_eq!(tree(&out), before);
        assert_eq!(beside(&out), Vec::<String>::new());
    }
}
