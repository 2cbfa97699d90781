//! The `sluice` binary: parse arguments, load the config, call the library,
//! print. Exit codes: 0 ok, 1 findings / pending / drift, 2 usage error or
//! failure.

/// mimalloc: schema parsing allocates and frees millions of small
/// syntax-tree nodes on several threads; with glibc's malloc that is a fifth
/// of all the work (N=1000 `generate`: ~15% less wall time, ~8% less CPU).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod commands;
mod config;
mod connect;
mod dashboard;
mod failure;
mod gate;
mod layout;
mod notify;
mod project;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    for var in ["DATABASE_URL", "SLUICE_DEV_URL"] {
        if let Ok(url) = std::env::var(var) {
            failure::register_secret_url(&url);
        }
    }
    let args = cli::Cli::parse();
    let json = args.json;
    match commands::run(args) {
        Ok(code) => code,
        Err(f) => {
            let code = f.exit_code();
            f.print(json);
            code
        }
    }
}
