//! `diff(&from, &to, &hints) -> Vec<Change>`: the changes that turn one
//! schema into the other, in an order the database accepts.
//!
//! Declared renames are applied to `from` first (as changes at the head of
//! the list); the rest is compared by name. Order: namespaces, extensions,
//! enums, domains, sequences; then drops of dependents (foreign keys, views,
//! indexes, constraints); then table creates, column changes and table
//! drops; then constraints, foreign keys, indexes, views; finally the drops
//! of types, sequences, extensions and namespaces nothing uses any more.
//! Tables are created and dropped without their foreign keys and indexes,
//! which are separate changes, so any table order works and every change
//! has an exact reverse.
//!
//! Column order is not compared: a database appends added columns, so
//! column order carries no migration meaning.

use crate::apply::apply;
use crate::change::{Change, CommentTarget, EnumUsage};
use crate::model::*;
use crate::rename::Hints;
use std::collections::HashMap;

pub fn diff(from: &Schema, to: &Schema, hints: &Hints) -> Vec<Change> {
    let renames = rename_changes(from, to, hints);
    let renamed;
    let from = if renames.is_empty() {
        from
    } else {
        // Each rename was checked against `from` when it was collected.
        renamed = apply(from, &renames).unwrap_or_else(|_| from.clone());
        &renamed
    };
    structural(from, to, renames)
}

/// Undo a list of changes: reversed, each reversed.
pub fn reverse_all(changes: &[Change]) -> Vec<Change> {
    changes.iter().rev().map(Change::reverse).collect()
}

