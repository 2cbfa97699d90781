//! The DDL text both SQL dialects write the same way: column definitions,
//! constraint clauses, the body of CREATE TABLE, CREATE INDEX, string
//! literals, and the row copy of a table rebuild.
//!
//! The pieces render whatever the model holds (an identity, `STRICT`, an
//! operator class): a schema parsed for one dialect only holds what that
//! dialect has, so one writer serves both. Where the same thing is spelled
//! differently, the [`DdlDialect`] trait decides.

use crate::dialect::{quote_ident, quote_qualified};
use crate::types::render_type;
use sluice_schema::{
    Check, Column, Deferrable, Dialect, Expr, ForeignKey, Identity, Index, IndexKey, IndexTarget,
    NullsOrder, PrimaryKey, QualifiedName, SequenceOptions, SqlType, Table, Unique,
};
use sqlparser::tokenizer::{Token, Tokenizer};

/// What the shared DDL writer asks of a dialect.
pub(crate) trait DdlDialect {
    fn dialect(&self) -> Dialect;

    /// Whether `DEFAULT expr` may be written without parentheses around
    /// `expr` (otherwise it is written `DEFAULT (expr)`, which both dialects
    /// accept for any expression).
    fn bare_default(&self, expr: &Expr) -> bool;

    fn ident(&self, name: &str) -> String {
        quote_ident(name, self.dialect())
    }

    fn name(&self, name: &QualifiedName) -> String {
        quote_qualified(name, self.dialect())
    }

    fn ty(&self, ty: &SqlType) -> String {
        render_type(ty, self.dialect())
    }

    /// `a, b, c`, each quoted as needed.
    fn idents(&self, names: &[String]) -> String {
        let mut out = String::new();
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            super::push_quoted(&mut out, n, self.dialect());
        }
        out
    }

    /// A collation or operator class name, stored as `name` or
    /// `schema.name` with each part folded.
    fn dotted(&self, name: &str) -> String {
        match name.split_once('.') {
            Some((schema, rest)) => format!("{}.{}", self.ident(schema), self.ident(rest)),
            None => self.ident(name),
        }
    }
}

/// A SQL string literal: single quotes, embedded quotes doubled. This is
/// the standard form; PostgreSQL reads it so with its default
/// `standard_conforming_strings = on`, and SQLite always does.
pub(crate) fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `'a', 'b'`.
pub(crate) fn string_list(values: &[String]) -> String {
    values.iter().map(|v| string_literal(v)).collect::<Vec<_>>().join(", ")
}

/// The tokens of an expression without whitespace, or `None` if the
/// tokenizer rejects it (then callers pick the safe spelling).
pub(crate) fn tokens(expr: &str, dialect: Dialect) -> Option<Vec<Token>> {
    let d = crate::expr::sp_dialect(dialect);
    let toks = Tokenizer::new(d.as_ref(), expr).tokenize().ok()?;
    Some(toks.into_iter().filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF)).collect())
}

/// Whether an expression mentions `name` as an identifier (not inside a
/// string literal). Used to find what depends on a column or view; errs on
/// the side of "yes" when the expression cannot be tokenized.
pub(crate) fn mentions(expr: &str, name: &str, dialect: Dialect) -> bool {
    match tokens(expr, dialect) {
        Some(toks) => toks.iter().any(|t| match t {
            Token::Word(w) if w.quote_style.is_some() => w.value == name,
            Token::Word(w) => w.value.eq_ignore_ascii_case(name),
            _ => false,
        }),
        None => true,
    }
}

/// `DEFAULT expr`, parenthesized unless the dialect reads it bare.
pub(crate) fn default_clause(d: &dyn DdlDialect, expr: &Expr) -> String {
    let mut s = String::new();
    write_default_clause(d, expr, &mut s);
    s
}

/// [`default_clause`] written at the end of `s`.
fn write_default_clause(d: &dyn DdlDialect, expr: &Expr, s: &mut String) {
    let bare = d.bare_default(expr);
    s.push_str(if bare { "DEFAULT " } else { "DEFAULT (" });
    s.push_str(expr.as_str());
    if !bare {
        s.push(')');
    }
}

/// Sequence parameters as `CREATE SEQUENCE` and `AS IDENTITY (..)` take
/// them; only the ones that differ from the server default.
pub(crate) fn sequence_options(d: &dyn DdlDialect, o: &SequenceOptions) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = &o.ty {
        out.push(format!("AS {}", d.ty(t)));
    }
    if let Some(n) = o.increment {
        out.push(format!("INCREMENT BY {n}"));
    }
    if let Some(n) = o.min_value {
        out.push(format!("MINVALUE {n}"));
    }
    if let Some(n) = o.max_value {
        out.push(format!("MAXVALUE {n}"));
    }
    if let Some(n) = o.start {
        out.push(format!("START WITH {n}"));
    }
    if let Some(n) = o.cache {
        out.push(format!("CACHE {n}"));
    }
    if o.cycle {
        out.push("CYCLE".to_string());
    }
    out
}

