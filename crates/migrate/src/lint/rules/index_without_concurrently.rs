//! `index-without-concurrently`: CREATE INDEX on an existing table blocks
//! its writes while the index builds (PostgreSQL; a table created in the
//! same migration is fine).

use super::{from_squawk, Context, Finding, Group, Rule, Severity, PG};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "index-without-concurrently",
    group: Group::Locking,
    severity: Severity::Error,
    summary: "CREATE INDEX without CONCURRENTLY on an existing table (SHARE lock: writes blocked)",
    help: "use CREATE INDEX CONCURRENTLY; sluice runs it outside the migration's transaction by itself",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::RequireConcurrentIndexCreation], |t, _| {
        Some((
            format!("CREATE INDEX on existing table {t} takes a SHARE lock: writes to {t} wait until the whole index is built"),
            None,
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn existing_table() {
        insta::assert_snapshot!(flags(
            "index-without-concurrently",
            change(PG, "create table users (id bigint primary key, email text);", "create table users (id bigint primary key, email text);\ncreate index users_email_idx on users (email);")
        ));
    }

    #[test]
    fn ok_fresh_table() {
        insta::assert_snapshot!(clean(
            "index-without-concurrently",
            change(PG, "", "create table users (id bigint primary key, email text);\ncreate index users_email_idx on users (email);")
        ));
    }

    #[test]
    fn ok_concurrently() {
        insta::assert_snapshot!(clean(
            "index-without-concurrently",
            sql(PG, "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);")
        ));
    }
}
