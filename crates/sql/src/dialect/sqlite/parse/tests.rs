//! Tests of the SQLite parser: the model values of each construct, error
//! locations and messages, rename hints, origins, several files, and input
//! that must not make it panic. They use `parse_raw` (no normalization), so
//! they check what the parser produces, whatever normalization does later.

use super::*;
use sluice_schema::{
    Column, Deferrable, Expr, FkAction, Index, IndexKey, NullsOrder, PrimaryKey, SqlType, Unique,
};

fn parse_one(sql: &str) -> Parsed {
    parse_raw(&[SourceFile::new("schema.sql", sql)])
}

fn messages(p: &Parsed) -> String {
    p.errors.iter().map(|e| e.short()).collect::<Vec<_>>().join("\n")
}

/// Parse and expect no error.
fn ok(sql: &str) -> Schema {
    let p = parse_one(sql);
    assert!(p.errors.is_empty(), "unexpected errors:\n{}", messages(&p));
    p.schema
}

/// Parse and expect exactly one error.
fn err(sql: &str) -> SqlError {
    let p = parse_one(sql);
    assert_eq!(p.errors.len(), 1, "expected one error, got:\n{}", messages(&p));
    p.errors.into_iter().next().unwrap()
}

fn line_col(e: &SqlError) -> (usize, usize) {
    (e.location.line, e.location.column)
}

fn table<'a>(s: &'a Schema, name: &str) -> &'a Table {
    s.tables
        .iter()
        .find(|t| t.name.name == name)
        .unwrap_or_else(|| panic!("no table {name} in {s:#?}"))
}

fn col<'a>(t: &'a Table, name: &str) -> &'a Column {
    t.column(name).unwrap_or_else(|| panic!("no column {name} in {t:#?}"))
}

fn e(s: &str) -> Expr {
    Expr::new(s)
}

// ---- columns and types ----

#[test]
fn declared_types_are_kept() {
    let s = ok("CREATE TABLE t (
        a INTEGER, b int, c VARCHAR(20), d numeric(15, 4), e UNSIGNED BIG INT,
        f double precision, g TEXT, h BLOB, i datetime, j, k ANY, l REAL
    );");
    let t = table(&s, "t");
    assert_eq!(t.name, QualifiedName::bare("t"));
    let ty = |n: &str| col(t, n).ty.clone();
    assert_eq!(ty("a"), SqlType::Integer);
    assert_eq!(ty("b"), SqlType::Other { name: "int".into() });
    assert_eq!(ty("c"), SqlType::Varchar { length: Some(20) });
    assert_eq!(ty("d"), SqlType::Numeric { precision: Some(15), scale: Some(4) });
    assert_eq!(ty("e"), SqlType::Other { name: "unsigned big int".into() });
    assert_eq!(ty("f"), SqlType::Double);
    assert_eq!(ty("g"), SqlType::Text);
    assert_eq!(ty("h"), SqlType::Blob);
    assert_eq!(ty("i"), SqlType::Other { name: "datetime".into() });
    assert_eq!(ty("j"), SqlType::Other { name: String::new() });
    assert_eq!(ty("k"), SqlType::Other { name: "any".into() });
    assert_eq!(ty("l"), SqlType::Real);
    let names: Vec<_> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]);
    assert!(t.columns.iter().all(|c| c.nullable && c.default.is_none()));
}

