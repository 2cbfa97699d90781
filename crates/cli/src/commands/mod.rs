//! One file per command; `run` dispatches.

pub mod apply;
pub mod auth;
mod baseline;
pub mod check;
mod diff;
mod fmt;
mod generate;
mod history;
mod import;
mod init;
mod lint;
mod migrate;
mod pull;
mod rehash;
pub mod review;
mod rollback;
mod serve;
pub mod status;
mod user;

use crate::cli::{Cli, Command};
use crate::failure::CmdResult;
use std::process::ExitCode;

/// What every command gets from the global flags.
pub struct Global<'a> {
    pub config: Option<&'a std::path::Path>,
    pub dev_url: Option<&'a str>,
}

pub fn run(cli: Cli) -> CmdResult<ExitCode> {
    let g = Global { config: cli.config.as_deref(), dev_url: cli.dev_url.as_deref() };
    let config = &g;
    match cli.command {
        Command::Init(args) => init::run(args, cli.json),
        Command::Generate(args) => generate::run(config, args, cli.json),
        Command::Fmt(args) => fmt::run(config, args, cli.json),
        Command::Diff(args) => diff::run(config, args, cli.json),
        Command::Rehash => rehash::run(config, cli.json),
        Command::Apply(args) => apply::run(config, args, cli.json),
        Command::Status(args) => status::run(config, args, cli.json),
        Command::History(args) => history::run(config, args, cli.json),
        Command::Pull(args) => pull::run(config, args, cli.json),
        Command::Check(args) => check::run(config, args, cli.json),
        Command::Baseline(args) => baseline::run(config, args, cli.json),
        Command::Migrate(args) => migrate::run(config, args, cli.json),
        Command::Rollback(args) => rollback::run(config, args, cli.json),
        Command::Review(args) => review::review(config, args, cli.json),
        Command::Approve(args) => review::approve(config, args, cli.json),
        Command::Reject(args) => review::reject(config, args, cli.json),
        Command::Auth(args) => auth::run(config, args, cli.json),
        Command::Lint(args) => lint::run(config, args, cli.json),
        Command::Import(args) => import::run(config, args, cli.json),
        Command::Serve(args) => serve::run(config, args, cli.json),
        Command::User(cmd) => user::run(config, cmd, cli.json),
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
