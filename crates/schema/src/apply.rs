//! Apply changes to a model: what the database would do, in memory.
//!
//! Used to plan renames (the diff renames `from` first, then compares), and
//! by the property tests that hold the diff to its contract:
//! `apply(A, diff(A, B)) == B`.

use crate::change::{Change, CommentTarget};
use crate::model::*;
use crate::normalize::normalize;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot apply `{change}`: {reason}")]
pub struct ApplyError {
    pub change: String,
    pub reason: String,
}

/// Apply `changes` to a copy of `schema`; the result is normalized.
pub fn apply(schema: &Schema, changes: &[Change]) -> Result<Schema, ApplyError> {
    let mut s = schema.clone();
    for c in changes {
        apply_one(&mut s, c).map_err(|reason| ApplyError { change: c.describe(), reason })?;
    }
    normalize(&mut s);
    Ok(s)
}

fn table<'a>(s: &'a mut Schema, name: &QualifiedName) -> Result<&'a mut Table, String> {
    s.table_mut(name).ok_or_else(|| format!("table {name} does not exist"))
}

fn remove_where<T>(v: &mut Vec<T>, what: &str, pred: impl Fn(&T) -> bool) -> Result<(), String> {
    let before = v.len();
    v.retain(|x| !pred(x));
    if v.len() == before {
        Err(format!("{what} does not exist"))
    } else {
        Ok(())
    }
}

fn add_unique<T: PartialEq>(v: &mut Vec<T>, item: T, what: &str) -> Result<(), String> {
    if v.contains(&item) {
        return Err(format!("{what} already exists"));
    }
    v.push(item);
    Ok(())
}

