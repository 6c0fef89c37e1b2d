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

use crate::analysis::Analysis;
use crate::cli::{Cli, Command, CommonArgs};
use crate::config::Config;
use crate::error::Fatal;
use crate::finding::{count_by_severity, sort_findings, Severity};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
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
        Command::YearEnd(mut args) => {
            report::interrupt::install();
            if args.common.as_of.is_none() {
                // The year closes with the 出納整理期間: April–May payments still count.
                let pinned = settings_for(&args.common, true)?;
                args.common.as_of = Some(pinned.as_of.format("%Y-%m-%d").to_string());
                args.common.fy = Some(pinned.fiscal_year.to_string());
            }
            let (analysis, _, settings) = analyse(&args.common, args.out.as_deref())?;
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| default_out(&settings, "年度末", args.common.redact));
            let figures = report::yearend::YearEnd::from_analysis(&analysis, &settings.config);
            let bytes = report::yearend::workbook_bytes(&analysis, &figures).map_err(|e| {
                Fatal::Output {
                    path: out.display().to_string(),
                    message: report::output::xlsx_reason(&e),
                }
            })?;
            let path = report::replace::write_one(&out, "年度末報告.xlsx", &bytes)?;
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

/// The fiscal year and as-of date a run reports on, and the config in force.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub config_origin: String,
    pub config_sha256: String,
    pub fiscal_year: i32,
    pub as_of: NaiveDate,
}

/// Resolves config, fiscal year and as-of date: command line, then config, then defaults.
pub fn settings(args: &CommonArgs) -> Result<Settings, Fatal> {
    settings_for(args, false)
}

/// [`settings`]; for `year-end` (`year_end`), an as-of date not given on the command line is
/// the close of the year's 出納整理期間 (May 31 after it).
pub fn settings_for(args: &CommonArgs, year_end: bool) -> Result<Settings, Fatal> {
    let config_path = match &args.config {
        Some(p) => Some(p.clone()),
        None => first_input_folder(&args.inputs)
            .map(|d| d.join("kyodo.toml"))
            .filter(|p| p.is_file()),
    };
    let (config, origin, text) = match &config_path {
        Some(p) => {
            let (c, _, encoding) = Config::load_text(p)?;
            let text = ingest::source::read_input(p).unwrap_or_default();
            // The inventory says how the file was read (Notepad's 「ANSI」 is Shift_JIS).
            let origin = format!(
                "{}（文字コード: {encoding}）",
                config_shown(p, &args.inputs)
            );
            (c, origin, text)
        }
        None => (
            Config::default(),
            "(既定の設定: 令和7年度 旭川市)".to_string(),
            config::DEFAULT_TOML.as_bytes().to_vec(),
        ),
    };
    let (fiscal_year, as_of) = fiscal_year_and_as_of(args, &config, year_end)?;
    Ok(Settings {
        config,
        config_origin: origin,
        config_sha256: numbers::hex(&Sha256::digest(&text)),
        fiscal_year,
        as_of,
    })
}

