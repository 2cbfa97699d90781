//! The database seam: everything sluice asks of a database, as one trait.
//! The drivers (crate sluice-db) implement it for PostgreSQL and SQLite;
//! MySQL follows the same trait. The apply engine, drift check and the
//! commands only ever see `dyn Driver`.
//!
//! The trait is synchronous: a migration runs statement by statement, in
//! order, and nothing in a CLI run gains from overlapping them.

use serde::{Deserialize, Serialize};
use sluice_schema::{Dialect, QualifiedName, Schema};
use std::fmt;

/// The state of one migration in a database's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryState {
    /// Ran to the end and committed.
    Applied,
    /// Recorded as applied without running (`sluice baseline`, or adopted
    /// from another tool's history).
    Baseline,
    /// Stopped in the middle: `statements_done` tells how far it got. Apply
    /// refuses to go on until it is resolved.
    Failed,
    /// Undone by its down migration.
    RolledBack,
    /// Applied, and the live schema read back equals the migration's
    /// snapshot (`sluice migrate`'s verify step, `sluice check`).
    Synced,
    /// Synced, and the project's `[workflow] test` command passed.
    Tested,
}

impl HistoryState {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryState::Applied => "applied",
            HistoryState::Baseline => "baseline",
            HistoryState::Failed => "failed",
            HistoryState::RolledBack => "rolled_back",
            HistoryState::Synced => "synced",
            HistoryState::Tested => "tested",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "applied" => HistoryState::Applied,
            "baseline" => HistoryState::Baseline,
            "failed" => HistoryState::Failed,
            "rolled_back" => HistoryState::RolledBack,
            "synced" => HistoryState::Synced,
            "tested" => HistoryState::Tested,
            _ => return None,
        })
    }
    /// Counts as present in the database (its schema changes are live).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            HistoryState::Applied
                | HistoryState::Baseline
                | HistoryState::Synced
                | HistoryState::Tested
        )
    }
}

impl fmt::Display for HistoryState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One row of the history table (one per migration version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub version: u32,
    pub name: String,
    /// SHA-256 of up.sql as applied.
    pub checksum: String,
    pub state: HistoryState,
    /// RFC 3339, UTC.
    pub applied_at: String,
    pub applied_by: String,
    pub execution_ms: u64,
    pub env: String,
    pub tool_version: String,
    /// Statements of up.sql that completed (progress of a failed run).
    pub statements_done: u32,
}

/// One append-only audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// `applied`, `failed`, `baseline`, `rolled_back`, `drift_seen`, ...
    pub event: String,
    pub version: Option<u32>,
    pub actor: String,
    pub env: String,
    /// Free text: what happened, in words (never a secret).
    pub detail: String,
}

/// An audit event as stored, with the time the database recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    #[serde(flatten)]
    pub event: AuditEvent,
}

/// One dashboard account (`sluice user`, `sluice serve`), stored beside
/// history and audit. The role is kept as text; its meaning belongs to the
/// dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub name: String,
    pub role: String,
    /// A PHC string (`$argon2id$v=19$...`); never the password.
    #[serde(skip_serializing)]
    pub password_hash: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A failure talking to the database. Messages never contain a password:
/// drivers build them from redacted URLs only.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to {url}: {message}")]
    Connect { url: String, message: String },
    #[error("{message}")]
    Statement {
        message: String,
        /// Byte offset into the statement text, when the server reports one.
        position: Option<usize>,
        /// The server's error code (SQLSTATE on PostgreSQL).
        code: Option<String>,
    },
    #[error("{0}")]
    Other(String),
}

impl DbError {
    pub fn other(e: impl fmt::Display) -> Self {
        DbError::Other(e.to_string())
    }
}

pub type DbResult<T> = Result<T, DbError>;

pub trait Driver {
    fn dialect(&self) -> Dialect;

    /// The connection URL with any password replaced by `***`.
    fn redacted_url(&self) -> String;

