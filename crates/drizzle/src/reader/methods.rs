//! Chained methods of drizzle builders: what `.notNull()`, `.default(..)`,
//! `.references(..)`, `.on(..)`, `.where(..)`, `.onDelete(..)` and the
//! others set, and how a JavaScript default value becomes SQL text (the way
//! drizzle-kit prints it: strings quoted, JSON as `'..'::jsonb`, arrays as
//! `'{..}'`).

use super::eval::{Arg, Ctx};
use super::value::{
    ColumnB, Constraint, IndexKeyB, IndexKeyTarget, Lazy, Module, Reference, Sql, SqlPart, Value,
};
use super::{Reader, ViewB, R};
use oxc_span::Span;
use sluice_schema::{Dialect, FkAction, Identity, SequenceOptions};

/// Methods with no schema meaning (runtime-only in drizzle-orm).
const RUNTIME_ONLY: &[&str] =
    &["$type", "$defaultFn", "$default", "$onUpdate", "$onUpdateFn", "$notNull", "$dbName"];

impl<'a> Reader<'a> {
    pub(crate) fn call_method(
        &mut self,
        ctx: &mut Ctx<'a>,
        obj: Value<'a>,
        name: &str,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        let file = ctx.file;
        match obj {
            Value::Column(c) => self.column_method(ctx, c, name, args, span),
            Value::ColumnRef(t, k) => {
                let key = IndexKeyB {
                    target: IndexKeyTarget::Column(t, k),
                    desc: false,
                    nulls_first: None,
                    opclass: None,
                };
                self.key_method(file, key, name, args, span)
            }
            Value::Sql(s) if matches!(name, "asc" | "desc" | "nullsFirst" | "nullsLast" | "op") => {
                let key = IndexKeyB {
                    target: IndexKeyTarget::Expr(s),
                    desc: false,
                    nulls_first: None,
                    opclass: None,
                };
                self.key_method(file, key, name, args, span)
            }
            Value::IndexKey(k) => self.key_method(file, k, name, args, span),
            Value::Constraint(c) => self.constraint_method(file, *c, name, args, span),
            Value::Schema(s) => match name {
                "table" => self.table(ctx, Module::Pg, Some(s), args, span),
                "enum" => self.pg_enum(file, Some(s), args, span),
                "view" | "materializedView" => {
                    let view = self.expect_str(file, args.first(), span, "the view name")?;
                    Ok(Value::ViewBuilder {
                        name: view,
                        schema: Some(s),
                        materialized: name == "materializedView",
                    })
                }
                _ => self.fail(
                    file,
                    span,
                    format!("pgSchema(...).{name} is not supported"),
                    "use .table, .enum or .view of a pgSchema",
                ),
            },
            Value::ViewBuilder { name: view, schema, materialized } => match name {
                "as" => match args.into_iter().next() {
                    Some(Arg { value: Value::Sql(query), .. }) => {
                        self.views.push(ViewB { name: view, schema, materialized, query, file, span });
                        Ok(Value::View(self.views.len() - 1))
                    }
                    _ => self.fail(
                        file,
                        span,
                        "a view defined with the query builder cannot be evaluated statically",
                        "define the view with .as(sql`select ...`)",
                    ),
                },
                // A view the database already has: not managed by the schema.
                "existing" => Ok(Value::Ignored),
                _ => self.fail(
                    file,
                    span,
                    format!("view option .{name}(...) is not supported"),
                    "declare the view with .as(sql`...`) only, or create it in a hand-written migration (sluice generate --custom)",
                ),
            },
            Value::Builtin(Module::Orm, "sql") if name == "raw" => {
                let text = self.expect_str(file, args.first(), span, "sql.raw's text")?;
                Ok(Value::Sql(Sql { parts: vec![SqlPart::Text(text)] }))
            }
            Value::BuiltinNs(m) => {
                let f = super::builtins::lookup(m, name);
                self.call(ctx, f, args, span)
            }
            Value::Closure(c) if name == "call" => {
                let values = args.into_iter().skip(1).map(|a| a.value).collect();
                self.apply(&c, values, span)
            }
            other => {
                // `x.y(...)` where x.y is a property holding a function.
                if let Value::Object(fields) = &other {
                    if let Some((_, f)) = fields.iter().find(|(k, _)| k == name) {
                        let f = f.clone();
                        return self.call(ctx, f, args, span);
                    }
                }
                self.fail(
                    file,
                    span,
                    format!("`.{name}(...)` on {} cannot be evaluated statically", other.kind()),
                    "a schema file may only chain drizzle's builder methods",
                )
            }
        }
    }

