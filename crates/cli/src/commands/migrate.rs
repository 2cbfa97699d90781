//! `sluice migrate`: the whole workflow in one command. Generate the next
//! migration if the schema files changed, apply everything pending to the
//! environment, then read the live schema back and verify it equals the
//! last snapshot (the seed's "apply, then db:pull" step). On a fresh
//! `sluice init` project this runs against the embedded SQLite file.

use super::Global;
use crate::cli::MigrateArgs;
use crate::commands::apply::{after_apply, gated, notify_failure, print_integrity, run_apply};
use crate::commands::generate::{generate_next, Timings};
use crate::commands::rollback::{run_rollback, verify_after_rollback};
use crate::connect::{actor, connect, resolve, unmanaged};
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_migrate::apply::ApplyOptions;
use sluice_migrate::plan::plan;
use sluice_migrate::review::{Review, State};
use sluice_migrate::rollback::RollbackOptions;
use sluice_migrate::HistoryState;
use sluice_schema::Hints;
use std::process::ExitCode;
use std::time::Duration;

/// Move the history rows (and review.toml) of the migrations applied in
/// this run to `state`.
fn mark(
    driver: &mut dyn sluice_migrate::Driver,
    migrations: &[sluice_migrate::Migration],
    applied: &[(u32, String, std::time::Duration)],
    state: HistoryState,
    opts: &ApplyOptions,
) -> CmdResult<()> {
    let history = driver.history()?;
    for (v, _, _) in applied {
        if let Some(mut row) = history.iter().find(|r| r.version == *v).cloned() {
            row.state = state;
            driver.write_history(&row)?;
        }
        if let Some(m) = migrations.iter().find(|m| m.version == *v) {
            let mut review = Review::load(m).map_err(|e| Failure::msg(e.to_string()))?;
            let s = if state == HistoryState::Tested { State::Tested } else { State::Synced };
            review.record_env(&opts.env, s, &opts.actor, &sluice_migrate::apply::now_rfc3339());
            review.save(m).map_err(|e| Failure::msg(e.to_string()))?;
        }
    }
    Ok(())
}

pub fn run(g: &Global, args: MigrateArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let mut migrations = project.migrations.load_verified()?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    // The database's history must agree with the folder before anything
    // is generated on top of it.
    let mut driver = connect(&project.config, &target)?;
    {
        let history = driver.history()?;
        sluice_migrate::apply::verify_history(&migrations, &history)?;
        sluice_migrate::apply::verify_order(&migrations, &history)?;
    }
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

    // 2. lint and the gate, then apply
    let policy = project.config.policy(&target.env)?;
    let opts = ApplyOptions {
        env: target.env.clone(),
        to: None,
        dry_run: false,
        resume: false,
        lock_timeout: Duration::from_secs(args.lock_timeout),
        actor: actor(),
        backup: policy.backup,
    };
    let verdicts =
        gated(&project.config, driver.as_mut(), &migrations, &opts, args.allow_data_loss)?;
    let report = match run_apply(driver.as_mut(), &migrations, &opts, json) {
        Ok(r) => r,
        Err(f) => {
            notify_failure(&project.config, &migrations, &opts, &f);
            return Err(f);
        }
    };
    after_apply(&project.config, driver.as_mut(), &migrations, &report, &verdicts, &opts)?;
    if !json {
        print_integrity(&report);
    }

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
    if verified {
        mark(driver.as_mut(), &migrations, &report.applied, HistoryState::Synced, &opts)?;
        // 4. the project's own tests
        if let (Some(cmd), false) = (&project.config.workflow.test, report.applied.is_empty()) {
            if !json {
                eprintln!("running the test command: {cmd}");
            }
            let status = std::process::Command::new("sh")
                .arg("-c")
                .arg(cmd)
                .current_dir(&project.config.root)
                .env("SLUICE_ENV", &target.env)
                .status()
                .map_err(|e| Failure::msg(format!("cannot run the test command `{cmd}`: {e}")))?;
            if status.success() {
                mark(driver.as_mut(), &migrations, &report.applied, HistoryState::Tested, &opts)?;
                if !json {
                    println!("tests passed: marked Tested");
                }
            } else if policy.rollback_on_test_failure() {
                let first = report.applied.iter().map(|(v, _, _)| *v).min().unwrap_or(1);
                let ropts = RollbackOptions {
                    env: target.env.clone(),
                    to: Some(first - 1),
                    dry_run: false,
                    lock_timeout: Duration::from_secs(args.lock_timeout),
                    actor: opts.actor.clone(),
                };
                let rb = run_rollback(&project.config, driver.as_mut(), &migrations, &ropts, json)?;
                verify_after_rollback(&project, driver.as_mut(), &migrations, &ropts)?;
                return Err(Failure::Refused {
                    message: format!(
                        "the test command `{cmd}` failed ({status}); rolled back {} migration(s) ({}), data restored from {} backup(s)",
                        rb.rolled_back.len(),
                        rb.rolled_back.iter().map(|(v, n, _)| format!("{v:04}_{n}")).collect::<Vec<_>>().join(", "),
                        rb.restored.len()
                    ),
                    help: Some("fix the migration or the application, then run `sluice migrate` again".into()),
                });
            } else {
                return Err(Failure::Refused {
                    message: format!("the test command `{cmd}` failed ({status}); the migration stays applied (rollback_on_test_failure is off for {})", target.env),
                    help: Some(format!("`sluice rollback --env {}` undoes it", target.env)),
                });
            }
        }
    }
    if !verified {
        return Err(crate::gate::differences(
            &drift,
            "Schema conflicts detected after applying",
            "run `sluice check` for the SQL that reconciles; `sluice pull` to take the database's version into the schema files",
        ));
    }
    Ok(ExitCode::SUCCESS)
}
