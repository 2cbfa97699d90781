//! Planning for SQLite: turning a diff into changes SQLite can run.
//!
//! SQLite's ALTER TABLE renames tables and columns, adds columns that need
//! no constraint and no computed default, and drops columns nothing else
//! refers to. Every other change to an existing table (altering a column,
//! adding or dropping a key, foreign key or check, and the adds and drops
//! ALTER TABLE refuses) is merged with the later changes to the same table
//! into one [`Change::RebuildTable`], placed where the first of them was.
//! Changes to the table before that point stay as they are, and the
//! rebuild's `from` is the table as they leave it; the rebuild's `to` is
//! the table in the target schema, with its indexes, so index changes after
//! that point are dropped. Table renames and drops always stay.
//!
//! SQLite cannot add a constraint to a table after creating it, so the
//! keys, checks and foreign keys the diff adds to a table it creates in the
//! same migration are folded into that CREATE TABLE. It cannot rename an
//! index either: that becomes a drop and a create. It keeps no comments:
//! comment changes are dropped.

use super::render::literal_default;
use crate::dialect::ddl::mentions;
use sluice_schema::{Change, Column, Dialect, Index, IndexTarget, QualifiedName, Schema, Table};
use std::collections::HashMap;

/// A table as the plan follows it through renames: its name in the source
/// schema, or the name it is created under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Existing(QualifiedName),
    Created(QualifiedName),
}

/// A table being rebuilt, from the change that started the rebuild on.
struct Rebuild {
    /// The table as it is when the rebuild runs.
    from: Table,
    /// Its columns as the absorbed changes rename, add and drop them:
    /// (current name, the column of `from` its data comes from).
    columns: Vec<(String, Option<String>)>,
}

pub(crate) fn plan(from: &Schema, to: &Schema, changes: Vec<Change>) -> Vec<Change> {
    let changes: Vec<Change> = changes.into_iter().filter(|c| !does_nothing(c)).collect();

    // The tables as SQLite's own ALTERs leave them, by key; and which key
    // each current name refers to.
    let mut state: HashMap<Key, Table> = HashMap::new();
    let mut current: HashMap<QualifiedName, Key> = HashMap::new();
    for t in &from.tables {
        let key = Key::Existing(t.name.clone());
        state.insert(key.clone(), t.clone());
        current.insert(t.name.clone(), key);
    }
    // Earlier names of each column, to find references made before a rename.
    let mut renamed: HashMap<Key, Vec<(String, String)>> = HashMap::new();
    let mut rebuilds: HashMap<Key, Rebuild> = HashMap::new();
    // Per change: what becomes of it.
    let mut fate: Vec<Fate> = Vec::with_capacity(changes.len());

    for change in &changes {
        let key = match change {
            Change::RenameTable { from: old, to: new } => {
                let key = current.remove(old).unwrap_or_else(|| Key::Existing(old.clone()));
                if let Some(t) = state.get_mut(&key) {
                    t.name = new.clone();
                }
                // SQLite points the foreign keys of other tables at the new name.
                for t in state.values_mut() {
                    for fk in t.foreign_keys.iter_mut().filter(|f| &f.ref_table == old) {
                        fk.ref_table = new.clone();
                    }
                }
                current.insert(new.clone(), key);
                fate.push(Fate::Keep);
                continue;
            }
            Change::CreateTable(t) => {
                let key = Key::Created(t.name.clone());
                current.insert(t.name.clone(), key.clone());
                state.insert(key, t.clone());
                fate.push(Fate::Keep);
                continue;
            }
            Change::DropTable(t) => {
                if let Some(key) = current.remove(&t.name) {
                    state.remove(&key);
                }
                fate.push(Fate::Keep);
                continue;
            }
            _ => match change.table().and_then(|n| current.get(n)) {
                Some(key) => key.clone(),
                None => {
                    fate.push(Fate::Keep);
                    continue;
                }
            },
        };

        if let Key::Created(_) = key {
            fate.push(if is_constraint_add(change) {
                Fate::FoldIntoCreate(key)
            } else {
                Fate::Keep
            });
            continue;
        }
        if let Some(rebuild) = rebuilds.get_mut(&key) {
            track_columns(&mut rebuild.columns, change);
            fate.push(Fate::Absorbed);
            continue;
        }
        // A table the source schema does not have (the changes and the
        // schema disagree): nothing to plan with, so leave the change.
        let Some(table) = state.get(&key) else {
            fate.push(Fate::Keep);
            continue;
        };
        let history = renamed.get(&key).map(Vec::as_slice).unwrap_or_default();
        if needs_rebuild(change, table, history) {
            let mut rebuild = Rebuild {
                from: table.clone(),
                columns: table
                    .columns
                    .iter()
                    .map(|c| (c.name.clone(), Some(c.name.clone())))
                    .collect(),
            };
            track_columns(&mut rebuild.columns, change);
            rebuilds.insert(key.clone(), rebuild);
            fate.push(Fate::StartRebuild(key));
            continue;
        }
        let Some(table) = state.get_mut(&key) else { unreachable!("found just above") };
        if let Change::RenameIndex { from: old, to: new, .. } = change {
            let index = table.indexes.iter().find(|i| &i.name == old).cloned();
            match index {
                Some(index) => {
                    let renamed_index = Index { name: new.clone(), ..index.clone() };
                    apply_native(table, change);
                    fate.push(Fate::DropAndCreateIndex(Box::new((index, renamed_index))));
                }
                None => fate.push(Fate::Keep),
            }
            continue;
        }
        apply_native(table, change);
        if let Change::RenameColumn { table: name, from: old, to: new } = change {
            renamed.entry(key.clone()).or_default().push((old.clone(), new.clone()));
            // ... and the foreign keys that reference the renamed column.
            for t in state.values_mut() {
                for fk in t.foreign_keys.iter_mut().filter(|f| &f.ref_table == name) {
                    for c in fk.ref_columns.iter_mut().filter(|c| *c == old) {
                        *c = new.clone();
                    }
                }
            }
        }
        fate.push(Fate::Keep);
    }

    // Where each key ends up: its name in the target schema.
    let final_name: HashMap<Key, QualifiedName> =
        current.into_iter().map(|(name, key)| (key, name)).collect();

    let mut out = Vec::with_capacity(changes.len());
    let mut created: HashMap<Key, usize> = HashMap::new();
    for (change, fate) in changes.into_iter().zip(fate) {
        match fate {
            Fate::Keep => {
                if let Change::CreateTable(t) = &change {
                    created.insert(Key::Created(t.name.clone()), out.len());
                }
                out.push(change);
            }
            Fate::Absorbed => {}
            Fate::DropAndCreateIndex(pair) => {
                let (old, new) = *pair;
                let table = change.table().expect("an index change names its table").clone();
                out.push(Change::DropIndex { table: table.clone(), index: old });
                out.push(Change::CreateIndex { table, index: new });
            }
            Fate::FoldIntoCreate(key) => match created.get(&key) {
                Some(&at) => {
                    if let Change::CreateTable(t) = &mut out[at] {
                        fold_constraint(t, change);
                    }
                }
                None => out.push(change),
            },
            Fate::StartRebuild(key) => {
                let rebuild = rebuilds.remove(&key).expect("a rebuild was started");
                let target = final_name.get(&key).and_then(|n| to.table(n));
                // A table rebuilt and then dropped needs no rebuild.
                let Some(target) = target else { continue };
                let column_map = target
                    .columns
                    .iter()
                    .filter_map(|c| {
                        rebuild
                            .columns
                            .iter()
                            .find(|(name, _)| *name == c.name)
                            .and_then(|(_, origin)| origin.clone().map(|o| (c.name.clone(), o)))
                    })
                    .collect();
                // Later renames of the table stay: the rebuild keeps the
                // name the table has when it runs.
                let to_table = Table { name: rebuild.from.name.clone(), ..target.clone() };
                out.push(Change::RebuildTable {
                    from: Box::new(rebuild.from),
                    to: Box::new(to_table),
                    column_map,
                });
            }
        }
    }
    out
}

