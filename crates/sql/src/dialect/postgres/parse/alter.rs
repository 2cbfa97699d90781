//! ALTER statements applied to objects declared earlier, so that pg_dump
//! style files (CREATE, then ALTER .. ADD CONSTRAINT) and files split by
//! concern read as one schema: `ALTER TABLE` (ADD [COLUMN], ADD
//! [CONSTRAINT], ALTER COLUMN SET/DROP DEFAULT, SET/DROP NOT NULL, [SET
//! DATA] TYPE, ADD GENERATED .. AS IDENTITY; OWNER TO ignored), `ALTER TYPE
//! .. ADD VALUE`, `ALTER DOMAIN .. ADD CONSTRAINT`, and `OWNER TO` on
//! schemas, types, domains and views (ownership is not in the model).

use super::constraint;
use super::names::{children, last_part, string_value, Spanned};
use super::table::{column_def, default_expr, identity, object_name};
use super::{same_name, ty, Builder};
use sluice_schema::{QualifiedName, Table};
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode};

pub(super) fn alter_table(b: &mut Builder, stmt: &SyntaxNode) {
    let mut if_exists = false;
    let mut target = None;
    let mut actions = Vec::new();
    for el in children(stmt) {
        match el.kind() {
            K::ALTER_KW | K::TABLE_KW | K::COMMA | K::SEMICOLON => {}
            K::IF_EXISTS => if_exists = true,
            K::TABLE_RELATION_NAME => {
                target =
                    el.as_node().and_then(|n| n.children().find(|c| c.kind() == K::TABLE_NAME_REF));
            }
            _ => actions.push(el),
        }
    }
    let Some(target) = target else {
        b.error(stmt, "ALTER TABLE without a table name", "name the table to alter");
        return;
    };
    let Some(name) = object_name(b, &target, "table") else {
        return;
    };
    let Some(ti) = b.find_table(&name) else {
        let relation = if b.schema.views.iter().any(|v| same_name(&v.name, &name)) {
            Some("view")
        } else if b.schema.sequences.iter().any(|s| same_name(&s.name, &name)) {
            Some("sequence")
        } else {
            None
        };
        if let Some(kind) = relation {
            // PostgreSQL accepts ALTER TABLE .. OWNER TO on views and
            // sequences too (pg_dump writes it so).
            if !actions.iter().all(|a| a.kind() == K::OWNER_TO) {
                b.unsupported(
                    &target,
                    &format!("ALTER TABLE on a {kind}"),
                    &format!("declare the {kind} as it should be with its CREATE statement"),
                );
            }
        } else if !if_exists {
            b.missing(&target, "table", &name, "ALTER TABLE");
        }
        return;
    };
    // Take the table out while it is edited, so errors can be reported.
    let placeholder = Table::new(QualifiedName::bare(""));
    let mut table = std::mem::replace(&mut b.schema.tables[ti], placeholder);
    for (i, action) in actions.iter().enumerate() {
        let next = actions.get(i + 1).map(|a| a.text_range().start().into());
        alter_table_action(b, &mut table, action, next);
    }
    b.schema.tables[ti] = table;
}

/// One action; `next` is where the next action starts (for rename hints).
fn alter_table_action(b: &mut Builder, table: &mut Table, el: &SyntaxElement, next: Option<usize>) {
    let Some(node) = el.as_node() else {
        b.unexpected(el, "ALTER TABLE");
        return;
    };
    match el.kind() {
        K::ADD_COLUMN => {
            let Some(def) = column_def(b, node, &table.name, next) else {
                return;
            };
            if table.column(&def.column.name).is_some() {
                if !def.if_not_exists {
                    b.error(
                        &def.name_span,
                        format!(
                            "column `{}` already exists in table `{}`",
                            def.column.name, table.name
                        ),
                        "remove the ADD COLUMN, or use ADD COLUMN IF NOT EXISTS",
                    );
                }
                return;
            }
            table.columns.push(def.column);
            for (c, at) in def.constraints {
                constraint::apply(b, table, c, &at);
            }
        }
        K::ADD_CONSTRAINT => {
            for part in children(node) {
                match part.kind() {
                    K::ADD_KW => {}
                    k if constraint::is_constraint(k) => {
                        let Some(n) = part.as_node() else { continue };
                        if let Some(c) = constraint::read(b, n, None) {
                            constraint::apply(b, table, c, n);
                        }
                    }
                    _ => b.unexpected(&part, "ALTER TABLE .. ADD"),
                }
            }
        }
        K::ALTER_COLUMN => alter_column(b, table, node),
        // Ownership is not part of the schema model.
        K::OWNER_TO => {}
        _ => b.unexpected(el, "ALTER TABLE"),
    }
}

