//! Row accounting (spec §2) over every fixture and the sample office: for every table,
//! rows read = rows used + rows rejected with a finding + rows skipped by a named rule, and
//! every record comes from a row counted as used.

use kyodo::config::Config;
use kyodo::ingest::ingest;
use std::collections::{BTreeMap, BTreeSet};

/// Reads `folder` as one INPUT and checks every inventory line adds up.
fn check_folder(folder: &str) -> usize {
    let r = ingest(&[folder.to_string()], None, &Config::default(), 2025).unwrap();
    let mut used: BTreeMap<(String, String), u32> = BTreeMap::new();
    for e in &r.inventory {
        assert_eq!(
            e.rows,
            e.used + e.rejected + e.rows_skipped(),
            "{}:{} (header row {}) does not add up: {e:?}",
            e.file,
            e.sheet,
            e.header_row
        );
        if e.kind.is_none() {
            assert_eq!(e.rows, 0, "{}:{} has no table but rows", e.file, e.sheet);
        }
        *used.entry((e.file.clone(), e.sheet.clone())).or_default() += e.used;
    }
    // Records by the row they came from (a matrix row gives several).
    let d = &r.data;
    let srcs = d
        .districts
        .iter()
        .map(|x| &x.src)
        .chain(d.coordinators.iter().map(|x| &x.src))
        .chain(d.supporters.iter().map(|x| &x.src))
        .chain(d.resources.iter().map(|x| &x.src))
        .chain(d.trainings.iter().map(|x| &x.src))
        .chain(d.attendance.iter().map(|x| &x.src))
        .chain(d.expenses.iter().map(|x| &x.src))
        .chain(d.activities.iter().map(|x| &x.src));
    let mut rows: BTreeMap<(String, String), BTreeSet<u32>> = BTreeMap::new();
    for s in srcs {
        rows.entry((s.file.to_string(), s.sheet.to_string()))
            .or_default()
            .insert(s.row);
    }
    for (k, set) in &rows {
        let counted = used.get(k).copied().unwrap_or(0);
        assert!(
            set.len() as u32 <= counted,
            "{k:?}: {} rows gave records, {counted} counted as used",
            set.len()
        );
    }
    r.inventory.iter().filter(|e| e.kind.is_some()).count()
}

#[test]
fn every_table_of_every_fixture_and_the_samples_adds_up() {
    let tables =
        check_folder("tests/fixtures") + check_folder("samples") + check_folder("templates");
    // Not vacuous: the fixtures and samples hold dozens of tables.
    assert!(tables > 20, "only {tables} tables read");
}
