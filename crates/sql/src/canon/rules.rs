//! The rewrites of canonical PostgreSQL expressions, each on the token list
//! of an expression already in [`crate::expr`]'s normalized form. Every
//! rewrite keeps the meaning: it only removes what PostgreSQL would infer
//! anyway or replaces a spelling by its exact synonym.

use super::Columns;
use crate::types::parse_type;
use sluice_schema::{Dialect, SqlType};
use sqlparser::tokenizer::Token;

const PG: Dialect = Dialect::Postgres;

/// Single-word type names that introduce a typed literal (`date '...'`).
/// `interval` is not among them: its field words change the value.
const TYPED_LITERAL_TYPES: &[&str] = &[
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "timetz",
    "uuid",
    "json",
    "jsonb",
    "numeric",
    "decimal",
    "int",
    "integer",
    "int2",
    "int4",
    "int8",
    "smallint",
    "bigint",
    "boolean",
    "bool",
    "text",
    "varchar",
    "real",
    "float4",
    "float8",
    "bytea",
    "inet",
    "cidr",
    "macaddr",
    "money",
];

pub(super) fn word(t: &Token) -> Option<&str> {
    match t {
        Token::Word(w) if w.quote_style.is_none() => Some(w.value.as_str()),
        _ => None,
    }
}

pub(super) fn is_word(t: Option<&Token>, w: &str) -> bool {
    t.and_then(word).is_some_and(|v| v.eq_ignore_ascii_case(w))
}

fn kw(w: &str) -> Token {
    Token::make_word(w, None)
}

/// Index of the bracket closing the one at `open` (same kind).
pub(super) fn close_of(t: &[Token], open: usize) -> Option<usize> {
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

/// A type name as PostgreSQL's `format_type` spells it (`int` ->
/// `integer`, `timestamp` -> `timestamp without time zone`); other names
/// unchanged.
fn canonical_type_tokens(t: &[Token]) -> Vec<Token> {
    let text = crate::expr::print(t, PG);
    let (base, arrays) = match text.find('[') {
        Some(i) => (&text[..i], &text[i..]),
        None => (text.as_str(), ""),
    };
    let (head, args, tail) = match (base.find('('), base.find(')')) {
        (Some(o), Some(c)) if c > o => (&base[..o], &base[o..=c], base[c + 1..].trim()),
        _ => (base, "", ""),
    };
    let head = head.trim();
    let (name, zone) = match head {
        "int" | "int4" => ("integer", tail),
        "int8" => ("bigint", tail),
        "int2" => ("smallint", tail),
        "bool" => ("boolean", tail),
        "float8" => ("double precision", tail),
        "float4" => ("real", tail),
        "decimal" => ("numeric", tail),
        "varchar" | "char varying" => ("character varying", tail),
        "timestamptz" => ("timestamp", "with time zone"),
        "timetz" => ("time", "with time zone"),
        "timestamp" | "time" if tail.is_empty() => (head, "without time zone"),
        "timestamp with time zone" | "time with time zone" => {
            (&head[..head.len() - 15], "with time zone")
        }
        "timestamp without time zone" | "time without time zone" => {
            (&head[..head.len() - 18], "without time zone")
        }
        _ => return t.to_vec(),
    };
    let mut canonical = format!("{name}{args}");
    if !zone.is_empty() {
        canonical.push(' ');
        canonical.push_str(zone);
    }
    canonical.push_str(arrays);
    crate::expr::tokenize(&canonical, PG).unwrap_or_else(|| t.to_vec())
}

/// `date '2024-01-01'` -> `'2024-01-01'::date`.
pub(super) fn typed_literals(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        let lower = t.get(i).and_then(word).map(str::to_ascii_lowercase).unwrap_or_default();
        // `double precision '1.5'`: the type is two words.
        let type_words =
            if lower == "double" && is_word(t.get(i + 1), "precision") { 2 } else { 1 };
        let string = matches!(t.get(i + type_words), Some(Token::SingleQuotedString(_)));
        let known = TYPED_LITERAL_TYPES.contains(&lower.as_str())
            || type_words == 2
            // `interval '1' day`: the field word changes the value; keep it.
            || (lower == "interval" && !is_field_word(t.get(i + 2)));
        let is_typed =
            string && known && !matches!(out.last(), Some(Token::DoubleColon | Token::Period));
        if is_typed {
            out.push(t[i + type_words].clone());
            out.push(Token::DoubleColon);
            out.extend_from_slice(&t[i..i + type_words]);
            i += type_words + 1;
        } else {
            out.push(t[i].clone());
            i += 1;
        }
    }
    out
}

