//! The MySQL/MariaDB driver: [`MysqlDriver`] implements [`Driver`] with the
//! synchronous `mysql` client (pure Rust, no TLS), which fits the
//! synchronous trait without a runtime.
//!
//! One file per concern: [`meta`] (sluice_history, sluice_audit,
//! sluice_backups: prefixed tables in the target database, as on SQLite),
//! [`introspect`] (the live schema from information_schema). The
//! migration lock is `GET_LOCK`, named after the database, held by the
//! session. MySQL commits implicitly around every DDL statement: the apply
//! engine runs each as its own part (see sluice-sql's `split`), so history
//! records progress statement by statement.
//!
//! Each session runs in UTC (`time_zone = '+00:00'`), so audit times are UTC.

pub mod introspect;
mod meta;

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, Value};
use sluice_migrate::backup::backup_table_name;
use sluice_migrate::driver::redact_url;
use sluice_migrate::{AuditEvent, AuditRow, DbError, DbResult, Driver, HistoryRow};
use sluice_schema::{Dialect, QualifiedName, Schema};

pub struct MysqlDriver {
    conn: Conn,
    url: String,
    database: String,
    locked: bool,
}

/// A MySQL error as a [`DbError`]; the message never holds the URL.
pub(crate) fn db_error(e: mysql::Error) -> DbError {
    match e {
        mysql::Error::MySqlError(m) => DbError::Statement {
            message: format!("{} (MySQL error {}, SQLSTATE {})", m.message, m.code, m.state),
            position: None,
            code: Some(m.code.to_string()),
        },
        other => DbError::Other(other.to_string()),
    }
}

