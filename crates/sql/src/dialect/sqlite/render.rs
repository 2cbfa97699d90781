//! Change -> SQLite SQL, and a whole schema as canonical SQLite DDL.
//!
//! SQLite's ALTER TABLE only adds, drops and renames columns and renames
//! tables; everything else is a table rebuild, which [`super::plan`] sets
//! up before rendering. CREATE TABLE therefore carries every constraint,
//! foreign keys included. SQLite has no schemas, extensions, enums,
//! domains, sequences, materialized views or comments: those changes never
//! reach this renderer (the diff of a SQLite schema cannot produce them and
//! `plan` removes the comment changes). Should one arrive anyway, debug
//! builds stop on an assertion and release builds render nothing for it.

use super::Sqlite;
use crate::dialect::ddl::{
    self, column_def, create_index, create_table, drop_column, rename_column, string_literal,
    DdlDialect, TableBody,
};
use crate::Statement;
use sluice_schema::{Change, Dialect, Expr, Index, QualifiedName, Schema, Table, View};
use sqlparser::tokenizer::Token;

impl DdlDialect for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    /// SQLite reads a literal or a signed number bare; any other
    /// expression (function calls included) must be parenthesized.
    fn bare_default(&self, expr: &Expr) -> bool {
        literal_default(expr)
    }
}

/// Whether a default is a plain literal: a (signed) number, a string or
/// blob, NULL, TRUE, FALSE, or one of the CURRENT_* keywords.
pub(super) fn literal_default(expr: &Expr) -> bool {
    let Some(toks) = ddl::tokens(expr.as_str(), Dialect::Sqlite) else {
        return false;
    };
    match toks.as_slice() {
        [Token::Minus | Token::Plus, Token::Number(..)] => true,
        [Token::Number(..) | Token::SingleQuotedString(_) | Token::HexStringLiteral(_)] => true,
        [Token::Word(w)] if w.quote_style.is_none() => matches!(
            w.value.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "current_time" | "current_date" | "current_timestamp"
        ),
        _ => false,
    }
}

const SQ: &Sqlite = &Sqlite;

fn stmt(sql: impl Into<String>) -> Statement {
    Statement::new(sql)
}

fn not_supported(change: &Change) -> Vec<Statement> {
    debug_assert!(false, "SQLite cannot run `{}`; plan() must rewrite it", change.describe());
    Vec::new()
}

pub(crate) fn render(change: &Change) -> Vec<Statement> {
    use Change::*;
    match change {
        CreateTable(t) => render_create_table(t),
        DropTable(t) => {
            vec![stmt(format!("DROP TABLE {}", SQ.name(&t.name))).with_comment(format!(
                "Deletes table {} and every row in it; the reverse recreates it empty.",
                t.name
            ))]
        }
        RenameTable { from, to } => {
            vec![stmt(format!("ALTER TABLE {} RENAME TO {}", SQ.name(from), SQ.ident(&to.name)))]
        }
        RebuildTable { from, to, column_map } => rebuild_table(from, to, column_map),

        AddColumn { table, column } => vec![stmt(format!(
            "ALTER TABLE {} ADD COLUMN {}",
            SQ.name(table),
            column_def(SQ, column, None)
        ))],
        DropColumn { table, column } => vec![drop_column(SQ, table, column)],
        RenameColumn { table, from, to } => vec![rename_column(SQ, table, from, to)],

        CreateIndex { table, index } => vec![stmt(create_index(SQ, table, index))],
        DropIndex { table, index } => vec![drop_index(table, index)],

        CreateView(v) if !v.materialized => vec![stmt(create_view(v))],
        DropView(v) if !v.materialized => {
            vec![stmt(format!("DROP VIEW {}", SQ.name(&v.name)))]
        }

        CreateNamespace(_)
        | DropNamespace(_)
        | CreateExtension(_)
        | DropExtension(_)
        | CreateEnum(_)
        | DropEnum(_)
        | AddEnumValue { .. }
        | RebuildEnum { .. }
        | CreateDomain(_)
        | DropDomain(_)
        | CreateSequence(_)
        | DropSequence(_)
        | AlterSequence { .. }
        | SetTableComment { .. }
        | SetTableOptions { .. }
        | AlterColumn { .. }
        | AddPrimaryKey { .. }
        | DropPrimaryKey { .. }
        | AddUnique { .. }
        | DropUnique { .. }
        | AddForeignKey { .. }
        | DropForeignKey { .. }
        | AddCheck { .. }
        | DropCheck { .. }
        | RenameIndex { .. }
        | SetIndexComment { .. }
        | SetObjectComment { .. }
        | CreateView(_)
        | DropView(_) => not_supported(change),
    }
}

