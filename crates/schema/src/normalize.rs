//! One canonical form, so that semantically equal schemas compare `==`:
//! a schema parsed from files, one read back from a database and one loaded
//! from a snapshot all pass through here.
//!
//! What it does: qualifies names with the dialect's default namespace;
//! gives unnamed constraints and indexes the names PostgreSQL would
//! generate; resolves a foreign key's omitted referenced columns to the
//! primary key; folds equivalent spellings (DEFAULT NULL, empty comments,
//! default index method and null ordering, default sequence options); marks
//! primary-key, identity and serial columns NOT NULL; sorts every
//! collection whose order carries no meaning. Idempotent.

use crate::model::*;
use crate::names;

pub fn normalize(schema: &mut Schema) {
    let default_ns = schema.dialect.default_schema();
    let generate_names = schema.dialect == Dialect::Postgres;

    qualify_all(schema, default_ns);

    // Primary keys of every table, to fill in FK targets (only when a
    // foreign key leaves its columns out: most name them).
    let fk_without_columns =
        schema.tables.iter().any(|t| t.foreign_keys.iter().any(|f| f.ref_columns.is_empty()));
    let pks: Vec<(QualifiedName, Vec<String>)> = if fk_without_columns {
        schema
            .tables
            .iter()
            .filter_map(|t| t.primary_key.as_ref().map(|pk| (t.name.clone(), pk.columns.clone())))
            .collect()
    } else {
        Vec::new()
    };

    // PostgreSQL and MySQL make key and identity columns NOT NULL; SQLite
    // does not (its catalog reports a primary key column as nullable),
    // except in WITHOUT ROWID tables (see `normalize_table`).
    let keys_not_null = schema.dialect != Dialect::Sqlite;
    for table in &mut schema.tables {
        normalize_table(table, &pks, generate_names, keys_not_null);
    }
    for d in &mut schema.domains {
        fold_default(&mut d.default);
        fold_comment(&mut d.comment);
        if generate_names {
            // In declaration order, numbered on collision as PostgreSQL does.
            let mut used: Vec<String> = d.checks.iter().filter_map(|c| c.name.clone()).collect();
            for c in &mut d.checks {
                if c.name.is_none() {
                    let name = (0..)
                        .map(|n| {
                            let label =
                                if n == 0 { "check".to_string() } else { format!("check{n}") };
                            names::make_object_name(&d.name.name, None, &label)
                        })
                        .find(|name| !used.contains(name))
                        .unwrap_or_default();
                    used.push(name.clone());
                    c.name = Some(name);
                }
            }
        }
        d.checks.sort_by(|a, b| (&a.name, &a.expr).cmp(&(&b.name, &b.expr)));
    }
    for s in &mut schema.sequences {
        normalize_sequence_options(&mut s.options);
        fold_comment(&mut s.comment);
    }
    for e in &mut schema.enums {
        fold_comment(&mut e.comment);
    }
    for v in &mut schema.views {
        fold_comment(&mut v.comment);
    }
    for n in &mut schema.namespaces {
        fold_comment(&mut n.comment);
    }
    if let Some(ns) = default_ns {
        // The default namespace always exists; declaring it is a no-op.
        schema.namespaces.retain(|n| n.name != ns || n.comment.is_some());
        // An extension created without SCHEMA lands in the default one.
        for e in &mut schema.extensions {
            if e.schema.as_deref() == Some(ns) {
                e.schema = None;
            }
        }
    }

    schema.namespaces.sort_by(|a, b| a.name.cmp(&b.name));
    schema.namespaces.dedup_by(|a, b| a.name == b.name);
    schema.extensions.sort_by(|a, b| a.name.cmp(&b.name));
    schema.extensions.dedup_by(|a, b| a.name == b.name);
    schema.enums.sort_by(|a, b| a.name.cmp(&b.name));
    schema.domains.sort_by(|a, b| a.name.cmp(&b.name));
    schema.sequences.sort_by(|a, b| a.name.cmp(&b.name));
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema.views.sort_by(|a, b| a.name.cmp(&b.name));
}

