//! Tests of the canonical forms: each pairs what PostgreSQL prints with what
//! a user writes for the same thing.

use super::*;
use crate::expr::normalize_str;
use sluice_schema::{Column, Domain, View};

/// A table `t` with columns of these types, in a schema with enum `mood`
/// and domain `email` (varchar).
fn columns() -> Vec<(&'static str, SqlType)> {
    vec![
        ("n", SqlType::Integer),
        ("b", SqlType::BigInt),
        ("price", SqlType::Numeric { precision: Some(10), scale: Some(2) }),
        ("s", SqlType::Text),
        ("v", SqlType::Varchar { length: Some(20) }),
        ("e", SqlType::Named { name: QualifiedName::new(Some("public"), "mood") }),
        ("d", SqlType::Date),
        ("flag", SqlType::Boolean),
        ("tags", SqlType::Array { element: Box::new(SqlType::Text), dims: 1 }),
        ("m", SqlType::Named { name: QualifiedName::new(Some("public"), "email") }),
    ]
}

fn with_domains() -> Vec<(QualifiedName, SqlType)> {
    vec![(QualifiedName::new(Some("public"), "email"), SqlType::Varchar { length: Some(255) })]
}

fn check(text: &str) -> String {
    let domains = with_domains();
    let cols_owned = columns();
    let cols =
        Columns { columns: cols_owned.iter().map(|(n, t)| (*n, t)).collect(), domains: &domains };
    expr(&Expr(normalize_str(text, PG)), &cols).0
}

fn default(text: &str, column: &str) -> Option<String> {
    let domains = with_domains();
    let cols_owned = columns();
    let cols =
        Columns { columns: cols_owned.iter().map(|(n, t)| (*n, t)).collect(), domains: &domains };
    let ty = cols.get(column).unwrap().clone();
    default_expr(&Expr(normalize_str(text, PG)), &ty, &cols).map(|e| e.0)
}

/// The server's form and the written form canonicalize alike.
fn same(server: &str, written: &str, want: &str) {
    assert_eq!(check(server), want, "server form {server}");
    assert_eq!(check(written), want, "written form {written}");
    assert_eq!(check(want), want, "idempotent");
}

#[test]
fn in_lists_and_any_arrays() {
    same("s = ANY (ARRAY['x'::text, 'y'::text])", "s IN ('x', 'y')", "s in ('x', 'y')");
    same("s <> ALL (ARRAY['x'::text, 'y'::text])", "s NOT IN ('x','y')", "s not in ('x', 'y')");
    same("s = 'x'::text", "s IN ('x')", "s = 'x'");
    same(
        "v::text = ANY (ARRAY['a'::character varying::text, 'b'::character varying::text])",
        "(v)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])",
        "v in ('a', 'b')",
    );
    same(
        "v::text <> ALL (ARRAY['a'::character varying, 'b'::character varying]::text[])",
        "v NOT IN ('a', 'b')",
        "v not in ('a', 'b')",
    );
    same("s <> 'x'::text", "s NOT IN ('x')", "s <> 'x'");
    same("n = ANY (ARRAY[1, 2, 3])", "n = SOME (ARRAY[1, 2, 3])", "n in (1, 2, 3)");
    same("e = ANY (ARRAY['a'::mood, 'b'::mood])", "e IN ('a', 'b')", "e in ('a', 'b')");
    assert_eq!(check("n = ALL (ARRAY[1, 2])"), "n = all (array[1, 2])");
    assert_eq!(check("n IN (SELECT 1)"), "n in (select 1)", "subqueries stay");
}

#[test]
fn literal_casts() {
    same("v::text <> 'zz'::text", "v <> 'zz'", "v <> 'zz'");
    same("price >= 0::numeric", "price >= 0", "price >= 0");
    same("e = 'ok'::mood", "e = 'ok'", "e = 'ok'");
    same("d >= '2022-01-01'::date", "d >= DATE '2022-01-01'", "d >= '2022-01-01'");
    same("'2022-01-01'::date <= d", "date '2022-01-01' <= d", "'2022-01-01' <= d");
    same("s ~ '[0-9]'::text", "s ~ '[0-9]'", "s ~ '[0-9]'");
    same("length(s || '_x'::text) > 2", "length(s || '_x') > 2", "length(s || '_x') > 2");
    // A cast that changes the comparison stays.
    assert_eq!(check("n::numeric > 1.5"), "n::numeric > 1.5");
    assert_eq!(check("now() - '1 day'::interval"), "now() - '1 day'::interval");
    assert_eq!(check("x = '1'::bigint"), "x = '1'::bigint", "x is not a known column");
}

#[test]
fn like_and_type_names() {
    same("s ~~ 'a%'::text", "s LIKE 'a%'", "s like 'a%'");
    same("s !~~ 'a%'::text", "s NOT LIKE 'a%'", "s not like 'a%'");
    same("s ~~* 'a%'::text", "s ILIKE 'a%'", "s ilike 'a%'");
    same("m::text ~~ '%@%'::text", "m LIKE '%@%'", "m like '%@%'");
    assert_eq!(check("x::int4 + y::timestamptz"), "x::integer + y::timestamp with time zone");
    assert_eq!(check("'{}'::int[]"), "'{}'::integer[]");
    assert_eq!(check("(v)::text = 'a'::text"), "v = 'a'");
    assert_eq!(check("a ~~ b || c"), "a ~~ b || c", "a pattern that is not a literal");
}