    fn column_method(
        &mut self,
        ctx: &mut Ctx<'a>,
        mut c: Box<ColumnB<'a>>,
        name: &str,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        let file = ctx.file;
        let pg = self.opts.dialect == Dialect::Postgres;
        match name {
            "notNull" => c.not_null = true,
            "primaryKey" => {
                // drizzle declares key columns NOT NULL in both dialects
                c.primary_key = true;
                c.not_null = true;
                if let Some(Arg { value: Value::Object(o), .. }) = args.first() {
                    if o.iter().any(|(k, v)| k == "autoIncrement" && matches!(v, Value::Bool(true)))
                    {
                        c.autoincrement = true;
                    }
                }
            }
            "unique" => {
                let mut uname = None;
                let mut nnd = false;
                for a in &args {
                    match &a.value {
                        Value::Str(s) => uname = Some(s.clone()),
                        Value::Object(o) => {
                            nnd = o.iter().any(|(k, v)| {
                                k == "nulls" && matches!(v, Value::Str(s) if s == "not distinct")
                            })
                        }
                        _ => {}
                    }
                }
                c.unique = Some((uname, nnd));
            }
            "default" => {
                let Some(arg) = args.into_iter().next() else {
                    return self.fail(file, span, ".default() needs a value", "");
                };
                c.default = Some(self.default_sql(file, &c, arg)?);
            }
            "defaultNow" => {
                c.default = Some(if pg {
                    "now()".into()
                } else {
                    "(cast((julianday('now') - 2440587.5)*86400000 as integer))".into()
                })
            }
            "defaultRandom" => c.default = Some("gen_random_uuid()".into()),
            "references" => {
                let mut args = args.into_iter();
                let target = match args.next() {
                    Some(Arg { value: Value::Closure(f), .. }) => f,
                    _ => {
                        return self.fail(
                            file,
                            span,
                            ".references needs a callback returning the column",
                            "write `.references(() => users.id)`",
                        )
                    }
                };
                let (mut on_delete, mut on_update) = (FkAction::NoAction, FkAction::NoAction);
                if let Some(Arg { value: Value::Object(o), span: at }) = args.next() {
                    for (k, v) in o {
                        let action = self.fk_action(file, at, &v)?;
                        match k.as_str() {
                            "onDelete" => on_delete = action,
                            "onUpdate" => on_update = action,
                            other => {
                                return self.fail(
                                    file,
                                    at,
                                    format!("unknown reference option `{other}`"),
                                    "use onDelete and onUpdate",
                                )
                            }
                        }
                    }
                }
                c.references.push(Reference { target, on_delete, on_update, span });
            }
            "array" => c.array_dims += 1,
            "generatedAlwaysAs" => {
                let mut args = args.into_iter();
                let expr = match args.next().map(|a| a.value) {
                    Some(Value::Sql(s)) => Lazy::Sql(s),
                    Some(Value::Str(s)) => Lazy::Sql(Sql { parts: vec![SqlPart::Text(s)] }),
                    Some(Value::Closure(f)) => Lazy::Closure(f),
                    _ => return self.fail(file, span, ".generatedAlwaysAs needs sql`...`", ""),
                };
                let stored = match args.next().map(|a| a.value) {
                    Some(Value::Object(o)) => o
                        .iter()
                        .any(|(k, v)| k == "mode" && matches!(v, Value::Str(s) if s == "stored")),
                    _ => pg,
                };
                c.generated = Some((expr, stored || pg));
            }
            "generatedAlwaysAsIdentity" | "generatedByDefaultAsIdentity" => {
                let mut options = SequenceOptions::default();
                if let Some(Arg { value: Value::Object(o), span: at }) = args.into_iter().next() {
                    for (k, v) in o {
                        let num = |v: &Value<'_>| match v {
                            Value::Num(n, _) => Some(*n as i64),
                            Value::BigInt(d) => d.parse().ok(),
                            Value::Str(s) => s.parse().ok(),
                            _ => None,
                        };
                        match k.as_str() {
                            "startWith" => options.start = num(&v),
                            "increment" => options.increment = num(&v),
                            "minValue" => options.min_value = num(&v),
                            "maxValue" => options.max_value = num(&v),
                            "cache" => options.cache = num(&v),
                            "cycle" => options.cycle = matches!(v, Value::Bool(true)),
                            other => {
                                return self.fail(
                                    file,
                                    at,
                                    format!("identity option `{other}` is not supported"),
                                    "use startWith, increment, minValue, maxValue, cache, cycle",
                                )
                            }
                        }
                    }
                }
                c.identity =
                    Some(Identity { always: name == "generatedAlwaysAsIdentity", options });
                c.not_null = true;
            }
            n if RUNTIME_ONLY.contains(&n) => {}
            other => {
                return self.fail(
                    file,
                    span,
                    format!("column method `.{other}(...)` is not supported"),
                    "see the drizzle section of the README for the supported builders",
                )
            }
        }
        Ok(Value::Column(c))
    }

    fn fk_action(&mut self, file: usize, at: Span, v: &Value<'_>) -> R<FkAction> {
        match v {
            Value::Str(s) => match s.as_str() {
                "cascade" => Ok(FkAction::Cascade),
                "restrict" => Ok(FkAction::Restrict),
                "no action" => Ok(FkAction::NoAction),
                "set null" => Ok(FkAction::SetNull),
                "set default" => Ok(FkAction::SetDefault),
                other => self.fail(
                    file,
                    at,
                    format!("unknown referential action `{other}`"),
                    "use cascade, restrict, no action, set null or set default",
                ),
            },
            other => {
                let kind = other.kind();
                self.fail(
                    file,
                    at,
                    format!("a referential action must be a string, not {kind}"),
                    "",
                )
            }
        }
    }

    /// A JavaScript default as SQL, as drizzle-kit prints it.
    fn default_sql(&mut self, file: usize, c: &ColumnB<'a>, arg: Arg<'a>) -> R<String> {
        let pg = self.opts.dialect == Dialect::Postgres;
        Ok(match arg.value {
            Value::Sql(s) => self.render_sql(&s, false),
            Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
            Value::Num(n, _) => js_number(n),
            Value::BigInt(d) => d,
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".into(),
            v @ (Value::Object(_) | Value::Array(_)) if c.json || !pg => {
                let json = self.json(file, arg.span, &v)?;
                let text = format!("'{}'", json.replace('\'', "''"));
                match (&c.ty, pg) {
                    (super::value::ColType::Sql(t), true) => format!("{text}::{t}"),
                    _ => text,
                }
            }
            Value::Array(items) if c.array_dims > 0 => {
                let mut out = String::from("'");
                self.pg_array(file, arg.span, &items, &mut out)?;
                out.push('\'');
                out
            }
            other => {
                let kind = other.kind();
                return self.fail(
                    file,
                    arg.span,
                    format!("a default of {kind} cannot be turned into SQL"),
                    "use a literal, or sql`...` for an expression",
                );
            }
        })
    }

    fn json(&mut self, file: usize, at: Span, v: &Value<'_>) -> R<String> {
        fn to_json(v: &Value<'_>) -> Option<serde_json::Value> {
            Some(match v {
                Value::Null => serde_json::Value::Null,
                Value::Bool(b) => (*b).into(),
                Value::Num(n, _) => serde_json::from_str(&js_number(*n)).ok()?,
                Value::Str(s) => s.clone().into(),
                Value::Array(items) => {
                    serde_json::Value::Array(items.iter().map(to_json).collect::<Option<_>>()?)
                }
                Value::Object(fields) => serde_json::Value::Object(
                    fields
                        .iter()
                        .filter(|(_, v)| !matches!(v, Value::Undefined))
                        .map(|(k, v)| Some((k.clone(), to_json(v)?)))
                        .collect::<Option<_>>()?,
                ),
                _ => return None,
            })
        }
        match to_json(v) {
            Some(j) => Ok(j.to_string()),
            None => self.fail(file, at, "this default is not plain JSON", "use literals only"),
        }
    }

    /// drizzle's array literal: `{1,2}`, `{"a","b"}`, nested for more dimensions.
    fn pg_array(&mut self, file: usize, at: Span, items: &[Value<'_>], out: &mut String) -> R<()> {
        out.push('{');
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match v {
                Value::Array(inner) => self.pg_array(file, at, inner, out)?,
                Value::Num(n, _) => out.push_str(&js_number(*n)),
                Value::Bool(b) => out.push_str(&b.to_string()),
                Value::Null => out.push_str("NULL"),
                Value::Str(s) => {
                    out.push('"');
                    out.push_str(&s.replace('\\', "\\\\").replace('"', "\\\"").replace('\'', "''"));
                    out.push('"');
                }
                other => {
                    let kind = other.kind();
                    return self.fail(
                        file,
                        at,
                        format!("{kind} in an array default"),
                        "use literals only",
                    );
                }
            }
        }
        out.push('}');
        Ok(())
    }

    fn key_method(
        &mut self,
        file: usize,
        mut key: IndexKeyB,
        name: &str,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        match name {
            "asc" => key.desc = false,
            "desc" => key.desc = true,
            "nullsFirst" => key.nulls_first = Some(true),
            "nullsLast" => key.nulls_first = Some(false),
            "op" => {
                key.opclass =
                    Some(self.expect_str(file, args.first(), span, "the operator class")?)
            }
            other => {
                return self.fail(
                    file,
                    span,
                    format!("`.{other}(...)` on a column cannot be evaluated here"),
                    "in an index, use .asc(), .desc(), .nullsFirst(), .nullsLast(), .op('class')",
                )
            }
        }
        Ok(Value::IndexKey(key))
    }

    fn index_keys(&mut self, file: usize, args: Vec<Arg<'a>>) -> R<Vec<IndexKeyB>> {
        let mut keys = Vec::with_capacity(args.len());
        for a in args {
            let target = match a.value {
                Value::ColumnRef(t, k) => IndexKeyTarget::Column(t, k),
                Value::Sql(s) => IndexKeyTarget::Expr(s),
                Value::IndexKey(k) => {
                    keys.push(k);
                    continue;
                }
                other => {
                    let kind = other.kind();
                    return self.fail(
                        file,
                        a.span,
                        format!("an index key cannot be {kind}"),
                        "use `t.column` or sql`...`",
                    );
                }
            };
            keys.push(IndexKeyB { target, desc: false, nulls_first: None, opclass: None });
        }
        Ok(keys)
    }

    fn constraint_method(
        &mut self,
        file: usize,
        mut c: Constraint,
        name: &str,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        match (&mut c, name) {
            (Constraint::Index(i), "on" | "onOnly") => i.keys = self.index_keys(file, args)?,
            (Constraint::Index(i), "using") => {
                let mut args = args.into_iter();
                let method =
                    self.expect_str(file, args.next().as_ref(), span, "the index method")?;
                i.method = Some(method);
                i.keys = self.index_keys(file, args.collect())?;
            }
            (Constraint::Index(i), "where") => match args.into_iter().next() {
                Some(Arg { value: Value::Sql(s), .. }) => i.predicate = Some(s),
                _ => {
                    return self.fail(
                        file,
                        span,
                        ".where needs sql`...`",
                        "write the condition as sql`...`",
                    )
                }
            },
            (Constraint::Index(i), "concurrently") => i.concurrently = true,
            (Constraint::Index(_), "with") => {
                return self.fail(
                    file,
                    span,
                    "index storage parameters (.with) are not supported",
                    "create this index in a hand-written migration (sluice generate --custom)",
                )
            }
            (Constraint::Unique { columns, .. }, "on") => {
                let items = args.into_iter().map(|a| a.value).collect();
                *columns = self.column_list(file, items, span)?;
            }
            (Constraint::Unique { nulls_not_distinct, .. }, "nullsNotDistinct") => {
                *nulls_not_distinct = true
            }
            (Constraint::Index(i), "nullsNotDistinct") => i.nulls_not_distinct = true,
            (Constraint::ForeignKey(fk), "onDelete" | "onUpdate") => {
                let Some(a) = args.into_iter().next() else {
                    return self.fail(file, span, format!(".{name} needs an action"), "");
                };
                let action = self.fk_action(file, a.span, &a.value)?;
                if name == "onDelete" {
                    fk.on_delete = action;
                } else {
                    fk.on_update = action;
                }
            }
            _ => {
                return self.fail(
                    file,
                    span,
                    format!("`.{name}(...)` is not supported here"),
                    "see the drizzle section of the README for the supported builders",
                )
            }
        }
        Ok(Value::Constraint(Box::new(c)))
    }

    /// The SQL text of a template: columns as quoted names (qualified with
    /// their table when `qualified`), tables as quoted names.
    pub(crate) fn render_sql(&self, s: &Sql, qualified: bool) -> String {
        let mut out = String::new();
        for p in &s.parts {
            match p {
                SqlPart::Text(t) => out.push_str(t),
                SqlPart::Column(t, k) => {
                    if qualified {
                        out.push_str(&quote(&self.tables[*t].name));
                        out.push('.');
                    }
                    out.push_str(&quote(&self.column_name(*t, k)));
                }
                SqlPart::Table(t) => {
                    let table = &self.tables[*t];
                    if let Some(s) = &table.schema {
                        out.push_str(&quote(s));
                        out.push('.');
                    }
                    out.push_str(&quote(&table.name));
                }
            }
        }
        out
    }

    /// The SQL name of a table's column by its JavaScript key.
    pub(crate) fn column_name(&self, t: usize, key: &str) -> String {
        let col = self.tables[t].columns.iter().find(|(k, _)| k == key).map(|(_, c)| c);
        match col.and_then(|c| c.name.clone()) {
            Some(n) => n,
            None => super::build::cased(key, self.opts.casing),
        }
    }
}

pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A number as JavaScript prints it (integers without a fraction).
pub(crate) fn js_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i128)
    } else {
        format!("{n}")
    }
}
