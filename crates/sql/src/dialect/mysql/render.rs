//! Rendering for MySQL/MariaDB: each [`Change`] the diff produces as the
//! statements MySQL runs (ALTER TABLE .. MODIFY COLUMN for any column
//! change, DROP FOREIGN KEY / DROP INDEX / DROP CONSTRAINT for keys), and a
//! whole schema as canonical DDL. Names are always quoted with backticks.

use crate::types::render_type;
use crate::Statement;
use sluice_schema::{
    Change, Check, Column, Dialect, Expr, ForeignKey, Index, IndexTarget, QualifiedName, Schema,
    Table,
};

pub(crate) fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn name(n: &QualifiedName) -> String {
    match &n.schema {
        Some(s) => format!("{}.{}", ident(s), ident(&n.name)),
        None => ident(&n.name),
    }
}

fn idents(cols: &[String]) -> String {
    cols.iter().map(|c| ident(c)).collect::<Vec<_>>().join(", ")
}

/// A string literal; MySQL's default sql_mode reads backslashes as escapes.
pub(crate) fn string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

fn stmt(sql: String) -> Statement {
    Statement::new(sql)
}

/// `DEFAULT x`: literals and `current_timestamp(..)` bare, any other
/// expression in parentheses (MySQL 8.0.13+ / MariaDB 10.2+).
fn default_clause(e: &Expr) -> String {
    let s = e.as_str();
    let literal = s.starts_with('\'')
        || s.starts_with(|c: char| c.is_ascii_digit())
        || (s.starts_with('-') && s[1..].starts_with(|c: char| c.is_ascii_digit()))
        || s.starts_with("current_timestamp");
    if literal {
        format!("DEFAULT {s}")
    } else {
        format!("DEFAULT ({s})")
    }
}

pub(crate) fn column_def(c: &Column) -> String {
    let mut out = format!("{} {}", ident(&c.name), render_type(&c.ty, Dialect::Mysql));
    if let Some(coll) = &c.collation {
        out.push_str(&format!(" COLLATE {coll}"));
    }
    if let Some(g) = &c.generated {
        out.push_str(&format!(
            " GENERATED ALWAYS AS ({}) {}",
            g.expr,
            if g.stored { "STORED" } else { "VIRTUAL" }
        ));
    } else {
        out.push_str(if c.nullable { " NULL" } else { " NOT NULL" });
        if let Some(d) = &c.default {
            out.push(' ');
            out.push_str(&default_clause(d));
        }
        if let Some(u) = &c.on_update {
            out.push_str(&format!(" ON UPDATE {u}"));
        }
        if c.identity.is_some() {
            out.push_str(" AUTO_INCREMENT");
        }
    }
    if let Some(cm) = &c.comment {
        out.push_str(&format!(" COMMENT {}", string(cm)));
    }
    out
}

fn check_clause(c: &Check) -> String {
    match &c.name {
        Some(n) => format!("CONSTRAINT {} CHECK ({})", ident(n), c.expr),
        None => format!("CHECK ({})", c.expr),
    }
}

fn fk_clause(fk: &ForeignKey) -> String {
    let mut out = String::new();
    if let Some(n) = &fk.name {
        out.push_str(&format!("CONSTRAINT {} ", ident(n)));
    }
    out.push_str(&format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        idents(&fk.columns),
        name(&fk.ref_table),
        idents(&fk.ref_columns)
    ));
    if !fk.on_delete.is_default() {
        out.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if !fk.on_update.is_default() {
        out.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    out
}

/// An index key: a column, a prefix `col(n)` (kept as an expression of
/// that shape), or a functional key `(expr)`.
fn key(k: &sluice_schema::IndexKey) -> String {
    let mut out = match &k.target {
        IndexTarget::Column(c) => ident(c),
        IndexTarget::Expr(e) => match prefix(e.as_str()) {
            Some((col, n)) => format!("{}({n})", ident(col)),
            None => format!("({e})"),
        },
    };
    if k.descending {
        out.push_str(" DESC");
    }
    out
}

/// `email(191)` -> (`email`, 191).
pub(crate) fn prefix(e: &str) -> Option<(&str, u32)> {
    let (col, rest) = e.split_once('(')?;
    let n = rest.strip_suffix(')')?.parse().ok()?;
    crate::expr::is_plain_identifier(col).then_some((col, n))
}

fn index_kind(ix: &Index) -> &'static str {
    match ix.method.as_deref() {
        Some("fulltext") => "FULLTEXT ",
        Some("spatial") => "SPATIAL ",
        _ if ix.unique => "UNIQUE ",
        _ => "",
    }
}

fn index_tail(ix: &Index) -> String {
    let mut out = String::new();
    if ix.method.as_deref() == Some("hash") {
        out.push_str(" USING HASH");
    }
    if let Some(c) = &ix.comment {
        out.push_str(&format!(" COMMENT {}", string(c)));
    }
    out
}

fn create_index(table: &QualifiedName, ix: &Index) -> String {
    let keys: Vec<String> = ix.keys.iter().map(key).collect();
    format!(
        "CREATE {}INDEX {} ON {} ({}){}",
        index_kind(ix),
        ident(&ix.name),
        name(table),
        keys.join(", "),
        index_tail(ix)
    )
}

fn inline_index(ix: &Index) -> String {
    let keys: Vec<String> = ix.keys.iter().map(key).collect();
    format!("{}KEY {} ({}){}", index_kind(ix), ident(&ix.name), keys.join(", "), index_tail(ix))
}