/// `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [( options )]`.
pub(crate) fn identity_clause(d: &dyn DdlDialect, id: &Identity) -> String {
    let when = if id.always { "ALWAYS" } else { "BY DEFAULT" };
    let opts = sequence_options(d, &id.options);
    if opts.is_empty() {
        format!("GENERATED {when} AS IDENTITY")
    } else {
        format!("GENERATED {when} AS IDENTITY ({})", opts.join(" "))
    }
}

/// One column of CREATE TABLE or ADD COLUMN. `inline_pk` is the table's
/// primary key when it must be written on the column (SQLite's
/// `INTEGER PRIMARY KEY AUTOINCREMENT` can only be written there).
pub(crate) fn column_def(
    d: &dyn DdlDialect,
    col: &Column,
    inline_pk: Option<&PrimaryKey>,
) -> String {
    let mut s = String::new();
    write_column_def(d, col, inline_pk, &mut s);
    s
}

/// [`column_def`] written at the end of `s` (CREATE TABLE writes thousands
/// of them into one text).
fn write_column_def(
    d: &dyn DdlDialect,
    col: &Column,
    inline_pk: Option<&PrimaryKey>,
    s: &mut String,
) {
    super::push_quoted(s, &col.name, d.dialect());
    s.push(' ');
    s.push_str(&d.ty(&col.ty));
    if let Some(c) = &col.collation {
        s.push_str(" COLLATE ");
        s.push_str(&d.dotted(c));
    }
    if let Some(id) = &col.identity {
        s.push(' ');
        s.push_str(&identity_clause(d, id));
    }
    if let Some(g) = &col.generated {
        let kind = if g.stored { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(" GENERATED ALWAYS AS ({}) {kind}", g.expr));
    }
    if let Some(e) = &col.default {
        s.push(' ');
        write_default_clause(d, e, s);
    }
    if !col.nullable {
        s.push_str(" NOT NULL");
    }
    if let Some(pk) = inline_pk {
        s.push(' ');
        s.push_str(&constraint_name(d, &pk.name));
        s.push_str("PRIMARY KEY");
        if pk.autoincrement {
            s.push_str(" AUTOINCREMENT");
        }
    }
}

/// `CONSTRAINT name ` or nothing.
fn constraint_name(d: &dyn DdlDialect, name: &Option<String>) -> String {
    match name {
        Some(n) => format!("CONSTRAINT {} ", d.ident(n)),
        None => String::new(),
    }
}

fn deferrable(def: Deferrable) -> &'static str {
    match def {
        Deferrable::NotDeferrable => "",
        Deferrable::InitiallyImmediate => " DEFERRABLE",
        Deferrable::InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
    }
}

/// `[CONSTRAINT n] PRIMARY KEY (a, b)`.
pub(crate) fn primary_key_clause(d: &dyn DdlDialect, pk: &PrimaryKey) -> String {
    format!("{}PRIMARY KEY ({})", constraint_name(d, &pk.name), d.idents(&pk.columns))
}

/// `[CONSTRAINT n] UNIQUE [NULLS NOT DISTINCT] (a, b) [DEFERRABLE ..]`.
pub(crate) fn unique_clause(d: &dyn DdlDialect, u: &Unique) -> String {
    format!(
        "{}UNIQUE{} ({}){}",
        constraint_name(d, &u.name),
        if u.nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" },
        d.idents(&u.columns),
        deferrable(u.deferrable)
    )
}

/// `[CONSTRAINT n] CHECK (expr) [NO INHERIT]`.
pub(crate) fn check_clause(d: &dyn DdlDialect, c: &Check) -> String {
    format!(
        "{}CHECK ({}){}",
        constraint_name(d, &c.name),
        c.expr,
        if c.no_inherit { " NO INHERIT" } else { "" }
    )
}

