//! `check-without-not-valid`: adding a CHECK constraint to an existing
//! table scans it under an ACCESS EXCLUSIVE lock (PostgreSQL).

use super::{constraint_name, from_squawk, Context, Finding, Group, Rule, Severity, PG};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "check-without-not-valid",
    group: Group::Locking,
    severity: Severity::Error,
    summary:
        "ADD CHECK without NOT VALID on an existing table (ACCESS EXCLUSIVE during a full scan)",
    help: "add the constraint NOT VALID (instant), then VALIDATE CONSTRAINT in a later migration",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::ConstraintMissingNotValid], |t, i| {
        let s = &cx.stmts[i];
        let w = &s.words;
        if !w.has("CHECK")
            || w.has_seq(&["FOREIGN", "KEY"])
            || w.has("REFERENCES")
            || w.has("VALIDATE")
        {
            return None;
        }
        let name = constraint_name(w).unwrap_or_else(|| "<constraint name>".into());
        let fix = format!(
            "{} NOT VALID;\n-- then, in a later migration:\nALTER TABLE {t} VALIDATE CONSTRAINT {name};",
            s.sql
        );
        Some((
            format!("adding a CHECK constraint to existing table {t} without NOT VALID takes an ACCESS EXCLUSIVE lock on {t} while every row is checked"),
            Some(fix),
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn existing_table() {
        insta::assert_snapshot!(flags(
            "check-without-not-valid",
            change(
                PG,
                "create table items (id bigint primary key, qty integer);",
                "create table items (id bigint primary key, qty integer, constraint items_qty_check check (qty >= 0));"
            )
        ));
    }

    #[test]
    fn ok_not_valid() {
        insta::assert_snapshot!(clean(
            "check-without-not-valid",
            sql(PG, "SET lock_timeout = '2s';\nALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0) NOT VALID;")
        ));
    }
}
