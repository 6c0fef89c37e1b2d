//! Opening an input: read-only, without touching its access time where the system allows,
//! and whole — a file that is being saved while it is read is read again once it is still,
//! or refused with a reason, never taken half-written.
//!
//! This is the only place that opens an input workbook or the config; it never writes.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How many times a file that changes while it is read is read again before it is refused.
const TRIES: u32 = 5;

/// A file changed this recently may still be being saved in place (by a program that writes
/// it in pieces, or a sync client): it is read only once it has been still for this long.
/// Files the office saved earlier than that, which is every file of a normal run, cost nothing.
const SETTLE: Duration = Duration::from_millis(50);

/// A workbook changed less than this long ago that ends short of its last part (an empty file,
/// a zip without its directory at the end) is taken to be still being saved, and waited for:
/// a program that saves in place may pause longer than [`SETTLE`] part way.
const CUT_SHORT: Duration = Duration::from_secs(1);

/// The reason given when a file kept changing; IN001's message.
pub const CHANGED: &str =
    "読み込み中にファイルが変更されました（保存が終わってから、もう一度実行してください）";

/// Reads a whole input file, opened read-only (on Linux without updating its access time).
/// Fails with the reason in Japanese: the file cannot be opened or read, or it kept changing
/// while it was read.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    read_stable(TRIES, || read_once(path, u64::MAX))
}

/// [`read_input`], refusing a file of more than `max_mb` MiB on the bytes actually read (a
/// stated length can lie: a link to a device, a file growing while it is read).
pub fn read_input_limited(path: &Path, max_mb: u64) -> Result<Vec<u8>, String> {
    read_stable(TRIES, || read_once(path, max_mb))
}

/// IN001's reason for a file past `limits.max_file_mb`.
pub fn too_big(bytes: u64, max_mb: u64) -> String {
    let mb = bytes.div_ceil(1 << 20);
    format!("ファイルが大きすぎるため読みません（{mb}MB。上限 limits.max_file_mb = {max_mb}）")
}

/// One attempt: `Ok(None)` when the file changed between the look before and the looks after.
fn read_once(path: &Path, max_mb: u64) -> Result<Option<Vec<u8>>, String> {
    let unreadable = |e: std::io::Error| format!("ファイルを開けません（{e}）");
    let before = std::fs::metadata(path).map_err(unreadable)?;
    if !before.is_file() {
        // A FIFO would wait for a writer for ever; a device may never end.
        return Err(NOT_A_FILE.to_string());
    }
    let max = max_mb.saturating_mul(1 << 20);
    if before.len() > max {
        return Err(too_big(before.len(), max_mb));
    }
    if let Some(wait) = settling(&before, SETTLE, SystemTime::now()) {
        std::thread::sleep(wait);
        return Ok(None);
    }
    let mut file = open_read_only(path).map_err(unreadable)?;
    let opened = file.metadata().map_err(unreadable)?;
    if !opened.is_file() {
        return Err(NOT_A_FILE.to_string());
    }
    if Stamp::of(&opened) != Stamp::of(&before) {
        // Replaced between the look and the open (a program that saves by renaming).
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(before.len()).unwrap_or(0));
    (&mut file)
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64, max_mb));
    }
    let held = Stamp::of(&file.metadata().map_err(unreadable)?);
    // The path is looked at again too: it may now name another file than the one read.
    let named = std::fs::metadata(path).map(|m| Stamp::of(&m)).ok();
    let still = held == Stamp::of(&before)
        && named.as_ref() == Some(&held)
        && bytes.len() as u64 == before.len();
    if !still {
        return Ok(None);
    }
    if cut_short(path, &bytes) {
        if let Some(wait) = settling(&before, CUT_SHORT, SystemTime::now()) {
            std::thread::sleep(wait);
            return Ok(None);
        }
    }
    Ok(Some(bytes))
}

/// Whether the bytes end short of where a whole file of their kind ends: empty, or for the
/// zip-based workbooks (.xlsx, .xlsm, .ods) without the end-of-directory record a zip closes
/// with. A .xls or .csv cannot be told from its bytes.
fn cut_short(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    bytes.is_empty() || (matches!(ext.as_str(), "xlsx" | "xlsm" | "ods") && !ends_zip(bytes))
}

