//! kyodo: reconciles the 地域学校協働活動 office's workbooks against the programme's rules and
//! writes the reports it hands on.
//!
//! The pipeline: discover → read → normalise (`ingest`) → reconcile (`rules`) → report.
//! `run_cli` is the one place where a command becomes pipeline calls.

pub mod analysis;
pub mod calendar;
pub mod changes;
pub mod cli;
pub mod config;
pub mod console;
pub mod error;
pub mod finding;
pub mod ingest;
pub mod init;
pub mod model;
pub mod names;
pub mod numbers;
pub mod parallel;
pub mod privacy;
pub mod progress;
pub mod report;
pub mod rules;
pub mod schema;
pub mod settings;

use crate::analysis::Analysis;
use crate::cli::{Cli, Command, CommonArgs};
use crate::error::Fatal;
use crate::finding::{count_by_severity, sort_findings, Severity};
use crate::settings::{settings, settings_for, Settings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs a parsed command line; the result is the exit status (0 clean, 1 error findings).
pub fn run_cli(cli: Cli) -> Result<u8, Fatal> {
    match cli.into_command() {
        Command::Run(args) => {
            report::interrupt::install();
            let s = settings(&args.common)?;
            let out = args.out.clone().unwrap_or_else(|| {
                let day = s.as_of.format("%Y-%m-%d").to_string();
                default_out(&s, &day, args.common.redact)
            });
            let previous = changes::previous_run(args.previous.as_deref(), &out, s.as_of).map_err(
                |message| Fatal::Usage {
                    message: format!("前回の結果を読めません: {message}"),
                },
            )?;
            let (analysis, paths, settings) =
                analyse_with(&args.common, s, args.out.as_deref(), previous)?;
            let mut progress = progress::Progress::new(args.common.quiet);
            progress.stage("書き出し", 0);
            let written = report::write_reports(&analysis, &paths, &out)?;
            progress.finish();
            if !args.common.quiet {
                console::err(&closing("照合", &settings, &analysis));
                for p in &written {
                    console::err(&format!("  {}", p.display()));
                }
                console::err(&next_step(&out, &analysis, "チェック結果.xlsx"));
            }
            Ok(exit_status(&analysis))
        }
        Command::Check(args) => {
            let (analysis, _, settings) = analyse(&args, None)?;
            print_findings(&analysis);
            console::out(&closing("確認", &settings, &analysis));
            Ok(exit_status(&analysis))
        }
        Command::YearEnd(args) => {
            report::interrupt::install();
            // Without --as-of the year closes with the 出納整理期間: April–May payments count.
            let s = settings_for(&args.common, true)?;
            let (analysis, _, settings) =
                analyse_with(&args.common, s, args.out.as_deref(), None)?;
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| default_out(&settings, "年度末", args.common.redact));
            let figures = analysis::YearEnd::from_analysis(&analysis, &settings.config);
            // The previous year's 年度末 folder beside this one gives the 前年度 columns.
            let previous = report::previous_year::previous_year(&out, settings.fiscal_year);
            let bytes = report::yearend::workbook_bytes(&analysis, &figures, previous.as_ref())
                .map_err(|e| Fatal::output(&out, report::output::xlsx_reason(&e)).caused_by(e))?;
            let json = report::yearend::summary_json(&analysis, &figures)
                .map_err(|e| Fatal::output(&out, e))?;
            // The workbook and its summary.json are replaced together, as a run's set is.
            let names = ["年度末報告.xlsx", report::SUMMARY_FILE];
            let staged = report::replace::begin(&out, &names)?;
            for (name, bytes) in names.iter().zip([&bytes, &json]) {
                staged.write(name, |w| {
                    std::io::Write::write_all(w, bytes)
                        .map_err(|e| report::output::io_reason(&e))
                })?;
            }
            let path = staged.commit()?.remove(0);
            if !args.common.quiet {
                console::err(&closing("年度末の集計", &settings, &analysis));
                console::err(&format!("  {}", path.display()));
                console::err(&next_step(&out, &analysis, "kyodo check の表示"));
            }
            Ok(exit_status(&analysis))
        }
        Command::Init(args) => {
            let written = init::init(&args.dir, args.force)?;
            for p in &written {
                console::err(&format!("  {}", p.display()));
            }
            console::err(&format!(
                "ひな形を{}件書き出しました。名簿や支出簿を入力してから、kyodo run で照合してください",
                written.len()
            ));
            Ok(0)
        }
        Command::Help(h) => match cli::help_text(h.command.as_deref()) {
            Some(page) => {
                console::out(page.trim_end());
                Ok(0)
            }
            None => Err(Fatal::Usage {
                message: format!(
                    "「{}」というコマンドはありません（コマンド: {}）\n説明は kyodo --help で表示します",
                    h.command.unwrap_or_default(),
                    cli::COMMANDS.join("、")
                ),
            }),
        },
    }
}

