//! Change -> PostgreSQL SQL, and a whole schema as canonical PostgreSQL DDL.
//!
//! Every [`Change`] renders to the statements that make it on a PostgreSQL
//! 13+ server, each a single statement without its `;`. Column alterations
//! live in [`super::alter_column`]. Foreign keys and indexes are separate
//! changes (the diff creates all tables before any foreign key), so
//! CREATE TABLE here writes neither. Output is written to be read back by
//! the PostgreSQL parser into the same model.

use super::alter_column;
use super::Postgres;
use crate::dialect::ddl::{
    self, check_clause, column_def, create_index, create_table, drop_column, foreign_key_clause,
    primary_key_clause, rename_column, sequence_options, string_list, string_literal,
    unique_clause, DdlDialect, TableBody,
};
use crate::Statement;
use sluice_schema::{
    names, Change, Column, CommentTarget, Dialect, Domain, EnumType, EnumUsage, Expr, Index,
    QualifiedName, Schema, Sequence, SequenceOptions, SqlType, Table, View,
};
use sqlparser::tokenizer::Token;

/// Words that make an expression an `a_expr` rather than a `b_expr`, which
/// is all `DEFAULT` takes bare; with any of them at the top level the
/// default is parenthesized.
const A_EXPR_WORDS: &[&str] = &[
    "and", "or", "not", "is", "isnull", "notnull", "in", "like", "ilike", "similar", "between",
    "collate", "at", "overlaps", "escape",
];

impl DdlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    /// Literals, function calls and casts read bare; anything with an
    /// operator at the top level is parenthesized.
    fn bare_default(&self, expr: &Expr) -> bool {
        use crate::memo::Memo;
        use std::cell::RefCell;
        thread_local! {
            static BARE: RefCell<Memo<bool>> = RefCell::default();
        }
        BARE.with_borrow_mut(|memo| memo.get(expr.as_str(), reads_bare))
    }
}

/// Whether a default reads as written after `DEFAULT` (see
/// [`DdlDialect::bare_default`]).
fn reads_bare(expr: &str) -> bool {
    let Some(toks) = ddl::tokens(expr, Dialect::Postgres) else {
        return false;
    };
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth -= 1,
            _ if depth > 0 => {}
            Token::Minus | Token::Plus if i == 0 => {}
            Token::Number(..)
            | Token::SingleQuotedString(_)
            | Token::EscapedStringLiteral(_)
            | Token::NationalStringLiteral(_)
            | Token::UnicodeStringLiteral(_)
            | Token::HexStringLiteral(_)
            | Token::DollarQuotedString(_)
            | Token::DoubleColon
            | Token::Period => {}
            Token::Word(w) if w.quote_style.is_some() => {}
            Token::Word(w) if !A_EXPR_WORDS.contains(&w.value.to_lowercase().as_str()) => {}
            _ => return false,
        }
    }
    true
}

const PG: &Postgres = &Postgres;

fn stmt(sql: impl Into<String>) -> Statement {
    Statement::new(sql)
}

/// `COMMENT ON <kind> <target> IS '...'` or `IS NULL`.
pub(super) fn comment_on(kind: &str, target: &str, text: Option<&str>) -> Statement {
    let value = text.map_or_else(|| "NULL".to_string(), string_literal);
    stmt(format!("COMMENT ON {kind} {target} IS {value}"))
}

/// `table.column` for COMMENT ON COLUMN.
pub(super) fn column_target(table: &QualifiedName, column: &str) -> String {
    format!("{}.{}", PG.name(table), PG.ident(column))
}

/// An index lives in its table's schema.
fn index_name(table: &QualifiedName, index: &str) -> String {
    PG.name(&table.sibling(index))
}

