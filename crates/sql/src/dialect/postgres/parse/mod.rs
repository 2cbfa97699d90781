//! PostgreSQL DDL -> [`Schema`].
//!
//! Each file is parsed by squawk-syntax into a lossless syntax tree; the
//! statements are then read in order into one schema, so later statements
//! (in the same or a later file) may alter objects declared earlier, as in
//! pg_dump output. Large files are cut into pieces between statements
//! ([`crate::scan`]) that worker threads parse while this thread reads the
//! trees in order ([`pieces`]); a file with a syntax error is parsed again
//! whole, so that errors read exactly as for one tree. Everything the model
//! cannot hold — an unsupported statement, an unknown clause, a syntax
//! error — becomes a located [`SqlError`]; nothing is dropped silently.
//! Names are folded as PostgreSQL folds them. Unqualified names keep
//! `schema: None` and unnamed constraints `name: None`:
//! [`sluice_schema::normalize`] fills in what the server would.
//!
//! One concept per file: [`table`] (CREATE TABLE and columns), [`constraint`]
//! (keys and checks), [`index`], [`alter`] (ALTER TABLE / SEQUENCE / TYPE),
//! [`objects`] (schemas, extensions, enums, domains), [`sequence`], [`view`],
//! [`comment`], [`session`] (SET and the pg_dump preamble), [`ty`] (type
//! names) and [`names`] (identifiers, spans, literals).

mod alter;
mod comment;
mod constraint;
pub(crate) mod effects;
mod index;
mod names;
mod objects;
mod pieces;
mod sequence;
mod session;
mod table;
mod ty;
mod view;

use crate::dialect::Origin;
use crate::memo::{FxBuild, FxHashMap};
use crate::{ObjectKey, Parsed, SourceFile, Span, SqlError};
use names::{slice, Spanned};
use sluice_schema::{Dialect, Expr, Hints, QualifiedName, Schema, SqlType, Table};
use squawk_syntax::syntax_error::SyntaxError;
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode};
use std::collections::{BTreeMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

const DIALECT: Dialect = Dialect::Postgres;

/// Errors reported per file before the rest are summed up in one: past
/// that, more messages do not help (and each one carries the file's text).
const MAX_ERRORS_PER_FILE: usize = 100;

pub(crate) fn parse(files: &[SourceFile]) -> Parsed {
    read(files, true)
}

/// Push onto a list that stays short (a table's indexes and constraints,
/// an index's keys, a key's columns): grown one element at a time up to
/// eight, where `Vec` makes room for four at once, so that the lists of
/// thousands of tables take the room they use (~300 fewer fresh pages for
/// 1,000 tables); past eight it doubles again, keeping long lists linear.
pub(super) fn push_short<T>(v: &mut Vec<T>, x: T) {
    if v.len() == v.capacity() {
        v.reserve_exact(if v.len() < 8 { 1 } else { v.len() });
    }
    v.push(x);
}

/// Read the files; `normalize` false keeps the schema exactly as written
/// (the unit tests look at what the parser itself produced).
fn read(files: &[SourceFile], normalize: bool) -> Parsed {
    pieces::read(files, pieces::PIECE_BYTES).unwrap_or_else(|| read_whole(files)).finish(normalize)
}

/// Read each file as one syntax tree, on this thread.
fn read_whole(files: &[SourceFile]) -> Builder<'_> {
    let mut b = Builder::new(files);
    for i in 0..files.len() {
        b.read_file(i);
    }
    b
}

