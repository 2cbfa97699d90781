//! Statements and transactions: errors carry SQLite's message, extended
//! code name and offset; a rolled-back transaction leaves nothing behind;
//! check statements return their rows as text.

use super::*;
use sluice_migrate::DbError;

fn statement_error(e: DbError) -> (String, Option<usize>, Option<String>) {
    match e {
        DbError::Statement { message, position, code } => (message, position, code),
        other => panic!("expected a statement error, got {other:?}"),
    }
}

#[test]
fn syntax_errors_have_an_offset_and_a_code() {
    let mut d = memory();
    let sql = "CREATE TABLE t (a integer,, b text)";
    let (message, position, code) = statement_error(d.execute(sql).unwrap_err());
    assert!(message.contains("syntax error"), "{message}");
    assert_eq!(position, Some(sql.find(",,").unwrap() + 1));
    assert_eq!(code.as_deref(), Some("SQLITE_ERROR"));

    let sql = "SELECT nope FROM sqlite_schema";
    let (message, position, _) = statement_error(d.execute(sql).unwrap_err());
    assert!(message.contains("no such column: nope"), "{message}");
    assert_eq!(position, Some(7));
}

#[test]
fn runtime_errors_have_the_extended_code() {
    let mut d = memory();
    d.execute("CREATE TABLE t (a integer UNIQUE, b text NOT NULL)").unwrap();
    d.execute("INSERT INTO t VALUES (1, 'x')").unwrap();
    let (message, position, code) =
        statement_error(d.execute("INSERT INTO t VALUES (1, 'y')").unwrap_err());
    assert!(message.contains("UNIQUE constraint failed: t.a"), "{message}");
    assert_eq!(position, None);
    assert_eq!(code.as_deref(), Some("SQLITE_CONSTRAINT_UNIQUE"));
    let (_, _, code) = statement_error(d.execute("INSERT INTO t VALUES (2, NULL)").unwrap_err());
    assert_eq!(code.as_deref(), Some("SQLITE_CONSTRAINT_NOTNULL"));
    let (message, _, _) = statement_error(d.execute("DROP TABLE missing").unwrap_err());
    assert!(message.contains("no such table: missing"), "{message}");
}

#[test]
fn execute_runs_exactly_one_statement() {
    let mut d = memory();
    let (message, _, code) =
        statement_error(d.execute("CREATE TABLE a (x); CREATE TABLE b (x)").unwrap_err());
    assert!(message.contains("more than one statement"), "{message}");
    assert_eq!(code, None);
    assert_eq!(d.query_rows("SELECT count(*) FROM sqlite_schema").unwrap(), vec![vec!["0"]]);
    // A trailing `;` and comments are fine; comments alone run nothing.
    d.execute("CREATE TABLE a (x); -- done").unwrap();
    d.execute("-- nothing\n").unwrap();
    d.execute("").unwrap();
    // Statements that answer with rows run too (the rows are dropped).
    d.execute("PRAGMA user_version = 7").unwrap();
    d.execute("SELECT * FROM a").unwrap();
    d.execute("PRAGMA foreign_key_check").unwrap();
    assert_eq!(d.query_rows("PRAGMA user_version").unwrap(), vec![vec!["7"]]);
}

#[test]
fn rollback_undoes_the_whole_transaction() {
    let dir = project();
    let mut d: Box<dyn Driver> = Box::new(open_in(dir.path(), "tx.db"));
    d.execute("CREATE TABLE keep (x)").unwrap();
    d.begin().unwrap();
    d.execute("CREATE TABLE t (x integer PRIMARY KEY)").unwrap();
    d.execute("INSERT INTO t VALUES (1)").unwrap();
    d.execute("ALTER TABLE keep ADD COLUMN y text").unwrap();
    assert!(d.execute("INSERT INTO t VALUES (1)").is_err());
    d.rollback().unwrap();
    let names = d.query_rows("SELECT name FROM sqlite_schema ORDER BY name").unwrap();
    assert_eq!(names, vec![vec!["keep"]]);
    let cols = d.query_rows("SELECT name FROM pragma_table_info('keep')").unwrap();
    assert_eq!(cols, vec![vec!["x"]]);
    // Nothing to roll back is not an error (SQLite may have rolled back already).
    d.rollback().unwrap();
    // And a committed transaction stays, seen by another connection.
    d.begin().unwrap();
    d.execute("CREATE TABLE t2 (x)").unwrap();
    d.commit().unwrap();
    let other = open_in(dir.path(), "tx.db");
    let n: i64 = other
        .connection()
        .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 't2'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn begin_immediate_takes_the_write_lock() {
    let dir = project();
    let mut a = open_in(dir.path(), "w.db");
    let b = open_in(dir.path(), "w.db");
    b.connection().busy_timeout(std::time::Duration::from_millis(50)).unwrap();
    a.begin().unwrap();
    let e = b.connection().execute_batch("BEGIN IMMEDIATE").unwrap_err();
    assert!(e.to_string().contains("locked"), "{e}");
    let mut b: Box<dyn Driver> = Box::new(b);
    let (_, _, code) = statement_error(b.begin().unwrap_err());
    assert_eq!(code.as_deref(), Some("SQLITE_BUSY"));
    a.rollback().unwrap();
    b.begin().unwrap();
    b.commit().unwrap();
}

#[test]
fn query_rows_returns_text_cells() {
    let mut d = memory();
    let rows = d
        .query_rows("SELECT 1, 2.5, 3.0, 'a''b', NULL, x'00ff', -7 UNION ALL SELECT 2, 0.1, 1e300, '', NULL, x'', 0")
        .unwrap();
    assert_eq!(
        rows,
        vec![
            vec!["1", "2.5", "3.0", "a'b", "NULL", "x'00ff'", "-7"],
            vec!["2", "0.1", "1e300", "", "NULL", "x''", "0"],
        ]
    );
    assert_eq!(d.query_rows("SELECT 1 WHERE 0").unwrap(), Vec::<Vec<String>>::new());
    assert!(d.query_rows("SELEC 1").is_err());
}

#[test]
fn foreign_key_check_reports_rows() {
    let mut d = memory();
    d.execute("PRAGMA foreign_keys = OFF").unwrap();
    d.execute("CREATE TABLE p (id integer PRIMARY KEY)").unwrap();
    d.execute("CREATE TABLE c (id integer PRIMARY KEY, p integer REFERENCES p (id))").unwrap();
    d.execute("INSERT INTO c VALUES (5, 9)").unwrap();
    assert_eq!(d.query_rows("PRAGMA foreign_key_check").unwrap(), vec![vec!["c", "5", "p", "0"]]);
}
