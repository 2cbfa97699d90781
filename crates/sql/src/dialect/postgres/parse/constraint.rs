//! Keys and checks: `PRIMARY KEY`, `UNIQUE [NULLS NOT DISTINCT]`,
//! `REFERENCES` / `FOREIGN KEY` (actions, `MATCH FULL`, deferrability),
//! `CHECK (..) [NO INHERIT]` and the table-level `NOT NULL col`, written on a
//! column, in a table's element list or in `ALTER TABLE .. ADD`. Column
//! constraints become table-level entries of the model; applying them to a
//! table checks the columns they name exist.

use super::names::{child, children, inner_span, last_part, name_parts, Spanned};
use super::{push_short, qualified_from_parts, Builder};
use crate::Span;
use sluice_schema::{Check, Deferrable, FkAction, ForeignKey, PrimaryKey, Table, Unique};
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode};

/// A constraint read from the tree, not yet attached to its table.
#[derive(Debug)]
pub(super) enum Constraint {
    PrimaryKey(PrimaryKey),
    Unique(Unique),
    ForeignKey(ForeignKey),
    Check(Check),
    /// `NOT NULL col` as a table constraint (PostgreSQL 18).
    NotNull(String),
}

/// Whether a node is one of the constraints [`read`] understands (or
/// reports): everything in a table element list that is not a column.
pub(super) fn is_constraint(kind: K) -> bool {
    matches!(
        kind,
        K::PRIMARY_KEY_CONSTRAINT
            | K::UNIQUE_CONSTRAINT
            | K::FOREIGN_KEY_CONSTRAINT
            | K::REFERENCES_CONSTRAINT
            | K::CHECK_CONSTRAINT
            | K::NOT_NULL_CONSTRAINT
            | K::EXCLUDE_CONSTRAINT
    )
}

/// `DEFERRABLE`, `NOT DEFERRABLE`, `INITIALLY ...` as written.
#[derive(Default)]
struct Deferral {
    deferrable: Option<bool>,
    initially_deferred: Option<bool>,
    /// The first option seen, for messages.
    at: Option<Span>,
}

impl Deferral {
    fn read(&mut self, el: &SyntaxElement) -> bool {
        match el.kind() {
            K::DEFERRABLE_CONSTRAINT_OPTION => self.deferrable = Some(true),
            K::NOT_DEFERRABLE_CONSTRAINT_OPTION => self.deferrable = Some(false),
            K::INITIALLY_DEFERRED_CONSTRAINT_OPTION => self.initially_deferred = Some(true),
            K::INITIALLY_IMMEDIATE_CONSTRAINT_OPTION => self.initially_deferred = Some(false),
            _ => return false,
        }
        self.at.get_or_insert(el.span());
        true
    }

    fn resolve(&self, b: &mut Builder) -> Deferrable {
        match (self.deferrable, self.initially_deferred) {
            (Some(false), Some(true)) => {
                let at = self.at.unwrap_or_default();
                b.error(
                    &at,
                    "a constraint declared INITIALLY DEFERRED must be DEFERRABLE",
                    "write DEFERRABLE INITIALLY DEFERRED, or drop INITIALLY DEFERRED",
                );
                Deferrable::NotDeferrable
            }
            (_, Some(true)) => Deferrable::InitiallyDeferred,
            (Some(true), _) => Deferrable::InitiallyImmediate,
            _ => Deferrable::NotDeferrable,
        }
    }
}