/// The state of one `parse` call: the schema built so far and everything
/// reported about the files.
struct Builder<'a> {
    files: &'a [SourceFile],
    /// Index of the file being read.
    file: usize,
    /// Offset in that file of the syntax tree being read: a file read in
    /// pieces has one tree per piece, each starting at 0 (see [`Builder::abs`]).
    base: usize,
    schema: Schema,
    hints: Hints,
    errors: Vec<SqlError>,
    origins: BTreeMap<ObjectKey, Origin>,
    /// Objects whose declaring statement had a syntax error: statements that
    /// refer to them are not reported a second time as "not defined".
    broken: Vec<QualifiedName>,
    /// Errors reported on the file being read so far.
    file_errors: usize,
    /// `CREATE UNLOGGED SEQUENCE`s, fine only as the sequence of a column of
    /// an unlogged table (pg_dump writes those): checked once all is read.
    unlogged_sequences: Vec<(QualifiedName, SqlError)>,
    /// Position of each table in `schema.tables`, by [`name_key`]: lookups
    /// stay constant-time on schemas with thousands of tables.
    table_at: FxHashMap<(String, String), usize>,
    /// Index names declared so far, by (schema, name): unique per schema.
    index_names: HashSet<(String, String), FxBuild>,
    /// Whether the file being read has a rename hint anywhere: most files
    /// have none, and then no name needs looking around for one.
    file_has_hints: bool,
    /// Types and expressions already read, by their source text: schemas
    /// repeat a few of them thousands of times, and reading one is a pure
    /// function of its text.
    types: FxHashMap<Box<str>, (K, SqlType)>,
    exprs: FxHashMap<Box<str>, String>,
}

/// Two names denote the same object when they match with unqualified names
/// read in the default schema (sluice reads files with `search_path` =
/// public; see [`session`]).
/// A name as (schema, name) with the default schema filled in, the form
/// [`same_name`] compares.
fn name_key(n: &QualifiedName) -> (String, String) {
    let schema = n.schema.as_deref().or(DIALECT.default_schema()).unwrap_or_default();
    (schema.to_string(), n.name.clone())
}

fn same_name(a: &QualifiedName, b: &QualifiedName) -> bool {
    let default = DIALECT.default_schema();
    a.name == b.name && a.schema.as_deref().or(default) == b.schema.as_deref().or(default)
}

impl<'a> Builder<'a> {
    fn new(files: &'a [SourceFile]) -> Self {
        Builder {
            files,
            file: 0,
            base: 0,
            schema: Schema::empty(DIALECT),
            hints: Hints::default(),
            errors: Vec::new(),
            origins: BTreeMap::new(),
            broken: Vec::new(),
            file_errors: 0,
            unlogged_sequences: Vec::new(),
            table_at: FxHashMap::default(),
            index_names: HashSet::default(),
            file_has_hints: false,
            types: FxHashMap::default(),
            exprs: FxHashMap::default(),
        }
    }

    /// The normalized text of the expression at `span` ([`crate::expr::normalize_str`]).
    fn expr_str(&mut self, at: &impl Spanned) -> String {
        let text = self.src(at);
        if let Some(e) = self.exprs.get(text) {
            return e.clone();
        }
        let e = crate::expr::normalize_str(text, DIALECT);
        self.exprs.insert(text.into(), e.clone());
        e
    }

    /// The normalized expression at `span` ([`crate::expr::normalize`]).
    fn expr(&mut self, at: &impl Spanned) -> Expr {
        Expr(self.expr_str(at))
    }

    /// The position of a table in `schema.tables`.
    fn find_table(&self, name: &QualifiedName) -> Option<usize> {
        self.table_at.get(&name_key(name)).copied()
    }

    fn push_table(&mut self, table: Table) {
        self.table_at.insert(name_key(&table.name), self.schema.tables.len());
        self.schema.tables.push(table);
    }

