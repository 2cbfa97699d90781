//! The live schema of a SQLite database as sluice's [`Schema`].
//!
//! SQLite keeps the `CREATE` statement of every table, index, view and
//! trigger in `sqlite_schema`, as the user wrote it (ALTER TABLE ADD and
//! RENAME COLUMN / RENAME TO rewrite the stored text so it stays the
//! definition of the current object). Introspection therefore reads those
//! statements and parses them with the same SQLite parser that reads schema
//! files: a database loaded from a schema file reads back as exactly the
//! schema the file parses to, with no second interpretation to keep in
//! step. Each statement is a source of its own, named after its object
//! (`sqlite_schema (table users)`), so a parse error says which object it
//! is about. [`crosscheck`](super::crosscheck) then compares the parsed
//! model with what SQLite itself reports through its pragmas, and fails on
//! any disagreement that would make the model wrong.
//!
//! Left out: SQLite's own objects (`sqlite_*`, automatic indexes, which have
//! no SQL) and sluice's (every object whose name, or whose table's name,
//! starts with `sluice_`: history, audit, backups; the prefix is reserved).
//!
//! Never hidden: objects the model has no place for (triggers, virtual
//! tables and their shadow tables) and statements the parser refuses (ON
//! CONFLICT REPLACE, ...) are returned in [`Introspection::unsupported`];
//! [`Driver::introspect`](sluice_migrate::Driver::introspect) turns a
//! non-empty list into an error naming each of them, since a schema that
//! silently lacks them would make `check` report no drift and `pull` drop
//! them.

use super::crosscheck;
use super::errors::context;
use rusqlite::Connection;
use sluice_migrate::DbResult;
use sluice_schema::{Dialect, Schema};
use sluice_sql::{dialect_for, SourceFile};
use std::collections::HashMap;
use std::fmt;

/// What introspection found.
#[derive(Debug)]
pub struct Introspection {
    /// Every table, index and view sluice can represent.
    pub schema: Schema,
    /// Everything else, in `sqlite_schema` order.
    pub unsupported: Vec<Unsupported>,
}