/// Read one constraint node. `column` is the column it is written on, for
/// column constraints. Unsupported parts are reported; `None` when nothing
/// usable remains.
pub(super) fn read(b: &mut Builder, node: &SyntaxNode, column: Option<&str>) -> Option<Constraint> {
    let kind = node.kind();
    if kind == K::EXCLUDE_CONSTRAINT {
        b.unsupported(node, "an EXCLUDE constraint", super::clause_help(kind));
        return None;
    }
    let mut name = None;
    let mut deferral = Deferral::default();
    let mut columns: Option<Vec<String>> = None;
    let mut nulls_not_distinct = false;
    let mut no_inherit = false;
    let mut fk_lists: Vec<Vec<String>> = Vec::new();
    let mut ref_table = None;
    let mut ref_columns: Vec<String> = Vec::new();
    let mut on_delete = FkAction::NoAction;
    let mut on_update = FkAction::NoAction;
    let mut match_full = false;
    // Between the parentheses of CHECK (..): the expression, read below.
    let mut in_check_parens = false;
    for el in children(node) {
        if in_check_parens {
            in_check_parens = el.kind() != K::R_PAREN;
            continue;
        }
        if deferral.read(&el) {
            continue;
        }
        match el.kind() {
            K::CONSTRAINT_NAME_CLAUSE => {
                name =
                    el.as_node().and_then(|n| child(n, K::CONSTRAINT_NAME)).map(|n| last_part(&n));
            }
            K::L_PAREN if kind == K::CHECK_CONSTRAINT => in_check_parens = true,
            K::PRIMARY_KW
            | K::KEY_KW
            | K::UNIQUE_KW
            | K::CHECK_KW
            | K::FOREIGN_KW
            | K::REFERENCES_KW
            | K::NOT_KW
            | K::NULL_KW
            | K::L_PAREN
            | K::R_PAREN
            | K::COMMA
            | K::ENFORCED
            | K::INHERIT
            | K::MATCH_SIMPLE => {}
            K::NO_INHERIT => no_inherit = true,
            K::MATCH_FULL => match_full = true,
            K::INDEX_PARAMETERS => {
                let n = el.as_node().cloned()?;
                for p in children(&n) {
                    match p.kind() {
                        K::CONSTRAINT_COLUMN_REF_LIST => {
                            columns = Some(column_names(b, p.as_node()?));
                        }
                        K::NULLS_NOT_DISTINCT if kind == K::UNIQUE_CONSTRAINT => {
                            nulls_not_distinct = true
                        }
                        K::NULLS_DISTINCT => {}
                        _ => b.unexpected(&p, "a key constraint"),
                    }
                }
            }
            K::FOREIGN_KEY_COLUMN_LIST => fk_lists.push(column_names(b, el.as_node()?)),
            K::TABLE_NAME_REF => {
                let n = el.as_node()?;
                match qualified_from_parts(&name_parts(n)) {
                    Some(q) => ref_table = Some(q),
                    None => {
                        b.error(
                            n,
                            "the referenced table name has too many parts",
                            "write `table` or `schema.table`",
                        );
                        return None;
                    }
                }
            }
            // `REFERENCES t (c)` on a column; `NOT NULL c` as a table constraint.
            K::COLUMN_NAME_REF | K::NAME_REF => {
                let n = el.as_node()?;
                if kind == K::NOT_NULL_CONSTRAINT {
                    columns = Some(vec![last_part(n)]);
                } else {
                    push_short(&mut ref_columns, last_part(n));
                }
            }
            K::ON_DELETE_ACTION => on_delete = action(b, el.as_node()?)?,
            K::ON_UPDATE_ACTION => on_update = action(b, el.as_node()?)?,
            _ => b.unexpected(&el, "a constraint"),
        }
    }
    let deferrable = deferral.resolve(b);
    let columns = match (column, columns) {
        (_, Some(list)) => list,
        (Some(c), None) => vec![c.to_string()],
        (None, None) if kind == K::FOREIGN_KEY_CONSTRAINT => {
            fk_lists.first().cloned().unwrap_or_default()
        }
        (None, None) => Vec::new(),
    };
    let not_deferrable_here = |b: &mut Builder, what: &str| {
        if deferrable != Deferrable::NotDeferrable {
            let at = deferral.at.unwrap_or_else(|| node.span());
            b.unsupported(
                &at,
                &format!("a DEFERRABLE {what}"),
                "remove the DEFERRABLE / INITIALLY clause",
            );
        }
    };
    match kind {
        K::PRIMARY_KEY_CONSTRAINT => {
            not_deferrable_here(b, "primary key");
            Some(Constraint::PrimaryKey(PrimaryKey { name, columns, autoincrement: false }))
        }
        K::UNIQUE_CONSTRAINT => {
            Some(Constraint::Unique(Unique { name, columns, nulls_not_distinct, deferrable }))
        }
        K::FOREIGN_KEY_CONSTRAINT | K::REFERENCES_CONSTRAINT => {
            let ref_table = ref_table?;
            let ref_columns = match kind {
                K::FOREIGN_KEY_CONSTRAINT => fk_lists.get(1).cloned().unwrap_or_default(),
                _ => ref_columns,
            };
            Some(Constraint::ForeignKey(ForeignKey {
                name,
                columns,
                ref_table,
                ref_columns,
                on_delete,
                on_update,
                deferrable,
                match_full,
            }))
        }
        K::CHECK_CONSTRAINT => {
            not_deferrable_here(b, "CHECK constraint");
            let Some(span) = inner_span(node, Some(K::L_PAREN), &[K::R_PAREN]) else {
                b.error(node, "CHECK needs an expression", "write CHECK (condition)");
                return None;
            };
            let expr = b.expr(&span);
            Some(Constraint::Check(Check { name, expr, no_inherit }))
        }
        K::NOT_NULL_CONSTRAINT => {
            let column = columns.into_iter().next()?;
            Some(Constraint::NotNull(column))
        }
        _ => {
            b.unexpected(&SyntaxElement::Node(node.clone()), "a table definition");
            None
        }
    }
}

