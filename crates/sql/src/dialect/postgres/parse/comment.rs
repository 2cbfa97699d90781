//! `COMMENT ON {TABLE | COLUMN | INDEX | SCHEMA | TYPE | DOMAIN | SEQUENCE |
//! VIEW | MATERIALIZED VIEW} name IS 'text' | NULL`, attached to an object
//! declared earlier. An empty string removes the comment, as in PostgreSQL.
//! Comments on extensions are accepted and ignored: an extension's comment
//! comes from its own install script (pg_dump writes it back verbatim).

use super::names::{children, leading_keywords, name_parts, string_value};
use super::{qualified_from_parts, same_name, Builder, DIALECT};
use sluice_schema::QualifiedName;
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode};

pub(super) fn comment_on(b: &mut Builder, stmt: &SyntaxNode) {
    let mut object = None;
    let mut value: Option<Option<String>> = None;
    for el in children(stmt) {
        match el.kind() {
            K::COMMENT_KW | K::ON_KW | K::IS_KW | K::SEMICOLON => {}
            K::NULL_KW => value = Some(None),
            K::LITERAL => {
                let text = el.as_node().and_then(string_value);
                value = Some(text.filter(|t| !t.is_empty()));
            }
            _ if object.is_none() && el.as_node().is_some() => object = el.into_node(),
            _ => b.unexpected(&el, "COMMENT ON"),
        }
    }
    let (Some(object), Some(value)) = (object, value) else {
        return;
    };
    let Some(target) = object.children().last() else {
        return;
    };
    let parts = name_parts(&target);
    match object.kind() {
        K::OBJECT_TABLE => {
            let Some(name) = qualified(b, &target, &parts) else {
                return;
            };
            match b.find_table(&name).map(|i| &mut b.schema.tables[i]) {
                Some(t) => t.comment = value,
                None => b.missing(&target, "table", &name, "COMMENT ON TABLE"),
            }
        }
        K::OBJECT_COLUMN => {
            let Some((column, table_parts)) = parts.split_last() else {
                return;
            };
            let Some(name) = qualified(b, &target, table_parts) else {
                return;
            };
            let Some(t) = b.find_table(&name).map(|i| &mut b.schema.tables[i]) else {
                if b.schema.views.iter().any(|v| same_name(&v.name, &name)) {
                    b.unsupported(
                        &object,
                        "a comment on a view column",
                        "remove it, or comment on the view itself",
                    );
                } else {
                    b.missing(&target, "table", &name, "COMMENT ON COLUMN");
                }
                return;
            };
            match t.column_mut(column) {
                Some(c) => c.comment = value,
                None => b.error(
                    &target,
                    format!("COMMENT ON COLUMN: table `{name}` has no column `{column}`"),
                    "fix the column name",
                ),
            }
        }
        K::OBJECT_INDEX => {
            let Some(name) = qualified(b, &target, &parts) else {
                return;
            };
            let found = b.schema.tables.iter_mut().find_map(|t| {
                let in_schema = same_name(&t.name.sibling(&name.name), &name);
                let index = t.indexes.iter_mut().find(|i| i.name == name.name);
                index.filter(|_| in_schema)
            });
            match found {
                Some(i) => i.comment = value,
                None => b.missing(&target, "index", &name, "COMMENT ON INDEX"),
            }
        }
        K::OBJECT_SCHEMA => {
            let name = parts.join(".");
            if DIALECT.default_schema() == Some(name.as_str()) {
                b.unsupported(
                    &object,
                    "a comment on the default schema",
                    "remove it: the default schema is not part of the schema model",
                );
                return;
            }
            match b.schema.namespaces.iter_mut().find(|n| n.name == name) {
                Some(n) => n.comment = value,
                None => {
                    b.missing(&target, "schema", &QualifiedName::bare(&name), "COMMENT ON SCHEMA")
                }
            }
        }
        K::OBJECT_TYPE | K::OBJECT_DOMAIN => {
            let Some(name) = qualified(b, &target, &parts) else {
                return;
            };
            if let Some(e) = b.schema.enums.iter_mut().find(|e| same_name(&e.name, &name)) {
                e.comment = value;
            } else if let Some(d) = b.schema.domains.iter_mut().find(|d| same_name(&d.name, &name))
            {
                d.comment = value;
            } else {
                let kind = if object.kind() == K::OBJECT_DOMAIN { "domain" } else { "type" };
                b.missing(&target, kind, &name, "COMMENT ON");
            }
        }
        K::OBJECT_SEQUENCE => {
            let Some(name) = qualified(b, &target, &parts) else {
                return;
            };
            match b.schema.sequences.iter_mut().find(|s| same_name(&s.name, &name)) {
                Some(s) => s.comment = value,
                None => b.missing(&target, "sequence", &name, "COMMENT ON SEQUENCE"),
            }
        }
        K::OBJECT_VIEW | K::OBJECT_MATERIALIZED_VIEW => {
            let Some(name) = qualified(b, &target, &parts) else {
                return;
            };
            let materialized = object.kind() == K::OBJECT_MATERIALIZED_VIEW;
            let view = b
                .schema
                .views
                .iter_mut()
                .find(|v| same_name(&v.name, &name) && v.materialized == materialized);
            match view {
                Some(v) => v.comment = value,
                None => {
                    let kind = if materialized { "materialized view" } else { "view" };
                    b.missing(&target, kind, &name, "COMMENT ON");
                }
            }
        }
        K::OBJECT_EXTENSION => {}
        _ => {
            let what =
                format!("COMMENT ON {}", leading_keywords(&SyntaxElement::Node(object.clone()), 2));
            b.unsupported(
                &object,
                &what,
                "the schema model keeps comments on schemas, tables, columns, indexes, types, \
                 domains, sequences and views only: remove this comment",
            );
        }
    }
}

