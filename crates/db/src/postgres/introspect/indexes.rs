//! Indexes that are not the index of a key constraint, from the catalog
//! rows (one per key or INCLUDE column): unique, access method, keys (a
//! column, or an expression as `pg_get_indexdef(index, k, true)` prints
//! it) with collation, operator class and ordering, INCLUDE columns,
//! predicate, NULLS NOT DISTINCT and comment.

use super::{comment, expr, TextRow};
use sluice_schema::{Index, IndexKey, IndexTarget, NullsOrder, Schema};
use std::collections::HashMap;

/// `pg_index.indoption` bits.
const INDOPTION_DESC: i64 = 1;
const INDOPTION_NULLS_FIRST: i64 = 2;

pub(super) fn read(schema: &mut Schema, rows: &[TextRow], tables: &HashMap<String, usize>) {
    let mut current: Option<(usize, String, Index)> = None;
    for r in rows {
        let Some(&ti) = tables.get(r.str(0)) else { continue };
        let index_oid = r.str(1);
        if current.as_ref().is_none_or(|(_, oid, _)| oid != index_oid) {
            if let Some((t, _, ix)) = current.take() {
                schema.tables[t].indexes.push(ix);
            }
            let ix = Index {
                name: r.str(2).to_string(),
                unique: r.bool(3),
                method: Some(r.str(4).to_string()).filter(|m| m != "btree"),
                keys: Vec::new(),
                include: Vec::new(),
                predicate: r.opt(6).map(expr),
                nulls_not_distinct: r.bool(7),
                comment: comment(r, 8),
            };
            current = Some((ti, index_oid.to_string(), ix));
        }
        let Some((_, _, ix)) = current.as_mut() else { continue };
        let position = r.int(9).unwrap_or(0);
        let key_columns = r.int(5).unwrap_or(0);
        if position > key_columns {
            ix.include.push(r.str(10).to_string());
            continue;
        }
        let target = match r.opt(10) {
            Some(column) => IndexTarget::Column(column.to_string()),
            None => IndexTarget::Expr(expr(r.str(11))),
        };
        let option = r.int(14).unwrap_or(0);
        let descending = option & INDOPTION_DESC != 0;
        let nulls_first = option & INDOPTION_NULLS_FIRST != 0;
        let nulls = match (descending, nulls_first) {
            (false, true) => Some(NullsOrder::First),
            (true, false) => Some(NullsOrder::Last),
            _ => None,
        };
        ix.keys.push(IndexKey {
            target,
            collation: r.opt(12).map(str::to_string),
            opclass: r.opt(13).map(str::to_string),
            descending,
            nulls,
        });
    }
    if let Some((t, _, ix)) = current {
        schema.tables[t].indexes.push(ix);
    }
}