fn qualify(name: &mut QualifiedName, ns: Option<&str>) {
    if name.schema.is_none() {
        name.schema = ns.map(str::to_string);
    }
}

/// Qualify a user type's name; also folds `numeric(p, 0)` to `numeric(p)`.
fn qualify_type(ty: &mut SqlType, ns: Option<&str>) {
    match ty {
        SqlType::Named { name } => qualify(name, ns),
        SqlType::Array { element, .. } => qualify_type(element, ns),
        SqlType::Numeric { scale, .. } if *scale == Some(0) => *scale = None,
        _ => {}
    }
}

fn qualify_all(schema: &mut Schema, ns: Option<&str>) {
    for t in &mut schema.tables {
        qualify(&mut t.name, ns);
        for c in &mut t.columns {
            qualify_type(&mut c.ty, ns);
        }
        for fk in &mut t.foreign_keys {
            qualify(&mut fk.ref_table, ns);
        }
    }
    for e in &mut schema.enums {
        qualify(&mut e.name, ns);
    }
    for d in &mut schema.domains {
        qualify(&mut d.name, ns);
        qualify_type(&mut d.ty, ns);
    }
    for s in &mut schema.sequences {
        qualify(&mut s.name, ns);
        if let Some((t, _)) = &mut s.owned_by {
            qualify(t, ns);
        }
    }
    for v in &mut schema.views {
        qualify(&mut v.name, ns);
    }
}

fn fold_default(d: &mut Option<Expr>) {
    if d.as_ref().is_some_and(|e| e.0.eq_ignore_ascii_case("null")) {
        *d = None;
    }
}

fn fold_comment(c: &mut Option<String>) {
    if c.as_deref() == Some("") {
        *c = None;
    }
}

pub(crate) fn normalize_sequence_options(o: &mut SequenceOptions) {
    let ascending = o.increment.is_none_or(|i| i > 0);
    if o.increment == Some(1) {
        o.increment = None;
    }
    if o.cache == Some(1) {
        o.cache = None;
    }
    if ascending {
        if o.min_value == Some(1) {
            o.min_value = None;
        }
        if o.start.is_some() && o.start == o.min_value.or(Some(1)) {
            o.start = None;
        }
        let type_max = match o.ty {
            Some(SqlType::SmallInt) => i16::MAX as i64,
            Some(SqlType::Integer) => i32::MAX as i64,
            _ => i64::MAX,
        };
        if o.max_value == Some(type_max) {
            o.max_value = None;
        }
    }
    if o.ty == Some(SqlType::BigInt) {
        o.ty = None;
    }
}

fn normalize_table(
    t: &mut Table,
    pks: &[(QualifiedName, Vec<String>)],
    generate_names: bool,
    keys_not_null: bool,
) {
    fold_comment(&mut t.comment);
    // A WITHOUT ROWID table's key columns are NOT NULL in SQLite too: it
    // enforces it and its catalog says so.
    let keys_not_null = keys_not_null || t.options.without_rowid;
    let pk_cols: &[String] = t.primary_key.as_ref().map_or(&[], |p| &p.columns);
    for c in &mut t.columns {
        fold_default(&mut c.default);
        fold_comment(&mut c.comment);
        if keys_not_null && (pk_cols.contains(&c.name) || c.identity.is_some() || c.ty.is_serial())
        {
            c.nullable = false;
        }
        if let Some(id) = &mut c.identity {
            normalize_sequence_options(&mut id.options);
        }
    }
    for fk in &mut t.foreign_keys {
        if fk.ref_columns.is_empty() {
            if let Some((_, cols)) = pks.iter().find(|(n, _)| n == &fk.ref_table) {
                fk.ref_columns = cols.clone();
            }
        }
    }
    for ix in &mut t.indexes {
        fold_comment(&mut ix.comment);
        if ix.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("btree")) {
            ix.method = None;
        }
        for k in &mut ix.keys {
            let default_nulls = if k.descending { NullsOrder::First } else { NullsOrder::Last };
            if k.nulls == Some(default_nulls) {
                k.nulls = None;
            }
        }
    }
    if generate_names {
        assign_names(t);
    }
    t.uniques.sort_by(|a, b| (&a.name, &a.columns).cmp(&(&b.name, &b.columns)));
    t.uniques.dedup();
    t.foreign_keys.sort_by(|a, b| (&a.name, &a.columns).cmp(&(&b.name, &b.columns)));
    t.foreign_keys.dedup();
    t.checks.sort_by(|a, b| (&a.name, &a.expr).cmp(&(&b.name, &b.expr)));
    t.checks.dedup();
    t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
}

