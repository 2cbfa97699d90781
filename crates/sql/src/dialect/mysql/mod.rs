//! The MySQL/MariaDB dialect: parsing with sqlparser's `MySqlDialect`
//! ([`parse`]), the canonical forms parsed and introspected schemas share
//! ([`canon`]), rendering ([`render`]) and data effects ([`effects`]).
//! MySQL runs every ALTER directly, so the default `plan` keeps diffs as
//! they are.

pub mod canon;
mod effects;
mod parse;
mod render;
#[cfg(test)]
mod tests;

use crate::{Parsed, SourceFile, SqlDialect, Statement};
use sluice_schema::{Change, Dialect, Schema};

pub struct Mysql;

impl SqlDialect for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }
    fn parse(&self, files: &[SourceFile]) -> Parsed {
        parse::parse(files)
    }
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
        effects::data_effects(sql)
    }
    fn quote_ident(&self, name: &str) -> String {
        render::ident(name)
    }
}
