//! Helpers for tests that build small offices on the fly: canonical workbooks from string
//! tables, and a sheet's rows found by label. Running the binary and reading its outputs
//! back are e2e::util's.

pub use crate::e2e::util::{open_range as sheet, read_summary as summary, text};
use calamine::{Data, Range};
use std::path::Path;

/// Runs the real binary in `cwd`: (exit code, stdout, stderr).
pub fn kyodo(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let o = crate::e2e::util::kyodo(cwd, args);
    (o.code, o.stdout, o.stderr)
}

/// `kyodo run office --fy FY --as-of DATE --out OUT --quiet [extra]` in `cwd`, where the
/// test wrote its office into `cwd/office`.
pub fn run_office(
    cwd: &Path,
    fy: &str,
    as_of: &str,
    out: &str,
    extra: &[&str],
) -> (i32, String, String) {
    let mut args = vec![
        "run", "office", "--fy", fy, "--as-of", as_of, "--out", out, "--quiet",
    ];
    args.extend_from_slice(extra);
    kyodo(&args, cwd)
}

/// One sheet: name and rows of text cells (`YYYY-MM-DD` is written as a real date cell).
pub type SheetRows<'a> = (&'a str, Vec<Vec<&'a str>>);

/// Writes a workbook with one table per sheet, header on the first row.
pub fn write_book(path: &Path, sheets: &[SheetRows]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if v.is_empty() {
                    continue;
                }
                let (r, c) = (r as u32, c as u16);
                match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                    Ok(d) => ws.write_date_with_format(r, c, d, &date).map(|_| ()),
                    Err(_) => match v.parse::<f64>() {
                        Ok(n) if !v.starts_with('0') || *v == "0" => {
                            ws.write_number(r, c, n).map(|_| ())
                        }
                        _ => ws.write_string(r, c, *v).map(|_| ()),
                    },
                }
                .expect("cell");
            }
        }
    }
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("folder");
    }
    wb.save(path).expect("save");
}

/// The first row whose first cell is `label`, as texts.
pub fn row_starting(range: &Range<Data>, label: &str) -> Vec<String> {
    range
        .rows()
        .find(|r| r.first().map(text).as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no row starting with {label}"))
        .iter()
        .map(text)
        .collect()
}

/// The value in the row starting with `label`, in the column headed `header` (searched in
/// the rows above it).
pub fn value_at(range: &Range<Data>, label: &str, header: &str) -> String {
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let r = rows
        .iter()
        .position(|row| row.first().map(String::as_str) == Some(label))
        .unwrap_or_else(|| panic!("no row {label}"));
    let c = rows[..r]
        .iter()
        .rev()
        .find_map(|row| row.iter().position(|h| h == header))
        .unwrap_or_else(|| panic!("no header {header} above {label}"));
    rows[r].get(c).cloned().unwrap_or_default()
}

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}
