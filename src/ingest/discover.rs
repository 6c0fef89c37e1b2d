//! Which files to read: INPUT arguments (files, folders, globs) → workbook paths, in a
//! deterministic order. Lock files, hidden files and the output folder are listed, not read.
//! Nothing here opens a file.

use crate::error::Fatal;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

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
    /// Lock files, hidden files and folders and the output folder, listed but not read.
    pub skipped: Vec<String>,
}

const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"];

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
        } else if p.is_file() {
            walk.file(p, slashes(arg));
        } else if !walk.pattern(arg) {
            // A name that matches nothing is a typing error: say so rather than report
            // on fewer files than the clerk meant.
            return Err(Fatal::NoInput {
                patterns: vec![arg.clone()],
            });
        }
    }
    if walk.out.files.is_empty() {
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
        let Ok(paths) = glob::glob(arg) else {
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

    /// Every workbook below a folder, entries sorted by name at each level.
    fn folder(&mut self, dir: &Path, prefix: &str) {
        if self.is_excluded(dir) {
            self.out.skipped.push(prefix.to_string());
            return;
        }
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<(String, PathBuf)> = rd
            .filter_map(Result::ok)
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect();
        entries.sort();
        for (name, path) in entries {
            let shown = format!("{prefix}{name}");
            if path.is_dir() {
                if name.starts_with('.') {
                    self.out.skipped.push(format!("{shown}/"));
                } else {
                    self.folder(&path, &format!("{shown}/"));
                }
            } else if has_workbook_extension(&path) {
                self.file(&path, shown);
            }
        }
    }

    /// One file: taken if it is a workbook and neither a lock file nor hidden.
    fn file(&mut self, path: &Path, display: String) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with("~$") || name.starts_with('.') {
            self.out.skipped.push(display);
            return;
        }
        if !has_workbook_extension(path) {
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
}
