//! Tests of the command line: Japanese help and errors, suggestions, no command as run, the
//! repair of a Windows command line.

use super::cmdline::{skip_program_name, split_command_line};
use super::*;

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    parse_from(
        std::iter::once("kyodo")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect(),
    )
}

#[test]
fn no_subcommand_is_the_monthly_run() {
    let c = parse(&["samples", "--as-of", "2025-11-30"]).unwrap();
    match c.into_command() {
        Command::Run(r) => {
            assert_eq!(r.common.inputs, vec!["samples"]);
            assert_eq!(r.common.as_of.as_deref(), Some("2025-11-30"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(parse(&[]).unwrap().into_command(), Command::Run(r) if r.common.inputs.is_empty())
    );
    assert!(matches!(
        parse(&["check", "samples"]).unwrap().into_command(),
        Command::Check(_)
    ));
    assert!(matches!(
        parse(&["help", "run"]).unwrap().into_command(),
        Command::Help(h) if h.command.as_deref() == Some("run")
    ));
}

#[test]
fn help_and_errors_are_japanese() {
    let mut pages = vec![help_text(None).unwrap()];
    for c in COMMANDS {
        pages.push(help_text(Some(c)).unwrap());
    }
    for bad in [
        vec!["--bogus"],
        vec!["run", "--bogus"],
        vec!["check", "--qiet"],
        vec!["init", "a", "b"],
        vec!["run", "--as-of"],
        vec!["year-end", "--out"],
    ] {
        let e = parse(&bad).unwrap_err();
        pages.push(error_message(&e));
    }
    for page in &pages {
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "error:",
            "tip:",
        ] {
            assert!(!page.contains(english), "{english} in:\n{page}");
        }
        assert!(
            page.contains("使い方") || page.contains("kyodo --help"),
            "{page}"
        );
    }
    let e = error_message(&parse(&["check", "--qiet"]).unwrap_err());
    assert!(
        e.contains("「--qiet」というオプションはありません（--quiet ですか？）"),
        "{e}"
    );
}

#[test]
fn a_trailing_backslash_before_the_quote_is_a_folder() {
    // What std makes of `kyodo "C:\x\samples\" --as-of 2025-11-30`.
    let broken = vec![r#"C:\x\samples" --as-of 2025-11-30"#.to_string()];
    let raw = r#""C:\Tools\kyodo.exe" "C:\x\samples\" --as-of 2025-11-30"#;
    assert_eq!(
        repair_args(&broken, raw).unwrap(),
        vec![r"C:\x\samples\", "--as-of", "2025-11-30"]
    );
    let raw = r#"kyodo "C:\地域 R7\samples\" "D:\b c\" --quiet"#;
    assert_eq!(
        split_command_line(skip_program_name(raw)),
        vec![r"C:\地域 R7\samples\", r"D:\b c\", "--quiet"]
    );
    // Ordinary escapes are Windows' own.
    assert_eq!(
        split_command_line(r#"a\\"b c" \"d "e""f" g\h"#),
        vec![r"a\b c", "\"d", "e\"f", r"g\h"]
    );
    // Arguments without a quote are left as they came.
    assert!(repair_args(&["samples".into()], "kyodo samples").is_none());
}
