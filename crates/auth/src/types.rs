//! Column types and database defaults per dialect, as Better Auth's own
//! SQL path (Kysely: `auth migrate`, `getMigrations`) makes them. One
//! implementation of [`ColumnTypes`] per dialect. MySQL sizes strings by
//! how they are used (an index key must fit InnoDB's 3072 bytes).

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
    /// The type of a string field used as `usage` says (text unless the
    /// dialect sizes strings).
    fn string(&self, _usage: &StringUsage) -> SqlType {
        self.field(FieldType::String, false)
    }
    /// The type of a column referencing an id, used as `usage` says.
    fn id_ref_used(&self, kind: IdKind, _usage: &StringUsage) -> SqlType {
        self.id_ref(kind)
    }
}

/// How a string column is used, for dialects that size strings (MySQL).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StringUsage {
    pub unique: bool,
    pub index: bool,
    pub sortable: bool,
    /// It references another table's column.
    pub references: bool,
    /// The length that keeps every table-level (compound) index holding it
    /// within the key size, when one does.
    pub table_index_length: Option<u32>,
}

/// Better Auth's length for a string column in table-level `indexes` on
/// MySQL: 191 characters, or less so that each index's string columns (4
/// bytes a character) and other columns (16 bytes each) fit 3072 bytes.
/// `indexes` holds, per index, how many of its columns are strings and how
/// many are not.
pub fn mysql_index_string_length(indexes: &[(u32, u32)]) -> Option<u32> {
    let mut length = None;
    for &(strings, others) in indexes {
        if strings == 0 {
            continue;
        }
        let budget = 3072u32.saturating_sub(others * 16).max(1);
        let safe = budget / 4 / strings;
        length = Some(length.unwrap_or(191).min(safe));
    }
    length
}

pub struct PgTypes;
pub struct SqliteTypes;
pub struct MysqlTypes;

pub fn for_dialect(d: Dialect) -> Option<&'static dyn ColumnTypes> {
    match d {
        Dialect::Postgres => Some(&PgTypes),
        Dialect::Sqlite => Some(&SqliteTypes),
        Dialect::Mysql => Some(&MysqlTypes),
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

impl ColumnTypes for MysqlTypes {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }
    fn field(&self, ty: FieldType, bigint: bool) -> SqlType {
        match ty {
            FieldType::String => SqlType::Text,
            FieldType::Number if bigint => SqlType::BigInt,
            FieldType::Number => SqlType::Integer,
            // `boolean` is tinyint(1).
            FieldType::Boolean => SqlType::Boolean,
            FieldType::Date => SqlType::Timestamp { precision: Some(3), with_time_zone: false },
            FieldType::Json | FieldType::StringArray | FieldType::NumberArray => SqlType::Json,
        }
    }
    fn id(&self, kind: IdKind) -> (SqlType, Option<Expr>, Option<Identity>) {
        match kind {
            // The application writes the ids (`crypto.randomUUID()` for uuid).
            IdKind::Text | IdKind::Uuid => (SqlType::Varchar { length: Some(36) }, None, None),
            IdKind::Serial => (
                SqlType::Integer,
                None,
                Some(Identity { always: false, options: SequenceOptions::default() }),
            ),
        }
    }
    fn id_ref(&self, kind: IdKind) -> SqlType {
        match kind {
            IdKind::Text | IdKind::Uuid => SqlType::Varchar { length: Some(36) },
            IdKind::Serial => SqlType::Integer,
        }
    }
    fn default(&self, d: &DefaultValue, ty: FieldType) -> Option<Expr> {
        match d {
            DefaultValue::Bool(b) => e(if *b { "1" } else { "0" }),
            DefaultValue::Int(i) => e(&i.to_string()),
            DefaultValue::Str(s) => e(&format!("'{s}'")),
            DefaultValue::Now if ty == FieldType::Date => e("CURRENT_TIMESTAMP(3)"),
            // MySQL 8 refuses a literal default on a json column.
            DefaultValue::EmptyArray => None,
            DefaultValue::Now | DefaultValue::AppOnly => None,
        }
    }
    fn id_ref_used(&self, kind: IdKind, usage: &StringUsage) -> SqlType {
        match kind {
            IdKind::Serial => SqlType::Integer,
            IdKind::Text | IdKind::Uuid => self.string(usage),
        }
    }
    /// Better Auth's order: a table-level index's length, then 255 for a
    /// unique key, 36 (an id) for a reference, 255 for a sortable or
    /// indexed column, else `text`.
    fn string(&self, u: &StringUsage) -> SqlType {
        let length = match u.table_index_length {
            Some(n) => n,
            None if u.unique => 255,
            None if u.references => 36,
            None if u.sortable || u.index => 255,
            None => return SqlType::Text,
        };
        SqlType::Varchar { length: Some(length) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_strings_are_sized_as_better_auth_sizes_them() {
        let t = MysqlTypes;
        let u = |f: fn(&mut StringUsage)| {
            let mut u = StringUsage::default();
            f(&mut u);
            t.string(&u)
        };
        let v = |n| SqlType::Varchar { length: Some(n) };
        assert_eq!(u(|_| {}), SqlType::Text);
        assert_eq!(u(|u| u.unique = true), v(255));
        assert_eq!(u(|u| u.references = true), v(36));
        assert_eq!(
            u(|u| {
                u.references = true;
                u.unique = true
            }),
            v(255)
        );
        assert_eq!(u(|u| u.sortable = true), v(255));
        assert_eq!(u(|u| u.index = true), v(255));
        assert_eq!(
            u(|u| {
                u.unique = true;
                u.table_index_length = Some(191)
            }),
            v(191)
        );
        // One string column: 191; three: 3072 / 4 / 3 = 256, still 191;
        // five strings and a number: (3072 - 16) / 4 / 5 = 152.
        assert_eq!(mysql_index_string_length(&[(1, 0)]), Some(191));
        assert_eq!(mysql_index_string_length(&[(3, 0)]), Some(191));
        assert_eq!(mysql_index_string_length(&[(5, 1)]), Some(152));
        assert_eq!(mysql_index_string_length(&[(0, 2)]), None);
    }
}
