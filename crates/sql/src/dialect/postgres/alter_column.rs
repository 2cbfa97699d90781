//! `AlterColumn` on PostgreSQL: one ALTER TABLE whose comma-separated
//! sub-actions take the column from one definition to the other, plus
//! COMMENT ON COLUMN.
//!
//! PostgreSQL runs the sub-actions of one ALTER TABLE in passes, not in
//! the written order: drops first, then type changes, then defaults,
//! NOT NULL and identity. So `DROP DEFAULT, TYPE .., SET DEFAULT ..` on one
//! column works as it reads. A default has to be set again after a type
//! change: the server would otherwise cast the old default (or fail to).

use super::render::{column_target, comment_on, sequence_option_changes};
use super::Postgres;
use crate::dialect::ddl::{self, column_def, identity_clause, DdlDialect};
use crate::Statement;
use sluice_schema::{Column, QualifiedName, SqlType};

const PG: &Postgres = &Postgres;

pub(super) fn render(table: &QualifiedName, from: &Column, to: &Column) -> Vec<Statement> {
    let table_sql = PG.name(table);
    let mut out = Vec::new();

    if to.generated.is_some() && from.generated != to.generated {
        // Before PostgreSQL 17 a generation expression cannot be added or
        // changed in place.
        out.push(
            Statement::new(format!(
                "ALTER TABLE {table_sql} DROP COLUMN {}, ADD COLUMN {}",
                PG.ident(&to.name),
                column_def(PG, to, None)
            ))
            .with_comment(format!(
                "The generation expression of {table}.{} cannot be changed in place: the column \
                 is dropped and added again (at the end of the table) and its values recomputed. \
                 Indexes and constraints on it are dropped with it; a view using it makes this fail.",
                to.name
            )),
        );
        if to.comment.is_some() {
            out.push(comment_on("COLUMN", &column_target(table, &to.name), to.comment.as_deref()));
        }
        return out;
    }

    let col = PG.ident(&to.name);
    let mut actions = Vec::new();
    if from.generated.is_some() && to.generated.is_none() {
        actions.push(format!("ALTER COLUMN {col} DROP EXPRESSION"));
    }

    let type_changes = from.ty != to.ty;
    let collation_changes = from.collation != to.collation;
    // A new type or collation makes the server rewrite the default, so it
    // is dropped before and set again after, exactly as the model says.
    let reset_default = type_changes || collation_changes;
    if from.default.is_some() && (to.default.is_none() || reset_default) {
        actions.push(format!("ALTER COLUMN {col} DROP DEFAULT"));
    }
    if type_changes || collation_changes {
        let target = storage_type(&to.ty);
        let mut clause = format!("ALTER COLUMN {col} TYPE {}", PG.ty(&target));
        if collation_changes {
            let collation = to.collation.as_deref().unwrap_or("default");
            clause.push_str(&format!(" COLLATE {}", PG.dotted(collation)));
        }
        if type_changes && !assignment_castable(&from.ty, &to.ty) {
            clause.push_str(&format!(" USING {col}::{}", PG.ty(&target)));
        }
        actions.push(clause);
    }
    if let Some(d) = &to.default {
        if from.default.as_ref() != Some(d) || reset_default {
            actions.push(format!("ALTER COLUMN {col} SET {}", ddl::default_clause(PG, d)));
        }
    }
    if from.nullable != to.nullable {
        let verb = if to.nullable { "DROP" } else { "SET" };
        actions.push(format!("ALTER COLUMN {col} {verb} NOT NULL"));
    }
    match (&from.identity, &to.identity) {
        (None, Some(id)) => {
            actions.push(format!("ALTER COLUMN {col} ADD {}", identity_clause(PG, id)))
        }
        (Some(_), None) => actions.push(format!("ALTER COLUMN {col} DROP IDENTITY")),
        (Some(a), Some(b)) if a != b => {
            let mut sets = Vec::new();
            if a.always != b.always {
                sets.push(format!(
                    "SET GENERATED {}",
                    if b.always { "ALWAYS" } else { "BY DEFAULT" }
                ));
            }
            sets.extend(
                sequence_option_changes(&a.options, &b.options)
                    .into_iter()
                    .map(|o| format!("SET {o}")),
            );
            actions.push(format!("ALTER COLUMN {col} {}", sets.join(" ")));
        }
        _ => {}
    }
    if !actions.is_empty() {
        out.push(Statement::new(format!("ALTER TABLE {table_sql} {}", actions.join(", "))));
    }
    if from.comment != to.comment {
        out.push(comment_on("COLUMN", &column_target(table, &to.name), to.comment.as_deref()));
    }
    out
}

