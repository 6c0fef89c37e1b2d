//! Writing: the report workbooks and summary.json (spec §4), written into a staging folder of
//! the run's own and put in place together (`replace`).
//!
//! Reports read only the [`Analysis`]; nothing here looks at the clock, so the same
//! Analysis gives the same bytes. Text from the inputs is always written as a string,
//! never as a formula.

mod budget;
mod check;
pub mod continued;
pub mod district;
mod figures;
mod findings;
mod internal;
pub mod interrupt;
pub mod lock;
pub mod output;
pub mod page;
pub mod previous_year;
pub mod replace;
mod review;
mod roster;
pub mod style;
mod summary;
mod training;
pub mod yearend;

#[cfg(test)]
mod tests;

use crate::analysis::{Analysis, CoordinatorView, DistrictView, SessionView};
use crate::error::Fatal;
use crate::model::{Role, Status};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use check::relative_link;
pub use findings::{location_key, read_clerk_notes};
pub use summary::Summary;

/// The report files every run writes, in the order they are written; the district
/// workbooks follow them ([`reports`]).
pub const REPORTS: &[&str] = &[
    BUDGET_FILE,
    TRAINING_FILE,
    ROSTER_FILE,
    INTERNAL_FILE,
    CHECK_FILE,
    SUMMARY_FILE,
];

pub const BUDGET_FILE: &str = "予算配当表.xlsx";
pub const TRAINING_FILE: &str = "研修出席状況.xlsx";
pub const ROSTER_FILE: &str = "地域・コーディネーター一覧.xlsx";
pub const INTERNAL_FILE: &str = "コーディネーター名簿（内部用）.xlsx";
pub const CHECK_FILE: &str = "チェック結果.xlsx";
pub const SUMMARY_FILE: &str = "summary.json";

/// What makes one report file.
#[derive(Clone, Copy, Debug)]
enum Builder<'a> {
    Budget,
    Training,
    Roster,
    Internal,
    Check,
    Summary,
    District(&'a DistrictView),
}

/// The reports every run writes, file and builder side by side: the one place a new report
/// is added (its file name in [`REPORTS`] too, which a test keeps equal to this table).
const FIXED: [(&str, Builder<'static>); 6] = [
    (BUDGET_FILE, Builder::Budget),
    (TRAINING_FILE, Builder::Training),
    (ROSTER_FILE, Builder::Roster),
    (INTERNAL_FILE, Builder::Internal),
    (CHECK_FILE, Builder::Check),
    (SUMMARY_FILE, Builder::Summary),
];

/// One file of a run and what makes it.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    /// Relative to the out folder (`地区別/光陽.xlsx` for a district's).
    pub file: String,
    builder: Builder<'a>,
}

/// Every file one run writes: the fixed reports, then one workbook per model and support
/// district under 地区別/ (`district::file_name`). The one list the writing step goes
/// through, so that the district workbooks are replaced with the rest.
pub fn reports(a: &Analysis) -> Vec<Report<'_>> {
    let mut v: Vec<Report> = FIXED
        .iter()
        .map(|&(file, builder)| Report {
            file: file.to_string(),
            builder,
        })
        .collect();
    let mut taken: rustc_hash::FxHashSet<String> = v.iter().map(|r| r.file.clone()).collect();
    for d in district::districts(a) {
        let file = district::file_name(&d.name);
        // Two names made alike by the file-name rule keep the first; the district list
        // holds each name once, so this takes a typo such as 「光陽/」 beside 「光陽」.
        if taken.insert(file.clone()) {
            v.push(Report {
                file,
                builder: Builder::District(d),
            });
        }
    }
    v
}

/// The files of [`reports`], in order.
pub fn report_files(a: &Analysis) -> Vec<String> {
    reports(a).into_iter().map(|r| r.file).collect()
}

/// Writes every report into `out` (created if missing). `input_paths` maps a finding's file
/// name to its path on disk, for links back to the source cell.
///
/// Returns the paths written, in [`reports`] order. Fails with [`Fatal::Output`] when
/// another run holds the folder, a report there cannot be replaced, or a file cannot be
/// written; the folder then holds the old set of reports as it was.
pub fn write_reports(
    analysis: &Analysis,
    input_paths: &BTreeMap<String, PathBuf>,
    out: &Path,
) -> Result<Vec<PathBuf>, Fatal> {
    let list = reports(analysis);
    let names: Vec<&str> = list.iter().map(|r| r.file.as_str()).collect();
    let staged = replace::begin(out, &names)?;
    let districts = district::Index::new(analysis);
    // Each report reads only the analysis: they are built side by side, each written to the
    // staging folder as soon as it is made; then put in place together, or the first error
    // told (in list order) and the staging folder removed.
    let timings = Timings::new();
    let written =
        crate::parallel::map_in_order(&list, crate::parallel::worker_threads(), |report| {
            let _t = timings.start(report);
            let name = report.file.as_str();
            let xlsx = |r: Result<Vec<u8>, rust_xlsxwriter::XlsxError>| {
                let bytes = r.map_err(|e| output::xlsx_reason(&e))?;
                Ok(move |w: &mut dyn std::io::Write| {
                    w.write_all(&bytes).map_err(|e| output::io_reason(&e))
                })
            };
            let built = match report.builder {
                Builder::Budget => xlsx(budget::build(
                    analysis,
                    &check::Links::new(input_paths, out),
                )),
                Builder::Training => xlsx(training::build(analysis)),
                Builder::Roster => xlsx(roster::build(analysis)),
                Builder::Internal => xlsx(internal::build(analysis)),
                Builder::Check => xlsx(check::build(analysis, input_paths, out)),
                Builder::Summary => {
                    return staged.write(name, |w| summary::write_json(analysis, w))
                }
                Builder::District(d) => xlsx(district::build(analysis, &districts, d)),
            };
            match built {
                Ok(write) => staged.write(name, write),
                Err(e) => Err(output::output_error(&output::report_path(out, name), e)),
            }
        });
    timings.print();
    if let Some(Err(e)) = written.into_iter().find(Result::is_err) {
        return Err(e);
    }
    staged.commit()
}

