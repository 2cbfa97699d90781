//! `rename-column`: renaming a column breaks every running client that
//! still uses the old name.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Change;

pub static RULE: Rule = Rule {
    code: "rename-column",
    group: Group::Compatibility,
    severity: Severity::Error,
    summary: "RENAME COLUMN: clients using the old name fail",
    help: "expand and contract: add the new column, write both, backfill, switch reads, then drop the old one",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        if let Change::RenameColumn { table, from, to } = c {
            out.push(cx.at(
                &RULE,
                stmt,
                format!(
                    "renaming column {table}.{from} to {to} breaks every client still using {from}"
                ),
            ));
        }
    }
    for (i, s) in cx.stmts.iter().enumerate().filter(|(i, _)| !cx.generated(*i)) {
        let w = &s.words;
        if !w.starts(&["ALTER", "TABLE"]) {
            continue;
        }
        let Some(r) = w.find("RENAME") else { continue };
        if w.is(r + 1, "TO") || w.is(r + 1, "CONSTRAINT") {
            continue;
        }
        let at = if w.is(r + 1, "COLUMN") { r + 2 } else { r + 1 };
        if let Some((from, next)) = w.name_at(at) {
            let to = w.name_at(next + 1).map(|x| x.0).unwrap_or_default();
            let t = w.table().unwrap_or_default();
            out.push(cx.at(
                &RULE,
                Some(i),
                format!(
                    "renaming column {t}.{from} to {to} breaks every client still using {from}"
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn renamed() {
        insta::assert_snapshot!(flags(
            "rename-column",
            sql(SQLITE, "ALTER TABLE users RENAME COLUMN name TO full_name;")
        ));
    }

    #[test]
    fn ok_rename_constraint() {
        insta::assert_snapshot!(clean(
            "rename-column",
            sql(PG, "SET lock_timeout = '2s';\nALTER TABLE users RENAME CONSTRAINT a TO b;")
        ));
    }
}
