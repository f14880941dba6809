//! The `qa-convert` binary: parses the command line, runs it, prints any error once, and exits
//! 0 (ok), 2 (bad usage or unusable input) or 1 (any other failure).

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::process::ExitCode;

use clap::Parser;
use qa_convert::cli::Cli;
use qa_convert::error::{exit_code, is_broken_pipe};
use qa_convert::run::{report_error, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            report_error(&error);
            ExitCode::from(exit_code(&error) as u8)
        }
    }
}
