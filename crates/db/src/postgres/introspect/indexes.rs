//! Indexes that are not the index of a key constraint, from the catalog
//! rows (one per key or INCLUDE column): unique, access method, keys (a
//! column, or an expression as `pg_get_indexdef(index, k, true)` prints
//! it) with collation, operator class and ordering, INCLUDE columns,
//! predicate, NULLS NOT DISTINCT and comment.
//!
//! An expression key's collation counts when it differs from the
//! expression's own, which only the server knows: it shows as `COLLATE`
//! after that key in the whole index definition, read from there.

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
        let (target, collation) = match r.opt(10) {
            Some(column) => {
                (IndexTarget::Column(column.to_string()), r.opt(12).map(str::to_string))
            }
            None => (
                IndexTarget::Expr(expr(r.str(11))),
                expression_collation(r.str(15), r.str(4), position as usize, r.str(11)),
            ),
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
            collation,
            opclass: r.opt(13).map(str::to_string),
            descending,
            nulls,
        });
    }
    if let Some((t, _, ix)) = current {
        schema.tables[t].indexes.push(ix);
    }
}

/// The `COLLATE` written after key `position` (from 1) in a whole index
/// definition `... USING method (key, ...) ...`, whose text without the
/// collation is `key`.
fn expression_collation(def: &str, method: &str, position: usize, key: &str) -> Option<String> {
    let marker = format!(" USING {method} (");
    let open = def.find(&marker)? + marker.len() - 1;
    let keys = split_list(&def[open..]);
    let written = keys.get(position.checked_sub(1)?)?.trim();
    let rest = written.strip_prefix(key)?.trim_start();
    let name = rest.strip_prefix("COLLATE ")?;
    let name = name.split_whitespace().next()?;
    Some(sluice_sql::types::split_qualified(name).join("."))
}

/// The items of the parenthesized list `text` starts with, split at its
/// top-level commas (quotes and nested parentheses respected).
fn split_list(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut start = 1;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    items.push(&text[start..i]);
                    return items;
                }
            }
            (None, ',') if depth == 1 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::expression_collation;

    #[test]
    fn collation_of_an_expression_key() {
        let def = "CREATE INDEX i ON public.t USING btree (lower(a), (a || ','::text) COLLATE \"C\" DESC, b) WHERE a <> ')'::text";
        assert_eq!(expression_collation(def, "btree", 1, "lower(a)"), None);
        assert_eq!(expression_collation(def, "btree", 2, "(a || ','::text)").as_deref(), Some("C"));
        assert_eq!(expression_collation(def, "btree", 3, "b"), None);
        assert_eq!(expression_collation(def, "gin", 1, "lower(a)"), None);
    }
}
