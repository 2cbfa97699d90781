//! Placeholder so that the crate builds until the PostgreSQL driver is
//! merged (it replaces this file): connecting always fails.

use sluice_migrate::{AuditEvent, DbError, DbResult, Driver, HistoryRow};
use sluice_schema::{Dialect, Schema};

pub struct PgDriver;

impl PgDriver {
    pub fn connect(_url: &str) -> DbResult<PgDriver> {
        Err(DbError::Other("PostgreSQL driver not built".into()))
    }
}

// Never constructed: `connect` always fails.
#[rustfmt::skip]
impl Driver for PgDriver {
    fn dialect(&self) -> Dialect { Dialect::Postgres }
    fn redacted_url(&self) -> String { unreachable!() }
    fn try_lock(&mut self) -> DbResult<bool> { unreachable!() }
    fn unlock(&mut self) -> DbResult<()> { unreachable!() }
    fn ensure_meta(&mut self) -> DbResult<()> { unreachable!() }
    fn history(&mut self) -> DbResult<Vec<HistoryRow>> { unreachable!() }
    fn write_history(&mut self, _: &HistoryRow) -> DbResult<()> { unreachable!() }
    fn append_audit(&mut self, _: &AuditEvent) -> DbResult<()> { unreachable!() }
    fn introspect(&mut self) -> DbResult<Schema> { unreachable!() }
    fn begin(&mut self) -> DbResult<()> { unreachable!() }
    fn commit(&mut self) -> DbResult<()> { unreachable!() }
    fn rollback(&mut self) -> DbResult<()> { unreachable!() }
    fn execute(&mut self, _: &str) -> DbResult<()> { unreachable!() }
    fn query_rows(&mut self, _: &str) -> DbResult<Vec<Vec<String>>> { unreachable!() }
}
