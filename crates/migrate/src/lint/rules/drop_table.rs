//! `drop-table`: DROP TABLE deletes a table and every row in it.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Change;

pub static RULE: Rule = Rule {
    code: "drop-table",
    group: Group::DataLoss,
    severity: Severity::Error,
    summary: "DROP TABLE: the table and all its rows are deleted",
    help: "make sure nothing reads it and its data is backed up or no longer needed; or rename it first and drop it in a later migration",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        if let Change::DropTable(t) = c {
            let rows = "deletes the table and every row in it";
            out.push(cx.at(&RULE, stmt, format!("DROP TABLE {} {rows}", t.name)));
        }
    }
    for (i, s) in cx.stmts.iter().enumerate().filter(|(i, _)| !cx.generated(*i)) {
        if s.words.starts(&["DROP", "TABLE"]) {
            let t = s.words.table().unwrap_or_default();
            out.push(cx.at(
                &RULE,
                Some(i),
                format!("DROP TABLE {t} deletes the table and every row in it"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn generated_drop() {
        insta::assert_snapshot!(flags(
            "drop-table",
            change(PG, "create table users (id bigint primary key);\ncreate table keep (id bigint primary key);", "create table keep (id bigint primary key);")
        ));
    }

    #[test]
    fn hand_written_drop_sqlite() {
        insta::assert_snapshot!(flags("drop-table", sql(SQLITE, "DROP TABLE IF EXISTS old_logs;")));
    }

    #[test]
    fn ok_drop_view() {
        insta::assert_snapshot!(clean("drop-table", sql(PG, "DROP VIEW report;")));
    }
}
