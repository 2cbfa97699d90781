//! `cascade`: DROP ... CASCADE or TRUNCATE ... CASCADE also removes every
//! object (or row) that depends on the target.

use super::{Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "cascade",
    group: Group::DataLoss,
    severity: Severity::Error,
    summary: "DROP/TRUNCATE ... CASCADE: dependent objects or rows go too",
    help: "drop or empty the dependent objects explicitly, so the migration says everything it removes",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.stmts.iter().enumerate() {
        let w = &s.words;
        if !(w.starts(&["DROP"]) || w.starts(&["TRUNCATE"])) || !w.has("CASCADE") {
            continue;
        }
        let target = w
            .table()
            .or_else(|| w.name_at(w.skip(2, &[&["IF", "EXISTS"]])).map(|x| x.0))
            .unwrap_or_default();
        let what = if w.starts(&["TRUNCATE"]) {
            format!("TRUNCATE {target} CASCADE also empties every table with a foreign key to it")
        } else {
            format!(
                "{} {} {target} CASCADE also drops every object that depends on it",
                w.text(0).to_uppercase(),
                w.text(1).to_uppercase()
            )
        };
        out.push(cx.at(&RULE, Some(i), what));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn drop_cascade() {
        insta::assert_snapshot!(flags("cascade", sql(PG, "DROP TYPE mood CASCADE;")));
    }

    #[test]
    fn ok_restrict() {
        insta::assert_snapshot!(clean("cascade", sql(PG, "DROP TYPE mood;")));
    }
}
