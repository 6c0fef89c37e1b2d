//! The programme's rules as data: every figure of spec §3 is a key of `kyodo.toml`.
//!
//! Without a config file the embedded default (`default.toml`, the seed's R7 rules) holds.
//! A config is validated whole before any input is read; a bad one is fatal (exit 2), said
//! in the clerk's words (`config/explain.rs`).

mod explain;

use crate::error::Fatal;
use crate::finding::catalogue;
use crate::schema::Kind;
use chrono::NaiveDate;
use explain::{explain, line_of, suggest};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The embedded default, written out by `kyodo init`.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// The 費目 the allocation may pay, as the seed lists them (the default of
/// `budget.allowed_categories`).
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "コーディネーター謝金",
    "講師謝金",
    "ボランティア保険料",
    "消耗品費",
    "印刷製本費",
    "通信運搬費",
];

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Pinned fiscal year (`R7`, `令和7年度`, `2025`).
    #[serde(default)]
    pub fiscal_year: Option<String>,
    /// Pinned as-of date (ISO).
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub model: ModelRules,
    #[serde(default)]
    pub budget: BudgetRules,
    /// Year-specific figures keyed by fiscal year (`R7`).
    #[serde(default)]
    pub years: BTreeMap<String, YearRules>,
    #[serde(default)]
    pub trainings: TrainingRules,
    #[serde(default)]
    pub insurance: InsuranceRules,
    #[serde(default)]
    pub resources: ResourceRules,
    #[serde(default)]
    pub waivers: Vec<Waiver>,
    #[serde(default)]
    pub tables: Vec<TablePin>,
    #[serde(default)]
    pub limits: Limits,
    /// The city's 中学校区 as far as the office keeps them here: the choices `kyodo init`'s
    /// templates offer in their 中学校区 dropdowns (the district list stays the truth).
    #[serde(default)]
    pub districts: Vec<String>,
    #[serde(default)]
    pub office: Office,
}

/// Who makes the reports: 作成者 on every sheet and the footer of every page.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Office {
    pub name: String,
}

/// 作成者 of the reports when the config names none.
pub const DEFAULT_OFFICE: &str = "旭川市教育委員会社会教育課";

