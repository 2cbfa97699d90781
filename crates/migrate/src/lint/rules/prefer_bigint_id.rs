//! `prefer-bigint-id`: 32-bit (or 16-bit) id columns run out; widening them
//! later rewrites the table (PostgreSQL).

use super::{new_columns, show_type, Context, Finding, Group, Rule, Severity, PG};
use sluice_schema::{Change, SqlType};

pub static RULE: Rule = Rule {
    code: "prefer-bigint-id",
    group: Group::Naming,
    severity: Severity::Warning,
    summary: "id / *_id / primary key column of type integer, smallint or serial",
    help: "use bigint (or bigint GENERATED ALWAYS AS IDENTITY) for ids and the columns referencing them",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (table, col, stmt, _) in new_columns(cx) {
        let small = matches!(
            col.ty,
            SqlType::SmallInt | SqlType::Integer | SqlType::Serial | SqlType::SmallSerial
        );
        if !small {
            continue;
        }
        let in_pk = cx.changes().any(|(c, _)| matches!(c, Change::CreateTable(t) if &t.name == table && t.primary_key.as_ref().is_some_and(|k| k.columns.contains(&col.name))));
        if col.name == "id" || col.name.ends_with("_id") || in_pk {
            out.push(cx.at(&RULE, stmt, format!(
                "{table}.{} is a {} id: it runs out at {}, and widening it later rewrites the table",
                col.name,
                show_type(&col.ty),
                if matches!(col.ty, SqlType::SmallInt | SqlType::SmallSerial) { "32,767" } else { "2,147,483,647" }
            )));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn serial_id() {
        insta::assert_snapshot!(flags(
            "prefer-bigint-id",
            change(PG, "", "create table users (id serial primary key, org_id integer);")
        ));
    }

    #[test]
    fn ok_bigint() {
        insta::assert_snapshot!(clean("prefer-bigint-id", change(PG, "", "create table users (id bigint generated always as identity primary key, age integer);")));
    }
}
