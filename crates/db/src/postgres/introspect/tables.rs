//! Tables and their columns from the catalog rows: type (`format_type`
//! read by [`sluice_sql::types::parse_type`]), NOT NULL, default,
//! identity (with its sequence's options), stored generated expression,
//! collation when not the type's, comment; UNLOGGED and table comments.
//!
//! Serial columns: an integer column whose default is
//! `nextval('<its sequence>'::regclass)`, where that sequence is owned by
//! the column and has exactly the options `serial` gives it, reads as
//! `serial` / `bigserial` / `smallserial` without a default, and its
//! sequence is not listed: that is what `CREATE TABLE t (id serial)`
//! parses to.

use super::sequences::{ColumnKey, Sequences};
use super::types::sql_type;
use super::{comment, expr, qualified, TextRow};
use sluice_schema::{Column, Generated, Identity, Schema, SequenceOptions, SqlType, Table};
use std::collections::HashMap;

/// Read tables and columns; returns the position of each table in
/// `schema.tables` by table oid.
pub(super) fn read(
    schema: &mut Schema,
    tables: &[TextRow],
    columns: &[TextRow],
    seqs: &mut Sequences,
) -> HashMap<String, usize> {
    let mut by_oid = HashMap::new();
    for r in tables {
        let mut t = Table::new(qualified(r.str(1), r.str(2)));
        t.options.unlogged = r.bool(3);
        t.comment = comment(r, 4);
        by_oid.insert(r.str(0).to_string(), schema.tables.len());
        schema.tables.push(t);
    }
    for r in columns {
        let Some(&ti) = by_oid.get(r.str(0)) else { continue };
        let key: ColumnKey = (r.str(0).to_string(), r.int(1).unwrap_or(0));
        let column = column(r, &key, seqs);
        schema.tables[ti].columns.push(column);
    }
    by_oid
}

fn column(r: &TextRow, key: &ColumnKey, seqs: &mut Sequences) -> Column {
    let mut c = Column::new(r.str(2), sql_type(r.str(3), r.int(10)));
    c.nullable = !r.bool(4);
    c.collation = r.opt(8).map(str::to_string);
    c.comment = comment(r, 9);
    let default = r.opt(5);
    match (r.str(6), r.str(7)) {
        (identity @ ("a" | "d"), _) => {
            let options = match seqs.identity.get(key) {
                Some(p) => p.options(Some(&c.ty)),
                None => SequenceOptions::default(),
            };
            c.identity = Some(Box::new(Identity { always: identity == "a", options }));
        }
        (_, "s") => {
            c.generated = default.map(|d| Box::new(Generated { expr: expr(d), stored: true }));
        }
        _ => {
            if let Some(serial) = serial_type(&c, default, key, seqs) {
                c.ty = serial;
                seqs.take_serial(key);
            } else {
                c.default = default.map(expr);
            }
        }
    }
    c
}

/// The serial type a column is, if it is one (see the module comment).
fn serial_type(
    c: &Column,
    default: Option<&str>,
    key: &ColumnKey,
    seqs: &Sequences,
) -> Option<SqlType> {
    let serial = match c.ty {
        SqlType::SmallInt => SqlType::SmallSerial,
        SqlType::Integer => SqlType::Serial,
        SqlType::BigInt => SqlType::BigSerial,
        _ => return None,
    };
    let owned = seqs.owned(key)?;
    let nextval = format!("nextval({}::regclass)", quote_literal(&owned.regclass));
    let is_serial = !c.nullable
        && default == Some(nextval.as_str())
        && owned.params.ty == c.ty
        && owned.params.options(Some(&c.ty)) == SequenceOptions::default()
        && owned.sequence.comment.is_none();
    is_serial.then_some(serial)
}

/// A SQL string literal, as PostgreSQL's deparser writes one.
fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