impl Default for Office {
    fn default() -> Self {
        Office {
            name: DEFAULT_OFFICE.to_string(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelRules {
    pub years: u32,
    pub staff_per_district: u32,
    pub residents_per_district: u32,
    pub support_residents_per_district: u32,
    pub new_per_year: u32,
}

impl Default for ModelRules {
    fn default() -> Self {
        ModelRules {
            years: 2,
            staff_per_district: 2,
            residents_per_district: 1,
            support_residents_per_district: 1,
            new_per_year: 3,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetRules {
    #[serde(deserialize_with = "amount")]
    pub unit: i64,
    pub warn_ratio: f64,
    pub allowed_categories: Vec<String>,
}

impl Default for BudgetRules {
    fn default() -> Self {
        BudgetRules {
            unit: 20_000,
            warn_ratio: 0.8,
            allowed_categories: DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct YearRules {
    #[serde(deserialize_with = "optional_amount")]
    pub budget_total: Option<i64>,
    pub planned_additions: u32,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrainingRules {
    pub coordinator_required: u32,
}

impl Default for TrainingRules {
    fn default() -> Self {
        TrainingRules {
            coordinator_required: 1,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct InsuranceRules {
    /// Volunteer-insurance premium per insured supporter (yen): 予算配当表's
    /// ボランティア保険料の見込み multiplies it by each district's insured supporters.
    #[serde(deserialize_with = "amount")]
    pub premium: i64,
}

impl Default for InsuranceRules {
    fn default() -> Self {
        InsuranceRules { premium: 350 }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ResourceRules {
    pub stale_years: u32,
}

impl Default for ResourceRules {
    fn default() -> Self {
        ResourceRules { stale_years: 3 }
    }
}

/// How much one input may cost before it is refused (IN001) instead of exhausting the
/// machine: a damaged or hostile file must not stop the run over the other files.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// A file larger than this (MB) is not read at all.
    pub max_file_mb: u64,
    /// A sheet holding more values than this is not read.
    pub max_sheet_cells: u64,
    /// A zip part (xlsx/ods) inflating to more than this many times its compressed size.
    pub max_zip_ratio: u64,
    /// All the parts of one zip inflated together (MB).
    pub max_inflated_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mb: 100,
            max_sheet_cells: 5_000_000,
            max_zip_ratio: 100,
            max_inflated_mb: 2_000,
        }
    }
}

/// An accepted exception: the finding stays in the report, marked 承認済.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: String,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
    pub reason: String,
}

/// Pins a file glob + sheet name to a table kind when headers are ambiguous.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TablePin {
    pub file: String,
    pub sheet: String,
    pub kind: String,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse(DEFAULT_TOML, "(既定の設定)").expect("embedded default config is valid")
    }
}

impl Config {
    /// Decodes and validates a config file's bytes, also naming the encoding they were read in
    /// (UTF-8, or CP932 as Notepad saves 「ANSI」 on Japanese Windows). The file is read by
    /// `settings`, once.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Config, &'static str), Fatal> {
        let (text, encoding) = decode(bytes).ok_or_else(|| {
            Fatal::config(
                path,
                "文字コードが UTF-8 でも Shift_JIS（ANSI）でもありません。\
                 メモ帳の「名前を付けて保存」で文字コードを「UTF-8」にして保存し直してください"
                    .into(),
            )
        })?;
        let cfg = Config::parse(&text, path)?;
        Ok((cfg, encoding))
    }

    /// Parses and validates config text; `origin` names it in messages.
    pub fn parse(text: &str, origin: impl AsRef<Path>) -> Result<Config, Fatal> {
        let origin = origin.as_ref();
        let bad = |message: String| Fatal::config(origin, message);
        let cfg: Config = toml::from_str(text).map_err(|e| bad(explain(text, &e)).caused_by(e))?;
        // Checks after parsing name the line of the key they are about.
        let bad = |key: &str, message: String| match line_of(text, key) {
            Some(n) => bad(format!("{n}行目: {message}")),
            None => bad(message),
        };
        if let Some(fy) = &cfg.fiscal_year {
            if crate::calendar::parse_fiscal_year(fy).is_none() {
                return Err(bad(
                    "fiscal_year",
                    format!(
                        "fiscal_year「{fy}」を年度として読めません（例: \"R7\"、\"令和7年度\"）"
                    ),
                ));
            }
        }
        if let Some(d) = &cfg.as_of {
            if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(bad(
                    "as_of",
                    format!("as_of「{d}」は YYYY-MM-DD の日付ではありません（例: \"2025-11-30\"）"),
                ));
            }
        }
        for key in cfg.years.keys() {
            if crate::calendar::parse_fiscal_year(key).is_none() {
                return Err(bad(
                    key,
                    format!("[years.{key}]: 「{key}」を年度として読めません（例: [years.R7]）"),
                ));
            }
        }
        if cfg.office.name.trim().is_empty() {
            return Err(bad(
                "name",
                "office.name（作成者として報告書に書く課の名前）が空です".into(),
            ));
        }
        if cfg.office.name.chars().count() > 60 || cfg.office.name.chars().any(char::is_control) {
            return Err(bad(
                "name",
                format!(
                    "office.name「{}」は60文字以内の1行にしてください",
                    cfg.office.name.trim()
                ),
            ));
        }
        if cfg.model.years == 0 {
            return Err(bad("years", "model.years は1以上にしてください".into()));
        }
        if !(cfg.budget.warn_ratio > 0.0 && cfg.budget.warn_ratio <= 1.0) {
            return Err(bad(
                "warn_ratio",
                format!(
                    "budget.warn_ratio {} は0より大きく1以下にしてください（例: 0.8）",
                    cfg.budget.warn_ratio
                ),
            ));
        }
        if cfg.budget.unit < 0 {
            return Err(bad("unit", "budget.unit は0以上にしてください".into()));
        }
        if cfg.insurance.premium < 0 {
            return Err(bad(
                "premium",
                "insurance.premium は0以上にしてください".into(),
            ));
        }
        let l = &cfg.limits;
        for (key, v) in [
            ("max_file_mb", l.max_file_mb),
            ("max_sheet_cells", l.max_sheet_cells),
            ("max_zip_ratio", l.max_zip_ratio),
            ("max_inflated_mb", l.max_inflated_mb),
        ] {
            if v == 0 {
                return Err(bad(key, format!("limits.{key} は1以上にしてください")));
            }
        }
        for w in &cfg.waivers {
            if catalogue::by_id(&w.rule).is_none() {
                let near = suggest(&w.rule, catalogue::RULES.iter().map(|r| r.id))
                    .map(|id| format!("（{id} ですか？）"))
                    .unwrap_or_default();
                return Err(bad(
                    &w.rule,
                    format!(
                        "waivers: rule「{}」というチェックはありません{near}",
                        w.rule
                    ),
                ));
            }
            if w.district.is_none() && w.person.is_none() {
                return Err(bad(
                    &w.rule,
                    format!(
                        "waivers: rule「{}」に district か person を書いてください",
                        w.rule
                    ),
                ));
            }
        }
        for t in &cfg.tables {
            if Kind::from_key(&t.kind).is_none() {
                let keys = Kind::ALL.map(Kind::key);
                let near = suggest(&t.kind, keys.iter().copied())
                    .map(|k| format!("（{k} ですか？）"))
                    .unwrap_or_else(|| format!("（使えるもの: {}）", keys.join("、")));
                return Err(bad(
                    &t.kind,
                    format!("tables: kind「{}」という表の種類はありません{near}", t.kind),
                ));
            }
            if glob::Pattern::new(&t.file).is_err() {
                return Err(bad(
                    &t.file,
                    format!("tables: file「{}」はパターンとして読めません", t.file),
                ));
            }
        }
        Ok(cfg)
    }

    /// The year-specific figures for a fiscal year, if the config lists it.
    pub fn year(&self, fy: i32) -> Option<&YearRules> {
        self.years
            .iter()
            .find(|(k, _)| crate::calendar::parse_fiscal_year(k) == Some(fy))
            .map(|(_, v)| v)
    }
}

/// Config text from its bytes: UTF-8 (a BOM dropped), else CP932. None when it is neither.
fn decode(bytes: &[u8]) -> Option<(String, &'static str)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), "UTF-8"));
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s.into_owned(), "Shift_JIS"))
}

/// An amount of yen in any spelling the workbooks accept: `20000`, `"2万円"`, `"20,000円"`.
fn amount<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Yen {
        Int(i64),
        Float(f64),
        Text(String),
    }
    let bad = |shown: String| {
        serde::de::Error::custom(format!(
            "金額「{shown}」を読めません（例: 20000、\"2万円\"、\"20,000円\"）"
        ))
    };
    let yen = Yen::deserialize(d).map_err(|_| {
        serde::de::Error::custom("金額を書いてください（例: 20000、\"2万円\"、\"20,000円\"）")
    })?;
    match yen {
        Yen::Int(v) => Ok(v),
        Yen::Float(v) => crate::numbers::amount_from_f64(v).ok_or_else(|| bad(v.to_string())),
        Yen::Text(s) => crate::numbers::parse_amount(&s).ok_or_else(|| bad(s)),
    }
}

fn optional_amount<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    amount(d).map(Some)
}

#[cfg(test)]
mod tests;
