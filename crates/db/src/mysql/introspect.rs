//! The live schema of a MySQL/MariaDB database, read from
//! information_schema in six queries (tables, columns, index parts,
//! foreign key parts, checks, views) into the canonical form the MySQL
//! parser produces for the same DDL (see sluice-sql's `mysql::canon`).
//! Tables whose name starts with `sluice_` are sluice's own and left out.
//!
//! MariaDB stores `json` as `longtext` with a `json_valid(col)` check named
//! after the column: `canon::finish` reads that pair as `json`. Check constraints are
//! read from MariaDB's `CHECK_CONSTRAINTS.TABLE_NAME` (MariaDB 10.2+).

use super::rows;
use mysql::Conn;
use sluice_migrate::{DbError, DbResult};
use sluice_schema::{
    Check, Column, Dialect, Expr, FkAction, ForeignKey, Generated, Identity, Index, IndexKey,
    IndexTarget, PrimaryKey, QualifiedName, Schema, Table, View,
};
use sluice_sql::dialect::mysql::canon;
use std::collections::BTreeMap;

const OWN: &str = "NOT LIKE 'sluice\\_%'";

type Rows = Vec<Vec<Option<String>>>;

fn get(r: &[Option<String>], i: usize) -> String {
    r.get(i).cloned().flatten().unwrap_or_default()
}

