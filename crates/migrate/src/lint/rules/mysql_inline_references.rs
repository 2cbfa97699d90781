//! `mysql-inline-references`: MySQL parses a column's inline `REFERENCES`
//! and ignores it: no foreign key is created.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Dialect;

pub static RULE: Rule = Rule {
    code: "mysql-inline-references",
    group: Group::MysqlLater,
    severity: Severity::Error,
    summary: "MySQL: inline column REFERENCES, which MySQL ignores",
    help: "declare it as a table constraint: FOREIGN KEY (col) REFERENCES other (id)",
    dialects: &[Dialect::Mysql],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.stmts.iter().enumerate() {
        let w = &s.words;
        if !(w.is(0, "CREATE") && w.has("TABLE")) {
            continue;
        }
        // REFERENCES not preceded by FOREIGN KEY (...) in its element.
        let mut depth = 0;
        let mut element_has_fk = false;
        for k in 0..w.len() {
            match w.text(k) {
                "(" => depth += 1,
                ")" => depth -= 1,
                "," if depth == 1 => element_has_fk = false,
                _ if w.is(k, "FOREIGN") => element_has_fk = true,
                _ if w.is(k, "REFERENCES") && depth == 1 && !element_has_fk => {
                    let t = w.table().unwrap_or_default();
                    out.push(cx.at(&RULE, Some(i), format!("inline REFERENCES in a column of {t} is ignored by MySQL: no foreign key is created")));
                    break;
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn inline() {
        insta::assert_snapshot!(flags(
            "mysql-inline-references",
            sql(
                sluice_schema::Dialect::Mysql,
                "CREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT REFERENCES users (id));"
            )
        ));
    }

    #[test]
    fn ok_table_constraint() {
        insta::assert_snapshot!(clean(
            "mysql-inline-references",
            sql(sluice_schema::Dialect::Mysql, "CREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT, FOREIGN KEY (user_id) REFERENCES users (id));")
        ));
    }
}
