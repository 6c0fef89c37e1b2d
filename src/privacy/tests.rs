//! Contacts masked and names replaced across the analysis: fields, messages, the clerk's
//! notes, the previous run's marks, and affiliations that would single a person out.

use super::pseudonyms::OMITTED;
use super::{Pseudonyms, Shield};
use crate::analysis::{Analysis, Changes, Mark, RosterChange, SupporterChange};
use crate::finding::catalogue::{IN001, IN003};
use crate::model::{Dataset, Role};
use crate::names::person_id;
use crate::rules::testkit::{d, seed};
use std::collections::BTreeMap;

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
    let reason = "ファイルが壊れているため読めません（sector 4294967290 points past end of file）";
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