fn is_field_word(t: Option<&Token>) -> bool {
    ["year", "month", "day", "hour", "minute", "second"].iter().any(|w| is_word(t, w))
}

/// Every type after `::` in its canonical spelling.
pub(super) fn cast_types(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        out.push(t[i].clone());
        if t[i] == Token::DoubleColon {
            let end = type_end(&t, i + 1);
            if end > i + 1 {
                out.extend(canonical_type_tokens(&t[i + 1..end]));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

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

/// Whether `(` after this token opens an argument or value list (a
/// function call, `in (..)`, `any (..)`) rather than a parenthesized value.
fn calls_or_lists(t: &Token) -> bool {
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

pub(super) fn is_comparison(t: &Token) -> bool {
    matches!(t, Token::Eq | Token::Neq | Token::Lt | Token::Gt | Token::LtEq | Token::GtEq)
}

/// `'-5'::integer` -> `-5` and `'1.5'::numeric` -> `1.5`: the constants
/// these literals denote without a cast.
pub(super) fn number_constants(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        if let (Some(Token::SingleQuotedString(s)), Some(Token::DoubleColon)) =
            (t.get(i), t.get(i + 1))
        {
            let ty = t.get(i + 2).and_then(word).unwrap_or("");
            let plain_end = !matches!(t.get(i + 3), Some(Token::LBracket | Token::LParen));
            let (negative, digits) = match s.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, s.as_str()),
            };
            let is_int = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            let is_float = is_float_text(digits);
            if plain_end && ((ty == "integer" && is_int) || (ty == "numeric" && is_float)) {
                if negative {
                    out.push(Token::Minus);
                }
                out.push(Token::Number(digits.to_string(), false));
                i += 3;
                continue;
            }
        }
        out.push(t[i].clone());
        i += 1;
    }
    out
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

/// `col::text` -> `col` for a `varchar` column: varchar has no operators of
/// its own, PostgreSQL inserts this cast wherever one is used. Also a cast
/// of a column to its own type without a length (PostgreSQL drops it).
pub(super) fn column_casts(t: Vec<Token>, cols: &Columns) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        if let Some((name, end)) = column_ref(&t, i) {
            let mut next = end;
            if t.get(end) == Some(&Token::DoubleColon) {
                let ty_end = type_end(&t, end + 1);
                let ty_text = crate::expr::print(&t[end + 1..ty_end], PG);
                let is_varchar = matches!(cols.base_type(&name), Some(SqlType::Varchar { .. }));
                let ty = parse_type(&ty_text, PG);
                let own = !ty_text.contains('(') && cols.matches(&name, &ty);
                let last = !matches!(t.get(ty_end), Some(Token::DoubleColon | Token::LBracket));
                if last && ((is_varchar && ty_text == "text") || own) {
                    next = ty_end;
                }
            }
            out.extend_from_slice(&t[i..end]);
            i = next;
            continue;
        }
        out.push(t[i].clone());
        i += 1;
    }
    out
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

/// `'x'::text` -> `'x'` (also `character varying`): an untyped string is
/// resolved to text wherever PostgreSQL printed this cast.
pub(super) fn text_literal_casts(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        if matches!(t[i], Token::SingleQuotedString(_)) && t.get(i + 1) == Some(&Token::DoubleColon)
        {
            // `'x'::character varying::text` is `'x'::text`: the same value.
            let mut end = i + 1;
            let mut all_text = true;
            while t.get(end) == Some(&Token::DoubleColon) {
                let ty_end = type_end(&t, end + 1);
                let ty = crate::expr::print(&t[end + 1..ty_end], PG);
                all_text &= ty == "text" || ty == "character varying";
                end = ty_end;
            }
            let ends_operand = t.get(end) != Some(&Token::LBracket);
            if ends_operand && all_text && end > i + 1 {
                out.push(t[i].clone());
                i = end;
                continue;
            }
        }
        out.push(t[i].clone());
        i += 1;
    }
    out
}

