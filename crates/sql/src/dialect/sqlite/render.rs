//! Change -> SQLite SQL. (to be written)

use crate::Statement;
use sluice_schema::{Change, Schema};

pub(crate) fn render(_change: &Change) -> Vec<Statement> {
    Vec::new()
}

pub(crate) fn render_schema(_schema: &Schema) -> String {
    String::new()
}
