//! Changes are data: one [`Change`] per schema edit, produced by
//! [`crate::diff`], rendered to SQL by the dialects, applied to a model by
//! [`crate::apply`].
//!
//! Every change carries what its reverse needs (a dropped table keeps its
//! whole definition, an altered column keeps both sides), so the down
//! migration is `changes.reverse().map(Change::reverse)` and never needs the
//! old schema again.

use crate::model::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Change {
    CreateNamespace(Namespace),
    DropNamespace(Namespace),
    CreateExtension(Extension),
    DropExtension(Extension),

    CreateEnum(EnumType),
    DropEnum(EnumType),
    /// `ALTER TYPE .. ADD VALUE`: `to` is `from` with values inserted and
    /// nothing removed or reordered. `usages` are kept so the reverse, which
    /// must rebuild the type, can convert them.
    AddEnumValue {
        from: EnumType,
        to: EnumType,
        usages: Vec<EnumUsage>,
    },
    /// The value list changed in a way ADD VALUE cannot express (a value
    /// removed or reordered): the type is rebuilt and every column using it
    /// is converted.
    RebuildEnum {
        from: EnumType,
        to: EnumType,
        usages: Vec<EnumUsage>,
    },

    CreateDomain(Domain),
    DropDomain(Domain),

    CreateSequence(Sequence),
    DropSequence(Sequence),
    AlterSequence {
        from: Box<Sequence>,
        to: Box<Sequence>,
    },

    CreateTable(Table),
    DropTable(Table),
    RenameTable {
        from: QualifiedName,
        to: QualifiedName,
    },
    /// Replace a table through copy (SQLite's documented 12-step procedure),
    /// for changes ALTER TABLE cannot make. `column_map` pairs new columns
    /// with the old columns their data comes from.
    RebuildTable {
        from: Box<Table>,
        to: Box<Table>,
        column_map: Vec<(String, String)>,
    },
    SetTableComment {
        table: QualifiedName,
        from: Option<String>,
        to: Option<String>,
    },
    /// UNLOGGED (PostgreSQL), STRICT / WITHOUT ROWID (SQLite: a rebuild).
    SetTableOptions {
        table: QualifiedName,
        from: TableOptions,
        to: TableOptions,
    },

    AddColumn {
        table: QualifiedName,
        column: Column,
    },
    DropColumn {
        table: QualifiedName,
        column: Column,
    },
    RenameColumn {
        table: QualifiedName,
        from: String,
        to: String,
    },
    /// Any combination of type, nullability, default, identity, generated,
    /// collation and comment changes on one column.
    AlterColumn {
        table: QualifiedName,
        from: Box<Column>,
        to: Box<Column>,
    },

    AddPrimaryKey {
        table: QualifiedName,
        key: PrimaryKey,
    },
    DropPrimaryKey {
        table: QualifiedName,
        key: PrimaryKey,
    },
    AddUnique {
        table: QualifiedName,
        unique: Unique,
    },
    DropUnique {
        table: QualifiedName,
        unique: Unique,
    },
    AddForeignKey {
        table: QualifiedName,
        fk: ForeignKey,
    },
    DropForeignKey {
        table: QualifiedName,
        fk: ForeignKey,
    },
    AddCheck {
        table: QualifiedName,
        check: Check,
    },
    DropCheck {
        table: QualifiedName,
        check: Check,
    },

    CreateIndex {
        table: QualifiedName,
        index: Index,
    },
    RenameIndex {
        table: QualifiedName,
        from: String,
        to: String,
    },
    DropIndex {
        table: QualifiedName,
        index: Index,
    },
    SetIndexComment {
        table: QualifiedName,
        index: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// `COMMENT ON TYPE | SCHEMA ...` for the objects whose comment is
    /// their only changed part (tables and indexes have their own changes;
    /// domains, sequences and views are replaced or altered whole).
    SetObjectComment {
        object: CommentTarget,
        from: Option<String>,
        to: Option<String>,
    },

    CreateView(View),
    DropView(View),
}

/// A column whose type is an enum (or an array of it). Rebuilding the enum
/// converts the column, and a default on it must be dropped and set again
/// around the conversion (the server cannot cast the old default to the new
/// type), so the whole column is kept, as it is while the change runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumUsage {
    pub table: QualifiedName,
    pub column: Column,
}

/// An object that [`Change::SetObjectComment`] comments on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum CommentTarget {
    Enum(QualifiedName),
    Namespace(String),
}

impl std::fmt::Display for CommentTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommentTarget::Enum(n) => write!(f, "type {n}"),
            CommentTarget::Namespace(n) => write!(f, "schema {n}"),
        }
    }
}

/// How much a change can lose when it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataLoss {
    None,
    /// Possible, depending on the data (type narrowing, enum value removed,
    /// NOT NULL added on a column that may hold nulls).
    Possible,
    /// Certain: a table or column and its data go away.
    Certain,
}

