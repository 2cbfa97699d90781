//! Reliability end to end, on real databases: many `sluice apply` at once
//! ([`concurrency`]), `kill -9` at random points of a long apply
//! ([`crash`]), randomized destructive migrations backed up and rolled back
//! ([`data_safety`]), and bad state: unreachable servers, dropped
//! connections, a full or read-only migrations folder, locks of dead
//! sessions ([`bad_state`]).
//!
//! Randomized tests use a seeded generator ([`Rng`]): a failure names its
//! seed and trial, and `SLUICE_TEST_SEED` replays it.

#[path = "../common/mod.rs"]
mod common;

mod bad_state;
mod concurrency;
mod crash;
mod data_safety;

use sluice_db::testing::{TestMysql, TestPg};
use sluice_migrate::dir::MigrationsDir;
use sluice_migrate::review::Review;
use sluice_migrate::{snapshot, Driver, HistoryState};
use sluice_schema::Dialect;
use sluice_sql::SourceFile;
use std::fs;
use std::path::{Path, PathBuf};

/// SplitMix64: small, seeded, good enough to pick delays and operations.
pub struct Rng(u64);

impl Rng {
    /// `SLUICE_TEST_SEED` when set, else `default` (printed either way).
    pub fn seeded(what: &str, default: u64) -> Rng {
        let seed = std::env::var("SLUICE_TEST_SEED")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(default);
        eprintln!("{what}: seed {seed} (SLUICE_TEST_SEED={seed} replays it)");
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The database under test: a throw-away PostgreSQL or MySQL database, or a
/// SQLite file in a temporary folder.
pub struct Db {
    pub dialect: Dialect,
    pub url: String,
    _pg: Option<TestPg>,
    _mysql: Option<TestMysql>,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    pub fn postgres() -> Option<Db> {
        let pg = TestPg::new()?;
        Some(Db {
            dialect: Dialect::Postgres,
            url: pg.url().to_string(),
            _pg: Some(pg),
            _mysql: None,
            _dir: None,
        })
    }
    pub fn mysql() -> Option<Db> {
        let m = TestMysql::new()?;
        Some(Db {
            dialect: Dialect::Mysql,
            url: m.url().to_string(),
            _pg: None,
            _mysql: Some(m),
            _dir: None,
        })
    }
    /// A database the caller owns (kept alive by it), at `url`.
    pub fn at(dialect: Dialect, url: &str) -> Db {
        Db { dialect, url: url.to_string(), _pg: None, _mysql: None, _dir: None }
    }
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("app.db").display());
        Db { dialect: Dialect::Sqlite, url, _pg: None, _mysql: None, _dir: Some(dir) }
    }