fn alter_column(b: &mut Builder, table: &mut Table, node: &SyntaxNode) {
    let Some(col_node) = node.children().find(|c| c.kind() == K::COLUMN_NAME_REF) else {
        return;
    };
    let column = last_part(&col_node);
    if table.column(&column).is_none() {
        b.error(
            &col_node,
            format!("ALTER COLUMN: column `{column}` does not exist in table `{}`", table.name),
            "declare the column first, or fix the name",
        );
        return;
    }
    let table_name = table.name.clone();
    for el in children(node) {
        let Some(n) = el.as_node() else { continue };
        match el.kind() {
            K::COLUMN_NAME_REF => {}
            K::SET_DEFAULT => {
                let value = default_expr(b, n);
                if let Some(c) = table.column_mut(&column) {
                    c.default = value;
                }
            }
            K::DROP_DEFAULT => {
                if let Some(c) = table.column_mut(&column) {
                    c.default = None;
                }
            }
            K::SET_NOT_NULL | K::DROP_NOT_NULL => {
                let not_null = el.kind() == K::SET_NOT_NULL;
                if let Some(c) = table.column_mut(&column) {
                    c.nullable = !not_null;
                }
            }
            K::SET_TYPE => set_type(b, table, &column, n),
            K::ADD_GENERATED => {
                let id = identity(b, n, &table_name, &column);
                if let Some(c) = table.column_mut(&column) {
                    c.identity = id.map(Box::new);
                    c.nullable = false;
                }
            }
            _ => b.unexpected(&el, "ALTER COLUMN"),
        }
    }
}

/// `[SET DATA] TYPE type [COLLATE c]`; a `USING` conversion is how existing
/// rows change, which a schema file cannot say.
fn set_type(b: &mut Builder, table: &mut Table, column: &str, node: &SyntaxNode) {
    let mut new_type = None;
    let mut collation = None;
    for el in children(node) {
        match el.kind() {
            K::SET_KW | K::DATA_KW | K::TYPE_KW => {}
            K::COLLATE => collation = el.as_node().and_then(super::table::collation),
            k if ty::is_type(k) => new_type = el.as_node().and_then(|n| ty::sql_type(b, n)),
            _ => b.unexpected(&el, "ALTER COLUMN .. TYPE"),
        }
    }
    if let (Some(t), Some(c)) = (new_type, table.column_mut(column)) {
        c.ty = t;
        c.collation = collation;
    }
}

/// `ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' [BEFORE | AFTER 'w']` on
/// an enum declared earlier; `OWNER TO` is ignored.
pub(super) fn alter_type(b: &mut Builder, stmt: &SyntaxNode) {
    let mut target = None;
    for el in children(stmt) {
        match el.kind() {
            K::ALTER_KW | K::TYPE_KW | K::SEMICOLON | K::OWNER_TO => {}
            K::TYPE_NAME_REF => target = el.into_node(),
            K::ADD_VALUE => {
                let (Some(t), Some(n)) = (&target, el.as_node()) else {
                    continue;
                };
                add_enum_value(b, t, n);
            }
            _ => b.unexpected(&el, "ALTER TYPE"),
        }
    }
}

