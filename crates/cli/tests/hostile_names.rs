//! Hostile input end to end: identifiers with quotes, semicolons,
//! backslashes, comment markers, non-ASCII letters, emoji and reserved
//! words, and string defaults and comments that try to close their literal
//! (`'it''s; DROP TABLE x'`), go through parse -> diff -> render -> apply
//! -> introspect (`sluice migrate`, which verifies the live schema equals
//! the snapshot) on PostgreSQL, SQLite and MariaDB. Then nothing is left to
//! generate, `check` is clean, and the database holds exactly the tables
//! and columns the file declares (nothing injected, nothing renamed).
//! Names longer than the server keeps are refused at file:line:col.

mod common;

use common::*;
use sluice_db::testing::{TestMysql, TestPg};
use sluice_migrate::Driver;
use std::collections::BTreeSet;
use std::path::Path;

/// Column names every dialect takes (MySQL: no characters outside the
/// Basic Multilingual Plane, so no emoji there).
const COLUMNS: &[&str] = &[
    "x'y",
    "semi;colon",
    "back\\slash",
    "täble",
    "表",
    "select",
    "user",
    "order",
    "Mixed Case",
    "--dash",
    "a*/b",
    "tab\there",
];

const HOSTILE_TEXT: &str = "it''s; DROP TABLE x; --";

fn pg_schema() -> String {
    let mut cols: Vec<String> = vec!["  id integer PRIMARY KEY".into()];
    for c in COLUMNS.iter().chain(["🦀 crab"].iter()) {
        cols.push(format!("  \"{}\" text", c.replace('"', "\"\"")));
    }
    format!(
        "CREATE TYPE \"mood\"\"x\" AS ENUM ('it''s', 'a;b', 'back\\slash');\n\
         CREATE TABLE \"a\"\"b\" (\n{},\n  m \"mood\"\"x\",\n  note text DEFAULT '{HOSTILE_TEXT}',\n  path text DEFAULT 'C:\\dir\\',\n  \
         CONSTRAINT \"chk; DROP\" CHECK (\"order\" <> ')); DROP TABLE x; --')\n);\n\
         CREATE TABLE \"user\" (id integer PRIMARY KEY, ab integer REFERENCES \"a\"\"b\" (id));\n\
         CREATE INDEX \"idx \"\"q\"\"\" ON \"a\"\"b\" (\"täble\");\n\
         COMMENT ON TABLE \"a\"\"b\" IS '{HOSTILE_TEXT}';\n\
         COMMENT ON COLUMN \"a\"\"b\".\"x'y\" IS '*/ -- \\';\n",
        cols.join(",\n")
    )
}

fn sqlite_schema() -> String {
    let mut cols: Vec<String> = vec!["  id INTEGER PRIMARY KEY".into()];
    for c in COLUMNS.iter().chain(["🦀 crab"].iter()) {
        cols.push(format!("  \"{}\" TEXT", c.replace('"', "\"\"")));
    }
    format!(
        "CREATE TABLE \"a\"\"b\" (\n{},\n  note TEXT DEFAULT '{HOSTILE_TEXT}',\n  path TEXT DEFAULT 'C:\\dir\\',\n  \
         CONSTRAINT \"chk; DROP\" CHECK (\"order\" <> ')); DROP TABLE x; --')\n);\n\
         CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, ab INTEGER REFERENCES \"a\"\"b\" (id));\n\
         CREATE INDEX \"idx \"\"q\"\"\" ON \"a\"\"b\" (\"täble\");\n",
        cols.join(",\n")
    )
}

fn mysql_schema() -> String {
    let mut cols: Vec<String> = vec!["  id int NOT NULL PRIMARY KEY".into()];
    for c in COLUMNS {
        cols.push(format!("  `{}` varchar(40)", c.replace('`', "``")));
    }
    format!(
        "CREATE TABLE `a``b` (\n{},\n  note varchar(40) DEFAULT '{HOSTILE_TEXT}' COMMENT '{HOSTILE_TEXT}',\n  \
         path varchar(40) DEFAULT 'C:\\\\dir\\\\',\n  q varchar(40) DEFAULT 'say \\'hi\\'; DROP TABLE x',\n  \
         CONSTRAINT `chk; DROP` CHECK (`order` <> ')); DROP TABLE x; --'),\n  KEY `idx ``q``` (`täble`)\n\
         ) COMMENT='{HOSTILE_TEXT}';\n\
         CREATE TABLE `user` (id int NOT NULL PRIMARY KEY, ab int, CONSTRAINT `fk;x` FOREIGN KEY (ab) REFERENCES `a``b` (id));\n",
        cols.join(",\n")
    )
}

fn project(dialect: &str, url: &str, schema: &str) -> tempfile::TempDir {
    project_with_schema(dialect, url, schema, "")
}

