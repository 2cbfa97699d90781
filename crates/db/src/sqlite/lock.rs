//! The migration lock for a SQLite database: an exclusive advisory lock on
//! a sidecar file `<db>.sluice-lock` beside the database.
//!
//! Why not SQLite's own write lock (`BEGIN IMMEDIATE`): an apply spans many
//! transactions (one per migration, plus statements that must run outside
//! any transaction, such as `PRAGMA foreign_keys=OFF` around a table
//! rebuild), and SQLite's lock lasts one transaction. Between two of them a
//! second `sluice apply` could slip in, read the same history and run the
//! same migration. The sidecar lock is held for the whole run.
//!
//! Why a file lock (`flock` on Unix, `LockFileEx` on Windows, through
//! `std::fs::File::try_lock`): the operating system releases it when the
//! process dies, however it dies, so a crashed apply never leaves the
//! database locked. It is taken per open file, so two drivers in one
//! process exclude each other too. The sidecar file is created when first
//! needed and never deleted: deleting a lock file while another process
//! has it open would let two processes each lock a different file. It is
//! empty and may be ignored in version control.
//!
//! It only serializes sluice runs; other writers are kept out of a
//! migration by its `BEGIN IMMEDIATE` transaction. An in-memory database is
//! private to its connection, so its lock is always free.

use sluice_migrate::{DbError, DbResult};
use std::ffi::OsString;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

pub struct MigrationLock {
    /// The sidecar file; `None` for an in-memory database.
    path: Option<PathBuf>,
    /// The open sidecar while the lock is held.
    held: Option<File>,
}

/// `<db>.sluice-lock`, beside the database file.
pub fn sidecar_path(db: &Path) -> PathBuf {
    let mut s = OsString::from(db.as_os_str());
    s.push(".sluice-lock");
    PathBuf::from(s)
}

impl MigrationLock {
    pub fn for_database(db: Option<&Path>) -> Self {
        MigrationLock { path: db.map(sidecar_path), held: None }
    }

    /// Take the lock without waiting; false when another holder has it.
    /// Taking a lock this driver already holds succeeds.
    pub fn try_lock(&mut self) -> DbResult<bool> {
        let Some(path) = &self.path else { return Ok(true) };
        if self.held.is_some() {
            return Ok(true);
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| {
                DbError::Other(format!("cannot open the lock file {}: {e}", path.display()))
            })?;
        match file.try_lock() {
            Ok(()) => {
                self.held = Some(file);
                Ok(true)
            }
            Err(TryLockError::WouldBlock) => Ok(false),
            Err(TryLockError::Error(e)) => Err(DbError::Other(format!(
                "cannot lock {}: {e} (the file system may not support locks)",
                path.display()
            ))),
        }
    }

    /// Release the lock if held (closing the file releases it too).
    pub fn unlock(&mut self) -> DbResult<()> {
        if let Some(file) = self.held.take() {
            file.unlock().map_err(|e| {
                let path = self.path.as_deref().unwrap_or(Path::new("?"));
                DbError::Other(format!("cannot unlock {}: {e}", path.display()))
            })?;
        }
        Ok(())
    }
}
