//! `sluice history`: the history table of a database; `--audit`: its
//! append-only audit log.

use super::Global;
use crate::cli::HistoryArgs;
use crate::connect::{connect, resolve};
use crate::failure::CmdResult;
use crate::project::Project;
use std::process::ExitCode;

pub fn run(g: &Global, args: HistoryArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    let mut driver = connect(&project.config, &target)?;
    if args.audit {
        let audit = driver.audit()?;
        if json {
            println!("{}", serde_json::json!({ "env": target.env, "audit": audit }));
        } else if audit.is_empty() {
            println!("no audit events in {} ({})", target.env, target.redacted());
        } else {
            for a in &audit {
                let v = a.event.version.map(|v| format!("{v:04}")).unwrap_or_else(|| "----".into());
                println!(
                    "{:<24} {:<16} {v}  {:<12} {:<8} {}",
                    a.at, a.event.event, a.event.actor, a.event.env, a.event.detail
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let history = driver.history()?;
    if json {
        println!("{}", serde_json::json!({ "env": target.env, "history": history }));
        return Ok(ExitCode::SUCCESS);
    }
    if history.is_empty() {
        println!("no migrations applied to {} ({})", target.env, target.redacted());
    } else {
        println!(
            "{:<7} {:<32} {:<11} {:<21} {:<14} {:>9}  env",
            "version", "name", "state", "applied at", "by", "ms"
        );
        for r in &history {
            let name: String = r.name.chars().take(32).collect();
            let by: String = r.applied_by.chars().take(14).collect();
            println!(
                "{:<7} {:<32} {:<11} {:<21} {:<14} {:>9}  {}",
                format!("{:04}", r.version),
                name,
                r.state,
                r.applied_at,
                by,
                r.execution_ms,
                r.env
            );
            if r.state == sluice_migrate::HistoryState::Failed {
                println!("        stopped after statement {}", r.statements_done);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
