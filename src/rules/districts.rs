//! Districts: status of the fiscal year from the model years (DS001, DS002), staffing
//! (DS003, DS004), rollout pace (DS005) and duplicate district rows (IN004).
//!
//! The districts table is the truth about which districts exist; every other table's
//! district is looked up in `Districts::index`, and a row naming one not in it is CO001,
//! worded here for every table ([`Districts::not_listed`]).

use super::{date_label, yen};
use crate::analysis::DistrictView;
use crate::calendar::{fy_label, fy_range_short};
use crate::config::Config;
use crate::finding::catalogue::{CO001, DS001, DS002, DS003, DS004, DS005, IN004};
use crate::finding::Finding;
use crate::model::{Dataset, District, SourceRef, Status};
use crate::names::district_name;
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// The districts of the year with their lookups.
pub(super) struct Districts {
    pub views: Vec<DistrictView>,
    /// District key (short form) → index into `views`.
    pub index: HashMap<String, usize>,
    /// The 中学校区 cell of each view.
    pub srcs: Vec<SourceRef>,
    pub rollout: BTreeMap<i32, Vec<String>>,
}

impl Districts {
    /// The view index of a district name as written anywhere (full or short form).
    pub fn find(&self, name: &str) -> Option<usize> {
        self.index.get(&district_name(name)).copied()
    }

    /// False when no districts table was read: then nothing can be "not in the list".
    pub fn has_list(&self) -> bool {
        !self.views.is_empty()
    }

    /// CO001: `row`'s 中学校区 (`raw` as typed, `dkey` its short form) is blank or not in the
    /// list. One wording and one identity (table, district, person or row) for every table.
    pub fn not_listed(&self, src: &SourceRef, raw: &str, dkey: &str, row: Unlisted) -> Finding {
        let blank = dkey.trim().is_empty();
        let (message, subject) = match row {
            Unlisted::Person {
                table,
                kind,
                name,
                key,
            } => {
                let message = if blank {
                    format!("{table}の{name}さんの中学校区が空欄です")
                } else {
                    format!("{table}の{name}さんの中学校区「{raw}」は中学校区一覧にありません")
                };
                let f = CO001.at(src, message).person(key);
                return f.district(dkey).subject(format!("{kind}|{dkey}|{key}"));
            }
            Unlisted::Activity { name, date } => (
                if blank {
                    format!("活動記録「{name}」の中学校区が空欄です")
                } else {
                    format!("活動記録「{name}」の中学校区「{raw}」は中学校区一覧にありません")
                },
                format!("activities|{dkey}|{date}|{name}"),
            ),
            Unlisted::Expense { paid_on, amount } => {
                let (day, sum) = (date_label(paid_on), yen(amount));
                (
                    if blank {
                        format!("支出簿の支出（{day}、{sum}）の中学校区が空欄です")
                    } else {
                        format!(
                            "支出簿の中学校区「{raw}」（{day}、{sum}）は中学校区一覧にありません"
                        )
                    },
                    format!("expenses|{dkey}|{paid_on}|{amount}"),
                )
            }
        };
        CO001.at(src, message).district(dkey).subject(subject)
    }
}

/// The row a CO001 is about.
pub(super) enum Unlisted<'a> {
    /// A person on a roster or in attendance: `table` as the office calls it, `kind` the
    /// table's key (the finding's identity), `name` as shown, `key` its match key.
    Person {
        table: &'a str,
        kind: &'a str,
        name: &'a str,
        key: &'a str,
    },
    Activity {
        name: &'a str,
        date: NaiveDate,
    },
    Expense {
        paid_on: NaiveDate,
        amount: i64,
    },
}

/// First and last fiscal year of a district's model period, filling a missing end (or
/// start) from the configured length.
pub(super) fn model_years(d: &District, years: u32) -> Option<(i32, i32)> {
    let y = years.max(1) as i32;
    match (d.model_start, d.model_end) {
        (Some(s), Some(e)) => Some((s, e)),
        (Some(s), None) => Some((s, s.saturating_add(y - 1))),
        (None, Some(e)) => Some((e.saturating_sub(y - 1), e)),
        (None, None) => None,
    }
}

/// Status in a fiscal year for a model period [start, end]: 未実施 before the start, モデル
/// through the end, 伴走支援 after it. The one rule for this year's status (DS001, the
/// allocation) and next year's (年度末報告, `rules::yearend`). For a period that ends before
/// it starts (DS002) the start is read first: 未実施 until the start year, then 伴走支援 —
/// never 伴走支援 for years before it starts, which the office has not begun.
pub(super) fn status_in(start: i32, end: i32, fy: i32) -> Status {
    if fy < start {
        Status::None
    } else if fy <= end {
        Status::Model
    } else {
        Status::Support
    }
}

