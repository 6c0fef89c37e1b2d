//! Every text field of the [`Analysis`] that came from the inputs, and what it holds (a
//! person's name, free text, a label): [`visit`] destructures each struct whole, so a field
//! added to the analysis does not compile until it is placed here. Masking and `--redact`
//! both go through it.

use crate::analysis::{
    Analysis, AttendeeView, BudgetView, CoordinatorView, DistrictView, ResourceView, SessionView,
    SupporterView,
};
use crate::analysis::{Changes, Resolved, RosterChange, SpendingChange, SupporterChange};
use crate::finding::catalogue::IN001;
use crate::finding::Finding;
use crate::model::InventoryEntry;
use std::collections::BTreeMap;

/// What a text field of the analysis holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    /// A person's name (a roster's spelling, or a match key).
    Person,
    /// Free text from the inputs that may quote a name: messages, affiliations, venues …
    Text,
    /// A label that keys tables (district, 費目, 分類): contacts masked, names left.
    Label,
}

/// Calls `f` on every text of the analysis that came from the inputs, with what it holds.
/// Map keys are rewritten too (entries that become equal are added up), and the month-over-month
/// marks follow their findings when a finding's identity changes.
pub(super) fn visit(a: &mut Analysis, f: &mut dyn FnMut(Field, &mut String)) {
    let Analysis {
        fiscal_year: _,
        as_of: _,
        districts,
        budget,
        sessions,
        coordinators,
        supporters,
        resources,
        expenses,
        rollout,
        findings,
        inventory,
        // Cell references and year notes only: nothing personal.
        row_fates: _,
        skipped_files: _,
        new_per_year: _,
        model_years: _,
        resource_stale_years: _,
        changes,
        config_origin: _,
        config_sha256: _,
        redacted: _,
        office: _,
    } = a;
    for d in districts {
        let DistrictView {
            name,
            status: _,
            model_start: _,
            model_end: _,
            allocation: _,
            spent_by_category,
            spent: _,
            remaining: _,
            staff: _,
            residents: _,
            resident_affiliations,
            schools,
            activities_by_category,
            children: _,
            supporters: _,
            insured_supporters: _,
        } = d;
        f(Field::Label, name);
        rekey(spent_by_category, f);
        rekey(activities_by_category, f);
        resident_affiliations
            .iter_mut()
            .for_each(|s| f(Field::Text, s));
        schools.iter_mut().for_each(|s| f(Field::Text, s));
    }
    for e in expenses {
        f(Field::Label, &mut e.district);
        f(Field::Label, &mut e.category);
    }
    let BudgetView { categories, .. } = budget;
    categories.iter_mut().for_each(|s| f(Field::Label, s));
    // Two 費目 masked alike are one column, as their spending is one sum.
    let mut seen = std::collections::BTreeSet::new();
    categories.retain(|c| seen.insert(c.clone()));
    for s in sessions {
        let SessionView {
            name,
            kind: _,
            date: _,
            venue,
            held: _,
            attendees: _,
            by_district,
            by_role,
            attendance,
        } = s;
        f(Field::Text, name);
        f(Field::Text, venue);
        rekey(by_district, f);
        rekey(by_role, f);
        for x in attendance {
            let AttendeeView {
                name,
                district,
                role: _,
            } = x;
            f(Field::Person, name);
            f(Field::Label, district);
        }
    }
    for c in coordinators {
        let CoordinatorView {
            name,
            district,
            role: _,
            affiliations,
            appointed: _,
            retired: _,
            attended_sessions: _,
            coordinator_trainings_attended: _,
            compliance: _,
        } = c;
        f(Field::Person, name);
        f(Field::Label, district);
        affiliations.iter_mut().for_each(|s| f(Field::Text, s));
    }
    for s in supporters {
        let SupporterView {
            name,
            district,
            insured: _,
            insured_on: _,
        } = s;
        f(Field::Person, name);
        f(Field::Label, district);
    }
    for r in resources {
        let ResourceView {
            name,
            offer,
            kind,
            districts,
            citywide: _,
            has_contact: _,
            registered: _,
        } = r;
        // 種別 個人: the 名称 is a person's name.
        let named = if kind.contains("個人") {
            Field::Person
        } else {
            Field::Text
        };
        f(named, name);
        f(Field::Text, offer);
        f(Field::Label, kind);
        districts.iter_mut().for_each(|s| f(Field::Label, s));
    }
    for names in rollout.values_mut() {
        names.iter_mut().for_each(|s| f(Field::Label, s));
    }
    let before: Vec<String> = findings.iter().map(Finding::identity).collect();
    for x in findings.iter_mut() {
        let Finding {
            id,
            severity: _,
            file: _,
            sheet: _,
            cell: _,
            message,
            district,
            person,
            subject,
            pos: _,
            waiver,
        } = x;
        // An IN001's message is kyodo's (or a reader library's) reason, not text from the
        // inputs: its numbers (a sector, a size) are not contacts.
        if *id != IN001.id {
            f(Field::Text, message);
        }
        f(Field::Text, subject);
        district.iter_mut().for_each(|s| f(Field::Label, s));
        person.iter_mut().for_each(|s| f(Field::Person, s));
        waiver.iter_mut().for_each(|s| f(Field::Text, s));
    }
    for e in inventory {
        let InventoryEntry {
            file: _,
            sha256: _,
            sheet: _,
            kind: _,
            // kyodo's own words: why a file or sheet was not read.
            note: _,
            header_row: _,
            rows: _,
            used: _,
            rejected: _,
            skipped: _,
            unused_columns,
        } = e;
        unused_columns.iter_mut().for_each(|s| f(Field::Text, s));
    }
    if let Some(c) = changes {
        let Changes {
            previous: _,
            previous_as_of: _,
            marks,
            new_findings: _,
            continuing_findings: _,
            resolved,
            coordinators_added,
            coordinators_gone,
            supporters_added,
            supporters_gone,
            spending,
            notes,
            notes_unreadable: _,
        } = c;
        let moved: BTreeMap<String, crate::analysis::Mark> = before
            .iter()
            .zip(findings.iter())
            .filter_map(|(old, x)| marks.get(old).map(|m| (x.identity(), *m)))
            .collect();
        *marks = moved;
        // The clerk's notes follow their finding's new identity; what they wrote is text.
        let mut moved: BTreeMap<String, crate::analysis::ClerkNotes> = before
            .iter()
            .zip(findings.iter())
            .filter_map(|(old, x)| notes.get(old).map(|n| (x.identity(), n.clone())))
            .collect();
        for n in moved.values_mut() {
            clerk_notes(n, f);
        }
        *notes = moved;
        for r in resolved {
            let Resolved { message, notes, .. } = r;
            f(Field::Text, message);
            if let Some(n) = notes {
                clerk_notes(n, f);
            }
        }
        for p in coordinators_added.iter_mut().chain(coordinators_gone) {
            let RosterChange { name, district } = p;
            f(Field::Person, name);
            f(Field::Label, district);
        }
        for p in supporters_added.iter_mut().chain(supporters_gone) {
            let SupporterChange {
                id: _,
                name,
                district,
            } = p;
            name.iter_mut().for_each(|s| f(Field::Person, s));
            f(Field::Label, district);
        }
        for s in spending {
            let SpendingChange { district, .. } = s;
            f(Field::Label, district);
        }
    }
}

/// What the clerk wrote in チェック結果 is free text: any of it may quote a contact or a name.
fn clerk_notes(n: &mut crate::analysis::ClerkNotes, f: &mut dyn FnMut(Field, &mut String)) {
    let crate::analysis::ClerkNotes {
        status,
        assignee,
        done_on,
        memo,
    } = n;
    for s in [status, assignee, done_on, memo] {
        f(Field::Text, s);
    }
}

/// Rewrites a map's keys; values of keys that become one are added up.
fn rekey<V: std::ops::AddAssign + Copy>(
    m: &mut BTreeMap<String, V>,
    f: &mut dyn FnMut(Field, &mut String),
) {
    let old = std::mem::take(m);
    for (mut k, v) in old {
        f(Field::Label, &mut k);
        match m.get_mut(&k) {
            Some(x) => *x += v,
            None => {
                m.insert(k, v);
            }
        }
    }
}
