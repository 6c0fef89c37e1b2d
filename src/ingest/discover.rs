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
        } else if p.is_file() {
            walk.file(p, file_name(p));
        } else if !walk.pattern(arg, several) {
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
    /// Names already given to a file, so that two files never share one.
    shown: HashSet<String>,
    exclude: Option<PathBuf>,
}

impl Walk {
    /// A glob pattern; its matches are taken in sorted order. False when nothing matches.
    fn pattern(&mut self, arg: &str, several: bool) -> bool {
        let Ok(paths) = glob::glob(arg) else {
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
}
