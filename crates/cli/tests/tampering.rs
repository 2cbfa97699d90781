//! Tampering and branches, table-driven: every way the migrations folder
//! can be changed behind sluice's back (edited, removed, renamed,
//! renumbered, reordered, added by hand, two branches merged, the sum file
//! edited or missing, a snapshot edited, an approval copied) is run through
//! every command that reads `migrations/`, and each one must refuse with
//! the named error and its fix. The applied-migration cases (the folder
//! re-sealed with `rehash`, so only the database's history can tell) run on
//! SQLite and on PostgreSQL.

mod common;

use common::*;
use sluice_db::testing::TestPg;
use std::fs;
use std::path::{Path, PathBuf};

const V1: &str = "CREATE TABLE a (id integer PRIMARY KEY);\n";
const V2: &str =
    "CREATE TABLE a (id integer PRIMARY KEY);\nCREATE TABLE b (id integer PRIMARY KEY);\n";
const V3: &str = "CREATE TABLE a (id integer PRIMARY KEY);\nCREATE TABLE b (id integer PRIMARY KEY);\nCREATE TABLE c (id integer PRIMARY KEY);\n";

/// Migrations 0001_a, 0002_b, 0003_c; the first two applied to [env.dev],
/// 0001_a and 0002_b approved by ann. `prod` (a second database) needs one approval.
fn setup(dialect: &str, urls: [&str; 2]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir(root.join("schema")).unwrap();
    fs::write(
        root.join("sluice.toml"),
        format!(
            "dialect = \"{dialect}\"\nschema = [\"schema/*.sql\"]\nmigrations = \"migrations\"\n\n\
             [env.dev]\nurl = \"{}\"\n\n[env.prod]\nurl = \"{}\"\nrequire_approvals = 1\n",
            urls[0], urls[1]
        ),
    )
    .unwrap();
    for (schema, name) in [(V1, "a"), (V2, "b"), (V3, "c")] {
        fs::write(root.join("schema/app.sql"), schema).unwrap();
        sluice(root).args(["generate", "--name", name]).assert().success();
    }
    sluice(root).args(["apply", "--to", "0002"]).assert().success();
    for v in ["0001", "0002"] {
        sluice(root).args(["approve", v, "--as", "ann"]).assert().success();
    }
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn m(root: &Path, dir: &str) -> PathBuf {
    root.join("migrations").join(dir)
}

fn rehash(root: &Path) {
    sluice(root).arg("rehash").assert().success();
}

/// Every command that reads migrations/, with the arguments that make it
/// do its work on the fixture.
const ALL: &[&[&str]] = &[
    &["generate"],
    &["apply"],
    &["status"],
    &["lint"],
    &["review", "0003"],
    &["approve", "0003", "--as", "bob"],
    &["reject", "0003", "--as", "bob", "--comment", "no"],
    &["rollback"],
    &["check"],
    &["migrate"],
    &["diff", "0001", "schema"],
    &["baseline"],
];

/// The commands that compare the folder with a database's history.
const DB: &[&[&str]] = &[&["apply"], &["status"], &["check"], &["rollback"], &["migrate"]];

/// The same but rollback: undoing the newest migration is one way out of
/// an out-of-order pending migration, so rollback allows it.
const DB_ORDER: &[&[&str]] = &[&["apply"], &["status"], &["check"], &["migrate"]];

/// The commands that decide whether a migration may run in `prod`.
const GATE: &[&[&str]] = &[
    &["apply", "--env", "prod"],
    &["migrate", "--env", "prod"],
    &["review", "0003", "--env", "prod"],
];

struct Case {
    name: &'static str,
    /// Commands it must stop.
    commands: &'static [&'static [&'static str]],
    tamper: fn(&Path),
    /// The named error and (a part of) its fix.
    error: &'static str,
    fix: &'static str,
}

fn folder_cases() -> Vec<Case> {
    vec![
        Case {
            name: "applied up.sql edited",
            commands: ALL,
            tamper: |r| fs::write(m(r, "0001_a/up.sql"), "DROP TABLE a;\n").unwrap(),
            error: "migration 0001_a was edited after it was generated",
            fix: "put the change in a new migration",
        },
        Case {
            name: "down.sql edited",
            commands: ALL,
            tamper: |r| fs::write(m(r, "0002_b/down.sql"), "SELECT 1;\n").unwrap(),
            error: "migration 0002_b was edited after it was generated",
            fix: "restore it from version control",
        },
        Case {
            name: "snapshot edited by hand",
            commands: ALL,
            tamper: |r| {
                let p = m(r, "0003_c/snapshot.json");
                let s = fs::read_to_string(&p).unwrap().replace("\"c\"", "\"cc\"");
                fs::write(p, s).unwrap()
            },
            error: "migration 0003_c was edited after it was generated",
            fix: "restore it from version control",
        },
        Case {
            name: "applied migration deleted",
            commands: ALL,
            tamper: |r| fs::remove_dir_all(m(r, "0002_b")).unwrap(),
            error: "migration 0002_b is sealed in sluice.sum but its folder is missing",
            fix: "restore 0002_b from version control",
        },
        Case {
            name: "renamed",
            commands: ALL,
            tamper: |r| fs::rename(m(r, "0002_b"), m(r, "0002_bee")).unwrap(),
            error: "migration 0002_b was renamed or renumbered to 0002_bee",
            fix: "restore the folder name 0002_b",
        },
        Case {
            name: "renumbered",
            commands: ALL,
            tamper: |r| fs::rename(m(r, "0003_c"), m(r, "0004_c")).unwrap(),
            error: "migration 0003_c was renamed or renumbered to 0004_c",
            fix: "restore the folder name 0003_c",
        },
        Case {
            name: "reordered",
            commands: ALL,
            tamper: |r| {
                fs::rename(m(r, "0002_b"), m(r, "0003_b")).unwrap();
                fs::rename(m(r, "0003_c"), m(r, "0002_c")).unwrap();
            },
            error: "migration 0002_b was renamed or renumbered to 0003_b",
            fix: "restore the folder name 0002_b",
        },
        Case {
            name: "added by hand",
            commands: ALL,
            tamper: |r| {
                fs::create_dir(m(r, "0004_hand")).unwrap();
                fs::write(m(r, "0004_hand/up.sql"), "CREATE TABLE h (x int);\n").unwrap();
            },
            error: "migration 0004_hand is not sealed in sluice.sum",
            fix: "migrations should be created by `sluice generate`",
        },
        Case {
            name: "two branches each added 0003 (merged folder and sum)",
            commands: ALL,
            tamper: |r| {
                copy_dir(&m(r, "0003_c"), &m(r, "0003_other"));
                fs::write(m(r, "0003_other/up.sql"), "CREATE TABLE other (x int);\n").unwrap();
                let sum = fs::read_to_string(r.join("migrations/sluice.sum")).unwrap();
                let (head, last) = sum.trim_end().rsplit_once('\n').unwrap();
                let theirs = last.replace("0003_c", "0003_other");
                fs::write(
                    r.join("migrations/sluice.sum"),
                    format!("{head}\n<<<<<<< HEAD\n{last}\n=======\n{theirs}\n>>>>>>> other\n"),
                )
                .unwrap();
            },
            error: "two migrations share version 3: 0003_c and 0003_other",
            fix: "renumber the migration that has not been applied anywhere",
        },
        Case {
            name: "sum file with merge conflict markers",
            commands: ALL,
            tamper: |r| {
                let sum = fs::read_to_string(r.join("migrations/sluice.sum")).unwrap();
                let (head, last) = sum.trim_end().rsplit_once('\n').unwrap();
                fs::write(
                    r.join("migrations/sluice.sum"),
                    format!("{head}\n<<<<<<< HEAD\n{last}\n=======\n>>>>>>> other\n"),
                )
                .unwrap();
            },
            error: "sluice.sum line 5: merge conflict marker",
            fix: "renumber the other branch's migrations after the newest one",
        },
        Case {
            name: "sum file edited",
            commands: ALL,
            tamper: |r| {
                let p = r.join("migrations/sluice.sum");
                let sum = fs::read_to_string(&p).unwrap();
                let i = sum.rfind("c1:").unwrap() + 3;
                let flipped = if &sum[i..i + 1] == "0" { "1" } else { "0" };
                fs::write(&p, format!("{}{flipped}{}", &sum[..i], &sum[i + 1..])).unwrap();
            },
            error: "sluice.sum chain does not verify at 0003_c",
            fix: "restore sluice.sum from version control",
        },
        Case {
            name: "sum file deleted",
            commands: ALL,
            tamper: |r| fs::remove_file(r.join("migrations/sluice.sum")).unwrap(),
            error: "sluice.sum is missing but the folder has 3 migration(s)",
            fix: "run `sluice rehash`",
        },
        Case {
            name: "approval copied to another migration",
            commands: GATE,
            tamper: |r| {
                // 0002's review (approved by ann) copied under 0003, whose
                // up.sql is made identical to 0002's, so the checksum alone
                // cannot tell them apart.
                fs::copy(m(r, "0002_b/review.toml"), m(r, "0003_c/review.toml")).unwrap();
                fs::copy(m(r, "0002_b/up.sql"), m(r, "0003_c/up.sql")).unwrap();
                rehash(r);
            },
            error: "given for migration 0002_b",
            fix: "sluice approve 0003_c",
        },
    ]
}

/// The applied-migration cases: the folder is re-sealed after the change,
/// so only the history in the database can tell.
fn applied_cases() -> Vec<Case> {
    vec![
        Case {
            name: "applied up.sql edited and re-sealed",
            commands: DB,
            tamper: |r| {
                fs::write(m(r, "0001_a/up.sql"), "CREATE TABLE a (id integer);\n").unwrap();
                rehash(r);
            },
            error: "migration 0001_a was applied with a different up.sql",
            fix: "restore up.sql from version control",
        },
        Case {
            name: "applied migration deleted and re-sealed",
            commands: DB,
            tamper: |r| {
                fs::remove_dir_all(m(r, "0002_b")).unwrap();
                rehash(r);
            },
            error:
                "migration 0002_b is applied in the database but missing from the migrations folder",
            fix: "restore the migration folder from version control",
        },
        Case {
            name: "applied migration renamed and re-sealed",
            commands: DB,
            tamper: |r| {
                fs::rename(m(r, "0002_b"), m(r, "0002_bee")).unwrap();
                rehash(r);
            },
            error:
                "migration 0002_b is applied in the database, but its folder is now named 0002_bee",
            fix: "rename the folder back to 0002_b",
        },
        Case {
            name: "applied migrations reordered and re-sealed",
            commands: DB,
            tamper: |r| {
                fs::rename(m(r, "0002_b"), m(r, "0003_b")).unwrap();
                fs::rename(m(r, "0003_c"), m(r, "0002_c")).unwrap();
                rehash(r);
            },
            error:
                "migration 0002_b is applied in the database, but its folder is now named 0002_c",
            fix: "rename the folder back to 0002_b",
        },
        Case {
            name: "two branches: a merged migration older than the newest applied one",
            commands: DB_ORDER,
            tamper: |r| {
                // The other branch's 0004 was applied to this database; ours
                // is 0003 and has not run.
                fs::rename(m(r, "0003_c"), m(r, "0004_c")).unwrap();
                rehash(r);
                sluice(r).arg("apply").assert().success();
                fs::create_dir(m(r, "0003_ours")).unwrap();
                fs::write(m(r, "0003_ours/up.sql"), "CREATE TABLE ours (x integer);\n").unwrap();
                rehash(r);
            },
            error: "migration 0003_ours is pending but 0004 is already applied",
            fix: "renumber the pending migration after the newest applied one",
        },
    ]
}

/// Run each case's commands on a fresh copy of the fixture; every one must
/// fail naming the error and the fix. Returns the number of (case, command)
/// pairs checked.
fn run_cases(cases: &[Case], fresh: &mut dyn FnMut() -> tempfile::TempDir) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases {
        for cmd in case.commands {
            let project = fresh();
            let root = project.path();
            (case.tamper)(root);
            let before = snapshot_files(root);
            let out = sluice(root).args(*cmd).output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let mut why = Vec::new();
            if out.status.success() {
                why.push("exit 0".to_string());
            }
            if !text.contains(case.error) {
                why.push(format!("no `{}`", case.error));
            }
            if !text.contains(case.fix) {
                why.push(format!("no fix `{}`", case.fix));
            }
            if snapshot_files(root) != before {
                why.push("it changed the migrations folder".into());
            }
            if !why.is_empty() {
                failures.push(format!(
                    "{} / sluice {}: {}\n{text}",
                    case.name,
                    cmd.join(" "),
                    why.join(", ")
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} not refused:\n{}",
        failures.len(),
        failures.join("\n")
    );
    checked
}

/// Every file under migrations/ with its content, to see that a refusing
/// command wrote nothing.
fn snapshot_files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(p: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(rd) = fs::read_dir(p) else { return };
        for e in rd {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), out);
            } else {
                out.push((e.path(), fs::read(e.path()).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("migrations"), &mut out);
    out.sort();
    out
}

#[test]
fn every_tampering_is_refused_by_every_command_on_sqlite() {
    let template = setup("sqlite", ["sqlite://dev.db", "sqlite://prod.db"]);
    let mut fresh = || {
        let t = tempfile::tempdir().unwrap();
        copy_dir(template.path(), t.path());
        t
    };
    let folder = run_cases(&folder_cases(), &mut fresh);
    let applied = run_cases(&applied_cases(), &mut fresh);
    println!("sqlite: {folder} folder and {applied} history (case, command) pairs refused");
    assert_eq!(folder, 12 * ALL.len() + GATE.len());
    assert_eq!(applied, 4 * DB.len() + DB_ORDER.len());
}

#[test]
fn applied_migration_tampering_is_refused_on_postgres() {
    let Some(probe) = TestPg::new() else { return };
    drop(probe);
    let mut dbs = Vec::new();
    let mut fresh = || {
        let dev = TestPg::new().expect("the server answered a moment ago");
        let prod = TestPg::new().expect("the server answered a moment ago");
        let t = setup("postgres", [dev.url(), prod.url()]);
        dbs.push((dev, prod));
        t
    };
    let applied = run_cases(&applied_cases(), &mut fresh);
    println!("postgres: {applied} history (case, command) pairs refused");
    assert_eq!(applied, 4 * DB.len() + DB_ORDER.len());
}
