//! `table-without-primary-key`: a table whose rows cannot be addressed one
//! by one (logical replication, updates by key, restoring from backups).

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Change;

pub static RULE: Rule = Rule {
    code: "table-without-primary-key",
    group: Group::Design,
    severity: Severity::Warning,
    summary: "new table without a primary key",
    help: "add a primary key (e.g. id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)",
    dialects: &[],
    check,
};

fn message(t: &dyn std::fmt::Display) -> String {
    format!("table {t} has no primary key: its rows cannot be addressed one by one (replication, updates by key, restores)")
}

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        if let Change::CreateTable(t) = c {
            if t.primary_key.is_none() {
                out.push(cx.at(&RULE, stmt, message(&t.name)));
            }
        }
    }
    if cx.changes.is_empty() {
        for (i, s) in cx.stmts.iter().enumerate() {
            let w = &s.words;
            let create_table =
                w.is(0, "CREATE") && (1..4).any(|k| w.is(k, "TABLE")) && !w.has("INDEX");
            let skip = w.has("TEMP")
                || w.has("TEMPORARY")
                || w.has("AS")
                || w.has_seq(&["PARTITION", "OF"]);
            if create_table && !skip && !w.has_seq(&["PRIMARY", "KEY"]) {
                out.push(cx.at(&RULE, Some(i), message(&w.table().unwrap_or_default())));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn no_key() {
        insta::assert_snapshot!(flags(
            "table-without-primary-key",
            change(SQLITE, "", "CREATE TABLE logs (at TEXT, line TEXT);")
        ));
    }

    #[test]
    fn ok_with_key() {
        insta::assert_snapshot!(clean(
            "table-without-primary-key",
            sql(SQLITE, "CREATE TABLE logs (id INTEGER PRIMARY KEY, line TEXT);")
        ));
    }
}
