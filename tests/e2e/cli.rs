//! The command line of spec §1: exit 2 for what cannot run, the fiscal-year spellings, the
//! default out folder, inputs never written.

use super::util::{copy_samples, kyodo, read_summary, root, run_samples, REPORTS};

#[test]
fn bad_fiscal_year_exits_2() {
    let out = kyodo(&root(), &["check", "samples", "--fy", "R7x"]);
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(
        out.stderr.contains("R7x"),
        "the message quotes the value: {}",
        out.stderr
    );
}

#[test]
fn bad_as_of_exits_2() {
    for bad in ["2025-13-01", "2025/11/30x", "yesterday"] {
        let out = kyodo(&root(), &["check", "samples", "--as-of", bad]);
        assert_eq!(out.code, 2, "--as-of {bad}: {}", out.dump());
        assert!(out.stderr.contains(bad), "{}", out.stderr);
    }
}

#[test]
fn unreadable_config_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[budget\nunit = 二万\n").unwrap();
    let bad_s = bad.to_str().unwrap();
    let out = kyodo(&root(), &["check", "samples", "--config", bad_s]);
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(out.stderr.contains("bad.toml"), "{}", out.stderr);

    let missing = dir.path().join("missing.toml");
    let out = kyodo(
        &root(),
        &["check", "samples", "--config", missing.to_str().unwrap()],
    );
    assert_eq!(out.code, 2, "{}", out.dump());

    // An unknown key or an out-of-range figure is refused before any file is read.
    std::fs::write(&bad, "[budget]\nwarn_ratio = 8.0\n").unwrap();
    let out = kyodo(&root(), &["check", "samples", "--config", bad_s]);
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(out.stderr.contains("warn_ratio"), "{}", out.stderr);
}

#[test]
fn a_broken_kyodo_toml_in_the_input_folder_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    copy_samples(&office);
    std::fs::write(
        office.join("kyodo.toml"),
        "fiscal_year = \"R7\"\nas_of = 2025-11-31\n",
    )
    .unwrap();
    let out = kyodo(dir.path(), &["check", "office"]);
    assert_eq!(out.code, 2, "{}", out.dump());
}

#[test]
fn nonexistent_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = kyodo(dir.path(), &["run", "no_such_folder", "--out", "out"]);
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(out.stderr.contains("no_such_folder"), "{}", out.stderr);
    let out = kyodo(dir.path(), &["check", "名簿/*.xlsx"]);
    assert_eq!(out.code, 2, "{}", out.dump());
}

#[test]
fn fiscal_year_spellings_are_one_year() {
    let r7 = run_samples(&["--fy", "R7"]).summary();
    assert_eq!(r7["fiscal_year"], 2025);
    for fy in ["令和7年度", "2025", "R7年度", "2025年度"] {
        let other = run_samples(&["--fy", fy]).summary();
        assert_eq!(other, r7, "--fy {fy} differs from --fy R7");
    }
}

#[test]
fn command_line_wins_over_the_pinned_as_of() {
    let s = run_samples(&["--as-of", "2025-10-31"]).summary();
    assert_eq!(s["as_of"], "2025-10-31");
    assert_eq!(s["fiscal_year"], 2025);
}

