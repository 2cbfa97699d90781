//! `sluice rollback [--to V | --last]`: undo applied migrations newest
//! first with their down.sql, under the apply lock, restoring the data apply
//! backed up; then verify the live schema equals the snapshot of the
//! migration rolled back to. Down steps that lose data obey the same
//! `--allow-data-loss` policy as apply.

use super::Global;
use crate::cli::RollbackArgs;
use crate::commands::apply::parse_version;
use crate::config::Config;
use crate::connect::{actor, connect, resolve};
use crate::failure::{CmdResult, Failure};
use crate::notify;
use crate::project::Project;
use sluice_migrate::apply::{now_rfc3339, Event};
use sluice_migrate::plan::plan;
use sluice_migrate::review::{Review, State};
use sluice_migrate::rollback::{rollback, targets, RollbackError, RollbackOptions, RollbackReport};
use sluice_migrate::{Driver, Migration};
use sluice_schema::Hints;
use sluice_sql::split::split;
use std::process::ExitCode;
use std::time::Duration;

impl From<RollbackError> for Failure {
    fn from(e: RollbackError) -> Self {
        Failure::Message { help: e.help(), message: e.to_string() }
    }
}

pub fn run(g: &Global, args: RollbackArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    let policy = project.config.policy(&target.env)?;
    let opts = RollbackOptions {
        env: target.env.clone(),
        to: args.to.as_deref().map(parse_version).transpose()?,
        dry_run: args.dry_run,
        lock_timeout: Duration::from_secs(args.lock_timeout),
        actor: actor(),
    };
    let mut driver = connect(&project.config, &target)?;
    // The gate of a rollback: down steps that lose data need the flag
    // where the environment asks for it.
    if policy.data_loss_needs_flag && !args.allow_data_loss && !args.dry_run {
        let history = driver.history()?;
        let mut losing = Vec::new();
        for (m, _) in targets(&migrations, &history, opts.to)? {
            let stmts = split(&m.down, project.config.dialect).unwrap_or_default();
            // down.sql runs on the schema this migration left.
            let after = m.snapshot_schema().ok().flatten();
            for e in sluice_migrate::apply::statement_effects_on(
                project.config.dialect,
                &stmts,
                after.as_ref(),
            )
            .iter()
            .flatten()
            {
                if e.loses_data() {
                    losing.push(format!("{}: down.sql {}", m.dir_name, e.describe()));
                }
            }
        }
        if !losing.is_empty() {
            return Err(Failure::Refused {
                message: format!(
                    "the rollback loses data ({}), and {} requires --allow-data-loss",
                    losing.join("; "),
                    target.env
                ),
                help: Some("run again with --allow-data-loss after checking what is lost".into()),
            });
        }
    }
    if !json && !args.dry_run {
        eprintln!("rolling back in {} ({})", target.env, target.redacted());
    }
    let report = run_rollback(&project.config, driver.as_mut(), &migrations, &opts, json)?;
    if args.dry_run {
        if json {
            println!(
                "{}",
                serde_json::json!({ "dry_run": true, "migrations": report.planned.iter().map(|(v, n, s)| serde_json::json!({"version": v, "name": n, "statements": s})).collect::<Vec<_>>() })
            );
        } else {
            for (v, n, stmts) in &report.planned {
                println!("-- undo {v:04}_{n}");
                for s in stmts {
                    println!("{s};");
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let verified = verify_after_rollback(&project, driver.as_mut(), &migrations, &opts)?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "env": target.env,
                "rolled_back": report.rolled_back.iter().map(|(v, n, d)| serde_json::json!({"version": v, "name": n, "ms": d.as_millis() as u64})).collect::<Vec<_>>(),
                "restored": report.restored,
                "verified_against": verified,
            })
        );
    } else {
        println!(
            "rolled back {} migration(s); the live schema matches {}",
            report.rolled_back.len(),
            verified
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Roll back with a line per migration and per restored backup; review.toml
/// records RolledBack and the team is told.
pub fn run_rollback(
    config: &Config,
    driver: &mut dyn Driver,
    migrations: &[Migration],
    opts: &RollbackOptions,
    json: bool,
) -> CmdResult<RollbackReport> {
    let mut on_event = |e: Event<'_>| {
        if json {
            return;
        }
        match e {
            Event::WaitingForLock => eprintln!(
                "waiting for the migration lock (another apply or rollback is running)..."
            ),
            Event::Done { migration, elapsed } => {
                eprintln!("rolled back {} in {} ms", migration.dir_name, elapsed.as_millis());
            }
            _ => {}
        }
    };
    let report = match rollback(driver, migrations, opts, &mut on_event) {
        Ok(r) => r,
        Err(e) => {
            let f = Failure::from(e);
            if let Failure::Message { message, .. } = &f {
                notify::send(
                    config,
                    &notify::Event {
                        event: "rollback_failed",
                        migration: None,
                        env: Some(&opts.env),
                        actor: &opts.actor,
                        detail: message.clone(),
                    },
                );
            }
            return Err(f);
        }
    };
    if opts.dry_run {
        return Ok(report);
    }
    for r in &report.restored {
        if !json {
            eprintln!("restored {} row(s) of {} from {}", r.rows, r.source, r.backup);
        }
    }
    for (v, _, _) in &report.rolled_back {
        if let Some(m) = migrations.iter().find(|m| m.version == *v) {
            let mut review = Review::load(m).map_err(|e| Failure::msg(e.to_string()))?;
            review.record_env(&opts.env, State::RolledBack, &opts.actor, &now_rfc3339());
            review.save(m).map_err(|e| Failure::msg(e.to_string()))?;
            let restored = report.restored.iter().filter(|r| r.version == *v).count();
            notify::send(
                config,
                &notify::Event {
                    event: "rolled_back",
                    migration: Some(m),
                    env: Some(&opts.env),
                    actor: &opts.actor,
                    detail: format!("down.sql run, {restored} backup(s) restored"),
                },
            );
        }
    }
    Ok(report)
}

/// The live schema must equal the snapshot of the newest migration still
/// applied; returns its name ("the empty schema" when none is).
pub fn verify_after_rollback(
    project: &Project,
    driver: &mut dyn Driver,
    migrations: &[Migration],
    _opts: &RollbackOptions,
) -> CmdResult<String> {
    let history = driver.history()?;
    let newest = history.iter().filter(|r| r.state.is_live()).map(|r| r.version).max().unwrap_or(0);
    let upto: Vec<Migration> = migrations.iter().filter(|m| m.version <= newest).cloned().collect();
    let expected =
        project.catalog_form(project.migrations.last_schema(&upto, project.config.dialect)?)?;
    let live = driver.introspect()?;
    let drift = plan(project.dialect.as_ref(), &expected, &live, &Hints::default());
    let name =
        upto.last().map_or("the empty schema".to_string(), |m| format!("migration {}", m.dir_name));
    if !drift.is_empty() {
        return Err(crate::gate::differences(
            &drift,
            &format!("after the rollback the live schema differs from {name}"),
            "down.sql does not undo up.sql exactly: `sluice check` shows the SQL that reconciles",
        ));
    }
    Ok(name)
}