/// The columns named in a parenthesized list; anything else in it
/// (`WITHOUT OVERLAPS`, `PERIOD col`) is reported.
pub(super) fn column_names(b: &mut Builder, list: &SyntaxNode) -> Vec<String> {
    let mut names = Vec::new();
    for el in children(list) {
        match el.kind() {
            K::L_PAREN | K::R_PAREN | K::COMMA => {}
            K::COLUMN_NAME_REF | K::NAME_REF | K::COLUMN_NAME => {
                if let Some(n) = el.as_node() {
                    push_short(&mut names, last_part(n));
                }
            }
            _ => b.unexpected(&el, "a column list"),
        }
    }
    names
}

/// `ON DELETE CASCADE` and friends.
fn action(b: &mut Builder, node: &SyntaxNode) -> Option<FkAction> {
    for el in children(node) {
        let a = match el.kind() {
            K::ON_KW | K::DELETE_KW | K::UPDATE_KW => continue,
            K::NO_ACTION => FkAction::NoAction,
            K::RESTRICT => FkAction::Restrict,
            K::CASCADE => FkAction::Cascade,
            K::SET_NULL_COLUMNS | K::SET_DEFAULT_COLUMNS => {
                let n = el.as_node()?;
                if let Some(list) = n.children().find(|c| c.kind() == K::COLUMN_REF_LIST) {
                    b.unsupported(
                        &list,
                        "a column list on ON DELETE SET NULL / SET DEFAULT",
                        "remove the column list (all referencing columns are then set)",
                    );
                }
                if el.kind() == K::SET_NULL_COLUMNS {
                    FkAction::SetNull
                } else {
                    FkAction::SetDefault
                }
            }
            _ => {
                b.unexpected(&el, "a foreign key action");
                return None;
            }
        };
        return Some(a);
    }
    None
}

