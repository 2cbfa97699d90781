//! The rules, one per file. Each file holds one [`Rule`]: its kebab-case
//! code, group, default severity, what it flags, a one-line help and the
//! check, with snapshot tests of the diagnostic a user sees.
//!
//! Rules read the [`Context`]: statements of `up.sql`, planned changes
//! (generated migrations) and squawk's violations (PostgreSQL). A rule
//! that both a change and a statement can show reports once per statement.

use super::context::Context;
use super::finding::{Finding, Group, Severity};
use sluice_schema::{Dialect, SqlType};

/// One lint rule.
pub struct Rule {
    pub code: &'static str,
    pub group: Group,
    /// The severity without configuration.
    pub severity: Severity,
    /// What it flags, in a few words (README table, SARIF).
    pub summary: &'static str,
    /// What to do, in one line.
    pub help: &'static str,
    /// The dialects it runs for; empty: all.
    pub dialects: &'static [Dialect],
    pub check: fn(&Context) -> Vec<Finding>,
}

impl Rule {
    pub fn applies_to(&self, d: Dialect) -> bool {
        self.dialects.is_empty() || self.dialects.contains(&d)
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

pub const PG: &[Dialect] = &[Dialect::Postgres];

pub mod add_primary_key;
pub mod add_required_column;
pub mod banned_type;
pub mod cascade;
pub mod check_without_not_valid;
pub mod column_type_rewrite;
pub mod concurrently_in_transaction;
pub mod delete_without_where;
pub mod drop_column;
pub mod drop_database;
pub mod drop_index_without_concurrently;
pub mod drop_not_null;
pub mod drop_schema;
pub mod drop_table;
pub mod fk_without_index;
pub mod fk_without_not_valid;
pub mod id_column_without_fk;
pub mod identifier_too_long;
pub mod ignore_without_reason;
pub mod index_without_concurrently;
pub mod missing_lock_timeout;
pub mod mysql_charset;
pub mod mysql_enum_change;
pub mod mysql_inline_references;
pub mod mysql_table_copy;
pub mod naming_convention;
pub mod on_delete_cascade;
pub mod prefer_bigint_id;
pub mod prefer_timestamptz;
pub mod reindex_without_concurrently;
pub mod rename_column;
pub mod rename_table;
pub mod set_not_null;
pub mod syntax_error;
pub mod table_rebuild;
pub mod table_without_primary_key;
pub mod transaction_control;
pub mod truncate;
pub mod type_narrowing;
pub mod unique_constraint;
pub mod unused_ignore;
pub mod vacuum_full;
pub mod volatile_default;

/// Every rule, grouped as the README lists them.
pub static ALL: &[&Rule] = &[
    // data loss
    &drop_table::RULE,
    &drop_column::RULE,
    &type_narrowing::RULE,
    &truncate::RULE,
    &delete_without_where::RULE,
    &cascade::RULE,
    &drop_schema::RULE,
    &drop_database::RULE,
    &on_delete_cascade::RULE,
    // locking
    &index_without_concurrently::RULE,
    &drop_index_without_concurrently::RULE,
    &fk_without_not_valid::RULE,
    &check_without_not_valid::RULE,
    &set_not_null::RULE,
    &column_type_rewrite::RULE,
    &volatile_default::RULE,
    &missing_lock_timeout::RULE,
    &unique_constraint::RULE,
    &add_primary_key::RULE,
    &reindex_without_concurrently::RULE,
    &vacuum_full::RULE,
    &table_rebuild::RULE,
    &mysql_table_copy::RULE,
    &mysql_enum_change::RULE,
    // compatibility
    &rename_table::RULE,
    &rename_column::RULE,
    &add_required_column::RULE,
    &drop_not_null::RULE,
    // naming
    &naming_convention::RULE,
    &prefer_bigint_id::RULE,
    &prefer_timestamptz::RULE,
    &identifier_too_long::RULE,
    // design
    &table_without_primary_key::RULE,
    &fk_without_index::RULE,
    &id_column_without_fk::RULE,
    &banned_type::RULE,
    &mysql_charset::RULE,
    // correctness
    &concurrently_in_transaction::RULE,
    &transaction_control::RULE,
    &syntax_error::RULE,
    &unused_ignore::RULE,
    &ignore_without_reason::RULE,
    &mysql_inline_references::RULE,
];

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}

/// Findings of the squawk violations of `codes`, skipping tables created in
/// this migration. `word` gives our message (and our fix, when we know the
/// safe multi-step form) from the table and the statement; `None` drops the
/// violation. squawk's span and help are kept, and its fix when we have none.
pub fn from_squawk(
    cx: &Context,
    rule: &Rule,
    codes: &[squawk_linter::Rule],
    word: impl Fn(&str, usize) -> Option<(String, Option<String>)>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, stmt) in cx.squawk_of(codes) {
        let Some(i) = stmt else { continue };
        let s = &cx.stmts[i];
        if s.words.table().is_some_and(|t| cx.is_new(&t)) {
            continue;
        }
        let table = s.words.table_written().unwrap_or("?");
        let Some((message, fix)) = word(table, i) else { continue };
        let range = usize::from(v.text_range.start())..usize::from(v.text_range.end());
        let mut f = cx.at_span(rule, range, message);
        if let Some(h) = &v.help {
            f.help = format!("{} ({h})", rule.help);
        }
        f.fix = fix.or_else(|| super::squawk::fixed_statement(v, s.sql, s.span.start));
        out.push(f);
    }
    out
}

