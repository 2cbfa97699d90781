//! Canonical view bodies. PostgreSQL prints a view's query with every
//! column prefixed by its table and every select-list item that is not a
//! plain column named with `AS` (the view's column list, when one was
//! given, becomes those names). For a query over one table the prefixes
//! are dropped; for a plain select list each item gets exactly the `AS`
//! PostgreSQL would print, and the column list moves into it.

use super::{rewrite, same_name, tokens, Columns, PG};
use crate::expr::{print, tokenize};
use sluice_schema::{QualifiedName, SqlType, Table, View};
use sqlparser::tokenizer::Token;

/// A view over one table: its columns are named without the table prefix
/// PostgreSQL writes on each, and compared literals lose casts to their
/// column's type.
pub(super) fn view(v: &mut View, tables: &[Table], domains: &[(QualifiedName, SqlType)]) {
    let Some(t) = tokenize(&v.definition, PG) else { return };
    let (t, table) = match single_relation(&t) {
        Some((relation, label, from)) => {
            let mut out: Vec<Token> = Vec::with_capacity(t.len());
            let mut i = 0;
            while i < t.len() {
                let prefix = matches!(&t[i], Token::Word(w) if w.value == label)
                    && t.get(i + 1) == Some(&Token::Period)
                    && matches!(t.get(i + 2), Some(Token::Word(_)))
                    && !matches!(out.last(), Some(Token::Period))
                    && i != from + 1;
                if prefix {
                    i += 2;
                    continue;
                }
                out.push(t[i].clone());
                i += 1;
            }
            (out, tables.iter().find(|t| same_name(&t.name, &relation)))
        }
        None => (t, None),
    };
    let cols = Columns {
        columns: table
            .map(|t| t.columns.iter().map(|c| (c.name.as_str(), &c.ty)).collect())
            .unwrap_or_default(),
        domains,
    };
    let mut t = rewrite(t, &cols);
    if let Some(named) = name_select_list(&t, &v.columns) {
        t = named;
        v.columns.clear();
    }
    // `where (condition)` at the end: the parentheses group nothing.
    if let Some(w) = t.iter().rposition(|x| tokens::is_word(Some(x), "where")) {
        if t.get(w + 1) == Some(&Token::LParen) && tokens::close_of(&t, w + 1) == Some(t.len() - 1)
        {
            t.pop();
            t.remove(w + 1);
        }
    }
    v.definition = print(&t, PG);
}

/// `select .. from [schema.]name [[as] alias] [where ..]` without joins,
/// subqueries or set operations: the relation and the label its columns
/// are prefixed with, and where the FROM keyword is.
fn single_relation(t: &[Token]) -> Option<(QualifiedName, String, usize)> {
    let words = |w: &str| t.iter().filter(|x| tokens::is_word(Some(x), w)).count();
    let mut depth = 0i32;
    let mut top_from = 0;
    for x in t {
        match x {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ if depth == 0 && tokens::is_word(Some(x), "from") => top_from += 1,
            _ => {}
        }
    }
    if !tokens::is_word(t.first(), "select")
        || words("select") != 1
        || top_from != 1
        || ["join", "union", "intersect", "except", "lateral"].iter().any(|w| words(w) > 0)
    {
        return None;
    }
    let mut depth = 0i32;
    let from = t.iter().position(|x| {
        match x {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ => {}
        }
        depth == 0 && tokens::is_word(Some(x), "from")
    })?;
    let name_word = |i: usize| match t.get(i) {
        Some(Token::Word(w)) => Some(w.value.clone()),
        _ => None,
    };
    let mut i = from + 1;
    let mut relation = QualifiedName::bare(&name_word(i)?);
    i += 1;
    if t.get(i) == Some(&Token::Period) {
        relation = QualifiedName::new(Some(&relation.name), &name_word(i + 1)?);
        i += 2;
    }
    let mut label = relation.name.clone();
    if tokens::is_word(t.get(i), "as") {
        i += 1;
    }
    let clause = ["where", "group", "order", "limit", "offset", "having", "window", "fetch"];
    if let Some(Token::Word(w)) = t.get(i) {
        if !clause.iter().any(|c| tokens::is_word(t.get(i), c)) {
            label = w.value.clone();
            i += 1;
        }
    }
    match t.get(i) {
        None => Some((relation, label, from)),
        Some(_) if clause.iter().any(|c| tokens::is_word(t.get(i), c)) => {
            Some((relation, label, from))
        }
        _ => None,
    }
}

