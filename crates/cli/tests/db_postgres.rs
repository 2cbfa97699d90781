//! The database commands end to end on the real PostgreSQL server
//! (SLUICE_TEST_PG_URL, default the local one); each test creates and drops
//! its own database. Unreachable server: SKIPPED loudly, or a failure when
//! SLUICE_TEST_REQUIRE contains `pg` (as CI sets it).

mod common;

use common::*;
use predicates::prelude::*;
use sluice_db::testing::TestPg;
use sluice_migrate::Driver;
use std::fs;

/// A postgres project whose [env.dev] points at the test database.
fn project(pg: &TestPg) -> tempfile::TempDir {
    let tmp = init_with_url("postgres", pg.url());
    tmp
}

#[test]
fn migrate_status_check_pull_on_postgres() {
    let Some(pg) = TestPg::new() else { return };
    let tmp = project(&pg);
    let root = tmp.path();
    sluice(root).arg("migrate").assert().success().stdout(predicate::str::contains("verified"));
    assert_eq!(
        scalar(&mut pg.connect(), "select count(*) from sluice.history where state = 'synced'"),
        "1"
    );
    assert_eq!(
        scalar(
            &mut pg.connect(),
            "select count(*) from information_schema.tables where table_schema = 'public'"
        ),
        "2"
    );
    sluice(root).arg("status").assert().success();
    sluice(root).arg("check").assert().success().stdout(predicate::str::contains("clean"));

    // Drift made by hand is named, with the SQL that reconciles it.
    pg.connect().execute("ALTER TABLE posts ADD COLUMN draft boolean DEFAULT false").unwrap();
    sluice(root)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Schema conflicts detected"))
        .stdout(predicate::str::contains("ALTER TABLE public.posts DROP COLUMN draft"));
    sluice(root).arg("pull").assert().success();
    let schema = fs::read_to_string(root.join("schema/schema.sql")).unwrap();
    assert!(schema.contains("draft boolean DEFAULT false"), "{schema}");
}

#[test]
fn statements_outside_transactions_fail_resumably() {
    let Some(pg) = TestPg::new() else { return };
    let tmp = project(&pg);
    let root = tmp.path();
    sluice(root).arg("migrate").assert().success();
    let up = "CREATE TABLE events (id bigint, kind text);\n\
              CREATE INDEX CONCURRENTLY events_kind_idx ON events (kind);\n\
              INSERT INTO no_such_table VALUES (1);\n\
              CREATE INDEX events_id_idx ON events (id);\n";
    custom(root, "events", up);
    sluice(root)
        .arg("apply")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("up.sql:3:1: statement 3 of 4 failed"))
        .stderr(predicate::str::contains("sluice apply --resume"));
    // The parts before the failure stayed, and history says how far it got.
    assert_eq!(
        scalar(
            &mut pg.connect(),
            "select state || ':' || statements_done from sluice.history where version = 2"
        ),
        "failed:2"
    );
    assert_eq!(
        scalar(
            &mut pg.connect(),
            "select count(*) from pg_indexes where indexname = 'events_kind_idx'"
        ),
        "1"
    );
    // A dirty history blocks a plain apply.
    sluice(root).arg("apply").assert().code(2).stderr(predicate::str::contains("marked dirty"));

    // Fix the statement, then resume: nothing runs twice.
    set_up_sql(
        root,
        "events",
        &up.replace("INSERT INTO no_such_table VALUES (1);", "INSERT INTO events VALUES (1, 'x');"),
    );
    sluice(root).args(["apply", "--resume"]).assert().success();
    assert_eq!(
        scalar(&mut pg.connect(), "select state from sluice.history where version = 2"),
        "applied"
    );
    assert_eq!(scalar(&mut pg.connect(), "select count(*) from events"), "1");
    assert_eq!(
        scalar(&mut pg.connect(), "select count(*) from pg_indexes where tablename = 'events'"),
        "2"
    );
}

#[test]
fn passwords_never_appear_in_output_or_history() {
    let Some(pg) = TestPg::new() else { return };
    let tmp = project(&pg);
    let root = tmp.path();
    // Trust authentication ignores the password, so the URL still connects.
    let secret = "s3cr3t-Pa55word";
    let url =
        pg.url().replacen("postgres://postgres@", &format!("postgres://postgres:{secret}@"), 1);
    assert!(url.contains(secret), "test URL has the password: {url}");
    let mut outputs = Vec::new();
    for args in [
        vec!["migrate"],
        vec!["status"],
        vec!["history"],
        vec!["check"],
        vec!["apply", "--dry-run"],
        vec!["--json", "status"],
        vec!["pull", "--out", "pulled"],
    ] {
        let mut all = args.clone();
        all.extend(["--url", url.as_str()]);
        let out = sluice(root).args(&all).output().unwrap();
        outputs.push(
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        );
    }
    // A failing connection with the password in the URL.
    let bad = url.replace(&pg.name().to_string(), "no_such_database_here");
    let out = sluice(root).args(["status", "--url", &bad]).output().unwrap();
    assert!(!out.status.success());
    outputs.push(String::from_utf8_lossy(&out.stderr).to_string());
    for o in &outputs {
        assert!(!o.contains(secret), "password leaked:\n{o}");
    }
    assert!(outputs.iter().any(|o| o.contains(":***@")), "URLs are shown redacted");
    let rows = scalar(&mut pg.connect(), "select string_agg(h::text, ' ') from sluice.history h");
    let audit = scalar(&mut pg.connect(), "select string_agg(a::text, ' ') from sluice.audit a");
    assert!(!rows.contains(secret) && !audit.contains(secret));
}

