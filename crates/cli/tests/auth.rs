//! `sluice auth generate | migrate | check` on temp projects: the conflict
//! cases (an existing `users(id serial)`, an existing `user` with a NOT
//! NULL column Better Auth never writes, a name clash), each refused with
//! its resolutions and then resolved, applied and verified; all-or-nothing
//! application; config errors.

mod common;

use common::*;
use predicates::prelude::*;
use sluice_db::testing::TestPg;
use sluice_migrate::Driver;
use std::fs;
use std::path::Path;

fn project(dialect: &str, url: &str, schema: &str, auth: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("schema")).unwrap();
    fs::write(tmp.path().join("schema/schema.sql"), schema).unwrap();
    fs::write(
        tmp.path().join("sluice.toml"),
        format!("dialect = \"{dialect}\"\n\n[env.dev]\nurl = \"{url}\"\n\n[auth]\n{auth}\n"),
    )
    .unwrap();
    tmp
}

fn set_auth(root: &Path, from: &str, to: &str) {
    let p = root.join("sluice.toml");
    let t = fs::read_to_string(&p).unwrap();
    assert!(t.contains(from));
    fs::write(&p, t.replace(from, to)).unwrap();
}

#[test]
fn existing_users_serial_table_needs_serial_ids() {
    let Some(pg) = TestPg::new() else { return };
    let schema = "CREATE TABLE users (\n  id serial PRIMARY KEY,\n  email text NOT NULL UNIQUE,\n  name text NOT NULL\n);\n";
    let tmp = project(
        "postgres",
        pg.url(),
        schema,
        "plugins = [\"two-factor\"]\ntables = { user = \"users\" }\nid = \"text\"",
    );
    let root = tmp.path();
    // The text-vs-integer failure, named before anything runs.
    sluice(root)
        .args(["auth", "generate"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[id-type] users.id is serial but [auth] id = \"text\""))
        .stderr(predicate::str::contains("session.userId"))
        .stderr(predicate::str::contains("resolve: [auth] id = \"serial\""))
        .stderr(predicate::str::contains("nothing was written"));
    assert!(!root.join("schema/auth.sql").exists());

    // Resolved: serial ids; users gets the columns it lacks.
    set_auth(root, "id = \"text\"", "id = \"serial\"");
    sluice(root).args(["auth", "migrate"]).assert().success();
    let cols = fs::read_to_string(root.join("schema/zz_auth_columns.sql")).unwrap();
    assert!(
        cols.contains(
            "ALTER TABLE public.users ADD COLUMN \"emailVerified\" boolean DEFAULT false NOT NULL"
        ),
        "{cols}"
    );
    assert!(!cols.contains("ADD COLUMN email "), "email exists already: {cols}");
    assert_eq!(
        scalar(&mut pg.connect(), "select data_type from information_schema.columns where table_name = 'session' and column_name = 'userId'"),
        "integer"
    );
    assert_eq!(
        scalar(&mut pg.connect(), "select count(*) from information_schema.referential_constraints r join information_schema.table_constraints t using (constraint_name) where t.table_name = 'twoFactor'"),
        "1"
    );
    sluice(root).args(["auth", "check"]).assert().success();
    let out = sluice(root).args(["auth", "generate", "--emit-config", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["user"]["modelName"], "users");
    assert_eq!(v["advanced"]["database"]["generateId"], "serial");
    assert_nothing_to_migrate(root, &[]);
}

#[test]
fn existing_user_table_with_a_required_column_better_auth_never_writes() {
    let Some(pg) = TestPg::new() else { return };
    let schema = r#"CREATE TABLE "user" (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  "emailVerified" boolean NOT NULL DEFAULT false,
  image text,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  tenant_id text NOT NULL
);
"#;
    let tmp = project("postgres", pg.url(), schema, "plugins = []");
    let root = tmp.path();
    sluice(root)
        .args(["auth", "generate"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[name-clash] the project already has a table user"))
        .stderr(predicate::str::contains("--resolve user=map"))
        .stderr(predicate::str::contains("--resolve user=rename:auth_user"));
    sluice(root)
        .args(["auth", "generate", "--resolve", "user=map"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "[unexpected-required] user.tenant_id is NOT NULL without a default",
        ))
        .stderr(predicate::str::contains("--resolve user.tenant_id=nullable"))
        .stderr(predicate::str::contains("--resolve user.tenant_id=additional"));

    // Resolved in the config: map onto it and drop the NOT NULL.
    let toml = root.join("sluice.toml");
    let mut t = fs::read_to_string(&toml).unwrap();
    t.push_str("[auth.resolve]\nuser = \"map\"\n\"user.tenant_id\" = \"nullable\"\n");
    fs::write(&toml, t).unwrap();
    sluice(root).args(["auth", "migrate"]).assert().success();
    let cols = fs::read_to_string(root.join("schema/zz_auth_columns.sql")).unwrap();
    assert!(cols.contains("DROP NOT NULL"), "{cols}");
    assert!(
        cols.contains("CREATE UNIQUE INDEX user_email_uidx"),
        "email gets its uniqueness: {cols}"
    );
    assert_eq!(
        scalar(&mut pg.connect(), "select is_nullable from information_schema.columns where table_name = 'user' and column_name = 'tenant_id'"),
        "YES"
    );
    sluice(root).args(["auth", "check"]).assert().success();

    // `auth check` on a database where the column is still required.
    pg.connect().execute("UPDATE \"user\" SET tenant_id = 'x'").unwrap();
    pg.connect().execute("ALTER TABLE \"user\" ALTER COLUMN tenant_id SET NOT NULL").unwrap();
    let mut plain = fs::read_to_string(&toml).unwrap();
    plain = plain.replace("\"user.tenant_id\" = \"nullable\"\n", "");
    fs::write(&toml, plain).unwrap();
    sluice(root)
        .args(["auth", "check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[unexpected-required] user.tenant_id"));
    // Declared as an additional field instead: Better Auth writes it.
    sluice(root)
        .args(["auth", "check", "--resolve", "user.tenant_id=additional"])
        .assert()
        .success();
    let out = sluice(root)
        .args([
            "auth",
            "generate",
            "--resolve",
            "user.tenant_id=additional",
            "--emit-config",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["user"]["additionalFields"]["tenant_id"]["required"], true, "{v}");
}

#[test]
fn name_clash_resolved_by_rename_on_sqlite() {
    let schema = "CREATE TABLE session (id integer PRIMARY KEY, data text NOT NULL);\n";
    let tmp = project("sqlite", "sqlite://dev.db", schema, "plugins = [\"username\"]");
    let root = tmp.path();
    sluice(root)
        .args(["auth", "generate"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[name-clash] the project already has a table session"))
        .stderr(predicate::str::contains("[unexpected-required]").not());
    sluice(root)
        .args(["auth", "migrate", "--resolve", "session=rename:auth_session"])
        .assert()
        .success();
    let auth = fs::read_to_string(root.join("schema/auth.sql")).unwrap();
    assert!(auth.contains("CREATE TABLE auth_session"), "{auth}");
    // The written file is in `sluice fmt`'s canonical form.
    sluice(root)
        .args(["fmt", "--check"])
        .assert()
        .stdout(predicate::str::contains("auth.sql").not());
    let db = rusqlite::Connection::open(root.join("dev.db")).unwrap();
    let n: i64 = db
        .query_row("select count(*) from sqlite_master where type = 'table' and name in ('auth_session', 'session', 'user', 'account', 'verification')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 5);
    let out = sluice(root)
        .args([
            "auth",
            "generate",
            "--resolve",
            "session=rename:auth_session",
            "--emit-config",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["session"]["modelName"], "auth_session");
    sluice(root)
        .args(["auth", "check", "--resolve", "session=rename:auth_session"])
        .assert()
        .success();
    // Without the resolution, check looks for `session` as Better Auth would.
    sluice(root).args(["auth", "check"]).assert().code(1);
}

/// A statement failing half-way leaves no auth table behind.
#[test]
fn auth_migrate_is_all_or_nothing() {
    let Some(pg) = TestPg::new() else { return };
    let tmp = project(
        "postgres",
        pg.url(),
        "CREATE TABLE notes (id int PRIMARY KEY);\n",
        "plugins = [\"two-factor\"]",
    );
    let root = tmp.path();
    // An object outside the schema files that takes the name of one of the
    // migration's last statements (its index on verification).
    pg.connect().execute("CREATE TABLE verification_identifier_idx (x int)").unwrap();
    sluice(root)
        .args(["auth", "migrate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("verification_identifier_idx"));
    assert_eq!(scalar(&mut pg.connect(), "select count(*) from information_schema.tables where table_name in ('user', 'session', 'twoFactor', 'notes')"), "0");
    pg.connect().execute("DROP TABLE verification_identifier_idx").unwrap();
    sluice(root).arg("apply").assert().success();
    sluice(root).args(["auth", "check"]).assert().success();
}

#[test]
fn auth_file_must_be_selected_and_config_errors_are_located() {
    let tmp = project(
        "sqlite",
        "sqlite://dev.db",
        "CREATE TABLE a (id integer PRIMARY KEY);\n",
        "plugins = []",
    );
    let root = tmp.path();
    set_auth(
        root,
        "dialect = \"sqlite\"",
        "dialect = \"sqlite\"\nschema = [\"schema/schema.sql\"]",
    );
    sluice(root)
        .args(["auth", "generate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[auth] file = \"schema/auth.sql\" is not selected"))
        .stderr(predicate::str::contains("help:"));
    set_auth(root, "plugins = []", "plugins = []\nnamingg = \"snake_case\"");
    sluice(root)
        .args(["auth", "generate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("sluice.toml:"))
        .stderr(predicate::str::contains("unknown field `namingg`"));
    set_auth(root, "namingg = \"snake_case\"", "plugins2 = 1");
    fs::write(
        root.join("sluice.toml"),
        fs::read_to_string(root.join("sluice.toml"))
            .unwrap()
            .replace("plugins2 = 1", "")
            .replace("plugins = []", "plugins = [\"two-factr\"]"),
    )
    .unwrap();
    sluice(root)
        .args(["auth", "generate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown plugin `two-factr`"));
}
