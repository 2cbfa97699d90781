//! The PostgreSQL driver: [`PgDriver`] implements [`Driver`] over one
//! tokio-postgres session ([`session`]), with the migration lock
//! ([`lock`]), sluice's history and audit tables ([`meta`]), statement
//! errors ([`error`]) and catalog introspection ([`introspect`]).
//!
//! Statements run through the simple-query protocol, exactly as given;
//! transactions are plain `BEGIN` / `COMMIT` / `ROLLBACK`.

mod error;
pub mod introspect;
pub mod lock;
mod meta;
mod session;

use session::Session;
use sluice_migrate::backup::backup_table_name;
use sluice_migrate::driver::redact_url;
use sluice_migrate::{AuditEvent, DbResult, Driver, HistoryRow};
use sluice_schema::{Dialect, QualifiedName, Schema};
use sluice_sql::dialect::quote_ident;

pub use lock::LOCK_KEY;

pub struct PgDriver {
    session: Session,
    /// The URL with its password masked; the real one is not kept.
    url: String,
    /// Whether this session holds the migration lock.
    locked: bool,
}

impl PgDriver {
    /// Connect to a `postgres://` URL (or a libpq `key=value` string).
    pub fn connect(url: &str) -> DbResult<PgDriver> {
        let session = Session::connect(url)?;
        Ok(PgDriver { session, url: redact_url(url), locked: false })
    }

    /// The server's `server_version_num` (150020 for 15.20).
    pub fn server_version(&self) -> u32 {
        self.session.server_version
    }
}

impl Driver for PgDriver {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn redacted_url(&self) -> String {
        self.url.clone()
    }

    fn try_lock(&mut self) -> DbResult<bool> {
        if self.locked {
            return Ok(true);
        }
        self.locked = lock::try_lock(&self.session)?;
        Ok(self.locked)
    }

    fn unlock(&mut self) -> DbResult<()> {
        if !self.locked {
            return Ok(());
        }
        lock::unlock(&self.session)?;
        self.locked = false;
        Ok(())
    }

    fn ensure_meta(&mut self) -> DbResult<()> {
        meta::ensure_meta(&self.session)
    }

    fn history(&mut self) -> DbResult<Vec<HistoryRow>> {
        meta::history(&self.session)
    }

    fn forget_history(&mut self, version: u32) -> DbResult<()> {
        self.session.batch(&format!("DELETE FROM sluice.history WHERE version = {version}"))
    }

    fn write_history(&mut self, row: &HistoryRow) -> DbResult<()> {
        meta::write_history(&self.session, row)
    }

    fn append_audit(&mut self, event: &AuditEvent) -> DbResult<()> {
        meta::append_audit(&self.session, event)
    }

    fn audit(&mut self) -> DbResult<Vec<sluice_migrate::AuditRow>> {
        meta::audit(&self.session)
    }

    fn users(&mut self) -> DbResult<Vec<sluice_migrate::UserRow>> {
        meta::users(&self.session)
    }

    fn put_user(&mut self, user: &sluice_migrate::UserRow) -> DbResult<()> {
        meta::put_user(&self.session, user)
    }

    fn remove_user(&mut self, name: &str) -> DbResult<bool> {
        meta::remove_user(&self.session, name)
    }

    fn introspect(&mut self) -> DbResult<Schema> {
        introspect::introspect(&self.session)
    }

    fn begin(&mut self) -> DbResult<()> {
        self.session.batch("BEGIN")
    }

    fn commit(&mut self) -> DbResult<()> {
        self.session.batch("COMMIT")
    }

    fn rollback(&mut self) -> DbResult<()> {
        self.session.batch("ROLLBACK")
    }

    fn execute(&mut self, sql: &str) -> DbResult<()> {
        self.session.batch(sql)
    }

    fn unmanaged(&mut self) -> DbResult<Vec<String>> {
        Ok(self.query_rows(UNMANAGED)?.into_iter().filter_map(|r| r.into_iter().next()).collect())
    }

