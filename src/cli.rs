//! The command line (spec §1), with clap's derive.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kyodo",
    version,
    about = "旭川市 地域学校協働活動の名簿・研修・支出簿を照合し、報告用のExcelを作成します"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reads the inputs, checks them and writes the report workbooks and summary.json.
    Run(RunArgs),
    /// Reads the inputs and prints the findings; writes nothing.
    Check(CommonArgs),
    /// Writes the year-end report (年度末報告.xlsx): totals, trainings, survey figures, next year.
    YearEnd(RunArgs),
    /// Writes kyodo.toml and the blank input templates into DIR.
    Init(InitArgs),
}

#[derive(Debug, Args, Clone, Default)]
pub struct CommonArgs {
    /// Files, folders or glob patterns (default: the current folder).
    pub inputs: Vec<String>,
    /// Config file (default: kyodo.toml at the top of the first input folder, else the embedded R7 rules).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Fiscal year: R7, 令和7年度 or 2025 (default: the fiscal year of --as-of).
    #[arg(long)]
    pub fy: Option<String>,
    /// The date the run reports on, YYYY-MM-DD (default: today).
    #[arg(long = "as-of")]
    pub as_of: Option<String>,
    /// Replace every person's name with a pseudonym (人物001 …) in every output, for sharing
    /// outside the office.
    #[arg(long)]
    pub redact: bool,
    /// No progress output on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output folder (default: out/<R7>/<as-of>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// A previous run's output folder to compare with (default: the newest earlier run
    /// beside the output folder).
    #[arg(long)]
    pub previous: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct InitArgs {
    /// Folder to write into (default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}
