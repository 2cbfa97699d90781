//! sluice's own tables in schema `sluice`: `sluice.history` (one row per
//! migration version, upserted) and `sluice.audit` (append-only events;
//! a statement trigger refuses UPDATE, DELETE and TRUNCATE on it).
//! Introspection never reports the `sluice` schema.

use super::session::Session;
use sluice_migrate::{AuditEvent, AuditRow, DbError, DbResult, HistoryRow, HistoryState, UserRow};

/// Everything `ensure_meta` creates, idempotent, sent as one simple query
/// (so it runs as one implicit transaction).
const ENSURE_META: &str = r#"
CREATE SCHEMA IF NOT EXISTS sluice;
CREATE TABLE IF NOT EXISTS sluice.history (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    state text NOT NULL,
    applied_at timestamptz,
    applied_by text NOT NULL DEFAULT '',
    execution_ms bigint NOT NULL DEFAULT 0,
    env text NOT NULL DEFAULT '',
    tool_version text NOT NULL DEFAULT '',
    statements_done integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sluice.audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    event text NOT NULL,
    version integer,
    actor text NOT NULL DEFAULT '',
    env text NOT NULL DEFAULT '',
    detail text NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sluice.backups (
    version integer NOT NULL,
    seq integer NOT NULL,
    record text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (version, seq)
);
DO $ensure$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = 'sluice.audit'::regclass AND tgname = 'audit_append_only'
    ) THEN
        CREATE OR REPLACE FUNCTION sluice.audit_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $body$
        BEGIN
            RAISE EXCEPTION 'sluice.audit is append-only: % is not allowed', TG_OP;
        END
        $body$;
        CREATE TRIGGER audit_append_only
            BEFORE UPDATE OR DELETE OR TRUNCATE ON sluice.audit
            FOR EACH STATEMENT EXECUTE FUNCTION sluice.audit_append_only();
    END IF;
END
$ensure$;
"#;

pub(crate) fn ensure_meta(session: &Session) -> DbResult<()> {
    session.batch(ENSURE_META)
}

pub(crate) fn history(session: &Session) -> DbResult<Vec<HistoryRow>> {
    let exists = session.query_text("SELECT to_regclass('sluice.history') IS NOT NULL")?;
    if !exists.first().is_some_and(|r| r.bool(0)) {
        return Ok(Vec::new());
    }
    let rows = session.query_text(
        r#"SELECT version, name, checksum, state,
                  to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                  applied_by, execution_ms, env, tool_version, statements_done
           FROM sluice.history ORDER BY version"#,
    )?;
    rows.iter()
        .map(|r| {
            let state = HistoryState::parse(r.str(3)).ok_or_else(|| {
                DbError::Other(format!(
                    "sluice.history: version {} has an unknown state `{}`",
                    r.str(0),
                    r.str(3)
                ))
            })?;
            let number = |i: usize, what: &str| {
                r.int(i).ok_or_else(|| {
                    DbError::Other(format!("sluice.history: bad {what} `{}`", r.str(i)))
                })
            };
            Ok(HistoryRow {
                version: u32::try_from(number(0, "version")?).map_err(DbError::other)?,
                name: r.str(1).to_string(),
                checksum: r.str(2).to_string(),
                state,
                applied_at: r.opt(4).map(rfc3339_utc).unwrap_or_default(),
                applied_by: r.str(5).to_string(),
                execution_ms: u64::try_from(number(6, "execution_ms")?).map_err(DbError::other)?,
                env: r.str(7).to_string(),
                tool_version: r.str(8).to_string(),
                statements_done: u32::try_from(number(9, "statements_done")?)
                    .map_err(DbError::other)?,
            })
        })
        .collect()
}

/// `2026-11-29T08:00:00.120000` -> `2026-11-29T08:00:00.12Z` (no fraction
/// when it is zero).
fn rfc3339_utc(text: &str) -> String {
    let trimmed = match text.split_once('.') {
        Some((whole, fraction)) => match fraction.trim_end_matches('0') {
            "" => whole.to_string(),
            f => format!("{whole}.{f}"),
        },
        None => text.to_string(),
    };
    format!("{trimmed}Z")
}

pub(crate) fn write_history(session: &Session, row: &HistoryRow) -> DbResult<()> {
    let version = i32::try_from(row.version)
        .map_err(|_| DbError::Other(format!("version {} does not fit in integer", row.version)))?;
    let execution_ms = i64::try_from(row.execution_ms).unwrap_or(i64::MAX);
    let done = i32::try_from(row.statements_done).unwrap_or(i32::MAX);
    session.execute_params(
        "INSERT INTO sluice.history (version, name, checksum, state, applied_at, applied_by,
                                     execution_ms, env, tool_version, statements_done)
         VALUES ($1, $2, $3, $4, CAST(NULLIF($5::text, '') AS timestamptz), $6, $7, $8, $9, $10)
         ON CONFLICT (version) DO UPDATE SET
             name = EXCLUDED.name, checksum = EXCLUDED.checksum, state = EXCLUDED.state,
             applied_at = EXCLUDED.applied_at, applied_by = EXCLUDED.applied_by,
             execution_ms = EXCLUDED.execution_ms, env = EXCLUDED.env,
             tool_version = EXCLUDED.tool_version, statements_done = EXCLUDED.statements_done",
        &[
            &version,
            &row.name,
            &row.checksum,
            &row.state.as_str(),
            &row.applied_at,
            &row.applied_by,
            &execution_ms,
            &row.env,
            &row.tool_version,
            &done,
        ],
    )?;
    Ok(())
}