/// An object of the database that is not in [`Introspection::schema`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// `trigger`, `virtual table`, `table`, `index`, `view`.
    pub kind: String,
    pub name: String,
    /// Why sluice cannot represent it.
    pub reason: String,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`: {}", self.kind, self.name, self.reason)
    }
}

/// The error [`Driver::introspect`](sluice_migrate::Driver::introspect)
/// gives when objects would be left out.
pub fn unsupported_message(objects: &[Unsupported]) -> String {
    let mut msg = format!(
        "the database holds {} object(s) sluice cannot represent yet, so its schema cannot be \
         read without hiding them:",
        objects.len()
    );
    for o in objects {
        msg.push_str("\n  - ");
        msg.push_str(&o.to_string());
    }
    msg.push_str(
        "\nsluice compares tables, indexes and views; comparing a schema that silently lacks \
         these objects would report no drift for them and `pull` would drop them. Remove them \
         from this database (or keep them in another one) to use check and pull here.",
    );
    msg
}

/// One row of `sqlite_schema`.
struct Object {
    kind: String,
    name: String,
    table: String,
    sql: String,
}

/// Read the schema (in one read transaction, so that every query sees the
/// same schema).
pub fn introspect(conn: &Connection) -> DbResult<Introspection> {
    conn.execute_batch("SAVEPOINT sluice_introspect")
        .map_err(context("cannot start reading the schema"))?;
    let result = read(conn);
    // Nothing was written: releasing the savepoint only ends the snapshot.
    let _ = conn.execute_batch("RELEASE sluice_introspect");
    result
}

fn read(conn: &Connection) -> DbResult<Introspection> {
    let objects = objects(conn)?;
    let table_kinds = table_kinds(conn)?;
    let mut unsupported = Vec::new();
    let mut files = Vec::new();
    let mut file_object: Vec<usize> = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        let kind = table_kinds.get(&o.name).map(String::as_str).unwrap_or("");
        match (o.kind.as_str(), kind) {
            ("trigger", _) => unsupported.push(Unsupported {
                kind: "trigger".into(),
                name: o.name.clone(),
                reason: format!("on `{}`; sluice does not manage triggers yet", o.table),
            }),
            ("table", "virtual") => unsupported.push(Unsupported {
                kind: "virtual table".into(),
                name: o.name.clone(),
                reason: format!(
                    "{}; sluice does not manage virtual tables (nor their shadow tables) yet",
                    module_of(&o.sql)
                ),
            }),
            // Part of a virtual table, reported with it.
            ("table", "shadow") => {}
            _ => {
                files.push(SourceFile::new(
                    format!("sqlite_schema ({} {})", o.kind, o.name),
                    &*o.sql,
                ));
                file_object.push(i);
            }
        }
    }
    let parser = dialect_for(Dialect::Sqlite).expect("the SQLite dialect is built in");
    let parsed = parser.parse(&files);
    for e in &parsed.errors {
        let file = files.iter().position(|f| f.name() == e.location.file);
        let (kind, name) = match file.map(|f| &objects[file_object[f]]) {
            Some(o) => (o.kind.clone(), o.name.clone()),
            None => ("object".to_string(), e.location.file.clone()),
        };
        let mut reason = format!("sluice cannot read its definition: {}", e.message);
        if let Some(help) = &e.help {
            reason.push_str(&format!("; {help}"));
        }
        if !unsupported.iter().any(|u: &Unsupported| u.name == name) {
            unsupported.push(Unsupported { kind, name, reason });
        }
    }
    crosscheck::check(conn, &parsed.schema)?;
    Ok(Introspection { schema: parsed.schema, unsupported })
}

/// `sluice_*` names belong to sluice (case-insensitively, as SQLite
/// compares names).
pub fn is_sluice_name(name: &str) -> bool {
    name.len() >= 7 && name.as_bytes()[..7].eq_ignore_ascii_case(b"sluice_")
}

/// drizzle-orm's migration history (`__drizzle_migrations`): another
/// tool's bookkeeping, left alone like sluice's own tables (a project
/// imported from drizzle keeps it).
fn is_drizzle_history(name: &str) -> bool {
    name.eq_ignore_ascii_case("__drizzle_migrations")
}

fn is_sqlite_name(name: &str) -> bool {
    name.len() >= 7 && name.as_bytes()[..7].eq_ignore_ascii_case(b"sqlite_")
}

/// The user's objects in `sqlite_schema`, in creation order.
fn objects(conn: &Connection) -> DbResult<Vec<Object>> {
    let read = context("cannot read sqlite_schema");
    let mut stmt = conn
        .prepare(
            "SELECT type, name, tbl_name, sql FROM main.sqlite_schema \
             WHERE sql IS NOT NULL ORDER BY rowid",
        )
        .map_err(&read)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Object { kind: r.get(0)?, name: r.get(1)?, table: r.get(2)?, sql: r.get(3)? })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(&read)?;
    Ok(rows
        .into_iter()
        .filter(|o| {
            !is_sqlite_name(&o.name)
                && !is_sqlite_name(&o.table)
                && !is_sluice_name(&o.name)
                && !is_sluice_name(&o.table)
                && !is_drizzle_history(&o.table)
        })
        .collect())
}

/// Table name -> `table`, `view`, `virtual` or `shadow`, from
/// `PRAGMA table_list`.
fn table_kinds(conn: &Connection) -> DbResult<HashMap<String, String>> {
    let read = context("cannot read PRAGMA table_list");
    let mut stmt = conn
        .prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main'")
        .map_err(&read)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect::<Result<HashMap<_, _>, _>>())
        .map_err(&read)?;
    Ok(rows)
}

/// `using fts5` from `CREATE VIRTUAL TABLE x USING fts5(...)`.
fn module_of(sql: &str) -> String {
    let lower = sql.to_ascii_lowercase();
    match lower.find(" using ") {
        Some(i) => {
            let rest = &sql[i + 7..];
            let module: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            format!("using {module}")
        }
        None => "a virtual table".to_string(),
    }
}
