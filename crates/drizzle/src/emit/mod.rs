//! A [`Schema`] -> a drizzle `schema.ts` that compiles as written: every
//! builder it uses imported, every type mapped ([`types`]; a type drizzle
//! has no builder for becomes a `customType` with a comment), names always
//! explicit (so drizzle's `casing` option cannot rename anything), bigint
//! columns in `{ mode: "bigint" }` unless configured otherwise, and indexes,
//! composite keys, foreign keys, uniques and checks in the extra-config
//! callback under their database names. Tables come in dependency order
//! (referenced tables first) so that no declaration refers to a table whose
//! type TypeScript has not inferred yet; a table referring to itself does
//! so through the callback's parameter.

mod types;

pub use types::BigintMode;

use sluice_schema::{Dialect, FkAction, IndexTarget, NullsOrder, QualifiedName, Schema, Table};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write;
use types::{builder, default_method, default_opclass, js_string, template_escape};

#[derive(Debug, Clone, Default)]
pub struct EmitOptions {
    pub bigint: BigintMode,
}

/// The drizzle schema.ts of a schema.
pub fn to_typescript(schema: &Schema, opts: &EmitOptions) -> String {
    Emitter::new(schema, opts).run()
}

struct Emitter<'s> {
    schema: &'s Schema,
    opts: &'s EmitOptions,
    dialect: Dialect,
    imports: BTreeSet<&'static str>,
    uses_sql: bool,
    /// SQL name -> variable of each custom type.
    customs: BTreeMap<String, String>,
    /// Top-level variable names taken.
    taken: HashSet<String>,
    tables: HashMap<QualifiedName, String>,
    enums: HashMap<QualifiedName, String>,
    schemas: BTreeMap<String, String>,
}

/// Names a top-level variable must not take: the imports and JavaScript's
/// reserved words.
const RESERVED: &[&str] = &[
    "sql",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "let",
    "static",
    "yield",
    "await",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
    "table",
    "pgTable",
    "pgEnum",
    "pgSchema",
    "pgView",
    "pgMaterializedView",
    "sqliteTable",
    "index",
    "uniqueIndex",
    "primaryKey",
    "foreignKey",
    "unique",
    "check",
    "customType",
    "integer",
    "smallint",
    "bigint",
    "serial",
    "smallserial",
    "bigserial",
    "real",
    "doublePrecision",
    "numeric",
    "text",
    "varchar",
    "char",
    "boolean",
    "date",
    "time",
    "timestamp",
    "interval",
    "uuid",
    "json",
    "jsonb",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "vector",
    "blob",
];

impl<'s> Emitter<'s> {
    fn new(schema: &'s Schema, opts: &'s EmitOptions) -> Self {
        Emitter {
            schema,
            opts,
            dialect: schema.dialect,
            imports: BTreeSet::new(),
            uses_sql: false,
            customs: BTreeMap::new(),
            taken: RESERVED.iter().map(|s| s.to_string()).collect(),
            tables: HashMap::new(),
            enums: HashMap::new(),
            schemas: BTreeMap::new(),
        }
    }

    /// A free variable name built from `parts` in camelCase.
    fn var(&mut self, parts: &[&str], suffix: &str) -> String {
        let mut base = camel(&parts.join("_"));
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert(0, '_');
        }
        let mut name = base.clone();
        if self.taken.contains(&name) {
            name = format!("{base}{suffix}");
        }
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{suffix}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// The namespace of an object unless it is the default one.
    fn namespace(&self, name: &QualifiedName) -> Option<String> {
        match (&name.schema, self.dialect.default_schema()) {
            (Some(s), Some(d)) if s != d => Some(s.clone()),
            _ => None,
        }
    }