#[test]
fn defaults() {
    assert_eq!(default("'x'::text", "s").as_deref(), Some("'x'"));
    assert_eq!(default("'v'::character varying", "v").as_deref(), Some("'v'"));
    assert_eq!(default("'ok'::mood", "e").as_deref(), Some("'ok'"));
    assert_eq!(default("'-1'::integer", "n").as_deref(), Some("-1"));
    assert_eq!(default("-1", "n").as_deref(), Some("-1"));
    assert_eq!(default("'5'", "n").as_deref(), Some("5"));
    assert_eq!(default("'1.5'", "price").as_deref(), Some("1.5"));
    assert_eq!(default("'-1.5'::numeric", "price").as_deref(), Some("-1.5"));
    assert_eq!(default("'10'::numeric", "price").as_deref(), Some("'10'"));
    assert_eq!(default("'true'", "flag").as_deref(), Some("true"));
    assert_eq!(default("'{}'::text[]", "tags").as_deref(), Some("'{}'"));
    assert_eq!(default("ARRAY[]::text[]", "tags").as_deref(), Some("array[]::text[]"));
    assert_eq!(default("NULL::character varying", "v"), None);
    assert_eq!(default("'2'::bigint", "b").as_deref(), Some("'2'"));
    assert_eq!(default("bigint '2'", "b").as_deref(), Some("'2'"));
    assert_eq!(default("'x'::email", "m").as_deref(), Some("'x'"));
    assert_eq!(default("now()", "d").as_deref(), Some("now()"));
}

#[test]
fn remembered_defaults_are_the_worked_out_ones() {
    assert!(names_any("n + 1", ["n"]));
    assert!(names_any("\"Flag\" and x", ["flag"]));
    assert!(!names_any("gen_random_uuid()", ["id"]));
    assert!(!names_any("now()", ["no"]));
    assert!(!names_any("n_1 + 1", ["n"]));
    assert!(names_any("\"my col\" + 1", ["my col"]));
    assert!(names_any("a + b", ["x", "b"]));
    assert!(!names_any("a + b", ["x", "y"]));
    let domains = with_domains();
    let cols_owned = columns();
    let cols =
        Columns { columns: cols_owned.iter().map(|(n, t)| (*n, t)).collect(), domains: &domains };
    let mut memo = Defaults::default();
    let cases =
        [("'-1'::integer", "n"), ("'x'::email", "m"), ("'5'", "n"), ("'5'", "s"), ("n", "n")];
    // Twice: the second round answers from the memo where it may.
    for _ in 0..2 {
        for (text, column) in cases {
            let ty = cols.get(column).unwrap().clone();
            let e = Expr(normalize_str(text, PG));
            assert_eq!(
                memo.get(&e, &ty, &cols),
                default_expr(&e, &ty, &cols),
                "{text} on {column}"
            );
        }
    }
    // A default naming a column is worked out each time, never remembered.
    assert_eq!(memo.len(), cases.len() - 1);
}

#[test]
fn views_of_one_table() {
    let mut s = Schema::empty(PG);
    let mut t = Table::new(QualifiedName::new(Some("public"), "products"));
    t.columns.push(Column::new("id", SqlType::Integer));
    t.columns.push(Column::new("price", SqlType::Numeric { precision: None, scale: None }));
    s.tables.push(t);
    let view = |def: &str| View {
        name: QualifiedName::new(Some("public"), "v"),
        definition: normalize_str(def, PG),
        columns: vec![],
        materialized: false,
        comment: None,
    };
    s.views.push(view("SELECT products.id FROM products WHERE products.price > 100::numeric"));
    s.views.push(view("select id from products where price > 100"));
    s.views.push(view("SELECT p.id FROM products p JOIN x ON x.id = p.id"));
    s.domains.push(Domain {
        name: QualifiedName::new(Some("public"), "d"),
        ty: SqlType::Varchar { length: None },
        not_null: false,
        default: Some(Expr::new("'a'::character varying")),
        collation: None,
        checks: vec![],
        comment: None,
    });
    s.views.push(View {
        columns: vec!["n".into(), "total".into()],
        ..view("SELECT id, sum(price) FROM products GROUP BY id")
    });
    s.views.push(view(
        "SELECT products.id AS n, sum(products.price) AS total FROM products GROUP BY products.id",
    ));
    s.views.push(view("SELECT count(*), price::integer, price + 1 FROM products"));
    s.views.push(view("SELECT count(*) AS count, price::integer AS price, price + 1 AS \"?column?\" FROM products"));
    canonicalize(&mut s);
    assert_eq!(s.views[0].definition, "select id from products where price > 100");
    assert_eq!(s.views[1].definition, s.views[0].definition);
    assert_eq!(s.views[2].definition, "select p.id from products p join x on x.id = p.id");
    assert_eq!(s.domains[0].default, Some(Expr::new("'a'")));
    assert_eq!(
        s.views[3].definition, "select id as n, sum(price) as total from products group by id",
        "the column list becomes the names"
    );
    assert!(s.views[3].columns.is_empty());
    assert_eq!(s.views[4].definition, s.views[3].definition);
    assert_eq!(
        s.views[5].definition,
        "select count(*) as count, price::integer as price, price + 1 from products"
    );
    assert_eq!(s.views[6].definition, s.views[5].definition);
}

