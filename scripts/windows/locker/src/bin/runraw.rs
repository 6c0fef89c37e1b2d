//! runraw: runs a program with its command line given verbatim, the way Explorer and cmd pass
//! a line to a program (std would quote every argument). The program is the first argument;
//! the rest of the line is the environment variable RUNRAW_LINE, so that no shell or Wine
//! quoting touches it. Exits with the program's exit code (127 if it could not start).
//!
//!     RUNRAW_LINE='"C:\x\samples\" --quiet' runraw.exe C:\x\kyodo.exe

use std::os::windows::process::CommandExt;

fn main() {
    let Some(program) = std::env::args().nth(1) else {
        eprintln!("usage: RUNRAW_LINE=... runraw.exe PROGRAM");
        std::process::exit(2);
    };
    let line = std::env::var("RUNRAW_LINE").unwrap_or_default();
    let code = match std::process::Command::new(&program).raw_arg(&line).status() {
        Ok(s) => s.code().unwrap_or(1),
        Err(e) => {
            eprintln!("runraw: cannot start {program}: {e}");
            127
        }
    };
    std::process::exit(code);
}
