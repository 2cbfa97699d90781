//! Opening databases: the URL forms, the file created on first use, the
//! missing-folder and not-a-database errors, and the session settings.

use super::*;
use crate::connect;
use sluice_migrate::DbError;
use sluice_schema::Dialect;

#[test]
fn relative_urls_are_relative_to_the_project_folder() {
    let dir = project();
    let d = open_in(dir.path(), "dev.db");
    assert_eq!(d.path(), Some(dir.path().join("dev.db").as_path()));
    assert!(dir.path().join("dev.db").is_file(), "the file is created");
    assert_eq!(d.redacted_url(), "sqlite://dev.db");
    assert_eq!(d.dialect(), Dialect::Sqlite);
}

#[test]
fn absolute_and_memory_urls() {
    let dir = project();
    let abs = dir.path().join("abs.db");
    let d = SqliteDriver::open(&format!("sqlite://{}", abs.display()), Path::new("/elsewhere"))
        .expect("absolute path");
    assert_eq!(d.path(), Some(abs.as_path()));
    for url in ["sqlite::memory:", "sqlite://:memory:"] {
        let d = SqliteDriver::open(url, dir.path()).expect("memory");
        assert_eq!(d.path(), None);
    }
    // Two in-memory drivers are two databases.
    let mut a = memory();
    let mut b = memory();
    a.execute("CREATE TABLE t (x)").unwrap();
    assert!(b.execute("SELECT * FROM t").is_err());
}

#[test]
fn through_connect() {
    let dir = project();
    let mut d = connect("sqlite://c.db", Dialect::Sqlite, dir.path()).expect("connect");
    d.execute("CREATE TABLE t (x)").unwrap();
    assert!(dir.path().join("c.db").is_file());
    let d = connect("sqlite::memory:", Dialect::Sqlite, dir.path()).expect("memory via connect");
    assert_eq!(d.dialect(), Dialect::Sqlite);
    let e =
        connect("sqlite://c.db", Dialect::Postgres, dir.path()).err().expect("dialect mismatch");
    assert!(e.to_string().contains("sluice.toml says"), "{e}");
}

#[test]
fn a_missing_folder_is_an_error_naming_it() {
    let dir = project();
    let e = SqliteDriver::open("sqlite://no/such/dev.db", dir.path()).err().expect("must fail");
    let DbError::Connect { url, message } = &e else { panic!("{e:?}") };
    assert_eq!(url, "sqlite://no/such/dev.db");
    let folder = dir.path().join("no/such");
    assert!(message.contains(&folder.display().to_string()), "{message}");
    assert!(message.contains("does not exist"), "{message}");
    assert!(!dir.path().join("no").exists(), "no folder is created");
}

#[test]
fn a_folder_or_a_non_database_file_is_refused() {
    let dir = project();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let e = SqliteDriver::open("sqlite://sub", dir.path()).err().expect("a folder");
    assert!(e.to_string().contains("is a folder"), "{e}");
    std::fs::write(dir.path().join("notes.txt"), "not a database, just some text ".repeat(40))
        .unwrap();
    let e = SqliteDriver::open("sqlite://notes.txt", dir.path()).err().expect("not a database");
    let text = e.to_string();
    assert!(text.contains("not a database") && text.contains("notes.txt"), "{text}");
}

#[test]
fn sessions_enforce_foreign_keys_and_wait_for_writers() {
    let dir = project();
    let d = open_in(dir.path(), "fk.db");
    let on: i64 = d.connection().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(on, 1);
    let mut d: Box<dyn Driver> = Box::new(d);
    d.execute("CREATE TABLE p (id integer PRIMARY KEY)").unwrap();
    d.execute("CREATE TABLE c (p integer REFERENCES p (id))").unwrap();
    let e = d.execute("INSERT INTO c VALUES (1)").unwrap_err();
    assert!(
        matches!(&e, DbError::Statement { code: Some(c), .. } if c == "SQLITE_CONSTRAINT_FOREIGNKEY"),
        "{e:?}"
    );
    let d2 = open_in(dir.path(), "fk.db");
    let ms: i64 = d2.connection().query_row("PRAGMA busy_timeout", [], |r| r.get(0)).unwrap();
    assert_eq!(ms, 5000);
}
