//! `sluice auth generate | migrate | check`: Better Auth's tables as part
//! of the project's schema. `generate` writes them into the project's own
//! schema file for them, merged with the existing schema (conflicts named
//! with their resolutions, nothing overwritten) and prints the options the
//! application passes to `betterAuth({...})`; `migrate` is `generate` then
//! the path of `sluice migrate`; `check` reads a live database against what
//! Better Auth needs.

mod check;
mod generate;

use super::Global;
use crate::cli::DbArgs;
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use clap::{Args, Subcommand, ValueEnum};
use sluice_auth::AuthConfig;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct AuthArgs {
    #[command(subcommand)]
    pub command: AuthCommand,
}

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Write Better Auth's tables into the schema files (its own file, e.g. schema/auth.sql).
    Generate(GenerateArgs),
    /// Generate, then run the `sluice migrate` workflow (one transaction where the dialect allows).
    Migrate(MigrateArgs),
    /// Verify a live database gives Better Auth what the configured plugins need; exit 1 on a gap.
    Check(CheckArgs),
}

#[derive(Debug, Args, Clone, Default)]
pub struct ResolveArgs {
    /// Settle a conflict: `user=map`, `user=rename:auth_user`, `user=prefix:auth_`,
    /// `users.tenant_id=nullable`, `users.tenant_id=additional` (as `[auth.resolve]`). Repeatable.
    #[arg(long = "resolve", value_name = "KEY=VALUE")]
    pub resolve: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EmitFormat {
    Json,
    Ts,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub resolve: ResolveArgs,
    /// Print only the Better Auth options on stdout: one JSON object, or a TypeScript snippet.
    #[arg(long, value_enum)]
    pub emit_config: Option<EmitFormat>,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub resolve: ResolveArgs,
    /// Name for the migration (default: `auth`).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, default_value_t = 60)]
    pub lock_timeout: u64,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub resolve: ResolveArgs,
}

pub fn run(g: &Global, args: AuthArgs, json: bool) -> CmdResult<ExitCode> {
    match args.command {
        AuthCommand::Generate(a) => generate::run(g, a, json),
        AuthCommand::Migrate(a) => {
            let gen = GenerateArgs { resolve: a.resolve, emit_config: None };
            let code = generate::run(g, gen, json)?;
            if code != ExitCode::SUCCESS {
                return Ok(code);
            }
            let m = crate::cli::MigrateArgs {
                db: a.db,
                name: Some(a.name.unwrap_or_else(|| "auth".into())),
                renames: Vec::new(),
                lock_timeout: a.lock_timeout,
                allow_data_loss: false,
            };
            super::migrate::run(g, m, json)
        }
        AuthCommand::Check(a) => check::run(g, a, json),
    }
}

/// `[auth]` of the project, with `--resolve` flags merged in.
pub(crate) fn auth_config(project: &Project, resolve: &ResolveArgs) -> CmdResult<AuthConfig> {
    let Some(cfg) = project.config.auth.clone() else {
        return Err(Failure::with_help(
            format!("no [auth] in {}", project.config.path.display()),
            "add for example:\n    [auth]\n    plugins = [\"two-factor\", \"organization\"]\n    id = \"text\"            # text | uuid | serial\n    naming = \"camelCase\"   # or snake_case",
        ));
    };
    let mut cfg = cfg;
    for r in &resolve.resolve {
        let Some((k, v)) = r.split_once('=') else {
            return Err(Failure::with_help(
                format!("--resolve {r}: expected KEY=VALUE"),
                "for example --resolve user=map or --resolve users.tenant_id=nullable",
            ));
        };
        cfg.resolve.insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok(cfg)
}

pub(crate) fn model(project: &Project, cfg: &AuthConfig) -> CmdResult<sluice_auth::AuthModel> {
    sluice_auth::resolve(cfg, project.config.dialect).map_err(|e| {
        Failure::with_help(
            format!("{}: {e}", project.config.path.display()),
            "fix [auth] in sluice.toml",
        )
    })
}

/// Findings with their resolutions, as lines for the terminal.
pub(crate) fn findings_text(findings: &[sluice_auth::merge::Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let kind = serde_json::to_value(f.kind).unwrap_or_default();
        out.push_str(&format!("  - [{}] {}\n", kind.as_str().unwrap_or(""), f.message));
        for r in &f.resolutions {
            match &r.resolve {
                Some(flag) => out.push_str(&format!(
                    "      resolve: --resolve {flag}   or   {}\n               {}\n",
                    r.config, r.effect
                )),
                None => out.push_str(&format!(
                    "      resolve: {}\n               {}\n",
                    r.config, r.effect
                )),
            }
        }
    }
    out
}
