//! sluice_history and sluice_audit: created once, upserted, append-only,
//! and invisible to introspection.

use super::*;
use sluice_migrate::{AuditEvent, DbError, HistoryRow, HistoryState};

fn row(version: u32, state: HistoryState) -> HistoryRow {
    HistoryRow {
        version,
        name: format!("m{version}"),
        checksum: "abc".into(),
        state,
        applied_at: "2026-01-02T03:04:05Z".into(),
        applied_by: "ana".into(),
        execution_ms: 12,
        env: "dev".into(),
        tool_version: "0.1.0".into(),
        statements_done: 3,
    }
}

#[test]
fn history_is_empty_before_the_tables_exist() {
    let dir = project();
    let mut d = open_in(dir.path(), "h.db");
    assert_eq!(d.history().unwrap(), vec![]);
    d.ensure_meta().unwrap();
    d.ensure_meta().unwrap();
    assert_eq!(d.history().unwrap(), vec![]);
}

#[test]
fn write_history_inserts_and_replaces() {
    let dir = project();
    let mut d = open_in(dir.path(), "h.db");
    d.ensure_meta().unwrap();
    d.write_history(&row(2, HistoryState::Failed)).unwrap();
    d.write_history(&row(1, HistoryState::Applied)).unwrap();
    let mut again = row(2, HistoryState::Applied);
    again.statements_done = 7;
    again.execution_ms = u64::MAX;
    d.write_history(&again).unwrap();
    let h = d.history().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0], row(1, HistoryState::Applied));
    let mut expect = again.clone();
    expect.execution_ms = i64::MAX as u64;
    assert_eq!(h[1], expect);
    // A fresh driver reads the same (it is on disk).
    let mut d2 = open_in(dir.path(), "h.db");
    assert_eq!(d2.history().unwrap(), h);
    // Every state round-trips.
    for (v, s) in [(3, HistoryState::Baseline), (4, HistoryState::RolledBack)] {
        d.write_history(&row(v, s)).unwrap();
        assert_eq!(d.history().unwrap().last().unwrap().state, s);
    }
}

#[test]
fn a_hand_edited_history_is_reported() {
    let dir = project();
    let mut d = open_in(dir.path(), "h.db");
    d.ensure_meta().unwrap();
    d.write_history(&row(1, HistoryState::Applied)).unwrap();
    load(&d, "UPDATE sluice_history SET state = 'done'");
    let e = d.history().unwrap_err().to_string();
    assert!(e.contains("version 1") && e.contains("state"), "{e}");
}

#[test]
fn a_foreign_history_table_is_reported() {
    let dir = project();
    let mut d = open_in(dir.path(), "h.db");
    load(&d, "CREATE TABLE sluice_history (version integer PRIMARY KEY, name text)");
    let e = d.ensure_meta().unwrap_err().to_string();
    assert!(e.contains("sluice_history") && e.contains("checksum"), "{e}");
}

#[test]
fn audit_is_append_only() {
    let dir = project();
    let mut d = open_in(dir.path(), "a.db");
    d.ensure_meta().unwrap();
    let ev = |event: &str, version| AuditEvent {
        event: event.into(),
        version,
        actor: "ana".into(),
        env: "prod".into(),
        detail: "it's done".into(),
    };
    d.append_audit(&ev("applied", Some(1))).unwrap();
    d.append_audit(&ev("drift_seen", None)).unwrap();
    let rows =
        d.query_rows("SELECT id, event, version, actor, env, detail FROM sluice_audit").unwrap();
    assert_eq!(
        rows,
        vec![
            vec!["1", "applied", "1", "ana", "prod", "it's done"],
            vec!["2", "drift_seen", "NULL", "ana", "prod", "it's done"],
        ]
    );
    let at = &d.query_rows("SELECT at FROM sluice_audit").unwrap()[0][0];
    assert!(at.len() == 24 && at.ends_with('Z') && at.as_bytes()[10] == b'T', "{at}");
    for sql in ["UPDATE sluice_audit SET detail = 'x'", "DELETE FROM sluice_audit"] {
        let e = d.execute(sql).unwrap_err();
        let DbError::Statement { message, code, .. } = &e else { panic!("{e:?}") };
        assert!(message.contains("append-only"), "{message}");
        assert_eq!(code.as_deref(), Some("SQLITE_CONSTRAINT_TRIGGER"));
    }
    assert_eq!(d.query_rows("SELECT count(*) FROM sluice_audit").unwrap(), vec![vec!["2"]]);
}

#[test]
fn meta_tables_are_not_part_of_the_schema() {
    let dir = project();
    let mut d = open_in(dir.path(), "m.db");
    d.ensure_meta().unwrap();
    d.append_audit(&AuditEvent {
        event: "applied".into(),
        version: Some(1),
        actor: "a".into(),
        env: "dev".into(),
        detail: String::new(),
    })
    .unwrap();
    load(&d, "CREATE TABLE sluice_backup_0001_users (id integer)");
    let s = d.introspect().unwrap();
    assert!(s.is_empty(), "{s:#?}");
}

#[test]
fn meta_inside_an_open_transaction_rolls_back_with_it() {
    let dir = project();
    let mut d = open_in(dir.path(), "t.db");
    d.begin().unwrap();
    d.ensure_meta().unwrap();
    d.write_history(&row(1, HistoryState::Applied)).unwrap();
    d.rollback().unwrap();
    assert_eq!(d.history().unwrap(), vec![]);
    assert_eq!(d.query_rows("SELECT count(*) FROM sqlite_schema").unwrap(), vec![vec!["0"]]);
}
