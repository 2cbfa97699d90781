//! `kill -9` of `sluice apply` at random points of a 200-migration run.
//! After every kill, history must agree with the live tables (a table and
//! its rows exist exactly when its migration is recorded applied: nothing
//! half-applied), and the next run continues. Where DDL cannot run in a
//! transaction (MySQL), a stop inside a migration must be recorded as
//! dirty, refused by a plain `apply`, and finished by `apply --resume`.
//!
//! The kill delays come from a seeded generator: one kill in eight lands in
//! start-up, the others up to about 10 migrations after the run began
//! applying (the time per migration is measured first), so kills land
//! inside migrations, between them and in the bookkeeping after the last.

use super::common::sluice;
use super::*;
use predicates::prelude::*;
use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

const MIGRATIONS: usize = 200;
const ROWS: usize = 2;

#[derive(Debug, Default)]
struct Tally {
    trials: usize,
    /// Killed while running (the others had already finished).
    kills: usize,
    /// Killed after a migration started and before it finished.
    mid_migration: usize,
    /// Stops recorded as dirty (`failed` in history) and resumed.
    dirty_resumed: usize,
    /// Of those, resumed after the interrupted statement, which had taken
    /// effect (audit event `resumed`); the others ran it again.
    resumed_after_it: usize,
    /// Whole runs completed (the database is then reset).
    completed_runs: usize,
}

fn kill_apply_at_random_points(db: &Db, trials: usize, seed: u64) {
    let started = Instant::now();
    let tmp = table_project(db, MIGRATIONS, ROWS);
    let root = tmp.path();
    let logs = tempfile::tempdir().unwrap();

    // Two short runs, timed: a run's start-up and the time per migration,
    // from which the kill delays are drawn.
    let timed = |to: &str| {
        let t0 = Instant::now();
        sluice(root).args(["apply", "--to", to]).assert().success();
        t0.elapsed().as_secs_f64() * 1000.0
    };
    let (five, twenty) = (timed("5"), timed("25"));
    let per_migration = ((twenty - five) / 20.0).max(1.0);
    // With nothing to apply: start-up alone.
    let startup = timed("25");
    assert_eq!(table_state(db, root, MIGRATIONS, ROWS).unwrap().applied, 25);
    db.reset(root);

    let mut rng = Rng::seeded(&format!("{} kill -9 during apply", db.name()), seed);
    let mut tally = Tally::default();
    let mut progress = Vec::new();
    for trial in 0..trials {
        let ctx = format!("trial {trial} (seed {})", rng.0);
        let before = table_state(db, root, MIGRATIONS, ROWS).unwrap();
        let args: &[&str] =
            if before.failed.is_empty() { &["apply"] } else { &["apply", "--resume"] };
        if !before.failed.is_empty() {
            // A plain apply refuses a dirty database and says what to do.
            sluice(root)
                .arg("apply")
                .assert()
                .code(2)
                .stderr(predicate::str::contains("marked dirty in the history"))
                .stderr(predicate::str::contains("sluice apply --resume"));
            tally.dirty_resumed += 1;
        }
        let log = logs.path().join(format!("trial{trial}"));
        let mut child = spawn(root, args, &log);
        // One kill in eight during start-up (before the lock); the others
        // up to about 10 migrations after the run began applying.
        let delay = if rng.below(8) == 0 {
            Duration::from_millis(rng.below(startup as u64 + 1))
        } else {
            wait_for_line(&mut child, &log.with_extension("err"), "applying to ");
            let ahead = (MIGRATIONS - before.applied).min(10) as f64;
            Duration::from_millis(rng.below((ahead * per_migration) as u64 + 1))
        };
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
        }
        let status = child.wait().unwrap();
        // The server may still be finishing what the killed client sent.
        db.settle(root);
        let stderr = fs::read_to_string(log.with_extension("err")).unwrap();
        tally.trials += 1;
        if status.signal() == Some(9) {
            tally.kills += 1;
            if stderr.lines().last().is_some_and(|l| l.starts_with("applying 0")) {
                tally.mid_migration += 1;
            }
        } else {
            // It ended before the kill.
            assert!(status.success(), "{ctx}: apply failed without a kill:\n{stderr}");
        }
        let after = table_state(db, root, MIGRATIONS, ROWS)
            .unwrap_or_else(|e| panic!("{ctx}: after a kill at {delay:?}: {e}\n{stderr}"));
        if db.dialect != Dialect::Mysql {
            assert!(after.failed.is_empty(), "{ctx}: transactional apply left {:?}", after.failed);
        }
        assert!(after.applied >= before.applied, "{ctx}: applied migrations went away");
        progress.push(after.applied);
        if after.applied == MIGRATIONS {
            tally.completed_runs += 1;
            tally.resumed_after_it += resumed_events(db, root);
            db.reset(root);
        }
    }

    // The last state always completes.
    let state = table_state(db, root, MIGRATIONS, ROWS).unwrap();
    let mut finish = sluice(root);
    finish.arg("apply");
    if !state.failed.is_empty() {
        finish.arg("--resume");
    }
    finish.assert().success();
    assert_eq!(
        table_state(db, root, MIGRATIONS, ROWS).unwrap(),
        TableState { applied: MIGRATIONS, failed: vec![] }
    );
    sluice(root).arg("check").assert().success();
    tally.resumed_after_it += resumed_events(db, root);
    eprintln!(
        "{}: {tally:?}, start-up {startup:.0} ms, {per_migration:.1} ms per migration, test {:.1} s",
        db.name(),
        started.elapsed().as_secs_f64()
    );
    eprintln!("{}: applied after each trial: {progress:?}", db.name());
    assert!(tally.mid_migration > 0, "some kills landed inside a migration: {tally:?}");
}

fn resumed_events(db: &Db, root: &Path) -> usize {
    let audit = db.connect(root).audit().unwrap();
    audit.iter().filter(|a| a.event.event == "resumed").count()
}

/// Wait until the child wrote `line` to its stderr (or ended).
fn wait_for_line(child: &mut std::process::Child, stderr: &Path, line: &str) {
    while child.try_wait().unwrap().is_none() {
        if fs::read_to_string(stderr).unwrap_or_default().contains(line) {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn postgres_kill_9_during_apply_leaves_history_consistent() {
    let Some(db) = Db::postgres() else { return };
    kill_apply_at_random_points(&db, 50, 0x5eed_0001);
}

#[test]
fn sqlite_kill_9_during_apply_leaves_history_consistent() {
    kill_apply_at_random_points(&Db::sqlite(), 50, 0x5eed_0002);
}

#[test]
fn mysql_kill_9_during_apply_is_detected_and_resumed() {
    let Some(db) = Db::mysql() else { return };
    kill_apply_at_random_points(&db, 20, 0x5eed_0003);
}
