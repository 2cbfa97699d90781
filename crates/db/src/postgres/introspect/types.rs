//! Enum types (labels in their sort order) and domains (base type, NOT
//! NULL, default, collation, comment; their checks come with the other
//! constraints) from the catalog rows, and the type-name reading shared
//! with columns.

use super::text::parse_names;
use super::{comment, expr, qualified, TextRow, DIALECT};
use sluice_schema::{Domain, EnumType, QualifiedName, Schema, SqlType};
use std::collections::HashMap;

/// A type as `format_type` spells it, with the declared number of array
/// dimensions (`int[][]` is `integer[]` to `format_type`).
pub(super) fn sql_type(text: &str, ndims: Option<i64>) -> SqlType {
    let mut ty = sluice_sql::types::parse_type(text, DIALECT);
    if let (SqlType::Array { dims, .. }, Some(n)) = (&mut ty, ndims) {
        if n > 1 {
            *dims = n as u32;
        }
    }
    ty
}

/// Read enums and domains; returns the domains by type oid (their checks
/// are attached later).
pub(super) fn read(schema: &mut Schema, rows: &[TextRow]) -> HashMap<String, QualifiedName> {
    let mut domains = HashMap::new();
    for r in rows {
        let name = qualified(r.str(1), r.str(2));
        match r.str(3) {
            "e" => schema.enums.push(EnumType {
                name,
                values: parse_names(r.str(4)),
                comment: comment(r, 9),
            }),
            "d" => {
                domains.insert(r.str(0).to_string(), name.clone());
                schema.domains.push(Domain {
                    name,
                    ty: sql_type(r.str(5), r.int(10)),
                    not_null: r.bool(6),
                    default: r.opt(7).map(expr),
                    collation: r.opt(8).map(str::to_string),
                    checks: Vec::new(),
                    comment: comment(r, 9),
                });
            }
            _ => {}
        }
    }
    domains
}