#[test]
fn default_out_folder_is_year_and_as_of() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    let out = kyodo(dir.path(), &["run", "samples"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    let folder = dir.path().join("out").join("R7").join("2025-11-30");
    for r in REPORTS {
        assert!(
            folder.join(r).is_file(),
            "{r} not in out/R7/2025-11-30\n{}",
            out.dump()
        );
    }
    assert_eq!(read_summary(&folder)["as_of"], "2025-11-30");

    // A second run reads the same inputs: the out folder is never read as input.
    let again = kyodo(dir.path(), &["run", "samples"]);
    assert_eq!(again.code, 1, "{}", again.dump());
}

#[test]
fn inputs_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("samples");
    copy_samples(&office);
    let before: Vec<(String, Vec<u8>)> = snapshot(&office);
    let out = kyodo(dir.path(), &["run", "samples", "--out", "report"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    assert_eq!(snapshot(&office), before);
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn help_and_version_exit_0() {
    assert_eq!(kyodo(&root(), &["--help"]).code, 0);
    assert_eq!(kyodo(&root(), &["--version"]).code, 0);
    assert_eq!(kyodo(&root(), &["frobnicate"]).code, 2);
}

#[test]
fn an_output_folder_that_cannot_be_written_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the out folder should be: nothing can be created below it.
    let blocker = dir.path().join("blocked");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out_dir = blocker.join("R7");
    let out = kyodo(
        &root(),
        &[
            "run",
            "samples",
            "--out",
            out_dir.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(
        out.stderr.contains(out_dir.to_str().unwrap()),
        "the message names the path: {}",
        out.stderr
    );
}

/// Runs kyodo with `env` set and `stdin` fed to it.
fn kyodo_with(
    cwd: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &str,
) -> super::util::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kyodo"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the kyodo binary runs");
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    let out = child.wait_with_output().unwrap();
    super::util::Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn no_subcommand_is_the_monthly_run() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    // A folder dropped onto kyodo.exe: the folder is the only argument.
    let out = kyodo(dir.path(), &["samples"]);
    assert_eq!(out.code, 1, "{}", out.dump());
    let folder = dir.path().join("out").join("R7").join("2025-11-30");
    for r in REPORTS {
        assert!(folder.join(r).is_file(), "{r}\n{}", out.dump());
    }
    assert!(out.stderr.contains("照合が終わりました"), "{}", out.dump());
    assert!(out.stderr.contains("報告の出力先:"), "{}", out.dump());
    // A double-click: nothing at all, in the folder that holds the workbooks.
    let office = dir.path().join("samples");
    let out = kyodo(&office, &[]);
    assert_eq!(out.code, 1, "{}", out.dump());
    assert!(office.join("out/R7/2025-11-30/summary.json").is_file());
}

#[test]
fn an_empty_folder_names_itself_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = kyodo(dir.path(), &[]);
    assert_eq!(out.code, 2, "{}", out.dump());
    let here = dir.path().canonicalize().unwrap();
    let name = here.file_name().unwrap().to_str().unwrap();
    assert!(out.stderr.contains(name), "{}", out.stderr);
    assert!(!out.stderr.contains("「.」"), "{}", out.stderr);
    assert!(out.stderr.contains("kyodo init"), "{}", out.stderr);
    let out = kyodo(dir.path(), &["chek"]);
    assert!(out.stderr.contains("check ですか"), "{}", out.stderr);
}

/// Help and argument errors of every command: Japanese, none of clap's English.
#[test]
fn help_and_argument_errors_are_japanese() {
    let mut cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["--help"], 0),
        (vec!["-h"], 0),
        (vec!["help"], 0),
        (vec!["--bogus"], 2),
        (vec!["help", "bogus"], 2),
    ];
    for c in ["run", "check", "year-end", "init"] {
        cases.push((vec![c, "--help"], 0));
        cases.push((vec!["help", c], 0));
        cases.push((vec![c, "--bogus"], 2));
    }
    cases.push((vec!["run", "--as-of"], 2));
    cases.push((vec!["year-end", "--out"], 2));
    cases.push((vec!["init", "a", "b"], 2));
    cases.push((vec!["check", "--qiet"], 2));
    for (args, code) in cases {
        let out = kyodo(&root(), &args);
        assert_eq!(out.code, code, "{args:?}: {}", out.dump());
        let text = format!("{}{}", out.stdout, out.stderr);
        assert!(!text.trim().is_empty(), "{args:?}");
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Arguments:",
            "error:",
            "tip:",
            "Print help",
        ] {
            assert!(!text.contains(english), "{english} in {args:?}:\n{text}");
        }
        assert!(
            text.contains("使い方") || text.contains("kyodo --help"),
            "{args:?}: {text}"
        );
    }
    let out = kyodo(&root(), &["check", "--qiet"]);
    assert!(out.stderr.contains("--quiet ですか"), "{}", out.stderr);
}

/// A reader that has gone (`kyodo check | head -0`): kyodo ends quietly, never a panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::{Command, Stdio};
    for closed in ["stdout", "both"] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kyodo"));
        cmd.args(["check", "samples"])
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        // Closed before kyodo has read its inputs, so every write goes to a closed pipe.
        drop(child.stdout.take());
        let mut stderr = String::new();
        if closed == "both" {
            drop(child.stderr.take());
        } else {
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
        }
        let status = child.wait().unwrap();
        let code = status.code();
        assert!(matches!(code, Some(0 | 1)), "{closed}: {status:?} {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// In a console window of its own (Explorer), kyodo waits for Enter after the summary and
/// after a fatal error; from a terminal or a script it never waits.
#[test]
fn a_window_of_its_own_waits_for_enter() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(&dir.path().join("samples"));
    let pause = [("KYODO_PAUSE", "1")];
    let out = kyodo_with(dir.path(), &["samples"], &pause, "\n");
    assert_eq!(out.code, 1, "{}", out.dump());
    let tail: Vec<&str> = out.stderr.lines().rev().take(4).collect();
    assert_eq!(tail[0], "Enter キーを押すと閉じます", "{}", out.stderr);
    assert!(
        tail.iter().any(|l| l.contains("エラーがあります")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("報告の出力先:"), "{}", out.stderr);
    // A fatal error: the message, then the wait (an end of input ends it too).
    let out = kyodo_with(dir.path(), &["no_such_folder"], &pause, "");
    assert_eq!(out.code, 2, "{}", out.dump());
    assert!(out.stderr.contains("no_such_folder"), "{}", out.stderr);
    assert!(out
        .stderr
        .trim_end()
        .ends_with("Enter キーを押すと閉じます"));
    // Not from a terminal or a script.
    let out = kyodo_with(dir.path(), &["no_such_folder"], &[], "");
    assert!(!out.stderr.contains("Enter"), "{}", out.stderr);
}
