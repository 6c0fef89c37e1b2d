#[test]
fn scratch_dump() {
    for dir in ["/tmp/smp/samples", "/tmp/smp/templates"] {
        let r = kyodo::ingest::ingest(&[dir.to_string()], None, &kyodo::config::Config::default(), 2025).unwrap();
        for e in &r.inventory {
            println!("{:?}", (&e.file, &e.sheet, &e.kind, &e.note, e.header_row, e.rows, e.rows_skipped, &e.unused_columns));
        }
        println!("coord {} sup {} dis {} tr {} att {} exp {} act {} res {}", r.data.coordinators.len(), r.data.supporters.len(), r.data.districts.len(), r.data.trainings.len(), r.data.attendance.len(), r.data.expenses.len(), r.data.activities.len(), r.data.resources.len());
        for a in r.data.attendance.iter().take(100) { println!("{} {:?} {:?} {:?} {}", a.name, a.session_date, a.session_name, a.present, a.src.a1()); }
        for c in &r.data.coordinators { println!("{} {} {:?} {:?}", c.name, c.district, c.role, c.appointed); }
    }
}
