//! The evaluated builders -> one [`Schema`]: column names (explicit, or
//! the key in the configured casing), types through sluice-sql's type
//! names, defaults and expressions through its expression normalizer, and
//! the constraint names drizzle gives by default (`<table>_<col>_unique`,
//! `<table>_<cols>_pk`, `<table>_<cols>_<ref>_<refcols>_fk`,
//! `<table>_<cols>_index`). The schema is then normalized as parsed SQL is.

use super::value::{ColType, Constraint, IndexKeyB, IndexKeyTarget, Lazy, Value};
use super::{Casing, Reader, Roots};
use sluice_schema::{
    Check, Column, Dialect, EnumType, ForeignKey, Index, IndexKey, IndexTarget, Namespace,
    NullsOrder, PrimaryKey, QualifiedName, Schema, SqlType, Table, Unique, View,
};
use sluice_sql::{ObjectKey, Origin};
use std::collections::BTreeMap;

pub(crate) fn build(
    r: &mut Reader<'_>,
    roots: &Roots,
    origins: &mut BTreeMap<ObjectKey, Origin>,
) -> Schema {
    let dialect = r.opts.dialect;
    let mut schema = Schema::empty(dialect);
    let mut namespaces: Vec<String> = roots.schemas.clone();
    for &e in &roots.enums {
        let en = &r.enums[e];
        if let Some(s) = &en.schema {
            namespaces.push(s.clone());
        }
        schema.enums.push(EnumType {
            name: QualifiedName::new(en.schema.as_deref(), &en.name),
            values: en.values.clone(),
            comment: None,
        });
    }
    for &t in &roots.tables {
        if let Some(table) = build_table(r, t) {
            let tb = &r.tables[t];
            if let Some(s) = &tb.schema {
                namespaces.push(s.clone());
            }
            let key = ObjectKey::Table(qualify(&table.name, dialect));
            origins.insert(
                key,
                Origin { file: tb.file, offset: tb.span.start as usize, leading_comment: None },
            );
            schema.tables.push(table);
        }
    }
    for &v in &roots.views {
        let text = r.render_sql(&r.views[v].query, true);
        let view = &r.views[v];
        if let Some(s) = &view.schema {
            namespaces.push(s.clone());
        }
        schema.views.push(View {
            name: QualifiedName::new(view.schema.as_deref(), &view.name),
            definition: sluice_sql::expr::normalize_str(&text, dialect),
            columns: Vec::new(),
            materialized: view.materialized,
            comment: None,
        });
    }
    // After the tables: reference callbacks may have reached more objects.
    unexported(r, roots);
    namespaces.sort();
    namespaces.dedup();
    let default = dialect.default_schema();
    schema.namespaces = namespaces
        .into_iter()
        .filter(|n| Some(n.as_str()) != default)
        .map(|name| Namespace { name, comment: None })
        .collect();
    sluice_schema::normalize(&mut schema);
    sluice_sql::canon::canonicalize(&mut schema);
    schema
}

fn qualify(name: &QualifiedName, dialect: Dialect) -> QualifiedName {
    match (&name.schema, dialect.default_schema()) {
        (None, Some(d)) => QualifiedName::new(Some(d), &name.name),
        _ => name.clone(),
    }
}

/// drizzle-kit only sees exported objects: one that is used but not
/// exported would be missing from its migrations, so it is an error here.
fn unexported(r: &mut Reader<'_>, roots: &Roots) {
    let tables: std::collections::HashSet<usize> = roots.tables.iter().copied().collect();
    let mut missing = Vec::new();
    for (i, t) in r.tables.iter().enumerate() {
        if !tables.contains(&i) {
            missing.push((t.file, t.span, format!("table `{}`", t.name)));
        }
    }
    for (i, e) in r.enums.iter().enumerate() {
        if !roots.enums.contains(&i) {
            missing.push((e.file, e.span, format!("enum `{}`", e.name)));
        }
    }
    for (i, v) in r.views.iter().enumerate() {
        if !roots.views.contains(&i) {
            missing.push((v.file, v.span, format!("view `{}`", v.name)));
        }
    }
    for (file, span, what) in missing {
        r.error(
            file,
            span,
            format!("{what} is used but not exported, so drizzle-kit would not create it"),
            "export it (`export const ...`) from a schema file",
        );
    }
}