impl Change {
    /// The change that undoes this one.
    pub fn reverse(&self) -> Change {
        use Change::*;
        match self.clone() {
            CreateNamespace(n) => DropNamespace(n),
            DropNamespace(n) => CreateNamespace(n),
            CreateExtension(e) => DropExtension(e),
            DropExtension(e) => CreateExtension(e),
            CreateEnum(e) => DropEnum(e),
            DropEnum(e) => CreateEnum(e),
            // PostgreSQL cannot drop an enum value: the reverse rebuilds the type.
            AddEnumValue { from, to, usages } => RebuildEnum { from: to, to: from, usages },
            RebuildEnum { from, to, usages } => RebuildEnum { from: to, to: from, usages },
            CreateDomain(d) => DropDomain(d),
            DropDomain(d) => CreateDomain(d),
            CreateSequence(s) => DropSequence(s),
            DropSequence(s) => CreateSequence(s),
            AlterSequence { from, to } => AlterSequence { from: to, to: from },
            CreateTable(t) => DropTable(t),
            DropTable(t) => CreateTable(t),
            RenameTable { from, to } => RenameTable { from: to, to: from },
            RebuildTable { from, to, column_map } => RebuildTable {
                from: to,
                to: from,
                column_map: column_map.into_iter().map(|(n, o)| (o, n)).collect(),
            },
            SetTableComment { table, from, to } => SetTableComment { table, from: to, to: from },
            SetTableOptions { table, from, to } => SetTableOptions { table, from: to, to: from },
            AddColumn { table, column } => DropColumn { table, column },
            DropColumn { table, column } => AddColumn { table, column },
            RenameColumn { table, from, to } => RenameColumn { table, from: to, to: from },
            AlterColumn { table, from, to } => AlterColumn { table, from: to, to: from },
            AddPrimaryKey { table, key } => DropPrimaryKey { table, key },
            DropPrimaryKey { table, key } => AddPrimaryKey { table, key },
            AddUnique { table, unique } => DropUnique { table, unique },
            DropUnique { table, unique } => AddUnique { table, unique },
            AddForeignKey { table, fk } => DropForeignKey { table, fk },
            DropForeignKey { table, fk } => AddForeignKey { table, fk },
            AddCheck { table, check } => DropCheck { table, check },
            DropCheck { table, check } => AddCheck { table, check },
            CreateIndex { table, index } => DropIndex { table, index },
            RenameIndex { table, from, to } => RenameIndex { table, from: to, to: from },
            DropIndex { table, index } => CreateIndex { table, index },
            SetIndexComment { table, index, from, to } => {
                SetIndexComment { table, index, from: to, to: from }
            }
            SetObjectComment { object, from, to } => {
                SetObjectComment { object, from: to, to: from }
            }
            CreateView(v) => DropView(v),
            DropView(v) => CreateView(v),
        }
    }

    /// What running this change can lose.
    pub fn data_loss(&self) -> DataLoss {
        use Change::*;
        match self {
            DropTable(_) | DropColumn { .. } => DataLoss::Certain,
            DropNamespace(_) | DropSequence(_) => DataLoss::Certain,
            RebuildEnum { from, to, usages } => {
                let removed = from.values.iter().any(|v| !to.values.contains(v));
                if removed && !usages.is_empty() {
                    DataLoss::Possible
                } else {
                    DataLoss::None
                }
            }
            AlterColumn { from, to, .. } => {
                if from.ty != to.ty && !to.ty.is_widening_from(&from.ty) {
                    DataLoss::Possible
                } else if from.generated.is_none() && to.generated.is_some() {
                    DataLoss::Certain
                } else {
                    DataLoss::None
                }
            }
            RebuildTable { from, to, column_map } => {
                let kept: Vec<&str> = column_map.iter().map(|(_, old)| old.as_str()).collect();
                if from.columns.iter().any(|c| !kept.contains(&c.name.as_str())) {
                    DataLoss::Certain
                } else if to.columns.iter().any(|c| {
                    from.column(&c.name)
                        .is_some_and(|o| o.ty != c.ty && !c.ty.is_widening_from(&o.ty))
                }) {
                    DataLoss::Possible
                } else {
                    DataLoss::None
                }
            }
            _ => DataLoss::None,
        }
    }

    /// The table this change touches, if any.
    pub fn table(&self) -> Option<&QualifiedName> {
        use Change::*;
        match self {
            CreateTable(t) | DropTable(t) => Some(&t.name),
            RebuildTable { to, .. } => Some(&to.name),
            RenameTable { to, .. } => Some(to),
            SetTableComment { table, .. }
            | SetTableOptions { table, .. }
            | AddColumn { table, .. }
            | DropColumn { table, .. }
            | RenameColumn { table, .. }
            | AlterColumn { table, .. }
            | AddPrimaryKey { table, .. }
            | DropPrimaryKey { table, .. }
            | AddUnique { table, .. }
            | DropUnique { table, .. }
            | AddForeignKey { table, .. }
            | DropForeignKey { table, .. }
            | AddCheck { table, .. }
            | DropCheck { table, .. }
            | CreateIndex { table, .. }
            | RenameIndex { table, .. }
            | DropIndex { table, .. }
            | SetIndexComment { table, .. } => Some(table),
            _ => None,
        }
    }

