//! Test support: a throw-away PostgreSQL database per test ([`TestPg`]),
//! and the same for MySQL/MariaDB ([`TestMysql`], `SLUICE_TEST_MYSQL_URL`).
//!
//! [`TestPg::new`] connects to the server named by `SLUICE_TEST_PG_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`), creates a
//! database named `sluice_test_<pid>_<n>` and drops it (`WITH (FORCE)`)
//! when the `TestPg` is dropped.
//!
//! When the server cannot be reached the test must not pass silently: with
//! `SLUICE_TEST_REQUIRE` containing `pg` (as CI sets it) `new` panics;
//! otherwise it prints `SKIPPED: PostgreSQL unreachable at ...` to stderr
//! and returns `None`, and the test returns early:
//!
//! ```no_run
//! use sluice_db::testing::TestPg;
//! use sluice_migrate::Driver;
//!
//! let Some(pg) = TestPg::new() else { return };
//! let mut db = pg.connect();
//! db.execute("CREATE TABLE t (id int)").unwrap();
//! ```

use crate::postgres::PgDriver;
use crate::scratch::with_database;
use sluice_migrate::driver::redact_url;
use sluice_migrate::Driver;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The server tests use when `SLUICE_TEST_PG_URL` is not set.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database created for one test, dropped on drop.
pub struct TestPg {
    admin: PgDriver,
    name: String,
    url: String,
}

impl TestPg {
    /// A fresh, empty database; `None` (after a loud message) when the
    /// server is unreachable and not required.
    pub fn new() -> Option<TestPg> {
        let admin_url = server_url();
        let mut admin = match PgDriver::connect(&admin_url) {
            Ok(d) => d,
            Err(e) => return unreachable("PostgreSQL", "pg", "SLUICE_TEST_PG_URL", &admin_url, e),
        };
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("sluice_test_{}_{n}", std::process::id());
        // A database left by an earlier run of a process with the same pid.
        admin
            .execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .and_then(|()| admin.execute(&format!("CREATE DATABASE {name}")))
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let url = with_database(&admin_url, &name);
        Some(TestPg { admin, name, url })
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A URL for the test database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A new connection to the test database.
    pub fn connect(&self) -> PgDriver {
        PgDriver::connect(&self.url)
            .unwrap_or_else(|e| panic!("cannot connect to test database {}: {e}", self.name))
    }
}

impl Drop for TestPg {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = self.admin.execute(&sql) {
            eprintln!("warning: could not drop test database {}: {e}", self.name);
        }
    }
}

/// A test server that does not answer: a panic when `SLUICE_TEST_REQUIRE`
/// names it (`pg`, `mysql`), else a loud SKIPPED line and `None`.
fn unreachable<T>(
    server: &str,
    key: &str,
    url_var: &str,
    url: &str,
    e: sluice_migrate::DbError,
) -> Option<T> {
    let e = match e {
        sluice_migrate::DbError::Connect { message, .. } => message,
        other => other.to_string(),
    };
    let required = std::env::var("SLUICE_TEST_REQUIRE")
        .is_ok_and(|v| v.split(',').any(|s| s.trim().eq_ignore_ascii_case(key)));
    let at = redact_url(url);
    if required {
        panic!("{server} unreachable at {at} and SLUICE_TEST_REQUIRE includes {key}: {e}");
    }
    eprintln!("SKIPPED: {server} unreachable at {at}: {e}");
    eprintln!("         (set {url_var}, or SLUICE_TEST_REQUIRE={key} to fail)");
    None
}

/// `SLUICE_TEST_PG_URL` or the default.
pub fn server_url() -> String {
    std::env::var("SLUICE_TEST_PG_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_PG_URL.to_string())
}

/// The MySQL/MariaDB server tests use when `SLUICE_TEST_MYSQL_URL` is not set.
pub const DEFAULT_MYSQL_URL: &str = "mysql://root@127.0.0.1:3306";

static MYSQL_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A MySQL/MariaDB database created for one test, dropped on drop. Like
/// [`TestPg`]: `None` after a loud `SKIPPED` line when the server is
/// unreachable, a panic when `SLUICE_TEST_REQUIRE` contains `mysql`.
pub struct TestMysql {
    admin: crate::mysql::MysqlDriver,
    name: String,
    url: String,
}

impl TestMysql {
    pub fn new() -> Option<TestMysql> {
        let server = mysql_server_url();
        // The admin connection needs a database to name: `mysql` always exists.
        let admin_url = format!("{}/mysql", server.trim_end_matches('/'));
        let mut admin = match crate::mysql::MysqlDriver::connect(&admin_url) {
            Ok(d) => d,
            Err(e) => return unreachable("MySQL", "mysql", "SLUICE_TEST_MYSQL_URL", &server, e),
        };
        let n = MYSQL_COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("sluice_test_{}_{n}", std::process::id());
        admin
            .execute(&format!("DROP DATABASE IF EXISTS `{name}`"))
            .and_then(|()| admin.execute(&format!("CREATE DATABASE `{name}`")))
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let url = format!("{}/{name}", server.trim_end_matches('/'));
        Some(TestMysql { admin, name, url })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn connect(&self) -> crate::mysql::MysqlDriver {
        crate::mysql::MysqlDriver::connect(&self.url)
            .unwrap_or_else(|e| panic!("cannot connect to test database {}: {e}", self.name))
    }
}

impl Drop for TestMysql {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS `{}`", self.name);
        if let Err(e) = self.admin.execute(&sql) {
            eprintln!("warning: could not drop test database {}: {e}", self.name);
        }
    }
}

/// `SLUICE_TEST_MYSQL_URL` (a server URL without a database) or the default.
pub fn mysql_server_url() -> String {
    std::env::var("SLUICE_TEST_MYSQL_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_MYSQL_URL.to_string())
}
