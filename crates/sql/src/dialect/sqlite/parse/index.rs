//! `CREATE [UNIQUE] INDEX` for SQLite: keys that are columns or
//! expressions, each with an optional `COLLATE` and `ASC`/`DESC`, and an
//! optional `WHERE` predicate (partial index). The index is attached to its
//! table once every file is read (see `mod.rs`), since it may come first.

use super::cursor::{fail, is_kw, Cursor, Name, PResult};
use crate::{expr, Span};
use sluice_schema::{Dialect, Index, IndexKey, IndexTarget};
use sqlparser::ast::Expr as SpExpr;
use sqlparser::tokenizer::Token;

/// A parsed `CREATE INDEX`, not yet attached to its table.
pub(super) struct IndexDecl {
    pub index: Index,
    pub name: Name,
    pub table: Name,
    /// Span of each key, parallel to `index.keys`.
    pub key_spans: Vec<Span>,
}

/// Parse the rest of `CREATE [UNIQUE] INDEX` (the key words are consumed).
pub(super) fn create_index(cur: &mut Cursor, unique: bool) -> PResult<IndexDecl> {
    cur.eat_kws(&["IF", "NOT", "EXISTS"]);
    let name = cur.object_name("an index name")?;
    cur.expect_kw("ON")?;
    let table = cur.name("a table name")?;
    if *cur.peek() == Token::Period {
        return fail(
            cur.error(table.span, "the table of an index cannot be qualified with a schema")
                .with_help(
                    "write the table's bare name (SQLite puts the schema on the index name)",
                ),
        );
    }
    cur.expect(&Token::LParen)?;
    let mut keys = Vec::new();
    let mut key_spans = Vec::new();
    loop {
        let (k, span) = key(cur)?;
        keys.push(k);
        key_spans.push(span);
        if !cur.eat(&Token::Comma) {
            break;
        }
    }
    if !cur.eat(&Token::RParen) {
        return fail(cur.expected("`,` or `)`"));
    }
    let predicate = if cur.eat_kw("WHERE") {
        let (_, span) = cur.expr()?;
        Some(expr::normalize(cur.text(span), Dialect::Sqlite))
    } else {
        None
    };
    let index = Index {
        name: name.value.clone(),
        unique,
        method: None,
        keys,
        include: Vec::new(),
        predicate,
        nulls_not_distinct: false,
        comment: None,
    };
    Ok(IndexDecl { index, name, table, key_spans })
}

/// One indexed column: `expr [COLLATE name] [ASC|DESC]`. A key that is a
/// bare (possibly quoted or parenthesized) name is a column; anything else
/// is an expression, kept as its normalized source text.
fn key(cur: &mut Cursor) -> PResult<(IndexKey, Span)> {
    let (e, span) = cur.expr()?;
    // sqlparser folds a trailing `COLLATE name` into the expression; the
    // source then ends with those two tokens, and the key is what precedes.
    let (inner, span, collation) = match e {
        SpExpr::Collate { expr, .. } => {
            let name = cur.consumed_back(0);
            let kw = cur.consumed_back(1);
            let before = cur.consumed_back(2);
            match (name, kw, before) {
                (Some((Token::Word(w), _)), Some((kw, _)), Some((_, b)))
                    if is_kw(&kw, "COLLATE") =>
                {
                    (*expr, Span::new(span.start, b.end), Some(w.value))
                }
                _ => {
                    return fail(
                        cur.error(span, "expected a single collation name after COLLATE")
                            .with_help("write `COLLATE name`, e.g. `COLLATE NOCASE`"),
                    )
                }
            }
        }
        e => (e, span, None),
    };
    let target = match column_name(&inner) {
        Some(c) => IndexTarget::Column(c.to_string()),
        None => IndexTarget::Expr(expr::normalize(cur.text(span), Dialect::Sqlite)),
    };
    let descending = if cur.eat_kw("DESC") {
        true
    } else {
        cur.eat_kw("ASC");
        false
    };
    Ok((IndexKey { target, collation, opclass: None, descending, nulls: None }, span))
}

fn column_name(e: &SpExpr) -> Option<&str> {
    match e {
        SpExpr::Identifier(id) => Some(&id.value),
        SpExpr::Nested(inner) => column_name(inner),
        _ => None,
    }
}
