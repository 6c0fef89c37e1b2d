//! The fuzz targets' inputs kept in tests/fixtures/fuzz/<target>/, replayed through the very
//! functions the targets call (fuzz/src/lib.rs, included here): each must pass the target's
//! invariants without a panic. The inputs are the corpus the fuzzers minimised to, so a
//! change that breaks on a shape they once reached fails here, without cargo-fuzz.

#[path = "../../fuzz/src/lib.rs"]
mod drive;

use std::path::{Path, PathBuf};

const DIR: &str = "tests/fixtures/fuzz";

fn inputs(target: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(DIR).join(target))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{target}: {} inputs", files.len());
    files
}

/// Runs `f` on every input of `target`, naming the inputs that panic.
fn replay<T>(target: &str, f: fn(&[u8]) -> T) {
    let failed: Vec<String> = inputs(target)
        .iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap();
            std::panic::catch_unwind(|| f(&bytes)).is_err()
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(failed.is_empty(), "panicked: {failed:#?}");
}

#[test]
fn values_corpus_keeps_its_invariants() {
    replay("values", drive::values);
}

#[test]
fn table_corpus_keeps_its_invariants() {
    replay("table", drive::table);
}

#[test]
fn file_corpus_keeps_its_invariants() {
    replay("file", drive::file);
}

#[test]
fn table_seed_roster_reads_its_two_coordinators() {
    let out = drive::table(&std::fs::read(format!("{DIR}/table/seed_roster")).unwrap());
    let names: Vec<&str> = out
        .data
        .coordinators
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["山田 太郎", "髙橋様"]);
    assert_eq!(out.inventory[0].rows_skipped(), 1, "the 合計 row");
}

/// The file target's findings as `id file message`.
fn file_findings(name: &str) -> Vec<String> {
    let out = drive::file(&std::fs::read(format!("{DIR}/file/{name}")).unwrap());
    out.findings
        .iter()
        .map(|f| format!("{} {} {}", f.id, f.file, f.message))
        .collect()
}

/// calamine 0.38 panicked on these .xls files (see `sheet::OleReader`); now each is one
/// IN001 without a panic, on the fuzz path (no `catch_unwind`) as on the run's.
#[test]
fn xls_whose_chain_points_past_the_last_sector_is_one_in001() {
    assert_eq!(
        file_findings("crash_xls_chain_to_phantom_sector"),
        ["IN001 fuzz.xls ファイルが壊れているため読めません（xlsの内部の連鎖が壊れています）"]
    );
}

#[test]
fn xls_cut_off_mid_sector_is_one_in001() {
    // Its directory starts at a sector outside the table, which is now refused first.
    assert_eq!(
        file_findings("crash_xls_cut_off_mid_sector"),
        ["IN001 fuzz.xls ファイルが壊れているため読めません（xlsの内部の連鎖が壊れています）"]
    );
}

/// calamine 0.38 followed this .xls's looping directory chain until memory ran out (an
/// abort no `catch_unwind` contains); now the loop is found first (`ingest::ole`).
#[test]
fn xls_whose_sector_chain_loops_is_one_in001() {
    assert_eq!(
        file_findings("oom_xls_directory_chain_loops"),
        ["IN001 fuzz.xls ファイルが壊れているため読めません（xlsの内部の連鎖が壊れています）"]
    );
}

/// calamine 0.38 panicked indexing an empty sector table with the directory's first sector
/// (found by fuzzing the merged code); chains must now start inside their table.
#[test]
fn xls_whose_chain_starts_outside_its_table_is_one_in001() {
    assert_eq!(
        file_findings("crash_xls_chain_starts_outside_table"),
        ["IN001 fuzz.xls ファイルが壊れているため読めません（xlsの内部の連鎖が壊れています）"]
    );
}
