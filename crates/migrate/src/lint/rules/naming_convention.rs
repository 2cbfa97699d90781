//! `naming-convention`: names of new tables, columns and indexes must match
//! the patterns of `[lint] naming` (default: lower snake_case).

use super::{Context, Finding, Group, Rule, Severity};
use regex::Regex;
use sluice_schema::Change;

pub static RULE: Rule = Rule {
    code: "naming-convention",
    group: Group::Naming,
    severity: Severity::Warning,
    summary:
        "new table, column or index name not matching `[lint] naming` patterns (default snake_case)",
    help: "rename it to match the pattern, or change the pattern in `[lint] naming` of sluice.toml",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let n = &cx.config.naming;
    let (Ok(table), Ok(column), Ok(index)) =
        (Regex::new(&n.table), Regex::new(&n.column), Regex::new(&n.index))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut test = |kind: &str, re: &Regex, key: &str, name: &str, stmt: Option<usize>| {
        if !re.is_match(name) {
            out.push(cx.at(
                &RULE,
                stmt,
                format!(
                    "{kind} name `{name}` does not match `{}` ([lint] naming.{key})",
                    re.as_str()
                ),
            ));
        }
    };
    for (c, stmt) in cx.changes() {
        match c {
            Change::CreateTable(t) => {
                test("table", &table, "table", &t.name.name, stmt);
                for col in &t.columns {
                    test("column", &column, "column", &col.name, stmt);
                }
            }
            Change::RenameTable { to, .. } => test("table", &table, "table", &to.name, stmt),
            Change::AddColumn { column: col, .. } => {
                test("column", &column, "column", &col.name, stmt)
            }
            Change::RenameColumn { to, .. } => test("column", &column, "column", to, stmt),
            Change::CreateIndex { index: i, .. } => test("index", &index, "index", &i.name, stmt),
            Change::RenameIndex { to, .. } => test("index", &index, "index", to, stmt),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn camel_case() {
        insta::assert_snapshot!(flags(
            "naming-convention",
            change(
                PG,
                "",
                "create table \"UserAccounts\" (id bigint primary key, \"createdAt\" timestamptz);"
            )
        ));
    }

    #[test]
    fn ok_snake_case() {
        insta::assert_snapshot!(clean(
            "naming-convention",
            change(
                PG,
                "",
                "create table user_accounts (id bigint primary key, created_at timestamptz);"
            )
        ));
    }
}
