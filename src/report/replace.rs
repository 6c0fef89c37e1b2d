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
//!
//! The checks before writing are `replace/preflight.rs`'s; the journal and the repair of a
//! killed run's leftovers, `replace/journal.rs`'s.

mod journal;
mod preflight;

use super::interrupt;
use super::lock::{self, OutLock, Target};
use super::output::{fault_point, io_error, output_error};
use crate::error::Fatal;
pub use journal::is_staging;
use journal::{journal, recover, rescue};
use preflight::{preflight, writable};
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
        w.into_inner().map_err(|e| failed(e.into_error()))?;
        fault_point();
        Ok(())
    }

    /// Puts every staged report on disk before the commit: a crash just after it must not
    /// leave an empty report in place of the old one (file systems may commit a rename before
    /// data). All at the end and on several threads, not one by one as written: a file
    /// system commits concurrent syncs together (10,000 district workbooks took ~1 ms each
    /// one by one, a fifth of that side by side).
    fn sync_files(&self) -> Result<(), Fatal> {
        const THREADS: usize = 16;
        let synced = crate::parallel::map_in_order(&self.names, THREADS, |name| {
            // Write access: Windows flushes only a handle that may write.
            OpenOptions::new()
                .write(true)
                .open(self.dir.join(name))
                .and_then(|f| f.sync_all())
                .map_err(|e| io_error(&self.target.shown(name), e))?;
            fault_point();
            Ok(())
        });
        synced.into_iter().collect()
    }

    /// Puts the staged set in place of the out folder's reports, all at once (swap) or
    /// through the journal; returns the paths of the reports, as the clerk named the folder.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, Fatal> {
        self.sync_files()?;
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
mod tests;
