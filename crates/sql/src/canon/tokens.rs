//! Reading the token list of an expression: words, matching brackets,
//! the extent of a type name after `::`, of a column reference and of a
//! literal operand. Shared by the rewrites in [`super::casts`] and
//! [`super::rules`].

use sqlparser::tokenizer::Token;

pub(super) fn word(t: &Token) -> Option<&str> {
    match t {
        Token::Word(w) if w.quote_style.is_none() => Some(w.value.as_str()),
        _ => None,
    }
}

pub(super) fn is_word(t: Option<&Token>, w: &str) -> bool {
    t.and_then(word).is_some_and(|v| v.eq_ignore_ascii_case(w))
}

pub(super) fn kw(w: &str) -> Token {
    Token::make_word(w, None)
}

/// Index of the bracket closing the one at `open` (same kind).
pub(crate) fn close_of(t: &[Token], open: usize) -> Option<usize> {
    let (o, c) = match t.get(open)? {
        Token::LParen => (Token::LParen, Token::RParen),
        Token::LBracket => (Token::LBracket, Token::RBracket),
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, tok) in t.iter().enumerate().skip(open) {
        if *tok == o {
            depth += 1;
        } else if *tok == c {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The end (exclusive) of a type name starting at `start` (after `::`).
pub(super) fn type_end(t: &[Token], start: usize) -> usize {
    let Some(first) = t.get(start).filter(|t| matches!(t, Token::Word(_))) else {
        return start;
    };
    let lower = word(first).map(str::to_ascii_lowercase).unwrap_or_default();
    let mut i = start + 1;
    let next_is = |i: usize, w: &str| is_word(t.get(i), w);
    match lower.as_str() {
        "character" | "char" | "bit" | "national" if next_is(i, "varying") => i += 1,
        "double" if next_is(i, "precision") => i += 1,
        "interval" => {
            while t.get(i).and_then(word).is_some_and(|w| {
                ["year", "month", "day", "hour", "minute", "second", "to"]
                    .contains(&w.to_ascii_lowercase().as_str())
            }) {
                i += 1;
            }
        }
        _ => {}
    }
    if t.get(i) == Some(&Token::Period) && matches!(t.get(i + 1), Some(Token::Word(_))) {
        i += 2;
    }
    if t.get(i) == Some(&Token::LParen) {
        match close_of(t, i) {
            Some(c) => i = c + 1,
            None => return i,
        }
    }
    if matches!(lower.as_str(), "timestamp" | "time")
        && (next_is(i, "with") || next_is(i, "without"))
        && next_is(i + 1, "time")
        && next_is(i + 2, "zone")
    {
        i += 3;
    }
    while t.get(i) == Some(&Token::LBracket) {
        match close_of(t, i) {
            Some(c) => i = c + 1,
            None => break,
        }
    }
    i
}

pub(super) fn is_comparison(t: &Token) -> bool {
    matches!(t, Token::Eq | Token::Neq | Token::Lt | Token::Gt | Token::LtEq | Token::GtEq)
}

/// Digits with a decimal point or an exponent (a numeric constant).
pub(super) fn is_float_text(s: &str) -> bool {
    let mut digits = 0;
    let mut point = false;
    let mut exponent = false;
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '.' if !point && !exponent => point = true,
            'e' | 'E' if digits > 0 && !exponent && i + 1 < s.len() => exponent = true,
            '+' | '-' if exponent => {}
            _ => return false,
        }
    }
    digits > 0 && (point || exponent)
}

/// A column reference starting at `i` (`name` or `rel.name`, not a
/// function call, not qualified further left): its name and end.
pub(super) fn column_ref(t: &[Token], i: usize) -> Option<(String, usize)> {
    let Token::Word(w) = t.get(i)? else { return None };
    if i > 0 && matches!(t[i - 1], Token::Period | Token::DoubleColon) {
        return None;
    }
    if w.quote_style.is_none() && crate::expr::is_keyword(&w.value.to_ascii_lowercase()) {
        return None;
    }
    let mut name = w.value.clone();
    let mut end = i + 1;
    while t.get(end) == Some(&Token::Period) {
        match t.get(end + 1) {
            Some(Token::Word(next)) => {
                name = next.value.clone();
                end += 2;
            }
            _ => return None,
        }
    }
    if matches!(t.get(end), Some(Token::LParen)) {
        return None;
    }
    Some((name, end))
}

/// The end of a literal operand at `i`: a string or number (a number may
/// carry a sign), with the index of its `::` cast if it has one.
pub(super) fn literal_at(t: &[Token], i: usize) -> Option<(usize, Option<usize>)> {
    let mut j = i;
    if t.get(j) == Some(&Token::Minus) {
        j += 1;
        if !matches!(t.get(j), Some(Token::Number(..))) {
            return None;
        }
    }
    if !matches!(t.get(j), Some(Token::SingleQuotedString(_) | Token::Number(..))) {
        return None;
    }
    j += 1;
    if t.get(j) == Some(&Token::DoubleColon) {
        let end = type_end(t, j + 1);
        if end > j + 1 {
            return Some((end, Some(j)));
        }
    }
    Some((j, None))
}

/// Whether `(` after this token opens an argument or value list (a
/// function call, `in (..)`, `any (..)`) rather than a parenthesized value.
pub(super) fn calls_or_lists(t: &Token) -> bool {
    match t {
        Token::Word(w) if w.quote_style.is_some() => true,
        Token::Word(w) => {
            let lower = w.value.to_ascii_lowercase();
            // `by` is not reserved but ends GROUP BY / ORDER BY.
            (!crate::expr::is_keyword(&lower) && lower != "by")
                || ["in", "any", "all", "some", "exists", "array", "values"]
                    .contains(&lower.as_str())
        }
        _ => false,
    }
}

/// Index of the `end` closing the `case` at 0.
pub(super) fn case_end(t: &[Token]) -> Option<usize> {
    let mut depth = 0i32;
    for (i, tok) in t.iter().enumerate() {
        if is_word(Some(tok), "case") {
            depth += 1;
        } else if is_word(Some(tok), "end") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

pub(super) fn has_top_level_comma(t: &[Token]) -> bool {
    let mut depth = 0i32;
    t.iter().any(|tok| {
        match tok {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth -= 1,
            Token::Comma if depth == 0 => return true,
            _ => {}
        }
        false
    })
}
