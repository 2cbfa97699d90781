//! Tokens of one SQLite schema file: tokenizing it with sqlparser's
//! tokenizer, mapping sqlparser's line:col locations to byte offsets,
//! splitting the token stream into statements (trigger bodies included), and
//! [`Cursor`], the small reading API the statement parsers use on top of
//! sqlparser's `Parser`. Every token keeps its exact byte span, so names and
//! expressions can be located and sliced from the user's source text.

use crate::{SourceFile, Span, SqlError};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};
use std::cell::Cell;

static DIALECT: SQLiteDialect = SQLiteDialect {};

/// Byte offsets of sqlparser locations (1-based line, 1-based column in
/// characters, lines split on `\n` only, as sqlparser's tokenizer counts).
pub(super) struct Locator<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    /// Last answer (line, column, byte): tokens are asked for in order, so
    /// resuming from here keeps long single-line files linear.
    last: Cell<(u64, u64, usize)>,
}

impl<'t> Locator<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator { text, line_starts, last: Cell::new((1, 1, 0)) }
    }

    pub(super) fn offset(&self, loc: Location) -> usize {
        if loc.line == 0 {
            return self.text.len();
        }
        let Some(&line_start) = self.line_starts.get(loc.line as usize - 1) else {
            return self.text.len();
        };
        let (l, c, b) = self.last.get();
        let (mut col, mut byte) = if l != loc.line {
            (1, line_start)
        } else if c <= loc.column {
            (c, b)
        } else {
            // Backwards on the same line: walk back from the last answer.
            let (mut col, mut byte) = (c, b);
            for ch in self.text[line_start..b].chars().rev() {
                if col <= loc.column {
                    break;
                }
                col -= 1;
                byte -= ch.len_utf8();
            }
            (col, byte)
        };
        for ch in self.text[byte..].chars() {
            if col >= loc.column || ch == '\n' {
                break;
            }
            col += 1;
            byte += ch.len_utf8();
        }
        self.last.set((loc.line, col, byte));
        byte
    }
}

/// Tokenize a whole file. On a tokenizer error (unterminated string or
/// quoted name), the error is returned with the tokens of the complete
/// statements before it, so they are still parsed.
pub(super) fn tokenize(file: &SourceFile, loc: &Locator) -> (Vec<TokenWithSpan>, Option<SqlError>) {
    let text = file.text.as_str();
    match Tokenizer::new(&DIALECT, text).tokenize_with_location() {
        Ok(tokens) => (tokens, None),
        Err(e) => {
            let at = loc.offset(e.location);
            let err = SqlError::new(
                file,
                Span::new(at, next_char(text, at)),
                format!("cannot read SQL: {}", lower_first(&e.message)),
            )
            .with_label("starts here")
            .with_help(
                "close the string, quoted name or comment that starts here; \
                 nothing after this point was read",
            );
            let prefix = text.get(..at).unwrap_or("");
            let mut tokens =
                Tokenizer::new(&DIALECT, prefix).tokenize_with_location().unwrap_or_default();
            // Keep whole statements only: the one the error is in is incomplete.
            let last_semi = tokens.iter().rposition(|t| t.token == Token::SemiColon);
            tokens.truncate(last_semi.map_or(0, |i| i + 1));
            (tokens, Some(err))
        }
    }
}

/// One statement's tokens (whitespace and comments included, the closing
/// `;` excluded) and the byte span from its first to its last token.
pub(super) struct Piece {
    pub tokens: Vec<TokenWithSpan>,
    pub span: Span,
}

