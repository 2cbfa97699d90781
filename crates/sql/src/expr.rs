//! Expression normalization: one text form for default, check, generated,
//! index and view expressions, so that `DEFAULT (NOW())` and `default now()`
//! compare equal.
//!
//! The text is tokenized with sqlparser's tokenizer for the dialect; then
//! comments are dropped, unquoted words lower-cased, needlessly quoted
//! identifiers unquoted, whitespace put in one canonical layout and
//! redundant outer parentheses removed. Literals are kept verbatim.

use sluice_schema::{Dialect, Expr};
use sqlparser::dialect::{
    Dialect as SpDialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};
use sqlparser::tokenizer::{Token, Tokenizer};

pub(crate) fn sp_dialect(d: Dialect) -> Box<dyn SpDialect> {
    match d {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
    }
}

/// Words after which `(` keeps a space before it: operators and clause
/// keywords, as opposed to function names.
const SPACED_BEFORE_PAREN: &[&str] = &[
    "and", "or", "not", "in", "is", "exists", "any", "all", "some", "between", "like", "ilike",
    "then", "else", "when", "case", "as", "on", "using", "where", "select", "from", "values",
    "distinct", "with", "over", "filter", "similar", "escape", "check", "default",
];

/// Normalize an expression's text. Falls back to whitespace collapsing if
/// the tokenizer rejects the text (the parser will have reported it).
pub fn normalize(text: &str, dialect: Dialect) -> Expr {
    Expr(normalize_str(text, dialect))
}

pub fn normalize_str(text: &str, dialect: Dialect) -> String {
    match tokenize(text, dialect) {
        Some(tokens) => print(&tokens, dialect),
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The tokens of an expression without whitespace, comments and EOF;
/// `None` when no tokenizer accepts the text.
pub(crate) fn tokenize(text: &str, dialect: Dialect) -> Option<Vec<Token>> {
    let d = sp_dialect(dialect);
    let tokens = match Tokenizer::new(d.as_ref(), text).tokenize() {
        Ok(t) => t,
        Err(_) => Tokenizer::new(&GenericDialect {}, text).tokenize().ok()?,
    };
    Some(tokens.into_iter().filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF)).collect())
}

/// Tokens in the normalized text layout, redundant outer parentheses removed.
pub(crate) fn print(tokens: &[Token], dialect: Dialect) -> String {
    let tokens = strip_outer_parens(tokens);
    let mut out = String::new();
    let mut prev: Option<&Token> = None;
    let mut unary = false;
    for tok in tokens {
        let s = token_text(tok, dialect);
        if let Some(p) = prev {
            if !unary && needs_space(p, tok) {
                out.push(' ');
            }
        }
        out.push_str(&s);
        // A sign is unary where no operand precedes it: `-1`, `(-x)`, `= -1`.
        unary =
            matches!(tok, Token::Minus | Token::Plus) && prev.is_none_or(|p| !is_operand_end(p));
        prev = Some(tok);
    }
    out
}

fn strip_outer_parens(mut tokens: &[Token]) -> &[Token] {
    while tokens.len() >= 2
        && tokens[0] == Token::LParen
        && tokens[tokens.len() - 1] == Token::RParen
        && crate::canon::tokens::close_of(tokens, 0) == Some(tokens.len() - 1)
    {
        tokens = &tokens[1..tokens.len() - 1];
    }
    tokens
}

word_list!(
    /// PostgreSQL's reserved key words (the ones an identifier must be quoted
    /// to use), from the key word appendix of its documentation.
    RESERVED,
    pub(crate) fn is_keyword,
    [
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "authorization",
        "binary",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "collation",
        "column",
        "concurrently",
        "constraint",
        "create",
        "cross",
        "current_catalog",
        "current_date",
        "current_role",
        "current_schema",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "freeze",
        "from",
        "full",
        "grant",
        "group",
        "having",
        "ilike",
        "in",
        "initially",
        "inner",
        "intersect",
        "into",
        "is",
        "isnull",
        "join",
        "lateral",
        "leading",
        "left",
        "like",
        "limit",
        "localtime",
        "localtimestamp",
        "natural",
        "not",
        "notnull",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "outer",
        "overlaps",
        "placing",
        "primary",
        "references",
        "returning",
        "right",
        "select",
        "session_user",
        "similar",
        "some",
        "symmetric",
        "system_user",
        "table",
        "tablesample",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "variadic",
        "verbose",
        "when",
        "where",
        "window",
        "with",
    ]
);

