//! Placeholder for the SQLite driver, which is built on its own branch
//! (wip-sqlitedriver): this stub only lets the crate compile here. It can
//! never be constructed; `open` says the driver is missing.

use sluice_migrate::driver::redact_url;
use sluice_migrate::{AuditEvent, DbError, DbResult, Driver, HistoryRow};
use sluice_schema::{Dialect, Schema};
use std::path::Path;

pub enum SqliteDriver {}

impl SqliteDriver {
    pub fn open(url: &str, _root: &Path) -> DbResult<SqliteDriver> {
        Err(DbError::Connect {
            url: redact_url(url),
            message: "the SQLite driver is not part of this build".into(),
        })
    }
}

impl Driver for SqliteDriver {
    fn dialect(&self) -> Dialect {
        match *self {}
    }
    fn redacted_url(&self) -> String {
        match *self {}
    }
    fn try_lock(&mut self) -> DbResult<bool> {
        match *self {}
    }
    fn unlock(&mut self) -> DbResult<()> {
        match *self {}
    }
    fn ensure_meta(&mut self) -> DbResult<()> {
        match *self {}
    }
    fn history(&mut self) -> DbResult<Vec<HistoryRow>> {
        match *self {}
    }
    fn write_history(&mut self, _row: &HistoryRow) -> DbResult<()> {
        match *self {}
    }
    fn append_audit(&mut self, _event: &AuditEvent) -> DbResult<()> {
        match *self {}
    }
    fn introspect(&mut self) -> DbResult<Schema> {
        match *self {}
    }
    fn begin(&mut self) -> DbResult<()> {
        match *self {}
    }
    fn commit(&mut self) -> DbResult<()> {
        match *self {}
    }
    fn rollback(&mut self) -> DbResult<()> {
        match *self {}
    }
    fn execute(&mut self, _sql: &str) -> DbResult<()> {
        match *self {}
    }
    fn query_rows(&mut self, _sql: &str) -> DbResult<Vec<Vec<String>>> {
        match *self {}
    }
}
