//! A drizzle-kit out folder: `meta/_journal.json` (the ordered entries),
//! one `<tag>.sql` per entry (statements separated by `-->
//! statement-breakpoint`, which is an SQL comment, so the file runs as it
//! is) and `meta/<prefix>_snapshot.json`, the schema after each entry
//! (version 7 for PostgreSQL, 6 for SQLite), converted here into a sluice
//! [`Schema`]. Also the hash drizzle-orm records for an applied file in
//! `__drizzle_migrations` (SHA-256 of the file's text).

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use sluice_schema::{
    Check, Column, Dialect, EnumType, FkAction, ForeignKey, Generated, Identity, Index, IndexKey,
    IndexTarget, Namespace, PrimaryKey, QualifiedName, Schema, SequenceOptions, SqlType, Table,
    Unique, View,
};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutDirError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
}

impl OutDirError {
    fn format(path: &Path, message: impl Into<String>) -> Self {
        OutDirError::Format { path: path.to_path_buf(), message: message.into() }
    }
}

/// One migration of the folder, in journal order.
#[derive(Debug, Clone)]
pub struct Entry {
    pub idx: u32,
    /// `<prefix>_<name>`, the file stem.
    pub tag: String,
    /// Milliseconds since the epoch: drizzle's `created_at`.
    pub when: i64,
    /// The `.sql` file's text, exactly as on disk.
    pub sql: String,
    /// SHA-256 (hex) of the file: drizzle's `hash`.
    pub hash: String,
    /// The schema after this migration.
    pub schema: Schema,
}

impl Entry {
    /// The migration's name without the index prefix (`mixed_reavers`).
    pub fn name(&self) -> &str {
        self.tag.split_once('_').map_or(self.tag.as_str(), |(_, n)| n)
    }
}

/// SHA-256 hex of a file's text, as drizzle-orm's migrator computes it.
pub fn file_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Read the folder: every journal entry with its SQL and snapshot.
pub fn read(dir: &Path, dialect: Dialect) -> Result<Vec<Entry>, OutDirError> {
    let journal_path = dir.join("meta").join("_journal.json");
    let journal = read_json(&journal_path)?;
    let want = match dialect {
        Dialect::Postgres => "postgresql",
        Dialect::Sqlite => "sqlite",
        Dialect::Mysql => "mysql",
    };
    let got = journal.get("dialect").and_then(Value::as_str).unwrap_or("");
    if got != want {
        return Err(OutDirError::format(
            &journal_path,
            format!("the journal is for dialect `{got}`, the project for `{want}`"),
        ));
    }
    let entries = journal
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| OutDirError::format(&journal_path, "no `entries` array"))?;
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let tag = e
            .get("tag")
            .and_then(Value::as_str)
            .ok_or_else(|| OutDirError::format(&journal_path, "an entry without `tag`"))?;
        let when = e.get("when").and_then(Value::as_i64).unwrap_or(0);
        let idx = e.get("idx").and_then(Value::as_u64).unwrap_or(out.len() as u64) as u32;
        let sql_path = dir.join(format!("{tag}.sql"));
        let sql = std::fs::read_to_string(&sql_path)
            .map_err(|source| OutDirError::Io { path: sql_path.clone(), source })?;
        let prefix = tag.split_once('_').map_or(tag, |(p, _)| p);
        let snap_path = dir.join("meta").join(format!("{prefix}_snapshot.json"));
        let snap = read_json(&snap_path)?;
        let schema =
            snapshot_schema(&snap, dialect).map_err(|m| OutDirError::format(&snap_path, m))?;
        out.push(Entry { idx, tag: tag.to_string(), when, hash: file_hash(&sql), sql, schema });
    }
    Ok(out)
}

fn read_json(path: &Path) -> Result<Value, OutDirError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| OutDirError::Io { path: path.to_path_buf(), source })?;
    serde_json::from_str(&text).map_err(|e| OutDirError::format(path, e.to_string()))
}

type Obj = Map<String, Value>;

fn obj<'v>(v: &'v Value, key: &str) -> impl Iterator<Item = &'v Obj> {
    v.get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
        .filter_map(Value::as_object)
}

