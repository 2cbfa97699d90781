//! The rollback engine: undo applied migrations newest first, each by its
//! down.sql, under the same lock as apply, and put back the data apply
//! backed up before its data-losing steps.
//!
//! Each migration's down script, its data restore and its history row
//! (state `rolled_back`) commit in one transaction when every statement
//! can run in one. The restore happens at the `-- sluice:restore` line of
//! down.sql when there is one (after dropped columns come back nullable,
//! before NOT NULL is set again), else after the script.

use crate::apply::{checksum, lock, now_rfc3339, ApplyError, Event};
use crate::backup::{self, BackupRecord};
use crate::dir::Migration;
use crate::driver::{AuditEvent, Driver, HistoryRow, HistoryState};
use crate::plan::RESTORE_MARKER;
use sluice_sql::split::split;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct RollbackOptions {
    pub env: String,
    /// Undo every migration newer than this version (None: only the last).
    pub to: Option<u32>,
    pub dry_run: bool,
    pub lock_timeout: Duration,
    pub actor: String,
}

#[derive(Debug, Default)]
pub struct RollbackReport {
    /// Versions undone, newest first.
    pub rolled_back: Vec<(u32, String, Duration)>,
    /// Backups put back.
    pub restored: Vec<BackupRecord>,
    /// For `--dry-run`: the down statements that would run.
    pub planned: Vec<(u32, String, Vec<String>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum RollbackError {
    #[error("nothing to roll back: no migration is applied")]
    NothingApplied,
    #[error("--to {0:04}: no applied migration is newer than that")]
    NothingAfter(u32),
    #[error(
        "migration {0:04} is applied but its folder is missing: its down.sql is needed to undo it"
    )]
    Missing(u32),
    #[error("{dir}/down.sql is empty: this migration cannot be undone automatically")]
    NoDown { dir: String },
    #[error("{path}/down.sql:{line}:{column}: statement {index} of {total} failed: {error}")]
    Statement {
        path: String,
        line: usize,
        column: usize,
        index: usize,
        total: usize,
        error: crate::driver::DbError,
        partial: bool,
    },
    #[error(transparent)]
    Apply(#[from] ApplyError),
}

impl From<crate::driver::DbError> for RollbackError {
    fn from(e: crate::driver::DbError) -> Self {
        RollbackError::Apply(ApplyError::Db(e))
    }
}

impl RollbackError {
    pub fn help(&self) -> Option<String> {
        match self {
            RollbackError::Missing(_) => Some("restore the migration folder from version control".into()),
            RollbackError::NoDown { .. } => Some("write the SQL that undoes up.sql in down.sql, then `sluice rehash`".into()),
            RollbackError::Statement { partial: false, .. } => Some("nothing of this rollback was kept (its transaction was rolled back): fix down.sql (then `sluice rehash`) or the data, and run `sluice rollback` again".into()),
            RollbackError::Statement { partial: true, .. } => Some("down.sql has statements that cannot run in a transaction and the ones before the failure stayed: fix the cause, finish the undo by hand, and check with `sluice check`".into()),
            RollbackError::Apply(e) => e.help(),
            _ => None,
        }
    }
}

/// Which applied migrations a rollback undoes, newest first.
pub fn targets<'m>(
    migrations: &'m [Migration],
    history: &[HistoryRow],
    to: Option<u32>,
) -> Result<Vec<(&'m Migration, HistoryRow)>, RollbackError> {
    // Undo only what is known: every applied migration as it was applied.
    crate::apply::verify_history(migrations, history)?;
    let mut live: Vec<&HistoryRow> = history.iter().filter(|r| r.state.is_live()).collect();
    live.sort_by_key(|r| std::cmp::Reverse(r.version));
    let chosen: Vec<&HistoryRow> = match to {
        None => live.into_iter().take(1).collect(),
        Some(v) => live.into_iter().filter(|r| r.version > v).collect(),
    };
    if chosen.is_empty() {
        return Err(match to {
            None => RollbackError::NothingApplied,
            Some(v) => RollbackError::NothingAfter(v),
        });
    }
    chosen
        .into_iter()
        .map(|row| {
            let m = migrations
                .iter()
                .find(|m| m.version == row.version)
                .ok_or(RollbackError::Missing(row.version))?;
            if m.name != row.name {
                return Err(ApplyError::RenamedApplied {
                    version: row.version,
                    name: row.name.clone(),
                    folder: m.dir_name.clone(),
                }
                .into());
            }
            if checksum(&m.up) != row.checksum {
                return Err(ApplyError::ChecksumMismatch {
                    version: row.version,
                    name: row.name.clone(),
                    applied: row.checksum.clone(),
                    file: checksum(&m.up),
                }
                .into());
            }
            Ok((m, row.clone()))
        })
        .collect()
}

