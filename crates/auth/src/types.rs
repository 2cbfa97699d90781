//! Column types and database defaults per dialect, as Better Auth's own
//! SQL path (Kysely: `auth migrate`) makes them. One implementation of
//! [`ColumnTypes`] per dialect; MySQL has none yet.

use crate::config::IdKind;
use crate::field::{DefaultValue, FieldType};
use sluice_schema::{Dialect, Expr, Identity, SequenceOptions, SqlType};

/// What an auth column looks like in one dialect.
pub trait ColumnTypes: Send + Sync {
    fn dialect(&self) -> Dialect;
    /// The type of a field (`bigint` for numbers marked so).
    fn field(&self, ty: FieldType, bigint: bool) -> SqlType;
    /// The type, default and identity of an `id` primary key.
    fn id(&self, kind: IdKind) -> (SqlType, Option<Expr>, Option<Identity>);
    /// The type of a column referencing an id (or holding one).
    fn id_ref(&self, kind: IdKind) -> SqlType;
    /// The database default for a Better Auth default, if it has one here.
    fn default(&self, d: &DefaultValue, ty: FieldType) -> Option<Expr>;
}

pub struct PgTypes;
pub struct SqliteTypes;

pub fn for_dialect(d: Dialect) -> Option<&'static dyn ColumnTypes> {
    match d {
        Dialect::Postgres => Some(&PgTypes),
        Dialect::Sqlite => Some(&SqliteTypes),
        Dialect::Mysql => None,
    }
}

fn e(s: &str) -> Option<Expr> {
    Some(Expr::new(s))
}

impl ColumnTypes for PgTypes {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn field(&self, ty: FieldType, bigint: bool) -> SqlType {
        match ty {
            FieldType::String => SqlType::Text,
            FieldType::Number if bigint => SqlType::BigInt,
            FieldType::Number => SqlType::Integer,
            FieldType::Boolean => SqlType::Boolean,
            FieldType::Date => SqlType::Timestamp { precision: None, with_time_zone: true },
            FieldType::Json | FieldType::StringArray | FieldType::NumberArray => SqlType::Jsonb,
        }
    }
    fn id(&self, kind: IdKind) -> (SqlType, Option<Expr>, Option<Identity>) {
        match kind {
            IdKind::Text => (SqlType::Text, None, None),
            IdKind::Uuid => (SqlType::Uuid, e("gen_random_uuid()"), None),
            IdKind::Serial => (
                SqlType::Integer,
                None,
                Some(Identity { always: false, options: SequenceOptions::default() }),
            ),
        }
    }
    fn id_ref(&self, kind: IdKind) -> SqlType {
        match kind {
            IdKind::Text => SqlType::Text,
            IdKind::Uuid => SqlType::Uuid,
            IdKind::Serial => SqlType::Integer,
        }
    }
    fn default(&self, d: &DefaultValue, ty: FieldType) -> Option<Expr> {
        match d {
            DefaultValue::Bool(b) => e(if *b { "true" } else { "false" }),
            DefaultValue::Int(i) => e(&i.to_string()),
            DefaultValue::Str(s) => e(&format!("'{s}'")),
            DefaultValue::Now if ty == FieldType::Date => e("CURRENT_TIMESTAMP"),
            DefaultValue::EmptyArray => e("'[]'::jsonb"),
            DefaultValue::Now | DefaultValue::AppOnly => None,
        }
    }
}

impl ColumnTypes for SqliteTypes {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn field(&self, ty: FieldType, bigint: bool) -> SqlType {
        match ty {
            FieldType::String => SqlType::Text,
            FieldType::Number if bigint => SqlType::BigInt,
            FieldType::Number | FieldType::Boolean => SqlType::Integer,
            FieldType::Date => SqlType::Date,
            FieldType::Json | FieldType::StringArray | FieldType::NumberArray => SqlType::Text,
        }
    }
    fn id(&self, kind: IdKind) -> (SqlType, Option<Expr>, Option<Identity>) {
        (self.id_ref(kind), None, None)
    }
    fn id_ref(&self, kind: IdKind) -> SqlType {
        match kind {
            IdKind::Text | IdKind::Uuid => SqlType::Text,
            IdKind::Serial => SqlType::Integer,
        }
    }
    fn default(&self, d: &DefaultValue, _ty: FieldType) -> Option<Expr> {
        match d {
            DefaultValue::Bool(b) => e(if *b { "1" } else { "0" }),
            DefaultValue::Int(i) => e(&i.to_string()),
            DefaultValue::Str(s) => e(&format!("'{s}'")),
            DefaultValue::EmptyArray => e("'[]'"),
            // Dates are written by the application; SQLite's CURRENT_TIMESTAMP
            // text is not the form Better Auth reads back.
            DefaultValue::Now | DefaultValue::AppOnly => None,
        }
    }
}
