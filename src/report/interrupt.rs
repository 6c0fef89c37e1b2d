//! Ctrl-C and SIGTERM (and, on Windows, a closed console) while a run writes: the staging
//! folder or temporary file it registered is removed and the run ends with status 130,
//! leaving the out folder as it was. A run killed outright (SIGKILL, a power cut) cannot do
//! this: the next run into the folder removes what it left (`replace::journal::recover`).
//!
//! One mutex orders the two threads: the writer holds it while it creates a file in the
//! staging folder and through the whole commit (a swap or the journal's renames), so the
//! handler never removes a folder half way through a commit, and the writer never creates a
//! file after the handler has removed the folder (the handler holds it until the process ends).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

/// The staging folders and temporary files to remove if the run is stopped.
static STAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The status of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
pub const INTERRUPTED: i32 = 130;

/// Installs the handler, once per process: at the start of a command that writes (so that
/// Ctrl-C always ends it the same way), and again, a no-op, before anything is staged. A
/// program embedding kyodo that has its own handler keeps it (then it is theirs to clean up).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let staged = hold();
            for p in staged.iter() {
                remove(p);
            }
            crate::console::err(if staged.is_empty() {
                "中断しました"
            } else {
                "中断しました。書きかけの報告は消し、出力先のフォルダは前のままです"
            });
            std::process::exit(INTERRUPTED);
        });
    });
}

/// The lock the writer holds while it creates files or commits; see the module head.
pub fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
    STAGED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers `path` to be removed if the run is stopped (with [`hold`] held).
pub fn register(staged: &mut MutexGuard<'static, Vec<PathBuf>>, path: &Path) {
    staged.push(path.to_path_buf());
}

/// Forgets `path`: it is committed, or removed by its owner.
pub fn unregister(staged: &mut MutexGuard<'static, Vec<PathBuf>>, path: &Path) {
    staged.retain(|p| p != path);
}

/// Removes a staging folder or a temporary file, whichever `path` is.
pub fn remove(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
    }
}
