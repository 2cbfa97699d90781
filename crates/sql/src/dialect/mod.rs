//! The dialect seam: everything that differs between PostgreSQL, SQLite and
//! MySQL is a method of [`SqlDialect`], never an `if dialect == X` elsewhere.

pub mod ddl;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod keywords;
pub mod mysql;
pub mod postgres;
pub mod sqlite;
mod sqlparser_effects;

use crate::{Parsed, SourceFile, Statement};
use sluice_schema::{Change, Dialect, QualifiedName, Schema};
use std::borrow::Cow;

/// Where a top-level object was declared, for `fmt` (which rewrites each
/// file with the objects it declared) and for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Index into the `files` slice given to `parse`.
    pub file: usize,
    /// Byte offset of the declaring statement.
    pub offset: usize,
    /// Comment lines directly above the declaration (without `--`), which
    /// `fmt` keeps.
    pub leading_comment: Option<String>,
}

pub trait SqlDialect: Send + Sync {
    fn dialect(&self) -> Dialect;

    /// Parse schema files (in the given order; later files may alter objects
    /// of earlier ones) into one normalized schema. Never panics; everything
    /// not understood is a located error in `Parsed::errors`.
    fn parse(&self, files: &[SourceFile]) -> Parsed;

    /// Rewrite a diff into steps this dialect can run (SQLite replaces
    /// unsupported ALTERs by table rebuilds). Default: unchanged (so a
    /// borrowed diff is not copied).
    fn plan<'c>(
        &self,
        _from: &Schema,
        _to: &Schema,
        changes: Cow<'c, [Change]>,
    ) -> Cow<'c, [Change]> {
        changes
    }

    /// Whether [`SqlDialect::plan`] returns every diff as it is, as the
    /// default `plan` does: callers may then skip planning (and, say, render
    /// a diff's reverse one change at a time instead of building it whole).
    /// A dialect that overrides `plan` keeps the default, `false`.
    fn keeps_diffs(&self) -> bool {
        false
    }

    /// The SQL statements of one change.
    fn render(&self, change: &Change) -> Vec<Statement>;

    /// The whole schema as canonical DDL: what `fmt` and `pull` write.
    fn render_schema(&self, schema: &Schema) -> String;

    /// What each statement of `sql` does to existing data (dropped tables
    /// and columns, type changes, DML), in order: what apply backs up first.
    fn data_effects(&self, sql: &str) -> Vec<crate::effects::DataEffect>;

    fn quote_ident(&self, name: &str) -> String {
        quote_ident(name, self.dialect())
    }
}

/// The implementation of a dialect; `None` for a dialect not built yet,
/// which callers report as unsupported.
pub fn dialect_for(d: Dialect) -> Option<Box<dyn SqlDialect>> {
    match d {
        Dialect::Postgres => Some(Box::new(postgres::Postgres)),
        Dialect::Sqlite => Some(Box::new(sqlite::Sqlite)),
        Dialect::Mysql => Some(Box::new(mysql::Mysql)),
    }
}

/// Quote an identifier only when it needs it (keywords, upper case, odd
/// characters), as PostgreSQL's `quote_ident` does; the keywords that need
/// quotes differ per dialect ([`keywords`]).
pub fn quote_ident(name: &str, dialect: Dialect) -> String {
    if is_bare(name, dialect) {
        name.to_string()
    } else {
        crate::expr::quote_ident(name, dialect)
    }
}

/// Whether a name is written without quotes: lower-case letters, digits,
/// `_` and `$`, and not a keyword that needs quotes.
fn is_bare(name: &str, dialect: Dialect) -> bool {
    crate::expr::is_plain_identifier(name) && !keywords::must_quote(name, dialect)
}

pub fn quote_qualified(name: &QualifiedName, dialect: Dialect) -> String {
    let mut out = String::with_capacity(
        name.schema.as_ref().map_or(0, |s| s.len() + 1) + name.name.len() + 4,
    );
    if let Some(s) = &name.schema {
        push_quoted(&mut out, s, dialect);
        out.push('.');
    }
    push_quoted(&mut out, &name.name, dialect);
    out
}

/// `name` at the end of `out`, quoted as [`quote_ident`] would (no copy in
/// between when it needs no quotes).
pub(crate) fn push_quoted(out: &mut String, name: &str, dialect: Dialect) {
    if is_bare(name, dialect) {
        out.push_str(name);
    } else {
        out.push_str(&crate::expr::quote_ident(name, dialect));
    }
}
