//! Canonical forms of PostgreSQL expressions, shared by the parser and by
//! introspection, so that what a user writes and what the server prints
//! back for it compare equal.
//!
//! PostgreSQL stores expressions analysed and prints them its own way:
//! `CHECK (a IN ('x', 'y'))` comes back as `a = ANY (ARRAY['x'::text,
//! 'y'::text])`, `DEFAULT 'x'` on an enum column as `'x'::mood`, `LIKE` as
//! `~~`, `date '2024-01-01'` as `'2024-01-01'::date`. [`canonicalize`]
//! rewrites every expression of a normalized schema into one form, using
//! only rewrites that keep the meaning (see [`casts`] and [`rules`]): casts the server
//! would infer are dropped (literal casts to the type of the column they
//! are compared with or assigned to, to `text`, a varchar column's cast to
//! `text`), exact synonyms folded (`~~` is `like`, `= some` is `= any`, a
//! literal IN list is `= any (array[..])`), type names in casts spelled as
//! `format_type` does. View bodies of a single table lose the table
//! prefix PostgreSQL puts on every column. Index keys lose an operator
//! class that is the default for the column's type. pg_dump's spelling
//! of a serial column is the serial ([`serial`]).
//!
//! Both sides call it after [`sluice_schema::normalize`]; it is idempotent.

mod boolean;
mod casts;
mod rules;
mod serial;
pub(crate) mod tokens;
mod views;

use crate::expr::{print, tokenize};
use sluice_schema::{Dialect, Expr, IndexTarget, QualifiedName, Schema, SqlType, Table};
use sqlparser::tokenizer::Token;

const PG: Dialect = Dialect::Postgres;

/// From this many tables on, [`canonicalize`] works on two threads.
const PARALLEL_TABLES: usize = 256;

/// The columns an expression can name, with their types, and the schema's
/// domains (a domain-typed column compares like its base type).
pub(crate) struct Columns<'a> {
    columns: Vec<(&'a str, &'a SqlType)>,
    domains: &'a [(QualifiedName, SqlType)],
}

impl Columns<'_> {
    fn get(&self, name: &str) -> Option<&SqlType> {
        self.columns.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// The column's type, a domain resolved to its base type.
    pub(crate) fn base_type(&self, name: &str) -> Option<&SqlType> {
        self.get(name).map(|t| self.resolve(t))
    }

    /// A domain's base type, through domains over domains.
    fn resolve<'t>(&'t self, mut ty: &'t SqlType) -> &'t SqlType {
        for _ in 0..self.domains.len() {
            let SqlType::Named { name } = ty else { break };
            match self.domains.iter().find(|(d, _)| same_name(d, name)) {
                Some((_, base)) => ty = base,
                None => break,
            }
        }
        ty
    }

    /// Whether a cast to `ty` is a cast to the column's own type (or, for a
    /// domain column, to the domain's base type).
    pub(crate) fn matches(&self, name: &str, ty: &SqlType) -> bool {
        self.get(name).is_some_and(|col| same_type(ty, col) || same_type(ty, self.resolve(col)))
    }
}

fn same_name(a: &QualifiedName, b: &QualifiedName) -> bool {
    let default = PG.default_schema();
    a.name == b.name && a.schema.as_deref().or(default) == b.schema.as_deref().or(default)
}

/// The same type up to length, precision and array dimensions (which a
/// literal's cast does not carry).
fn same_type(a: &SqlType, b: &SqlType) -> bool {
    use SqlType::*;
    let integer = |t: &SqlType| match t {
        SmallSerial => SmallInt,
        Serial => Integer,
        BigSerial => BigInt,
        t => t.clone(),
    };
    match (integer(a), integer(b)) {
        (Varchar { .. }, Varchar { .. })
        | (Char { .. }, Char { .. })
        | (Numeric { .. }, Numeric { .. })
        | (Interval { .. }, Interval { .. }) => true,
        (Timestamp { with_time_zone: x, .. }, Timestamp { with_time_zone: y, .. })
        | (Time { with_time_zone: x, .. }, Time { with_time_zone: y, .. }) => x == y,
        (Array { element: x, .. }, Array { element: y, .. }) => same_type(&x, &y),
        (Named { name: x }, Named { name: y }) => same_name(&x, &y),
        (Other { name: x }, Other { name: y }) => x.split('(').next() == y.split('(').next(),
        (x, y) => x == y,
    }
}

