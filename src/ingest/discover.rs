//! Which files to read: INPUT arguments (files, folders, globs) → workbook paths, in a
//! deterministic order. Lock files, hidden files, the output folder and anything that is not
//! a regular file (a FIFO, a device, a socket, a link that leads nowhere or back up the
//! tree) are listed, not read; a folder or file kyodo may not read is named for a finding.
//! Folders are walked by walkdir, which detects symlink loops. Nothing here opens a file.

use crate::error::Fatal;
use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One input file: where it is and how findings name it.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path as the clerk gave or sees it, with `/` separators (e.g. `samples/名簿.xlsx`).
    pub display: String,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<InputFile>,
    /// Lock files, hidden files and folders, the output folder, special files and links
    /// that cannot be followed: listed but not read.
    pub skipped: Vec<String>,
    /// Folders and files kyodo may not read (permissions): (as displayed, the reason in
    /// Japanese). Each becomes an IN001, so that no report is built from fewer files silently.
    pub unreadable: Vec<(String, String)>,
}

const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "tsv"];

/// How INPUT patterns match names. Windows matches them case-insensitively (`*.xlsx` finds
/// `支出簿.XLSX`), as Explorer does; elsewhere the file system's own case rules hold.
pub fn match_options() -> glob::MatchOptions {
    glob::MatchOptions {
        case_sensitive: !cfg!(windows),
        require_literal_separator: false,
        require_literal_leading_dot: false,
    }
}

/// Whether a file or folder is hidden from the clerk and so not read: a name starting with
/// `.` (and, on Windows, the hidden or system attribute — the one place to decide it).
pub fn is_hidden(name: &str, meta: Option<&Metadata>) -> bool {
    #[cfg(windows)]
    {
        use std::os::windows::fs::MetadataExt;
        const HIDDEN: u32 = 0x2;
        const SYSTEM: u32 = 0x4;
        if meta.is_some_and(|m| m.file_attributes() & (HIDDEN | SYSTEM) != 0) {
            return true;
        }
    }
    #[cfg(not(windows))]
    let _ = meta;
    name.starts_with('.')
}

/// Expands INPUT arguments; no argument means the current folder.
/// Fails only when no workbook is found at all.
pub fn discover_inputs(inputs: &[String], exclude: Option<&Path>) -> Result<Discovered, Fatal> {
    let mut walk = Walk {
        out: Discovered::default(),
        seen: HashSet::new(),
        exclude: exclude.and_then(|p| p.canonicalize().ok()),
    };
    if inputs.is_empty() {
        walk.folder(Path::new("."), "");
    }
    for arg in inputs {
        let p = Path::new(arg);
        if p.is_dir() {
            walk.folder(p, &folder_prefix(arg));
        } else if p.symlink_metadata().is_ok() {
            // A file (or a FIFO, a device, a dangling link): looked at, never searched for.
            walk.file(p, slashes(arg));
        } else if !walk.pattern(arg) {
            // A name that matches nothing is a typing error: say so rather than report
            // on fewer files than the clerk meant.
            return Err(Fatal::NoInput {
                patterns: vec![arg.clone()],
            });
        }
    }
    if walk.out.files.is_empty() && walk.out.unreadable.is_empty() {
        return Err(Fatal::NoInput {
            patterns: inputs.to_vec(),
        });
    }
    Ok(walk.out)
}

struct Walk {
    out: Discovered,
    /// Canonical paths already taken, so that overlapping arguments read a file once.
    seen: HashSet<PathBuf>,
    exclude: Option<PathBuf>,
}

impl Walk {
    /// A glob pattern; its matches are taken in sorted order. False when nothing matches.
    fn pattern(&mut self, arg: &str) -> bool {
        let Ok(paths) = glob::glob_with(arg, match_options()) else {
            return false;
        };
        let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
        found.sort();
        let any = !found.is_empty();
        for p in found {
            let shown = slashes(&p.to_string_lossy());
            if p.is_dir() {
                let prefix = folder_prefix(&shown);
                self.folder(&p, &prefix);
            } else {
                self.file(&p, shown);
            }
        }
        any
    }

