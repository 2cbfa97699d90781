//! Primary keys, unique constraints (NULLS NOT DISTINCT, deferrable),
//! foreign keys (columns in key order, actions, MATCH FULL, deferrable)
//! and checks (expression, NO INHERIT) of tables, and the checks of
//! domains, from the catalog rows. Other kinds (exclusion constraints,
//! constraint triggers) have no place in the model and are left out.

use super::text::parse_names;
use super::{expr, qualified, TextRow};
use sluice_schema::{
    Check, Deferrable, FkAction, ForeignKey, PrimaryKey, QualifiedName, Schema, Unique,
};
use std::collections::HashMap;

pub(super) fn read(
    schema: &mut Schema,
    rows: &[TextRow],
    tables: &HashMap<String, usize>,
    domains: &HashMap<String, QualifiedName>,
) {
    for r in rows {
        let name = Some(r.str(2).to_string());
        if let Some(domain) = domains.get(r.str(1)) {
            if r.str(3) == "c" {
                if let Some(d) = schema.domains.iter_mut().find(|d| &d.name == domain) {
                    d.checks.push(check(r, name));
                }
            }
            continue;
        }
        let Some(&ti) = tables.get(r.str(0)) else { continue };
        let table = &mut schema.tables[ti];
        let columns = parse_names(r.str(6));
        let deferrable = match (r.bool(4), r.bool(5)) {
            (false, _) => Deferrable::NotDeferrable,
            (true, false) => Deferrable::InitiallyImmediate,
            (true, true) => Deferrable::InitiallyDeferred,
        };
        match r.str(3) {
            "p" => {
                table.primary_key = Some(PrimaryKey { name, columns, autoincrement: false });
            }
            "u" => table.uniques.push(Unique {
                name,
                columns,
                nulls_not_distinct: r.bool(15),
                deferrable,
            }),
            "f" => table.foreign_keys.push(ForeignKey {
                name,
                columns,
                ref_table: qualified(r.str(7), r.str(8)),
                ref_columns: parse_names(r.str(9)),
                on_update: action(r.str(10)),
                on_delete: action(r.str(11)),
                deferrable,
                match_full: r.str(12) == "f",
            }),
            "c" => table.checks.push(check(r, name)),
            _ => {}
        }
    }
}

fn check(r: &TextRow, name: Option<String>) -> Check {
    Check { name, expr: expr(r.str(14)), no_inherit: r.bool(13) }
}

/// `pg_constraint.confupdtype` / `confdeltype`.
fn action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}
