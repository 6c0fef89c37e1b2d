//! Which files to read: INPUT arguments (files, folders, globs) → workbook paths.

use crate::error::Fatal;
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
    /// Lock files and hidden files, listed but not read.
    pub skipped: Vec<String>,
}

const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"];

/// Expands INPUT arguments; no argument means the current folder.
pub fn discover_inputs(inputs: &[String], exclude: Option<&Path>) -> Result<Discovered, Fatal> {
    let _ = (inputs, exclude, EXTENSIONS);
    Err(Fatal::NoInput {
        patterns: inputs.to_vec(),
    })
}