fn add_enum_value(b: &mut Builder, target: &SyntaxNode, node: &SyntaxNode) {
    let Some(name) = object_name(b, target, "type") else {
        return;
    };
    let mut if_not_exists = false;
    let mut value = None;
    let mut position: Option<(bool, String, SyntaxNode)> = None;
    for el in children(node) {
        match el.kind() {
            K::ADD_KW | K::VALUE_KW => {}
            K::IF_NOT_EXISTS => if_not_exists = true,
            K::LITERAL => value = el.as_node().and_then(string_value),
            K::BEFORE_VALUE | K::AFTER_VALUE => {
                let Some(n) = el.as_node() else { continue };
                let other =
                    n.children().find(|c| c.kind() == K::LITERAL).and_then(|l| string_value(&l));
                if let Some(other) = other {
                    position = Some((el.kind() == K::BEFORE_VALUE, other, n.clone()));
                }
            }
            _ => b.unexpected(&el, "ALTER TYPE .. ADD VALUE"),
        }
    }
    let Some(value) = value else { return };
    let Some(e) = b.schema.enums.iter_mut().find(|e| same_name(&e.name, &name)) else {
        b.missing(target, "enum type", &name, "ALTER TYPE");
        return;
    };
    if e.values.contains(&value) {
        if !if_not_exists {
            b.error(
                node,
                format!("enum `{name}` already has the value '{value}'"),
                "remove this ADD VALUE",
            );
        }
        return;
    }
    let at = match &position {
        None => e.values.len(),
        Some((before, other, _)) => match e.values.iter().position(|v| v == other) {
            Some(i) if *before => i,
            Some(i) => i + 1,
            None => {
                let (_, other, n) = position.as_ref().expect("matched Some");
                let span = n.span();
                b.error(
                    &span,
                    format!("enum `{name}` has no value '{other}'"),
                    "name an existing value",
                );
                return;
            }
        },
    };
    e.values.insert(at, value);
}

/// `ALTER DOMAIN name ADD [CONSTRAINT c] CHECK (..) | NOT NULL`, `SET /
/// DROP DEFAULT`, `SET / DROP NOT NULL` and `OWNER TO` (ignored).
pub(super) fn alter_domain(b: &mut Builder, stmt: &SyntaxNode) {
    let mut target = None;
    for el in children(stmt) {
        match el.kind() {
            K::ALTER_KW | K::DOMAIN_KW | K::SEMICOLON | K::OWNER_TO => {}
            K::DOMAIN_REF => target = el.into_node(),
            K::ADD_CONSTRAINT
            | K::SET_DEFAULT
            | K::DROP_DEFAULT
            | K::SET_NOT_NULL
            | K::DROP_NOT_NULL => {
                let (Some(t), Some(n)) = (&target, el.as_node()) else {
                    continue;
                };
                super::objects::alter_domain_action(b, t, n);
            }
            _ => b.unexpected(&el, "ALTER DOMAIN"),
        }
    }
}

