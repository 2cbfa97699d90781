//! Namespaces, extensions and views from the catalog rows.
//!
//! A view's definition is `pg_get_viewdef(oid, true)` without its final
//! `;`, in the expression text form; its column names are part of that
//! query text (PostgreSQL writes them as select-list aliases), so the
//! model's column list stays empty.

use super::{comment, qualified, TextRow, DIALECT};
use sluice_schema::{Extension, Namespace, Schema, View};

pub(super) fn namespaces(schema: &mut Schema, rows: &[TextRow]) {
    for r in rows {
        schema.namespaces.push(Namespace { name: r.str(0).to_string(), comment: comment(r, 1) });
    }
}

pub(super) fn extensions(schema: &mut Schema, rows: &[TextRow]) {
    for r in rows {
        schema
            .extensions
            .push(Extension { name: r.str(0).to_string(), schema: Some(r.str(1).to_string()) });
    }
}

pub(super) fn views(schema: &mut Schema, rows: &[TextRow]) {
    for r in rows {
        let definition = r.str(3).trim().trim_end_matches(';');
        schema.views.push(View {
            name: qualified(r.str(0), r.str(1)),
            definition: sluice_sql::expr::normalize_str(definition, DIALECT),
            columns: Vec::new(),
            materialized: r.bool(2),
            comment: comment(r, 4),
        });
    }
}