enum Fate {
    Keep,
    /// Part of a rebuild started by an earlier change.
    Absorbed,
    StartRebuild(Key),
    /// A constraint added to a table created earlier in the same plan.
    FoldIntoCreate(Key),
    /// SQLite has no ALTER INDEX .. RENAME.
    DropAndCreateIndex(Box<(Index, Index)>),
}

/// Comments have no place in SQLite: comment changes, and column
/// alterations that change only the comment (or nothing), do nothing.
fn does_nothing(change: &Change) -> bool {
    match change {
        Change::SetTableComment { .. }
        | Change::SetIndexComment { .. }
        | Change::SetObjectComment { .. } => true,
        Change::AlterColumn { from, to, .. } => {
            Column { comment: to.comment.clone(), ..(**from).clone() } == **to
        }
        _ => false,
    }
}

fn is_constraint_add(change: &Change) -> bool {
    matches!(
        change,
        Change::AddPrimaryKey { .. }
            | Change::AddUnique { .. }
            | Change::AddForeignKey { .. }
            | Change::AddCheck { .. }
    )
}

fn fold_constraint(t: &mut Table, change: Change) {
    match change {
        Change::AddPrimaryKey { key, .. } => t.primary_key = Some(key),
        Change::AddUnique { unique, .. } if !t.uniques.contains(&unique) => t.uniques.push(unique),
        Change::AddForeignKey { fk, .. } if !t.foreign_keys.contains(&fk) => {
            t.foreign_keys.push(fk)
        }
        Change::AddCheck { check, .. } if !t.checks.contains(&check) => t.checks.push(check),
        _ => {}
    }
}

/// Whether SQLite's ALTER TABLE cannot make `change` to `table` (as it is
/// at that point of the plan). `history` lists the table's column renames
/// so far, as (old, new).
fn needs_rebuild(change: &Change, table: &Table, history: &[(String, String)]) -> bool {
    match change {
        Change::AlterColumn { .. }
        | Change::SetTableOptions { .. }
        | Change::AddPrimaryKey { .. }
        | Change::DropPrimaryKey { .. }
        | Change::AddUnique { .. }
        | Change::DropUnique { .. }
        | Change::AddForeignKey { .. }
        | Change::DropForeignKey { .. }
        | Change::AddCheck { .. }
        | Change::DropCheck { .. } => true,
        Change::AddColumn { column, .. } => !can_add_column(column),
        Change::DropColumn { column, .. } => {
            let names = former_names(&column.name, history);
            is_referenced(table, &column.name, &names)
        }
        _ => false,
    }
}

