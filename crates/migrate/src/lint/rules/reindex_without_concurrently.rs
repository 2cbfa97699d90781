//! `reindex-without-concurrently`: REINDEX locks out writes (and reads that
//! use the index) for the whole rebuild (PostgreSQL).

use super::{from_squawk, Context, Finding, Group, Rule, Severity, PG};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "reindex-without-concurrently",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "REINDEX without CONCURRENTLY (ACCESS EXCLUSIVE on the index, writes blocked)",
    help:
        "use REINDEX ... CONCURRENTLY (PostgreSQL 12+) on the line after `-- sluice:no-transaction`",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::RequireConcurrentReindex], |_, i| {
        let w = &cx.stmts[i].words;
        let target = w.name_at(2).map_or("?".to_string(), |x| x.0);
        Some((
            format!(
                "REINDEX {} {target} blocks writes to the table until every index is rebuilt",
                w.text(1).to_uppercase()
            ),
            None,
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn reindex() {
        insta::assert_snapshot!(flags(
            "reindex-without-concurrently",
            sql(PG, "SET lock_timeout = '2s';\nREINDEX TABLE users;")
        ));
    }

    #[test]
    fn ok_concurrently() {
        insta::assert_snapshot!(clean(
            "reindex-without-concurrently",
            sql(PG, "-- sluice:no-transaction\nREINDEX TABLE CONCURRENTLY users;")
        ));
    }
}