    /// Try to take the migration lock (one per database) without waiting.
    /// True when taken. The lock is held by this connection (PostgreSQL
    /// advisory lock) or process (SQLite lock file) and released by
    /// [`Driver::unlock`], or by the server when the session dies.
    fn try_lock(&mut self) -> DbResult<bool>;
    fn unlock(&mut self) -> DbResult<()>;

    /// Create the history and audit tables if missing.
    fn ensure_meta(&mut self) -> DbResult<()>;
    /// The history, by version; empty when the tables do not exist yet.
    fn history(&mut self) -> DbResult<Vec<HistoryRow>>;
    /// Insert or replace the row of `row.version`.
    fn write_history(&mut self, row: &HistoryRow) -> DbResult<()>;
    /// Remove the row of `version` (a migration whose first statement
    /// failed before anything of it stayed).
    fn forget_history(&mut self, version: u32) -> DbResult<()>;
    fn append_audit(&mut self, event: &AuditEvent) -> DbResult<()>;
    /// The audit log, oldest first; empty when the table does not exist.
    fn audit(&mut self) -> DbResult<Vec<AuditRow>>;

    /// Dashboard accounts, by name; empty when the table does not exist.
    fn users(&mut self) -> DbResult<Vec<UserRow>>;
    /// Create the accounts table if missing, then insert the account or
    /// replace the one of the same name.
    fn put_user(&mut self, user: &UserRow) -> DbResult<()>;
    /// Remove an account; whether there was one.
    fn remove_user(&mut self, name: &str) -> DbResult<bool>;

    /// The live schema, without sluice's own tables.
    fn introspect(&mut self) -> DbResult<Schema>;

    /// Objects of the database the schema model cannot represent yet
    /// (functions, triggers, policies...), each named with its kind, so
    /// commands can say what they leave alone instead of hiding it.
    fn unmanaged(&mut self) -> DbResult<Vec<String>>;

    fn begin(&mut self) -> DbResult<()>;
    fn commit(&mut self) -> DbResult<()>;
    fn rollback(&mut self) -> DbResult<()>;
    /// Run one statement (no result rows expected).
    fn execute(&mut self, sql: &str) -> DbResult<()>;
    /// The quoted name of the copy that backs up `table` before step `seq`
    /// of migration `version` (schema `sluice_backup` on PostgreSQL, a
    /// `sluice_backup_` table on SQLite: in the same database either way).
    fn backup_name(&self, version: u32, seq: u32, table: &QualifiedName) -> String;
    /// Create what backups need (the backup schema, the records table).
    fn ensure_backup_space(&mut self) -> DbResult<()>;
    /// Store one backup's record (JSON), replacing an earlier one of the
    /// same version and step.
    fn record_backup(&mut self, version: u32, seq: u32, record: &str) -> DbResult<()>;
    /// The records of a migration's backups (JSON), in step order.
    fn backup_records(&mut self, version: u32) -> DbResult<Vec<String>>;
    /// The size on disk of a table, when the database can tell.
    fn relation_bytes(&mut self, quoted: &str) -> DbResult<Option<u64>>;
    /// What an `INSERT` restoring rows says so that identity columns take
    /// the backed-up values (PostgreSQL: `OVERRIDING SYSTEM VALUE`).
    fn restore_insert_clause(&self) -> &'static str {
        ""
    }
    /// The statement that copies backed-up values of the (quoted) columns
    /// `set` back into the rows of `target` (alias `_t`) that match a row of
    /// `backup` (alias `_b`) on `key_match`. Default: `UPDATE .. FROM`
    /// (PostgreSQL, SQLite).
    fn restore_update(
        &self,
        target: &str,
        backup: &str,
        set: &[String],
        key_match: &str,
    ) -> String {
        let set: Vec<String> = set.iter().map(|c| format!("{c} = _b.{c}")).collect();
        format!(
            "UPDATE {target} AS _t SET {} FROM {backup} AS _b WHERE {key_match}",
            set.join(", ")
        )
    }
    /// After rows went back into `table`: move the sequences of `columns`
    /// past the restored values, where the database has them.
    fn after_restore(&mut self, _table: &str, _columns: &[String]) -> DbResult<()> {
        Ok(())
    }

    /// A digest of the live schema (sluice's own tables left out): equal
    /// digests, same schema. The apply engine records it before a statement
    /// that cannot run in a transaction, so that after a crash `--resume`
    /// can tell whether that statement took effect. Default: the digest of
    /// [`Driver::introspect`]; a driver may answer more cheaply.
    fn schema_digest(&mut self) -> DbResult<String> {
        let schema = self.introspect()?;
        Ok(crate::apply::checksum(&crate::snapshot::to_json(&schema)))
    }

    /// Rows returned by a check statement (SQLite `PRAGMA foreign_key_check`):
    /// a non-empty answer is a failure the engine reports.
    fn query_rows(&mut self, sql: &str) -> DbResult<Vec<Vec<String>>>;
}

