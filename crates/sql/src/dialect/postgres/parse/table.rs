//! `CREATE [UNLOGGED] TABLE [IF NOT EXISTS]` and column definitions (also
//! used by `ALTER TABLE .. ADD COLUMN`): type, NULL / NOT NULL, DEFAULT,
//! GENERATED ALWAYS AS (..) STORED, identity, COLLATE, and the key and check
//! constraints written on a column, which become table-level entries. Rename
//! hints on table and column names are collected here.

use super::constraint::{self, Constraint};
use super::names::{all_children, child, children, inner_span, is_trivia, name_parts, Spanned};
use super::{qualified_from_parts, sequence, ty, Builder};
use crate::{annotations, ObjectKey, Span};
use sluice_schema::{Column, Generated, Identity, QualifiedName, Table, TableOptions};
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode};

pub(super) fn create_table(b: &mut Builder, stmt: &SyntaxNode) {
    let mut name_node = None;
    let mut if_not_exists = false;
    let mut args = None;
    let mut options = TableOptions::default();
    for el in children(stmt) {
        match el.kind() {
            K::CREATE_KW | K::TABLE_KW | K::SEMICOLON => {}
            K::TABLE_NAME => name_node = el.into_node(),
            K::IF_NOT_EXISTS => if_not_exists = true,
            K::UNLOGGED => options.unlogged = true,
            K::TABLE_ARG_LIST => args = el.into_node(),
            _ => b.unexpected(&el, "CREATE TABLE"),
        }
    }
    let Some(name_node) = name_node else {
        b.error(stmt, "CREATE TABLE without a table name", "name the table");
        return;
    };
    let Some(name) = object_name(b, &name_node, "table") else {
        return;
    };
    if let Some(existing) = b.find_table(&name).map(|i| &b.schema.tables[i]) {
        if !if_not_exists {
            let at = b.origins.get(&ObjectKey::Table(existing.name.clone())).cloned();
            let where_ =
                at.map(|o| format!(" (first declared at {})", b.location(&o))).unwrap_or_default();
            b.error(
                &name_node,
                format!("table `{name}` is declared twice{where_}"),
                "keep one CREATE TABLE per table; change it with ALTER TABLE or edit the first one",
            );
        }
        return;
    }
    let mut table = Table::new(name.clone());
    table.options = options;
    let elements: Vec<SyntaxNode> = args.map(|a| a.children().collect()).unwrap_or_default();
    table.columns.reserve_exact(elements.iter().filter(|e| e.kind() == K::COLUMN).count());
    let first_element = elements.first().map(|e| e.span().start);
    if let Some(old) = rename_hint(b, name_node.span().start, stmt.span().start, first_element) {
        let old = old_qualified(&old, &name);
        b.hints.tables.push((old, name.clone()));
    }
    let mut constraints = Vec::new();
    for (i, el) in elements.iter().enumerate() {
        let next = elements.get(i + 1).map(|e| e.span().start);
        match el.kind() {
            K::COLUMN => {
                let Some(def) = column_def(b, el, &name, next) else {
                    continue;
                };
                if table.column(&def.column.name).is_some() {
                    b.error(
                        &def.name_span,
                        format!("column `{}` is declared twice in table `{name}`", def.column.name),
                        "remove or rename one of them",
                    );
                    continue;
                }
                table.columns.push(def.column);
                constraints.extend(def.constraints);
            }
            k if constraint::is_constraint(k) => {
                if let Some(c) = constraint::read(b, el, None) {
                    constraints.push((c, el.clone()));
                }
            }
            _ => b.unexpected(&SyntaxElement::Node(el.clone()), "CREATE TABLE"),
        }
    }
    // Table constraints may name columns declared after them: attach them last.
    for (c, at) in constraints {
        constraint::apply(b, &mut table, c, &at);
    }
    b.push_table(table);
    b.record_origin(ObjectKey::Table(name), stmt);
}

