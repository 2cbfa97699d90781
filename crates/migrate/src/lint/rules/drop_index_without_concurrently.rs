//! `drop-index-without-concurrently`: DROP INDEX takes an ACCESS EXCLUSIVE
//! lock on the index's table (PostgreSQL).

use super::{from_squawk, Context, Finding, Group, Rule, Severity, PG};
use sluice_schema::Change;
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "drop-index-without-concurrently",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "DROP INDEX without CONCURRENTLY (ACCESS EXCLUSIVE lock on the table)",
    help:
        "use DROP INDEX CONCURRENTLY; sluice runs it outside the migration's transaction by itself",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::RequireConcurrentIndexDeletion], |_, i| {
        let w = &cx.stmts[i].words;
        let index = w.name_at(w.skip(2, &[&["IF", "EXISTS"]])).map(|x| x.0).unwrap_or_default();
        let table = cx.changes().find_map(|(c, s)| match c {
            Change::DropIndex { table, .. } if s == Some(i) => Some(table.to_string()),
            _ => None,
        });
        if table.as_deref().is_some_and(|t| cx.is_new(t.rsplit('.').next().unwrap_or(t))) {
            return None;
        }
        let on = table.map_or("its table".to_string(), |t| format!("table {t}"));
        Some((
            format!("DROP INDEX {index} takes an ACCESS EXCLUSIVE lock on {on}: reads and writes wait until it is done"),
            None,
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn dropped() {
        insta::assert_snapshot!(flags(
            "drop-index-without-concurrently",
            change(PG, "create table users (id bigint primary key, email text);\ncreate index users_email_idx on users (email);", "create table users (id bigint primary key, email text);")
        ));
    }

    #[test]
    fn ok_concurrently() {
        insta::assert_snapshot!(clean(
            "drop-index-without-concurrently",
            sql(PG, "SET lock_timeout = '2s';\nDROP INDEX CONCURRENTLY users_email_idx;")
        ));
    }
}
