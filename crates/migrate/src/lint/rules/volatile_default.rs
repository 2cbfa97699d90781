//! `volatile-default`: ADD COLUMN with a volatile default (or a stored
//! generated column) rewrites the whole table (PostgreSQL).

use super::{from_squawk, Context, Finding, Group, Rule, Severity, PG};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "volatile-default",
    group: Group::Locking,
    severity: Severity::Error,
    summary: "ADD COLUMN with a volatile default or stored generated expression (table rewrite under ACCESS EXCLUSIVE)",
    help: "add the column without the default, set the default for new rows, then backfill existing rows in batches",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::AddingFieldWithDefault], |t, _| {
        Some((
            format!("adding a column to existing table {t} with a volatile default (or a stored generated value) rewrites {t} under an ACCESS EXCLUSIVE lock"),
            None,
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn volatile() {
        insta::assert_snapshot!(flags(
            "volatile-default",
            sql(PG, "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();")
        ));
    }

    #[test]
    fn ok_constant() {
        insta::assert_snapshot!(clean(
            "volatile-default",
            sql(PG, "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN active boolean DEFAULT true;")
        ));
    }
}
