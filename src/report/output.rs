//! Writing one report file whole: to a temporary name in the out folder, then renamed,
//! so that a reader never sees half a workbook and a failed run leaves the old one intact.

use crate::error::Fatal;
use std::fs;
use std::path::{Path, PathBuf};

/// Creates the out folder (and its parents) or says why it cannot.
pub fn create_out(out: &Path) -> Result<(), Fatal> {
    fs::create_dir_all(out).map_err(|e| output_error(out, e.to_string()))?;
    if !out.is_dir() {
        return Err(output_error(out, "フォルダではありません".to_string()));
    }
    Ok(())
}

/// Writes `bytes` as `out/name` through `out/.name.tmp`; returns the final path.
pub fn write_atomic(out: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, Fatal> {
    let target = out.join(name);
    let tmp = out.join(format!(".{name}.tmp"));
    if let Err(e) = fs::write(&tmp, bytes) {
        let _ = fs::remove_file(&tmp);
        return Err(output_error(&target, e.to_string()));
    }
    if let Err(e) = fs::rename(&tmp, &target) {
        let _ = fs::remove_file(&tmp);
        return Err(output_error(&target, e.to_string()));
    }
    Ok(target)
}

pub fn output_error(path: &Path, message: String) -> Fatal {
    Fatal::Output {
        path: path.display().to_string(),
        message,
    }
}
