//! The objects around tables: `CREATE SCHEMA [IF NOT EXISTS]`, `CREATE
//! EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [CASCADE]`, `CREATE TYPE
//! .. AS ENUM (..)` and `CREATE DOMAIN` (type, DEFAULT, [NOT] NULL, CHECK,
//! COLLATE), plus the `ALTER DOMAIN` actions that edit a declared domain.

use super::constraint::{self, Constraint};
use super::names::{child, children, name_parts, string_value, Spanned};
use super::table::{collation, default_collation, default_expr, object_name};
use super::{same_name, ty, Builder, DIALECT};
use crate::ObjectKey;
use sluice_schema::{Domain, EnumType, Extension, Namespace};
use squawk_syntax::{SyntaxKind as K, SyntaxNode};

pub(super) fn create_schema(b: &mut Builder, stmt: &SyntaxNode) {
    let mut if_not_exists = false;
    let mut name_node = None;
    for el in children(stmt) {
        match el.kind() {
            K::CREATE_KW | K::SCHEMA_KW | K::SEMICOLON => {}
            K::IF_NOT_EXISTS => if_not_exists = true,
            K::NAMED_SCHEMA => {
                let Some(n) = el.as_node() else { continue };
                // `AUTHORIZATION role` names the owner: not in the model.
                name_node = child(n, K::SCHEMA);
            }
            K::AUTHORIZATION_SCHEMA => b.unsupported(
                &el,
                "CREATE SCHEMA AUTHORIZATION without a schema name",
                "name the schema: CREATE SCHEMA name",
            ),
            _ => b.unsupported(
                &el,
                "a statement inside CREATE SCHEMA",
                "end CREATE SCHEMA with `;` and write each statement on its own, with qualified names",
            ),
        }
    }
    let Some(name_node) = name_node else { return };
    let parts = name_parts(&name_node);
    let [name] = parts.as_slice() else {
        b.error(&name_node, "a schema name cannot be qualified", "write the bare schema name");
        return;
    };
    if DIALECT.default_schema() == Some(name.as_str()) {
        // The default schema always exists and is never listed.
        return;
    }
    if b.schema.namespaces.iter().any(|n| &n.name == name) {
        if !if_not_exists {
            b.error(
                &name_node,
                format!("schema `{name}` is declared twice"),
                "keep one CREATE SCHEMA",
            );
        }
        return;
    }
    b.schema.namespaces.push(Namespace { name: name.clone(), comment: None });
    b.record_origin(ObjectKey::Namespace(name.clone()), stmt);
}

pub(super) fn create_extension(b: &mut Builder, stmt: &SyntaxNode) {
    let mut if_not_exists = false;
    let mut name = None;
    let mut schema = None;
    for el in children(stmt) {
        match el.kind() {
            // CASCADE installs what the extension needs: how, not what.
            K::CREATE_KW | K::EXTENSION_KW | K::WITH_KW | K::CASCADE_KW | K::SEMICOLON => {}
            K::IF_NOT_EXISTS => if_not_exists = true,
            K::EXTENSION => name = el.as_node().map(|n| (name_parts(n).join("."), n.span())),
            K::EXTENSION_SCHEMA => {
                schema = el
                    .as_node()
                    .and_then(|n| child(n, K::SCHEMA_REF))
                    .map(|n| name_parts(&n).join("."));
            }
            K::EXTENSION_VERSION_CLAUSE => b.unsupported(
                &el,
                "pinning an extension VERSION",
                "remove VERSION: the server's default version is installed",
            ),
            _ => b.unexpected(&el, "CREATE EXTENSION"),
        }
    }
    let Some((name, at)) = name else { return };
    if b.schema.extensions.iter().any(|e| e.name == name) {
        if !if_not_exists {
            b.error(
                &at,
                format!("extension `{name}` is declared twice"),
                "keep one CREATE EXTENSION",
            );
        }
        return;
    }
    b.schema.extensions.push(Extension { name: name.clone(), schema });
    b.record_origin(ObjectKey::Extension(name), stmt);
}

