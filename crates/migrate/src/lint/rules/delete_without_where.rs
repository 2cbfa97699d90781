//! `delete-without-where`: UPDATE or DELETE without WHERE changes every row.

use super::{Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "delete-without-where",
    group: Group::DataLoss,
    severity: Severity::Error,
    summary: "UPDATE or DELETE without WHERE: every row is changed or deleted",
    help: "add a WHERE clause naming the rows to change; if every row is meant, say so with an ignore comment and a reason",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.stmts.iter().enumerate() {
        let w = &s.words;
        let what = if w.starts(&["DELETE"]) {
            "DELETE"
        } else if w.starts(&["UPDATE"]) {
            "UPDATE"
        } else {
            continue;
        };
        if !w.has("WHERE") {
            let t = w.table().unwrap_or_default();
            let verb = if what == "DELETE" { "deletes" } else { "changes" };
            out.push(cx.at(
                &RULE,
                Some(i),
                format!("{what} on {t} without WHERE {verb} every row of the table"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn update_all() {
        insta::assert_snapshot!(flags(
            "delete-without-where",
            sql(SQLITE, "UPDATE users SET active = 0;")
        ));
    }

    #[test]
    fn ok_with_where() {
        insta::assert_snapshot!(clean(
            "delete-without-where",
            sql(SQLITE, "UPDATE users SET active = 0 WHERE id = 1;")
        ));
    }
}
