//! The apply engine: pending migrations run in order under one lock, each
//! migration's SQL and its history row committed in one transaction.
//!
//! Before anything runs, history is checked against the folder: an applied
//! migration whose up.sql changed, an applied migration whose folder is
//! gone, a failed (dirty) entry, or a pending migration older than the
//! newest applied one (a merge of two branches) each stop the run with a
//! named error and the command that resolves it.
//!
//! Statements the server refuses inside a transaction run alone; when a
//! migration has any, progress is recorded in history after each committed
//! part (state `failed`, `statements_done` = n), so a stop in the middle is
//! reported exactly and `--resume` continues after the last completed
//! statement. Before each such statement the row is written first, with a
//! `statement_started` audit event holding a digest of the live schema: a
//! process killed while the statement runs leaves the migration dirty, and
//! `--resume` tells from the digest whether the statement took effect.
//! Nothing runs twice.
//!
//! A migration's history row and its audit events commit in one
//! transaction (with its last statements when they are transactional).

use crate::backup::{self, BackupRecord};
use crate::dir::Migration;
use crate::driver::{AuditEvent, DbError, Driver, HistoryRow, HistoryState};
use sha2::{Digest, Sha256};
use sluice_sql::effects::DataEffect;
use sluice_sql::split::{split, SplitStatement};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ApplyOptions {
    pub env: String,
    /// Apply up to and including this version.
    pub to: Option<u32>,
    pub dry_run: bool,
    /// Continue a failed migration after its last completed statement.
    pub resume: bool,
    pub lock_timeout: Duration,
    pub actor: String,
    /// Back up data before steps that lose it ([`crate::backup`]).
    pub backup: bool,
}

/// What the engine reports while it works (the CLI draws progress).
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// Another process holds the lock; waiting up to the timeout.
    WaitingForLock,
    Locked,
    Start {
        migration: &'a Migration,
        statements: usize,
        skip: usize,
    },
    Statement {
        migration: &'a Migration,
        index: usize,
        total: usize,
        sql: &'a str,
    },
    Done {
        migration: &'a Migration,
        elapsed: Duration,
    },
    /// Data was backed up before a step that loses it.
    BackedUp {
        migration: &'a Migration,
        record: &'a BackupRecord,
    },
}

/// A touched table's row count before and after a migration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowCheck {
    pub version: u32,
    pub table: String,
    pub before: u64,
    /// None: the table is gone.
    pub after: Option<u64>,
    /// The migration may change the count (it drops, deletes, inserts).
    pub may_change: bool,
}

impl RowCheck {
    /// A change nothing in the migration explains.
    pub fn unexpected(&self) -> bool {
        !self.may_change && self.after != Some(self.before)
    }
}

