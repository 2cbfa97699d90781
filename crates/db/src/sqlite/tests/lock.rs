//! The migration lock: two drivers on one file exclude each other; the
//! lock is released by `unlock`, by dropping the driver, and by the death
//! of the process holding it (tested with a child process running this
//! test binary, see [`lock_helper_process`]).

use super::*;
use crate::sqlite::sidecar_path;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

#[test]
fn two_drivers_on_one_file_exclude_each_other() {
    let dir = project();
    let mut a = open_in(dir.path(), "dev.db");
    let mut b = open_in(dir.path(), "dev.db");
    assert!(a.try_lock().unwrap(), "first taker gets it");
    assert!(a.try_lock().unwrap(), "taking it again is fine");
    assert!(!b.try_lock().unwrap(), "second taker does not");
    assert!(sidecar_path(&dir.path().join("dev.db")).is_file());
    a.unlock().unwrap();
    assert!(b.try_lock().unwrap(), "released by unlock");
    assert!(!a.try_lock().unwrap());
    drop(b);
    assert!(a.try_lock().unwrap(), "released when the holder is dropped");
    a.unlock().unwrap();
    a.unlock().unwrap();
}

#[test]
fn the_lock_is_per_database() {
    let dir = project();
    let mut a = open_in(dir.path(), "one.db");
    let mut b = open_in(dir.path(), "two.db");
    assert!(a.try_lock().unwrap());
    assert!(b.try_lock().unwrap());
}

#[test]
fn in_memory_locks_are_always_free() {
    let mut a = memory();
    let mut b = memory();
    assert!(a.try_lock().unwrap());
    assert!(b.try_lock().unwrap());
    a.unlock().unwrap();
}

/// Not a test of its own: when SLUICE_LOCK_HELPER names a database, this
/// runs as a child process of [`the_lock_spans_processes`]. It tries the
/// lock, prints `locked=true|false`, then holds it until its stdin closes
/// or it is killed.
#[test]
fn lock_helper_process() {
    let Ok(db) = std::env::var("SLUICE_LOCK_HELPER") else { return };
    let mut d = SqliteDriver::open(&format!("sqlite://{db}"), Path::new("/")).expect("open");
    let locked = d.try_lock().expect("try_lock");
    println!("locked={locked}");
    std::io::stdout().flush().unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// Start the helper on `db`; returns it and its answer.
fn helper(db: &Path) -> (Child, bool) {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "sqlite::tests::lock::lock_helper_process", "--nocapture", "--quiet"])
        .arg("--test-threads=1")
        .env("SLUICE_LOCK_HELPER", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the helper");
    let out = BufReader::new(child.stdout.take().unwrap());
    for line in out.lines() {
        let line = line.expect("helper output");
        if let Some(v) = line.trim().strip_prefix("locked=") {
            return (child, v == "true");
        }
    }
    let status = child.wait();
    panic!("the helper printed no answer ({status:?})");
}

#[test]
fn the_lock_spans_processes() {
    let dir = project();
    let db = dir.path().join("dev.db");
    let mut d = open_in(dir.path(), "dev.db");

    // Held here: another process cannot take it.
    assert!(d.try_lock().unwrap());
    let (mut child, locked) = helper(&db);
    assert!(!locked, "a second process must not get the lock");
    drop(child.stdin.take());
    child.wait().unwrap();

    // Released here: the other process gets it, and we do not.
    d.unlock().unwrap();
    let (mut child, locked) = helper(&db);
    assert!(locked, "the lock is free after unlock");
    assert!(!d.try_lock().unwrap(), "the child holds it now");

    // The holder dies without unlocking: the lock is free again.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(d.try_lock().unwrap(), "a dead process's lock is released");
}
