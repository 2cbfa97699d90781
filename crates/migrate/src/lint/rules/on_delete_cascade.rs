//! `on-delete-cascade`: a foreign key with ON DELETE CASCADE lets one
//! delete remove rows in other tables.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::{Change, FkAction};

pub static RULE: Rule = Rule {
    code: "on-delete-cascade",
    group: Group::DataLoss,
    severity: Severity::Warning,
    summary: "foreign key ON DELETE CASCADE: one delete can remove rows in other tables",
    help: "prefer ON DELETE RESTRICT (or SET NULL) and delete dependent rows explicitly; keep CASCADE only for rows owned by the parent",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        let fks: Vec<_> = match c {
            Change::AddForeignKey { table, fk } => vec![(table, fk)],
            Change::CreateTable(t) => t.foreign_keys.iter().map(|fk| (&t.name, fk)).collect(),
            _ => continue,
        };
        for (table, fk) in fks {
            if fk.on_delete == FkAction::Cascade {
                out.push(cx.at(&RULE, stmt, format!(
                    "foreign key {table}({}) -> {} has ON DELETE CASCADE: deleting a row of {} deletes its rows in {table}",
                    fk.columns.join(", "), fk.ref_table, fk.ref_table
                )));
            }
        }
    }
    for (i, s) in cx.stmts.iter().enumerate().filter(|(i, _)| !cx.generated(*i)) {
        if s.words.has_seq(&["ON", "DELETE", "CASCADE"]) {
            let t = s.words.table().unwrap_or_default();
            out.push(cx.at(&RULE, Some(i), format!("a foreign key of {t} has ON DELETE CASCADE: deleting a referenced row deletes rows of {t}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn cascade_fk() {
        insta::assert_snapshot!(flags(
            "on-delete-cascade",
            change(PG, "create table users (id bigint primary key);", "create table users (id bigint primary key);\ncreate table posts (id bigint primary key, user_id bigint references users on delete cascade);\ncreate index posts_user_id_idx on posts (user_id);")
        ));
    }

    #[test]
    fn ok_restrict() {
        insta::assert_snapshot!(clean("on-delete-cascade", sql(SQLITE, "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users ON DELETE RESTRICT);")));
    }
}
