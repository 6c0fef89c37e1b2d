//! The year-end figures (年度末報告): the year's coordinators, schools and trainings for the
//! national survey, each district's standing next year, next year's districts and budget,
//! and the rollout pace — computed from the Analysis and the config, before anything is
//! written (`report/yearend.rs` writes them).

use super::districts::status_in;
use crate::analysis::{Analysis, Compliance, NextYear, YearEnd};
use crate::config::Config;
use crate::model::{Role, Status};
use std::collections::BTreeMap;

impl YearEnd {
    pub fn from_analysis(a: &Analysis, config: &Config) -> YearEnd {
        let fy = a.fiscal_year;
        let active: Vec<_> = a
            .districts
            .iter()
            .filter(|d| d.status != Status::None)
            .collect();
        let active_names: std::collections::HashSet<&str> =
            active.iter().map(|d| d.name.as_str()).collect();
        let (mut staff, mut residents, mut other) = (0, 0, 0);
        for c in &a.coordinators {
            match c.role {
                Role::Staff if active_names.contains(c.district.as_str()) => staff += 1,
                Role::Resident if active_names.contains(c.district.as_str()) => residents += 1,
                Role::General | Role::Chief => other += 1,
                _ => {}
            }
        }
        let schools = active
            .iter()
            .flat_map(|d| d.schools.iter().cloned())
            .collect();
        let schools_known = a.districts.iter().any(|d| !d.schools.is_empty());
        let mut next = Vec::new();
        let mut finishing = Vec::new();
        for d in &a.districts {
            // Next year's status by the rule that will give it in next year's monthly run.
            let n = match (d.model_start, d.model_end) {
                (Some(s), Some(e)) => status_in(s, e, fy + 1),
                // No model years: the stated 区分 (or none) holds next year too.
                _ => d.status,
            };
            let change = match (d.status, n) {
                (Status::Model, Status::Support) => "モデル終了→伴走支援",
                (Status::Model, Status::Model) => "モデル継続",
                (Status::Support, _) => "伴走支援継続",
                (Status::None, Status::Model) => "新規モデル",
                _ => "未実施",
            };
            if change == "モデル終了→伴走支援" {
                finishing.push(d.name.clone());
            }
            next.push(NextYear {
                name: d.name.clone(),
                now: d.status,
                next: n,
                change,
            });
        }
        let count = |now: Status, then: Status| {
            next.iter()
                .filter(|n| n.now == now && n.next == then)
                .count() as u32
        };
        let continuing_model = count(Status::Model, Status::Model);
        let continuing_support = count(Status::Support, Status::Support);
        let named_new: Vec<String> = next
            .iter()
            .filter(|n| n.now == Status::None && n.next == Status::Model)
            .map(|n| n.name.clone())
            .collect();
        let new_per_year = config.model.new_per_year;
        // A new district the list already names is one of the plan's, not one more.
        let new_needed = new_per_year.saturating_sub(named_new.len() as u32);
        let districts_next = finishing.len() as u32
            + continuing_model
            + continuing_support
            + named_new.len() as u32
            + new_needed;
        let unit = config.budget.unit;
        let mut new_by_year: BTreeMap<i32, u32> = BTreeMap::new();
        for (year, names) in &a.rollout {
            new_by_year.insert(*year, names.len() as u32);
        }
        let mut in_programme = BTreeMap::new();
        if let Some(first) = new_by_year.keys().next().copied() {
            let mut total = 0;
            for y in first..=fy + 1 {
                total += new_by_year.get(&y).copied().unwrap_or(0);
                in_programme.insert(y, total);
            }
        }
        let all_districts = a.districts.len() as u32;
        let ever_by_now = in_programme.get(&fy).copied().unwrap_or(0);
        let whole_city_year = new_by_year.keys().next().and_then(|first| {
            let years = (fy - first + 1).max(1) as u32;
            let pace = ever_by_now as f64 / years as f64;
            let left = all_districts.saturating_sub(ever_by_now);
            if left == 0 {
                Some(fy)
            } else if pace > 0.0 {
                Some(fy + (left as f64 / pace).ceil() as i32)
            } else {
                None
            }
        });
        YearEnd {
            fiscal_year: fy,
            honbu: active.len() as u32,
            staff_coordinators: staff,
            resident_coordinators: residents,
            other_coordinators: other,
            schools,
            schools_known,
            sessions: a.sessions.iter().filter(|s| s.held).count() as u32,
            planned_sessions: a.sessions.iter().filter(|s| !s.held).count() as u32,
            attendees: a
                .sessions
                .iter()
                .filter(|s| s.held)
                .map(|s| s.attendees)
                .sum(),
            coordinators_met: a
                .coordinators
                .iter()
                .filter(|c| c.compliance == Compliance::Done)
                .count() as u32,
            coordinators_not_met: a
                .coordinators
                .iter()
                .filter(|c| c.compliance != Compliance::Done)
                .map(|c| (c.name.clone(), c.district.clone()))
                .collect(),
            next,
            finishing,
            continuing_model,
            continuing_support,
            named_new,
            new_per_year,
            new_needed,
            districts_next,
            budget_next: unit.saturating_mul(i64::from(districts_next)),
            unit,
            in_programme,
            new_by_year,
            all_districts,
            whole_city_year,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::YearEnd;
    use crate::config::Config;
    use crate::model::Status;
    use crate::rules::testkit::{d, B};

    /// 年度末報告's next year is what next year's monthly run will say, also for a model
    /// period that ends before it starts (DS002): before its start year such a district is
    /// 未実施, as `districts::status_in` rules (the start is read first), not 伴走支援.
    #[test]
    fn next_year_is_next_years_status_even_for_a_backwards_period() {
        let mut b = B::new();
        b.district("光陽", Some(2024), Some(2025), None) // ends this year
            .district("東陽", Some(2025), Some(2026), None) // goes on
            .district("北星", Some(2027), Some(2024), None) // backwards: R9~R6
            .district("中央", None, None, Some(Status::Support)); // stated only
        let config = Config::default();
        let now = crate::rules::reconcile(&b.data, &config, 2025, d(2026, 5, 31));
        let then = crate::rules::reconcile(&b.data, &config, 2026, d(2027, 5, 31));
        let y = YearEnd::from_analysis(&now, &config);
        let next: Vec<(&str, Status)> = y.next.iter().map(|n| (n.name.as_str(), n.next)).collect();
        let monthly: Vec<(&str, Status)> = then
            .districts
            .iter()
            .map(|d| (d.name.as_str(), d.status))
            .collect();
        assert_eq!(next, monthly);
        assert_eq!(
            next,
            [
                ("光陽", Status::Support),
                ("東陽", Status::Model),
                ("北星", Status::None),
                ("中央", Status::Support),
            ]
        );
    }
}
