//! `sluice status`: every migration with its state in the database, and
//! what comes next. Exit 1 when migrations are pending or failed.

use super::Global;
use crate::cli::DbArgs;
use crate::connect::{connect, resolve};
use crate::failure::CmdResult;
use crate::project::Project;
use sluice_migrate::{HistoryRow, HistoryState};
use std::process::ExitCode;

pub fn run(g: &Global, args: DbArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let target = resolve(&project.config, args.env.as_deref(), args.url.as_deref())?;
    let mut driver = connect(&project.config, &target)?;
    let history = driver.history()?;
    let state_of = |v: u32| -> (&'static str, Option<&HistoryRow>) {
        match history.iter().find(|r| r.version == v) {
            Some(r) => (
                match r.state {
                    HistoryState::Applied => "Applied",
                    HistoryState::Baseline => "Applied (baseline)",
                    HistoryState::Failed => "Failed",
                    HistoryState::RolledBack => "RolledBack",
                },
                Some(r),
            ),
            None => ("Generated", None),
        }
    };
    let pending: Vec<_> = migrations
        .iter()
        .filter(|m| state_of(m.version).1.is_none_or(|r| !r.state.is_live()))
        .collect();
    let failed = history.iter().any(|r| r.state == HistoryState::Failed);
    let next = if failed {
        "a migration failed: see `sluice history`, fix the cause, then `sluice apply --resume`"
            .to_string()
    } else if pending.is_empty() {
        "up to date; edit the schema files and run `sluice generate` for the next change"
            .to_string()
    } else {
        format!(
            "run `sluice apply --env {}` to apply {} pending migration(s)",
            target.env,
            pending.len()
        )
    };
    if json {
        let list: Vec<_> = migrations
            .iter()
            .map(|m| {
                let (state, row) = state_of(m.version);
                serde_json::json!({ "version": m.version, "name": m.name, "state": state,
                    "applied_at": row.map(|r| r.applied_at.clone()) })
            })
            .collect();
        println!("{}", serde_json::json!({ "env": target.env, "migrations": list, "next": next }));
    } else {
        println!("{} ({})", target.env, target.redacted());
        if migrations.is_empty() {
            println!("  no migrations yet");
        }
        for m in &migrations {
            let (state, row) = state_of(m.version);
            let when =
                row.map(|r| format!("  {} by {}", r.applied_at, r.applied_by)).unwrap_or_default();
            println!("  {:<40} {state}{when}", m.dir_name);
        }
        println!("next: {next}");
    }
    Ok(if failed || !pending.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
