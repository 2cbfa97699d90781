//! Backups before data-losing steps, and restoring them on rollback.
//!
//! Before a statement that drops a table or column, changes a column's
//! type, or deletes, updates or truncates rows (its [`DataEffect`]s), apply
//! copies what it would lose into a table of the same database
//! ([`Driver::backup_name`]) inside the same transaction, and records the
//! copy ([`BackupRecord`], in sluice's backups table). A table with a
//! primary key is copied with its key, so values go back to the rows they
//! came from: whole rows (`rows` mode) for dropped tables and DML, key and
//! column (`columns` mode) for dropped or retyped columns. A table without
//! a key is copied whole and restored whole.

use crate::driver::{DbError, DbResult, Driver};
use serde::{Deserialize, Serialize};
use sluice_schema::{Dialect, QualifiedName, Schema, Table};
use sluice_sql::dialect::{quote_ident, quote_qualified};
use sluice_sql::effects::DataEffect;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Whole rows: restored by key (update the ones present, insert the
    /// missing), or, without a key, by replacing the table's contents.
    Rows,
    /// Key and some columns: restored by updating those columns by key.
    Columns,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRecord {
    pub version: u32,
    pub seq: u32,
    /// The table the data came from.
    pub source: QualifiedName,
    /// The quoted name of the copy.
    pub backup: String,
    pub mode: Mode,
    /// Primary key columns (empty: none).
    pub key: Vec<String>,
    /// The other columns copied.
    pub columns: Vec<String>,
    pub rows: u64,
    pub bytes: Option<u64>,
    /// Why: the statement's effect, in words.
    pub reason: String,
    #[serde(default)]
    pub restored: bool,
}

/// A backup table's name: version, step and source, cut to PostgreSQL's
/// 63-byte identifier limit (at a character boundary).
pub fn backup_table_name(version: u32, seq: u32, source: &str) -> String {
    let mut name = format!("v{version:04}_{seq:02}_{source}");
    while name.len() > 63 {
        name.pop();
    }
    name
}

/// The live table an effect names (PostgreSQL: an unqualified name is in
/// `public`; SQLite compares names without regard to case).
pub fn find_table<'s>(
    live: &'s Schema,
    name: &QualifiedName,
    dialect: Dialect,
) -> Option<&'s Table> {
    live.tables.iter().find(|t| same_table(&t.name, name, dialect))
}

/// Whether two names are one table: SQLite folds case, an unqualified
/// PostgreSQL name is in `public`.
pub fn same_table(a: &QualifiedName, b: &QualifiedName, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Sqlite => a.name.eq_ignore_ascii_case(&b.name),
        _ => {
            a.name == b.name
                && a.schema.as_deref().unwrap_or("public")
                    == b.schema.as_deref().unwrap_or("public")
        }
    }
}

/// Copy what `effect` would lose from `table`. Runs inside the caller's
/// transaction, right before the statement.
pub fn take(
    d: &mut dyn Driver,
    version: u32,
    seq: u32,
    effect: &DataEffect,
    table: &Table,
) -> DbResult<BackupRecord> {
    let dialect = d.dialect();
    let key: Vec<String> =
        table.primary_key.as_ref().map(|k| k.columns.clone()).unwrap_or_default();
    let copyable = |c: &&sluice_schema::Column| c.generated.is_none();
    let (mode, columns): (Mode, Vec<String>) = match effect {
        DataEffect::DropColumn { column, .. } | DataEffect::ChangeType { column, .. }
            if !key.is_empty() && !key.iter().any(|k| k == column) =>
        {
            let col = table.columns.iter().find(|c| c.name.eq_ignore_ascii_case(column));
            (Mode::Columns, col.map(|c| vec![c.name.clone()]).unwrap_or_default())
        }
        _ => (
            Mode::Rows,
            table
                .columns
                .iter()
                .filter(copyable)
                .map(|c| c.name.clone())
                .filter(|c| !key.contains(c))
                .collect(),
        ),
    };
    let backup = d.backup_name(version, seq, &table.name);
    let source = quote_qualified(&table.name, dialect);
    let list = column_list(key.iter().chain(&columns), dialect);
    d.execute(&format!("DROP TABLE IF EXISTS {backup}"))?;
    d.execute(&format!("CREATE TABLE {backup} AS SELECT {list} FROM {source}"))?;
    let rows = count(d, &backup)?;
    let bytes = d.relation_bytes(&backup)?;
    let record = BackupRecord {
        version,
        seq,
        source: table.name.clone(),
        backup,
        mode,
        key,
        columns,
        rows,
        bytes,
        reason: effect.describe(),
        restored: false,
    };
    save(d, &record)?;
    Ok(record)
}

