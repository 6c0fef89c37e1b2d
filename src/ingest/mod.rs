//! Reading: from INPUT arguments to typed records, findings and the inventory.
//!
//! discover (which files) → sheet (a workbook or CSV → grids of cells) → header (find the
//! tables and their columns) → records (typed rows, bad cells as IN003). Nothing here
//! knows the programme's rules. Each file is read by the pure [`read_file`]; results are
//! merged in discovery order, so reading on two threads gives the same output.
//!
//! What the later stages can rely on:
//! - A required cell that is blank or unreadable is one IN003 and the row is left out; an
//!   optional cell that is unreadable is one IN003 and the row is kept with that field empty.
//! - `Attendance::present`: a long row without a 出欠 column → `Some(true)` (a list of those
//!   present); a blank 出欠 cell → `None`; matrix: ○ → `Some(true)`, × → `Some(false)`, a blank
//!   cell emits no record. Sessions are only named (`session_date` / `session_name`), never
//!   matched to the training list here.
//! - Districts are in their short form (`value::district_name`) in every record; people's
//!   names as written (trimmed). 統括・チーフ coordinators may have an empty district or 「全市」.
//! - Row accounting (inventory): `rows` = every row from below the header to the table's last
//!   row = `used` (records) + `rejected` (refused with a finding: IN003 on a required cell,
//!   every row of an IN002 table) + `skipped` by rule ([`crate::model::SkipRule`]). The rules
//!   stage may move a record's row on with a [`crate::model::RowFate`] ([`apply_fates`]).
//! - Sheets named 記入方法 / 記入例 and the like are listed with a note, not read.
//! - Merged cells are filled for .xlsx, .xls and .ods (the latter from its content.xml).

mod biff;
mod csv;
pub mod discover;
mod example;
mod guard;
pub mod header;
mod ods;
mod ole;
pub mod records;
pub mod sheet;
pub mod source;
pub mod value;
mod xls;
mod zipfile;

use crate::config::Config;
use crate::error::Fatal;
use crate::finding::catalogue::{IN001, IN002};
use crate::finding::Finding;
use crate::model::{Dataset, Fate, InventoryEntry, RowFate, SourceRef};
use crate::progress::Progress;
use crate::schema::Kind;
use discover::InputFile;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What reading all the inputs gave.
#[derive(Debug, Default)]
pub struct Ingested {
    pub data: Dataset,
    pub findings: Vec<Finding>,
    pub inventory: Vec<InventoryEntry>,
    /// Files skipped without a finding (lock files, hidden files), as displayed.
    pub skipped: Vec<String>,
    /// Display name → path on disk, for links back to the source cell.
    pub paths: BTreeMap<String, PathBuf>,
}

/// What reading one file gave.
#[derive(Debug, Default)]
pub struct FileResult {
    pub data: Dataset,
    pub findings: Vec<Finding>,
    pub inventory: Vec<InventoryEntry>,
}

/// Reads every input. Fails only when no input file is found at all.
/// `exclude` is the output folder, never read as input.
pub fn ingest(
    inputs: &[String],
    exclude: Option<&Path>,
    config: &Config,
    fiscal_year: i32,
) -> Result<Ingested, Fatal> {
    ingest_with_progress(inputs, exclude, config, fiscal_year, &Progress::silent())
}

/// [`ingest`], counting the files found and each file read on `progress`.
pub fn ingest_with_progress(
    inputs: &[String],
    exclude: Option<&Path>,
    config: &Config,
    fiscal_year: i32,
    progress: &Progress,
) -> Result<Ingested, Fatal> {
    let found = discover::discover_inputs(inputs, exclude)?;
    progress.set_total(found.files.len() as u64);
    let mut out = Ingested {
        skipped: found.skipped,
        ..Default::default()
    };
    for f in &found.files {
        out.paths.insert(f.display.clone(), f.path.clone());
    }
    // A folder or file kyodo may not read is named, so that no report is built from fewer
    // files without a word.
    for (display, reason) in &found.unreadable {
        let f = InputFile {
            path: PathBuf::from(display),
            display: display.clone(),
        };
        let r = refused(&f, "", reason.clone());
        out.findings.extend(r.findings);
        out.inventory.extend(r.inventory);
    }
    // Each file's records are merged (in discovery order) as soon as it is read, so only
    // the files in flight are held twice.
    crate::parallel::for_each_in_order(
        &found.files,
        crate::parallel::worker_threads(),
        |f| {
            let r = read_file(f, config, fiscal_year);
            progress.step();
            r
        },
        |r| {
            out.data.extend(r.data);
            out.findings.extend(r.findings);
            out.inventory.extend(r.inventory);
        },
    );
    out.data.shrink_to_fit();
    out.findings.shrink_to_fit();
    Ok(out)
}