#[test]
fn boolean_layout() {
    same(
        "(s = 'a'::text) AND (n >= ALL (ARRAY[1, 2])) OR (s = 'b'::text) AND (n = 0)",
        "(s = 'a' AND n >= ALL (ARRAY[1, 2])) OR (s = 'b' AND n = 0)",
        "s = 'a' and n >= all (array[1, 2]) or s = 'b' and n = 0",
    );
    same(
        "NOT flag OR n >= 0 AND n <= 6",
        "NOT flag OR (n >= 0 AND (n <= 6))",
        "not flag or n >= 0 and n <= 6",
    );
    same("n >= 0 AND n <= 100", "n BETWEEN 0 AND 100", "n >= 0 and n <= 100");
    same(
        "(n > 0 OR b > 0) AND s IS NOT NULL",
        "(n > 0 OR (b > 0)) AND (s IS NOT NULL)",
        "(n > 0 or b > 0) and s is not null",
    );
    assert_eq!(check("NOT (n > 0 AND b > 0)"), "not (n > 0 and b > 0)");
    assert_eq!(
        check("CASE WHEN n > 0 AND b > 0 THEN 1 END = 1"),
        "case when n > 0 and b > 0 then 1 end = 1"
    );
    assert_eq!(check("(n, b) > (0, 0) AND s = 'x'"), "(n, b) > (0, 0) and s = 'x'");
}

#[test]
fn other_spellings() {
    same("ROW(n, b) > ROW(0, 0)", "(n, b) > (0, 0)", "(n, b) > (0, 0)");
    same(
        "jsonb_extract_path_text(s, VARIADIC ARRAY['a'::text, 'b'::text])",
        "jsonb_extract_path_text(s, 'a', 'b')",
        "jsonb_extract_path_text(s, 'a', 'b')",
    );
    same("lower((s || '@'::text) || s)", "lower(s || '@' || s)", "lower(s || '@' || s)");
    same("now() + '1 day'::interval", "now() + interval '1 day'", "now() + '1 day'::interval");
    assert_eq!(check("interval '1' day"), "interval '1' day");
    assert_eq!(check("s::text = 'a'"), "s = 'a'", "a cast to the column's own type");
    assert_eq!(check("select (x)::text"), "select x::text");
    assert_eq!(check("f(s)::text"), "f(s)::text");
    same("nextval('app.s'::regclass)", "nextval('app.s')", "nextval('app.s'::regclass)");
    same("(lower(s))::text", "lower(s)::text", "lower(s)::text");
    assert_eq!(check("(f(x)).a"), "(f(x)).a");
    assert_eq!(
        check("select (s collate \"C\") as t, (n, b) as r, (select 1) as o"),
        "select s collate \"C\" as t, (n, b) as r, (select 1) as o"
    );
    assert_eq!(
        check("coalesce((case when n > 0 then 1 end), 0)"),
        "coalesce(case when n > 0 then 1 end, 0)"
    );
    assert_eq!(default("X'1F'", "s").as_deref(), Some("'00011111'"));
    assert_eq!(default("B'101'", "s").as_deref(), Some("'101'"));
    assert_eq!(
        default("double precision '4.5'", "price").as_deref(),
        Some("'4.5'::double precision")
    );
}

/// Past [`PARALLEL_TABLES`] the tables are canonicalized in two halves on
/// two threads: every table comes out as it does in a small schema.
#[test]
fn large_schemas_canonicalize_like_small_ones() {
    let n = PARALLEL_TABLES + 10;
    let table = |i: usize| {
        let mut t = Table::new(QualifiedName::new(Some("public"), &format!("t_{i:04}")));
        let mut c = Column::new("n", SqlType::Integer);
        c.default = Some(Expr(normalize_str("'5'::integer", PG)));
        t.columns.push(c);
        let mut c = Column::new("s", SqlType::Text);
        c.default = Some(Expr(normalize_str(&format!("'x{i}'::text"), PG)));
        t.columns.push(c);
        t
    };
    let mut large = Schema::empty(PG);
    large.tables.extend((0..n).map(table));
    canonicalize(&mut large);
    for (i, got) in large.tables.iter().enumerate() {
        let mut small = Schema::empty(PG);
        small.tables.push(table(i));
        canonicalize(&mut small);
        assert_eq!(got, &small.tables[0], "table {i}");
        assert_eq!(got.columns[0].default.as_ref().map(|e| e.0.as_str()), Some("5"), "table {i}");
    }
}
