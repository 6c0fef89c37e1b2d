//! Budget: allocations of the year (BU005), the year's expenses by district and 費目
//! (BU001, BU002, BU003, BU004, CO001). Other years' expenses in the same folder are never
//! summed; each is accounted for: BU003, a 出納整理期間 payment, or a ledger of another year.

use super::coordinators::shown;
use super::districts::{Districts, Unlisted};
use super::{date_label, yen};
use crate::analysis::{BudgetFigures, BudgetView, DistrictView, ExpenseView};
use crate::calendar::{fiscal_year_of, fy_label, fy_start};
use crate::config::Config;
use crate::finding::catalogue::{BU001, BU002, BU003, BU004, BU005};
use crate::finding::{Finding, Severity};
use crate::model::{Dataset, Expense, Fate, RowFate, SkipRule, Status};
use crate::names::name_key;
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// The fiscal year an expense belongs to: its 会計年度; else the year of its 活動日 (so a
/// payment in the 出納整理期間, April 1 – May 31, for last year's activity is last year's);
/// else the year of its 支出日.
pub fn expense_fiscal_year(e: &Expense) -> i32 {
    e.fiscal_year
        .or_else(|| e.activity_date.map(fiscal_year_of))
        .unwrap_or_else(|| fiscal_year_of(e.paid_on))
}

/// Last day a payment of fiscal year `fy` may be made: May 31 after the year (出納整理期間).
pub fn payment_deadline(fy: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(fy.saturating_add(1), 5, 31).unwrap_or(NaiveDate::MAX)
}

/// Allocations, spending per district and the budget findings; the expenses counted go to
/// `counted`.
#[allow(clippy::too_many_arguments)]
pub(super) fn build(
    data: &Dataset,
    config: &Config,
    fy: i32,
    as_of: NaiveDate,
    dist: &mut Districts,
    findings: &mut Vec<Finding>,
    fates: &mut Vec<RowFate>,
    counted: &mut Vec<ExpenseView>,
) -> BudgetView {
    let unit = config.budget.unit;
    let mut allocated = 0u32;
    for v in &mut dist.views {
        if matches!(v.status, Status::Model | Status::Support) {
            v.allocation = unit;
            allocated += 1;
        }
    }
    let year = config.year(fy);
    let planned = year.map_or(0, |y| y.planned_additions);
    let configured_total = year.and_then(|y| y.budget_total);
    let total = unit.saturating_mul(i64::from(allocated) + i64::from(planned));
    // Without a districts table there are no allocations to compare.
    if let Some(c) = configured_total.filter(|&c| c != total && dist.has_list()) {
        findings.push(
            BU005.general("",
                format!(
                    "{}の配当の合計 {}（{}中学校区＋追加予定{}地域 × {}）が設定の予算額 {} と異なります",
                    fy_label(fy),
                    yen(total),
                    allocated,
                    planned,
                    yen(unit),
                    yen(c)
                ),
            )
            .subject(format!("budget|{fy}")),
        );
    }

    let allowed: HashMap<String, &str> = config
        .budget
        .allowed_categories
        .iter()
        .map(|c| (name_key(c), c.as_str()))
        .collect();
    let mut others: BTreeSet<String> = BTreeSet::new();
    let mut unallocated = 0i64;
    // This year's expenses per allocated district, for the BU002 running total.
    let mut charged: HashMap<usize, Vec<&Expense>> = HashMap::default();
    let other_year_ledgers = other_year_ledgers(data, fy);

    for e in &data.expenses {
        let efy = expense_fiscal_year(e);
        if efy != fy {
            let ledger = other_year_ledgers.get(&(&*e.src.file, &*e.src.sheet));
            fates.push(other_year(e, efy, fy, ledger, findings));
            continue;
        }
        check_dates(e, fy, as_of, findings);
        let ck = name_key(&e.category);
        let is_allowed = allowed.contains_key(&ck);
        let category = match allowed.get(&ck) {
            Some(c) => c.to_string(),
            None => {
                let shown_cat = if ck.is_empty() {
                    "（空欄）".to_string()
                } else {
                    crate::names::nfkc(&e.category)
                };
                findings.push(
                    BU004
                        .at(
                            &e.category_at,
                            format!(
                            "{}: 費目「{shown_cat}」（{}）は配当予算で認められる費目ではありません",
                            shown(&e.district),
                            yen(e.amount)
                        ),
                        )
                        .district(&e.district)
                        .subject(format!("{}|{}|{}|{}", e.district, e.paid_on, ck, e.amount)),
                );
                others.insert(shown_cat.clone());
                shown_cat
            }
        };
        let found = dist.find(&e.district);
        counted.push(ExpenseView {
            paid_on: e.paid_on,
            district: match found {
                Some(i) => dist.views[i].name.clone(),
                None if e.district.trim().is_empty() => "（空欄）".to_string(),
                None => e.district.trim().to_string(),
            },
            category: category.clone(),
            amount: e.amount,
            allowed: is_allowed,
            allocated: found.is_some_and(|i| dist.views[i].allocation > 0),
            file: e.amount_at.file.to_string(),
            sheet: e.amount_at.sheet.to_string(),
            cell: e.amount_at.a1(),
        });
        match found {
            Some(i) => {
                let v = &mut dist.views[i];
                let c = v.spent_by_category.entry(category).or_default();
                *c = c.saturating_add(e.amount);
                v.spent = v.spent.saturating_add(e.amount);
                if v.allocation == 0 {
                    unallocated = unallocated.saturating_add(e.amount);
                    findings.push(
                        BU001
                            .at(
                                &e.district_at,
                                format!(
                                "{}は{}の配当がない中学校区（{}）ですが、{}の支出があります（{}）",
                                v.name,
                                fy_label(fy),
                                v.status.label(),
                                yen(e.amount),
                                date_label(e.paid_on)
                            ),
                            )
                            .district(&v.name)
                            .subject(format!("{}|{}|{}", v.name, e.paid_on, e.amount)),
                    );
                } else {
                    charged.entry(i).or_default().push(e);
                }
            }
            None => {
                unallocated = unallocated.saturating_add(e.amount);
                if dist.has_list() {
                    findings.push(dist.not_listed(
                        &e.district_at,
                        &e.district,
                        &e.district,
                        Unlisted::Expense {
                            paid_on: e.paid_on,
                            amount: e.amount,
                        },
                    ));
                }
            }
        }
    }

    for v in &mut dist.views {
        v.remaining = v.allocation.saturating_sub(v.spent);
    }
    let mut idx: Vec<usize> = charged.keys().copied().collect();
    idx.sort_unstable();
    for i in idx {
        let mut list = charged.remove(&i).unwrap_or_default();
        list.sort_by_key(|e| e.paid_on);
        check_overspend(
            &dist.views[i].name,
            dist.views[i].allocation,
            &list,
            config,
            findings,
        );
    }

    let mut categories = config.budget.allowed_categories.clone();
    categories.extend(others);
    let mut view = BudgetView {
        unit,
        allocated_districts: allocated,
        planned_additions: planned,
        total,
        configured_total,
        categories,
        allowed: config.budget.allowed_categories.clone(),
        unallocated_spent: unallocated,
        warn_ratio: config.budget.warn_ratio,
        insurance_premium: config.insurance.premium,
        figures: BudgetFigures::default(),
    };
    view.figures = figures(&view, &dist.views);
    view
}

