//! sluice's own tables in a SQLite database: `sluice_history` (one row per
//! migration version, written with an upsert) and `sluice_audit` (events,
//! append-only: triggers abort any UPDATE or DELETE, so a mistaken or
//! hostile statement cannot rewrite what happened).
//!
//! Times: `applied_at` is the RFC 3339 text the engine gives;
//! `sluice_audit.at` is filled in by SQLite, in UTC with milliseconds.
//! Introspection leaves every object whose name starts with `sluice_` out
//! of the user's schema (see `introspect.rs`).

use super::errors::{context, statement_error};
use rusqlite::{params, Connection, OptionalExtension};
use sluice_migrate::{AuditEvent, AuditRow, DbError, DbResult, HistoryRow, HistoryState, UserRow};

pub const HISTORY: &str = "sluice_history";
pub const AUDIT: &str = "sluice_audit";

const CREATE: &str = "
CREATE TABLE IF NOT EXISTS sluice_history (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    state text NOT NULL,
    applied_at text NOT NULL,
    applied_by text NOT NULL,
    execution_ms integer NOT NULL,
    env text NOT NULL,
    tool_version text NOT NULL,
    statements_done integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sluice_audit (
    id integer PRIMARY KEY AUTOINCREMENT,
    at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    event text NOT NULL,
    version integer,
    actor text NOT NULL,
    env text NOT NULL,
    detail text NOT NULL
);
CREATE TABLE IF NOT EXISTS sluice_backups (
    version integer NOT NULL,
    seq integer NOT NULL,
    record text NOT NULL,
    created_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (version, seq)
);
CREATE TRIGGER IF NOT EXISTS sluice_audit_no_update BEFORE UPDATE ON sluice_audit
BEGIN
    SELECT RAISE(ABORT, 'sluice_audit is append-only: its rows cannot be changed');
END;
CREATE TRIGGER IF NOT EXISTS sluice_audit_no_delete BEFORE DELETE ON sluice_audit
BEGIN
    SELECT RAISE(ABORT, 'sluice_audit is append-only: its rows cannot be deleted');
END;
";

/// Columns sluice reads and writes, per table: a table of that name made
/// by something else (or a future sluice) is reported, not misused.
const HISTORY_COLUMNS: &[&str] = &[
    "version",
    "name",
    "checksum",
    "state",
    "applied_at",
    "applied_by",
    "execution_ms",
    "env",
    "tool_version",
    "statements_done",
];
const AUDIT_COLUMNS: &[&str] = &["id", "at", "event", "version", "actor", "env", "detail"];

/// Create the tables and triggers if missing, all or nothing (a savepoint
/// works both inside and outside an open transaction).
pub fn ensure(conn: &Connection) -> DbResult<()> {
    let run = || -> rusqlite::Result<()> {
        conn.execute_batch("SAVEPOINT sluice_meta")?;
        match conn.execute_batch(CREATE) {
            Ok(()) => conn.execute_batch("RELEASE sluice_meta"),
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK TO sluice_meta; RELEASE sluice_meta");
                Err(e)
            }
        }
    };
    run().map_err(context("cannot create sluice's tables (sluice_history, sluice_audit)"))?;
    check_columns(conn, HISTORY, HISTORY_COLUMNS)?;
    check_columns(conn, AUDIT, AUDIT_COLUMNS)
}

fn check_columns(conn: &Connection, table: &str, wanted: &[&str]) -> DbResult<()> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info(?1, 'main')")
        .map_err(context("reading sluice's tables"))?;
    let have: Vec<String> = stmt
        .query_map([table], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(context("reading sluice's tables"))?;
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| !have.iter().any(|h| h.eq_ignore_ascii_case(w)))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(DbError::Other(format!(
        "table {table} exists but has no column(s) {}: it was not made by this version of \
         sluice; rename it or move it away, and run again",
        missing.join(", ")
    )))
}

fn table_exists(conn: &Connection, name: &str) -> DbResult<bool> {
    conn.query_row("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", [name], |_| {
        Ok(())
    })
    .optional()
    .map(|r| r.is_some())
    .map_err(context("reading sqlite_schema"))
}

