//! drizzle's exported functions, evaluated: the table, enum, schema and
//! view constructors, the column types of pg-core and sqlite-core, and the
//! index and constraint builders of the extra-config callback.

use super::eval::{Arg, Ctx};
use super::value::{ColType, ColumnB, Constraint, ForeignKeyB, IndexB, Module, Value};
use super::{EnumB, Reader, TableB, R};
use oxc_span::Span;

const PG: &[&str] = &[
    "pgTable",
    "pgEnum",
    "pgSchema",
    "pgView",
    "pgMaterializedView",
    "index",
    "uniqueIndex",
    "primaryKey",
    "foreignKey",
    "unique",
    "check",
    "customType",
    "integer",
    "int",
    "smallint",
    "bigint",
    "serial",
    "smallserial",
    "bigserial",
    "real",
    "doublePrecision",
    "numeric",
    "decimal",
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
    "point",
    "line",
    "vector",
    "halfvec",
    "sparsevec",
    "bit",
    "geometry",
    "bytea",
];
const SQLITE: &[&str] = &[
    "sqliteTable",
    "index",
    "uniqueIndex",
    "primaryKey",
    "foreignKey",
    "unique",
    "check",
    "customType",
    "integer",
    "int",
    "text",
    "real",
    "blob",
    "numeric",
];
const ORM: &[&str] = &["sql", "relations"];

/// The value of an import from a drizzle module.
pub(crate) fn lookup(m: Module, name: &str) -> Value<'static> {
    let list = match m {
        Module::Pg => PG,
        Module::Sqlite => SQLITE,
        Module::Orm => ORM,
    };
    match list.iter().find(|n| **n == name) {
        Some(n) => Value::Builtin(m, n),
        None => Value::Foreign(format!("`{name}` of drizzle-orm")),
    }
}

/// The `(name?, config?)` arguments of a column type.
pub(crate) struct NameConfig<'a> {
    pub name: Option<String>,
    pub config: Vec<(String, Value<'a>)>,
}

