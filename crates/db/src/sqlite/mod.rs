//! The SQLite driver: [`SqliteDriver`] implements [`Driver`] with rusqlite
//! and a bundled SQLite, so it works with nothing installed.
//!
//! One file per concern: [`url`] (URL -> file or memory), [`lock`] (the
//! migration lock on a sidecar file), [`meta`] (sluice_history and
//! sluice_audit), [`exec`] (transactions and statements), [`errors`]
//! (rusqlite errors -> [`DbError`]), [`introspect`] and [`crosscheck`]
//! (the live schema, read back through the SQLite parser and checked
//! against SQLite's pragmas).
//!
//! Every session sets a busy timeout (another connection writing makes
//! ours wait up to [`BUSY_TIMEOUT`] instead of failing at once) and turns
//! foreign key enforcement on (SQLite's default is off).

mod crosscheck;
mod errors;
mod exec;
pub mod introspect;
mod lock;
mod meta;
pub mod url;

#[cfg(test)]
mod tests;

use rusqlite::{Connection, OpenFlags};
use sluice_migrate::backup::backup_table_name;
use sluice_migrate::driver::redact_url;
use sluice_migrate::{AuditEvent, DbError, DbResult, Driver, HistoryRow};
use sluice_schema::{Dialect, QualifiedName, Schema};
use sluice_sql::dialect::quote_ident;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use introspect::{Introspection, Unsupported};
pub use lock::sidecar_path;
pub use url::Location;

/// How long a statement waits for another connection's write lock.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct SqliteDriver {
    conn: Connection,
    url: String,
    location: Location,
    lock: lock::MigrationLock,
}

impl SqliteDriver {
    /// Open (creating the file if missing, but never a folder) the database
    /// `url` names; relative paths are relative to `root`, the project
    /// folder. See [`url`] for the accepted forms.
    pub fn open(url: &str, root: &Path) -> DbResult<SqliteDriver> {
        let fail = |message: String| DbError::Connect { url: redact_url(url), message };
        let location = url::resolve(url, root).map_err(fail)?;
        let conn = match &location {
            Location::Memory => Connection::open_in_memory(),
            Location::File(path) => {
                check_folder(path).map_err(fail)?;
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                Connection::open_with_flags(path, flags)
            }
        }
        .map_err(|e| fail(format!("{}{}", errors::describe(&e), where_(&location))))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .and_then(|()| conn.execute_batch("PRAGMA foreign_keys = ON"))
            // Reading the schema fails here, with the path, when the file
            // is not a database (SQLite opens files lazily).
            .and_then(|()| conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())))
            .map_err(|e| fail(format!("{}{}", errors::describe(&e), where_(&location))))?;
        let lock = lock::MigrationLock::for_database(match &location {
            Location::File(p) => Some(p.as_path()),
            Location::Memory => None,
        });
        Ok(SqliteDriver { conn, url: url.to_string(), location, lock })
    }

    /// The database file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        match &self.location {
            Location::File(p) => Some(p),
            Location::Memory => None,
        }
    }

    /// The live schema and the objects sluice cannot read (triggers,
    /// virtual tables...), for callers that can show those as warnings.
    /// [`Driver::introspect`] refuses to return a schema that hides any.
    pub fn introspect_with_unsupported(&mut self) -> DbResult<Introspection> {
        introspect::introspect(&self.conn)
    }

    /// The rusqlite connection, for tests and tools built on the driver.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn where_(location: &Location) -> String {
    match location {
        Location::File(p) => format!(" (file {})", p.display()),
        Location::Memory => String::new(),
    }
}

/// The folder the file goes in must exist: sluice creates database files,
/// never folders (a typo in a path would otherwise create a tree).
fn check_folder(path: &Path) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!("{} is a folder, not a database file", path.display()));
    }
    let folder: PathBuf = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => return Ok(()),
    };
    if folder.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "the folder {} does not exist: create it, or fix the path (sluice creates the \
             database file {} but not folders)",
            folder.display(),
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ))
    }
}