pub(crate) fn render(change: &Change) -> Vec<Statement> {
    use Change::*;
    match change {
        CreateNamespace(n) => {
            let mut out = vec![stmt(format!("CREATE SCHEMA IF NOT EXISTS {}", PG.ident(&n.name)))];
            if let Some(c) = &n.comment {
                out.push(comment_on("SCHEMA", &PG.ident(&n.name), Some(c)));
            }
            out
        }
        DropNamespace(n) => vec![stmt(format!("DROP SCHEMA {}", PG.ident(&n.name)))],
        CreateExtension(e) => {
            let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", PG.ident(&e.name));
            if let Some(s) = &e.schema {
                sql.push_str(&format!(" SCHEMA {}", PG.ident(s)));
            }
            vec![stmt(sql)]
        }
        DropExtension(e) => vec![stmt(format!("DROP EXTENSION {}", PG.ident(&e.name)))],

        CreateEnum(e) => create_enum(e),
        DropEnum(e) => vec![stmt(format!("DROP TYPE {}", PG.name(&e.name)))],
        AddEnumValue { from, to, .. } => add_enum_values(from, to),
        RebuildEnum { from, to, usages } => rebuild_enum(from, to, usages),

        CreateDomain(d) => create_domain(d),
        DropDomain(d) => vec![stmt(format!("DROP DOMAIN {}", PG.name(&d.name)))],

        CreateSequence(s) => create_sequence(s, true),
        DropSequence(s) => vec![stmt(format!("DROP SEQUENCE {}", PG.name(&s.name)))],
        AlterSequence { from, to } => alter_sequence(from, to),

        CreateTable(t) => create_table_with_comments(t),
        DropTable(t) => {
            vec![stmt(format!("DROP TABLE {}", PG.name(&t.name))).with_comment(format!(
                "Deletes table {} and every row in it; the reverse recreates it empty.",
                t.name
            ))]
        }
        RenameTable { from, to } => rename_table(from, to),
        RebuildTable { from, to, column_map } => rebuild_table(from, to, column_map),
        SetTableComment { table, to, .. } => {
            vec![comment_on("TABLE", &PG.name(table), to.as_deref())]
        }
        // Only UNLOGGED has an ALTER on PostgreSQL; the SQLite options never
        // reach it (the parser does not accept them there).
        SetTableOptions { table, from, to } if from.unlogged != to.unlogged => {
            let mode = if to.unlogged { "UNLOGGED" } else { "LOGGED" };
            vec![stmt(format!("ALTER TABLE {} SET {mode}", PG.name(table)))]
        }
        SetTableOptions { .. } => Vec::new(),

        AddColumn { table, column } => add_column(table, column),
        DropColumn { table, column } => vec![drop_column(PG, table, column)],
        RenameColumn { table, from, to } => vec![rename_column(PG, table, from, to)],
        AlterColumn { table, from, to } => alter_column::render(table, from, to),

        AddPrimaryKey { table, key } => add_constraint(table, &primary_key_clause(PG, key)),
        DropPrimaryKey { table, key } => drop_constraint(
            table,
            key.name.clone().unwrap_or_else(|| names::primary_key(&table.name)),
        ),
        AddUnique { table, unique } => add_constraint(table, &unique_clause(PG, unique)),
        DropUnique { table, unique } => drop_constraint(
            table,
            unique.name.clone().unwrap_or_else(|| names::unique(&table.name, &unique.columns)),
        ),
        AddForeignKey { table, fk } => add_constraint(table, &foreign_key_clause(PG, fk)),
        DropForeignKey { table, fk } => drop_constraint(
            table,
            fk.name.clone().unwrap_or_else(|| names::foreign_key(&table.name, &fk.columns)),
        ),
        AddCheck { table, check } => add_constraint(table, &check_clause(PG, check)),
        DropCheck { table, check } => drop_constraint(
            table,
            check.name.clone().unwrap_or_else(|| unnamed_check_name(table, &check.expr)),
        ),

        CreateIndex { table, index } => create_index_with_comment(table, index),
        RenameIndex { table, from, to } => vec![stmt(format!(
            "ALTER INDEX {} RENAME TO {}",
            index_name(table, from),
            PG.ident(to)
        ))],
        DropIndex { table, index } => {
            vec![stmt(format!("DROP INDEX {}", index_name(table, &index.name)))]
        }
        SetIndexComment { table, index, to, .. } => {
            vec![comment_on("INDEX", &index_name(table, index), to.as_deref())]
        }
        SetObjectComment { object, to, .. } => vec![match object {
            CommentTarget::Enum(n) => comment_on("TYPE", &PG.name(n), to.as_deref()),
            CommentTarget::Namespace(n) => comment_on("SCHEMA", &PG.ident(n), to.as_deref()),
        }],

        CreateView(v) => create_view(v),
        DropView(v) => vec![stmt(format!("DROP {} {}", view_kind(v), PG.name(&v.name)))],
    }
}

