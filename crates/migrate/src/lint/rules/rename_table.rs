//! `rename-table`: renaming a table breaks every running client that still
//! uses the old name.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Change;

pub static RULE: Rule = Rule {
    code: "rename-table",
    group: Group::Compatibility,
    severity: Severity::Error,
    summary: "RENAME TABLE: clients using the old name fail",
    help: "expand and contract: deploy code that works with both names (e.g. a view with the old name), rename, then drop the view",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        if let Change::RenameTable { from, to } = c {
            out.push(cx.at(
                &RULE,
                stmt,
                format!("renaming table {from} to {to} breaks every client still using {from}"),
            ));
        }
    }
    for (i, s) in cx.stmts.iter().enumerate().filter(|(i, _)| !cx.generated(*i)) {
        let w = &s.words;
        if w.starts(&["ALTER", "TABLE"]) {
            if let Some(r) = (0..w.len()).find(|&j| w.is(j, "RENAME") && w.is(j + 1, "TO")) {
                let from = w.table().unwrap_or_default();
                let to = w.name_at(r + 2).map(|x| x.0).unwrap_or_default();
                out.push(cx.at(
                    &RULE,
                    Some(i),
                    format!("renaming table {from} to {to} breaks every client still using {from}"),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;
    use sluice_schema::{Hints, QualifiedName};

    #[test]
    fn declared_rename() {
        let mut hints = Hints::default();
        hints.tables.push((
            QualifiedName::new(Some("public"), "users"),
            QualifiedName::new(Some("public"), "accounts"),
        ));
        insta::assert_snapshot!(flags(
            "rename-table",
            change_with(
                PG,
                "create table users (id bigint primary key, email text);",
                "create table accounts (id bigint primary key, email text);",
                &hints
            )
        ));
    }

    #[test]
    fn ok_other_alter() {
        insta::assert_snapshot!(clean(
            "rename-table",
            sql(SQLITE, "ALTER TABLE users ADD COLUMN bio TEXT;")
        ));
    }
}