/// Split a file's tokens on `;`. A `CREATE TRIGGER` statement runs to the
/// `;` after the `END` of its `BEGIN ... END` body, so the statements inside
/// the body do not split it.
pub(super) fn split(tokens: Vec<TokenWithSpan>, loc: &Locator) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut cur: Vec<TokenWithSpan> = Vec::new();
    let mut words: Vec<String> = Vec::new(); // leading words, upper-cased, up to 3
    let mut trigger = TriggerState::default();
    for tok in tokens {
        if tok.token == Token::SemiColon && !trigger.in_body() {
            push_piece(&mut pieces, std::mem::take(&mut cur), loc);
            words.clear();
            trigger = TriggerState::default();
            continue;
        }
        if let Token::Word(w) = &tok.token {
            if w.quote_style.is_none() {
                let upper = w.value.to_ascii_uppercase();
                if words.len() < 3 {
                    words.push(upper.clone());
                    trigger.is_trigger = is_trigger_start(&words);
                }
                if trigger.is_trigger {
                    trigger.word(&upper);
                }
            }
        }
        cur.push(tok);
    }
    push_piece(&mut pieces, cur, loc);
    pieces
}

fn is_trigger_start(words: &[String]) -> bool {
    match words {
        [c, t, ..] if c == "CREATE" && t == "TRIGGER" => true,
        [c, tmp, t] if c == "CREATE" && (tmp == "TEMP" || tmp == "TEMPORARY") && t == "TRIGGER" => {
            true
        }
        _ => false,
    }
}

#[derive(Default)]
struct TriggerState {
    is_trigger: bool,
    begun: bool,
    ended: bool,
    case_depth: usize,
}

impl TriggerState {
    fn in_body(&self) -> bool {
        self.is_trigger && self.begun && !self.ended
    }
    fn word(&mut self, upper: &str) {
        match upper {
            "BEGIN" if !self.begun => self.begun = true,
            "CASE" if self.in_body() => self.case_depth += 1,
            "END" if self.in_body() => {
                if self.case_depth > 0 {
                    self.case_depth -= 1;
                } else {
                    self.ended = true;
                }
            }
            _ => {}
        }
    }
}

fn push_piece(pieces: &mut Vec<Piece>, tokens: Vec<TokenWithSpan>, loc: &Locator) {
    let mut solid = tokens.iter().filter(|t| !is_whitespace(&t.token));
    let Some(first) = solid.next() else { return };
    let last = solid.next_back().unwrap_or(first);
    let span = Span::new(loc.offset(first.span.start), loc.offset(last.span.end));
    pieces.push(Piece { tokens, span });
}

pub(super) fn is_whitespace(t: &Token) -> bool {
    matches!(t, Token::Whitespace(_))
}

/// Whether `t` is the unquoted key word `kw` (given in upper case).
pub(super) fn is_kw(t: &Token, kw: &str) -> bool {
    matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(kw))
}

/// A name as written, unquoted, and where it is.
#[derive(Debug, Clone)]
pub(super) struct Name {
    pub value: String,
    pub span: Span,
}

/// Errors are boxed: they are the rare path, and `SqlError` is large.
pub(super) type PResult<T> = Result<T, Box<SqlError>>;

/// `Err` of a [`PResult`].
pub(super) fn fail<T>(e: SqlError) -> PResult<T> {
    Err(Box::new(e))
}