#[derive(Debug, Default)]
pub struct ApplyReport {
    /// Versions applied in this run, with their duration.
    pub applied: Vec<(u32, String, Duration)>,
    /// For `--dry-run`: the statements that would run, per migration.
    pub planned: Vec<(u32, String, Vec<SplitStatement>)>,
    /// Data copied before data-losing steps.
    pub backups: Vec<BackupRecord>,
    /// Row counts of the touched tables, before and after.
    pub integrity: Vec<RowCheck>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("could not take the migration lock within {0:?}: another `sluice apply` is running")]
    LockTimeout(Duration),
    #[error("migration {version:04}_{name} was applied with a different up.sql (applied checksum {applied}, file checksum {file})")]
    ChecksumMismatch { version: u32, name: String, applied: String, file: String },
    #[error("migration {version:04}_{name} is applied in the database but missing from the migrations folder")]
    MissingMigration { version: u32, name: String },
    #[error("migration {version:04}_{name} is applied in the database, but its folder is now named {folder}")]
    RenamedApplied { version: u32, name: String, folder: String },
    #[error("migration {version:04}_{name} failed after {done} statement(s) and is marked dirty in the history")]
    Dirty { version: u32, name: String, done: u32 },
    #[error("migration {version:04}_{name} is pending but {newest:04} is already applied (migrations from two branches?)")]
    OutOfOrder { version: u32, name: String, newest: u32 },
    #[error("--resume: there is no failed migration to resume")]
    NothingToResume,
    #[error("{name}/up.sql: cannot split into statements: {message}")]
    Split { name: String, message: String },
    #[error("{path}/up.sql:{line}:{column}: statement {index} of {total} failed: {error}")]
    Statement {
        path: String,
        line: usize,
        column: usize,
        index: usize,
        total: usize,
        error: DbError,
        /// Whether earlier statements of this migration stayed applied.
        partial: bool,
    },
    #[error("{path}/up.sql: foreign key check after statement {index} found {rows} violation(s), first: {first}")]
    ForeignKeyCheck { path: String, index: usize, rows: usize, first: String },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl ApplyError {
    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            ApplyError::LockTimeout(_) => "wait for the other run to finish, or raise --lock-timeout".into(),
            ApplyError::ChecksumMismatch { .. } => "restore up.sql from version control: an applied migration must not change; put the new change in a new migration (`sluice generate`)".into(),
            ApplyError::MissingMigration { .. } => "restore the migration folder from version control (history and folder must agree)".into(),
            ApplyError::RenamedApplied { version, name, .. } => format!("rename the folder back to {version:04}_{name} (an applied migration keeps its version and name), then `sluice rehash`; if it is another migration with the same number (two branches), give it the next free number instead"),
            ApplyError::Dirty { .. } => "fix the cause (see `sluice history` and the audit log), then run `sluice apply --resume` to continue after the last completed statement".into(),
            ApplyError::OutOfOrder { .. } => "renumber the pending migration after the newest applied one (delete it and run `sluice generate` again), then `sluice rehash`".into(),
            ApplyError::Statement { partial: true, .. } => "the statements before it stayed applied (they cannot run in a transaction); fix the cause and run `sluice apply --resume`".into(),
            ApplyError::Statement { .. } | ApplyError::ForeignKeyCheck { .. } => "nothing of this migration was kept (its transaction was rolled back); fix the migration or the data and run `sluice apply` again".into(),
            _ => return None,
        })
    }
}

/// SHA-256 of up.sql, as history records it.
pub fn checksum(up: &str) -> String {
    crate::sum::hex(&Sha256::digest(up.as_bytes()))
}

/// Holds the lock; releases it on every path out.
struct LockGuard<'a> {
    driver: &'a mut dyn Driver,
}

impl Drop for LockGuard<'_> {
    fn drop(&mut self) {
        let _ = self.driver.unlock();
    }
}

pub fn lock<'a>(
    driver: &'a mut dyn Driver,
    timeout: Duration,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<impl std::ops::DerefMut<Target = dyn Driver + 'a>, ApplyError> {
    let start = Instant::now();
    let mut told = false;
    while !driver.try_lock()? {
        if !told {
            on_event(Event::WaitingForLock);
            told = true;
        }
        if start.elapsed() >= timeout {
            return Err(ApplyError::LockTimeout(timeout));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if told {
        on_event(Event::Locked);
    }
    Ok(Locked(LockGuard { driver }))
}

/// The locked driver: derefs to it, unlocks on drop.
pub struct Locked<'a>(LockGuard<'a>);

impl<'a> std::ops::Deref for Locked<'a> {
    type Target = dyn Driver + 'a;
    fn deref(&self) -> &Self::Target {
        &*self.0.driver
    }
}
impl std::ops::DerefMut for Locked<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut *self.0.driver
    }
}

