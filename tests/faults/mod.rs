//! Faults (issue 8): a run killed at any moment, an out folder that cannot be written, is full
//! or holds a read-only report, an input that changes while it is read. Each must end with
//! every report either the new one, complete, or the old one byte for byte, a message naming
//! the path, and the inputs exactly as they were.
//!
//! The real binary runs on a copy of samples/ in a temp dir. Unix only: the faults are made
//! with signals, permissions and mounts.

#![cfg(unix)]

mod folder;
mod inputs;
mod kill;
mod signals;
mod together;
mod unreadable;

use crate::e2e::util::{copy_samples, sheets, Output, REPORTS};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The as-of date of the run under test, and of the "previous" run whose reports it replaces
/// (every report differs between the two).
pub const NEW: &str = "2025-11-30";
pub const OLD: &str = "2025-10-31";

/// A folder's files by name, with their bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// A copy of the sample office in `dir/office`; runs write to folders in `dir`.
pub struct Office {
    pub dir: tempfile::TempDir,
}

impl Office {
    pub fn new() -> Office {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_samples(&dir.path().join("office"));
        Office { dir }
    }

    /// An office of `districts` districts written by `examples/gen_office` (built with the
    /// tests; built here if it is not).
    pub fn generated(districts: u32) -> Office {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut c = Command::new(gen_office());
        c.arg(dir.path().join("office"))
            .args(["--districts", &districts.to_string()]);
        let o = output(c);
        assert_eq!(o.code, 0, "gen_office\n{}", o.dump());
        Office { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// `kyodo run office --out OUT --as-of AS_OF --quiet`, from `dir`, not started.
    pub fn command(&self, out: &str, as_of: &str) -> Command {
        self.command_of(Path::new(env!("CARGO_BIN_EXE_kyodo")), out, as_of)
    }

    /// [`Office::command`] with the binary at `exe`.
    pub fn command_of(&self, exe: &Path, out: &str, as_of: &str) -> Command {
        let mut c = Command::new(exe);
        c.args(["run", "office", "--out", out, "--as-of", as_of, "--quiet"])
            .current_dir(self.dir.path());
        c
    }

    pub fn run(&self, out: &str, as_of: &str) -> Output {
        output(self.command(out, as_of))
    }

    /// `kyodo year-end office --fy R7 --out OUT --quiet`, from `dir`.
    pub fn year_end(&self, out: &str) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kyodo"));
        c.args(["year-end", "office", "--fy", "R7", "--out", out, "--quiet"])
            .current_dir(self.dir.path());
        output(c)
    }

    /// The files a complete run into `out` writes (any files there before are removed first),
    /// and its exit code.
    pub fn complete(&self, out: &str, as_of: &str) -> (Files, i32) {
        let _ = std::fs::remove_dir_all(self.path(out));
        let o = self.run(out, as_of);
        assert!(o.code == 0 || o.code == 1, "{}", o.dump());
        let files = files(&self.path(out));
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            sorted(REPORTS).iter().collect::<Vec<_>>(),
            "{}",
            o.dump()
        );
        (files, o.code)
    }
}

/// The gen_office example beside the test binary (target/debug/examples/), built first when
/// a narrower `cargo test` did not build it.
pub fn gen_office() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    let debug = exe.parent().and_then(Path::parent).expect("target/debug");
    let bin = debug
        .join("examples")
        .join(format!("gen_office{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--example", "gen_office"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building gen_office");
    }
    bin
}

/// Runs a command to its end.
pub fn output(mut c: Command) -> Output {
    let o = c.output().expect("the kyodo binary runs");
    Output {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Every file in `dir` (none when it is missing); the 地区別/ sub-folder is not looked into.
pub fn files(dir: &Path) -> Files {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Files::new();
    };
    rd.map(|e| e.expect("dir entry"))
        .filter(|e| e.path().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("readable");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// Makes `dir` hold exactly `files`.
pub fn restore(dir: &Path, files: &Files) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("out folder");
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
}

/// Every file in `dir` and in its 地区別/ sub-folder (as `地区別/name`): one run's whole set.
pub fn whole_set(dir: &Path) -> Files {
    let mut all = files(dir);
    for (name, bytes) in files(&dir.join("地区別")) {
        all.insert(format!("地区別/{name}"), bytes);
    }
    all
}

/// Makes `dir` hold exactly `files` (a [`whole_set`]).
pub fn restore_set(dir: &Path, files: &Files) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("地区別")).expect("out folder");
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    if !files.keys().any(|k| k.starts_with("地区別/")) {
        std::fs::remove_dir(dir.join("地区別")).expect("empty 地区別");
    }
}

/// The temporary files and staging folders of runs into `dir`, in it and beside it (by name
/// only: a running kyodo may rename them meanwhile): `.<report>.tmp` of older versions, and
/// every name with `kyodo-` (a run's own) but the hidden lock files.
pub fn temps(dir: &Path) -> Vec<String> {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let names = |d: &Path| -> Vec<String> {
        std::fs::read_dir(d).map_or(Vec::new(), |rd| {
            rd.filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
                .collect()
        })
    };
    let mut found: Vec<String> = names(dir)
        .into_iter()
        .filter(|n| n.starts_with('.') && (n.ends_with(".tmp") || n.contains("kyodo-")))
        .collect();
    if let Some(parent) = dir.parent() {
        let prefix = format!(".{folder}.kyodo-");
        found.extend(names(parent).into_iter().filter(|n| n.starts_with(&prefix)));
    }
    found.sort();
    found
}

/// What a stopped run left of one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left {
    Old,
    New,
    /// Absent, as it was before the run.
    Absent,
}

/// Asserts that every report in `out` is byte for byte the old one (absent if there was none)
/// or the new one, that each workbook there opens, and that nothing but reports and the run's
/// temporary files is there. Returns what each report is, in REPORTS order.
pub fn assert_old_or_new(out: &Path, old: &Files, new: &Files, context: &str) -> Vec<Left> {
    let now = files(out);
    for name in now.keys() {
        let temp = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .is_some_and(|n| REPORTS.contains(&n));
        assert!(
            REPORTS.contains(&name.as_str()) || temp,
            "{context}: stray file {name} in {}",
            out.display()
        );
    }
    REPORTS
        .iter()
        .map(|name| {
            let left = match now.get(*name) {
                None => {
                    assert!(
                        !old.contains_key(*name),
                        "{context}: {name} was there before the run and is gone"
                    );
                    Left::Absent
                }
                Some(b) if Some(b) == new.get(*name) => Left::New,
                Some(b) if Some(b) == old.get(*name) => Left::Old,
                Some(b) => panic!(
                    "{context}: {name} is neither the old nor the new report ({} bytes)",
                    b.len()
                ),
            };
            if left != Left::Absent && name.ends_with(".xlsx") {
                assert!(!sheets(&out.join(name)).is_empty(), "{context}: {name}");
            }
            left
        })
        .collect()
}

/// Whether this process may ignore file permissions (root, as CI runs): then the faults made
/// with permissions are made for a run as another user.
pub fn privileged() -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let probe = dir.path().join("probe");
    std::fs::write(&probe, b"").expect("probe");
    std::fs::metadata(&probe)
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}