/// The year's budget figures: the one place they are computed (予算配当表, 年度末報告 and
/// summary.json print them). 執行額 is every counted expense of the year, also where there
/// is no allocation, as the sum of 予算配当表's 支出計 column.
pub fn figures(b: &BudgetView, districts: &[DistrictView]) -> BudgetFigures {
    let allocated = b.unit.saturating_mul(i64::from(b.allocated_districts));
    let planned = b.unit.saturating_mul(i64::from(b.planned_additions));
    let allocation_total = allocated.saturating_add(planned);
    let charged: i64 = districts
        .iter()
        .filter(|d| d.allocation > 0)
        .map(|d| d.spent)
        .fold(0i64, i64::saturating_add);
    let spent = charged.saturating_add(b.unallocated_spent);
    BudgetFigures {
        budget_total: b.configured_total,
        allocated_districts: b.allocated_districts,
        allocated,
        planned_additions: b.planned_additions,
        planned,
        allocation_total,
        spent,
        unallocated_spent: b.unallocated_spent,
        remaining: allocation_total.saturating_sub(spent),
    }
}

/// BU003 for an expense of this year: paid outside the year and its 出納整理期間, or after as_of.
fn check_dates(e: &Expense, fy: i32, as_of: NaiveDate, findings: &mut Vec<Finding>) {
    let (start, deadline) = (fy_start(fy), payment_deadline(fy));
    let why = if e.paid_on < start || e.paid_on > deadline {
        let basis = if e.fiscal_year.is_some() {
            "会計年度"
        } else {
            "活動日"
        };
        format!(
            "{basis}では{}の支出ですが、支出日 {} が支払期間（{}～{}）の外です",
            fy_label(fy),
            date_label(e.paid_on),
            date_label(start),
            date_label(deadline)
        )
    } else if e.paid_on > as_of {
        format!(
            "支出日 {} が基準日 {} より後です",
            date_label(e.paid_on),
            date_label(as_of)
        )
    } else {
        return;
    };
    findings.push(
        BU003
            .at(
                &e.src,
                format!("{}: {why}（{}）", shown(&e.district), yen(e.amount)),
            )
            .district(&e.district)
            .subject(format!("{}|{}|{}", e.district, e.paid_on, e.amount)),
    );
}