/// `CREATE TABLE` with columns, primary key, uniques and checks; indexes
/// and foreign keys too when `whole` (schema files), else they come as
/// their own changes.
fn create_table(t: &Table, whole: bool) -> String {
    let mut parts: Vec<String> = t.columns.iter().map(column_def).collect();
    if let Some(pk) = &t.primary_key {
        parts.push(format!("PRIMARY KEY ({})", idents(&pk.columns)));
    }
    for u in &t.uniques {
        let n = u.name.as_deref().map(|n| format!("{} ", ident(n))).unwrap_or_default();
        parts.push(format!("UNIQUE KEY {n}({})", idents(&u.columns)));
    }
    if whole {
        parts.extend(t.indexes.iter().map(inline_index));
        parts.extend(t.foreign_keys.iter().map(fk_clause));
    }
    parts.extend(t.checks.iter().map(check_clause));
    let mut out = format!("CREATE TABLE {} (\n  {}\n)", name(&t.name), parts.join(",\n  "));
    if let Some(c) = &t.comment {
        out.push_str(&format!(" COMMENT={}", string(c)));
    }
    out
}

fn alter(table: &QualifiedName, what: String) -> Vec<Statement> {
    vec![stmt(format!("ALTER TABLE {} {what}", name(table)))]
}

pub(crate) fn render(change: &Change) -> Vec<Statement> {
    use Change::*;
    match change {
        CreateTable(t) => vec![stmt(create_table(t, false))],
        DropTable(t) => vec![stmt(format!("DROP TABLE {}", name(&t.name))).with_comment(format!(
            "Deletes table {} and every row in it; the reverse recreates it empty.",
            t.name
        ))],
        RenameTable { from, to } => {
            vec![stmt(format!("RENAME TABLE {} TO {}", name(from), name(to)))]
        }
        SetTableComment { table, to, .. } => {
            alter(table, format!("COMMENT = {}", string(to.as_deref().unwrap_or(""))))
        }
        AddColumn { table, column } => alter(table, format!("ADD COLUMN {}", column_def(column))),
        DropColumn { table, column } => {
            alter(table, format!("DROP COLUMN {}", ident(&column.name)))
        }
        RenameColumn { table, from, to } => {
            alter(table, format!("RENAME COLUMN {} TO {}", ident(from), ident(to)))
        }
        // MariaDB cannot MODIFY a column into or out of a generated one, nor
        // between VIRTUAL and STORED: the column is dropped and added again.
        AlterColumn { table, from, to }
            if from.generated.as_ref().map(|g| g.stored)
                != to.generated.as_ref().map(|g| g.stored) =>
        {
            let mut out = alter(table, format!("DROP COLUMN {}", ident(&from.name)));
            out[0].comment = Some(format!(
                "MySQL cannot turn {}.{} into or out of a generated column in place: \
                 it is dropped and added again",
                table, from.name
            ));
            out.extend(alter(table, format!("ADD COLUMN {}", column_def(to))));
            out
        }
        AlterColumn { table, to, .. } => alter(table, format!("MODIFY COLUMN {}", column_def(to))),
        AddPrimaryKey { table, key } => {
            alter(table, format!("ADD PRIMARY KEY ({})", idents(&key.columns)))
        }
        DropPrimaryKey { table, .. } => alter(table, "DROP PRIMARY KEY".into()),
        AddUnique { table, unique } => {
            let n = unique.name.as_deref().map(|n| format!("{} ", ident(n))).unwrap_or_default();
            alter(table, format!("ADD UNIQUE KEY {n}({})", idents(&unique.columns)))
        }
        DropUnique { table, unique } => {
            alter(table, format!("DROP INDEX {}", ident(unique.name.as_deref().unwrap_or(""))))
        }
        AddForeignKey { table, fk } => alter(table, format!("ADD {}", fk_clause(fk))),
        DropForeignKey { table, fk } => {
            alter(table, format!("DROP FOREIGN KEY {}", ident(fk.name.as_deref().unwrap_or(""))))
        }
        AddCheck { table, check } => alter(table, format!("ADD {}", check_clause(check))),
        DropCheck { table, check } => {
            alter(table, format!("DROP CONSTRAINT {}", ident(check.name.as_deref().unwrap_or(""))))
        }
        CreateIndex { table, index } => vec![stmt(create_index(table, index))],
        DropIndex { table, index } => {
            vec![stmt(format!("DROP INDEX {} ON {}", ident(&index.name), name(table)))]
        }
        RenameIndex { table, from, to } => {
            alter(table, format!("RENAME INDEX {} TO {}", ident(from), ident(to)))
        }
        CreateView(v) => vec![stmt(create_view(v))],
        DropView(v) => vec![stmt(format!("DROP VIEW {}", name(&v.name)))],
        // What MySQL has no such object for; a MySQL schema never holds one,
        // so the diff of two never produces these.
        other => vec![stmt(format!(
            "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {}",
            string(&format!("MySQL cannot run: {}", other.describe()))
        ))],
    }
}

fn create_view(v: &sluice_schema::View) -> String {
    let cols =
        if v.columns.is_empty() { String::new() } else { format!(" ({})", idents(&v.columns)) };
    format!("CREATE VIEW {}{cols} AS {}", name(&v.name), v.definition)
}

pub(crate) fn render_schema(schema: &Schema) -> String {
    let mut blocks: Vec<Vec<Statement>> = Vec::new();
    for t in &schema.tables {
        blocks.push(vec![stmt(create_table(t, true))]);
    }
    for v in crate::dialect::ddl::views_in_dependency_order(&schema.views, Dialect::Mysql) {
        blocks.push(vec![stmt(create_view(v))]);
    }
    crate::dialect::ddl::schema_file(&blocks)
}
