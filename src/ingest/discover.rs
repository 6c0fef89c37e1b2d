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
mod tests;
