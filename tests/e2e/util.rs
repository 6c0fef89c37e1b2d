//! Shared helpers: run the binary, read summary.json, search the report workbooks.
//!
//! Report layouts are searched by label, never by fixed coordinates, so that a moved
//! column does not break a test that is about a figure.

#![allow(dead_code)]

use calamine::{open_workbook_auto, Data, Range, Reader};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The report files of spec §4.
pub const REPORTS: &[&str] = &[
    "予算配当表.xlsx",
    "研修出席状況.xlsx",
    "地域・コーディネーター一覧.xlsx",
    "コーディネーター名簿（内部用）.xlsx",
    "チェック結果.xlsx",
    "summary.json",
];

/// The sample office's workbooks.
pub const SAMPLE_BOOKS: &[&str] = &[
    "中学校区一覧.xlsx",
    "コーディネーター名簿.xlsx",
    "研修会一覧.xlsx",
    "支出簿.xlsx",
    "活動記録.xlsx",
];

/// The crate root: `kyodo run samples` is run from here so that findings name `samples/…`.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Both streams, for assertion messages.
    pub fn dump(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `kyodo ARGS` in `cwd`.
pub fn kyodo(cwd: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kyodo"));
    c.args(args).current_dir(cwd);
    run_command(c)
}

/// Runs a command to its end.
pub fn run_command(mut c: Command) -> Output {
    let out = c.output().expect("the kyodo binary runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A finished `kyodo run samples --out <tmp>/out [extra]`, run from the crate root.
pub struct SampleRun {
    pub dir: tempfile::TempDir,
    pub out: PathBuf,
    pub output: Output,
}

impl SampleRun {
    pub fn summary(&self) -> Value {
        read_summary(&self.out)
    }
    pub fn report(&self, name: &str) -> PathBuf {
        self.out.join(name)
    }
}

pub fn run_samples(extra: &[&str]) -> SampleRun {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let out_s = out.to_str().expect("utf-8 temp path").to_string();
    let mut args = vec!["run", "samples", "--out", out_s.as_str()];
    args.extend_from_slice(extra);
    let output = kyodo(&root(), &args);
    SampleRun { dir, out, output }
}

/// Copies samples/ (workbooks and kyodo.toml) into `dest`.
pub fn copy_samples(dest: &Path) {
    std::fs::create_dir_all(dest).expect("create copy folder");
    for entry in std::fs::read_dir(root().join("samples")).expect("samples/ exists") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".xlsx") || name == "kyodo.toml" {
            std::fs::copy(entry.path(), dest.join(&*name)).expect("copy sample");
        }
    }
}

pub fn read_summary(out: &Path) -> Value {
    let path = out.join("summary.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} not readable: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("summary.json is not JSON: {e}"))
}

/// A name as spec §2 matches it (NFKC is not needed for the samples): no spaces.
pub fn person_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '髙' { '高' } else { c })
        .collect()
}

pub fn array<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("summary.json: `{key}` is not an array: {}", v[key]))
}

pub fn findings(v: &Value) -> &Vec<Value> {
    array(v, "findings")
}

/// The summary's district entry by short name.
pub fn district<'a>(v: &'a Value, name: &str) -> &'a Value {
    array(v, "districts")
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("summary.json has no district {name}"))
}

/// The summary's coordinator entry by name (spaces ignored).
pub fn coordinator<'a>(v: &'a Value, name: &str) -> &'a Value {
    array(v, "coordinators")
        .iter()
        .find(|c| person_key(c["name"].as_str().unwrap_or("")) == person_key(name))
        .unwrap_or_else(|| panic!("summary.json has no coordinator {name}"))
}

/// Findings with this id resting on this file (as displayed), sheet and cell.
pub fn finding_at<'a>(
    v: &'a Value,
    id: &str,
    file: &str,
    sheet: &str,
    cell: &str,
) -> Vec<&'a Value> {
    findings(v)
        .iter()
        .filter(|f| f["id"] == id && f["file"] == file && f["sheet"] == sheet && f["cell"] == cell)
        .collect()
}

pub fn with_id<'a>(v: &'a Value, id: &str) -> Vec<&'a Value> {
    findings(v).iter().filter(|f| f["id"] == id).collect()
}

/// A short list of the findings, for assertion messages.
pub fn list_findings(v: &Value) -> String {
    findings(v)
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}!{} {}",
                f["id"].as_str().unwrap_or("?"),
                f["severity"].as_str().unwrap_or("?"),
                f["file"].as_str().unwrap_or(""),
                f["sheet"].as_str().unwrap_or(""),
                f["cell"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ----- workbooks -----

/// Every sheet of a workbook: (name, range).
pub fn sheets(path: &Path) -> Vec<(String, Range<Data>)> {
    let mut wb = open_workbook_auto(path)
        .unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()));
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb
                .worksheet_range(&n)
                .unwrap_or_else(|e| panic!("{}:{n}: {e}", path.display()));
            (n, r)
        })
        .collect()
}

