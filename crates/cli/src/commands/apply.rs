//! `sluice apply [--env E] [--to V] [--dry-run] [--resume]`: run pending
//! migrations under the database's migration lock, with history and audit.

use super::Global;
use crate::cli::ApplyArgs;
use crate::config::Config;
use crate::connect::{actor, connect, resolve};
use crate::failure::{CmdResult, Failure};
use crate::gate;
use crate::notify;
use crate::project::Project;
use sluice_migrate::apply::{apply, pending, ApplyOptions, ApplyReport, Event};
use sluice_migrate::dir::parse_dir_name;
use sluice_migrate::gate::Verdict;
use sluice_migrate::review::{Review, State};
use sluice_migrate::{AuditEvent, Driver, Migration};
use std::process::ExitCode;
use std::time::Duration;

pub fn run(g: &Global, args: ApplyArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    let to = args.to.as_deref().map(parse_version).transpose()?;
    let policy = project.config.policy(&target.env)?;
    let opts = ApplyOptions {
        env: target.env.clone(),
        to,
        dry_run: args.dry_run,
        resume: args.resume,
        lock_timeout: Duration::from_secs(args.lock_timeout),
        actor: actor(),
        backup: policy.backup,
    };
    let mut driver = connect(&project.config, &target)?;
    let verdicts =
        gated(&project.config, driver.as_mut(), &migrations, &opts, args.allow_data_loss)?;
    if !json && !args.dry_run {
        eprintln!("applying to {} ({})", target.env, target.redacted());
    }
    let report = match run_apply(driver.as_mut(), &migrations, &opts, json) {
        Ok(r) => r,
        Err(f) => {
            notify_failure(&project.config, &migrations, &opts, &f);
            return Err(f);
        }
    };
    if !args.dry_run {
        after_apply(&project.config, driver.as_mut(), &migrations, &report, &verdicts, &opts)
            .map_err(applied_but)?;
        record_missed(driver.as_mut(), &migrations, &opts).map_err(applied_but)?;
    }
    print_report(&report, &verdicts, args.dry_run, json);
    Ok(ExitCode::SUCCESS)
}

/// The gate on the migrations this run would apply: refuses (exit 1) with
/// everything missing, unless it is a dry run, which only reports.
pub fn gated(
    config: &Config,
    driver: &mut dyn Driver,
    migrations: &[Migration],
    opts: &ApplyOptions,
    allow_data_loss: bool,
) -> CmdResult<Vec<Verdict>> {
    let history = driver.history()?;
    let todo: Vec<&Migration> =
        pending(migrations, &history, opts.to, opts.resume)?.into_iter().map(|(m, _)| m).collect();
    let verdicts = gate::verdicts(config, &opts.env, migrations, &todo, allow_data_loss)?;
    if !opts.dry_run {
        gate::enforce(&opts.env, &verdicts)?;
    }
    Ok(verdicts)
}

/// After a successful apply: the review and decisions on record in the
/// audit, the environment's state mirrored in review.toml, the team told.
pub fn after_apply(
    config: &Config,
    driver: &mut dyn Driver,
    migrations: &[Migration],
    report: &ApplyReport,
    verdicts: &[Verdict],
    opts: &ApplyOptions,
) -> CmdResult<()> {
    for (version, _, elapsed) in &report.applied {
        let Some(m) = migrations.iter().find(|m| m.version == *version) else { continue };
        let mut review = Review::load(m).map_err(|e| Failure::msg(e.to_string()))?;
        let audit = |event: &str, actor: &str, detail: String| AuditEvent {
            event: event.into(),
            version: Some(m.version),
            actor: actor.into(),
            env: opts.env.clone(),
            detail,
        };
        if !review.author.is_empty() {
            driver.append_audit(&audit(
                "generated",
                &review.author,
                format!("generated at {}", review.generated_at),
            ))?;
        }
        for d in review.valid_approvals(&m.up) {
            let signed = if d.signature.is_some() { ", signed" } else { "" };
            let comment = d.comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default();
            driver.append_audit(&audit(
                "approved",
                &d.by,
                format!("approved at {}{signed}{comment}", d.at),
            ))?;
        }
        if let Some(v) = verdicts.iter().find(|v| v.migration == m.dir_name) {
            driver.append_audit(&audit(
                "gate_passed",
                &opts.actor,
                format!(
                    "{} risk; approvals counted: {}",
                    v.risk.as_str(),
                    v.approved_by.join(", ")
                ),
            ))?;
        }
        review.record_env(
            &opts.env,
            State::Applied,
            &opts.actor,
            &sluice_migrate::apply::now_rfc3339(),
        );
        review.save(m).map_err(review_failure)?;
        notify::send(
            config,
            &notify::Event {
                event: "applied",
                migration: Some(m),
                env: Some(&opts.env),
                actor: &opts.actor,
                detail: format!("applied in {} ms", elapsed.as_millis()),
            },
        );
    }
    Ok(())
}