/// Rewrite every expression of a normalized PostgreSQL schema into its
/// canonical form. Other dialects are left alone.
pub fn canonicalize(schema: &mut Schema) {
    if schema.dialect != PG {
        return;
    }
    let domains: Vec<(QualifiedName, SqlType)> =
        schema.domains.iter().map(|d| (d.name.clone(), d.ty.clone())).collect();
    // Tables are independent of each other: a large schema's are done in
    // two halves at once (each with its own memo). The work is too short
    // for a thread of its own (one started now can wait longer for a core
    // than the half takes): rayon's waiting threads take it.
    let tables = |part: &mut [Table]| {
        let mut defaults = Defaults::default();
        for t in part {
            table(t, &domains, &mut defaults);
        }
    };
    let n = schema.tables.len();
    if n >= PARALLEL_TABLES {
        let (first, second) = schema.tables.split_at_mut(n / 2);
        rayon::join(|| tables(first), || tables(second));
    } else {
        tables(&mut schema.tables);
    }
    serial::fold(schema);
    for d in &mut schema.domains {
        let ty = d.ty.clone();
        let cols = Columns { columns: vec![("value", &ty)], domains: &domains };
        d.default = d.default.take().and_then(|e| default_expr(&e, &d.ty, &cols));
        for c in &mut d.checks {
            c.expr = expr(&c.expr, &cols);
        }
    }
    // A domain over a domain takes its base's default when it names none
    // (PostgreSQL copies it): the same default written again is no change.
    let defaults: Vec<(QualifiedName, Option<Expr>)> =
        schema.domains.iter().map(|d| (d.name.clone(), d.default.clone())).collect();
    for d in &mut schema.domains {
        if let SqlType::Named { name } = &d.ty {
            let base = defaults.iter().find(|(n, _)| same_name(n, name));
            if base.is_some_and(|(_, default)| default.is_some() && *default == d.default) {
                d.default = None;
            }
        }
    }
    // Views read the tables while they are rewritten: split the borrow
    // rather than copying every table.
    let Schema { tables, views, .. } = schema;
    for v in views.iter_mut() {
        views::view(v, tables, &domains);
    }
}

/// Canonical column defaults already worked out, by expression text and
/// column type: a schema repeats a few defaults (`now()`, `0`, `true`)
/// thousands of times. The domains are the same for every table of one
/// schema, and a default that names none of its table's columns does not
/// depend on them, so only such defaults are kept. Keyed by text first,
/// so that a lookup copies nothing.
#[derive(Default)]
struct Defaults(crate::memo::FxHashMap<Expr, Vec<(SqlType, Option<Expr>)>>);

impl Defaults {
    fn get(&mut self, e: &Expr, ty: &SqlType, cols: &Columns) -> Option<Expr> {
        if names_any(&e.0, cols.columns.iter().map(|(name, _)| *name)) {
            return default_expr(e, ty, cols);
        }
        if let Some((_, done)) =
            self.0.get(e).and_then(|by_type| by_type.iter().find(|(t, _)| t == ty))
        {
            return done.clone();
        }
        let done = default_expr(e, ty, cols);
        self.0.entry(e.clone()).or_default().push((ty.clone(), done.clone()));
        done
    }

    /// How many (text, type) pairs are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }
}

/// Whether any of `names` occurs in `text` as a whole word, ignoring ASCII
/// case: every name a token of the expression can carry is such a word of
/// its text, quoted or not. The text is cut into words once for all names.
fn names_any<'n>(text: &str, names: impl IntoIterator<Item = &'n str> + Clone) -> bool {
    fn word(c: char) -> bool {
        c.is_alphanumeric() || matches!(c, '_' | '$')
    }
    // A quoted name with spaces or punctuation: any occurrence counts (it
    // cannot equal a word of the text, checked next).
    if names.clone().into_iter().any(|n| !n.chars().all(word) && text.contains(n)) {
        return true;
    }
    text.split(|c: char| !word(c))
        .filter(|w| !w.is_empty())
        .any(|w| names.clone().into_iter().any(|n| w.eq_ignore_ascii_case(n)))
}