/// One sheet by name.
pub fn open_range(path: &Path, sheet: &str) -> Range<Data> {
    let mut wb = open_workbook_auto(path)
        .unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()));
    wb.worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("{}:{sheet}: {e}", path.display()))
}

/// A cell as text (numbers without a trailing .0).
pub fn text(d: &Data) -> String {
    match d {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

/// A cell as a number, also when a formula's cached result or text such as ¥20,000 holds it.
pub fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::String(s) => s
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('円')
            .replace(',', "")
            .parse()
            .ok(),
        _ => None,
    }
}

/// The cell at an absolute A1 reference (e.g. "C20").
pub fn cell_at(range: &Range<Data>, a1: &str) -> String {
    let (row, col) = parse_a1(a1);
    range.get_value((row, col)).map(text).unwrap_or_default()
}

/// 0-based (row, col) of an A1 reference.
pub fn parse_a1(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &a1[letters.len()..];
    let col = letters.chars().fold(0u32, |acc, c| {
        acc * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    }) - 1;
    let row: u32 = digits.parse::<u32>().expect("row number") - 1;
    (row, col)
}

/// Rows of a range as (absolute row, cells).
pub fn rows(range: &Range<Data>) -> Vec<(u32, Vec<Data>)> {
    let start = range.start().map(|s| s.0).unwrap_or(0);
    range
        .rows()
        .enumerate()
        .map(|(i, r)| (start + i as u32, r.to_vec()))
        .collect()
}

/// The first row (absolute index) holding a cell whose text is `label` (or contains it,
/// with `contains`).
pub fn find_row(range: &Range<Data>, label: &str) -> Option<u32> {
    rows(range)
        .into_iter()
        .find(|(_, cells)| cells.iter().any(|c| text(c) == label))
        .map(|(r, _)| r)
}

/// Absolute (row, col) of the first cell whose text is `label`.
pub fn find_cell(range: &Range<Data>, label: &str) -> Option<(u32, u32)> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (i, row) in range.rows().enumerate() {
        for (j, c) in row.iter().enumerate() {
            if text(c) == label {
                return Some((r0 + i as u32, c0 + j as u32));
            }
        }
    }
    None
}

/// The first non-empty cell to the right of the cell labelled `label`.
pub fn cell_right_of(range: &Range<Data>, label: &str) -> Option<Data> {
    let (r, c) = find_cell(range, label)?;
    let (_, end_c) = range.end()?;
    (c + 1..=end_c)
        .filter_map(|cc| range.get_value((r, cc)).cloned())
        .find(|d| !matches!(d, Data::Empty))
}

/// Every row of every sheet of a workbook whose cells' texts include all of `labels`
/// (a label matches a cell equal to it, or containing it when it starts with `~`).
pub fn rows_with(path: &Path, labels: &[&str]) -> Vec<(String, u32, Vec<Data>)> {
    let mut found = Vec::new();
    for (name, range) in sheets(path) {
        for (r, cells) in rows(&range) {
            let texts: Vec<String> = cells.iter().map(text).collect();
            let all = labels.iter().all(|l| match l.strip_prefix('~') {
                Some(part) => texts.iter().any(|t| t.contains(part)),
                None => texts.iter().any(|t| t == l),
            });
            if all {
                found.push((name.clone(), r, cells));
            }
        }
    }
    found
}

/// Whether a row holds the number `n` (a number cell, a cached formula result or ¥ text).
pub fn row_has_number(cells: &[Data], n: f64) -> bool {
    cells
        .iter()
        .any(|c| number(c).is_some_and(|x| (x - n).abs() < 0.5))
}

/// All texts of a workbook, sheet by sheet, for assertion messages (truncated).
pub fn dump_book(path: &Path) -> String {
    let mut s = String::new();
    for (name, range) in sheets(path) {
        s.push_str(&format!("== {name}\n"));
        for (r, cells) in rows(&range).into_iter().take(60) {
            let t: Vec<String> = cells.iter().map(text).collect();
            s.push_str(&format!("{:>3}: {}\n", r + 1, t.join(" | ")));
        }
    }
    s
}

/// The cell where the row labelled `row_label` meets the column headed `col_label`, in
/// the first sheet of the workbook where both are found (the header is the nearest cell
/// above the row whose text is `col_label`).
pub fn value_at(path: &Path, row_label: &str, col_label: &str) -> Option<Data> {
    for (_, range) in sheets(path) {
        let all = rows(&range);
        let c0 = range.start().map(|s| s.1).unwrap_or(0);
        for (i, (r, cells)) in all.iter().enumerate() {
            if !cells.iter().any(|c| text(c) == row_label) {
                continue;
            }
            for (_, above) in all[..i].iter().rev() {
                if let Some(j) = above.iter().position(|c| text(c) == col_label) {
                    return range.get_value((*r, c0 + j as u32)).cloned();
                }
            }
        }
    }
    None
}
