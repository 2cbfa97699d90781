//! `id-column-without-foreign-key`: a new `*_id` column that references
//! nothing: orphaned rows go unnoticed.

use super::{new_columns, Context, Finding, Group, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "id-column-without-foreign-key",
    group: Group::Design,
    severity: Severity::Info,
    summary: "new `*_id` column without a foreign key",
    help:
        "add a foreign key to the table it points at, or rename the column if it is not a reference",
    dialects: &[],
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let Some(after) = cx.input.after else { return Vec::new() };
    let mut out = Vec::new();
    for (table, col, stmt, _) in new_columns(cx) {
        if !col.name.ends_with("_id") {
            continue;
        }
        let Some(t) = after.table(table) else { continue };
        if !t.foreign_keys.iter().any(|fk| fk.columns.contains(&col.name)) {
            out.push(cx.at(
                &RULE,
                stmt,
                format!("{table}.{} looks like a reference but has no foreign key", col.name),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn missing_fk() {
        insta::assert_snapshot!(flags(
            "id-column-without-foreign-key",
            change(SQLITE, "", "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER);")
        ));
    }

    #[test]
    fn ok_with_fk() {
        insta::assert_snapshot!(clean(
            "id-column-without-foreign-key",
            change(SQLITE, "", "CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES users (id));\nCREATE INDEX posts_author_id_idx ON posts (author_id);")
        ));
    }
}
