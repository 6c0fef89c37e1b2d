//! The house's floors, checked from the code's own imports: every `crate::x` (and, in the
//! binary, `kyodo::x`) outside test code names a module on the importer's floor or below,
//! and the modules import each other in no circle. README's Layout draws the same floors.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top floor first. A module may import the modules of its own floor (without a circle) and
/// of every floor below it.
const FLOORS: &[&[&str]] = &[
    &["main"],
    &["lib"],
    &["settings"],
    &["ingest", "rules", "changes", "privacy", "init"],
    &["report"],
    &["analysis"],
    &[
        "names", "schema", "model", "finding", "config", "calendar", "numbers", "error", "console",
        "cli", "progress", "parallel",
    ],
];

fn floor(module: &str) -> Option<usize> {
    // Floor 0 is the top: a larger number is a lower floor.
    FLOORS.iter().position(|f| f.contains(&module))
}

/// src/x.rs and src/x/… belong to module x; lib.rs and main.rs to themselves.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a path").as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            // Test modules build data as they like; only the program's own code is checked.
            if p.file_name().is_some_and(|n| n != "tests" && n != "golden") {
                rust_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs")
            // A `tests.rs` beside the code (`ingest/header/tests.rs`) is a test module too.
            && p.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(p);
        }
    }
}

/// The modules a file's code (not its tests) names: `crate::x`, `crate::{x, y::z}` or
/// `kyodo::x`.
fn imports(text: &str) -> BTreeSet<String> {
    let code = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    // Comments out (doc links name modules too, but import nothing).
    let code: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let first_segment = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for prefix in ["crate::", "kyodo::"] {
        let mut rest = code.as_str();
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            let names: Vec<String> = match rest.strip_prefix('{') {
                // A group: each item's first segment (nested groups sit after a segment).
                Some(group) => {
                    let mut depth = 0;
                    let mut items = vec![String::new()];
                    for c in group.chars() {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => break,
                            '}' => depth -= 1,
                            ',' if depth == 0 => items.push(String::new()),
                            _ => items.last_mut().expect("one").push(c),
                        }
                    }
                    items.iter().map(|s| first_segment(s)).collect()
                }
                None => vec![first_segment(rest)],
            };
            for n in names {
                if n.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && n != "self" {
                    out.insert(n);
                }
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        if f.file_name().is_some_and(|n| n == "testkit.rs") {
            continue;
        }
        let m = module_of(&src, &f);
        let text = std::fs::read_to_string(&f).expect("read a source file");
        let to = g.entry(m.clone()).or_default();
        to.extend(imports(&text).into_iter().filter(|x| *x != m));
    }
    g
}

#[test]
fn every_module_has_a_floor() {
    let g = graph();
    let homeless: Vec<&String> = g.keys().filter(|m| floor(m).is_none()).collect();
    assert!(
        homeless.is_empty(),
        "add to FLOORS (and README's Layout): {homeless:?}"
    );
}

#[test]
fn no_module_imports_one_on_a_higher_floor() {
    let g = graph();
    let mut up = Vec::new();
    for (m, to) in &g {
        for t in to {
            if let (Some(a), Some(b)) = (floor(m), floor(t)) {
                if b < a {
                    up.push(format!("{m} → {t}"));
                }
            }
        }
    }
    assert!(up.is_empty(), "imports up the floors: {up:?}");
}

#[test]
fn the_modules_import_each_other_in_no_circle() {
    let g = graph();
    // Depth-first search; a module met again while on the path closes a circle.
    fn visit<'a>(
        m: &'a str,
        g: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| *p == m) {
            let mut circle: Vec<String> = path[i..].iter().map(|s| s.to_string()).collect();
            circle.push(m.to_string());
            return Some(circle);
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        for t in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(t, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in g.keys() {
        if let Some(c) = visit(m, &g, &mut Vec::new(), &mut done) {
            panic!("a circle of imports: {}", c.join(" → "));
        }
    }
}

#[test]
fn the_check_sees_imports() {
    // The reader must not pass by finding nothing.
    let g = graph();
    assert!(g["lib"].contains("settings") && g["report"].contains("analysis"));
    let seen = imports(
        "use crate::a::b;\nuse crate::{g, h::{i, j}};\nlet x = crate::c::d(); // crate::e\n#[cfg(test)]\nuse crate::f;",
    );
    let want: BTreeSet<String> = ["a", "c", "g", "h"].iter().map(|s| s.to_string()).collect();
    assert_eq!(seen, want);
}