    /// Text of the file being read.
    fn text(&self) -> &'a str {
        &self.files[self.file].text
    }

    /// Where a span of the syntax tree being read sits in the file.
    fn abs(&self, span: Span) -> Span {
        Span::new(span.start + self.base, span.end + self.base)
    }

    /// Source text of a node.
    fn src(&self, el: &impl Spanned) -> &'a str {
        slice(self.text(), self.abs(el.span()))
    }

    /// Whether another error may be reported on the file being read; the
    /// first one refused is replaced by a note that more were left out.
    fn may_report(&mut self, at: &impl Spanned) -> bool {
        self.file_errors += 1;
        if self.file_errors == MAX_ERRORS_PER_FILE + 1 {
            let file = &self.files[self.file];
            self.errors.push(
                SqlError::new(
                    file,
                    self.abs(at.span()),
                    format!("too many errors in this file: only the first {MAX_ERRORS_PER_FILE} are shown"),
                )
                .with_help("fix the errors above first (is this file SQL?)"),
            );
        }
        self.file_errors <= MAX_ERRORS_PER_FILE
    }

    /// Report an error on the file being read.
    fn error(&mut self, at: &impl Spanned, message: impl Into<String>, help: impl Into<String>) {
        if !self.may_report(at) {
            return;
        }
        let file = &self.files[self.file];
        self.errors.push(SqlError::new(file, self.abs(at.span()), message).with_help(help));
    }

    /// Report a construct the model cannot hold.
    fn unsupported(&mut self, at: &impl Spanned, what: &str, help: &str) {
        if !self.may_report(at) {
            return;
        }
        let error = self.unsupported_error(at, what, help);
        self.errors.push(error);
    }

    /// The error [`Builder::unsupported`] reports, for reporting later.
    fn unsupported_error(&self, at: &impl Spanned, what: &str, help: &str) -> SqlError {
        let file = &self.files[self.file];
        SqlError::new(
            file,
            self.abs(at.span()),
            format!("{what} is not supported in schema files yet"),
        )
        .with_help(help)
        .with_label("not supported")
    }

    /// Report a child element a reader does not know, naming it by its
    /// leading keywords: `TABLESPACE in CREATE TABLE is not supported ...`.
    fn unexpected(&mut self, el: &SyntaxElement, context: &str) {
        let what = format!("{} in {context}", names::leading_keywords(el, 3));
        let help = clause_help(el.kind());
        self.unsupported(el, &what, help);
    }

    /// `file:line:col` of an origin, for "already defined at" messages.
    fn location(&self, origin: &Origin) -> String {
        let f = &self.files[origin.file];
        let (line, col) = f.line_col(origin.offset);
        format!("{}:{line}:{col}", f.name())
    }

    /// Where the statement `stmt` of the current file starts, with the
    /// comment lines directly above it.
    fn origin(&self, stmt: &SyntaxNode) -> Origin {
        let offset = self.abs(stmt.span()).start;
        Origin {
            file: self.file,
            offset,
            leading_comment: crate::annotations::leading_comment(self.text(), offset),
        }
    }

    /// Record where a top-level object was declared (the first declaration wins).
    fn record_origin(&mut self, key: ObjectKey, stmt: &SyntaxNode) {
        let origin = self.origin(stmt);
        self.origins.entry(key).or_insert(origin);
    }

    /// Report a reference to an object no earlier statement declared, unless
    /// its declaration was already reported as broken.
    fn missing(&mut self, at: &impl Spanned, kind: &str, name: &QualifiedName, stmt: &str) {
        if self.broken.iter().any(|n| same_name(n, name)) {
            return;
        }
        self.error(
            at,
            format!("{stmt}: {kind} `{name}` is not defined in the schema files"),
            format!(
                "declare the {kind} with CREATE before this statement (files are read in order; \
                 an earlier file may define it), or fix the name"
            ),
        );
    }

    /// Start reading file `index`.
    fn start_file(&mut self, index: usize) {
        self.file = index;
        self.file_errors = 0;
        self.base = 0;
        self.file_has_hints = crate::annotations::may_have_hints(self.text());
    }

    fn read_file(&mut self, index: usize) {
        self.start_file(index);
        let text = without_psql_restrict(self.text());
        let parsed = catch_unwind(|| {
            let parse = squawk_syntax::SourceFile::parse(&text);
            let errors = parse.errors();
            (parse.syntax_node(), errors)
        });
        let Ok((root, syntax_errors)) = parsed else {
            self.error(
                &Span::new(0, 0),
                "the SQL parser failed on this file",
                "this is a bug in the parser sluice uses (squawk-syntax); please report it with \
                 the file. Bisect the file to find the statement that triggers it",
            );
            return;
        };
        let bad = self.report_syntax_errors(&root, &syntax_errors);
        for (stmt, is_bad) in root.children().zip(bad) {
            if is_bad {
                self.mark_broken(&stmt);
                continue;
            }
            self.read_statement(&stmt);
        }
    }

    /// Read the statements of a piece of the file being read that starts at
    /// `base` and parsed without errors.
    fn read_piece(&mut self, base: usize, root: &SyntaxNode) {
        self.base = base;
        for stmt in root.children() {
            self.read_statement(&stmt);
        }
    }

    fn read_statement(&mut self, stmt: &SyntaxNode) {
        let read = catch_unwind(AssertUnwindSafe(|| self.statement(stmt)));
        if read.is_err() {
            self.error(
                stmt,
                "internal error while reading this statement",
                "this is a bug in sluice: please report it with the statement",
            );
        }
    }

    /// Turn squawk's syntax errors into located errors, one per statement
    /// (the first; later ones are usually consequences). A run of unparsable
    /// text right after a broken statement is part of the same mistake and is
    /// not reported again. Returns, per top-level node, whether it is broken.
    fn report_syntax_errors(&mut self, root: &SyntaxNode, errors: &[SyntaxError]) -> Vec<bool> {
        let units: Vec<SyntaxNode> = root.children().collect();
        let spans: Vec<Span> = units.iter().map(|u| u.span()).collect();
        let mut per_unit: Vec<Vec<&SyntaxError>> = vec![Vec::new(); units.len()];
        for e in errors {
            let at: usize = e.range().start().into();
            // The last unit starting at or before the error; the one before
            // it when the error sits right at its end (`)` missing before
            // what follows).
            let mut unit = spans.partition_point(|s| s.start <= at).saturating_sub(1);
            if unit > 0 && spans[unit - 1].end >= at {
                unit -= 1;
            }
            if let Some(list) = per_unit.get_mut(unit) {
                list.push(e);
            } else {
                // No statement at all (an empty tree): report it on its own.
                self.syntax_error(root, e);
            }
        }
        let mut bad = vec![false; units.len()];
        let mut in_error_run = false;
        for (i, unit) in units.iter().enumerate() {
            let is_error_node = unit.kind() == K::ERROR;
            if per_unit[i].is_empty() && !is_error_node {
                in_error_run = false;
                continue;
            }
            bad[i] = true;
            if !(is_error_node && in_error_run) {
                match per_unit[i].first() {
                    Some(e) => self.syntax_error(root, e),
                    None => self.error(
                        unit,
                        "syntax error: this text is not a SQL statement",
                        "remove it, or complete the statement it belongs to",
                    ),
                }
            }
            in_error_run = true;
        }
        bad
    }

    fn syntax_error(&mut self, root: &SyntaxNode, e: &SyntaxError) {
        let span = Span::new(e.range().start().into(), e.range().end().into());
        if !self.may_report(&span) {
            return;
        }
        // The first token at or after the error.
        let mut found = root.token_at_offset(e.range().start()).right_biased();
        while let Some(t) = found.as_ref().filter(|t| names::is_trivia(t.kind())) {
            found = t.next_token();
        }
        let file = &self.files[self.file];
        if let Some(meta) = found.as_ref().filter(|t| t.text() == "\\") {
            // A psql meta-command: the word after the backslash names it.
            let rest = file.text.get(self.abs(meta.span()).start..).unwrap_or("");
            let command = rest.split_whitespace().next().unwrap_or("\\");
            self.errors.push(
                SqlError::new(
                    file,
                    self.abs(meta.span()),
                    format!("psql meta-command `{command}` in a schema file"),
                )
                .with_help(
                    "schema files hold SQL only: remove psql commands (\\i, \\connect, \\set, ...)",
                )
                .with_label("not SQL"),
            );
            return;
        }
        let mut message = format!("syntax error: {}", pretty_syntax_message(e.message()));
        if message.ends_with(", found error") {
            message.truncate(message.len() - ", found error".len());
        }
        if !message.contains("found") {
            match found {
                Some(t) => message.push_str(&format!(", found `{}`", excerpt(t.text()))),
                None => message.push_str(" at the end of the file"),
            }
        }
        self.errors.push(
            SqlError::new(file, self.abs(span), message)
                .with_help(
                    "fix the statement: schema files are read with PostgreSQL's grammar \
                     (a missing comma, parenthesis or semicolon near here is the usual cause)",
                )
                .with_label("syntax error"),
        );
    }

    /// Remember the name a broken CREATE statement was declaring.
    fn mark_broken(&mut self, stmt: &SyntaxNode) {
        let name_kind = match stmt.kind() {
            K::CREATE_TABLE => K::TABLE_NAME,
            K::CREATE_TYPE => K::TYPE_NAME,
            K::CREATE_DOMAIN => K::DOMAIN,
            K::CREATE_SEQUENCE => K::SEQUENCE,
            K::CREATE_VIEW | K::CREATE_MATERIALIZED_VIEW => K::VIEW,
            K::CREATE_INDEX => K::INDEX,
            _ => return,
        };
        if let Some(n) = names::child(stmt, name_kind) {
            let parts = names::name_parts(&n);
            if let Some(name) = qualified_from_parts(&parts) {
                self.broken.push(name);
            }
        }
    }

    fn statement(&mut self, stmt: &SyntaxNode) {
        match stmt.kind() {
            K::CREATE_TABLE => table::create_table(self, stmt),
            K::CREATE_INDEX => index::create_index(self, stmt),
            K::ALTER_TABLE => alter::alter_table(self, stmt),
            K::ALTER_SEQUENCE => sequence::alter_sequence(self, stmt),
            K::ALTER_TYPE => alter::alter_type(self, stmt),
            K::ALTER_DOMAIN => alter::alter_domain(self, stmt),
            K::ALTER_SCHEMA | K::ALTER_VIEW | K::ALTER_MATERIALIZED_VIEW => {
                alter::alter_owner_only(self, stmt)
            }
            K::CREATE_SCHEMA => objects::create_schema(self, stmt),
            K::CREATE_EXTENSION => objects::create_extension(self, stmt),
            K::CREATE_TYPE => objects::create_type(self, stmt),
            K::CREATE_DOMAIN => objects::create_domain(self, stmt),
            K::CREATE_SEQUENCE => sequence::create_sequence(self, stmt),
            K::CREATE_VIEW | K::CREATE_MATERIALIZED_VIEW => view::create_view(self, stmt),
            K::COMMENT_ON => comment::comment_on(self, stmt),
            K::SET | K::RESET | K::SELECT => session::session_statement(self, stmt),
            // A lone `;`, and transaction control around the DDL: no schema meaning.
            K::EMPTY_STMT | K::BEGIN | K::COMMIT_TRANSACTION => {}
            _ => self.unsupported_statement(stmt),
        }
    }

    fn unsupported_statement(&mut self, stmt: &SyntaxNode) {
        let what = statement_name(stmt);
        let help = statement_help(stmt.kind());
        self.unsupported(stmt, &what, help);
    }

    fn finish(mut self, normalize: bool) -> Parsed {
        for (name, error) in std::mem::take(&mut self.unlogged_sequences) {
            let seq = self.schema.sequences.iter().find(|s| same_name(&s.name, &name));
            let owner = seq.and_then(|s| s.owned_by.as_ref());
            let owner_unlogged = owner.is_some_and(|(table, _)| {
                self.schema.tables.iter().any(|t| same_name(&t.name, table) && t.options.unlogged)
            });
            if !owner_unlogged {
                self.errors.push(error);
            }
        }
        if normalize {
            sluice_schema::normalize(&mut self.schema);
            crate::canon::canonicalize(&mut self.schema);
            self.qualify_side_tables();
        }
        Parsed {
            schema: self.schema,
            hints: self.hints,
            errors: self.errors,
            origins: self.origins,
        }
    }

    /// Hints and origins name objects outside the schema; give their
    /// unqualified names the namespace normalization gave the objects, so
    /// that they keep matching the normalized schema.
    fn qualify_side_tables(&mut self) {
        let s = &self.schema;
        let default = DIALECT.default_schema();
        let tables: HashSet<&QualifiedName> = s.tables.iter().map(|t| &t.name).collect();
        let enums: HashSet<&QualifiedName> = s.enums.iter().map(|e| &e.name).collect();
        let domains: HashSet<&QualifiedName> = s.domains.iter().map(|d| &d.name).collect();
        let sequences: HashSet<&QualifiedName> = s.sequences.iter().map(|q| &q.name).collect();
        let views: HashSet<&QualifiedName> = s.views.iter().map(|v| &v.name).collect();
        let fix = |name: &QualifiedName, exists: &dyn Fn(&QualifiedName) -> bool| {
            if name.schema.is_some() || exists(name) {
                return name.clone();
            }
            let q = QualifiedName { schema: default.map(str::to_string), name: name.name.clone() };
            if exists(&q) {
                q
            } else {
                name.clone()
            }
        };
        let table = |n: &QualifiedName| tables.contains(n);
        for (old, new) in &mut self.hints.tables {
            let fixed = fix(new, &table);
            if fixed.schema != new.schema && old.schema.is_none() {
                old.schema = fixed.schema.clone();
            }
            *new = fixed;
        }
        for (t, _, _) in self.hints.columns.iter_mut().chain(self.hints.indexes.iter_mut()) {
            *t = fix(t, &table);
        }
        let origins = std::mem::take(&mut self.origins);
        for (key, origin) in origins {
            let key = match key {
                ObjectKey::Table(n) => ObjectKey::Table(fix(&n, &table)),
                ObjectKey::Enum(n) => ObjectKey::Enum(fix(&n, &|q| enums.contains(q))),
                ObjectKey::Domain(n) => ObjectKey::Domain(fix(&n, &|q| domains.contains(q))),
                ObjectKey::Sequence(n) => ObjectKey::Sequence(fix(&n, &|q| sequences.contains(q))),
                ObjectKey::View(n) => ObjectKey::View(fix(&n, &|q| views.contains(q))),
                other => other,
            };
            self.origins.entry(key).or_insert(origin);
        }
    }
}