fn create_enum(e: &EnumType) -> Vec<Statement> {
    let mut out = vec![stmt(format!(
        "CREATE TYPE {} AS ENUM ({})",
        PG.name(&e.name),
        string_list(&e.values)
    ))];
    if let Some(c) = &e.comment {
        out.push(comment_on("TYPE", &PG.name(&e.name), Some(c)));
    }
    out
}

/// One `ALTER TYPE .. ADD VALUE` per new value, in the order of `to`: each
/// goes BEFORE the next value that already existed, or at the end.
fn add_enum_values(from: &EnumType, to: &EnumType) -> Vec<Statement> {
    debug_assert!(
        from.values.iter().all(|v| to.values.contains(v)),
        "AddEnumValue removes values from {}",
        to.name
    );
    let mut out = Vec::new();
    for (i, value) in to.values.iter().enumerate() {
        if from.values.contains(value) {
            continue;
        }
        let mut sql =
            format!("ALTER TYPE {} ADD VALUE {}", PG.name(&to.name), string_literal(value));
        if let Some(next) = to.values[i + 1..].iter().find(|v| from.values.contains(v)) {
            sql.push_str(&format!(" BEFORE {}", string_literal(next)));
        }
        let mut statement = stmt(sql);
        if out.is_empty() {
            statement = statement.with_comment(
                "PostgreSQL 12+ runs ADD VALUE in a transaction, but a new value cannot be used \
                 until the transaction commits.",
            );
        }
        out.push(statement);
    }
    if from.comment != to.comment {
        out.push(comment_on("TYPE", &PG.name(&to.name), to.comment.as_deref()));
    }
    out
}

/// Enum values cannot be removed or reordered in place: rename the old
/// type away, create the new one, convert every column through text
/// (dropping and restoring its default, which the server cannot cast), and
/// drop the old type.
fn rebuild_enum(from: &EnumType, to: &EnumType, usages: &[EnumUsage]) -> Vec<Statement> {
    let old = from.name.sibling(&format!("{}_old", from.name.name));
    let mut out =
        vec![stmt(format!("ALTER TYPE {} RENAME TO {}", PG.name(&from.name), PG.ident(&old.name)))
            .with_comment(format!(
                "Rebuilds enum {}: the old type is renamed, the new one created and each column \
         converted through text; a row holding a removed value makes the conversion fail.",
                to.name
            ))];
    out.extend(create_enum(&EnumType { comment: None, ..to.clone() }));
    for u in usages {
        out.push(convert_enum_column(&to.name, u));
    }
    out.push(stmt(format!("DROP TYPE {}", PG.name(&old))));
    if let Some(c) = &to.comment {
        out.push(comment_on("TYPE", &PG.name(&to.name), Some(c)));
    }
    out
}

/// The column's type with the enum replaced by text: the intermediate
/// type of the conversion (`mood[]` goes through `text[]`).
fn through_text(ty: &SqlType, enum_name: &QualifiedName) -> SqlType {
    match ty {
        SqlType::Named { name } if name == enum_name || name.name == enum_name.name => {
            SqlType::Text
        }
        SqlType::Array { element, dims } => {
            SqlType::Array { element: Box::new(through_text(element, enum_name)), dims: *dims }
        }
        other => other.clone(),
    }
}

fn convert_enum_column(enum_name: &QualifiedName, u: &EnumUsage) -> Statement {
    let col = PG.ident(&u.column.name);
    let mut actions = Vec::new();
    if u.column.default.is_some() {
        actions.push(format!("ALTER COLUMN {col} DROP DEFAULT"));
    }
    let target = PG.ty(&u.column.ty);
    let via = PG.ty(&through_text(&u.column.ty, enum_name));
    actions.push(format!("ALTER COLUMN {col} TYPE {target} USING {col}::{via}::{target}"));
    if let Some(d) = &u.column.default {
        actions.push(format!("ALTER COLUMN {col} SET {}", ddl::default_clause(PG, d)));
    }
    stmt(format!("ALTER TABLE {} {}", PG.name(&u.table), actions.join(", ")))
}

