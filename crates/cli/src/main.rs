//! The `sluice` binary: parse arguments, load the config, call the library,
//! print. Exit codes: 0 ok, 1 findings / pending / drift, 2 usage error or
//! failure.

mod cli;
mod commands;
mod config;
mod connect;
mod failure;
mod layout;
mod project;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let json = args.json;
    match commands::run(args) {
        Ok(code) => code,
        Err(f) => {
            f.print(json);
            ExitCode::from(2)
        }
    }
}
