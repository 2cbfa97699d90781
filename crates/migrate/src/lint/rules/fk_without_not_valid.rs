//! `foreign-key-without-not-valid`: adding a foreign key to an existing
//! table checks every row while both tables are locked (PostgreSQL).

use super::{constraint_name, from_squawk, Context, Finding, Group, Rule, Severity, PG};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "foreign-key-without-not-valid",
    group: Group::Locking,
    severity: Severity::Error,
    summary: "ADD FOREIGN KEY without NOT VALID on an existing table (SHARE ROW EXCLUSIVE on both tables during a full scan)",
    help: "add the constraint NOT VALID (instant), then VALIDATE CONSTRAINT in a later migration (only a SHARE UPDATE EXCLUSIVE lock)",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(
        cx,
        &RULE,
        &[Sq::AddingForeignKeyConstraint, Sq::ConstraintMissingNotValid],
        |t, i| {
            let s = &cx.stmts[i];
            let w = &s.words;
            if !(w.has_seq(&["FOREIGN", "KEY"]) || w.has("REFERENCES")) || w.has("VALIDATE") {
                return None;
            }
            let referenced =
                w.find("REFERENCES").and_then(|r| w.name_at(r + 1)).map_or("?".into(), |x| x.0);
            let fix = (w.has_seq(&["ADD", "CONSTRAINT"]) || w.has_seq(&["ADD", "FOREIGN"])).then(|| {
            let name = constraint_name(w).unwrap_or_else(|| "<constraint name>".into());
            format!(
                "{} NOT VALID;\n-- then, in a later migration:\nALTER TABLE {t} VALIDATE CONSTRAINT {name};",
                s.sql
            )
        });
            Some((
            format!("adding a foreign key to existing table {t} without NOT VALID takes a SHARE ROW EXCLUSIVE lock on {t} and {referenced} while every row is checked"),
            fix,
        ))
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn existing_table() {
        insta::assert_snapshot!(flags(
            "foreign-key-without-not-valid",
            change(
                PG,
                "create table users (id bigint primary key);\ncreate table posts (id bigint primary key, user_id bigint);\ncreate index posts_user_id_idx on posts (user_id);",
                "create table users (id bigint primary key);\ncreate table posts (id bigint primary key, user_id bigint references users);\ncreate index posts_user_id_idx on posts (user_id);"
            )
        ));
    }

    #[test]
    fn ok_fresh_table() {
        insta::assert_snapshot!(clean(
            "foreign-key-without-not-valid",
            change(
                PG,
                "create table users (id bigint primary key);",
                "create table users (id bigint primary key);\ncreate table posts (id bigint primary key, user_id bigint references users);\ncreate index posts_user_id_idx on posts (user_id);"
            )
        ));
    }
}
