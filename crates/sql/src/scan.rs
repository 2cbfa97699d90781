//! A byte-level statement scanner: where each statement of a SQL script
//! starts and ends, without tokenizing it fully.
//!
//! It knows exactly what can hide a `;`: single-quoted strings (`''`
//! doubled; backslash escapes in PostgreSQL `E'..'` strings and in MySQL),
//! quoted names (`".."`; `` `..` `` in SQLite and MySQL, `[..]` in SQLite),
//! PostgreSQL dollar quotes (`$$..$$`, `$tag$..$tag$`), `--` line comments
//! (also `#` in MySQL) and `/* */` block comments (nested in PostgreSQL;
//! MySQL's `/*! .. */` hold SQL).
//! `BEGIN ... END` bodies of CREATE statements (SQLite triggers, PostgreSQL
//! `BEGIN ATOMIC`) stay whole, as do the `CASE ... END` inside them.
//!
//! The PostgreSQL rules follow squawk's lexer (the parser sluice reads
//! schema files with), so a `;` found here is one that parser sees too.
//! Used by [`crate::split`] (migration scripts) and to cut schema files into
//! pieces parsed in parallel.

use sluice_schema::Dialect;

/// One statement: `start..end` covers its first to its last token (comments
/// and whitespace around it excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scanned {
    pub start: usize,
    pub end: usize,
    /// The `;` that ends the statement, if any (the last statement of a
    /// script may have none).
    pub semi: Option<usize>,
    /// Open parentheses at that `;` (from the start of the script): 0 when
    /// the `;` ends the statement for every parser.
    pub parens: i32,
    /// The first (at most four) unquoted words, as byte ranges.
    pub words: [(usize, usize); 4],
    pub word_count: usize,
    /// A `-- sluice:no-transaction` comment came before the statement.
    pub marker: bool,
}

impl Scanned {
    pub fn words(&self) -> &[(usize, usize)] {
        &self.words[..self.word_count]
    }
}

/// A string, quoted name, dollar quote or comment that never ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanError {
    /// Where the error is located (the opening quote, or the end of input).
    pub offset: usize,
    pub message: String,
}

/// The marker comment that sends the next statement outside the transaction.
pub const NO_TRANSACTION: &str = "sluice:no-transaction";

/// What ends at a byte: how the scanner classified the token there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Semi,
    /// An unquoted word.
    Word(usize, usize),
    /// A quoted name (its text between the quotes).
    Quoted(usize, usize),
    Other,
}

/// Identifier characters, as PostgreSQL (and squawk) define them: ASCII
/// letters, `_`, and every byte of a non-ASCII character.
fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// Letters, digits, `_`, `$` and non-ASCII bytes, by table.
static IDENT_CONT: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
        i += 1;
    }
    t
};

fn is_ident_cont(b: u8) -> bool {
    IDENT_CONT[b as usize]
}

/// The end of the run of identifier characters starting at `i`.
fn ident_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_ident_cont(b[i]) {
        i += 1;
    }
    i
}

/// Whitespace between tokens.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn find_byte(hay: &[u8], from: usize, needle: u8) -> Option<usize> {
    memchr::memchr(needle, hay.get(from..)?).map(|p| from + p)
}

/// Scan `sql`, calling `each` for every statement in order. Stops at the
/// first string, name, dollar quote or comment that is never closed.
pub(crate) fn scan(
    sql: &str,
    dialect: Dialect,
    mut each: impl FnMut(&Scanned),
) -> Result<(), ScanError> {
    scan_from(sql, 0, dialect, |s| {
        each(s);
        true
    })
}

