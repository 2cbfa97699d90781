//! The auth model as a sluice [`Schema`] fragment: one table per auth
//! table, the id as primary key, unique fields as UNIQUE constraints,
//! indexed fields and compound indexes as indexes named the way Better
//! Auth names them (`<table>_<column>_idx`, `..._uidx`), references as
//! foreign keys. Normalized, so it compares with parsed schemas.

use crate::resolve::{AuthColumn, AuthModel, AuthTable};
use sluice_schema::{
    names, normalize, Column, ForeignKey, Index, IndexKey, PrimaryKey, QualifiedName, Schema,
    Table, Unique,
};

/// Every auth table, as the fragment to write.
pub fn fragment(model: &AuthModel) -> Schema {
    fragment_of(model, |_| true)
}

/// The fragment restricted to the tables `keep` accepts (tables mapped onto
/// the project's own are left out).
pub fn fragment_of(model: &AuthModel, keep: impl Fn(&AuthTable) -> bool) -> Schema {
    let mut schema = Schema::empty(model.dialect);
    let ns = model.dialect.default_schema();
    for t in model.tables.iter().filter(|t| keep(t)) {
        schema.tables.push(table(t, ns));
    }
    normalize(&mut schema);
    schema
}

/// The sluice table of an auth table.
pub fn table(t: &AuthTable, ns: Option<&str>) -> Table {
    let name = QualifiedName::new(ns, &t.physical);
    let mut table = Table::new(name.clone());
    for c in &t.columns {
        table.columns.push(column(c));
    }
    table.primary_key = Some(PrimaryKey {
        name: None,
        columns: vec![t.id().physical.clone()],
        autoincrement: false,
    });
    for c in t.columns.iter().skip(1) {
        if c.unique {
            table.uniques.push(unique(c));
        }
        if c.index {
            table.indexes.push(index(&t.physical, std::slice::from_ref(&c.physical), false));
        }
        if let Some(r) = &c.references {
            table.foreign_keys.push(ForeignKey {
                name: None,
                columns: vec![c.physical.clone()],
                ref_table: QualifiedName::new(ns, &r.table),
                ref_columns: vec![r.column.clone()],
                on_delete: r.on_delete,
                on_update: Default::default(),
                deferrable: Default::default(),
                match_full: false,
            });
        }
    }
    for i in &t.indexes {
        table.indexes.push(index(&t.physical, &i.columns, i.unique));
    }
    table
}

pub fn column(c: &AuthColumn) -> Column {
    let mut col = Column::new(&c.physical, c.ty.clone());
    col.nullable = c.nullable;
    col.default = c.default.clone();
    col.identity = c.identity.clone().map(Box::new);
    col
}

pub fn unique(c: &AuthColumn) -> Unique {
    Unique {
        name: None,
        columns: vec![c.physical.clone()],
        nulls_not_distinct: false,
        deferrable: Default::default(),
    }
}

/// `<table>_<col>..._idx` (or `_uidx`), shortened as PostgreSQL would.
pub fn index(table: &str, columns: &[String], unique: bool) -> Index {
    let label = if unique { "uidx" } else { "idx" };
    Index {
        name: names::make_object_name(table, Some(&columns.join("_")), label),
        unique,
        method: None,
        keys: columns.iter().map(|c| IndexKey::column(c)).collect(),
        include: Vec::new(),
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
    }
}
