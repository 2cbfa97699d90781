//! End to end: the real `sluice` binary on temporary projects.

mod common;

use common::*;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

fn project(dialect: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    sluice(tmp.path()).args(["init", "--dialect", dialect]).assert().success();
    tmp
}

fn migration_dirs(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(root.join("migrations"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn schema_file(root: &Path) -> PathBuf {
    root.join("schema/schema.sql")
}

#[test]
fn init_writes_a_working_project_and_never_overwrites() {
    let tmp = project("sqlite");
    let root = tmp.path();
    let toml = read(root, "sluice.toml");
    assert!(toml.contains("dialect = \"sqlite\""));
    assert!(toml.contains("sqlite://"), "embedded database for [env.dev]: {toml}");
    assert!(root.join("migrations").is_dir());
    fs::write(root.join("sluice.toml"), "dialect = \"sqlite\"\n# mine\n").unwrap();
    sluice(root).arg("init").assert().success().stdout(predicate::str::contains("kept"));
    assert_eq!(read(root, "sluice.toml"), "dialect = \"sqlite\"\n# mine\n");

    let pg = project("postgres");
    let toml = read(pg.path(), "sluice.toml");
    assert!(toml.contains("${DATABASE_URL}"), "{toml}");
}

#[test]
fn generate_then_nothing_to_do_then_a_change() {
    for dialect in ["sqlite", "postgres"] {
        let tmp = project(dialect);
        let root = tmp.path();
        sluice(root).arg("generate").assert().success().stdout(predicate::str::contains("created"));
        let dirs = migration_dirs(root);
        assert_eq!(dirs.len(), 1, "{dialect}: {dirs:?}");
        let up = read(root, &format!("migrations/{}/up.sql", dirs[0]));
        let lower = up.to_lowercase();
        assert!(
            lower.contains("create table users") || lower.contains("create table public.users"),
            "{dialect}: {up}"
        );
        assert!(root.join(format!("migrations/{}/snapshot.json", dirs[0])).is_file());
        assert!(root.join("migrations/sluice.sum").is_file());

        // Nothing changed: the exact message, exit 0, nothing written.
        assert_nothing_to_migrate(root, &[]);
        assert_eq!(migration_dirs(root).len(), 1);

        // Add a column.
        let s = read(root, "schema/schema.sql")
            .replace("  name TEXT,", "  name TEXT,\n  bio TEXT,")
            .replace("  name text,", "  name text,\n  bio text,");
        fs::write(schema_file(root), s).unwrap();
        sluice(root).args(["generate", "--name", "add bio"]).assert().success();
        let dirs = migration_dirs(root);
        assert_eq!(dirs[1], "0002_add_bio", "{dialect}");
        let up = read(root, "migrations/0002_add_bio/up.sql").to_lowercase();
        assert!(up.contains("add column bio"), "{dialect}: {up}");
        let down = read(root, "migrations/0002_add_bio/down.sql").to_lowercase();
        assert!(down.contains("drop column bio"), "{dialect}: {down}");
        assert!(down.contains("data loss"), "down says it loses data: {down}");
    }
}

#[test]
fn renames_are_never_guessed() {
    let tmp = project("postgres");
    let root = tmp.path();
    sluice(root).arg("generate").assert().success();
    let s = read(root, "schema/schema.sql")
        .replace("  title text NOT NULL,", "  headline text NOT NULL,");
    fs::write(schema_file(root), &s).unwrap();

    // No terminal, no hint: stop, list the candidate and how to declare it.
    sluice(root)
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("column public.posts.title -> headline"))
        .stderr(predicate::str::contains("sluice:renamed-from title"));
    assert_eq!(migration_dirs(root).len(), 1, "nothing written");

    // By flag.
    sluice(root).args(["generate", "--rename", "posts.title=headline"]).assert().success();
    let dirs = migration_dirs(root);
    let up = read(root, &format!("migrations/{}/up.sql", dirs[1])).to_lowercase();
    assert!(up.contains("rename column title to headline"), "{up}");

    // By comment in the schema.
    let s = s.replace(
        "  headline text NOT NULL,",
        "  -- sluice:renamed-from headline\n  heading text NOT NULL,",
    );
    fs::write(schema_file(root), &s).unwrap();
    sluice(root).arg("generate").assert().success();
    let dirs = migration_dirs(root);
    let up = read(root, &format!("migrations/{}/up.sql", dirs[2])).to_lowercase();
    assert!(up.contains("rename column headline to heading"), "{up}");
}

#[test]
fn tampered_migrations_are_refused_until_rehash() {
    let tmp = project("sqlite");
    let root = tmp.path();
    sluice(root).arg("generate").assert().success();
    let dir = &migration_dirs(root)[0];
    let up_path = root.join(format!("migrations/{dir}/up.sql"));
    let mut up = fs::read_to_string(&up_path).unwrap();
    up.push_str("-- an edit\n");
    fs::write(&up_path, up).unwrap();
    sluice(root)
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("migration {dir} was edited")))
        .stderr(predicate::str::contains("sluice rehash"));
    sluice(root)
        .arg("rehash")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("changed {dir}")));
    assert_nothing_to_migrate(root, &[]);
}

