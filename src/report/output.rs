//! Writing one file whole, and what every write shares: a temporary name of the run's own,
//! synced to disk and renamed only when complete ([`write_atomic`], for the templates of
//! `init`); the clerk's words for an I/O error ([`io_reason`]); the fault points the tests
//! kill a run at. The reports of a run (and year-end's pair), replaced together, are
//! `replace`'s.

use crate::error::Fatal;
use std::fs;
use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Why a read-only report is left alone, and what the clerk can do.
pub const READ_ONLY: &str = "読み取り専用のファイルがあるため、上書きせずに止めました。\
                         残すときは --out で別のフォルダを指定し、\
                         置き換えてよいときは読み取り専用を外してから実行してください";

/// Creates the out folder (and its parents) or says why it cannot.
pub fn create_out(out: &Path) -> Result<(), Fatal> {
    fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
    if !out.is_dir() {
        return Err(output_error(out, "フォルダではありません".to_string()));
    }
    Ok(())
}

/// Writes `bytes` as `out/name` (creating the folder) through a temporary file of this run's
/// own (`out/.name.kyodo-<pid>-<nanos>.tmp`), synced, then renamed over it; returns the final
/// path. Refuses, writing nothing, when `out/name` is read-only or a folder. The temporary
/// file is removed on every error and on Ctrl-C.
pub fn write_atomic(out: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, Fatal> {
    create_out(out)?;
    let target = out.join(name);
    if let Ok(m) = fs::symlink_metadata(&target) {
        if m.is_dir() {
            return Err(output_error(&target, "同じ名前のフォルダがあります".into()));
        }
        // Renaming over a read-only file succeeds on Unix: it must be refused here.
        if m.permissions().readonly() {
            return Err(output_error(&target, READ_ONLY.into()));
        }
    }
    super::interrupt::install();
    let tmp = out.join(format!(".{name}.{}.tmp", run_unique()));
    let written = (|| {
        let file = {
            let mut staged = super::interrupt::hold();
            let file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            super::interrupt::register(&mut staged, &tmp);
            file
        };
        fault_point();
        let mut w = BufWriter::with_capacity(1 << 16, file);
        w.write_all(bytes)?;
        let file = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        // On disk before the rename: a crash just after it must not leave an empty file.
        file.sync_all()?;
        fault_point();
        let mut staged = super::interrupt::hold();
        let renamed = fs::rename(&tmp, &target);
        super::interrupt::unregister(&mut staged, &tmp);
        renamed
    })();
    if let Err(e) = written {
        let mut staged = super::interrupt::hold();
        let _ = fs::remove_file(&tmp);
        super::interrupt::unregister(&mut staged, &tmp);
        return Err(io_error(&target, e));
    }
    sync_folder(out);
    Ok(target)
}

/// `kyodo-<pid>-<nanos>`: a name no other run, now or later, makes.
pub fn run_unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("kyodo-{}-{nanos}", std::process::id())
}

/// Makes renames in `dir` durable. Best effort: some file systems refuse to sync a folder,
/// and the files themselves are already on disk.
pub fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    #[cfg(not(unix))]
    let _ = dir;
}

/// `dir/name` for a report name that may hold the sub-folder (`地区別/光陽.xlsx`), each part
/// joined with the platform's separator, so that Windows shows `out\地区別\光陽.xlsx` and not
/// `out\地区別/光陽.xlsx`.
pub fn report_path(dir: &Path, name: &str) -> PathBuf {
    name.split('/')
        .fold(dir.to_path_buf(), |p, part| p.join(part))
}

/// A path that cannot be written, for a reason in the clerk's words.
pub fn output_error(path: &Path, message: String) -> Fatal {
    Fatal::output(path, message)
}

/// A path that cannot be written because of an I/O error: its reason in the clerk's words
/// ([`io_reason`]), the error itself kept as the source.
pub fn io_error(path: &Path, e: io::Error) -> Fatal {
    Fatal::output(path, io_reason(&e)).caused_by(e)
}

/// An I/O error as the clerk reads it: the cause in Japanese, and the system's error number
/// for whoever helps (never its English words).
pub fn io_reason(e: &io::Error) -> String {
    // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: another program has the file open.
    if cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)) {
        return "ほかのプログラム（Excel など）が開いています。閉じてから、もう一度実行してください"
            .into();
    }
    let cause = match e.kind() {
        ErrorKind::StorageFull => "ディスクがいっぱいです",
        ErrorKind::QuotaExceeded => "ディスクがいっぱいです（使ってよい容量の上限です）",
        ErrorKind::PermissionDenied => "書き込む権限がありません",
        ErrorKind::ReadOnlyFilesystem => "読み取り専用の場所です",
        ErrorKind::NotFound => "フォルダが見つかりません",
        ErrorKind::AlreadyExists => "同じ名前のファイルがあります",
        ErrorKind::IsADirectory => "同じ名前のフォルダがあります",
        ErrorKind::NotADirectory => "途中にフォルダではなくファイルがあります",
        ErrorKind::FileTooLarge => "ファイルが大きすぎます",
        ErrorKind::InvalidFilename => "ファイル名が長すぎるか、使えない文字があります",
        ErrorKind::StaleNetworkFileHandle
        | ErrorKind::NetworkDown
        | ErrorKind::NetworkUnreachable
        | ErrorKind::HostUnreachable
        | ErrorKind::ConnectionReset
        | ErrorKind::TimedOut => "ネットワークのドライブに届きません",
        _ => "書き込めませんでした",
    };
    match e.raw_os_error() {
        Some(n) => format!("{cause}（エラー番号 {n}）"),
        None => cause.to_string(),
    }
}