/// `CREATE TYPE name AS ENUM ('a', ...)`; other kinds of types are reported.
pub(super) fn create_type(b: &mut Builder, stmt: &SyntaxNode) {
    let mut name_node = None;
    let mut values = None;
    let mut has_body = false;
    for el in children(stmt) {
        has_body |= !matches!(el.kind(), K::CREATE_KW | K::TYPE_KW | K::SEMICOLON | K::TYPE_NAME);
        match el.kind() {
            K::CREATE_KW | K::TYPE_KW | K::SEMICOLON => {}
            K::TYPE_NAME => name_node = el.into_node(),
            K::ENUM_TYPE => values = el.as_node().and_then(|n| enum_values(b, n)),
            K::COMPOSITE_TYPE => {
                b.unsupported(&el, "a composite type", "use a table, or JSON columns")
            }
            K::RANGE_TYPE => {
                b.unsupported(&el, "a range type", "create the type with a hand-written migration")
            }
            _ => b.unexpected(&el, "CREATE TYPE"),
        }
    }
    let Some(name_node) = name_node else { return };
    let Some(name) = object_name(b, &name_node, "type") else {
        return;
    };
    let Some(values) = values else {
        if !has_body {
            b.unsupported(
                stmt,
                "a shell type (CREATE TYPE without a definition)",
                "declare the type as an enum: CREATE TYPE name AS ENUM ('a', 'b')",
            );
        }
        return;
    };
    if b.schema.enums.iter().any(|e| same_name(&e.name, &name))
        || b.schema.domains.iter().any(|d| same_name(&d.name, &name))
    {
        b.error(
            &name_node,
            format!("type `{name}` is declared twice"),
            "keep one declaration of the type",
        );
        return;
    }
    b.schema.enums.push(EnumType { name: name.clone(), values, comment: None });
    b.record_origin(ObjectKey::Enum(name), stmt);
}

fn enum_values(b: &mut Builder, node: &SyntaxNode) -> Option<Vec<String>> {
    let list = child(node, K::VARIANT_LIST)?;
    let mut values: Vec<String> = Vec::new();
    for variant in list.children() {
        let value =
            variant.children().find(|c| c.kind() == K::LITERAL).and_then(|l| string_value(&l));
        match value {
            Some(v) if values.contains(&v) => {
                b.error(
                    &variant,
                    format!("enum value '{v}' is listed twice"),
                    "remove the repeated value",
                );
            }
            Some(v) => values.push(v),
            None => b.error(
                &variant,
                "an enum value must be a string literal",
                "quote the value: 'value'",
            ),
        }
    }
    Some(values)
}

pub(super) fn create_domain(b: &mut Builder, stmt: &SyntaxNode) {
    let Some(name_node) = child(stmt, K::DOMAIN) else {
        return;
    };
    let Some(name) = object_name(b, &name_node, "domain") else {
        return;
    };
    let Some(type_node) = ty::type_child(stmt) else {
        b.error(stmt, format!("domain `{name}` has no type"), "write CREATE DOMAIN name AS type");
        return;
    };
    let Some(ty) = ty::sql_type(b, &type_node) else {
        return;
    };
    let mut domain = Domain {
        name: name.clone(),
        ty,
        not_null: false,
        default: None,
        collation: None,
        checks: Vec::new(),
        comment: None,
    };
    for el in children(stmt) {
        let Some(n) = el.as_node() else {
            match el.kind() {
                K::CREATE_KW | K::DOMAIN_KW | K::AS_KW | K::SEMICOLON => {}
                _ => b.unexpected(&el, "CREATE DOMAIN"),
            }
            continue;
        };
        match el.kind() {
            K::DOMAIN => {}
            _ if n == &type_node => {}
            K::COLLATE => domain.collation = collation(n),
            _ => domain_constraint(b, &mut domain, n),
        }
    }
    if b.schema.domains.iter().any(|d| same_name(&d.name, &name))
        || b.schema.enums.iter().any(|e| same_name(&e.name, &name))
    {
        b.error(
            &name_node,
            format!("type `{name}` is declared twice"),
            "keep one declaration of the type",
        );
        return;
    }
    b.schema.domains.push(domain);
    b.record_origin(ObjectKey::Domain(name), stmt);
}

/// One of DEFAULT, NULL, NOT NULL, CHECK on a domain.
fn domain_constraint(b: &mut Builder, domain: &mut Domain, n: &SyntaxNode) {
    match n.kind() {
        K::DEFAULT_CONSTRAINT | K::SET_DEFAULT => {
            domain.default = default_expr(b, n);
            if let Some(c) = default_collation(n) {
                domain.collation = Some(c);
            }
        }
        K::DROP_DEFAULT => domain.default = None,
        K::NULL_CONSTRAINT | K::DROP_NOT_NULL => domain.not_null = false,
        K::NOT_NULL_CONSTRAINT | K::SET_NOT_NULL => domain.not_null = true,
        K::CHECK_CONSTRAINT => {
            if let Some(Constraint::Check(c)) = constraint::read(b, n, None) {
                domain.checks.push(c);
            }
        }
        _ => b.unexpected(&squawk_syntax::SyntaxElement::Node(n.clone()), "a domain"),
    }
}

