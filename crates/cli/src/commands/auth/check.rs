//! `sluice auth check`: introspect the live database and verify it gives
//! Better Auth what the configured plugins need (tables, columns, types,
//! uniqueness, foreign keys, no NOT NULL column Better Auth never writes),
//! naming each gap. Exit 1 on a gap.

use super::{auth_config, findings_text, model, CheckArgs};
use crate::commands::Global;
use crate::connect::{connect, resolve};
use crate::failure::CmdResult;
use crate::project::Project;
use std::process::ExitCode;

pub fn run(g: &Global, args: CheckArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let cfg = auth_config(&project, &args.resolve)?;
    let model = model(&project, &cfg)?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    let mut driver = connect(&project.config, &target)?;
    let live = driver.introspect()?;
    let gaps = sluice_auth::check::check(&model, &live, &cfg.resolve);
    if json {
        println!(
            "{}",
            serde_json::json!({
                "env": target.env,
                "better_auth": sluice_auth::BETTER_AUTH_VERSION,
                "ok": gaps.is_empty(),
                "tables": model.tables.len(),
                "gaps": gaps,
            })
        );
    } else if gaps.is_empty() {
        println!(
            "ok: {} ({}) has the {} table(s) Better Auth {} needs with plugins [{}]",
            target.env,
            target.redacted(),
            model.tables.len(),
            sluice_auth::BETTER_AUTH_VERSION,
            model.plugins.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
        );
    } else {
        println!(
            "{} gap(s) between {} ({}) and what Better Auth {} needs:",
            gaps.len(),
            target.env,
            target.redacted(),
            sluice_auth::BETTER_AUTH_VERSION
        );
        print!("{}", findings_text(&gaps));
    }
    Ok(if gaps.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
