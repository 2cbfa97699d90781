//! End to end: `sluice lint` on temporary projects, in every format, with
//! environment levels, suppressions and exit codes.

mod common;

use common::*;
use std::fs;
use std::path::Path;

fn project(dialect: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    sluice(tmp.path()).args(["init", "--dialect", dialect]).assert().success();
    tmp
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).to_string()
}

/// A PostgreSQL project with two generated migrations: 0001 creates the
/// tables (with an index: fine on a fresh table), 0002 adds an index to
/// the existing `users` table.
fn pg_with_index_on_existing_table() -> tempfile::TempDir {
    let tmp = project("postgres");
    let root = tmp.path();
    sluice(root).arg("generate").assert().success();
    let schema = root.join("schema/schema.sql");
    let mut s = fs::read_to_string(&schema).unwrap();
    s.push_str("\nCREATE INDEX users_name_idx ON users (name);\n");
    fs::write(&schema, s).unwrap();
    sluice(root).args(["generate", "--name", "index users"]).assert().success();
    tmp
}

fn custom_migration(root: &Path, name: &str, sql: &str) -> String {
    sluice(root).args(["generate", "--custom", "--name", name]).assert().success();
    let dir = fs::read_dir(root.join("migrations"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.ends_with(name))
        .unwrap();
    fs::write(root.join("migrations").join(&dir).join("up.sql"), sql).unwrap();
    sluice(root).arg("rehash").assert().success();
    dir
}

#[test]
fn human_output_points_at_the_statement_and_exits_1_on_errors() {
    let tmp = pg_with_index_on_existing_table();
    let a = sluice(tmp.path()).arg("lint").assert().code(1);
    let out = stdout(&a);
    assert!(out.contains("error[index-without-concurrently]: CREATE INDEX on existing table public.users takes a SHARE lock"), "{out}");
    assert!(out.contains("--> migrations/0002_index_users/up.sql:3:1"), "{out}");
    assert!(out.contains("| CREATE INDEX users_name_idx ON public.users (name);"), "{out}");
    assert!(
        out.contains("= fix: Add `concurrently`: CREATE INDEX concurrently users_name_idx"),
        "{out}"
    );
    // The first migration creates the tables and their index: no alarm.
    let first = out.split("migrations/0001_").nth(1).unwrap_or("");
    assert!(
        !out.contains("0001_create_table_posts_and_more/up.sql:")
            || !first.contains("index-without-concurrently"),
        "{out}"
    );
    assert!(out.contains("(38 rules run, risk: moderate)"), "{out}");
    assert!(out.contains("2 file(s) linted: 1 error(s)"), "{out}");

    // Only the first migration: warnings only, exit 0.
    let a = sluice(tmp.path()).args(["lint", "0001"]).assert().success();
    let out = stdout(&a);
    assert!(!out.contains("error["), "{out}");
    assert!(out.contains("warning[on-delete-cascade]"), "{out}");
}

#[test]
fn json_github_and_sarif_formats() {
    let tmp = pg_with_index_on_existing_table();
    let root = tmp.path();

    for args in [&["lint", "--format", "json"][..], &["--json", "lint"][..]] {
        let a = sluice(root).args(args).assert().code(1);
        let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
        assert_eq!(v["errors"], 1, "{v}");
        let reports = v["reports"].as_array().unwrap();
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[1]["path"], "migrations/0002_index_users/up.sql");
        assert_eq!(reports[1]["rules_run"], 38);
        let f = reports[1]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "index-without-concurrently")
            .unwrap();
        assert_eq!(f["group"], "locking");
        assert_eq!(f["severity"], "error");
        assert_eq!(f["line"], 3);
        assert_eq!(f["column"], 1);
        assert_eq!(f["statement"], 0);
    }

    let a = sluice(root).args(["lint", "--format", "github"]).assert().code(1);
    let out = stdout(&a);
    assert!(
        out.lines().any(|l| l
            .starts_with("::error file=migrations/0002_index_users/up.sql,line=3,col=1,")
            && l.contains("title=index-without-concurrently::CREATE INDEX on existing table")),
        "{out}"
    );
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");

    let a = sluice(root).args(["lint", "--format", "sarif"]).assert().code(1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "sluice");
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 43);
    let r = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "index-without-concurrently")
        .unwrap();
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "migrations/0002_index_users/up.sql");
    assert_eq!(loc["region"]["startLine"], 3);
}