/// A name node (`TABLE_NAME`, `TYPE_NAME`, ...) as a qualified name;
/// reported when it has more than two parts.
pub(super) fn object_name(b: &mut Builder, node: &SyntaxNode, kind: &str) -> Option<QualifiedName> {
    let parts = name_parts(node);
    let q = qualified_from_parts(&parts);
    if q.is_none() {
        b.error(
            node,
            format!("{kind} name `{}` has too many parts", b.src(node)),
            format!(
                "write the {kind} name as `name` or `schema.name` (database names are not allowed)"
            ),
        );
    }
    q
}

/// The old name declared by a rename comment for the name starting at
/// `name_start`, which belongs to a construct (statement, column) starting
/// at `owner_start`. Comment lines above count only when the construct
/// starts its line. A comment at the end of a line belongs to the last name
/// on that line: when the next element (`limit`) starts on the same line,
/// the search stops there. Positions are the syntax tree's (see
/// [`Builder::abs`]).
pub(super) fn rename_hint(
    b: &Builder,
    name_start: usize,
    owner_start: usize,
    limit: Option<usize>,
) -> Option<String> {
    if !b.file_has_hints {
        return None;
    }
    let (name_start, owner_start) = (b.base + name_start, b.base + owner_start);
    let limit = limit.map(|l| b.base + l);
    let text = b.text();
    let text = match limit {
        Some(l) if l > name_start && !text.get(name_start..l).unwrap_or("\n").contains('\n') => {
            &text[..l]
        }
        _ => text,
    };
    let owner_line = text.get(..owner_start)?.rfind('\n').map_or(0, |i| i + 1);
    if text[owner_line..owner_start].trim().is_empty() {
        return annotations::renamed_from(text, name_start);
    }
    // Only the same line: cut the text at the start of the name's line.
    let name_line = text.get(..name_start)?.rfind('\n').map_or(0, |i| i + 1);
    annotations::renamed_from(&text[name_line..], name_start - name_line)
}

/// An old table name from a hint: `old` lives in the new name's schema,
/// `s.old` in `s`.
pub(super) fn old_qualified(old: &str, new: &QualifiedName) -> QualifiedName {
    match old.rsplit_once('.') {
        Some((schema, name)) => QualifiedName::new(Some(schema), name),
        None => new.sibling(old),
    }
}

/// A column definition and the constraints written on it.
pub(super) struct ColumnDef {
    pub column: Column,
    pub constraints: Vec<(Constraint, SyntaxNode)>,
    pub if_not_exists: bool,
    pub name_span: Span,
}

/// Read a `COLUMN` node (or `ALTER TABLE .. ADD COLUMN`) of table `table`.
/// `next` is where the next element of the list starts (for rename hints).
pub(super) fn column_def(
    b: &mut Builder,
    node: &SyntaxNode,
    table: &QualifiedName,
    next: Option<usize>,
) -> Option<ColumnDef> {
    let Some(name_node) = child(node, K::COLUMN_NAME) else {
        b.error(node, "column definition without a name", "name the column");
        return None;
    };
    let name = super::names::last_part(&name_node);
    let Some(type_node) = ty::type_child(node) else {
        b.error(
            node,
            format!("column `{name}` has no type"),
            "write the column's type after its name",
        );
        return None;
    };
    let ty = ty::sql_type(b, &type_node)?;
    let mut column = Column::new(&name, ty);
    let mut constraints = Vec::new();
    let mut if_not_exists = false;
    let mut said_null: Option<(bool, Span)> = None;
    let mut default_at = None;
    for el in children(node) {
        let Some(n) = el.as_node() else {
            match el.kind() {
                K::ADD_KW | K::COLUMN_KW => {}
                _ => b.unexpected(&el, "a column definition"),
            }
            continue;
        };
        match el.kind() {
            K::COLUMN_NAME => {}
            _ if n == &type_node => {}
            K::IF_NOT_EXISTS => if_not_exists = true,
            K::NOT_NULL_CONSTRAINT | K::NULL_CONSTRAINT => {
                let not_null = el.kind() == K::NOT_NULL_CONSTRAINT;
                check_plain_options(b, n, &[K::NOT_KW, K::NULL_KW]);
                if let Some((prev, _)) = said_null {
                    if prev != not_null {
                        b.error(
                            n,
                            format!("column `{name}` is declared both NULL and NOT NULL"),
                            "keep one of them",
                        );
                    }
                }
                said_null = Some((not_null, n.span()));
                column.nullable = !not_null;
            }
            K::DEFAULT_CONSTRAINT => {
                check_plain_options(b, n, &[K::DEFAULT_KW]);
                column.default = default_expr(b, n);
                if let Some(c) = default_collation(n) {
                    column.collation = Some(c);
                }
                default_at = Some(n.span());
            }
            K::GENERATED_CONSTRAINT => generated(b, n, table, &mut column),
            K::COLLATE => column.collation = collation(n),
            k if constraint::is_constraint(k) => {
                if let Some(c) = constraint::read(b, n, Some(&name)) {
                    constraints.push((c, n.clone()));
                }
            }
            _ => b.unexpected(&el, "a column definition"),
        }
    }
    if column.identity.is_some() || column.generated.is_some() {
        if let Some(at) = default_at {
            b.error(
                &at,
                format!("column `{name}` has both a DEFAULT and a GENERATED clause"),
                "keep one: a generated or identity column computes its own value",
            );
        }
    }
    if column.identity.is_some() || column.ty.is_serial() {
        if let Some((false, at)) = said_null {
            b.error(
                &at,
                format!("column `{name}` cannot be NULL: identity and serial columns are NOT NULL"),
                "remove NULL",
            );
        }
        column.nullable = false;
    }
    if let Some(old) = rename_hint(b, name_node.span().start, node.span().start, next) {
        b.hints.columns.push((table.clone(), old, name.clone()));
    }
    Some(ColumnDef { column, constraints, if_not_exists, name_span: name_node.span() })
}

