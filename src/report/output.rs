//! Writing one report file whole: to a temporary name in the out folder, then renamed,
//! so that a reader never sees half a workbook and a failed run leaves the old one intact.

use crate::error::Fatal;
use std::fs;
use std::io::{BufWriter, Write};
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

/// Writes `out/.name.tmp` through `write`, to be renamed by [`commit_temp`] once every report
/// of the run is written (or removed by [`discard_temp`]). A report written straight to its
/// file is never held whole in memory.
pub fn write_temp(
    out: &Path,
    name: &str,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<(), Fatal> {
    let tmp = temp_path(out, name);
    let written = fs::File::create(&tmp)
        .map_err(|e| e.to_string())
        .and_then(|file| {
            let mut w = BufWriter::with_capacity(1 << 16, file);
            write(&mut w)?;
            w.into_inner().map(drop).map_err(|e| e.error().to_string())
        });
    written.map_err(|message| {
        let _ = fs::remove_file(&tmp);
        output_error(&out.join(name), message)
    })
}

/// Renames `out/.name.tmp`, written by [`write_temp`], to `out/name`; returns the final path.
pub fn commit_temp(out: &Path, name: &str) -> Result<PathBuf, Fatal> {
    let target = out.join(name);
    let tmp = temp_path(out, name);
    if let Err(e) = fs::rename(&tmp, &target) {
        let _ = fs::remove_file(&tmp);
        return Err(output_error(&target, e.to_string()));
    }
    Ok(target)
}

/// Removes `out/.name.tmp` if it is there.
pub fn discard_temp(out: &Path, name: &str) {
    let _ = fs::remove_file(temp_path(out, name));
}

fn temp_path(out: &Path, name: &str) -> PathBuf {
    out.join(format!(".{name}.tmp"))
}

pub fn output_error(path: &Path, message: String) -> Fatal {
    Fatal::Output {
        path: path.display().to_string(),
        message,
    }
}
