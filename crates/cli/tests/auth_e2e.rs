//! The real Better Auth (npm `better-auth`, pinned in
//! crates/auth/tests/node/package.json) against databases whose tables
//! `sluice auth migrate` created, configured with the options `sluice auth
//! generate --emit-config json` printed: PostgreSQL for every id kind and
//! naming, SQLite and MariaDB (through mysql2) for three each. Then `sluice
//! auth check` reports a gap and Better Auth fails on the same gap.
//!
//! Needs node and npm. The packages are installed once (`npm ci` from the
//! committed lock file) into ~/.npm/_sluice/better-auth-e2e (or
//! $SLUICE_TEST_NODE_DIR/better-auth-e2e) and reused while the lock file is unchanged. When npm or the registry is unavailable the test
//! fails under SLUICE_TEST_REQUIRE (as CI sets it), else it prints SKIPPED.

mod common;

use common::*;
use sluice_db::testing::{TestMysql, TestPg};
use sluice_migrate::Driver;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const NODE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../auth/tests/node");

/// The folder with node_modules installed, or `None` after a loud SKIP.
fn node_env() -> Option<PathBuf> {
    static ENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let r = ENV.get_or_init(install);
    match r {
        Ok(p) => Some(p.clone()),
        Err(e) => {
            let required = std::env::var("SLUICE_TEST_REQUIRE").is_ok_and(|v| !v.trim().is_empty());
            if required {
                panic!("better-auth could not be installed and SLUICE_TEST_REQUIRE is set: {e}");
            }
            eprintln!("SKIPPED: the Better Auth end-to-end test: {e}");
            eprintln!("         (set SLUICE_TEST_REQUIRE to make this a failure)");
            None
        }
    }
}

fn install() -> Result<PathBuf, String> {
    // JOBS: node-gyp compiles better-sqlite3's sources in parallel.
    common::npm::install(
        "better-auth-e2e",
        Path::new(NODE_DIR),
        &["db.mjs", "smoke.mjs", "allplugins.mjs"],
        &[("JOBS", "max")],
    )
}

/// A project with `[auth]` (the four plugins the client exercises) and its
/// dev database at `url`.
fn project(dialect: &str, url: &str, id: &str, naming: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("schema")).unwrap();
    fs::write(
        tmp.path().join("sluice.toml"),
        format!(
            "dialect = \"{dialect}\"\n\n[env.dev]\nurl = \"{url}\"\n\n[auth]\nplugins = [\"two-factor\", \"organization\", \"username\", \"admin\"]\nid = \"{id}\"\nnaming = \"{naming}\"\n"
        ),
    )
    .unwrap();
    tmp
}