/// Constraint names and deferrability on NULL / NOT NULL / DEFAULT carry no
/// meaning (PostgreSQL discards them); anything else there is reported.
fn check_plain_options(b: &mut Builder, node: &SyntaxNode, keywords: &[K]) {
    let plain = |k: K| {
        matches!(k, K::CONSTRAINT_NAME_CLAUSE | K::NOT_DEFERRABLE_CONSTRAINT_OPTION)
            || keywords.contains(&k)
            || is_trivia(k)
            || node.kind() == K::DEFAULT_CONSTRAINT
    };
    // Nearly always so: then no cursor per child is needed.
    if all_children(node, plain) {
        return;
    }
    for el in children(node) {
        match el.kind() {
            K::CONSTRAINT_NAME_CLAUSE | K::NOT_DEFERRABLE_CONSTRAINT_OPTION => {}
            k if keywords.contains(&k) => {}
            // the DEFAULT expression itself
            _ if node.kind() == K::DEFAULT_CONSTRAINT => {}
            _ => b.unexpected(&el, "a column constraint"),
        }
    }
}

/// In `DEFAULT 'x' COLLATE "C"` the collation is the column's (PostgreSQL
/// reads DEFAULT's value as an expression without COLLATE), but squawk
/// takes it into the expression: the expression node of DEFAULT, and the
/// collation node when there is one.
fn split_default(node: &SyntaxNode) -> (Option<SyntaxNode>, Option<SyntaxNode>) {
    let value = node.children().find(|c| c.kind() != K::CONSTRAINT_NAME_CLAUSE);
    match value {
        Some(v) if v.kind() == K::COLLATE => (v.children().next(), Some(v)),
        v => (v, None),
    }
}

/// The collation written after a DEFAULT value.
pub(super) fn default_collation(node: &SyntaxNode) -> Option<String> {
    split_default(node).1.and_then(|c| collation(&c))
}

/// The expression after `DEFAULT`, normalized.
pub(super) fn default_expr(b: &mut Builder, node: &SyntaxNode) -> Option<sluice_schema::Expr> {
    let span = match split_default(node) {
        (Some(value), Some(_)) => Some(value.span()),
        _ => inner_span(node, Some(K::DEFAULT_KW), &[]),
    };
    match span {
        Some(span) => Some(b.expr(&span)),
        None => {
            b.error(node, "DEFAULT without a value", "write DEFAULT followed by an expression");
            None
        }
    }
}

