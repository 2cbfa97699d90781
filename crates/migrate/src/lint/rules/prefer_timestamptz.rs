//! `prefer-timestamptz`: `timestamp` (without time zone) silently drops the
//! offset of the values stored in it (PostgreSQL).

use super::{new_columns, Context, Finding, Group, Rule, Severity, PG};
use sluice_schema::SqlType;
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "prefer-timestamptz",
    group: Group::Naming,
    severity: Severity::Warning,
    summary: "timestamp without time zone column",
    help: "use timestamptz: it stores an instant, and every client reads it in its own zone",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (table, col, stmt, _) in new_columns(cx) {
        if matches!(col.ty, SqlType::Timestamp { with_time_zone: false, .. }) {
            out.push(cx.at(&RULE, stmt, format!("{table}.{} is a timestamp without time zone: the offset of stored values is lost", col.name)));
        }
    }
    for (v, stmt) in cx.squawk_of(&[Sq::PreferTimestampTz]) {
        if stmt.is_some_and(|i| cx.generated(i)) {
            continue;
        }
        let range = usize::from(v.text_range.start())..usize::from(v.text_range.end());
        let t = cx.table_of(stmt).unwrap_or_default();
        let mut f = cx.at_span(&RULE, range, format!("a column of {t} is a timestamp without time zone: the offset of stored values is lost"));
        if let Some(i) = stmt {
            f.fix =
                super::super::squawk::fixed_statement(v, cx.stmts[i].sql, cx.stmts[i].span.start);
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn plain_timestamp() {
        insta::assert_snapshot!(flags(
            "prefer-timestamptz",
            change(PG, "", "create table events (id bigint primary key, at timestamp);")
        ));
    }

    #[test]
    fn ok_timestamptz() {
        insta::assert_snapshot!(clean(
            "prefer-timestamptz",
            sql(PG, "CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz);")
        ));
    }
}
