//! `identifier-too-long`: PostgreSQL cuts names longer than 63 bytes, so the
//! object gets a different name than the schema files say.

use super::{Context, Finding, Group, Rule, Severity, PG};
use sluice_schema::Change;
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "identifier-too-long",
    group: Group::Naming,
    severity: Severity::Error,
    summary: "identifier longer than the server keeps (63 bytes on PostgreSQL)",
    help: "shorten the name: the server would silently cut it, and the next diff would not recognise the object",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let max = cx.dialect.max_identifier_len();
    let mut out = Vec::new();
    let mut test = |kind: &str, name: &str, stmt: Option<usize>| {
        if name.len() > max {
            out.push(cx.at(
                &RULE,
                stmt,
                format!(
                    "{kind} name `{name}` is {} bytes; the server keeps {max} and cuts the rest",
                    name.len()
                ),
            ));
        }
    };
    for (c, stmt) in cx.changes() {
        match c {
            Change::CreateTable(t) => {
                test("table", &t.name.name, stmt);
                for col in &t.columns {
                    test("column", &col.name, stmt);
                }
            }
            Change::AddColumn { column, .. } => test("column", &column.name, stmt),
            Change::RenameColumn { to, .. } => test("column", to, stmt),
            Change::RenameTable { to, .. } => test("table", &to.name, stmt),
            Change::CreateIndex { index, .. } => test("index", &index.name, stmt),
            Change::AddForeignKey { fk, .. } => {
                test("constraint", fk.name.as_deref().unwrap_or(""), stmt)
            }
            Change::AddCheck { check, .. } => {
                test("constraint", check.name.as_deref().unwrap_or(""), stmt)
            }
            Change::AddUnique { unique, .. } => {
                test("constraint", unique.name.as_deref().unwrap_or(""), stmt)
            }
            _ => {}
        }
    }
    for (v, stmt) in cx.squawk_of(&[Sq::IdentifierTooLong]) {
        if stmt.is_some_and(|i| cx.generated(i)) {
            continue;
        }
        let range = usize::from(v.text_range.start())..usize::from(v.text_range.end());
        let name = cx.text.get(range.clone()).unwrap_or("").trim_matches('"').to_string();
        let mut f = cx.at_span(
            &RULE,
            range,
            format!(
                "name `{name}` is {} bytes; the server keeps {max} and cuts the rest",
                name.len()
            ),
        );
        f.statement = stmt;
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn too_long() {
        let name = "a".repeat(70);
        insta::assert_snapshot!(flags(
            "identifier-too-long",
            sql(PG, &format!("CREATE TABLE t (id bigint PRIMARY KEY, {name} text);"))
        ));
    }

    #[test]
    fn ok_short() {
        insta::assert_snapshot!(clean(
            "identifier-too-long",
            sql(PG, "CREATE TABLE t (id bigint PRIMARY KEY, name text);")
        ));
    }
}
