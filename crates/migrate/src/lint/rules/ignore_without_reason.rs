//! `ignore-without-reason`: a `-- sluice:ignore` must say why, so a reviewer
//! can judge it. Reported by the suppression pass (`lint/ignore.rs`).

use super::{Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ignore-without-reason",
    group: Group::Correctness,
    severity: Severity::Warning,
    summary: "`-- sluice:ignore` without a reason",
    help: "write the reason after the codes: `-- sluice:ignore drop-table archived to s3 first`",
    dialects: &[],
    check,
};

fn check(_: &Context) -> Vec<Finding> {
    Vec::new()
}

pub fn message(codes: &[String]) -> String {
    format!("`-- sluice:ignore {}` gives no reason", codes.join(", "))
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn no_reason() {
        insta::assert_snapshot!(flags(
            "ignore-without-reason",
            sql(PG, "-- sluice:ignore drop-table\nDROP TABLE old_logs;")
        ));
    }

    #[test]
    fn ok_reason() {
        insta::assert_snapshot!(clean(
            "ignore-without-reason",
            sql(PG, "-- sluice:ignore drop-table archived to s3 first\nDROP TABLE old_logs;")
        ));
    }
}