pub fn introspect(conn: &mut Conn) -> DbResult<Schema> {
    let tables = rows(
        conn,
        &format!(
            "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_COLLATION, ENGINE \
             FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() \
             AND TABLE_NAME {OWN} ORDER BY TABLE_NAME"
        ),
    )?;
    let columns = rows(
        conn,
        &format!(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
             GENERATION_EXPRESSION, COLLATION_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME {OWN} \
             ORDER BY TABLE_NAME, ORDINAL_POSITION"
        ),
    )?;
    let index_parts = rows(
        conn,
        &format!(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE, \
             COLLATION, INDEX_COMMENT FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME {OWN} \
             ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
        ),
    )?;
    let fk_parts = rows(
        conn,
        &format!(
            "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, \
             k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE \
             FROM information_schema.KEY_COLUMN_USAGE k \
             JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
               ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
              AND r.TABLE_NAME = k.TABLE_NAME \
             WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME {OWN} \
             ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"
        ),
    )?;
    let checks = rows(
        conn,
        &format!(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME {OWN} \
             ORDER BY TABLE_NAME, CONSTRAINT_NAME"
        ),
    )?;
    let views = rows(
        conn,
        "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    )?;
    let database: Option<String> =
        rows(conn, "SELECT DATABASE()")?.first().and_then(|r| r.first().cloned().flatten());
    build(tables, columns, index_parts, fk_parts, checks, views, database.unwrap_or_default())
}

fn build(
    tables: Rows,
    columns: Rows,
    index_parts: Rows,
    fk_parts: Rows,
    checks: Rows,
    views: Rows,
    database: String,
) -> DbResult<Schema> {
    let mut schema = Schema::empty(Dialect::Mysql);
    let mut by_name: BTreeMap<String, (Table, String)> = BTreeMap::new();
    for r in &tables {
        if get(r, 1) != "BASE TABLE" {
            continue;
        }
        let name = get(r, 0);
        let engine = get(r, 4);
        if !engine.eq_ignore_ascii_case("InnoDB") {
            return Err(DbError::Other(format!(
                "table {name} uses the {engine} engine: sluice manages InnoDB tables only"
            )));
        }
        let mut t = Table::new(QualifiedName::bare(&name));
        t.comment = Some(get(r, 2)).filter(|c| !c.is_empty());
        by_name.insert(name, (t, get(r, 3)));
    }
    for r in &columns {
        let Some((t, table_collation)) = by_name.get_mut(&get(r, 0)) else { continue };
        let ty = canon::column_type(&get(r, 2));
        let mut c = Column::new(&get(r, 1), ty);
        c.nullable = get(r, 3) == "YES";
        let extra = get(r, 5).to_ascii_lowercase();
        if let Some(i) = extra.find("on update ") {
            let clause = extra[i + "on update ".len()..].split_whitespace().next().unwrap_or("");
            c.on_update = Some(canon::on_update(clause).ok_or_else(|| {
                DbError::Other(format!(
                    "column {}.{} has ON UPDATE {clause}, which sluice does not read",
                    t.name, c.name
                ))
            })?);
        }
        if extra.contains("auto_increment") {
            c.identity = Some(Box::new(Identity { always: false, options: Default::default() }));
        }
        if extra.contains("generated") {
            c.generated = Some(Box::new(Generated {
                expr: canon::expr(&get(r, 6)),
                stored: extra.contains("stored"),
            }));
        } else if let Some(d) = r.get(4).cloned().flatten() {
            c.default = canon::default(&d, &c.ty);
        }
        c.collation = r.get(7).cloned().flatten().filter(|coll| coll != table_collation);
        c.comment = Some(get(r, 8)).filter(|s| !s.is_empty());
        t.columns.push(c);
    }
    // Index parts arrive ordered by table, index, position.
    for r in &index_parts {
        let Some((t, _)) = by_name.get_mut(&get(r, 0)) else { continue };
        let index = get(r, 1);
        let Some(column) = r.get(3).cloned().flatten() else {
            return Err(DbError::Other(format!(
                "index {index} on {} has an expression part, which sluice does not read yet",
                t.name
            )));
        };
        if index == "PRIMARY" {
            let pk = t.primary_key.get_or_insert_with(|| PrimaryKey {
                name: None,
                columns: Vec::new(),
                autoincrement: false,
            });
            pk.columns.push(column);
            continue;
        }
        let target = match r.get(4).cloned().flatten() {
            Some(n) => IndexTarget::Expr(Expr::new(format!("{column}({n})"))),
            None => IndexTarget::Column(column),
        };
        let key = IndexKey {
            target,
            collation: None,
            opclass: None,
            descending: get(r, 6) == "D",
            nulls: None,
        };
        match t.indexes.iter_mut().find(|i| i.name == index) {
            Some(ix) => ix.keys.push(key),
            None => t.indexes.push(Index {
                name: index,
                unique: get(r, 2) == "0",
                method: match get(r, 5).as_str() {
                    "FULLTEXT" => Some("fulltext".into()),
                    "SPATIAL" => Some("spatial".into()),
                    "HASH" => Some("hash".into()),
                    _ => None,
                },
                keys: vec![key],
                include: Vec::new(),
                predicate: None,
                nulls_not_distinct: false,
                comment: Some(get(r, 7)).filter(|s| !s.is_empty()),
            }),
        }
    }
    for r in &fk_parts {
        let Some((t, _)) = by_name.get_mut(&get(r, 0)) else { continue };
        let name = get(r, 1);
        let fk = match t.foreign_keys.iter_mut().position(|f| f.name.as_deref() == Some(&name)) {
            Some(i) => &mut t.foreign_keys[i],
            None => {
                t.foreign_keys.push(ForeignKey {
                    name: Some(name),
                    columns: Vec::new(),
                    ref_table: QualifiedName::bare(&get(r, 3)),
                    ref_columns: Vec::new(),
                    on_delete: rule(&get(r, 5)),
                    on_update: rule(&get(r, 6)),
                    deferrable: Default::default(),
                    match_full: false,
                });
                t.foreign_keys.last_mut().expect("just pushed")
            }
        };
        fk.columns.push(get(r, 2));
        fk.ref_columns.push(get(r, 4));
    }
    for r in &checks {
        let Some((t, _)) = by_name.get_mut(&get(r, 0)) else { continue };
        let name = get(r, 1);
        let expr = canon::expr(&get(r, 2));
        t.checks.push(Check { name: Some(name), expr, no_inherit: false });
    }
    schema.tables = by_name.into_values().map(|(t, _)| t).collect();
    let qualifier = format!("`{}`.", database.replace('`', "``"));
    for r in &views {
        let def = get(r, 1).replace(&qualifier, "");
        schema.views.push(View {
            name: QualifiedName::bare(&get(r, 0)),
            definition: sluice_sql::expr::normalize_str(&def, Dialect::Mysql),
            columns: Vec::new(),
            materialized: false,
            comment: None,
        });
    }
    canon::finish(&mut schema);
    Ok(schema)
}

fn rule(s: &str) -> FkAction {
    match s {
        "CASCADE" => FkAction::Cascade,
        "SET NULL" => FkAction::SetNull,
        "SET DEFAULT" => FkAction::SetDefault,
        "RESTRICT" => FkAction::Restrict,
        _ => FkAction::NoAction,
    }
}

/// Triggers (but sluice's own), routines, events and tables' partitioning,
/// named with their kind.
pub fn unmanaged(conn: &mut Conn) -> DbResult<Vec<String>> {
    let mut out = Vec::new();
    for r in rows(
        conn,
        "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS \
         WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME NOT LIKE 'sluice\\_%' \
         ORDER BY TRIGGER_NAME",
    )? {
        out.push(format!("trigger {} on {}", get(&r, 0), get(&r, 1)));
    }
    for r in rows(
        conn,
        "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES \
         WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME",
    )? {
        out.push(format!("{} {}", get(&r, 0).to_ascii_lowercase(), get(&r, 1)));
    }
    for r in rows(
        conn,
        "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() \
         ORDER BY EVENT_NAME",
    )? {
        out.push(format!("event {}", get(&r, 0)));
    }
    for r in rows(
        conn,
        "SELECT TABLE_NAME, MAX(PARTITION_METHOD), MAX(PARTITION_EXPRESSION), COUNT(*) \
         FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() \
         AND PARTITION_NAME IS NOT NULL GROUP BY TABLE_NAME ORDER BY TABLE_NAME",
    )? {
        out.push(format!(
            "partitioning of table {} ({} ({}), {} partitions)",
            get(&r, 0),
            get(&r, 1),
            get(&r, 2),
            get(&r, 3)
        ));
    }
    Ok(out)
}
