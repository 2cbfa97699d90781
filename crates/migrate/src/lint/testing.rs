//! Helpers for the rule tests: lint a SQL text, or the migration between
//! two schemas (rendered by the real planner), and show what a user sees.

use super::{lint_migration, render, LintConfig, LintInput, LintReport};
use sluice_schema::{Dialect, Hints, Schema};
use sluice_sql::{dialect_for, SourceFile};

pub use sluice_schema::Dialect::{Mysql as MYSQL, Postgres as PG, Sqlite as SQLITE};

/// Lint a hand-written script; the diagnostics as a user reads them.
pub fn sql(d: Dialect, text: &str) -> String {
    with_config(d, text, &LintConfig::default(), None).1
}

pub fn with_config(
    d: Dialect,
    text: &str,
    config: &LintConfig,
    env: Option<&str>,
) -> (LintReport, String) {
    let input = LintInput { dialect: d, path: "up.sql", sql: text, before: None, after: None };
    let report = lint_migration(&input, config, env);
    let shown = render::human(&report, text);
    (report, shown)
}

pub fn schema(d: Dialect, ddl: &str) -> Schema {
    let parsed = dialect_for(d).unwrap().parse(&[SourceFile::new("schema.sql", ddl)]);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.schema
}

/// Generate the migration from `before` to `after` (schema DDL) as
/// `sluice generate` does and lint it: up.sql, then the diagnostics.
pub fn change(d: Dialect, before: &str, after: &str) -> String {
    change_with(d, before, after, &Hints::default())
}

pub fn change_with(d: Dialect, before: &str, after: &str, hints: &Hints) -> String {
    let (b, a) = (schema(d, before), schema(d, after));
    let dialect = dialect_for(d).unwrap();
    let planned = crate::plan::plan(dialect.as_ref(), &b, &a, hints);
    let up = planned.up_sql;
    let input =
        LintInput { dialect: d, path: "up.sql", sql: &up, before: Some(&b), after: Some(&a) };
    let report = lint_migration(&input, &LintConfig::default(), None);
    format!("{up}-----\n{}", render::human(&report, &up))
}

/// `out` shows a finding of `code`.
#[track_caller]
pub fn flags(code: &str, out: String) -> String {
    assert!(out.contains(&format!("[{code}]")), "expected a {code} finding:\n{out}");
    out
}

/// `out` shows no finding of `code`.
#[track_caller]
pub fn clean(code: &str, out: String) -> String {
    assert!(!out.contains(&format!("[{code}]")), "unexpected {code} finding:\n{out}");
    out
}
