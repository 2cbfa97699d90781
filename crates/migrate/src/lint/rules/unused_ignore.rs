//! `unused-ignore`: a `-- sluice:ignore CODE` that silences nothing (the
//! rule found nothing there, the code is unknown, or no statement follows).
//! Reported by the suppression pass (`lint/ignore.rs`).

use super::{Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "unused-ignore",
    group: Group::Correctness,
    severity: Severity::Warning,
    summary: "`-- sluice:ignore` that silences nothing",
    help: "remove the stale ignore comment, or fix the code it names",
    dialects: &[],
    check,
};

fn check(_: &Context) -> Vec<Finding> {
    Vec::new()
}

/// The message for an ignore of `code` that silenced nothing.
pub fn message(code: &str, has_statement: bool) -> String {
    if super::find(code).is_none() {
        let close = crate::lint::config::close_names(code);
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!(" (did you mean {}?)", close.join(", "))
        };
        format!("`-- sluice:ignore {code}`: no rule has this code{hint}")
    } else if !has_statement {
        format!("`-- sluice:ignore {code}` has no statement after it")
    } else {
        format!(
            "`-- sluice:ignore {code}` silences nothing: the next statement has no {code} finding"
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn stale_and_unknown() {
        insta::assert_snapshot!(flags(
            "unused-ignore",
            sql(PG, "-- sluice:ignore drop-table, drop-tabel the table is empty\nCREATE TABLE t (id bigint PRIMARY KEY);")
        ));
    }

    #[test]
    fn ok_used() {
        insta::assert_snapshot!(clean(
            "unused-ignore",
            sql(PG, "-- sluice:ignore drop-table archived to s3 first\nDROP TABLE old_logs;")
        ));
    }
}
