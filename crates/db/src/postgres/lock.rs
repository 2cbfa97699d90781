//! The migration lock: a session-level advisory lock on one fixed key.
//!
//! The key is the ASCII bytes of `sluice` read as a big-endian integer,
//! `0x736c75696365` = 126909663503205. Advisory locks live in the
//! database's own lock space, so this is one lock per database. It is held
//! by the session that took it and released by `pg_advisory_unlock` or when
//! the session ends (the server releases it if the process dies).
//! PostgreSQL counts advisory locks per session, so the driver remembers
//! whether it holds the lock and takes it at most once.

use super::session::Session;
use sluice_migrate::{DbError, DbResult};

/// `b"sluice"` as a big-endian integer.
pub const LOCK_KEY: i64 = key(b"sluice");

const fn key(bytes: &[u8]) -> i64 {
    let mut k: i64 = 0;
    let mut i = 0;
    while i < bytes.len() {
        k = (k << 8) | bytes[i] as i64;
        i += 1;
    }
    k
}

/// Try to take the lock without waiting; true when this session holds it.
pub(crate) fn try_lock(session: &Session) -> DbResult<bool> {
    let rows = session.query_text(&format!("SELECT pg_try_advisory_lock({LOCK_KEY})"))?;
    match rows.first().and_then(|r| r.opt(0)) {
        Some("t") => Ok(true),
        Some("f") => Ok(false),
        other => {
            Err(DbError::Other(format!("unexpected answer to pg_try_advisory_lock: {other:?}")))
        }
    }
}

/// Release the lock held by this session.
pub(crate) fn unlock(session: &Session) -> DbResult<()> {
    let rows = session.query_text(&format!("SELECT pg_advisory_unlock({LOCK_KEY})"))?;
    match rows.first().and_then(|r| r.opt(0)) {
        Some("t") => Ok(()),
        _ => Err(DbError::Other(
            "the migration lock was not held by this connection when releasing it".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::LOCK_KEY;

    #[test]
    fn key_is_sluice_in_ascii() {
        assert_eq!(LOCK_KEY, 0x736c_7569_6365);
        assert_eq!(LOCK_KEY, 126_909_663_503_205);
    }
}