    fn run(mut self) -> String {
        let pg = self.dialect == Dialect::Postgres;
        let mut body = String::new();
        // schemas
        let mut spaces: Vec<String> =
            self.schema.namespaces.iter().map(|n| n.name.clone()).collect();
        for t in &self.schema.tables {
            spaces.extend(self.namespace(&t.name));
        }
        spaces.sort();
        spaces.dedup();
        for s in spaces {
            let v = self.var(&[&s, "schema"], "");
            self.imports.insert("pgSchema");
            writeln!(body, "export const {v} = pgSchema({});", js_string(&s)).unwrap();
            self.schemas.insert(s, v);
        }
        if !self.schemas.is_empty() {
            body.push('\n');
        }
        // enums
        for e in &self.schema.enums {
            let ns = self.namespace(&e.name);
            let parts: Vec<&str> =
                ns.iter().map(String::as_str).chain([e.name.name.as_str()]).collect();
            let v = self.var(&parts, "Enum");
            let values: Vec<String> = e.values.iter().map(|v| js_string(v)).collect();
            let ctor = match &ns {
                Some(s) => format!("{}.enum", self.schemas[s]),
                None => {
                    self.imports.insert("pgEnum");
                    "pgEnum".to_string()
                }
            };
            writeln!(
                body,
                "export const {v} = {ctor}({}, [{}]);",
                js_string(&e.name.name),
                values.join(", ")
            )
            .unwrap();
            self.enums.insert(e.name.clone(), v.clone());
            if e.name.schema.as_deref() == self.dialect.default_schema() {
                self.enums.insert(QualifiedName::bare(&e.name.name), v);
            }
        }
        if !self.schema.enums.is_empty() {
            body.push('\n');
        }
        // variables of every table first: foreign keys refer to them
        let order = dependency_order(self.schema);
        for &i in &order {
            let t = &self.schema.tables[i];
            let ns = self.namespace(&t.name);
            let parts: Vec<&str> =
                ns.iter().map(String::as_str).chain([t.name.name.as_str()]).collect();
            let v = self.var(&parts, "Table");
            self.tables.insert(t.name.clone(), v);
        }
        let mut tables = String::new();
        for &i in &order {
            let t = &self.schema.tables[i];
            self.table(t, &mut tables);
        }
        let mut views = String::new();
        for v in &self.schema.views {
            let ns = self.namespace(&v.name);
            let parts: Vec<&str> =
                ns.iter().map(String::as_str).chain([v.name.name.as_str()]).collect();
            let var = self.var(&parts, "View");
            let ctor = match (&ns, v.materialized) {
                (Some(s), false) => format!("{}.view", self.schemas[s]),
                (Some(s), true) => format!("{}.materializedView", self.schemas[s]),
                (None, false) => {
                    self.imports.insert("pgView");
                    "pgView".into()
                }
                (None, true) => {
                    self.imports.insert("pgMaterializedView");
                    "pgMaterializedView".into()
                }
            };
            self.uses_sql = true;
            writeln!(
                views,
                "export const {var} = {ctor}({}, {{}}).as(sql`{}`);\n",
                js_string(&v.name.name),
                template_escape(&v.definition)
            )
            .unwrap();
        }
        // custom types, declared before the tables that use them
        let mut customs = String::new();
        for (sql_name, var) in &self.customs {
            self.imports.insert("customType");
            writeln!(
                customs,
                "// `{sql_name}` has no drizzle builder: declared as a custom type.\nexport const {var} = customType<{{ data: unknown }}>({{\n  dataType() {{\n    return {};\n  }},\n}});\n",
                js_string(sql_name)
            )
            .unwrap();
        }
        let module = if pg { "drizzle-orm/pg-core" } else { "drizzle-orm/sqlite-core" };
        let mut out =
            String::from("// Written by `sluice pull --emit drizzle` from the live database.\n");
        let imports: Vec<&str> = self.imports.iter().copied().collect();
        writeln!(out, "import {{ {} }} from \"{module}\";", imports.join(", ")).unwrap();
        if self.uses_sql {
            out.push_str("import { sql } from \"drizzle-orm\";\n");
        }
        out.push('\n');
        out.push_str(&customs);
        out.push_str(&body);
        out.push_str(&tables);
        out.push_str(&views);
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    fn table(&mut self, t: &Table, out: &mut String) {
        let pg = self.dialect == Dialect::Postgres;
        let var = self.tables[&t.name].clone();
        let ctor = match self.namespace(&t.name) {
            Some(s) => format!("{}.table", self.schemas[&s]),
            None if pg => {
                self.imports.insert("pgTable");
                "pgTable".into()
            }
            None => {
                self.imports.insert("sqliteTable");
                "sqliteTable".into()
            }
        };
        writeln!(out, "export const {var} = {ctor}({}, {{", js_string(&t.name.name)).unwrap();
        // keys of the columns
        let mut keys: HashMap<&str, String> = HashMap::new();
        let mut used: HashSet<String> = HashSet::new();
        for c in &t.columns {
            let mut k = camel(&c.name);
            if k.is_empty() || k.starts_with(|ch: char| ch.is_ascii_digit()) {
                k.insert(0, '_');
            }
            let base = k.clone();
            let mut n = 2;
            while used.contains(&k) {
                k = format!("{base}{n}");
                n += 1;
            }
            used.insert(k.clone());
            keys.insert(c.name.as_str(), k);
        }
        let single_pk = t.primary_key.as_ref().filter(|pk| {
            pk.columns.len() == 1
                && (pk.name.is_none()
                    || pk.name.as_deref() == Some(&format!("{}_pkey", t.name.name))
                    || !pg)
        });
        let enums = &self.schema.enums;
        for c in &t.columns {
            let enum_vars = &self.enums;
            let lookup = |n: &QualifiedName| enum_vars.get(n).cloned();
            let b = builder(&c.ty, self.dialect, self.opts.bigint, &lookup);
            if let Some(sql_name) = &b.custom {
                self.customs.insert(sql_name.clone(), b.func.clone());
            }
            if let Some(i) = b.import {
                self.imports.insert(i);
            }
            let mut args = js_string(&c.name);
            if !b.options.is_empty() {
                write!(args, ", {{ {} }}", b.options.join(", ")).unwrap();
            }
            let mut line = format!("  {}: {}({args})", property(&keys[c.name.as_str()]), b.func);
            for _ in 0..b.dims {
                line.push_str(".array()");
            }
            let is_pk = single_pk.is_some_and(|pk| pk.columns[0] == c.name);
            if is_pk {
                if !pg && t.primary_key.as_ref().is_some_and(|p| p.autoincrement) {
                    line.push_str(".primaryKey({ autoIncrement: true })");
                } else {
                    line.push_str(".primaryKey()");
                }
            }
            if let Some(id) = &c.identity {
                let mut o = Vec::new();
                let so = &id.options;
                let mut num = |k: &str, v: Option<i64>| {
                    if let Some(v) = v {
                        o.push(format!("{k}: {v}"));
                    }
                };
                num("startWith", so.start);
                num("increment", so.increment);
                num("minValue", so.min_value);
                num("maxValue", so.max_value);
                num("cache", so.cache);
                if so.cycle {
                    o.push("cycle: true".into());
                }
                let f = if id.always {
                    "generatedAlwaysAsIdentity"
                } else {
                    "generatedByDefaultAsIdentity"
                };
                let opts =
                    if o.is_empty() { String::new() } else { format!("{{ {} }}", o.join(", ")) };
                write!(line, ".{f}({opts})").unwrap();
            }
            if let Some(g) = &c.generated {
                self.uses_sql = true;
                let mode = if pg {
                    String::new()
                } else if g.stored {
                    ", { mode: \"stored\" }".into()
                } else {
                    ", { mode: \"virtual\" }".into()
                };
                write!(line, ".generatedAlwaysAs(sql`{}`{mode})", template_escape(g.expr.as_str()))
                    .unwrap();
            }
            if let Some(d) = &c.default {
                let m = default_method(d, &c.ty, enums, self.opts.bigint);
                if m.contains("sql`") {
                    self.uses_sql = true;
                }
                line.push_str(&m);
            }
            // key, identity and serial columns are NOT NULL in drizzle already
            if !c.nullable && !is_pk && c.identity.is_none() && !c.ty.is_serial() {
                line.push_str(".notNull()");
            }
            line.push_str(",\n");
            out.push_str(&line);
        }
        // the extra config
        let mut extra: Vec<String> = Vec::new();
        let col = |name: &str| {
            format!("table.{}", keys.get(name).cloned().unwrap_or_else(|| name.to_string()))
        };
        if let Some(pk) = &t.primary_key {
            if single_pk.is_none() {
                self.imports.insert("primaryKey");
                let cols: Vec<String> = pk.columns.iter().map(|c| col(c)).collect();
                let name = pk
                    .name
                    .as_deref()
                    .map(|n| format!(", name: {}", js_string(n)))
                    .unwrap_or_default();
                extra.push(format!("primaryKey({{ columns: [{}]{name} }})", cols.join(", ")));
            }
        }
        for u in &t.uniques {
            self.imports.insert("unique");
            let cols: Vec<String> = u.columns.iter().map(|c| col(c)).collect();
            let name = u.name.as_deref().map(js_string).unwrap_or_default();
            let nnd = if u.nulls_not_distinct { ".nullsNotDistinct()" } else { "" };
            extra.push(format!("unique({name}).on({}){nnd}", cols.join(", ")));
        }
        for fk in &t.foreign_keys {
            self.imports.insert("foreignKey");
            let cols: Vec<String> = fk.columns.iter().map(|c| col(c)).collect();
            let same = fk.ref_table == t.name
                || (fk.ref_table.name == t.name.name
                    && self.namespace(&fk.ref_table) == self.namespace(&t.name));
            let target = if same { "table".to_string() } else { self.table_var(&fk.ref_table) };
            let refs: Vec<String> = if same {
                fk.ref_columns.iter().map(|c| col(c)).collect()
            } else {
                let target_table = self.schema.tables.iter().find(|x| x.name == fk.ref_table);
                fk.ref_columns
                    .iter()
                    .map(|c| format!("{target}.{}", ref_key(target_table, c)))
                    .collect()
            };
            let mut s = format!(
                "foreignKey({{ columns: [{}], foreignColumns: [{}]",
                cols.join(", "),
                refs.join(", ")
            );
            if let Some(n) = &fk.name {
                write!(s, ", name: {}", js_string(n)).unwrap();
            }
            s.push_str(" })");
            if fk.on_delete != FkAction::NoAction {
                write!(s, ".onDelete({})", js_string(action(fk.on_delete))).unwrap();
            }
            if fk.on_update != FkAction::NoAction {
                write!(s, ".onUpdate({})", js_string(action(fk.on_update))).unwrap();
            }
            extra.push(s);
        }
        for c in &t.checks {
            self.imports.insert("check");
            self.uses_sql = true;
            let name = c.name.clone().unwrap_or_else(|| format!("{}_check", t.name.name));
            extra.push(format!(
                "check({}, sql`{}`)",
                js_string(&name),
                template_escape(c.expr.as_str())
            ));
        }
        for i in &t.indexes {
            let f = if i.unique { "uniqueIndex" } else { "index" };
            self.imports.insert(f);
            let mut keys_s = Vec::new();
            for k in &i.keys {
                let mut s = match &k.target {
                    IndexTarget::Column(c) => col(c),
                    IndexTarget::Expr(e) => {
                        self.uses_sql = true;
                        format!("sql`{}`", template_escape(e.as_str()))
                    }
                };
                if k.descending {
                    s.push_str(".desc()");
                }
                match k.nulls {
                    Some(NullsOrder::First) => s.push_str(".nullsFirst()"),
                    Some(NullsOrder::Last) => s.push_str(".nullsLast()"),
                    None => {}
                }
                // the operator class always, as drizzle-kit's pull writes it
                let column_type = match &k.target {
                    IndexTarget::Column(c) => t.column(c).map(|c| &c.ty),
                    IndexTarget::Expr(_) => None,
                };
                let op = k.opclass.as_deref().or_else(|| {
                    column_type.and_then(|ty| default_opclass(ty, i.method.as_deref()))
                });
                let op = op.filter(|_| pg);
                if let Some(op) = op {
                    write!(s, ".op({})", js_string(op)).unwrap();
                }
                keys_s.push(s);
            }
            let mut s = format!("{f}({})", js_string(&i.name));
            match &i.method {
                Some(m) if pg => {
                    write!(s, ".using({}, {})", js_string(m), keys_s.join(", ")).unwrap()
                }
                _ => write!(s, ".on({})", keys_s.join(", ")).unwrap(),
            }
            if let Some(p) = &i.predicate {
                self.uses_sql = true;
                write!(s, ".where(sql`{}`)", template_escape(p.as_str())).unwrap();
            }
            extra.push(s);
        }
        if extra.is_empty() {
            out.push_str("});\n\n");
        } else {
            out.push_str("}, (table) => [\n");
            for e in extra {
                writeln!(out, "  {e},").unwrap();
            }
            out.push_str("]);\n\n");
        }
    }

    fn table_var(&self, name: &QualifiedName) -> String {
        if let Some(v) = self.tables.get(name) {
            return v.clone();
        }
        let default = self.dialect.default_schema();
        self.tables
            .iter()
            .find(|(k, _)| {
                k.name == name.name
                    && k.schema.as_deref().or(default) == name.schema.as_deref().or(default)
            })
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| camel(&name.name))
    }
}

