//! Running migration SQL on SQLite: transactions, one statement at a time,
//! and the rows of check statements.
//!
//! `begin` is `BEGIN IMMEDIATE`: the write lock is taken at once (waiting
//! up to the busy timeout for other writers), so a migration never fails
//! half way because another connection started writing first. Statements
//! run one by one (rusqlite's `execute_batch` would run a script without a
//! transaction and lose track of which statement failed).
//!
//! Rows of `query_rows` are text: integers in decimal, reals in their
//! shortest exact form (`2.5`, `3.0`, `1e300`), text as is, blobs as
//! `x'0a1b'` literals, and NULL as the four letters `NULL` (an empty string
//! would be indistinguishable from `''`; callers that show rows to a user
//! want to see that a value is missing).

use super::errors::statement_error;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sluice_migrate::DbResult;

pub fn begin(conn: &Connection) -> DbResult<()> {
    conn.execute_batch("BEGIN IMMEDIATE").map_err(statement_error)
}

pub fn commit(conn: &Connection) -> DbResult<()> {
    conn.execute_batch("COMMIT").map_err(statement_error)
}

/// Roll back the open transaction. When SQLite already rolled it back on
/// its own (some errors do, e.g. SQLITE_FULL or `RAISE(ROLLBACK)`), there
/// is nothing left to undo and this succeeds, so the caller reports the
/// original error rather than "no transaction is active".
pub fn rollback(conn: &Connection) -> DbResult<()> {
    if conn.is_autocommit() {
        return Ok(());
    }
    conn.execute_batch("ROLLBACK").map_err(statement_error)
}

/// Run one statement, stepping through (and dropping) any rows it returns
/// (some PRAGMAs answer with a row). Text with only comments or
/// whitespace runs nothing; text with two statements is refused.
pub fn execute(conn: &Connection, sql: &str) -> DbResult<()> {
    let mut stmt = match conn.prepare(sql) {
        Ok(s) => s,
        Err(rusqlite::Error::Empty) => return Ok(()),
        Err(e) => return Err(statement_error(e)),
    };
    let mut rows = stmt.raw_query();
    while rows.next().map_err(statement_error)?.is_some() {}
    Ok(())
}

/// Every row of one statement, each cell as text (see the module header).
pub fn query_rows(conn: &Connection, sql: &str) -> DbResult<Vec<Vec<String>>> {
    let mut stmt = match conn.prepare(sql) {
        Ok(s) => s,
        Err(rusqlite::Error::Empty) => return Ok(Vec::new()),
        Err(e) => return Err(statement_error(e)),
    };
    let n = stmt.column_count();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(statement_error)? {
        let mut cells = Vec::with_capacity(n);
        for i in 0..n {
            cells.push(cell_text(row.get_ref(i).map_err(statement_error)?));
        }
        out.push(cells);
    }
    Ok(out)
}

fn cell_text(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".to_string(),
        ValueRef::Integer(i) => i.to_string(),
        // The shortest text that reads back as the same number.
        ValueRef::Real(f) => format!("{f:?}"),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("x'{hex}'")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_text() {
        assert_eq!(cell_text(ValueRef::Null), "NULL");
        assert_eq!(cell_text(ValueRef::Integer(-3)), "-3");
        assert_eq!(cell_text(ValueRef::Real(2.0)), "2.0");
        assert_eq!(cell_text(ValueRef::Real(0.25)), "0.25");
        assert_eq!(cell_text(ValueRef::Text(b"a b")), "a b");
        assert_eq!(cell_text(ValueRef::Blob(&[0, 255])), "x'00ff'");
    }
}