/// What `ALTER TABLE .. ADD COLUMN` accepts on a table that has rows: no
/// stored generated column, a default that is a plain literal (not
/// CURRENT_TIME and friends), and NOT NULL only with a non-null default.
/// (Keys, uniques and foreign keys come as their own changes.)
fn can_add_column(column: &Column) -> bool {
    if column.generated.as_ref().is_some_and(|g| g.stored) || column.identity.is_some() {
        return false;
    }
    let default_ok = match &column.default {
        None => true,
        Some(e) => {
            let lower = e.as_str().to_ascii_lowercase();
            literal_default(e) && !lower.starts_with("current_")
        }
    };
    let non_null_default =
        column.default.as_ref().is_some_and(|e| !e.as_str().eq_ignore_ascii_case("null"));
    default_ok && (column.nullable || non_null_default)
}

/// The names a column has had: its current one and each earlier one.
fn former_names(name: &str, history: &[(String, String)]) -> Vec<String> {
    let mut names = vec![name.to_string()];
    let mut cur = name.to_string();
    for (old, new) in history.iter().rev() {
        if *new == cur {
            cur = old.clone();
            names.push(cur.clone());
        }
    }
    names
}

/// Whether anything in the table refers to the column, which makes
/// SQLite refuse DROP COLUMN: a key, unique, foreign key, index (key,
/// expression or predicate), check, or another column's generation
/// expression. Expressions are searched under every name the column has
/// had, since a rename in this plan may not be reflected in their text.
fn is_referenced(table: &Table, name: &str, names: &[String]) -> bool {
    let listed = |cols: &[String]| cols.iter().any(|c| c == name);
    let in_expr = |e: &str| names.iter().any(|n| mentions(e, n, Dialect::Sqlite));
    table.primary_key.as_ref().is_some_and(|pk| listed(&pk.columns))
        || table.uniques.iter().any(|u| listed(&u.columns))
        || table.foreign_keys.iter().any(|f| listed(&f.columns))
        || table.checks.iter().any(|c| in_expr(c.expr.as_str()))
        || table.indexes.iter().any(|i| {
            listed(&i.include)
                || i.predicate.as_ref().is_some_and(|p| in_expr(p.as_str()))
                || i.keys.iter().any(|k| match &k.target {
                    IndexTarget::Column(c) => c == name,
                    IndexTarget::Expr(e) => in_expr(e.as_str()),
                })
        })
        || table
            .columns
            .iter()
            .filter(|c| c.name != name)
            .any(|c| c.generated.as_ref().is_some_and(|g| in_expr(g.expr.as_str())))
}

/// Follow an absorbed change's effect on the rebuilt table's columns.
fn track_columns(columns: &mut Vec<(String, Option<String>)>, change: &Change) {
    match change {
        Change::RenameColumn { from, to, .. } => {
            if let Some(entry) = columns.iter_mut().find(|(n, _)| n == from) {
                entry.0 = to.clone();
            }
        }
        Change::AddColumn { column, .. } => columns.push((column.name.clone(), None)),
        Change::DropColumn { column, .. } => columns.retain(|(n, _)| *n != column.name),
        _ => {}
    }
}

/// What SQLite's own ALTER does to the table, for the changes kept as they
/// are (renames also update the keys, indexes and foreign keys naming the
/// column, as SQLite does).
fn apply_native(table: &mut Table, change: &Change) {
    match change {
        Change::RenameColumn { from, to, .. } => {
            let rename = |cols: &mut Vec<String>| {
                for c in cols.iter_mut().filter(|c| *c == from) {
                    *c = to.clone();
                }
            };
            if let Some(col) = table.column_mut(from) {
                col.name = to.clone();
            }
            if let Some(pk) = &mut table.primary_key {
                rename(&mut pk.columns);
            }
            table.uniques.iter_mut().for_each(|u| rename(&mut u.columns));
            table.foreign_keys.iter_mut().for_each(|f| rename(&mut f.columns));
            for index in &mut table.indexes {
                rename(&mut index.include);
                for key in &mut index.keys {
                    if let IndexTarget::Column(c) = &mut key.target {
                        if c == from {
                            *c = to.clone();
                        }
                    }
                }
            }
        }
        Change::AddColumn { column, .. } => table.columns.push(column.clone()),
        Change::DropColumn { column, .. } => table.columns.retain(|c| c.name != column.name),
        Change::CreateIndex { index, .. } => table.indexes.push(index.clone()),
        Change::DropIndex { index, .. } => table.indexes.retain(|i| i.name != index.name),
        Change::RenameIndex { from, to, .. } => {
            if let Some(i) = table.indexes.iter_mut().find(|i| &i.name == from) {
                i.name = to.clone();
            }
        }
        _ => {}
    }
}
