//! The semantic oracle on real databases (SQLite, PostgreSQL, MySQL/MariaDB),
//! over the peer suite
//! (../shared/conformance/README.md): for each case,
//! 1. database A loads `current`, database B loads `desired`;
//! 2. sluice plans current -> desired and the apply engine runs it on A;
//! 3. A and B read back (introspected) must be equal, and a second diff
//!    from A to the desired files must be empty;
//! 4. the down migration takes A back to what `current` read back as.
//!
//! Never a text comparison with the peer's SQL. Cases whose SQL sluice does
//! not parse, or the database refuses, are skipped with their reason.
//! Prints passed / failed / skipped per file and in total; fails when the
//! pass count falls below the recorded floor.

use sluice_migrate::apply::{apply, ApplyOptions};
use sluice_migrate::{Driver, Migration};
use sluice_schema::diff::reverse_all;
use sluice_schema::{diff, Dialect, Schema};
use sluice_sql::split::split;
use sluice_sql::{dialect_for, render_script, SourceFile};
use sluice_testkit::{cases, suite_dir, Case};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// Cases that pass on each database today; the count only rises.
const SQLITE_FLOOR: usize = 50;
const POSTGRES_FLOOR: usize = 580;
const MYSQL_FLOOR: usize = 179;
/// Cases where offline and exact mode plan the same changes.
const SQLITE_AGREE_FLOOR: usize = 53;
const POSTGRES_AGREE_FLOOR: usize = 612;
const MYSQL_AGREE_FLOOR: usize = 203;

/// Column order carries no meaning (a database appends added columns).
fn canonical(s: &Schema) -> Schema {
    let mut s = s.clone();
    for t in &mut s.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    s
}

