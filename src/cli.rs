//! The command line (spec §1), with clap's derive, in Japanese.
//!
//! clap writes its own help headings, usage and errors in English; [`command`] replaces every
//! heading and built-in flag with Japanese ones, and [`error_message`] turns each kind of parse
//! error into a Japanese sentence that says what to do. No subcommand means the monthly run:
//! `kyodo.exe <folder>` is what Explorer runs when a folder is dropped onto it; a Windows
//! command line split wrongly at a trailing `\"` is repaired first (`cli/cmdline.rs`).

mod cmdline;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
pub use cmdline::{args_os, repair_args};
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kyodo",
    version,
    about = "旭川市 地域学校協働活動の名簿・研修・支出簿を照合し、報告用のExcelを作成します。\n\
             コマンドを付けずに実行すると（フォルダを kyodo.exe にドラッグ＆ドロップしたときも）、\n\
             月例の照合 run を行います。",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// No subcommand: the arguments of `run`.
    #[command(flatten)]
    pub run: RunArgs,
}

impl Cli {
    /// The command to run: no subcommand is `run`.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Run(self.run))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 入力を照合し、報告用のExcelと summary.json を書き出します（月例の照合）。
    Run(RunArgs),
    /// 入力を照合して、指摘を画面に表示します。何も書き出しません。
    Check(CommonArgs),
    /// 年度末報告.xlsx（年間の集計・研修・次年度）を書き出します。
    YearEnd(RunArgs),
    /// kyodo.toml と入力用のひな形（空のExcel）をフォルダに書き出します。
    Init(InitArgs),
    /// コマンドの説明を表示します（例: kyodo help run）。
    Help(HelpArgs),
}

#[derive(Debug, Args, Clone, Default)]
pub struct CommonArgs {
    /// 入力のファイル・フォルダ・パターン（例: 名簿/*.xlsx）。省略すると今のフォルダ。
    #[arg(value_name = "入力")]
    pub inputs: Vec<String>,
    /// 設定ファイル（省略時: 最初の入力フォルダの kyodo.toml、なければ組み込みの令和7年度の設定）。
    #[arg(long, value_name = "ファイル")]
    pub config: Option<PathBuf>,
    /// 年度: R7、令和7年度、2025 など（省略時: 基準日の年度）。
    #[arg(long, value_name = "年度")]
    pub fy: Option<String>,
    /// 基準日: 2025-11-30、2025/11/30、R7.11.30、令和7年11月30日 など（省略時: 今日）。
    #[arg(long = "as-of", value_name = "日付")]
    pub as_of: Option<String>,
    /// 人の名前をすべて仮名（人物001 …）に置き換えます。事務局の外に渡すときに。
    #[arg(long)]
    pub redact: bool,
    /// 進み具合と終わりの集計を表示しません。
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// 出力先のフォルダ（省略時: out\R7\<基準日>\）。
    #[arg(long, value_name = "フォルダ")]
    pub out: Option<PathBuf>,
    /// 比べる前回の出力フォルダ（省略時: 出力先の隣にある、いちばん新しい前回の結果）。
    #[arg(long, value_name = "フォルダ")]
    pub previous: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct InitArgs {
    /// 書き出すフォルダ（省略時: 今のフォルダ）。
    #[arg(
        default_value = ".",
        hide_default_value = true,
        value_name = "フォルダ"
    )]
    pub dir: PathBuf,
    /// すでにあるファイルも上書きします。
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args, Clone)]
pub struct HelpArgs {
    /// 説明を表示するコマンド（run、check、year-end、init）。
    #[arg(value_name = "コマンド")]
    pub command: Option<String>,
}

/// The help page: the same headings on every command, none of clap's English ones.
const TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";
const OPTIONS: &str = "オプション";

/// The usage line of each command, in Japanese (clap's would say `[OPTIONS]`).
fn usage(name: &str) -> &'static str {
    match name {
        "run" => "kyodo run [入力…] [オプション]",
        "check" => "kyodo check [入力…] [オプション]",
        "year-end" => "kyodo year-end [入力…] [オプション]",
        "init" => "kyodo init [フォルダ] [--force]",
        "help" => "kyodo help [コマンド]",
        _ => {
            "kyodo [入力…] [オプション]        （コマンドなし: run と同じ月例の照合）\n        \
             kyodo <コマンド> [入力…] [オプション]"
        }
    }
}

