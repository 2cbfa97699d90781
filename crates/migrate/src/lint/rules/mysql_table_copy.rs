//! `mysql-table-copy`: ALTERs that InnoDB cannot make in place (online DDL
//! `ALGORITHM=COPY`): the table is copied row by row into a new one and
//! writes wait until the copy is done. From the planned changes: a column
//! type change (except a `varchar` widened without crossing 255 bytes), a
//! column's character set converted, a `STORED` generated column added;
//! from the statements: `DROP PRIMARY KEY` without a new one in the same
//! statement, `CONVERT TO CHARACTER SET`, an explicit `ALGORITHM=COPY`, and
//! `FIRST`/`AFTER` (a column placed other than at the end: a copy before
//! MySQL 8.0.29 and MariaDB 10.4, instant since). Enum and set value lists
//! are `mysql-enum-change`'s.

use super::{show_type, Context, Finding, Group, Rule, Severity};
use sluice_schema::{Change, Column, Dialect, SqlType};

pub static RULE: Rule = Rule {
    code: "mysql-table-copy",
    group: Group::Locking,
    severity: Severity::Error,
    summary: "MySQL ALTER that copies the table (ALGORITHM=COPY: writes blocked while every row is copied)",
    help: "on a large table, run it with an online schema change tool (gh-ost, pt-online-schema-change) or when writes can wait; or add a new column, backfill it and switch over",
    dialects: &[Dialect::Mysql],
    check,
};

/// Bytes per character of a collation's character set (its name up to the
/// first `_`); without a collation the server default, utf8mb4.
fn bytes_per_char(collation: Option<&str>) -> (u32, String) {
    let charset = collation
        .map(|c| c.split('_').next().unwrap_or(c).to_ascii_lowercase())
        .unwrap_or_else(|| "utf8mb4".to_string());
    let n = match charset.as_str() {
        "latin1" | "latin2" | "ascii" | "binary" | "cp1250" | "cp1251" | "cp1252" => 1,
        "ucs2" => 2,
        "utf8" | "utf8mb3" => 3,
        _ => 4,
    };
    (n, charset)
}

/// `varchar(a)` -> `varchar(b)` is in place when `b >= a` and the length
/// prefix stays one byte (up to 255 bytes) or was already two.
fn in_place_varchar(from: &Column, to: &Column) -> bool {
    match (&from.ty, &to.ty) {
        (SqlType::Varchar { length: Some(a) }, SqlType::Varchar { length: Some(b) }) if b >= a => {
            let (n, _) = bytes_per_char(to.collation.as_deref());
            (a * n > 255) == (b * n > 255)
        }
        _ => false,
    }
}

fn charset_of(c: &Column) -> Option<String> {
    c.collation.as_deref().map(|c| bytes_per_char(Some(c)).1)
}

fn from_changes(cx: &Context, out: &mut Vec<Finding>) {
    for (c, stmt) in cx.changes() {
        if c.table().is_some_and(|t| cx.is_new(&t.name)) {
            continue;
        }
        match c {
            Change::AlterColumn { table, from, to } => {
                let lists = matches!((from.ty.value_list(), to.ty.value_list()),
                    (Some((a, _)), Some((b, _))) if a == b);
                if from.ty != to.ty && !lists && !in_place_varchar(from, to) {
                    let why = match (&from.ty, &to.ty) {
                        (
                            SqlType::Varchar { length: Some(a) },
                            SqlType::Varchar { length: Some(b) },
                        ) if b >= a => {
                            let (n, cs) = bytes_per_char(to.collation.as_deref());
                            format!(" (the length prefix grows from 1 to 2 bytes past 255 bytes; {cs} takes up to {n} bytes a character)")
                        }
                        _ => String::new(),
                    };
                    out.push(cx.at(
                        &RULE,
                        stmt,
                        format!(
                            "changing {table}.{} from {} to {} copies {table}{why}: writes to {table} wait until every row is copied",
                            to.name,
                            show_type(&from.ty),
                            show_type(&to.ty)
                        ),
                    ));
                }
                if let (Some(a), Some(b)) = (charset_of(from), charset_of(to)) {
                    if a != b {
                        out.push(cx.at(
                            &RULE,
                            stmt,
                            format!(
                                "converting {table}.{} from {a} to {b} copies {table}: writes to {table} wait until every row is converted",
                                to.name
                            ),
                        ));
                    }
                }
            }
            Change::AddColumn { table, column }
                if column.generated.as_ref().is_some_and(|g| g.stored) =>
            {
                out.push(cx.at(
                    &RULE,
                    stmt,
                    format!(
                        "adding the STORED generated column {table}.{} copies {table} to compute it for every row: writes wait until the copy is done",
                        column.name
                    ),
                ));
            }
            _ => {}
        }
    }
}