fn create_domain(d: &Domain) -> Vec<Statement> {
    let mut sql = format!("CREATE DOMAIN {} AS {}", PG.name(&d.name), PG.ty(&d.ty));
    if let Some(c) = &d.collation {
        sql.push_str(&format!(" COLLATE {}", PG.dotted(c)));
    }
    if let Some(e) = &d.default {
        sql.push(' ');
        sql.push_str(&ddl::default_clause(PG, e));
    }
    if d.not_null {
        sql.push_str(" NOT NULL");
    }
    for c in &d.checks {
        debug_assert!(!c.no_inherit, "NO INHERIT on a domain check of {}", d.name);
        sql.push(' ');
        sql.push_str(&check_clause(PG, c));
    }
    let mut out = vec![stmt(sql)];
    if let Some(c) = &d.comment {
        out.push(comment_on("DOMAIN", &PG.name(&d.name), Some(c)));
    }
    out
}

/// `OWNED BY table.column`.
fn owned_by(owner: &(QualifiedName, String)) -> String {
    format!("OWNED BY {}", column_target(&owner.0, &owner.1))
}

/// CREATE SEQUENCE; with `with_owner`, `OWNED BY` in the same statement
/// (the owning table must exist by then). A whole-schema file writes the
/// owner later with ALTER SEQUENCE, after the tables.
pub(super) fn create_sequence(s: &Sequence, with_owner: bool) -> Vec<Statement> {
    let mut parts = vec![format!("CREATE SEQUENCE {}", PG.name(&s.name))];
    parts.extend(sequence_options(PG, &s.options));
    if let (true, Some(o)) = (with_owner, &s.owned_by) {
        parts.push(owned_by(o));
    }
    let mut out = vec![stmt(parts.join(" "))];
    if let Some(c) = &s.comment {
        out.push(comment_on("SEQUENCE", &PG.name(&s.name), Some(c)));
    }
    out
}

/// The ALTER SEQUENCE clauses that take `from`'s options to `to`'s; an
/// option going back to the server default is written out explicitly.
pub(super) fn sequence_option_changes(from: &SequenceOptions, to: &SequenceOptions) -> Vec<String> {
    let mut out = Vec::new();
    if from.ty != to.ty {
        out.push(format!("AS {}", to.ty.as_ref().map_or("bigint".into(), |t| PG.ty(t))));
    }
    if from.increment != to.increment {
        out.push(format!("INCREMENT BY {}", to.increment.unwrap_or(1)));
    }
    if from.min_value != to.min_value {
        out.push(to.min_value.map_or("NO MINVALUE".into(), |n| format!("MINVALUE {n}")));
    }
    if from.max_value != to.max_value {
        out.push(to.max_value.map_or("NO MAXVALUE".into(), |n| format!("MAXVALUE {n}")));
    }
    if from.start != to.start {
        // The default start is the minimum for ascending sequences and the
        // maximum for descending ones.
        let default_start = if to.increment.unwrap_or(1) > 0 {
            to.min_value.unwrap_or(1)
        } else {
            to.max_value.unwrap_or(-1)
        };
        out.push(format!("START WITH {}", to.start.unwrap_or(default_start)));
    }
    if from.cache != to.cache {
        out.push(format!("CACHE {}", to.cache.unwrap_or(1)));
    }
    if from.cycle != to.cycle {
        out.push(if to.cycle { "CYCLE" } else { "NO CYCLE" }.to_string());
    }
    out
}

fn alter_sequence(from: &Sequence, to: &Sequence) -> Vec<Statement> {
    let mut out = Vec::new();
    if from.name != to.name {
        if from.name.schema != to.name.schema {
            let schema = to.name.schema.as_deref().unwrap_or("public");
            out.push(stmt(format!(
                "ALTER SEQUENCE {} SET SCHEMA {}",
                PG.name(&from.name),
                PG.ident(schema)
            )));
        }
        if from.name.name != to.name.name {
            out.push(stmt(format!(
                "ALTER SEQUENCE {} RENAME TO {}",
                PG.name(&to.name.sibling(&from.name.name)),
                PG.ident(&to.name.name)
            )));
        }
    }
    let mut clauses = sequence_option_changes(&from.options, &to.options);
    if from.owned_by != to.owned_by {
        clauses.push(to.owned_by.as_ref().map_or("OWNED BY NONE".into(), owned_by));
    }
    if !clauses.is_empty() {
        out.push(stmt(format!("ALTER SEQUENCE {} {}", PG.name(&to.name), clauses.join(" "))));
    }
    if from.comment != to.comment {
        out.push(comment_on("SEQUENCE", &PG.name(&to.name), to.comment.as_deref()));
    }
    out
}

