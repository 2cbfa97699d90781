//! Planning a migration: from the last snapshot and the desired schema to
//! the up and down SQL, through the dialect's planner and renderer.

use sluice_schema::diff::reverse_all;
use sluice_schema::{diff, Change, Hints, Schema};
use sluice_sql::{render_script, SqlDialect};

/// A planned migration, before it is written.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The changes as diffed (dialect-neutral).
    pub changes: Vec<Change>,
    /// The steps the dialect runs forward, and back.
    pub up_steps: Vec<Change>,
    pub down_steps: Vec<Change>,
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
    let up_steps = dialect.plan(from, to, changes.clone());
    let down_steps = dialect.plan(to, from, reverse_all(&changes));
    let up_sql = render_script(dialect, &up_steps);
    let down_sql = render_script(dialect, &down_steps);
    Plan { changes, up_steps, down_steps, up_sql, down_sql }
}
