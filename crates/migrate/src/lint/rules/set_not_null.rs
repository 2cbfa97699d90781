//! `set-not-null`: SET NOT NULL on an existing column scans the whole table
//! under an ACCESS EXCLUSIVE lock (PostgreSQL).

use super::{from_squawk, Context, Finding, Group, Rule, Severity, PG};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "set-not-null",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "ALTER COLUMN SET NOT NULL on an existing table (ACCESS EXCLUSIVE during a full scan)",
    help: "add CHECK (col IS NOT NULL) NOT VALID, validate it, then SET NOT NULL: PostgreSQL 12+ then skips the scan",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::AddingNotNullableField], |t, i| {
        let w = &cx.stmts[i].words;
        let set =
            (0..w.len()).find(|&j| w.is(j, "SET") && w.is(j + 1, "NOT") && w.is(j + 2, "NULL"))?;
        let col = w.name_at(set.checked_sub(1)?).map_or("?".to_string(), |x| x.0);
        let chk = format!("{t}_{col}_not_null");
        let fix = format!(
            "ALTER TABLE {t} ADD CONSTRAINT {chk} CHECK ({col} IS NOT NULL) NOT VALID;\n\
             -- then, in a later migration:\n\
             ALTER TABLE {t} VALIDATE CONSTRAINT {chk};\n\
             ALTER TABLE {t} ALTER COLUMN {col} SET NOT NULL;\n\
             ALTER TABLE {t} DROP CONSTRAINT {chk};"
        );
        Some((
            format!("SET NOT NULL on {t}.{col} takes an ACCESS EXCLUSIVE lock on {t} while every row is scanned"),
            Some(fix),
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn existing_column() {
        insta::assert_snapshot!(flags(
            "set-not-null",
            change(
                PG,
                "create table users (id bigint primary key, email text);",
                "create table users (id bigint primary key, email text not null);"
            )
        ));
    }

    #[test]
    fn ok_drop_not_null() {
        insta::assert_snapshot!(clean(
            "set-not-null",
            sql(PG, "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;")
        ));
    }
}