/// COMMENT ON statements for a table and its columns.
fn table_comments(t: &Table) -> Vec<Statement> {
    let mut out = Vec::new();
    if let Some(c) = &t.comment {
        out.push(comment_on("TABLE", &PG.name(&t.name), Some(c)));
    }
    for col in &t.columns {
        if let Some(c) = &col.comment {
            out.push(comment_on("COLUMN", &column_target(&t.name, &col.name), Some(c)));
        }
    }
    out
}

fn create_table_with_comments(t: &Table) -> Vec<Statement> {
    let mut out = vec![stmt(create_table(PG, t, &t.name, TableBody::NO_FOREIGN_KEYS))];
    out.extend(table_comments(t));
    out
}

fn rename_table(from: &QualifiedName, to: &QualifiedName) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut current = from.clone();
    if from.schema != to.schema {
        let schema = to.schema.as_deref().unwrap_or("public");
        out.push(stmt(format!("ALTER TABLE {} SET SCHEMA {}", PG.name(from), PG.ident(schema))));
        current = QualifiedName::new(to.schema.as_deref(), &from.name);
    }
    if from.name != to.name {
        out.push(stmt(format!(
            "ALTER TABLE {} RENAME TO {}",
            PG.name(&current),
            PG.ident(&to.name)
        )));
    }
    out
}

/// A copy rebuild. sluice plans these only for SQLite (PostgreSQL alters in
/// place), but the change renders on PostgreSQL too: build the new table
/// without constraints, copy, drop the old one, rename, then add the
/// constraints (whose index names would have clashed with the old ones),
/// indexes and comments, and move identity sequences past the copied ids.
fn rebuild_table(from: &Table, to: &Table, column_map: &[(String, String)]) -> Vec<Statement> {
    let new = ddl::rebuild_name(&to.name);
    let mut out =
        vec![stmt(create_table(PG, to, &new, TableBody::COLUMNS_ONLY)).with_comment(format!(
            "Rebuilds table {} by copying it. Identity and serial sequences keep the temporary \
             table's name; views or foreign keys that point at the old table make the DROP fail.",
            to.name
        ))];
    let overriding = to
        .columns
        .iter()
        .any(|c| c.identity.as_ref().is_some_and(|i| i.always))
        .then_some("OVERRIDING SYSTEM VALUE");
    if let Some(copy) = ddl::copy_rows(PG, &new, &from.name, to, column_map, overriding) {
        out.push(stmt(copy));
    }
    out.push(stmt(format!("DROP TABLE {}", PG.name(&from.name))));
    out.push(stmt(format!("ALTER TABLE {} RENAME TO {}", PG.name(&new), PG.ident(&to.name.name))));
    let mut constraints = Vec::new();
    if let Some(pk) = &to.primary_key {
        constraints.push(primary_key_clause(PG, pk));
    }
    constraints.extend(to.uniques.iter().map(|u| unique_clause(PG, u)));
    constraints.extend(to.checks.iter().map(|c| check_clause(PG, c)));
    constraints.extend(to.foreign_keys.iter().map(|f| foreign_key_clause(PG, f)));
    if !constraints.is_empty() {
        let adds: Vec<String> = constraints.iter().map(|c| format!("ADD {c}")).collect();
        out.push(stmt(format!("ALTER TABLE {} {}", PG.name(&to.name), adds.join(", "))));
    }
    for col in &to.columns {
        if col.identity.is_some() || col.ty.is_serial() {
            out.push(stmt(format!(
                "SELECT setval(pg_get_serial_sequence({}, {}), max({})) FROM {}",
                string_literal(&PG.name(&to.name)),
                string_literal(&col.name),
                PG.ident(&col.name),
                PG.name(&to.name)
            )));
        }
    }
    for index in &to.indexes {
        out.extend(create_index_with_comment(&to.name, index));
    }
    out.extend(table_comments(to));
    out
}

fn add_column(table: &QualifiedName, column: &Column) -> Vec<Statement> {
    let mut out = vec![stmt(format!(
        "ALTER TABLE {} ADD COLUMN {}",
        PG.name(table),
        column_def(PG, column, None)
    ))];
    if let Some(c) = &column.comment {
        out.push(comment_on("COLUMN", &column_target(table, &column.name), Some(c)));
    }
    out
}

