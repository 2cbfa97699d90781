//! Splitting a migration script into statements, each with its byte span
//! and whether it may run inside a transaction.
//!
//! A byte-level scanner (the crate's `scan` module) finds the `;` that end
//! statements, so semicolons inside strings, quoted names, dollar-quoted
//! bodies and comments never split. `BEGIN ... END` bodies (SQLite
//! triggers, PostgreSQL `BEGIN ATOMIC`) stay whole. A statement runs outside
//! the migration's transaction when the server refuses it inside one (CREATE
//! INDEX CONCURRENTLY, VACUUM, ...) or when the comment line above it says
//! `-- sluice:no-transaction`.

use crate::scan::scan;
use crate::source::Span;
use sluice_schema::Dialect;

pub use crate::scan::NO_TRANSACTION;

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

pub fn split(sql: &str, dialect: Dialect) -> Result<Vec<SplitStatement>, SplitError> {
    let mut out = Vec::new();
    scan(sql, dialect, |s| {
        let words: Vec<String> =
            s.words().iter().map(|&(a, b)| sql[a..b].to_ascii_uppercase()).collect();
        let text = sql[s.start..s.end].trim().to_string();
        let transactional = !s.marker && !needs_own_transaction(&words, &text, dialect);
        out.push(SplitStatement { sql: text, span: Span::new(s.start, s.end), transactional });
    })
    .map_err(|e| {
        let (line, column) = line_col(sql, e.offset);
        SplitError { line, column, message: e.message }
    })?;
    Ok(out)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(sql: &str, offset: usize) -> (u64, u64) {
    let before = &sql[..offset.min(sql.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line as u64, before[line_start..].chars().count() as u64 + 1)
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
        // MySQL commits implicitly before and after every DDL statement:
        // each one is its own part, so history records its progress.
        Dialect::Mysql => matches!(
            w.as_slice(),
            ["CREATE", ..] | ["ALTER", ..] | ["DROP", ..] | ["RENAME", ..] | ["TRUNCATE", ..]
        ),
    }
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
    fn mysql_ddl_runs_on_its_own() {
        let got = texts(
            "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nALTER TABLE a ADD COLUMN b int;\nUPDATE a SET b = 1;\nDROP TABLE a;",
            Dialect::Mysql,
        );
        assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), [false, true, false, true, false]);
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
