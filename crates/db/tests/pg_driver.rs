//! The PostgreSQL driver against a real server: connection errors, the
//! migration lock, sluice's history and audit tables, statement errors and
//! transactions. Each test uses its own database ([`TestPg`]); without a
//! server they say SKIPPED (or fail with SLUICE_TEST_REQUIRE=pg).

use sluice_db::postgres::PgDriver;
use sluice_db::testing::TestPg;
use sluice_migrate::{AuditEvent, DbError, Driver, HistoryRow, HistoryState};
use std::time::{Duration, Instant};

#[test]
fn connect_errors_never_show_the_password() {
    // Nothing listens on port 1.
    let url = "postgres://me:hunter2@127.0.0.1:1/db?connect_timeout=2";
    let Err(e) = PgDriver::connect(url) else { panic!("connected to port 1") };
    let text = e.to_string();
    assert!(matches!(e, DbError::Connect { .. }), "{e:?}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("postgres://me:***@127.0.0.1:1/db"), "{text}");
}

#[test]
fn lock_is_exclusive_and_released_on_unlock_and_on_disconnect() {
    let Some(pg) = TestPg::new() else { return };
    let mut a = pg.connect();
    let mut b = pg.connect();
    assert!(a.try_lock().unwrap(), "the first session takes the lock");
    assert!(a.try_lock().unwrap(), "taking it again in the same session is fine");
    assert!(!b.try_lock().unwrap(), "a second session cannot take it");
    a.unlock().unwrap();
    assert!(b.try_lock().unwrap(), "released by unlock");
    assert!(!a.try_lock().unwrap());
    drop(b);
    // The server ends the dropped session asynchronously: give it a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if a.try_lock().unwrap() {
            break;
        }
        assert!(Instant::now() < deadline, "lock not released after the session ended");
        std::thread::sleep(Duration::from_millis(20));
    }
    a.unlock().unwrap();
    a.unlock().unwrap(); // not held: nothing to do
}

fn row(version: u32, state: HistoryState) -> HistoryRow {
    HistoryRow {
        version,
        name: format!("m{version}"),
        checksum: "abc".into(),
        state,
        applied_at: "2026-11-29T08:00:00.25Z".into(),
        applied_by: "ci".into(),
        execution_ms: 42,
        env: "dev".into(),
        tool_version: "0.1.0".into(),
        statements_done: 3,
    }
}

#[test]
fn history_upserts_and_audit_appends() {
    let Some(pg) = TestPg::new() else { return };
    let mut db = pg.connect();
    assert_eq!(db.history().unwrap(), vec![], "no tables yet: empty history");
    db.ensure_meta().unwrap();
    db.ensure_meta().unwrap(); // idempotent
    assert_eq!(db.history().unwrap(), vec![]);

    let first = row(2, HistoryState::Failed);
    db.write_history(&first).unwrap();
    db.write_history(&row(1, HistoryState::Applied)).unwrap();
    let mut again = row(2, HistoryState::Applied);
    again.statements_done = 7;
    again.applied_at = "2026-11-30T09:10:11Z".into();
    db.write_history(&again).unwrap();
    let mut baseline = row(3, HistoryState::Baseline);
    baseline.applied_at = String::new();
    db.write_history(&baseline).unwrap();
    assert_eq!(db.history().unwrap(), vec![row(1, HistoryState::Applied), again, baseline]);

    let event = AuditEvent {
        event: "applied".into(),
        version: Some(2),
        actor: "ci".into(),
        env: "dev".into(),
        detail: "ok".into(),
    };
    db.append_audit(&event).unwrap();
    db.append_audit(&AuditEvent { version: None, event: "drift_seen".into(), ..event }).unwrap();
    let rows = db.query_rows("SELECT event, version, actor FROM sluice.audit ORDER BY id").unwrap();
    assert_eq!(rows, vec![vec!["applied", "2", "ci"], vec!["drift_seen", "", "ci"]]);
    let at =
        db.query_rows("SELECT count(*) FROM sluice.audit WHERE at > now() - interval '1 minute'");
    assert_eq!(at.unwrap(), vec![vec!["2"]]);
    for sql in [
        "UPDATE sluice.audit SET detail = 'x'",
        "DELETE FROM sluice.audit",
        "TRUNCATE sluice.audit",
    ] {
        let e = db.execute(sql).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    // Introspection never shows sluice's own tables.
    assert!(db.introspect().unwrap().is_empty());
}

#[test]
fn statement_errors_carry_message_code_and_position() {
    let Some(pg) = TestPg::new() else { return };
    let mut db = pg.connect();
    let sql = "CREATE TABLE t (id int);\nSELECT nope FROM t";
    let Err(DbError::Statement { message, position, code }) = db.execute(sql) else {
        panic!("expected a statement error")
    };
    assert_eq!(message, "column \"nope\" does not exist");
    assert_eq!(code.as_deref(), Some("42703"));
    assert_eq!(position, sql.find("nope"), "byte offset of the bad name");
    // Multi-byte text before the error: still a byte offset.
    let sql = "SELECT 'ünïcödé', nope";
    let Err(DbError::Statement { position, .. }) = db.execute(sql) else { panic!() };
    assert_eq!(position, sql.find("nope"));
    let Err(DbError::Statement { code, position, .. }) = db.execute("CREATE TABLE (") else {
        panic!()
    };
    assert_eq!(code.as_deref(), Some("42601"));
    assert_eq!(position, Some(13));
    // The failed simple query was one implicit transaction: t does not exist.
    let Err(DbError::Statement { code, .. }) = db.execute("SELECT * FROM t") else { panic!() };
    assert_eq!(code.as_deref(), Some("42P01"));
}

#[test]
fn transactions_commit_and_roll_back() {
    let Some(pg) = TestPg::new() else { return };
    let mut db = pg.connect();
    db.begin().unwrap();
    db.execute("CREATE TABLE gone (id int)").unwrap();
    db.execute("INSERT INTO gone VALUES (1)").unwrap();
    assert_eq!(db.introspect().unwrap().tables.len(), 1, "introspection sees the open transaction");
    db.rollback().unwrap();
    assert!(db.introspect().unwrap().tables.is_empty(), "rolled back");

    db.begin().unwrap();
    db.execute("CREATE TABLE kept (id int)").unwrap();
    assert!(db.execute("SELECT 1/0").is_err());
    assert!(db.execute("SELECT 1").is_err(), "the transaction is aborted after an error");
    db.rollback().unwrap();
    db.begin().unwrap();
    db.execute("CREATE TABLE kept (id int)").unwrap();
    db.commit().unwrap();
    assert_eq!(db.query_rows("SELECT to_regclass('kept')::text").unwrap(), vec![vec!["kept"]]);
    assert_eq!(
        db.query_rows("SELECT 1, NULL::text, 'x'").unwrap(),
        vec![vec!["1", "", "x"]],
        "NULL is the empty string"
    );
    // A transaction opened by a statement is seen too: introspection does
    // not commit it.
    db.execute("BEGIN; CREATE TABLE pending (id int)").unwrap();
    assert_eq!(db.introspect().unwrap().tables.len(), 2);
    db.execute("ROLLBACK").unwrap();
    assert_eq!(db.introspect().unwrap().tables.len(), 1, "still rolled back");
    // Introspection in a transaction leaves the session's search_path alone.
    db.begin().unwrap();
    db.execute("SET LOCAL search_path = pg_catalog").unwrap();
    db.introspect().unwrap();
    assert_eq!(db.query_rows("SHOW search_path").unwrap(), vec![vec!["pg_catalog"]]);
    db.rollback().unwrap();
}
