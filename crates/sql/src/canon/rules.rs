//! The rewrites of spellings and grouping: exact synonyms (`= some` is
//! `= any`, `~~` is `like`, `row(a, b)` is `(a, b)`), IN lists as
//! PostgreSQL stores them, a variadic call's argument array, and
//! parentheses that group nothing. Every rewrite keeps the meaning.

use super::tokens::{
    calls_or_lists, case_end, close_of, column_ref, has_top_level_comma, is_comparison, is_word,
    kw, literal_at,
};
use sqlparser::tokenizer::Token;

/// `(x)::t` -> `x::t` for a single name, string or unsigned number.
pub(super) fn single_token_parens(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        let single = t[i] == Token::LParen
            && t.get(i + 2) == Some(&Token::RParen)
            && t.get(i + 3) == Some(&Token::DoubleColon)
            && matches!(
                t.get(i + 1),
                Some(Token::Word(_) | Token::SingleQuotedString(_) | Token::Number(..))
            )
            && !out.last().is_some_and(calls_or_lists);
        if single {
            out.push(t[i + 1].clone());
            i += 3;
        } else {
            out.push(t[i].clone());
            i += 1;
        }
    }
    out
}

/// `= some (..)` -> `= any (..)`: the same operator.
pub(super) fn some_is_any(mut t: Vec<Token>) -> Vec<Token> {
    for i in 1..t.len() {
        if is_word(t.get(i), "some")
            && t.get(i + 1) == Some(&Token::LParen)
            && is_comparison(&t[i - 1])
        {
            t[i] = kw("any");
        }
    }
    t
}

/// `x = any (array[a, b])` -> `x in (a, b)` and `x <> all (array[..])` ->
/// `x not in (..)`: PostgreSQL stores IN lists this way.
pub(super) fn any_array_to_in(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        let negated = match (&t[i], t.get(i + 1)) {
            (Token::Eq, next) if is_word(next, "any") => Some(false),
            (Token::Neq, next) if is_word(next, "all") => Some(true),
            _ => None,
        };
        if let Some(not) = negated {
            let shape = t.get(i + 2) == Some(&Token::LParen)
                && is_word(t.get(i + 3), "array")
                && t.get(i + 4) == Some(&Token::LBracket);
            let closes = shape
                .then(|| (close_of(&t, i + 2), close_of(&t, i + 4)))
                .and_then(|(p, b)| Some((p?, b?)))
                .filter(|(p, b)| *p == b + 1 && *b > i + 5);
            if let Some((paren, bracket)) = closes {
                if not {
                    out.push(kw("not"));
                }
                out.push(kw("in"));
                out.push(Token::LParen);
                out.extend_from_slice(&t[i + 5..bracket]);
                out.push(Token::RParen);
                i = paren + 1;
                continue;
            }
        }
        out.push(t[i].clone());
        i += 1;
    }
    out
}