/// [`scan`] from byte `from`, which must be where a statement may start (the
/// start, or right after a `;` that ended one); `each` returns whether to go
/// on.
fn scan_from(
    sql: &str,
    from: usize,
    dialect: Dialect,
    mut each: impl FnMut(&Scanned) -> bool,
) -> Result<(), ScanError> {
    let b = sql.as_bytes();
    let pg = dialect == Dialect::Postgres;
    let mysql = dialect == Dialect::Mysql;
    let mut cur: Option<Scanned> = None;
    let mut pending_marker = false;
    // BEGIN ... END nesting, and a BEGIN waiting for the next token to tell
    // whether it opens a block (`BEGIN;`, `BEGIN TRANSACTION` do not).
    let mut depth = 0i32;
    let mut pending_begin = false;
    let mut parens = 0i32;
    let mut in_versioned_comment = false;
    // The statement being scanned starts with CREATE.
    let mut in_create = false;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        // Whitespace and comments.
        if is_space(c) {
            i += 1;
            continue;
        }
        let line_comment = (c == b'-' && b.get(i + 1) == Some(&b'-')) || (mysql && c == b'#');
        if line_comment {
            let body = if c == b'#' { i + 1 } else { i + 2 };
            let end = memchr::memchr2(b'\n', b'\r', &b[body..]).map_or(b.len(), |p| body + p);
            if cur.is_none() && sql[body..end].trim() == NO_TRANSACTION {
                pending_marker = true;
            }
            i = end;
            continue;
        }
        if mysql && c == b'/' && b.get(i + 1) == Some(&b'*') && b.get(i + 2) == Some(&b'!') {
            // MySQL's `/*!NNNNN ... */`: the body is SQL the server runs.
            i += 3;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            in_versioned_comment = true;
            continue;
        }
        if in_versioned_comment && c == b'*' && b.get(i + 1) == Some(&b'/') {
            i += 2;
            in_versioned_comment = false;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = block_comment(b, i + 2, pg).ok_or_else(|| ScanError {
                offset: b.len(),
                message: "Unexpected EOF while in a multi-line comment".into(),
            })?;
            continue;
        }

        // A token.
        let start = i;
        let tok = match c {
            b';' => {
                i += 1;
                Tok::Semi
            }
            b'\'' => {
                i = quoted(b, i + 1, b'\'', mysql).ok_or_else(|| unterminated_string(start))?;
                Tok::Other
            }
            b'"' if mysql => {
                i = quoted(b, i + 1, b'"', true).ok_or_else(|| unterminated_string(start))?;
                Tok::Other
            }
            b'"' => {
                i = quoted(b, i + 1, b'"', false).ok_or_else(|| unterminated_name(start, '"'))?;
                Tok::Quoted(start + 1, i - 1)
            }
            b'`' if !pg => {
                i = quoted(b, i + 1, b'`', false).ok_or_else(|| unterminated_name(start, '`'))?;
                Tok::Quoted(start + 1, i - 1)
            }
            b'[' if dialect == Dialect::Sqlite => {
                i = quoted(b, i + 1, b']', false).ok_or_else(|| unterminated_name(start, ']'))?;
                Tok::Quoted(start + 1, i - 1)
            }
            b'$' if pg => match dollar_tag(b, i) {
                Some(tag_end) => {
                    let tag = &b[i..tag_end];
                    i = find_tag(b, tag_end, tag).ok_or_else(|| ScanError {
                        offset: b.len(),
                        message: "Unterminated dollar-quoted string".into(),
                    })?;
                    Tok::Other
                }
                None => {
                    // A parameter: `$1`, with any letters stuck to it.
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    if i < b.len() && is_ident_start(b[i]) {
                        i = ident_end(b, i);
                    }
                    Tok::Other
                }
            },
            b'$' => {
                // A parameter (`$1`, `$name`): `$` never quotes here.
                i = ident_end(b, i + 1);
                Tok::Other
            }
            b'(' => {
                parens += 1;
                i += 1;
                Tok::Other
            }
            b')' => {
                parens -= 1;
                i += 1;
                Tok::Other
            }
            b'0'..=b'9' => {
                i = number(b, i);
                Tok::Other
            }
            c if is_ident_start(c) => {
                i = ident_end(b, i + 1);
                if pg && i == start + 1 && matches!(c, b'e' | b'E') && b.get(i) == Some(&b'\'') {
                    // E'..': backslash escapes.
                    i = quoted(b, i + 1, b'\'', true).ok_or_else(|| unterminated_string(start))?;
                    Tok::Other
                } else {
                    Tok::Word(start, i)
                }
            }
            _ => {
                i += 1;
                Tok::Other
            }
        };

        if pending_begin {
            pending_begin = false;
            let opens = match tok {
                Tok::Semi => false,
                Tok::Word(s, e) | Tok::Quoted(s, e) => {
                    !["TRANSACTION", "WORK", "DEFERRED", "IMMEDIATE", "EXCLUSIVE"]
                        .iter()
                        .any(|w| w.eq_ignore_ascii_case(&sql[s..e]))
                }
                Tok::Other => true,
            };
            if opens {
                depth += 1;
            }
        }
        if tok == Tok::Semi && depth == 0 {
            if let Some(mut s) = cur.take() {
                s.semi = Some(start);
                s.parens = parens;
                if !each(&s) {
                    return Ok(());
                }
            }
            continue;
        }
        let s = cur.get_or_insert_with(|| {
            let s = Scanned {
                start,
                end: i,
                semi: None,
                parens: 0,
                words: [(0, 0); 4],
                word_count: 0,
                marker: pending_marker,
            };
            pending_marker = false;
            in_create = false;
            s
        });
        s.end = i;
        if let Tok::Word(ws, we) = tok {
            let word = &sql[ws..we];
            if s.word_count < 4 {
                s.words[s.word_count] = (ws, we);
                s.word_count += 1;
                if s.word_count == 1 {
                    in_create = word.eq_ignore_ascii_case("CREATE");
                }
            }
            match word.len() {
                5 if in_create && word.eq_ignore_ascii_case("BEGIN") => pending_begin = true,
                4 if depth > 0 && word.eq_ignore_ascii_case("CASE") => depth += 1,
                3 if depth > 0 && word.eq_ignore_ascii_case("END") => depth -= 1,
                _ => {}
            }
        }
    }
    if let Some(mut s) = cur {
        s.parens = parens;
        each(&s);
    }
    Ok(())
}

