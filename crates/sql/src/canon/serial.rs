//! pg_dump's spelling of a serial column: an integer column, NOT NULL,
//! `DEFAULT nextval('<seq>'::regclass)` where `<seq>` is owned by that
//! column and has exactly the options `serial` gives it. It is the same
//! column as `serial` / `bigserial` / `smallserial` (no default, no
//! sequence of its own), which is how introspection reports it too.

use super::same_name;
use crate::types::parse_qualified;
use sluice_schema::{QualifiedName, Schema, SequenceOptions, SqlType};

pub(super) fn fold(schema: &mut Schema) {
    let sequences = &schema.sequences;
    let mut taken: Vec<QualifiedName> = Vec::new();
    for t in &mut schema.tables {
        for c in &mut t.columns {
            let (serial, implied) = match c.ty {
                SqlType::SmallInt => (SqlType::SmallSerial, Some(SqlType::SmallInt)),
                SqlType::Integer => (SqlType::Serial, Some(SqlType::Integer)),
                SqlType::BigInt => (SqlType::BigSerial, None),
                _ => continue,
            };
            if c.nullable || c.identity.is_some() || c.generated.is_some() {
                continue;
            }
            let Some(target) = c.default.as_ref().and_then(|d| nextval_target(d.as_str())) else {
                continue;
            };
            let Some(seq) = sequences.iter().find(|s| same_name(&s.name, &target)) else {
                continue;
            };
            let owned = seq
                .owned_by
                .as_ref()
                .is_some_and(|(table, column)| same_name(table, &t.name) && *column == c.name);
            let options = SequenceOptions { ty: implied, ..SequenceOptions::default() };
            if owned && seq.comment.is_none() && seq.options == options {
                c.ty = serial;
                c.default = None;
                taken.push(seq.name.clone());
            }
        }
    }
    schema.sequences.retain(|s| !taken.contains(&s.name));
}

/// `s` of a default that is exactly `nextval('s'::regclass)`.
fn nextval_target(default: &str) -> Option<QualifiedName> {
    let inner = default.strip_prefix("nextval('")?.strip_suffix("'::regclass)")?;
    if inner.contains('\'') {
        return None;
    }
    Some(parse_qualified(inner))
}