/// `auth migrate`, then the options; the client runs with them.
fn migrate_and_options(root: &Path, node: &Path, tag: &str) -> PathBuf {
    sluice(root).args(["auth", "migrate"]).assert().success();
    let out = sluice(root).args(["auth", "generate", "--emit-config", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert!(v["plugins"]["twoFactor"].is_object(), "{v}");
    let path = node.join(format!("options-{tag}-{}.json", std::process::id()));
    fs::write(&path, &out.stdout).unwrap();
    sluice(root).args(["auth", "check"]).assert().success();
    path
}

/// Run the client; its output, and whether its last line says none failed.
fn client(node: &Path, options: &Path, db: &[&str], extra: &[&str]) -> (bool, String) {
    run_script("smoke.mjs", node, options, db, extra)
}

fn run_script(
    script: &str,
    node: &Path,
    options: &Path,
    db: &[&str],
    extra: &[&str],
) -> (bool, String) {
    let out = Command::new("node")
        .arg(script)
        .arg("--options")
        .arg(options)
        .args(db)
        .args(extra)
        .current_dir(node)
        .output()
        .expect("node runs");
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let last = text.lines().rfind(|l| l.ends_with("failed")).unwrap_or("").to_string();
    (out.status.success() && last.ends_with(" 0 failed"), text)
}

#[test]
fn better_auth_runs_on_postgres_tables_sluice_made() {
    let Some(node) = node_env() else { return };
    let mut total = (0, 0);
    for (id, naming) in [
        ("text", "camelCase"),
        ("text", "snake_case"),
        ("uuid", "camelCase"),
        ("uuid", "snake_case"),
        ("serial", "camelCase"),
        ("serial", "snake_case"),
    ] {
        let Some(pg) = TestPg::new() else { return };
        let tmp = project("postgres", pg.url(), id, naming);
        let options = migrate_and_options(tmp.path(), &node, &format!("pg-{id}-{naming}"));
        let (ok, out) = client(&node, &options, &["--pg", pg.url()], &[]);
        println!("== postgres, id {id}, {naming}\n{out}");
        assert!(ok, "Better Auth failed on postgres id={id} naming={naming}:\n{out}");
        count(&out, &mut total);
    }
    println!("postgres: {} passed, {} failed", total.0, total.1);
}

#[test]
fn better_auth_runs_on_sqlite_tables_sluice_made() {
    let Some(node) = node_env() else { return };
    let mut total = (0, 0);
    for (id, naming) in [("text", "camelCase"), ("serial", "snake_case"), ("uuid", "snake_case")] {
        let tmp = project("sqlite", "sqlite://dev.db", id, naming);
        let options = migrate_and_options(tmp.path(), &node, &format!("sqlite-{id}-{naming}"));
        let file = tmp.path().join("dev.db");
        let (ok, out) = client(&node, &options, &["--sqlite", file.to_str().unwrap()], &[]);
        println!("== sqlite, id {id}, {naming}\n{out}");
        assert!(ok, "Better Auth failed on sqlite id={id} naming={naming}:\n{out}");
        count(&out, &mut total);
    }
    println!("sqlite: {} passed, {} failed", total.0, total.1);
}

#[test]
fn better_auth_runs_on_mysql_tables_sluice_made() {
    let Some(node) = node_env() else { return };
    let mut total = (0, 0);
    for (id, naming) in [("text", "camelCase"), ("uuid", "snake_case"), ("serial", "camelCase")] {
        let Some(my) = TestMysql::new() else { return };
        let tmp = project("mysql", my.url(), id, naming);
        let options = migrate_and_options(tmp.path(), &node, &format!("mysql-{id}-{naming}"));
        let (ok, out) = client(&node, &options, &["--mysql", my.url()], &[]);
        println!("== mysql, id {id}, {naming}\n{out}");
        assert!(ok, "Better Auth failed on mysql id={id} naming={naming}:\n{out}");
        count(&out, &mut total);
    }
    println!("mysql: {} passed, {} failed", total.0, total.1);
}

/// Better Auth on a project's own `users(id serial)` table, mapped with
/// `tables = { user = "users" }`: the columns it lacked were added, and the
/// printed options carry the table name.
#[test]
fn better_auth_runs_on_a_mapped_existing_users_table() {
    let Some(node) = node_env() else { return };
    let Some(pg) = TestPg::new() else { return };
    let tmp = project("postgres", pg.url(), "serial", "snake_case");
    let root = tmp.path();
    fs::write(
        root.join("schema/app.sql"),
        "CREATE TABLE users (\n  id serial PRIMARY KEY,\n  email text NOT NULL UNIQUE,\n  name text NOT NULL,\n  plan text NOT NULL DEFAULT 'free'\n);\n",
    )
    .unwrap();
    let toml = root.join("sluice.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        text.replace(
            "naming = \"snake_case\"",
            "naming = \"snake_case\"\ntables = { user = \"users\" }",
        ),
    )
    .unwrap();
    let options = migrate_and_options(root, &node, "pg-mapped");
    let (ok, out) = client(&node, &options, &["--pg", pg.url()], &[]);
    println!("== postgres, users(id serial) mapped\n{out}");
    assert!(ok, "Better Auth failed on the mapped users table:\n{out}");
    let mut d = pg.connect();
    let rows = d.query_rows("select plan, email_verified::text from users").unwrap();
    assert_eq!(rows, [vec!["free".to_string(), "false".to_string()]]);
}

const EVERY_PLUGIN: &str = "plugins = [\"two-factor\", \"username\", \"admin\", \"organization\", \"api-key\", \"passkey\", \"phone-number\", \"anonymous\", \"jwt\", \"sso\", \"oauth-provider\", \"device-authorization\", \"siwe\", \"last-login-method\"]\nrate_limit = true\norganization = { teams = true, dynamic_access_control = true }";

/// Every plugin of the catalogue loaded by Better Auth, whose own schema
/// check (tables and columns under the names the options give) must pass.
#[test]
fn every_plugin_passes_better_auths_schema_check() {
    let Some(node) = node_env() else { return };
    let with_all = |root: &Path| {
        let toml = root.join("sluice.toml");
        let text = fs::read_to_string(&toml).unwrap();
        let start = text.find("plugins = ").unwrap();
        let end = start + text[start..].find('\n').unwrap();
        fs::write(&toml, format!("{}{EVERY_PLUGIN}{}", &text[..start], &text[end..])).unwrap();
    };
    let mut total = (0, 0);
    let Some(pg) = TestPg::new() else { return };
    let tmp = project("postgres", pg.url(), "uuid", "snake_case");
    with_all(tmp.path());
    let options = migrate_and_options(tmp.path(), &node, "pg-all");
    let (ok, out) = run_script("allplugins.mjs", &node, &options, &["--pg", pg.url()], &[]);
    println!("== postgres, every plugin, uuid, snake_case\n{out}");
    assert!(ok, "Better Auth refused the tables:\n{out}");
    count(&out, &mut total);

    let tmp = project("sqlite", "sqlite://dev.db", "serial", "camelCase");
    with_all(tmp.path());
    let options = migrate_and_options(tmp.path(), &node, "sqlite-all");
    let file = tmp.path().join("dev.db");
    let (ok, out) =
        run_script("allplugins.mjs", &node, &options, &["--sqlite", file.to_str().unwrap()], &[]);
    println!("== sqlite, every plugin, serial, camelCase\n{out}");
    assert!(ok, "Better Auth refused the tables:\n{out}");
    count(&out, &mut total);
    println!("every plugin: {} passed, {} failed", total.0, total.1);
}

/// A gap `auth check` names is the gap Better Auth stops on.
#[test]
fn check_gap_is_the_gap_better_auth_fails_on() {
    let Some(node) = node_env() else { return };
    let Some(pg) = TestPg::new() else { return };
    let tmp = project("postgres", pg.url(), "text", "snake_case");
    let options = migrate_and_options(tmp.path(), &node, "pg-gap");
    pg.connect().execute("ALTER TABLE \"user\" DROP COLUMN two_factor_enabled").unwrap();
    let out = sluice(tmp.path()).args(["auth", "check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("[missing-column] table user has no column two_factor_enabled"),
        "{text}"
    );
    let (ok, out) =
        client(&node, &options, &["--pg", pg.url()], &["--expect-gap", "two_factor_enabled"]);
    println!("== gap: sluice auth check said\n{text}\n== Better Auth\n{out}");
    assert!(ok, "Better Auth did not fail on the gap sluice named:\n{out}");
}

fn count(out: &str, total: &mut (usize, usize)) {
    let last = out.lines().rfind(|l| l.ends_with("failed")).unwrap_or("");
    let nums: Vec<usize> =
        last.split(|c: char| !c.is_ascii_digit()).filter_map(|s| s.parse().ok()).collect();
    if let [p, f] = nums[..] {
        total.0 += p;
        total.1 += f;
    }
}