fn table(t: &mut Table, domains: &[(QualifiedName, SqlType)], defaults: &mut Defaults) {
    let Table { columns, checks, indexes, .. } = t;
    // The columns' own expressions are worked out while the columns are
    // read (no copy of every name and type), then put in place.
    let mut rewritten = Vec::with_capacity(columns.len());
    {
        let cols = Columns {
            columns: columns.iter().map(|c| (c.name.as_str(), &c.ty)).collect(),
            domains,
        };
        for c in columns.iter() {
            let default = c.default.as_ref().and_then(|e| defaults.get(e, &c.ty, &cols));
            let generated = c.generated.as_ref().map(|g| expr(&g.expr, &cols));
            rewritten.push((default, generated));
        }
        for c in checks.iter_mut() {
            c.expr = expr(&c.expr, &cols);
        }
        for ix in indexes.iter_mut() {
            if let Some(p) = &ix.predicate {
                ix.predicate = Some(expr(p, &cols));
            }
            for k in &mut ix.keys {
                match &mut k.target {
                    IndexTarget::Expr(e) => *e = expr(e, &cols),
                    IndexTarget::Column(c) => {
                        let ty = cols.base_type(c);
                        let default = ty.and_then(|ty| default_opclass(ix.method.as_deref(), ty));
                        if k.opclass.is_some() && k.opclass.as_deref() == default {
                            k.opclass = None;
                        }
                    }
                }
            }
        }
    }
    for (c, (default, generated)) in columns.iter_mut().zip(rewritten) {
        c.default = default;
        if let (Some(g), Some(e)) = (&mut c.generated, generated) {
            g.expr = e;
        }
    }
}

/// The canonical text of one expression.
fn expr(e: &Expr, cols: &Columns) -> Expr {
    match tokenize(&e.0, PG) {
        Some(t) => Expr(print(&rewrite(t, cols), PG)),
        None => e.clone(),
    }
}

fn rewrite(t: Vec<Token>, cols: &Columns) -> Vec<Token> {
    let t = casts::typed_literals(t);
    let t = casts::cast_types(t);
    let t = casts::sequence_functions(t);
    let t = rules::single_token_parens(t);
    let t = rules::some_is_any(t);
    let t = rules::row_constructors(t);
    let t = rules::variadic_arrays(t);
    let t = rules::concat_parens(t);
    let t = rules::redundant_parens(t);
    let t = casts::number_constants(t);
    let t = casts::column_casts(t, cols);
    let t = casts::text_literal_casts(t);
    let t = casts::text_array_casts(t);
    let t = rules::any_array_to_in(t);
    let t = rules::single_in_to_comparison(t);
    let t = casts::compared_literal_casts(t, cols);
    let t = rules::like_operators(t);
    boolean::canonical(t)
}

/// A column's (or domain's) default: as [`expr`], then `NULL` is no
/// default, a cast of the whole value to the column's type is dropped, and
/// a string literal the column's type reads as a constant becomes that
/// constant (`'5'` on integer, `'1.5'` on numeric, `'true'` on boolean).
fn default_expr(e: &Expr, ty: &SqlType, cols: &Columns) -> Option<Expr> {
    let mut t = rewrite(tokenize(&e.0, PG)?, cols);
    while t.first() == Some(&Token::LParen) && tokens::close_of(&t, 0) == Some(t.len() - 1) {
        t = t[1..t.len() - 1].to_vec();
    }
    if tokens::is_word(t.first(), "null") && (t.len() == 1 || t.get(1) == Some(&Token::DoubleColon))
    {
        let cast_end = if t.len() == 1 { 1 } else { tokens::type_end(&t, 2) };
        if cast_end == t.len() {
            return None;
        }
    }
    if let Some(end) = primary_end(&t) {
        if t.get(end) == Some(&Token::DoubleColon) && tokens::type_end(&t, end + 1) == t.len() {
            let cast = crate::types::parse_type(&print(&t[end + 1..], PG), PG);
            let empty_array = tokens::is_word(t.first(), "array") && end == 3;
            let base = cols.resolve(ty);
            let exact = |c: &SqlType, col: &SqlType| match (c, col) {
                (SqlType::Array { dims: a, .. }, SqlType::Array { dims: b, .. }) => {
                    a == b && same_type(c, col)
                }
                _ => same_type(c, col),
            };
            if !empty_array && (exact(&cast, ty) || exact(&cast, base)) {
                t.truncate(end);
            }
        }
    }
    if let [Token::SingleQuotedString(s)] = t.as_slice() {
        if let Some(constant) = constant_of(s, cols.resolve(ty)) {
            t = constant;
        }
    }
    if let [literal] = t.as_slice() {
        if let Some(bits) = bit_string(literal) {
            t = vec![Token::SingleQuotedString(bits)];
        }
    }
    Some(Expr(print(&t, PG)))
}

