//! SQLite schema files -> one [`Schema`]. Each file is tokenized with
//! sqlparser's tokenizer and split into statements; each statement is read
//! by the parser of its kind (`table`, `index`, `view`) on top of sqlparser's
//! `Parser`, which parses the expressions and queries while every token
//! keeps its byte span, so names and expressions are taken from the user's
//! own text. `PRAGMA`, `BEGIN` and `COMMIT` are ignored; every other
//! statement is a located error saying what to do, and an error in one
//! statement does not stop the others from being read. Indexes are attached
//! to their tables once all files are read, then the schema is normalized.
//!
//! Names are kept exactly as written (quoted or not): that is how
//! `sqlite_schema` returns them. SQLite compares names case-insensitively,
//! so duplicate declarations and references (an index's table, a
//! constraint's columns) are matched that way.

mod cursor;
mod index;
mod table;
mod view;

#[cfg(test)]
mod tests;

use crate::annotations::renamed_from_as_written;
use crate::diag::Location;
use crate::{ObjectKey, Origin, Parsed, SourceFile, Span, SqlError};
use cursor::{fail, Cursor, Locator, PResult};
use index::IndexDecl;
use sluice_schema::{Dialect, Hints, IndexTarget, QualifiedName, Schema, Table, View};
use sqlparser::tokenizer::Token;
use std::collections::{BTreeMap, HashMap, HashSet};
use table::TableDecl;
use view::ViewDecl;

/// Parse SQLite schema files, in order, into one normalized schema.
pub(crate) fn parse(files: &[SourceFile]) -> Parsed {
    let mut parsed = parse_raw(files);
    sluice_schema::normalize(&mut parsed.schema);
    parsed
}

/// [`parse`] without the final normalization: the model as written.
fn parse_raw(files: &[SourceFile]) -> Parsed {
    let mut b = Builder::default();
    for (i, file) in files.iter().enumerate() {
        b.hint_files.push(file.text.contains("renamed"));
        let loc = Locator::new(&file.text);
        let (tokens, tokenizer_error) = cursor::tokenize(file, &loc);
        for piece in cursor::split(tokens, &loc) {
            let stmt = piece.span;
            let mut cur = Cursor::new(piece, file, &loc);
            match statement(&mut cur) {
                Ok(Some(decl)) => b.add(decl, file, i, stmt),
                Ok(None) => {}
                Err(e) => {
                    if let Some(name) = cur.declared.take() {
                        b.failed.insert(name.to_ascii_lowercase());
                    }
                    b.error(i, *e);
                }
            }
        }
        if let Some(e) = tokenizer_error {
            b.error(i, e);
        }
    }
    b.finish(files)
}

enum Decl {
    Table(TableDecl),
    Index(IndexDecl),
    View(ViewDecl),
}

/// One statement: `Ok(None)` for the statements that declare nothing and are
/// ignored (PRAGMA, BEGIN, COMMIT).
fn statement(cur: &mut Cursor) -> PResult<Option<Decl>> {
    let first = match cur.peek() {
        Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
        _ => return fail(not_a_statement(cur)),
    };
    let decl = match first.as_str() {
        "CREATE" => create(cur)?,
        "PRAGMA" | "BEGIN" | "COMMIT" | "END" => return Ok(None),
        _ => return fail(unsupported(cur, &first)),
    };
    if !cur.at_end() {
        return fail(cur.expected("`;` (the end of the statement)"));
    }
    Ok(Some(decl))
}

