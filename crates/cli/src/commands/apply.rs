//! `sluice apply [--env E] [--to V] [--dry-run] [--resume]`: run pending
//! migrations under the database's migration lock, with history and audit.

use super::Global;
use crate::cli::ApplyArgs;
use crate::connect::{actor, connect, resolve};
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_migrate::apply::{apply, ApplyOptions, ApplyReport, Event};
use sluice_migrate::dir::parse_dir_name;
use std::process::ExitCode;
use std::time::Duration;

pub fn run(g: &Global, args: ApplyArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    let to = args.to.as_deref().map(parse_version).transpose()?;
    let opts = ApplyOptions {
        env: target.env.clone(),
        to,
        dry_run: args.dry_run,
        resume: args.resume,
        lock_timeout: Duration::from_secs(args.lock_timeout),
        actor: actor(),
    };
    let mut driver = connect(&project.config, &target)?;
    if !json && !args.dry_run {
        eprintln!("applying to {} ({})", target.env, target.redacted());
    }
    let report = run_apply(driver.as_mut(), &migrations, &opts, json)?;
    print_report(&report, args.dry_run, json);
    Ok(ExitCode::SUCCESS)
}

/// Apply with progress on a terminal (a bar over statements) and a line per
/// migration; shared with `migrate`.
pub fn run_apply(
    driver: &mut dyn sluice_migrate::Driver,
    migrations: &[sluice_migrate::Migration],
    opts: &ApplyOptions,
    json: bool,
) -> CmdResult<ApplyReport> {
    use std::io::IsTerminal;
    let show_bar = !json && std::io::stderr().is_terminal();
    let mut bar: Option<indicatif::ProgressBar> = None;
    let mut on_event = |e: Event<'_>| match e {
        Event::WaitingForLock => {
            if !json {
                eprintln!(
                    "waiting for another `sluice apply` to finish (it holds the migration lock; up to {} s)...",
                    opts.lock_timeout.as_secs()
                );
            }
        }
        Event::Locked => {
            if !json {
                eprintln!("lock acquired");
            }
        }
        Event::Start { migration, statements, skip } => {
            if show_bar {
                let b = indicatif::ProgressBar::new(statements as u64);
                b.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{prefix} [{bar:30}] {pos}/{len} {wide_msg}",
                    )
                    .expect("valid template")
                    .progress_chars("=> "),
                );
                b.set_prefix(migration.dir_name.clone());
                b.set_position(skip as u64);
                bar = Some(b);
            }
        }
        Event::Statement { index, sql, .. } => {
            if let Some(b) = &bar {
                b.set_position(index as u64);
                b.set_message(
                    sql.lines().next().unwrap_or("").chars().take(60).collect::<String>(),
                );
            }
        }
        Event::Done { migration, elapsed } => {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
            if !json {
                eprintln!("applied {} in {} ms", migration.dir_name, elapsed.as_millis());
            }
        }
    };
    let result = apply(driver, migrations, opts, &mut on_event);
    if let Some(b) = bar.take() {
        b.abandon();
    }
    Ok(result?)
}

fn print_report(report: &ApplyReport, dry_run: bool, json: bool) {
    if json {
        let v = if dry_run {
            serde_json::json!({ "dry_run": true, "migrations": report.planned.iter().map(|(v, n, stmts)| serde_json::json!({
                "version": v, "name": n,
                "statements": stmts.iter().map(|s| serde_json::json!({ "sql": s.sql, "transactional": s.transactional })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>() })
        } else {
            serde_json::json!({ "applied": report.applied.iter().map(|(v, n, d)| serde_json::json!({
                "version": v, "name": n, "ms": d.as_millis() as u64 })).collect::<Vec<_>>() })
        };
        println!("{v}");
        return;
    }
    if dry_run {
        if report.planned.is_empty() {
            println!("-- nothing to apply");
        }
        for (v, name, stmts) in &report.planned {
            println!("-- {v:04}_{name}");
            for s in stmts {
                if !s.transactional {
                    println!("-- (runs outside the transaction)");
                }
                println!("{};", s.sql);
            }
        }
    } else if report.applied.is_empty() {
        println!("Nothing to apply: the database is up to date");
    } else {
        println!("applied {} migration(s)", report.applied.len());
    }
}

pub fn parse_version(s: &str) -> CmdResult<u32> {
    parse_dir_name(s).map(|(v, _)| v).or_else(|| s.parse().ok()).ok_or_else(|| {
        Failure::with_help(
            format!("`{s}` is not a migration version"),
            "use the number of a migration, e.g. 0003 or 3",
        )
    })
}
