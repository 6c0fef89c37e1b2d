//! The settings of one command: the config in force (kyodo.toml beside the inputs, `--config`,
//! or the embedded default), read once, and the fiscal year and as-of date the run reports
//! on — command line, then config, then defaults. Every stage below takes them from here.

use crate::cli::CommonArgs;
use crate::config::{self, Config};
use crate::error::Fatal;
use crate::{calendar, ingest, numbers, rules};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

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
            // Read once: the config parsed is the config hashed.
            let text = ingest::source::read_input(p)
                .map_err(|e| Fatal::config(p, format!("読めません: {e}")))?;
            let (c, encoding) = Config::from_bytes(&text, p)?;
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
        calendar::parse_fiscal_year(s).ok_or_else(|| Fatal::Usage {
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
    let parse = |fy: i32| crate::calendar::parse_date_text(s.trim(), fy);
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
