//! An out folder that cannot take the reports: not writable, full, or holding a read-only
//! report. Exit 2 with a message naming the path; every file there left as it was.

use super::{files, output, privileged, restore, temps, Office, NEW, OLD};
use crate::e2e::util::REPORTS;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn an_unwritable_out_folder_is_exit_2_naming_it_and_left_as_it_was() {
    let office = Office::new();
    let (old, _) = office.complete("out", OLD);
    let out = office.path("out");
    chmod(&out, 0o555);
    let mut c = office.command("out", NEW);
    if privileged() {
        // Root writes anywhere: the run is made as `nobody`, who may read the office (the
        // temp dir is root's own, 0700) but not write to out; with a copy of the binary there,
        // since the build folder's may be closed to others.
        chmod(office.dir.path(), 0o755);
        let exe = office.path("kyodo");
        let bin = env!("CARGO_BIN_EXE_kyodo");
        std::fs::hard_link(bin, &exe)
            .or_else(|_| std::fs::copy(bin, &exe).map(drop))
            .expect("a copy of the binary");
        c = office.command_of(&exe, "out", NEW);
        c.uid(65534).gid(65534);
    }
    let o = output(c);
    chmod(&out, 0o755);
    assert_eq!(o.code, 2, "{}", o.dump());
    assert!(
        o.stderr
            .contains("kyodo: 出力先 out/予算配当表.xlsx に書けません: 書き込む権限がありません"),
        "{}",
        o.dump()
    );
    assert!(files(&out) == old, "the previous reports changed");
}

#[test]
fn an_out_path_under_a_file_is_exit_2_naming_it() {
    let office = Office::new();
    std::fs::write(office.path("a-file"), b"not a folder").unwrap();
    let o = office.run("a-file/out", NEW);
    assert_eq!(o.code, 2, "{}", o.dump());
    assert!(
        o.stderr.contains("kyodo: 出力先 a-file/out に書けません"),
        "{}",
        o.dump()
    );
    assert_eq!(
        std::fs::read(office.path("a-file")).unwrap(),
        b"not a folder"
    );
}

#[test]
fn a_read_only_previous_report_stops_the_run_before_anything_is_written() {
    let office = Office::new();
    let (new, code) = office.complete("out", NEW);
    let (old, _) = office.complete("out", OLD);
    let out = office.path("out");
    // The clerk protected last month's check results; a stale temporary file of a killed run
    // is there too, and stays: a refused run writes and removes nothing.
    let protected = out.join("チェック結果.xlsx");
    chmod(&protected, 0o444);
    std::fs::write(out.join(".summary.json.tmp"), b"{\"half\":").unwrap();
    let before = files(&out);
    let o = office.run("out", NEW);
    assert_eq!(o.code, 2, "{}", o.dump());
    assert!(
        o.stderr
            .contains("kyodo: 出力先 out/チェック結果.xlsx に書けません: 読み取り専用"),
        "{}",
        o.dump()
    );
    assert!(o.stderr.contains("--out"), "says what to do\n{}", o.dump());
    assert!(files(&out) == before, "a file in out changed");
    assert_eq!(mode(&protected), 0o444);
    for r in REPORTS {
        assert_eq!(files(&out)[*r], old[*r], "{r}");
    }

    // Once the clerk lifts the protection, the run replaces it (and the stale temp is gone).
    chmod(&protected, 0o644);
    let o = office.run("out", NEW);
    assert_eq!(o.code, code, "{}", o.dump());
    assert!(files(&out) == new);
}

#[test]
fn a_read_only_year_end_report_is_left_as_it_was() {
    let office = Office::new();
    let out = office.path("年度末");
    std::fs::create_dir_all(&out).unwrap();
    let report = out.join("年度末報告.xlsx");
    std::fs::write(&report, b"last year's, protected").unwrap();
    chmod(&report, 0o444);
    let o = office.year_end("年度末");
    assert_eq!(o.code, 2, "{}", o.dump());
    assert!(
        o.stderr
            .contains("kyodo: 出力先 年度末/年度末報告.xlsx に書けません: 読み取り専用"),
        "{}",
        o.dump()
    );
    assert_eq!(std::fs::read(&report).unwrap(), b"last year's, protected");
    assert_eq!(temps(&out), Vec::<String>::new());
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// None when this process may not mount (not root): the case is then skipped, saying so.
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "kyodo-faults"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` to the last byte.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let chunk = [0u8; 4096];
    loop {
        match f.write(&chunk) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.raw_os_error(), Some(28), "{e}");
                break;
            }
        }
    }
    // Whatever is left of a page.
    while f.write(&[0u8]).is_ok_and(|n| n == 1) {}
}

#[test]
fn a_full_out_folder_is_exit_2_naming_it_and_leaves_the_old_reports() {
    let office = Office::new();
    let (new, code) = office.complete("out", NEW);
    let (old, _) = office.complete("out", OLD);
    let Some(disk) = Tmpfs::mount(&office.path("disk"), "512k") else {
        eprintln!("faults: skipped the full-disk case: this user may not mount a tmpfs");
        return;
    };
    let out = disk.0.join("out");
    restore(&out, &old);
    let ye = disk.0.join("年度末");
    std::fs::create_dir(&ye).unwrap();
    std::fs::write(ye.join("年度末報告.xlsx"), b"last year's").unwrap();
    fill(&disk.0);
    let o = office.run("disk/out", NEW);
    assert_eq!(o.code, 2, "{}", o.dump());
    assert!(
        o.stderr.contains("kyodo: 出力先 disk/out/")
            && o.stderr.contains("に書けません: ディスクがいっぱいです"),
        "{}",
        o.dump()
    );
    assert_eq!(temps(&out), Vec::<String>::new());
    assert!(files(&out) == old, "the previous reports changed");

    // Year-end's one report goes the same way.
    let o = office.year_end("disk/年度末");
    assert_eq!(o.code, 2, "{}", o.dump());
    assert!(
        o.stderr.contains(
            "kyodo: 出力先 disk/年度末/年度末報告.xlsx に書けません: ディスクがいっぱいです"
        ),
        "{}",
        o.dump()
    );
    assert_eq!(
        std::fs::read(ye.join("年度末報告.xlsx")).unwrap(),
        b"last year's"
    );
    assert_eq!(temps(&ye), Vec::<String>::new());

    // With room again, the same run replaces them.
    std::fs::remove_file(disk.0.join("filler")).unwrap();
    let o = office.run("disk/out", NEW);
    assert_eq!(o.code, code, "{}", o.dump());
    // summary.json names the out folder nowhere, the check results link back to the inputs
    // relative to it: the same bytes as a run into `out` only where no link differs.
    assert_eq!(files(&out)["summary.json"], new["summary.json"]);
    assert_eq!(temps(&out), Vec::<String>::new());
}
