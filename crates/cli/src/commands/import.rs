//! `sluice import drizzle [DIR]`: convert a drizzle-kit out folder into
//! sluice migrations, in journal order: each `.sql` file becomes an
//! `up.sql` as it is (drizzle's `--> statement-breakpoint` markers are SQL
//! comments), its snapshot the sluice snapshot, and `down.sql` is planned
//! from the snapshot before. Then, on the database (unless `--no-db`), the
//! rows of `drizzle.__drizzle_migrations` are matched to the files (same
//! `created_at` as the journal's `when`, same SHA-256 as the file) and
//! those migrations are recorded as applied in sluice's history, so that
//! `sluice apply` runs only what drizzle had not.

use super::Global;
use crate::cli::{ImportCommand, ImportDrizzleArgs};
use crate::connect::{actor, connect, resolve};
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_drizzle::outdir::{self, Entry};
use sluice_migrate::apply::{checksum, now_rfc3339};
use sluice_migrate::dir::slug;
use sluice_migrate::plan::plan;
use sluice_migrate::{snapshot, AuditEvent, Driver, HistoryRow, HistoryState, Migration};
use sluice_schema::{Dialect, Hints, Schema};
use std::process::ExitCode;

pub fn run(g: &Global, cmd: ImportCommand, json: bool) -> CmdResult<ExitCode> {
    match cmd {
        ImportCommand::Drizzle(args) => drizzle(g, args, json),
    }
}

fn drizzle(g: &Global, args: ImportDrizzleArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let dialect = project.config.dialect;
    let existing = project.migrations.load_verified()?;
    if !existing.is_empty() {
        return Err(Failure::with_help(
            format!("{} already holds migrations", project.migrations.path.display()),
            "import into a project without migrations (a new `migrations` folder)",
        ));
    }
    let entries = outdir::read(&args.dir, dialect).map_err(|e| {
        Failure::with_help(
            e.to_string(),
            "point at the drizzle-kit out folder (the one holding meta/_journal.json)",
        )
    })?;
    if entries.is_empty() {
        return Err(Failure::msg(format!("{}: the journal has no migrations", args.dir.display())));
    }

    // Match the database's drizzle history before writing anything.
    let db = if args.no_db {
        None
    } else {
        match resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref()) {
            Ok(target) => Some(target),
            Err(e) if args.db.env.is_some() || args.db.url.is_some() => return Err(e),
            Err(_) => None,
        }
    };
    let mut applied: Vec<usize> = Vec::new();
    let mut driver = None;
    if let Some(target) = &db {
        let mut d = connect(&project.config, target)?;
        let rows = drizzle_rows(d.as_mut(), dialect, args.migrations_table.as_deref())?;
        applied = match_rows(&entries, &rows)?;
        driver = Some(d);
    }

    let mut written: Vec<Migration> = Vec::with_capacity(entries.len());
    let mut prev = Schema::empty(dialect);
    for e in &entries {
        let planned = plan(project.dialect.as_ref(), &prev, &e.schema, &Hints::default());
        let m = project.migrations.write(
            &written,
            &slug(e.name()),
            e.sql.as_str(),
            planned.down_sql,
            snapshot::to_json(&e.schema),
        )?;
        prev = e.schema.clone();
        written.push(m);
    }

    if let (Some(target), Some(mut d)) = (&db, driver) {
        d.ensure_meta()?;
        for &i in &applied {
            let m = &written[i];
            d.write_history(&HistoryRow {
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
            d.append_audit(&AuditEvent {
                event: "imported".into(),
                version: Some(m.version),
                actor: actor(),
                env: target.env.clone(),
                detail: format!(
                    "applied by drizzle as {} (hash {})",
                    entries[i].tag, entries[i].hash
                ),
            })?;
        }
    }

    if json {
        println!(
            "{}",
            serde_json::json!({
                "imported": written.iter().map(|m| m.dir_name.clone()).collect::<Vec<_>>(),
                "recorded_applied": applied.iter().map(|&i| written[i].dir_name.clone()).collect::<Vec<_>>(),
                "env": db.as_ref().map(|t| t.env.clone()),
            })
        );
    } else {
        for (m, e) in written.iter().zip(&entries) {
            println!("imported {} as {}", e.tag, m.dir_name);
        }
        match &db {
            Some(t) => println!(
                "{} of {} migration(s) were applied by drizzle on {} ({}): recorded as applied",
                applied.len(),
                written.len(),
                t.env,
                t.redacted()
            ),
            None => {
                println!("no database given: nothing recorded as applied (pass --url or --env)")
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `(hash, created_at)` of every row of drizzle's migrations table; empty
/// when the table does not exist.
fn drizzle_rows(
    d: &mut dyn Driver,
    dialect: Dialect,
    table: Option<&str>,
) -> CmdResult<Vec<(String, i64)>> {
    let lit = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let (exists, select) = match dialect {
        Dialect::Postgres => {
            let (schema, name) = match table.and_then(|t| t.split_once('.')) {
                Some((s, t)) => (s.to_string(), t.to_string()),
                None => ("drizzle".into(), table.unwrap_or("__drizzle_migrations").to_string()),
            };
            (
                format!("select count(*)::text from information_schema.tables where table_schema = {} and table_name = {}", lit(&schema), lit(&name)),
                format!("select hash, created_at::text from {}.{} order by id", quote(&schema), quote(&name)),
            )
        }
        _ => {
            let name = table.unwrap_or("__drizzle_migrations");
            (
                format!(
                    "select count(*) from sqlite_master where type = 'table' and name = {}",
                    lit(name)
                ),
                format!("select hash, created_at from {} order by id", quote(name)),
            )
        }
    };
    let found = d.query_rows(&exists)?;
    if found.first().and_then(|r| r.first()).map(String::as_str) != Some("1") {
        return Ok(Vec::new());
    }
    let rows = d.query_rows(&select)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let hash = r.first()?.clone();
            let at = r.get(1)?.parse().ok()?;
            Some((hash, at))
        })
        .collect())
}

/// The entries drizzle applied: each row names one by `created_at` and
/// must carry its file's hash.
fn match_rows(entries: &[Entry], rows: &[(String, i64)]) -> CmdResult<Vec<usize>> {
    let mut applied = Vec::new();
    for (hash, at) in rows {
        let Some(i) = entries.iter().position(|e| e.when == *at) else {
            return Err(Failure::with_help(
                format!("the database's drizzle history has a migration (created_at {at}) that is not in the folder's journal"),
                "import the out folder the database was migrated from",
            ));
        };
        if entries[i].hash != *hash {
            return Err(Failure::with_help(
                format!(
                    "{}.sql was edited after drizzle applied it (the database recorded hash {hash}, the file hashes to {})",
                    entries[i].tag, entries[i].hash
                ),
                "restore the file as it was applied, then import again",
            ));
        }
        if !applied.contains(&i) {
            applied.push(i);
        }
    }
    applied.sort();
    Ok(applied)
}
