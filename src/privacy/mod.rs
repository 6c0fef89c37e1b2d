//! Personal data in what kyodo writes and prints.
//!
//! Every report, summary.json and the terminal read only the [`Analysis`], so the analysis is
//! where personal data is dealt with, once, before anything is written:
//!
//! - contacts (連絡先, 電話, メール) never go out: [`Shield::mask_contacts`] replaces the rosters'
//!   own contact values and anything shaped like a phone number, postal code or mail address
//!   with 「（連絡先）」 in every text that came from the inputs — names, messages, affiliations,
//!   venues, district names — wherever the office typed it;
//! - under `--redact`, [`Pseudonyms::redact`] replaces every person's name with 「人物001」…
//!   (one number per person, the same wherever the person appears).
//!
//! [`visit`] names every text field of the analysis and what it holds; it destructures each
//! struct whole, so a field added to the analysis does not compile until it is placed here.
//! File and sheet names are left as they are: links and the inventory need them, and the
//! office names its files.

pub mod mask;

use crate::analysis::{
    Analysis, AttendeeView, BudgetView, CoordinatorView, DistrictView, ResourceView, SessionView,
    SupporterView,
};
use crate::analysis::{Changes, Resolved, RosterChange, SpendingChange, SupporterChange};
use crate::finding::catalogue::IN001;
use crate::finding::Finding;
use crate::model::{Dataset, InventoryEntry};
use crate::names::{person_id, person_key};
use mask::{contact_parts, mask_shapes, Replacer, CONTACT_MASK};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// What a text field of the analysis holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
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
pub fn visit(a: &mut Analysis, f: &mut dyn FnMut(Field, &mut String)) {
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
            let crate::analysis::ClerkNotes {
                status,
                assignee,
                done_on,
                memo,
            } = n;
            f(Field::Text, status);
            f(Field::Text, assignee);
            f(Field::Text, done_on);
            f(Field::Text, memo);
        }
        *notes = moved;
        for r in resolved {
            let Resolved { message, .. } = r;
            f(Field::Text, message);
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

/// The contacts the inputs hold, to be masked wherever they were typed.
#[derive(Debug, Default)]
pub struct Shield {
    known: Replacer,
}

impl Shield {
    /// The contact values of the rosters and the resource list.
    pub fn new(data: &Dataset) -> Shield {
        let mut known = Replacer::default();
        let cells = data
            .coordinators
            .iter()
            .map(|c| &c.contact)
            .chain(data.supporters.iter().map(|s| &s.contact))
            .chain(data.resources.iter().map(|r| &r.contact));
        for cell in cells {
            for part in contact_parts(cell) {
                known.insert(&part, CONTACT_MASK);
            }
        }
        Shield { known }
    }

    /// `text` with contacts masked, or None when it holds none.
    pub fn mask(&self, text: &str) -> Option<String> {
        match self.known.replace(text) {
            Some(t) => Some(mask_shapes(&t).unwrap_or(t)),
            None => mask_shapes(text),
        }
    }

    /// Masks contacts in every text of the analysis.
    pub fn mask_contacts(&self, a: &mut Analysis) {
        visit(a, &mut |_, s| {
            if let Some(t) = self.mask(s) {
                *s = t;
            }
        });
    }
}

/// Pseudonyms for `--redact`: every person numbered in the order they first appear — the
/// coordinator rosters, the supporter rosters, attendance, activities, individual resources,
/// lecturers, then anyone only the previous run knew — as 「人物001」.
///
/// The order is the inputs' own, not the names': a number says nothing about the name it
/// stands for (sorting by name would), and the same inputs give the same numbers. One series
/// for everyone, not one per role, because a person who is coordinator and supporter must
/// keep one pseudonym.
#[derive(Debug, Default)]
pub struct Pseudonyms {
    by_key: HashMap<String, String>,
    /// Every spelling seen (as typed, trimmed, and the match key) → pseudonym, for text.
    spellings: Replacer,
}

impl Pseudonyms {
    pub fn new(data: &Dataset, a: &mut Analysis) -> Pseudonyms {
        // Each spelling is keyed once (a city's attendance repeats its rosters' names).
        let mut seen: HashMap<String, ()> = HashMap::default();
        // (spelling, key) in the order first seen: the replacements are made in this order,
        // so that the same inputs always give the same text.
        let mut spelled: Vec<(String, String)> = Vec::new();
        let mut order: Vec<String> = Vec::new();
        let mut numbered: HashMap<String, ()> = HashMap::default();
        let mut add = |name: &str| {
            if seen.insert(name.to_string(), ()).is_some() {
                return;
            }
            let key = pseudonym_key(name);
            if !key.is_empty() && numbered.insert(key.clone(), ()).is_none() {
                order.push(key.clone());
            }
            spelled.push((name.to_string(), key));
        };
        data.coordinators.iter().for_each(|c| add(&c.name));
        data.supporters.iter().for_each(|s| add(&s.name));
        data.attendance.iter().for_each(|x| add(&x.name));
        data.activities
            .iter()
            .flat_map(|x| x.supporters.iter())
            .for_each(|n| add(n));
        data.resources
            .iter()
            .filter(|r| r.kind.contains("個人"))
            .for_each(|r| add(&r.name));
        data.trainings.iter().for_each(|t| add(&t.lecturer));
        visit(a, &mut |field, s| {
            if field == Field::Person {
                add(s);
            }
        });
        let width = order.len().to_string().len().max(3);
        let by_key: HashMap<String, String> = order
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, format!("人物{:0width$}", i + 1)))
            .collect();
        let mut spellings = Replacer::default();
        for (name, key) in &spelled {
            let Some(p) = by_key.get(key) else { continue };
            // One letter is too short to tell a name in text.
            for n in [name.trim().to_string(), key.clone()]
                .into_iter()
                .chain(std::iter::once(name.clone()))
                .chain(name_variants(name))
            {
                if n.chars().count() >= 2 {
                    spellings.insert(&n, p);
                }
            }
        }
        Pseudonyms { by_key, spellings }
    }

    /// The pseudonym of a name, or None when the name is blank.
    pub fn of(&self, name: &str) -> Option<&str> {
        self.by_key.get(&pseudonym_key(name)).map(String::as_str)
    }

    /// Replaces every name in the analysis; the previous run's resolved findings, whose
    /// messages may name people this run does not know, show their title instead.
    pub fn redact(&self, a: &mut Analysis) {
        visit(a, &mut |field, s| {
            let swapped = match field {
                Field::Person => self
                    .spellings
                    .get(s)
                    .or_else(|| self.of(s))
                    .map(str::to_string)
                    .or_else(|| self.spellings.replace(s)),
                Field::Text => self.spellings.replace(s),
                Field::Label => None,
            };
            if let Some(t) = swapped {
                *s = t;
            }
        });
        let words = a.rule_words();
        if let Some(c) = &mut a.changes {
            // An id made from a real name could be checked against a guess: the added are
            // given their pseudonym's, the gone (whose names this run never knew) none.
            for p in c.supporters_added.iter_mut().chain(&mut c.supporters_gone) {
                p.id = p.name.as_deref().map(person_id).unwrap_or_default();
            }
            // Listed in the order of the real names' keys, they would hint at the names.
            c.coordinators_added.sort();
            c.coordinators_gone.sort();
            c.supporters_added.sort();
            c.supporters_gone.sort();
            for r in &mut c.resolved {
                r.message = format!(
                    "{}（前回の内容は、氏名を含みうるため表示しません）",
                    crate::finding::title_in(&r.id, &words)
                );
            }
        }
        reduce_affiliations(&mut a.coordinators);
        a.redacted = true;
    }
}