/// A cell as text; `None` for NULL.
pub(crate) fn cell(v: &Value) -> Option<String> {
    match v {
        Value::NULL => None,
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::Int(i) => Some(i.to_string()),
        Value::UInt(u) => Some(u.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Double(f) => Some(f.to_string()),
        other => Some(other.as_sql(true).trim_matches('\'').to_string()),
    }
}

/// The text rows of a query.
pub(crate) fn rows(conn: &mut Conn, sql: &str) -> DbResult<Vec<Vec<Option<String>>>> {
    let rows: Vec<mysql::Row> = conn.query(sql).map_err(db_error)?;
    Ok(rows.into_iter().map(|r| r.unwrap().iter().map(cell).collect()).collect())
}

impl MysqlDriver {
    /// Connect to the database `url` names (`mysql://user:pass@host:port/db`;
    /// `mariadb://` is the same).
    pub fn connect(url: &str) -> DbResult<MysqlDriver> {
        let fail = |message: String| DbError::Connect { url: redact_url(url), message };
        let normalized = match url.split_once("://") {
            Some((_, rest)) => format!("mysql://{rest}"),
            None => return Err(fail("expected mysql://user@host:port/database".into())),
        };
        let opts = Opts::from_url(&normalized).map_err(|e| fail(format!("invalid URL: {e}")))?;
        let Some(database) = opts.get_db_name().map(str::to_string).filter(|d| !d.is_empty())
        else {
            return Err(fail(
                "the URL names no database: add one, e.g. mysql://root@127.0.0.1:3306/app".into(),
            ));
        };
        let mut conn = Conn::new(opts).map_err(|e| fail(e.to_string()))?;
        conn.query_drop("SET time_zone = '+00:00'").map_err(|e| fail(e.to_string()))?;
        Ok(MysqlDriver { conn, url: url.to_string(), database, locked: false })
    }

    /// The database the URL names.
    pub fn database(&self) -> &str {
        &self.database
    }

    /// The connection, for tests and tools built on the driver.
    pub fn conn(&mut self) -> &mut Conn {
        &mut self.conn
    }

    fn lock_name(&self) -> String {
        // GET_LOCK names are at most 64 characters.
        let mut n = format!("sluice:{}", self.database);
        n.truncate(64);
        n
    }
}

impl Driver for MysqlDriver {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn redacted_url(&self) -> String {
        redact_url(&self.url)
    }

    fn try_lock(&mut self) -> DbResult<bool> {
        let name = self.lock_name();
        let got: Option<Option<i64>> =
            self.conn.exec_first("SELECT GET_LOCK(?, 0)", (name,)).map_err(db_error)?;
        self.locked = got.flatten() == Some(1);
        Ok(self.locked)
    }

    fn unlock(&mut self) -> DbResult<()> {
        let name = self.lock_name();
        self.conn.exec_drop("SELECT RELEASE_LOCK(?)", (name,)).map_err(db_error)?;
        self.locked = false;
        Ok(())
    }

    fn ensure_meta(&mut self) -> DbResult<()> {
        meta::ensure(&mut self.conn)
    }

    fn history(&mut self) -> DbResult<Vec<HistoryRow>> {
        meta::history(&mut self.conn)
    }

    /// One query over information_schema instead of a whole introspection:
    /// it runs before every DDL statement of a migration.
    fn schema_digest(&mut self) -> DbResult<String> {
        let text: Vec<String> = rows(&mut self.conn, SCHEMA_DIGEST)?
            .into_iter()
            .map(|r| {
                r.into_iter().map(Option::unwrap_or_default).collect::<Vec<_>>().join("\u{1f}")
            })
            .collect();
        Ok(sluice_migrate::apply::checksum(&text.join("\n")))
    }

    fn forget_history(&mut self, version: u32) -> DbResult<()> {
        self.conn
            .exec_drop("DELETE FROM sluice_history WHERE version = ?", (version,))
            .map_err(db_error)
    }

    fn write_history(&mut self, row: &HistoryRow) -> DbResult<()> {
        meta::write_history(&mut self.conn, row)
    }

    fn append_audit(&mut self, event: &AuditEvent) -> DbResult<()> {
        meta::append_audit(&mut self.conn, event)
    }

    fn audit(&mut self) -> DbResult<Vec<AuditRow>> {
        meta::audit(&mut self.conn)
    }

    fn users(&mut self) -> DbResult<Vec<sluice_migrate::UserRow>> {
        meta::users(&mut self.conn)
    }

    fn put_user(&mut self, user: &sluice_migrate::UserRow) -> DbResult<()> {
        meta::put_user(&mut self.conn, user)
    }

    fn remove_user(&mut self, name: &str) -> DbResult<bool> {
        meta::remove_user(&mut self.conn, name)
    }

    fn introspect(&mut self) -> DbResult<Schema> {
        introspect::introspect(&mut self.conn)
    }

    fn unmanaged(&mut self) -> DbResult<Vec<String>> {
        introspect::unmanaged(&mut self.conn)
    }

    fn begin(&mut self) -> DbResult<()> {
        self.conn.query_drop("START TRANSACTION").map_err(db_error)
    }

    fn commit(&mut self) -> DbResult<()> {
        self.conn.query_drop("COMMIT").map_err(db_error)
    }

    fn rollback(&mut self) -> DbResult<()> {
        self.conn.query_drop("ROLLBACK").map_err(db_error)
    }

    fn execute(&mut self, sql: &str) -> DbResult<()> {
        self.conn.query_drop(sql).map_err(db_error)
    }

    /// A `sluice_backup_` table in the same database, as on SQLite.
    fn backup_name(&self, version: u32, seq: u32, table: &QualifiedName) -> String {
        let name = backup_table_name(version, seq, &table.name);
        let mut full = format!("sluice_backup_{name}");
        // MySQL names are at most 64 characters.
        while full.len() > 64 {
            full.pop();
        }
        format!("`{}`", full.replace('`', "``"))
    }

    fn ensure_backup_space(&mut self) -> DbResult<()> {
        meta::ensure(&mut self.conn)
    }

    fn record_backup(&mut self, version: u32, seq: u32, record: &str) -> DbResult<()> {
        meta::record_backup(&mut self.conn, version, seq, record)
    }

    fn backup_records(&mut self, version: u32) -> DbResult<Vec<String>> {
        meta::backup_records(&mut self.conn, version)
    }

    /// Data and index length from information_schema.TABLES.
    fn relation_bytes(&mut self, quoted: &str) -> DbResult<Option<u64>> {
        let name = quoted.trim_matches('`').replace("``", "`");
        let got: Option<Option<u64>> = self
            .conn
            .exec_first(
                "SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                (name,),
            )
            .map_err(db_error)?;
        Ok(got.flatten())
    }

    fn restore_update(
        &self,
        target: &str,
        backup: &str,
        set: &[String],
        key_match: &str,
    ) -> String {
        let set: Vec<String> = set.iter().map(|c| format!("_t.{c} = _b.{c}")).collect();
        format!("UPDATE {target} AS _t JOIN {backup} AS _b ON {key_match} SET {}", set.join(", "))
    }

    fn query_rows(&mut self, sql: &str) -> DbResult<Vec<Vec<String>>> {
        Ok(rows(&mut self.conn, sql)?
            .into_iter()
            .map(|r| r.into_iter().map(|c| c.unwrap_or_else(|| "NULL".into())).collect())
            .collect())
    }
}

impl Drop for MysqlDriver {
    fn drop(&mut self) {
        if self.locked {
            let _ = self.unlock();
        }
    }
}

/// Every column, index and constraint of the user's tables (not sluice's),
/// for [`Driver::schema_digest`].
const SCHEMA_DIGEST: &str = r"
SELECT 'column', table_name, column_name, ordinal_position, column_type, is_nullable,
       column_default, extra
  FROM information_schema.columns
 WHERE table_schema = DATABASE() AND table_name NOT LIKE 'sluice\_%'
UNION ALL
SELECT 'index', table_name, index_name, seq_in_index, column_name, non_unique, '', ''
  FROM information_schema.statistics
 WHERE table_schema = DATABASE() AND table_name NOT LIKE 'sluice\_%'
UNION ALL
SELECT 'constraint', table_name, constraint_name, 0, constraint_type, '', '', ''
  FROM information_schema.table_constraints
 WHERE table_schema = DATABASE() AND table_name NOT LIKE 'sluice\_%'
UNION ALL
SELECT 'table', table_name, table_type, 0, engine, table_collation, table_comment, ''
  FROM information_schema.tables
 WHERE table_schema = DATABASE() AND table_name NOT LIKE 'sluice\_%'
ORDER BY 1, 2, 3, 4, 5
";
