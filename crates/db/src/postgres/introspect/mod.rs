//! Live database -> [`Schema`]: the catalog queries of [`queries`] in one
//! round trip, read into the model so that a database loaded from DDL
//! introspects to exactly what parsing that DDL gives.
//!
//! The queries run in a read-only repeatable-read transaction (one
//! snapshot for all of them) with `search_path = public`; inside a
//! transaction block (opened by `begin` or by a statement), they run in a
//! savepoint that is rolled back afterwards, which also restores the
//! caller's `search_path`.
//!
//! Readers, one concept each: [`objects`] (namespaces, extensions, views),
//! [`types`] (enums, domains), [`sequences`] (standalone, identity and
//! serial sequences), [`tables`] (tables, columns, serial detection),
//! [`constraints`] (keys and checks) and [`indexes`]. Expression text goes
//! through [`sluice_sql::expr`] and type names through
//! [`sluice_sql::types::parse_type`], as the parser's do; the result is
//! normalized with [`sluice_schema::normalize`] and its expressions put in
//! the canonical form parsing also ends with ([`sluice_sql::canon`]).

mod constraints;
mod indexes;
mod objects;
mod queries;
mod sequences;
mod tables;
mod text;
mod types;

use super::session::{Session, TextRow};
use sluice_migrate::DbResult;
use sluice_schema::{Dialect, Expr, QualifiedName, Schema};

const DIALECT: Dialect = Dialect::Postgres;

/// Statements sent before the catalog queries (their results are skipped).
const OUTSIDE_TX: (&str, &str) =
    ("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path = public;", "COMMIT;");
const INSIDE_TX: (&str, &str) = (
    "SAVEPOINT sluice_introspect; SET LOCAL search_path = public;",
    "ROLLBACK TO SAVEPOINT sluice_introspect; RELEASE SAVEPOINT sluice_introspect;",
);
const PREAMBLE_STATEMENTS: usize = 2;

/// The result sets of the catalog queries.
pub(super) struct Catalog {
    pub namespaces: Vec<TextRow>,
    pub extensions: Vec<TextRow>,
    pub types: Vec<TextRow>,
    pub sequences: Vec<TextRow>,
    pub tables: Vec<TextRow>,
    pub columns: Vec<TextRow>,
    pub constraints: Vec<TextRow>,
    pub indexes: Vec<TextRow>,
    pub views: Vec<TextRow>,
}

pub(crate) fn introspect(session: &Session) -> DbResult<Schema> {
    let catalog = read_catalog(session, in_transaction(session)?)?;
    Ok(build(&catalog))
}

/// Whether the session is inside a transaction block, however it was
/// opened: there `now()` (the transaction's start) is earlier than the
/// start of this statement; outside, the statement is its own transaction.
fn in_transaction(session: &Session) -> DbResult<bool> {
    let rows = session.query_text("SELECT now() <> statement_timestamp()")?;
    Ok(rows.first().is_some_and(|r| r.bool(0)))
}

fn read_catalog(session: &Session, in_transaction: bool) -> DbResult<Catalog> {
    let (begin, end) = if in_transaction { INSIDE_TX } else { OUTSIDE_TX };
    let v = session.server_version;
    let queries = [
        queries::namespaces(),
        queries::extensions(),
        queries::types(),
        queries::sequences(),
        queries::tables(),
        queries::columns(),
        queries::constraints(v),
        queries::indexes(v),
        queries::views(),
    ];
    let mut sql = String::from(begin);
    for q in &queries {
        sql.push('\n');
        sql.push_str(q);
        sql.push(';');
    }
    sql.push('\n');
    sql.push_str(end);
    let sets = match session.query_sets(&sql) {
        Ok(sets) => sets,
        Err(e) => {
            // Leave the session as it was: out of the failed transaction,
            // or back at the savepoint.
            let undo = if in_transaction {
                "ROLLBACK TO SAVEPOINT sluice_introspect; RELEASE SAVEPOINT sluice_introspect;"
            } else {
                "ROLLBACK;"
            };
            let _ = session.batch(undo);
            return Err(e);
        }
    };
    let mut sets = sets.into_iter().skip(PREAMBLE_STATEMENTS);
    let mut next = || sets.next().unwrap_or_default();
    Ok(Catalog {
        namespaces: next(),
        extensions: next(),
        types: next(),
        sequences: next(),
        tables: next(),
        columns: next(),
        constraints: next(),
        indexes: next(),
        views: next(),
    })
}

/// The model of a catalog snapshot, normalized.
pub(super) fn build(c: &Catalog) -> Schema {
    let mut schema = Schema::empty(DIALECT);
    objects::namespaces(&mut schema, &c.namespaces);
    objects::extensions(&mut schema, &c.extensions);
    let domain_oids = types::read(&mut schema, &c.types);
    let mut seqs = sequences::read(&c.sequences);
    let table_oids = tables::read(&mut schema, &c.tables, &c.columns, &mut seqs);
    constraints::read(&mut schema, &c.constraints, &table_oids, &domain_oids);
    indexes::read(&mut schema, &c.indexes, &table_oids);
    objects::views(&mut schema, &c.views);
    schema.sequences.extend(seqs.standalone());
    sluice_schema::normalize(&mut schema);
    sluice_sql::canon::canonicalize(&mut schema);
    schema
}

/// Normalized expression text, as the parser stores it.
fn expr(text: &str) -> Expr {
    sluice_sql::expr::normalize(text, DIALECT)
}

fn qualified(schema: &str, name: &str) -> QualifiedName {
    QualifiedName::new(Some(schema), name)
}

/// A comment cell: NULL and the empty string both mean none.
fn comment(row: &TextRow, i: usize) -> Option<String> {
    row.opt(i).filter(|s| !s.is_empty()).map(str::to_string)
}
