//! The MySQL/MariaDB dialect: parsing with sqlparser's `MySqlDialect`
//! ([`parse`]), the canonical forms parsed and introspected schemas share
//! ([`canon`]), rendering ([`render`]) and data effects ([`effects`]).
//! MySQL runs every ALTER directly; `plan` only reorders around the index
//! InnoDB keeps for each foreign key, which it refuses to drop while the
//! key needs it: foreign key drops and index creations on a table move
//! ahead of its index drops; and an `AUTO_INCREMENT` column is only ever
//! without a key for no statement (the key is added before the column gains
//! it, and the column loses it before the key is dropped).

pub mod canon;
mod effects;
mod parse;
mod render;
#[cfg(test)]
mod tests;
mod views;

use crate::{Parsed, SourceFile, SqlDialect, Statement};
use sluice_schema::{Change, Dialect, Schema};
use std::borrow::Cow;

pub struct Mysql;

impl SqlDialect for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }
    fn parse(&self, files: &[SourceFile]) -> Parsed {
        let mut parsed = parse::parse(files);
        crate::limits::check(Dialect::Mysql, files, &mut parsed);
        parsed
    }
    fn plan<'c>(
        &self,
        _from: &Schema,
        _to: &Schema,
        changes: Cow<'c, [Change]>,
    ) -> Cow<'c, [Change]> {
        Cow::Owned(auto_increment_keys(plan(changes.into_owned())))
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

/// Each `DropForeignKey`, and each `CreateIndex` of another index, that
/// follows a `DropIndex` on the same table moves ahead of it.
fn plan(mut changes: Vec<Change>) -> Vec<Change> {
    let mut i = 0;
    while i < changes.len() {
        if let Change::DropIndex { table, index } = &changes[i] {
            let later = (i + 1..changes.len()).find(|&j| {
                matches!(&changes[j], Change::CreateIndex { table: t, index: ix }
                    if t == table && ix.name != index.name)
                    || matches!(&changes[j], Change::DropForeignKey { table: t, .. } if t == table)
            });
            if let Some(j) = later {
                let c = changes.remove(j);
                changes.insert(i, c);
                // Look at the drop again: more may have to move ahead of it.
                continue;
            }
        }
        i += 1;
    }
    changes
}

fn gains_identity(c: &Change) -> Option<&sluice_schema::QualifiedName> {
    match c {
        Change::AlterColumn { table, from, to }
            if from.identity.is_none() && to.identity.is_some() =>
        {
            Some(table)
        }
        _ => None,
    }
}

fn loses_identity(c: &Change) -> Option<&sluice_schema::QualifiedName> {
    match c {
        Change::AlterColumn { table, from, to }
            if from.identity.is_some() && to.identity.is_none() =>
        {
            Some(table)
        }
        _ => None,
    }
}

/// MySQL refuses an `AUTO_INCREMENT` column that is not a key: a primary
/// key added with it moves ahead of the column change, and a column losing
/// it moves ahead of the primary key drop.
fn auto_increment_keys(mut changes: Vec<Change>) -> Vec<Change> {
    let mut i = 0;
    while i < changes.len() {
        let moved = if let Some(table) = gains_identity(&changes[i]) {
            (i + 1..changes.len()).find(
                |&j| matches!(&changes[j], Change::AddPrimaryKey { table: t, .. } if t == table),
            )
        } else if let Change::DropPrimaryKey { table, .. } = &changes[i] {
            (i + 1..changes.len()).find(|&j| loses_identity(&changes[j]) == Some(table))
        } else {
            None
        };
        if let Some(j) = moved {
            let c = changes.remove(j);
            changes.insert(i, c);
        }
        i += 1;
    }
    changes
}
