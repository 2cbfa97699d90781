//! The names PostgreSQL gives constraints and indexes declared without one
//! (`ChooseRelationName` / `makeObjectName` in its source): `{table}_pkey`,
//! `{table}_{cols}_key`, `{table}_{cols}_fkey`, `{table}_{col}_check`,
//! `{table}_{cols}_idx`, `{table}_{col}_seq`; parts are truncated so the
//! whole fits in 63 bytes, the longer part first.

const MAX: usize = 63;

/// `makeObjectName(name1, name2, label)`.
pub fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let mut n1 = name1.to_string();
    let mut n2 = name2.map(str::to_string);
    let overhead = label.len() + 1 + if n2.is_some() { 1 } else { 0 };
    let avail = MAX.saturating_sub(overhead);
    // As makeObjectName: the longer part loses a character; on a tie, name2.
    while n1.len() + n2.as_ref().map_or(0, String::len) > avail {
        match &mut n2 {
            Some(s) if s.len() >= n1.len() => truncate_char(s),
            _ => truncate_char(&mut n1),
        }
    }
    match n2 {
        Some(n2) => format!("{n1}_{n2}_{label}"),
        None => format!("{n1}_{label}"),
    }
}

/// Remove the last character (whole UTF-8 character, as PostgreSQL's
/// `pg_mbcliplen` does).
fn truncate_char(s: &mut String) {
    s.pop();
}

/// PostgreSQL joins the column names with `_` for the middle part.
pub fn columns_part(columns: &[String]) -> String {
    columns.join("_")
}

pub fn primary_key(table: &str) -> String {
    make_object_name(table, None, "pkey")
}
pub fn unique(table: &str, columns: &[String]) -> String {
    make_object_name(table, Some(&columns_part(columns)), "key")
}
pub fn foreign_key(table: &str, columns: &[String]) -> String {
    make_object_name(table, Some(&columns_part(columns)), "fkey")
}
/// A CHECK's name uses the first column its expression mentions, or none.
pub fn check(table: &str, column: Option<&str>) -> String {
    make_object_name(table, column, "check")
}
/// The middle part of an index name: its key columns (or `expr`).
pub fn index_part(parts: &[String]) -> String {
    if parts.is_empty() {
        "expr".to_string()
    } else {
        columns_part(parts)
    }
}
pub fn index(table: &str, parts: &[String]) -> String {
    make_object_name(table, Some(&index_part(parts)), "idx")
}
pub fn sequence(table: &str, column: &str) -> String {
    make_object_name(table, Some(column), "seq")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(primary_key("users"), "users_pkey");
        assert_eq!(unique("users", &["email".into()]), "users_email_key");
        assert_eq!(foreign_key("posts", &["author_id".into()]), "posts_author_id_fkey");
        assert_eq!(check("t", Some("n")), "t_n_check");
        assert_eq!(check("t", None), "t_check");
        assert_eq!(index("t", &["a".into(), "b".into()]), "t_a_b_idx");
    }

    #[test]
    fn long_names_fit_63_bytes() {
        let t = "a".repeat(60);
        let c = "b".repeat(40);
        let n = unique(&t, &[c]);
        assert_eq!(n.len(), 63);
        // the longer part is cut first, until both fit
        assert!(n.starts_with(&"a".repeat(29)), "{n}");
        // equal lengths: the second part is cut first (PostgreSQL's names)
        let t = "loooooong_table_29_characters";
        let c = "looooong_column_29_characters";
        assert_eq!(
            foreign_key(t, &[c.into()]),
            "loooooong_table_29_characters_looooong_column_29_character_fkey"
        );
    }
}