/// A zip ends with its end-of-central-directory record: a signature, 18 bytes, and a comment
/// (at most 64 KiB) whose length the record gives.
fn ends_zip(b: &[u8]) -> bool {
    const RECORD: usize = 22;
    if b.len() < RECORD {
        return false;
    }
    let last = b.len() - RECORD;
    (last.saturating_sub(usize::from(u16::MAX))..=last)
        .rev()
        .any(|i| {
            b[i..i + 4] == *b"PK\x05\x06"
                && i + RECORD + usize::from(u16::from_le_bytes([b[i + 20], b[i + 21]])) == b.len()
        })
}

/// The reason given for a path that names no regular file (a FIFO, a device, a socket).
pub const NOT_A_FILE: &str = "通常のファイルではないため読みません（パイプ・デバイス等）";

/// Runs `attempt` until it gives the whole file, at most `tries` times; a short pause between
/// attempts lets a save in progress finish.
fn read_stable(
    tries: u32,
    mut attempt: impl FnMut() -> Result<Option<Vec<u8>>, String>,
) -> Result<Vec<u8>, String> {
    for n in 0..tries {
        if n > 0 {
            std::thread::sleep(Duration::from_millis(10));
        }
        if let Some(bytes) = attempt()? {
            return Ok(bytes);
        }
    }
    Err(CHANGED.to_string())
}

/// How long to wait before a file changed less than `window` ago can be trusted to be still.
/// A time in the future (a file server whose clock runs ahead) cannot be judged: no wait.
fn settling(m: &Metadata, window: Duration, now: SystemTime) -> Option<Duration> {
    let changed = Stamp::of(m).last_change()?;
    let age = now.duration_since(changed).ok()?;
    window.checked_sub(age).filter(|d| !d.is_zero())
}

/// What says a file is the same one, with the same contents: a save changes its length or
/// times, a save by renaming its inode.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    dev_ino: (u64, u64),
    /// The status-change time, which no program can set back (unlike the modified time).
    #[cfg(unix)]
    ctime: (i64, i64),
}

impl Stamp {
    fn of(m: &Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            dev_ino: (m.dev(), m.ino()),
            #[cfg(unix)]
            ctime: (m.ctime(), m.ctime_nsec()),
        }
    }

    /// The later of the modified and status-change times.
    fn last_change(&self) -> Option<SystemTime> {
        #[cfg(unix)]
        {
            let ctime = u64::try_from(self.ctime.0).ok().map(|s| {
                SystemTime::UNIX_EPOCH + Duration::new(s, u32::try_from(self.ctime.1).unwrap_or(0))
            });
            self.modified.max(ctime)
        }
        #[cfg(not(unix))]
        self.modified
    }
}

