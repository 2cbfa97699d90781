//! Eight `sluice apply` started at once on one database with 50 pending
//! migrations: each migration is applied exactly once (history, audit and
//! table contents agree), every process exits 0, and the ones that did not
//! apply say why: they waited for the lock, or found nothing to do.

use super::common::concurrent;
use super::*;

const PROCESSES: usize = 8;
const MIGRATIONS: usize = 50;
const ROWS: usize = 3;

fn eight_applies_at_once(db: &Db) {
    let tmp = table_project(db, MIGRATIONS, ROWS);
    let root = tmp.path();
    let outputs = concurrent(root, PROCESSES, &["apply"]);
    let mut applied_total = 0;
    let mut appliers = 0;
    let mut waited = 0;
    for (k, out) in outputs.iter().enumerate() {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "process {k} failed:\n{stdout}\n{stderr}");
        let applied = stderr.lines().filter(|l| l.starts_with("applied 0")).count();
        if applied > 0 {
            assert!(stdout.contains(&format!("applied {applied} migration(s)")), "{stdout}");
            appliers += 1;
        } else {
            assert!(
                stdout.contains("Nothing to apply: the database is up to date"),
                "process {k} applied nothing and did not say why:\n{stdout}\n{stderr}"
            );
        }
        if stderr.contains("waiting for another `sluice apply` to finish") {
            assert!(stderr.contains("lock acquired"), "{stderr}");
            waited += 1;
        }
        applied_total += applied;
    }
    eprintln!(
        "{}: {PROCESSES} processes, {appliers} applied, {waited} waited for the lock",
        db.name()
    );
    assert_eq!(applied_total, MIGRATIONS, "each migration applied once in all");
    assert!(waited >= 1, "with {PROCESSES} at once, some waited for the lock and said so");
    // History, audit (one `applied` event each) and tables agree.
    let state = table_state(db, root, MIGRATIONS, ROWS).unwrap();
    assert_eq!(state, TableState { applied: MIGRATIONS, failed: vec![] });
    // Nothing is left to do, and the database matches the migrations.
    sluice_cmd(root, &["check"]).assert().success();
}

fn sluice_cmd(root: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut c = super::common::sluice(root);
    c.args(args);
    c
}

#[test]
fn postgres_eight_applies_at_once_apply_each_migration_once() {
    let Some(db) = Db::postgres() else { return };
    eight_applies_at_once(&db);
}

#[test]
fn sqlite_eight_applies_at_once_apply_each_migration_once() {
    eight_applies_at_once(&Db::sqlite());
}

#[test]
fn mysql_eight_applies_at_once_apply_each_migration_once() {
    let Some(db) = Db::mysql() else { return };
    eight_applies_at_once(&db);
}
