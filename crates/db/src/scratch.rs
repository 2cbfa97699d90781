//! A scratch database for exact mode: the desired schema is loaded into a
//! fresh, temporary database and read back, so it can be compared in the
//! server's own catalog form (PostgreSQL rewrites what users write: casts
//! added to checks and defaults, IN lists as `= ANY (ARRAY[...])`). On
//! PostgreSQL the database is created on the dev server (`[dev] url`) and
//! dropped afterwards, on every path; SQLite uses an in-memory database.

use crate::connect;
use sluice_migrate::driver::redact_url;
use sluice_migrate::{DbError, DbResult, Driver};
use sluice_schema::{Dialect, Schema};
use sluice_sql::split::split;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct Scratch {
    driver: Box<dyn Driver>,
    /// PostgreSQL: the connection that created the database, and its name.
    admin: Option<(Box<dyn Driver>, String)>,
}

impl Scratch {
    /// A new empty scratch database. `dev_url` (PostgreSQL only) is a server
    /// where sluice may create and drop databases.
    pub fn new(dialect: Dialect, dev_url: Option<&str>, root: &Path) -> DbResult<Scratch> {
        match dialect {
            Dialect::Sqlite => {
                Ok(Scratch { driver: connect("sqlite::memory:", dialect, root)?, admin: None })
            }
            Dialect::Postgres => {
                let url = dev_url.ok_or_else(|| DbError::Other("exact mode needs a dev server: set [dev] url in sluice.toml or pass --dev-url".into()))?;
                let mut admin = connect(url, dialect, root)?;
                let name = format!(
                    "sluice_scratch_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed)
                );
                admin.execute(&format!("CREATE DATABASE {name}"))?;
                let driver = match connect(&with_database(url, &name), dialect, root) {
                    Ok(d) => d,
                    Err(e) => {
                        let _ =
                            admin.execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                        return Err(e);
                    }
                };
                Ok(Scratch { driver, admin: Some((admin, name)) })
            }
            Dialect::Mysql => {
                Err(DbError::Other("exact mode is not available for MySQL yet".into()))
            }
        }
    }

    /// Load DDL (one script) and read the schema back.
    pub fn catalog_form(&mut self, ddl: &str) -> DbResult<Schema> {
        let dialect = self.driver.dialect();
        let stmts = split(ddl, dialect)
            .map_err(|e| DbError::Other(format!("cannot split the schema: {e}")))?;
        for s in &stmts {
            self.driver.execute(&s.sql).map_err(|e| {
                DbError::Other(format!(
                    "the dev database refused the schema: {e}\n  statement: {}",
                    s.sql.lines().next().unwrap_or("")
                ))
            })?;
        }
        self.driver.introspect()
    }

    pub fn redacted_url(&self) -> String {
        redact_url(&self.driver.redacted_url())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some((admin, name)) = &mut self.admin {
            let _ = admin.execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// The same server URL with another database: `postgres://u@h:5432/db?x`
/// -> `postgres://u@h:5432/<name>?x`; a libpq `key=value` string gets (or
/// replaces) `dbname=<name>`.
pub fn with_database(url: &str, name: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        let kept: Vec<&str> =
            url.split_whitespace().filter(|kv| !kv.starts_with("dbname=")).collect();
        return format!("{} dbname={name}", kept.join(" ")).trim().to_string();
    };
    let rest = scheme_end + 3;
    let query_at = url[rest..].find('?').map_or(url.len(), |i| rest + i);
    let path_at = url[rest..query_at].find('/').map_or(query_at, |i| rest + i);
    format!("{}/{name}{}", &url[..path_at], &url[query_at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_in_url() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
        assert_eq!(
            with_database("postgresql://u:p@h/db?sslmode=disable", "x"),
            "postgresql://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_database("host=h user=u dbname=d", "x"), "host=h user=u dbname=x");
    }

    #[test]
    fn sqlite_scratch_reads_back_what_it_loaded() {
        let mut s = Scratch::new(Dialect::Sqlite, None, Path::new(".")).unwrap();
        let schema =
            s.catalog_form("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT DEFAULT 'a');").unwrap();
        assert_eq!(schema.tables.len(), 1);
        let err = Scratch::new(Dialect::Sqlite, None, Path::new("."))
            .unwrap()
            .catalog_form("CREATE TABLE t (id INTEGER REFERENCES);")
            .unwrap_err();
        assert!(err.to_string().contains("refused"), "{err}");
    }

    #[test]
    fn postgres_scratch_is_dropped() {
        let Some(pg) = crate::testing::TestPg::new() else { return };
        let name;
        {
            let mut s = Scratch::new(Dialect::Postgres, Some(pg.url()), Path::new(".")).unwrap();
            let schema = s.catalog_form("CREATE TABLE t (a numeric CHECK (a >= 0));").unwrap();
            assert_eq!(schema.tables[0].checks.len(), 1);
            name = s.admin.as_ref().unwrap().1.clone();
        }
        let mut d = pg.connect();
        let rows =
            d.query_rows(&format!("select 1 from pg_database where datname = '{name}'")).unwrap();
        assert!(rows.is_empty(), "scratch database {name} was dropped");
    }
}
