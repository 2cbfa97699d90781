//! Introspection: a database loaded from a schema reads back as exactly
//! the schema the SQLite parser makes of the same text, including after
//! ALTER TABLE; objects sluice cannot represent are named in an error,
//! never dropped; the pragma cross-check catches a model that disagrees
//! with SQLite.

use super::*;
use crate::sqlite::introspect::Unsupported;
use sluice_schema::{Dialect, Schema};
use sluice_sql::{dialect_for, SourceFile};

/// What the parser makes of `sql` (which must parse).
fn parse(sql: &str) -> Schema {
    let p = dialect_for(Dialect::Sqlite).unwrap().parse(&[SourceFile::new("schema.sql", sql)]);
    let errors: Vec<String> = p.errors.iter().map(|e| e.short()).collect();
    assert!(errors.is_empty(), "the parser refuses the schema:\n{}", errors.join("\n"));
    p.schema
}

/// Load `sql` into a fresh database file and introspect it.
fn load_and_introspect(sql: &str) -> Schema {
    let dir = project();
    let mut d = open_in(dir.path(), "s.db");
    load(&d, sql);
    d.introspect().unwrap_or_else(|e| panic!("introspection failed: {e}"))
}

fn assert_round_trip(sql: &str) {
    let expected = parse(sql);
    let got = load_and_introspect(sql);
    assert_eq!(got, expected, "introspected schema differs from the parsed one");
}

/// Every construct the SQLite parser reads, in one schema.
const EVERYTHING: &str = r#"
-- a comment SQLite does not keep
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TABLE IF NOT EXISTS main."Parent Table" (
    id integer PRIMARY KEY AUTOINCREMENT,
    code text NOT NULL UNIQUE ON CONFLICT ABORT COLLATE NOCASE,
    [Display Name] varchar(80) DEFAULT 'it''s' CONSTRAINT dn_len CHECK (length([Display Name]) <= 80),
    `score` numeric(10, 2) DEFAULT -1.5,
    ratio double precision DEFAULT +2,
    flags unsigned big int DEFAULT 0x10,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP,
    updated_at text DEFAULT (datetime('now', 'localtime')),
    nada text DEFAULT NULL,
    word text DEFAULT hello,
    raw blob DEFAULT X'00ff',
    yes boolean DEFAULT TRUE,
    untyped,
    "my type" "custom type",
    CONSTRAINT parent_code_len CHECK (length(code) BETWEEN 1 AND 10),
    CHECK (score >= 0 OR score IS NULL)
);
CREATE TABLE pair (x int NULL, y int, PRIMARY KEY (x, y) UNIQUE (y, x) CONSTRAINT pair_y UNIQUE (y) CHECK (x <> y)) WITHOUT ROWID;
CREATE TABLE 'child' (
    a integer REFERENCES "Parent Table",
    b integer CONSTRAINT child_b_fk REFERENCES "Parent Table"(id) ON DELETE CASCADE ON UPDATE SET NULL,
    c text REFERENCES "Parent Table" (code) MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED,
    d integer REFERENCES "Parent Table"(id) NOT NULL DEFERRABLE,
    e integer CONSTRAINT dangling, f integer,
    g integer GENERATED ALWAYS AS (a + b) STORED,
    h AS (upper(c)) VIRTUAL,
    i integer AS (e * 2),
    FOREIGN KEY (e) REFERENCES "Parent Table" (id) ON DELETE SET DEFAULT ON UPDATE RESTRICT NOT DEFERRABLE,
    CONSTRAINT child_ef FOREIGN KEY (E, f) REFERENCES pair (x, y) ON DELETE NO ACTION DEFERRABLE INITIALLY IMMEDIATE
);
CREATE TABLE strict_one (id INTEGER PRIMARY KEY ASC, data ANY, n INT NOT NULL, r REAL, t TEXT, b BLOB) STRICT;
CREATE TABLE both_options (k TEXT PRIMARY KEY, v INT) STRICT, WITHOUT ROWID;
CREATE TABLE pk_autoinc (id INTEGER, note text, PRIMARY KEY (id AUTOINCREMENT));
CREATE TABLE named_pk (a text, B text, CONSTRAINT named_pk_pk PRIMARY KEY (a, b));
CREATE TABLE MixedCase (Id INTEGER CONSTRAINT mc_pk PRIMARY KEY, Val text);
CREATE INDEX child_e ON child (e);
CREATE UNIQUE INDEX IF NOT EXISTS parent_lower ON "Parent Table" (lower(code) COLLATE NOCASE DESC, [Display Name] COLLATE binary ASC, (id)) WHERE score > 0 AND code IS NOT NULL;
CREATE INDEX main.child_expr ON CHILD (e + 1, "f" DESC);
CREATE INDEX mixed_val ON mixedcase (VAL);
CREATE VIEW "Active Parents" AS
  SELECT id,   code  -- the code
  FROM "Parent Table"
  WHERE score >= 18;
