//! `table-rebuild`: SQLite cannot ALTER most things in place; sluice copies
//! the table into a new one (the documented 12-step procedure), which holds
//! the database's write lock while every row is copied.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::{Change, Dialect};

pub static RULE: Rule = Rule {
    code: "table-rebuild",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "SQLite table rebuild (copy into a new table: writes blocked while every row is copied)",
    help: "expected for changes SQLite cannot make in place; on a large table, apply it when writes can wait",
    dialects: &[Dialect::Sqlite],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.changes()
        .filter_map(|(c, stmt)| match c {
            Change::RebuildTable { to, .. } if !cx.is_new(&to.name.name) => Some(cx.at(
                &RULE,
                stmt,
                format!("table {} is rebuilt (copied into a new table): the database is write-locked while every row is copied", to.name),
            )),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn rebuilt() {
        insta::assert_snapshot!(flags(
            "table-rebuild",
            change(
                SQLITE,
                "CREATE TABLE users (id INTEGER PRIMARY KEY, age INTEGER);",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, age TEXT);"
            )
        ));
    }

    #[test]
    fn ok_add_column() {
        insta::assert_snapshot!(clean(
            "table-rebuild",
            change(
                SQLITE,
                "CREATE TABLE users (id INTEGER PRIMARY KEY);",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, bio TEXT);"
            )
        ));
    }
}