/// The type a column is altered to: the serial pseudo-types exist only in
/// CREATE TABLE and ADD COLUMN, so they become their integer type.
fn storage_type(ty: &SqlType) -> SqlType {
    match ty {
        SqlType::SmallSerial => SqlType::SmallInt,
        SqlType::Serial => SqlType::Integer,
        SqlType::BigSerial => SqlType::BigInt,
        other => other.clone(),
    }
}

/// Whether PostgreSQL converts `from` to `to` without a USING clause, i.e.
/// an implicit or assignment cast exists (pg_cast, plus the I/O conversion
/// to string types that every type has). When unsure, `false`: an explicit
/// `USING col::type` is right whenever any cast exists.
pub(super) fn assignment_castable(from: &SqlType, to: &SqlType) -> bool {
    use SqlType::*;
    let from = storage_type(from);
    let to = storage_type(to);
    let number =
        |t: &SqlType| matches!(t, SmallInt | Integer | BigInt | Numeric { .. } | Real | Double);
    let string = |t: &SqlType| matches!(t, Text | Varchar { .. } | Char { .. });
    match (&from, &to) {
        _ if std::mem::discriminant(&from) == std::mem::discriminant(&to)
            && !matches!(from, Array { .. } | Named { .. } | Other { .. }) =>
        {
            true
        }
        (a, b) if number(a) && number(b) => true,
        (Array { element: a, dims: da }, Array { element: b, dims: db }) => {
            da == db && assignment_castable(a, b)
        }
        // Every type converts to a string type through its output function.
        (_, b) if string(b) => true,
        (Date, Timestamp { .. }) => true,
        (Timestamp { .. }, Date | Time { with_time_zone: false, .. }) => true,
        (Timestamp { with_time_zone: true, .. }, Time { with_time_zone: true, .. }) => true,
        (Time { .. }, Time { .. }) => true,
        (Time { with_time_zone: false, .. }, Interval { .. }) => true,
        (Json, Jsonb) | (Jsonb, Json) => true,
        (Named { name: a }, Named { name: b }) => a == b,
        (Other { name: a }, Other { name: b }) => base_name(a) == base_name(b),
        _ => false,
    }
}

/// `varbit(8)` -> `varbit`: a modifier change keeps the type's own cast.
fn base_name(s: &str) -> &str {
    s.split('(').next().unwrap_or(s).trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use SqlType::*;

    #[test]
    fn casts_that_need_using() {
        assert!(assignment_castable(&Integer, &BigInt));
        assert!(assignment_castable(&BigInt, &SmallInt));
        assert!(assignment_castable(&Varchar { length: Some(10) }, &Text));
        assert!(assignment_castable(&Uuid, &Text));
        assert!(assignment_castable(&Jsonb, &Json));
        assert!(assignment_castable(&Serial, &BigInt));
        assert!(!assignment_castable(&Text, &Integer));
        assert!(!assignment_castable(&Text, &Uuid));
        assert!(!assignment_castable(&Boolean, &Integer));
        assert!(!assignment_castable(&Text, &Jsonb));
        let mood = Named { name: QualifiedName::bare("mood") };
        assert!(!assignment_castable(&Text, &mood));
        assert!(assignment_castable(&mood, &Text));
        let arr = |t: SqlType| Array { element: Box::new(t), dims: 1 };
        assert!(assignment_castable(&arr(Integer), &arr(BigInt)));
        assert!(!assignment_castable(&arr(Text), &arr(Integer)));
    }
}
