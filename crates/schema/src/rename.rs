//! Renames are never guessed. They are declared ([`Hints`]: comments in the
//! schema files or `--rename` flags), confirmed interactively, or refused.
//! [`rename_candidates`] lists the drop+add pairs that look like renames, so
//! the caller can ask, or stop and say how to declare each.

use crate::model::{QualifiedName, Schema, Table};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Declared renames, all in the direction old -> new.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    pub tables: Vec<(QualifiedName, QualifiedName)>,
    /// (table as named in the new schema, old column, new column)
    pub columns: Vec<(QualifiedName, String, String)>,
    /// (table as named in the new schema, old index, new index)
    pub indexes: Vec<(QualifiedName, String, String)>,
    /// Drop+add pairs the user said are not renames (answered "no").
    pub not_renames: Vec<RenameCandidate>,
}

impl Hints {
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.columns.is_empty() && self.indexes.is_empty()
    }

    pub fn extend(&mut self, other: Hints) {
        self.tables.extend(other.tables);
        self.columns.extend(other.columns);
        self.indexes.extend(other.indexes);
        self.not_renames.extend(other.not_renames);
    }

    /// Record a candidate as a declared rename.
    pub fn accept(&mut self, c: &RenameCandidate) {
        match c {
            RenameCandidate::Table { from, to } => self.tables.push((from.clone(), to.clone())),
            RenameCandidate::Column { table, from, to } => {
                self.columns.push((table.clone(), from.clone(), to.clone()))
            }
        }
    }

    /// The old name of a table of the new schema, if it was renamed.
    pub fn old_table_name(&self, new: &QualifiedName) -> Option<&QualifiedName> {
        self.tables.iter().find(|(_, n)| n == new).map(|(o, _)| o)
    }

    pub fn old_column_name(&self, table: &QualifiedName, new: &str) -> Option<&str> {
        self.columns.iter().find(|(t, _, n)| t == table && n == new).map(|(_, o, _)| o.as_str())
    }

    pub fn old_index_name(&self, table: &QualifiedName, new: &str) -> Option<&str> {
        self.indexes.iter().find(|(t, _, n)| t == table && n == new).map(|(_, o, _)| o.as_str())
    }
}

/// A dropped object and an added one that may be the same object renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RenameCandidate {
    Table {
        from: QualifiedName,
        to: QualifiedName,
    },
    /// `table` is the table's name in the new schema.
    Column {
        table: QualifiedName,
        from: String,
        to: String,
    },
}

impl RenameCandidate {
    /// How to declare this rename, for messages.
    pub fn how_to_declare(&self) -> String {
        match self {
            RenameCandidate::Table { from, to } => format!(
                "put `-- sluice:renamed-from {}` on the line before `CREATE TABLE {}`, or pass `--rename {}={}`",
                from.name, to, from, to.name
            ),
            RenameCandidate::Column { table, from, to } => format!(
                "put `-- sluice:renamed-from {from}` on the line before column `{to}` of {table}, or pass `--rename {table}.{from}={to}`"
            ),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            RenameCandidate::Table { from, to } => format!("table {from} -> {to}"),
            RenameCandidate::Column { table, from, to } => format!("column {table}.{from} -> {to}"),
        }
    }
}

/// Drop+add pairs that look like renames and are neither declared nor
/// refused in `hints`. Tables: same namespace, and at least half of the
/// columns the same (name and type). Columns: same table, same type, one
/// dropped and one added.
pub fn rename_candidates(from: &Schema, to: &Schema, hints: &Hints) -> Vec<RenameCandidate> {
    let mut out = Vec::new();
    let (from_tables, to_tables) = (tables_by_name(from), tables_by_name(to));
    let declared_old: Vec<&QualifiedName> = hints.tables.iter().map(|(o, _)| o).collect();
    let declared_new: Vec<&QualifiedName> = hints.tables.iter().map(|(_, n)| n).collect();
    let dropped: Vec<_> = from
        .tables
        .iter()
        .filter(|t| !to_tables.contains_key(&t.name) && !declared_old.contains(&&t.name))
        .collect();
    let added: Vec<_> = to
        .tables
        .iter()
        .filter(|t| !from_tables.contains_key(&t.name) && !declared_new.contains(&&t.name))
        .collect();
    for d in &dropped {
        for a in &added {
            if d.name.schema != a.name.schema {
                continue;
            }
            let same = d
                .columns
                .iter()
                .filter(|c| a.column(&c.name).is_some_and(|ac| ac.ty == c.ty))
                .count();
            let most = d.columns.len().max(a.columns.len()).max(1);
            if same * 2 >= most && same > 0 {
                let c = RenameCandidate::Table { from: d.name.clone(), to: a.name.clone() };
                if !hints.not_renames.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    // Columns, on tables present on both sides (following declared table renames).
    for new_t in &to.tables {
        let old_name = hints.old_table_name(&new_t.name).unwrap_or(&new_t.name);
        let Some(&old_t) = from_tables.get(old_name) else {
            continue;
        };
        // The same columns by name: none dropped, none added (most tables).
        if old_t.columns.len() == new_t.columns.len()
            && old_t.columns.iter().zip(&new_t.columns).all(|(o, n)| o.name == n.name)
        {
            continue;
        }
        let declared: Vec<(&str, &str)> = hints
            .columns
            .iter()
            .filter(|(t, _, _)| t == &new_t.name)
            .map(|(_, o, n)| (o.as_str(), n.as_str()))
            .collect();
        let dropped: Vec<_> = old_t
            .columns
            .iter()
            .filter(|c| {
                new_t.column(&c.name).is_none() && !declared.iter().any(|(o, _)| *o == c.name)
            })
            .collect();
        let added: Vec<_> = new_t
            .columns
            .iter()
            .filter(|c| {
                old_t.column(&c.name).is_none() && !declared.iter().any(|(_, n)| *n == c.name)
            })
            .collect();
        for d in &dropped {
            for a in &added {
                if d.ty == a.ty {
                    let c = RenameCandidate::Column {
                        table: new_t.name.clone(),
                        from: d.name.clone(),
                        to: a.name.clone(),
                    };
                    if !hints.not_renames.contains(&c) {
                        out.push(c);
                    }
                }
            }
        }
    }
    out
}

/// Tables by name, as [`Schema::table`] finds them (the first of a name).
fn tables_by_name(s: &Schema) -> HashMap<&QualifiedName, &Table> {
    let mut map = HashMap::with_capacity(s.tables.len());
    for t in &s.tables {
        map.entry(&t.name).or_insert(t);
    }
    map
}
