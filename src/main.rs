//! The `kyodo` binary: parse the command line, run, turn the result into an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match kyodo::cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // Help and version are not errors; every other parse failure is exit 2.
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match kyodo::run_cli(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("kyodo: {e}");
            ExitCode::from(2)
        }
    }
}
