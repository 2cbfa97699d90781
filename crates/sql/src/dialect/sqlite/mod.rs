//! The SQLite dialect: parsing ([`parse`]), planning table rebuilds
//! ([`plan`]), rendering ([`render`]).

mod effects;
mod parse;
mod plan;
#[cfg(test)]
mod plan_tests;
mod render;
#[cfg(test)]
mod render_tests;

use crate::{Parsed, SourceFile, SqlDialect, Statement};
use sluice_schema::{Change, Dialect, Schema};
use std::borrow::Cow;

pub struct Sqlite;

impl SqlDialect for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn parse(&self, files: &[SourceFile]) -> Parsed {
        let mut parsed = parse::parse(files);
        crate::limits::check(Dialect::Sqlite, files, &mut parsed);
        parsed
    }
    fn plan<'c>(
        &self,
        from: &Schema,
        to: &Schema,
        changes: Cow<'c, [Change]>,
    ) -> Cow<'c, [Change]> {
        Cow::Owned(plan::plan(from, to, changes.into_owned()))
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
}
