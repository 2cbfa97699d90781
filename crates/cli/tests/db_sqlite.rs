//! The database commands end to end on the embedded SQLite: the real binary
//! on temporary projects, with the database inspected directly.

mod common;

use common::*;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    sluice(tmp.path()).arg("init").assert().success();
    tmp
}

fn db(root: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(root.join("dev.db")).unwrap()
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn edit_schema(root: &Path, from: &str, to: &str) {
    let p = root.join("schema/schema.sql");
    let s = fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "schema has no `{from}`");
    fs::write(p, s.replace(from, to)).unwrap();
}

#[test]
fn migrate_is_the_whole_workflow() {
    let tmp = project();
    let root = tmp.path();
    sluice(root)
        .arg("migrate")
        .assert()
        .success()
        .stdout(predicate::str::contains("verified: the live schema matches migration 0001"));
    let conn = db(root);
    assert_eq!(
        count(
            &conn,
            "select count(*) from sqlite_schema where type='table' and name in ('users','posts')"
        ),
        2
    );
    assert_eq!(count(&conn, "select count(*) from sluice_history where state='synced'"), 1);
    assert_eq!(count(&conn, "select count(*) from sluice_audit where event='applied'"), 1);

    sluice(root).arg("status").assert().success().stdout(predicate::str::contains("Synced"));
    sluice(root)
        .arg("apply")
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to apply"));
    sluice(root).arg("check").assert().success().stdout(predicate::str::contains("clean"));

    edit_schema(root, "  name TEXT,", "  name TEXT,\n  bio TEXT,");
    sluice(root)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("run `sluice generate`"));
    sluice(root).arg("generate").assert().success();
    sluice(root).arg("status").assert().code(1).stdout(predicate::str::contains("Generated"));

    // --dry-run prints the SQL and changes nothing.
    sluice(root)
        .args(["apply", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ALTER TABLE users ADD COLUMN bio text;"));
    assert_eq!(count(&conn, "select count(*) from pragma_table_info('users') where name='bio'"), 0);

    sluice(root).arg("apply").assert().success();
    assert_eq!(count(&conn, "select count(*) from pragma_table_info('users') where name='bio'"), 1);
    let out =
        sluice(root).args(["--json", "history"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["history"].as_array().unwrap().len(), 2);
    assert_eq!(v["history"][1]["state"], "applied");
}

#[test]
fn a_failing_statement_rolls_the_migration_back_and_names_it() {
    let tmp = project();
    let root = tmp.path();
    sluice(root).arg("migrate").assert().success();
    sluice(root).args(["generate", "--custom", "--name", "broken"]).assert().success();
    let dir = fs::read_dir(root.join("migrations"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.ends_with("0002_broken"))
        .unwrap();
    fs::write(
        dir.join("up.sql"),
        "CREATE TABLE kept_if_buggy (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n",
    )
    .unwrap();
    sluice(root).arg("rehash").assert().success();
    sluice(root)
        .arg("apply")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("0002_broken/up.sql:2:1: statement 2 of 2 failed"))
        .stderr(predicate::str::contains("no such table"))
        .stderr(predicate::str::contains("rolled back"));
    let conn = db(root);
    assert_eq!(
        count(&conn, "select count(*) from sqlite_schema where name='kept_if_buggy'"),
        0,
        "first statement rolled back"
    );
    assert_eq!(count(&conn, "select count(*) from sluice_history where version=2"), 0);
    assert_eq!(
        count(&conn, "select count(*) from sluice_audit where event='failed' and version=2"),
        1
    );
}

#[test]
fn an_applied_migration_that_changed_is_refused() {
    let tmp = project();
    let root = tmp.path();
    sluice(root).arg("migrate").assert().success();
    let dir = fs::read_dir(root.join("migrations"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .unwrap();
    let mut up = fs::read_to_string(dir.join("up.sql")).unwrap();
    up.push_str("\n-- edited after it was applied\n");
    fs::write(dir.join("up.sql"), up).unwrap();
    // The sum catches it first...
    sluice(root).arg("apply").assert().code(2).stderr(predicate::str::contains("was edited"));
    // ...and history still does after a rehash.
    sluice(root).arg("rehash").assert().success();
    sluice(root)
        .arg("apply")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("was applied with a different up.sql"))
        .stderr(predicate::str::contains("restore up.sql"));
}

#[test]
fn drift_is_detected_pulled_and_named() {
    let tmp = project();
    let root = tmp.path();
    sluice(root).arg("migrate").assert().success();
    db(root).execute_batch("ALTER TABLE users ADD COLUMN nickname TEXT;").unwrap();
    sluice(root)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Schema conflicts detected"))
        .stdout(predicate::str::contains("add column users.nickname"))
        .stdout(predicate::str::contains("DROP COLUMN nickname"));
    assert_eq!(count(&db(root), "select count(*) from sluice_audit where event='drift_seen'"), 1);

    sluice(root)
        .arg("pull")
        .assert()
        .success()
        .stdout(predicate::str::contains("add column users.nickname"));
    let schema = fs::read_to_string(root.join("schema/schema.sql")).unwrap();
    assert!(schema.contains("nickname text"), "{schema}");
    assert!(schema.starts_with("-- The desired schema."), "leading comment kept: {schema}");
    // Pulled files are canonical.
    sluice(root).args(["fmt", "--check"]).assert().success();
    // The change the database has is now in the files but not in a migration.
    sluice(root)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("run `sluice generate`"));
}

#[test]
fn baseline_adopts_an_existing_database() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    sluice(root).arg("init").assert().success();
    fs::remove_file(root.join("schema/schema.sql")).unwrap();
    db(root)
        .execute_batch("CREATE TABLE legacy (id INTEGER PRIMARY KEY, label TEXT NOT NULL); CREATE INDEX legacy_label ON legacy (label);")
        .unwrap();
    sluice(root)
        .arg("baseline")
        .assert()
        .success()
        .stdout(predicate::str::contains("recorded 0001_baseline as applied"));
    assert_eq!(count(&db(root), "select count(*) from sluice_history where state='baseline'"), 1);
    sluice(root).arg("pull").assert().success();
    sluice(root).arg("check").assert().success();
    sluice(root)
        .arg("apply")
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to apply"));
}

#[test]
fn concurrent_applies_take_turns_and_apply_once() {
    let tmp = project();
    let root = tmp.path();
    sluice(root).arg("generate").assert().success();
    for i in 0..5 {
        sluice(root)
            .args(["generate", "--custom", "--name", &format!("step{i}")])
            .assert()
            .success();
    }
    let results = concurrent_applies(root, 4);
    for (ok, err) in results {
        assert!(ok, "{err}");
    }
    let conn = db(root);
    assert_eq!(count(&conn, "select count(*) from sluice_history where state='applied'"), 6);
    assert_eq!(
        count(&conn, "select count(*) from sluice_audit where event='applied'"),
        6,
        "each migration applied exactly once"
    );
}

#[test]
fn unknown_environment_says_which_exist() {
    let tmp = project();
    sluice(tmp.path())
        .args(["status", "--env", "prod"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no [env.prod]"))
        .stderr(predicate::str::contains("dev"));
}
