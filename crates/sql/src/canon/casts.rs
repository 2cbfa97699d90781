//! The rewrites about casts and literals: typed literals (`date '..'`)
//! as casts, type names in casts as `format_type` spells them, literal
//! casts the server infers (to `text`, or to the type of the column a
//! literal is compared with), a column's cast to its own type, the
//! constants a cast literal denotes (`'-5'::integer` is `-5`), and
//! `nextval('s')`'s implicit `regclass`.

use super::tokens::{
    close_of, column_ref, is_comparison, is_float_text, is_word, literal_at, type_end, word,
};
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
            let in_at = if is_word(t.get(end), "not") { end + 1 } else { end };
            if is_word(t.get(in_at), "in") && t.get(in_at + 1) == Some(&Token::LParen) {
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

/// `nextval('s')` -> `nextval('s'::regclass)` (also `currval`, `setval`):
/// the argument is a regclass, PostgreSQL prints the cast. `public.s` is
/// `s`: PostgreSQL prints a name on the search path bare (pg_dump
/// qualifies it).
pub(super) fn sequence_functions(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(t.len());
    for (i, tok) in t.iter().enumerate() {
        let call = i >= 2
            && t[i - 1] == Token::LParen
            && ["nextval", "currval", "setval"].iter().any(|f| is_word(t.get(i - 2), f));
        let Token::SingleQuotedString(name) = tok else {
            out.push(tok.clone());
            continue;
        };
        if !call {
            out.push(tok.clone());
            continue;
        }
        let bare = ["public.", "\"public\"."].iter().find_map(|p| name.strip_prefix(p));
        out.push(Token::SingleQuotedString(bare.unwrap_or(name).to_string()));
        if t.get(i + 1) != Some(&Token::DoubleColon) {
            out.push(Token::DoubleColon);
            out.push(Token::make_word("regclass", None));
        }
    }
    out
}
