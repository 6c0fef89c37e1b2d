//! Writing: the four report workbooks and summary.json (spec §4), each written to a
//! temporary name in the out folder and renamed only when complete.
//!
//! Reports read only the [`Analysis`]; nothing here looks at the clock, so the same
//! Analysis gives the same bytes. Text from the inputs is always written as a string,
//! never as a formula.

mod budget;
mod check;
pub mod continued;
pub mod output;
pub mod page;
mod review;
mod roster;
pub mod style;
mod summary;
mod training;
pub mod yearend;

#[cfg(test)]
mod tests;

use crate::analysis::{Analysis, DistrictView};
use crate::error::Fatal;
use crate::model::Status;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use check::relative_link;
pub use summary::Summary;

/// The report files, in the order they are written.
pub const REPORTS: &[&str] = &[
    BUDGET_FILE,
    TRAINING_FILE,
    ROSTER_FILE,
    CHECK_FILE,
    SUMMARY_FILE,
];

pub const BUDGET_FILE: &str = "予算配当表.xlsx";
pub const TRAINING_FILE: &str = "研修出席状況.xlsx";
pub const ROSTER_FILE: &str = "地域・コーディネーター一覧.xlsx";
pub const CHECK_FILE: &str = "チェック結果.xlsx";
pub const SUMMARY_FILE: &str = "summary.json";

/// Writes every report into `out` (created if missing). `input_paths` maps a finding's file
/// name to its path on disk, for links back to the source cell.
///
/// Returns the paths written, in [`REPORTS`] order. Fails with [`Fatal::Output`] when the
/// folder cannot be created, a report there is read-only (then nothing is written) or a file
/// cannot be written (each report is then the old one as it was, or the new one whole).
pub fn write_reports(
    analysis: &Analysis,
    input_paths: &BTreeMap<String, PathBuf>,
    out: &Path,
) -> Result<Vec<PathBuf>, Fatal> {
    output::prepare_out(out, REPORTS)?;
    // Each report reads only the analysis: they are built side by side, each written to its
    // temporary file as soon as it is made; then renamed, or the error told, in REPORTS order.
    let written =
        crate::parallel::map_in_order(REPORTS, crate::parallel::worker_threads(), |name| {
            let xlsx =
                |r: Result<Vec<u8>, rust_xlsxwriter::XlsxError>| {
                    let bytes = r.map_err(|e| e.to_string())?;
                    Ok(move |w: &mut dyn std::io::Write| {
                        w.write_all(&bytes).map_err(|e| e.to_string())
                    })
                };
            let built = match *name {
                BUDGET_FILE => xlsx(budget::build(
                    analysis,
                    &check::Links::new(input_paths, out),
                )),
                TRAINING_FILE => xlsx(training::build(analysis)),
                ROSTER_FILE => xlsx(roster::build(analysis)),
                CHECK_FILE => xlsx(check::build(analysis, input_paths, out)),
                _ => return output::write_temp(out, name, |w| summary::write_json(analysis, w)),
            };
            match built {
                Ok(write) => output::write_temp(out, name, write),
                Err(e) => Err(output::output_error(&out.join(name), e)),
            }
        });
    if let Some(Err(e)) = written.into_iter().find(Result::is_err) {
        for name in REPORTS {
            output::discard_temp(out, name);
        }
        return Err(e);
    }
    output::commit_all(out, REPORTS)
}

/// Districts as the reports list them: model districts, then support districts, then the
/// rest, each group in the order of the districts table.
pub(crate) fn districts_in_report_order(a: &Analysis) -> Vec<&DistrictView> {
    let mut v: Vec<&DistrictView> = a.districts.iter().collect();
    v.sort_by_key(|d| match d.status {
        Status::Model => 0,
        Status::Support => 1,
        Status::None => 2,
    });
    v
}

/// Position of a district in report order (unknown districts last, by name).
pub(crate) fn district_rank(a: &Analysis) -> BTreeMap<String, usize> {
    districts_in_report_order(a)
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect()
}