fn build_table(r: &mut Reader<'_>, t: usize) -> Option<Table> {
    let dialect = r.opts.dialect;
    let tb = &r.tables[t];
    let (file, span, tname) = (tb.file, tb.span, tb.name.clone());
    let mut table = Table::new(QualifiedName::new(tb.schema.as_deref(), &tb.name));
    let mut pk_cols = Vec::new();
    let mut autoincrement = false;
    let mut ok = true;
    let cols: Vec<_> = tb.columns.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
    for (key, c) in &cols {
        let name = c.name.clone().unwrap_or_else(|| cased(key, r.opts.casing));
        let mut ty = match &c.ty {
            ColType::Sql(text) => sluice_sql::types::parse_type(text, dialect),
            ColType::Enum(e) => {
                let en = &r.enums[*e];
                SqlType::Named { name: QualifiedName::new(en.schema.as_deref(), &en.name) }
            }
        };
        if c.array_dims > 0 {
            ty = SqlType::Array { element: Box::new(ty), dims: c.array_dims };
        }
        let mut col = Column::new(&name, ty);
        col.nullable = !c.not_null;
        col.default = c.default.as_deref().map(|d| sluice_sql::expr::normalize(d, dialect));
        col.identity = c.identity.clone().map(Box::new);
        if let Some((lazy, stored)) = &c.generated {
            let expr = match lazy {
                Lazy::Sql(s) => s.clone(),
                Lazy::Closure(f) => match r.apply(f, Vec::new(), span) {
                    Ok(Value::Sql(s)) => s,
                    Ok(other) => {
                        let kind = other.kind();
                        r.error(
                            c.file,
                            span,
                            format!("the generated expression of `{name}` is {kind}"),
                            "return sql`...` from the callback",
                        );
                        ok = false;
                        continue;
                    }
                    Err(_) => {
                        ok = false;
                        continue;
                    }
                },
            };
            let text = r.render_sql(&expr, false);
            col.generated = Some(Box::new(sluice_schema::Generated {
                expr: sluice_sql::expr::normalize(&text, dialect),
                stored: *stored,
            }));
        }
        if c.primary_key {
            pk_cols.push(name.clone());
            autoincrement |= c.autoincrement;
        }
        if let Some((uname, nnd)) = &c.unique {
            let uname = uname.clone().unwrap_or_else(|| format!("{tname}_{name}_unique"));
            add_unique(&mut table, uname, vec![name.clone()], *nnd, dialect);
        }
        for reference in &c.references {
            match r.apply(&reference.target, Vec::new(), reference.span) {
                Ok(Value::ColumnRef(rt, rk)) => {
                    let ref_name = r.column_name(rt, &rk);
                    let target = &r.tables[rt];
                    let fk_name = format!("{tname}_{name}_{}_{ref_name}_fk", target.name);
                    table.foreign_keys.push(ForeignKey {
                        name: constraint_name(fk_name, dialect),
                        columns: vec![name.clone()],
                        ref_table: QualifiedName::new(target.schema.as_deref(), &target.name),
                        ref_columns: vec![ref_name],
                        on_delete: reference.on_delete,
                        on_update: reference.on_update,
                        deferrable: Default::default(),
                        match_full: false,
                    });
                }
                Ok(other) => {
                    let kind = other.kind();
                    r.error(
                        c.file,
                        reference.span,
                        format!("the reference callback returned {kind}, not a column"),
                        "return the referenced column: `() => users.id`",
                    );
                    ok = false;
                }
                Err(_) => ok = false,
            }
        }
        table.columns.push(col);
    }
    match pk_cols.len() {
        0 => {}
        1 => table.primary_key = Some(PrimaryKey { name: None, columns: pk_cols, autoincrement }),
        _ => {
            r.error(
                file,
                span,
                format!("table `{tname}` has .primaryKey() on more than one column"),
                "declare a composite key with primaryKey({ columns: [...] }) in the extra config",
            );
            ok = false;
        }
    }
    if let Some(extra) = r.tables[t].extra.clone() {
        match r.apply(&extra, vec![Value::Table(t)], span) {
            Ok(Value::Array(items)) => ok &= constraints(r, t, &mut table, items),
            Ok(Value::Object(fields)) => {
                ok &= constraints(r, t, &mut table, fields.into_iter().map(|(_, v)| v).collect())
            }
            Ok(other) => {
                let kind = other.kind();
                r.error(
                    file,
                    span,
                    format!("the extra config of `{tname}` returned {kind}"),
                    "return an array: `(t) => [index('i').on(t.a)]`",
                );
                ok = false;
            }
            Err(_) => ok = false,
        }
    }
    ok.then_some(table)
}

