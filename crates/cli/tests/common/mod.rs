//! Helpers shared by the end-to-end tests: the binary with a clean
//! environment, concurrent runs of it, and table contents to compare.
#![allow(dead_code)]

use std::path::Path;

pub mod dashboard;
pub mod npm;

/// The real `sluice` binary, run in `dir`, with no inherited sluice
/// settings and `CI` set (so nothing prompts).
pub fn sluice(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("sluice").unwrap();
    c.current_dir(dir)
        .env_remove("SLUICE_CONFIG")
        .env_remove("DATABASE_URL")
        .env_remove("SLUICE_ENV")
        .env_remove("SLUICE_DEV_URL")
        .env("CI", "1");
    c
}

/// Start `n` `sluice apply` processes at once in `dir`; each one's exit
/// success and stderr, once all have finished.
pub fn concurrent_applies(dir: &Path, n: usize) -> Vec<(bool, String)> {
    concurrent(dir, n, &["apply"])
        .into_iter()
        .map(|out| (out.status.success(), String::from_utf8_lossy(&out.stderr).to_string()))
        .collect()
}

/// Start `n` copies of `sluice ARGS` at once in `dir`; each one's output,
/// once all have finished.
pub fn concurrent(dir: &Path, n: usize, args: &[&str]) -> Vec<std::process::Output> {
    let bin = assert_cmd::cargo::cargo_bin("sluice");
    let children: Vec<_> = (0..n)
        .map(|_| {
            std::process::Command::new(&bin)
                .current_dir(dir)
                .env("CI", "1")
                .env_remove("DATABASE_URL")
                .env_remove("SLUICE_ENV")
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children.into_iter().map(|c| c.wait_with_output().unwrap()).collect()
}

/// `sluice generate` (with `args`) in `dir` finds nothing to do: the exact
/// message on stdout, exit 0.
pub fn assert_nothing_to_migrate(dir: &Path, args: &[&str]) {
    sluice(dir)
        .arg("generate")
        .args(args)
        .assert()
        .success()
        .stdout("No schema changes, nothing to migrate\n");
}

/// A project from `sluice init --dialect DIALECT` whose `[env.dev]` points
/// at `url` instead of `${DATABASE_URL}`.
pub fn init_with_url(dialect: &str, url: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    sluice(tmp.path()).args(["init", "--dialect", dialect]).assert().success();
    let path = tmp.path().join("sluice.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, toml.replace("url = \"${DATABASE_URL}\"", &format!("url = \"{url}\"")))
        .unwrap();
    tmp
}

/// A project of `dialect` whose `[env.dev]` is `url` (with `extra` lines
/// appended to that table) and whose schema is `schema/app.sql`.
pub fn project_with_schema(
    dialect: &str,
    url: &str,
    schema: &str,
    extra: &str,
) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join("schema")).unwrap();
    std::fs::write(root.join("schema/app.sql"), schema).unwrap();
    std::fs::write(
        root.join("sluice.toml"),
        format!(
            "dialect = \"{dialect}\"\nschema = [\"schema/*.sql\"]\nmigrations = \"migrations\"\n\n\
             [env.dev]\nurl = \"{url}\"\n{extra}"
        ),
    )
    .unwrap();
    tmp
}

/// The first cell of a query's first row ("" when there is none).
pub fn scalar(d: &mut dyn sluice_migrate::Driver, sql: &str) -> String {
    d.query_rows(sql).unwrap().first().and_then(|r| r.first().cloned()).unwrap_or_default()
}

/// A hand-written migration named `name` with this up.sql, sealed.
pub fn custom(root: &Path, name: &str, up: &str) {
    sluice(root).args(["generate", "--custom", "--name", name]).assert().success();
    set_up_sql(root, name, up);
}

/// Replace the up.sql of the migration named `name` and re-seal.
pub fn set_up_sql(root: &Path, name: &str, up: &str) {
    let dir = std::fs::read_dir(root.join("migrations"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(name))
        .unwrap();
    std::fs::write(dir.join("up.sql"), up).unwrap();
    sluice(root).arg("rehash").assert().success();
}

/// Rows of a query on the database at `url`, cells as text.
pub fn query(
    root: &Path,
    dialect: sluice_schema::Dialect,
    url: &str,
    sql: &str,
) -> Vec<Vec<String>> {
    let mut d = sluice_db::connect(url, dialect, root).unwrap();
    d.query_rows(sql).unwrap()
}

pub fn exec(root: &Path, dialect: sluice_schema::Dialect, url: &str, sql: &str) {
    let mut d = sluice_db::connect(url, dialect, root).unwrap();
    for s in sql.split(';').filter(|s| !s.trim().is_empty()) {
        d.execute(s).unwrap();
    }
}

/// A checksum of a table's whole content, in key order.
pub fn content(
    root: &Path,
    dialect: sluice_schema::Dialect,
    url: &str,
    table: &str,
    order: &str,
) -> String {
    let rows = query(root, dialect, url, &format!("SELECT * FROM {table} ORDER BY {order}"));
    let text: Vec<String> = rows.iter().map(|r| r.join("\u{1f}")).collect();
    format!("{} rows, sha256 {}", rows.len(), sluice_migrate::apply::checksum(&text.join("\n")))
}