/// Reads one statement. Wraps sqlparser's `Parser` (which parses the
/// expressions and queries) and converts positions to byte spans.
pub(super) struct Cursor<'a> {
    p: Parser<'static>,
    pub file: &'a SourceFile,
    loc: &'a Locator<'a>,
    /// Span of the whole statement.
    pub stmt: Span,
    /// Name of the table or view the statement declares, once read: when
    /// the rest of the statement fails, indexes naming it are not blamed.
    pub declared: Option<String>,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(piece: Piece, file: &'a SourceFile, loc: &'a Locator<'a>) -> Self {
        let p = Parser::new(&DIALECT).with_tokens_with_locations(piece.tokens);
        Cursor { p, file, loc, stmt: piece.span, declared: None }
    }

    pub fn text(&self, span: Span) -> &'a str {
        self.file.text.get(span.start..span.end).unwrap_or("")
    }

    pub fn peek(&self) -> &Token {
        &self.p.peek_token_ref().token
    }

    pub fn peek_nth(&self, n: usize) -> &Token {
        &self.p.peek_nth_token_ref(n).token
    }

    pub fn at_end(&self) -> bool {
        *self.peek() == Token::EOF
    }

    /// Byte span of the next token (an empty span at the statement's end
    /// when there is none).
    pub fn peek_span(&self) -> Span {
        self.token_span(self.p.peek_token_ref())
    }

    fn token_span(&self, t: &TokenWithSpan) -> Span {
        if t.token == Token::EOF || t.span.start.line == 0 {
            return Span::new(self.stmt.end, self.stmt.end);
        }
        Span::new(self.loc.offset(t.span.start), self.loc.offset(t.span.end))
    }

    /// End offset of the last token consumed.
    pub fn prev_end(&self) -> usize {
        let mut i = self.p.get_current_index();
        loop {
            let t = self.p.token_at(i);
            if is_whitespace(&t.token) && i > 0 {
                i -= 1;
                continue;
            }
            return self.token_span(t).end;
        }
    }

    pub fn advance(&mut self) -> Span {
        let span = self.peek_span();
        self.p.advance_token();
        span
    }

    pub fn peek_kw(&self, kw: &str) -> bool {
        is_kw(self.peek(), kw)
    }

    pub fn peek_nth_kw(&self, n: usize, kw: &str) -> bool {
        is_kw(self.peek_nth(n), kw)
    }

    pub fn eat_kw(&mut self, kw: &str) -> bool {
        let hit = self.peek_kw(kw);
        if hit {
            self.p.advance_token();
        }
        hit
    }

    /// Consume all of `kws` in sequence, or nothing.
    pub fn eat_kws(&mut self, kws: &[&str]) -> bool {
        if kws.iter().enumerate().all(|(i, kw)| self.peek_nth_kw(i, kw)) {
            for _ in kws {
                self.p.advance_token();
            }
            true
        } else {
            false
        }
    }

    pub fn expect_kw(&mut self, kw: &str) -> PResult<Span> {
        if self.peek_kw(kw) {
            Ok(self.advance())
        } else {
            fail(self.expected(kw))
        }
    }

    pub fn eat(&mut self, t: &Token) -> bool {
        self.p.consume_token(t)
    }

    pub fn expect(&mut self, t: &Token) -> PResult<Span> {
        if self.peek() == t {
            Ok(self.advance())
        } else {
            fail(self.expected(&format!("`{t}`")))
        }
    }

    /// A name: a bare word, a quoted name (`"x"`, `` `x` ``, `[x]`), or a
    /// string literal, which SQLite also accepts as a name.
    pub fn name(&mut self, what: &str) -> PResult<Name> {
        let value = match self.peek() {
            Token::Word(w) => w.value.clone(),
            Token::SingleQuotedString(s) => s.clone(),
            _ => return fail(self.expected(what)),
        };
        let span = self.advance();
        Ok(Name { value, span })
    }

    /// The name a CREATE statement declares: `name` or `main.name` (the
    /// main database is the only one a schema file describes).
    pub fn object_name(&mut self, what: &str) -> PResult<Name> {
        let first = self.name(what)?;
        let name = if self.eat(&Token::Period) {
            let second = self.name(what)?;
            let schema = first.value.to_ascii_lowercase();
            if schema != "main" {
                let msg = if schema == "temp" {
                    "temporary objects are not part of a database schema".to_string()
                } else {
                    format!(
                        "`{}` is an attached database: sluice manages the main database only",
                        first.value
                    )
                };
                return fail(
                    self.error(first.span, msg)
                        .with_help(format!("remove the `{}.` prefix", first.value)),
                );
            }
            second
        } else {
            first
        };
        if name.value.to_ascii_lowercase().starts_with("sqlite_") {
            return fail(
                self.error(
                    name.span,
                    format!(
                        "`{}`: names starting with `sqlite_` are reserved by SQLite",
                        name.value
                    ),
                )
                .with_help("choose another name"),
            );
        }
        Ok(name)
    }

    /// `(name, name, ...)`, the opening parenthesis already consumed.
    pub fn name_list_rest(&mut self, what: &str) -> PResult<Vec<Name>> {
        let mut names = vec![self.name(what)?];
        while self.eat(&Token::Comma) {
            names.push(self.name(what)?);
        }
        self.expect(&Token::RParen)?;
        Ok(names)
    }

    /// An expression parsed by sqlparser, and the exact source span it covers.
    pub fn expr(&mut self) -> PResult<(sqlparser::ast::Expr, Span)> {
        let start = self.peek_span().start;
        let e = self.p.parse_expr().map_err(|e| self.sp_error(e))?;
        Ok((e, Span::new(start, self.prev_end())))
    }

    /// `( expr )`: the expression inside the parentheses.
    pub fn paren_expr(&mut self) -> PResult<(sqlparser::ast::Expr, Span)> {
        self.expect(&Token::LParen)?;
        let e = self.expr()?;
        self.expect(&Token::RParen)?;
        Ok(e)
    }

    /// A query (`SELECT ...`, `VALUES ...`, `WITH ...`) and its source span.
    pub fn query(&mut self) -> PResult<Span> {
        let start = self.peek_span().start;
        self.p.parse_query().map_err(|e| self.sp_error(e))?;
        Ok(Span::new(start, self.prev_end()))
    }

    /// The token at the index a backward walk of `n` solid (non-whitespace)
    /// tokens from the last consumed one reaches; for peeking behind.
    pub fn consumed_back(&self, n: usize) -> Option<(Token, Span)> {
        let mut i = self.p.get_current_index() as isize;
        let mut left = n;
        while i >= 0 {
            let t = self.p.token_at(i as usize);
            if !is_whitespace(&t.token) {
                if left == 0 {
                    return Some((t.token.clone(), self.token_span(t)));
                }
                left -= 1;
            }
            i -= 1;
        }
        None
    }

    /// "expected X, found Y" at the next token.
    pub fn expected(&self, what: &str) -> SqlError {
        let found = describe(self.peek());
        let span = self.peek_span();
        SqlError::new(self.file, span, format!("expected {what}, found {found}"))
            .with_label(format!("expected {what}"))
    }

    pub fn error(&self, span: Span, msg: impl Into<String>) -> SqlError {
        SqlError::new(self.file, span, msg)
    }

    /// A sqlparser error, located where sqlparser says (or at the next token
    /// when it gives no location, as at the end of a statement).
    pub fn sp_error(&self, e: ParserError) -> SqlError {
        let raw = match e {
            ParserError::ParserError(m) | ParserError::TokenizerError(m) => m,
            ParserError::RecursionLimitExceeded => {
                return self
                    .error(self.peek_span(), "expression nested too deeply")
                    .with_help("split the expression or remove redundant parentheses");
            }
        };
        let (msg, at) = match raw.rfind(" at Line: ") {
            Some(i) => (raw[..i].to_string(), parse_line_col(&raw[i + " at Line: ".len()..])),
            None => (raw.clone(), None),
        };
        let span = match at {
            Some((line, column)) => {
                let start = self.loc.offset(Location { line, column });
                Span::new(start, next_char(&self.file.text, start))
            }
            None => self.peek_span(),
        };
        let msg = msg.replace("Expected: ", "expected ").replace(", found: ", ", found ");
        self.error(span, format!("syntax error: {msg}"))
            .with_help("check this part of the statement against SQLite's syntax")
    }
}

fn parse_line_col(s: &str) -> Option<(u64, u64)> {
    let (line, rest) = s.split_once(", Column: ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

fn next_char(text: &str, at: usize) -> usize {
    text.get(at..).and_then(|r| r.chars().next()).map_or(at, |c| at + c.len_utf8())
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A token as named in messages.
pub(super) fn describe(t: &Token) -> String {
    match t {
        Token::EOF => "the end of the statement".to_string(),
        Token::Whitespace(Whitespace::Newline) => "a line break".to_string(),
        other => format!("`{other}`"),
    }
}