/// An `ALTER DOMAIN` action on the domain named by `target`.
pub(super) fn alter_domain_action(b: &mut Builder, target: &SyntaxNode, action: &SyntaxNode) {
    let Some(name) = object_name(b, target, "domain") else {
        return;
    };
    let Some(di) = b.schema.domains.iter().position(|d| same_name(&d.name, &name)) else {
        b.missing(target, "domain", &name, "ALTER DOMAIN");
        return;
    };
    let mut domain = b.schema.domains.remove(di);
    if action.kind() == K::ADD_CONSTRAINT {
        for n in action.children() {
            domain_constraint(b, &mut domain, &n);
        }
    } else {
        domain_constraint(b, &mut domain, action);
    }
    b.schema.domains.insert(di, domain);
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok};
    use sluice_schema::{
        Check, Domain, EnumType, Expr, Extension, Namespace, QualifiedName, SqlType,
    };

    #[test]
    fn schemas_and_extensions() {
        let s = parse_ok(
            "CREATE SCHEMA app AUTHORIZATION owner_role;
             CREATE SCHEMA IF NOT EXISTS \"Audit\";
             CREATE SCHEMA IF NOT EXISTS app;
             CREATE SCHEMA public;
             CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public;
             CREATE EXTENSION pgcrypto SCHEMA app CASCADE;
             CREATE EXTENSION citext;",
        );
        assert_eq!(
            s.namespaces,
            vec![
                Namespace { name: "app".into(), comment: None },
                Namespace { name: "Audit".into(), comment: None },
            ],
            "public is implicit"
        );
        assert_eq!(
            s.extensions,
            vec![
                Extension { name: "uuid-ossp".into(), schema: Some("public".into()) },
                Extension { name: "pgcrypto".into(), schema: Some("app".into()) },
                Extension { name: "citext".into(), schema: None },
            ]
        );
        assert_eq!(
            parse_err("CREATE SCHEMA a;\nCREATE SCHEMA a;"),
            "2:15: schema `a` is declared twice"
        );
        assert_eq!(
            parse_err("CREATE EXTENSION hstore VERSION '1.4';"),
            "1:25: pinning an extension VERSION is not supported in schema files yet"
        );
    }

    #[test]
    fn enums() {
        let s = parse_ok("CREATE TYPE app.Mood AS ENUM ('sad', 'o''k', E'h\\u00e9', '');");
        assert_eq!(
            s.enums,
            vec![EnumType {
                name: QualifiedName::new(Some("app"), "mood"),
                values: vec!["sad".into(), "o'k".into(), "hé".into(), "".into()],
                comment: None,
            }]
        );
        assert_eq!(
            parse_err("CREATE TYPE e AS ENUM ('a', 'a');"),
            "1:29: enum value 'a' is listed twice"
        );
        assert_eq!(
            parse_err("CREATE TYPE c AS (a int, b text);"),
            "1:15: a composite type is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TYPE e AS ENUM ('a');\nCREATE TYPE e AS ENUM ('b');"),
            "2:13: type `e` is declared twice"
        );
    }

    #[test]
    fn domains() {
        let s = parse_ok(
            "CREATE DOMAIN email AS varchar(255) COLLATE \"C\" DEFAULT 'x@y' NOT NULL
                 CONSTRAINT email_at CHECK (VALUE LIKE '%@%') CHECK (length(VALUE) > 3);
             CREATE DOMAIN app.n int NULL;",
        );
        assert_eq!(
            s.domains[0],
            Domain {
                name: QualifiedName::bare("email"),
                ty: SqlType::Varchar { length: Some(255) },
                not_null: true,
                default: Some(Expr::new("'x@y'")),
                collation: Some("C".into()),
                checks: vec![
                    Check {
                        name: Some("email_at".into()),
                        expr: Expr::new("value like '%@%'"),
                        no_inherit: false
                    },
                    Check { name: None, expr: Expr::new("length(value) > 3"), no_inherit: false },
                ],
                comment: None,
            }
        );
        assert_eq!(s.domains[1].name, QualifiedName::new(Some("app"), "n"));
        assert!(!s.domains[1].not_null);
    }
}