/// pg_dump (since 17.6 and the matching minor releases) brackets its output
/// with `\\restrict KEY` / `\\unrestrict KEY` psql meta-commands, which only
/// guard psql against injected commands. Blank those lines (same length, so
/// offsets stay exact); any other meta-command is reported as one.
pub(super) fn without_psql_restrict(text: &str) -> std::borrow::Cow<'_, str> {
    let is_restrict = |line: &str| {
        let l = line.trim_start();
        l.starts_with("\\restrict ") || l.starts_with("\\unrestrict ")
    };
    // A search for the word runs many times faster than a walk over lines
    // (0.8 MB: ~0.4 ms), and almost every file has no such line.
    if !text.contains("restrict ") || !text.lines().any(is_restrict) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if is_restrict(line) {
            let body = line.trim_end_matches(['\n', '\r']);
            out.extend(std::iter::repeat_n(' ', body.len()));
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `[name]` or `[schema, name]`; a catalog-qualified name (`db.s.t`) is not
/// a name sluice can keep.
fn qualified_from_parts(parts: &[String]) -> Option<QualifiedName> {
    match parts {
        [name] => Some(QualifiedName::bare(name)),
        [schema, name] => Some(QualifiedName::new(Some(schema), name)),
        _ => None,
    }
}

/// The start of a token's text for a message: its first line, at most 30
/// characters (an unterminated string runs to the end of the file).
fn excerpt(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(30).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// `CREATE_TRIGGER` -> `CREATE TRIGGER`.
fn statement_name(stmt: &SyntaxNode) -> String {
    format!("{:?}", stmt.kind()).replace('_', " ")
}

fn statement_help(kind: K) -> &'static str {
    let name = format!("{kind:?}");
    if name.starts_with("DROP_") {
        "schema files declare the end state: delete the object's CREATE statement instead of dropping it"
    } else if matches!(
        kind,
        K::INSERT
            | K::UPDATE
            | K::DELETE
            | K::COPY
            | K::MERGE
            | K::TRUNCATE
            | K::SELECT
            | K::VALUES
    ) {
        "schema files hold structure only: put data changes in a hand-written migration"
    } else {
        "sluice manages schemas, extensions, tables (columns, keys, checks, indexes, comments), \
         enums, domains, sequences and views: apply this statement with a hand-written migration, \
         or remove it from the schema files"
    }
}

/// What to do about an unsupported clause, by its kind.
fn clause_help(kind: K) -> &'static str {
    match kind {
        K::TABLESPACE_CLAUSE | K::CONSTRAINT_INDEX_TABLESPACE => {
            "tablespaces are a storage setting outside the schema model: remove the clause"
        }
        K::WITH_PARAMS | K::ATTRIBUTE_LIST => {
            "storage parameters are not part of the schema model yet: remove the WITH (...) \
             clause, or set them in a hand-written migration"
        }
        K::PARTITION_BY | K::PARTITION_OF => {
            "partitioned tables are not supported yet: create them in a hand-written migration"
        }
        K::INHERITS => "table inheritance is not supported: declare the columns in each table",
        K::LIKE_CLAUSE => "write the columns out instead of copying them with LIKE",
        K::EXCLUDE_CONSTRAINT => {
            "exclusion constraints are not supported yet: add it with a hand-written migration"
        }
        K::TEMP => "temporary objects live for one session: they do not belong in schema files",
        K::NOT_VALID => {
            "schema files declare the end state: remove NOT VALID (the constraint is then \
             declared as holding for all rows)"
        }
        K::USING_INDEX_NAME => "declare the constraint's columns instead of an existing index",
        K::OWNER_TO => "ownership is not part of the schema model: remove it",
        _ => {
            "remove it from the schema files (sluice would otherwise lose it), or apply it with a \
              hand-written migration"
        }
    }
}

