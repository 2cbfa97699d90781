//! `type-narrowing`: a column type change to a type that cannot hold every
//! old value (bigint -> integer, varchar(100) -> varchar(20), ...).

use super::{show_type, Context, Finding, Group, Rule, Severity};
use sluice_schema::{Change, SqlType};

pub static RULE: Rule = Rule {
    code: "type-narrowing",
    group: Group::DataLoss,
    severity: Severity::Error,
    summary: "column type narrowed: values that do not fit are cut or make the migration fail",
    help: "check that every stored value fits the new type (or convert them first); keep the wider type if unsure",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut report = |table: &dyn std::fmt::Display,
                      col: &str,
                      from: &sluice_schema::SqlType,
                      to: &sluice_schema::SqlType,
                      stmt| {
        // Any value reads back from its text form.
        let to_text = matches!(to, SqlType::Text | SqlType::Varchar { length: None })
            && !matches!(from, SqlType::Bytea | SqlType::Blob);
        if from != to && !to.is_widening_from(from) && !to_text {
            out.push(cx.at(
                &RULE,
                stmt,
                format!(
                    "changing {table}.{col} from {} to {} can lose data: values that do not fit are cut or make the change fail",
                    show_type(from),
                    show_type(to)
                ),
            ));
        }
    };
    for (c, stmt) in cx.changes() {
        match c {
            Change::AlterColumn { table, from, to } => {
                report(table, &to.name, &from.ty, &to.ty, stmt)
            }
            Change::RebuildTable { from, to, column_map } => {
                for (new, old) in column_map {
                    if let (Some(n), Some(o)) = (to.column(new), from.column(old)) {
                        report(&to.name, new, &o.ty, &n.ty, stmt);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn narrowed() {
        insta::assert_snapshot!(flags(
            "type-narrowing",
            change(
                PG,
                "create table users (id bigint primary key, name varchar(100));",
                "create table users (id bigint primary key, name varchar(20));"
            )
        ));
    }

    #[test]
    fn ok_to_text_sqlite() {
        insta::assert_snapshot!(clean(
            "type-narrowing",
            change(
                SQLITE,
                "CREATE TABLE users (id INTEGER PRIMARY KEY, age INTEGER);",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, age TEXT);"
            )
        ));
    }

    #[test]
    fn ok_widened() {
        insta::assert_snapshot!(clean(
            "type-narrowing",
            change(
                PG,
                "create table users (id bigint primary key, name varchar(20));",
                "create table users (id bigint primary key, name varchar(100));"
            )
        ));
    }
}
