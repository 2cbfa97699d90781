//! `truncate`: TRUNCATE empties a table at once, without row-by-row logging.

use super::{Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "truncate",
    group: Group::DataLoss,
    severity: Severity::Error,
    summary: "TRUNCATE: every row of the table is deleted",
    help: "make sure the data is not needed (or backed up); delete the rows you mean with a WHERE instead",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.stmts.iter().enumerate() {
        if s.words.starts(&["TRUNCATE"]) {
            let t = s.words.table().unwrap_or_default();
            out.push(cx.at(&RULE, Some(i), format!("TRUNCATE {t} deletes every row of the table")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn truncate() {
        insta::assert_snapshot!(flags("truncate", sql(PG, "TRUNCATE TABLE sessions;")));
    }

    #[test]
    fn ok_delete_some() {
        insta::assert_snapshot!(clean(
            "truncate",
            sql(PG, "DELETE FROM sessions WHERE expires_at < now();")
        ));
    }
}