fn s<'v>(o: &'v Obj, key: &str) -> Option<&'v str> {
    o.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn strings(o: &Obj, key: &str) -> Vec<String> {
    o.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn flag(o: &Obj, key: &str) -> bool {
    o.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn num(o: &Obj, key: &str) -> Option<i64> {
    match o.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn action(o: &Obj, key: &str) -> FkAction {
    match s(o, key).map(str::to_ascii_lowercase).as_deref() {
        Some("cascade") => FkAction::Cascade,
        Some("restrict") => FkAction::Restrict,
        Some("set null") => FkAction::SetNull,
        Some("set default") => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// A drizzle-kit snapshot (v7 postgresql, v6 sqlite) as a normalized schema.
pub fn snapshot_schema(snap: &Value, dialect: Dialect) -> Result<Schema, String> {
    let version = snap.get("version").and_then(Value::as_str).unwrap_or("");
    let expected = if dialect == Dialect::Postgres { "7" } else { "6" };
    if version != expected {
        return Err(format!(
            "snapshot version `{version}`; sluice reads version {expected} (run `drizzle-kit up` first)"
        ));
    }
    let pg = dialect == Dialect::Postgres;
    let ns = |o: &Obj| if pg { s(o, "schema").map(str::to_string) } else { None };
    let mut schema = Schema::empty(dialect);
    if let Some(m) = snap.get("schemas").and_then(Value::as_object) {
        for name in m.keys() {
            schema.namespaces.push(Namespace { name: name.clone(), comment: None });
        }
    }
    for e in obj(snap, "enums") {
        let name = s(e, "name").ok_or("an enum without a name")?;
        schema.enums.push(EnumType {
            name: QualifiedName::new(ns(e).as_deref(), name),
            values: strings(e, "values"),
            comment: None,
        });
    }
    for t in obj(snap, "tables") {
        schema.tables.push(table(t, dialect, &ns)?);
    }
    for v in obj(snap, "views") {
        if flag(v, "isExisting") {
            continue;
        }
        let name = s(v, "name").ok_or("a view without a name")?;
        let def = s(v, "definition").unwrap_or_default();
        schema.views.push(View {
            name: QualifiedName::new(ns(v).as_deref(), name),
            definition: sluice_sql::expr::normalize_str(def, dialect),
            columns: Vec::new(),
            materialized: flag(v, "materialized"),
            comment: None,
        });
    }
    sluice_schema::normalize(&mut schema);
    sluice_sql::canon::canonicalize(&mut schema);
    Ok(schema)
}

fn table(t: &Obj, dialect: Dialect, ns: &dyn Fn(&Obj) -> Option<String>) -> Result<Table, String> {
    let tname = s(t, "name").ok_or("a table without a name")?;
    let mut table = Table::new(QualifiedName::new(ns(t).as_deref(), tname));
    let mut pk = Vec::new();
    let mut autoincrement = false;
    if let Some(cols) = t.get("columns").and_then(Value::as_object) {
        for c in cols.values().filter_map(Value::as_object) {
            let name = s(c, "name").ok_or("a column without a name")?;
            let ty_text = s(c, "type").unwrap_or("text");
            let ty = column_type(ty_text, s(c, "typeSchema"), dialect);
            let mut col = Column::new(name, ty);
            col.nullable = !flag(c, "notNull");
            col.default = match c.get("default") {
                None | Some(Value::Null) => None,
                Some(Value::String(d)) => Some(sluice_sql::expr::normalize(d, dialect)),
                Some(other) => Some(sluice_sql::expr::normalize(&other.to_string(), dialect)),
            };
            if let Some(g) = c.get("generated").and_then(Value::as_object) {
                col.generated = Some(Box::new(Generated {
                    expr: sluice_sql::expr::normalize(s(g, "as").unwrap_or_default(), dialect),
                    stored: s(g, "type") != Some("virtual"),
                }));
            }
            if let Some(i) = c.get("identity").and_then(Value::as_object) {
                col.identity = Some(Box::new(Identity {
                    always: s(i, "type") == Some("always"),
                    options: SequenceOptions {
                        ty: None,
                        start: num(i, "startWith"),
                        increment: num(i, "increment"),
                        min_value: num(i, "minValue"),
                        max_value: num(i, "maxValue"),
                        cache: num(i, "cache"),
                        cycle: flag(i, "cycle"),
                    },
                }));
            }
            if flag(c, "primaryKey") {
                pk.push(name.to_string());
                autoincrement |= flag(c, "autoincrement");
            }
            table.columns.push(col);
        }
    }
    if !pk.is_empty() {
        table.primary_key = Some(PrimaryKey { name: None, columns: pk, autoincrement });
    }
    for p in obj_map(t, "compositePrimaryKeys", dialect) {
        table.primary_key = Some(PrimaryKey {
            name: if dialect == Dialect::Postgres {
                s(&p, "name").map(str::to_string)
            } else {
                None
            },
            columns: strings(&p, "columns"),
            autoincrement: false,
        });
    }
    for u in obj_map(t, "uniqueConstraints", dialect) {
        let name = s(&u, "name").map(str::to_string);
        let columns = strings(&u, "columns");
        if dialect == Dialect::Sqlite {
            // drizzle-kit creates SQLite uniques as unique indexes
            table.indexes.push(Index {
                name: name.unwrap_or_default(),
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
                name,
                columns,
                nulls_not_distinct: flag(&u, "nullsNotDistinct"),
                deferrable: Default::default(),
            });
        }
    }
    for f in obj_map(t, "foreignKeys", dialect) {
        let target = s(&f, "tableTo").ok_or("a foreign key without tableTo")?;
        let schema_to = if dialect == Dialect::Postgres { s(&f, "schemaTo") } else { None };
        table.foreign_keys.push(ForeignKey {
            name: if dialect == Dialect::Postgres {
                s(&f, "name").map(str::to_string)
            } else {
                None
            },
            columns: strings(&f, "columnsFrom"),
            ref_table: QualifiedName::new(schema_to, target),
            ref_columns: strings(&f, "columnsTo"),
            on_delete: action(&f, "onDelete"),
            on_update: action(&f, "onUpdate"),
            deferrable: Default::default(),
            match_full: false,
        });
    }
    for c in obj_map(t, "checkConstraints", dialect) {
        table.checks.push(Check {
            name: s(&c, "name").map(str::to_string),
            expr: sluice_sql::expr::normalize(
                &strip_table_prefix(s(&c, "value").unwrap_or_default(), tname),
                dialect,
            ),
            no_inherit: false,
        });
    }
    for i in obj_map(t, "indexes", dialect) {
        let name = s(&i, "name").unwrap_or_default().to_string();
        let keys = match i.get("columns").and_then(Value::as_array) {
            Some(cols) => cols
                .iter()
                .map(|c| match c {
                    Value::String(name) => IndexKey::column(name),
                    Value::Object(o) => {
                        let text = s(o, "expression").unwrap_or_default();
                        let target = if flag(o, "isExpression") {
                            IndexTarget::Expr(sluice_sql::expr::normalize(text, dialect))
                        } else {
                            IndexTarget::Column(text.to_string())
                        };
                        let descending = o.get("asc").and_then(Value::as_bool) == Some(false);
                        let nulls = match (descending, s(o, "nulls")) {
                            (false, Some("first")) => Some(sluice_schema::NullsOrder::First),
                            (true, Some("last")) => Some(sluice_schema::NullsOrder::Last),
                            _ => None,
                        };
                        IndexKey {
                            target,
                            collation: None,
                            opclass: s(o, "opclass").map(str::to_string),
                            descending,
                            nulls,
                        }
                    }
                    _ => IndexKey::column(""),
                })
                .collect(),
            None => Vec::new(),
        };
        table.indexes.push(Index {
            name,
            unique: flag(&i, "isUnique"),
            method: s(&i, "method").filter(|m| *m != "btree").map(str::to_string),
            keys,
            include: Vec::new(),
            predicate: s(&i, "where").map(|w| sluice_sql::expr::normalize(w, dialect)),
            nulls_not_distinct: false,
            comment: None,
        });
    }
    Ok(table)
}

/// The entries of a table's object map. SQLite v6 snapshots store some of
/// them (foreign keys, composite keys, uniques, checks) as squashed strings;
/// those are unsquashed here.
fn obj_map(t: &Obj, key: &str, dialect: Dialect) -> Vec<Obj> {
    let Some(m) = t.get(key).and_then(Value::as_object) else { return Vec::new() };
    m.values()
        .filter_map(|v| match v {
            Value::Object(o) => Some(o.clone()),
            Value::String(text) if dialect == Dialect::Sqlite => unsquash_sqlite(key, text),
            _ => None,
        })
        .collect()
}

/// drizzle-kit's SQLite squashed forms: `name;tableFrom;colsFrom;tableTo;colsTo;onUpdate;onDelete`
/// for foreign keys, `cols` (comma-separated) for composite keys,
/// `name;cols` for uniques, `name;value` for checks, `name;cols;isUnique;where` for indexes.
fn unsquash_sqlite(key: &str, text: &str) -> Option<Obj> {
    let parts: Vec<&str> = text.split(';').collect();
    let list = |s: &str| {
        Value::Array(
            s.split(',').filter(|c| !c.is_empty()).map(|c| Value::String(c.into())).collect(),
        )
    };
    let mut o = Obj::new();
    match key {
        "foreignKeys" if parts.len() >= 7 => {
            o.insert("name".into(), parts[0].into());
            o.insert("columnsFrom".into(), list(parts[2]));
            o.insert("tableTo".into(), parts[3].into());
            o.insert("columnsTo".into(), list(parts[4]));
            o.insert("onUpdate".into(), parts[5].into());
            o.insert("onDelete".into(), parts[6].into());
        }
        "compositePrimaryKeys" => {
            o.insert("columns".into(), list(parts[0]));
        }
        "uniqueConstraints" if parts.len() >= 2 => {
            o.insert("name".into(), parts[0].into());
            o.insert("columns".into(), list(parts[1]));
        }
        "checkConstraints" if parts.len() >= 2 => {
            o.insert("name".into(), parts[0].into());
            o.insert("value".into(), parts[1..].join(";").into());
        }
        "indexes" if parts.len() >= 3 => {
            o.insert("name".into(), parts[0].into());
            o.insert("columns".into(), list(parts[1]));
            o.insert("isUnique".into(), (parts[2] == "true").into());
            if let Some(w) = parts.get(3).filter(|w| !w.is_empty() && **w != "undefined") {
                o.insert("where".into(), (*w).into());
            }
        }
        _ => return None,
    }
    Some(o)
}

/// drizzle writes check values with the table name on each column
/// (`"t"."price" > 0`); the database keeps them bare.
fn strip_table_prefix(value: &str, table: &str) -> String {
    value.replace(&format!("\"{table}\"."), "")
}

/// A snapshot column type: an enum when it has a type schema.
fn column_type(text: &str, type_schema: Option<&str>, dialect: Dialect) -> SqlType {
    if let Some(schema) = type_schema {
        let (base, dims) = strip_array(text);
        let named =
            SqlType::Named { name: QualifiedName::new(Some(schema), base.trim_matches('"')) };
        return if dims > 0 { SqlType::Array { element: Box::new(named), dims } } else { named };
    }
    sluice_sql::types::parse_type(text, dialect)
}

fn strip_array(text: &str) -> (&str, u32) {
    let mut t = text;
    let mut dims = 0;
    while let Some(rest) = t.strip_suffix("[]") {
        t = rest;
        dims += 1;
    }
    (t, dims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_of_the_text() {
        assert_eq!(
            file_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn postgres_snapshot_converts() {
        let snap: Value = serde_json::from_str(r#"{
          "id": "x", "prevId": "y", "version": "7", "dialect": "postgresql",
          "tables": { "public.posts": { "name": "posts", "schema": "",
            "columns": {
              "id": { "name": "id", "type": "serial", "primaryKey": true, "notNull": true },
              "author": { "name": "author", "type": "integer", "primaryKey": false, "notNull": true },
              "status": { "name": "status", "type": "mood", "typeSchema": "public", "primaryKey": false, "notNull": true, "default": "'ok'" },
              "n": { "name": "n", "type": "numeric(12, 2)", "primaryKey": false, "notNull": false, "default": 0 }
            },
            "indexes": { "posts_author_idx": { "name": "posts_author_idx", "columns": [ { "expression": "author", "isExpression": false, "asc": true, "nulls": "last" } ], "isUnique": false, "concurrently": false, "method": "btree", "with": {} } },
            "foreignKeys": { "posts_author_users_id_fk": { "name": "posts_author_users_id_fk", "tableFrom": "posts", "tableTo": "users", "columnsFrom": ["author"], "columnsTo": ["id"], "onDelete": "cascade", "onUpdate": "no action" } },
            "compositePrimaryKeys": {}, "uniqueConstraints": {}, "policies": {},
            "checkConstraints": { "n_ok": { "name": "n_ok", "value": "\"posts\".\"n\" > 0" } }, "isRLSEnabled": false },
            "public.users": { "name": "users", "schema": "", "columns": { "id": { "name": "id", "type": "serial", "primaryKey": true, "notNull": true } },
              "indexes": {}, "foreignKeys": {}, "compositePrimaryKeys": {}, "uniqueConstraints": {}, "policies": {}, "checkConstraints": {}, "isRLSEnabled": false } },
          "enums": { "public.mood": { "name": "mood", "schema": "public", "values": ["sad", "ok"] } },
          "schemas": {}, "sequences": {}, "roles": {}, "policies": {}, "views": {},
          "_meta": { "schemas": {}, "tables": {}, "columns": {} } }"#).unwrap();
        let schema = snapshot_schema(&snap, Dialect::Postgres).unwrap();
        let ddl = "CREATE TYPE mood AS ENUM ('sad', 'ok');
            CREATE TABLE users (id serial PRIMARY KEY);
            CREATE TABLE posts (id serial PRIMARY KEY, author integer NOT NULL, status mood DEFAULT 'ok' NOT NULL,
              n numeric(12,2) DEFAULT 0, CONSTRAINT n_ok CHECK (n > 0),
              CONSTRAINT posts_author_users_id_fk FOREIGN KEY (author) REFERENCES users (id) ON DELETE CASCADE);
            CREATE INDEX posts_author_idx ON posts USING btree (author);";
        let parsed = sluice_sql::dialect_for(Dialect::Postgres)
            .unwrap()
            .parse(&[sluice_sql::SourceFile::new("s.sql", ddl)]);
        assert!(parsed.errors.is_empty());
        assert_eq!(schema, parsed.schema);
    }
}