pub fn rollback(
    driver: &mut dyn Driver,
    migrations: &[Migration],
    opts: &RollbackOptions,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<RollbackReport, RollbackError> {
    let mut report = RollbackReport::default();
    if opts.dry_run {
        let history = driver.history().map_err(ApplyError::from)?;
        for (m, _) in targets(migrations, &history, opts.to)? {
            let stmts = split(&m.down, driver.dialect()).map_err(|e| ApplyError::Split {
                name: m.dir_name.clone(),
                message: e.to_string(),
            })?;
            report.planned.push((
                m.version,
                m.name.clone(),
                stmts.into_iter().map(|s| s.sql).collect(),
            ));
        }
        return Ok(report);
    }
    let mut d = lock(driver, opts.lock_timeout, on_event)?;
    d.ensure_meta().map_err(ApplyError::from)?;
    let history = d.history().map_err(ApplyError::from)?;
    for (m, row) in targets(migrations, &history, opts.to)? {
        let started = Instant::now();
        let restored = undo_one(&mut *d, m, row, opts, on_event)?;
        report.restored.extend(restored);
        report.rolled_back.push((m.version, m.name.clone(), started.elapsed()));
    }
    Ok(report)
}

fn undo_one(
    d: &mut dyn Driver,
    m: &Migration,
    mut row: HistoryRow,
    opts: &RollbackOptions,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Vec<BackupRecord>, RollbackError> {
    let stmts = split(&m.down, d.dialect())
        .map_err(|e| ApplyError::Split { name: m.dir_name.clone(), message: e.to_string() })?;
    let marker = m.down.find(RESTORE_MARKER).unwrap_or(m.down.len());
    let records = backup::records(d, m.version).map_err(ApplyError::from)?;
    let pending: Vec<BackupRecord> = records.into_iter().filter(|r| !r.restored).rev().collect();
    // An empty down.sql undoes a data-only migration through its backups;
    // otherwise nothing would undo up.sql.
    if stmts.is_empty()
        && pending.is_empty()
        && split(&m.up, d.dialect()).map_or(0, |s| s.len()) > 0
    {
        return Err(RollbackError::NoDown { dir: m.path.display().to_string() });
    }
    let all_tx = stmts.iter().all(|s| s.transactional);
    let total = stmts.len();
    on_event(Event::Start { migration: m, statements: total, skip: 0 });
    let audit = |event: &str, detail: String| AuditEvent {
        event: event.to_string(),
        version: Some(m.version),
        actor: opts.actor.clone(),
        env: opts.env.clone(),
        detail,
    };
    let started = Instant::now();
    let mut restored = Vec::new();
    let mut in_tx = false;
    let result = (|| -> Result<(), RollbackError> {
        if all_tx {
            d.begin()?;
            in_tx = true;
        }
        let mut restore_done = false;
        for (j, s) in stmts.iter().enumerate() {
            if !restore_done && s.span.start >= marker {
                restored = restore_all(d, &pending)?;
                restore_done = true;
            }
            on_event(Event::Statement { migration: m, index: j, total, sql: &s.sql });
            d.execute(&s.sql).map_err(|error| {
                let f = sluice_sql::SourceFile::new("down.sql", &m.down);
                let (line, column) = f.line_col(s.span.start);
                RollbackError::Statement {
                    path: m.path.display().to_string(),
                    line,
                    column,
                    index: j + 1,
                    total,
                    error,
                    partial: !all_tx && j > 0,
                }
            })?;
        }
        if !restore_done {
            restored = restore_all(d, &pending)?;
        }
        row.state = HistoryState::RolledBack;
        row.applied_at = now_rfc3339();
        row.applied_by = opts.actor.clone();
        row.env = opts.env.clone();
        row.execution_ms = started.elapsed().as_millis() as u64;
        d.write_history(&row)?;
        if in_tx {
            d.commit()?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        if in_tx {
            let _ = d.rollback();
        }
        let _ = d.append_audit(&audit("rollback_failed", e.to_string()));
        return Err(e);
    }
    let rows: u64 = restored.iter().map(|r| r.rows).sum();
    d.append_audit(&audit(
        "rolled_back",
        format!(
            "down.sql: {total} statement(s); {} backup(s) restored ({rows} row(s))",
            restored.len()
        ),
    ))
    .map_err(ApplyError::from)?;
    on_event(Event::Done { migration: m, elapsed: started.elapsed() });
    Ok(restored)
}

fn restore_all(
    d: &mut dyn Driver,
    pending: &[BackupRecord],
) -> Result<Vec<BackupRecord>, ApplyError> {
    let mut out = Vec::new();
    for r in pending {
        backup::restore(d, r)?;
        out.push(r.clone());
    }
    Ok(out)
}
