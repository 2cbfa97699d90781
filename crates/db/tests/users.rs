//! Dashboard accounts in each database: the table is made on first use, an
//! account is added, replaced (role and hash) and removed, names are
//! case-sensitive, and history/audit introspection never shows the table.

use sluice_db::testing::{TestMysql, TestPg};
use sluice_migrate::{Driver, UserRow};

fn user(name: &str, role: &str, hash: &str) -> UserRow {
    UserRow {
        name: name.into(),
        role: role.into(),
        password_hash: hash.into(),
        created_at: String::new(),
    }
}

fn exercise(d: &mut dyn Driver) {
    assert!(d.users().unwrap().is_empty(), "no table yet: no accounts");
    assert!(!d.remove_user("ann").unwrap());
    d.put_user(&user("ann", "viewer", "$argon2id$one")).unwrap();
    d.put_user(&user("Ann", "admin", "$argon2id$two")).unwrap();
    d.put_user(&user("ann", "approver", "$argon2id$three")).unwrap();
    let users = d.users().unwrap();
    let got: Vec<(&str, &str, &str)> = users
        .iter()
        .map(|u| (u.name.as_str(), u.role.as_str(), u.password_hash.as_str()))
        .collect();
    assert_eq!(got, [("Ann", "admin", "$argon2id$two"), ("ann", "approver", "$argon2id$three")]);
    assert!(
        users.iter().all(|u| u.created_at.starts_with("20") && u.created_at.ends_with('Z')),
        "{users:?}"
    );
    // Parameters, not SQL text.
    d.put_user(&user("o'brien\"; DROP TABLE x; --", "viewer", "h")).unwrap();
    assert_eq!(d.users().unwrap().len(), 3);
    assert!(d.remove_user("ann").unwrap());
    assert!(!d.remove_user("ann").unwrap());
    assert_eq!(d.users().unwrap().len(), 2);
    assert!(d.introspect().unwrap().tables.is_empty(), "the accounts table is sluice's own");
}

#[test]
fn accounts_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let mut d =
        sluice_db::connect("sqlite://app.db", sluice_schema::Dialect::Sqlite, dir.path()).unwrap();
    exercise(d.as_mut());
}

#[test]
fn accounts_on_postgres() {
    let Some(pg) = TestPg::new() else { return };
    exercise(&mut pg.connect());
}

#[test]
fn accounts_on_mysql() {
    let Some(m) = TestMysql::new() else { return };
    exercise(&mut m.connect());
}