fn qualified(b: &mut Builder, at: &SyntaxNode, parts: &[String]) -> Option<QualifiedName> {
    let q = qualified_from_parts(parts);
    if q.is_none() {
        b.error(at, "the name has too many parts", "write `name` or `schema.name`");
    }
    q
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok};

    #[test]
    fn comments_attach_to_their_objects() {
        let s = parse_ok(
            "CREATE SCHEMA app;
             CREATE TABLE app.t (id int, \"Name\" text);
             CREATE INDEX t_id ON app.t (id);
             CREATE TYPE mood AS ENUM ('a');
             CREATE DOMAIN d AS int;
             CREATE SEQUENCE s;
             CREATE VIEW v AS SELECT 1;
             CREATE MATERIALIZED VIEW m AS SELECT 1;
             CREATE EXTENSION hstore;
             COMMENT ON SCHEMA app IS 'the app';
             COMMENT ON TABLE app.t IS 'a table';
             COMMENT ON COLUMN app.t.id IS 'the id';
             COMMENT ON COLUMN app.t.\"Name\" IS E'two\\nlines';
             COMMENT ON INDEX app.t_id IS 'by id';
             COMMENT ON TYPE mood IS 'feelings';
             COMMENT ON DOMAIN d IS 'a domain';
             COMMENT ON SEQUENCE s IS 'counter';
             COMMENT ON VIEW v IS 'a view';
             COMMENT ON MATERIALIZED VIEW m IS 'a matview';
             COMMENT ON EXTENSION hstore IS 'ignored: the extension sets it';",
        );
        assert_eq!(s.namespaces[0].comment.as_deref(), Some("the app"));
        let t = &s.tables[0];
        assert_eq!(t.comment.as_deref(), Some("a table"));
        assert_eq!(t.column("id").unwrap().comment.as_deref(), Some("the id"));
        assert_eq!(t.column("Name").unwrap().comment.as_deref(), Some("two\nlines"));
        assert_eq!(t.indexes[0].comment.as_deref(), Some("by id"));
        assert_eq!(s.enums[0].comment.as_deref(), Some("feelings"));
        assert_eq!(s.domains[0].comment.as_deref(), Some("a domain"));
        assert_eq!(s.sequences[0].comment.as_deref(), Some("counter"));
        assert_eq!(s.views[0].comment.as_deref(), Some("a view"));
        assert_eq!(s.views[1].comment.as_deref(), Some("a matview"));
    }

    #[test]
    fn null_and_empty_remove_the_comment() {
        let s = parse_ok(
            "CREATE TABLE t (a int);
             COMMENT ON TABLE t IS 'x'; COMMENT ON TABLE t IS NULL;
             COMMENT ON COLUMN t.a IS 'y'; COMMENT ON COLUMN t.a IS '';",
        );
        assert_eq!(s.tables[0].comment, None);
        assert_eq!(s.tables[0].columns[0].comment, None);
    }

    #[test]
    fn comment_errors() {
        assert_eq!(
            parse_err("COMMENT ON TABLE nope IS 'x';"),
            "1:18: COMMENT ON TABLE: table `nope` is not defined in the schema files"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int);\nCOMMENT ON COLUMN t.b IS 'x';"),
            "2:19: COMMENT ON COLUMN: table `t` has no column `b`"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0));\nCOMMENT ON CONSTRAINT c ON t IS 'x';"),
            "2:12: COMMENT ON CONSTRAINT is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("COMMENT ON SCHEMA public IS 'standard public schema';"),
            "1:12: a comment on the default schema is not supported in schema files yet"
        );
    }
}