/// Reads one file: bytes once, then every sheet and every table in it.
/// Never fails: a file that cannot be read is one IN001 and an inventory line.
pub fn read_file(f: &InputFile, config: &Config, fy: i32) -> FileResult {
    // A reader library (or this stage) that panics on a malformed file must not end the
    // run nor lose the other files a worker thread holds: the file becomes one IN001
    // naming the library, and nothing is printed.
    guard::quietly(|| read_file_unguarded(f, config, fy)).unwrap_or_else(|why| refused(f, "", why))
}

/// An inventory line for a file or sheet that gave no table.
fn note_entry(f: &InputFile, sha256: &str, sheet: &str, note: String) -> InventoryEntry {
    InventoryEntry {
        file: f.display.clone(),
        sha256: sha256.to_string(),
        sheet: sheet.to_string(),
        kind: None,
        note,
        header_row: 0,
        rows: 0,
        used: 0,
        rejected: 0,
        skipped: BTreeMap::new(),
        unused_columns: Vec::new(),
    }
}

/// A file refused whole: one IN001 and its inventory line.
fn refused(f: &InputFile, sha256: &str, reason: String) -> FileResult {
    FileResult {
        data: Dataset::default(),
        findings: vec![IN001.in_file(&f.display, reason.clone())],
        inventory: vec![note_entry(f, sha256, "", reason)],
    }
}

fn read_file_unguarded(f: &InputFile, config: &Config, fy: i32) -> FileResult {
    // The limit is checked on the stated length first, then on the bytes actually read.
    let bytes = match source::read_input_limited(&f.path, config.limits.max_file_mb) {
        Ok(b) => b,
        Err(reason) => return refused(f, "", reason),
    };
    read_bytes(f, bytes, config, fy)
}