impl Driver for SqliteDriver {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn redacted_url(&self) -> String {
        redact_url(&self.url)
    }

    fn try_lock(&mut self) -> DbResult<bool> {
        self.lock.try_lock()
    }

    fn unlock(&mut self) -> DbResult<()> {
        self.lock.unlock()
    }

    fn ensure_meta(&mut self) -> DbResult<()> {
        meta::ensure(&self.conn)
    }

    fn history(&mut self) -> DbResult<Vec<HistoryRow>> {
        meta::history(&self.conn)
    }

    fn forget_history(&mut self, version: u32) -> DbResult<()> {
        exec::execute(&self.conn, &format!("DELETE FROM sluice_history WHERE version = {version}"))
    }

    fn write_history(&mut self, row: &HistoryRow) -> DbResult<()> {
        meta::write_history(&self.conn, row)
    }

    fn append_audit(&mut self, event: &AuditEvent) -> DbResult<()> {
        meta::append_audit(&self.conn, event)
    }

    fn audit(&mut self) -> DbResult<Vec<sluice_migrate::AuditRow>> {
        meta::audit(&self.conn)
    }

    /// Fails, naming them, when the database holds objects sluice cannot
    /// represent (triggers, virtual tables, statements its parser refuses):
    /// a schema without them would make `check` and `pull` silently wrong.
    fn users(&mut self) -> DbResult<Vec<sluice_migrate::UserRow>> {
        meta::users(&self.conn)
    }

    fn put_user(&mut self, user: &sluice_migrate::UserRow) -> DbResult<()> {
        meta::put_user(&self.conn, user)
    }

    fn remove_user(&mut self, name: &str) -> DbResult<bool> {
        meta::remove_user(&self.conn, name)
    }

    fn introspect(&mut self) -> DbResult<Schema> {
        let found = introspect::introspect(&self.conn)?;
        if found.unsupported.is_empty() {
            Ok(found.schema)
        } else {
            Err(DbError::Other(introspect::unsupported_message(&found.unsupported)))
        }
    }

    fn unmanaged(&mut self) -> DbResult<Vec<String>> {
        Ok(introspect::introspect(&self.conn)?
            .unsupported
            .iter()
            .map(ToString::to_string)
            .collect())
    }

    fn begin(&mut self) -> DbResult<()> {
        exec::begin(&self.conn)
    }

    fn commit(&mut self) -> DbResult<()> {
        exec::commit(&self.conn)
    }

    fn rollback(&mut self) -> DbResult<()> {
        exec::rollback(&self.conn)
    }

    fn execute(&mut self, sql: &str) -> DbResult<()> {
        exec::execute(&self.conn, sql)
    }

    fn backup_name(&self, version: u32, seq: u32, table: &QualifiedName) -> String {
        let name = backup_table_name(version, seq, &table.name);
        quote_ident(&format!("sluice_backup_{name}"), Dialect::Sqlite)
    }

    fn ensure_backup_space(&mut self) -> DbResult<()> {
        meta::ensure(&self.conn)
    }

    fn record_backup(&mut self, version: u32, seq: u32, record: &str) -> DbResult<()> {
        meta::record_backup(&self.conn, version, seq, record)
    }

    fn backup_records(&mut self, version: u32) -> DbResult<Vec<String>> {
        meta::backup_records(&self.conn, version)
    }

    /// From the `dbstat` table, when this SQLite has it.
    fn relation_bytes(&mut self, quoted: &str) -> DbResult<Option<u64>> {
        let name = quoted.trim_matches('"').replace("\"\"", "\"");
        Ok(self
            .conn
            .query_row("SELECT sum(pgsize) FROM dbstat WHERE name = ?1", [name], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .ok()
            .flatten()
            .and_then(|n| u64::try_from(n).ok()))
    }

    fn query_rows(&mut self, sql: &str) -> DbResult<Vec<Vec<String>>> {
        exec::query_rows(&self.conn, sql)
    }
}
