//! `sluice generate [--name N] [--custom] [--rename OLD=NEW]...`: diff the
//! schema files against the last snapshot and write the next migration.
//! Renames are never guessed: declared, confirmed on a terminal, or refused.

use super::Global;
use crate::cli::GenerateArgs;
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_migrate::dir::slug;
use sluice_migrate::plan::plan;
use sluice_migrate::snapshot;
use sluice_migrate::Migration;
use sluice_schema::{
    rename_candidates, Change, DataLoss, Hints, QualifiedName, RenameCandidate, Schema,
};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub const NO_CHANGES: &str = "No schema changes, nothing to migrate";

pub fn run(g: &Global, args: GenerateArgs, json: bool) -> CmdResult<ExitCode> {
    let mut t = Timings::new();
    // Diffing, rendering and the snapshot share out their work with
    // rayon::join. Its threads are started now, while the cores are idle:
    // a thread started later, after the parse kept both cores busy, is
    // queued behind its parent for up to a scheduler tick (1-3 ms measured
    // here) where a waiting pool thread is woken on the idle core at once.
    rayon::spawn(|| ());
    let project = Project::load(g.config, g.dev_url)?;
    let load = || -> CmdResult<_> {
        let migrations = project.migrations.load_verified()?;
        let from = project.migrations.last_schema(&migrations, project.config.dialect)?;
        Ok((migrations, project.catalog_form(from)?))
    };

    if args.custom {
        let (migrations, from) = load()?;
        t.lap("load migrations");
        let name = slug(args.name.as_deref().unwrap_or("custom"));
        let up = "-- Hand-written migration: put the SQL to run here.\n";
        let down = "-- The SQL that undoes up.sql.\n";
        let m = project.migrations.write(&migrations, &name, up, down, snapshot::to_json(&from))?;
        if let Err(e) = start_review(&m) {
            let _ = project.migrations.unwrite(&migrations, &m);
            return Err(e);
        }
        report_written(&m.path, &[], json);
        return Ok(ExitCode::SUCCESS);
    }

    // Loading the migrations (hashing them, reading the last snapshot) and
    // reading the schema files are independent: do both at once. A problem
    // with the migrations is reported first, as when they ran in turn.
    let (loaded, desired) = std::thread::scope(|s| {
        let desired = s.spawn(|| project.desired());
        let loaded = load();
        (loaded, desired.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    let (migrations, from) = loaded?;
    let (to, hints) = desired?;
    t.lap("load migrations and parse schema files");
    match write_next(
        &project,
        &migrations,
        &from,
        &to,
        hints,
        args.name,
        &args.renames,
        json,
        &mut t,
    )? {
        Some((m, changes)) => {
            report_written(&m.path, &changes, json);
            // The process ends next: freeing every node of both schemas, the
            // changes and the texts one by one would only take time.
            std::mem::forget((to, from, migrations, changes, m));
        }
        None if json => println!("{}", serde_json::json!({ "changes": [], "message": NO_CHANGES })),
        None => println!("{NO_CHANGES}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Read the schema files, diff them against `from` (the last snapshot) and
/// write the next migration; `None` when nothing changed. For `migrate`.
pub fn generate_next(
    project: &Project,
    migrations: &[Migration],
    from: &Schema,
    name: Option<String>,
    renames: &[String],
    json: bool,
    t: &mut Timings,
) -> CmdResult<Option<(Migration, Vec<Change>)>> {
    let (to, hints) = project.desired()?;
    t.lap("parse schema files");
    write_next(project, migrations, from, &to, hints, name, renames, json, t)
}

/// Diff `from` against the desired `to` and write the next migration.
#[allow(clippy::too_many_arguments)]
fn write_next(
    project: &Project,
    migrations: &[Migration],
    from: &Schema,
    to: &Schema,
    mut hints: Hints,
    name: Option<String>,
    renames: &[String],
    json: bool,
    t: &mut Timings,
) -> CmdResult<Option<(Migration, Vec<Change>)>> {
    // The desired schema is normalized: its snapshot is written as it is,
    // while renames are settled and the changes planned (a refused rename
    // only wastes the snapshot).
    let (planned, snapshot) = rayon::join(
        || -> CmdResult<_> {
            for r in renames {
                hints.extend(parse_rename(r, from, to)?);
            }
            resolve_renames(from, to, &mut hints, json)?;
            Ok(plan(project.dialect.as_ref(), from, to, &hints))
        },
        || snapshot::normalized_to_json(to),
    );
    let planned = planned?;
    t.lap("diff and render, snapshot");
    if planned.is_empty() {
        return Ok(None);
    }
    let name = slug(&name.unwrap_or_else(|| default_name(&planned.changes)));
    let mut planned = planned;
    let up = with_header(std::mem::take(&mut planned.up_sql), "up");
    let down = with_header(std::mem::take(&mut planned.down_sql), "down");
    let m = project.migrations.write(migrations, &name, up, down, snapshot)?;
    if let Err(e) = start_review(&m) {
        // No migration without its review.toml: take it back.
        let _ = project.migrations.unwrite(migrations, &m);
        return Err(e);
    }
    t.lap("write and seal");
    Ok(Some((m, planned.changes)))
}

/// `SLUICE_TIMINGS=1` prints how long each phase took, on stderr: wall
/// time, CPU time of all threads (whether the phase used both cores), and
/// the memory pages the process touched for the first time meanwhile (first
/// touches cost as much as a lot of computing).
pub struct Timings {
    on: bool,
    last: std::time::Instant,
    /// Page faults and CPU time (all threads) so far.
    usage: (u64, f64),
}

impl Timings {
    pub fn new() -> Self {
        let on = std::env::var_os("SLUICE_TIMINGS").is_some();
        Timings { on, last: std::time::Instant::now(), usage: if on { usage() } else { (0, 0.0) } }
    }
    pub fn lap(&mut self, what: &str) {
        if self.on {
            let now = usage();
            eprintln!(
                "{:>8.1} ms wall {:>8.1} ms cpu {:>7} page faults  {what}",
                self.last.elapsed().as_secs_f64() * 1000.0,
                now.1 - self.usage.1,
                now.0.saturating_sub(self.usage.0)
            );
            self.usage = now;
            self.last = std::time::Instant::now();
        }
    }
}

/// Minor page faults and CPU time in ms (user + system, every thread,
/// finished ones too) of this process so far.
#[cfg(unix)]
fn usage() -> (u64, f64) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return (0, 0.0);
    }
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    (u.ru_minflt as u64, ms(u.ru_utime) + ms(u.ru_stime))
}

#[cfg(not(unix))]
fn usage() -> (u64, f64) {
    (0, 0.0)
}

/// review.toml of a new migration: who generated it and when (state
/// Generated; the author matters to `allow_self_approval = false`).
fn start_review(m: &sluice_migrate::Migration) -> CmdResult<()> {
    let review = sluice_migrate::review::Review {
        author: crate::connect::actor(),
        generated_at: sluice_migrate::apply::now_rfc3339(),
        ..Default::default()
    };
    review.save(m).map_err(|e| {
        let help = match &e {
            sluice_migrate::review::ReviewError::Io { source, .. } => {
                sluice_migrate::dir::io_help(source)
            }
            _ => None,
        };
        crate::failure::Failure::Message { message: e.to_string(), help }
    })
}

/// The script with its header line put in front (in place: scripts are
/// large).
fn with_header(mut sql: String, which: &str) -> String {
    let header = format!(
        "-- Generated by sluice {} ({which}). Review before applying.\n\n",
        env!("CARGO_PKG_VERSION")
    );
    sql.insert_str(0, &header);
    sql
}

/// A short name from the first change: its description without details in
/// parentheses, e.g. `create_table_users`, `add_column_users_bio`.
fn default_name(changes: &[Change]) -> String {
    let first = changes.first().map(|c| c.describe()).unwrap_or_else(|| "empty".into());
    let short = first.split(" (").next().unwrap_or(&first).to_string();
    let short = short.replace(" public.", " ");
    if changes.len() > 1 {
        format!("{short} and more")
    } else {
        short
    }
}

pub fn report_written(path: &Path, changes: &[Change], json: bool) {
    if json {
        let list: Vec<_> = changes
            .iter()
            .map(|c| serde_json::json!({ "change": c.describe(), "data_loss": c.data_loss() }))
            .collect();
        println!(
            "{}",
            serde_json::json!({ "migration": path.display().to_string(), "changes": list })
        );
        return;
    }
    // One line per change: buffered (stdout writes each line otherwise).
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut line = |text: std::fmt::Arguments| {
        writeln!(out, "{text}").unwrap_or_else(|e| panic!("failed printing to stdout: {e}"))
    };
    line(format_args!("created {}", path.display()));
    for c in changes {
        let mark = match c.data_loss() {
            DataLoss::Certain => "  ! DATA LOSS",
            DataLoss::Possible => "  ? possible data loss",
            DataLoss::None => "",
        };
        line(format_args!("  - {}{mark}", c.describe()));
    }
    if changes.iter().any(|c| c.data_loss() != DataLoss::None) {
        line(format_args!("review the marked steps in up.sql before applying"));
    }
    out.flush().unwrap_or_else(|e| panic!("failed printing to stdout: {e}"));
}

/// Ask about each rename candidate on a terminal; without one, stop and say
/// how to declare each.
fn resolve_renames(from: &Schema, to: &Schema, hints: &mut Hints, json: bool) -> CmdResult<()> {
    loop {
        let candidates = rename_candidates(from, to, hints);
        let Some(first) = candidates.first() else {
            return Ok(());
        };
        if !super::interactive(json) {
            let list: Vec<String> = candidates
                .iter()
                .map(|c| format!("  - {}\n    {}", c.describe(), c.how_to_declare()))
                .collect();
            return Err(Failure::with_help(
                format!(
                    "these drop+add pairs may be renames; sluice never guesses:\n{}",
                    list.join("\n")
                ),
                "declare each real rename as shown; for a real drop and add, declare nothing and run `sluice generate` on a terminal to answer, or rename the new object differently",
            ));
        }
        let question = match first {
            RenameCandidate::Table { from, to } => {
                format!("Is table {to} the table {from} renamed?")
            }
            RenameCandidate::Column { table, from, to } => {
                format!("Is column {table}.{to} the column {from} renamed?")
            }
        };
        let yes = dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|e| Failure::msg(format!("prompt failed: {e}")))?;
        if yes {
            hints.accept(first);
        } else {
            hints.not_renames.push(first.clone());
        }
    }
}

/// `--rename old=new` (table), `table.old=new` (column), with an optional
/// schema in front; resolved against the two schemas.
fn parse_rename(spec: &str, from: &Schema, to: &Schema) -> CmdResult<Hints> {
    let bad = || {
        Failure::with_help(
            format!("--rename {spec}: expected OLD=NEW"),
            "use --rename old_table=new_table or --rename table.old_column=new_column",
        )
    };
    let (left, new) = spec.split_once('=').ok_or_else(bad)?;
    let parts: Vec<&str> = left.split('.').collect();
    if new.is_empty() || parts.iter().any(|p| p.is_empty()) {
        return Err(bad());
    }
    let ns = from.dialect.default_schema();
    let qn = |schema: Option<&str>, name: &str| QualifiedName::new(schema.or(ns), name);
    let mut hints = Hints::default();
    let table_rename = |old: QualifiedName| -> Option<(QualifiedName, QualifiedName)> {
        let new_name = old.sibling(new);
        (from.table(&old).is_some() && to.table(&new_name).is_some()).then_some((old, new_name))
    };
    let column_rename = |table: QualifiedName| -> Option<(QualifiedName, String, String)> {
        let col = *parts.last()?;
        let t_to = to.table(&table)?;
        let t_from = from.table(&table)?;
        (t_from.column(col).is_some() && t_to.column(new).is_some())
            .then(|| (table, col.to_string(), new.to_string()))
    };
    match parts.as_slice() {
        [t] => hints.tables.extend(table_rename(qn(None, t))),
        [a, b] => {
            if let Some(c) = column_rename(qn(None, a)) {
                hints.columns.push(c);
            } else {
                hints.tables.extend(table_rename(qn(Some(a), b)));
            }
        }
        [s, t, _] => hints.columns.extend(column_rename(qn(Some(s), t))),
        _ => return Err(bad()),
    }
    if hints.is_empty() {
        return Err(Failure::with_help(
            format!("--rename {spec}: no such table or column to rename (the old name must exist in the last snapshot and the new one in the schema files)"),
            "check the names; qualify with the schema when it is not the default one",
        ));
    }
    Ok(hints)
}
