//! `column-type-rewrite`: changing a column's type rewrites the table and
//! its indexes under an ACCESS EXCLUSIVE lock (PostgreSQL), unless the
//! change is binary-compatible (varchar widened, varchar -> text).

use super::{from_squawk, show_type, Context, Finding, Group, Rule, Severity, PG};
use sluice_schema::{Change, SqlType};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "column-type-rewrite",
    group: Group::Locking,
    severity: Severity::Error,
    summary: "ALTER COLUMN TYPE that rewrites the table (ACCESS EXCLUSIVE for the whole rewrite)",
    help: "add a new column of the new type, backfill it in batches, switch the code over, then drop the old column",
    dialects: PG,
    check,
};

/// Type changes PostgreSQL makes without a rewrite.
fn no_rewrite(from: &SqlType, to: &SqlType) -> bool {
    match (from, to) {
        (SqlType::Varchar { length: Some(a) }, SqlType::Varchar { length: Some(b) }) => a <= b,
        (SqlType::Varchar { .. }, SqlType::Varchar { length: None } | SqlType::Text) => true,
        _ => false,
    }
}

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::ChangingColumnType], |t, i| {
        let change = cx.changes().find_map(|(c, s)| match c {
            Change::AlterColumn { from, to, .. } if s == Some(i) && from.ty != to.ty => {
                Some((from, to))
            }
            _ => None,
        });
        if let Some((from, to)) = change {
            if no_rewrite(&from.ty, &to.ty) {
                return None;
            }
            return Some((
                format!(
                    "changing {t}.{} from {} to {} rewrites {t} and its indexes under an ACCESS EXCLUSIVE lock",
                    to.name,
                    show_type(&from.ty),
                    show_type(&to.ty)
                ),
                None,
            ));
        }
        let w = &cx.stmts[i].words;
        let ty = w.find("TYPE")?;
        let before = if w.is(ty - 1, "DATA") { ty.checked_sub(3)? } else { ty.checked_sub(1)? };
        let col = w.name_at(before).map_or("?".to_string(), |x| x.0);
        Some((format!("changing the type of {t}.{col} rewrites {t} and its indexes under an ACCESS EXCLUSIVE lock"), None))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn rewrite() {
        insta::assert_snapshot!(flags(
            "column-type-rewrite",
            change(
                PG,
                "create table users (id bigint primary key, age integer);",
                "create table users (id bigint primary key, age bigint);"
            )
        ));
    }

    #[test]
    fn ok_varchar_widened() {
        insta::assert_snapshot!(clean(
            "column-type-rewrite",
            change(
                PG,
                "create table users (id bigint primary key, name varchar(20));",
                "create table users (id bigint primary key, name varchar(50));"
            )
        ));
    }
}
