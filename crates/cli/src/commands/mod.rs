//! One file per command; `run` dispatches.

mod diff;
mod fmt;
mod generate;
mod init;
mod rehash;

use crate::cli::{Cli, Command};
use crate::failure::CmdResult;
use std::process::ExitCode;

pub fn run(cli: Cli) -> CmdResult<ExitCode> {
    let config = cli.config.as_deref();
    match cli.command {
        Command::Init(args) => init::run(args, cli.json),
        Command::Generate(args) => generate::run(config, args, cli.json),
        Command::Fmt(args) => fmt::run(config, args, cli.json),
        Command::Diff(args) => diff::run(config, args, cli.json),
        Command::Rehash => rehash::run(config, cli.json),
    }
}

/// Whether we may ask the user a question: a terminal on both ends and not
/// in CI. Nothing ever waits for input otherwise.
pub fn interactive(json: bool) -> bool {
    use std::io::IsTerminal;
    !json
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}
