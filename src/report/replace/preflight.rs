//! Before anything is written: whether the out folder may be written and every report there
//! replaced — not read-only, not a folder, not held open by Excel — so that a run refused
//! leaves the folder as it was.

use super::journal::is_district_report;
use super::DISTRICTS;
use crate::error::Fatal;
use crate::report::lock::Target;
use crate::report::output::{io_error, output_error, READ_ONLY};
use std::fs;
use std::path::Path;

/// Refuses the run, naming the file, if the folder may not be written or a report of
/// kyodo's there cannot be replaced: read-only, a folder, or held open by another program
/// (Excel on Windows). Nothing is written when it fails.
pub(super) fn preflight(t: &Target, names: &[&str]) -> Result<(), Fatal> {
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
        fs::OpenOptions::new()
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
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
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

pub(super) fn writable(dir: &Path) -> bool {
    may_write(dir).is_ok()
}
