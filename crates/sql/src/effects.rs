//! What a statement does to data already in the database, as far as backup
//! and integrity checks need to know: which tables lose rows, which columns
//! lose values. Each dialect reads its statements with its own parser
//! ([`crate::SqlDialect::data_effects`]); statements that lose nothing (and
//! statements the parser cannot read) have no effects.

use sluice_schema::{QualifiedName, Schema, SqlType};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataEffect {
    /// `DROP TABLE t`: every row of `t` is gone.
    DropTable(QualifiedName),
    /// `ALTER TABLE t DROP COLUMN c`: the values of `c`.
    DropColumn { table: QualifiedName, column: String },
    /// `ALTER TABLE t ALTER COLUMN c TYPE ..`: values may be converted,
    /// truncated or rounded. `to` is the whole new column when the statement
    /// restates it (MySQL `MODIFY`/`CHANGE COLUMN`), which may well keep the
    /// type: [`against`] tells with the schema the statement runs on.
    ChangeType { table: QualifiedName, column: String, to: Option<NewColumn> },
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
    /// `ALTER TABLE t ADD COLUMN c ..` where the dialect reads the column
    /// (MySQL): like [`DataEffect::Alter`], and a later `MODIFY` of `c` in
    /// the same script compares with it.
    AddColumn { table: QualifiedName, column: NewColumn },
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
            DataEffect::AddColumn { table, .. } => table,
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
        !matches!(self, DataEffect::Insert(_) | DataEffect::Alter(_) | DataEffect::AddColumn { .. })
    }

    pub fn describe(&self) -> String {
        match self {
            DataEffect::DropTable(t) => format!("drops table {t}"),
            DataEffect::DropColumn { table, column } => format!("drops column {table}.{column}"),
            DataEffect::ChangeType { table, column, .. } => {
                format!("changes the type of {table}.{column}")
            }
            DataEffect::Delete(t) => format!("deletes rows of {t}"),
            DataEffect::Update(t) => format!("updates rows of {t}"),
            DataEffect::Truncate(t) => format!("truncates {t}"),
            DataEffect::Insert(t) => format!("inserts rows into {t}"),
            DataEffect::Alter(t) => format!("alters {t}"),
            DataEffect::AddColumn { table, column } => {
                format!("adds column {table}.{}", column.name)
            }
        }
    }
}

/// A column as a statement restates it (MySQL `MODIFY`/`CHANGE COLUMN`):
/// its (new) name, canonical type and collation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewColumn {
    pub name: String,
    pub ty: SqlType,
    pub collation: Option<String>,
}

/// The effects of a script's statements (in order) on `before`, the schema
/// it starts from: a restated column whose type and collation stay what
/// they are at that point (after the statements before it) changes no value
/// and is an [`DataEffect::Alter`] (its nullability, default or comment may
/// change: a `NOT NULL` on a column holding nulls fails in strict mode, the
/// default of MySQL 5.7+ and MariaDB 10.2.4+, rather than losing data).
/// Character set conversion is a collation change and stays a
/// `ChangeType`. Table names match as `same_table` says.
pub fn against(
    effects: Vec<Vec<DataEffect>>,
    before: &Schema,
    same_table: impl Fn(&QualifiedName, &QualifiedName) -> bool,
) -> Vec<Vec<DataEffect>> {
    // (table, column) -> (type, collation) as earlier statements left them.
    let mut now: Vec<(QualifiedName, String, SqlType, Option<String>)> = Vec::new();
    let mut out = Vec::with_capacity(effects.len());
    for stmt in effects {
        let mut refined = Vec::with_capacity(stmt.len());
        for e in stmt {
            match &e {
                DataEffect::AddColumn { table, column } => {
                    now.retain(|(t, c, ..)| !(same_table(t, table) && *c == column.name));
                    now.push((
                        table.clone(),
                        column.name.clone(),
                        column.ty.clone(),
                        column.collation.clone(),
                    ));
                }
                DataEffect::DropColumn { table, column } => {
                    now.retain(|(t, c, ..)| !(same_table(t, table) && c == column));
                }
                _ => {}
            }
            let DataEffect::ChangeType { table, column, to: Some(to) } = &e else {
                refined.push(e);
                continue;
            };
            let current =
                match now.iter().position(|(t, c, ..)| same_table(t, table) && c == column) {
                    Some(i) => Some((now[i].2.clone(), now[i].3.clone())),
                    None => before
                        .tables
                        .iter()
                        .find(|t| same_table(&t.name, table))
                        .and_then(|t| t.column(column))
                        .map(|c| (c.ty.clone(), c.collation.clone())),
                };
            now.retain(|(t, c, ..)| !(same_table(t, table) && c == column));
            now.push((table.clone(), to.name.clone(), to.ty.clone(), to.collation.clone()));
            if current == Some((to.ty.clone(), to.collation.clone())) {
                refined.push(DataEffect::Alter(table.clone()));
            } else {
                refined.push(e);
            }
        }
        out.push(refined);
    }
    out
}