/// squawk's messages name tokens by their kind (`expected R_PAREN`); say
/// them as written in SQL.
fn pretty_syntax_message(msg: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            out.push_str(&token_name(word));
            word.clear();
        }
    };
    for c in msg.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out.replace("expected command", "expected a statement")
}

fn token_name(word: &str) -> String {
    let is_kind = word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase() || c == '_');
    if !is_kind {
        return word.to_string();
    }
    if let Some(kw) = word.strip_suffix("_KW") {
        return format!("`{kw}`");
    }
    let punct = match word {
        "COMMA" => ",",
        "L_PAREN" => "(",
        "R_PAREN" => ")",
        "SEMICOLON" => ";",
        "DOT" => ".",
        "L_BRACK" => "[",
        "R_BRACK" => "]",
        "EQ" => "=",
        "STAR" => "*",
        "COLON" => ":",
        "R_ANGLE" => ">",
        "L_ANGLE" => "<",
        "PLUS" => "+",
        "MINUS" => "-",
        "IDENT" => return "a name".to_string(),
        "STRING" => return "a string".to_string(),
        "INT_NUMBER" => return "a number".to_string(),
        other => return other.to_ascii_lowercase().replace('_', " "),
    };
    format!("`{punct}`")
}

/// Read the files whole and in pieces of one statement each (when no piece
/// has a syntax error), check both read the same, and return the result.
#[cfg(test)]
fn read_both(files: &[SourceFile], normalize: bool) -> Parsed {
    let whole = read_whole(files).finish(normalize);
    if let Some(b) = pieces::read(files, 1) {
        let in_pieces = b.finish(normalize);
        assert_eq!(fingerprint(&in_pieces), fingerprint(&whole), "read in pieces differs");
    }
    whole
}