impl NameConfig<'_> {
    pub fn num(&self, key: &str) -> Option<f64> {
        match self.get(key) {
            Some(Value::Num(n, _)) => Some(*n),
            _ => None,
        }
    }
    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }
    pub fn bool(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Value::Bool(true)))
    }
    pub fn get(&self, key: &str) -> Option<&Value<'_>> {
        self.config.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<'a> Reader<'a> {
    pub(crate) fn name_config(&mut self, file: usize, args: Vec<Arg<'a>>) -> R<NameConfig<'a>> {
        let mut nc = NameConfig { name: None, config: Vec::new() };
        for (i, a) in args.into_iter().enumerate() {
            match (i, a.value) {
                (0, Value::Str(s)) => nc.name = Some(s),
                (0 | 1, Value::Object(o)) => nc.config = o,
                (_, Value::Undefined) => {}
                (_, other) => {
                    return self.fail(
                        file,
                        a.span,
                        format!("unexpected {} here", other.kind()),
                        "column types take an optional name and an optional config object",
                    )
                }
            }
        }
        Ok(nc)
    }

    pub(crate) fn call_builtin(
        &mut self,
        ctx: &mut Ctx<'a>,
        m: Module,
        name: &'static str,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        let file = ctx.file;
        let wrong_dialect = match m {
            Module::Pg => self.opts.dialect != sluice_schema::Dialect::Postgres,
            Module::Sqlite => self.opts.dialect != sluice_schema::Dialect::Sqlite,
            Module::Orm => false,
        };
        if wrong_dialect {
            let module =
                if m == Module::Pg { "drizzle-orm/pg-core" } else { "drizzle-orm/sqlite-core" };
            return self.fail(
                file,
                span,
                format!("`{name}` of {module} does not match dialect = \"{}\"", self.opts.dialect),
                "use the drizzle module of the configured dialect, or change `dialect` in sluice.toml",
            );
        }
        match (m, name) {
            (Module::Orm, "relations") => Ok(Value::Ignored),
            (Module::Orm, "sql") => self.fail(
                file,
                span,
                "`sql(...)` called as a function cannot be evaluated",
                "use the template form sql`...` or sql.raw('...')",
            ),
            (Module::Pg, "pgTable") | (Module::Sqlite, "sqliteTable") => {
                self.table(ctx, m, None, args, span)
            }
            (Module::Pg, "pgEnum") => self.pg_enum(file, None, args, span),
            (Module::Pg, "pgSchema") => {
                let name = self.expect_str(file, args.first(), span, "the schema name")?;
                Ok(Value::Schema(name))
            }
            (Module::Pg, "pgView" | "pgMaterializedView") => {
                let view = self.expect_str(file, args.first(), span, "the view name")?;
                Ok(Value::ViewBuilder {
                    name: view,
                    schema: None,
                    materialized: name == "pgMaterializedView",
                })
            }
            (_, "index" | "uniqueIndex") => {
                let idx_name = match args.first() {
                    Some(Arg { value: Value::Str(s), .. }) => Some(s.clone()),
                    None | Some(Arg { value: Value::Undefined, .. }) => None,
                    Some(a) => {
                        let kind = a.value.kind();
                        return self.fail(
                            file,
                            a.span,
                            format!("an index name must be a string, not {kind}"),
                            "",
                        );
                    }
                };
                Ok(Value::Constraint(Box::new(Constraint::Index(IndexB {
                    name: idx_name,
                    unique: name == "uniqueIndex",
                    method: None,
                    keys: Vec::new(),
                    predicate: None,
                    concurrently: false,
                    nulls_not_distinct: false,
                    span,
                }))))
            }
            (_, "primaryKey") => self.primary_key(file, args, span),
            (_, "foreignKey") => self.foreign_key(file, args, span),
            (_, "unique") => {
                let name = match args.first() {
                    Some(Arg { value: Value::Str(s), .. }) => Some(s.clone()),
                    _ => None,
                };
                Ok(Value::Constraint(Box::new(Constraint::Unique {
                    name,
                    columns: Vec::new(),
                    nulls_not_distinct: false,
                })))
            }
            (_, "check") => {
                let name = self.expect_str(file, args.first(), span, "the check's name")?;
                match args.get(1) {
                    Some(Arg { value: Value::Sql(s), .. }) => {
                        Ok(Value::Constraint(Box::new(Constraint::Check { name, expr: s.clone() })))
                    }
                    _ => self.fail(
                        file,
                        span,
                        "check(name, sql`...`) needs an sql`...` condition",
                        "pass the condition as sql`...`",
                    ),
                }
            }
            (_, "customType") => self.custom_type(file, args, span),
            _ => self.column_type(file, m, name, args, span),
        }
    }

    /// `pgTable(name, columns, extra?)`, also `schema.table(...)`.
    pub(crate) fn table(
        &mut self,
        ctx: &mut Ctx<'a>,
        m: Module,
        schema: Option<String>,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        let file = ctx.file;
        let name = self.expect_str(file, args.first(), span, "the table name")?;
        let mut args = args.into_iter().skip(1);
        let cols = match args.next() {
            Some(Arg { value: Value::Object(o), .. }) => o,
            Some(Arg { value: Value::Closure(c), span }) => {
                // `pgTable('t', (t) => ({ id: t.integer() }))`
                match self.apply(&c, vec![Value::BuiltinNs(m)], span)? {
                    Value::Object(o) => o,
                    other => {
                        return self.fail(
                            file,
                            span,
                            format!("the columns callback returned {}", other.kind()),
                            "return an object of columns",
                        )
                    }
                }
            }
            _ => {
                return self.fail(
                    file,
                    span,
                    format!("table `{name}` needs an object of columns"),
                    "pass the columns as `{ id: integer() }`",
                )
            }
        };
        let extra = match args.next() {
            Some(Arg { value: Value::Closure(c), .. }) => Some(c),
            Some(Arg { value: Value::Undefined, .. }) | None => None,
            Some(a) => {
                let kind = a.value.kind();
                return self.fail(
                    file,
                    a.span,
                    format!("the extra config must be a function, not {kind}"),
                    "pass `(t) => [index(...).on(t.a)]`",
                );
            }
        };
        let mut columns = Vec::with_capacity(cols.len());
        for (key, v) in cols {
            match v {
                Value::Column(c) => columns.push((key, *c)),
                other => {
                    let kind = other.kind();
                    return self.fail(
                        file,
                        span,
                        format!("`{key}` of table `{name}` is {kind}, not a column"),
                        "every property of the columns object must be a column builder",
                    );
                }
            }
        }
        self.tables.push(TableB { name, schema, columns, extra, file, span });
        Ok(Value::Table(self.tables.len() - 1))
    }

    /// `pgEnum(name, values)`, also `schema.enum(...)`.
    pub(crate) fn pg_enum(
        &mut self,
        file: usize,
        schema: Option<String>,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        let name = self.expect_str(file, args.first(), span, "the enum name")?;
        let values = match args.get(1).map(|a| &a.value) {
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for v in items {
                    match v {
                        Value::Str(s) => out.push(s.clone()),
                        other => {
                            let kind = other.kind();
                            return self.fail(
                                file,
                                span,
                                format!("enum values must be strings, not {kind}"),
                                "",
                            );
                        }
                    }
                }
                out
            }
            Some(Value::Object(fields)) => {
                // a TypeScript-enum-like object: its values
                let mut out = Vec::new();
                for (_, v) in fields {
                    if let Value::Str(s) = v {
                        out.push(s.clone());
                    }
                }
                out
            }
            _ => {
                return self.fail(
                    file,
                    span,
                    format!("enum `{name}` needs an array of values"),
                    "pass the values as ['a', 'b']",
                )
            }
        };
        self.enums.push(EnumB { name, schema, values, file, span });
        Ok(Value::Enum(self.enums.len() - 1))
    }

    /// `myEnum('col')`: a column of the enum's type.
    pub(crate) fn enum_column(
        &mut self,
        ctx: &mut Ctx<'a>,
        e: usize,
        args: Vec<Arg<'a>>,
    ) -> R<Value<'a>> {
        let nc = self.name_config(ctx.file, args)?;
        Ok(Value::Column(Box::new(ColumnB::new(nc.name, ColType::Enum(e), ctx.file))))
    }

    /// `customType({ dataType() { return 'citext' } })`.
    fn custom_type(&mut self, file: usize, args: Vec<Arg<'a>>, span: Span) -> R<Value<'a>> {
        let Some(Arg { value: Value::Object(fields), .. }) = args.into_iter().next() else {
            return self.fail(file, span, "customType needs an object with dataType()", "");
        };
        let Some((_, Value::Closure(c))) = fields.into_iter().find(|(k, _)| k == "dataType") else {
            return self.fail(
                file,
                span,
                "customType without dataType() cannot be evaluated",
                "add `dataType() { return 'type' }`",
            );
        };
        // dataType(config) may read the column's config; called without one,
        // it must return a string.
        match self.apply(&c, vec![Value::Undefined], span)? {
            Value::Str(s) => Ok(Value::CustomType(s)),
            other => {
                let kind = other.kind();
                self.fail(
                    file,
                    span,
                    format!("customType's dataType() returned {kind}"),
                    "return the SQL type name as a string literal",
                )
            }
        }
    }

    pub(crate) fn custom_column(
        &mut self,
        ctx: &mut Ctx<'a>,
        ty: String,
        args: Vec<Arg<'a>>,
    ) -> R<Value<'a>> {
        let nc = self.name_config(ctx.file, args)?;
        Ok(Value::Column(Box::new(ColumnB::new(nc.name, ColType::Sql(ty), ctx.file))))
    }

    fn column_type(
        &mut self,
        file: usize,
        m: Module,
        f: &str,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        let nc = self.name_config(file, args)?;
        let int = |n: Option<f64>| n.map(|v| v as i64);
        let ty = match (m, f) {
            (Module::Pg, "integer" | "int") => "integer".to_string(),
            (Module::Pg, "smallint") => "smallint".into(),
            (Module::Pg, "bigint") => "bigint".into(),
            (Module::Pg, "serial") => "serial".into(),
            (Module::Pg, "smallserial") => "smallserial".into(),
            (Module::Pg, "bigserial") => "bigserial".into(),
            (Module::Pg, "real") => "real".into(),
            (Module::Pg, "doublePrecision") => "double precision".into(),
            (Module::Pg, "numeric" | "decimal") => match (int(nc.num("precision")), int(nc.num("scale"))) {
                (Some(p), Some(s)) => format!("numeric({p}, {s})"),
                (Some(p), None) => format!("numeric({p})"),
                _ => "numeric".into(),
            },
            (Module::Pg, "text") => "text".into(),
            (Module::Pg, "varchar") => match int(nc.num("length")) {
                Some(n) => format!("varchar({n})"),
                None => "varchar".into(),
            },
            (Module::Pg, "char") => match int(nc.num("length")) {
                Some(n) => format!("char({n})"),
                None => "char".into(),
            },
            (Module::Pg, "boolean") => "boolean".into(),
            (Module::Pg, "date") => "date".into(),
            (Module::Pg, "time" | "timestamp") => {
                let p = int(nc.num("precision")).map(|p| format!("({p})")).unwrap_or_default();
                let tz = if nc.bool("withTimezone") { " with time zone" } else { "" };
                format!("{f}{p}{tz}")
            }
            (Module::Pg, "interval") => {
                let fields = nc.str("fields").map(|f| format!(" {f}")).unwrap_or_default();
                let p = int(nc.num("precision")).map(|p| format!("({p})")).unwrap_or_default();
                format!("interval{fields}{p}")
            }
            (Module::Pg, "uuid" | "json" | "jsonb" | "inet" | "cidr" | "macaddr" | "macaddr8" | "point" | "line" | "bytea") => f.to_string(),
            (Module::Pg, "vector" | "halfvec" | "sparsevec" | "bit") => match int(nc.num("dimensions")) {
                Some(n) => format!("{f}({n})"),
                None => f.to_string(),
            },
            (Module::Pg, "geometry") => match (nc.str("type"), int(nc.num("srid"))) {
                (Some(t), Some(s)) => format!("geometry({t},{s})"),
                (Some(t), None) => format!("geometry({t})"),
                _ => "geometry".into(),
            },
            (Module::Sqlite, "integer" | "int") => "integer".into(),
            (Module::Sqlite, "text") => match int(nc.num("length")) {
                Some(n) => format!("text({n})"),
                None => "text".into(),
            },
            (Module::Sqlite, "real") => "real".into(),
            (Module::Sqlite, "blob") => "blob".into(),
            (Module::Sqlite, "numeric") => "numeric".into(),
            _ => {
                return self.fail(
                    file,
                    span,
                    format!("`{f}` is not a drizzle builder sluice knows"),
                    "use the pg-core / sqlite-core column types, or customType({ dataType() { return '...' } })",
                )
            }
        };
        let json = matches!(f, "json" | "jsonb")
            || (m == Module::Sqlite && matches!(nc.str("mode"), Some("json")))
            || (m == Module::Sqlite && f == "blob" && matches!(nc.str("mode"), Some("json")));
        let mut col = ColumnB::new(nc.name, ColType::Sql(ty), file);
        col.json = json;
        Ok(Value::Column(Box::new(col)))
    }

    /// `primaryKey({ columns: [..], name? })` or the older `primaryKey(a, b)`.
    fn primary_key(&mut self, file: usize, args: Vec<Arg<'a>>, span: Span) -> R<Value<'a>> {
        let (name, cols) = match args.as_slice() {
            [Arg { value: Value::Object(o), .. }] => {
                let name = o.iter().find(|(k, _)| k == "name").and_then(|(_, v)| match v {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                });
                let cols = o.iter().find(|(k, _)| k == "columns").map(|(_, v)| v.clone());
                match cols {
                    Some(Value::Array(items)) => (name, items),
                    _ => {
                        return self.fail(
                            file,
                            span,
                            "primaryKey({ columns }) needs an array of columns",
                            "",
                        )
                    }
                }
            }
            _ => (None, args.iter().map(|a| a.value.clone()).collect()),
        };
        let columns = self.column_list(file, cols, span)?;
        Ok(Value::Constraint(Box::new(Constraint::PrimaryKey { name, columns })))
    }

    /// `foreignKey({ columns, foreignColumns, name? })`.
    fn foreign_key(&mut self, file: usize, args: Vec<Arg<'a>>, span: Span) -> R<Value<'a>> {
        let Some(Arg { value: Value::Object(o), .. }) = args.into_iter().next() else {
            return self.fail(file, span, "foreignKey needs { columns, foreignColumns }", "");
        };
        let get = |k: &str| o.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let name = match get("name") {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        };
        let (Some(Value::Array(cols)), Some(Value::Array(foreign))) =
            (get("columns"), get("foreignColumns"))
        else {
            return self.fail(
                file,
                span,
                "foreignKey needs arrays `columns` and `foreignColumns`",
                "",
            );
        };
        let columns = self.column_list(file, cols, span)?;
        let foreign = self.column_list(file, foreign, span)?;
        Ok(Value::Constraint(Box::new(Constraint::ForeignKey(ForeignKeyB {
            name,
            columns,
            foreign,
            on_delete: Default::default(),
            on_update: Default::default(),
        }))))
    }

    pub(crate) fn column_list(
        &mut self,
        file: usize,
        items: Vec<Value<'a>>,
        span: Span,
    ) -> R<Vec<(usize, String)>> {
        let mut out = Vec::with_capacity(items.len());
        for v in items {
            match v {
                Value::ColumnRef(t, k) => out.push((t, k)),
                other => {
                    let kind = other.kind();
                    return self.fail(
                        file,
                        span,
                        format!("expected a column (`t.name`), found {kind}"),
                        "",
                    );
                }
            }
        }
        Ok(out)
    }
}