fn apply_one(s: &mut Schema, change: &Change) -> Result<(), String> {
    use Change::*;
    match change {
        CreateNamespace(n) => add_unique(&mut s.namespaces, n.clone(), "schema")?,
        DropNamespace(n) => remove_where(&mut s.namespaces, "schema", |x| x.name == n.name)?,
        CreateExtension(e) => add_unique(&mut s.extensions, e.clone(), "extension")?,
        DropExtension(e) => remove_where(&mut s.extensions, "extension", |x| x.name == e.name)?,
        CreateEnum(e) => {
            if s.enum_type(&e.name).is_some() {
                return Err(format!("enum {} already exists", e.name));
            }
            s.enums.push(e.clone())
        }
        DropEnum(e) => remove_where(&mut s.enums, "enum", |x| x.name == e.name)?,
        AddEnumValue { to, .. } | RebuildEnum { to, .. } => {
            let e = s
                .enums
                .iter_mut()
                .find(|x| x.name == to.name)
                .ok_or_else(|| format!("enum {} does not exist", to.name))?;
            e.values = to.values.clone();
        }
        CreateDomain(d) => s.domains.push(d.clone()),
        DropDomain(d) => remove_where(&mut s.domains, "domain", |x| x.name == d.name)?,
        CreateSequence(q) => s.sequences.push(q.clone()),
        DropSequence(q) => remove_where(&mut s.sequences, "sequence", |x| x.name == q.name)?,
        AlterSequence { to, .. } => {
            let q = s
                .sequences
                .iter_mut()
                .find(|x| x.name == to.name)
                .ok_or_else(|| format!("sequence {} does not exist", to.name))?;
            *q = (**to).clone();
        }
        CreateTable(t) => {
            if s.table(&t.name).is_some() {
                return Err(format!("table {} already exists", t.name));
            }
            s.tables.push(t.clone())
        }
        DropTable(t) => remove_where(&mut s.tables, "table", |x| x.name == t.name)?,
        RenameTable { from, to } => {
            if s.table(to).is_some() {
                return Err(format!("table {to} already exists"));
            }
            table(s, from)?.name = to.clone();
            for t in &mut s.tables {
                for fk in &mut t.foreign_keys {
                    if &fk.ref_table == from {
                        fk.ref_table = to.clone();
                    }
                }
            }
            for q in &mut s.sequences {
                if let Some((t, _)) = &mut q.owned_by {
                    if t == from {
                        *t = to.clone();
                    }
                }
            }
        }
        RebuildTable { to, .. } => *table(s, &to.name)? = (**to).clone(),
        SetTableComment { table: name, to, .. } => table(s, name)?.comment = to.clone(),
        SetTableOptions { table: name, to, .. } => table(s, name)?.options = to.clone(),
        AddColumn { table: name, column } => {
            let t = table(s, name)?;
            if t.column(&column.name).is_some() {
                return Err(format!("column {} already exists", column.name));
            }
            t.columns.push(column.clone());
        }
        DropColumn { table: name, column } => {
            let t = table(s, name)?;
            remove_where(&mut t.columns, "column", |c| c.name == column.name)?;
        }
        RenameColumn { table: name, from, to } => {
            let t = table(s, name)?;
            if t.column(to).is_some() {
                return Err(format!("column {to} already exists"));
            }
            t.column_mut(from).ok_or_else(|| format!("column {from} does not exist"))?.name =
                to.clone();
            rename_in_table(t, from, to);
            for other in &mut s.tables {
                for fk in &mut other.foreign_keys {
                    if &fk.ref_table == name {
                        for c in &mut fk.ref_columns {
                            if c == from {
                                *c = to.clone();
                            }
                        }
                    }
                }
            }
        }
        AlterColumn { table: name, from, to } => {
            let c = table(s, name)?
                .column_mut(&from.name)
                .ok_or_else(|| format!("column {} does not exist", from.name))?;
            *c = (**to).clone();
        }
        AddPrimaryKey { table: name, key } => {
            let t = table(s, name)?;
            if t.primary_key.is_some() {
                return Err("a primary key already exists".into());
            }
            t.primary_key = Some(key.clone());
        }
        DropPrimaryKey { table: name, .. } => {
            let t = table(s, name)?;
            if t.primary_key.take().is_none() {
                return Err("there is no primary key".into());
            }
        }
        AddUnique { table: name, unique } => {
            add_unique(&mut table(s, name)?.uniques, unique.clone(), "unique constraint")?
        }
        DropUnique { table: name, unique } => {
            remove_where(&mut table(s, name)?.uniques, "unique constraint", |u| u == unique)?
        }
        AddForeignKey { table: name, fk } => {
            add_unique(&mut table(s, name)?.foreign_keys, fk.clone(), "foreign key")?
        }
        DropForeignKey { table: name, fk } => {
            remove_where(&mut table(s, name)?.foreign_keys, "foreign key", |f| f == fk)?
        }
        AddCheck { table: name, check } => {
            add_unique(&mut table(s, name)?.checks, check.clone(), "check constraint")?
        }
        DropCheck { table: name, check } => {
            remove_where(&mut table(s, name)?.checks, "check constraint", |c| c == check)?
        }
        CreateIndex { table: name, index } => {
            let t = table(s, name)?;
            if t.indexes.iter().any(|i| i.name == index.name) {
                return Err(format!("index {} already exists", index.name));
            }
            t.indexes.push(index.clone())
        }
        DropIndex { table: name, index } => {
            remove_where(&mut table(s, name)?.indexes, "index", |i| i.name == index.name)?
        }
        RenameIndex { table: name, from, to } => {
            let t = table(s, name)?;
            let ix = t
                .indexes
                .iter_mut()
                .find(|i| &i.name == from)
                .ok_or_else(|| format!("index {from} does not exist"))?;
            ix.name = to.clone();
        }
        SetIndexComment { table: name, index, to, .. } => {
            let t = table(s, name)?;
            let ix = t
                .indexes
                .iter_mut()
                .find(|i| &i.name == index)
                .ok_or_else(|| format!("index {index} does not exist"))?;
            ix.comment = to.clone();
        }
        SetObjectComment { object, to, .. } => match object {
            CommentTarget::Enum(n) => {
                s.enums
                    .iter_mut()
                    .find(|e| &e.name == n)
                    .ok_or_else(|| format!("enum {n} does not exist"))?
                    .comment = to.clone()
            }
            CommentTarget::Namespace(n) => {
                s.namespaces
                    .iter_mut()
                    .find(|x| &x.name == n)
                    .ok_or_else(|| format!("schema {n} does not exist"))?
                    .comment = to.clone()
            }
        },
        CreateView(v) => s.views.push(v.clone()),
        DropView(v) => remove_where(&mut s.views, "view", |x| x.name == v.name)?,
    }
    Ok(())
}

/// A renamed column keeps its keys, constraints and indexes (the database
/// follows the rename); expressions are not rewritten.
fn rename_in_table(t: &mut Table, from: &str, to: &str) {
    let fix = |cols: &mut Vec<String>| {
        for c in cols.iter_mut() {
            if c == from {
                *c = to.to_string();
            }
        }
    };
    if let Some(pk) = &mut t.primary_key {
        fix(&mut pk.columns);
    }
    for u in &mut t.uniques {
        fix(&mut u.columns);
    }
    for f in &mut t.foreign_keys {
        fix(&mut f.columns);
    }
    for ix in &mut t.indexes {
        fix(&mut ix.include);
        for k in &mut ix.keys {
            if let IndexTarget::Column(c) = &mut k.target {
                if c == from {
                    *c = to.to_string();
                }
            }
        }
    }
}
