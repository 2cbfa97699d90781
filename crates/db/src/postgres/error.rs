//! tokio-postgres errors -> [`DbError`]. A server error on a statement keeps
//! its message (with DETAIL and HINT lines), SQLSTATE code and position,
//! converted from PostgreSQL's 1-based character count to a byte offset
//! into the statement. Connection errors name the URL with its password
//! redacted, and any password text in the message is masked too.

use sluice_migrate::driver::redact_url;
use sluice_migrate::DbError;
use tokio_postgres::error::ErrorPosition;

/// A failure to connect (or to parse the URL).
pub(crate) fn connect_error(
    url: &str,
    e: &tokio_postgres::Error,
    password: Option<&[u8]>,
) -> DbError {
    let mut message = e.to_string();
    if let Some(db) = e.as_db_error() {
        // `db error` alone says nothing: use the server's words.
        message = db.message().to_string();
    } else {
        // The cause (`Connection refused`, a DNS failure) is in the chain.
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
    }
    if let Some(pw) = password.and_then(|p| std::str::from_utf8(p).ok()) {
        if !pw.is_empty() {
            message = message.replace(pw, "***");
        }
    }
    DbError::Connect { url: redact_url(url), message }
}

/// A failure running `sql`.
pub(crate) fn statement_error(e: &tokio_postgres::Error, sql: &str) -> DbError {
    let Some(db) = e.as_db_error() else {
        return DbError::Other(format!("lost the database connection: {e}"));
    };
    let mut message = db.message().to_string();
    if let Some(detail) = db.detail() {
        message.push_str("\nDETAIL: ");
        message.push_str(detail);
    }
    if let Some(hint) = db.hint() {
        message.push_str("\nHINT: ");
        message.push_str(hint);
    }
    let position = match db.position() {
        Some(ErrorPosition::Original(p)) => char_to_byte(sql, *p as usize),
        _ => None,
    };
    DbError::Statement { message, position, code: Some(db.code().code().to_string()) }
}

/// PostgreSQL positions count characters from 1; the model wants a byte
/// offset from 0.
fn char_to_byte(sql: &str, position: usize) -> Option<usize> {
    let index = position.checked_sub(1)?;
    match sql.char_indices().nth(index) {
        Some((byte, _)) => Some(byte),
        None if index == sql.chars().count() => Some(sql.len()),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::char_to_byte;

    #[test]
    fn positions_become_byte_offsets() {
        assert_eq!(char_to_byte("select x", 8), Some(7));
        assert_eq!(char_to_byte("select 'é', x", 13), Some(13));
        assert_eq!(char_to_byte("ab", 3), Some(2));
        assert_eq!(char_to_byte("ab", 0), None);
        assert_eq!(char_to_byte("ab", 9), None);
    }
}
