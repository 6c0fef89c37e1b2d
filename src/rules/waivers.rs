//! Waivers: the config's accepted exceptions mark findings 承認済; the findings stay.

use crate::config::{Config, Waiver};
use crate::finding::Finding;
use crate::names::{district_name, person_key};

/// Marks findings the config's waivers accept (承認済); they stay in the list.
/// A waiver matches a finding of its rule whose district and/or person equal the waiver's
/// (both must match when the waiver names both). The first matching waiver gives the reason.
pub fn apply_waivers(findings: &mut [Finding], config: &Config) {
    if config.waivers.is_empty() {
        return;
    }
    // Normalised once: the config may write 「旭川中学校区」 or 「髙橋 太郎」.
    let keyed: Vec<(&Waiver, Option<String>, Option<String>)> = config
        .waivers
        .iter()
        .map(|w| {
            (
                w,
                w.district.as_deref().map(district_name),
                w.person.as_deref().map(person_key),
            )
        })
        .collect();
    for f in findings.iter_mut().filter(|f| f.waiver.is_none()) {
        let fd = f.district.as_deref().map(district_name);
        let hit = keyed.iter().find(|(w, d, p)| {
            w.rule == f.id
                && (d.is_some() || p.is_some())
                && d.as_ref().is_none_or(|d| fd.as_ref() == Some(d))
                && p.as_ref().is_none_or(|p| f.person.as_ref() == Some(p))
        });
        if let Some((w, _, _)) = hit {
            f.waiver = Some(w.reason.clone());
        }
    }
}
