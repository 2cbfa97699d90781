//! rusqlite errors -> [`DbError`]: the message SQLite gives, the byte
//! offset into the statement when SQLite reports one (syntax errors, unknown
//! names), and the extended result code by its C name (`SQLITE_CONSTRAINT_UNIQUE`),
//! which is what SQLite's documentation and users search for.

use rusqlite::ffi;
use sluice_migrate::DbError;

/// A failed statement as a [`DbError::Statement`]; failures that are not
/// about the statement (a closed connection...) as [`DbError::Other`].
pub fn statement_error(e: rusqlite::Error) -> DbError {
    match e {
        rusqlite::Error::SqliteFailure(err, msg) => DbError::Statement {
            message: msg.unwrap_or_else(|| ffi::code_to_str(err.extended_code).to_string()),
            position: None,
            code: Some(code_name(err.extended_code)),
        },
        rusqlite::Error::SqlInputError { error, msg, offset, .. } => DbError::Statement {
            message: msg,
            position: usize::try_from(offset).ok(),
            code: Some(code_name(error.extended_code)),
        },
        rusqlite::Error::MultipleStatement => DbError::Statement {
            message: "the text holds more than one statement; they must be run one at a time"
                .into(),
            position: None,
            code: None,
        },
        other => DbError::Other(other.to_string()),
    }
}

/// Any other rusqlite failure, with what sluice was doing.
pub fn context(what: &str) -> impl Fn(rusqlite::Error) -> DbError + '_ {
    move |e| DbError::Other(format!("{what}: {}", describe(&e)))
}

/// A rusqlite error in words, with its code name when it has one.
pub fn describe(e: &rusqlite::Error) -> String {
    match e.sqlite_error() {
        Some(err) => format!("{e} ({})", code_name(err.extended_code)),
        None => e.to_string(),
    }
}

/// The C name of a (primary or extended) result code; unknown codes as
/// `SQLITE_<primary name> (<number>)`.
pub fn code_name(code: i32) -> String {
    if let Some(name) = known(code) {
        return name.to_string();
    }
    match known(code & 0xff) {
        Some(primary) => format!("{primary} ({code})"),
        None => format!("SQLite error {code}"),
    }
}

macro_rules! names {
    ($($c:ident),* $(,)?) => {
        fn known(code: i32) -> Option<&'static str> {
            match code {
                $(ffi::$c => Some(stringify!($c)),)*
                _ => None,
            }
        }
    };
}

