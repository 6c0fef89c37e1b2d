//! The benchmark's floor: every workbook in a folder read cell by cell with calamine and
//! nothing else, single-threaded. kyodo can't be faster than this per core. With
//! `FLOOR_THREADS=N` the files are shared out over N threads (the floor on N cores).
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
    let threads = std::env::var("FLOOR_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1);
    // Files dealt round-robin: the generated offices' workbooks are alike in size.
    let shares: Vec<Vec<&PathBuf>> = (0..threads)
        .map(|t| files.iter().skip(t).step_by(threads).collect())
        .collect();
    let counts: Vec<(u64, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = shares
            .iter()
            .map(|share| s.spawn(move || read_all(share)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or((0, 0)))
            .collect()
    });
    let (cells, text_bytes) = counts
        .iter()
        .fold((0, 0), |(c, t), (c1, t1)| (c + c1, t + t1));
    println!(
        "{} files, {cells} cells, {text_bytes} bytes of text",
        files.len()
    );
}

/// Every cell of `files`: how many, and the bytes of their text.
fn read_all(files: &[&PathBuf]) -> (u64, u64) {
    let (mut cells, mut text_bytes) = (0u64, 0u64);
    for f in files {
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
    (cells, text_bytes)
}