fn render_create_table(t: &Table) -> Vec<Statement> {
    vec![stmt(create_table(SQ, t, &t.name, TableBody::ALL))]
}

/// Index names are global in a SQLite database, never qualified by table.
fn drop_index(table: &QualifiedName, index: &Index) -> Statement {
    stmt(format!("DROP INDEX {}", SQ.name(&table.sibling(&index.name))))
}

fn create_view(v: &View) -> String {
    let mut sql = format!("CREATE VIEW {}", SQ.name(&v.name));
    if !v.columns.is_empty() {
        sql.push_str(&format!(" ({})", SQ.idents(&v.columns)));
    }
    sql.push_str(&format!(" AS {}", v.definition));
    sql
}

/// SQLite's documented procedure for the schema changes ALTER TABLE cannot
/// make (section 7 of its ALTER TABLE page): with foreign key enforcement
/// off, create the new table under a temporary name, copy the rows, drop
/// the old table, rename the new one into place, recreate the indexes,
/// and check the foreign keys before committing. Views, and triggers of
/// other tables, that name the table are left alone: the table has its
/// name again when the procedure ends.
fn rebuild_table(from: &Table, to: &Table, column_map: &[(String, String)]) -> Vec<Statement> {
    let new = ddl::rebuild_name(&to.name);
    let mut out = vec![Statement {
        sql: "PRAGMA foreign_keys=OFF".into(),
        transactional: false,
        comment: Some(format!(
            "Rebuilds table {} by copying it (SQLite's ALTER TABLE cannot make these changes). \
             Foreign key enforcement can only be switched off outside a transaction.",
            to.name
        )),
    }];
    out.push(stmt(create_table(SQ, to, &new, TableBody::ALL)));
    if let Some(copy) = ddl::copy_rows(SQ, &new, &from.name, to, column_map, None) {
        out.push(stmt(copy));
    }
    if autoincrement(from) && autoincrement(to) {
        // Keep the AUTOINCREMENT high-water mark, so ids of deleted rows
        // are still never reused.
        let (old, new_lit) = (string_literal(&from.name.name), string_literal(&new.name));
        out.push(stmt(format!(
            "UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = {old}) \
             WHERE name = {new_lit} AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = {old})"
        )));
    }
    out.push(stmt(format!("DROP TABLE {}", SQ.name(&from.name))));
    out.push(stmt("PRAGMA legacy_alter_table=ON").with_comment(
        "Rename without rewriting or checking views and triggers, which still name the old \
         table and must keep doing so.",
    ));
    out.push(stmt(format!("ALTER TABLE {} RENAME TO {}", SQ.name(&new), SQ.ident(&to.name.name))));
    out.push(stmt("PRAGMA legacy_alter_table=OFF"));
    for index in &to.indexes {
        out.push(stmt(create_index(SQ, &to.name, index)));
    }
    // The whole database, as SQLite's procedure says: rows of other tables
    // that reference this one are checked too (and a reference to a column
    // the rebuild renamed raises "foreign key mismatch").
    out.push(stmt("PRAGMA foreign_key_check").with_comment(
        "Lists rows whose foreign keys do not match instead of failing; the apply step \
         must treat any row it returns as an error.",
    ));
    out.push(Statement {
        sql: "PRAGMA foreign_keys=ON".into(),
        transactional: false,
        comment: None,
    });
    out
}

fn autoincrement(t: &Table) -> bool {
    t.primary_key.as_ref().is_some_and(|pk| pk.autoincrement)
}

/// The whole schema as one file: each table (constraints and foreign keys
/// inline; SQLite does not check the referenced table exists at creation)
/// followed by its indexes, then the views.
pub(crate) fn render_schema(schema: &Schema) -> String {
    debug_assert!(
        schema.namespaces.is_empty()
            && schema.extensions.is_empty()
            && schema.enums.is_empty()
            && schema.domains.is_empty()
            && schema.sequences.is_empty(),
        "a SQLite schema with PostgreSQL-only objects"
    );
    let mut blocks: Vec<Vec<Statement>> = Vec::new();
    for t in &schema.tables {
        let mut block = render_create_table(t);
        block.extend(t.indexes.iter().map(|i| stmt(create_index(SQ, &t.name, i))));
        blocks.push(block);
    }
    for v in ddl::views_in_dependency_order(&schema.views, Dialect::Sqlite) {
        debug_assert!(!v.materialized, "materialized view {} on SQLite", v.name);
        blocks.push(vec![stmt(create_view(v))]);
    }
    ddl::schema_file(&blocks)
}
