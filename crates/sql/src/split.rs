//! Splitting a migration script into statements, each with its byte span
//! and whether it may run inside a transaction.
//!
//! The dialect's tokenizer (sqlparser's) finds the `;` that end statements,
//! so semicolons inside strings, quoted names, dollar-quoted bodies and
//! comments never split. `BEGIN ... END` bodies (SQLite triggers,
//! PostgreSQL `BEGIN ATOMIC`) stay whole. A statement runs outside the
//! migration's transaction when the server refuses it inside one (CREATE
//! INDEX CONCURRENTLY, VACUUM, ...) or when the comment line above it says
//! `-- sluice:no-transaction`.

use crate::source::Span;
use sluice_schema::Dialect;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitStatement {
    /// The statement text without its trailing `;`, trimmed.
    pub sql: String,
    /// Where `sql` sits in the script.
    pub span: Span,
    pub transactional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct SplitError {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// The marker comment that sends the next statement outside the transaction.
pub const NO_TRANSACTION: &str = "sluice:no-transaction";

pub fn split(sql: &str, dialect: Dialect) -> Result<Vec<SplitStatement>, SplitError> {
    let d = crate::expr::sp_dialect(dialect);
    let tokens = Tokenizer::new(d.as_ref(), sql).tokenize_with_location().map_err(|e| {
        SplitError { line: e.location.line, column: e.location.column, message: e.message }
    })?;
    let offsets = line_starts(sql);
    let byte = |loc: sqlparser::tokenizer::Location| -> usize {
        let line_start =
            offsets.get(loc.line.saturating_sub(1) as usize).copied().unwrap_or(sql.len());
        let col_chars = loc.column.saturating_sub(1) as usize;
        line_start + sql[line_start..].chars().take(col_chars).map(char::len_utf8).sum::<usize>()
    };

    let mut out = Vec::new();
    let mut start: Option<usize> = None; // byte offset of the first real token
    let mut end = 0usize; // byte offset after the last real token
    let mut no_tx_marker = false;
    let mut pending_marker = false; // marker seen before the statement started
    let mut depth = 0i32; // BEGIN ... END nesting
    let mut first_words: Vec<String> = Vec::new();

    for (i, t) in tokens.iter().enumerate() {
        let here = byte(t.span.start);
        let after = byte(t.span.end);
        match &t.token {
            Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) => {
                if comment.trim() == NO_TRANSACTION && start.is_none() {
                    pending_marker = true;
                }
            }
            Token::Whitespace(_) => {}
            Token::SemiColon if depth == 0 => {
                if let Some(s) = start.take() {
                    out.push(finish(sql, s, end, &first_words, no_tx_marker, dialect));
                }
                first_words.clear();
                no_tx_marker = false;
            }
            Token::EOF => {}
            tok => {
                if start.is_none() {
                    start = Some(here);
                    no_tx_marker = pending_marker;
                    pending_marker = false;
                }
                end = after;
                if let Token::Word(w) = tok {
                    let upper = w.value.to_ascii_uppercase();
                    if w.quote_style.is_none() {
                        if first_words.len() < 4 {
                            first_words.push(upper.clone());
                        }
                        // A block opens with BEGIN inside CREATE TRIGGER / a
                        // function body, or CASE anywhere inside one.
                        let in_block_stmt = first_words.first().is_some_and(|w| w == "CREATE");
                        if upper == "BEGIN"
                            && in_block_stmt
                            && next_is_not_transaction_word(&tokens[i + 1..])
                        {
                            depth += 1;
                        } else if upper == "CASE" && depth > 0 {
                            depth += 1;
                        } else if upper == "END" && depth > 0 {
                            depth -= 1;
                        }
                    }
                }
            }
        }
    }
    if let Some(s) = start {
        out.push(finish(sql, s, end, &first_words, no_tx_marker, dialect));
    }
    Ok(out)
}

/// `BEGIN TRANSACTION` / `BEGIN;` are not blocks.
fn next_is_not_transaction_word(rest: &[sqlparser::tokenizer::TokenWithSpan]) -> bool {
    for t in rest {
        match &t.token {
            Token::Whitespace(_) => continue,
            Token::SemiColon => return false,
            Token::Word(w) => {
                let u = w.value.to_ascii_uppercase();
                return !matches!(
                    u.as_str(),
                    "TRANSACTION" | "WORK" | "DEFERRED" | "IMMEDIATE" | "EXCLUSIVE"
                );
            }
            _ => return true,
        }
    }
    false
}

fn finish(
    sql: &str,
    start: usize,
    end: usize,
    words: &[String],
    marker: bool,
    dialect: Dialect,
) -> SplitStatement {
    let text = sql[start..end].trim().to_string();
    let transactional = !marker && !needs_own_transaction(words, &text, dialect);
    SplitStatement { sql: text, span: Span::new(start, end), transactional }
}

/// Statements the server refuses inside a transaction block.
fn needs_own_transaction(words: &[String], text: &str, dialect: Dialect) -> bool {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let upper = text.to_ascii_uppercase();
    match dialect {
        Dialect::Postgres => {
            matches!(
                w.as_slice(),
                ["VACUUM", ..]
                    | ["CREATE", "DATABASE", ..]
                    | ["DROP", "DATABASE", ..]
                    | ["ALTER", "SYSTEM", ..]
                    | ["CREATE", "TABLESPACE", ..]
                    | ["DROP", "TABLESPACE", ..]
            ) || (matches!(
                w.as_slice(),
                ["CREATE", "INDEX", ..]
                    | ["CREATE", "UNIQUE", "INDEX", ..]
                    | ["DROP", "INDEX", ..]
                    | ["REINDEX", ..]
            ) && upper.contains("CONCURRENTLY"))
                || (matches!(w.as_slice(), ["ALTER", "TABLE", ..])
                    && upper.contains("DETACH PARTITION")
                    && upper.contains("CONCURRENTLY"))
        }
        Dialect::Sqlite => {
            matches!(w.as_slice(), ["VACUUM", ..])
                || (matches!(w.as_slice(), ["PRAGMA", ..])
                    && (upper.contains("FOREIGN_KEYS") || upper.contains("JOURNAL_MODE")))
        }
        Dialect::Mysql => false,
    }
}

fn line_starts(s: &str) -> Vec<usize> {
    let mut v = vec![0];
    for (i, b) in s.bytes().enumerate() {
        if b == b'\n' {
            v.push(i + 1);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str, d: Dialect) -> Vec<(String, bool)> {
        split(sql, d).unwrap().into_iter().map(|s| (s.sql, s.transactional)).collect()
    }

    #[test]
    fn splits_on_top_level_semicolons_only() {
        let sql = "create table \"a;b\" (x text default ';');\n-- c; d\ninsert into t values ($$;$$);\nselect 1";
        let got = texts(sql, Dialect::Postgres);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, "create table \"a;b\" (x text default ';')");
        assert_eq!(got[2].0, "select 1");
    }

    #[test]
    fn spans_point_into_the_script() {
        let sql = "  -- hi\n  create table é (x int);\n\nselect 2;";
        for s in split(sql, Dialect::Postgres).unwrap() {
            assert_eq!(&sql[s.span.start..s.span.end], s.sql);
        }
    }

    #[test]
    fn non_transactional_statements() {
        let sql = "create index concurrently i on t (x);\ncreate index j on t (x);\n-- sluice:no-transaction\nalter type mood add value 'x';\nvacuum;";
        let got = texts(sql, Dialect::Postgres);
        assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), [false, true, false, false]);
        let got = texts(
            "PRAGMA foreign_keys=OFF;\ncreate table a (x);\nPRAGMA foreign_key_check;",
            Dialect::Sqlite,
        );
        assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), [false, true, true]);
    }

    #[test]
    fn trigger_bodies_stay_whole() {
        let sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = CASE WHEN 1 THEN 2 END; DELETE FROM c; END;\nBEGIN TRANSACTION;\nselect 1;";
        let got = texts(sql, Dialect::Sqlite);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].0.ends_with("END"));
        assert_eq!(got[1].0, "BEGIN TRANSACTION");
    }

    #[test]
    fn tokenizer_errors_are_located() {
        let err = split("select 1;\nselect 'open", Dialect::Postgres).unwrap_err();
        assert_eq!(err.line, 2);
    }
}