#[test]
fn schema_errors_are_located() {
    let tmp = project("postgres");
    let root = tmp.path();
    fs::write(
        schema_file(root),
        "CREATE TABLE ok (id int);\n\nCREATE TABLE broken (id int,, x);\n",
    )
    .unwrap();
    sluice(root)
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("schema/schema.sql:3:"));
    assert!(migration_dirs(root).is_empty(), "nothing written");

    // --json: the same as data.
    let out =
        sluice(root).args(["--json", "generate"]).assert().code(2).get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["error"]["diagnostics"][0]["line"], 3);
}

#[test]
fn fmt_check_and_rewrite_keep_meaning() {
    for dialect in ["sqlite", "postgres"] {
        let tmp = project(dialect);
        let root = tmp.path();
        let messy =
            "-- people\ncreate   table People_X (ID integer primary key, Name text   not null);\n";
        fs::write(schema_file(root), messy).unwrap();
        sluice(root)
            .args(["fmt", "--check"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("not canonical"));
        assert_eq!(read(root, "schema/schema.sql"), messy, "--check writes nothing");
        sluice(root).arg("generate").assert().success();
        sluice(root).arg("fmt").assert().success();
        let formatted = read(root, "schema/schema.sql");
        assert!(formatted.starts_with("-- people\n"), "comment kept: {formatted}");
        sluice(root).args(["fmt", "--check"]).assert().success();
        // Same meaning: nothing to migrate after formatting.
        assert_nothing_to_migrate(root, &[]);
    }
}

#[test]
fn diff_prints_sql_between_sources() {
    let tmp = project("postgres");
    let root = tmp.path();
    sluice(root).args(["diff", "empty", "schema"]).assert().success().stdout(
        predicate::str::contains("CREATE TABLE").or(predicate::str::contains("create table")),
    );
    sluice(root).arg("generate").assert().success();
    sluice(root).args(["diff", "0001", "schema"]).assert().success().stdout("-- no differences\n");
    let out = sluice(root)
        .args(["--json", "diff", "0001", "empty"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["changes"].as_array().unwrap().len() >= 2, "{v}");
}

#[test]
fn custom_migration_and_json_output() {
    let tmp = project("sqlite");
    let root = tmp.path();
    let out =
        sluice(root).args(["--json", "generate"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["change"].as_str().unwrap().contains("users")));
    sluice(root).args(["generate", "--custom", "--name", "backfill"]).assert().success();
    assert!(migration_dirs(root).iter().any(|d| d.ends_with("_backfill")));
    assert_nothing_to_migrate(root, &[]);
}

#[test]
fn missing_config_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    sluice(tmp.path())
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no sluice.toml"))
        .stderr(predicate::str::contains("sluice init"));
}

#[test]
fn config_is_found_in_parent_folders() {
    let tmp = project("sqlite");
    let sub = tmp.path().join("schema");
    sluice(&sub).arg("generate").assert().success();
    assert_eq!(migration_dirs(tmp.path()).len(), 1);
}