/// The lower-case base name of a type, as `banned_types` names it.
pub fn type_name(t: &SqlType) -> String {
    match t {
        SqlType::SmallInt => "smallint".into(),
        SqlType::Integer => "integer".into(),
        SqlType::BigInt => "bigint".into(),
        SqlType::SmallSerial => "smallserial".into(),
        SqlType::Serial => "serial".into(),
        SqlType::BigSerial => "bigserial".into(),
        SqlType::Numeric { .. } => "numeric".into(),
        SqlType::Real => "real".into(),
        SqlType::Double => "double precision".into(),
        SqlType::Text => "text".into(),
        SqlType::Varchar { .. } => "varchar".into(),
        SqlType::Char { .. } => "char".into(),
        SqlType::Boolean => "boolean".into(),
        SqlType::Date => "date".into(),
        SqlType::Time { with_time_zone: false, .. } => "time".into(),
        SqlType::Time { with_time_zone: true, .. } => "timetz".into(),
        SqlType::Timestamp { with_time_zone: false, .. } => "timestamp".into(),
        SqlType::Timestamp { with_time_zone: true, .. } => "timestamptz".into(),
        SqlType::Interval { .. } => "interval".into(),
        SqlType::Uuid => "uuid".into(),
        SqlType::Json => "json".into(),
        SqlType::Jsonb => "jsonb".into(),
        SqlType::Bytea => "bytea".into(),
        SqlType::Blob => "blob".into(),
        SqlType::Array { element, .. } => format!("{}[]", type_name(element)),
        SqlType::Named { name } => name.name.to_lowercase(),
        SqlType::Other { name } => name.split('(').next().unwrap_or(name).trim().to_lowercase(),
    }
}

/// Columns this migration brings into being, with their table and
/// statement: every column of a created table and every added column.
pub fn new_columns<'c>(
    cx: &'c Context,
) -> Vec<(&'c sluice_schema::QualifiedName, &'c sluice_schema::Column, Option<usize>, bool)> {
    use sluice_schema::Change;
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        match c {
            Change::CreateTable(t) => {
                out.extend(t.columns.iter().map(|col| (&t.name, col, stmt, true)))
            }
            Change::AddColumn { table, column } => out.push((table, column, stmt, false)),
            Change::AlterColumn { table, from, to } if from.ty != to.ty => {
                out.push((table, to, stmt, false))
            }
            _ => {}
        }
    }
    out
}

/// A type as written in messages: its name with length or precision.
pub fn show_type(t: &SqlType) -> String {
    match t {
        SqlType::Varchar { length: Some(n) } => format!("varchar({n})"),
        SqlType::Char { length: Some(n) } => format!("char({n})"),
        SqlType::Numeric { precision: Some(p), scale: Some(s) } => format!("numeric({p},{s})"),
        SqlType::Numeric { precision: Some(p), scale: None } => format!("numeric({p})"),
        SqlType::Other { name } => name.clone(),
        other => type_name(other),
    }
}

/// The text inside the parentheses that open at or after token `i`.
pub fn paren_after<'a>(w: &super::words::Words<'a>, i: usize) -> Option<&'a str> {
    let open = (i..w.len()).find(|&j| w.text(j) == "(")?;
    let mut depth = 0;
    for j in open..w.len() {
        match w.text(j) {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    return Some(&w.sql[w.list[open].end..w.list[j].start]);
                }
            }
            _ => {}
        }
    }
    None
}

/// The name after `CONSTRAINT`, if the statement names its constraint.
pub fn constraint_name(w: &super::words::Words) -> Option<String> {
    let i = w.find("CONSTRAINT")?;
    w.name_at(i + 1).map(|x| x.0)
}