/// `[CONSTRAINT n] FOREIGN KEY (a) REFERENCES t (b) [MATCH FULL]
/// [ON DELETE ..] [ON UPDATE ..] [DEFERRABLE ..]`.
pub(crate) fn foreign_key_clause(d: &dyn DdlDialect, fk: &ForeignKey) -> String {
    let mut s = format!(
        "{}FOREIGN KEY ({}) REFERENCES {}",
        constraint_name(d, &fk.name),
        d.idents(&fk.columns),
        d.name(&fk.ref_table)
    );
    if !fk.ref_columns.is_empty() {
        s.push_str(&format!(" ({})", d.idents(&fk.ref_columns)));
    }
    if fk.match_full {
        s.push_str(" MATCH FULL");
    }
    if !fk.on_delete.is_default() {
        s.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if !fk.on_update.is_default() {
        s.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    s.push_str(deferrable(fk.deferrable));
    s
}

/// Which constraints CREATE TABLE writes inside its parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TableBody {
    /// Primary key, unique and check constraints.
    pub constraints: bool,
    pub foreign_keys: bool,
}

impl TableBody {
    pub const ALL: TableBody = TableBody { constraints: true, foreign_keys: true };
    pub const NO_FOREIGN_KEYS: TableBody = TableBody { constraints: true, foreign_keys: false };
    pub const COLUMNS_ONLY: TableBody = TableBody { constraints: false, foreign_keys: false };
}

/// The primary key written on its column rather than as a table
/// constraint: SQLite's AUTOINCREMENT exists only in the column form.
fn inline_primary_key(table: &Table) -> Option<(&str, &PrimaryKey)> {
    let pk = table.primary_key.as_ref()?;
    debug_assert!(
        !pk.autoincrement || pk.columns.len() == 1,
        "AUTOINCREMENT on a composite primary key of {}",
        table.name
    );
    match (pk.autoincrement, pk.columns.as_slice()) {
        (true, [col]) => Some((col.as_str(), pk)),
        _ => None,
    }
}

/// `CREATE [UNLOGGED] TABLE name (\n    col ...,\n    constraint ...\n) [STRICT, WITHOUT ROWID]`
/// under the name `name` (a rebuild creates the new table under a
/// temporary name). Indexes and comments are separate statements.
pub(crate) fn create_table(
    d: &dyn DdlDialect,
    table: &Table,
    name: &QualifiedName,
    body: TableBody,
) -> String {
    let inline_pk = if body.constraints { inline_primary_key(table) } else { None };
    let unlogged = if table.options.unlogged { "UNLOGGED " } else { "" };
    // Written into one text: a line per column and constraint.
    let mut s = String::with_capacity(64 + 80 * table.columns.len());
    s.push_str("CREATE ");
    s.push_str(unlogged);
    s.push_str("TABLE ");
    s.push_str(&d.name(name));
    s.push_str(" (");
    let mut lines = 0;
    let mut line = |s: &mut String| {
        s.push_str(if lines == 0 { "\n    " } else { ",\n    " });
        lines += 1;
    };
    for c in &table.columns {
        let pk = inline_pk.filter(|(col, _)| *col == c.name).map(|(_, pk)| pk);
        line(&mut s);
        write_column_def(d, c, pk, &mut s);
    }
    if body.constraints {
        if let (Some(pk), None) = (&table.primary_key, inline_pk) {
            line(&mut s);
            s.push_str(&primary_key_clause(d, pk));
        }
        for u in &table.uniques {
            line(&mut s);
            s.push_str(&unique_clause(d, u));
        }
        for c in &table.checks {
            line(&mut s);
            s.push_str(&check_clause(d, c));
        }
    }
    if body.foreign_keys {
        for fk in &table.foreign_keys {
            line(&mut s);
            s.push_str(&foreign_key_clause(d, fk));
        }
    }
    s.push_str(if lines == 0 { ")" } else { "\n)" });
    let mut suffix = Vec::new();
    if table.options.strict {
        suffix.push("STRICT");
    }
    if table.options.without_rowid {
        suffix.push("WITHOUT ROWID");
    }
    if !suffix.is_empty() {
        s.push(' ');
        s.push_str(&suffix.join(", "));
    }
    s
}

/// One key of an index: `col` or `(expr)`, then collation, operator class,
/// direction and null order.
fn index_key(d: &dyn DdlDialect, key: &IndexKey) -> String {
    let mut s = match &key.target {
        IndexTarget::Column(c) => d.ident(c),
        IndexTarget::Expr(e) => format!("({e})"),
    };
    if let Some(c) = &key.collation {
        s.push_str(&format!(" COLLATE {}", d.dotted(c)));
    }
    if let Some(o) = &key.opclass {
        s.push(' ');
        s.push_str(&d.dotted(o));
    }
    if key.descending {
        s.push_str(" DESC");
    }
    match key.nulls {
        Some(NullsOrder::First) => s.push_str(" NULLS FIRST"),
        Some(NullsOrder::Last) => s.push_str(" NULLS LAST"),
        None => {}
    }
    s
}

/// `CREATE [UNIQUE] INDEX name ON table [USING m] (keys) [INCLUDE (..)]
/// [NULLS NOT DISTINCT] [WHERE pred]`. The index name is never qualified:
/// PostgreSQL puts an index in its table's schema.
/// `ALTER TABLE .. DROP COLUMN`, with the comment that it loses data.
pub(crate) fn drop_column(
    d: &dyn DdlDialect,
    table: &QualifiedName,
    column: &Column,
) -> crate::Statement {
    crate::Statement::new(format!(
        "ALTER TABLE {} DROP COLUMN {}",
        d.name(table),
        d.ident(&column.name)
    ))
    .with_comment(format!(
        "Deletes column {table}.{} and its values; the reverse adds it back without them.",
        column.name
    ))
}

/// `ALTER TABLE .. RENAME COLUMN .. TO ..`.
pub(crate) fn rename_column(
    d: &dyn DdlDialect,
    table: &QualifiedName,
    from: &str,
    to: &str,
) -> crate::Statement {
    crate::Statement::new(format!(
        "ALTER TABLE {} RENAME COLUMN {} TO {}",
        d.name(table),
        d.ident(from),
        d.ident(to)
    ))
}

pub(crate) fn create_index(d: &dyn DdlDialect, table: &QualifiedName, index: &Index) -> String {
    let mut s = format!(
        "CREATE {}INDEX {} ON {}",
        if index.unique { "UNIQUE " } else { "" },
        d.ident(&index.name),
        d.name(table)
    );
    if let Some(m) = &index.method {
        s.push_str(&format!(" USING {}", d.ident(m)));
    }
    let keys: Vec<String> = index.keys.iter().map(|k| index_key(d, k)).collect();
    s.push_str(&format!(" ({})", keys.join(", ")));
    if !index.include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", d.idents(&index.include)));
    }
    if index.nulls_not_distinct {
        s.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(p) = &index.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

/// The name a table is built under during a rebuild, beside the original.
pub(crate) fn rebuild_name(table: &QualifiedName) -> QualifiedName {
    table.sibling(&format!("__sluice_new_{}", table.name))
}

/// `INSERT INTO new (a, b) SELECT x, y FROM old`: copies every mapped
/// column except generated ones (the server computes those). `None` when
/// no column is carried over. `overriding` is written between the column
/// list and the SELECT (PostgreSQL's `OVERRIDING SYSTEM VALUE`).
pub(crate) fn copy_rows(
    d: &dyn DdlDialect,
    new: &QualifiedName,
    old: &QualifiedName,
    to: &Table,
    column_map: &[(String, String)],
    overriding: Option<&str>,
) -> Option<String> {
    let pairs: Vec<(&String, &String)> = to
        .columns
        .iter()
        .filter(|c| c.generated.is_none())
        .filter_map(|c| column_map.iter().find(|(n, _)| *n == c.name).map(|(n, o)| (n, o)))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let targets: Vec<String> = pairs.iter().map(|(n, _)| d.ident(n)).collect();
    let sources: Vec<String> = pairs.iter().map(|(_, o)| d.ident(o)).collect();
    let overriding = overriding.map(|o| format!(" {o}")).unwrap_or_default();
    Some(format!(
        "INSERT INTO {} ({}){overriding} SELECT {} FROM {}",
        d.name(new),
        targets.join(", "),
        sources.join(", "),
        d.name(old)
    ))
}

/// Views in an order that creates each after the views it mentions (as far
/// as a textual look at the definitions tells); the model's order otherwise.
pub(crate) fn views_in_dependency_order(
    views: &[sluice_schema::View],
    dialect: Dialect,
) -> Vec<&sluice_schema::View> {
    let mut pending: Vec<&sluice_schema::View> = views.iter().collect();
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = pending.iter().position(|v| {
            !pending
                .iter()
                .any(|o| o.name != v.name && mentions(&v.definition, &o.name.name, dialect))
        });
        // A cycle (or a false match) cannot be ordered: keep the model order.
        let i = ready.unwrap_or(0);
        out.push(pending.remove(i));
    }
    out
}

/// A whole-schema file: each block's statements one after another, blocks
/// separated by a blank line, empty blocks skipped.
pub(crate) fn schema_file(blocks: &[Vec<crate::Statement>]) -> String {
    let mut out = String::new();
    for block in blocks.iter().filter(|b| !b.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        for s in block {
            if let Some(c) = &s.comment {
                for line in crate::comment_lines(c) {
                    out.push_str(&format!("-- {line}\n"));
                }
            }
            out.push_str(&s.sql);
            out.push_str(";\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_double_quotes() {
        assert_eq!(string_literal("it's"), "'it''s'");
        assert_eq!(string_literal("''"), "''''''");
        assert_eq!(string_literal("a\\b"), "'a\\b'");
    }

    #[test]
    fn mentions_ignores_strings() {
        assert!(mentions("a + b > 0", "b", Dialect::Postgres));
        assert!(!mentions("a = 'b'", "b", Dialect::Postgres));
        assert!(mentions("\"B\" > 0", "B", Dialect::Postgres));
        assert!(!mentions("\"B\" > 0", "b", Dialect::Postgres));
        assert!(mentions("B > 0", "b", Dialect::Sqlite));
    }
}