    /// A one-line description in words, for reviews and `--json`.
    pub fn describe(&self) -> String {
        use Change::*;
        match self {
            CreateNamespace(n) => format!("create schema {}", n.name),
            DropNamespace(n) => format!("drop schema {}", n.name),
            CreateExtension(e) => format!("create extension {}", e.name),
            DropExtension(e) => format!("drop extension {}", e.name),
            CreateEnum(e) => format!("create enum {} ({} values)", e.name, e.values.len()),
            DropEnum(e) => format!("drop enum {}", e.name),
            AddEnumValue { from, to, .. } => {
                let added: Vec<String> = to
                    .values
                    .iter()
                    .filter(|v| !from.values.contains(v))
                    .map(|v| format!("'{v}'"))
                    .collect();
                format!("add value {} to enum {}", added.join(", "), to.name)
            }
            RebuildEnum { from, to, .. } => {
                let removed: Vec<&str> = from
                    .values
                    .iter()
                    .filter(|v| !to.values.contains(v))
                    .map(String::as_str)
                    .collect();
                if removed.is_empty() {
                    format!("rebuild enum {} (values reordered)", to.name)
                } else {
                    format!("rebuild enum {} (values removed: {})", to.name, removed.join(", "))
                }
            }
            CreateDomain(d) => format!("create domain {}", d.name),
            DropDomain(d) => format!("drop domain {}", d.name),
            CreateSequence(s) => format!("create sequence {}", s.name),
            DropSequence(s) => format!("drop sequence {}", s.name),
            AlterSequence { to, .. } => format!("alter sequence {}", to.name),
            CreateTable(t) => format!("create table {} ({} columns)", t.name, t.columns.len()),
            DropTable(t) => format!("drop table {}", t.name),
            RenameTable { from, to } => format!("rename table {from} to {to}"),
            RebuildTable { to, .. } => {
                format!("rebuild table {} (copy through a new table)", to.name)
            }
            SetTableComment { table, .. } => format!("set comment on table {table}"),
            SetTableOptions { table, .. } => format!("change storage options of table {table}"),
            AddColumn { table, column } => format!("add column {table}.{}", column.name),
            DropColumn { table, column } => format!("drop column {table}.{}", column.name),
            RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
            AlterColumn { table, from, to } => {
                let mut parts = Vec::new();
                if from.ty != to.ty {
                    parts.push("type");
                }
                if from.nullable != to.nullable {
                    parts.push(if to.nullable { "drop not null" } else { "set not null" });
                }
                if from.default != to.default {
                    parts.push("default");
                }
                if from.identity != to.identity {
                    parts.push("identity");
                }
                if from.generated != to.generated {
                    parts.push("generated");
                }
                if from.collation != to.collation {
                    parts.push("collation");
                }
                if from.comment != to.comment {
                    parts.push("comment");
                }
                if from.on_update != to.on_update {
                    parts.push("on update");
                }
                format!("alter column {table}.{} ({})", to.name, parts.join(", "))
            }
            AddPrimaryKey { table, .. } => format!("add primary key on {table}"),
            DropPrimaryKey { table, .. } => format!("drop primary key on {table}"),
            AddUnique { table, unique } => {
                format!("add unique ({}) on {table}", unique.columns.join(", "))
            }
            DropUnique { table, unique } => {
                format!("drop unique ({}) on {table}", unique.columns.join(", "))
            }
            AddForeignKey { table, fk } => {
                format!(
                    "add foreign key ({}) on {table} -> {}",
                    fk.columns.join(", "),
                    fk.ref_table
                )
            }
            DropForeignKey { table, fk } => {
                format!("drop foreign key ({}) on {table}", fk.columns.join(", "))
            }
            AddCheck { table, check } => format!("add check ({}) on {table}", check.expr),
            DropCheck { table, check } => format!("drop check ({}) on {table}", check.expr),
            CreateIndex { table, index } => format!("create index {} on {table}", index.name),
            DropIndex { table, index } => format!("drop index {} on {table}", index.name),
            RenameIndex { table, from, to } => format!("rename index {from} to {to} on {table}"),
            SetIndexComment { index, .. } => format!("set comment on index {index}"),
            SetObjectComment { object, .. } => format!("set comment on {object}"),
            CreateView(v) => format!("create view {}", v.name),
            DropView(v) => format!("drop view {}", v.name),
        }
    }
}
