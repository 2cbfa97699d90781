//! `concurrently-in-transaction`: CONCURRENTLY statements fail inside a
//! transaction block. sluice runs them outside the migration's transaction
//! by itself, but not when the file wraps them in its own BEGIN ... COMMIT.

use super::{Context, Finding, Group, Rule, Severity, PG};

pub static RULE: Rule = Rule {
    code: "concurrently-in-transaction",
    group: Group::Correctness,
    severity: Severity::Error,
    summary: "CONCURRENTLY inside a transaction block (fails at runtime)",
    help: "remove the BEGIN/COMMIT around it; sluice runs CONCURRENTLY statements outside the migration's transaction",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.stmts.iter().enumerate() {
        let w = &s.words;
        if !w.has("CONCURRENTLY") || w.starts(&["REFRESH"]) {
            continue;
        }
        let why = if s.in_explicit_transaction {
            "it sits between BEGIN and COMMIT"
        } else if s.transactional {
            "sluice would run it inside the migration's transaction"
        } else {
            continue;
        };
        let what: Vec<String> = (0..w.len().min(4)).map(|k| w.text(k).to_uppercase()).collect();
        out.push(cx.at(
            &RULE,
            Some(i),
            format!(
                "{} ... CONCURRENTLY cannot run inside a transaction block, and {why}",
                what.join(" ")
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn explicit_block() {
        insta::assert_snapshot!(flags(
            "concurrently-in-transaction",
            sql(PG, "BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT;")
        ));
    }

    #[test]
    fn ok_alone() {
        insta::assert_snapshot!(clean(
            "concurrently-in-transaction",
            sql(PG, "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);")
        ));
    }
}
