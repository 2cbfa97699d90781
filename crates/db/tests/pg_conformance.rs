//! The core property of introspection over sqldef's psqldef suite: for
//! every `current` / `desired` document that the parser accepts and
//! PostgreSQL accepts, introspecting a fresh database loaded with it gives
//! the schema parsing it gives.
//!
//! Each document runs in a transaction of one test database, is
//! introspected inside it and rolled back, so every document starts from an
//! empty database. Documents PostgreSQL rejects (a missing extension, a
//! role that does not exist, ...) are counted as skipped with the server's
//! reason. The test prints a table per file, the kinds of differences and
//! the first few differing documents, and fails below a floor of equal
//! documents that only rises. SLUICE_CONFORMANCE_VERBOSE=1 prints every
//! difference.
//!
//! The suite lives outside the repository (`../shared/conformance/sqldef`
//! beside it). Without it the test fails, unless SLUICE_SKIP_CONFORMANCE=1.

mod support;

use sluice_db::testing::TestPg;
use sluice_migrate::{DbError, Driver};
use sluice_testkit::{documents, suite_dir};
use std::collections::BTreeMap;
use support::{difference_kind, differences, load_and_introspect, parse};

/// Documents that must introspect equal to their parse (what is reached
/// today; raise it when more agree, never lower it).
const EQUAL_FLOOR: usize = 1036;

/// Differing documents printed in full.
const SHOWN: usize = 8;

#[derive(Default)]
struct Tally {
    docs: usize,
    parser_rejects: usize,
    skipped: usize,
    equal: usize,
    different: usize,
}

/// Why the server refused a document, in a few words.
fn skip_reason(e: &DbError) -> String {
    let message = match e {
        DbError::Statement { message, .. } => message.lines().next().unwrap_or("").to_string(),
        other => other.to_string(),
    };
    if let Some(rest) = message.strip_prefix("could not open extension control file \"") {
        let ext = rest
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".control\": No such file or directory");
        return format!("extension {ext} is not installed on the server");
    }
    message
}

#[test]
fn introspection_equals_parse_over_psqldef() {
    let Some(dir) = suite_dir() else { return };
    let Some(pg) = TestPg::new() else { return };
    let mut db = pg.connect();
    let verbose = std::env::var("SLUICE_CONFORMANCE_VERBOSE").as_deref() == Ok("1");
    let mut per_file: BTreeMap<String, Tally> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut shown = Vec::new();
    for (file, case, which, sql) in documents(&dir, "psqldef") {
        let t = per_file.entry(file.clone()).or_default();
        t.docs += 1;
        let Ok(parsed) = parse(&sql) else {
            t.parser_rejects += 1;
            continue;
        };
        let mut result = load_and_introspect(&mut db, &sql);
        if matches!(&result, Err(DbError::Statement { code: Some(c), .. }) if c == "25001") {
            // Cannot run in a transaction block (CREATE INDEX CONCURRENTLY):
            // statement by statement, in a database of its own.
            let fresh = TestPg::new().expect("server reachable");
            let mut other = fresh.connect();
            let statements = sluice_sql::split::split(&sql, sluice_schema::Dialect::Postgres)
                .expect("a document the parser read splits");
            result = statements
                .iter()
                .try_for_each(|s| Driver::execute(&mut other, &s.sql))
                .and_then(|()| Driver::introspect(&mut other));
        }
        let introspected = match result {
            Ok(s) => s,
            Err(e) => {
                t.skipped += 1;
                *reasons.entry(skip_reason(&e)).or_default() += 1;
                continue;
            }
        };
        let diffs = differences(&parsed, &introspected);
        if diffs.is_empty() {
            t.equal += 1;
            continue;
        }
        t.different += 1;
        let mut seen_kinds: Vec<String> = diffs.iter().map(|d| difference_kind(d)).collect();
        seen_kinds.sort();
        seen_kinds.dedup();
        for k in seen_kinds {
            *kinds.entry(k).or_default() += 1;
        }
        if verbose || shown.len() < SHOWN {
            shown.push(format!("{file} {case} ({which}):\n    {}", diffs.join("\n    ")));
        }
    }

    let mut total = Tally::default();
    println!("\npsqldef: introspect(load(doc)) == parse(doc)");
    println!(
        "{:<32} {:>5} {:>8} {:>7} {:>6} {:>6} {:>8}",
        "file", "docs", "rejected", "skipped", "loaded", "equal", "differ"
    );
    for (name, t) in &per_file {
        let loaded = t.equal + t.different;
        println!(
            "{name:<32} {:>5} {:>8} {:>7} {loaded:>6} {:>6} {:>8}",
            t.docs, t.parser_rejects, t.skipped, t.equal, t.different
        );
        total.docs += t.docs;
        total.parser_rejects += t.parser_rejects;
        total.skipped += t.skipped;
        total.equal += t.equal;
        total.different += t.different;
    }
    let loaded = total.equal + total.different;
    println!(
        "{:<32} {:>5} {:>8} {:>7} {loaded:>6} {:>6} {:>8}",
        "TOTAL", total.docs, total.parser_rejects, total.skipped, total.equal, total.different
    );
    println!("(rejected: the parser reports an error; skipped: PostgreSQL refuses the document)");
    println!("\nskipped, by the server's reason:");
    let mut reasons: Vec<_> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (reason, n) in &reasons {
        println!("{n:>5}  {reason}");
    }
    println!("\ndifferences, by kind (documents):");
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (kind, n) in &kinds {
        println!("{n:>5}  {kind}");
    }
    println!("\nfirst differing documents:");
    for s in &shown {
        println!("{s}");
    }
    assert!(loaded > 0, "no document was loaded");
    assert!(
        total.equal >= EQUAL_FLOOR,
        "{} documents introspect equal to their parse, fewer than the floor of {EQUAL_FLOOR}",
        total.equal
    );
}
