//! One run at a time per out folder. A run holds an exclusive lock on a lock file beside the
//! folder (`<parent>/.<folder>.kyodo.lock`, or `.kyodo.lock` inside it where the parent may
//! not be written) from before it looks at the folder until it ends. A second run into the
//! same folder waits a moment, then stops (exit 2) without touching anything. The OS releases
//! the lock of a run that dies, however it dies: there is no stale lock to clear by hand. The
//! lock file itself stays, empty and hidden (removing it could race with a run opening it).

use super::output::{io_error, output_error};
use crate::error::Fatal;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What the clerk is told when another run holds the folder.
pub const BUSY: &str = "別の kyodo がこのフォルダに書き出し中です。\
                        終わるのを待ってから、もう一度実行してください";

/// How long a run waits for another to finish before it gives up (`KYODO_LOCK_WAIT_MS`, for
/// tests): long enough for a run that is writing, short enough not to look hung.
const WAIT_MS: u64 = 5_000;

/// The out folder a run writes, resolved once: as the clerk named it (for messages) and as
/// an absolute path with its parent and name (for the lock, the staging and the swap).
#[derive(Debug, Clone)]
pub struct Target {
    pub shown: PathBuf,
    pub real: PathBuf,
    pub parent: PathBuf,
    pub name: OsString,
}

impl Target {
    /// Resolves `out`, creating its parent folders (the lock file goes there). A link named
    /// as the out folder is followed: the folder it leads to is the one replaced.
    pub fn resolve(out: &Path) -> Result<Target, Fatal> {
        let fail = |e: std::io::Error| io_error(out, e);
        let real = match fs::symlink_metadata(out) {
            Ok(m) if m.file_type().is_symlink() || m.is_dir() => {
                fs::canonicalize(out).map_err(fail)?
            }
            Ok(_) => return Err(output_error(out, "フォルダではありません".into())),
            Err(_) => {
                let parent = match out.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                fs::create_dir_all(parent).map_err(fail)?;
                let name = out
                    .file_name()
                    .ok_or_else(|| output_error(out, "フォルダの名前がありません".into()))?;
                fs::canonicalize(parent).map_err(fail)?.join(name)
            }
        };
        let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
            return Err(output_error(
                out,
                "ドライブやルートそのものには書き出せません。--out でフォルダを指定してください"
                    .into(),
            ));
        };
        Ok(Target {
            shown: out.to_path_buf(),
            parent: parent.to_path_buf(),
            name: name.to_os_string(),
            real,
        })
    }

    /// `<parent>/.<folder><suffix>`: the hidden names kept beside the folder.
    pub fn beside(&self, suffix: &str) -> PathBuf {
        let mut n = OsString::from(".");
        n.push(&self.name);
        n.push(suffix);
        self.parent.join(n)
    }

    /// The path of `name` in the out folder as the clerk named it, for messages.
    pub fn shown(&self, name: &str) -> PathBuf {
        super::output::report_path(&self.shown, name)
    }
}

/// The lock of one out folder, held until dropped (or the process ends).
#[derive(Debug)]
pub struct OutLock {
    _file: File,
    /// Whether the lock file is beside the folder (the parent may be written), rather than
    /// inside it.
    pub beside: bool,
}

/// Takes the lock of `t`'s folder, waiting up to [`WAIT_MS`] for another run to finish.
pub fn lock(t: &Target) -> Result<OutLock, Fatal> {
    let (file, beside) = open_lock_file(t)?;
    let wait = std::env::var("KYODO_LOCK_WAIT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(WAIT_MS);
    let until = Instant::now() + Duration::from_millis(wait);
    loop {
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {
                return Ok(OutLock {
                    _file: file,
                    beside,
                })
            }
            Err(fs4::TryLockError::WouldBlock) if Instant::now() < until => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(output_error(&t.shown, BUSY.into()));
            }
            Err(fs4::TryLockError::Error(e)) => {
                return Err(io_error(&t.shown, e));
            }
        }
    }
}

/// The lock file: beside the folder where the parent may be written (or a lock file is
/// already there: a lock needs only read access), else inside the folder.
fn open_lock_file(t: &Target) -> Result<(File, bool), Fatal> {
    let beside = t.beside(".kyodo.lock");
    let rw = || {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&beside)
    };
    if let Ok(f) = rw().or_else(|_| File::open(&beside)) {
        return Ok((f, true));
    }
    // The parent is closed to this user: the folder itself must be there and open to it.
    let inside: PathBuf = t.real.join(".kyodo.lock");
    fs::create_dir_all(&t.real).map_err(|e| io_error(&t.shown, e))?;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&inside)
        .or_else(|_| File::open(&inside))
        .map(|f| (f, false))
        .map_err(|e| io_error(&t.shown, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_folder_waits_then_is_refused_and_a_dropped_one_frees_it() {
        let dir = tempfile::tempdir().unwrap();
        let t = Target::resolve(&dir.path().join("out")).unwrap();
        let first = lock(&t).unwrap();
        assert!(first.beside);
        std::env::set_var("KYODO_LOCK_WAIT_MS", "50");
        let start = Instant::now();
        let err = lock(&Target::resolve(&dir.path().join("out")).unwrap()).unwrap_err();
        assert!(start.elapsed() >= Duration::from_millis(50));
        assert!(
            matches!(&err, Fatal::Output { message, .. } if message == BUSY),
            "{err:?}"
        );
        // Another folder beside it is not held.
        lock(&Target::resolve(&dir.path().join("out2")).unwrap()).unwrap();
        drop(first);
        lock(&t).unwrap();
        // Nothing was made but the parent and the hidden lock files.
        assert!(!dir.path().join("out").exists());
    }

    #[test]
    fn a_link_named_as_the_out_folder_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("real")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link")).unwrap();
            let t = Target::resolve(&dir.path().join("link")).unwrap();
            assert_eq!(t.name, OsString::from("real"));
            assert_eq!(t.shown, dir.path().join("link"));
        }
    }
}