    /// Every workbook below a folder, entries sorted by name at each level. Links are
    /// followed (a shared drive may link a district's folder in), except a link to a folder
    /// that holds this one (it would walk the whole tree above: a link to `/`); walkdir
    /// reports any other loop, which is listed once and not entered.
    fn folder(&mut self, dir: &Path, prefix: &str) {
        if self.is_excluded(dir) {
            self.out.skipped.push(prefix.to_string());
            return;
        }
        let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let shown = |p: &Path| -> String {
            let rel = p.strip_prefix(dir).unwrap_or(p);
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            format!("{prefix}{}", parts.join("/"))
        };
        let mut it = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(next) = it.next() {
            let entry = match next {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().map(&shown).unwrap_or_else(|| prefix.to_string());
                    if e.loop_ancestor().is_some() {
                        // A link back up the tree: listed once, not walked.
                        self.out.skipped.push(format!("{at}/"));
                    } else if let Some(io) = e.io_error() {
                        self.io_problem(e.path(), at, io);
                    }
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let at = shown(entry.path());
            if entry.file_type().is_dir() {
                let meta = entry.metadata().ok();
                let up = entry.path_is_symlink()
                    && entry
                        .path()
                        .canonicalize()
                        .is_ok_and(|t| root.starts_with(&t));
                if up || is_hidden(&name, meta.as_ref()) || self.is_excluded(entry.path()) {
                    self.out.skipped.push(format!("{at}/"));
                    it.skip_current_dir();
                }
                continue;
            }
            self.file(entry.path(), at);
        }
    }

    /// A file or folder the walk could not look at: a link that leads nowhere is listed;
    /// one kyodo may not read is named for a finding.
    fn io_problem(&mut self, path: Option<&Path>, at: String, io: &std::io::Error) {
        if io.kind() == std::io::ErrorKind::PermissionDenied {
            let what = if path.is_some_and(Path::is_dir) {
                "フォルダ"
            } else {
                "ファイル"
            };
            self.out
                .unreadable
                .push((at, format!("{what}を読む権限がないため読めません（{io}）")));
        } else if path.is_none_or(has_workbook_extension) {
            self.out.skipped.push(at);
        }
    }

    /// One file: taken if it is a regular file with a workbook's extension, neither a lock
    /// file nor hidden.
    fn file(&mut self, path: &Path, display: String) {
        if !has_workbook_extension(path) {
            return;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                let reason = format!("ファイルを読む権限がないため読めません（{e}）");
                self.out.unreadable.push((display, reason));
                return;
            }
            // A link that leads nowhere (or a file gone since it was listed).
            Err(_) => {
                self.out.skipped.push(display);
                return;
            }
        };
        if name.starts_with("~$") || is_hidden(&name, Some(&meta)) || !meta.is_file() {
            // Lock files, hidden files, and FIFOs, devices and sockets: reading one could
            // wait for ever (a FIFO) or never end (/dev/zero).
            self.out.skipped.push(display);
            return;
        }
        if let Some(ex) = &self.exclude {
            if let Ok(c) = path.canonicalize() {
                if c.starts_with(ex) {
                    return;
                }
            }
        }
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if self.seen.insert(key) {
            self.out.files.push(InputFile {
                path: path.to_path_buf(),
                display,
            });
        }
    }

    fn is_excluded(&self, dir: &Path) -> bool {
        match (&self.exclude, dir.canonicalize()) {
            (Some(ex), Ok(c)) => &c == ex,
            _ => false,
        }
    }
}

fn has_workbook_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// `samples` → `samples/`; `.` and `./` → `` (files in the current folder are shown bare).
fn folder_prefix(arg: &str) -> String {
    let s = slashes(arg);
    // `.` segments say nothing to the clerk: `./samples/.` is `samples/`.
    let mut out = String::new();
    if s.starts_with('/') {
        out.push('/');
    }
    for p in s.split('/').filter(|p| !p.is_empty() && *p != ".") {
        out.push_str(p);
        out.push('/');
    }
    out
}