fn create(cur: &mut Cursor) -> PResult<Decl> {
    let start = cur.advance().start;
    let temp = cur.eat_kw("TEMP") || cur.eat_kw("TEMPORARY");
    let unique = cur.eat_kw("UNIQUE");
    let kw = match cur.peek() {
        Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
        _ => String::new(),
    };
    if unique && kw != "INDEX" {
        return fail(cur.expected("INDEX"));
    }
    if temp {
        if !matches!(kw.as_str(), "TABLE" | "VIEW" | "TRIGGER") {
            return fail(cur.expected("TABLE, VIEW or TRIGGER after CREATE TEMP"));
        }
        cur.advance();
        return fail(
            cur.error(
                Span::new(start, cur.prev_end()),
                "temporary objects are not part of a database schema",
            )
            .with_label("temporary")
            .with_help("remove TEMP: schema files declare the database's permanent objects"),
        );
    }
    match kw.as_str() {
        "TABLE" => {
            cur.advance();
            Ok(Decl::Table(table::create_table(cur)?))
        }
        "INDEX" => {
            cur.advance();
            Ok(Decl::Index(index::create_index(cur, unique)?))
        }
        "VIEW" => {
            cur.advance();
            Ok(Decl::View(view::create_view(cur)?))
        }
        "TRIGGER" => {
            cur.advance();
            fail(refuse(
                cur,
                start,
                "CREATE TRIGGER is not supported in SQLite schema files",
                "sluice manages tables, indexes and views; create the trigger in a hand-written \
                 migration, or remove it from the schema files",
            ))
        }
        "VIRTUAL" => {
            cur.advance();
            cur.eat_kw("TABLE");
            fail(refuse(
                cur,
                start,
                "CREATE VIRTUAL TABLE is not supported in SQLite schema files",
                "sluice cannot compare virtual tables (fts5, rtree...); create it in a hand-written \
                 migration, or remove it from the schema files",
            ))
        }
        _ => fail(cur.expected("TABLE, INDEX or VIEW after CREATE").with_help(
            "SQLite schema files may contain CREATE TABLE, CREATE INDEX and CREATE VIEW",
        )),
    }
}

fn refuse(cur: &Cursor, start: usize, msg: &str, help: &str) -> SqlError {
    cur.error(Span::new(start, cur.prev_end()), msg).with_label("not supported").with_help(help)
}

/// A statement of a kind schema files do not hold, named by its first word.
fn unsupported(cur: &mut Cursor, first: &str) -> SqlError {
    let start = cur.advance().start;
    let (what, help) = match first {
        "ALTER" => (
            "ALTER TABLE".to_string(),
            "schema files declare the end state: change the CREATE TABLE statement instead, and \
             sluice generates the ALTER",
        ),
        "DROP" => (
            "DROP".to_string(),
            "remove the object's CREATE statement instead, and sluice generates the DROP",
        ),
        "INSERT" | "REPLACE" | "UPDATE" | "DELETE" => (
            format!("{first} (a data statement)"),
            "schema files hold DDL only: put data changes in a hand-written migration",
        ),
        "SELECT" | "WITH" | "VALUES" => (
            format!("{first} (a query)"),
            "schema files hold DDL only: to keep a query, declare it as CREATE VIEW",
        ),
        "ROLLBACK" | "SAVEPOINT" | "RELEASE" => (
            first.to_string(),
            "remove it: sluice runs each migration in its own transaction (BEGIN and COMMIT are ignored)",
        ),
        _ => (
            first.to_string(),
            "remove it: SQLite schema files may contain CREATE TABLE, CREATE INDEX, CREATE VIEW \
             (and PRAGMA, BEGIN, COMMIT, which are ignored)",
        ),
    };
    cur.error(
        Span::new(start, cur.prev_end()),
        format!("{what} is not supported in SQLite schema files"),
    )
    .with_label("not supported")
    .with_help(help)
}

fn not_a_statement(cur: &Cursor) -> SqlError {
    cur.expected("a statement")
        .with_help("SQLite schema files may contain CREATE TABLE, CREATE INDEX and CREATE VIEW")
}

/// Collects declarations across files.
#[derive(Default)]
struct Builder {
    tables: Vec<Table>,
    views: Vec<View>,
    indexes: Vec<(usize, IndexDecl)>,
    /// Declared names, lower-cased (SQLite's comparison): kind and place.
    names: HashMap<String, (&'static str, Location)>,
    /// Lower-cased names of tables and views whose statement failed:
    /// indexes on them are not reported again.
    failed: HashSet<String>,
    hints: Hints,
    /// Per file: whether it mentions `renamed` at all (else no hint lookups).
    hint_files: Vec<bool>,
    origins: BTreeMap<ObjectKey, Origin>,
    /// (file index, offset, error), sorted at the end.
    errors: Vec<(usize, usize, SqlError)>,
}

impl Builder {
    fn error(&mut self, file: usize, e: SqlError) {
        let offset = e.span.offset();
        self.errors.push((file, offset, e));
    }

    /// Claim a name; false (and an error) if something has it already.
    fn declare(
        &mut self,
        file: &SourceFile,
        fi: usize,
        name: &cursor::Name,
        kind: &'static str,
    ) -> bool {
        let key = name.value.to_ascii_lowercase();
        if let Some((prev_kind, at)) = self.names.get(&key) {
            let e = SqlError::new(file, name.span, format!(
                "{kind} `{}` is declared twice: there is already a {prev_kind} of that name at {at}",
                name.value
            ))
            .with_label("declared again here")
            .with_help("remove or rename one of the two (SQLite compares names case-insensitively)");
            self.error(fi, e);
            return false;
        }
        let (line, column) = file.line_col(name.span.start);
        self.names.insert(key, (kind, Location { file: file.name(), line, column }));
        true
    }

