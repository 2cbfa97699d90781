//! `drop-database`: DROP DATABASE in a migration.

use super::{Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "drop-database",
    group: Group::DataLoss,
    severity: Severity::Error,
    summary: "DROP DATABASE: everything in it is lost",
    help:
        "a migration should never drop a database; do it by hand, deliberately, outside migrations",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.stmts.iter().enumerate() {
        if s.words.starts(&["DROP", "DATABASE"]) {
            let n = s
                .words
                .name_at(s.words.skip(2, &[&["IF", "EXISTS"]]))
                .map(|x| x.0)
                .unwrap_or_default();
            out.push(cx.at(
                &RULE,
                Some(i),
                format!("DROP DATABASE {n} deletes the whole database"),
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
        insta::assert_snapshot!(flags("drop-database", sql(PG, "DROP DATABASE legacy;")));
    }

    #[test]
    fn ok_create() {
        insta::assert_snapshot!(clean("drop-database", sql(PG, "CREATE DATABASE legacy;")));
    }
}