/// What a pseudonym is keyed by: the name as matched (spec §2) with any contact typed beside
/// it left out, so that 「山川 太郎 090-1234-5678」 in one roster and 「山川 太郎」 in another, or the
/// same name after its contact was masked, are one person with one pseudonym.
fn pseudonym_key(name: &str) -> String {
    person_key(&bare_name(name))
}

/// A name without the contacts typed into its cell (masked or not), trimmed.
fn bare_name(name: &str) -> String {
    let masked = mask_shapes(name).unwrap_or_else(|| name.to_string());
    masked.replace(CONTACT_MASK, " ").trim().to_string()
}

/// The spellings of a name found in text besides its own: without its contact, and with its
/// parts held apart by a half-width space, a full-width space or nothing (「山川 太郎」,
/// 「山川　太郎」, 「山川太郎」), as messages and other sheets may write it.
fn name_variants(name: &str) -> Vec<String> {
    let bare = bare_name(name);
    let parts: Vec<&str> = bare.split_whitespace().collect();
    let mut v = vec![bare.clone()];
    if parts.len() > 1 {
        v.extend([parts.join(" "), parts.join("\u{3000}"), parts.concat()]);
    }
    v
}

/// Under `--redact`, 所属・役職 beside a pseudonym must not single its holder out: an
/// affiliation is kept only when two or more people hold it, and the one-person roles
/// (統括・チーフコーディネーター) show none; what is left out reads 「（省略）」.
fn reduce_affiliations(coordinators: &mut [CoordinatorView]) {
    let mut holders: HashMap<String, std::collections::BTreeSet<String>> = HashMap::default();
    for c in coordinators.iter() {
        for x in &c.affiliations {
            holders.entry(x.clone()).or_default().insert(c.name.clone());
        }
    }
    for c in coordinators.iter_mut() {
        let single = matches!(
            c.role,
            crate::model::Role::General | crate::model::Role::Chief
        );
        let before = c.affiliations.len();
        c.affiliations
            .retain(|x| !single && holders.get(x).is_some_and(|h| h.len() >= 2));
        if c.affiliations.len() < before {
            c.affiliations.push(OMITTED.to_string());
        }
    }
}

