//! sluice's own tables in a MySQL/MariaDB database, prefixed tables in the
//! target database as on SQLite: `sluice_history` (one row per migration
//! version, written with `INSERT .. ON DUPLICATE KEY UPDATE`),
//! `sluice_audit` (events; append-only: `BEFORE UPDATE` / `BEFORE DELETE`
//! triggers raise an error, so no statement can rewrite what happened) and
//! `sluice_backups` (the records of data backups). Introspection leaves
//! every table whose name starts with `sluice_` out of the user's schema.

use super::{db_error, rows};
use mysql::prelude::Queryable;
use mysql::Conn;
use sluice_migrate::{AuditEvent, AuditRow, DbError, DbResult, HistoryRow, HistoryState, UserRow};

const TABLES: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS sluice_history (
    version int unsigned NOT NULL PRIMARY KEY,
    name varchar(255) NOT NULL,
    checksum varchar(128) NOT NULL,
    state varchar(32) NOT NULL,
    applied_at varchar(64) NOT NULL,
    applied_by varchar(255) NOT NULL,
    execution_ms bigint unsigned NOT NULL,
    env varchar(255) NOT NULL,
    tool_version varchar(64) NOT NULL,
    statements_done int unsigned NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE IF NOT EXISTS sluice_audit (
    id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at datetime(3) NOT NULL DEFAULT current_timestamp(3),
    event varchar(64) NOT NULL,
    version int unsigned NULL,
    actor varchar(255) NOT NULL,
    env varchar(255) NOT NULL,
    detail text NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE IF NOT EXISTS sluice_backups (
    version int unsigned NOT NULL,
    seq int unsigned NOT NULL,
    record longtext NOT NULL,
    created_at datetime(3) NOT NULL DEFAULT current_timestamp(3),
    PRIMARY KEY (version, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
];

const TRIGGERS: &[(&str, &str, &str)] = &[
    ("sluice_audit_no_update", "UPDATE", "changed"),
    ("sluice_audit_no_delete", "DELETE", "deleted"),
];

fn table_exists(conn: &mut Conn, name: &str) -> DbResult<bool> {
    let n: Option<i64> = conn
        .exec_first(
            "SELECT count(*) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
            (name,),
        )
        .map_err(db_error)?;
    Ok(n.unwrap_or(0) > 0)
}

/// Create the tables and the audit triggers if missing.
pub fn ensure(conn: &mut Conn) -> DbResult<()> {
    let context = |e: DbError| {
        DbError::Other(format!(
            "cannot create sluice's tables (sluice_history, sluice_audit, sluice_backups): {e}"
        ))
    };
    for sql in TABLES {
        conn.query_drop(*sql).map_err(db_error).map_err(context)?;
    }
    for (name, event, verb) in TRIGGERS {
        let exists: Option<i64> = conn
            .exec_first(
                "SELECT count(*) FROM information_schema.TRIGGERS \
                 WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = ?",
                (name,),
            )
            .map_err(db_error)?;
        if exists.unwrap_or(0) == 0 {
            conn.query_drop(format!(
                "CREATE TRIGGER {name} BEFORE {event} ON sluice_audit FOR EACH ROW \
                 SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = \
                 'sluice_audit is append-only: its rows cannot be {verb}'"
            ))
            .map_err(db_error)
            .map_err(context)?;
        }
    }
    Ok(())
}

pub fn history(conn: &mut Conn) -> DbResult<Vec<HistoryRow>> {
    if !table_exists(conn, "sluice_history")? {
        return Ok(Vec::new());
    }
    let raw = rows(
        conn,
        "SELECT version, name, checksum, state, applied_at, applied_by, execution_ms, env, \
         tool_version, statements_done FROM sluice_history ORDER BY version",
    )?;
    raw.into_iter()
        .map(|r| {
            let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
            let version = get(0);
            let bad = |what: &str| {
                DbError::Other(format!(
                    "sluice_history row for version {version} has an invalid {what}: the \
                     table was edited by hand; fix or delete that row"
                ))
            };
            Ok(HistoryRow {
                version: version.parse().map_err(|_| bad("version"))?,
                name: get(1),
                checksum: get(2),
                state: HistoryState::parse(&get(3)).ok_or_else(|| bad("state"))?,
                applied_at: get(4),
                applied_by: get(5),
                execution_ms: get(6).parse().map_err(|_| bad("execution_ms"))?,
                env: get(7),
                tool_version: get(8),
                statements_done: get(9).parse().map_err(|_| bad("statements_done"))?,
            })
        })
        .collect()
}

pub fn write_history(conn: &mut Conn, row: &HistoryRow) -> DbResult<()> {
    conn.exec_drop(
        "INSERT INTO sluice_history (version, name, checksum, state, applied_at, applied_by, \
         execution_ms, env, tool_version, statements_done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON DUPLICATE KEY UPDATE name = VALUES(name), checksum = VALUES(checksum), \
         state = VALUES(state), applied_at = VALUES(applied_at), \
         applied_by = VALUES(applied_by), execution_ms = VALUES(execution_ms), \
         env = VALUES(env), tool_version = VALUES(tool_version), \
         statements_done = VALUES(statements_done)",
        (
            row.version,
            &row.name,
            &row.checksum,
            row.state.as_str(),
            &row.applied_at,
            &row.applied_by,
            row.execution_ms,
            &row.env,
            &row.tool_version,
            row.statements_done,
        ),
    )
    .map_err(db_error)
}

pub fn append_audit(conn: &mut Conn, e: &AuditEvent) -> DbResult<()> {
    conn.exec_drop(
        "INSERT INTO sluice_audit (event, version, actor, env, detail) VALUES (?, ?, ?, ?, ?)",
        (&e.event, e.version, &e.actor, &e.env, &e.detail),
    )
    .map_err(db_error)
}

pub fn audit(conn: &mut Conn) -> DbResult<Vec<AuditRow>> {
    if !table_exists(conn, "sluice_audit")? {
        return Ok(Vec::new());
    }
    let raw = rows(
        conn,
        "SELECT DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%fZ'), event, version, actor, env, detail \
         FROM sluice_audit ORDER BY id",
    )?;
    Ok(raw
        .into_iter()
        .map(|r| {
            let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
            // %f prints microseconds; keep milliseconds as the other drivers do.
            let mut at = get(0);
            if at.len() == 27 {
                at.replace_range(23..26, "");
            }
            AuditRow {
                at,
                event: AuditEvent {
                    event: get(1),
                    version: r.get(2).cloned().flatten().and_then(|v| v.parse().ok()),
                    actor: get(3),
                    env: get(4),
                    detail: get(5),
                },
            }
        })
        .collect())
}

pub fn record_backup(conn: &mut Conn, version: u32, seq: u32, record: &str) -> DbResult<()> {
    conn.exec_drop(
        "INSERT INTO sluice_backups (version, seq, record) VALUES (?, ?, ?) \
         ON DUPLICATE KEY UPDATE record = VALUES(record)",
        (version, seq, record),
    )
    .map_err(db_error)
}

pub fn backup_records(conn: &mut Conn, version: u32) -> DbResult<Vec<String>> {
    if !table_exists(conn, "sluice_backups")? {
        return Ok(Vec::new());
    }
    let got: Vec<String> = conn
        .exec("SELECT record FROM sluice_backups WHERE version = ? ORDER BY seq", (version,))
        .map_err(db_error)?;
    Ok(got)
}

/// Dashboard accounts: `sluice_users`, created on first use.
const CREATE_USERS: &str = "CREATE TABLE IF NOT EXISTS sluice_users (
    name varchar(255) NOT NULL PRIMARY KEY,
    role varchar(32) NOT NULL,
    password_hash varchar(255) NOT NULL,
    created_at datetime(3) NOT NULL DEFAULT current_timestamp(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

pub fn users(conn: &mut Conn) -> DbResult<Vec<UserRow>> {
    if !table_exists(conn, "sluice_users")? {
        return Ok(Vec::new());
    }
    let raw = rows(
        conn,
        "SELECT name, role, password_hash, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') \
         FROM sluice_users ORDER BY name",
    )?;
    Ok(raw
        .into_iter()
        .map(|r| {
            let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
            UserRow { name: get(0), role: get(1), password_hash: get(2), created_at: get(3) }
        })
        .collect())
}

pub fn put_user(conn: &mut Conn, user: &UserRow) -> DbResult<()> {
    conn.query_drop(CREATE_USERS).map_err(db_error)?;
    conn.exec_drop(
        "INSERT INTO sluice_users (name, role, password_hash) VALUES (?, ?, ?) \
         ON DUPLICATE KEY UPDATE role = VALUES(role), password_hash = VALUES(password_hash)",
        (&user.name, &user.role, &user.password_hash),
    )
    .map_err(db_error)
}

pub fn remove_user(conn: &mut Conn, name: &str) -> DbResult<bool> {
    if !table_exists(conn, "sluice_users")? {
        return Ok(false);
    }
    conn.exec_drop("DELETE FROM sluice_users WHERE name = ?", (name,)).map_err(db_error)?;
    Ok(conn.affected_rows() > 0)
}
