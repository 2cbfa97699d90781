//! Canonical view bodies for MySQL/MariaDB. The server stores a view's
//! query rewritten (`information_schema.VIEWS.VIEW_DEFINITION`): `*`
//! expanded to the table's columns, every column prefixed with its table,
//! every select-list item named with `AS` (the view's column list becomes
//! those names), `count(*)` as `count(0)`, `true`/`false` as `1`/`0`, a join
//! in parentheses with `on(..)`. [`view`] rewrites a query, as written or as
//! read back, into one form: the parsed and the introspected view compare
//! equal, as PostgreSQL views do through `crate::canon`. Only rewrites
//! that keep the meaning are made; a query they do not cover still
//! compares by its text.

use crate::canon::tokens::close_of;
use crate::expr::{print, tokenize};
use sluice_schema::{Dialect, Table, View};
use sqlparser::tokenizer::Token;

const MY: Dialect = Dialect::Mysql;

fn kw(t: Option<&Token>, w: &str) -> bool {
    matches!(t, Some(Token::Word(x)) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w))
}

fn ident(t: Option<&Token>) -> Option<&str> {
    match t {
        Some(Token::Word(w)) => Some(w.value.as_str()),
        _ => None,
    }
}

/// Positions of the top-level (depth 0) tokens satisfying `f`.
fn top_level(t: &[Token], f: impl Fn(&Token) -> bool) -> Vec<usize> {
    let mut depth = 0i32;
    let mut out = Vec::new();
    for (i, x) in t.iter().enumerate() {
        match x {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ if depth == 0 && f(x) => out.push(i),
            _ => {}
        }
    }
    out
}

const CLAUSES: &[&str] = &["where", "group", "having", "order", "limit", "window"];

/// `count(*)` -> `count(0)`, `true`/`false` -> `1`/`0`.
fn literals(t: &mut [Token]) {
    let mut i = 0;
    while i < t.len() {
        if kw(t.get(i), "count")
            && t.get(i + 1) == Some(&Token::LParen)
            && t.get(i + 2) == Some(&Token::Mul)
            && t.get(i + 3) == Some(&Token::RParen)
        {
            t[i + 2] = Token::Number("0".into(), false);
        }
        if kw(t.get(i), "true") {
            t[i] = Token::Number("1".into(), false);
        } else if kw(t.get(i), "false") {
            t[i] = Token::Number("0".into(), false);
        }
        i += 1;
    }
}

/// `from (a join b on(x))` -> `from a join b on x`.
fn joins(t: &mut Vec<Token>) {
    let mut i = 0;
    while i < t.len() {
        let from_paren = kw(t.get(i), "from") && t.get(i + 1) == Some(&Token::LParen);
        let on_paren = kw(t.get(i), "on") && t.get(i + 1) == Some(&Token::LParen);
        if from_paren || on_paren {
            if let Some(close) = close_of(t, i + 1) {
                let inner = &t[i + 2..close];
                let is_join = inner.iter().any(|x| kw(Some(x), "join"))
                    && !inner.iter().any(|x| kw(Some(x), "select"));
                // An ON condition ends at the next clause, join or paren.
                let next = t.get(close + 1);
                let on_ends = next.is_none()
                    || next == Some(&Token::RParen)
                    || CLAUSES
                        .iter()
                        .chain(&["join", "inner", "left", "right", "cross"])
                        .any(|w| kw(next, w));
                if (from_paren && is_join) || (on_paren && on_ends) {
                    t.remove(close);
                    t.remove(i + 1);
                    continue;
                }
            }
        }
        i += 1;
    }
}

/// The single table of `select .. from t [[as] a] [clauses]`: its name,
/// the label its columns are prefixed with, and the FROM position.
fn single_relation(t: &[Token]) -> Option<(String, String, usize)> {
    if !kw(t.first(), "select")
        || t.iter().filter(|x| kw(Some(x), "select")).count() != 1
        || t.iter().any(|x| ["join", "union", "intersect", "except"].iter().any(|w| kw(Some(x), w)))
    {
        return None;
    }
    let froms = top_level(t, |x| kw(Some(x), "from"));
    let &[from] = froms.as_slice() else { return None };
    let mut i = from + 1;
    let mut name = ident(t.get(i))?.to_string();
    i += 1;
    while t.get(i) == Some(&Token::Period) {
        name = ident(t.get(i + 1))?.to_string();
        i += 2;
    }
    if kw(t.get(i), "as") {
        i += 1;
    }
    let mut label = name.clone();
    if let Some(Token::Word(w)) = t.get(i) {
        if !CLAUSES.iter().any(|c| kw(t.get(i), c)) {
            label = w.value.clone();
            i += 1;
        }
    }
    let ends = i == t.len() || CLAUSES.iter().any(|c| kw(t.get(i), c));
    ends.then_some((name, label, from))
}

