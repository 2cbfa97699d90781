//! `CREATE VIEW` for SQLite: the name, the optional column list, and the
//! query, kept as its source text in normalized form (sqlparser checks the
//! query's syntax; the text compared is the user's, not a re-rendering).

use super::cursor::{Cursor, Name, PResult};
use crate::expr;
use sluice_schema::{Dialect, QualifiedName, View};
use sqlparser::tokenizer::Token;

pub(super) struct ViewDecl {
    pub view: View,
    pub name: Name,
}

/// Parse the rest of `CREATE VIEW` (the key words are consumed).
pub(super) fn create_view(cur: &mut Cursor) -> PResult<ViewDecl> {
    cur.eat_kws(&["IF", "NOT", "EXISTS"]);
    let name = cur.object_name("a view name")?;
    cur.declared = Some(name.value.clone());
    let columns = if cur.eat(&Token::LParen) {
        cur.name_list_rest("a column name")?.into_iter().map(|n| n.value).collect()
    } else {
        Vec::new()
    };
    cur.expect_kw("AS")?;
    let span = cur.query()?;
    let view = View {
        name: QualifiedName::bare(&name.value),
        definition: expr::normalize_str(cur.text(span), Dialect::Sqlite),
        columns,
        materialized: false,
        comment: None,
    };
    Ok(ViewDecl { view, name })
}