/// The select list with each item named as PostgreSQL prints it: `AS name`
/// unless the item is a column of that name; `names` (the view's column
/// list) override the items' own names. `None` when the query is not a
/// plain `select item, .. [from ..]`.
fn name_select_list(t: &[Token], names: &[String]) -> Option<Vec<Token>> {
    if !tokens::is_word(t.first(), "select") || tokens::is_word(t.get(1), "distinct") {
        return None;
    }
    // The select list ends at the first depth-0 clause keyword.
    let enders = [
        "from",
        "where",
        "group",
        "having",
        "order",
        "limit",
        "union",
        "intersect",
        "except",
        "window",
        "offset",
        "fetch",
        "into",
    ];
    let mut depth = 0i32;
    let mut end = t.len();
    let mut commas = Vec::new();
    for (i, x) in t.iter().enumerate().skip(1) {
        match x {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth -= 1,
            _ if tokens::is_word(Some(x), "case") => depth += 1,
            _ if tokens::is_word(Some(x), "end") => depth -= 1,
            Token::Comma if depth == 0 => commas.push(i),
            _ if depth == 0 && enders.iter().any(|e| tokens::is_word(Some(x), e)) => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let mut bounds = vec![1];
    bounds.extend(commas.iter().map(|c| c + 1));
    let mut items: Vec<&[Token]> = Vec::new();
    for (k, &start) in bounds.iter().enumerate() {
        let stop = commas.get(k).copied().unwrap_or(end);
        items.push(&t[start..stop]);
    }
    if !names.is_empty() && names.len() != items.len() {
        return None;
    }
    let mut out = vec![t[0].clone()];
    for (k, item) in items.iter().enumerate() {
        if item.is_empty() || item.contains(&Token::Mul) && item.len() <= 3 {
            return None; // `*` or `t.*`
        }
        let (expr, alias) = match item {
            [expr @ .., a, Token::Word(w)]
                if tokens::is_word(Some(a), "as") && !expr.is_empty() =>
            {
                (expr, Some(w.value.clone()))
            }
            _ => (*item, None),
        };
        let name = names.get(k).cloned().or(alias).or_else(|| figure_name(expr));
        if k > 0 {
            out.push(Token::Comma);
        }
        out.extend_from_slice(expr);
        let plain_column =
            tokens::column_ref(expr, 0).filter(|(_, e)| *e == expr.len()).map(|(c, _)| c);
        match name {
            Some(n) if n != "?column?" && plain_column.as_deref() != Some(n.as_str()) => {
                let quote = (!crate::expr::is_plain_identifier(&n)).then_some('"');
                out.push(Token::make_word("as", None));
                out.push(Token::make_word(&n, quote));
            }
            _ => {}
        }
    }
    out.extend_from_slice(&t[end..]);
    Some(out)
}

/// The name PostgreSQL gives an unnamed select-list item (its
/// `FigureColname`), for the shapes read here: a column, a function call,
/// a cast of either, `case`.
fn figure_name(expr: &[Token]) -> Option<String> {
    if let Some((name, end)) = tokens::column_ref(expr, 0) {
        if end == expr.len() {
            return Some(name);
        }
    }
    if tokens::is_word(expr.first(), "case") && tokens::case_end(expr) == Some(expr.len() - 1) {
        return Some("case".to_string());
    }
    // A cast names its operand: strip a trailing `::type`.
    if let Some(cast) = expr.iter().rposition(|x| *x == Token::DoubleColon) {
        if cast > 0 && tokens::type_end(expr, cast + 1) == expr.len() {
            return figure_name(&expr[..cast]).filter(|n| n != "?column?");
        }
    }
    match expr {
        [Token::Word(f), Token::LParen, .., Token::RParen]
            if tokens::close_of(expr, 1) == Some(expr.len() - 1) =>
        {
            Some(f.value.clone())
        }
        _ => None,
    }
}
