//! `sluice baseline [--version V]`: adopt an existing database. With no
//! migrations yet, the live schema becomes migration 0001 (its up.sql
//! creates everything, its snapshot is the live schema) and is recorded as
//! applied without running. With `--version`, the existing migrations up
//! to V are recorded as applied (the database already has them).

use super::Global;
use crate::cli::BaselineArgs;
use crate::commands::apply::parse_version;
use crate::commands::generate::report_written;
use crate::connect::{actor, connect, resolve, unmanaged};
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_migrate::apply::{checksum, now_rfc3339};
use sluice_migrate::plan::plan;
use sluice_migrate::{snapshot, AuditEvent, HistoryRow, HistoryState, Migration};
use sluice_schema::{Hints, Schema};
use std::process::ExitCode;

pub fn run(g: &Global, args: BaselineArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    let mut driver = connect(&project.config, &target)?;
    let history = driver.history()?;
    if history.iter().any(|r| r.state.is_live()) {
        return Err(Failure::with_help(
            format!("{} already has applied migrations; baseline is for a database sluice has not managed yet", target.env),
            "use `sluice status` to see where it stands",
        ));
    }

    let to_mark: Vec<Migration> = match &args.version {
        Some(v) => {
            let v = parse_version(v)?;
            if !migrations.iter().any(|m| m.version == v) {
                return Err(Failure::msg(format!("no migration with version {v:04}")));
            }
            migrations.iter().filter(|m| m.version <= v).cloned().collect()
        }
        None => {
            if !migrations.is_empty() {
                return Err(Failure::with_help(
                    "the migrations folder is not empty",
                    "pass --version V to record the migrations up to V as applied",
                ));
            }
            let live = driver.introspect()?;
            unmanaged(driver.as_mut(), json)?;
            let planned = plan(
                project.dialect.as_ref(),
                &Schema::empty(project.config.dialect),
                &live,
                &Hints::default(),
            );
            let up = format!(
                "-- Baseline of {} taken by sluice {}: the schema as it was.\n\n{}",
                target.env,
                env!("CARGO_PKG_VERSION"),
                planned.up_sql
            );
            let m = project.migrations.write(
                &[],
                "baseline",
                &up,
                &planned.down_sql,
                snapshot::to_json(&live),
            )?;
            if !json {
                report_written(&m.path, &[], false);
            }
            vec![m]
        }
    };

    driver.ensure_meta()?;
    for m in &to_mark {
        driver.write_history(&HistoryRow {
            version: m.version,
            name: m.name.clone(),
            checksum: checksum(&m.up),
            state: HistoryState::Baseline,
            applied_at: now_rfc3339(),
            applied_by: actor(),
            execution_ms: 0,
            env: target.env.clone(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            statements_done: 0,
        })?;
        driver.append_audit(&AuditEvent {
            event: "baseline".into(),
            version: Some(m.version),
            actor: actor(),
            env: target.env.clone(),
            detail: "recorded as applied without running".into(),
        })?;
    }
    if json {
        println!(
            "{}",
            serde_json::json!({ "env": target.env, "baseline": to_mark.iter().map(|m| m.dir_name.clone()).collect::<Vec<_>>() })
        );
    } else {
        for m in &to_mark {
            println!("recorded {} as applied on {} (not run)", m.dir_name, target.env);
        }
    }
    Ok(ExitCode::SUCCESS)
}
