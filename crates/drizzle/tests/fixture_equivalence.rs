//! The drizzle schema of the benchmark fixture (`gen_schema.py`, 1,000
//! tables written both as drizzle TypeScript and as PostgreSQL DDL) reads
//! into the same normalized schema as its SQL twin.

use sluice_drizzle::{read_schema, Casing, Options};
use sluice_schema::Dialect;
use sluice_sql::{dialect_for, SourceFile};
use std::path::{Path, PathBuf};
use std::process::Command;

fn generator() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/gen_schema.py");
    assert!(p.is_file(), "the fixture generator is missing: {}", p.display());
    p
}

/// Write the fixture of `n` tables into a temporary folder.
fn fixture(n: usize, extra: &[&str]) -> (tempfile::TempDir, SourceFile, SourceFile) {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(generator())
        .arg(n.to_string())
        .args(["--seed", "42", "--out"])
        .arg(dir.path())
        .args(extra)
        .status()
        .expect("python3 runs the fixture generator");
    assert!(status.success());
    let ts = SourceFile::read(&dir.path().join("schema.ts")).unwrap();
    let sql = SourceFile::read(&dir.path().join("schema.sql")).unwrap();
    (dir, ts, sql)
}

fn compare(n: usize, extra: &[&str]) {
    let (_dir, ts, sql) = fixture(n, extra);
    let opts = Options { dialect: Dialect::Postgres, casing: Casing::Preserve };
    let from_ts = read_schema(std::slice::from_ref(&ts), &opts);
    let errors: Vec<String> = from_ts.errors.iter().map(|e| e.short()).collect();
    assert!(errors.is_empty(), "schema.ts errors: {errors:#?}");
    let from_sql = dialect_for(Dialect::Postgres).unwrap().parse(std::slice::from_ref(&sql));
    assert!(from_sql.errors.is_empty());
    assert_eq!(from_ts.schema.tables.len(), from_sql.schema.tables.len());
    assert!(from_ts.schema.tables.len() >= n);
    for (a, b) in from_ts.schema.tables.iter().zip(&from_sql.schema.tables) {
        assert_eq!(a, b, "table {} differs", b.name);
    }
    assert_eq!(from_ts.schema, from_sql.schema);
    let diff = sluice_schema::diff(&from_sql.schema, &from_ts.schema, &Default::default());
    assert!(diff.is_empty(), "{} changes between the twins", diff.len());
}

#[test]
fn thousand_tables_read_as_their_sql_twin() {
    compare(1000, &[]);
}

#[test]
fn mutated_fixture_reads_as_its_sql_twin() {
    compare(100, &["--mutate"]);
}