/// A failure after the database work succeeded: say that it did.
fn applied_but(f: Failure) -> Failure {
    match f {
        Failure::Message { message, help } => Failure::Message {
            message: format!(
                "the migrations were applied (see `sluice history`), but recording it afterwards failed: {message}"
            ),
            help: Some(match help {
                Some(h) => format!("{h}; `sluice apply` then records what is missing"),
                None => "fix the cause and run `sluice apply` again: it records what is missing".into(),
            }),
        },
        other => other,
    }
}

/// Migrations history has as applied in this environment whose review.toml
/// does not say so: a run stopped (killed, or the folder was not writable)
/// after applying them and before recording it. Recorded now.
fn record_missed(
    driver: &mut dyn Driver,
    migrations: &[Migration],
    opts: &ApplyOptions,
) -> CmdResult<()> {
    let history = driver.history()?;
    for row in history.iter().filter(|r| r.state == sluice_migrate::HistoryState::Applied) {
        let Some(m) = migrations.iter().find(|m| m.version == row.version) else { continue };
        let mut review = Review::load(m).map_err(|e| Failure::msg(e.to_string()))?;
        if review.env.contains_key(&opts.env) {
            continue;
        }
        review.record_env(&opts.env, State::Applied, &row.applied_by, &row.applied_at);
        review.save(m).map_err(review_failure)?;
    }
    Ok(())
}

fn review_failure(e: sluice_migrate::review::ReviewError) -> Failure {
    let help = match &e {
        sluice_migrate::review::ReviewError::Io { source, .. } => {
            sluice_migrate::dir::io_help(source)
        }
        _ => None,
    };
    Failure::Message { message: e.to_string(), help }
}

pub fn notify_failure(config: &Config, migrations: &[Migration], opts: &ApplyOptions, f: &Failure) {
    if let Failure::Message { message, .. } = f {
        // The failing migration is named at the start of the message.
        let m = migrations.iter().find(|m| message.contains(&m.dir_name));
        notify::send(
            config,
            &notify::Event {
                event: "failed",
                migration: m,
                env: Some(&opts.env),
                actor: &opts.actor,
                detail: message.clone(),
            },
        );
    }
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
            if !show_bar && !json {
                // Logs show which migration was running if the run stops.
                let from =
                    if skip > 0 { format!(", from statement {}", skip + 1) } else { String::new() };
                eprintln!("applying {} ({statements} statement(s){from})", migration.dir_name);
            }
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
        Event::BackedUp { record, .. } => {
            if !json {
                let size =
                    record.bytes.map(human_bytes).map(|b| format!(", {b}")).unwrap_or_default();
                let line = format!(
                    "backed up {} row(s) of {} to {}{size} (the next step {})",
                    record.rows, record.source, record.backup, record.reason
                );
                match &bar {
                    Some(b) => b.println(line),
                    None => eprintln!("{line}"),
                }
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

pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

fn print_report(report: &ApplyReport, verdicts: &[Verdict], dry_run: bool, json: bool) {
    if json {
        let v = if dry_run {
            serde_json::json!({ "dry_run": true, "gate": verdicts, "migrations": report.planned.iter().map(|(v, n, stmts)| serde_json::json!({
                "version": v, "name": n,
                "statements": stmts.iter().map(|s| serde_json::json!({ "sql": s.sql, "transactional": s.transactional })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>() })
        } else {
            serde_json::json!({
                "applied": report.applied.iter().map(|(v, n, d)| serde_json::json!({
                    "version": v, "name": n, "ms": d.as_millis() as u64 })).collect::<Vec<_>>(),
                "gate": verdicts,
                "backups": report.backups,
                "integrity": report.integrity,
            })
        };
        println!("{v}");
        return;
    }
    print_integrity(report);
    if dry_run {
        for v in verdicts {
            if v.allowed() {
                println!("-- gate: {} may run ({} risk)", v.migration, v.risk.as_str());
            } else {
                println!("-- gate: {} would be stopped: {}", v.migration, v.missing.join("; "));
            }
        }
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

/// Row counts of the touched tables, before and after; unexpected changes
/// flagged.
pub fn print_integrity(report: &ApplyReport) {
    if report.integrity.is_empty() {
        return;
    }
    eprintln!("data integrity (row counts of the touched tables, before -> after):");
    for c in &report.integrity {
        let after = c.after.map_or("dropped".to_string(), |n| n.to_string());
        let flag = if c.unexpected() {
            "  <- UNEXPECTED: nothing in the migration changes this table's rows"
        } else {
            ""
        };
        eprintln!("  {:04} {}: {} -> {after}{flag}", c.version, c.table, c.before);
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
