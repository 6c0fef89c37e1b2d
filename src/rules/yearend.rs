//! The year-end figures (年度末報告): the year's coordinators, schools and trainings for the
//! national survey, each district's standing next year, next year's districts and budget,
//! and the rollout pace — computed from the Analysis and the config, before anything is
//! written (`report/yearend.rs` writes them).

use crate::analysis::{Analysis, Compliance, NextYear, YearEnd};
use crate::config::Config;
use crate::model::{Role, Status};
use std::collections::BTreeMap;

/// A district's status in a given fiscal year from its model years.
fn status_in(start: Option<i32>, end: Option<i32>, fy: i32, fallback: Status) -> Status {
    match (start, end) {
        (Some(s), Some(e)) if fy >= s && fy <= e => Status::Model,
        (Some(_), Some(e)) if fy > e => Status::Support,
        (Some(_), Some(_)) => Status::None,
        _ => fallback,
    }
}

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
            let n = status_in(d.model_start, d.model_end, fy + 1, d.status);
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