/// The indexes and constraints of an extra-config callback's result.
fn constraints(r: &mut Reader<'_>, t: usize, table: &mut Table, items: Vec<Value<'_>>) -> bool {
    let dialect = r.opts.dialect;
    let tb = &r.tables[t];
    let (file, span, tname) = (tb.file, tb.span, tb.name.clone());
    let mut ok = true;
    let names = |r: &Reader<'_>, cols: &[(usize, String)]| -> Vec<String> {
        cols.iter().map(|(t, k)| r.column_name(*t, k)).collect()
    };
    for item in items {
        let c = match item {
            Value::Constraint(c) => *c,
            Value::Ignored | Value::Undefined => continue,
            other => {
                let kind = other.kind();
                r.error(
                    file,
                    span,
                    format!("the extra config of `{tname}` holds {kind}"),
                    "return indexes and constraints only",
                );
                ok = false;
                continue;
            }
        };
        match c {
            Constraint::Index(i) => {
                if i.keys.is_empty() {
                    r.error(file, i.span, "an index without columns", "add .on(t.column, ...)");
                    ok = false;
                    continue;
                }
                let keys: Vec<IndexKey> = i.keys.iter().map(|k| index_key(r, k, dialect)).collect();
                let name = i.name.clone().unwrap_or_else(|| {
                    let parts: Vec<String> = i
                        .keys
                        .iter()
                        .map(|k| match &k.target {
                            IndexKeyTarget::Column(t, key) => r.column_name(*t, key),
                            IndexKeyTarget::Expr(s) => r.render_sql(s, false),
                        })
                        .collect();
                    format!("{tname}_{}_index", parts.join("_"))
                });
                let method = i.method.clone().filter(|m| m != "btree");
                table.indexes.push(Index {
                    name: ident(name, dialect),
                    unique: i.unique,
                    method,
                    keys,
                    include: Vec::new(),
                    predicate: i
                        .predicate
                        .as_ref()
                        .map(|p| sluice_sql::expr::normalize(&r.render_sql(p, false), dialect)),
                    nulls_not_distinct: i.nulls_not_distinct,
                    comment: None,
                });
            }
            Constraint::PrimaryKey { name, columns } => {
                let cols = names(r, &columns);
                if table.primary_key.is_some() {
                    r.error(
                        file,
                        span,
                        format!("table `{tname}` has two primary keys"),
                        "keep one: .primaryKey() on a column or primaryKey({ columns }) here",
                    );
                    ok = false;
                    continue;
                }
                let name = name.unwrap_or_else(|| format!("{tname}_{}_pk", cols.join("_")));
                table.primary_key = Some(PrimaryKey {
                    name: Some(ident(name, dialect)),
                    columns: cols.clone(),
                    autoincrement: false,
                });
                for c in &mut table.columns {
                    if cols.contains(&c.name) && dialect == Dialect::Postgres {
                        c.nullable = false;
                    }
                }
            }
            Constraint::Unique { name, columns, nulls_not_distinct } => {
                let cols = names(r, &columns);
                if cols.is_empty() {
                    r.error(
                        file,
                        span,
                        "a unique constraint without columns",
                        "add .on(t.column, ...)",
                    );
                    ok = false;
                    continue;
                }
                let name = name.unwrap_or_else(|| format!("{tname}_{}_unique", cols.join("_")));
                add_unique(table, name, cols, nulls_not_distinct, dialect);
            }
            Constraint::ForeignKey(fk) => {
                let cols = names(r, &fk.columns);
                let refs = names(r, &fk.foreign);
                let Some((rt, _)) = fk.foreign.first() else {
                    r.error(file, span, "a foreign key without foreignColumns", "");
                    ok = false;
                    continue;
                };
                let target = &r.tables[*rt];
                let name = fk.name.clone().unwrap_or_else(|| {
                    format!("{tname}_{}_{}_{}_fk", cols.join("_"), target.name, refs.join("_"))
                });
                table.foreign_keys.push(ForeignKey {
                    name: constraint_name(name, dialect),
                    columns: cols,
                    ref_table: QualifiedName::new(target.schema.as_deref(), &target.name),
                    ref_columns: refs,
                    on_delete: fk.on_delete,
                    on_update: fk.on_update,
                    deferrable: Default::default(),
                    match_full: false,
                });
            }
            Constraint::Check { name, expr } => {
                let text = r.render_sql(&expr, false);
                table.checks.push(Check {
                    name: Some(ident(name, dialect)),
                    expr: sluice_sql::expr::normalize(&text, dialect),
                    no_inherit: false,
                });
            }
        }
    }
    ok
}

