//! The PostgreSQL dialect: parsing ([`parse`]), rendering ([`render`]).

mod parse;
mod render;

use crate::{Parsed, SourceFile, SqlDialect, Statement};
use sluice_schema::{Change, Dialect, Schema};

pub struct Postgres;

impl SqlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn parse(&self, files: &[SourceFile]) -> Parsed {
        parse::parse(files)
    }
    fn render(&self, change: &Change) -> Vec<Statement> {
        render::render(change)
    }
    fn render_schema(&self, schema: &Schema) -> String {
        render::render_schema(schema)
    }
}
