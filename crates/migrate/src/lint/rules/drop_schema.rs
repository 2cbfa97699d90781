//! `drop-schema`: dropping a schema (namespace) drops everything in it.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Change;

pub static RULE: Rule = Rule {
    code: "drop-schema",
    group: Group::DataLoss,
    severity: Severity::Error,
    summary: "DROP SCHEMA: every table in it and their rows are lost",
    help: "move or drop the objects inside first, in migrations of their own, then drop the empty schema",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        if let Change::DropNamespace(n) = c {
            out.push(cx.at(
                &RULE,
                stmt,
                format!("DROP SCHEMA {} deletes the schema and everything in it", n.name),
            ));
        }
    }
    for (i, s) in cx.stmts.iter().enumerate().filter(|(i, _)| !cx.generated(*i)) {
        if s.words.starts(&["DROP", "SCHEMA"]) {
            let n = s
                .words
                .name_at(s.words.skip(2, &[&["IF", "EXISTS"]]))
                .map(|x| x.0)
                .unwrap_or_default();
            out.push(cx.at(
                &RULE,
                Some(i),
                format!("DROP SCHEMA {n} deletes the schema and everything in it"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn dropped() {
        insta::assert_snapshot!(flags("drop-schema", sql(PG, "DROP SCHEMA IF EXISTS billing;")));
    }

    #[test]
    fn ok_create() {
        insta::assert_snapshot!(clean("drop-schema", sql(PG, "CREATE SCHEMA billing;")));
    }
}