/// Why a workbook could not be made, as the clerk reads it. A table past a sheet's rows is
/// continued on the next sheet where kyodo knows how (`continued`); one that is not says so.
pub fn xlsx_reason(e: &rust_xlsxwriter::XlsxError) -> String {
    use rust_xlsxwriter::XlsxError;
    match e {
        XlsxError::RowColumnLimitError => format!(
            "表が Excel のシートに入る行数（{}行）を超えるため、この報告書を作れませんでした",
            crate::numbers::thousands(i64::from(super::continued::EXCEL_ROWS))
        ),
        XlsxError::IoError(io) => io_reason(io),
        other => format!("報告書を作れませんでした（{other}）"),
    }
}

/// Test-only fault injection, for tests/faults: with `KYODO_FAULT_ABORT_AFTER=N` the process
/// kills itself at the Nth step of writing (a staged file created, written; each synced; before
/// each rename; after the folder sync), as a crash at that moment would. Unset, it is one
/// look at the environment per run.
pub fn fault_point() {
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

    #[test]
    fn a_report_in_the_sub_folder_is_joined_part_by_part() {
        let p = report_path(Path::new("out"), "地区別/光陽.xlsx");
        let parts: Vec<_> = p.components().map(|c| c.as_os_str().to_owned()).collect();
        assert_eq!(parts, ["out", "地区別", "光陽.xlsx"]);
        assert_eq!(p, Path::new("out").join("地区別").join("光陽.xlsx"));
    }

    fn temps(out: &Path) -> Vec<String> {
        fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_full_disk_is_said_in_japanese_with_the_error_number() {
        let e = io::Error::from_raw_os_error(28); // ENOSPC
        assert_eq!(io_reason(&e), "ディスクがいっぱいです（エラー番号 28）");
        let e = io::Error::from(ErrorKind::Other);
        assert_eq!(io_reason(&e), "書き込めませんでした");
    }

    #[test]
    fn a_table_past_a_sheet_is_said_in_japanese() {
        let e = rust_xlsxwriter::XlsxError::RowColumnLimitError;
        assert_eq!(
            xlsx_reason(&e),
            "表が Excel のシートに入る行数（1,048,576行）を超えるため、この報告書を作れませんでした"
        );
    }

    #[test]
    fn a_read_only_file_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("b.xlsx"), b"protected").unwrap();
        let mut p = fs::metadata(out.join("b.xlsx")).unwrap().permissions();
        p.set_readonly(true);
        fs::set_permissions(out.join("b.xlsx"), p).unwrap();
        let err = write_atomic(out, "b.xlsx", b"new").unwrap_err();
        assert!(
            matches!(&err, Fatal::Output { path, message, .. }
                if *path == out.join("b.xlsx") && message == READ_ONLY),
            "{err:?}"
        );
        assert_eq!(fs::read(out.join("b.xlsx")).unwrap(), b"protected");
        assert_eq!(temps(out), Vec::<String>::new());
    }

    /// The clerk reads the reason in Japanese; the system's error stays the source.
    #[test]
    fn an_io_failure_keeps_the_system_error_as_its_source() {
        use std::error::Error;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        fs::write(&file, b"x").unwrap();
        let err = create_out(&file.join("out")).unwrap_err();
        let io = err
            .source()
            .and_then(|s| s.downcast_ref::<io::Error>())
            .expect("the io error as the source");
        assert_eq!(
            err.to_string(),
            format!(
                "出力先 {} に書けません: {}",
                file.join("out").display(),
                io_reason(io)
            )
        );
        let read_only = output_error(&file, READ_ONLY.into());
        assert!(read_only.source().is_none());
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a.xlsx")).unwrap();
        let err = write_atomic(dir.path(), "a.xlsx", b"x").unwrap_err();
        assert!(
            matches!(&err, Fatal::Output { message, .. } if message.contains("フォルダ")),
            "{err:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_a_temporary_name_of_an_older_version_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("elsewhere"), b"not a report").unwrap();
        std::os::unix::fs::symlink(out.join("elsewhere"), out.join(".a.xlsx.tmp")).unwrap();
        write_atomic(out, "a.xlsx", b"whole").unwrap();
        assert_eq!(fs::read(out.join("elsewhere")).unwrap(), b"not a report");
        assert_eq!(fs::read(out.join("a.xlsx")).unwrap(), b"whole");
        assert_eq!(temps(out), vec![".a.xlsx.tmp".to_string()]);
    }
}