fn unterminated_string(at: usize) -> ScanError {
    ScanError { offset: at, message: "Unterminated string literal".into() }
}

fn unterminated_name(at: usize, close: char) -> ScanError {
    ScanError { offset: at, message: format!("Expected close delimiter '{close}' before EOF.") }
}

/// The end of a quoted run that started before `from`: after the closing
/// `close` (a doubled one is part of the text; with `backslash`, `\` escapes
/// the next byte).
fn quoted(b: &[u8], mut from: usize, close: u8, backslash: bool) -> Option<usize> {
    loop {
        let at = if backslash {
            from + b.get(from..)?.iter().position(|&x| x == close || x == b'\\')?
        } else {
            find_byte(b, from, close)?
        };
        if b[at] == b'\\' {
            from = at + 2;
            continue;
        }
        if b.get(at + 1) == Some(&close) {
            from = at + 2;
            continue;
        }
        return Some(at + 1);
    }
}

/// The end of a block comment whose body starts at `from` (after `/*`).
fn block_comment(b: &[u8], mut from: usize, nested: bool) -> Option<usize> {
    let mut depth = 1;
    while from < b.len() {
        match b[from] {
            b'/' if nested && b.get(from + 1) == Some(&b'*') => {
                depth += 1;
                from += 2;
            }
            b'*' if b.get(from + 1) == Some(&b'/') => {
                depth -= 1;
                from += 2;
                if depth == 0 {
                    return Some(from);
                }
            }
            _ => from += 1,
        }
    }
    None
}

/// At a `$`: the end of a dollar-quote opening tag (`$$`, `$tag$`), or
/// `None` when the `$` starts a parameter.
fn dollar_tag(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at + 1) {
        Some(b'$') => Some(at + 2),
        Some(&c) if is_ident_start(c) => {
            let mut i = at + 2;
            while i < b.len() {
                if b[i] == b'$' {
                    return Some(i + 1);
                }
                if !is_ident_cont(b[i]) {
                    return None;
                }
                i += 1;
            }
            None
        }
        _ => None,
    }
}