/// Attach a constraint to its table, checking the columns it names exist.
/// Primary key columns become NOT NULL, as PostgreSQL makes them.
pub(super) fn apply(b: &mut Builder, table: &mut Table, c: Constraint, at: &SyntaxNode) {
    let named: Vec<String> = match &c {
        Constraint::PrimaryKey(pk) => pk.columns.clone(),
        Constraint::Unique(u) => u.columns.clone(),
        Constraint::ForeignKey(fk) => fk.columns.clone(),
        Constraint::NotNull(col) => vec![col.clone()],
        Constraint::Check(_) => Vec::new(),
    };
    for col in &named {
        if table.column(col).is_none() {
            b.error(
                at,
                format!(
                    "column `{col}` named in the constraint does not exist in table `{}`",
                    table.name
                ),
                "declare the column in the table, or fix the name",
            );
            return;
        }
    }
    if let Constraint::ForeignKey(fk) = &c {
        if !fk.ref_columns.is_empty() && fk.ref_columns.len() != fk.columns.len() {
            b.error(
                at,
                "the foreign key names a different number of referencing and referenced columns",
                "list as many referenced columns as referencing ones",
            );
            return;
        }
    }
    match c {
        Constraint::PrimaryKey(pk) => {
            if table.primary_key.is_some() {
                b.error(
                    at,
                    format!("table `{}` has more than one primary key", table.name),
                    "keep one PRIMARY KEY; use UNIQUE for other keys",
                );
                return;
            }
            for col in &pk.columns {
                if let Some(c) = table.column_mut(col) {
                    c.nullable = false;
                }
            }
            table.primary_key = Some(pk);
        }
        Constraint::Unique(u) => push_short(&mut table.uniques, u),
        Constraint::ForeignKey(fk) => push_short(&mut table.foreign_keys, fk),
        Constraint::Check(ch) => push_short(&mut table.checks, ch),
        Constraint::NotNull(col) => {
            if let Some(c) = table.column_mut(&col) {
                c.nullable = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok, parse_one};
    use sluice_schema::{
        Check, Deferrable, Expr, FkAction, ForeignKey, PrimaryKey, QualifiedName, Unique,
    };

    #[test]
    fn column_constraints_become_table_entries() {
        let s = parse_ok(
            "CREATE TABLE t (
                id int PRIMARY KEY,
                email text CONSTRAINT email_uq UNIQUE NULLS NOT DISTINCT,
                org int REFERENCES app.orgs (id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
                parent int REFERENCES t,
                n int CHECK (n >= 0) UNIQUE DEFERRABLE
            );",
        );
        let t = &s.tables[0];
        assert_eq!(
            t.primary_key,
            Some(PrimaryKey { name: None, columns: vec!["id".into()], autoincrement: false })
        );
        assert!(!t.column("id").unwrap().nullable, "primary key columns are NOT NULL");
        assert_eq!(
            t.uniques,
            vec![
                Unique {
                    name: Some("email_uq".into()),
                    columns: vec!["email".into()],
                    nulls_not_distinct: true,
                    deferrable: Deferrable::NotDeferrable,
                },
                Unique {
                    name: None,
                    columns: vec!["n".into()],
                    nulls_not_distinct: false,
                    deferrable: Deferrable::InitiallyImmediate,
                },
            ]
        );
        assert_eq!(
            t.foreign_keys,
            vec![
                ForeignKey {
                    name: None,
                    columns: vec!["org".into()],
                    ref_table: QualifiedName::new(Some("app"), "orgs"),
                    ref_columns: vec!["id".into()],
                    on_delete: FkAction::Cascade,
                    on_update: FkAction::SetNull,
                    deferrable: Deferrable::InitiallyDeferred,
                    match_full: false,
                },
                ForeignKey {
                    name: None,
                    columns: vec!["parent".into()],
                    ref_table: QualifiedName::bare("t"),
                    ref_columns: vec![],
                    on_delete: FkAction::NoAction,
                    on_update: FkAction::NoAction,
                    deferrable: Deferrable::NotDeferrable,
                    match_full: false,
                },
            ]
        );
        assert_eq!(
            t.checks,
            vec![Check { name: None, expr: Expr::new("n >= 0"), no_inherit: false }]
        );
    }

    #[test]
    fn table_constraints() {
        let s = parse_ok(
            "CREATE TABLE t (
                CONSTRAINT t_pk PRIMARY KEY (b, a),
                a int, b int, c int,
                UNIQUE NULLS NOT DISTINCT (c, a),
                CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES \"Other\" (x, y) MATCH FULL ON DELETE RESTRICT ON UPDATE SET DEFAULT,
                CONSTRAINT pos CHECK ((a > 0) AND (b > 0)) NO INHERIT,
                NOT NULL c
            );",
        );
        let t = &s.tables[0];
        let pk = t.primary_key.as_ref().unwrap();
        assert_eq!(pk.name.as_deref(), Some("t_pk"));
        assert_eq!(pk.columns, ["b", "a"], "key columns keep their written order");
        assert!(t.columns.iter().all(|c| !c.nullable), "a, b by the key, c by NOT NULL c");
        assert_eq!(t.uniques[0].columns, ["c", "a"]);
        assert!(t.uniques[0].nulls_not_distinct);
        let fk = &t.foreign_keys[0];
        assert_eq!(fk.name.as_deref(), Some("fk"));
        assert_eq!(fk.columns, ["a", "b"]);
        assert_eq!(fk.ref_table, QualifiedName::bare("Other"));
        assert_eq!(fk.ref_columns, ["x", "y"]);
        assert!(fk.match_full);
        assert_eq!((fk.on_delete, fk.on_update), (FkAction::Restrict, FkAction::SetDefault));
        let ck = &t.checks[0];
        assert_eq!(ck.name.as_deref(), Some("pos"));
        assert_eq!(ck.expr, Expr::new("(a > 0) and (b > 0)"));
        assert!(ck.no_inherit);
    }

    #[test]
    fn constraint_errors() {
        assert_eq!(
            parse_err("CREATE TABLE t (a int,\n  PRIMARY KEY (b));"),
            "2:3: column `b` named in the constraint does not exist in table `t`"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int PRIMARY KEY,\n  b int PRIMARY KEY);"),
            "2:9: table `t` has more than one primary key"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int PRIMARY KEY DEFERRABLE);"),
            "1:35: a DEFERRABLE primary key is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int REFERENCES u NOT DEFERRABLE INITIALLY DEFERRED);"),
            "1:36: a constraint declared INITIALLY DEFERRED must be DEFERRABLE"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int REFERENCES u ON DELETE SET NULL (a));"),
            "1:55: a column list on ON DELETE SET NULL / SET DEFAULT is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int,\n  CONSTRAINT x EXCLUDE USING gist (a WITH =));"),
            "2:3: an EXCLUDE constraint is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int, b int, FOREIGN KEY (a, b) REFERENCES u (x));"),
            "1:31: the foreign key names a different number of referencing and referenced columns"
        );
        assert_eq!(
            parse_err("CREATE TABLE t (a int, b int, PRIMARY KEY (a, b WITHOUT OVERLAPS));"),
            "1:49: WITHOUT OVERLAPS in a column list is not supported in schema files yet"
        );
        let p = parse_one("CREATE TABLE t (a int, UNIQUE (a) INCLUDE (a));");
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.starts_with("INCLUDE"), "{}", p.errors[0].message);
    }
}
