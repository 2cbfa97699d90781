//! The words an identifier must be quoted to use, per dialect, beyond the
//! PostgreSQL reserved words the expression normalizer already knows.
//!
//! Rendering quotes a name when it is not a plain lower-case identifier or
//! when it is one of these words: the parser folds `"name"` and `name` to the
//! same model name, so quoting more than strictly needed never changes a
//! round trip, while quoting less breaks the SQL.

use sluice_schema::Dialect;

word_list!(
    /// PostgreSQL's `COL_NAME_KEYWORD`s: allowed as column names but not as type
    /// or function names, and quoted by the server's own `quote_ident`. Includes
    /// the JSON words added in PostgreSQL 16 and 17, so files written today still
    /// load on newer servers.
    POSTGRES_COL_NAME,
    fn is_postgres_col_name,
    [
        "between",
        "bigint",
        "bit",
        "boolean",
        "char",
        "character",
        "coalesce",
        "dec",
        "decimal",
        "exists",
        "extract",
        "float",
        "greatest",
        "grouping",
        "inout",
        "int",
        "integer",
        "interval",
        "json",
        "json_array",
        "json_arrayagg",
        "json_exists",
        "json_object",
        "json_objectagg",
        "json_query",
        "json_scalar",
        "json_serialize",
        "json_table",
        "json_value",
        "least",
        "merge_action",
        "national",
        "nchar",
        "none",
        "normalize",
        "nullif",
        "numeric",
        "out",
        "overlay",
        "position",
        "precision",
        "real",
        "row",
        "setof",
        "smallint",
        "substring",
        "time",
        "timestamp",
        "treat",
        "trim",
        "values",
        "varchar",
        "xmlattributes",
        "xmlconcat",
        "xmlelement",
        "xmlexists",
        "xmlforest",
        "xmlnamespaces",
        "xmlparse",
        "xmlpi",
        "xmlroot",
        "xmlserialize",
        "xmltable",
    ]
);

word_list!(
    /// Every SQLite keyword (the 147 of its documentation's keyword list). SQLite
    /// accepts many of them as names through its fallback rule, but which ones
    /// depends on the position, so all of them are quoted.
    SQLITE,
    fn is_sqlite_keyword,
    [
        "abort",
        "action",
        "add",
        "after",
        "all",
        "alter",
        "always",
        "analyze",
        "and",
        "as",
        "asc",
        "attach",
        "autoincrement",
        "before",
        "begin",
        "between",
        "by",
        "cascade",
        "case",
        "cast",
        "check",
        "collate",
        "column",
        "commit",
        "conflict",
        "constraint",
        "create",
        "cross",
        "current",
        "current_date",
        "current_time",
        "current_timestamp",
        "database",
        "default",
        "deferrable",
        "deferred",
        "delete",
        "desc",
        "detach",
        "distinct",
        "do",
        "drop",
        "each",
        "else",
        "end",
        "escape",
        "except",
        "exclude",
        "exclusive",
        "exists",
        "explain",
        "fail",
        "filter",
        "first",
        "following",
        "for",
        "foreign",
        "from",
        "full",
        "generated",
        "glob",
        "group",
        "groups",
        "having",
        "if",
        "ignore",
        "immediate",
        "in",
        "index",
        "indexed",
        "initially",
        "inner",
        "insert",
        "instead",
        "intersect",
        "into",
        "is",
        "isnull",
        "join",
        "key",
        "last",
        "left",
        "like",
        "limit",
        "match",
        "materialized",
        "natural",
        "no",
        "not",
        "nothing",
        "notnull",
        "null",
        "nulls",
        "of",
        "offset",
        "on",
        "or",
        "order",
        "others",
        "outer",
        "over",
        "partition",
        "plan",
        "pragma",
        "preceding",
        "primary",
        "query",
        "raise",
        "range",
        "recursive",
        "references",
        "regexp",
        "reindex",
        "release",
        "rename",
        "replace",
        "restrict",
        "returning",
        "right",
        "rollback",
        "row",
        "rows",
        "savepoint",
        "select",
        "set",
        "table",
        "temp",
        "temporary",
        "then",
        "ties",
        "to",
        "transaction",
        "trigger",
        "unbounded",
        "union",
        "unique",
        "update",
        "using",
        "vacuum",
        "values",
        "view",
        "virtual",
        "when",
        "where",
        "window",
        "with",
        "without",
    ]
);

/// Whether `word` (already known to be a plain lower-case identifier) must
/// still be quoted in `dialect`.
pub fn must_quote(word: &str, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Postgres => is_postgres_col_name(word),
        Dialect::Sqlite => is_sqlite_keyword(word),
        Dialect::Mysql => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{quote_ident, quote_qualified};
    use sluice_schema::QualifiedName;

    #[test]
    fn plain_names_stay_bare() {
        for d in [Dialect::Postgres, Dialect::Sqlite] {
            for name in ["users", "user_id", "_x", "t1", "a$b", "email"] {
                assert_eq!(quote_ident(name, d), name, "{d}");
            }
        }
    }

    #[test]
    fn hostile_names_are_quoted_and_escaped() {
        for d in [Dialect::Postgres, Dialect::Sqlite] {
            assert_eq!(quote_ident("a\"b", d), "\"a\"\"b\"");
            assert_eq!(quote_ident("\"", d), "\"\"\"\"");
            assert_eq!(quote_ident("x; DROP TABLE y; --", d), "\"x; DROP TABLE y; --\"");
            assert_eq!(quote_ident("it's", d), "\"it's\"");
            assert_eq!(quote_ident("Users", d), "\"Users\"");
            assert_eq!(quote_ident("café", d), "\"café\"");
            assert_eq!(quote_ident("名前", d), "\"名前\"");
            assert_eq!(quote_ident("two words", d), "\"two words\"");
            assert_eq!(quote_ident("1st", d), "\"1st\"");
            assert_eq!(quote_ident("line\nbreak", d), "\"line\nbreak\"");
            assert_eq!(quote_ident("", d), "\"\"");
            // reserved in both
            for kw in ["select", "user", "order", "table", "check", "default"] {
                assert_eq!(quote_ident(kw, d), format!("\"{kw}\""), "{kw} in {d}");
            }
        }
        let q = QualifiedName::new(Some("My Schema"), "order");
        assert_eq!(quote_qualified(&q, Dialect::Postgres), "\"My Schema\".\"order\"");
    }

    #[test]
    fn keywords_depend_on_the_dialect() {
        // PostgreSQL column-name keywords cannot be type names.
        for kw in ["position", "time", "int", "values", "json"] {
            assert_eq!(quote_ident(kw, Dialect::Postgres), format!("\"{kw}\""));
        }
        // Words only SQLite reserves.
        for kw in ["index", "key", "action", "replace", "glob"] {
            assert_eq!(quote_ident(kw, Dialect::Sqlite), format!("\"{kw}\""));
            assert_eq!(quote_ident(kw, Dialect::Postgres), kw);
        }
        assert_eq!(quote_ident("position", Dialect::Sqlite), "position");
    }

    #[test]
    fn sqlite_list_is_complete_and_sorted() {
        assert_eq!(SQLITE.len(), 147);
        assert!(SQLITE.windows(2).all(|w| w[0] < w[1]));
        assert!(POSTGRES_COL_NAME.windows(2).all(|w| w[0] < w[1]));
    }
}
