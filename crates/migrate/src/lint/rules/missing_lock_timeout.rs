//! `missing-lock-timeout`: a statement that needs a strong lock on an
//! existing table, with no `SET lock_timeout` before it. While it waits
//! for the lock, every other query on the table queues behind it
//! (PostgreSQL). Reported once per migration, at the first such statement.

use super::{Context, Finding, Group, Rule, Severity, PG};

pub static RULE: Rule = Rule {
    code: "missing-lock-timeout",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "a strong lock on an existing table without `SET lock_timeout` first",
    help: "start the migration with SET lock_timeout = '5s' (and retry on timeout), so a blocked lock gives up instead of stalling all traffic",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    for (i, s) in cx.stmts.iter().enumerate() {
        let w = &s.words;
        if w.starts(&["SET"]) && (w.has("lock_timeout")) {
            return Vec::new();
        }
        let concurrent = w.has("CONCURRENTLY");
        let (what, lock) = if w.starts(&["ALTER", "TABLE"]) {
            if w.has_seq(&["FOREIGN", "KEY"]) || w.has("REFERENCES") {
                ("ALTER TABLE", "a SHARE ROW EXCLUSIVE lock")
            } else {
                ("ALTER TABLE", "an ACCESS EXCLUSIVE lock")
            }
        } else if w.is(0, "CREATE") && w.has("INDEX") && !concurrent {
            ("CREATE INDEX", "a SHARE lock")
        } else if w.starts(&["DROP", "INDEX"]) && !concurrent {
            ("DROP INDEX", "an ACCESS EXCLUSIVE lock")
        } else if w.starts(&["DROP", "TABLE"]) || w.starts(&["TRUNCATE"]) {
            (if w.is(0, "DROP") { "DROP TABLE" } else { "TRUNCATE" }, "an ACCESS EXCLUSIVE lock")
        } else if (w.starts(&["REINDEX"]) && !concurrent)
            || w.starts(&["CLUSTER"])
            || w.has_seq(&["VACUUM", "FULL"])
        {
            ("this statement", "an ACCESS EXCLUSIVE lock")
        } else {
            continue;
        };
        if w.table().is_some_and(|t| cx.is_new(&t)) {
            continue;
        }
        let on = w.table_written().map_or("its table".to_string(), |t| format!("table {t}"));
        let mut f = cx.at(&RULE, Some(i), format!(
            "{what} takes {lock} on {on} with no lock_timeout set: while it waits for the lock, every query on the table queues behind it"
        ));
        f.fix = Some(format!("SET lock_timeout = '5s';\n{};", s.sql));
        return vec![f];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn missing() {
        insta::assert_snapshot!(flags(
            "missing-lock-timeout",
            sql(PG, "ALTER TABLE users ADD COLUMN bio text;")
        ));
    }

    #[test]
    fn ok_set() {
        insta::assert_snapshot!(clean(
            "missing-lock-timeout",
            sql(PG, "SET lock_timeout = '3s';\nALTER TABLE users ADD COLUMN bio text;")
        ));
    }

    #[test]
    fn ok_fresh_table() {
        insta::assert_snapshot!(clean(
            "missing-lock-timeout",
            change(PG, "", "create table users (id bigint primary key, email text);\ncreate index users_email_idx on users (email);")
        ));
    }
}
