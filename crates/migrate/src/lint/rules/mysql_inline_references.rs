//! `mysql-inline-references`: a column's own `REFERENCES` (in `CREATE
//! TABLE` or `ALTER TABLE .. ADD COLUMN`). MySQL 8 parses it and creates no
//! foreign key, without a warning; MariaDB 10.5+ (and MySQL 9) create the
//! key. Only a table-level `FOREIGN KEY (..) REFERENCES` works on every
//! server.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Dialect;

pub static RULE: Rule = Rule {
    code: "mysql-inline-references",
    group: Group::Correctness,
    severity: Severity::Error,
    summary: "MySQL: a column's inline REFERENCES, which MySQL 8 ignores (no foreign key is created)",
    help: "declare it as a table constraint, which every MySQL and MariaDB version creates: FOREIGN KEY (col) REFERENCES other (id)",
    dialects: &[Dialect::Mysql],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in &cx.stmts {
        let w = &s.words;
        let create = w.is(0, "CREATE") && w.has("TABLE");
        let alter = w.starts(&["ALTER", "TABLE"]);
        if !(create || alter) {
            continue;
        }
        // REFERENCES not preceded by FOREIGN KEY (...) in its element: the
        // elements of CREATE TABLE sit at depth 1, ALTER TABLE's at depth 0.
        let element_depth = if create { 1 } else { 0 };
        let mut depth = 0;
        let mut element_has_fk = false;
        for k in 0..w.len() {
            match w.text(k) {
                "(" => depth += 1,
                ")" => depth -= 1,
                "," if depth == element_depth => element_has_fk = false,
                _ if w.is(k, "FOREIGN") => element_has_fk = true,
                _ if w.is(k, "REFERENCES") && depth == element_depth && !element_has_fk => {
                    let t = w.table_written().unwrap_or("?");
                    let span = s.span.start + w.list[k].start..s.span.start + w.list[k].end;
                    out.push(cx.at_span(
                        &RULE,
                        span,
                        format!(
                            "inline REFERENCES on a column of {t}: MySQL 8 creates no foreign key for it (MariaDB 10.5+ does); the schema would differ between servers"
                        ),
                    ));
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
                MYSQL,
                "CREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT REFERENCES users (id));\n\
                 ALTER TABLE posts ADD COLUMN editor_id BIGINT REFERENCES users (id);"
            )
        ));
    }

    #[test]
    fn ok_table_constraint() {
        insta::assert_snapshot!(clean(
            "mysql-inline-references",
            sql(
                MYSQL,
                "CREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT, FOREIGN KEY (user_id) REFERENCES users (id));\n\
                 ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"
            )
        ));
    }
}
