//! The programme's rules as data: every figure of spec §3 is a key of `kyodo.toml`.
//!
//! Without a config file the embedded default (`default.toml`, the seed's R7 rules) holds.
//! A config is validated whole before any input is read; a bad one is fatal (exit 2).

use crate::error::Fatal;
use crate::finding::IDS;
use chrono::NaiveDate;
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

/// The table kinds of spec §2.
pub const KINDS: &[&str] = &[
    "districts",
    "coordinators",
    "supporters",
    "resources",
    "trainings",
    "attendance",
    "expenses",
    "activities",
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
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, Fatal> {
        let text = crate::ingest::source::read_input(path)
            .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
            .map_err(|e| Fatal::Config {
                path: path.display().to_string(),
                message: format!("読めません: {e}"),
            })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Config::parse(text, &path.display().to_string())
    }

    /// Parses and validates config text; `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Config, Fatal> {
        let bad = |message: String| Fatal::Config {
            path: origin.to_string(),
            message,
        };
        let cfg: Config = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if let Some(fy) = &cfg.fiscal_year {
            if crate::ingest::value::parse_fiscal_year(fy).is_none() {
                return Err(bad(format!("fiscal_year「{fy}」を年度として読めません")));
            }
        }
        if let Some(d) = &cfg.as_of {
            if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(bad(format!(
                    "as_of「{d}」は YYYY-MM-DD の日付ではありません"
                )));
            }
        }
        for key in cfg.years.keys() {
            if crate::ingest::value::parse_fiscal_year(key).is_none() {
                return Err(bad(format!("years.{key}: 年度として読めません")));
            }
        }
        if cfg.office.name.trim().is_empty() {
            return Err(bad(
                "office.name（作成者として報告書に書く課の名前）が空です".into(),
            ));
        }
        if cfg.office.name.chars().count() > 60 || cfg.office.name.chars().any(char::is_control) {
            return Err(bad(format!(
                "office.name「{}」は60文字以内の1行にしてください",
                cfg.office.name.trim()
            )));
        }
        if cfg.model.years == 0 {
            return Err(bad("model.years は1以上にしてください".into()));
        }
        if !(cfg.budget.warn_ratio > 0.0 && cfg.budget.warn_ratio <= 1.0) {
            return Err(bad(format!(
                "budget.warn_ratio {} は0より大きく1以下にしてください",
                cfg.budget.warn_ratio
            )));
        }
        if cfg.budget.unit < 0 {
            return Err(bad("budget.unit は0以上にしてください".into()));
        }
        let l = &cfg.limits;
        for (key, v) in [
            ("max_file_mb", l.max_file_mb),
            ("max_sheet_cells", l.max_sheet_cells),
            ("max_zip_ratio", l.max_zip_ratio),
            ("max_inflated_mb", l.max_inflated_mb),
        ] {
            if v == 0 {
                return Err(bad(format!("limits.{key} は1以上にしてください")));
            }
        }
        for w in &cfg.waivers {
            if !IDS.iter().any(|(id, _)| *id == w.rule) {
                return Err(bad(format!(
                    "waivers: rule「{}」というチェックはありません",
                    w.rule
                )));
            }
            if w.district.is_none() && w.person.is_none() {
                return Err(bad(format!(
                    "waivers: rule「{}」に district か person を書いてください",
                    w.rule
                )));
            }
        }
        for t in &cfg.tables {
            if !KINDS.contains(&t.kind.as_str()) {
                return Err(bad(format!(
                    "tables: kind「{}」という表の種類はありません",
                    t.kind
                )));
            }
            if glob::Pattern::new(&t.file).is_err() {
                return Err(bad(format!(
                    "tables: file「{}」はパターンとして読めません",
                    t.file
                )));
            }
        }
        Ok(cfg)
    }

    /// The year-specific figures for a fiscal year, if the config lists it.
    pub fn year(&self, fy: i32) -> Option<&YearRules> {
        self.years
            .iter()
            .find(|(k, _)| crate::ingest::value::parse_fiscal_year(k) == Some(fy))
            .map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_holds_the_seed_rules() {
        let c = Config::default();
        assert_eq!(c.model.years, 2);
        assert_eq!(c.budget.unit, 20_000);
        assert_eq!(c.year(2025).unwrap().budget_total, Some(180_000));
        assert_eq!(c.year(2025).unwrap().planned_additions, 1);
        assert!(c.year(2026).is_none());
        assert_eq!(c.waivers.len(), 3);
    }

    #[test]
    fn bad_config_is_refused_with_the_key() {
        let e = Config::parse("[budget]\nwarn_ratio = 3.0\n", "x.toml").unwrap_err();
        assert!(e.to_string().contains("warn_ratio"), "{e}");
        let e = Config::parse(
            "[[waivers]]\nrule = \"ZZ9\"\ndistrict=\"a\"\nreason=\"r\"\n",
            "x.toml",
        )
        .unwrap_err();
        assert!(e.to_string().contains("ZZ9"), "{e}");
        assert!(Config::parse("nonsense = 1\n", "x.toml").is_err());
        let e = Config::parse("[office]\nname = \" \"\n", "x.toml").unwrap_err();
        assert!(e.to_string().contains("office.name"), "{e}");
    }

    #[test]
    fn office_name_defaults_to_the_city_office() {
        assert_eq!(Config::default().office.name, DEFAULT_OFFICE);
        assert_eq!(
            Config::parse("", "x.toml").unwrap().office.name,
            DEFAULT_OFFICE
        );
        let c = Config::parse("[office]\nname = \"東川町教育委員会\"\n", "x.toml").unwrap();
        assert_eq!(c.office.name, "東川町教育委員会");
    }
}
