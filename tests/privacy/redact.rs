//! `--redact`: every person's name replaced by one pseudonym per person, in every output.

use super::{output_cells, output_texts};
use crate::e2e::util::{kyodo, root, rows, sheets, text};
use crate::support::{sheet, temp};
use std::collections::BTreeMap;
use std::path::Path;

/// Every name the sample office holds, read from its workbooks: the 氏名 columns, the
/// participants of activities, lecturers, individual resources and payees written as names.
fn sample_names() -> Vec<String> {
    let mut names = Vec::new();
    for book in crate::e2e::util::SAMPLE_BOOKS {
        for (_, range) in sheets(&root().join("samples").join(book)) {
            let rows = rows(&range);
            let Some((head_row, head)) = rows.iter().find(|(_, cells)| {
                cells
                    .iter()
                    .any(|c| matches!(text(c).as_str(), "氏名" | "参加サポーター" | "支払先"))
            }) else {
                continue;
            };
            let cols: Vec<(usize, String)> = head
                .iter()
                .enumerate()
                .map(|(i, c)| (i, text(c)))
                .filter(|(_, h)| {
                    matches!(h.as_str(), "氏名" | "参加サポーター" | "講師" | "支払先")
                })
                .collect();
            for (r, cells) in &rows {
                if r <= head_row {
                    continue;
                }
                for (c, h) in &cols {
                    let v = cells.get(*c).map(text).unwrap_or_default();
                    for n in v.split(['、', ',']) {
                        let n = n.trim().trim_end_matches("さん").trim();
                        // Payees are names only when written as 姓 名.
                        if h == "支払先" && !n.contains([' ', '　']) {
                            continue;
                        }
                        if n.chars().count() >= 2 && !n.starts_with('※') && !n.starts_with("記入")
                        {
                            names.push(n.to_string());
                        }
                    }
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

fn run(out: &Path, extra: &[&str]) -> crate::e2e::util::Output {
    let out = out.to_str().expect("utf-8 path");
    let mut args = vec!["run", "samples", "--out", out, "--quiet"];
    args.extend_from_slice(extra);
    kyodo(&root(), &args)
}

#[test]
fn redact_leaves_no_name_in_any_output_and_is_byte_stable() {
    let names = sample_names();
    assert!(names.len() > 50, "names read: {names:?}");
    assert!(names.iter().any(|n| n == "佐々木 陽子"), "{names:?}");
    let tmp = temp();
    let (a, b, year) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("year"),
    );
    let first = run(&a, &["--redact"]);
    assert_eq!(first.code, 1, "{}", first.dump());
    let second = run(&b, &["--redact"]);
    assert_eq!(second.code, 1, "{}", second.dump());
    let check = kyodo(&root(), &["check", "samples", "--redact"]);
    let year_end = kyodo(
        &root(),
        &[
            "year-end",
            "samples",
            "--redact",
            "--out",
            year.to_str().unwrap(),
        ],
    );
    assert_eq!(year_end.code, 1, "{}", year_end.dump());

    let mut texts = output_texts(&a);
    texts.extend(output_cells(&a));
    texts.extend(output_texts(&year));
    texts.extend(output_cells(&year));
    for (place, out) in [("run", &first), ("check", &check), ("year-end", &year_end)] {
        texts.push((format!("{place} stdout"), out.stdout.clone()));
        texts.push((format!("{place} stderr"), out.stderr.clone()));
    }
    for (place, t) in &texts {
        for n in &names {
            let squeezed: String = n.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                !t.contains(n.as_str()) && !t.contains(&squeezed),
                "{place} names 「{n}」"
            );
        }
    }
    assert!(check.stdout.contains("人物"), "{}", check.stdout);

    // Same inputs, same bytes.
    for name in crate::e2e::util::REPORTS {
        let x = std::fs::read(a.join(name)).expect("first");
        let y = std::fs::read(b.join(name)).expect("second");
        assert!(x == y, "{name} differs between two redacted runs");
    }
    let s = crate::e2e::util::read_summary(&a);
    assert_eq!(s["redacted"], true);
    for c in s["coordinators"].as_array().expect("coordinators") {
        let n = c["name"].as_str().unwrap_or_default();
        assert!(
            n.starts_with("人物") && n[("人物".len())..].chars().all(|d| d.is_ascii_digit()),
            "{n}"
        );
    }
}

/// Coordinator name → pseudonym, read from the same cells of a plain and a redacted run.
fn pseudonyms(plain: &Path, redacted: &Path) -> BTreeMap<String, String> {
    let book = "研修出席状況.xlsx";
    let p = sheet(&plain.join(book), "コーディネーター別");
    let r = sheet(&redacted.join(book), "コーディネーター別");
    let col = p
        .rows()
        .find_map(|row| row.iter().position(|c| text(c) == "氏名"))
        .expect("氏名 column");
    let mut map = BTreeMap::new();
    for (pr, rr) in p.rows().zip(r.rows()) {
        let (n, q) = (text(&pr[col]), text(&rr[col]));
        if n == "氏名" || n.is_empty() || n == q {
            continue;
        }
        assert!(q.starts_with("人物"), "{n} became {q}");
        if let Some(old) = map.insert(n.clone(), q.clone()) {
            assert_eq!(old, q, "{n} has two pseudonyms");
        }
    }
    map
}

#[test]
fn one_person_has_one_pseudonym_across_the_workbooks() {
    let tmp = temp();
    let (plain, redacted) = (tmp.path().join("plain"), tmp.path().join("redacted"));
    assert_eq!(run(&plain, &[]).code, 1);
    assert_eq!(run(&redacted, &["--redact"]).code, 1);
    let map = pseudonyms(&plain, &redacted);
    assert!(map.len() > 20, "{map:?}");
    let distinct: std::collections::BTreeSet<&String> = map.values().collect();
    assert_eq!(distinct.len(), map.len(), "two people share a pseudonym");

    // チェック結果: wherever the plain message names a coordinator, the redacted one names
    // that coordinator's pseudonym (TR001 of 長谷川 剛, CO001 of the 東光陽 row …).
    let book = "チェック結果.xlsx";
    let p = sheet(&plain.join(book), "チェック結果");
    let r = sheet(&redacted.join(book), "チェック結果");
    let mut matched = 0;
    for (pr, rr) in p.rows().zip(r.rows()) {
        for (pc, rc) in pr.iter().zip(rr.iter()) {
            let (pt, rt) = (text(pc), text(rc));
            for (n, q) in &map {
                if pt.contains(n.as_str()) {
                    assert!(rt.contains(q.as_str()), "「{pt}」 became 「{rt}」, not {q}");
                    matched += 1;
                }
            }
        }
    }
    assert!(matched >= 2, "{matched} messages named a coordinator");
    // The internal roster lists the same pseudonyms.
    let roster = sheet(
        &redacted.join("コーディネーター名簿（内部用）.xlsx"),
        "コーディネーター名簿",
    );
    let col = roster
        .rows()
        .find_map(|row| row.iter().position(|c| text(c) == "氏名"))
        .expect("氏名 column");
    let listed: Vec<String> = roster.rows().filter_map(|r| r.get(col).map(text)).collect();
    for q in map.values() {
        assert!(listed.contains(q), "{q} not in the internal roster");
    }
}

#[test]
fn a_redacted_run_is_never_the_previous_run() {
    let tmp = temp();
    let runs = tmp.path().join("out/R7");
    // A plain run in October, then a redacted one written as if it were a month's run.
    let oct = runs.join("2025-10-31");
    let nov = runs.join("2025-11-15");
    assert_eq!(run(&oct, &["--as-of", "2025-10-31"]).code, 1, "october run");
    assert_eq!(
        run(&nov, &["--as-of", "2025-11-15", "--redact"]).code,
        1,
        "redacted run"
    );
    let dec = runs.join("2025-11-30");
    let o = run(&dec, &[]);
    assert_eq!(o.code, 1, "{}", o.dump());
    let s = crate::e2e::util::read_summary(&dec);
    assert_eq!(s["changes"]["previous_as_of"], "2025-10-31");
    // Asked for by name, it is refused.
    let o = run(&runs.join("x"), &["--previous", nov.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.dump());
    assert!(o.stderr.contains("--redact"), "{}", o.stderr);
    // Without --out, a redacted run writes beside the day's reports, not over them.
    let cwd = temp();
    crate::e2e::util::copy_samples(&cwd.path().join("samples"));
    let o = kyodo(cwd.path(), &["run", "samples", "--redact", "--quiet"]);
    assert_eq!(o.code, 1, "{}", o.dump());
    assert!(cwd
        .path()
        .join("out/R7/2025-11-30-匿名/summary.json")
        .is_file());
    assert!(!cwd.path().join("out/R7/2025-11-30").exists());
}
