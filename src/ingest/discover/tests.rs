//! Tests of finding the inputs: folders, globs, skipped files, links, unreadable folders.

use super::*;

/// The matching Windows gets (wired by `cfg(windows)` in `match_options`), tested on
/// every system against a real folder.
#[test]
fn patterns_ignore_case_as_on_windows() {
    assert_eq!(match_options().case_sensitive, !cfg!(windows));
    let windows = glob::MatchOptions {
        case_sensitive: false,
        ..match_options()
    };
    for (pattern, name) in [
        ("*.xlsx", "支出簿.XLSX"),
        ("支出簿.xlsx", "支出簿.Xlsx"),
        ("名簿/*.XLSX", "名簿/コーディネーター名簿.xlsx"),
    ] {
        let p = glob::Pattern::new(pattern).unwrap();
        assert!(p.matches_with(name, windows), "{pattern} {name}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("支出簿.XLSX"), b"x").unwrap();
    std::fs::write(dir.path().join("名簿.Xlsx"), b"x").unwrap();
    let pattern = format!("{}/*.xlsx", dir.path().display());
    let found: Vec<_> = glob::glob_with(&pattern, windows)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn names_and_bases() {
    assert_eq!(own_name(Path::new("samples")), "samples/");
    assert_eq!(own_name(Path::new("/x/11月/")), "11月/");
    assert_eq!(file_name(Path::new("/x/y/支出簿.xlsx")), "支出簿.xlsx");
    assert_eq!(glob_base("名簿/*.xlsx"), PathBuf::from("名簿"));
    assert_eq!(glob_base("/x/y/*/a?.xlsx"), PathBuf::from("/x/y"));
    assert_eq!(glob_base("*.csv"), PathBuf::new());
}

#[test]
fn walks_sorted_and_skips_lock_hidden_and_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for f in [
        "b.xlsx",
        "a.csv",
        "~$a.xlsx",
        ".hidden.xlsx",
        "notes.txt",
        "sub/c.xls",
    ] {
        let p = root.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b"x").unwrap();
    }
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("out/R7")).unwrap();
    std::fs::write(root.join("out/R7/r.xlsx"), b"x").unwrap();
    let arg = root.to_string_lossy().into_owned();
    let out = root.join("out");
    let d = discover_inputs(std::slice::from_ref(&arg), Some(&out)).unwrap();
    let shown: Vec<String> = d.files.iter().map(|f| f.display.clone()).collect();
    // Named relative to the INPUT folder, wherever that folder is.
    assert_eq!(shown, vec!["a.csv", "b.xlsx", "sub/c.xls"]);
    assert!(d.skipped.contains(&"~$a.xlsx".to_string()));
    assert!(d.skipped.contains(&".hidden.xlsx".to_string()));
    assert!(d.skipped.contains(&".git/".to_string()));
    assert!(d.skipped.contains(&"out/".to_string()));
    // Another run's staging folder beside its out folder is neither read nor listed.
    std::fs::create_dir_all(root.join(".結果.kyodo-7-7.new")).unwrap();
    std::fs::write(root.join(".結果.kyodo-7-7.new/r.xlsx"), b"x").unwrap();
    let again = discover_inputs(std::slice::from_ref(&arg), Some(&out)).unwrap();
    assert_eq!(again.skipped, d.skipped);
    assert_eq!(again.files.len(), d.files.len());
    // A glob and an overlapping folder read each file once; with several INPUTs each
    // is named under its folder's own name.
    let g = format!("{}/*.xlsx", arg);
    let d = discover_inputs(&[g.clone(), arg.clone()], Some(&out)).unwrap();
    assert_eq!(d.files.len(), 3);
    let own = own_name(root);
    let shown: Vec<String> = d.files.iter().map(|f| f.display.clone()).collect();
    assert_eq!(shown[0], format!("{own}b.xlsx"));
    // A single file or pattern: the file's name alone.
    let d = discover_inputs(std::slice::from_ref(&g), None).unwrap();
    assert_eq!(d.files[0].display, "b.xlsx");
    let one = root.join("sub/c.xls").to_string_lossy().into_owned();
    let d = discover_inputs(std::slice::from_ref(&one), None).unwrap();
    assert_eq!(d.files[0].display, "c.xls");
    // The same file name from two places is numbered, never shared.
    std::fs::write(root.join("sub/b.xlsx"), b"x").unwrap();
    let two = [
        root.join("b.xlsx").to_string_lossy().into_owned(),
        root.join("sub/b.xlsx").to_string_lossy().into_owned(),
    ];
    let d = discover_inputs(&two, None).unwrap();
    let shown: Vec<String> = d.files.iter().map(|f| f.display.clone()).collect();
    assert_eq!(shown, vec!["b.xlsx", "b.xlsx (2)"]);
    assert!(matches!(
        discover_inputs(&[format!("{arg}/none/*.xlsx")], None),
        Err(Fatal::NoInput { .. })
    ));
    // One argument that matches nothing is fatal even beside good ones.
    let typo = format!("{arg}/b.xlsxx");
    match discover_inputs(&[arg.clone(), typo.clone()], None) {
        Err(Fatal::NoInput { patterns }) => assert_eq!(patterns, vec![typo]),
        other => panic!("{other:?}"),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn links_loops_and_special_files_are_listed_not_followed_or_read() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/a.csv"), b"x").unwrap();
    // Two links to the folder itself, one to the file system's root, a pair of links
    // that point at each other, a link to a device, a FIFO, a link to a real file.
    symlink(".", root.join("self1")).unwrap();
    symlink(root, root.join("self2")).unwrap();
    symlink("/", root.join("slash")).unwrap();
    symlink("loop2.csv", root.join("loop1.csv")).unwrap();
    symlink("loop1.csv", root.join("loop2.csv")).unwrap();
    symlink("/dev/zero", root.join("zero.csv")).unwrap();
    symlink("sub/a.csv", root.join("link.csv")).unwrap();
    let fifo = root.join("pipe.csv");
    let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let arg = root.to_string_lossy().into_owned();
    let p = "";
    let t = std::time::Instant::now();
    let d = discover_inputs(std::slice::from_ref(&arg), None).unwrap();
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
    // The file is read once, by whichever name comes first.
    let shown: Vec<&str> = d.files.iter().map(|f| f.display.as_str()).collect();
    assert_eq!(shown, vec![format!("{p}link.csv")]);
    for s in [
        "loop1.csv",
        "loop2.csv",
        "pipe.csv",
        "zero.csv",
        "self1/",
        "self2/",
        "slash/",
    ] {
        let want = format!("{p}{s}");
        assert_eq!(
            d.skipped.iter().filter(|x| **x == want).count(),
            1,
            "{want} in {:?}",
            d.skipped
        );
    }
    assert!(d.unreadable.is_empty(), "{:?}", d.unreadable);
    // Named on the command line, a FIFO or a device is listed too, never opened.
    let fifo_arg = fifo.to_string_lossy().into_owned();
    let d = discover_inputs(&[fifo_arg, arg.clone()], None).unwrap();
    assert!(
        d.skipped.contains(&"pipe.csv".to_string()),
        "{:?}",
        d.skipped
    );
}

#[test]
fn a_folder_that_may_not_be_read_is_named_for_a_finding() {
    let mut w = Walk {
        out: Discovered::default(),
        seen: HashSet::new(),
        shown: HashSet::new(),
        exclude: None,
    };
    let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let dir = tempfile::tempdir().unwrap();
    w.io_problem(Some(dir.path()), "office/2025/".to_string(), &denied);
    w.io_problem(None, "office/x.xlsx".to_string(), &denied);
    assert_eq!(w.out.unreadable.len(), 2);
    assert_eq!(w.out.unreadable[0].0, "office/2025/");
    assert!(w.out.unreadable[0]
        .1
        .starts_with("フォルダを読む権限がない"));
    assert!(w.out.unreadable[1]
        .1
        .starts_with("ファイルを読む権限がない"));
}