/// Give unnamed constraints and indexes PostgreSQL's generated names,
/// appending a number on collision as PostgreSQL does.
fn assign_names(t: &mut Table) {
    let table = t.name.name.clone();
    let mut used: Vec<String> = Vec::new();
    used.extend(t.primary_key.iter().filter_map(|p| p.name.clone()));
    used.extend(t.uniques.iter().filter_map(|u| u.name.clone()));
    used.extend(t.foreign_keys.iter().filter_map(|f| f.name.clone()));
    used.extend(t.checks.iter().filter_map(|c| c.name.clone()));
    used.extend(t.indexes.iter().filter(|i| !i.name.is_empty()).map(|i| i.name.clone()));

    // PostgreSQL's ChooseConstraintName: on collision the label gets a
    // number (`check1`) and the name is truncated again with it.
    let pick = |name2: Option<String>, label: &str, used: &mut Vec<String>| -> String {
        let mut n = 0;
        loop {
            let l = if n == 0 { label.to_string() } else { format!("{label}{n}") };
            let name = names::make_object_name(&table, name2.as_deref(), &l);
            if !used.contains(&name) {
                used.push(name.clone());
                return name;
            }
            n += 1;
        }
    };

    if let Some(pk) = &mut t.primary_key {
        if pk.name.is_none() {
            pk.name = Some(pick(None, "pkey", &mut used));
        }
    }
    for u in &mut t.uniques {
        if u.name.is_none() {
            u.name = Some(pick(Some(names::columns_part(&u.columns)), "key", &mut used));
        }
    }
    if t.checks.iter().any(|c| c.name.is_none()) {
        let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
        for c in &mut t.checks {
            if c.name.is_none() {
                let only = only_column_in(&c.expr.0, &columns);
                c.name = Some(pick(only, "check", &mut used));
            }
        }
    }
    for f in &mut t.foreign_keys {
        if f.name.is_none() {
            f.name = Some(pick(Some(names::columns_part(&f.columns)), "fkey", &mut used));
        }
    }
    for ix in &mut t.indexes {
        if ix.name.is_empty() {
            // INCLUDE columns are part of the name too (ChooseIndexColumnNames).
            let parts: Vec<String> = ix
                .keys
                .iter()
                .map(|k| match &k.target {
                    IndexTarget::Column(c) => c.clone(),
                    IndexTarget::Expr(e) => expr_label(&e.0),
                })
                .chain(ix.include.iter().cloned())
                .collect();
            ix.name = pick(Some(names::index_part(&parts)), "idx", &mut used);
        }
    }
}

/// PostgreSQL names an expression index key after the function it calls,
/// or `expr`.
fn expr_label(expr: &str) -> String {
    let ident: String = expr.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if !ident.is_empty() && expr[ident.len()..].starts_with('(') {
        ident
    } else {
        "expr".to_string()
    }
}

