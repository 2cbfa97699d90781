//! SQL text <-> sluice model, per dialect. The only crate that parses SQL.
//!
//! [`SqlDialect`] is the seam between dialects: parsing schema files into a
//! [`Schema`] (with rename [`Hints`] and located errors), planning changes the
//! dialect cannot make directly (SQLite table rebuilds), rendering each
//! [`Change`] as SQL statements, and writing a schema back as canonical DDL.

/// A list of words, and a function telling whether a word is one of them:
/// a `match`, which compiles to a switch on the length and a few integer
/// comparisons (names are checked against these lists for every name
/// rendered; a scan of the list, a binary search and a memo of the answers
/// all took more instructions under callgrind).
macro_rules! word_list {
    ($(#[$doc:meta])* $list:ident, $vis:vis fn $is:ident, [$($w:literal),* $(,)?]) => {
        $(#[$doc])*
        #[allow(dead_code)]
        const $list: &[&str] = &[$($w),*];
        /// Whether `word` is in the list next to this function.
        $vis fn $is(word: &str) -> bool {
            matches!(word, $($w)|*)
        }
    };
}

pub mod annotations;
pub mod canon;
pub mod diag;
pub mod dialect;
pub mod effects;
pub mod expr;
pub mod limits;
mod memo;
mod scan;
#[cfg(test)]
mod script_tests;
pub mod source;
pub mod split;
pub mod types;

pub use diag::SqlError;
pub use dialect::{dialect_for, Origin, SqlDialect};
pub use source::{SourceFile, Span};

use sluice_schema::{Change, Hints, QualifiedName, Schema};
use std::collections::BTreeMap;

/// The result of parsing a set of schema files.
#[derive(Debug)]
pub struct Parsed {
    /// The schema, normalized.
    pub schema: Schema,
    /// Renames declared in the files (`-- sluice:renamed-from old`).
    pub hints: Hints,
    /// Every statement or clause that could not be understood. A non-empty
    /// list means `schema` is incomplete and must not be diffed.
    pub errors: Vec<SqlError>,
    /// Where each top-level object was declared.
    pub origins: BTreeMap<ObjectKey, Origin>,
}

/// A top-level object of a schema. Indexes, constraints and comments belong
/// to their table (or type) and have no key of their own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKey {
    Namespace(String),
    Extension(String),
    Enum(QualifiedName),
    Domain(QualifiedName),
    Sequence(QualifiedName),
    Table(QualifiedName),
    View(QualifiedName),
}

/// One SQL statement of a rendered migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The SQL text, without the trailing `;`.
    pub sql: String,
    /// False for statements that cannot run inside a transaction block
    /// (`CREATE INDEX CONCURRENTLY`, `ALTER TYPE .. ADD VALUE` on old servers).
    pub transactional: bool,
    /// An explanatory comment printed above the statement (data loss warnings).
    pub comment: Option<String>,
}

impl Statement {
    pub fn new(sql: impl Into<String>) -> Self {
        Statement { sql: sql.into(), transactional: true, comment: None }
    }
    pub fn with_comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }
}

/// A change and the statements it renders to.
#[derive(Debug, Clone)]
pub struct RenderedChange {
    pub change: Change,
    pub statements: Vec<Statement>,
}

/// Render a list of changes as one SQL script (statements separated by
/// blank lines, each ending in `;`). Data-losing steps carry a comment.
pub fn render_script(dialect: &dyn SqlDialect, changes: &[Change]) -> String {
    // Changes render independently: a long script is rendered in two halves
    // at once and joined as one pass would have written it.
    const HALVES_FROM: usize = 512;
    // Room for the whole script (and a header line put in front of it
    // later) from the start: a script of megabytes grown by doubling is
    // copied again and again into fresh memory. Room never written costs
    // nothing.
    let mut script = String::with_capacity(HEADER_ROOM + size_hint(changes));
    if changes.len() < HALVES_FROM {
        render_into(&mut script, dialect, changes);
        return script;
    }
    let (front, back) = changes.split_at(changes.len() / 2);
    let ((), back) =
        rayon::join(|| render_into(&mut script, dialect, front), || render_changes(dialect, back));
    if !script.is_empty() && !back.is_empty() {
        script.push('\n');
    }
    script.push_str(&back);
    script
}

/// Spare room [`render_script`] leaves for a header line.
const HEADER_ROOM: usize = 128;

/// More bytes than the script of `changes` takes, as a rule: a column
/// definition is rarely longer than 80 bytes, other statements than 160.
fn size_hint(changes: &[Change]) -> usize {
    changes
        .iter()
        .map(|c| match c {
            Change::CreateTable(t) => {
                let constraints = t.uniques.len() + t.checks.len() + 1;
                96 + 80 * t.columns.len() + 96 * constraints
            }
            _ => 160,
        })
        .sum()
}

/// [`render_script`] for changes made one at a time (each may be dropped as
/// soon as it is rendered).
pub fn render_changes<C: std::borrow::Borrow<Change>>(
    dialect: &dyn SqlDialect,
    changes: impl IntoIterator<Item = C>,
) -> String {
    let mut out = String::new();
    render_into(&mut out, dialect, changes);
    out
}

/// [`render_changes`] appended to `out`.
fn render_into<C: std::borrow::Borrow<Change>>(
    out: &mut String,
    dialect: &dyn SqlDialect,
    changes: impl IntoIterator<Item = C>,
) {
    for change in changes {
        let change = change.borrow();
        let loss = change.data_loss();
        let mut first = true;
        for stmt in dialect.render(change) {
            if !out.is_empty() {
                out.push('\n');
            }
            if first {
                let label = match loss {
                    sluice_schema::DataLoss::Certain => Some("DATA LOSS"),
                    sluice_schema::DataLoss::Possible => Some("POSSIBLE DATA LOSS"),
                    sluice_schema::DataLoss::None => None,
                };
                if let Some(label) = label {
                    // Names in the description may hold line breaks: each
                    // line gets its own `--`.
                    for line in comment_lines(&format!("{label}: {}", change.describe())) {
                        out.push_str(&format!("-- {line}\n"));
                    }
                }
                first = false;
            }
            if let Some(c) = &stmt.comment {
                for line in comment_lines(c) {
                    out.push_str("-- ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
            if !stmt.transactional {
                out.push_str("-- sluice:no-transaction\n");
            }
            out.push_str(&stmt.sql);
            out.push_str(";\n");
        }
    }
}

/// The lines of a `--` comment, split at every line break that ends such a
/// comment in either dialect (PostgreSQL also ends one at a bare `\r`), so
/// that no object name or message inside a comment can turn into SQL.
pub(crate) fn comment_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\r', '\n']).filter(|l| !l.is_empty())
}