/// The ledgers (file and sheet) whose expense rows all belong to fiscal years other than
/// `fy` (last year's 支出簿 kept in the folder), with those years in order.
fn other_year_ledgers(data: &Dataset, fy: i32) -> HashMap<(&str, &str), BTreeSet<i32>> {
    let mut years: HashMap<(&str, &str), (BTreeSet<i32>, bool)> = HashMap::default();
    for e in &data.expenses {
        let efy = expense_fiscal_year(e);
        let entry = years
            .entry((&*e.src.file, &*e.src.sheet))
            .or_insert_with(|| (BTreeSet::new(), true));
        entry.0.insert(efy);
        entry.1 &= efy != fy;
    }
    years
        .into_iter()
        .filter(|(_, (_, all_other))| *all_other)
        .map(|(k, (y, _))| (k, y))
        .collect()
}

/// An expense of another fiscal year: not counted, and accounted for. In a ledger wholly of
/// other years it is skipped (the inventory says so once, on the table's line); a payment in
/// this year's 出納整理期間 (April 1 – May 31) for last year's activity is last year's by rule;
/// any other is BU003.
fn other_year(
    e: &Expense,
    efy: i32,
    fy: i32,
    ledger: Option<&BTreeSet<i32>>,
    findings: &mut Vec<Finding>,
) -> RowFate {
    let fate = |fate, note| RowFate {
        src: e.src.clone(),
        fate,
        note,
    };
    if let Some(years) = ledger {
        let years: Vec<String> = years.iter().map(|y| fy_label(*y)).collect();
        let note = format!(
            "全行が{}の支出のため{}の集計に入れていません",
            years.join("・"),
            fy_label(fy)
        );
        return fate(Fate::Skipped(SkipRule::OtherYearLedger), Some(note));
    }
    let settlement =
        efy + 1 == fy && e.paid_on >= fy_start(fy) && e.paid_on <= payment_deadline(efy);
    if settlement {
        return fate(Fate::Skipped(SkipRule::PreviousYearSettlement), None);
    }
    let why = if efy < fy && fiscal_year_of(e.paid_on) == fy && e.paid_on > payment_deadline(efy) {
        // Its own year can no longer pay it, and this year does not count it.
        format!(
            "{}の支出（{}）が出納整理期間（{}まで）を過ぎた {} に支払われています",
            fy_label(efy),
            yen(e.amount),
            date_label(payment_deadline(efy)),
            date_label(e.paid_on)
        )
    } else {
        let basis = match (e.fiscal_year, e.activity_date) {
            (Some(_), _) => format!("会計年度が{}", fy_label(efy)),
            (None, Some(a)) => format!("活動日 {} から{}の支出", date_label(a), fy_label(efy)),
            (None, None) => format!("{}の支出", fy_label(efy)),
        };
        format!(
            "支出日 {} の支出（{}）は{basis}のため、{}の集計に入れていません（年の書き間違いなら直してください）",
            date_label(e.paid_on),
            yen(e.amount),
            fy_label(fy)
        )
    };
    findings.push(
        BU003
            .at(&e.src, format!("{}: {why}", shown(&e.district)))
            .district(&e.district)
            .subject(format!("{}|{}|{}", e.district, e.paid_on, e.amount)),
    );
    fate(Fate::Rejected, None)
}

/// BU002: over the allocation (error) or over warn_ratio of it (warning), citing the
/// expense that crossed the line.
fn check_overspend(
    name: &str,
    allocation: i64,
    list: &[&Expense],
    config: &Config,
    findings: &mut Vec<Finding>,
) {
    // Rounded to the yen so that 80% of ¥20,000 is exactly ¥16,000.
    let warn_line = (config.budget.warn_ratio * allocation as f64).round() as i64;
    let mut sum = 0i64;
    let mut crossed_warn = None;
    let mut crossed_over = None;
    for e in list {
        sum = sum.saturating_add(e.amount);
        if crossed_warn.is_none() && sum > warn_line {
            crossed_warn = Some(*e);
        }
        if crossed_over.is_none() && sum > allocation {
            crossed_over = Some(*e);
        }
    }
    // Rounded as the sheets' 0.0% cells show it.
    let pct = crate::analysis::percent_label(sum, allocation);
    let (sev, at, msg) = if sum > allocation {
        (
            Severity::Error,
            crossed_over,
            format!(
                "{name}: 支出 {} が配当額 {} を超えています（超過 {}、執行率 {pct}）",
                yen(sum),
                yen(allocation),
                yen(sum - allocation)
            ),
        )
    } else if sum > warn_line {
        (
            Severity::Warning,
            crossed_warn,
            format!(
                "{name}: 支出 {} が配当額 {} の{}を超えています（執行率 {pct}、残額 {}）",
                yen(sum),
                yen(allocation),
                crate::numbers::ratio_label(config.budget.warn_ratio),
                yen(allocation - sum)
            ),
        )
    } else {
        return;
    };
    // A later refund can bring the sum back under a line crossed earlier: cite the last row then.
    let Some(e) = at.or_else(|| list.last().copied()) else {
        return;
    };
    findings.push(
        BU002
            .at_as(sev, &e.amount_at, msg)
            .district(name)
            .subject(name.to_string()),
    );
}