fn from_statements(cx: &Context, out: &mut Vec<Finding>) {
    for (i, s) in cx.stmts.iter().enumerate() {
        let w = &s.words;
        if !w.starts(&["ALTER", "TABLE"]) {
            continue;
        }
        let Some(table) = w.table() else { continue };
        if cx.is_new(&table) {
            continue;
        }
        let t = w.table_written().unwrap_or(&table);
        let mut say = |m: String| out.push(cx.at(&RULE, Some(i), m));
        if w.has_seq(&["DROP", "PRIMARY", "KEY"]) && !w.has_seq(&["ADD", "PRIMARY", "KEY"]) {
            say(format!(
                "dropping the primary key of {t} without adding one in the same statement copies {t}: writes wait until every row is copied"
            ));
        }
        if w.has_seq(&["CONVERT", "TO"]) {
            say(format!("CONVERT TO CHARACTER SET copies {t} to re-encode every row: writes wait until the copy is done"));
        }
        let copy = (0..w.len()).any(|k| {
            w.is(k, "ALGORITHM")
                && (w.is(k + 1, "COPY") || (w.text(k + 1) == "=" && w.is(k + 2, "COPY")))
        });
        if copy {
            say(format!("ALGORITHM=COPY copies {t}: writes wait until every row is copied"));
        }
        if w.has("FIRST") || w.has("AFTER") {
            say(format!(
                "placing a column of {t} with FIRST/AFTER copies {t} on MySQL before 8.0.29 and MariaDB before 10.4 (instant on later versions when the column is added, a copy on every version when an existing column moves)"
            ));
        }
    }
}

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    from_changes(cx, &mut out);
    from_statements(cx, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn type_change() {
        insta::assert_snapshot!(flags(
            "mysql-table-copy",
            change(
                MYSQL,
                "CREATE TABLE users (id BIGINT PRIMARY KEY, age INT);",
                "CREATE TABLE users (id BIGINT PRIMARY KEY, age BIGINT);"
            )
        ));
    }

    #[test]
    fn varchar_past_255_bytes() {
        insta::assert_snapshot!(flags(
            "mysql-table-copy",
            change(
                MYSQL,
                "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(50));",
                "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100));"
            )
        ));
    }

    #[test]
    fn charset_converted() {
        insta::assert_snapshot!(flags(
            "mysql-table-copy",
            change(
                MYSQL,
                "CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT COLLATE latin1_swedish_ci);",
                "CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT COLLATE utf8mb4_unicode_ci);"
            )
        ));
    }

    #[test]
    fn stored_generated_column_added() {
        insta::assert_snapshot!(flags(
            "mysql-table-copy",
            change(
                MYSQL,
                "CREATE TABLE items (id INT PRIMARY KEY, price INT);",
                "CREATE TABLE items (id INT PRIMARY KEY, price INT, doubled INT AS (price * 2) STORED);"
            )
        ));
    }

    #[test]
    fn hand_written() {
        insta::assert_snapshot!(flags(
            "mysql-table-copy",
            sql(
                MYSQL,
                "ALTER TABLE users DROP PRIMARY KEY;\n\
                 ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4;\n\
                 ALTER TABLE users ADD COLUMN nick VARCHAR(20) AFTER id, ALGORITHM=COPY;"
            )
        ));
    }

    #[test]
    fn ok_in_place() {
        // A varchar widened within 255 bytes, a nullable column added at the
        // end, a default changed: all in place (or instant).
        insta::assert_snapshot!(clean(
            "mysql-table-copy",
            change(
                MYSQL,
                "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(20), n INT DEFAULT 0);",
                "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(60), n INT DEFAULT 1, bio TEXT);"
            )
        ));
    }

    #[test]
    fn ok_new_table() {
        insta::assert_snapshot!(clean(
            "mysql-table-copy",
            sql(
                MYSQL,
                "CREATE TABLE t (id INT PRIMARY KEY);\nALTER TABLE t DROP PRIMARY KEY, ALGORITHM=COPY;"
            )
        ));
    }
}
