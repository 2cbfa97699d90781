//! The boolean structure of an expression in one layout: `OR` of `AND`s
//! of `NOT`s of comparisons, with parentheses exactly where precedence
//! needs them. PostgreSQL prints `(a = 1) AND (b = 2) OR c` for what a user
//! writes `(a = 1 AND b = 2) OR (c)`; both become `a = 1 and b = 2 or c`.
//! Nested ANDs (and ORs) are flattened, which does not change the value.
//! `x BETWEEN a AND b` on a column and two literals is written out as
//! `x >= a and x <= b`, as PostgreSQL stores it.

use super::tokens::{close_of, column_ref, has_top_level_comma, is_word, literal_at};
use sqlparser::tokenizer::Token;

enum Node {
    Or(Vec<Node>),
    And(Vec<Node>),
    Not(Box<Node>),
    Leaf(Vec<Token>),
}

pub(super) fn canonical(t: Vec<Token>) -> Vec<Token> {
    if !t.iter().any(|x| ["and", "or", "not", "between"].iter().any(|w| is_word(Some(x), w))) {
        return t;
    }
    let mut out = Vec::with_capacity(t.len());
    emit(&parse_or(&t), &mut out);
    out
}

/// Split `t` at the depth-0 occurrences of `word`; `case .. end` nests.
/// A `between`'s own `and` does not split.
fn split(t: &[Token], word: &str) -> Vec<Vec<Token>> {
    let mut parts = vec![Vec::new()];
    let mut depth = 0i32;
    let mut pending_between = false;
    for tok in t {
        match tok {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth -= 1,
            _ if is_word(Some(tok), "case") => depth += 1,
            _ if is_word(Some(tok), "end") => depth -= 1,
            _ => {}
        }
        if depth == 0 && is_word(Some(tok), "between") {
            pending_between = true;
        }
        if depth == 0 && is_word(Some(tok), word) {
            if word == "and" && pending_between {
                pending_between = false;
            } else {
                parts.push(Vec::new());
                continue;
            }
        }
        if let Some(last) = parts.last_mut() {
            last.push(tok.clone());
        }
    }
    parts
}

fn parse_or(t: &[Token]) -> Node {
    let parts = split(t, "or");
    if parts.len() == 1 || parts.iter().any(Vec::is_empty) {
        return parse_and(t);
    }
    let mut children = Vec::new();
    for p in &parts {
        match parse_and(p) {
            Node::Or(inner) => children.extend(inner),
            n => children.push(n),
        }
    }
    Node::Or(children)
}

fn parse_and(t: &[Token]) -> Node {
    let parts = split(t, "and");
    if parts.len() == 1 || parts.iter().any(Vec::is_empty) {
        return parse_not(t);
    }
    let mut children = Vec::new();
    for p in &parts {
        match parse_not(p) {
            Node::And(inner) => children.extend(inner),
            n => children.push(n),
        }
    }
    Node::And(children)
}

fn parse_not(t: &[Token]) -> Node {
    if is_word(t.first(), "not") && t.len() > 1 {
        return Node::Not(Box::new(parse_not(&t[1..])));
    }
    // A parenthesized operand: its content is an expression of its own.
    if t.first() == Some(&Token::LParen)
        && close_of(t, 0) == Some(t.len() - 1)
        && !["select", "values", "with"].iter().any(|w| is_word(t.get(1), w))
        && !has_top_level_comma(&t[1..t.len() - 1])
    {
        return parse_or(&t[1..t.len() - 1]);
    }
    between(t).unwrap_or_else(|| Node::Leaf(t.to_vec()))
}

/// `col [not] between lit and lit`, written out.
fn between(t: &[Token]) -> Option<Node> {
    let (_, col_end) = column_ref(t, 0)?;
    let not = is_word(t.get(col_end), "not");
    let at = if not { col_end + 1 } else { col_end };
    if !is_word(t.get(at), "between") {
        return None;
    }
    let (low_end, _) = literal_at(t, at + 1)?;
    if !is_word(t.get(low_end), "and") {
        return None;
    }
    let (high_end, _) = literal_at(t, low_end + 1)?;
    if high_end != t.len() {
        return None;
    }
    let column = &t[..col_end];
    let side = |op: Token, lit: &[Token]| {
        let mut leaf = column.to_vec();
        leaf.push(op);
        leaf.extend_from_slice(lit);
        Node::Leaf(leaf)
    };
    let (low, high) = (&t[at + 1..low_end], &t[low_end + 1..high_end]);
    Some(if not {
        Node::Or(vec![side(Token::Lt, low), side(Token::Gt, high)])
    } else {
        Node::And(vec![side(Token::GtEq, low), side(Token::LtEq, high)])
    })
}

fn emit(n: &Node, out: &mut Vec<Token>) {
    let word = |w: &str| Token::make_word(w, None);
    match n {
        Node::Or(children) => {
            for (i, c) in children.iter().enumerate() {
                if i > 0 {
                    out.push(word("or"));
                }
                emit(c, out);
            }
        }
        Node::And(children) => {
            for (i, c) in children.iter().enumerate() {
                if i > 0 {
                    out.push(word("and"));
                }
                emit_grouped(c, matches!(c, Node::Or(_)), out);
            }
        }
        Node::Not(c) => {
            out.push(word("not"));
            emit_grouped(c, matches!(**c, Node::Or(_) | Node::And(_)), out);
        }
        Node::Leaf(t) => out.extend_from_slice(t),
    }
}

fn emit_grouped(n: &Node, parens: bool, out: &mut Vec<Token>) {
    if parens {
        out.push(Token::LParen);
    }
    emit(n, out);
    if parens {
        out.push(Token::RParen);
    }
}