/// Rewrite `v`'s definition into the canonical form (see the module).
pub(crate) fn view(v: &mut View, tables: &[Table]) {
    let Some(mut t) = tokenize(&v.definition, MY) else { return };
    literals(&mut t);
    joins(&mut t);
    if let Some((name, label, from)) = single_relation(&t) {
        // Columns without their table prefix (the FROM item keeps its name).
        let mut out: Vec<Token> = Vec::with_capacity(t.len());
        let mut i = 0;
        while i < t.len() {
            let prefix = i != from + 1
                && matches!(&t[i], Token::Word(w) if w.value == label)
                && t.get(i + 1) == Some(&Token::Period)
                && matches!(t.get(i + 2), Some(Token::Word(_)))
                && !matches!(out.last(), Some(Token::Period));
            if prefix {
                i += 2;
                continue;
            }
            out.push(t[i].clone());
            i += 1;
        }
        t = out;
        // `select *` over a table the schema declares: its columns.
        let from = top_level(&t, |x| kw(Some(x), "from"))[0];
        if from == 2 && t[1] == Token::Mul {
            if let Some(table) = tables.iter().find(|x| x.name.name.eq_ignore_ascii_case(&name)) {
                let mut cols = Vec::new();
                for (k, c) in table.columns.iter().enumerate() {
                    if k > 0 {
                        cols.push(Token::Comma);
                    }
                    cols.push(Token::make_word(&c.name, Some('`')));
                }
                t.splice(1..2, cols);
            }
        }
    }
    name_items(&mut t, &mut v.columns);
    v.definition = print(&t, MY);
}

/// Each select-list item named as the server names it: the view's column
/// list moves into `AS` names, and `col AS col` (or `t.col AS col`) is just
/// the column.
fn name_items(t: &mut Vec<Token>, columns: &mut Vec<String>) {
    if !kw(t.first(), "select") {
        return;
    }
    let Some(&from) = top_level(t, |x| kw(Some(x), "from")).first() else { return };
    let start = if kw(t.get(1), "distinct") { 2 } else { 1 };
    let mut items: Vec<Vec<Token>> = vec![Vec::new()];
    let mut depth = 0i32;
    for x in &t[start..from] {
        match x {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            Token::Comma if depth == 0 => {
                items.push(Vec::new());
                continue;
            }
            _ => {}
        }
        items.last_mut().expect("one item at least").push(x.clone());
    }
    if !columns.is_empty() && columns.len() != items.len() {
        return;
    }
    for (k, item) in items.iter_mut().enumerate() {
        let n = item.len();
        let mut alias = None;
        if n >= 3 && kw(item.get(n - 2), "as") {
            alias = ident(item.get(n - 1)).map(str::to_string);
            item.truncate(n - 2);
        }
        if let Some(c) = columns.get(k) {
            alias = Some(c.clone());
        }
        // The column an item names by itself: `c` or `t.c`.
        let own = match item.as_slice() {
            [Token::Word(w)] => Some(w.value.clone()),
            [Token::Word(_), Token::Period, Token::Word(w)] => Some(w.value.clone()),
            _ => None,
        };
        if let Some(a) = alias {
            if own.as_deref().is_none_or(|o| !o.eq_ignore_ascii_case(&a)) {
                item.push(Token::make_keyword("AS"));
                item.push(Token::make_word(&a, Some('`')));
            }
        }
    }
    columns.clear();
    let mut list = Vec::new();
    for (k, item) in items.into_iter().enumerate() {
        if k > 0 {
            list.push(Token::Comma);
        }
        list.extend(item);
    }
    t.splice(start..from, list);
}

#[cfg(test)]
mod tests {
    use super::*;
    use sluice_schema::{Column, QualifiedName, SqlType};

    fn canon(def: &str, columns: &[&str]) -> String {
        let mut users = Table::new(QualifiedName::bare("users"));
        for c in ["id", "email", "active", "team_id"] {
            users.columns.push(Column::new(c, SqlType::Integer));
        }
        let mut v = View {
            name: QualifiedName::bare("v"),
            definition: crate::expr::normalize_str(def, MY),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            materialized: false,
            comment: None,
        };
        view(&mut v, &[users]);
        assert!(v.columns.is_empty());
        v.definition
    }

    /// Each query as written, and as MariaDB 10.11 reads it back (the
    /// database qualifier stripped, as introspection does).
    #[test]
    fn written_and_stored_forms_agree() {
        for (written, cols, stored) in [
            ("select id, email from users where active = true", &[][..], "select `users`.`id` AS `id`,`users`.`email` AS `email` from `users` where `users`.`active` = 1"),
            ("select * from users", &[], "select `users`.`id` AS `id`,`users`.`email` AS `email`,`users`.`active` AS `active`,`users`.`team_id` AS `team_id` from `users`"),
            ("select id, count(*) from users group by id", &["a", "b"], "select `users`.`id` AS `a`,count(0) AS `b` from `users` group by `users`.`id`"),
            ("select team_id, count(*) as n from users where email like '%x' group by team_id having count(*) > 1 order by team_id", &[], "select `users`.`team_id` AS `team_id`,count(0) AS `n` from `users` where `users`.`email` like '%x' group by `users`.`team_id` having count(0) > 1 order by `users`.`team_id`"),
            ("select u.id, t.name as team from users u join teams t on t.id = u.team_id", &[], "select `u`.`id` AS `id`,`t`.`name` AS `team` from (`users` `u` join `teams` `t` on(`t`.`id` = `u`.`team_id`))"),
        ] {
            assert_eq!(canon(written, cols), canon(stored, &[]), "{written}");
        }
        assert_eq!(
            canon("select id, count(*) from users group by id", &["a", "b"]),
            "select id as a, count(0) as b from users group by id"
        );
        assert_eq!(
            canon(
                "SELECT u.id, t.name AS team FROM users u JOIN teams t ON (t.id = u.team_id)",
                &[]
            ),
            "select u.id, t.name as team from users u join teams t on t.id = u.team_id"
        );
        assert_eq!(
            canon("select * from users", &[]),
            "select id, email, active, team_id from users"
        );
    }
}
