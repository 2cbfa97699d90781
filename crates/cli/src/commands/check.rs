//! `sluice check`: three comparisons, every difference named in words and
//! as the SQL that reconciles it.
//! - the live database vs the snapshot of its last applied migration
//!   (drift: "Schema conflicts detected");
//! - the schema files vs the last migration's snapshot (changes not yet in
//!   a migration: "run sluice generate");
//! - sluice.sum vs the migrations folder.
//!
//! Exit 0 when all agree, 1 when anything differs.

use super::Global;
use crate::cli::DbArgs;
use crate::connect::{actor, connect, resolve, unmanaged, Target};
use crate::failure::CmdResult;
use crate::project::Project;
use sluice_migrate::plan::plan;
use sluice_migrate::{AuditEvent, Migration};
use sluice_schema::Hints;
use std::process::ExitCode;

/// What `check` found: each finding as JSON (kind `sum`, `drift`,
/// `pending_migrations`, `pending_changes`), the same as text, and the
/// objects left alone. `quiet`: say nothing on stderr.
pub struct Inspection {
    pub findings: Vec<serde_json::Value>,
    pub text: String,
    pub applied_upto: u32,
    pub unmanaged: Vec<String>,
}

pub fn inspect(
    project: &Project,
    target: &Target,
    actor: &str,
    quiet: bool,
) -> CmdResult<Inspection> {
    let dialect = project.dialect.as_ref();
    let mut findings: Vec<serde_json::Value> = Vec::new();
    let mut text = String::new();

    // 1. The folder's integrity.
    let migrations = match project.migrations.load_verified() {
        Ok(m) => m,
        Err(e) => {
            let help = e.help().unwrap_or_default();
            text.push_str(&format!("sluice.sum: {e}\n  help: {help}\n"));
            findings
                .push(serde_json::json!({ "kind": "sum", "message": e.to_string(), "help": help }));
            project.migrations.load()?
        }
    };

    // 2. Live database vs the last applied migration.
    let mut driver = connect(&project.config, target)?;
    let history = driver.history()?;
    // Applied migrations must still be in the folder as they were applied.
    if let Err(e) = sluice_migrate::apply::verify_history(&migrations, &history)
        .and_then(|()| sluice_migrate::apply::verify_order(&migrations, &history))
    {
        let help = e.help().unwrap_or_default();
        text.push_str(&format!("history: {e}\n  help: {help}\n"));
        findings
            .push(serde_json::json!({ "kind": "history", "message": e.to_string(), "help": help }));
    }
    let live = driver.introspect()?;
    let unmanaged = unmanaged(driver.as_mut(), quiet)?;
    let applied_upto =
        history.iter().filter(|r| r.state.is_live()).map(|r| r.version).max().unwrap_or(0);
    let applied: Vec<Migration> =
        migrations.iter().filter(|m| m.version <= applied_upto).cloned().collect();
    let expected =
        project.catalog_form(project.migrations.last_schema(&applied, project.config.dialect)?)?;
    let drift = plan(dialect, &expected, &live, &Hints::default());
    if !drift.is_empty() {
        text.push_str(&format!(
            "Schema conflicts detected: {} ({}) differs from migration {:04}\n",
            target.env,
            target.redacted(),
            applied_upto
        ));
        for c in &drift.changes {
            text.push_str(&format!("  - the database has: {}\n", c.describe()));
        }
        let reconcile = plan(dialect, &live, &expected, &Hints::default());
        text.push_str("  SQL that brings the database back to the migrations:\n");
        for line in reconcile.up_sql.lines() {
            text.push_str(&format!("    {line}\n"));
        }
        findings.push(serde_json::json!({
            "kind": "drift",
            "differences": drift.changes.iter().map(|c| c.describe()).collect::<Vec<_>>(),
            "reconcile_sql": reconcile.up_sql,
        }));
        let _ = driver.append_audit(&AuditEvent {
            event: "drift_seen".into(),
            version: Some(applied_upto),
            actor: actor.to_string(),
            env: target.env.clone(),
            detail: format!(
                "{} difference(s) from migration {applied_upto:04}",
                drift.changes.len()
            ),
        });
    }

    // 3. Migrations not applied yet.
    let unapplied: Vec<&Migration> =
        migrations.iter().filter(|m| m.version > applied_upto).collect();
    if !unapplied.is_empty() {
        text.push_str(&format!(
            "{} migration(s) not applied to {}: run `sluice apply --env {}`\n",
            unapplied.len(),
            target.env,
            target.env
        ));
        findings.push(serde_json::json!({ "kind": "pending_migrations",
            "migrations": unapplied.iter().map(|m| m.dir_name.clone()).collect::<Vec<_>>() }));
    }

    // 4. Schema files vs the last migration.
    let (desired, hints) = project.desired()?;
    let last = project
        .catalog_form(project.migrations.last_schema(&migrations, project.config.dialect)?)?;
    let pending = plan(dialect, &last, &desired, &hints);
    if !pending.is_empty() {
        text.push_str(
            "The schema files have changes that are not in a migration: run `sluice generate`\n",
        );
        for c in &pending.changes {
            text.push_str(&format!("  - {}\n", c.describe()));
        }
        findings.push(serde_json::json!({ "kind": "pending_changes",
            "changes": pending.changes.iter().map(|c| c.describe()).collect::<Vec<_>>() }));
    }

    Ok(Inspection { findings, text, applied_upto, unmanaged })
}

pub fn run(g: &Global, args: DbArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let target = resolve(&project.config, args.env.as_deref(), args.url.as_deref())?;
    let Inspection { findings, text, applied_upto, unmanaged } =
        inspect(&project, &target, &actor(), json)?;
    if json {
        println!(
            "{}",
            serde_json::json!({ "env": target.env, "clean": findings.is_empty(), "findings": findings, "unmanaged": unmanaged })
        );
    } else if findings.is_empty() {
        println!(
            "clean: {} matches migration {:04}, the schema files match the migrations, sluice.sum verifies",
            target.env, applied_upto
        );
    } else {
        print!("{text}");
    }
    Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
