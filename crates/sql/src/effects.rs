//! What a statement does to data already in the database, as far as backup
//! and integrity checks need to know: which tables lose rows, which columns
//! lose values. Each dialect reads its statements with its own parser
//! ([`crate::SqlDialect::data_effects`]); statements that lose nothing (and
//! statements the parser cannot read) have no effects.

use sluice_schema::QualifiedName;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataEffect {
    /// `DROP TABLE t`: every row of `t` is gone.
    DropTable(QualifiedName),
    /// `ALTER TABLE t DROP COLUMN c`: the values of `c`.
    DropColumn { table: QualifiedName, column: String },
    /// `ALTER TABLE t ALTER COLUMN c TYPE ..`: values may be converted,
    /// truncated or rounded.
    ChangeType { table: QualifiedName, column: String },
    /// `DELETE FROM t`.
    Delete(QualifiedName),
    /// `UPDATE t`.
    Update(QualifiedName),
    /// `TRUNCATE t`.
    Truncate(QualifiedName),
    /// `INSERT INTO t`: adds rows, loses nothing.
    Insert(QualifiedName),
    /// Any other `ALTER TABLE t`: loses nothing, but the table is touched
    /// (its row count is checked before and after).
    Alter(QualifiedName),
}

impl DataEffect {
    pub fn table(&self) -> &QualifiedName {
        match self {
            DataEffect::DropTable(t)
            | DataEffect::Delete(t)
            | DataEffect::Update(t)
            | DataEffect::Truncate(t)
            | DataEffect::Insert(t)
            | DataEffect::Alter(t) => t,
            DataEffect::DropColumn { table, .. } | DataEffect::ChangeType { table, .. } => table,
        }
    }

    /// The statement may change the table's row count.
    pub fn changes_row_count(&self) -> bool {
        matches!(
            self,
            DataEffect::DropTable(_)
                | DataEffect::Delete(_)
                | DataEffect::Truncate(_)
                | DataEffect::Insert(_)
        )
    }

    /// Existing data may be lost or changed: apply backs it up first.
    pub fn loses_data(&self) -> bool {
        !matches!(self, DataEffect::Insert(_) | DataEffect::Alter(_))
    }

    pub fn describe(&self) -> String {
        match self {
            DataEffect::DropTable(t) => format!("drops table {t}"),
            DataEffect::DropColumn { table, column } => format!("drops column {table}.{column}"),
            DataEffect::ChangeType { table, column } => {
                format!("changes the type of {table}.{column}")
            }
            DataEffect::Delete(t) => format!("deletes rows of {t}"),
            DataEffect::Update(t) => format!("updates rows of {t}"),
            DataEffect::Truncate(t) => format!("truncates {t}"),
            DataEffect::Insert(t) => format!("inserts rows into {t}"),
            DataEffect::Alter(t) => format!("alters {t}"),
        }
    }
}