/// `GENERATED ALWAYS AS (expr) STORED` and `GENERATED .. AS IDENTITY`.
fn generated(b: &mut Builder, node: &SyntaxNode, table: &QualifiedName, column: &mut Column) {
    for el in children(node) {
        match el.kind() {
            K::GENERATED_KW | K::CONSTRAINT_NAME_CLAUSE => {}
            K::GENERATED_IDENTITY => {
                if let Some(n) = el.as_node() {
                    column.identity = identity(b, n, table, &column.name).map(Box::new);
                }
            }
            K::GENERATED_STORED => {
                if let Some(n) = el.as_node() {
                    column.generated = generated_expr(b, n).map(Box::new);
                }
            }
            _ => b.unexpected(&el, "a GENERATED clause"),
        }
    }
}

/// `{ALWAYS | BY DEFAULT} AS IDENTITY [( options )]`, in a column definition
/// or `ALTER COLUMN .. ADD GENERATED`.
pub(super) fn identity(
    b: &mut Builder,
    node: &SyntaxNode,
    table: &QualifiedName,
    column: &str,
) -> Option<Identity> {
    let mut always = false;
    let mut options = Default::default();
    for el in children(node) {
        match el.kind() {
            K::GENERATED_ALWAYS => always = true,
            K::GENERATED_BY_DEFAULT | K::AS_KW | K::IDENTITY_KW | K::ADD_KW | K::GENERATED_KW => {}
            K::SEQUENCE_OPTION_LIST => {
                let n = el.as_node()?;
                options = sequence::identity_options(b, n, table, column);
            }
            _ => b.unexpected(&el, "an identity clause"),
        }
    }
    Some(Identity { always, options })
}

fn generated_expr(b: &mut Builder, node: &SyntaxNode) -> Option<Generated> {
    let mut stored = false;
    let mut in_parens = false;
    for el in children(node) {
        if in_parens {
            in_parens = el.kind() != K::R_PAREN;
            continue;
        }
        match el.kind() {
            K::GENERATED_ALWAYS | K::AS_KW => {}
            K::L_PAREN => in_parens = true,
            K::STORED => stored = true,
            K::VIRTUAL => stored = false,
            K::GENERATED_BY_DEFAULT => {
                b.error(
                    &el,
                    "a generated column must be GENERATED ALWAYS",
                    "write GENERATED ALWAYS AS (..)",
                );
            }
            _ => b.unexpected(&el, "a generated column"),
        }
    }
    let Some(span) = inner_span(node, Some(K::L_PAREN), &[K::R_PAREN]) else {
        b.error(
            node,
            "GENERATED ALWAYS AS needs an expression",
            "write GENERATED ALWAYS AS (expression) STORED",
        );
        return None;
    };
    Some(Generated { expr: b.expr(&span), stored })
}

