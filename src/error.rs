//! The fatal errors: the only ones that stop a run (exit 2). A bad input file is never one
//! of them; it becomes a finding.

use std::fmt;

#[derive(Debug)]
pub enum Fatal {
    /// A bad command line value (`--fy`, `--as-of`).
    Usage { message: String },
    /// The config cannot be read or is invalid.
    Config { path: String, message: String },
    /// No input file was found.
    NoInput { patterns: Vec<String> },
    /// The output folder or a report in it cannot be written.
    Output { path: String, message: String },
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fatal::Usage { message } => write!(f, "引数が正しくありません: {message}"),
            Fatal::Config { path, message } => write!(f, "設定ファイル {path}: {message}"),
            Fatal::NoInput { patterns } => write!(
                f,
                "入力ファイルが見つかりません: {}",
                if patterns.is_empty() {
                    ".".to_string()
                } else {
                    patterns.join(" ")
                }
            ),
            Fatal::Output { path, message } => write!(f, "出力先 {path} に書けません: {message}"),
        }
    }
}

impl std::error::Error for Fatal {}
