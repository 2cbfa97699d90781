//! `drop-not-null`: making a column nullable lets NULLs into data that
//! running code assumes is always set.

use super::{from_squawk, Context, Finding, Group, Rule, Severity};
use sluice_schema::Change;
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "drop-not-null",
    group: Group::Compatibility,
    severity: Severity::Warning,
    summary: "DROP NOT NULL: code relying on the column being set breaks",
    help: "first make every reader handle NULL in this column, then drop the constraint",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        if let Change::AlterColumn { table, from, to } = c {
            if !from.nullable && to.nullable {
                out.push(cx.at(&RULE, stmt, format!("{table}.{} becomes nullable: readers that assume it is always set will meet NULLs", to.name)));
            }
        }
    }
    out.extend(from_squawk(cx, &RULE, &[Sq::BanDropNotNull], |t, i| {
        if cx.generated(i) {
            return None;
        }
        let w = &cx.stmts[i].words;
        let d =
            (0..w.len()).find(|&j| w.is(j, "DROP") && w.is(j + 1, "NOT") && w.is(j + 2, "NULL"))?;
        let col = w.name_at(d.checked_sub(1)?).map_or("?".into(), |x| x.0);
        Some((
            format!(
                "{t}.{col} becomes nullable: readers that assume it is always set will meet NULLs"
            ),
            None,
        ))
    }));
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn dropped() {
        insta::assert_snapshot!(flags(
            "drop-not-null",
            change(
                PG,
                "create table users (id bigint primary key, email text not null);",
                "create table users (id bigint primary key, email text);"
            )
        ));
    }

    #[test]
    fn ok_set_default() {
        insta::assert_snapshot!(clean(
            "drop-not-null",
            change(
                PG,
                "create table users (id bigint primary key, email text not null);",
                "create table users (id bigint primary key, email text not null default '');"
            )
        ));
    }
}
