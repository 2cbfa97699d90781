//! Planning a migration: from the last snapshot and the desired schema to
//! the up and down SQL, through the dialect's planner and renderer.

use sluice_schema::diff::reverse_all;
use sluice_schema::{diff, Change, Hints, Schema};
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

pub fn plan(dialect: &dyn SqlDialect, from: &Schema, to: &Schema, hints: &Hints) -> Plan {
    let changes = diff(from, to, hints);
    // Each side's steps live only while they are rendered; the two sides
    // are rendered at once.
    let (up_sql, down_sql) = std::thread::scope(|s| {
        let down = s.spawn(|| {
            if dialect.keeps_diffs() {
                // The reverse, one change at a time: never a second copy of
                // every change.
                render_changes(dialect, changes.iter().rev().map(Change::reverse))
            } else {
                render_script(dialect, &dialect.plan(to, from, Cow::Owned(reverse_all(&changes))))
            }
        });
        let up = render_script(dialect, &dialect.plan(from, to, Cow::Borrowed(&changes)));
        (up, down.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    Plan { changes, up_sql, down_sql }
}