/// `ALTER SCHEMA | VIEW | MATERIALIZED VIEW name OWNER TO role`: ownership
/// is not in the model, so only that form is accepted (and ignored).
pub(super) fn alter_owner_only(b: &mut Builder, stmt: &SyntaxNode) {
    let context = format!("{:?}", stmt.kind()).replace('_', " ");
    for el in children(stmt) {
        let is_name = format!("{:?}", el.kind()).ends_with("_REF");
        match el {
            SyntaxElement::Token(_) => {}
            SyntaxElement::Node(_)
                if is_name || el.kind() == K::OWNER_TO || el.kind() == K::IF_EXISTS => {}
            _ => b.unexpected(&el, &context),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok};
    use crate::SourceFile;
    use sluice_schema::{Expr, Identity, QualifiedName, SequenceOptions, SqlType};

    #[test]
    fn pg_dump_style_alters() {
        let s = parse_ok(
            "CREATE TABLE public.t (id integer NOT NULL, name text, n int, kind text);
             ALTER TABLE t OWNER TO app;
             ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
             ALTER TABLE ONLY public.t ALTER COLUMN name SET DEFAULT 'x'::text;
             ALTER TABLE t ADD COLUMN IF NOT EXISTS extra jsonb NOT NULL DEFAULT '{}',
                 ADD added int REFERENCES t (id),
                 ALTER COLUMN n SET NOT NULL,
                 ALTER kind TYPE varchar(10),
                 ADD UNIQUE (name),
                 ADD CONSTRAINT n_pos CHECK (n > 0);
             ALTER TABLE t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
                 SEQUENCE NAME public.t_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1);
             ALTER TABLE t ALTER COLUMN name DROP DEFAULT, ALTER COLUMN name SET DEFAULT 'y';",
        );
        let t = &s.tables[0];
        assert_eq!(t.primary_key.as_ref().unwrap().name.as_deref(), Some("t_pkey"));
        assert_eq!(t.column("name").unwrap().default, Some(Expr::new("'y'")));
        let extra = t.column("extra").unwrap();
        assert_eq!((extra.ty.clone(), extra.nullable), (SqlType::Jsonb, false));
        assert_eq!(extra.default, Some(Expr::new("'{}'")));
        assert_eq!(t.foreign_keys[0].columns, ["added"]);
        assert!(!t.column("n").unwrap().nullable);
        assert_eq!(t.column("kind").unwrap().ty, SqlType::Varchar { length: Some(10) });
        assert_eq!(t.uniques[0].columns, ["name"]);
        assert_eq!(t.checks[0].name.as_deref(), Some("n_pos"));
        assert_eq!(
            t.column("id").unwrap().identity,
            Some(Box::new(Identity {
                always: false,
                options: SequenceOptions {
                    start: Some(1),
                    increment: Some(1),
                    cache: Some(1),
                    ..Default::default()
                }
            }))
        );
    }

    #[test]
    fn alter_in_a_later_file() {
        let files = [
            SourceFile::new("01_tables.sql", "CREATE TABLE users (id int);\nCREATE TABLE posts (id int, author int);"),
            SourceFile::new(
                "02_keys.sql",
                "ALTER TABLE users ADD PRIMARY KEY (id);\n\
                 ALTER TABLE posts ADD CONSTRAINT posts_author_fk FOREIGN KEY (author) REFERENCES users (id);",
            ),
        ];
        let p = crate::dialect::postgres::parse::read_both(&files, false);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let posts = p.schema.table(&QualifiedName::bare("posts")).unwrap();
        assert_eq!(posts.foreign_keys[0].name.as_deref(), Some("posts_author_fk"));
        assert!(p.schema.table(&QualifiedName::bare("users")).unwrap().primary_key.is_some());
        // The other way round the table is not there yet.
        let p = crate::dialect::postgres::parse::read_both(
            &[files[1].clone(), files[0].clone()],
            false,
        );
        let shorts: Vec<String> = p.errors.iter().map(|e| e.short()).collect();
        assert_eq!(
            shorts,
            [
                "02_keys.sql:1:13: ALTER TABLE: table `users` is not defined in the schema files",
                "02_keys.sql:2:13: ALTER TABLE: table `posts` is not defined in the schema files",
            ]
        );
    }

    #[test]
    fn alter_type_and_domain() {
        let s = parse_ok(
            "CREATE TYPE mood AS ENUM ('sad', 'happy');
             ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
             ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';
             ALTER TYPE mood ADD VALUE 'great' AFTER 'happy';
             ALTER TYPE mood ADD VALUE 'meh';
             ALTER TYPE mood OWNER TO app;
             CREATE DOMAIN pos AS int;
             ALTER DOMAIN pos ADD CONSTRAINT pos_check CHECK (VALUE > 0);
             ALTER DOMAIN pos SET NOT NULL;
             ALTER DOMAIN pos SET DEFAULT 1;
             ALTER DOMAIN pos OWNER TO app;
             CREATE SCHEMA s; ALTER SCHEMA s OWNER TO app;",
        );
        assert_eq!(s.enums[0].values, ["sad", "ok", "happy", "great", "meh"]);
        let d = &s.domains[0];
        assert!(d.not_null);
        assert_eq!(d.default, Some(Expr::new("1")));
        assert_eq!(d.checks[0].name.as_deref(), Some("pos_check"));
    }

    #[test]
    fn alter_errors() {
        assert_eq!(
            parse_err(
                "CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;"
            ),
            "2:46: NOT VALID in a constraint is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;"),
            "2:15: ENABLE ROW LEVEL in ALTER TABLE is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN b SET NOT NULL;"),
            "2:28: ALTER COLUMN: column `b` does not exist in table `t`"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN a text;"),
            "2:26: column `a` already exists in table `t`"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint USING a::bigint;"),
            "2:42: USING in ALTER COLUMN .. TYPE is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TYPE e AS ENUM ('a');\nALTER TYPE e ADD VALUE 'b' AFTER 'zz';"),
            "2:28: enum `e` has no value 'zz'"
        );
        // IF EXISTS on an undeclared table does nothing, as in PostgreSQL.
        parse_ok("ALTER TABLE IF EXISTS nope ADD COLUMN a int;");
    }
}
