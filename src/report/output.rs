//! Writing report files whole: each to a temporary name in the out folder, synced to disk, and
//! renamed only when every report of the run is written. Whatever stops a run — a crash, a kill,
//! a full disk, a folder it may not write — each report is afterwards either the new one,
//! complete, or the old one exactly as it was; a failed run removes its temporary files.
//!
//! A report that is read-only (the clerk protected last month's) is never replaced:
//! [`prepare_out`] refuses the run before anything is written.

use crate::error::Fatal;
use std::fs;
use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Why a read-only report is left alone, and what the clerk can do.
const READ_ONLY: &str = "読み取り専用のファイルがあるため、上書きせずに止めました。\
                         残すときは --out で別のフォルダを指定し、\
                         置き換えてよいときは読み取り専用を外してから実行してください";

/// Creates the out folder (and its parents) or says why it cannot.
pub fn create_out(out: &Path) -> Result<(), Fatal> {
    fs::create_dir_all(out).map_err(|e| output_error(out, io_reason(&e)))?;
    if !out.is_dir() {
        return Err(output_error(out, "フォルダではありません".to_string()));
    }
    Ok(())
}

/// [`create_out`], then refuses the run (naming the file) if any of `names` is there and cannot
/// be replaced: read-only, or a folder. Nothing is written when it fails.
pub fn prepare_out(out: &Path, names: &[&str]) -> Result<(), Fatal> {
    create_out(out)?;
    for name in names {
        let path = out.join(name);
        // A missing file has nothing to protect; any other trouble shows when it is written.
        let Ok(m) = fs::metadata(&path) else { continue };
        if m.is_dir() {
            return Err(output_error(&path, "同じ名前のフォルダがあります".into()));
        }
        // Renaming over a read-only file succeeds on Unix: it must be refused here.
        if m.permissions().readonly() {
            return Err(output_error(&path, READ_ONLY.into()));
        }
    }
    Ok(())
}

/// Writes `bytes` as `out/name` (the folder made by [`create_out`]) through `out/.name.tmp`;
/// returns the final path. Refuses, writing nothing, when `out/name` is read-only.
pub fn write_atomic(out: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, Fatal> {
    prepare_out(out, &[name])?;
    write_temp(out, name, |w| w.write_all(bytes).map_err(|e| io_reason(&e)))?;
    let mut paths = commit_all(out, &[name])?;
    Ok(paths.remove(0))
}

/// Writes `out/.name.tmp` through `write` and syncs it to disk, to be renamed by
/// [`commit_all`] once every report of the run is written (or removed by [`discard_temp`]).
/// A report written straight to its file is never held whole in memory. On failure the
/// temporary file is removed and the error names `out/name`.
pub fn write_temp(
    out: &Path,
    name: &str,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<(), Fatal> {
    let tmp = temp_path(out, name);
    let written = create_temp(&tmp).and_then(|file| {
        fault_point();
        let mut w = BufWriter::with_capacity(1 << 16, file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| io_reason(e.error()))?;
        fault_point();
        // On disk before the rename: a crash just after it must not leave an empty report in
        // place of the old one (file systems may commit the rename before the data).
        file.sync_all().map_err(|e| io_reason(&e))?;
        fault_point();
        Ok(())
    });
    written.map_err(|message| {
        let _ = fs::remove_file(&tmp);
        output_error(&out.join(name), message)
    })
}

/// A new, empty `tmp`. Whatever has that name — the temporary file of a run that was killed,
/// or a link — is removed first, so the report is never written through something left there.
fn create_temp(tmp: &Path) -> Result<fs::File, String> {
    // A report in a sub-folder (地区別/) needs the folder.
    if let Some(dir) = tmp.parent() {
        fs::create_dir_all(dir).map_err(|e| io_reason(&e))?;
    }
    match fs::remove_file(tmp) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(io_reason(&e)),
        _ => {}
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(|e| io_reason(&e))
}

/// Renames each `out/.name.tmp`, written by [`write_temp`], to `out/name`, in order, then
/// syncs the folder; returns the final paths. When a rename fails, the temporary files not
/// yet renamed are removed and the error names that report.
pub fn commit_all(out: &Path, names: &[&str]) -> Result<Vec<PathBuf>, Fatal> {
    let mut paths = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        fault_point();
        let target = out.join(name);
        if let Err(e) = fs::rename(temp_path(out, name), &target) {
            for rest in &names[i..] {
                discard_temp(out, rest);
            }
            return Err(output_error(&target, io_reason(&e)));
        }
        paths.push(target);
    }
    sync_folder(out);
    fault_point();
    Ok(paths)
}

/// Removes `out/.name.tmp` if it is there.
pub fn discard_temp(out: &Path, name: &str) {
    let _ = fs::remove_file(temp_path(out, name));
}

/// `out/.name.tmp`, beside the report: `out/地区別/.光陽.xlsx.tmp` for one in a sub-folder,
/// so that the rename stays within one folder.
fn temp_path(out: &Path, name: &str) -> PathBuf {
    let path = out.join(name);
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{file}.tmp"))
}

/// Makes the renames durable. Best effort: some file systems refuse to sync a folder, and the
/// files themselves are already on disk.
fn sync_folder(out: &Path) {
    #[cfg(unix)]
    let _ = fs::File::open(out).and_then(|d| d.sync_all());
    #[cfg(not(unix))]
    let _ = out;
}

pub fn output_error(path: &Path, message: String) -> Fatal {
    Fatal::Output {
        path: path.display().to_string(),
        message,
    }
}

/// An I/O error as the clerk reads it: the cause in Japanese where it is one a clerk can act
/// on, with the system's own words after it.
pub fn io_reason(e: &io::Error) -> String {
    let cause = match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "ディスクの空きが足りません",
        ErrorKind::PermissionDenied => "書き込む権限がありません",
        ErrorKind::ReadOnlyFilesystem => "読み取り専用の場所です",
        _ => return e.to_string(),
    };
    format!("{cause}（{e}）")
}

