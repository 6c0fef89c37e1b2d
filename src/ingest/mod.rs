//! Reading: from INPUT arguments to typed records, findings and the inventory.
//!
//! discover (which files) → sheet (a workbook or CSV → grids of cells) → header (find the
//! tables and their columns) → records (typed rows, bad cells as IN003). Nothing here
//! knows the programme's rules.

pub mod discover;
pub mod header;
pub mod sheet;
pub mod value;

use crate::config::Config;
use crate::error::Fatal;
use crate::finding::Finding;
use crate::model::{Dataset, InventoryEntry};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// Reads every input. Fails only when no input file is found at all.
/// `exclude` is the output folder, never read as input.
pub fn ingest(
    inputs: &[String],
    exclude: Option<&Path>,
    _config: &Config,
    _fiscal_year: i32,
) -> Result<Ingested, Fatal> {
    let found = discover::discover_inputs(inputs, exclude)?;
    let mut out = Ingested {
        skipped: found.skipped,
        ..Default::default()
    };
    for f in found.files {
        out.paths.insert(f.display.clone(), f.path.clone());
    }
    Ok(out)
}