fn index_key(r: &Reader<'_>, k: &IndexKeyB, dialect: Dialect) -> IndexKey {
    let target = match &k.target {
        IndexKeyTarget::Column(t, key) => IndexTarget::Column(r.column_name(*t, key)),
        IndexKeyTarget::Expr(s) => {
            IndexTarget::Expr(sluice_sql::expr::normalize(&r.render_sql(s, false), dialect))
        }
    };
    // Only an ordering that differs from the direction's default is kept.
    let nulls = match (k.desc, k.nulls_first) {
        (false, Some(true)) => Some(NullsOrder::First),
        (true, Some(false)) => Some(NullsOrder::Last),
        _ => None,
    };
    IndexKey { target, collation: None, opclass: k.opclass.clone(), descending: k.desc, nulls }
}

/// The name of a key or foreign key as the database keeps it: drizzle-kit
/// writes none on SQLite (whose catalog would not keep it either).
fn constraint_name(name: String, dialect: Dialect) -> Option<String> {
    (dialect != Dialect::Sqlite).then(|| ident(name, dialect))
}

/// A unique constraint; on SQLite drizzle-kit creates it as a unique index
/// of the same name.
fn add_unique(table: &mut Table, name: String, columns: Vec<String>, nnd: bool, dialect: Dialect) {
    if dialect == Dialect::Sqlite {
        table.indexes.push(Index {
            name,
            unique: true,
            method: None,
            keys: columns.iter().map(|c| IndexKey::column(c)).collect(),
            include: Vec::new(),
            predicate: None,
            nulls_not_distinct: false,
            comment: None,
        });
    } else {
        table.uniques.push(Unique {
            name: Some(ident(name, dialect)),
            columns,
            nulls_not_distinct: nnd,
            deferrable: Default::default(),
        });
    }
}

/// A name as the server keeps it (PostgreSQL truncates at 63 bytes).
fn ident(mut name: String, dialect: Dialect) -> String {
    let max = dialect.max_identifier_len();
    if name.len() > max {
        let mut cut = max;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    name
}

/// A column key in drizzle's casing.
pub(crate) fn cased(key: &str, casing: Casing) -> String {
    match casing {
        Casing::Preserve => key.to_string(),
        Casing::SnakeCase => {
            words(key).iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join("_")
        }
        Casing::CamelCase => {
            let mut out = String::new();
            for (i, w) in words(key).iter().enumerate() {
                if i == 0 {
                    out.push_str(&w.to_lowercase());
                } else {
                    let mut cs = w.chars();
                    if let Some(f) = cs.next() {
                        out.extend(f.to_uppercase());
                        out.push_str(cs.as_str());
                    }
                }
            }
            out
        }
    }
}

/// The words of an identifier as drizzle splits them:
/// `[\da-z]+ | [A-Z]+(?![a-z]) | [A-Z][\da-z]+`.
fn words(s: &str) -> Vec<String> {
    let c: Vec<char> = s.chars().filter(|c| *c != '\'' && *c != '\u{2019}').collect();
    let low = |ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if low(c[i]) {
            let j = (i..c.len()).find(|&j| !low(c[j])).unwrap_or(c.len());
            out.push(c[i..j].iter().collect());
            i = j;
        } else if c[i].is_ascii_uppercase() {
            let run = (i..c.len()).find(|&j| !c[j].is_ascii_uppercase()).unwrap_or(c.len());
            let k = (i + 1..=run).rev().find(|&k| k == c.len() || !c[k].is_ascii_lowercase());
            match k {
                Some(k) => {
                    out.push(c[i..k].iter().collect());
                    i = k;
                }
                None => {
                    let j = (i + 1..c.len()).find(|&j| !low(c[j])).unwrap_or(c.len());
                    out.push(c[i..j].iter().collect());
                    i = j;
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_follows_drizzle() {
        assert_eq!(cased("createdAt", Casing::SnakeCase), "created_at");
        assert_eq!(cased("userID", Casing::SnakeCase), "user_id");
        assert_eq!(cased("HTMLParser", Casing::SnakeCase), "html_parser");
        assert_eq!(cased("line2Total", Casing::SnakeCase), "line2_total");
        assert_eq!(cased("created_at", Casing::CamelCase), "createdAt");
        assert_eq!(cased("createdAt", Casing::Preserve), "createdAt");
    }
}
