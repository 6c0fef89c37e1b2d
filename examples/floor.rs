//! The benchmark's floor: every workbook in a folder read cell by cell with calamine and
//! nothing else, single-threaded. kyodo can't be faster than this per core.
//!
//!     cargo run --release --example floor -- DIR

use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "xlsx") {
            out.push(p);
        }
    }
    Ok(())
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: floor DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    if let Err(e) = collect(Path::new(&dir), &mut files) {
        eprintln!("floor: {e}");
        std::process::exit(1);
    }
    files.sort();
    let (mut cells, mut text_bytes) = (0u64, 0u64);
    for f in &files {
        let mut wb = match open_workbook_auto(f) {
            Ok(wb) => wb,
            Err(e) => {
                eprintln!("floor: {}: {e}", f.display());
                continue;
            }
        };
        for name in wb.sheet_names() {
            if let Ok(range) = wb.worksheet_range(&name) {
                for c in range.used_cells() {
                    cells += 1;
                    if let Data::String(s) = c.2 {
                        text_bytes += s.len() as u64;
                    }
                }
            }
        }
    }
    println!(
        "{} files, {cells} cells, {text_bytes} bytes of text",
        files.len()
    );
}
