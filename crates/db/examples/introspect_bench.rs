//! Time introspection of a schema file loaded into a throw-away database
//! (a benchmark script, not a test):
//!
//! ```text
//! python3 ../shared/bench/gen_schema.py 1000 --out /tmp/bench
//! cargo run -p sluice-db --example introspect_bench -- /tmp/bench/schema.sql
//! ```
//!
//! Prints the parse time, then five introspections on a new connection
//! (cold) and on the loading one (warm), and whether the introspected
//! schema equals the parsed one. Uses `SLUICE_TEST_PG_URL` like the tests.

use sluice_db::testing::TestPg;
use sluice_migrate::Driver;
use sluice_schema::Dialect;
use sluice_sql::{dialect_for, SourceFile};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: introspect_bench SCHEMA.sql");
        std::process::exit(2);
    };
    let sql = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let Some(pg) = TestPg::new() else { std::process::exit(1) };
    let mut db = pg.connect();
    db.execute(&sql).unwrap_or_else(|e| panic!("loading {path}: {e}"));

    let started = Instant::now();
    let parser = dialect_for(Dialect::Postgres).expect("PostgreSQL dialect");
    let parsed = parser.parse(&[SourceFile::new(path.as_str(), sql.as_str())]);
    println!("parse: {:?} ({} errors)", started.elapsed(), parsed.errors.len());

    for run in 1..=5 {
        let mut fresh = pg.connect();
        let started = Instant::now();
        let cold = fresh.introspect().expect("introspection");
        let cold_time = started.elapsed();
        let started = Instant::now();
        let warm = db.introspect().expect("introspection");
        let warm_time = started.elapsed();
        println!(
            "run {run}: cold {cold_time:?}, warm {warm_time:?}; {} tables, equal to the parse: {}",
            warm.tables.len(),
            cold == parsed.schema && warm == parsed.schema
        );
    }
}
