//! The PostgreSQL dialect: parsing ([`parse`]), rendering ([`render`],
//! with column alterations in [`alter_column`]).

mod alter_column;
mod parse;
mod render;
#[cfg(test)]
mod render_tests;

use crate::{Parsed, SourceFile, SqlDialect, Statement};
use sluice_schema::{Change, Dialect, Schema};

pub struct Postgres;

impl SqlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn parse(&self, files: &[SourceFile]) -> Parsed {
        let mut parsed = parse::parse(files);
        crate::limits::check(Dialect::Postgres, files, &mut parsed);
        parsed
    }
    /// PostgreSQL alters in place: `plan` is the default, which keeps diffs.
    fn keeps_diffs(&self) -> bool {
        true
    }
    fn render(&self, change: &Change) -> Vec<Statement> {
        render::render(change)
    }
    fn render_schema(&self, schema: &Schema) -> String {
        render::render_schema(schema)
    }
    fn data_effects(&self, sql: &str) -> Vec<crate::effects::DataEffect> {
        parse::effects::data_effects(sql)
    }
}