#[test]
fn names_are_kept_as_written() {
    let s = ok(r#"CREATE TABLE "Users" (Id integer, [Full Name] text, `e-mail` text, 'nick' text);
                  CREATE TABLE MixedCase (x);
                  CREATE TABLE 'single' (y);
                  CREATE TABLE main.qualified (z);"#);
    let t = table(&s, "Users");
    let names: Vec<_> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Id", "Full Name", "e-mail", "nick"]);
    table(&s, "MixedCase");
    table(&s, "single");
    let q = table(&s, "qualified");
    assert_eq!(q.name.schema, None);
}

#[test]
fn not_null_null_and_collate() {
    let s = ok("CREATE TABLE t (a text NOT NULL, b text NULL, c text COLLATE NOCASE NOT NULL, d text COLLATE \"rtrim\");");
    let t = table(&s, "t");
    assert!(!col(t, "a").nullable);
    assert!(col(t, "b").nullable);
    assert!(!col(t, "c").nullable);
    assert_eq!(col(t, "c").collation.as_deref(), Some("NOCASE"));
    assert_eq!(col(t, "d").collation.as_deref(), Some("rtrim"));
}

#[test]
fn defaults_take_the_source_text() {
    let s = ok("CREATE TABLE t (
        a integer DEFAULT 0,
        b integer DEFAULT -1,
        c real DEFAULT +1.5,
        d text DEFAULT 'it''s',
        e text DEFAULT (datetime( 'now' )),
        f timestamp DEFAULT CURRENT_TIMESTAMP,
        g text DEFAULT NULL,
        h boolean DEFAULT TRUE,
        i blob DEFAULT X'00FF',
        j text DEFAULT (lower( 'ABC' ) || 'x') NOT NULL,
        k text DEFAULT hello
    );");
    let t = table(&s, "t");
    let d = |n: &str| col(t, n).default.clone().unwrap_or_else(|| panic!("no default on {n}"));
    assert_eq!(d("a"), e("0"));
    assert_eq!(d("b"), crate::expr::normalize("-1", Dialect::Sqlite));
    assert_eq!(d("c"), crate::expr::normalize("+1.5", Dialect::Sqlite));
    assert_eq!(d("d"), e("'it''s'"));
    assert_eq!(d("e"), e("datetime('now')"));
    assert_eq!(d("f"), e("current_timestamp"));
    assert_eq!(d("g"), e("null"));
    assert_eq!(d("h"), e("true"));
    assert_eq!(d("i"), e("X'00FF'"));
    assert_eq!(d("j"), e("lower('ABC') || 'x'"));
    assert!(!col(t, "j").nullable);
    assert_eq!(d("k"), e("hello"));
    // Parenthesized or not, the same default.
    let s2 = ok("CREATE TABLE t (a integer DEFAULT (0), f timestamp DEFAULT (CURRENT_TIMESTAMP));");
    assert_eq!(col(table(&s2, "t"), "a").default, Some(e("0")));
    assert_eq!(col(table(&s2, "t"), "f").default, Some(e("current_timestamp")));
}

#[test]
fn expression_texts_are_normalized_and_stable() {
    let s = ok("CREATE TABLE t (
        a integer CHECK (A>0  AND a IN (1,2,3)),
        b text GENERATED ALWAYS AS (UPPER( b_src )) STORED,
        b_src text,
        CHECK ( length(b_src) <= 10 /* limit */ )
    );");
    let t = table(&s, "t");
    let checks: Vec<_> = t.checks.iter().map(|c| c.expr.as_str()).collect();
    assert_eq!(checks, ["a > 0 and a in (1, 2, 3)", "length(b_src) <= 10"]);
    let g = col(t, "b").generated.as_ref().unwrap();
    assert_eq!(g.expr, e("upper(b_src)"));
    // Normalizing the stored text again changes nothing.
    for x in checks.iter().copied().chain([g.expr.as_str()]) {
        assert_eq!(crate::expr::normalize_str(x, Dialect::Sqlite), x);
    }
}

#[test]
fn generated_columns_default_to_virtual() {
    let s = ok("CREATE TABLE t (
        c integer,
        g1 integer AS (c + 1),
        g2 integer GENERATED ALWAYS AS (c + 1),
        g3 integer AS (c + 1) VIRTUAL,
        g4 integer AS (c+1) STORED NOT NULL
    );");
    let t = table(&s, "t");
    for (n, stored) in [("g1", false), ("g2", false), ("g3", false), ("g4", true)] {
        let g = col(t, n).generated.as_ref().unwrap();
        assert_eq!(g.expr, e("c + 1"), "{n}");
        assert_eq!(g.stored, stored, "{n}");
    }
    assert!(!col(t, "g4").nullable);
    assert!(col(t, "c").generated.is_none());
}

// ---- keys and constraints ----

#[test]
fn primary_keys() {
    let s = ok("CREATE TABLE a (id integer PRIMARY KEY AUTOINCREMENT, x text);
                CREATE TABLE b (id INTEGER CONSTRAINT b_pk PRIMARY KEY ASC);
                CREATE TABLE c (x text, Y text, CONSTRAINT c_pk PRIMARY KEY (x, y));
                CREATE TABLE d (id INTEGER, PRIMARY KEY (id AUTOINCREMENT));");
    assert_eq!(
        table(&s, "a").primary_key,
        Some(PrimaryKey { name: None, columns: vec!["id".into()], autoincrement: true })
    );
    assert_eq!(
        table(&s, "b").primary_key,
        Some(PrimaryKey {
            name: Some("b_pk".into()),
            columns: vec!["id".into()],
            autoincrement: false
        })
    );
    // `y` is spelled as the column declares it.
    assert_eq!(
        table(&s, "c").primary_key,
        Some(PrimaryKey {
            name: Some("c_pk".into()),
            columns: vec!["x".into(), "Y".into()],
            autoincrement: false
        })
    );
    assert!(table(&s, "d").primary_key.as_ref().unwrap().autoincrement);
    // A primary key does not make the column NOT NULL in the model: SQLite
    // only enforces that for INTEGER PRIMARY KEY, and reports notnull=0.
    assert!(col(table(&s, "c"), "x").nullable);
}

#[test]
fn uniques() {
    let s = ok("CREATE TABLE t (
        a text UNIQUE,
        b text CONSTRAINT t_b_key UNIQUE ON CONFLICT ABORT,
        c text, d text,
        UNIQUE (c, D),
        CONSTRAINT t_cd UNIQUE (d ASC, c)
    );");
    let t = table(&s, "t");
    let u = |name: Option<&str>, cols: &[&str]| Unique {
        name: name.map(str::to_string),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        nulls_not_distinct: false,
        deferrable: Deferrable::NotDeferrable,
    };
    assert_eq!(
        t.uniques,
        vec![
            u(None, &["a"]),
            u(Some("t_b_key"), &["b"]),
            u(None, &["c", "d"]),
            u(Some("t_cd"), &["d", "c"])
        ]
    );
}

#[test]
fn foreign_keys() {
    let s = ok("CREATE TABLE parent (id integer PRIMARY KEY, code text UNIQUE);
        CREATE TABLE child (
            a integer REFERENCES parent,
            b integer CONSTRAINT child_b_fk REFERENCES parent(id) ON DELETE CASCADE ON UPDATE SET NULL,
            c text REFERENCES Parent (code) MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED,
            d integer REFERENCES parent(id) NOT NULL DEFERRABLE,
            e integer, f integer,
            FOREIGN KEY (e) REFERENCES parent (id) ON DELETE SET DEFAULT ON UPDATE RESTRICT NOT DEFERRABLE,
            CONSTRAINT child_ef FOREIGN KEY (E, f) REFERENCES pair (x, y) ON DELETE NO ACTION DEFERRABLE INITIALLY IMMEDIATE
        );");
    let t = table(&s, "child");
    let fks = &t.foreign_keys;
    assert_eq!(fks.len(), 6);
    assert_eq!(fks[0].columns, ["a"]);
    assert_eq!(fks[0].ref_table, QualifiedName::bare("parent"));
    assert!(fks[0].ref_columns.is_empty());
    assert_eq!(
        (fks[0].on_delete, fks[0].on_update, fks[0].deferrable),
        (FkAction::NoAction, FkAction::NoAction, Deferrable::NotDeferrable)
    );

    assert_eq!(fks[1].name.as_deref(), Some("child_b_fk"));
    assert_eq!(fks[1].ref_columns, ["id"]);
    assert_eq!((fks[1].on_delete, fks[1].on_update), (FkAction::Cascade, FkAction::SetNull));

    // The referenced table is kept as written, like SQLite's catalog does.
    assert_eq!(fks[2].ref_table, QualifiedName::bare("Parent"));
    assert_eq!(fks[2].deferrable, Deferrable::InitiallyDeferred);
    assert!(!fks[2].match_full);

    // NOT NULL between REFERENCES and DEFERRABLE: DEFERRABLE still applies.
    assert_eq!(fks[3].deferrable, Deferrable::InitiallyImmediate);
    assert!(!col(t, "d").nullable);

    assert_eq!(fks[4].columns, ["e"]);
    assert_eq!(
        (fks[4].on_delete, fks[4].on_update, fks[4].deferrable),
        (FkAction::SetDefault, FkAction::Restrict, Deferrable::NotDeferrable)
    );

    assert_eq!(fks[5].name.as_deref(), Some("child_ef"));
    assert_eq!(fks[5].columns, ["e", "f"]);
    assert_eq!(fks[5].ref_columns, ["x", "y"]);
    assert_eq!(fks[5].deferrable, Deferrable::InitiallyImmediate);
}

#[test]
fn table_constraints_without_commas() {
    // SQLite lets the comma between table constraints be left out.
    let s = ok("CREATE TABLE t (a int, b int, PRIMARY KEY (a) UNIQUE (b) CHECK (a > b));");
    let t = table(&s, "t");
    assert!(t.primary_key.is_some());
    assert_eq!(t.uniques.len(), 1);
    assert_eq!(t.checks[0].expr, e("a > b"));
}

#[test]
fn named_checks() {
    let s =
        ok("CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0), CONSTRAINT small CHECK (a < 10));");
    let t = table(&s, "t");
    let named: Vec<_> = t.checks.iter().map(|c| (c.name.as_deref(), c.expr.as_str())).collect();
    assert_eq!(named, [(Some("pos"), "a > 0"), (Some("small"), "a < 10")]);
}

#[test]
fn table_options() {
    let s = ok("CREATE TABLE a (id integer PRIMARY KEY, data ANY) STRICT, WITHOUT ROWID;
                CREATE TABLE b (name text PRIMARY KEY) WITHOUT ROWID;
                CREATE TABLE c (id INT) strict;
                CREATE TABLE IF NOT EXISTS d (x);");
    let o = |n: &str| table(&s, n).options.clone();
    assert!(o("a").strict && o("a").without_rowid);
    assert!(!o("b").strict && o("b").without_rowid);
    assert!(o("c").strict && !o("c").without_rowid);
    assert!(o("d").is_default());
}

// ---- indexes ----

#[test]
fn indexes() {
    let s = ok("CREATE TABLE users (id integer, Email text, name text, active integer);
        CREATE INDEX users_email ON users (email);
        CREATE UNIQUE INDEX IF NOT EXISTS users_lower_email ON USERS (lower(Email) COLLATE NOCASE DESC, name COLLATE binary ASC, (id)) WHERE active = 1 AND Email IS NOT NULL;
        CREATE INDEX main.users_expr ON users (id + 1, \"name\");");
    let t = table(&s, "users");
    let by = |n: &str| -> &Index { t.indexes.iter().find(|i| i.name == n).unwrap() };
    let i = by("users_email");
    assert!(!i.unique);
    // Spelled as the column is declared.
    assert_eq!(i.keys, vec![IndexKey::column("Email")]);
    assert_eq!(i.predicate, None);

    let i = by("users_lower_email");
    assert!(i.unique);
    assert_eq!(i.keys.len(), 3);
    assert_eq!(i.keys[0].target, IndexTarget::Expr(e("lower(email)")));
    assert_eq!(i.keys[0].collation.as_deref(), Some("NOCASE"));
    assert!(i.keys[0].descending);
    assert_eq!(i.keys[1].target, IndexTarget::Column("name".into()));
    assert_eq!(i.keys[1].collation.as_deref(), Some("binary"));
    assert!(!i.keys[1].descending);
    assert_eq!(i.keys[2].target, IndexTarget::Column("id".into()));
    assert_eq!(i.keys[2].nulls, None::<NullsOrder>);
    assert_eq!(i.predicate, Some(e("active = 1 and email is not null")));

    let i = by("users_expr");
    assert_eq!(i.keys[0].target, IndexTarget::Expr(e("id + 1")));
    assert_eq!(i.keys[1].target, IndexTarget::Column("name".into()));
}

#[test]
fn index_before_its_table_and_in_another_file() {
    let files = [
        SourceFile::new("a.sql", "CREATE INDEX t_a ON t (a);"),
        SourceFile::new("b.sql", "CREATE TABLE t (a int);\nCREATE INDEX t_a2 ON T (A);"),
    ];
    let p = parse_raw(&files);
    assert!(p.errors.is_empty(), "{}", messages(&p));
    let t = table(&p.schema, "t");
    let names: Vec<_> = t.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["t_a", "t_a2"]);
    assert_eq!(t.indexes[1].keys, vec![IndexKey::column("a")]);
}

#[test]
fn index_errors() {
    let e1 = err("CREATE TABLE t (a int);\nCREATE INDEX i ON nope (a);");
    assert_eq!(line_col(&e1), (2, 19));
    assert!(e1.message.contains("`nope`"), "{}", e1.message);

    let e2 = err("CREATE TABLE t (a int);\nCREATE INDEX i ON t (a, b);");
    assert_eq!(line_col(&e2), (2, 25));
    assert!(e2.message.contains("no column named `b`"), "{}", e2.message);

    let e3 =
        err("CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a FROM t;\nCREATE INDEX i ON v (a);");
    assert!(e3.message.contains("is a view"), "{}", e3.message);

    // An index on a table (or view) whose statement failed is not reported again.
    let p = parse_one("CREATE TABLE t (a int,, b int);\nCREATE INDEX i ON t (a);");
    assert_eq!(p.errors.len(), 1, "{}", messages(&p));
    assert_eq!(line_col(&p.errors[0]), (1, 23));
    let p = parse_one("CREATE VIEW v AS SELECT FROM;\nCREATE INDEX i ON v (a);");
    assert_eq!(p.errors.len(), 1, "{}", messages(&p));
    assert_eq!(line_col(&p.errors[0]).0, 1);
}

// ---- views ----

#[test]
fn views() {
    let s = ok("CREATE TABLE users (id integer, Name text, age integer);
        CREATE VIEW \"ActiveUsers\" AS
          SELECT id,   Name  -- the display name
          FROM users
          WHERE age >= 18;
        CREATE VIEW IF NOT EXISTS main.v2 (a, b) AS SELECT id, age FROM users;");
    assert_eq!(s.views.len(), 2);
    let v = s.views.iter().find(|v| v.name.name == "ActiveUsers").unwrap();
    assert_eq!(v.definition, "select id, name from users where age >= 18");
    assert!(v.columns.is_empty());
    assert!(!v.materialized);
    let v2 = s.views.iter().find(|v| v.name.name == "v2").unwrap();
    assert_eq!(v2.columns, ["a", "b"]);
    assert_eq!(v2.definition, "select id, age from users");
}

// ---- statements that are ignored or refused ----

#[test]
fn pragma_and_transactions_are_ignored() {
    let s = ok(
        "PRAGMA foreign_keys = ON;\nBEGIN TRANSACTION;\nCREATE TABLE t (a);\nCOMMIT;\nBEGIN;\nEND;",
    );
    assert_eq!(s.tables.len(), 1);
}

#[test]
fn unsupported_statements_are_located_errors() {
    let sql = "CREATE TABLE t (a int, b int);
CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
  UPDATE t SET b = CASE WHEN new.a > 0 THEN 1 ELSE 0 END WHERE a = new.a;
  INSERT INTO t VALUES (1, 2);
END;
CREATE VIRTUAL TABLE docs USING fts5(body);
ALTER TABLE t ADD COLUMN c int;
DROP TABLE old;
INSERT INTO t VALUES (1, 2);
CREATE TEMP TABLE scratch (x);
SELECT 1;
VACUUM;
CREATE TABLE u (x);";
    let p = parse_one(sql);
    let got: Vec<_> = p.errors.iter().map(|e| (line_col(e), e.message.as_str())).collect();
    assert_eq!(
        got,
        [
            ((2, 1), "CREATE TRIGGER is not supported in SQLite schema files"),
            ((6, 1), "CREATE VIRTUAL TABLE is not supported in SQLite schema files"),
            ((7, 1), "ALTER TABLE is not supported in SQLite schema files"),
            ((8, 1), "DROP is not supported in SQLite schema files"),
            ((9, 1), "INSERT (a data statement) is not supported in SQLite schema files"),
            ((10, 1), "temporary objects are not part of a database schema"),
            ((11, 1), "SELECT (a query) is not supported in SQLite schema files"),
            ((12, 1), "VACUUM is not supported in SQLite schema files"),
        ]
    );
    assert!(p.errors.iter().all(|e| e.help.is_some()));
    // The statements around them are read.
    let names: Vec<_> = p.schema.tables.iter().map(|t| t.name.name.as_str()).collect();
    assert_eq!(names, ["t", "u"]);
}

#[test]
fn create_table_as_select_is_refused() {
    let e1 = err("CREATE TABLE t AS SELECT 1 AS x;");
    assert_eq!(line_col(&e1), (1, 16));
    assert!(e1.message.contains("AS SELECT"));
}

// ---- syntax and semantic errors ----

#[test]
fn syntax_errors_are_located_and_reading_goes_on() {
    let sql = "CREATE TABLE a (x int);\nCREATE TABLE b (\n  x int CHECK (x > ),\n  y int\n);\nCREATE TABLE c (x int 5);\nCREATE TABLE d (x int);";
    let p = parse_one(sql);
    assert_eq!(p.errors.len(), 2, "{}", messages(&p));
    // sqlparser's own position: the `)` where an expression was expected.
    assert_eq!(line_col(&p.errors[0]), (3, 20));
    assert!(
        p.errors[0].message.starts_with("syntax error: expected an expression"),
        "{}",
        p.errors[0].message
    );
    // Our position: `5`, where `,` or `)` was expected (`x int y int`
    // would be valid: SQLite type names may have several words).
    assert_eq!(line_col(&p.errors[1]), (6, 23));
    assert!(p.errors[1].message.contains("expected `,` or `)`"), "{}", p.errors[1].message);
    let names: Vec<_> = p.schema.tables.iter().map(|t| t.name.name.as_str()).collect();
    assert_eq!(names, ["a", "d"]);
}

#[test]
fn truncated_statement_points_at_its_end() {
    let e1 = err("CREATE TABLE t (a int,\n  b text");
    assert_eq!(line_col(&e1), (2, 9));
    assert!(e1.message.contains("found the end of the statement"), "{}", e1.message);
}

#[test]
fn unterminated_string_keeps_the_statements_before_it() {
    let p = parse_one(
        "CREATE TABLE a (x);\nCREATE TABLE b (y text DEFAULT 'oops);\nCREATE TABLE c (z);",
    );
    assert_eq!(p.errors.len(), 1, "{}", messages(&p));
    assert_eq!(line_col(&p.errors[0]), (2, 32));
    assert!(p.errors[0].message.starts_with("cannot read SQL"), "{}", p.errors[0].message);
    let names: Vec<_> = p.schema.tables.iter().map(|t| t.name.name.as_str()).collect();
    assert_eq!(names, ["a"]);
}

#[test]
fn semantic_errors() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        ("CREATE TABLE t (a int, A text);", (1, 24), "duplicate column `A`"),
        (
            "CREATE TABLE t (a integer PRIMARY KEY, b int, PRIMARY KEY (b));",
            (1, 47),
            "more than one primary key",
        ),
        (
            "CREATE TABLE t (a int PRIMARY KEY AUTOINCREMENT);",
            (1, 35),
            "AUTOINCREMENT is only allowed",
        ),
        (
            "CREATE TABLE t (a int, b int, PRIMARY KEY (a, b AUTOINCREMENT));",
            (1, 49),
            "AUTOINCREMENT is only allowed",
        ),
        ("CREATE TABLE t (a int, PRIMARY KEY (b));", (1, 37), "no column named `b`"),
        ("CREATE TABLE t (a int, UNIQUE (a, c));", (1, 35), "no column named `c`"),
        (
            "CREATE TABLE t (a int, FOREIGN KEY (z) REFERENCES p (id));",
            (1, 37),
            "no column named `z`",
        ),
        (
            "CREATE TABLE t (a int, b int, FOREIGN KEY (a, b) REFERENCES p (id));",
            (1, 50),
            "2 column(s) but references 1",
        ),
        ("CREATE TABLE t (a int) WITHOUT ROWID;", (1, 14), "has no PRIMARY KEY"),
        ("CREATE TABLE t (a varchar(10)) STRICT;", (1, 19), "not allowed in STRICT"),
        ("CREATE TABLE t (a) STRICT;", (1, 17), "has no type"),
        (
            "CREATE TABLE t (a text UNIQUE ON CONFLICT REPLACE);",
            (1, 31),
            "ON CONFLICT REPLACE is not supported",
        ),
        ("CREATE TABLE t (a integer PRIMARY KEY DESC);", (1, 39), "DESC in a PRIMARY KEY"),
        ("CREATE TABLE t (a int, UNIQUE (a COLLATE nocase));", (1, 34), "COLLATE in a UNIQUE"),
        ("CREATE TABLE sqlite_stuff (a);", (1, 14), "reserved by SQLite"),
        ("CREATE TABLE temp.t (a);", (1, 14), "temporary objects"),
        ("CREATE TABLE other.t (a);", (1, 14), "attached database"),
        ("CREATE TABLE t (a int DEFAULT 1 AS (2));", (1, 23), "cannot have a DEFAULT"),
        ("CREATE TABLE t (a int DEFAULT 1 DEFAULT 2);", (1, 33), "two DEFAULT clauses"),
        ("CREATE TABLE t (a int AS (1));", (1, 14), "only generated columns"),
        ("CREATE TABLE t (PRIMARY KEY (a));", (1, 17), "at least one column"),
        ("CREATE TABLE t (a int REFERENCES main.p);", (1, 34), "cannot name a schema"),
        ("CREATE TABLE t (a int DEFAULT NOT NULL);", (1, 31), "expected a default value"),
        ("CREATE TABLE t (a int, PRIMARY KEY (a), b int);", (1, 41), "expected a table constraint"),
        ("CREATE UNIQUE TABLE t (a);", (1, 15), "expected INDEX"),
        ("CREATE FUNCTION f();", (1, 8), "expected TABLE, INDEX or VIEW"),
        (
            "CREATE TEMP INDEX i ON t (a);",
            (1, 13),
            "expected TABLE, VIEW or TRIGGER after CREATE TEMP",
        ),
        ("CREATE TABLE t (a int) extra;", (1, 24), "expected `;`"),
    ];
    for (sql, at, msg) in cases {
        let p = parse_one(sql);
        assert_eq!(p.errors.len(), 1, "{sql}:\n{}", messages(&p));
        let e = &p.errors[0];
        assert!(e.message.contains(msg), "{sql}: message {:?} lacks {msg:?}", e.message);
        assert_eq!(line_col(e), *at, "{sql}: {}", e.message);
        assert!(e.help.is_some() || e.message.starts_with("expected"), "{sql}: no help");
        assert!(p.schema.tables.is_empty(), "{sql}: a failed table must not be in the schema");
    }
}

#[test]
fn duplicate_names_across_kinds_and_files() {
    let files = [
        SourceFile::new("a.sql", "CREATE TABLE users (id int);"),
        SourceFile::new("b.sql", "\nCREATE TABLE Users (id int);\nCREATE INDEX users ON users (id);\nCREATE VIEW v AS SELECT 1;\nCREATE VIEW V AS SELECT 2;"),
    ];
    let p = parse_raw(&files);
    let got: Vec<_> = p.errors.iter().map(|e| e.short()).collect();
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(got[0].starts_with("b.sql:2:14: table `Users` is declared twice: there is already a table of that name at a.sql:1:14"), "{}", got[0]);
    assert!(got[1].starts_with("b.sql:3:14: index `users` is declared twice"), "{}", got[1]);
    assert!(got[2].starts_with("b.sql:5:13: view `V` is declared twice"), "{}", got[2]);
    assert_eq!(p.schema.tables.len(), 1);
    assert_eq!(p.schema.views.len(), 1);
}

// ---- hints and origins ----

#[test]
fn rename_hints() {
    let sql = "-- sluice:renamed-from OldUsers
CREATE TABLE Users (
  id integer,
  FullName text, -- @renamed from=Name
  -- sluice:renamed-from \"e mail\"
  email text
);
CREATE TABLE posts /* @renamed from=articles */ (id integer);
CREATE INDEX users_by_email /* @renamed from=users_email_idx */ ON users (email);";
    let p = parse_one(sql);
    assert!(p.errors.is_empty(), "{}", messages(&p));
    let users = QualifiedName::bare("Users");
    assert_eq!(
        p.hints.tables,
        [
            (QualifiedName::bare("OldUsers"), users.clone()),
            (QualifiedName::bare("articles"), QualifiedName::bare("posts")),
        ]
    );
    assert_eq!(
        p.hints.columns,
        [
            (users.clone(), "Name".into(), "FullName".into()),
            (users.clone(), "e mail".into(), "email".into())
        ]
    );
    // The index's table is named as the table declares it.
    assert_eq!(p.hints.indexes, [(users, "users_email_idx".into(), "users_by_email".into())]);
}

#[test]
fn origins_with_leading_comments() {
    let files = [
        SourceFile::new("a.sql", "PRAGMA foreign_keys = 1;\n\n-- People.\n-- One row per person.\nCREATE TABLE people (id);\n"),
        SourceFile::new("b.sql", "-- detached comment\n\nCREATE VIEW v AS SELECT 1; CREATE TABLE t (x);\r\n--  windows\r\nCREATE TABLE w (x);"),
    ];
    let p = parse_raw(&files);
    assert!(p.errors.is_empty(), "{}", messages(&p));
    let o = |k: ObjectKey| p.origins.get(&k).cloned().unwrap();
    let people = o(ObjectKey::Table(QualifiedName::bare("people")));
    assert_eq!(people.file, 0);
    assert_eq!(people.offset, files[0].text.find("CREATE TABLE").unwrap());
    assert_eq!(people.leading_comment.as_deref(), Some("People.\nOne row per person."));
    let v = o(ObjectKey::View(QualifiedName::bare("v")));
    assert_eq!((v.file, v.leading_comment), (1, None));
    let t = o(ObjectKey::Table(QualifiedName::bare("t")));
    assert_eq!(t.offset, files[1].text.find("CREATE TABLE t").unwrap());
    assert_eq!(t.leading_comment, None);
    let w = o(ObjectKey::Table(QualifiedName::bare("w")));
    assert_eq!(w.leading_comment.as_deref(), Some(" windows"));
    assert_eq!(p.origins.len(), 4);
}

// ---- positions in unusual text ----

#[test]
fn positions_survive_multibyte_text_and_crlf() {
    let sql = "-- café ☕\r\nCREATE TABLE t (\r\n  né text DEFAULT 'é' CHECK (né <> 'ü'),\r\n  x int CHECK (x > )\r\n);";
    let p = parse_one(sql);
    assert_eq!(p.errors.len(), 1, "{}", messages(&p));
    assert_eq!(line_col(&p.errors[0]), (4, 20));
    let sql = "-- café ☕\nCREATE TABLE t (né text DEFAULT 'é' CHECK (né <> 'ü'));";
    let s = ok(sql);
    let c = col(table(&s, "t"), "né");
    assert_eq!(c.default, Some(e("'é'")));
    assert_eq!(table(&s, "t").checks[0].expr, e("né <> 'ü'"));
}

#[test]
fn never_panics_on_truncated_or_garbage_input() {
    let full = "-- head\nCREATE TABLE \"A\" (id integer PRIMARY KEY AUTOINCREMENT, b text DEFAULT (lower('X')) CHECK (b <> ''), \
        c int REFERENCES a(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, d AS (c + 1) STORED, \
        UNIQUE (b), FOREIGN KEY (c) REFERENCES z (q)) STRICT, WITHOUT ROWID;\n\
        CREATE UNIQUE INDEX i ON \"A\" (lower(b) COLLATE nocase DESC, c) WHERE c > 0;\n\
        CREATE VIEW v (x) AS SELECT b FROM \"A\" WHERE c IN (1, 2);\n\
        CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; END;\n\
        PRAGMA x = 'é';";
    for (i, _) in full.char_indices() {
        let _ = parse_one(&full[..i]);
    }
    let garbage = [
        "", ";", ";;;", "(", ")", "CREATE", "CREATE TABLE", "CREATE TABLE (", "CREATE TABLE t (a",
        "CREATE TABLE t ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
        "CREATE TABLE t (a int CHECK (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))",
        "CREATE INDEX", "CREATE INDEX i ON", "CREATE VIEW v AS", "CREATE TRIGGER", "\"", "'", "[", "`",
        "/*", "--", "é", "\u{0}", "CREATE TABLE t (a DEFAULT", "CREATE TABLE t (a int) WITHOUT",
        "CREATE TABLE t (a int REFERENCES", "CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES p (",
        "END; BEGIN; CREATE TRIGGER x BEGIN", "@@@ ### $$$", "CREATE TABLE t (a int);\u{feff}",
    ];
    for g in garbage {
        let p = parse_one(g);
        for e in &p.errors {
            assert!(e.location.line >= 1 && e.location.column >= 1, "{g:?}: {}", e.short());
        }
    }
    // Pseudo-random byte soup over SQL-ish characters.
    let alphabet: Vec<char> =
        "CREATE TABLE INDEX VIEW ( ) , ; ' \" [ ] ` -- /* */ \n é a b 1 . = DEFAULT CHECK"
            .chars()
            .collect();
    let mut seed: u64 = 0x2545F4914F6CDD1D;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..60 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let _ = parse_one(&s);
    }
}

#[test]
fn parse_normalizes_and_keeps_everything() {
    let files = [SourceFile::new(
        "s.sql",
        "CREATE TABLE b (x int);\nCREATE TABLE a (y int);\nCREATE INDEX a_y ON a (y);",
    )];
    let p = parse(&files);
    assert!(p.errors.is_empty());
    assert_eq!(p.schema.dialect, Dialect::Sqlite);
    assert_eq!(p.schema.tables.len(), 2);
    assert_eq!(table(&p.schema, "a").indexes.len(), 1);
}