/// Check that every migration the database has applied is still in the
/// folder as it was applied: same version, same name, same up.sql. A failed
/// entry needs its folder (to resume); rolled-back entries are history only.
pub fn verify_history(migrations: &[Migration], history: &[HistoryRow]) -> Result<(), ApplyError> {
    for row in history {
        if row.state == HistoryState::RolledBack {
            continue;
        }
        let Some(m) = migrations.iter().find(|m| m.version == row.version) else {
            return Err(ApplyError::MissingMigration {
                version: row.version,
                name: row.name.clone(),
            });
        };
        if m.name != row.name {
            return Err(ApplyError::RenamedApplied {
                version: row.version,
                name: row.name.clone(),
                folder: m.dir_name.clone(),
            });
        }
        if row.state == HistoryState::Failed {
            continue;
        }
        let file_sum = checksum(&m.up);
        if file_sum != row.checksum {
            return Err(ApplyError::ChecksumMismatch {
                version: row.version,
                name: row.name.clone(),
                applied: row.checksum.clone(),
                file: file_sum,
            });
        }
    }
    Ok(())
}

/// A migration never applied that is older than the newest applied one
/// came from another branch: running it now would run it out of order.
pub fn verify_order(migrations: &[Migration], history: &[HistoryRow]) -> Result<(), ApplyError> {
    let newest = history.iter().filter(|r| r.state.is_live()).map(|r| r.version).max();
    if let Some(n) = newest {
        let row_of = |v: u32| history.iter().find(|r| r.version == v);
        if let Some(m) = migrations.iter().find(|m| m.version < n && row_of(m.version).is_none()) {
            return Err(ApplyError::OutOfOrder {
                version: m.version,
                name: m.name.clone(),
                newest: n,
            });
        }
    }
    Ok(())
}

/// Check history against the folder; the migrations still to run (and,
/// with `resume`, the failed one first with its progress).
pub fn pending<'m>(
    migrations: &'m [Migration],
    history: &[HistoryRow],
    to: Option<u32>,
    resume: bool,
) -> Result<Vec<(&'m Migration, u32)>, ApplyError> {
    for row in history {
        if row.state == HistoryState::Failed && !resume {
            return Err(ApplyError::Dirty {
                version: row.version,
                name: row.name.clone(),
                done: row.statements_done,
            });
        }
    }
    verify_history(migrations, history)?;
    let failed: Vec<&HistoryRow> =
        history.iter().filter(|r| r.state == HistoryState::Failed).collect();
    if resume && failed.is_empty() {
        return Err(ApplyError::NothingToResume);
    }
    let newest = history.iter().filter(|r| r.state.is_live()).map(|r| r.version).max();
    let mut out = Vec::new();
    for m in migrations {
        if to.is_some_and(|t| m.version > t) {
            break;
        }
        let row = history.iter().find(|r| r.version == m.version);
        match row {
            Some(r) if r.state.is_live() => continue,
            Some(r) if r.state == HistoryState::Failed => out.push((m, r.statements_done)),
            _ => {
                if let Some(n) = newest.filter(|n| *n > m.version) {
                    return Err(ApplyError::OutOfOrder {
                        version: m.version,
                        name: m.name.clone(),
                        newest: n,
                    });
                }
                out.push((m, 0));
            }
        }
    }
    Ok(out)
}