    /// The old name a rename hint gives the object named at `pos`.
    fn renamed_from(&self, file: &SourceFile, fi: usize, pos: usize) -> Option<String> {
        if self.hint_files.get(fi).copied().unwrap_or(true) {
            renamed_from_as_written(&file.text, pos)
        } else {
            None
        }
    }

    fn add(&mut self, decl: Decl, file: &SourceFile, fi: usize, stmt: Span) {
        let origin = || Origin {
            file: fi,
            offset: stmt.start,
            leading_comment: crate::annotations::leading_comment(&file.text, stmt.start),
        };
        match decl {
            Decl::Table(d) => {
                if !self.declare(file, fi, &d.name, "table") {
                    return;
                }
                let name = d.table.name.clone();
                if let Some(old) = self.renamed_from(file, fi, d.name.span.start) {
                    self.hints.tables.push((QualifiedName::bare(&old), name.clone()));
                }
                for (col, span) in d.table.columns.iter().zip(&d.column_names) {
                    if let Some(old) = self.renamed_from(file, fi, span.start) {
                        self.hints.columns.push((name.clone(), old, col.name.clone()));
                    }
                }
                self.origins.insert(ObjectKey::Table(name), origin());
                self.tables.push(d.table);
            }
            Decl::View(d) => {
                if !self.declare(file, fi, &d.name, "view") {
                    return;
                }
                self.origins.insert(ObjectKey::View(d.view.name.clone()), origin());
                self.views.push(d.view);
            }
            Decl::Index(d) => {
                if self.declare(file, fi, &d.name, "index") {
                    self.indexes.push((fi, d));
                }
            }
        }
    }

    fn finish(mut self, files: &[SourceFile]) -> Parsed {
        for (fi, d) in std::mem::take(&mut self.indexes) {
            let file = &files[fi];
            if let Err(e) = self.attach(file, fi, d) {
                self.error(fi, *e);
            }
        }
        let mut schema = Schema::empty(Dialect::Sqlite);
        schema.tables = self.tables;
        schema.views = self.views;
        self.errors.sort_by_key(|(f, off, _)| (*f, *off));
        Parsed {
            schema,
            hints: self.hints,
            errors: self.errors.into_iter().map(|(_, _, e)| e).collect(),
            origins: self.origins,
        }
    }

    /// Put an index on its table, with its column keys spelled as the
    /// table declares them.
    fn attach(&mut self, file: &SourceFile, fi: usize, mut d: IndexDecl) -> PResult<()> {
        let wanted = &d.table.value;
        let Some(ti) = self.tables.iter().position(|t| t.name.name.eq_ignore_ascii_case(wanted))
        else {
            if self.failed.contains(&wanted.to_ascii_lowercase()) {
                return Ok(());
            }
            let is_view = self.views.iter().any(|v| v.name.name.eq_ignore_ascii_case(wanted));
            let (msg, help) = if is_view {
                (
                    format!("`{wanted}` is a view: SQLite cannot index a view"),
                    "index the tables the view reads instead",
                )
            } else {
                (
                    format!(
                        "index `{}` is on table `{wanted}`, which no schema file declares",
                        d.name.value
                    ),
                    "declare the table, or fix the name",
                )
            };
            return fail(
                SqlError::new(file, d.table.span, msg).with_label("unknown table").with_help(help),
            );
        };
        let t = &self.tables[ti];
        for (key, span) in d.index.keys.iter_mut().zip(&d.key_spans) {
            if let IndexTarget::Column(c) = &mut key.target {
                match t.columns.iter().find(|col| col.name.eq_ignore_ascii_case(c)) {
                    Some(col) => *c = col.name.clone(),
                    None => {
                        return fail(
                            SqlError::new(
                                file,
                                *span,
                                format!("table `{}` has no column named `{c}`", t.name.name),
                            )
                            .with_label("unknown column")
                            .with_help("index a column the table declares, or fix the name"),
                        )
                    }
                }
            }
        }
        if let Some(old) = self.renamed_from(file, fi, d.name.span.start) {
            let table = self.tables[ti].name.clone();
            self.hints.indexes.push((table, old, d.index.name.clone()));
        }
        self.tables[ti].indexes.push(d.index);
        Ok(())
    }
}
