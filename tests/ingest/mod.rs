mod make_fixtures;

use kyodo::config::Config;
use kyodo::ingest::{ingest, Ingested};

fn read(paths: &[&str]) -> Ingested {
    let base = make_fixtures::dir();
    let args: Vec<String> = paths
        .iter()
        .map(|p| base.join(p).to_string_lossy().into_owned())
        .collect();
    ingest(&args, None, &Config::default(), 2025).unwrap()
}

#[test]
fn dump() {
    let r = read(&["."]);
    for f in &r.findings {
        println!(
            "{} {} {}",
            f.id,
            f.location().rsplit('/').next().unwrap(),
            f.message
        );
    }
    for e in &r.inventory {
        println!(
            "{:?}",
            (
                &e.file.rsplit('/').next(),
                &e.sheet,
                &e.kind,
                &e.note,
                e.header_row,
                e.rows,
                e.rows_skipped,
                &e.unused_columns
            )
        );
    }
    println!(
        "{:#?}",
        r.data
            .coordinators
            .iter()
            .map(|c| (
                &c.name,
                &c.district,
                c.role,
                &c.affiliations,
                c.appointed,
                c.src.to_string()
            ))
            .collect::<Vec<_>>()
    );
    println!(
        "{:?}",
        r.data
            .supporters
            .iter()
            .map(|c| (&c.name, &c.district, c.insured, c.insured_on))
            .collect::<Vec<_>>()
    );
    println!(
        "{:?}",
        r.data
            .districts
            .iter()
            .map(|c| (&c.name, c.stated, c.model_start, c.model_end))
            .collect::<Vec<_>>()
    );
    println!(
        "{:?}",
        r.data
            .trainings
            .iter()
            .map(|c| (&c.name, c.date, c.kind))
            .collect::<Vec<_>>()
    );
    println!(
        "{:?}",
        r.data
            .attendance
            .iter()
            .map(|c| (
                &c.name,
                c.session_date,
                &c.session_name,
                &c.district,
                c.present,
                c.src.a1()
            ))
            .collect::<Vec<_>>()
    );
    println!(
        "{:?}",
        r.data
            .expenses
            .iter()
            .map(|c| (
                c.paid_on,
                &c.district,
                &c.category,
                c.amount,
                c.activity_date
            ))
            .collect::<Vec<_>>()
    );
    println!(
        "{:?}",
        r.data
            .activities
            .iter()
            .map(|c| (c.date, &c.district, &c.name, &c.supporters, c.children))
            .collect::<Vec<_>>()
    );
    println!("{:?}", r.skipped);
}