/// Everything a parse produced, as text.
#[cfg(test)]
fn fingerprint(p: &Parsed) -> String {
    let errors: Vec<String> = p
        .errors
        .iter()
        .map(|e| format!("{} {:?} {:?} {:?} {}", e.short(), e.help, e.span, e.label, e.location))
        .collect();
    format!("{:#?}\n{:#?}\n{:#?}\n{errors:#?}", p.schema, p.hints, p.origins)
}

/// Parse one file named `schema.sql`.
#[cfg(test)]
fn parse_one(sql: &str) -> Parsed {
    read_both(&[SourceFile::new("schema.sql", sql)], false)
}

/// Parse one file that must read without errors.
#[cfg(test)]
fn parse_ok(sql: &str) -> Schema {
    let parsed = parse_one(sql);
    let errors: Vec<String> = parsed.errors.iter().map(SqlError::short).collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    parsed.schema
}

/// The one error a file must produce, as `line:col: message`.
#[cfg(test)]
fn parse_err(sql: &str) -> String {
    let parsed = parse_one(sql);
    let errors: Vec<String> = parsed
        .errors
        .iter()
        .map(|e| format!("{}:{}: {}", e.location.line, e.location.column, e.message))
        .collect();
    assert_eq!(errors.len(), 1, "expected exactly one error, got {errors:#?}");
    errors.into_iter().next().unwrap_or_default()
}

#[cfg(test)]
mod tests;
