//! `foreign-key-without-index`: a foreign key whose columns no index leads
//! with: every delete or key update on the referenced table scans this one.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::{Change, Dialect, IndexTarget, Table};

pub static RULE: Rule = Rule {
    code: "foreign-key-without-index",
    group: Group::Design,
    severity: Severity::Warning,
    summary: "foreign key whose columns no index (or key) starts with",
    help: "index the referencing columns, so deletes on the referenced table and joins do not scan this table",
    dialects: &[],
    check,
};

/// Whether some index, the primary key or a unique constraint of `t` starts
/// with `cols` (in any order).
fn covered(t: &Table, cols: &[String]) -> bool {
    let leads = |keys: Vec<&str>| {
        keys.len() >= cols.len() && cols.iter().all(|c| keys[..cols.len()].contains(&c.as_str()))
    };
    t.indexes.iter().any(|i| {
        leads(
            i.keys
                .iter()
                .map(|k| match &k.target {
                    IndexTarget::Column(c) => c.as_str(),
                    IndexTarget::Expr(_) => "",
                })
                .collect(),
        )
    }) || t
        .primary_key
        .as_ref()
        .is_some_and(|k| leads(k.columns.iter().map(String::as_str).collect()))
        || t.uniques.iter().any(|u| leads(u.columns.iter().map(String::as_str).collect()))
}

fn check(cx: &Context) -> Vec<Finding> {
    let Some(after) = cx.input.after else { return Vec::new() };
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        let Change::AddForeignKey { table, fk } = c else { continue };
        let Some(t) = after.table(table) else { continue };
        if covered(t, &fk.columns) {
            continue;
        }
        let cols = fk.columns.join(", ");
        let concurrently = if cx.dialect == Dialect::Postgres && !cx.is_new(&table.name) {
            "CONCURRENTLY "
        } else {
            ""
        };
        let mut f = cx.at(&RULE, stmt, format!(
            "foreign key {table}({cols}) -> {} has no index on ({cols}): deletes on {} scan {table}",
            fk.ref_table, fk.ref_table
        ));
        f.fix = Some(format!(
            "CREATE INDEX {concurrently}{}_{}_idx ON {table} ({cols});",
            table.name,
            fk.columns.join("_")
        ));
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn unindexed() {
        insta::assert_snapshot!(flags(
            "foreign-key-without-index",
            change(PG, "", "create table users (id bigint primary key);\ncreate table posts (id bigint primary key, user_id bigint references users);")
        ));
    }

    #[test]
    fn ok_indexed() {
        insta::assert_snapshot!(clean(
            "foreign-key-without-index",
            change(PG, "", "create table users (id bigint primary key);\ncreate table posts (id bigint primary key, user_id bigint references users);\ncreate index posts_user_id_idx on posts (user_id);")
        ));
    }
}