fn slashes(s: &str) -> String {
    s.replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_prefixes() {
        assert_eq!(folder_prefix("."), "");
        assert_eq!(folder_prefix("./"), "");
        assert_eq!(folder_prefix("samples"), "samples/");
        assert_eq!(folder_prefix("samples/"), "samples/");
        assert_eq!(folder_prefix("./samples"), "samples/");
        assert_eq!(folder_prefix(r"a\b"), "a/b/");
        assert_eq!(folder_prefix("/x/y/."), "/x/y/");
        assert_eq!(folder_prefix("/x//y/"), "/x/y/");
        assert_eq!(folder_prefix("/"), "/");
    }

    #[test]
    fn walks_sorted_and_skips_lock_hidden_and_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.xlsx",
            "a.csv",
            "~$a.xlsx",
            ".hidden.xlsx",
            "notes.txt",
            "sub/c.xls",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("out/R7")).unwrap();
        std::fs::write(root.join("out/R7/r.xlsx"), b"x").unwrap();
        let arg = root.to_string_lossy().into_owned();
        let out = root.join("out");
        let d = discover_inputs(std::slice::from_ref(&arg), Some(&out)).unwrap();
        let shown: Vec<String> = d.files.iter().map(|f| f.display.clone()).collect();
        let p = folder_prefix(&arg);
        assert_eq!(
            shown,
            vec![
                format!("{p}a.csv"),
                format!("{p}b.xlsx"),
                format!("{p}sub/c.xls")
            ]
        );
        assert!(d.skipped.contains(&format!("{p}~$a.xlsx")));
        assert!(d.skipped.contains(&format!("{p}.hidden.xlsx")));
        assert!(d.skipped.contains(&format!("{p}.git/")));
        assert!(d.skipped.contains(&format!("{p}out/")));
        // A glob and an overlapping folder read each file once.
        let g = format!("{}/*.xlsx", arg);
        let d = discover_inputs(&[g, arg.clone()], Some(&out)).unwrap();
        assert_eq!(d.files.len(), 3);
        assert!(matches!(
            discover_inputs(&[format!("{arg}/none/*.xlsx")], None),
            Err(Fatal::NoInput { .. })
        ));
        // One argument that matches nothing is fatal even beside good ones.
        let typo = format!("{arg}/b.xlsxx");
        match discover_inputs(&[arg.clone(), typo.clone()], None) {
            Err(Fatal::NoInput { patterns }) => assert_eq!(patterns, vec![typo]),
            other => panic!("{other:?}"),
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn links_loops_and_special_files_are_listed_not_followed_or_read() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.csv"), b"x").unwrap();
        // Two links to the folder itself, one to the file system's root, a pair of links
        // that point at each other, a link to a device, a FIFO, a link to a real file.
        symlink(".", root.join("self1")).unwrap();
        symlink(root, root.join("self2")).unwrap();
        symlink("/", root.join("slash")).unwrap();
        symlink("loop2.csv", root.join("loop1.csv")).unwrap();
        symlink("loop1.csv", root.join("loop2.csv")).unwrap();
        symlink("/dev/zero", root.join("zero.csv")).unwrap();
        symlink("sub/a.csv", root.join("link.csv")).unwrap();
        let fifo = root.join("pipe.csv");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let arg = root.to_string_lossy().into_owned();
        let p = folder_prefix(&arg);
        let t = std::time::Instant::now();
        let d = discover_inputs(std::slice::from_ref(&arg), None).unwrap();
        assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
        // The file is read once, by whichever name comes first.
        let shown: Vec<&str> = d.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(shown, vec![format!("{p}link.csv")]);
        for s in [
            "loop1.csv",
            "loop2.csv",
            "pipe.csv",
            "zero.csv",
            "self1/",
            "self2/",
            "slash/",
        ] {
            let want = format!("{p}{s}");
            assert_eq!(
                d.skipped.iter().filter(|x| **x == want).count(),
                1,
                "{want} in {:?}",
                d.skipped
            );
        }
        assert!(d.unreadable.is_empty(), "{:?}", d.unreadable);
        // Named on the command line, a FIFO or a device is listed too, never opened.
        let fifo_arg = fifo.to_string_lossy().into_owned();
        let d = discover_inputs(&[fifo_arg, arg.clone()], None).unwrap();
        assert!(d.skipped.contains(&slashes(&fifo.to_string_lossy())));
    }

    #[test]
    fn a_folder_that_may_not_be_read_is_named_for_a_finding() {
        let mut w = Walk {
            out: Discovered::default(),
            seen: HashSet::new(),
            exclude: None,
        };
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let dir = tempfile::tempdir().unwrap();
        w.io_problem(Some(dir.path()), "office/2025/".to_string(), &denied);
        w.io_problem(None, "office/x.xlsx".to_string(), &denied);
        assert_eq!(w.out.unreadable.len(), 2);
        assert_eq!(w.out.unreadable[0].0, "office/2025/");
        assert!(w.out.unreadable[0]
            .1
            .starts_with("フォルダを読む権限がない"));
        assert!(w.out.unreadable[1]
            .1
            .starts_with("ファイルを読む権限がない"));
    }
}
