//! `CREATE [OR REPLACE] [MATERIALIZED] VIEW [IF NOT EXISTS] name [(cols)]
//! AS query`. The definition is the query's text with whitespace collapsed
//! and unquoted words lower-cased ([`crate::expr::normalize_str`]).
//! `WITH [NO] DATA` on a materialized view says whether it is filled now,
//! not what it is, and is accepted.

use super::constraint::column_names;
use super::names::{children, Spanned};
use super::table::object_name;
use super::{same_name, Builder};
use crate::ObjectKey;
use sluice_schema::View;
use squawk_syntax::{SyntaxKind as K, SyntaxNode};

pub(super) fn create_view(b: &mut Builder, stmt: &SyntaxNode) {
    let materialized = stmt.kind() == K::CREATE_MATERIALIZED_VIEW;
    let context = if materialized { "CREATE MATERIALIZED VIEW" } else { "CREATE VIEW" };
    let mut or_replace = false;
    let mut if_not_exists = false;
    let mut name_node = None;
    let mut columns = Vec::new();
    let mut after_as = false;
    let mut query = None;
    for el in children(stmt) {
        match el.kind() {
            K::CREATE_KW | K::MATERIALIZED_KW | K::VIEW_KW | K::SEMICOLON => {}
            K::AS_KW => after_as = true,
            K::OR_REPLACE => or_replace = true,
            K::IF_NOT_EXISTS => if_not_exists = true,
            K::VIEW => name_node = el.into_node(),
            K::COLUMN_LIST => {
                columns = el.as_node().map(|n| column_names(b, n)).unwrap_or_default()
            }
            K::WITH_DATA | K::WITH_NO_DATA if materialized => {}
            K::WITH_CHECK_OPTION => b.unsupported(
                &el,
                "WITH CHECK OPTION on a view",
                "remove it, or create the view with a hand-written migration",
            ),
            K::RECURSIVE_KW => b.unsupported(
                &el,
                "CREATE RECURSIVE VIEW",
                "write the view with WITH RECURSIVE inside its query",
            ),
            _ if after_as && query.is_none() && el.as_node().is_some() => query = el.into_node(),
            _ => b.unexpected(&el, context),
        }
    }
    let Some(name_node) = name_node else { return };
    let Some(name) = object_name(b, &name_node, "view") else {
        return;
    };
    let Some(query) = query else {
        b.error(stmt, format!("view `{name}` has no query"), "write AS followed by a SELECT");
        return;
    };
    let view = View {
        name: name.clone(),
        definition: b.expr_str(&query),
        columns,
        materialized,
        comment: None,
    };
    if b.schema.tables.iter().any(|t| same_name(&t.name, &name)) {
        b.error(
            &name_node,
            format!("`{name}` is already declared as a table"),
            "give the view another name",
        );
        return;
    }
    if let Some(existing) = b.schema.views.iter_mut().find(|v| same_name(&v.name, &name)) {
        if or_replace && existing.materialized == materialized {
            let comment = existing.comment.take();
            *existing = View { comment, ..view };
        } else if !if_not_exists {
            b.error(
                &name_node.span(),
                format!("view `{name}` is declared twice"),
                "keep one declaration, or use CREATE OR REPLACE VIEW",
            );
        }
        return;
    }
    b.schema.views.push(view);
    b.record_origin(ObjectKey::View(name), stmt);
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok};
    use sluice_schema::QualifiedName;

    #[test]
    fn views() {
        let s = parse_ok(
            "CREATE TABLE users (id int, active boolean);
             CREATE VIEW Active_Users (id) AS
                 SELECT id
                 FROM   users   -- only the active ones
                 WHERE  active = TRUE;
             CREATE MATERIALIZED VIEW IF NOT EXISTS app.counts AS SELECT count(*) AS n FROM users WITH NO DATA;",
        );
        let v = &s.views[0];
        assert_eq!(v.name, QualifiedName::bare("active_users"));
        assert_eq!(v.columns, ["id"]);
        assert_eq!(v.definition, "select id from users where active = true");
        assert!(!v.materialized);
        let m = &s.views[1];
        assert_eq!(m.name, QualifiedName::new(Some("app"), "counts"));
        assert!(m.materialized);
        assert_eq!(m.definition, "select count(*) as n from users");
    }

    #[test]
    fn or_replace_replaces() {
        let s = parse_ok(
            "CREATE VIEW v AS SELECT 1 AS a;
             COMMENT ON VIEW v IS 'kept';
             CREATE OR REPLACE VIEW v AS SELECT 2 AS a;",
        );
        assert_eq!(s.views.len(), 1);
        assert_eq!(s.views[0].definition, "select 2 as a");
        assert_eq!(s.views[0].comment.as_deref(), Some("kept"));
        assert_eq!(
            parse_err("CREATE VIEW v AS SELECT 1;\nCREATE VIEW v AS SELECT 2;"),
            "2:13: view `v` is declared twice"
        );
    }

    #[test]
    fn view_errors() {
        assert_eq!(
            parse_err("CREATE VIEW v AS SELECT 1 WITH CHECK OPTION;"),
            "1:27: WITH CHECK OPTION on a view is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE TEMP VIEW v AS SELECT 1;"),
            "1:8: TEMP in CREATE VIEW is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("CREATE VIEW v WITH (security_barrier) AS SELECT 1;"),
            "1:15: WITH in CREATE VIEW is not supported in schema files yet"
        );
    }
}