/// Test-only fault injection, for tests/faults: with `KYODO_FAULT_ABORT_AFTER=N` the process
/// kills itself at the Nth step of writing (a temporary file created, written, synced; before
/// each rename; after the folder sync), as a crash at that moment would. Unset, it is one
/// look at the environment per run.
fn fault_point() {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::OnceLock;
    static AFTER: OnceLock<Option<u32>> = OnceLock::new();
    static STEPS: AtomicU32 = AtomicU32::new(0);
    let after = AFTER.get_or_init(|| std::env::var("KYODO_FAULT_ABORT_AFTER").ok()?.parse().ok());
    if let Some(n) = *after {
        if STEPS.fetch_add(1, Ordering::SeqCst) + 1 >= n {
            #[cfg(target_os = "linux")]
            // SAFETY: kill(2) on our own pid takes no pointers; SIGKILL never returns.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
            std::process::abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk that fills up after `room` bytes.
    struct Full<'a> {
        inner: &'a mut dyn Write,
        room: usize,
    }

    impl Write for Full<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from_raw_os_error(28)); // ENOSPC
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.inner.write(&buf[..n])
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }

    fn temps(out: &Path) -> Vec<String> {
        fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_full_disk_leaves_the_old_report_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("a.xlsx"), b"last month").unwrap();
        let err = write_temp(out, "a.xlsx", |w| {
            let mut full = Full {
                inner: w,
                room: 100,
            };
            full.write_all(&[7u8; 1 << 17]).map_err(|e| io_reason(&e))
        })
        .unwrap_err();
        let Fatal::Output { path, message } = err else {
            panic!("not an output error: {err:?}")
        };
        assert_eq!(path, out.join("a.xlsx").display().to_string());
        assert!(
            message.starts_with("ディスクの空きが足りません（"),
            "{message}"
        );
        assert_eq!(fs::read(out.join("a.xlsx")).unwrap(), b"last month");
        assert_eq!(temps(out), Vec::<String>::new());
    }

    #[test]
    fn a_read_only_report_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("b.xlsx"), b"protected").unwrap();
        let mut p = fs::metadata(out.join("b.xlsx")).unwrap().permissions();
        p.set_readonly(true);
        fs::set_permissions(out.join("b.xlsx"), p).unwrap();
        let err = prepare_out(out, &["a.xlsx", "b.xlsx"]).unwrap_err();
        assert!(
            matches!(&err, Fatal::Output { path, message }
                if *path == out.join("b.xlsx").display().to_string() && message == READ_ONLY),
            "{err:?}"
        );
        let err = write_atomic(out, "b.xlsx", b"new").unwrap_err();
        assert!(matches!(err, Fatal::Output { .. }), "{err:?}");
        assert_eq!(fs::read(out.join("b.xlsx")).unwrap(), b"protected");
        assert!(!out.join("a.xlsx").exists());
        assert_eq!(temps(out), Vec::<String>::new());
    }

    #[test]
    fn a_folder_in_place_of_a_report_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a.xlsx")).unwrap();
        let err = prepare_out(dir.path(), &["a.xlsx"]).unwrap_err();
        assert!(
            matches!(&err, Fatal::Output { message, .. } if message.contains("フォルダ")),
            "{err:?}"
        );
    }

    #[test]
    fn a_temporary_file_left_by_a_killed_run_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(
            temp_path(out, "a.xlsx"),
            b"half a workbook from a killed run",
        )
        .unwrap();
        assert_eq!(
            write_atomic(out, "a.xlsx", b"whole").unwrap(),
            out.join("a.xlsx")
        );
        assert_eq!(fs::read(out.join("a.xlsx")).unwrap(), b"whole");
        assert_eq!(temps(out), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_left_at_the_temporary_name_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("elsewhere"), b"not a report").unwrap();
        std::os::unix::fs::symlink(out.join("elsewhere"), temp_path(out, "a.xlsx")).unwrap();
        write_atomic(out, "a.xlsx", b"whole").unwrap();
        assert_eq!(fs::read(out.join("elsewhere")).unwrap(), b"not a report");
        assert_eq!(fs::read(out.join("a.xlsx")).unwrap(), b"whole");
    }

    #[test]
    fn a_failed_rename_removes_the_temporary_files_not_yet_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        for name in ["a.xlsx", "c.xlsx"] {
            write_temp(out, name, |w| {
                w.write_all(b"new").map_err(|e| e.to_string())
            })
            .unwrap();
        }
        // b.xlsx has no temporary file: its rename fails.
        let err = commit_all(out, &["a.xlsx", "b.xlsx", "c.xlsx"]).unwrap_err();
        assert!(
            matches!(&err, Fatal::Output { path, .. } if path.ends_with("b.xlsx")),
            "{err:?}"
        );
        assert_eq!(fs::read(out.join("a.xlsx")).unwrap(), b"new");
        assert!(!out.join("c.xlsx").exists());
        assert_eq!(temps(out), Vec::<String>::new());
    }
}