/// The end of the closing `tag` at or after `from`.
fn find_tag(b: &[u8], mut from: usize, tag: &[u8]) -> Option<usize> {
    loop {
        let at = find_byte(b, from, b'$')?;
        if b[at..].starts_with(tag) {
            return Some(at + tag.len());
        }
        from = at + 1;
    }
}

/// The end of a numeric literal at `at`. Letters stuck to it are scanned as
/// a word next, which covers the same bytes as squawk's "trailing junk".
fn number(b: &[u8], at: usize) -> usize {
    let mut i = at;
    if b[at] == b'0' && matches!(b.get(at + 1), Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')) {
        // 0x1F, 0o17, 0b101.
        i += 2;
        while i < b.len() && (b[i].is_ascii_hexdigit() || b[i] == b'_') {
            i += 1;
        }
        return i;
    }
    let digits = |i: &mut usize| {
        while *i < b.len() && (b[*i].is_ascii_digit() || b[*i] == b'_') {
            *i += 1;
        }
    };
    digits(&mut i);
    if i < b.len() && b[i] == b'.' && b.get(i + 1) != Some(&b'.') {
        i += 1;
        digits(&mut i);
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < b.len() && matches!(b[j], b'+' | b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            i = j;
            digits(&mut i);
        }
    }
    i
}

/// Where a schema file can be cut after byte `from` (the start of the
/// file, or a cut): right after the first `;` at least `target` bytes on
/// that ends a statement outside any parentheses or `BEGIN ... END` body,
/// so that the pieces parse on their own. `None` when there is no such `;`
/// before the end (or the scanner cannot read that far).
pub(crate) fn next_cut(sql: &str, from: usize, dialect: Dialect, target: usize) -> Option<usize> {
    let mut cut = None;
    let _ = scan_from(sql, from, dialect, |s| {
        let end = s.semi.map_or(0, |semi| semi + 1);
        if s.parens == 0 && end >= from + target && end < sql.len() {
            cut = Some(end);
            return false;
        }
        true
    });
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stmts(sql: &str, d: Dialect) -> Vec<&str> {
        let mut out = Vec::new();
        scan(sql, d, |s| out.push(&sql[s.start..s.end])).unwrap();
        out
    }

    #[test]
    fn quotes_and_comments_hide_semicolons() {
        let sql = "select ';', \";\", $$;$$, $a$ $$;$ $a$, E'\\';', 'it''s;' -- ;\n/* ; /* ; */ ; */;\nselect 2";
        assert_eq!(stmts(sql, Dialect::Postgres).len(), 2, "{:?}", stmts(sql, Dialect::Postgres));
        // SQLite: no dollar quotes, no nested comments, brackets quote names.
        let sql = "select [a;b], `c;d` /* /* */; select 2";
        assert_eq!(stmts(sql, Dialect::Sqlite), ["select [a;b], `c;d`", "select 2"]);
    }

    #[test]
    fn words_stuck_to_dollars_are_not_quotes() {
        // `a$` is a name, `$1` a parameter, `1e5` a number: none opens a quote.
        let sql = "select a$$ from t; select $1$ ; select 2";
        assert_eq!(stmts(sql, Dialect::Postgres).len(), 3);
    }

    #[test]
    fn unterminated_runs_are_errors() {
        for (sql, at) in [("select 'x;", 7), ("select \"x;", 7), ("select $$ x;", 12), ("/* x", 4)]
        {
            let err = scan(sql, Dialect::Postgres, |_| {}).unwrap_err();
            assert_eq!(err.offset, at, "{sql}");
        }
    }

    #[test]
    fn cuts_fall_after_statements_outside_parentheses() {
        let sql = "create table a (x int);\ncreate rule r as on insert to a do (select 1; select 2);\nselect 3;\nselect 4";
        let mut cuts = Vec::new();
        while let Some(c) = next_cut(sql, cuts.last().copied().unwrap_or(0), Dialect::Postgres, 1) {
            cuts.push(c);
        }
        let ends: Vec<&str> = cuts.iter().map(|&c| &sql[..c]).map(|s| &s[s.len() - 3..]).collect();
        assert_eq!(ends, ["t);", "2);", " 3;"]);
    }
}
