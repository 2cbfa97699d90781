//! `banned-type`: a new column of a type the team banned in
//! `[lint] banned_types` (e.g. `json`, `money`, `char`).

use super::{new_columns, show_type, type_name, Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "banned-type",
    group: Group::Design,
    severity: Severity::Error,
    summary: "column of a type listed in `[lint] banned_types`",
    help: "use an allowed type, or remove the type from `[lint] banned_types` in sluice.toml",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let banned = &cx.config.banned_types;
    if banned.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (table, col, stmt, _) in new_columns(cx) {
        let name = type_name(&col.ty);
        let base = name.trim_end_matches("[]");
        if banned.iter().any(|b| b.eq_ignore_ascii_case(base) || b.eq_ignore_ascii_case(&name)) {
            out.push(cx.at(
                &RULE,
                stmt,
                format!(
                    "{table}.{} is of type {}, banned by [lint] banned_types",
                    col.name,
                    show_type(&col.ty)
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;
    use crate::lint::{lint_migration, render, LintConfig, LintInput};

    fn with_banned(after: &str) -> String {
        let (b, a) = (schema(PG, ""), schema(PG, after));
        let d = sluice_sql::dialect_for(PG).unwrap();
        let up = crate::plan::plan(d.as_ref(), &b, &a, &Default::default()).up_sql;
        let config =
            LintConfig { banned_types: vec!["json".into(), "money".into()], ..Default::default() };
        let input =
            LintInput { dialect: PG, path: "up.sql", sql: &up, before: Some(&b), after: Some(&a) };
        render::human(&lint_migration(&input, &config, None), &up)
    }

    #[test]
    fn banned() {
        insta::assert_snapshot!(flags(
            "banned-type",
            with_banned("create table t (id bigint primary key, doc json, price money);")
        ));
    }

    #[test]
    fn ok_allowed() {
        insta::assert_snapshot!(clean(
            "banned-type",
            with_banned("create table t (id bigint primary key, doc jsonb);")
        ));
    }
}
