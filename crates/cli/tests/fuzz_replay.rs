//! The fuzz targets' properties on the stable toolchain: the checks of
//! `fuzz/checks.rs` (no panic; every error on user input located inside
//! it; what is read writes back) replayed over the corpus in `fuzz/corpus`
//! (the checked-in seeds and crash reproducers, plus whatever a local
//! `fuzz/run.sh` added), then over random inputs: token soup for the DDL
//! readers, and seeds with random edits for every reader.

#[path = "../../../fuzz/checks.rs"]
#[allow(dead_code)]
mod checks;
#[path = "../src/config.rs"]
#[allow(dead_code)]
mod config;

use proptest::prelude::*;
use sluice_schema::Dialect;
use std::path::PathBuf;

type Check = fn(&[u8]);

fn targets() -> Vec<(&'static str, Check)> {
    vec![
        ("ddl_postgres", |d| checks::ddl(Dialect::Postgres, d)),
        ("ddl_sqlite", |d| checks::ddl(Dialect::Sqlite, d)),
        ("ddl_mysql", |d| checks::ddl(Dialect::Mysql, d)),
        ("snapshot", checks::snapshot),
        ("sum_file", checks::sum_file),
        ("config", checks::config),
    ]
}

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus").join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn corpus_replays_clean() {
    for (target, check) in targets() {
        let files = corpus(target);
        assert!(
            files.iter().any(|(p, _)| p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("seed-")),
            "{target}: no seed in fuzz/corpus/{target}"
        );
        for (path, bytes) in &files {
            let run = std::panic::catch_unwind(|| check(bytes));
            assert!(run.is_ok(), "{target}: {} fails the check", path.display());
        }
        println!("{target}: {} corpus input(s) replayed", files.len());
    }
}

const TOKENS: &[&str] = &[
    "CREATE",
    "TABLE",
    "INDEX",
    "UNIQUE",
    "VIEW",
    "TYPE",
    "AS",
    "ENUM",
    "ALTER",
    "ADD",
    "DROP",
    "COLUMN",
    "CONSTRAINT",
    "PRIMARY",
    "KEY",
    "FOREIGN",
    "REFERENCES",
    "CHECK",
    "DEFAULT",
    "NOT",
    "NULL",
    "ON",
    "DELETE",
    "CASCADE",
    "COMMENT",
    "IS",
    "IF",
    "EXISTS",
    "GENERATED",
    "ALWAYS",
    "IDENTITY",
    "AUTO_INCREMENT",
    "int",
    "text",
    "varchar(10)",
    "numeric(10,2)",
    "bigint",
    "SCHEMA",
    "SEQUENCE",
    "SELECT",
    "FROM",
    "WHERE",
    "t",
    "u",
    "id",
    "\"a\"\"b\"",
    "`a``b`",
    "'it''s'",
    "'x\\'",
    "E'\\n'",
    "$$",
    "$x$",
    "(",
    ")",
    ",",
    ";",
    ".",
    "=",
    "<>",
    "--",
    "/*",
    "*/",
    "\n",
    " ",
    "::",
    "[",
    "]",
    "表",
    "🦀",
    "'",
    "\"",
    "`",
    "\\",
    "0",
    "-1",
    "1e9",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|t| t.join(" "))
}

type Edit = (prop::sample::Index, u8, u8);

/// `bytes` with a few byte edits (replace, insert, delete).
fn edit(mut b: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for (at, kind, byte) in edits {
        if b.is_empty() {
            b.push(*byte);
            continue;
        }
        let pos = at.index(b.len());
        match kind {
            0 => b[pos] = *byte,
            1 => b.insert(pos, *byte),
            _ => {
                b.remove(pos);
            }
        }
    }
    b
}

proptest! {
    // PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn ddl_readers_hold_on_token_soup(text in token_soup()) {
        for d in [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql] {
            checks::ddl(d, text.as_bytes());
        }
    }

    #[test]
    fn readers_hold_on_edited_corpus(
        i in 0usize..6,
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..8),
    ) {
        let (target, check) = targets()[i];
        let seeds = corpus(target);
        let seed = seeds[pick.index(seeds.len())].1.clone();
        check(&edit(seed, &edits));
    }

    #[test]
    fn readers_hold_on_random_bytes(i in 0usize..6, bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        (targets()[i].1)(&bytes);
    }
}