/// The end of the first operand: a literal, a name, a function call, a
/// parenthesized expression or an `array[..]` constructor.
fn primary_end(t: &[Token]) -> Option<usize> {
    match t.first()? {
        Token::SingleQuotedString(_) | Token::Number(..) => Some(1),
        Token::LParen => Some(tokens::close_of(t, 0)? + 1),
        Token::Word(_) if tokens::is_word(t.first(), "array") => {
            Some(tokens::close_of(t, 1)? + 1).filter(|_| t.get(1) == Some(&Token::LBracket))
        }
        Token::Word(_) => match t.get(1) {
            Some(Token::LParen) => Some(tokens::close_of(t, 1)? + 1),
            _ => Some(1),
        },
        _ => None,
    }
}

/// The digits of a bit-string constant (`B'0101'`, `X'1F'`): assigned to a
/// bit column, the same value as the string of its bits, which is how
/// PostgreSQL prints the stored constant.
fn bit_string(t: &Token) -> Option<String> {
    match t {
        Token::SingleQuotedByteStringLiteral(b) if b.chars().all(|c| c == '0' || c == '1') => {
            Some(b.clone())
        }
        Token::HexStringLiteral(h) => h
            .chars()
            .map(|c| c.to_digit(16).map(|d| format!("{d:04b}")))
            .collect::<Option<String>>(),
        _ => None,
    }
}

/// The constant a string literal stands for in a column of type `ty`.
fn constant_of(s: &str, ty: &SqlType) -> Option<Vec<Token>> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let number = |d: &str| {
        let mut v = Vec::new();
        if negative {
            v.push(Token::Minus);
        }
        v.push(Token::Number(d.to_string(), false));
        v
    };
    match ty {
        SqlType::Integer | SqlType::Serial
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(number(digits))
        }
        SqlType::Numeric { .. } if tokens::is_float_text(digits) => Some(number(digits)),
        SqlType::Boolean => {
            let lower = s.trim().to_ascii_lowercase();
            let value = match lower.as_str() {
                "t" | "true" | "y" | "yes" | "on" | "1" => "true",
                "f" | "false" | "n" | "no" | "off" | "0" => "false",
                _ => return None,
            };
            Some(vec![Token::make_word(value, None)])
        }
        _ => None,
    }
}

/// The operator class an index key gets when none is named, for the
/// common types (`None` when not known here).
fn default_opclass(method: Option<&str>, ty: &SqlType) -> Option<&'static str> {
    use SqlType::*;
    match method.unwrap_or("btree") {
        "btree" | "hash" => Some(match ty {
            SmallInt | SmallSerial => "int2_ops",
            Integer | Serial => "int4_ops",
            BigInt | BigSerial => "int8_ops",
            Text | Varchar { .. } => "text_ops",
            Char { .. } => "bpchar_ops",
            Numeric { .. } => "numeric_ops",
            Real => "float4_ops",
            Double => "float8_ops",
            Boolean => "bool_ops",
            Date => "date_ops",
            Time { with_time_zone: false, .. } => "time_ops",
            Time { with_time_zone: true, .. } => "timetz_ops",
            Timestamp { with_time_zone: false, .. } => "timestamp_ops",
            Timestamp { with_time_zone: true, .. } => "timestamptz_ops",
            Interval { .. } => "interval_ops",
            Uuid => "uuid_ops",
            Jsonb => "jsonb_ops",
            Bytea => "bytea_ops",
            Array { .. } => "array_ops",
            _ => return None,
        }),
        "gin" => match ty {
            Jsonb => Some("jsonb_ops"),
            Array { .. } => Some("array_ops"),
            Other { name } if name == "tsvector" => Some("tsvector_ops"),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests;
