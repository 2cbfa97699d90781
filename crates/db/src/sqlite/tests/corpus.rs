//! The key property over sqldef's sqlite3def conformance documents: a
//! document loaded into a fresh database file introspects to exactly what
//! the SQLite parser makes of the document.
//!
//! Every `current` and `desired` document is tried, loaded statement by
//! statement through the driver as the apply engine does. Skipped, with
//! the reason counted: documents the parser refuses (nothing to compare
//! with; but when SQLite loads them, introspection must name what it
//! cannot represent instead of dropping it) and documents SQLite itself
//! refuses. The rest must come back equal; the test prints a table per file and fails on any
//! difference or when fewer documents are equal than the floor (which only
//! rises).
//!
//! The suite lives outside the repository (`../shared/conformance/sqldef`
//! beside it). Without it the test fails, unless SLUICE_SKIP_CONFORMANCE=1.

use super::*;
use sluice_schema::Dialect;
use sluice_sql::{dialect_for, SourceFile};
use sluice_testkit::{documents, suite_dir};
use std::collections::BTreeMap;

/// Documents that must read back equal (what the driver reaches today).
const EQUAL_FLOOR: usize = 88;

#[derive(Default)]
struct Tally {
    docs: usize,
    loaded: usize,
    equal: usize,
    different: usize,
    parser_refused: usize,
    /// Refused by the parser, accepted by SQLite.
    parser_refused_loaded: usize,
    /// ... and introspection names what it cannot represent.
    parser_refused_named: usize,
    sqlite_refused: usize,
}

/// Run a document through the driver, one statement at a time as the
/// apply engine will; SQLite's message when it refuses one.
fn load_statements(d: &mut SqliteDriver, sql: &str) -> Result<(), String> {
    let statements = sluice_sql::split::split(sql, Dialect::Sqlite).map_err(|e| e.to_string())?;
    for st in statements {
        d.execute(&st.sql).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[test]
fn sqldef_documents_introspect_as_they_parse() {
    let Some(dir) = suite_dir() else { return };
    let parser = dialect_for(Dialect::Sqlite).unwrap();
    let mut per_file: BTreeMap<String, Tally> = BTreeMap::new();
    let mut sqlite_reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut differences = Vec::new();
    let tmp = project();
    for (n, (file, case, which, sql)) in documents(&dir, "sqlite3def").into_iter().enumerate() {
        let t = per_file.entry(file.clone()).or_default();
        t.docs += 1;
        let parsed = parser.parse(&[SourceFile::new("doc.sql", sql.as_str())]);
        let mut d = open_in(tmp.path(), &format!("doc{n}.db"));
        let loaded = load_statements(&mut d, &sql);
        if !parsed.errors.is_empty() {
            t.parser_refused += 1;
            // What the parser refuses in a file, introspection must not
            // silently drop from a database.
            if loaded.is_ok() {
                t.parser_refused_loaded += 1;
                let unsupported =
                    d.introspect_with_unsupported().expect("introspection").unsupported;
                if !unsupported.is_empty() && d.introspect().is_err() {
                    t.parser_refused_named += 1;
                } else {
                    differences.push(format!(
                        "{file} {case} ({which}): the parser refuses it ({}), but introspection \
                         names nothing unsupported\n--- sql:\n{sql}",
                        parsed.errors[0].short()
                    ));
                }
            }
            continue;
        }
        if let Err(e) = loaded {
            t.sqlite_refused += 1;
            *sqlite_reasons.entry(e).or_default() += 1;
            continue;
        }
        t.loaded += 1;
        match d.introspect() {
            Ok(s) if s == parsed.schema => t.equal += 1,
            Ok(s) => {
                t.different += 1;
                differences.push(format!(
                    "{file} {case} ({which}): introspected schema differs\n--- sql:\n{sql}\n\
                     --- parsed:\n{:#?}\n--- introspected:\n{s:#?}",
                    parsed.schema
                ));
            }
            Err(e) => {
                t.different += 1;
                differences.push(format!("{file} {case} ({which}): {e}\n--- sql:\n{sql}"));
            }
        }
    }
    let mut total = Tally::default();
    println!("\nsqlite3def: introspect(load(doc)) == parse(doc)");
    println!(
        "{:<30} {:>5} {:>7} {:>6} {:>10} {:>13} {:>13}",
        "file", "docs", "loaded", "equal", "different", "skip: parser", "skip: SQLite"
    );
    for (name, t) in &per_file {
        print_row(name, t);
        total.docs += t.docs;
        total.loaded += t.loaded;
        total.equal += t.equal;
        total.different += t.different;
        total.parser_refused += t.parser_refused;
        total.parser_refused_loaded += t.parser_refused_loaded;
        total.parser_refused_named += t.parser_refused_named;
        total.sqlite_refused += t.sqlite_refused;
    }
    print_row("TOTAL", &total);
    println!(
        "\nskipped as the parser refuses them: {}; of those SQLite loads {}, and introspection \
         names the unsupported objects in {}",
        total.parser_refused, total.parser_refused_loaded, total.parser_refused_named
    );
    println!("documents SQLite refuses (skipped), by its message:");
    if sqlite_reasons.is_empty() {
        println!("  (none)");
    }
    for (reason, n) in &sqlite_reasons {
        println!("{n:>5}  {reason}");
    }
    for d in differences.iter().take(5) {
        println!("\n{d}");
    }
    assert!(differences.is_empty(), "{} document(s) introspect differently", differences.len());
    assert!(
        total.equal >= EQUAL_FLOOR,
        "{} documents read back equal, fewer than the floor of {EQUAL_FLOOR}",
        total.equal
    );
}

fn print_row(name: &str, t: &Tally) {
    println!(
        "{name:<30} {:>5} {:>7} {:>6} {:>10} {:>13} {:>13}",
        t.docs, t.loaded, t.equal, t.different, t.parser_refused, t.sqlite_refused
    );
}