    /// Cells as text; SQL NULL as the empty string.
    fn backup_name(&self, version: u32, seq: u32, table: &QualifiedName) -> String {
        let schema = table.schema.as_deref().unwrap_or("public");
        let name = backup_table_name(version, seq, &format!("{schema}_{}", table.name));
        format!("sluice_backup.{}", quote_ident(&name, Dialect::Postgres))
    }

    fn ensure_backup_space(&mut self) -> DbResult<()> {
        self.session.batch("CREATE SCHEMA IF NOT EXISTS sluice_backup")
    }

    fn record_backup(&mut self, version: u32, seq: u32, record: &str) -> DbResult<()> {
        meta::record_backup(&self.session, version, seq, record)
    }

    fn backup_records(&mut self, version: u32) -> DbResult<Vec<String>> {
        meta::backup_records(&self.session, version)
    }

    fn relation_bytes(&mut self, quoted: &str) -> DbResult<Option<u64>> {
        let literal = quoted.replace('\'', "''");
        let rows =
            self.session.query_text(&format!("SELECT pg_total_relation_size('{literal}')"))?;
        Ok(rows.first().and_then(|r| r.int(0)).and_then(|n| u64::try_from(n).ok()))
    }

    fn restore_insert_clause(&self) -> &'static str {
        " OVERRIDING SYSTEM VALUE"
    }

    fn after_restore(&mut self, table: &str, columns: &[String]) -> DbResult<()> {
        let literal = table.replace('\'', "''");
        for c in columns {
            let col_literal = quote_ident(c, Dialect::Postgres).replace('\'', "''");
            let col = quote_ident(c, Dialect::Postgres);
            // setval on a column without a sequence is setval(NULL, ..): no-op.
            self.session.query_text(&format!(
                "SELECT setval(pg_get_serial_sequence('{literal}', '{col_literal}'), max({col})) \
                 FROM {table} HAVING max({col}) IS NOT NULL"
            ))?;
        }
        Ok(())
    }

    fn query_rows(&mut self, sql: &str) -> DbResult<Vec<Vec<String>>> {
        let rows = self.session.query_text(sql)?;
        Ok(rows
            .into_iter()
            .map(|r| r.0.into_iter().map(Option::unwrap_or_default).collect())
            .collect())
    }
}

/// What the model has no place for, in user schemas (not extensions' own
/// objects, not sluice's): functions and procedures, triggers, policies,
/// row-level security, exclusion constraints, partitioned tables.
const UNMANAGED: &str = r"
with user_ns as (
  select oid, nspname from pg_namespace
  where nspname not like 'pg\_%' and nspname not in ('information_schema', 'sluice', 'sluice_backup', 'drizzle')
), ext as (
  select objid from pg_depend where deptype = 'e'
)
select 'function ' || p.oid::regprocedure::text from pg_proc p join user_ns n on n.oid = p.pronamespace
  where p.oid not in (select objid from ext)
union all
select 'trigger ' || quote_ident(t.tgname) || ' on ' || t.tgrelid::regclass::text
  from pg_trigger t join pg_class c on c.oid = t.tgrelid join user_ns n on n.oid = c.relnamespace
  where not t.tgisinternal
union all
select 'policy ' || quote_ident(pol.polname) || ' on ' || pol.polrelid::regclass::text
  from pg_policy pol join pg_class c on c.oid = pol.polrelid join user_ns n on n.oid = c.relnamespace
union all
select 'row level security on ' || c.oid::regclass::text
  from pg_class c join user_ns n on n.oid = c.relnamespace where c.relrowsecurity
union all
select 'exclusion constraint ' || quote_ident(con.conname) || ' on ' || con.conrelid::regclass::text
  from pg_constraint con join user_ns n on n.oid = con.connamespace where con.contype = 'x'
union all
select 'partitioned table ' || c.oid::regclass::text
  from pg_class c join user_ns n on n.oid = c.relnamespace where c.relkind = 'p'
order by 1
";