CREATE VIEW IF NOT EXISTS main.v2 (a, b) AS SELECT x, y FROM pair;
CREATE VIEW v3 AS SELECT c.a, p.code FROM child AS c JOIN "Parent Table" p ON p.id = c.a -- trailing comment
;
COMMIT;
"#;

#[test]
fn everything_the_parser_reads_reads_back_equal() {
    assert_round_trip(EVERYTHING);
}

#[test]
fn an_empty_database_is_an_empty_schema() {
    let s = load_and_introspect("");
    assert_eq!(s, Schema::empty(Dialect::Sqlite));
}

#[test]
fn altered_tables_read_back_as_their_new_definition() {
    let dir = project();
    let mut d = open_in(dir.path(), "alter.db");
    load(
        &d,
        "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text);
         CREATE INDEX users_name ON users (name);
         CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id), body text);
         CREATE VIEW named AS SELECT name FROM users;",
    );
    for sql in [
        "ALTER TABLE users ADD COLUMN age integer DEFAULT 0 NOT NULL CHECK (age >= 0)",
        "ALTER TABLE users ADD COLUMN \"Nick Name\" text COLLATE NOCASE",
        "ALTER TABLE users RENAME COLUMN name TO full_name",
        "ALTER TABLE users RENAME TO members",
        "ALTER TABLE posts DROP COLUMN body",
        "ALTER TABLE posts ADD COLUMN upper_id integer AS (user_id + 1)",
    ] {
        d.execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let got = d.introspect().unwrap();
    let expected = parse(
        "CREATE TABLE members (id integer PRIMARY KEY, full_name text NOT NULL, email text,
             age integer DEFAULT 0 NOT NULL CHECK (age >= 0), \"Nick Name\" text COLLATE NOCASE);
         CREATE INDEX users_name ON members (full_name);
         CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES members (id),
             upper_id integer AS (user_id + 1));
         CREATE VIEW named AS SELECT full_name FROM members;",
    );
    assert_eq!(got, expected);
}

fn unsupported_of(sql: &str) -> (Vec<Unsupported>, String) {
    let dir = project();
    let mut d = open_in(dir.path(), "u.db");
    load(&d, sql);
    let found = d.introspect_with_unsupported().unwrap();
    let err = d.introspect().err().map(|e| e.to_string()).unwrap_or_default();
    (found.unsupported, err)
}

#[test]
fn triggers_are_named_not_dropped() {
    let (u, err) = unsupported_of(
        "CREATE TABLE t (a integer, changed text);
         CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET changed = 'y' WHERE a = new.a; END;",
    );
    assert_eq!(u.len(), 1);
    assert_eq!((u[0].kind.as_str(), u[0].name.as_str()), ("trigger", "t_touch"));
    assert!(err.contains("trigger `t_touch`") && err.contains("on `t`"), "{err}");
    assert!(err.contains("cannot represent"), "{err}");
}

#[test]
fn virtual_tables_are_named_with_their_module_and_shadow_tables_are_not_listed() {
    let (u, err) = unsupported_of(
        "CREATE TABLE t (a integer);
         CREATE VIRTUAL TABLE docs USING fts5(title, body);
         CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx);",
    );
    let names: Vec<(&str, &str)> = u.iter().map(|u| (u.kind.as_str(), u.name.as_str())).collect();
    assert_eq!(names, [("virtual table", "docs"), ("virtual table", "boxes")]);
    assert!(err.contains("using fts5") && err.contains("using rtree"), "{err}");
    assert!(!err.contains("docs_data") && !err.contains("boxes_node"), "{err}");
}

#[test]
fn statements_the_parser_refuses_are_named_with_its_reason() {
    let (u, err) = unsupported_of(
        "CREATE TABLE ok (a integer);
         CREATE TABLE t (a integer UNIQUE ON CONFLICT REPLACE);
         CREATE INDEX t_a ON t (a);",
    );
    assert_eq!(u.len(), 1, "{u:?}");
    assert_eq!((u[0].kind.as_str(), u[0].name.as_str()), ("table", "t"));
    assert!(u[0].reason.contains("ON CONFLICT REPLACE"), "{}", u[0].reason);
    assert!(err.contains("table `t`"), "{err}");
    // What could be read is still returned alongside.
    let dir = project();
    let mut d = open_in(dir.path(), "v.db");
    load(&d, "CREATE TABLE ok (a integer); CREATE TABLE t (a integer UNIQUE ON CONFLICT REPLACE);");
    let found = d.introspect_with_unsupported().unwrap();
    assert_eq!(found.schema, parse("CREATE TABLE ok (a integer);"));
}

