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
        shown: HashSet::new(),
        exclude: exclude.and_then(|p| p.canonicalize().ok()),
    };
    if inputs.is_empty() {
        walk.folder(Path::new("."), "");
    }
    // Files are named relative to their INPUT folder, so that a copied or moved office folder
    // names every file (and every finding) alike. With several INPUTs, each folder's own name
    // keeps them apart.
    let several = inputs.len() > 1;
    for arg in inputs {
        let p = Path::new(arg);
        if p.is_dir() {
            let prefix = if several { own_name(p) } else { String::new() };
            walk.folder(p, &prefix);
        } else if p.symlink_metadata().is_ok() {
            // A file (or a FIFO, a device, a dangling link): looked at, never searched for.
            walk.file(p, file_name(p));
        } else if !walk.pattern(arg, several) {
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
    /// Names already given to a file, so that two files never share one.
    shown: HashSet<String>,
    exclude: Option<PathBuf>,
}

impl Walk {
    /// A glob pattern; its matches are taken in sorted order. False when nothing matches.
    fn pattern(&mut self, arg: &str, several: bool) -> bool {
        let Ok(paths) = glob::glob_with(arg, match_options()) else {
            return false;
        };
        let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
        found.sort();
        let any = !found.is_empty();
        // Matches are named relative to the folder the pattern starts from (`名簿/*.xlsx` → `名簿`).
        let base = glob_base(arg);
        let prefix = if several {
            own_name(&base)
        } else {
            String::new()
        };
        for p in found {
            let rel = p.strip_prefix(&base).unwrap_or(&p);
            let shown = format!("{prefix}{}", slashes(&rel.to_string_lossy()));
            if p.is_dir() {
                self.folder(&p, &format!("{shown}/"));
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
                if crate::report::replace::is_staging(&name) {
                    // Another run's reports being written (beside its out folder): kyodo's
                    // own, here for a moment, and not the office's to be told about.
                    it.skip_current_dir();
                } else if up || is_hidden(&name, meta.as_ref()) || self.is_excluded(entry.path()) {
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
                .push((at, format!("{what}を読む権限がないため読めません")));
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
                let reason = "ファイルを読む権限がないため読めません".to_string();
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
            let display = self.unique(display);
            self.out.files.push(InputFile {
                path: path.to_path_buf(),
                display,
            });
        }
    }

    /// `display`, or when another file already has that name (the same file name given from
    /// two places), the name numbered: `支出簿.xlsx (2)`.
    fn unique(&mut self, display: String) -> String {
        let mut shown = display.clone();
        let mut n = 1;
        while !self.shown.insert(shown.clone()) {
            n += 1;
            shown = format!("{display} ({n})");
        }
        shown
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

/// A folder's own name as a prefix (`/x/11月` → `11月/`); empty for `.` or a root.
fn own_name(dir: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = named(dir).or_else(|| dir.canonicalize().ok().as_deref().and_then(named));
    name.map(|n| format!("{n}/")).unwrap_or_default()
}

/// A file's name alone: a file given by itself is named without its folders.
fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| slashes(&p.to_string_lossy()))
}

/// The folder a glob pattern starts from: its components before the first with a wildcard.
fn glob_base(pattern: &str) -> PathBuf {
    let mut base = PathBuf::new();
    for c in Path::new(pattern).components() {
        if c.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
            break;
        }
        base.push(c);
    }
    base
}

fn slashes(s: &str) -> String {
    s.replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matching Windows gets (wired by `cfg(windows)` in `match_options`), tested on
    /// every system against a real folder.
    #[test]
    fn patterns_ignore_case_as_on_windows() {
        assert_eq!(match_options().case_sensitive, !cfg!(windows));
        let windows = glob::MatchOptions {
            case_sensitive: false,
            ..match_options()
        };
        for (pattern, name) in [
            ("*.xlsx", "支出簿.XLSX"),
            ("支出簿.xlsx", "支出簿.Xlsx"),
            ("名簿/*.XLSX", "名簿/コーディネーター名簿.xlsx"),
        ] {
            let p = glob::Pattern::new(pattern).unwrap();
            assert!(p.matches_with(name, windows), "{pattern} {name}");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("支出簿.XLSX"), b"x").unwrap();
        std::fs::write(dir.path().join("名簿.Xlsx"), b"x").unwrap();
        let pattern = format!("{}/*.xlsx", dir.path().display());
        let found: Vec<_> = glob::glob_with(&pattern, windows)
            .unwrap()
            .filter_map(Result::ok)
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn names_and_bases() {
        assert_eq!(own_name(Path::new("samples")), "samples/");
        assert_eq!(own_name(Path::new("/x/11月/")), "11月/");
        assert_eq!(file_name(Path::new("/x/y/支出簿.xlsx")), "支出簿.xlsx");
        assert_eq!(glob_base("名簿/*.xlsx"), PathBuf::from("名簿"));
        assert_eq!(glob_base("/x/y/*/a?.xlsx"), PathBuf::from("/x/y"));
        assert_eq!(glob_base("*.csv"), PathBuf::new());
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
        // Named relative to the INPUT folder, wherever that folder is.
        assert_eq!(shown, vec!["a.csv", "b.xlsx", "sub/c.xls"]);
        assert!(d.skipped.contains(&"~$a.xlsx".to_string()));
        assert!(d.skipped.contains(&".hidden.xlsx".to_string()));
        assert!(d.skipped.contains(&".git/".to_string()));
        assert!(d.skipped.contains(&"out/".to_string()));
        // Another run's staging folder beside its out folder is neither read nor listed.
        std::fs::create_dir_all(root.join(".結果.kyodo-7-7.new")).unwrap();
        std::fs::write(root.join(".結果.kyodo-7-7.new/r.xlsx"), b"x").unwrap();
        let again = discover_inputs(std::slice::from_ref(&arg), Some(&out)).unwrap();
        assert_eq!(again.skipped, d.skipped);
        assert_eq!(again.files.len(), d.files.len());
        // A glob and an overlapping folder read each file once; with several INPUTs each
        // is named under its folder's own name.
        let g = format!("{}/*.xlsx", arg);
        let d = discover_inputs(&[g.clone(), arg.clone()], Some(&out)).unwrap();
        assert_eq!(d.files.len(), 3);
        let own = own_name(root);
        let shown: Vec<String> = d.files.iter().map(|f| f.display.clone()).collect();
        assert_eq!(shown[0], format!("{own}b.xlsx"));
        // A single file or pattern: the file's name alone.
        let d = discover_inputs(std::slice::from_ref(&g), None).unwrap();
        assert_eq!(d.files[0].display, "b.xlsx");
        let one = root.join("sub/c.xls").to_string_lossy().into_owned();
        let d = discover_inputs(std::slice::from_ref(&one), None).unwrap();
        assert_eq!(d.files[0].display, "c.xls");
        // The same file name from two places is numbered, never shared.
        std::fs::write(root.join("sub/b.xlsx"), b"x").unwrap();
        let two = [
            root.join("b.xlsx").to_string_lossy().into_owned(),
            root.join("sub/b.xlsx").to_string_lossy().into_owned(),
        ];
        let d = discover_inputs(&two, None).unwrap();
        let shown: Vec<String> = d.files.iter().map(|f| f.display.clone()).collect();
        assert_eq!(shown, vec!["b.xlsx", "b.xlsx (2)"]);
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
        let p = "";
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
        assert!(
            d.skipped.contains(&"pipe.csv".to_string()),
            "{:?}",
            d.skipped
        );
    }

    #[test]
    fn a_folder_that_may_not_be_read_is_named_for_a_finding() {
        let mut w = Walk {
            out: Discovered::default(),
            seen: HashSet::new(),
            shown: HashSet::new(),
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