fn save(d: &mut dyn Driver, record: &BackupRecord) -> DbResult<()> {
    let json = serde_json::to_string(record).map_err(DbError::other)?;
    d.record_backup(record.version, record.seq, &json)
}

/// The backups of a migration, in step order.
pub fn records(d: &mut dyn Driver, version: u32) -> DbResult<Vec<BackupRecord>> {
    d.backup_records(version)?
        .iter()
        .map(|j| {
            serde_json::from_str(j).map_err(|e| {
                DbError::Other(format!("a backup record of {version:04} is unreadable: {e}"))
            })
        })
        .collect()
}

pub fn count(d: &mut dyn Driver, quoted_table: &str) -> DbResult<u64> {
    let rows = d.query_rows(&format!("SELECT count(*) FROM {quoted_table}"))?;
    rows.first()
        .and_then(|r| r.first())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| DbError::Other(format!("cannot count the rows of {quoted_table}")))
}

fn column_list<'a>(cols: impl Iterator<Item = &'a String>, dialect: Dialect) -> String {
    cols.map(|c| quote_ident(c, dialect)).collect::<Vec<_>>().join(", ")
}

/// Put a backup's data back into its table (which the down script has
/// recreated). Returns the number of rows the table holds afterwards from
/// the backup. Marks the record restored.
pub fn restore(d: &mut dyn Driver, record: &BackupRecord) -> DbResult<u64> {
    let dialect = d.dialect();
    let target = quote_qualified(&record.source, dialect);
    let b = &record.backup;
    let q = |c: &String| quote_ident(c, dialect);
    let key_match = record
        .key
        .iter()
        .map(|k| format!("_t.{} = _b.{}", q(k), q(k)))
        .collect::<Vec<_>>()
        .join(" AND ");
    let set: Vec<String> = record.columns.iter().map(q).collect();
    let all = column_list(record.key.iter().chain(&record.columns), dialect);
    let all_b = record
        .key
        .iter()
        .chain(&record.columns)
        .map(|c| format!("_b.{}", q(c)))
        .collect::<Vec<_>>()
        .join(", ");
    let overriding = d.restore_insert_clause();
    match (record.mode, record.key.is_empty()) {
        (Mode::Columns, false) => {
            if !set.is_empty() {
                let sql = d.restore_update(&target, b, &set, &key_match);
                d.execute(&sql)?;
            }
        }
        (_, false) => {
            if !set.is_empty() {
                let sql = d.restore_update(&target, b, &set, &key_match);
                d.execute(&sql)?;
            }
            d.execute(&format!(
                "INSERT INTO {target} ({all}){overriding} SELECT {all_b} FROM {b} AS _b \
                 WHERE NOT EXISTS (SELECT 1 FROM {target} AS _t WHERE {key_match})"
            ))?;
            d.after_restore(&target, &record.key)?;
        }
        (_, true) => {
            d.execute(&format!("DELETE FROM {target}"))?;
            d.execute(&format!("INSERT INTO {target} ({all}){overriding} SELECT {all} FROM {b}"))?;
        }
    }
    let mut done = record.clone();
    done.restored = true;
    save(d, &done)?;
    Ok(record.rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_postgres_identifiers() {
        assert_eq!(backup_table_name(3, 1, "public_users"), "v0003_01_public_users");
        let long = "é".repeat(40);
        let n = backup_table_name(12, 2, &long);
        assert!(n.len() <= 63 && n.starts_with("v0012_02_"), "{n}");
    }
}