pub(crate) fn record_backup(
    session: &Session,
    version: u32,
    seq: u32,
    record: &str,
) -> DbResult<()> {
    let (v, s) = (
        i32::try_from(version).map_err(DbError::other)?,
        i32::try_from(seq).map_err(DbError::other)?,
    );
    session.execute_params(
        "INSERT INTO sluice.backups (version, seq, record) VALUES ($1, $2, $3)
         ON CONFLICT (version, seq) DO UPDATE SET record = EXCLUDED.record, created_at = now()",
        &[&v, &s, &record],
    )?;
    Ok(())
}

pub(crate) fn backup_records(session: &Session, version: u32) -> DbResult<Vec<String>> {
    let exists = session.query_text("SELECT to_regclass('sluice.backups') IS NOT NULL")?;
    if !exists.first().is_some_and(|r| r.bool(0)) {
        return Ok(Vec::new());
    }
    let rows = session.query_text(&format!(
        "SELECT record FROM sluice.backups WHERE version = {version} ORDER BY seq"
    ))?;
    Ok(rows.iter().map(|r| r.str(0).to_string()).collect())
}

pub(crate) fn append_audit(session: &Session, event: &AuditEvent) -> DbResult<()> {
    let version = match event.version {
        Some(v) => Some(
            i32::try_from(v)
                .map_err(|_| DbError::Other(format!("version {v} does not fit in integer")))?,
        ),
        None => None,
    };
    session.execute_params(
        "INSERT INTO sluice.audit (event, version, actor, env, detail) VALUES ($1, $2, $3, $4, $5)",
        &[&event.event, &version, &event.actor, &event.env, &event.detail],
    )?;
    Ok(())
}

pub(crate) fn audit(session: &Session) -> DbResult<Vec<AuditRow>> {
    let exists = session.query_text("SELECT to_regclass('sluice.audit') IS NOT NULL")?;
    if !exists.first().is_some_and(|r| r.bool(0)) {
        return Ok(Vec::new());
    }
    let rows = session.query_text(
        r#"SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), event,
                  version, actor, env, detail
           FROM sluice.audit ORDER BY id"#,
    )?;
    Ok(rows
        .iter()
        .map(|r| AuditRow {
            at: rfc3339_utc(r.str(0)),
            event: AuditEvent {
                event: r.str(1).to_string(),
                version: r.int(2).and_then(|v| u32::try_from(v).ok()),
                actor: r.str(3).to_string(),
                env: r.str(4).to_string(),
                detail: r.str(5).to_string(),
            },
        })
        .collect())
}

/// Dashboard accounts: `sluice.users`, created on first use.
const ENSURE_USERS: &str = r#"
CREATE SCHEMA IF NOT EXISTS sluice;
CREATE TABLE IF NOT EXISTS sluice.users (
    name text PRIMARY KEY,
    role text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
"#;

pub(crate) fn users(session: &Session) -> DbResult<Vec<UserRow>> {
    let exists = session.query_text("SELECT to_regclass('sluice.users') IS NOT NULL")?;
    if !exists.first().is_some_and(|r| r.bool(0)) {
        return Ok(Vec::new());
    }
    let rows = session.query_text(
        r#"SELECT name, role, password_hash,
                  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
           FROM sluice.users ORDER BY name"#,
    )?;
    Ok(rows
        .iter()
        .map(|r| UserRow {
            name: r.str(0).to_string(),
            role: r.str(1).to_string(),
            password_hash: r.str(2).to_string(),
            created_at: rfc3339_utc(r.str(3)),
        })
        .collect())
}

pub(crate) fn put_user(session: &Session, user: &UserRow) -> DbResult<()> {
    session.batch(ENSURE_USERS)?;
    session.execute_params(
        "INSERT INTO sluice.users (name, role, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role,
             password_hash = EXCLUDED.password_hash",
        &[&user.name, &user.role, &user.password_hash],
    )?;
    Ok(())
}

pub(crate) fn remove_user(session: &Session, name: &str) -> DbResult<bool> {
    let exists = session.query_text("SELECT to_regclass('sluice.users') IS NOT NULL")?;
    if !exists.first().is_some_and(|r| r.bool(0)) {
        return Ok(false);
    }
    Ok(session.execute_params("DELETE FROM sluice.users WHERE name = $1", &[&name])? > 0)
}

#[cfg(test)]
mod tests {
    use super::rfc3339_utc;

    #[test]
    fn timestamps_read_back_as_rfc3339() {
        assert_eq!(rfc3339_utc("2026-11-29T08:00:00.000000"), "2026-11-29T08:00:00Z");
        assert_eq!(rfc3339_utc("2026-11-29T08:00:10.120000"), "2026-11-29T08:00:10.12Z");
        assert_eq!(rfc3339_utc("2026-11-29T08:00:10"), "2026-11-29T08:00:10Z");
    }
}