/// The column a check names when it names exactly one (PostgreSQL puts it
/// in the generated constraint name; with two or more it uses none).
pub fn only_column_in(expr: &str, columns: &[String]) -> Option<String> {
    let mut found: Option<String> = None;
    let mut rest = expr;
    while let Some((column, end)) = next_column_in(rest, columns) {
        if found.as_ref().is_some_and(|f| f != &column) {
            return None;
        }
        found = Some(column);
        rest = &rest[end..];
    }
    found
}

/// The first identifier in an expression that names a column of the table.
pub fn first_column_in(expr: &str, columns: &[String]) -> Option<String> {
    next_column_in(expr, columns).map(|(c, _)| c)
}

/// The first identifier naming a column, and the byte offset after it.
fn next_column_in(expr: &str, columns: &[String]) -> Option<(String, usize)> {
    let mut chars = expr.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '\'' => {
                for (_, q) in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                let mut word = String::new();
                while let Some((_, q)) = chars.next() {
                    if q == '"' {
                        if chars.peek().map(|&(_, n)| n) == Some('"') {
                            word.push('"');
                            chars.next();
                        } else {
                            break;
                        }
                    } else {
                        word.push(q);
                    }
                }
                if columns.contains(&word) {
                    return Some((word, chars.peek().map_or(expr.len(), |&(i, _)| i)));
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut word = String::from(c);
                while let Some(&(_, n)) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '$' {
                        word.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if columns.contains(&word) {
                    return Some((word, chars.peek().map_or(expr.len(), |&(i, _)| i)));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg_table() -> Table {
        let mut t = Table::new(QualifiedName::bare("users"));
        t.columns.push(Column::new("id", SqlType::BigInt));
        t.columns.push(Column::new("email", SqlType::Text));
        t.columns.push(Column::new("age", SqlType::Integer));
        t.primary_key =
            Some(PrimaryKey { name: None, columns: vec!["id".into()], autoincrement: false });
        t.uniques.push(Unique {
            name: None,
            columns: vec!["email".into()],
            nulls_not_distinct: false,
            deferrable: Deferrable::NotDeferrable,
        });
        t.checks.push(Check { name: None, expr: Expr::new("age >= 0"), no_inherit: false });
        t.indexes.push(Index {
            name: String::new(),
            unique: false,
            method: Some("btree".into()),
            keys: vec![IndexKey { nulls: Some(NullsOrder::Last), ..IndexKey::column("age") }],
            include: vec![],
            predicate: None,
            nulls_not_distinct: false,
            comment: None,
        });
        t
    }

    #[test]
    fn postgres_names_and_defaults() {
        let mut s = Schema::empty(Dialect::Postgres);
        s.tables.push(pg_table());
        normalize(&mut s);
        let t = &s.tables[0];
        assert_eq!(t.name.schema.as_deref(), Some("public"));
        assert_eq!(t.primary_key.as_ref().unwrap().name.as_deref(), Some("users_pkey"));
        assert_eq!(t.uniques[0].name.as_deref(), Some("users_email_key"));
        assert_eq!(t.checks[0].name.as_deref(), Some("users_age_check"));
        assert_eq!(t.indexes[0].name, "users_age_idx");
        assert_eq!(t.indexes[0].method, None);
        assert_eq!(t.indexes[0].keys[0].nulls, None);
        assert!(!t.columns[0].nullable, "primary key column is NOT NULL");
        let again = {
            let mut s2 = s.clone();
            normalize(&mut s2);
            s2
        };
        assert_eq!(again, s, "normalize is idempotent");
    }

    #[test]
    fn sqlite_keeps_names_unset() {
        let mut s = Schema::empty(Dialect::Sqlite);
        let mut t = pg_table();
        t.indexes.clear();
        s.tables.push(t);
        normalize(&mut s);
        assert_eq!(s.tables[0].name.schema, None);
        assert_eq!(s.tables[0].uniques[0].name, None);
    }

    #[test]
    fn sqlite_without_rowid_keys_are_not_null() {
        let mut s = Schema::empty(Dialect::Sqlite);
        let mut t = pg_table();
        t.indexes.clear();
        let mut rowid = t.clone();
        rowid.name = QualifiedName::bare("rowid_table");
        t.options.without_rowid = true;
        s.tables.push(t);
        s.tables.push(rowid);
        normalize(&mut s);
        let t = s.table(&QualifiedName::bare("users")).unwrap();
        assert!(!t.column("id").unwrap().nullable, "key of a WITHOUT ROWID table");
        assert!(t.column("email").unwrap().nullable);
        let rowid = s.table(&QualifiedName::bare("rowid_table")).unwrap();
        assert!(rowid.column("id").unwrap().nullable, "SQLite's rowid tables allow NULL keys");
    }

    #[test]
    fn check_names_follow_postgres() {
        let cols: Vec<String> = ["a", "b", "Name"].iter().map(|s| s.to_string()).collect();
        assert_eq!(only_column_in("a > 0 and a < 10", &cols).as_deref(), Some("a"));
        assert_eq!(only_column_in("a > b", &cols), None);
        assert_eq!(only_column_in("\"Name\" <> 'b'", &cols).as_deref(), Some("Name"));
        assert_eq!(only_column_in("1 > 0", &cols), None);
        let mut s = Schema::empty(Dialect::Postgres);
        s.domains.push(Domain {
            name: QualifiedName::bare("dd"),
            ty: SqlType::Integer,
            not_null: false,
            default: None,
            collation: None,
            checks: vec![
                Check { name: None, expr: Expr::new("value > 0"), no_inherit: false },
                Check { name: None, expr: Expr::new("value < 10"), no_inherit: false },
            ],
            comment: None,
        });
        s.extensions.push(Extension { name: "citext".into(), schema: Some("public".into()) });
        normalize(&mut s);
        let names: Vec<_> = s.domains[0].checks.iter().map(|c| c.name.as_deref()).collect();
        assert_eq!(names, [Some("dd_check"), Some("dd_check1")], "declaration order, numbered");
        assert_eq!(s.extensions[0].schema, None, "the default schema is implied");
    }

    #[test]
    fn fk_targets_resolve_to_primary_key() {
        let mut s = Schema::empty(Dialect::Postgres);
        s.tables.push(pg_table());
        let mut posts = Table::new(QualifiedName::bare("posts"));
        posts.columns.push(Column::new("user_id", SqlType::BigInt));
        posts.foreign_keys.push(ForeignKey {
            name: None,
            columns: vec!["user_id".into()],
            ref_table: QualifiedName::bare("users"),
            ref_columns: vec![],
            on_delete: FkAction::Cascade,
            on_update: FkAction::NoAction,
            deferrable: Deferrable::NotDeferrable,
            match_full: false,
        });
        s.tables.push(posts);
        normalize(&mut s);
        let fk = &s.table(&QualifiedName::new(Some("public"), "posts")).unwrap().foreign_keys[0];
        assert_eq!(fk.ref_columns, vec!["id".to_string()]);
        assert_eq!(fk.name.as_deref(), Some("posts_user_id_fkey"));
        assert_eq!(fk.ref_table.schema.as_deref(), Some("public"));
    }

    #[test]
    fn expression_index_and_collisions() {
        let mut s = Schema::empty(Dialect::Postgres);
        let mut t = pg_table();
        t.indexes.push(Index {
            name: String::new(),
            unique: true,
            method: None,
            keys: vec![IndexKey {
                target: IndexTarget::Expr(Expr::new("lower(email)")),
                ..IndexKey::column("x")
            }],
            include: vec![],
            predicate: None,
            nulls_not_distinct: false,
            comment: None,
        });
        let dup = t.indexes[0].clone();
        t.indexes.push(dup);
        s.tables.push(t);
        normalize(&mut s);
        let names: Vec<&str> = s.tables[0].indexes.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["users_age_idx", "users_age_idx1", "users_lower_idx"]);
    }
}