fn rename_changes(from: &Schema, to: &Schema, hints: &Hints) -> Vec<Change> {
    let mut out = Vec::new();
    for (old, new) in &hints.tables {
        if from.table(old).is_some() && from.table(new).is_none() && to.table(new).is_some() {
            out.push(Change::RenameTable { from: old.clone(), to: new.clone() });
        }
    }
    for (table, old, new) in &hints.columns {
        let old_table = hints.old_table_name(table).unwrap_or(table);
        let Some(ft) = from.table(old_table) else {
            continue;
        };
        let Some(tt) = to.table(table) else { continue };
        if ft.column(old).is_some() && ft.column(new).is_none() && tt.column(new).is_some() {
            out.push(Change::RenameColumn {
                table: table.clone(),
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    for (table, old, new) in &hints.indexes {
        let old_table = hints.old_table_name(table).unwrap_or(table);
        let Some(ft) = from.table(old_table) else {
            continue;
        };
        let Some(tt) = to.table(table) else { continue };
        let has = |t: &Table, n: &str| t.indexes.iter().any(|i| i.name == n);
        if has(ft, old) && !has(ft, new) && has(tt, new) {
            out.push(Change::RenameIndex {
                table: table.clone(),
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    out
}

/// Items by a key borrowed from them (names are not copied to look them up).
fn by_name<'a, T, K: std::hash::Hash + Eq>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> HashMap<K, &'a T> {
    items.iter().map(|i| (key(i), i)).collect()
}

/// A table as its create/drop carries it: without foreign keys and indexes
/// (which are not cloned only to be dropped).
fn bare(t: &Table) -> Table {
    let Table {
        name,
        columns,
        primary_key,
        uniques,
        foreign_keys: _,
        checks,
        indexes: _,
        comment,
        options,
    } = t;
    Table {
        name: name.clone(),
        columns: columns.clone(),
        primary_key: primary_key.clone(),
        uniques: uniques.clone(),
        foreign_keys: Vec::new(),
        checks: checks.clone(),
        indexes: Vec::new(),
        comment: comment.clone(),
        options: options.clone(),
    }
}

fn uses_type(ty: &SqlType, name: &QualifiedName) -> bool {
    match ty {
        SqlType::Named { name: n } => n == name,
        SqlType::Array { element, .. } => uses_type(element, name),
        _ => false,
    }
}

/// The columns whose type is the named type (or an array of it).
pub fn type_usages(s: &Schema, name: &QualifiedName) -> Vec<EnumUsage> {
    let mut out = Vec::new();
    for t in &s.tables {
        for c in &t.columns {
            if uses_type(&c.ty, name) {
                out.push(EnumUsage { table: t.name.clone(), column: c.clone() });
            }
        }
    }
    out
}

/// Whether a view's query names `name` as a whole word.
fn mentions(v: &View, name: &str) -> bool {
    v.definition.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).any(|w| w == name)
}

/// Views ordered so that each comes after the views its query names (a
/// name counts when it appears as a whole word); a cycle keeps name order.
fn by_dependency(mut views: Vec<&View>) -> Vec<&View> {
    let mut out: Vec<&View> = Vec::with_capacity(views.len());
    while !views.is_empty() {
        let ready = views
            .iter()
            .position(|v| !views.iter().any(|o| o.name != v.name && mentions(v, &o.name.name)));
        out.push(views.remove(ready.unwrap_or(0)));
    }
    out
}

/// `to` keeps every value of `from` in the same relative order.
fn only_additions(from: &[String], to: &[String]) -> bool {
    let mut it = to.iter();
    from.iter().all(|v| it.any(|w| w == v))
}

/// Lists of changes by phase; concatenated in field order.
#[derive(Default)]
struct Phases {
    head: Vec<Change>,
    fk_drops: Vec<Change>,
    drops: Vec<Change>,
    tables: Vec<Change>,
    table_drops: Vec<Change>,
    adds: Vec<Change>,
    fk_adds: Vec<Change>,
    index_adds: Vec<Change>,
    views: Vec<Change>,
    tail: Vec<Change>,
}

/// The changes from `from` to `to`, after `first` (the renames).
fn structural(from: &Schema, to: &Schema, first: Vec<Change>) -> Vec<Change> {
    let mut p = Phases::default();

    // Namespaces and extensions.
    let fns = by_name(&from.namespaces, |n| &n.name);
    let tns = by_name(&to.namespaces, |n| &n.name);
    for n in &to.namespaces {
        match fns.get(&n.name) {
            None => p.head.push(Change::CreateNamespace(n.clone())),
            Some(old) if old.comment != n.comment => p.head.push(Change::SetObjectComment {
                object: CommentTarget::Namespace(n.name.clone()),
                from: old.comment.clone(),
                to: n.comment.clone(),
            }),
            _ => {}
        }
    }
    for n in &from.namespaces {
        if !tns.contains_key(&n.name) {
            p.tail.push(Change::DropNamespace(n.clone()));
        }
    }
    let fext = by_name(&from.extensions, |e| &e.name);
    let text = by_name(&to.extensions, |e| &e.name);
    for e in &to.extensions {
        match fext.get(&e.name) {
            None => p.head.push(Change::CreateExtension(e.clone())),
            Some(old) if *old != e => {
                p.tail.push(Change::DropExtension((*old).clone()));
                p.head.push(Change::CreateExtension(e.clone()));
            }
            _ => {}
        }
    }
    for e in &from.extensions {
        if !text.contains_key(&e.name) {
            p.tail.push(Change::DropExtension(e.clone()));
        }
    }

    // Enums.
    let fen = by_name(&from.enums, |e| &e.name);
    let ten = by_name(&to.enums, |e| &e.name);
    for e in &to.enums {
        match fen.get(&e.name) {
            None => p.head.push(Change::CreateEnum(e.clone())),
            Some(old) if old.values != e.values => {
                let usages = type_usages(from, &e.name);
                let target = EnumType { comment: old.comment.clone(), ..e.clone() };
                let change = if only_additions(&old.values, &e.values) {
                    Change::AddEnumValue { from: (*old).clone(), to: target, usages }
                } else {
                    Change::RebuildEnum { from: (*old).clone(), to: target, usages }
                };
                p.head.push(change);
            }
            _ => {}
        }
        if let Some(old) = fen.get(&e.name) {
            if old.comment != e.comment {
                p.head.push(Change::SetObjectComment {
                    object: CommentTarget::Enum(e.name.clone()),
                    from: old.comment.clone(),
                    to: e.comment.clone(),
                });
            }
        }
    }
    for e in &from.enums {
        if !ten.contains_key(&e.name) {
            p.tail.push(Change::DropEnum(e.clone()));
        }
    }

    // Domains: changed ones are replaced.
    let fdo = by_name(&from.domains, |d| &d.name);
    let tdo = by_name(&to.domains, |d| &d.name);
    for d in &to.domains {
        match fdo.get(&d.name) {
            None => p.head.push(Change::CreateDomain(d.clone())),
            Some(old) if *old != d => {
                p.head.push(Change::DropDomain((*old).clone()));
                p.head.push(Change::CreateDomain(d.clone()));
            }
            _ => {}
        }
    }
    for d in &from.domains {
        if !tdo.contains_key(&d.name) {
            p.tail.push(Change::DropDomain(d.clone()));
        }
    }

    // Sequences.
    let fsq = by_name(&from.sequences, |q| &q.name);
    let tsq = by_name(&to.sequences, |q| &q.name);
    for q in &to.sequences {
        match fsq.get(&q.name) {
            None => p.head.push(Change::CreateSequence(q.clone())),
            Some(old) if *old != q => p.head.push(Change::AlterSequence {
                from: Box::new((*old).clone()),
                to: Box::new(q.clone()),
            }),
            _ => {}
        }
    }
    for q in &from.sequences {
        if !tsq.contains_key(&q.name) {
            p.tail.push(Change::DropSequence(q.clone()));
        }
    }

    // Views: changed ones are dropped early and created last.
    let fvw = by_name(&from.views, |v| &v.name);
    let tvw = by_name(&to.views, |v| &v.name);
    let mut dropped: Vec<&View> =
        from.views.iter().filter(|v| tvw.get(&v.name).is_none_or(|n| *n != *v)).collect();
    // A view that uses a dropped view goes too (the server refuses
    // otherwise), and comes back if the target schema still has it.
    loop {
        let more: Vec<&View> = from
            .views
            .iter()
            .filter(|v| !dropped.iter().any(|d| d.name == v.name))
            .filter(|v| dropped.iter().any(|d| mentions(v, &d.name.name)))
            .collect();
        if more.is_empty() {
            break;
        }
        dropped.extend(more);
    }
    for v in by_dependency(dropped.clone()).into_iter().rev() {
        p.drops.push(Change::DropView(v.clone()));
    }
    let created: Vec<&View> = to
        .views
        .iter()
        .filter(|v| {
            fvw.get(&v.name).is_none_or(|o| *o != *v) || dropped.iter().any(|d| d.name == v.name)
        })
        .collect();
    for v in by_dependency(created) {
        p.views.push(Change::CreateView(v.clone()));
    }

    // Tables.
    let ftb = by_name(&from.tables, |t| &t.name);
    let ttb = by_name(&to.tables, |t| &t.name);
    // A table created or dropped whole brings all its foreign keys and
    // indexes: room for them from the start (growing lists of changes
    // copies them into fresh memory, megabytes for thousands of tables).
    let whole = |tables: &[Table], other: &HashMap<&QualifiedName, &Table>| {
        let only: Vec<&Table> = tables.iter().filter(|t| !other.contains_key(&t.name)).collect();
        let keys = only.iter().map(|t| t.foreign_keys.len()).sum::<usize>();
        let indexes = only.iter().map(|t| t.indexes.len()).sum::<usize>();
        (only.len(), keys, indexes)
    };
    let (created, keys, indexes) = whole(&to.tables, &ftb);
    p.tables.reserve(created);
    p.fk_adds.reserve(keys);
    p.index_adds.reserve(indexes);
    let (dropped, keys, indexes) = whole(&from.tables, &ttb);
    p.table_drops.reserve(dropped);
    p.fk_drops.reserve(keys);
    p.drops.reserve(indexes);
    for t in &to.tables {
        match ftb.get(&t.name) {
            None => {
                p.tables.push(Change::CreateTable(bare(t)));
                for fk in &t.foreign_keys {
                    p.fk_adds.push(Change::AddForeignKey { table: t.name.clone(), fk: fk.clone() });
                }
                for ix in &t.indexes {
                    p.index_adds
                        .push(Change::CreateIndex { table: t.name.clone(), index: ix.clone() });
                }
            }
            Some(old) => diff_table(old, t, &mut p),
        }
    }
    for t in &from.tables {
        if !ttb.contains_key(&t.name) {
            for fk in &t.foreign_keys {
                p.fk_drops.push(Change::DropForeignKey { table: t.name.clone(), fk: fk.clone() });
            }
            for ix in &t.indexes {
                p.drops.push(Change::DropIndex { table: t.name.clone(), index: ix.clone() });
            }
            p.table_drops.push(Change::DropTable(bare(t)));
        }
    }

    let Phases {
        head,
        fk_drops,
        drops,
        tables,
        table_drops,
        adds,
        fk_adds,
        index_adds,
        views,
        tail,
    } = p;
    // One allocation of the final size: changes are large and a schema of
    // thousands of tables has thousands of them, so growing the list step
    // by step would copy megabytes into fresh memory several times.
    let phases = [&head, &fk_drops, &drops, &tables, &table_drops, &adds, &fk_adds, &index_adds];
    let len =
        first.len() + phases.iter().map(|p| p.len()).sum::<usize>() + views.len() + tail.len();
    let mut out = Vec::with_capacity(len);
    out.extend(first);
    out.extend(head);
    out.extend(fk_drops);
    out.extend(drops);
    out.extend(tables);
    out.extend(table_drops);
    out.extend(adds);
    out.extend(fk_adds);
    out.extend(index_adds);
    out.extend(views);
    // Types and namespaces go after everything that could use them, in
    // the reverse of their creation order.
    out.extend(tail.into_iter().rev());
    out
}

fn diff_table(old: &Table, new: &Table, p: &mut Phases) {
    // Most tables of a schema are as they were: nothing to look into.
    if old == new {
        return;
    }
    let name = &new.name;

    // Constraints and indexes: removed or changed ones go first.
    if old.primary_key != new.primary_key {
        if let Some(pk) = &old.primary_key {
            p.drops.push(Change::DropPrimaryKey { table: name.clone(), key: pk.clone() });
        }
        if let Some(pk) = &new.primary_key {
            p.adds.push(Change::AddPrimaryKey { table: name.clone(), key: pk.clone() });
        }
    }
    for u in removed(&old.uniques, &new.uniques) {
        p.drops.push(Change::DropUnique { table: name.clone(), unique: u.clone() });
    }
    for u in removed(&new.uniques, &old.uniques) {
        p.adds.push(Change::AddUnique { table: name.clone(), unique: u.clone() });
    }
    for c in removed(&old.checks, &new.checks) {
        p.drops.push(Change::DropCheck { table: name.clone(), check: c.clone() });
    }
    for c in removed(&new.checks, &old.checks) {
        p.adds.push(Change::AddCheck { table: name.clone(), check: c.clone() });
    }
    for f in removed(&old.foreign_keys, &new.foreign_keys) {
        p.fk_drops.push(Change::DropForeignKey { table: name.clone(), fk: f.clone() });
    }
    for f in removed(&new.foreign_keys, &old.foreign_keys) {
        p.fk_adds.push(Change::AddForeignKey { table: name.clone(), fk: f.clone() });
    }

    // Indexes: compared without their comment, which has its own change.
    let old_ix = by_name(&old.indexes, |i| &i.name);
    let new_ix = by_name(&new.indexes, |i| &i.name);
    for ix in &old.indexes {
        match new_ix.get(&ix.name) {
            Some(n) if same_definition(n, ix) => {
                if n.comment != ix.comment {
                    p.index_adds.push(Change::SetIndexComment {
                        table: name.clone(),
                        index: ix.name.clone(),
                        from: ix.comment.clone(),
                        to: n.comment.clone(),
                    });
                }
            }
            _ => p.drops.push(Change::DropIndex { table: name.clone(), index: ix.clone() }),
        }
    }
    for ix in &new.indexes {
        if old_ix.get(&ix.name).is_none_or(|o| !same_definition(o, ix)) {
            p.index_adds.push(Change::CreateIndex { table: name.clone(), index: ix.clone() });
        }
    }

    // Columns: add, alter, drop.
    for c in &new.columns {
        match old.column(&c.name) {
            None => p.tables.push(Change::AddColumn { table: name.clone(), column: c.clone() }),
            Some(o) if o != c => p.tables.push(Change::AlterColumn {
                table: name.clone(),
                from: Box::new(o.clone()),
                to: Box::new(c.clone()),
            }),
            _ => {}
        }
    }
    for c in &old.columns {
        if new.column(&c.name).is_none() {
            p.tables.push(Change::DropColumn { table: name.clone(), column: c.clone() });
        }
    }

    if old.comment != new.comment {
        p.tables.push(Change::SetTableComment {
            table: name.clone(),
            from: old.comment.clone(),
            to: new.comment.clone(),
        });
    }
    if old.options != new.options {
        p.tables.push(Change::SetTableOptions {
            table: name.clone(),
            from: old.options.clone(),
            to: new.options.clone(),
        });
    }
}

/// Whether two indexes are the same but for their comments.
fn same_definition(a: &Index, b: &Index) -> bool {
    let Index { name, unique, method, keys, include, predicate, nulls_not_distinct, comment: _ } =
        a;
    *name == b.name
        && *unique == b.unique
        && *method == b.method
        && *keys == b.keys
        && *include == b.include
        && *predicate == b.predicate
        && *nulls_not_distinct == b.nulls_not_distinct
}

/// Items of `a` not in `b`. Constraints compare as whole values: one that
/// changed under the same name is dropped and added again.
fn removed<'a, T: PartialEq>(a: &'a [T], b: &'a [T]) -> impl Iterator<Item = &'a T> {
    a.iter().filter(move |x| !b.contains(x))
}
