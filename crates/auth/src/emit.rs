//! The options the application passes to `betterAuth({...})` so that its
//! runtime finds the physical names sluice wrote: `modelName` and `fields`
//! of the core tables, `additionalFields`, `advanced.database.generateId`,
//! and per plugin its options with `schema: { table: { modelName, fields } }`.
//! As one JSON object, or as a TypeScript snippet.

use crate::config::IdKind;
use crate::resolve::{AuthModel, AuthTable};
use serde_json::{json, Map, Value};

const CORE: &[&str] = &["user", "session", "account", "verification"];

/// The options object, shaped like `betterAuth({...})`'s.
pub fn options(model: &AuthModel) -> Value {
    let mut root = Map::new();
    for key in CORE {
        if let Some(t) = model.table(key) {
            let mut o = table_options(t, None);
            let extra = additional_fields(t);
            if !extra.is_empty() {
                o.insert("additionalFields".into(), Value::Object(extra));
            }
            root.insert((*key).into(), Value::Object(o));
        }
    }
    if let Some(t) = model.table("rateLimit") {
        let mut o = Map::new();
        o.insert("storage".into(), json!("database"));
        o.extend(table_options(t, None));
        root.insert("rateLimit".into(), Value::Object(o));
    }
    match model.id {
        IdKind::Text => {}
        IdKind::Uuid => {
            root.insert("advanced".into(), json!({ "database": { "generateId": "uuid" } }));
        }
        IdKind::Serial => {
            root.insert("advanced".into(), json!({ "database": { "generateId": "serial" } }));
        }
    }
    let mut plugins = Map::new();
    for p in &model.plugins {
        let mut o = Map::new();
        if p.option_id == "organization" {
            if model.org.teams {
                o.insert("teams".into(), json!({ "enabled": true }));
            }
            if model.org.dynamic_access_control {
                o.insert("dynamicAccessControl".into(), json!({ "enabled": true }));
            }
        }
        if p.option_id == "lastLoginMethod" {
            o.insert("storeInDatabase".into(), json!(true));
        }
        let mut schema = Map::new();
        for t in &model.tables {
            if t.plugin == Some(p.option_id) {
                schema.insert(t.key.clone(), Value::Object(table_options(t, None)));
            } else if t.columns.iter().any(|c| c.plugin == Some(p.option_id)) {
                let fields = fields(t, Some(p.option_id));
                if !fields.is_empty() {
                    schema.insert(t.key.clone(), json!({ "fields": fields }));
                }
            }
        }
        if p.option_id == "lastLoginMethod" {
            // This plugin reads `schema.user.lastLoginMethod` (the column
            // name itself), not `fields`.
            let column = model.table("user").and_then(|t| t.column("lastLoginMethod"));
            schema = Map::new();
            if let Some(c) = column.filter(|c| c.physical != c.field) {
                schema.insert("user".into(), json!({ "lastLoginMethod": c.physical }));
            }
        }
        if !schema.is_empty() {
            o.insert("schema".into(), Value::Object(schema));
        }
        plugins.insert(p.option_id.into(), Value::Object(o));
    }
    root.insert("plugins".into(), Value::Object(plugins));
    Value::Object(root)
}

fn table_options(t: &AuthTable, plugin: Option<&str>) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("modelName".into(), json!(t.physical));
    o.insert("fields".into(), Value::Object(fields(t, plugin)));
    o
}

/// `{ logical: physical }` for the fields declared by `plugin` (the
/// table's owner for `None`) whose physical name differs.
fn fields(t: &AuthTable, plugin: Option<&str>) -> Map<String, Value> {
    t.columns
        .iter()
        .filter(|c| c.plugin == plugin && !c.additional && c.field != c.physical)
        .map(|c| (c.field.clone(), json!(c.physical)))
        .collect()
}

fn additional_fields(t: &AuthTable) -> Map<String, Value> {
    t.columns
        .iter()
        .filter(|c| c.additional)
        .map(|c| {
            let mut f = Map::new();
            f.insert("type".into(), json!(c.logical_ty.map(|t| t.as_str()).unwrap_or("string")));
            f.insert("required".into(), json!(!c.nullable));
            if c.unique {
                f.insert("unique".into(), json!(true));
            }
            if c.field != c.physical {
                f.insert("fieldName".into(), json!(c.physical));
            }
            (c.field.clone(), Value::Object(f))
        })
        .collect()
}

/// The same options as a TypeScript snippet: imports, then
/// `betterAuth({...})` with each plugin called with its options.
pub fn typescript(model: &AuthModel) -> String {
    let opts = options(model);
    let mut out = format!(
        "// Better Auth options for the schema sluice generated (better-auth {}).\n",
        crate::BETTER_AUTH_VERSION
    );
    out.push_str("import { betterAuth } from \"better-auth\";\n");
    let mut by_package: Vec<(&str, Vec<&str>)> = Vec::new();
    for p in &model.plugins {
        push_import(&mut by_package, p.package, p.option_id);
    }
    for (pkg, names) in &by_package {
        out.push_str(&format!("import {{ {} }} from \"{pkg}\";\n", names.join(", ")));
    }
    out.push_str("\nexport const auth = betterAuth({\n  database, // your connection (pg Pool, better-sqlite3 Database...)\n");
    if let Value::Object(m) = &opts {
        for (k, v) in m {
            if k == "plugins" {
                continue;
            }
            out.push_str(&format!("  {k}: {},\n", indent(&pretty(v), 2)));
        }
    }
    out.push_str("  plugins: [\n");
    if let Some(Value::Object(plugins)) = opts.get("plugins") {
        for (id, o) in plugins {
            let args = if o.as_object().is_some_and(|m| m.is_empty()) {
                String::new()
            } else {
                indent(&pretty(o), 4)
            };
            out.push_str(&format!("    {id}({args}),\n"));
        }
    }
    out.push_str("  ],\n});\n");
    out
}

fn push_import<'a>(by: &mut Vec<(&'a str, Vec<&'a str>)>, pkg: &'a str, name: &'a str) {
    match by.iter_mut().find(|(p, _)| *p == pkg) {
        Some((_, names)) => names.push(name),
        None => by.push((pkg, vec![name])),
    }
}

/// JSON with object keys bare when they are identifiers (TypeScript style).
fn pretty(v: &Value) -> String {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.lines()
        .map(|l| {
            let trimmed = l.trim_start();
            if let Some(rest) = trimmed.strip_prefix('"') {
                if let Some(end) = rest.find("\": ") {
                    let key = &rest[..end];
                    if !key.is_empty()
                        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
                        && !key.starts_with(|c: char| c.is_ascii_digit())
                    {
                        let pad = &l[..l.len() - trimmed.len()];
                        return format!("{pad}{key}: {}", &rest[end + 3..]);
                    }
                }
            }
            l.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { l.to_string() } else { format!("{pad}{l}") })
        .collect::<Vec<_>>()
        .join("\n")
}