/// Builds the district views in table order (first row wins on duplicates), with DS001,
/// DS002, IN004 and the rollout (DS005).
pub(super) fn build(
    data: &Dataset,
    config: &Config,
    fy: i32,
    findings: &mut Vec<Finding>,
) -> Districts {
    let mut out = Districts {
        views: Vec::new(),
        index: HashMap::default(),
        srcs: Vec::new(),
        rollout: BTreeMap::new(),
    };
    for d in &data.districts {
        let key = district_name(&d.name);
        if key.is_empty() {
            continue;
        }
        if let Some(&first) = out.index.get(&key) {
            findings.push(
                IN004
                    .at(
                        &d.src,
                        format!(
                        "中学校区「{key}」が中学校区一覧に重複しています（最初の行 {} を使います）",
                        out.srcs[first].a1()
                    ),
                    )
                    .district(&key)
                    .subject(format!("districts|{key}")),
            );
            continue;
        }
        let years = model_years(d, config.model.years);
        let status = match (years, d.stated) {
            (Some((s, e)), _) => status_in(s, e, fy),
            (None, Some(stated)) => stated,
            (None, None) => Status::None,
        };
        if let Some((s, e)) = years {
            check_period(d, &key, s, e, config, findings);
            if let Some(stated) = d.stated {
                if stated != status {
                    findings.push(
                        DS001
                            .at(
                                &d.stated_at,
                                format!(
                                    "{key}: 区分が「{}」ですが、モデル期間 {} からは{}は「{}」です",
                                    stated.label(),
                                    fy_range_short(s, e),
                                    fy_label(fy),
                                    status.label()
                                ),
                            )
                            .district(&key)
                            .subject(key.clone()),
                    );
                }
            }
            out.rollout.entry(s).or_default().push(key.clone());
        }
        out.index.insert(key.clone(), out.views.len());
        out.srcs.push(d.src.clone());
        out.views.push(DistrictView {
            name: key,
            status,
            model_start: years.map(|y| y.0),
            model_end: years.map(|y| y.1),
            allocation: 0,
            spent_by_category: BTreeMap::new(),
            spent: 0,
            remaining: 0,
            staff: 0,
            residents: 0,
            resident_affiliations: Vec::new(),
            schools: d.schools.clone(),
            activities_by_category: BTreeMap::new(),
            children: 0,
            supporters: 0,
            insured_supporters: 0,
        });
    }
    check_rollout(&out, config, fy, findings);
    out
}

/// DS002: a stated period other than the configured length (the first cohort is waived).
fn check_period(
    d: &District,
    key: &str,
    start: i32,
    end: i32,
    config: &Config,
    findings: &mut Vec<Finding>,
) {
    // With only one end given the length is the configured one by construction.
    if d.model_start.is_none() || d.model_end.is_none() {
        return;
    }
    let len = end as i64 - start as i64 + 1;
    if len == config.model.years as i64 {
        return;
    }
    let msg = if len <= 0 {
        format!(
            "{key}: モデル期間の終了年度（{}）が開始年度（{}）より前です",
            fy_label(end),
            fy_label(start)
        )
    } else {
        format!(
            "{key}: モデル期間が {}（{len}年度）です（規定 {}年度）",
            fy_range_short(start, end),
            config.model.years
        )
    };
    findings.push(
        DS002
            .at(&d.period_at, msg)
            .district(key)
            .subject(key.to_string()),
    );
}

/// DS005 (info): fewer new model districts this year than the plan's pace.
fn check_rollout(d: &Districts, config: &Config, fy: i32, findings: &mut Vec<Finding>) {
    if !d.has_list() {
        return;
    }
    let new: &[String] = d.rollout.get(&fy).map(Vec::as_slice).unwrap_or(&[]);
    let want = config.model.new_per_year as usize;
    if new.len() >= want {
        return;
    }
    let names = if new.is_empty() {
        String::new()
    } else {
        // By name, not table order: the finding must not change when rows are sorted.
        let mut sorted: Vec<&str> = new.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        format!("（{}）", sorted.join("、"))
    };
    let planned = config.year(fy).map_or(0, |y| y.planned_additions);
    let planned = if planned > 0 {
        format!("、ほかに追加予定 {planned}地域")
    } else {
        String::new()
    };
    findings.push(
        DS005
            .general(
                "",
                format!(
                    "{}の新しいモデル地域は{}地域{names}です（計画は年{want}地域程度{planned}）",
                    fy_label(fy),
                    new.len()
                ),
            )
            .subject(format!("rollout|{fy}")),
    );
}

/// DS003 / DS004: staffing of model and support districts (counts filled by coordinators).
pub(super) fn check_staffing(d: &Districts, config: &Config, findings: &mut Vec<Finding>) {
    let m = &config.model;
    for (v, src) in d.views.iter().zip(&d.srcs) {
        let residents_needed = match v.status {
            Status::Model => m.residents_per_district,
            Status::Support => m.support_residents_per_district,
            Status::None => continue,
        };
        if v.status == Status::Model && v.staff < m.staff_per_district {
            findings.push(
                DS003
                    .at(
                        src,
                        format!(
                            "{}: 社会教育課のコーディネーターが{}名です（必要 {}名）",
                            v.name, v.staff, m.staff_per_district
                        ),
                    )
                    .district(&v.name)
                    .subject(v.name.clone()),
            );
        }
        if v.residents < residents_needed {
            findings.push(
                DS004
                    .at(
                        src,
                        format!(
                            "{}（{}）: 地域の方のコーディネーターが{}名です（必要 {}名）",
                            v.name,
                            v.status.label(),
                            v.residents,
                            residents_needed
                        ),
                    )
                    .district(&v.name)
                    .subject(v.name.clone()),
            );
        }
    }
}
