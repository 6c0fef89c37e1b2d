//! Every formula's stored result is what a spreadsheet engine computes: each workbook of a
//! monthly run (a second month too, with 前回 columns), of year-end, and of a year-end beside
//! the previous year's, loaded by IronCalc, recalculated and compared cell by cell with the
//! results kyodo wrote (which a viewer that does not recalculate — LibreOffice, Protected View,
//! a phone — shows as they are).

use crate::e2e::util::copy_samples;
use crate::support::kyodo;
use std::path::{Path, PathBuf};

fn workbooks(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            workbooks(&p, out);
        } else if p.extension().is_some_and(|x| x == "xlsx") {
            out.push(p);
        }
    }
}

/// The formula cells of a workbook, as calamine reads them.
fn formula_cells(book: &Path) -> usize {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(book).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .iter()
        .map(|n| {
            wb.worksheet_formula(n)
                .map(|r| r.used_cells().filter(|(_, _, f)| !f.is_empty()).count())
                .unwrap_or(0)
        })
        .sum()
}

#[test]
fn every_stored_formula_result_is_what_a_recalculation_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_samples(&dir.join("samples"));
    let runs: [&[&str]; 4] = [
        &[
            "run",
            "samples",
            "--as-of",
            "2025-10-31",
            "--out",
            "out/oct",
        ],
        &[
            "run",
            "samples",
            "--out",
            "out/nov",
            "--previous",
            "out/oct",
        ],
        &["year-end", "samples", "--out", "out/R7/年度末"],
        &["run", "samples", "--redact", "--out", "out/redact"],
    ];
    for args in runs {
        let (code, _, err) = kyodo(args, dir);
        assert!(code == 0 || code == 1, "{args:?}: exit {code}: {err}");
    }
    let mut books = Vec::new();
    workbooks(&dir.join("out"), &mut books);
    books.sort();
    let mut formulas = 0;
    let mut wrong = Vec::new();
    for book in &books {
        formulas += formula_cells(book);
        let path = book.to_string_lossy().into_owned();
        let checked = std::panic::catch_unwind(|| ironcalc::compare::test_file(&path));
        match checked {
            Ok(Ok(())) => {}
            Ok(Err(diff)) => wrong.push(format!("{}: {diff}", book.display())),
            Err(_) => wrong.push(format!("{}: IronCalc could not load it", book.display())),
        }
    }
    assert!(books.len() >= 10, "{books:?}");
    // The budget totals, 執行率, 集計's counts and 年度末報告's sums: a test that checked no
    // formula would pass whatever was written.
    assert!(formulas >= 100, "only {formulas} formulas");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The check itself: a total whose stored result is not its sum is caught.
#[test]
fn a_stored_result_that_is_not_the_formulas_is_caught() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("wrong.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("予算").unwrap();
    ws.write_number(0, 0, 20_000).unwrap();
    ws.write_number(1, 0, 16_500).unwrap();
    ws.write_formula(
        2,
        0,
        rust_xlsxwriter::Formula::new("=SUM(A1:A2)").set_result("36400"),
    )
    .unwrap();
    wb.save(&path).unwrap();
    let diff = ironcalc::compare::test_file(&path.to_string_lossy()).unwrap_err();
    assert!(diff.contains("A3"), "{diff}");
}