/// The fiscal year and as-of date: `--fy` and `--as-of`, else the config's, else the fiscal
/// year of the as-of date and today. `--as-of` takes every date spelling the inputs may use
/// (spec §2). A fiscal year must hold the as-of date, from its April 1 to the May 31 after
/// it (出納整理期間); `--fy` that does not is refused, saying why.
fn fiscal_year_and_as_of(
    args: &CommonArgs,
    config: &Config,
    year_end: bool,
) -> Result<(i32, NaiveDate), Fatal> {
    let year = |s: &str, whose: &str| {
        ingest::value::parse_fiscal_year(s).ok_or_else(|| Fatal::Usage {
            message: format!("{whose}「{s}」を年度として読めません（例: R7、令和7年度、2025）"),
        })
    };
    let cli_fy = args.fy.as_deref().map(|s| year(s, "--fy")).transpose()?;
    let config_fy = config
        .fiscal_year
        .as_deref()
        .map(|s| year(s, "設定の fiscal_year"))
        .transpose()?;
    let known_fy = cli_fy.or(config_fy);
    let (text, whose) = match (&args.as_of, &config.as_of) {
        (Some(s), _) => (Some(s.as_str()), "--as-of"),
        (None, Some(s)) if !year_end => (Some(s.as_str()), "設定の as_of"),
        _ => (None, ""),
    };
    let as_of = match text {
        Some(s) => parse_as_of(s, whose, known_fy)?,
        None if year_end => {
            let fy = known_fy.unwrap_or_else(|| {
                let day = config
                    .as_of
                    .as_deref()
                    .and_then(|s| parse_as_of(s, "", None).ok());
                calendar::fiscal_year_of(day.unwrap_or_else(|| chrono::Local::now().date_naive()))
            });
            return Ok((fy, rules::budget::payment_deadline(fy)));
        }
        None => chrono::Local::now().date_naive(),
    };
    let holds =
        |fy: i32| calendar::fy_start(fy) <= as_of && as_of <= rules::budget::payment_deadline(fy);
    let refuse = |fy: i32, whose: &str| {
        Fatal::Usage {
        message: format!(
            "{whose} の{}は基準日 {} を含みません。{}の基準日は{}から{}（出納整理期間の終わり）までの日付です。--fy か --as-of を直してください",
            calendar::fy_label(fy),
            calendar::wareki(as_of),
            calendar::fy_label(fy),
            calendar::wareki(calendar::fy_start(fy)),
            calendar::wareki(rules::budget::payment_deadline(fy)),
        ),
    }
    };
    let fy = match (cli_fy, config_fy) {
        (Some(fy), _) if holds(fy) => fy,
        (Some(fy), _) => return Err(refuse(fy, "--fy")),
        (None, Some(fy)) if holds(fy) => fy,
        // The config pins a year the command line's --as-of is outside: the date's own year.
        (None, Some(_)) if args.as_of.is_some() => calendar::fiscal_year_of(as_of),
        (None, Some(fy)) => return Err(refuse(fy, "設定の fiscal_year")),
        (None, None) => calendar::fiscal_year_of(as_of),
    };
    Ok((fy, as_of))
}

/// An as-of date in any spelling the inputs may use. A date without its year (`11/30`)
/// takes it from the fiscal year when one is given, else is refused.
fn parse_as_of(s: &str, whose: &str, fy: Option<i32>) -> Result<NaiveDate, Fatal> {
    let bad = |why: &str| {
        Fatal::Usage {
        message: format!(
            "{whose}「{s}」を日付として読めません{why}（例: 2025-11-30、2025/11/30、R7.11.30、令和7年11月30日）"
        ),
    }
    };
    let parse = |fy: i32| ingest::value::parse_date_text(s.trim(), fy);
    match fy {
        Some(fy) => parse(fy).ok_or_else(|| bad("")),
        None => {
            // Two guesses at the year agree only when the text states its own.
            let (a, b) = (parse(2000), parse(2001));
            match (a, b) {
                (Some(a), Some(b)) if a == b => Ok(a),
                (Some(_), Some(_)) => Err(bad("（年がありません。--fy も指定してください）")),
                _ => Err(bad("")),
            }
        }
    }
}

/// How outputs name the config file: relative to the first INPUT folder when it lies there
/// (`kyodo.toml`), else its file name — never an absolute path (spec §3).
fn config_shown(path: &Path, inputs: &[String]) -> String {
    let inside = first_input_folder(inputs).and_then(|dir| {
        let (dir, file) = (dir.canonicalize().ok()?, path.canonicalize().ok()?);
        let rel = file
            .strip_prefix(dir)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        Some(rel)
    });
    inside.unwrap_or_else(|| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    })
}

/// The folder whose kyodo.toml applies: the first INPUT if it is a folder, or the current folder.
fn first_input_folder(inputs: &[String]) -> Option<PathBuf> {
    match inputs.first() {
        None => Some(PathBuf::from(".")),
        Some(s) => {
            let p = Path::new(s);
            p.is_dir().then(|| p.to_path_buf())
        }
    }
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