fn add_constraint(table: &QualifiedName, clause: &str) -> Vec<Statement> {
    vec![stmt(format!("ALTER TABLE {} ADD {clause}", PG.name(table)))]
}

fn drop_constraint(table: &QualifiedName, name: String) -> Vec<Statement> {
    vec![stmt(format!("ALTER TABLE {} DROP CONSTRAINT {}", PG.name(table), PG.ident(&name)))]
}

/// The name PostgreSQL gave a CHECK declared without one: `{table}_{col}_check`
/// when the expression mentions exactly one column, `{table}_check`
/// otherwise. Without the table's columns at hand, every identifier that
/// is not a function name or keyword counts as a column. Normalization
/// names constraints, so this is only a fallback.
fn unnamed_check_name(table: &QualifiedName, expr: &Expr) -> String {
    let toks = ddl::tokens(expr.as_str(), Dialect::Postgres).unwrap_or_default();
    let mut columns: Vec<String> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if let Token::Word(w) = t {
            let is_call = matches!(toks.get(i + 1), Some(Token::LParen));
            let after_cast = i > 0 && matches!(toks[i - 1], Token::DoubleColon);
            let name =
                if w.quote_style.is_some() { w.value.clone() } else { w.value.to_lowercase() };
            let keyword = w.quote_style.is_none() && !crate::expr::is_plain_identifier(&name);
            if !is_call && !after_cast && !keyword && !columns.contains(&name) {
                columns.push(name);
            }
        }
    }
    match columns.as_slice() {
        [one] => names::check(&table.name, Some(one)),
        _ => names::check(&table.name, None),
    }
}

fn create_index_with_comment(table: &QualifiedName, index: &Index) -> Vec<Statement> {
    let mut out = vec![stmt(create_index(PG, table, index))];
    if let Some(c) = &index.comment {
        out.push(comment_on("INDEX", &index_name(table, &index.name), Some(c)));
    }
    out
}

fn view_kind(v: &View) -> &'static str {
    if v.materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    }
}

fn create_view(v: &View) -> Vec<Statement> {
    let mut sql = format!("CREATE {} {}", view_kind(v), PG.name(&v.name));
    if !v.columns.is_empty() {
        sql.push_str(&format!(" ({})", PG.idents(&v.columns)));
    }
    sql.push_str(&format!(" AS {}", v.definition));
    let mut out = vec![stmt(sql)];
    if let Some(c) = &v.comment {
        out.push(comment_on(view_kind(v), &PG.name(&v.name), Some(c)));
    }
    out
}

/// The whole schema as one file of canonical DDL, in an order that runs:
/// schemas, extensions, enums, domains, sequences, then each table with
/// its comments and indexes, then foreign keys (so tables may reference
/// each other in any order), sequence owners, and views.
pub(crate) fn render_schema(schema: &Schema) -> String {
    let mut blocks: Vec<Vec<Statement>> = Vec::new();
    for n in &schema.namespaces {
        blocks.push(render(&Change::CreateNamespace(n.clone())));
    }
    for e in &schema.extensions {
        blocks.push(render(&Change::CreateExtension(e.clone())));
    }
    for e in &schema.enums {
        blocks.push(create_enum(e));
    }
    for d in &schema.domains {
        blocks.push(create_domain(d));
    }
    for s in &schema.sequences {
        blocks.push(create_sequence(s, false));
    }
    for t in &schema.tables {
        let mut block = create_table_with_comments(t);
        for index in &t.indexes {
            block.extend(create_index_with_comment(&t.name, index));
        }
        blocks.push(block);
    }
    let fks: Vec<Statement> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys
                .iter()
                .flat_map(|fk| add_constraint(&t.name, &foreign_key_clause(PG, fk)))
        })
        .collect();
    blocks.push(fks);
    let owners: Vec<Statement> = schema
        .sequences
        .iter()
        .filter_map(|s| {
            s.owned_by
                .as_ref()
                .map(|o| stmt(format!("ALTER SEQUENCE {} {}", PG.name(&s.name), owned_by(o))))
        })
        .collect();
    blocks.push(owners);
    for v in ddl::views_in_dependency_order(&schema.views, Dialect::Postgres) {
        blocks.push(create_view(v));
    }
    ddl::schema_file(&blocks)
}
