//! `sluice migrate`: the whole workflow in one command. Generate the next
//! migration if the schema files changed, apply everything pending to the
//! environment, then read the live schema back and verify it equals the
//! last snapshot (the seed's "apply, then db:pull" step). On a fresh
//! `sluice init` project this runs against the embedded SQLite file.

use super::Global;
use crate::cli::MigrateArgs;
use crate::commands::apply::run_apply;
use crate::commands::generate::{generate_next, Timings};
use crate::connect::{actor, connect, resolve, unmanaged};
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_migrate::apply::ApplyOptions;
use sluice_migrate::plan::plan;
use sluice_schema::Hints;
use std::process::ExitCode;
use std::time::Duration;

pub fn run(g: &Global, args: MigrateArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let mut migrations = project.migrations.load_verified()?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    let from = project
        .catalog_form(project.migrations.last_schema(&migrations, project.config.dialect)?)?;

    // 1. generate
    let generated = generate_next(
        &project,
        &migrations,
        &from,
        args.name,
        &args.renames,
        json,
        &mut Timings::new(),
    )?;
    if let Some((m, changes)) = &generated {
        if !json {
            println!("generated {} ({} change(s))", m.dir_name, changes.len());
        }
        migrations = project.migrations.load_verified()?;
    } else if !json {
        println!("schema files unchanged since the last migration");
    }

    // 2. apply
    let mut driver = connect(&project.config, &target)?;
    let opts = ApplyOptions {
        env: target.env.clone(),
        to: None,
        dry_run: false,
        resume: false,
        lock_timeout: Duration::from_secs(args.lock_timeout),
        actor: actor(),
    };
    let report = run_apply(driver.as_mut(), &migrations, &opts, json)?;

    // 3. verify: the live schema is what the migrations say.
    let live = driver.introspect()?;
    unmanaged(driver.as_mut(), json)?;
    let expected = project
        .catalog_form(project.migrations.last_schema(&migrations, project.config.dialect)?)?;
    let drift = plan(project.dialect.as_ref(), &expected, &live, &Hints::default());
    let verified = drift.is_empty();
    if json {
        println!(
            "{}",
            serde_json::json!({
                "env": target.env,
                "generated": generated.as_ref().map(|(m, _)| m.dir_name.clone()),
                "applied": report.applied.iter().map(|(v, n, d)| serde_json::json!({ "version": v, "name": n, "ms": d.as_millis() as u64 })).collect::<Vec<_>>(),
                "verified": verified,
                "differences": drift.changes.iter().map(|c| c.describe()).collect::<Vec<_>>(),
            })
        );
    } else {
        println!(
            "applied {} migration(s) to {} ({})",
            report.applied.len(),
            target.env,
            target.redacted()
        );
        if verified {
            println!(
                "verified: the live schema matches migration {}",
                migrations.last().map_or("(none)".to_string(), |m| m.dir_name.clone())
            );
        }
    }
    if !verified {
        let list: Vec<String> = drift
            .changes
            .iter()
            .map(|c| format!("  - the database has: {}", c.describe()))
            .collect();
        return Err(Failure::with_help(
            format!("Schema conflicts detected after applying:\n{}", list.join("\n")),
            "run `sluice check` for the SQL that reconciles; `sluice pull` to take the database's version into the schema files",
        ));
    }
    Ok(ExitCode::SUCCESS)
}
