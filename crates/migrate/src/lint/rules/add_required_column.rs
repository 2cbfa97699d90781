//! `add-required-column`: ADD COLUMN ... NOT NULL without a default on an
//! existing table fails when the table has rows, and inserts from the
//! running application (which does not know the column) fail after it.

use super::{from_squawk, Context, Finding, Group, Rule, Severity};
use sluice_schema::Change;
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "add-required-column",
    group: Group::Compatibility,
    severity: Severity::Error,
    summary: "ADD COLUMN NOT NULL without DEFAULT on an existing table",
    help: "give it a DEFAULT, or add it nullable, backfill, then set NOT NULL once every writer sets it",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let msg = |t: &str, c: &str| {
        format!("adding NOT NULL column {t}.{c} without a default fails if {t} has rows, and inserts from the running app version fail")
    };
    for (c, stmt) in cx.changes() {
        if let Change::AddColumn { table, column } = c {
            let required = !column.nullable
                && column.default.is_none()
                && column.identity.is_none()
                && column.generated.is_none();
            if required && !cx.is_new(&table.name) {
                out.push(cx.at(&RULE, stmt, msg(&table.to_string(), &column.name)));
            }
        }
    }
    out.extend(from_squawk(cx, &RULE, &[Sq::AddingRequiredField], |t, i| {
        if cx.generated(i) {
            return None;
        }
        let w = &cx.stmts[i].words;
        let add = w.find("ADD")?;
        let at = if w.is(add + 1, "COLUMN") {
            w.skip(add + 2, &[&["IF", "NOT", "EXISTS"]])
        } else {
            add + 1
        };
        let col = w.name_at(at).map_or("?".into(), |x| x.0);
        Some((msg(t, &col), None))
    }));
    if cx.dialect != sluice_schema::Dialect::Postgres {
        for (i, s) in cx.stmts.iter().enumerate().filter(|(i, _)| !cx.generated(*i)) {
            let w = &s.words;
            if w.starts(&["ALTER", "TABLE"])
                && w.has("ADD")
                && w.has_seq(&["NOT", "NULL"])
                && !w.has("DEFAULT")
            {
                let add = w.find("ADD").unwrap_or(0);
                let at = if w.is(add + 1, "COLUMN") { add + 2 } else { add + 1 };
                let col = w.name_at(at).map_or("?".into(), |x| x.0);
                out.push(cx.at(&RULE, Some(i), msg(&w.table().unwrap_or_default(), &col)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn existing_table() {
        insta::assert_snapshot!(flags(
            "add-required-column",
            change(
                PG,
                "create table users (id bigint primary key);",
                "create table users (id bigint primary key, tenant bigint not null);"
            )
        ));
    }

    #[test]
    fn ok_fresh_table() {
        insta::assert_snapshot!(clean(
            "add-required-column",
            change(PG, "", "create table users (id bigint primary key, tenant bigint not null);")
        ));
    }

    #[test]
    fn ok_with_default() {
        insta::assert_snapshot!(clean(
            "add-required-column",
            change(
                SQLITE,
                "CREATE TABLE users (id INTEGER PRIMARY KEY);",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, tenant INTEGER NOT NULL DEFAULT 0);"
            )
        ));
    }
}