/// Japanese headings, usage and help flag for one command (not its subcommands).
fn japanese(cmd: clap::Command) -> clap::Command {
    let name = cmd.get_name().to_string();
    cmd.help_template(TEMPLATE)
        .override_usage(usage(&name))
        .disable_help_flag(true)
        .mut_args(|a| {
            let heading = if a.is_positional() { "引数" } else { OPTIONS };
            a.help_heading(heading)
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("この説明を表示します")
                .help_heading(OPTIONS),
        )
}

/// The whole command line, every heading, flag and usage in Japanese.
pub fn command() -> clap::Command {
    japanese(Cli::command())
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("コマンド")
        .subcommand_value_name("コマンド")
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("バージョンを表示します")
                .help_heading(OPTIONS),
        )
        .mut_subcommands(japanese)
}

/// Parses a command line (program name first).
pub fn parse_from(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let matches = command().try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// The help page of a subcommand (`kyodo help run`), or of kyodo itself; None for a name
/// that is no command.
pub fn help_text(name: Option<&str>) -> Option<String> {
    let mut cmd = command();
    cmd.build();
    let page = match name {
        None => cmd.render_help(),
        Some(n) => cmd.find_subcommand_mut(n)?.render_help(),
    };
    Some(page.to_string())
}

/// The names of the subcommands, for a did-you-mean on a mistyped one.
pub const COMMANDS: &[&str] = &["run", "check", "year-end", "init", "help"];

/// A parse error as the clerk should read it: what is wrong, a suggestion where clap has one,
/// and where to look next. Never clap's English.
pub fn error_message(e: &clap::Error) -> String {
    let text = |k: ContextKind| -> Option<String> {
        let t = match e.get(k)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join("、")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }?;
        (!t.trim().is_empty()).then_some(t)
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut msg = match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            format!("「{arg}」というオプションはありません")
        }
        ErrorKind::UnknownArgument => format!("「{arg}」は余分です（このコマンドには多すぎます）"),
        ErrorKind::InvalidSubcommand => {
            let sub = text(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("「{sub}」というコマンドはありません")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} の値がありません"),
        ErrorKind::InvalidValue => format!("{arg} に「{value}」は使えません"),
        ErrorKind::ValueValidation => format!("{arg} の値「{value}」が正しくありません"),
        ErrorKind::NoEquals => format!("{arg} には「=」で値を付けてください（{arg}=値）"),
        ErrorKind::TooManyValues => format!("{arg} の値「{value}」は多すぎます"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} の値の数が合いません")
        }
        ErrorKind::ArgumentConflict => {
            let prior = text(ContextKind::PriorArg).unwrap_or_default();
            if prior.is_empty() {
                format!("{arg} は2回以上指定できません")
            } else {
                format!("{arg} と {prior} は一緒に指定できません")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("{arg} を指定してください"),
        ErrorKind::MissingSubcommand => "コマンドを指定してください".to_string(),
        ErrorKind::InvalidUtf8 => "引数に読めない文字があります".to_string(),
        _ => "引数を読めません".to_string(),
    };
    let suggestion = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .or_else(|| text(ContextKind::SuggestedValue));
    if let Some(s) = suggestion {
        msg.push_str(&format!("（{s} ですか？）"));
    } else if let Some(valid) = text(ContextKind::ValidValue) {
        msg.push_str(&format!("（使えるもの: {valid}）"));
    } else if let Some(valid) = text(ContextKind::ValidSubcommand) {
        msg.push_str(&format!("（コマンド: {valid}）"));
    }
    // The usage line clap attaches, with our Japanese override; then where to read more.
    if let Some(u) = text(ContextKind::Usage) {
        let u = u.trim();
        let u = u.strip_prefix("Usage:").unwrap_or(u).trim();
        msg.push_str(&format!("\n使い方: {u}"));
    }
    msg.push_str("\n説明は kyodo --help（コマンドごとには kyodo help run など）で表示します");
    msg
}

#[cfg(test)]
mod tests;
