//! The `kyodo` binary: parse the command line, run, turn the result into an exit code.
//!
//! Started from Explorer it waits for Enter before its window closes, whatever the outcome:
//! a clerk must be able to read an error as well as the summary.

use kyodo::console;
use kyodo::error::Fatal;
use std::process::ExitCode;

// mimalloc: a run makes millions of small strings and a few hundred thousand workbook parts;
// with it a 1,000-district run writes its reports in about half the time (glibc's malloc
// maps and clears each deflate state anew and consolidates on every large free).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let code = run();
    console::pause_if_own_window();
    ExitCode::from(code)
}

fn run() -> u8 {
    let cli = match kyodo::cli::parse_from(kyodo::cli::args_os()) {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            return match e.kind() {
                // Help and version are not errors.
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    console::out(e.render().to_string().trim_end());
                    0
                }
                _ => report(&Fatal::Usage {
                    message: kyodo::cli::error_message(&e),
                }),
            };
        }
    };
    match kyodo::run_cli(cli) {
        Ok(code) => code,
        Err(e) => report(&e),
    }
}

/// A fatal error: its message on stderr, exit 2.
fn report(e: &Fatal) -> u8 {
    console::err(&format!("kyodo: {e}"));
    2
}