#[test]
fn the_pragma_crosscheck_reports_a_model_that_disagrees() {
    use crate::sqlite::crosscheck::check;
    let dir = project();
    let d = open_in(dir.path(), "x.db");
    load(
        &d,
        "CREATE TABLE p (id integer PRIMARY KEY, code text UNIQUE);
         CREATE TABLE t (a integer NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x', c integer AS (a + 1) STORED);
         CREATE INDEX t_a ON t (a DESC);",
    );
    let good = parse(
        "CREATE TABLE p (id integer PRIMARY KEY, code text UNIQUE);
         CREATE TABLE t (a integer NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x', c integer AS (a + 1) STORED);
         CREATE INDEX t_a ON t (a DESC);",
    );
    check(d.connection(), &good).expect("the true model passes");
    let cases: &[(&str, &str)] = &[
        ("a column the parse missed", "CREATE TABLE t (a integer NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x')"),
        ("nullability", "CREATE TABLE t (a integer REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x', c integer AS (a + 1) STORED)"),
        ("a type", "CREATE TABLE t (a text NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x', c integer AS (a + 1) STORED)"),
        ("a default", "CREATE TABLE t (a integer NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'y', c integer AS (a + 1) STORED)"),
        ("a generated kind", "CREATE TABLE t (a integer NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x', c integer AS (a + 1))"),
        ("a foreign key action", "CREATE TABLE t (a integer NOT NULL REFERENCES p (id), b text DEFAULT 'x', c integer AS (a + 1) STORED)"),
        ("a primary key", "CREATE TABLE t (a integer NOT NULL PRIMARY KEY REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x', c integer AS (a + 1) STORED)"),
        ("a unique", "CREATE TABLE t (a integer NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x' UNIQUE, c integer AS (a + 1) STORED)"),
        ("an option", "CREATE TABLE t (a integer NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x', c integer AS (a + 1) STORED) STRICT"),
    ];
    for (what, table_sql) in cases {
        let bad = parse(&format!(
            "CREATE TABLE p (id integer PRIMARY KEY, code text UNIQUE); {table_sql}; CREATE INDEX t_a ON t (a DESC);"
        ));
        let e = check(d.connection(), &bad).err().unwrap_or_else(|| panic!("{what} not caught"));
        let text = e.to_string();
        assert!(text.contains("table `t`") && text.contains("bug"), "{what}: {text}");
    }
    for (what, index_sql) in [
        ("an index direction", "CREATE INDEX t_a ON t (a)"),
        ("an index key", "CREATE INDEX t_a ON t (b DESC)"),
        ("a partial index", "CREATE INDEX t_a ON t (a DESC) WHERE a > 0"),
        ("an index uniqueness", "CREATE UNIQUE INDEX t_a ON t (a DESC)"),
        ("an extra index", "CREATE INDEX t_a ON t (a DESC); CREATE INDEX t_b ON t (b)"),
    ] {
        let bad = parse(&format!(
            "CREATE TABLE p (id integer PRIMARY KEY, code text UNIQUE);
             CREATE TABLE t (a integer NOT NULL REFERENCES p (id) ON DELETE CASCADE, b text DEFAULT 'x', c integer AS (a + 1) STORED);
             {index_sql};"
        ));
        assert!(check(d.connection(), &bad).is_err(), "{what} not caught");
    }
}

/// Spellings SQLite reports differently from how they are written (quoted
/// type names lose their quotes, and the words and sizes after them;
/// defaults keep their inner parentheses and spaces): still equal.
#[test]
fn odd_spellings_read_back_equal() {
    assert_round_trip(
        r#"CREATE TABLE t (
            c "x" (10), d `bq` ( 5 , 2 ), l "two" words,
            e DEFAULT "dq", f DEFAULT ( ( 1 ) ), g DEFAULT - 5, h DEFAULT x'ab',
            i int DEFAULT (CURRENT_DATE), j DEFAULT ('a' || 'b'), k DEFAULT FALSE,
            o DEFAULT (NULL), p DEFAULT 'NULL', q INT DEFAULT +7
        );"#,
    );
}

/// The cross-check at work on a real misreading: the parser takes the
/// bracket-quoted type `[my type]` for an array, SQLite says `my type`.
#[test]
fn a_misread_type_is_reported_not_returned() {
    let dir = project();
    let mut d = open_in(dir.path(), "b.db");
    load(&d, "CREATE TABLE t (a [my type])");
    let e = d.introspect().unwrap_err().to_string();
    assert!(e.contains("column `a`") && e.contains("`my type`"), "{e}");
}
