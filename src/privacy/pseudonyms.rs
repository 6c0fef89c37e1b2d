//! `--redact`: every person's name replaced by a pseudonym (「人物001」…), one per person
//! whatever the spelling, in the order the inputs name them; the ids and lists that could
//! hint at a name, and the affiliations that single a person out, made safe too.

use super::fields::{visit, Field};
use super::mask::{mask_shapes, Replacer, CONTACT_MASK};
use crate::analysis::{Analysis, CoordinatorView};
use crate::model::Dataset;
use crate::names::{person_id, person_key};
use rustc_hash::FxHashMap as HashMap;

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
pub(super) const OMITTED: &str = "（省略）";
