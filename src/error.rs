//! The fatal errors: the only ones that stop a run (exit 2). A bad input file is never one
//! of them; it becomes a finding.
//!
//! The message is the clerk's (Japanese, built when the error is made); the system's own
//! error, where there was one, is kept as the [`std::error::Error::source`] for whoever
//! helps or debugs, and never printed in its English words.

use std::fmt;
use std::path::{Path, PathBuf};

/// What caused a fatal error: an I/O error, the config's TOML error, a workbook writer's.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug)]
pub enum Fatal {
    /// A bad command line value (`--fy`, `--as-of`).
    Usage { message: String },
    /// The config cannot be read or is invalid.
    Config {
        path: PathBuf,
        message: String,
        source: Option<Cause>,
    },
    /// No input file was found.
    NoInput { patterns: Vec<String> },
    /// The output folder or a report in it cannot be written.
    Output {
        path: PathBuf,
        message: String,
        source: Option<Cause>,
    },
}

impl Fatal {
    /// A config that cannot be used, for a reason that is no system error.
    pub fn config(path: impl AsRef<Path>, message: String) -> Fatal {
        Fatal::Config {
            path: path.as_ref().to_path_buf(),
            message,
            source: None,
        }
    }

    /// An output path that cannot be written, for a reason that is no system error (a
    /// read-only report, another run at work).
    pub fn output(path: impl AsRef<Path>, message: String) -> Fatal {
        Fatal::Output {
            path: path.as_ref().to_path_buf(),
            message,
            source: None,
        }
    }

    /// The same error, caused by `cause` (kept as its [`std::error::Error::source`]).
    pub fn caused_by(mut self, cause: impl Into<Cause>) -> Fatal {
        if let Fatal::Config { source, .. } | Fatal::Output { source, .. } = &mut self {
            *source = Some(cause.into());
        }
        self
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fatal::Usage { message } => write!(f, "引数が正しくありません: {message}"),
            Fatal::Config { path, message, .. } => write!(
                f,
                "設定ファイル {}: {message}\n設定ファイルを直してから、もう一度実行してください",
                path.display()
            ),
            Fatal::NoInput { patterns } => f.write_str(&no_input(patterns)),
            Fatal::Output { path, message, .. } => {
                write!(f, "出力先 {} に書けません: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for Fatal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Fatal::Config { source, .. } | Fatal::Output { source, .. } => {
                source.as_deref().map(|e| e as _)
            }
            Fatal::Usage { .. } | Fatal::NoInput { .. } => None,
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    #[test]
    fn the_cause_is_the_source_and_not_in_the_message() {
        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device");
        let e = Fatal::output("out/予算配当表.xlsx", "ディスクがいっぱいです".into()).caused_by(io);
        assert_eq!(
            e.to_string(),
            "出力先 out/予算配当表.xlsx に書けません: ディスクがいっぱいです"
        );
        let cause = e.source().expect("a source");
        let io = cause
            .downcast_ref::<std::io::Error>()
            .expect("the io error");
        assert_eq!(io.kind(), std::io::ErrorKind::StorageFull);
        assert!(Fatal::output("out", "フォルダではありません".into())
            .source()
            .is_none());
        let e = Fatal::config("kyodo.toml", "2行目: …".into());
        assert_eq!(
            e.to_string(),
            "設定ファイル kyodo.toml: 2行目: …\n設定ファイルを直してから、もう一度実行してください"
        );
        assert!(e.source().is_none());
    }
}
