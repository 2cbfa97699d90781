//! Planning a migration: from the last snapshot and the desired schema to
//! the up and down SQL, through the dialect's planner and renderer.

use sluice_schema::diff::reverse_all;
use sluice_schema::{diff, Change, Column, Hints, Schema};
use sluice_sql::{render_changes, render_script, SqlDialect};
use std::borrow::Cow;

/// A planned migration, before it is written.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The changes as diffed (dialect-neutral).
    pub changes: Vec<Change>,
    /// The dialect's steps forward and back, rendered.
    pub up_sql: String,
    pub down_sql: String,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The line in down.sql where `sluice rollback` puts back the data it
/// backed up: after the steps that recreate dropped tables and columns,
/// before the steps that need the data back (SET NOT NULL on a re-added
/// column). Without the line, data is restored after the whole script.
pub const RESTORE_MARKER: &str = "-- sluice:restore";

pub fn plan(dialect: &dyn SqlDialect, from: &Schema, to: &Schema, hints: &Hints) -> Plan {
    let changes = diff(from, to, hints);
    // Only a dropped column comes back as an added one in the reverse: the
    // whole reverse is built here only when one of them needs its data back.
    let restores = changes
        .iter()
        .any(|c| matches!(c, Change::DropColumn { column, .. } if needs_data_back(column)));
    if restores {
        let (before, intermediate, after) = split_for_restore(reverse_all(&changes), from);
        // A column the up script drops comes back nullable first, the data
        // is restored, then NOT NULL is set again.
        let up = render_script(dialect, &dialect.plan(from, to, Cow::Borrowed(&changes)));
        let down_before =
            render_script(dialect, &dialect.plan(to, &intermediate, Cow::Owned(before)));
        let down_after =
            render_script(dialect, &dialect.plan(&intermediate, from, Cow::Owned(after)));
        let down_sql = format!(
            "{down_before}\n{RESTORE_MARKER}\n-- (sluice rollback restores backed-up data here)\n\n{down_after}"
        );
        return Plan { changes, up_sql: up, down_sql };
    }
    // Each side's steps live only while they are rendered; the two sides
    // are rendered at once.
    let (up_sql, down_sql) = rayon::join(
        || render_script(dialect, &dialect.plan(from, to, Cow::Borrowed(&changes))),
        || {
            if dialect.keeps_diffs() {
                // The reverse, one change at a time: never a second copy of
                // every change.
                render_changes(dialect, changes.iter().rev().map(Change::reverse))
            } else {
                render_script(dialect, &dialect.plan(to, from, Cow::Owned(reverse_all(&changes))))
            }
        },
    );
    Plan { changes, up_sql, down_sql }
}

/// Whether a column, added back by a down script, needs its data before
/// it can be NOT NULL again: no default, generated value or identity fills it.
fn needs_data_back(column: &Column) -> bool {
    !column.nullable
        && column.default.is_none()
        && column.generated.is_none()
        && column.identity.is_none()
}

/// Split a reverse that adds back NOT NULL columns without a default
/// (columns the up script drops): the steps up to adding them as nullable,
/// the schema at that point, and the steps that make them NOT NULL again.
fn split_for_restore(reverse: Vec<Change>, from: &Schema) -> (Vec<Change>, Schema, Vec<Change>) {
    let mut intermediate = from.clone();
    let mut before = Vec::with_capacity(reverse.len());
    let mut after = Vec::new();
    for c in reverse {
        match c {
            Change::AddColumn { table, column } if needs_data_back(&column) => {
                let mut nullable = column.clone();
                nullable.nullable = true;
                if let Some(t) = intermediate.tables.iter_mut().find(|t| t.name == table) {
                    if let Some(col) = t.columns.iter_mut().find(|col| col.name == column.name) {
                        col.nullable = true;
                    }
                }
                before.push(Change::AddColumn { table: table.clone(), column: nullable.clone() });
                after.push(Change::AlterColumn {
                    table,
                    from: Box::new(nullable),
                    to: Box::new(column),
                });
            }
            other => before.push(other),
        }
    }
    (before, intermediate, after)
}