/// `scheme://user:password@host/...` -> `scheme://user:***@host/...`;
/// also masks `password=...` parameters. Lenient on malformed URLs (a
/// missing `:` after the scheme, unencoded `/`, `#` or `@` in the
/// password): the password is whatever lies between the first `:` of the
/// user part and the last `@` (too much masked rather than too little).
pub fn redact_url(url: &str) -> String {
    let mut out = match url_password(url) {
        Some((start, end)) => format!("{}***{}", &url[..start], &url[end..]),
        None => url.to_string(),
    };
    // key=value parameters (query string or libpq keyword form).
    let lower = out.to_ascii_lowercase();
    let mut result = String::new();
    let mut i = 0;
    while let Some(off) = lower[i..].find("password=") {
        let start = i + off + "password=".len();
        result.push_str(&out[i..start]);
        result.push_str("***");
        let end = out[start..].find(['&', ' ']).map_or(out.len(), |e| start + e);
        i = end;
    }
    result.push_str(&out[i..]);
    out = result;
    out
}

/// The byte range of the password in a URL's user part, if it has one
/// (see [`redact_url`] for the malformed URLs it accepts).
pub fn url_password(url: &str) -> Option<(usize, usize)> {
    let at = url.rfind('@')?;
    let head = &url[..at];
    // Where the user part starts: after `://`, `//`, or the scheme's `:`.
    let user_start = if let Some(i) = head.find("//") {
        i + 2
    } else {
        let colon = head.find(':')?;
        // `user:pw@host` without a scheme at all: the user starts at 0.
        if head[colon + 1..].contains(':') {
            colon + 1
        } else {
            0
        }
    };
    let colon = head[user_start..].find(':')? + user_start + 1;
    (colon < at).then_some((colon, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(redact_url("postgres://u:s3cret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact_url("postgres://h/db?user=u&password=x&sslmode=require"),
            "postgres://h/db?user=u&password=***&sslmode=require"
        );
        assert_eq!(redact_url("host=h password=abc dbname=d"), "host=h password=*** dbname=d");
        assert_eq!(redact_url("postgres://u:p@ss:w@rd@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact_url("sqlite://dev.db"), "sqlite://dev.db");
        // Malformed: the password is still masked.
        assert_eq!(redact_url("postgres://u:a/pw@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://u:pw#x@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact_url("postgres//u:pw@h/db"), "postgres//u:***@h/db");
        assert_eq!(redact_url("postgres:u:pw@h/db"), "postgres:u:***@h/db");
        assert_eq!(redact_url("u:pw@h"), "u:***@h");
        assert_eq!(redact_url("mysql://u:pw@[::1/db"), "mysql://u:***@[::1/db");
        assert_eq!(
            redact_url("postgres://u@h/db?application_name=a@b"),
            "postgres://u@h/db?application_name=a@b"
        );
    }
}