fn load(d: &mut dyn Driver, sql: &str, dialect: Dialect) -> Result<(), String> {
    let stmts = split(sql, dialect).map_err(|e| e.to_string())?;
    for s in stmts {
        d.execute(&s.sql).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn migration(version: u32, up: String) -> Migration {
    Migration {
        version,
        name: format!("m{version}"),
        dir_name: format!("{version:04}_m{version}"),
        path: PathBuf::from(format!("{version:04}_m{version}")),
        up,
        down: String::new(),
        snapshot: None,
    }
}

/// Apply `scripts` as migrations 1..n through the real apply engine (the
/// ones already in history are skipped, their checksums checked).
fn run_sql(d: &mut dyn Driver, scripts: &[&str]) -> Result<(), String> {
    let opts = ApplyOptions {
        env: "test".into(),
        to: None,
        dry_run: false,
        resume: false,
        lock_timeout: Duration::from_secs(10),
        actor: "oracle".into(),
        backup: false,
    };
    let ms: Vec<Migration> =
        scripts.iter().enumerate().map(|(i, s)| migration(i as u32 + 1, s.to_string())).collect();
    apply(d, &ms, &opts, &mut |_| {}).map(|_| ()).map_err(|e| e.to_string())
}

enum Outcome {
    Pass,
    Fail(String),
    Skip(String),
}

/// Whether offline mode (diff of the parsed files) and exact mode (diff of
/// the same SQL loaded into a database and read back) plan the same
/// changes, compared as their descriptions; `None` when not comparable.
type Agreement = Option<Result<(), String>>;

fn describe_all(changes: &[sluice_schema::Change]) -> Vec<String> {
    let mut v: Vec<String> = changes.iter().map(|c| c.describe()).collect();
    v.sort();
    v
}

/// A fresh empty database, and what keeps it alive (dropping it drops the
/// database).
type Fresh<'a> = dyn FnMut() -> (Box<dyn Driver>, Box<dyn std::any::Any>) + 'a;

fn run_case(c: &Case, dialect: Dialect, fresh: &mut Fresh, agreement: &mut Agreement) -> Outcome {
    let d = dialect_for(dialect).unwrap();
    let parse = |sql: &str| d.parse(&[SourceFile::new("case.sql", sql)]);
    let (pa, pb) = (parse(&c.current), parse(&c.desired));
    if let Some(e) = pa.errors.first().or(pb.errors.first()) {
        return Outcome::Skip(format!("sluice does not parse it: {}", e.message));
    }
    let (mut a, _keep_a) = fresh();
    let (mut b, _keep_b) = fresh();
    if let Err(e) = load(a.as_mut(), &c.current, dialect) {
        return Outcome::Skip(format!("the database refuses `current`: {e}"));
    }
    if let Err(e) = load(b.as_mut(), &c.desired, dialect) {
        return Outcome::Skip(format!("the database refuses `desired`: {e}"));
    }
    let read =
        |x: &mut dyn Driver| x.introspect().map_err(|e| format!("introspection failed: {e}"));
    let (ia, ib) = match (read(a.as_mut()), read(b.as_mut())) {
        (Ok(ia), Ok(ib)) => (ia, ib),
        (Err(e), _) | (_, Err(e)) => return Outcome::Skip(e),
    };
    let changes = diff(&pa.schema, &pb.schema, &pb.hints);
    let (offline, exact) = (describe_all(&changes), describe_all(&diff(&ia, &ib, &pb.hints)));
    *agreement = Some(if offline == exact {
        Ok(())
    } else {
        Err(format!("offline plans [{}], exact plans [{}]", offline.join("; "), exact.join("; ")))
    });
    let up = render_script(d.as_ref(), &d.plan(&pa.schema, &pb.schema, changes.clone().into()));
    let down =
        render_script(d.as_ref(), &d.plan(&pb.schema, &pa.schema, reverse_all(&changes).into()));
    if let Err(e) = run_sql(a.as_mut(), &[&up]) {
        return Outcome::Fail(format!("up failed: {e}\n{up}"));
    }
    let after = match read(a.as_mut()) {
        Ok(s) => s,
        Err(e) => return Outcome::Fail(e),
    };
    if canonical(&after) != canonical(&ib) {
        let left = diff(&ib, &after, &Default::default());
        let what: Vec<String> = left.iter().take(3).map(|x| x.describe()).collect();
        return Outcome::Fail(format!(
            "after up, the database differs from `desired` loaded directly: {}",
            what.join("; ")
        ));
    }
    let again = diff(&after, &pb.schema, &Default::default());
    if !again.is_empty() {
        let what: Vec<String> = again.iter().take(3).map(|x| x.describe()).collect();
        return Outcome::Fail(format!("a second diff is not empty: {}", what.join("; ")));
    }
    if let Err(e) = run_sql(a.as_mut(), &[&up, &down]) {
        return Outcome::Fail(format!("down failed: {e}\n{down}"));
    }
    match read(a.as_mut()) {
        Ok(back) if canonical(&back) == canonical(&ia) => Outcome::Pass,
        Ok(back) => {
            let what: Vec<String> = diff(&ia, &back, &Default::default())
                .iter()
                .take(3)
                .map(|x| x.describe())
                .collect();
            Outcome::Fail(format!(
                "after down, the database differs from `current`: {}",
                what.join("; ")
            ))
        }
        Err(e) => Outcome::Fail(e),
    }
}

/// Run a suite and print the report; returns the pass count and the count
/// of cases where offline and exact mode agree.
fn run_suite(sub: &str, dialect: Dialect, fresh: &mut Fresh) -> (usize, usize) {
    let Some(dir) = suite_dir() else { return (0, 0) };
    let mut per_file: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut skip_reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let (mut agree, mut disagreements) = (0, Vec::new());
    for c in cases(&dir, sub) {
        let e = per_file.entry(c.file.clone()).or_default();
        let mut agreement = None;
        let outcome = run_case(&c, dialect, fresh, &mut agreement);
        match agreement {
            Some(Ok(())) => agree += 1,
            Some(Err(why)) => disagreements.push(format!("{} {}: {why}", c.file, c.name)),
            None => {}
        }
        match outcome {
            Outcome::Pass => e.0 += 1,
            Outcome::Fail(why) => {
                e.1 += 1;
                failures.push(format!("{} {}: {why}", c.file, c.name));
            }
            Outcome::Skip(why) => {
                e.2 += 1;
                let shape: String = why.chars().take(70).collect();
                *skip_reasons.entry(shape).or_default() += 1;
            }
        }
    }
    println!("\n{sub} on {dialect}: passed / failed / skipped");
    let mut total = (0, 0, 0);
    for (f, (p, fl, s)) in &per_file {
        println!("  {f:<36} {p:>4} {fl:>4} {s:>4}");
        total = (total.0 + p, total.1 + fl, total.2 + s);
    }
    println!("  {:<36} {:>4} {:>4} {:>4}", "TOTAL", total.0, total.1, total.2);
    println!("skipped, by reason:");
    let mut reasons: Vec<_> = skip_reasons.into_iter().collect();
    reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (r, n) in reasons.iter().take(12) {
        println!("  {n:>4}  {r}");
    }
    println!("failures:");
    for f in failures.iter().take(15) {
        println!("  {}", f.lines().next().unwrap_or(""));
    }
    println!(
        "offline vs exact mode: {agree} cases plan the same changes, {} disagree:",
        disagreements.len()
    );
    for d in &disagreements {
        println!("  {d}");
    }
    (total.0, agree)
}

#[test]
fn sqlite3def_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    let mut fresh = || -> (Box<dyn Driver>, Box<dyn std::any::Any>) {
        n += 1;
        let url = format!("sqlite://{}", tmp.path().join(format!("case{n}.db")).display());
        (sluice_db::connect(&url, Dialect::Sqlite, tmp.path()).unwrap(), Box::new(()))
    };
    let (passed, agree) = run_suite("sqlite3def", Dialect::Sqlite, &mut fresh);
    assert!(
        passed >= SQLITE_FLOOR,
        "sqlite3def: {passed} cases pass, below the floor of {SQLITE_FLOOR}"
    );
    assert!(
        agree >= SQLITE_AGREE_FLOOR,
        "sqlite3def: offline and exact mode agree on {agree} cases, below {SQLITE_AGREE_FLOOR}"
    );
}

/// Empty a test database for the next case: every schema but the system
/// ones dropped (with what is in them), `public` created again. Much faster
/// than a new database per case (dropping a database forces a checkpoint).
fn reset(d: &mut dyn Driver) {
    let schemas = d
        .query_rows(
            "select quote_ident(nspname) from pg_namespace \
             where nspname not like 'pg\\_%' and nspname <> 'information_schema'",
        )
        .unwrap();
    for s in schemas {
        d.execute(&format!("DROP SCHEMA {} CASCADE", s[0])).unwrap();
    }
    d.execute("CREATE SCHEMA public").unwrap();
}

#[test]
fn psqldef_on_postgres() {
    use sluice_db::testing::TestPg;
    let Some(first) = TestPg::new() else { return };
    let pool = [first, TestPg::new().expect("the server answered a moment ago")];
    let mut turn = 0;
    let mut fresh = || -> (Box<dyn Driver>, Box<dyn std::any::Any>) {
        let pg = &pool[turn % 2];
        turn += 1;
        let mut d = pg.connect();
        reset(&mut d);
        (Box::new(d), Box::new(()))
    };
    let (passed, agree) = run_suite("psqldef", Dialect::Postgres, &mut fresh);
    assert!(
        passed >= POSTGRES_FLOOR,
        "psqldef: {passed} cases pass, below the floor of {POSTGRES_FLOOR}"
    );
    assert!(
        agree >= POSTGRES_AGREE_FLOOR,
        "psqldef: offline and exact mode agree on {agree} cases, below {POSTGRES_AGREE_FLOOR}"
    );
}

#[test]
fn mysqldef_on_mysql() {
    use sluice_db::testing::TestMysql;
    let Some(first) = TestMysql::new() else { return };
    let pool = [first, TestMysql::new().expect("the server answered a moment ago")];
    let mut turn = 0;
    let mut fresh = || -> (Box<dyn Driver>, Box<dyn std::any::Any>) {
        let m = &pool[turn % 2];
        turn += 1;
        let mut d = m.connect();
        // Empty it for the next case: the database made again.
        let name = m.name();
        for sql in [
            format!("DROP DATABASE `{name}`"),
            format!("CREATE DATABASE `{name}`"),
            format!("USE `{name}`"),
        ] {
            d.execute(&sql).unwrap();
        }
        (Box::new(d), Box::new(()))
    };
    let (passed, agree) = run_suite("mysqldef", Dialect::Mysql, &mut fresh);
    assert!(
        passed >= MYSQL_FLOOR,
        "mysqldef: {passed} cases pass, below the floor of {MYSQL_FLOOR}"
    );
    assert!(
        agree >= MYSQL_AGREE_FLOOR,
        "mysqldef: offline and exact mode agree on {agree} cases, below {MYSQL_AGREE_FLOOR}"
    );
}