/// The key the emitter gives a column of a table (as in `table`).
fn ref_key(table: Option<&Table>, column: &str) -> String {
    let Some(t) = table else { return camel(column) };
    let mut used: HashSet<String> = HashSet::new();
    for c in &t.columns {
        let mut k = camel(&c.name);
        if k.is_empty() || k.starts_with(|ch: char| ch.is_ascii_digit()) {
            k.insert(0, '_');
        }
        let base = k.clone();
        let mut n = 2;
        while used.contains(&k) {
            k = format!("{base}{n}");
            n += 1;
        }
        used.insert(k.clone());
        if c.name == column {
            return k;
        }
    }
    camel(column)
}

fn action(a: FkAction) -> &'static str {
    match a {
        FkAction::NoAction => "no action",
        FkAction::Restrict => "restrict",
        FkAction::Cascade => "cascade",
        FkAction::SetNull => "set null",
        FkAction::SetDefault => "set default",
    }
}

/// Tables ordered so that each comes after the tables it references
/// (cycles broken in name order).
fn dependency_order(schema: &Schema) -> Vec<usize> {
    let n = schema.tables.len();
    let index: HashMap<&QualifiedName, usize> =
        schema.tables.iter().enumerate().map(|(i, t)| (&t.name, i)).collect();
    let mut state = vec![0u8; n]; // 0 new, 1 visiting, 2 done
    let mut out = Vec::with_capacity(n);
    fn visit(
        i: usize,
        schema: &Schema,
        index: &HashMap<&QualifiedName, usize>,
        state: &mut [u8],
        out: &mut Vec<usize>,
    ) {
        if state[i] != 0 {
            return;
        }
        state[i] = 1;
        for fk in &schema.tables[i].foreign_keys {
            if let Some(&j) = index.get(&fk.ref_table) {
                if j != i {
                    visit(j, schema, index, state, out);
                }
            }
        }
        state[i] = 2;
        out.push(i);
    }
    for i in 0..n {
        visit(i, schema, &index, &mut state, &mut out);
    }
    out
}

/// `created_at` -> `createdAt`; other characters dropped at word breaks.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c.is_alphanumeric() || c == '$' {
            if upper && !out.is_empty() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

/// An object key: bare when it is an identifier, quoted otherwise.
fn property(key: &str) -> String {
    if is_identifier(key) {
        key.to_string()
    } else {
        js_string(key)
    }
}

fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_alphabetic() || c == '_' || c == '$')
        && cs.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests;