/// Opens for reading only. On Linux with O_NOATIME, so that a run leaves even the access time
/// as it was (the kernel allows that flag only to the file's owner, so anyone else gets an
/// open without it), and without blocking, so that a FIFO put in place of the file after it
/// was looked at does not hold the run (the open handle is then checked to be a regular file).
fn open_read_only(path: &Path) -> std::io::Result<File> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let open = |flags| {
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(flags)
                .open(path)
        };
        match open(libc::O_NOATIME | libc::O_NONBLOCK) {
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => open(libc::O_NONBLOCK),
            other => other,
        }
    }
    #[cfg(not(target_os = "linux"))]
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_file_that_changes_once_is_read_again() {
        let calls = Cell::new(0);
        let got = read_stable(TRIES, || {
            calls.set(calls.get() + 1);
            Ok((calls.get() == 3).then(|| b"whole".to_vec()))
        });
        assert_eq!(got, Ok(b"whole".to_vec()));
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn a_file_that_keeps_changing_is_refused_after_the_last_try() {
        let calls = Cell::new(0);
        let got = read_stable(TRIES, || {
            calls.set(calls.get() + 1);
            Ok(None)
        });
        assert_eq!(got, Err(CHANGED.to_string()));
        assert_eq!(calls.get(), TRIES);
    }

    #[test]
    fn an_error_is_not_retried() {
        let calls = Cell::new(0);
        let got = read_stable(TRIES, || {
            calls.set(calls.get() + 1);
            Err("ファイルを開けません（x）".to_string())
        });
        assert_eq!(got, Err("ファイルを開けません（x）".to_string()));
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn a_file_just_saved_is_read_once_it_is_still() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        std::fs::write(&path, b"just saved").unwrap();
        let m = std::fs::metadata(&path).unwrap();
        // Just written: recent (a generous window, for a slow machine).
        let minute = Duration::from_secs(60);
        assert!(settling(&m, minute, SystemTime::now()).is_some(), "{m:?}");
        assert_eq!(read_input(&path), Ok(b"just saved".to_vec()));
    }

    #[test]
    fn settling_waits_only_for_recent_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        std::fs::write(&path, b"x").unwrap();
        let m = std::fs::metadata(&path).unwrap();
        let changed = Stamp::of(&m).last_change().unwrap();
        assert_eq!(settling(&m, SETTLE, changed + SETTLE), None);
        assert_eq!(settling(&m, SETTLE, changed + SETTLE * 10), None);
        assert_eq!(
            settling(&m, SETTLE, changed + SETTLE / 5),
            Some(SETTLE - SETTLE / 5)
        );
        // A clock behind the file's: cannot be judged, no wait.
        assert_eq!(
            settling(&m, SETTLE, changed - Duration::from_secs(60)),
            None
        );
    }

    #[test]
    fn a_workbook_is_cut_short_until_its_zip_directory_is_written() {
        let whole =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/支出簿.xlsx"))
                .unwrap();
        let xlsx = Path::new("a.xlsx");
        assert!(!cut_short(xlsx, &whole));
        for end in [0, 1, 21, whole.len() / 2, whole.len() - 1] {
            assert!(
                cut_short(xlsx, &whole[..end]),
                "{end} of {} bytes",
                whole.len()
            );
        }
        let mut commented = whole.clone();
        let n = commented.len();
        commented[n - 2..].copy_from_slice(&3u16.to_le_bytes());
        commented.extend_from_slice(b"abc");
        assert!(!cut_short(xlsx, &commented));
        // Only an empty .csv or .xls can be told cut short.
        assert!(!cut_short(Path::new("a.csv"), b"a,b\n1,"));
        assert!(cut_short(Path::new("a.csv"), b""));
    }

    #[test]
    fn a_workbook_just_cut_short_is_waited_for_then_read_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        std::fs::write(&path, b"PK\x03\x04 half").unwrap();
        let t = std::time::Instant::now();
        assert_eq!(read_input(&path), Ok(b"PK\x03\x04 half".to_vec()));
        assert!(t.elapsed() >= CUT_SHORT / 2, "{:?}", t.elapsed());
    }

    #[test]
    fn a_missing_file_names_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_input(&dir.path().join("none.xlsx")).unwrap_err();
        assert!(err.starts_with("ファイルを開けません（"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn reading_leaves_the_access_time_as_it_was() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        std::fs::write(&path, b"old").unwrap();
        // Times older than a day: a relatime mount would update the access time on a read.
        let day = Duration::from_secs(86_400);
        let times = std::fs::FileTimes::new()
            .set_accessed(SystemTime::now() - 2 * day)
            .set_modified(SystemTime::now() - 3 * day);
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_times(times)
            .unwrap();
        let before = std::fs::metadata(&path).unwrap();
        assert_eq!(read_input(&path), Ok(b"old".to_vec()));
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(
            (after.atime(), after.atime_nsec()),
            (before.atime(), before.atime_nsec())
        );
        let times = |m: &Metadata| (m.mtime(), m.mtime_nsec(), m.ctime(), m.ctime_nsec());
        assert_eq!(times(&after), times(&before));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_and_the_size_limit_holds_on_the_bytes() {
        // /dev/zero states no length and never ends.
        assert_eq!(
            read_input_limited(Path::new("/dev/zero"), 1),
            Err(NOT_A_FILE.to_string())
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, vec![b'x'; (1 << 20) + 1]).unwrap();
        assert_eq!(read_input_limited(&path, 1), Err(too_big((1 << 20) + 1, 1)));
        assert!(too_big((1 << 20) + 1, 1).contains("2MB。上限 limits.max_file_mb = 1"));
        assert_eq!(
            read_input_limited(&path, 2).map(|b| b.len()),
            Ok((1 << 20) + 1)
        );
    }
}