/// `COLLATE name`: the collation's name, with the database default
/// (`"default"`) as `None` and `pg_catalog.` left out.
pub(super) fn collation(node: &SyntaxNode) -> Option<String> {
    let name = node.children().find(|c| c.kind() == K::COLLATION_REF)?;
    let mut parts = name_parts(&name);
    if parts.len() == 2 && parts[0] == "pg_catalog" {
        parts.remove(0);
    }
    let joined = parts.join(".");
    (joined != "default").then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok, parse_one};
    use sluice_schema::{Expr, QualifiedName, SequenceOptions, SqlType};

    #[test]
    fn columns_of_common_types() {
        let s = parse_ok(
            "CREATE TABLE t (
                a int, b INT4, c bigint, d smallint, e numeric(10, 2), f real, g double precision,
                h text, i varchar(20), j character varying, k char(3), l boolean, m date,
                n timestamp(3) with time zone, o timestamptz, p time, q interval day to second,
                r uuid, s json, t jsonb, u bytea, v text[], w int[][], x integer ARRAY,
                y inet, z \"Mood\", aa public.mood, ab pg_catalog.int8, ac serial, ad bigserial
            );",
        );
        let t = &s.tables[0];
        let ty = |name: &str| t.column(name).unwrap_or_else(|| panic!("column {name}")).ty.clone();
        use SqlType::*;
        assert_eq!(ty("a"), Integer);
        assert_eq!(ty("b"), Integer);
        assert_eq!(ty("c"), BigInt);
        assert_eq!(ty("d"), SmallInt);
        assert_eq!(ty("e"), Numeric { precision: Some(10), scale: Some(2) });
        assert_eq!(ty("f"), Real);
        assert_eq!(ty("g"), Double);
        assert_eq!(ty("h"), Text);
        assert_eq!(ty("i"), Varchar { length: Some(20) });
        assert_eq!(ty("j"), Varchar { length: None });
        assert_eq!(ty("k"), Char { length: Some(3) });
        assert_eq!(ty("l"), Boolean);
        assert_eq!(ty("m"), Date);
        assert_eq!(ty("n"), Timestamp { precision: Some(3), with_time_zone: true });
        assert_eq!(ty("o"), Timestamp { precision: None, with_time_zone: true });
        assert_eq!(ty("p"), Time { precision: None, with_time_zone: false });
        assert_eq!(ty("q"), Interval { fields: Some("day to second".into()), precision: None });
        assert_eq!(ty("r"), Uuid);
        assert_eq!(ty("s"), Json);
        assert_eq!(ty("t"), Jsonb);
        assert_eq!(ty("u"), Bytea);
        assert_eq!(ty("v"), Array { element: Box::new(Text), dims: 1 });
        assert_eq!(ty("w"), Array { element: Box::new(Integer), dims: 2 });
        assert_eq!(ty("x"), Array { element: Box::new(Integer), dims: 1 });
        assert_eq!(ty("y"), Other { name: "inet".into() });
        assert_eq!(ty("z"), Named { name: QualifiedName::bare("Mood") });
        assert_eq!(ty("aa"), Named { name: QualifiedName::new(Some("public"), "mood") });
        assert_eq!(ty("ab"), BigInt);
        assert_eq!(ty("ac"), Serial);
        assert!(!t.column("ac").unwrap().nullable, "serial columns are NOT NULL");
        assert_eq!(ty("ad"), BigSerial);
    }

    #[test]
    fn column_clauses() {
        let s = parse_ok(
            "CREATE UNLOGGED TABLE IF NOT EXISTS app.t (
                id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2),
                n int GENERATED BY DEFAULT AS IDENTITY,
                a text NOT NULL DEFAULT ( 'x' ) COLLATE \"C\",
                b numeric NULL DEFAULT 0,
                c timestamptz DEFAULT NOW(),
                d text GENERATED ALWAYS AS (lower(a) || 'x') STORED,
                e text COLLATE pg_catalog.\"default\",
                f int CONSTRAINT f_nn NOT NULL
            );",
        );
        let t = &s.tables[0];
        assert_eq!(t.name, QualifiedName::new(Some("app"), "t"));
        assert!(t.options.unlogged);
        let id = t.column("id").unwrap();
        let ident = id.identity.as_ref().expect("identity");
        assert!(ident.always);
        assert_eq!(
            ident.options,
            SequenceOptions { start: Some(10), increment: Some(2), ..Default::default() }
        );
        assert!(!id.nullable, "identity columns are NOT NULL");
        let n = t.column("n").unwrap();
        assert!(!n.identity.as_ref().unwrap().always);
        let a = t.column("a").unwrap();
        assert!(!a.nullable);
        assert_eq!(a.default, Some(Expr::new("'x'")));
        assert_eq!(a.collation.as_deref(), Some("C"));
        let b = t.column("b").unwrap();
        assert!(b.nullable);
        assert_eq!(b.default, Some(Expr::new("0")));
        assert_eq!(t.column("c").unwrap().default, Some(Expr::new("now()")));
        let d = t.column("d").unwrap().generated.as_ref().expect("generated");
        assert_eq!(d.expr, Expr::new("lower(a) || 'x'"));
        assert!(d.stored);
        assert_eq!(t.column("e").unwrap().collation, None, "the default collation is no collation");
        assert!(!t.column("f").unwrap().nullable);
    }

    #[test]
    fn identifiers_fold_unless_quoted() {
        let s = parse_ok("CREATE TABLE Users (\"Id\" int, Name text, \"select\" int);");
        let t = &s.tables[0];
        assert_eq!(t.name, QualifiedName::bare("users"));
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Id", "name", "select"]);
        let s = parse_ok("CREATE TABLE \"Public\".\"T\" (a int);");
        assert_eq!(s.tables[0].name, QualifiedName::new(Some("Public"), "T"));
    }

    #[test]
    fn unqualified_names_stay_unqualified() {
        let s = parse_ok("CREATE TABLE t (a int); CREATE TABLE public.u (a int);");
        assert_eq!(s.tables.iter().find(|t| t.name.name == "t").unwrap().name.schema, None);
        assert_eq!(
            s.tables.iter().find(|t| t.name.name == "u").unwrap().name.schema.as_deref(),
            Some("public")
        );
    }

    #[test]
    fn duplicates_are_reported() {
        assert_eq!(
            parse_err("CREATE TABLE t (a int);\nCREATE TABLE public.t (b int);"),
            "2:14: table `public.t` is declared twice (first declared at schema.sql:1:1)"
        );
        // IF NOT EXISTS keeps the first, as PostgreSQL does.
        let s = parse_ok("CREATE TABLE t (a int);\nCREATE TABLE IF NOT EXISTS t (b int);");
        assert_eq!(s.tables[0].columns[0].name, "a");
        assert_eq!(
            parse_err("CREATE TABLE t (a int,\n a text);"),
            "2:2: column `a` is declared twice in table `t`"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int NULL NOT NULL);"),
            "1:28: column `a` is declared both NULL and NOT NULL"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int DEFAULT 1 GENERATED ALWAYS AS IDENTITY);"),
            "1:23: column `a` has both a DEFAULT and a GENERATED clause"
        );
    }

    #[test]
    fn unsupported_table_clauses_are_located() {
        assert_eq!(
            parse_err("CREATE TABLE t (a int)\n  PARTITION BY RANGE (a);"),
            "2:3: PARTITION BY RANGE in CREATE TABLE is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TEMP TABLE t (a int);"),
            "1:8: TEMP in CREATE TABLE is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int) WITH (fillfactor = 70);"),
            "1:24: WITH in CREATE TABLE is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (LIKE u INCLUDING ALL);"),
            "1:17: LIKE in CREATE TABLE is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a text STORAGE EXTERNAL);"),
            "1:24: STORAGE EXTERNAL in a column definition is not supported in schema files yet"
        );
        let p = parse_one("CREATE TABLE t (a int) INHERITS (p);");
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].help.as_deref().unwrap_or("").contains("inheritance"));
        // The table itself is still read, so later statements do not cascade.
        assert_eq!(p.schema.tables.len(), 1);
    }

    #[test]
    fn rename_hints_on_tables_and_columns() {
        let p = parse_one(
            "CREATE TABLE accounts ( -- @renamed from=old_accounts
                id bigint NOT NULL PRIMARY KEY,
                username varchar(100) NOT NULL, -- @renamed from=user_name
                -- sluice:renamed-from \"Email\"
                email text,
                age int
            );
            -- sluice:renamed-from legacy.people
            CREATE TABLE app.persons (a int, b int); -- @renamed from=x",
        );
        assert!(p.errors.is_empty());
        let h = &p.hints;
        assert_eq!(
            h.tables,
            vec![
                (QualifiedName::bare("old_accounts"), QualifiedName::bare("accounts")),
                (
                    QualifiedName::new(Some("legacy"), "people"),
                    QualifiedName::new(Some("app"), "persons")
                ),
            ]
        );
        let t = QualifiedName::bare("accounts");
        let persons = QualifiedName::new(Some("app"), "persons");
        assert_eq!(
            h.columns,
            vec![
                (t.clone(), "user_name".to_string(), "username".to_string()),
                (t, "Email".to_string(), "email".to_string()),
                // an end-of-line hint belongs to the last name on the line
                (persons, "x".to_string(), "b".to_string()),
            ]
        );
    }
}