/// Reads one file's bytes (`f` names it: its display, extension and stem): the workbook,
/// then every sheet. Never fails; may panic only if a reader library does ([`read_file`]
/// guards against that).
pub fn read_bytes(f: &InputFile, bytes: Vec<u8>, config: &Config, fy: i32) -> FileResult {
    let sha256 = crate::numbers::hex(&Sha256::digest(&bytes));
    let ext = f
        .path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut book = match sheet::read_book(&bytes, &ext, &config.limits) {
        Ok(b) => b,
        Err(reason) => return refused(f, &sha256, reason),
    };
    drop(bytes);
    let mut out = FileResult::default();
    if book.sheets.is_empty() {
        // Still listed, so that every file read shows in the inventory.
        out.inventory
            .push(note_entry(f, &sha256, "", "シートがありません".to_string()));
    }
    for grid in &mut book.sheets {
        if grid.name.is_empty() {
            // A CSV's one sheet: Excel names it after the file.
            grid.name = f
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        read_grid(f, &sha256, grid, book.is_1904, config, fy, &mut out);
    }
    out
}

/// Reads one sheet's tables into `out`: its records, findings and inventory lines.
pub fn read_grid(
    f: &InputFile,
    sha256: &str,
    grid: &sheet::Grid,
    is_1904: bool,
    config: &Config,
    fy: i32,
    out: &mut FileResult,
) {
    let entry = |sheet: &str, note: String| note_entry(f, sha256, sheet, note);
    if let Some(skip) = &grid.skipped {
        if skip.is_error() {
            let mut finding = IN001.in_file(&f.display, skip.note());
            finding.sheet = grid.name.clone();
            out.findings.push(finding);
        }
        out.inventory.push(entry(&grid.name, skip.note()));
        return;
    }
    let pin = pinned_kind(config, f, &grid.name);
    if pin.is_none() && is_instruction_sheet(&grid.name) {
        out.inventory.push(entry(
            &grid.name,
            "記入方法・記入例のシートのため読んでいません".to_string(),
        ));
        return;
    }
    let tables = header::find_tables(grid, pin, fy);
    if tables.is_empty() {
        let note = if grid.rows.is_empty() {
            "空のシートです"
        } else {
            "kyodo の読む表（名簿・研修会・出席簿・支出簿など）の見出しがないため読んでいません"
        };
        out.inventory.push(entry(&grid.name, note.to_string()));
        return;
    }
    let file: Arc<str> = Arc::from(f.display.as_str());
    let sheet: Arc<str> = Arc::from(grid.name.as_str());
    let ctx = records::Ctx {
        file: &file,
        sheet: &sheet,
        fy,
        is_1904,
    };
    for t in &tables {
        let mut e = entry(&grid.name, String::new());
        e.kind = Some(t.kind.key().to_string());
        e.header_row = t.header_row + 1;
        e.unused_columns = t.unused.clone();
        if !t.missing.is_empty() {
            let names: Vec<String> = t
                .missing
                .iter()
                .map(|m| format!("「{}」", missing_label(t.kind, m)))
                .collect();
            let names = names.join("");
            let col = grid
                .rows
                .iter()
                .find(|r| r.idx == t.header_row)
                .and_then(|r| r.cells.first())
                .map(|(c, _)| *c)
                .unwrap_or(0);
            let src = SourceRef::new(&file, &sheet, t.header_row, col);
            out.findings.push(IN002.at(
                &src,
                format!("{}に必須の列{names}がありません", Kind::label(t.kind)),
            ));
            e.note = format!("必須の列{names}がないため読んでいません");
            account(&mut e, records::count_unread(&grid.rows, t, &ctx));
            out.inventory.push(e);
            continue;
        }
        let counts = records::read_table(&grid.rows, t, &ctx, &mut out.data, &mut out.findings);
        account(&mut e, counts);
        out.inventory.push(e);
    }
}

/// Moves the rows the rules left out after reading from `used` to `rejected` or a skip
/// rule, on the inventory line of the table each row stands in (same file and sheet, the
/// last header above the row), and adds each table's note once.
pub fn apply_fates(inventory: &mut [InventoryEntry], fates: &[RowFate]) {
    let mut tables: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in inventory.iter().enumerate() {
        if e.kind.is_some() && e.header_row > 0 {
            tables.entry((&e.file, &e.sheet)).or_default().push(i);
        }
    }
    let mut moves: Vec<(usize, &RowFate)> = Vec::new();
    for fate in fates {
        let Some(list) = tables.get(&(&*fate.src.file, &*fate.src.sheet)) else {
            continue;
        };
        // header_row is 1-based: a data row (0-based) at or below it.
        let at = list
            .iter()
            .filter(|&&i| inventory[i].header_row <= fate.src.row)
            .max_by_key(|&&i| inventory[i].header_row);
        if let Some(&i) = at {
            moves.push((i, fate));
        }
    }
    for (i, fate) in moves {
        let e = &mut inventory[i];
        if e.used == 0 {
            continue;
        }
        e.used -= 1;
        match fate.fate {
            Fate::Rejected => e.rejected += 1,
            Fate::Skipped(rule) => e.skip(rule),
        }
        if let Some(note) = &fate.note {
            if !e.note.contains(note.as_str()) {
                if !e.note.is_empty() {
                    e.note.push('。');
                }
                e.note.push_str(note);
            }
        }
    }
}

/// Puts a table's row accounting on its inventory line.
fn account(e: &mut InventoryEntry, counts: records::Counts) {
    e.rows = counts.rows();
    e.used = counts.used;
    e.rejected = counts.rejected;
    e.skipped = counts.skipped;
}

/// The kind config pins to this file and sheet, if any (file glob against the displayed
/// path or the file name; sheet by name, `*` or empty for every sheet).
fn pinned_kind(config: &Config, f: &InputFile, sheet: &str) -> Option<Kind> {
    let name = f
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    config.tables.iter().find_map(|p| {
        let pat = glob::Pattern::new(&p.file).ok()?;
        // Case as INPUT patterns take it: ignored on Windows (`*.xlsx` pins 支出簿.XLSX).
        let opts = discover::match_options();
        let file_ok = pat.matches_with(&f.display, opts) || pat.matches_with(&name, opts);
        let sheet_ok = p.sheet.is_empty() || p.sheet == "*" || p.sheet == sheet;
        (file_ok && sheet_ok)
            .then(|| Kind::from_key(&p.kind))
            .flatten()
    })
}

/// Sheets that explain how to fill in the workbook (their example tables are not data).
fn is_instruction_sheet(name: &str) -> bool {
    let n = header::normalize_header(name);
    [
        "記入例",
        "記入方法",
        "入力例",
        "入力方法",
        "書き方",
        "使い方",
        "記載例",
        // kyodo's own templates keep the 中学校区 dropdown's list there.
        crate::schema::CHOICES_SHEET,
    ]
    .iter()
    .any(|w| n.contains(w))
        || matches!(n.as_str(), "説明" | "例" | "注意事項")
}

fn missing_label(k: Kind, field: &str) -> &'static str {
    if k == Kind::Attendance && field == "date" {
        "開催日」か「研修名"
    } else {
        k.field_label(field)
    }
}
