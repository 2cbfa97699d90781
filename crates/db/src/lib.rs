//! The drivers: PostgreSQL ([`postgres`], tokio-postgres), SQLite
//! ([`sqlite`], rusqlite with a bundled SQLite) and MySQL/MariaDB
//! ([`mysql`], the sync `mysql` client), each implementing
//! [`sluice_migrate::Driver`]. [`connect`] picks one from the URL.
//! [`testing`] gives tests a throw-away PostgreSQL database.

pub mod mysql;
pub mod postgres;
pub mod scratch;
pub mod sqlite;
pub mod testing;

use sluice_migrate::driver::redact_url;
use sluice_migrate::{DbError, DbResult, Driver};
use sluice_schema::Dialect;
use std::path::Path;

/// Open a connection. `root` is the project folder: relative SQLite paths
/// (`sqlite://dev.db`) are relative to it, not to the working directory.
pub fn connect(url: &str, dialect: Dialect, root: &Path) -> DbResult<Box<dyn Driver>> {
    // Up to the first `:`, so that `sqlite::memory:` and `sqlite:dev.db`
    // are recognized as well as `scheme://...`.
    let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
    let kind = match scheme.as_str() {
        "postgres" | "postgresql" => Dialect::Postgres,
        "sqlite" | "file" => Dialect::Sqlite,
        "mysql" | "mariadb" => Dialect::Mysql,
        _ => return Err(DbError::Connect {
            url: redact_url(url),
            message:
                "unknown URL scheme: use postgres://..., mysql://..., or sqlite://path/to/file.db"
                    .into(),
        }),
    };
    if kind != dialect {
        return Err(DbError::Connect {
            url: redact_url(url),
            message: format!("this is a {kind} URL but sluice.toml says dialect = \"{dialect}\""),
        });
    }
    match kind {
        Dialect::Postgres => Ok(Box::new(postgres::PgDriver::connect(url)?)),
        Dialect::Sqlite => Ok(Box::new(sqlite::SqliteDriver::open(url, root)?)),
        Dialect::Mysql => Ok(Box::new(mysql::MysqlDriver::connect(url)?)),
    }
}
