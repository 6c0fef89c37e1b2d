//! Findings: what kyodo has to say about the inputs, each resting on a file, sheet and cell.
//!
//! The ids are spec §3's, each a rule of [`catalogue`], the only way a finding is made. A
//! finding never stops the run; only the exit code looks at severity.

pub mod catalogue;

use crate::model::SourceRef;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    /// The word the reports print.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Info => "情報",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Every finding id with its short Japanese title, in the catalogue's order (the 集計 of
/// チェック結果). Read from [`catalogue::RULES`].
pub const IDS: [(&str, &str); catalogue::RULES.len()] = {
    let mut out = [("", ""); catalogue::RULES.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = (catalogue::RULES[i].id, catalogue::RULES[i].title);
        i += 1;
    }
    out
};

/// The config's figures that finding titles state (「2年度」「年3地域」「80%」).
#[derive(Clone, Copy, Debug)]
pub struct RuleWords {
    pub model_years: u32,
    pub new_per_year: u32,
    pub warn_ratio: f64,
}

/// Japanese title of a finding id, stating the config in force where the title states a
/// rule: under a 3-year model period DS002 reads 「モデル期間が3年度でない」.
pub fn title_in(id: &str, w: &RuleWords) -> String {
    match id {
        "DS002" => format!("モデル期間が{}年度でない", w.model_years),
        "DS005" => format!(
            "新規モデル地域が計画（年{}地域程度）より少ない",
            w.new_per_year
        ),
        "BU002" => format!(
            "配当額の超過・執行率{}超",
            crate::numbers::ratio_label(w.warn_ratio)
        ),
        _ => title(id).to_string(),
    }
}

/// Japanese title of a finding id under the embedded default rules (see [`title_in`]).
pub fn title(id: &str) -> &'static str {
    catalogue::by_id(id).map_or("", |r| r.title)
}

/// One finding. `file`/`sheet`/`cell` are empty where the finding rests on no cell
/// (`cell` empty for a whole file; all three empty for the config, e.g. BU005).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub message: String,
    /// The district the finding is about, if any (for waivers and month-over-month identity).
    #[serde(skip)]
    pub district: Option<String>,
    /// The person the finding is about, if any (match key form).
    #[serde(skip)]
    pub person: Option<String>,
    /// What the finding is about, independent of row numbers: id + subject identifies it
    /// across runs (inserting a row must not make it new).
    #[serde(skip)]
    pub subject: String,
    /// 0-based row/column, for sorting and links.
    #[serde(skip)]
    pub pos: Option<(u32, u16)>,
    /// The waiver's reason when the config accepts this finding (承認済).
    #[serde(skip)]
    pub waiver: Option<String>,
}

impl Finding {
    /// A finding resting on one cell (made through [`catalogue::Rule::at`]).
    fn at(id: &'static str, severity: Severity, src: &SourceRef, message: String) -> Self {
        Finding {
            id,
            severity,
            file: src.file.to_string(),
            sheet: src.sheet.to_string(),
            cell: src.a1(),
            message,
            district: None,
            person: None,
            subject: String::new(),
            pos: Some((src.row, src.col)),
            waiver: None,
        }
    }

    /// A finding about a whole file (made through [`catalogue::Rule::in_file`]).
    fn in_file(id: &'static str, severity: Severity, file: &str, message: String) -> Self {
        Finding {
            id,
            severity,
            file: file.to_string(),
            sheet: String::new(),
            cell: String::new(),
            message,
            district: None,
            person: None,
            subject: String::new(),
            pos: None,
            waiver: None,
        }
    }

    pub fn district(mut self, d: &str) -> Self {
        self.district = Some(d.to_string());
        self
    }

    pub fn person(mut self, p: &str) -> Self {
        self.person = Some(p.to_string());
        self
    }

    pub fn subject(mut self, s: impl Into<String>) -> Self {
        self.subject = s.into();
        self
    }

    /// The identity used to compare runs: id plus subject (or the message when no subject was set).
    pub fn identity(&self) -> String {
        if self.subject.is_empty() {
            format!("{}|{}|{}", self.id, self.file, self.message)
        } else {
            format!("{}|{}", self.id, self.subject)
        }
    }

    pub fn waived(&self) -> bool {
        self.waiver.is_some()
    }

    /// `file:sheet!cell` as `check` prints it.
    pub fn location(&self) -> String {
        match (self.sheet.is_empty(), self.cell.is_empty()) {
            // A finding on the inputs as a whole or the config rests on no file.
            (true, _) if self.file.is_empty() => "(全体)".to_string(),
            (true, _) => self.file.clone(),
            (false, true) => format!("{}:{}", self.file, self.sheet),
            (false, false) => format!("{}:{}!{}", self.file, self.sheet, self.cell),
        }
    }
}

/// Sorts findings the way every report shows them: severity, file, sheet, row, column, id.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.severity, &a.file, &a.sheet, a.pos, a.id, &a.message)
            .cmp(&(b.severity, &b.file, &b.sheet, b.pos, b.id, &b.message))
    });
}

/// Counts by severity: (error, warning, info), waived findings excluded from errors.
pub fn count_by_severity(findings: &[Finding]) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for f in findings {
        match f.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}