/// With `KYODO_TIMINGS=1`, each report's time (the district workbooks summed) on stderr after
/// the writing stage, for profiling.
struct Timings(Option<std::sync::Mutex<BTreeMap<usize, TimingLine>>>);

/// A report's file, how many were made, their time together.
type TimingLine = (String, u32, std::time::Duration);

/// Adds the time from its making to its drop to its report's line.
struct Timed<'t> {
    timings: &'t Timings,
    key: usize,
    file: &'t str,
    started: std::time::Instant,
}

impl Timings {
    fn new() -> Timings {
        Timings(std::env::var_os("KYODO_TIMINGS").map(|_| Default::default()))
    }

    fn start<'t>(&'t self, report: &'t Report) -> Option<Timed<'t>> {
        self.0.as_ref()?;
        let key = match report.builder {
            Builder::District(_) => FIXED.len(),
            b => FIXED
                .iter()
                .position(|(_, f)| std::mem::discriminant(f) == std::mem::discriminant(&b))
                .unwrap_or(0),
        };
        let file = match report.builder {
            Builder::District(_) => district::FOLDER,
            _ => report.file.as_str(),
        };
        Some(Timed {
            timings: self,
            key,
            file,
            started: std::time::Instant::now(),
        })
    }

    fn print(&self) {
        let Some(m) = &self.0 else { return };
        let m = m.lock().unwrap_or_else(|e| e.into_inner());
        for (file, n, d) in m.values() {
            eprintln!("kyodo:   {file} ×{n}  {:.3} s", d.as_secs_f64());
        }
    }
}

impl Drop for Timed<'_> {
    fn drop(&mut self) {
        if let Some(m) = &self.timings.0 {
            let mut m = m.lock().unwrap_or_else(|e| e.into_inner());
            let e = m
                .entry(self.key)
                .or_insert_with(|| (self.file.to_string(), 0, Default::default()));
            e.1 += 1;
            e.2 += self.started.elapsed();
        }
    }
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

/// What the reports show for a district that is not in the district list (a typo such as
/// 「東光陽」, or none stated): counted, never shown as a district of its own.
pub const UNKNOWN_DISTRICT: &str = "不明（要確認）";

/// The city as a whole: the 統括・チーフコーディネーター's 中学校区 (spec §2's 全市).
pub const CITYWIDE: &str = "全市";

/// The district names of the list, to show a district as the reports do ([`Self::label`]):
/// built once per report, so that labelling a row is a hash probe, not a scan of the list.
pub(crate) struct DistrictLabels<'a> {
    names: rustc_hash::FxHashSet<&'a str>,
}

impl<'a> DistrictLabels<'a> {
    pub(crate) fn new(a: &'a Analysis) -> DistrictLabels<'a> {
        DistrictLabels {
            names: a.districts.iter().map(|d| d.name.as_str()).collect(),
        }
    }

    /// A district as the reports show it: its name when the district list holds it (or there
    /// is no list) or it is 全市, else [`UNKNOWN_DISTRICT`].
    pub(crate) fn label(&self, name: &str) -> String {
        if name == CITYWIDE || self.names.is_empty() || self.names.contains(name) {
            name.to_string()
        } else {
            UNKNOWN_DISTRICT.to_string()
        }
    }

    /// A coordinator's district as the reports show it: the city-wide roles (統括・チーフ) as
    /// their roster cell says (「全市」), the others as [`Self::label`] does.
    pub(crate) fn coordinator(&self, c: &CoordinatorView) -> String {
        match c.role {
            Role::General | Role::Chief if c.district.is_empty() => CITYWIDE.to_string(),
            Role::General | Role::Chief => c.district.clone(),
            Role::Staff | Role::Resident => self.label(&c.district),
        }
    }
}

/// Whether a session has been held by the as-of date; a later one is 予定 (spec §3).
pub(crate) fn is_held(_: &Analysis, s: &SessionView) -> bool {
    s.held
}

/// Position of a district in report order (unknown districts last, by name).
pub(crate) fn district_rank(a: &Analysis) -> BTreeMap<String, usize> {
    districts_in_report_order(a)
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect()
}
