//! `syntax-error`: SQL the parser cannot read (PostgreSQL: squawk's
//! error-recovering parser; every dialect: unterminated strings, quotes
//! and comments), located.

use super::{Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "syntax-error",
    group: Group::Correctness,
    severity: Severity::Error,
    summary: "SQL that does not parse",
    help: "fix the statement; it would fail when the migration is applied",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.syntax_errors
        .iter()
        .map(|(range, message)| {
            let end = range.end.max(range.start).min(cx.text.len());
            let start = range.start.min(end);
            let span = if start == end {
                start..(start + 1).min(cx.text.len()).max(start)
            } else {
                start..end
            };
            cx.at_span(&RULE, span, format!("syntax error: {message}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn pg_bad() {
        insta::assert_snapshot!(flags(
            "syntax-error",
            sql(PG, "CREATE TABLE t (id bigint PRIMARY KEY);\nALTER TABLE t ADD COLUMN;")
        ));
    }

    #[test]
    fn unterminated_string() {
        insta::assert_snapshot!(flags(
            "syntax-error",
            sql(SQLITE, "CREATE TABLE t (id INTEGER PRIMARY KEY);\nINSERT INTO t VALUES ('oops);")
        ));
    }

    #[test]
    fn ok_parses() {
        insta::assert_snapshot!(clean(
            "syntax-error",
            sql(PG, "CREATE TABLE t (id bigint PRIMARY KEY);")
        ));
    }
}