#[test]
fn two_applies_at_once_apply_each_migration_once() {
    let Some(pg) = TestPg::new() else { return };
    let tmp = project(&pg);
    let root = tmp.path();
    sluice(root).arg("generate").assert().success();
    for i in 0..4 {
        custom(
            root,
            &format!("step{i}"),
            &format!("CREATE TABLE step{i} (id int);\nSELECT pg_sleep(0.05);\n"),
        );
    }
    let results = concurrent_applies(root, 3);
    let mut waited = 0;
    for (ok, err) in results {
        assert!(ok, "{err}");
        if err.contains("waiting for another `sluice apply`") {
            waited += 1;
        }
    }
    assert!(waited >= 1, "the others waited for the lock and said so");
    assert_eq!(
        scalar(&mut pg.connect(), "select count(*) from sluice.audit where event = 'applied'"),
        "5"
    );
}

#[test]
fn exact_mode_compares_catalog_forms() {
    let Some(pg) = TestPg::new() else { return };
    let tmp = project(&pg);
    let root = tmp.path();
    // Text PostgreSQL rewrites: a cast added to the check, the enum default
    // qualified, the IN list turned into `= ANY (ARRAY[...])`.
    fs::write(
        root.join("schema/schema.sql"),
        "CREATE TYPE mood AS ENUM ('ok', 'sad');\n\
         CREATE TABLE prices (id bigint PRIMARY KEY, amount numeric CHECK (amount >= 0),\n\
           feeling mood DEFAULT 'ok', kind text CHECK (kind IN ('a', 'b')));\n",
    )
    .unwrap();
    let dev = pg.url().to_string();
    sluice(root)
        .args(["migrate", "--dev-url", &dev])
        .assert()
        .success()
        .stdout(predicate::str::contains("verified"));
    assert_nothing_to_migrate(root, &["--dev-url", &dev]);
    sluice(root)
        .args(["check", "--dev-url", &dev])
        .assert()
        .success()
        .stdout(predicate::str::contains("clean"));
    // The snapshot holds the server's form in sluice's canonical spelling:
    // the cast PostgreSQL adds and its `= ANY (ARRAY[...])` are read back
    // as the files wrote them.
    let dir = fs::read_dir(root.join("migrations"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .unwrap();
    let snap = fs::read_to_string(dir.join("snapshot.json")).unwrap();
    assert!(snap.contains(r#""expr": "amount >= 0""#), "{snap}");
    assert!(snap.contains(r#""expr": "kind in ('a', 'b')""#), "{snap}");
    assert!(snap.contains(r#""default": "'ok'""#), "{snap}");
    // No scratch database is left behind: one whose creating process
    // (its name carries the pid) has exited is a leak; a live process's
    // belongs to a test running beside this one.
    let names = sluice_migrate::Driver::query_rows(
        &mut pg.connect(),
        "select datname from pg_database where datname like 'sluice_scratch_%'",
    )
    .unwrap();
    let leaked: Vec<String> = names
        .into_iter()
        .filter_map(|r| r.into_iter().next())
        .filter(|n| {
            let pid = n.trim_start_matches("sluice_scratch_").split('_').next().unwrap_or("");
            !std::path::Path::new("/proc").join(pid).exists()
        })
        .collect();
    assert!(leaked.is_empty(), "scratch databases left behind: {leaked:?}");
}

#[test]
fn objects_sluice_cannot_represent_are_named_not_hidden() {
    let Some(pg) = TestPg::new() else { return };
    let tmp = project(&pg);
    let root = tmp.path();
    sluice(root).arg("migrate").assert().success();
    pg.connect()
        .execute(
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
             CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();",
        )
        .unwrap();
    sluice(root)
        .arg("check")
        .assert()
        .success()
        .stderr(predicate::str::contains("not managed by sluice"))
        .stderr(predicate::str::contains("function touch()"))
        .stderr(predicate::str::contains("trigger users_touch on users"));
    let out = sluice(root).args(["--json", "check"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["unmanaged"].as_array().unwrap().len(), 2, "{v}");
}