/// The closing line of every command: the year, the as-of date and the count by severity.
fn closing(what: &str, s: &Settings, a: &Analysis) -> String {
    let (e, w, i) = count_by_severity(&a.findings);
    format!(
        "{}（基準日 {}）の{what}が終わりました: エラー {e}件、警告 {w}件、情報 {i}件",
        calendar::fy_label(s.fiscal_year),
        calendar::wareki(s.as_of)
    )
}

/// Where the reports are and what to look at next.
fn next_step(out: &Path, a: &Analysis, where_errors: &str) -> String {
    let mut s = format!("報告の出力先: {}", out.display());
    if exit_status(a) == 1 {
        s.push_str(&format!(
            "\nエラーがあります。内容は {where_errors} で確かめて、入力を直してから、もう一度実行してください"
        ));
    }
    s
}

/// `out/<R7>/<folder>/`; a redacted run's folder is marked 「-匿名」, so that it neither
/// overwrites the office's own reports of that day nor is taken for the previous run.
fn default_out(s: &Settings, folder: &str, redact: bool) -> PathBuf {
    let folder = if redact {
        format!("{folder}-匿名")
    } else {
        folder.to_string()
    };
    PathBuf::from("out")
        .join(calendar::fy_short(s.fiscal_year))
        .join(folder)
}

/// Reads, reconciles and sorts: everything but the writing. The analysis returned is what
/// every output prints: contacts masked, and names replaced by pseudonyms under `--redact`.
pub fn analyse(
    args: &CommonArgs,
    out: Option<&Path>,
) -> Result<(Analysis, BTreeMap<String, PathBuf>, Settings), Fatal> {
    analyse_with(args, settings(args)?, out, None)
}

/// [`analyse`] with the settings resolved and, for `run`, a previous run (its folder and
/// summary.json) to compare with — before names are replaced, as runs match people by name.
pub fn analyse_with(
    args: &CommonArgs,
    s: Settings,
    out: Option<&Path>,
    previous: Option<(PathBuf, serde_json::Value)>,
) -> Result<(Analysis, BTreeMap<String, PathBuf>, Settings), Fatal> {
    let default_out;
    let exclude = match out {
        Some(o) => Some(o),
        None => {
            default_out = PathBuf::from("out");
            Some(default_out.as_path())
        }
    };
    let mut progress = progress::Progress::new(args.quiet);
    progress.stage("読み込み", 0);
    let read =
        ingest::ingest_with_progress(&args.inputs, exclude, &s.config, s.fiscal_year, &progress)?;
    progress.stage("照合", 0);
    let mut analysis = rules::reconcile(&read.data, &s.config, s.fiscal_year, s.as_of);
    let mut findings = read.findings;
    findings.append(&mut analysis.findings);
    rules::apply_waivers(&mut findings, &s.config);
    analysis.findings = findings;
    analysis.inventory = read.inventory;
    ingest::apply_fates(&mut analysis.inventory, &analysis.row_fates);
    analysis.skipped_files = read.skipped;
    analysis.config_origin = s.config_origin.clone();
    analysis.config_sha256 = s.config_sha256.clone();
    progress.stage("個人情報", 0);
    // Contacts are masked before the comparison, as the previous run's finding keys were.
    let shield = privacy::Shield::new(&read.data);
    shield.mask_contacts(&mut analysis);
    sort_findings(&mut analysis.findings);
    if let Some((dir, prev)) = previous {
        analysis.changes = Some(changes::compare(&prev, &dir, &analysis));
        // The previous run's messages and names (older runs did not mask them).
        shield.mask_contacts(&mut analysis);
    }
    // Names go after the comparison, which matches people by name.
    if args.redact {
        privacy::Pseudonyms::new(&read.data, &mut analysis).redact(&mut analysis);
    }
    progress.finish();
    Ok((analysis, read.paths, s))
}

/// 1 when an error finding is not waived, else 0.
pub fn exit_status(a: &Analysis) -> u8 {
    let errors = a
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && !f.waived());
    u8::from(errors)
}

/// `check`'s output: one line per finding (the closing count follows).
fn print_findings(a: &Analysis) {
    for f in &a.findings {
        let waived = if f.waived() { "  (承認済)" } else { "" };
        console::out(&format!(
            "{}  {}  {}  {}{}",
            f.location(),
            f.id,
            f.severity.label(),
            f.message,
            waived
        ));
    }
}
