//! A folder or file of the office that kyodo may not read is an IN001 naming it, with its
//! inventory line: the reports are never built from fewer files without a word.

use super::{privileged, Office, NEW};
use crate::e2e::util::{findings, list_findings, read_summary};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;

fn chmod(path: &std::path::Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn an_unreadable_folder_and_file_are_named_in_findings_and_the_inventory() {
    let office = Office::new();
    let sub = office.path("office/2025");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(office.path("office/支出簿.xlsx"), sub.join("支出簿.xlsx")).unwrap();
    let locked = office.path("office/鍵.xlsx");
    std::fs::copy(office.path("office/支出簿.xlsx"), &locked).unwrap();
    chmod(&sub, 0o000);
    chmod(&locked, 0o000);
    let out = office.path("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut c = office.command("out", NEW);
    if privileged() {
        // Root reads anything: the run is made as `nobody`, with a copy of the binary in
        // the temp dir (the build folder's may be closed to others) and an out folder open
        // to it.
        chmod(office.dir.path(), 0o755);
        chmod(&out, 0o777);
        let exe = office.path("kyodo");
        let bin = env!("CARGO_BIN_EXE_kyodo");
        std::fs::hard_link(bin, &exe)
            .or_else(|_| std::fs::copy(bin, &exe).map(drop))
            .expect("a copy of the binary");
        c = office.command_of(&exe, "out", NEW);
        c.uid(65534).gid(65534);
    }
    let o = super::output(c);
    chmod(&sub, 0o755);
    chmod(&locked, 0o644);
    assert_eq!(o.code, 1, "{}", o.dump());
    let s = read_summary(&out);
    let in001: Vec<(String, String)> = findings(&s)
        .iter()
        .filter(|f| f["id"] == "IN001")
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        in001.contains(&(
            "2025".into(),
            "フォルダを読む権限がないため読めません".into()
        )),
        "{}",
        list_findings(&s)
    );
    assert!(
        in001.contains(&(
            "鍵.xlsx".into(),
            "ファイルを読む権限がないため読めません".into()
        )),
        "{}",
        list_findings(&s)
    );
    let inputs = s["inputs"].as_array().unwrap();
    for f in ["2025", "鍵.xlsx"] {
        assert!(
            inputs
                .iter()
                .any(|i| i["file"] == f && !i["note"].as_str().unwrap().is_empty()),
            "{f}"
        );
    }
}