/// `x in (v)` -> `x = v` and `x not in (v)` -> `x <> v` for one literal or
/// column: PostgreSQL stores a one-element IN list as the comparison.
pub(super) fn single_in_to_comparison(t: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        if is_word(t.get(i), "in") && t.get(i + 1) == Some(&Token::LParen) {
            if let Some(close) = close_of(&t, i + 1) {
                let single = literal_at(&t, i + 2).map(|(e, _)| e) == Some(close)
                    || column_ref(&t, i + 2).map(|(_, e)| e) == Some(close);
                if single {
                    let not = is_word(out.last(), "not");
                    if not {
                        out.pop();
                    }
                    out.push(if not { Token::Neq } else { Token::Eq });
                    out.extend_from_slice(&t[i + 2..close]);
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push(t[i].clone());
        i += 1;
    }
    out
}

/// `~~` -> `like` and friends, when the pattern is a literal that ends the
/// comparison (so the lower precedence of LIKE cannot regroup anything).
pub(super) fn like_operators(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    for i in 0..t.len() {
        let words: &[&str] = match t[i] {
            Token::DoubleTilde => &["like"],
            Token::ExclamationMarkDoubleTilde => &["not", "like"],
            Token::DoubleTildeAsterisk => &["ilike"],
            Token::ExclamationMarkDoubleTildeAsterisk => &["not", "ilike"],
            _ => {
                out.push(t[i].clone());
                continue;
            }
        };
        let ends = literal_at(&t, i + 1).is_some_and(|(end, _)| match t.get(end) {
            None | Some(Token::RParen | Token::Comma) => true,
            Some(tok) => {
                ["and", "or", "then", "else", "when", "end"].iter().any(|w| is_word(Some(tok), w))
            }
        });
        if ends {
            out.extend(words.iter().map(|w| kw(w)));
        } else {
            out.push(t[i].clone());
        }
    }
    out
}

/// `row(a, b)` -> `(a, b)`: the same row constructor (two or more fields).
pub(super) fn row_constructors(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    for i in 0..t.len() {
        if is_word(t.get(i), "row") && t.get(i + 1) == Some(&Token::LParen) {
            if let Some(close) = close_of(&t, i + 1) {
                let mut depth = 0i32;
                let commas = t[i + 2..close]
                    .iter()
                    .filter(|tok| {
                        match tok {
                            Token::LParen | Token::LBracket => depth += 1,
                            Token::RParen | Token::RBracket => depth -= 1,
                            Token::Comma => return depth == 0,
                            _ => {}
                        }
                        false
                    })
                    .count();
                if commas > 0 {
                    continue;
                }
            }
        }
        out.push(t[i].clone());
    }
    out
}

/// `f(x, variadic array[a, b])` -> `f(x, a, b)`: the call PostgreSQL
/// prints for a variadic function given its arguments one by one.
pub(super) fn variadic_arrays(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        if is_word(t.get(i), "variadic")
            && is_word(t.get(i + 1), "array")
            && t.get(i + 2) == Some(&Token::LBracket)
        {
            if let Some(close) = close_of(&t, i + 2) {
                if t.get(close + 1) == Some(&Token::RParen) && close > i + 3 {
                    out.extend_from_slice(&t[i + 3..close]);
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push(t[i].clone());
        i += 1;
    }
    out
}

/// `(a || b) || c` -> `a || b || c`: PostgreSQL keeps the parentheses of a
/// left-nested concatenation; `||` groups to the left anyway.
pub(super) fn concat_parens(t: Vec<Token>) -> Vec<Token> {
    let mut t = t;
    let mut i = 0;
    while i < t.len() {
        let starts_operand = i == 0
            || matches!(t[i - 1], Token::LParen | Token::Comma)
            || is_word(t.get(i - 1), "select");
        if t[i] == Token::LParen && starts_operand {
            if let Some(close) = close_of(&t, i) {
                let inner = &t[i + 1..close];
                let mut depth = 0i32;
                let mut concat = false;
                let only_concat = inner.iter().all(|tok| {
                    match tok {
                        Token::LParen | Token::LBracket => depth += 1,
                        Token::RParen | Token::RBracket => depth -= 1,
                        Token::StringConcat if depth == 0 => concat = true,
                        Token::Word(w) if depth == 0 && w.quote_style.is_none() => {
                            return !crate::expr::is_keyword(&w.value.to_ascii_lowercase());
                        }
                        Token::Word(_) | Token::SingleQuotedString(_) | Token::Number(..) => {}
                        Token::Period | Token::DoubleColon => {}
                        _ if depth > 0 => {}
                        _ => return false,
                    }
                    true
                });
                if concat && only_concat && t.get(close + 1) == Some(&Token::StringConcat) {
                    t.remove(close);
                    t.remove(i);
                    continue;
                }
            }
        }
        i += 1;
    }
    t
}

/// Parentheses around a primary expression (a function call or `case ..
/// end`), or around a whole select-list item (`select (a collate "C") as
/// b`), group nothing.
pub(super) fn redundant_parens(t: Vec<Token>) -> Vec<Token> {
    let mut t = t;
    let mut i = 0;
    while i < t.len() {
        if t[i] != Token::LParen
            || i > 0 && calls_or_lists(&t[i - 1]) && !is_word(t.get(i - 1), "select")
        {
            i += 1;
            continue;
        }
        let Some(close) = close_of(&t, i) else {
            i += 1;
            continue;
        };
        let inner = &t[i + 1..close];
        let array = is_word(inner.first(), "array")
            && inner.get(1) == Some(&Token::LBracket)
            && close_of(inner, 1) == Some(inner.len() - 1);
        let primary = array
            || match inner.first() {
                Some(Token::Word(_)) if is_word(inner.first(), "case") => {
                    is_word(inner.last(), "end") && case_end(inner) == Some(inner.len() - 1)
                }
                Some(Token::Word(w))
                    if w.quote_style.is_some()
                        || !crate::expr::is_keyword(&w.value.to_ascii_lowercase()) =>
                {
                    inner.get(1) == Some(&Token::LParen)
                        && close_of(inner, 1) == Some(inner.len() - 1)
                }
                _ => false,
            };
        let select_item = (i > 0 && (t[i - 1] == Token::Comma || is_word(t.get(i - 1), "select")))
            && (is_word(t.get(close + 1), "as") || is_word(t.get(close + 1), "from"))
            && !["select", "with", "values"].iter().any(|w| is_word(inner.first(), w))
            && !has_top_level_comma(inner);
        let followed_by_access = matches!(t.get(close + 1), Some(Token::Period | Token::LBracket));
        if (primary || select_item) && !followed_by_access && !inner.is_empty() {
            t.remove(close);
            t.remove(i);
            continue;
        }
        i += 1;
    }
    t
}
