//! A second opinion on introspection: the model parsed from `sqlite_schema`
//! is compared with what SQLite itself reports about each table through
//! `PRAGMA table_xinfo`, `index_list`, `index_xinfo`, `foreign_key_list`
//! and `table_list`. The two come from the same text, so they agree unless
//! the parser misread it; when they do not, introspection fails and says
//! where, rather than hand a wrong schema to diff (which would turn a
//! parser bug into a migration).
//!
//! Compared: column names and order, declared types, NOT NULL, defaults,
//! generated columns and their kind, the primary key columns, UNIQUE
//! constraints (as sets of columns), foreign keys (columns, table,
//! referenced columns, actions), each CREATE INDEX (uniqueness, partial or
//! not, keys and their direction), STRICT and WITHOUT ROWID. Not reported by
//! SQLite, so not compared: CHECK constraints, collations, deferral, view
//! bodies.

use super::errors::context;
use rusqlite::Connection;
use sluice_migrate::{DbError, DbResult};
use sluice_schema::{Dialect, IndexTarget, QualifiedName, Schema, SqlType, Table};
use sluice_sql::{expr, types};

/// Check every table of `schema` against SQLite's pragmas.
pub fn check(conn: &Connection, schema: &Schema) -> DbResult<()> {
    let mut problems = Vec::new();
    for t in &schema.tables {
        table(conn, schema, t, &mut problems)?;
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(DbError::Other(format!(
        "introspection disagrees with SQLite's own description of the schema, so the schema \
         read is not trustworthy (this is a bug in sluice's SQLite parser; please report it \
         with the CREATE statements involved):\n  - {}",
        problems.join("\n  - ")
    )))
}

/// Rows of a table-valued pragma function for one table.
fn pragma<T>(
    conn: &Connection,
    sql: &str,
    arg: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> DbResult<Vec<T>> {
    let read = context("cannot read SQLite's pragmas");
    let mut stmt = conn.prepare_cached(sql).map_err(&read)?;
    let rows = stmt.query_map([arg], f).and_then(|r| r.collect()).map_err(&read)?;
    Ok(rows)
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn same_list(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

fn table(conn: &Connection, schema: &Schema, t: &Table, out: &mut Vec<String>) -> DbResult<()> {
    let name = &t.name.name;
    let mut say = |what: String| out.push(format!("table `{name}`: {what}"));
    columns(conn, t, &mut say)?;
    foreign_keys(conn, schema, t, &mut say)?;
    indexes(conn, t, &mut say)?;
    let opts = pragma(
        conn,
        "SELECT wr, strict FROM pragma_table_list(?1) WHERE schema = 'main'",
        name,
        |r| Ok((r.get::<_, bool>(0)?, r.get::<_, bool>(1)?)),
    )?;
    match opts.first() {
        Some(&(wr, strict)) => {
            if wr != t.options.without_rowid {
                say(format!(
                    "WITHOUT ROWID is {wr} in SQLite, {} as read",
                    t.options.without_rowid
                ));
            }
            if strict != t.options.strict {
                say(format!("STRICT is {strict} in SQLite, {} as read", t.options.strict));
            }
        }
        None => say("SQLite does not list it as a table".into()),
    }
    Ok(())
}

struct XColumn {
    name: String,
    ty: String,
    notnull: bool,
    default: Option<String>,
    pk: i64,
    hidden: i64,
}

fn columns(conn: &Connection, t: &Table, say: &mut impl FnMut(String)) -> DbResult<()> {
    let cols = pragma(
        conn,
        "SELECT name, type, \"notnull\", dflt_value, pk, hidden \
         FROM pragma_table_xinfo(?1, 'main') ORDER BY cid",
        &t.name.name,
        |r| {
            Ok(XColumn {
                name: r.get(0)?,
                ty: r.get(1)?,
                notnull: r.get(2)?,
                default: r.get(3)?,
                pk: r.get(4)?,
                hidden: r.get(5)?,
            })
        },
    )?;
    let live: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
    let read: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    if live != read {
        say(format!("SQLite reports columns {live:?}, the definition was read as {read:?}"));
        return Ok(());
    }
    for (x, c) in cols.iter().zip(&t.columns) {
        let mut col = |what: String| say(format!("column `{}`: {what}", c.name));
        if !same_type(&x.ty, &c.ty) {
            col(format!("SQLite reports type `{}`, read as {:?}", x.ty, c.ty));
        }
        if x.notnull == c.nullable {
            col(format!("SQLite reports NOT NULL = {}, read as {}", x.notnull, !c.nullable));
        }
        let default = x
            .default
            .as_deref()
            .map(|d| expr::normalize(d, Dialect::Sqlite))
            .filter(|d| !d.as_str().eq_ignore_ascii_case("null"));
        if default != c.default {
            col(format!("SQLite reports default {:?}, read as {:?}", x.default, c.default));
        }
        let generated = match x.hidden {
            2 => Some(false),
            3 => Some(true),
            _ => None,
        };
        if generated != c.generated.as_ref().map(|g| g.stored) {
            col(format!(
                "SQLite reports it as {}, read as {}",
                generated_kind(generated),
                generated_kind(c.generated.as_ref().map(|g| g.stored))
            ));
        }
    }
    let mut pk: Vec<(i64, String)> =
        cols.iter().filter(|c| c.pk > 0).map(|c| (c.pk, c.name.clone())).collect();
    pk.sort();
    let live_pk: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
    let read_pk = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    if !same_list(&live_pk, &read_pk) {
        say(format!("SQLite reports primary key {live_pk:?}, read as {read_pk:?}"));
    }
    Ok(())
}

fn generated_kind(g: Option<bool>) -> &'static str {
    match g {
        None => "a plain column",
        Some(false) => "a VIRTUAL generated column",
        Some(true) => "a STORED generated column",
    }
}

/// Whether the type SQLite reports is the one read. A quoted type name
/// (`"my type"`, read as a named type) is reported dequoted and cut after
/// its first word (`"x" (10)` is `x`): it matches when it starts the name.
fn same_type(reported: &str, ty: &SqlType) -> bool {
    match ty {
        SqlType::Named { name } if name.schema.is_none() && !reported.is_empty() => {
            name.name.to_lowercase().starts_with(&reported.to_lowercase())
        }
        _ => types::parse_type(reported, Dialect::Sqlite) == *ty,
    }
}

/// One foreign key as SQLite reports it.
#[derive(Debug, PartialEq)]
struct LiveFk {
    columns: Vec<String>,
    table: String,
    /// Empty when the REFERENCES clause names no columns.
    ref_columns: Vec<String>,
    on_update: String,
    on_delete: String,
}

fn foreign_keys(
    conn: &Connection,
    schema: &Schema,
    t: &Table,
    say: &mut impl FnMut(String),
) -> DbResult<()> {
    let rows = pragma(
        conn,
        "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete \
         FROM pragma_foreign_key_list(?1, 'main') ORDER BY id, seq",
        &t.name.name,
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    let mut live: Vec<(i64, LiveFk)> = Vec::new();
    for (id, table, from, to, on_update, on_delete) in rows {
        if live.last().is_none_or(|(last, _)| *last != id) {
            live.push((
                id,
                LiveFk { columns: vec![], table, ref_columns: vec![], on_update, on_delete },
            ));
        }
        let fk = &mut live.last_mut().expect("pushed above").1;
        fk.columns.push(from);
        if let Some(to) = to {
            fk.ref_columns.push(to);
        }
    }
    let mut unmatched: Vec<LiveFk> = live.into_iter().map(|(_, fk)| fk).collect();
    for fk in &t.foreign_keys {
        let found = unmatched.iter().position(|l| {
            same_list(&l.columns, &fk.columns)
                && same(&l.table, &fk.ref_table.name)
                && (same_list(&l.ref_columns, &fk.ref_columns)
                    || (l.ref_columns.is_empty()
                        && referenced_pk(schema, &fk.ref_table)
                            .is_none_or(|pk| same_list(pk, &fk.ref_columns))))
                && same(&l.on_update, fk.on_update.sql())
                && same(&l.on_delete, fk.on_delete.sql())
        });
        match found {
            Some(i) => {
                unmatched.remove(i);
            }
            None => say(format!(
                "SQLite reports no foreign key {:?} -> {}{:?} (on update {}, on delete {}) as read",
                fk.columns,
                fk.ref_table.name,
                fk.ref_columns,
                fk.on_update.sql(),
                fk.on_delete.sql()
            )),
        }
    }
    for l in unmatched {
        say(format!("SQLite reports foreign key {l:?}, which was not read"));
    }
    Ok(())
}

fn referenced_pk<'a>(schema: &'a Schema, table: &QualifiedName) -> Option<&'a Vec<String>> {
    schema
        .tables
        .iter()
        .find(|t| same(&t.name.name, &table.name))
        .and_then(|t| t.primary_key.as_ref())
        .map(|pk| &pk.columns)
}

fn indexes(conn: &Connection, t: &Table, say: &mut impl FnMut(String)) -> DbResult<()> {
    let list = pragma(
        conn,
        "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1, 'main')",
        &t.name.name,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        },
    )?;
    let mut constraint_indexes: Vec<Vec<String>> = Vec::new();
    let mut created = 0;
    for (name, unique, origin, partial) in &list {
        let keys = pragma(
            conn,
            "SELECT cid, name, \"desc\" FROM pragma_index_xinfo(?1, 'main') \
             WHERE key = 1 ORDER BY seqno",
            name,
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, bool>(2)?)),
        )?;
        if origin != "c" {
            let cols = keys.iter().map(|(_, n, _)| n.clone().unwrap_or_default()).collect();
            if origin == "u" {
                constraint_indexes.push(cols);
            } else if origin == "pk" && t.primary_key.is_none() {
                say("SQLite reports a primary key index, but no primary key was read".into());
            }
            continue;
        }
        created += 1;
        let Some(ix) = t.indexes.iter().find(|i| &i.name == name) else {
            say(format!("SQLite reports index `{name}`, which was not read"));
            continue;
        };
        let mut ixsay = |what: String| say(format!("index `{name}`: {what}"));
        if *unique != ix.unique {
            ixsay(format!("SQLite reports UNIQUE = {unique}, read as {}", ix.unique));
        }
        if *partial != ix.predicate.is_some() {
            ixsay(format!(
                "SQLite reports partial = {partial}, read as {}",
                ix.predicate.is_some()
            ));
        }
        if keys.len() != ix.keys.len() {
            ixsay(format!("SQLite reports {} key(s), read {}", keys.len(), ix.keys.len()));
            continue;
        }
        for (i, ((cid, col, desc), k)) in keys.iter().zip(&ix.keys).enumerate() {
            let ok = match (&k.target, col) {
                // cid -2: an expression; -1: the rowid, which is a name here.
                (IndexTarget::Expr(_), None) => *cid == -2,
                (IndexTarget::Column(c), Some(n)) => same(c, n),
                _ => false,
            };
            if !ok || *desc != k.descending {
                ixsay(format!(
                    "key {} is {}{} in SQLite, read as {:?}{}",
                    i + 1,
                    col.as_deref().unwrap_or("an expression"),
                    if *desc { " DESC" } else { "" },
                    k.target,
                    if k.descending { " DESC" } else { "" }
                ));
            }
        }
    }
    if created != t.indexes.len() {
        say(format!(
            "SQLite reports {created} CREATE INDEX index(es), {} were read",
            t.indexes.len()
        ));
    }
    // SQLite makes one index per distinct UNIQUE column list, none for a
    // list equal to the primary key's.
    let pk = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    for u in &t.uniques {
        if !same_list(&u.columns, &pk)
            && !constraint_indexes.iter().any(|c| same_list(c, &u.columns))
        {
            say(format!("UNIQUE {:?} was read, but SQLite has no index for it", u.columns));
        }
    }
    for c in &constraint_indexes {
        if !t.uniques.iter().any(|u| same_list(c, &u.columns)) {
            say(format!("SQLite reports a UNIQUE constraint on {c:?}, which was not read"));
        }
    }
    Ok(())
}
