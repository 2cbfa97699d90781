//! Bad state: each gives a clear error (what, where, what to do; exit 2)
//! and leaves nothing half-done.
//! - the database unreachable (PostgreSQL, MySQL, a SQLite file in a
//!   missing folder);
//! - the connection dropped mid-apply (`pg_terminate_backend` while a
//!   migration runs `pg_sleep`);
//! - a full or read-only migrations folder (a small tmpfs mounted on it,
//!   remounted read-only: root ignores file modes, not a read-only mount);
//!   an apply that cannot record its outcome there says the database work
//!   was done, and the next apply records it;
//! - the migration lock held by a session that then dies (PostgreSQL
//!   advisory lock, SQLite lock file, MySQL `GET_LOCK`), and held by a live
//!   one (a timeout that says what holds it).

use super::common::{custom, sluice};
use super::*;
use predicates::prelude::*;
use std::process::Command;
use std::time::{Duration, Instant};

const SECRET: &str = "s3cret-pw";

fn unreachable_database_is_named_without_its_password(dialect: &str, url: &str) {
    let db_stub = Db::at(Dialect::Sqlite, url);
    let tmp = project(&db_stub, "", "");
    let toml = fs::read_to_string(tmp.path().join("sluice.toml")).unwrap();
    fs::write(
        tmp.path().join("sluice.toml"),
        toml.replace("dialect = \"sqlite\"", &format!("dialect = \"{dialect}\"")),
    )
    .unwrap();
    let root = tmp.path();
    fs::write(root.join("schema/app.sql"), "CREATE TABLE a (id integer PRIMARY KEY);\n").unwrap();
    sluice(root).arg("generate").assert().success();
    for cmd in ["apply", "status", "check", "rollback"] {
        let out = sluice(root).arg(cmd).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.contains("cannot connect to") || stderr.contains("cannot open"),
            "{cmd}: {stderr}"
        );
        assert!(stderr.contains("help: check [env.dev] url"), "{cmd}: {stderr}");
        assert!(!stderr.contains(SECRET), "{cmd}: the password leaked:\n{stderr}");
    }
    // Nothing was written.
    assert_eq!(fs::read_dir(root.join("migrations")).unwrap().count(), 2);
}

#[test]
fn unreachable_postgres_fails_clearly() {
    // Port 1 on the loopback: nothing listens there.
    unreachable_database_is_named_without_its_password(
        "postgres",
        &format!("postgres://app:{SECRET}@127.0.0.1:1/app?connect_timeout=2"),
    );
}

#[test]
fn unreachable_mysql_fails_clearly() {
    unreachable_database_is_named_without_its_password(
        "mysql",
        &format!("mysql://app:{SECRET}@127.0.0.1:1/app"),
    );
}

#[test]
fn sqlite_in_a_missing_folder_fails_clearly() {
    unreachable_database_is_named_without_its_password(
        "sqlite",
        "sqlite:///nonexistent-folder/app.db",
    );
}