pub fn now_rfc3339() -> String {
    // Seconds since the epoch -> UTC calendar time (civil-from-days).
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Run every pending migration (or, with `dry_run`, list their statements).
pub fn apply(
    driver: &mut dyn Driver,
    migrations: &[Migration],
    opts: &ApplyOptions,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<ApplyReport, ApplyError> {
    let dialect = driver.dialect();
    let mut report = ApplyReport::default();
    if opts.dry_run {
        // Changes nothing: no meta tables, no lock.
        let history = driver.history()?;
        for (m, skip) in pending(migrations, &history, opts.to, opts.resume)? {
            let stmts = split_migration(m, dialect)?;
            report.planned.push((
                m.version,
                m.name.clone(),
                stmts.into_iter().skip(skip as usize).collect(),
            ));
        }
        return Ok(report);
    }

    let mut d = lock(driver, opts.lock_timeout, on_event)?;
    d.ensure_meta()?;
    let history = d.history()?;
    for (m, skip) in pending(migrations, &history, opts.to, opts.resume)? {
        let elapsed = run_one(&mut *d, m, skip as usize, opts, &mut report, on_event)?;
        report.applied.push((m.version, m.name.clone(), elapsed));
    }
    Ok(report)
}

fn split_migration(
    m: &Migration,
    dialect: sluice_schema::Dialect,
) -> Result<Vec<SplitStatement>, ApplyError> {
    split(&m.up, dialect)
        .map_err(|e| ApplyError::Split { name: m.dir_name.clone(), message: e.to_string() })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let f = sluice_sql::SourceFile::new("up.sql", text);
    f.line_col(offset)
}

/// The data effects of each statement (none for a dialect without a
/// front end).
pub fn statement_effects(
    dialect: sluice_schema::Dialect,
    stmts: &[SplitStatement],
) -> Vec<Vec<DataEffect>> {
    match sluice_sql::dialect_for(dialect) {
        Some(sql) => stmts.iter().map(|s| sql.data_effects(&s.sql)).collect(),
        None => vec![Vec::new(); stmts.len()],
    }
}

/// [`statement_effects`] read against `before`, the schema the statements
/// run on (a snapshot or the live database): a MySQL `MODIFY COLUMN` that
/// keeps the column's type and collation is no type change. Without a
/// schema every restated column counts as one.
pub fn statement_effects_on(
    dialect: sluice_schema::Dialect,
    stmts: &[SplitStatement],
    before: Option<&sluice_schema::Schema>,
) -> Vec<Vec<DataEffect>> {
    let effects = statement_effects(dialect, stmts);
    match before {
        Some(s) => {
            sluice_sql::effects::against(effects, s, |a, b| backup::same_table(a, b, dialect))
        }
        None => effects,
    }
}

/// Row counts of the live tables the statements touch.
fn count_touched(
    d: &mut dyn Driver,
    live: &sluice_schema::Schema,
    effects: &[Vec<DataEffect>],
) -> Result<Vec<(sluice_schema::QualifiedName, u64, bool)>, DbError> {
    let dialect = d.dialect();
    let mut out: Vec<(sluice_schema::QualifiedName, u64, bool)> = Vec::new();
    for e in effects.iter().flatten() {
        let Some(t) = backup::find_table(live, e.table(), dialect) else { continue };
        if let Some(entry) = out.iter_mut().find(|(n, _, _)| *n == t.name) {
            entry.2 |= e.changes_row_count();
            continue;
        }
        let n = backup::count(d, &sluice_sql::dialect::quote_qualified(&t.name, dialect))?;
        out.push((t.name.clone(), n, e.changes_row_count()));
    }
    Ok(out)
}

fn run_one(
    d: &mut dyn Driver,
    m: &Migration,
    skip: usize,
    opts: &ApplyOptions,
    report: &mut ApplyReport,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Duration, ApplyError> {
    let stmts = split_migration(m, d.dialect())?;
    let total = stmts.len();
    let started = Instant::now();
    on_event(Event::Start { migration: m, statements: total, skip });
    let mut effects = statement_effects(d.dialect(), &stmts);
    // The live tables: for backups (required) and the row counts that
    // verify integrity after a backed-up apply (best effort: a database
    // introspection cannot read still gets its migration).
    let live = if opts.backup && effects.iter().flatten().any(DataEffect::loses_data) {
        Some(d.introspect()?)
    } else if opts.backup && effects.iter().flatten().next().is_some() {
        d.introspect().ok()
    } else {
        None
    };
    // Read against the live schema, the statements still to run lose less
    // than their text alone says (a MODIFY that keeps the type).
    if let Some(live) = &live {
        let at = skip.min(total);
        let rest = effects.split_off(at);
        let dialect = d.dialect();
        effects.extend(sluice_sql::effects::against(rest, live, |a, b| {
            backup::same_table(a, b, dialect)
        }));
    }
    let needs_backup = opts.backup && effects.iter().flatten().any(DataEffect::loses_data);
    let counted = match &live {
        Some(live) => count_touched(d, live, &effects[skip.min(total)..])?,
        None => Vec::new(),
    };
    if needs_backup {
        d.ensure_backup_space()?;
    }
    let all_tx = stmts.iter().all(|s| s.transactional);
    let mut row = HistoryRow {
        version: m.version,
        name: m.name.clone(),
        checksum: checksum(&m.up),
        state: HistoryState::Failed,
        applied_at: now_rfc3339(),
        applied_by: opts.actor.clone(),
        execution_ms: 0,
        env: opts.env.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        statements_done: skip as u32,
    };
    let audit = |event: &str, detail: String| AuditEvent {
        event: event.to_string(),
        version: Some(m.version),
        actor: opts.actor.clone(),
        env: opts.env.clone(),
        detail,
    };

    // A stop while a statement that cannot be rolled back was running
    // (the process killed, the connection lost): whether it took effect is
    // read from the schema digest recorded before it started.
    let mut i = skip;
    if opts.resume && i < total && !stmts[i].transactional {
        if let Some(done) = completed_before_stop(d, m, i)? {
            i += 1;
            row.statements_done = i as u32;
            d.begin()?;
            d.write_history(&row)?;
            d.append_audit(&audit("resumed", done))?;
            d.commit()?;
        }
    }

    // Parts: runs of transactional statements, and single non-transactional ones.
    let mut partial = i > 0;
    // Whether the last part's transaction is still open.
    let mut open = false;
    while i < total {
        let tx = stmts[i].transactional;
        let end =
            if tx { (i..total).find(|&j| !stmts[j].transactional).unwrap_or(total) } else { i + 1 };
        if tx {
            d.begin()?;
        } else {
            // Before a statement that cannot be rolled back: history shows
            // the migration in progress (a stop from here on is dirty, never
            // mistaken for "not started"), and the audit keeps the schema
            // digest `--resume` compares against.
            let digest = d.schema_digest()?;
            row.statements_done = i as u32;
            d.begin()?;
            d.write_history(&row)?;
            d.append_audit(&audit(
                STATEMENT_STARTED,
                format!("statement {} of {total}; schema digest {digest}", i + 1),
            ))?;
            d.commit()?;
        }
        for (j, s) in stmts.iter().enumerate().take(end).skip(i) {
            on_event(Event::Statement { migration: m, index: j, total, sql: &s.sql });
            let backed_up = if opts.backup {
                backups_before(d, m, j, &effects[j], live.as_ref())
            } else {
                Ok(Vec::new())
            };
            let result = backed_up.map_err(StmtFailure::Db).and_then(|records| {
                for record in &records {
                    on_event(Event::BackedUp { migration: m, record });
                }
                report.backups.extend(records);
                run_statement(d, s)
            });
            if let Err(e) = result {
                if tx {
                    let _ = d.rollback();
                }
                let (line, column) = line_col(&m.up, s.span.start);
                let err = match e {
                    StmtFailure::Db(error) => ApplyError::Statement {
                        path: m.path.display().to_string(),
                        line,
                        column,
                        index: j + 1,
                        total,
                        error,
                        partial,
                    },
                    StmtFailure::FkRows(rows) => ApplyError::ForeignKeyCheck {
                        path: m.path.display().to_string(),
                        index: j + 1,
                        rows: rows.len(),
                        first: rows[0].join(", "),
                    },
                };
                if partial {
                    // The parts before stayed: history keeps the failed row.
                    let _ = d.write_history(&row);
                } else if !tx {
                    // Nothing of it stayed: no dirty row left behind.
                    let _ = d.forget_history(m.version);
                }
                let _ = d.append_audit(&audit("failed", err.to_string()));
                return Err(err);
            }
        }
        row.statements_done = end as u32;
        if end == total {
            open = tx;
            break;
        }
        if tx {
            if !all_tx {
                d.write_history(&row)?;
            }
            d.commit()?;
        } else {
            d.write_history(&row)?;
        }
        partial = true;
        i = end;
    }

    // The history row and the audit events of the migration commit together
    // (with the last part's statements when it is transactional): a stop at
    // any point leaves either all of them or none.
    if !open {
        d.begin()?;
    }
    row.statements_done = total as u32;
    row.state = HistoryState::Applied;
    row.execution_ms = started.elapsed().as_millis() as u64;
    d.write_history(&row)?;
    let elapsed = started.elapsed();
    for b in report.backups.iter().filter(|b| b.version == m.version) {
        d.append_audit(&audit(
            "backup",
            format!(
                "{} row(s) of {} copied to {} before the step that {}",
                b.rows, b.source, b.backup, b.reason
            ),
        ))?;
    }
    d.append_audit(&audit(
        "applied",
        format!("{} statement(s) in {} ms", total, elapsed.as_millis()),
    ))?;
    d.commit()?;
    // Row counts after the commit: a count of a dropped table fails, which
    // must not abort the migration's transaction.
    let dialect = d.dialect();
    for (table, before, may_change) in counted {
        let quoted = sluice_sql::dialect::quote_qualified(&table, dialect);
        let after = backup::count(d, &quoted).ok();
        let check =
            RowCheck { version: m.version, table: table.to_string(), before, after, may_change };
        if check.unexpected() {
            d.append_audit(&audit(
                "integrity",
                format!("row count of {table} changed from {before} to {after:?}, which nothing in the migration explains"),
            ))?;
        }
        report.integrity.push(check);
    }
    on_event(Event::Done { migration: m, elapsed });
    Ok(elapsed)
}

/// The audit event written before a statement that cannot run in a
/// transaction starts.
pub const STATEMENT_STARTED: &str = "statement_started";

/// When the last run of `m` stopped while statement `index` (0-based) was
/// running: whether it took effect, as a sentence for the audit, or `None`
/// when it must run (again). It took effect when the schema changed since
/// its start (a statement that cannot run in a transaction is DDL, and DDL
/// changes the schema).
fn completed_before_stop(
    d: &mut dyn Driver,
    m: &Migration,
    index: usize,
) -> Result<Option<String>, ApplyError> {
    let audit = d.audit()?;
    let last = audit.iter().rev().find(|a| a.event.version == Some(m.version));
    let Some(last) = last.filter(|a| a.event.event == STATEMENT_STARTED) else {
        // It failed and said so (or never started): run it.
        return Ok(None);
    };
    let prefix = format!("statement {} of ", index + 1);
    let Some(rest) = last.event.detail.strip_prefix(&prefix) else { return Ok(None) };
    let Some((_, digest)) = rest.split_once("; schema digest ") else { return Ok(None) };
    if d.schema_digest()? == digest {
        return Ok(None);
    }
    Ok(Some(format!(
        "statement {} had taken effect before the previous run stopped (the schema changed since it started): not run again",
        index + 1
    )))
}

/// Back up what statement `j` would lose (tables that existed when the
/// migration started; a table it created itself has nothing to lose).
fn backups_before(
    d: &mut dyn Driver,
    m: &Migration,
    j: usize,
    effects: &[DataEffect],
    live: Option<&sluice_schema::Schema>,
) -> Result<Vec<BackupRecord>, DbError> {
    let mut out = Vec::new();
    let Some(live) = live else { return Ok(out) };
    let dialect = d.dialect();
    for (k, e) in effects.iter().enumerate().filter(|(_, e)| e.loses_data()) {
        let Some(table) = backup::find_table(live, e.table(), dialect) else { continue };
        let seq = (j * 100 + k) as u32;
        out.push(backup::take(d, m.version, seq, e, table)?);
    }
    Ok(out)
}

enum StmtFailure {
    Db(DbError),
    FkRows(Vec<Vec<String>>),
}

fn run_statement(d: &mut dyn Driver, s: &SplitStatement) -> Result<(), StmtFailure> {
    let lower = s.sql.to_ascii_lowercase();
    if lower.starts_with("pragma foreign_key_check") {
        let rows = d.query_rows(&s.sql).map_err(StmtFailure::Db)?;
        return if rows.is_empty() { Ok(()) } else { Err(StmtFailure::FkRows(rows)) };
    }
    d.execute(&s.sql).map_err(StmtFailure::Db)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn mig(v: u32, up: &str) -> Migration {
        Migration {
            version: v,
            name: format!("m{v}"),
            dir_name: format!("{v:04}_m{v}"),
            path: PathBuf::from(format!("migrations/{v:04}_m{v}")),
            up: up.into(),
            down: String::new(),
            snapshot: None,
        }
    }

    fn row(v: u32, up: &str, state: HistoryState) -> HistoryRow {
        HistoryRow {
            version: v,
            name: format!("m{v}"),
            checksum: checksum(up),
            state,
            applied_at: now_rfc3339(),
            applied_by: "t".into(),
            execution_ms: 0,
            env: "dev".into(),
            tool_version: "0".into(),
            statements_done: 1,
        }
    }

    #[test]
    fn pending_checks_history_against_folder() {
        let ms = vec![mig(1, "a;"), mig(2, "b;"), mig(3, "c;")];
        let p = pending(&ms, &[row(1, "a;", HistoryState::Applied)], None, false).unwrap();
        assert_eq!(p.iter().map(|(m, _)| m.version).collect::<Vec<_>>(), [2, 3]);
        let p = pending(&ms, &[], Some(2), false).unwrap();
        assert_eq!(p.len(), 2);

        let e =
            pending(&ms, &[row(1, "changed;", HistoryState::Applied)], None, false).unwrap_err();
        assert!(matches!(e, ApplyError::ChecksumMismatch { version: 1, .. }), "{e}");
        let mut renamed = row(1, "a;", HistoryState::Applied);
        renamed.name = "old".into();
        let e = pending(&ms, &[renamed], None, false).unwrap_err();
        assert!(matches!(e, ApplyError::RenamedApplied { version: 1, .. }), "{e}");
        assert!(e.help().unwrap().contains("0001_old"), "{:?}", e.help());
        let e = pending(&ms, &[row(9, "x", HistoryState::Applied)], None, false).unwrap_err();
        assert!(matches!(e, ApplyError::MissingMigration { version: 9, .. }), "{e}");
        let e = pending(&ms, &[row(2, "b;", HistoryState::Failed)], None, false).unwrap_err();
        assert!(matches!(e, ApplyError::Dirty { version: 2, done: 1, .. }), "{e}");
        let p = pending(
            &ms,
            &[row(1, "a;", HistoryState::Applied), row(2, "b;", HistoryState::Failed)],
            None,
            true,
        )
        .unwrap();
        assert_eq!(p.iter().map(|(m, s)| (m.version, *s)).collect::<Vec<_>>(), [(2, 1), (3, 0)]);
        let e = pending(&ms, &[row(3, "c;", HistoryState::Applied)], None, false).unwrap_err();
        assert!(matches!(e, ApplyError::OutOfOrder { version: 1, newest: 3, .. }), "{e}");
        let e = pending(&ms, &[], None, true).unwrap_err();
        assert!(matches!(e, ApplyError::NothingToResume));
        assert!(e.help().is_none());
    }

    #[test]
    fn timestamps_are_rfc3339() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z') && &t[10..11] == "T", "{t}");
    }
}