#[test]
fn environment_levels_override_the_top_level() {
    let tmp = pg_with_index_on_existing_table();
    let root = tmp.path();
    let toml = root.join("sluice.toml");
    let mut t = fs::read_to_string(&toml).unwrap();
    t = t.replace("[env.dev]", "[lint]\ndeny = [\"on-delete-cascade\"]\n\n[env.dev]");
    t.push_str("lint = { allow = [\"locking\"], warn = [\"data-loss\"] }\n");
    t.push_str("\n[env.prod]\nurl = \"postgres://localhost/x\"\nlint = { deny = [\"naming\"] }\n");
    fs::write(&toml, t).unwrap();

    // Top level: the cascade is now an error too.
    let out = stdout(&sluice(root).args(["lint", "0001"]).assert().code(1));
    assert!(out.contains("error[on-delete-cascade]"), "{out}");
    // dev: locking off, data loss only warns: exit 0, no locking finding.
    let out = stdout(&sluice(root).args(["lint", "--env", "dev"]).assert().success());
    assert!(
        !out.contains("index-without-concurrently") && !out.contains("missing-lock-timeout"),
        "{out}"
    );
    assert!(out.contains("warning[on-delete-cascade]"), "{out}");
    assert!(out.contains("(26 rules run"), "{out}");
    // SLUICE_ENV works like --env.
    sluice(root).arg("lint").env("SLUICE_ENV", "dev").assert().success();
    // prod keeps the top level for locking.
    sluice(root).args(["lint", "--env", "prod"]).assert().code(1);
    // An environment that does not exist is an error.
    let a = sluice(root).args(["lint", "--env", "staging"]).assert().code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("no [env.staging]"));
}

#[test]
fn unknown_rule_codes_in_config_are_errors_with_suggestions() {
    let tmp = project("postgres");
    let root = tmp.path();
    let toml = root.join("sluice.toml");
    let t = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, t.replace("[env.dev]", "[lint]\ndeny = [\"drop-tabel\"]\n\n[env.dev]"))
        .unwrap();
    let a = sluice(root).arg("lint").assert().code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains("unknown rule or group `drop-tabel`") && err.contains("`drop-table`"),
        "{err}"
    );

    let t = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        t.replace("[lint]\ndeny = [\"drop-tabel\"]\n", "").replace(
            "[env.dev]",
            "[env.ci]\nurl = \"x\"\nlint = { warn = [\"lockng\"] }\n\n[env.dev]",
        ),
    )
    .unwrap();
    let a = sluice(root).arg("lint").assert().code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains("[env.ci] lint warn: unknown rule or group `lockng`")
            && err.contains("`locking`"),
        "{err}"
    );
}

#[test]
fn suppressions_and_hand_written_migrations() {
    let tmp = pg_with_index_on_existing_table();
    let root = tmp.path();
    let dir = custom_migration(
        root,
        "cleanup",
        "SET lock_timeout = '5s';\n-- sluice:ignore drop-table archived to object storage first\nDROP TABLE posts;\n-- sluice:ignore truncate\nDELETE FROM users WHERE id < 10;\nBEGIN;\nCOMMIT;\n",
    );
    let a = sluice(root).args(["lint", &dir]).assert().code(1);
    let out = stdout(&a);
    assert!(!out.contains("[drop-table]"), "suppressed: {out}");
    assert!(
        out.contains("warning[unused-ignore]: `-- sluice:ignore truncate` silences nothing"),
        "{out}"
    );
    assert!(out.contains("warning[ignore-without-reason]"), "{out}");
    assert!(out.contains("error[transaction-control]: `BEGIN` in a migration"), "{out}");
    assert!(out.contains("error[transaction-control]: `COMMIT` in a migration"), "{out}");
}

#[test]
fn files_on_sqlite_and_syntax_errors() {
    let tmp = project("sqlite");
    let root = tmp.path();
    fs::write(root.join("ok.sql"), "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\n")
        .unwrap();
    let out = stdout(&sluice(root).args(["lint", "--file", "ok.sql"]).assert().success());
    assert_eq!(out, "ok.sql: no findings (23 rules run, risk: low)\n");

    fs::write(root.join("bad.sql"), "CREATE TABLE t (id INTEGER PRIMARY KEY);\nALTER TABLE t DROP COLUMN name;\nINSERT INTO t VALUES ('open);\n").unwrap();
    let out = stdout(&sluice(root).args(["lint", "--file", "bad.sql"]).assert().code(1));
    assert!(
        out.contains(
            "error[syntax-error]: syntax error: Unterminated string literal\n  --> bad.sql:3:23"
        ),
        "{out}"
    );

    fs::write(root.join("drop.sql"), "ALTER TABLE t DROP COLUMN name;\n").unwrap();
    let out = stdout(&sluice(root).args(["lint", "--file", "drop.sql"]).assert().code(1));
    assert!(
        out.contains(
            "error[drop-column]: dropping column t.name deletes its data\n  --> drop.sql:1:1"
        ),
        "{out}"
    );
    assert!(out.contains("risk: high"), "{out}");
}

#[test]
fn rules_are_listed_with_their_level() {
    let tmp = project("sqlite");
    let out = stdout(&sluice(tmp.path()).args(["lint", "--rules"]).assert().success());
    assert_eq!(out.lines().count(), 43, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("drop-table") && l.contains("data-loss") && l.contains("error")),
        "{out}"
    );
}
