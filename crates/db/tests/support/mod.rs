//! Shared by the round-trip tests: load DDL into a database and introspect
//! it, compare with what the parser makes of the same DDL, and describe
//! the differences compactly (one line per differing field, objects named
//! by their names rather than by their position).

#![allow(dead_code)]

use serde_json::Value;
use sluice_db::postgres::PgDriver;
use sluice_migrate::{DbError, Driver};
use sluice_schema::{Dialect, Schema};
use sluice_sql::{dialect_for, SourceFile};

/// What the parser makes of `sql` (normalized), or its first error.
pub fn parse(sql: &str) -> Result<Schema, String> {
    let d = dialect_for(Dialect::Postgres).expect("PostgreSQL dialect");
    let parsed = d.parse(&[SourceFile::new("schema.sql", sql)]);
    match parsed.errors.first() {
        Some(e) => Err(e.short()),
        None => Ok(parsed.schema),
    }
}

/// Run `sql` in a transaction, introspect inside it, roll back: the
/// database is left as it was. `Err` when the server rejects the DDL.
pub fn load_and_introspect(db: &mut PgDriver, sql: &str) -> Result<Schema, DbError> {
    db.begin()?;
    let result = db.execute(sql).and_then(|()| db.introspect());
    db.rollback()?;
    result
}

/// One line per difference between two schemas: `path: left != right`.
pub fn differences(parsed: &Schema, introspected: &Schema) -> Vec<String> {
    let a = serde_json::to_value(parsed).expect("schema serializes");
    let b = serde_json::to_value(introspected).expect("schema serializes");
    let mut out = Vec::new();
    diff_values("", &a, &b, &mut out);
    out
}

/// The key an element of a list is known by: its name (`name` may be a
/// qualified name object), else its position.
fn element_key(v: &Value, i: usize) -> String {
    match v.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => {
            let schema = o.get("schema").and_then(Value::as_str).unwrap_or("");
            let name = o.get("name").and_then(Value::as_str).unwrap_or("");
            format!("{schema}.{name}")
        }
        _ => format!("#{i}"),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 400 {
        format!("{}…", &s[..s.char_indices().nth(400).map_or(s.len(), |(i, _)| i)])
    } else {
        s
    }
}

fn diff_values(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let null = Value::Null;
                let p = format!("{path}.{k}");
                diff_values(&p, x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null), out);
            }
        }
        (Value::Array(x), Value::Array(y))
            if x.iter().chain(y).all(|v| v.get("name").is_some()) =>
        {
            let keyed = |list: &Vec<Value>| -> Vec<(String, Value)> {
                list.iter().enumerate().map(|(i, v)| (element_key(v, i), v.clone())).collect()
            };
            let (kx, ky) = (keyed(x), keyed(y));
            for (k, v) in &kx {
                match ky.iter().find(|(k2, _)| k2 == k) {
                    Some((_, w)) => diff_values(&format!("{path}[{k}]"), v, w, out),
                    None => out.push(format!("{path}[{k}]: only parsed")),
                }
            }
            for (k, _) in &ky {
                if !kx.iter().any(|(k2, _)| k2 == k) {
                    out.push(format!("{path}[{k}]: only introspected"));
                }
            }
        }
        _ => out.push(format!("{path}: parsed {} != introspected {}", short(a), short(b))),
    }
}

/// A short name for the kind of a difference line (the path with names
/// and values left out), to count differences by kind.
pub fn difference_kind(line: &str) -> String {
    let path = line.split(": ").next().unwrap_or(line);
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("[]");
                }
            }
            ']' => depth -= 1,
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    let what = if line.ends_with("only parsed") {
        " only parsed"
    } else if line.ends_with("only introspected") {
        " only introspected"
    } else {
        ""
    };
    format!("{out}{what}")
}
