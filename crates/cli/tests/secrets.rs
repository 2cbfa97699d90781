//! Secrets never reach output: every command is run with a connection URL
//! holding a distinctive password (given in `DATABASE_URL`, through
//! `${DATABASE_URL}` in sluice.toml, and with `--url`), as text and as
//! `--json`, in working and in failure modes (wrong host, wrong port, wrong
//! database, unknown user, malformed URLs); stdout, stderr, every file the
//! project holds afterwards, and the history and audit rows are searched
//! for the password. PostgreSQL (a role with a password; the local server
//! trusts any) and MySQL/MariaDB (a user with a password).

mod common;

use common::*;
use sluice_db::testing::{TestMysql, TestPg};
use sluice_migrate::Driver;
use std::fs;
use std::path::Path;

const PASSWORD: &str = "Zq9Secr3tPw77";

/// Everything a run printed, with what it was.
struct Runs {
    outputs: Vec<(String, String)>,
}

impl Runs {
    fn new() -> Self {
        Runs { outputs: Vec::new() }
    }

    /// Run `sluice args` in `root` with `DATABASE_URL=url` (when given);
    /// once as text and once with `--json`. Returns the text run's success.
    fn run(&mut self, root: &Path, url: Option<&str>, args: &[&str]) -> bool {
        let mut ok = false;
        for json in [false, true] {
            let mut c = sluice(root);
            if let Some(u) = url {
                c.env("DATABASE_URL", u);
            }
            if json {
                c.arg("--json");
            }
            let out = c.args(args).output().unwrap();
            if !json {
                ok = out.status.success();
            }
            let label = format!("sluice {}{}", if json { "--json " } else { "" }, args.join(" "));
            let text = format!(
                "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            self.outputs.push((label, text));
        }
        ok
    }

    /// Like [`Runs::run`], and the text run must succeed.
    fn ok(&mut self, root: &Path, url: Option<&str>, args: &[&str]) {
        assert!(self.run(root, url, args), "sluice {} failed:\n{}", args.join(" "), self.last());
    }

    fn last(&self) -> &str {
        &self.outputs[self.outputs.len() - 2].1
    }

    /// No output holds the password; returns how many were searched.
    fn assert_clean(&self) -> usize {
        let leaks: Vec<String> = self
            .outputs
            .iter()
            .filter(|(_, text)| text.contains(PASSWORD))
            .map(|(label, text)| format!("{label}:\n{text}"))
            .collect();
        assert!(
            leaks.is_empty(),
            "the password leaked in {} run(s):\n{}",
            leaks.len(),
            leaks.join("\n")
        );
        self.outputs.len()
    }
}

/// Every file under `root` (a project sluice wrote into) that holds the
/// password; `sluice.toml` only ever names `${DATABASE_URL}`.
fn files_with_password(root: &Path) -> Vec<String> {
    fn walk(p: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(p).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), out);
            } else {
                let bytes = fs::read(e.path()).unwrap();
                if bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()) {
                    out.push(e.path().display().to_string());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

/// The failure modes, as URLs for `dialect`: each must fail without
/// printing the password.
fn failing_urls(scheme: &str, user: &str, port: u16, db: &str) -> Vec<String> {
    let p = PASSWORD;
    vec![
        // wrong host / nothing listening / wrong database / unknown user
        format!("{scheme}://{user}:{p}@host.invalid:{port}/{db}"),
        format!("{scheme}://{user}:{p}@127.0.0.1:1/{db}"),
        format!("{scheme}://{user}:{p}@127.0.0.1:{port}/no_such_db_{}", std::process::id()),
        format!("{scheme}://no_such_user_x:{p}@127.0.0.1:{port}/{db}"),
        // malformed: bad port, missing colon after the scheme, unencoded
        // special characters around the password, unclosed bracket
        format!("{scheme}://{user}:{p}@127.0.0.1:notaport/{db}"),
        format!("{scheme}//{user}:{p}@127.0.0.1:{port}/{db}"),
        format!("{scheme}://{user}:a/{p}@127.0.0.1:{port}/{db}"),
        format!("{scheme}://{user}:{p}#x@127.0.0.1:{port}/{db}"),
        format!("{scheme}://{user}:{p}@[127.0.0.1:{port}/{db}"),
        format!("{scheme}://127.0.0.1:{port}/{db}?user={user}&password={p}"),
    ]
}

/// The failure modes through the commands that connect: URL in
/// DATABASE_URL (via sluice.toml), and in --url.
fn run_failures(runs: &mut Runs, root: &Path, urls: &[String]) {
    for url in urls {
        for cmd in [&["status"][..], &["apply"], &["check"], &["history", "--audit"], &["pull"]] {
            // Some malformed URLs still connect (the local server trusts
            // any password): whatever the outcome, nothing may show it.
            runs.run(root, Some(url), cmd);
            let mut with_flag: Vec<&str> = cmd.to_vec();
            with_flag.extend(["--url", url.as_str()]);
            runs.run(root, None, &with_flag);
        }
    }
}

/// A project reading its URL from `${DATABASE_URL}`, with [auth].
fn project(runs: &mut Runs, url: &str, dialect: &str, auth: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    runs.ok(root, Some(url), &["init", "--dialect", dialect]);
    let toml = fs::read_to_string(root.join("sluice.toml")).unwrap();
    assert!(toml.contains("${DATABASE_URL}"), "{toml}");
    if auth {
        fs::write(root.join("sluice.toml"), format!("{toml}\n[auth]\nplugins = [\"username\"]\n"))
            .unwrap();
    }
    tmp
}

/// The whole workflow with the password in the URL.
fn run_workflow(runs: &mut Runs, root: &Path, url: &str, spare_url: &str, auth: bool) {
    let u = Some(url);
    runs.ok(root, u, &["generate", "--name", "init"]);
    runs.ok(root, u, &["lint"]);
    runs.run(root, u, &["review", "0001"]);
    runs.ok(root, u, &["approve", "0001", "--as", "ann", "--env", "dev"]);
    runs.ok(root, u, &["apply"]);
    runs.ok(root, u, &["status"]);
    runs.ok(root, u, &["history"]);
    runs.ok(root, u, &["history", "--audit"]);
    runs.ok(root, u, &["check"]);
    runs.ok(root, u, &["pull"]);
    runs.ok(root, u, &["status", "--url", url]);
    runs.ok(root, u, &["rollback", "--allow-data-loss"]);
    runs.ok(root, u, &["migrate"]);
    if auth {
        runs.ok(root, u, &["auth", "generate"]);
        runs.ok(root, u, &["auth", "migrate"]);
        runs.ok(root, u, &["auth", "check"]);
    }
    runs.run(root, u, &["reject", "0002", "--as", "bob", "--comment", "no", "--env", "dev"]);
    // A second database adopted as it is.
    let adopt = tempfile::tempdir().unwrap();
    let (dialect, _) = {
        let t = fs::read_to_string(root.join("sluice.toml")).unwrap();
        (t.lines().find(|l| l.starts_with("dialect")).unwrap().to_string(), ())
    };
    fs::write(adopt.path().join("sluice.toml"), format!("{dialect}\nschema = [\"schema\"]\n"))
        .unwrap();
    fs::create_dir(adopt.path().join("schema")).unwrap();
    fs::write(adopt.path().join("schema/app.sql"), "").unwrap();
    runs.ok(adopt.path(), None, &["baseline", "--url", spare_url]);
    assert_eq!(files_with_password(adopt.path()), Vec::<String>::new());
}

/// A drizzle-kit out folder of one PostgreSQL migration, in `root/drizzle`.
fn drizzle_folder(root: &Path) {
    let meta = root.join("drizzle/meta");
    fs::create_dir_all(&meta).unwrap();
    fs::write(
        meta.join("_journal.json"),
        r#"{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true}]}"#,
    )
    .unwrap();
    fs::write(
        root.join("drizzle/0000_init.sql"),
        "CREATE TABLE \"t\" (\"id\" integer PRIMARY KEY);\n",
    )
    .unwrap();
    fs::write(
        meta.join("0000_snapshot.json"),
        r#"{"version":"7","dialect":"postgresql","tables":{"public.t":{"name":"t","schema":"","columns":{"id":{"name":"id","type":"integer","primaryKey":true,"notNull":true}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{},"uniqueConstraints":{},"checkConstraints":{}}},"enums":{},"schemas":{},"sequences":{},"views":{}}"#,
    )
    .unwrap();
}

/// `sluice import drizzle` (it reads `drizzle.__drizzle_migrations` on the
/// database) with the password in the URL, working and failing.
fn run_import(runs: &mut Runs, url: &str, failing: &[String]) {
    let tmp = project(runs, url, "postgres", false);
    drizzle_folder(tmp.path());
    runs.ok(tmp.path(), Some(url), &["import", "drizzle", "drizzle"]);
    assert_eq!(files_with_password(tmp.path()), Vec::<String>::new());
    for bad in failing {
        let tmp = project(runs, url, "postgres", false);
        drizzle_folder(tmp.path());
        runs.run(tmp.path(), Some(bad), &["import", "drizzle", "drizzle"]);
        assert_eq!(files_with_password(tmp.path()), Vec::<String>::new());
    }
}

fn assert_rows_clean(d: &mut dyn Driver, tables: &[&str]) {
    for t in tables {
        let rows = d.query_rows(&format!("SELECT * FROM {t}")).unwrap();
        assert!(!rows.is_empty(), "{t} is empty: the test recorded nothing");
        for r in &rows {
            assert!(!r.iter().any(|c| c.contains(PASSWORD)), "{t} row holds the password: {r:?}");
        }
    }
}

#[test]
fn no_command_prints_the_postgres_password() {
    let Some(pg) = TestPg::new() else { return };
    let Some(spare) = TestPg::new() else { return };
    let role = format!("sluice_secret_{}", std::process::id());
    let mut admin = pg.connect();
    admin.execute(&format!("DROP ROLE IF EXISTS {role}")).unwrap();
    admin.execute(&format!("CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")).unwrap();
    let url = |db: &str| format!("postgres://{role}:{PASSWORD}@127.0.0.1:5432/{db}");
    let mut runs = Runs::new();
    let tmp = project(&mut runs, &url(pg.name()), "postgres", true);
    let root = tmp.path();
    run_workflow(&mut runs, root, &url(pg.name()), &url(spare.name()), true);
    run_failures(&mut runs, root, &failing_urls("postgres", &role, 5432, pg.name()));
    let Some(imported) = TestPg::new() else { return };
    run_import(&mut runs, &url(imported.name()), &failing_urls("postgres", &role, 5432, pg.name()));
    let n = runs.assert_clean();
    assert_eq!(files_with_password(root), Vec::<String>::new());
    assert_rows_clean(&mut pg.connect(), &["sluice.history", "sluice.audit"]);
    println!("postgres: {n} runs, no password in output, files, history or audit");
    drop(spare);
    drop(pg);
    let _ = admin.execute(&format!("DROP ROLE IF EXISTS {role}"));
}

#[test]
fn no_command_prints_the_mysql_password() {
    let Some(my) = TestMysql::new() else { return };
    let Some(spare) = TestMysql::new() else { return };
    let user = format!("sl_secret_{}", std::process::id());
    let mut admin = my.connect();
    for host in ["%", "localhost", "127.0.0.1"] {
        admin.execute(&format!("DROP USER IF EXISTS '{user}'@'{host}'")).unwrap();
        admin
            .execute(&format!("CREATE USER '{user}'@'{host}' IDENTIFIED BY '{PASSWORD}'"))
            .unwrap();
        admin
            .execute(&format!("GRANT ALL PRIVILEGES ON *.* TO '{user}'@'{host}' WITH GRANT OPTION"))
            .unwrap();
    }
    let url = |db: &str| format!("mysql://{user}:{PASSWORD}@127.0.0.1:3306/{db}");
    let mut runs = Runs::new();
    let tmp = project(&mut runs, &url(my.name()), "mysql", false);
    let root = tmp.path();
    // (auth tables are PostgreSQL and SQLite only)
    run_workflow(&mut runs, root, &url(my.name()), &url(spare.name()), false);
    run_failures(&mut runs, root, &failing_urls("mysql", &user, 3306, my.name()));
    let n = runs.assert_clean();
    assert_eq!(files_with_password(root), Vec::<String>::new());
    assert_rows_clean(&mut my.connect(), &["sluice_history", "sluice_audit"]);
    println!("mysql: {n} runs, no password in output, files, history or audit");
    for host in ["%", "localhost", "127.0.0.1"] {
        let _ = admin.execute(&format!("DROP USER IF EXISTS '{user}'@'{host}'"));
    }
}