/// migrate (generate, apply, verify), then nothing left to generate and
/// check clean; the live tables and columns are exactly `expected`.
fn round_trip(root: &Path, driver: &mut dyn Driver, expected: &BTreeSet<(String, String)>) {
    let out = sluice(root).arg("migrate").output().unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "migrate failed:\n{text}");
    assert!(text.contains("verified"), "{text}");
    assert_nothing_to_migrate(root, &[]);
    let out = sluice(root).arg("check").output().unwrap();
    assert!(out.status.success(), "check:\n{}", String::from_utf8_lossy(&out.stdout));
    let live = driver.introspect().unwrap();
    let got: BTreeSet<(String, String)> = live
        .tables
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t.name.name.clone(), c.name.clone())))
        .collect();
    assert_eq!(&got, expected, "the database's tables and columns differ from the file");
}

fn expected(table: &str, extra: &[&str], crab: bool) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let t = table.to_string();
    out.insert((t.clone(), "id".into()));
    for c in COLUMNS.iter().chain(extra) {
        out.insert((t.clone(), c.to_string()));
    }
    if crab {
        out.insert((t.clone(), "🦀 crab".into()));
    }
    out.insert(("user".into(), "id".into()));
    out.insert(("user".into(), "ab".into()));
    out
}

#[test]
fn hostile_names_round_trip_on_sqlite() {
    let tmp = project("sqlite", "sqlite://dev.db", &sqlite_schema());
    let root = tmp.path();
    let mut d =
        sluice_db::connect("sqlite://dev.db", sluice_schema::Dialect::Sqlite, root).unwrap();
    round_trip(root, &mut *d, &expected("a\"b", &["note", "path"], true));
    // Defaults kept byte for byte.
    let v = scalar(&mut *d, "SELECT dflt_value FROM pragma_table_info('a\"b') WHERE name = 'note'");
    assert_eq!(v, format!("'{HOSTILE_TEXT}'"));
}

#[test]
fn hostile_names_round_trip_on_postgres() {
    let Some(pg) = TestPg::new() else { return };
    let tmp = project("postgres", pg.url(), &pg_schema());
    let root = tmp.path();
    let mut d = pg.connect();
    round_trip(root, &mut d, &expected("a\"b", &["m", "note", "path"], true));
    // Nothing else was created: two tables, one enum, in public.
    assert_eq!(
        scalar(&mut d, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"),
        "2"
    );
    assert_eq!(
        scalar(&mut d, "SELECT string_agg(enumlabel, '|' ORDER BY enumsortorder) FROM pg_enum"),
        "it's|a;b|back\\slash"
    );
    assert_eq!(
        scalar(&mut d, "SELECT obj_description('public.\"a\"\"b\"'::regclass)"),
        "it's; DROP TABLE x; --"
    );
    assert_eq!(
        scalar(&mut d, "SELECT col_description('public.\"a\"\"b\"'::regclass, 2)"),
        "*/ -- \\"
    );
}

#[test]
fn hostile_names_round_trip_on_mysql() {
    let Some(my) = TestMysql::new() else { return };
    let tmp = project("mysql", my.url(), &mysql_schema());
    let root = tmp.path();
    let mut d = my.connect();
    round_trip(root, &mut d, &expected("a`b", &["note", "path", "q"], false));
    assert_eq!(
        scalar(&mut d, "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name NOT LIKE 'sluice%'"),
        "2"
    );
    let defaults = d
        .query_rows("SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name IN ('note', 'path', 'q') ORDER BY column_name")
        .unwrap();
    let defaults: Vec<String> = defaults.iter().map(|r| r.join("=")).collect();
    assert_eq!(
        defaults,
        ["note='it''s; DROP TABLE x; --'", "path='C:\\\\dir\\\\'", "q='say ''hi''; DROP TABLE x'"],
        "defaults as MariaDB prints them: the values exactly as written"
    );
}

/// Names the server would cut (PostgreSQL, 63 bytes) or refuse (MySQL, 64
/// characters) stop `generate` at the name, and nothing is written.
#[test]
fn too_long_names_are_refused_at_the_name() {
    for (dialect, name, why) in [
        ("postgres", "n".repeat(64), "64 bytes; PostgreSQL keeps 63"),
        ("postgres", "é".repeat(32), "64 bytes; PostgreSQL keeps 63"),
        ("mysql", "m".repeat(65), "65 characters; MySQL refuses names over 64"),
    ] {
        let q = if dialect == "mysql" { '`' } else { '"' };
        let schema = format!("CREATE TABLE t (\n  id int,\n  {q}{name}{q} int\n);\n");
        let tmp = project(dialect, "unused://", &schema);
        let out = sluice(tmp.path()).arg("generate").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{dialect}: {err}");
        assert!(err.contains("schema/app.sql:3:4: column name"), "{dialect}: {err}");
        assert!(err.contains(why), "{dialect}: {err}");
        assert!(err.contains("shorten the name"), "{dialect}: {err}");
        assert!(!tmp.path().join("migrations").exists(), "{dialect}: something was written");
    }
}