/// The PostgreSQL sessions of `db` running a statement that contains `what`.
fn backends_running(admin: &mut dyn Driver, db: &str, what: &str) -> Vec<String> {
    admin
        .query_rows(&format!(
            "SELECT pid FROM pg_stat_activity WHERE datname = '{db}' AND query LIKE '%{what}%' \
             AND pid <> pg_backend_pid()"
        ))
        .unwrap()
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

#[test]
fn postgres_connection_dropped_mid_apply() {
    let Some(pg) = TestPg::new() else { return };
    let db = Db::at(Dialect::Postgres, pg.url());
    let tmp = project(&db, "", "");
    let root = tmp.path();
    custom(root, "first", "CREATE TABLE first (id int);\n");
    // Sleeps until the test's control table says not to.
    custom(
        root,
        "slow",
        "CREATE TABLE slow (id int);\nINSERT INTO slow VALUES (1);\n\
         SELECT pg_sleep(60) WHERE NOT EXISTS (SELECT FROM pg_tables WHERE tablename = 'fast_please');\n",
    );
    let log = root.join("apply");
    let mut child = spawn(root, &["apply"], &log);
    let mut admin = db.connect(root);
    let start = Instant::now();
    let pids = loop {
        let pids = backends_running(admin.as_mut(), pg.name(), "pg_sleep(60)");
        if !pids.is_empty() || start.elapsed() > Duration::from_secs(30) {
            break pids;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(pids.len(), 1, "the apply's session runs pg_sleep");
    admin.execute(&format!("SELECT pg_terminate_backend({})", pids[0])).unwrap();
    let status = child.wait().unwrap();
    let stderr = fs::read_to_string(log.with_extension("err")).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("0002_slow/up.sql:3:1: statement 3 of 3 failed"), "{stderr}");
    assert!(stderr.contains("terminating connection"), "{stderr}");
    assert!(stderr.contains("help: nothing of this migration was kept"), "{stderr}");
    // History: the first applied, nothing of the second; no dirty row.
    let mut d = db.connect(root);
    let history = d.history().unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!((history[0].version, history[0].state), (1, HistoryState::Applied));
    assert_eq!(
        super::common::scalar(
            d.as_mut(),
            "SELECT count(*) FROM pg_tables WHERE tablename = 'slow'"
        ),
        "0"
    );
    // Run again: it completes.
    d.execute("CREATE TABLE fast_please (x int)").unwrap();
    sluice(root).arg("apply").assert().success();
    d.execute("DROP TABLE fast_please").unwrap();
    assert_eq!(super::common::scalar(d.as_mut(), "SELECT count(*) FROM slow"), "1");
    drop(pg);
}

/// A tmpfs of `size` mounted on `path`, unmounted on drop; `None` (after
/// saying why) where mounting is not permitted.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(path: &Path, size: &str) -> Option<Mount> {
        fs::create_dir_all(path).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Mount(path.to_path_buf())),
            Ok(o) => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs (needs root): {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: cannot run mount: {e}");
                None
            }
        }
    }
    fn read_only(&self) {
        self.remount("ro");
    }
    fn writable(&self) {
        self.remount("rw");
    }
    fn remount(&self, how: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&self.0)
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount {how}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Every file under `dir` with its bytes (hidden ones too).
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(tree(&p));
        } else {
            out.push((p.display().to_string(), fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

fn many_tables(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "CREATE TABLE wide_{i} (id integer PRIMARY KEY, name text NOT NULL, note text);\n"
            )
        })
        .collect()
}

#[test]
fn full_migrations_folder_leaves_nothing_half_written() {
    let db = Db::sqlite();
    let tmp = project(&db, "CREATE TABLE a (id integer PRIMARY KEY);\n", "");
    let root = tmp.path();
    let Some(mount) = Mount::tmpfs(&root.join("migrations"), "256k") else { return };
    sluice(root).arg("generate").assert().success();
    let before = tree(&root.join("migrations"));
    // Fill what is left but a little.
    let filler = root.join("migrations/filler.bin");
    let mut size = 256 * 1024;
    while size >= 512 {
        let mut f = fs::OpenOptions::new().append(true).create(true).open(&filler).unwrap();
        if std::io::Write::write_all(&mut f, &vec![0u8; size]).is_err() {
            size /= 2;
        }
    }
    fs::write(root.join("schema/app.sql"), many_tables(20)).unwrap();
    sluice(root)
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("No space left on device"))
        .stderr(predicate::str::contains("migrations"))
        .stderr(predicate::str::contains("help: free space on the disk"));
    fs::remove_file(&filler).unwrap();
    assert_eq!(tree(&root.join("migrations")), before, "nothing half-written, sum intact");
    // With space again, it works.
    sluice(root).arg("generate").assert().success();
    sluice(root).arg("apply").assert().success();
    drop(mount);
}

