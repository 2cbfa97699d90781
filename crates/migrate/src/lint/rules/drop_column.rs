//! `drop-column`: dropping a column deletes its data, and running code that
//! still reads it fails.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Change;

pub static RULE: Rule = Rule {
    code: "drop-column",
    group: Group::DataLoss,
    severity: Severity::Error,
    summary: "DROP COLUMN (or a rebuild that leaves a column out): its data is deleted",
    help: "first deploy code that no longer reads or writes the column, make sure its data is not needed, then drop it",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        match c {
            Change::DropColumn { table, column } => out.push(cx.at(
                &RULE,
                stmt,
                format!("dropping column {table}.{} deletes its data", column.name),
            )),
            Change::RebuildTable { from, column_map, .. } => {
                for col in &from.columns {
                    if !column_map.iter().any(|(_, old)| old == &col.name) {
                        out.push(cx.at(
                            &RULE,
                            stmt,
                            format!(
                                "rebuilding table {} leaves column {} out: its data is deleted",
                                from.name, col.name
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for (i, s) in cx.stmts.iter().enumerate().filter(|(i, _)| !cx.generated(*i)) {
        let w = &s.words;
        if !w.starts(&["ALTER", "TABLE"]) {
            continue;
        }
        for d in (0..w.len()).filter(|&d| w.is(d, "DROP")) {
            let mut j = d + 1;
            if w.is(j, "COLUMN") {
                j += 1;
            } else if [
                "CONSTRAINT",
                "DEFAULT",
                "NOT",
                "EXPRESSION",
                "IDENTITY",
                // MySQL: DROP PRIMARY KEY / FOREIGN KEY / INDEX / KEY / CHECK
                "PRIMARY",
                "FOREIGN",
                "INDEX",
                "KEY",
                "CHECK",
                "PARTITION",
            ]
            .iter()
            .any(|k| w.is(j, k))
            {
                continue;
            }
            let j = w.skip(j, &[&["IF", "EXISTS"]]);
            if let Some((col, _)) = w.name_at(j) {
                let t = w.table().unwrap_or_default();
                out.push(cx.at(
                    &RULE,
                    Some(i),
                    format!("dropping column {t}.{col} deletes its data"),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn generated_drop() {
        insta::assert_snapshot!(flags(
            "drop-column",
            change(
                PG,
                "create table users (id bigint primary key, bio text);",
                "create table users (id bigint primary key);"
            )
        ));
    }

    #[test]
    fn sqlite_hand_written() {
        insta::assert_snapshot!(flags(
            "drop-column",
            sql(SQLITE, "ALTER TABLE users DROP COLUMN bio;")
        ));
    }

    #[test]
    fn ok_drop_default() {
        insta::assert_snapshot!(clean(
            "drop-column",
            sql(PG, "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN bio DROP DEFAULT;")
        ));
    }

    #[test]
    fn ok_mysql_drop_keys() {
        insta::assert_snapshot!(clean(
            "drop-column",
            sql(
                MYSQL,
                "ALTER TABLE users DROP PRIMARY KEY, DROP FOREIGN KEY fk_a, DROP INDEX ix_b, DROP KEY ix_c, DROP CHECK ck;"
            )
        ));
    }
}
