//! `transaction-control`: BEGIN / COMMIT / ROLLBACK in a migration. sluice
//! runs each migration in a transaction with its history row; a COMMIT in
//! the file ends that transaction early.

use super::{Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "transaction-control",
    group: Group::Correctness,
    severity: Severity::Error,
    summary: "BEGIN / COMMIT / ROLLBACK in a migration sluice already runs in a transaction",
    help: "remove it; put `-- sluice:no-transaction` on the line before a statement that must run alone",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.stmts.iter().enumerate() {
        let w = &s.words;
        let hit = ["BEGIN", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE"]
            .iter()
            .any(|k| w.starts(&[k]))
            || w.starts(&["START", "TRANSACTION"]);
        if hit {
            let kw = w.text(0).to_uppercase();
            out.push(cx.at(&RULE, Some(i), format!(
                "`{kw}` in a migration: sluice runs the migration and its history row in one transaction, which this breaks"
            )));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn commit() {
        insta::assert_snapshot!(flags(
            "transaction-control",
            sql(SQLITE, "BEGIN TRANSACTION;\nCREATE TABLE t (id INTEGER PRIMARY KEY);\nCOMMIT;")
        ));
    }

    #[test]
    fn ok_trigger_body() {
        insta::assert_snapshot!(clean(
            "transaction-control",
            sql(SQLITE, "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN UPDATE t SET n = 1 WHERE id = NEW.id; END;")
        ));
    }
}