/// Whether an identifier can be written without quotes in this dialect.
pub fn is_plain_identifier(name: &str) -> bool {
    // Bytes rather than characters: every byte of a non-ASCII character
    // fails the test, as the character would.
    let mut bytes = name.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_lowercase() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'$')
        && !is_keyword(name)
}

fn token_text(tok: &Token, dialect: Dialect) -> String {
    match tok {
        Token::Word(w) => match w.quote_style {
            None => w.value.to_lowercase(),
            Some(_) if is_plain_identifier(&w.value) => w.value.clone(),
            Some(_) => quote_ident(&w.value, dialect),
        },
        // MySQL reads backslashes in strings as escapes: the value (which
        // the tokenizer unescaped) is written back with them escaped, or a
        // trailing backslash would swallow the closing quote.
        Token::SingleQuotedString(s) | Token::DoubleQuotedString(s)
            if dialect == Dialect::Mysql =>
        {
            format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
        }
        Token::SingleQuotedString(s) => format!("'{}'", s.replace('\'', "''")),
        other => other.to_string(),
    }
}

pub fn quote_ident(name: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// Tokens that can end an operand (so a following `-` is binary).
fn is_operand_end(t: &Token) -> bool {
    match t {
        Token::Word(w) => {
            w.quote_style.is_some()
                || !is_keyword(&w.value.to_lowercase())
                || matches!(
                    w.value.to_lowercase().as_str(),
                    "null"
                        | "true"
                        | "false"
                        | "current_timestamp"
                        | "current_date"
                        | "current_time"
                )
        }
        Token::Number(..) | Token::RParen | Token::RBracket => true,
        t => t.to_string().starts_with('\''),
    }
}

fn is_open(t: &Token) -> bool {
    matches!(t, Token::LParen | Token::LBracket | Token::Period | Token::DoubleColon)
}

fn needs_space(prev: &Token, cur: &Token) -> bool {
    if is_open(prev) {
        return false;
    }
    match cur {
        Token::RParen | Token::RBracket | Token::Comma | Token::Period | Token::DoubleColon => {
            false
        }
        Token::LBracket => !matches!(prev, Token::Word(_) | Token::RBracket | Token::RParen),
        Token::LParen => match prev {
            Token::Word(w) if w.quote_style.is_some() => false,
            Token::Word(w) => SPACED_BEFORE_PAREN.contains(&w.value.to_lowercase().as_str()),
            _ => true,
        },
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize_str(s, Dialect::Postgres)
    }

    #[test]
    fn folds_case_space_and_parens() {
        assert_eq!(n("(NOW( ))"), "now()");
        assert_eq!(n("CURRENT_TIMESTAMP"), "current_timestamp");
        assert_eq!(n("'{}'::JSONB"), "'{}'::jsonb");
        assert_eq!(n("kind IN ('a','b')"), "kind in ('a', 'b')");
        assert_eq!(n("(a > 0) AND (b > 0)"), "(a > 0) and (b > 0)");
        assert_eq!(n("price*qty"), "price * qty");
        assert_eq!(n("\"Weird Col\" + \"plain\""), "\"Weird Col\" + plain");
        assert_eq!(n("'it''s'"), "'it''s'");
        assert_eq!(n("nextval('s'::regclass)"), "nextval('s'::regclass)");
        assert_eq!(n("ARRAY[1, 2]"), "array[1, 2]");
        assert_eq!(n("x -- trailing\n"), "x");
        assert_eq!(n("-1"), "-1");
        assert_eq!(n("a - 1"), "a - 1");
        assert_eq!(n("(- 1)"), "-1");
        assert_eq!(n("x = -1"), "x = -1");
        assert_eq!(n("f(-2, 3)"), "f(-2, 3)");
    }

    #[test]
    fn keyword_identifiers_stay_quoted() {
        assert_eq!(n("\"user\""), "\"user\"");
        assert_eq!(n("\"Mixed\""), "\"Mixed\"");
    }

    #[test]
    fn sqlite_default_paren() {
        assert_eq!(normalize_str("(datetime('now'))", Dialect::Sqlite), "datetime('now')");
    }
}