pub fn audit(conn: &Connection) -> DbResult<Vec<AuditRow>> {
    if !table_exists(conn, AUDIT)? {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare("SELECT at, event, version, actor, env, detail FROM sluice_audit ORDER BY id")
        .map_err(context("reading sluice_audit"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(AuditRow {
                at: r.get(0)?,
                event: AuditEvent {
                    event: r.get(1)?,
                    version: r.get::<_, Option<i64>>(2)?.and_then(|v| u32::try_from(v).ok()),
                    actor: r.get(3)?,
                    env: r.get(4)?,
                    detail: r.get(5)?,
                },
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(context("reading sluice_audit"));
    rows
}

pub fn record_backup(conn: &Connection, version: u32, seq: u32, record: &str) -> DbResult<()> {
    conn.execute(
        "INSERT INTO sluice_backups (version, seq, record) VALUES (?1, ?2, ?3)
         ON CONFLICT (version, seq) DO UPDATE SET record = excluded.record",
        params![version, seq, record],
    )
    .map_err(context("writing sluice_backups"))?;
    Ok(())
}

pub fn backup_records(conn: &Connection, version: u32) -> DbResult<Vec<String>> {
    if !table_exists(conn, "sluice_backups")? {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare("SELECT record FROM sluice_backups WHERE version = ?1 ORDER BY seq")
        .map_err(context("reading sluice_backups"))?;
    let rows = stmt
        .query_map([version], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(context("reading sluice_backups"));
    rows
}

/// The history by version; empty when `sluice_history` does not exist.
pub fn history(conn: &Connection) -> DbResult<Vec<HistoryRow>> {
    if !table_exists(conn, HISTORY)? {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare(
            "SELECT version, name, checksum, state, applied_at, applied_by, execution_ms, env, \
             tool_version, statements_done FROM sluice_history ORDER BY version",
        )
        .map_err(context("reading sluice_history"))?;
    let raw = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, i64>(9)?,
            ))
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(context("reading sluice_history"))?;
    raw.into_iter()
        .map(|(version, name, checksum, state, applied_at, applied_by, ms, env, tool, done)| {
            let bad = |what: &str| {
                DbError::Other(format!(
                    "sluice_history row for version {version} has an invalid {what}: the \
                     table was edited by hand; fix or delete that row"
                ))
            };
            Ok(HistoryRow {
                version: u32::try_from(version).map_err(|_| bad("version"))?,
                name,
                checksum,
                state: HistoryState::parse(&state).ok_or_else(|| bad("state"))?,
                applied_at,
                applied_by,
                execution_ms: u64::try_from(ms).map_err(|_| bad("execution_ms"))?,
                env,
                tool_version: tool,
                statements_done: u32::try_from(done).map_err(|_| bad("statements_done"))?,
            })
        })
        .collect()
}

/// Insert the row of `row.version`, or replace every field of it.
pub fn write_history(conn: &Connection, row: &HistoryRow) -> DbResult<()> {
    conn.execute(
        "INSERT INTO sluice_history (version, name, checksum, state, applied_at, applied_by, \
         execution_ms, env, tool_version, statements_done) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (version) DO UPDATE SET name = excluded.name, \
         checksum = excluded.checksum, state = excluded.state, \
         applied_at = excluded.applied_at, applied_by = excluded.applied_by, \
         execution_ms = excluded.execution_ms, env = excluded.env, \
         tool_version = excluded.tool_version, statements_done = excluded.statements_done",
        params![
            row.version,
            row.name,
            row.checksum,
            row.state.as_str(),
            row.applied_at,
            row.applied_by,
            i64::try_from(row.execution_ms).unwrap_or(i64::MAX),
            row.env,
            row.tool_version,
            row.statements_done,
        ],
    )
    .map(drop)
    .map_err(statement_error)
}

pub fn append_audit(conn: &Connection, event: &AuditEvent) -> DbResult<()> {
    conn.execute(
        "INSERT INTO sluice_audit (event, version, actor, env, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![event.event, event.version, event.actor, event.env, event.detail],
    )
    .map(drop)
    .map_err(statement_error)
}

/// Dashboard accounts: `sluice_users`, created on first use.
const CREATE_USERS: &str = "
CREATE TABLE IF NOT EXISTS sluice_users (
    name text PRIMARY KEY,
    role text NOT NULL,
    password_hash text NOT NULL,
    created_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
";

pub fn users(conn: &Connection) -> DbResult<Vec<UserRow>> {
    if !table_exists(conn, "sluice_users")? {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare("SELECT name, role, password_hash, created_at FROM sluice_users ORDER BY name")
        .map_err(context("reading sluice_users"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(UserRow {
                name: r.get(0)?,
                role: r.get(1)?,
                password_hash: r.get(2)?,
                created_at: r.get(3)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(context("reading sluice_users"));
    rows
}

pub fn put_user(conn: &Connection, user: &UserRow) -> DbResult<()> {
    conn.execute_batch(CREATE_USERS).map_err(context("cannot create sluice_users"))?;
    conn.execute(
        "INSERT INTO sluice_users (name, role, password_hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET role = excluded.role,
             password_hash = excluded.password_hash",
        params![user.name, user.role, user.password_hash],
    )
    .map(drop)
    .map_err(statement_error)
}

pub fn remove_user(conn: &Connection, name: &str) -> DbResult<bool> {
    if !table_exists(conn, "sluice_users")? {
        return Ok(false);
    }
    conn.execute("DELETE FROM sluice_users WHERE name = ?1", [name])
        .map(|n| n > 0)
        .map_err(statement_error)
}