    pub fn name(&self) -> &'static str {
        match self.dialect {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            _ => "sqlite",
        }
    }

    pub fn connect(&self, root: &Path) -> Box<dyn Driver> {
        sluice_db::connect(&self.url, self.dialect, root).unwrap()
    }

    /// The SQLite file, for SQLite.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        self._dir.as_ref().map(|d| d.path().join("app.db"))
    }

    /// Wait until the server has finished with every other session on the
    /// database. A killed client's session lives on until the server sees
    /// the closed socket: a COMMIT it had sent still completes, so state read
    /// before then can change between two queries.
    pub fn settle(&self, root: &Path) {
        let sql = match self.dialect {
            Dialect::Postgres => {
                "SELECT count(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()"
            }
            Dialect::Mysql => {
                "SELECT count(*) FROM information_schema.processlist \
                 WHERE db = DATABASE() AND id <> CONNECTION_ID()"
            }
            _ => return,
        };
        let mut d = self.connect(root);
        let t0 = std::time::Instant::now();
        loop {
            let others = d.query_rows(sql).unwrap();
            if others[0][0] == "0" {
                return;
            }
            assert!(
                t0.elapsed() < std::time::Duration::from_secs(30),
                "{} session(s) of a killed client still open after 30 s",
                others[0][0]
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// Back to an empty database: no tables, no history.
    pub fn reset(&self, root: &Path) {
        match self.dialect {
            Dialect::Sqlite => {
                let f = self.sqlite_file().unwrap();
                for suffix in ["", "-journal", "-wal", "-shm"] {
                    let mut p = f.clone().into_os_string();
                    p.push(suffix);
                    let _ = fs::remove_file(p);
                }
            }
            Dialect::Postgres => {
                let mut d = self.connect(root);
                d.execute(
                    "DROP SCHEMA public CASCADE; CREATE SCHEMA public; \
                     DROP SCHEMA IF EXISTS sluice CASCADE; DROP SCHEMA IF EXISTS sluice_backup CASCADE",
                )
                .unwrap();
            }
            _ => {
                let mut d = self.connect(root);
                let tables: Vec<Vec<String>> = d
                    .query_rows("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")
                    .unwrap();
                d.execute("SET FOREIGN_KEY_CHECKS = 0").unwrap();
                for t in tables {
                    d.execute(&format!("DROP TABLE `{}`", t[0])).unwrap();
                }
                d.execute("SET FOREIGN_KEY_CHECKS = 1").unwrap();
            }
        }
    }
}

/// A project on `db` (`[env.dev]`, with `extra` appended to it) with
/// `schema/app.sql`.
pub fn project(db: &Db, schema: &str, extra: &str) -> tempfile::TempDir {
    common::project_with_schema(db.name(), &db.url, schema, extra)
}

/// Name of table `i` of a [`table_project`].
pub fn table(i: usize) -> String {
    format!("t{i:03}")
}

fn table_ddl(i: usize) -> String {
    format!("CREATE TABLE {} (id integer PRIMARY KEY, v varchar(20) NOT NULL);\n", table(i))
}

/// A project whose migration `i` (1..=n) creates table `t00i` and fills it
/// with `rows` rows; each migration has its snapshot (the schema files hold
/// the final schema, so `sluice check` can compare) and review.toml, as
/// `sluice generate` writes them.
pub fn table_project(db: &Db, n: usize, rows: usize) -> tempfile::TempDir {
    let all: String = (1..=n).map(table_ddl).collect();
    let tmp = project(db, &all, "");
    let dir = MigrationsDir::new(tmp.path().join("migrations"));
    let sql = sluice_sql::dialect_for(db.dialect).unwrap();
    let mut existing = Vec::new();
    let mut schema_text = String::new();
    for i in 1..=n {
        schema_text.push_str(&table_ddl(i));
        let parsed = sql.parse(&[SourceFile::new("schema/app.sql", schema_text.as_str())]);
        let snap = snapshot::normalized_to_json(&parsed.schema);
        let values: Vec<String> = (1..=rows).map(|r| format!("({r}, 'row {r}')")).collect();
        let up = format!(
            "{}INSERT INTO {} (id, v) VALUES {};\n",
            table_ddl(i),
            table(i),
            values.join(", ")
        );
        let down = format!("DROP TABLE {};\n", table(i));
        let m = dir.write(&existing, &format!("create_{}", table(i)), up, down, snap).unwrap();
        Review::default().save(&m).unwrap();
        existing.push(m);
    }
    tmp
}

/// What a [`table_project`]'s database holds, checked against its history.
#[derive(Debug, PartialEq, Eq)]
pub struct TableState {
    /// Migrations history says are applied.
    pub applied: usize,
    /// History rows in state `failed` (version, statements done).
    pub failed: Vec<(u32, u32)>,
}

/// History, audit and the live tables agree: a table exists, with exactly
/// its rows, if and only if history has its migration applied, and then
/// the audit has one `applied` event for it; applied ones form a prefix
/// 1..=k. Failed rows (a table may exist) are returned, not judged.
pub fn table_state(db: &Db, root: &Path, n: usize, rows: usize) -> Result<TableState, String> {
    let mut d = db.connect(root);
    let history = d.history().map_err(|e| format!("history: {e}"))?;
    let live = d.introspect().map_err(|e| format!("introspect: {e}"))?;
    let audit = d.audit().map_err(|e| format!("audit: {e}"))?;
    let mut applied = 0;
    let mut failed = Vec::new();
    for i in 1..=n {
        let row = history.iter().find(|r| r.version == i as u32);
        let is_applied = row.is_some_and(|r| r.state == HistoryState::Applied);
        if let Some(r) = row.filter(|r| r.state == HistoryState::Failed) {
            failed.push((r.version, r.statements_done));
        }
        let exists = live.tables.iter().any(|t| t.name.name == table(i));
        let events = audit
            .iter()
            .filter(|a| a.event.event == "applied" && a.event.version == Some(i as u32))
            .count();
        if events != usize::from(is_applied) {
            return Err(format!("audit has {events} `applied` event(s) for migration {i}"));
        }
        if is_applied {
            if applied != i - 1 {
                return Err(format!("migration {i} applied but an earlier one is not"));
            }
            applied = i;
            if !exists {
                return Err(format!(
                    "history has migration {i} applied but {} is missing",
                    table(i)
                ));
            }
            let count = d
                .query_rows(&format!("SELECT count(*) FROM {}", table(i)))
                .map_err(|e| e.to_string())?;
            if count[0][0] != rows.to_string() {
                return Err(format!("{} has {} rows, not {rows}", table(i), count[0][0]));
            }
        } else if exists && row.is_none_or(|r| r.state != HistoryState::Failed) {
            return Err(format!(
                "{} exists but history has migration {i} as {:?}",
                table(i),
                row.map(|r| r.state)
            ));
        }
    }
    if let Some(extra) = history.iter().find(|r| r.version as usize > n) {
        return Err(format!("history has an unknown version {}", extra.version));
    }
    Ok(TableState { applied, failed })
}

/// The `sluice` binary cargo built for these tests.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_sluice")
}

/// `sluice ARGS` in `root` as a plain process (stdout and stderr to files,
/// so they can be read after a kill).
pub fn spawn(root: &Path, args: &[&str], out: &Path) -> std::process::Child {
    let stdout = fs::File::create(out.with_extension("out")).unwrap();
    let stderr = fs::File::create(out.with_extension("err")).unwrap();
    std::process::Command::new(bin())
        .current_dir(root)
        .env("CI", "1")
        .env_remove("DATABASE_URL")
        .env_remove("SLUICE_ENV")
        .env_remove("SLUICE_CONFIG")
        .args(args)
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap()
}