#[test]
fn read_only_migrations_folder_leaves_nothing_half_written() {
    let db = Db::sqlite();
    let tmp = project(&db, "CREATE TABLE a (id integer PRIMARY KEY);\n", "");
    let root = tmp.path();
    let Some(mount) = Mount::tmpfs(&root.join("migrations"), "1m") else { return };
    sluice(root).arg("generate").assert().success();
    sluice(root).arg("approve").arg("0001").assert().success();
    let before = tree(&root.join("migrations"));
    mount.read_only();
    fs::write(root.join("schema/app.sql"), many_tables(3)).unwrap();
    for args in [&["generate"][..], &["generate", "--custom"], &["approve", "0001", "--as", "bob"]]
    {
        let out = sluice(root).args(args).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains("Read-only file system"), "{args:?}: {stderr}");
        assert!(stderr.contains("migrations"), "{args:?}: names where: {stderr}");
    }
    sluice(root)
        .arg("generate")
        .assert()
        .stderr(predicate::str::contains("help: make the migrations folder writable"));
    assert_eq!(tree(&root.join("migrations")), before, "nothing changed");

    // Apply reads the folder and records the outcome in review.toml: the
    // database work is done, and the error says so.
    sluice(root)
        .arg("apply")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the migrations were applied (see `sluice history`), but recording it afterwards failed",
        ))
        .stderr(predicate::str::contains("Read-only file system"))
        .stderr(predicate::str::contains("`sluice apply` then records what is missing"));
    let mut d = db.connect(root);
    assert_eq!(d.history().unwrap()[0].state, HistoryState::Applied);
    assert_eq!(tree(&root.join("migrations")), before, "nothing changed");
    mount.writable();
    // Writable again: the next apply has nothing to run and records it.
    sluice(root)
        .arg("apply")
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to apply"));
    let review =
        fs::read_to_string(root.join("migrations/0001_create_table_a/review.toml")).unwrap();
    assert!(review.contains("[env.dev]") && review.contains("state = \"applied\""), "{review}");
    drop(mount);
}

/// A lock of a dead session is free; a live holder makes apply time out
/// with exit 2 and say what to do.
fn lock_holder_dies(db: &Db, hold: &dyn Fn(&Path) -> Box<dyn FnOnce()>) {
    let tmp = project(db, "", "");
    let root = tmp.path();
    custom(root, "one", "CREATE TABLE one (id int);\n");
    let release = hold(root);
    sluice(root)
        .args(["apply", "--lock-timeout", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("could not take the migration lock within 1s"))
        .stderr(predicate::str::contains("help: wait for the other run to finish"));
    let mut d = db.connect(root);
    assert!(d.history().unwrap().iter().all(|r| r.version != 1), "nothing applied");
    release();
    sluice(root).args(["apply", "--lock-timeout", "10"]).assert().success();
}

#[test]
fn postgres_lock_of_a_killed_session_is_released() {
    let Some(pg) = TestPg::new() else { return };
    let db = Db::at(Dialect::Postgres, pg.url());
    let url = db.url.clone();
    lock_holder_dies(&db, &|root| {
        let mut holder = sluice_db::connect(&url, Dialect::Postgres, root).unwrap();
        holder
            .execute(&format!("SELECT pg_advisory_lock({})", sluice_db::postgres::LOCK_KEY))
            .unwrap();
        let pid = super::common::scalar(holder.as_mut(), "SELECT pg_backend_pid()");
        let mut admin = sluice_db::connect(&url, Dialect::Postgres, root).unwrap();
        Box::new(move || {
            admin.execute(&format!("SELECT pg_terminate_backend({pid})")).unwrap();
            drop(holder);
        })
    });
    drop(pg);
}

#[test]
fn sqlite_lock_of_a_killed_process_is_released() {
    let db = Db::sqlite();
    let lock = sluice_db::sqlite::sidecar_path(&db.sqlite_file().unwrap());
    lock_holder_dies(&db, &|_| {
        // Another process takes the lock file, then is killed with -9.
        let mut holder =
            Command::new("flock").arg("-o").arg(&lock).args(["sleep", "60"]).spawn().unwrap();
        let start = Instant::now();
        let probe =
            || fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock).unwrap();
        while probe().try_lock().is_ok() {
            assert!(start.elapsed() < Duration::from_secs(10), "flock took the lock");
            std::thread::sleep(Duration::from_millis(10));
        }
        Box::new(move || {
            holder.kill().unwrap();
            holder.wait().unwrap();
        })
    });
    assert!(lock.exists(), "the stale lock file is still there, and did not block");
}

#[test]
fn mysql_lock_of_a_killed_connection_is_released() {
    let Some(db) = Db::mysql() else { return };
    let url = db.url.clone();
    lock_holder_dies(&db, &|root| {
        let mut holder = sluice_db::connect(&url, Dialect::Mysql, root).unwrap();
        let name = super::common::scalar(holder.as_mut(), "SELECT DATABASE()");
        assert!(holder.try_lock().unwrap(), "the holder takes sluice's lock of {name}");
        let id = super::common::scalar(holder.as_mut(), "SELECT CONNECTION_ID()");
        let mut admin = sluice_db::connect(&url, Dialect::Mysql, root).unwrap();
        Box::new(move || {
            admin.execute(&format!("KILL {id}")).unwrap();
            std::mem::forget(holder);
        })
    });
}
