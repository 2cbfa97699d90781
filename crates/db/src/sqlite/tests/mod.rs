//! Tests of the SQLite driver on real database files in temporary folders:
//! opening ([`open`]), the migration lock across drivers and processes
//! ([`lock`]), sluice's tables ([`meta`]), statements and transactions
//! ([`exec`]), introspection ([`introspect`]) and introspection over the
//! sqldef conformance documents ([`corpus`]).

mod corpus;
mod exec;
mod introspect;
mod lock;
mod meta;
mod open;

use super::SqliteDriver;
use sluice_migrate::Driver;
use std::path::Path;
use tempfile::TempDir;

/// A fresh project folder.
fn project() -> TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// A driver on `name` inside `dir`.
fn open_in(dir: &Path, name: &str) -> SqliteDriver {
    SqliteDriver::open(&format!("sqlite://{name}"), dir)
        .unwrap_or_else(|e| panic!("opening {name}: {e}"))
}

/// Run a script on the driver's connection (setup, not the code under test).
fn load(d: &SqliteDriver, sql: &str) {
    d.connection().execute_batch(sql).unwrap_or_else(|e| panic!("loading the script: {e}\n{sql}"));
}

fn memory() -> Box<dyn Driver> {
    Box::new(SqliteDriver::open("sqlite::memory:", Path::new(".")).expect("in-memory database"))
}