/// `col = 'x'::T` / `'x'::T < col` / `col in ('x'::T, ..)` -> without the
/// cast when `T` is the column's type: the literal is resolved to it anyway.
pub(super) fn compared_literal_casts(t: Vec<Token>, cols: &Columns) -> Vec<Token> {
    let mut drop = vec![false; t.len()];
    let mark = |drop: &mut Vec<bool>, t: &[Token], lit: usize, col: &str| {
        let Some((end, Some(cast))) = literal_at(t, lit) else { return };
        if matches!(t.get(end), Some(Token::DoubleColon | Token::LBracket)) {
            return;
        }
        let ty = parse_type(&crate::expr::print(&t[cast + 1..end], PG), PG);
        if cols.matches(col, &ty) {
            drop[cast..end].iter_mut().for_each(|d| *d = true);
        }
    };
    for i in 0..t.len() {
        // col <op> literal, col in (literals)
        if let Some((name, end)) = column_ref(&t, i) {
            if t.get(end).is_some_and(is_comparison) {
                mark(&mut drop, &t, end + 1, &name);
            }
            let (in_at, not) =
                if is_word(t.get(end), "not") { (end + 1, true) } else { (end, false) };
            if is_word(t.get(in_at), "in") && t.get(in_at + 1) == Some(&Token::LParen) {
                let _ = not;
                if let Some(close) = close_of(&t, in_at + 1) {
                    let mut k = in_at + 2;
                    while k < close {
                        mark(&mut drop, &t, k, &name);
                        let next = literal_at(&t, k).map_or(k + 1, |(e, _)| e);
                        k = if t.get(next) == Some(&Token::Comma) { next + 1 } else { close };
                    }
                }
            }
        }
        // literal <op> col
        if let Some((end, Some(_))) = literal_at(&t, i) {
            let starts_operand = i == 0 || !matches!(t[i - 1], Token::DoubleColon | Token::Period);
            if starts_operand && t.get(end).is_some_and(is_comparison) {
                if let Some((name, col_end)) = column_ref(&t, end + 1) {
                    let after = t.get(col_end);
                    if !matches!(after, Some(Token::DoubleColon | Token::LBracket)) {
                        mark(&mut drop, &t, i, &name);
                    }
                }
            }
        }
    }
    t.into_iter().zip(drop).filter(|(_, d)| !d).map(|(t, _)| t).collect()
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

/// Index of the `end` closing the `case` at 0.
fn case_end(t: &[Token]) -> Option<usize> {
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

fn has_top_level_comma(t: &[Token]) -> bool {
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

/// `nextval('s')` -> `nextval('s'::regclass)` (also `currval`, `setval`):
/// the argument is a regclass, PostgreSQL prints the cast.
pub(super) fn sequence_functions(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    for (i, tok) in t.iter().enumerate() {
        out.push(tok.clone());
        let call =
            ["nextval", "currval", "setval"].iter().any(|f| is_word(t.get(i.wrapping_sub(2)), f))
                && i >= 2
                && t[i - 1] == Token::LParen;
        if call
            && matches!(tok, Token::SingleQuotedString(_))
            && t.get(i + 1) != Some(&Token::DoubleColon)
        {
            out.push(Token::DoubleColon);
            out.push(Token::make_word("regclass", None));
        }
    }
    out
}

/// `array['a', 'b']::text[]` -> `array['a', 'b']`: an array of untyped
/// strings is a text array already (PostgreSQL prints this cast for an IN
/// list on a varchar column).
pub(super) fn text_array_casts(t: Vec<Token>) -> Vec<Token> {
    let mut t = t;
    let mut i = 0;
    while i < t.len() {
        if is_word(t.get(i), "array") && t.get(i + 1) == Some(&Token::LBracket) {
            if let Some(close) = close_of(&t, i + 1) {
                let items = &t[i + 2..close];
                let strings = !items.is_empty()
                    && items.iter().enumerate().all(|(k, tok)| {
                        if k % 2 == 0 {
                            matches!(tok, Token::SingleQuotedString(_))
                        } else {
                            *tok == Token::Comma
                        }
                    });
                if strings && t.get(close + 1) == Some(&Token::DoubleColon) {
                    let end = type_end(&t, close + 2);
                    let ty = crate::expr::print(&t[close + 2..end], PG);
                    let last = !matches!(t.get(end), Some(Token::DoubleColon | Token::LBracket));
                    if last && (ty == "text[]" || ty == "character varying[]") {
                        t.drain(close + 1..end);
                    }
                }
            }
        }
        i += 1;
    }
    t
}
