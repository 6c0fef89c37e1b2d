//! `kyodo check`: one line per finding `file:sheet!cell  ID  重大度  message`, then the
//! closing line `…の確認が終わりました: エラー N件、警告 N件、情報 N件`; nothing written.

use super::expected::SEEDED;
use super::util::{copy_samples, findings, kyodo, root, run_samples};

/// Parses the closing count line.
fn counts(line: &str) -> Option<(usize, usize, usize)> {
    let (_, tail) = line.split_once("の確認が終わりました: ")?;
    let mut it = tail.split('、');
    let mut num = |word: &str| -> Option<usize> {
        it.next()?
            .strip_prefix(word)?
            .strip_suffix('件')?
            .trim()
            .parse()
            .ok()
    };
    Some((num("エラー ")?, num("警告 ")?, num("情報 ")?))
}

#[test]
fn check_prints_a_line_per_finding_and_the_counts() {
    let out = kyodo(&root(), &["check", "samples"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let last = *lines.last().expect("some output");
    let (e, w, i) = counts(last).unwrap_or_else(|| panic!("bad count line: {last}"));
    assert!(e >= 1, "{last}");

    // The same findings as run's summary.json.
    let s = run_samples(&[]).summary();
    let all = findings(&s);
    assert_eq!(lines.len() - 1, all.len(), "{}", out.stdout);
    let by = |sev: &str| all.iter().filter(|f| f["severity"] == sev).count();
    assert_eq!(
        (e, w, i),
        (by("error"), by("warning"), by("info")),
        "{last}"
    );
}

#[test]
fn check_names_each_seeded_mistake_by_file_sheet_and_cell() {
    let out = kyodo(&root(), &["check", "samples"]);
    for (id, file, sheet, cell) in SEEDED {
        let prefix = format!("{file}:{sheet}!{cell}  {id}  ");
        assert!(
            out.stdout.lines().any(|l| l.starts_with(&prefix)),
            "no line starting {prefix:?}\n{}",
            out.stdout
        );
    }
    for line in out.stdout.lines().filter(|l| l.contains("  DS002  ")) {
        assert!(line.contains("承認済"), "{line}");
    }
    let severity_ok = out.stdout.lines().rev().skip(1).all(|l| {
        let parts: Vec<&str> = l.split("  ").collect();
        parts.len() >= 4 && ["エラー", "警告", "情報"].contains(&parts[2])
    });
    assert!(severity_ok, "{}", out.stdout);
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    let out = kyodo(dir.path(), &["check", "samples"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    assert!(
        !dir.path().join("out").exists(),
        "check wrote an out folder"
    );
    let n = std::fs::read_dir(dir.path().join("samples"))
        .unwrap()
        .count();
    assert_eq!(n, 6, "check wrote into the input folder");
}

#[test]
fn check_output_is_the_same_every_run() {
    let a = kyodo(&root(), &["check", "samples"]);
    let b = kyodo(&root(), &["check", "samples"]);
    assert_eq!(a.stdout, b.stdout);
    // Errors first, then warnings, then info.
    let rank = |l: &str| {
        if l.contains("  エラー  ") {
            0
        } else if l.contains("  警告  ") {
            1
        } else {
            2
        }
    };
    let ranks: Vec<u8> = a.stdout.lines().rev().skip(1).map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{}", a.stdout);
}