names!(
    SQLITE_OK,
    SQLITE_ERROR,
    SQLITE_INTERNAL,
    SQLITE_PERM,
    SQLITE_ABORT,
    SQLITE_BUSY,
    SQLITE_LOCKED,
    SQLITE_NOMEM,
    SQLITE_READONLY,
    SQLITE_INTERRUPT,
    SQLITE_IOERR,
    SQLITE_CORRUPT,
    SQLITE_NOTFOUND,
    SQLITE_FULL,
    SQLITE_CANTOPEN,
    SQLITE_PROTOCOL,
    SQLITE_EMPTY,
    SQLITE_SCHEMA,
    SQLITE_TOOBIG,
    SQLITE_CONSTRAINT,
    SQLITE_MISMATCH,
    SQLITE_MISUSE,
    SQLITE_NOLFS,
    SQLITE_AUTH,
    SQLITE_FORMAT,
    SQLITE_RANGE,
    SQLITE_NOTADB,
    SQLITE_NOTICE,
    SQLITE_WARNING,
    SQLITE_ERROR_MISSING_COLLSEQ,
    SQLITE_ERROR_RETRY,
    SQLITE_ERROR_SNAPSHOT,
    SQLITE_ERROR_RESERVESIZE,
    SQLITE_ERROR_KEY,
    SQLITE_ERROR_UNABLE,
    SQLITE_IOERR_READ,
    SQLITE_IOERR_SHORT_READ,
    SQLITE_IOERR_WRITE,
    SQLITE_IOERR_FSYNC,
    SQLITE_IOERR_DIR_FSYNC,
    SQLITE_IOERR_TRUNCATE,
    SQLITE_IOERR_FSTAT,
    SQLITE_IOERR_UNLOCK,
    SQLITE_IOERR_RDLOCK,
    SQLITE_IOERR_DELETE,
    SQLITE_IOERR_BLOCKED,
    SQLITE_IOERR_NOMEM,
    SQLITE_IOERR_ACCESS,
    SQLITE_IOERR_CHECKRESERVEDLOCK,
    SQLITE_IOERR_LOCK,
    SQLITE_IOERR_CLOSE,
    SQLITE_IOERR_DIR_CLOSE,
    SQLITE_IOERR_SHMOPEN,
    SQLITE_IOERR_SHMSIZE,
    SQLITE_IOERR_SHMLOCK,
    SQLITE_IOERR_SHMMAP,
    SQLITE_IOERR_SEEK,
    SQLITE_IOERR_DELETE_NOENT,
    SQLITE_IOERR_MMAP,
    SQLITE_IOERR_GETTEMPPATH,
    SQLITE_IOERR_CONVPATH,
    SQLITE_IOERR_VNODE,
    SQLITE_IOERR_AUTH,
    SQLITE_IOERR_BEGIN_ATOMIC,
    SQLITE_IOERR_COMMIT_ATOMIC,
    SQLITE_IOERR_ROLLBACK_ATOMIC,
    SQLITE_IOERR_DATA,
    SQLITE_IOERR_CORRUPTFS,
    SQLITE_IOERR_IN_PAGE,
    SQLITE_IOERR_BADKEY,
    SQLITE_IOERR_CODEC,
    SQLITE_LOCKED_SHAREDCACHE,
    SQLITE_LOCKED_VTAB,
    SQLITE_BUSY_RECOVERY,
    SQLITE_BUSY_SNAPSHOT,
    SQLITE_BUSY_TIMEOUT,
    SQLITE_CANTOPEN_NOTEMPDIR,
    SQLITE_CANTOPEN_ISDIR,
    SQLITE_CANTOPEN_FULLPATH,
    SQLITE_CANTOPEN_CONVPATH,
    SQLITE_CANTOPEN_DIRTYWAL,
    SQLITE_CANTOPEN_SYMLINK,
    SQLITE_CORRUPT_VTAB,
    SQLITE_CORRUPT_SEQUENCE,
    SQLITE_CORRUPT_INDEX,
    SQLITE_READONLY_RECOVERY,
    SQLITE_READONLY_CANTLOCK,
    SQLITE_READONLY_ROLLBACK,
    SQLITE_READONLY_DBMOVED,
    SQLITE_READONLY_CANTINIT,
    SQLITE_READONLY_DIRECTORY,
    SQLITE_ABORT_ROLLBACK,
    SQLITE_CONSTRAINT_CHECK,
    SQLITE_CONSTRAINT_COMMITHOOK,
    SQLITE_CONSTRAINT_FOREIGNKEY,
    SQLITE_CONSTRAINT_FUNCTION,
    SQLITE_CONSTRAINT_NOTNULL,
    SQLITE_CONSTRAINT_PRIMARYKEY,
    SQLITE_CONSTRAINT_TRIGGER,
    SQLITE_CONSTRAINT_UNIQUE,
    SQLITE_CONSTRAINT_VTAB,
    SQLITE_CONSTRAINT_ROWID,
    SQLITE_CONSTRAINT_PINNED,
    SQLITE_CONSTRAINT_DATATYPE,
    SQLITE_NOTICE_RECOVER_WAL,
    SQLITE_NOTICE_RECOVER_ROLLBACK,
    SQLITE_NOTICE_RBU,
    SQLITE_WARNING_AUTOINDEX,
    SQLITE_AUTH_USER,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names() {
        assert_eq!(code_name(ffi::SQLITE_CONSTRAINT_UNIQUE), "SQLITE_CONSTRAINT_UNIQUE");
        assert_eq!(code_name(ffi::SQLITE_ERROR), "SQLITE_ERROR");
        assert_eq!(code_name(ffi::SQLITE_BUSY), "SQLITE_BUSY");
        assert_eq!(code_name(ffi::SQLITE_CONSTRAINT | (99 << 8)), "SQLITE_CONSTRAINT (25363)");
        assert_eq!(code_name(250), "SQLite error 250");
    }
}