/// What stands for 所属・役職 left out under `--redact`.
pub const OMITTED: &str = "（省略）";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Changes, Mark};
    use crate::finding::catalogue::IN003;
    use crate::model::Role;
    use crate::rules::testkit::{d, seed};

    /// The seed's analysis with a roster that carries contacts and a name in a message.
    fn analysis() -> (Dataset, Analysis) {
        let mut b = seed();
        b.coord("田中 一郎", "光陽", Role::Resident);
        b.data.coordinators.last_mut().unwrap().contact = "0166-23-4567、tanaka_1".into();
        b.supporter("見守 花子", "光陽", Some(false), None);
        b.activity(
            d(2025, 7, 1),
            "光陽",
            "登下校",
            "学校支援",
            &["見守 花子様"],
            Some(3),
        );
        let mut a = crate::rules::reconcile(
            &b.data,
            &crate::config::Config::default(),
            2025,
            d(2025, 11, 30),
        );
        a.coordinators[0].affiliations = vec!["連絡は tanaka_1 まで".into()];
        (b.data, a)
    }

    #[test]
    fn kyodo_s_own_numbers_in_reasons_are_not_contacts() {
        let (data, mut a) = analysis();
        let reason =
            "ファイルが壊れているため読めません（sector 4294967290 points past end of file）";
        a.findings.push(IN001.in_file("a.xls", reason.to_string()));
        a.inventory.push(crate::model::InventoryEntry {
            file: "a.xls".into(),
            sha256: String::new(),
            sheet: String::new(),
            kind: None,
            note: reason.to_string(),
            header_row: 0,
            rows: 0,
            used: 0,
            rejected: 0,
            skipped: Default::default(),
            unused_columns: Vec::new(),
        });
        // The same digits typed in a cell are masked.
        let typed = "「4294967290」を日付として読めません".to_string();
        let src = crate::model::SourceRef::new(&"a.xls".into(), &"名簿".into(), 3, 1);
        a.findings.push(IN003.at(&src, typed));
        Shield::new(&data).mask_contacts(&mut a);
        let n = a.findings.len();
        assert_eq!(a.findings[n - 2].message, reason);
        assert_eq!(a.inventory.last().unwrap().note, reason);
        assert_eq!(
            a.findings[n - 1].message,
            "「（連絡先）」を日付として読めません"
        );
    }

    #[test]
    fn contacts_known_or_shaped_are_masked_everywhere() {
        let (data, mut a) = analysis();
        a.sessions.push(crate::analysis::SessionView {
            name: "研修".into(),
            kind: crate::model::TrainingKind::Community,
            date: d(2025, 6, 14),
            venue: "公民館 TEL 0166-99-0000".into(),
            held: true,
            attendees: 0,
            by_district: BTreeMap::new(),
            by_role: BTreeMap::new(),
            attendance: Vec::new(),
        });
        Shield::new(&data).mask_contacts(&mut a);
        assert_eq!(
            a.coordinators[0].affiliations,
            vec!["連絡は （連絡先） まで"]
        );
        assert_eq!(a.sessions.last().unwrap().venue, "公民館 TEL （連絡先）");
    }

    #[test]
    fn one_person_one_pseudonym_in_fields_messages_and_marks() {
        let (data, mut a) = analysis();
        let su001 = a
            .findings
            .iter()
            .find(|f| f.id == "SU001")
            .expect("SU001 for 見守 花子")
            .clone();
        assert!(su001.message.contains("見守 花子様"), "{}", su001.message);
        a.changes = Some(Changes {
            previous: "prev".into(),
            previous_as_of: "2025-10-31".into(),
            marks: [(su001.identity(), Mark::Continuing)].into_iter().collect(),
            new_findings: 0,
            continuing_findings: 1,
            resolved: Vec::new(),
            coordinators_added: vec![RosterChange {
                name: "田中 一郎".into(),
                district: "光陽".into(),
            }],
            coordinators_gone: vec![RosterChange {
                name: "去年 退任".into(),
                district: "光陽".into(),
            }],
            supporters_added: vec![SupporterChange {
                id: person_id("見守 花子"),
                name: Some("見守 花子".into()),
                district: "光陽".into(),
            }],
            supporters_gone: vec![SupporterChange {
                id: person_id("誰か"),
                name: None,
                district: "光陽".into(),
            }],
            spending: Vec::new(),
            notes: [(
                su001.identity(),
                crate::analysis::ClerkNotes {
                    status: "対応中".into(),
                    memo: "見守 花子様に確認中".into(),
                    ..Default::default()
                },
            )]
            .into_iter()
            .collect(),
            notes_unreadable: false,
        });
        let p = Pseudonyms::new(&data, &mut a);
        p.redact(&mut a);
        let tanaka = p.of("田中一郎").expect("田中 一郎 numbered").to_string();
        let hanako = p.of("見守 花子").expect("見守 花子 numbered").to_string();
        // Roster order: the seed's coordinators first, then 田中 一郎, then the supporter.
        let n = data.coordinators.len();
        assert_eq!(tanaka, format!("人物{n:03}"));
        assert_eq!(hanako, format!("人物{:03}", n + 1));
        // Known only to the previous run: numbered after everyone in the inputs.
        let gone = format!("人物{:03}", n + 2);
        assert_eq!(p.of("去年退任"), Some(gone.as_str()));
        let c = a.coordinators.iter().find(|c| c.name == tanaka);
        assert!(c.is_some(), "{:?}", a.coordinators);
        assert_eq!(a.supporters[0].name, hanako);
        let su = a.findings.iter().find(|f| f.id == "SU001").unwrap();
        assert!(
            su.message.contains(&format!("{hanako}さん")),
            "{}",
            su.message
        );
        assert!(!su.message.contains("見守"), "{}", su.message);
        assert!(!su.subject.contains("見守"), "{}", su.subject);
        let ch = a.changes.as_ref().unwrap();
        assert_eq!(ch.marks.get(&su.identity()), Some(&Mark::Continuing));
        // The clerk's note follows the finding and names no one.
        let note = ch.notes.get(&su.identity()).expect("note kept");
        assert_eq!(note.status, "対応中");
        assert!(note.memo.contains(&hanako), "{}", note.memo);
        assert!(!note.memo.contains("見守"), "{}", note.memo);
        assert_eq!(ch.coordinators_added[0].name, tanaka);
        assert_eq!(ch.coordinators_gone[0].name, gone);
        assert_eq!(ch.supporters_added[0].id, person_id(&hanako));
        assert_eq!(ch.supporters_gone[0].id, "");
        assert!(a.redacted);
    }

    #[test]
    fn a_name_typed_with_its_phone_number_is_replaced_wherever_it_is_quoted() {
        let mut b = seed();
        b.supporter("山川 太郎 090.1234.5678", "光陽", Some(false), None);
        b.activity(
            d(2025, 7, 1),
            "光陽",
            "登下校",
            "学校支援",
            &["山川 太郎 090.1234.5678"],
            Some(3),
        );
        let config = crate::config::Config::default();
        let mut a = crate::rules::reconcile(&b.data, &config, 2025, d(2025, 11, 30));
        a.findings[0].message = "山川　太郎さんと山川太郎さんと山川 太郎さん".into();
        Shield::new(&b.data).mask_contacts(&mut a);
        let su = a.findings.iter().find(|f| f.id == "SU001").expect("SU001");
        assert!(
            su.message.contains("山川 太郎 （連絡先）"),
            "{}",
            su.message
        );
        let p = Pseudonyms::new(&b.data, &mut a);
        p.redact(&mut a);
        let who = p.of("山川 太郎").expect("numbered").to_string();
        assert_eq!(p.of("山川太郎 （連絡先）"), Some(who.as_str()));
        for f in &a.findings {
            assert!(!f.message.contains("山川"), "{}", f.message);
            assert!(!f.subject.contains("山川"), "{}", f.subject);
        }
        assert_eq!(
            a.findings[0].message,
            format!("{who}さんと{who}さんと{who}さん")
        );
        assert!(a.supporters.iter().all(|s| !s.name.contains("山川")));
    }

    #[test]
    fn redacted_affiliations_do_not_single_anyone_out() {
        let (data, mut a) = analysis();
        let roles = [
            Role::General,
            Role::Resident,
            Role::Resident,
            Role::Resident,
        ];
        let affs: [&[&str]; 4] = [
            &["社会教育課主幹"],
            &["PTA役員", "公民館（指定管理）館長"],
            &["PTA役員"],
            &[],
        ];
        for (c, (role, aff)) in a.coordinators.iter_mut().zip(roles.iter().zip(affs)) {
            c.role = *role;
            c.affiliations = aff.iter().map(|s| s.to_string()).collect();
        }
        Pseudonyms::new(&data, &mut a).redact(&mut a);
        let got: Vec<Vec<String>> = a.coordinators[..4]
            .iter()
            .map(|c| c.affiliations.clone())
            .collect();
        assert_eq!(
            got,
            vec![
                vec![OMITTED.to_string()],
                vec!["PTA役員".to_string(), OMITTED.to_string()],
                vec!["PTA役員".to_string()],
                vec![],
            ]
        );
    }
}
