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
            Fatal::Config { path, message } => write!(
                f,
                "設定ファイル {path}: {message}\n設定ファイルを直してから、もう一度実行してください"
            ),
            Fatal::NoInput { patterns } => f.write_str(&no_input(patterns)),
            Fatal::Output { path, message } => write!(f, "出力先 {path} に書けません: {message}"),
        }
    }
}

impl std::error::Error for Fatal {}

/// Why no input was found and what to do, naming the folder or what was typed (never 「.」).
fn no_input(patterns: &[String]) -> String {
    const NEXT: &str = "フォルダを指定するか、kyodo init でひな形を作ってください";
    let kinds = "Excel・CSV（.xlsx .xlsm .xlsb .xls .ods .csv）";
    let here = || {
        std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| "今のフォルダ".into())
    };
    let is_here = |p: &str| {
        std::path::Path::new(p)
            .components()
            .all(|c| c == std::path::Component::CurDir)
    };
    match patterns {
        [] => format!(
            "このフォルダ（{}）に入力の{kinds}がありません。{NEXT}",
            here()
        ),
        [p] if is_here(p) => {
            format!(
                "このフォルダ（{}）に入力の{kinds}がありません。{NEXT}",
                here()
            )
        }
        [p] if std::path::Path::new(p).is_dir() => {
            format!("フォルダ「{p}」に入力の{kinds}がありません。{NEXT}")
        }
        [p] if p.contains(['*', '?', '[']) => {
            format!("「{p}」に当てはまるファイルがありません。名前とフォルダを確かめてください")
        }
        [p] => {
            // A mistyped command (`kyodo chek`) is read as an input: say which it looks like.
            let command = crate::cli::COMMANDS
                .iter()
                .find(|c| strsim::levenshtein(c, p) <= 2 && p.len() > 2)
                .map(|c| format!("（コマンドの {c} ですか？）"))
                .unwrap_or_default();
            format!("「{p}」というファイルもフォルダもありません{command}。名前を確かめてください")
        }
        many => format!("{} に入力の{kinds}がありません。{NEXT}", many.join(" ")),
    }
}
