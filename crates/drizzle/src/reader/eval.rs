//! The expression evaluator: literals, objects (with spreads), arrays,
//! names, member access, calls, arrow functions with one returned value,
//! and `sql` templates. A call on a drizzle value goes to [`super::methods`],
//! a call of a drizzle function to [`super::builtins`].

use super::value::{Callable, Closure, Module, Sql, SqlPart, Value};
use super::{Reader, R};
use oxc_ast::ast::{
    Argument, ArrayExpressionElement, BindingPattern, Expression, ObjectPropertyKind, PropertyKey,
    Statement, TemplateLiteral, UnaryOperator,
};
use oxc_span::{GetSpan, Span};

/// Where an expression is evaluated: its file and the names bound by the
/// enclosing arrow functions.
pub(crate) struct Ctx<'a> {
    pub file: usize,
    pub locals: Vec<(String, Value<'a>)>,
}

/// An argument of a call, evaluated, with its span for messages.
pub(crate) struct Arg<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

impl<'a> Reader<'a> {
    pub(crate) fn eval(&mut self, ctx: &mut Ctx<'a>, expr: &'a Expression<'a>) -> R<Value<'a>> {
        match expr {
            Expression::StringLiteral(s) => Ok(Value::Str(s.value.to_string())),
            Expression::NumericLiteral(n) => Ok(Value::Num(
                n.value,
                n.raw.map(|r| r.to_string()).unwrap_or_else(|| n.value.to_string()),
            )),
            Expression::BigIntLiteral(b) => {
                let raw = b.raw.map(|r| r.to_string()).unwrap_or_default();
                Ok(Value::BigInt(raw.trim_end_matches('n').replace('_', "")))
            }
            Expression::BooleanLiteral(b) => Ok(Value::Bool(b.value)),
            Expression::NullLiteral(_) => Ok(Value::Null),
            Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
                Ok(Value::Str(template_text(t, 0)))
            }
            Expression::Identifier(id) => self.name(ctx, id.name.as_str(), id.span),
            Expression::ParenthesizedExpression(p) => self.eval(ctx, &p.expression),
            Expression::TSAsExpression(e) => self.eval(ctx, &e.expression),
            Expression::TSSatisfiesExpression(e) => self.eval(ctx, &e.expression),
            Expression::TSNonNullExpression(e) => self.eval(ctx, &e.expression),
            Expression::TSInstantiationExpression(e) => self.eval(ctx, &e.expression),
            Expression::UnaryExpression(u) if u.operator == UnaryOperator::UnaryNegation => {
                match self.eval(ctx, &u.argument)? {
                    Value::Num(n, raw) => Ok(Value::Num(-n, format!("-{raw}"))),
                    Value::BigInt(d) => Ok(Value::BigInt(format!("-{d}"))),
                    other => self.fail(
                        ctx.file,
                        u.span,
                        format!("cannot negate {}", other.kind()),
                        "write the value out",
                    ),
                }
            }
            Expression::ArrayExpression(a) => {
                let mut items = Vec::with_capacity(a.elements.len());
                for el in &a.elements {
                    match el {
                        ArrayExpressionElement::SpreadElement(s) => {
                            match self.eval(ctx, &s.argument)? {
                                Value::Array(more) => items.extend(more),
                                other => {
                                    return self.fail(
                                        ctx.file,
                                        s.span,
                                        format!("cannot spread {} into an array", other.kind()),
                                        "spread an array",
                                    )
                                }
                            }
                        }
                        ArrayExpressionElement::Elision(e) => {
                            return self.fail(
                                ctx.file,
                                e.span,
                                "an array hole cannot be evaluated",
                                "remove the empty slot",
                            )
                        }
                        _ => {
                            let e = el.as_expression().expect("expression element");
                            items.push(self.eval(ctx, e)?);
                        }
                    }
                }
                Ok(Value::Array(items))
            }
            Expression::ObjectExpression(o) => {
                let mut fields: Vec<(String, Value<'a>)> = Vec::with_capacity(o.properties.len());
                for prop in &o.properties {
                    match prop {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            let key = self.property_key(ctx, &p.key)?;
                            let value = if p.method {
                                match &p.value {
                                    Expression::FunctionExpression(f) => Value::Closure(Closure {
                                        func: Callable::Function(f),
                                        file: ctx.file,
                                        scope: ctx.locals.clone(),
                                    }),
                                    other => self.eval(ctx, other)?,
                                }
                            } else {
                                self.eval(ctx, &p.value)?
                            };
                            set_field(&mut fields, key, value);
                        }
                        ObjectPropertyKind::SpreadProperty(s) => {
                            match self.eval(ctx, &s.argument)? {
                                Value::Object(more) => {
                                    for (k, v) in more {
                                        set_field(&mut fields, k, v);
                                    }
                                }
                                other => {
                                    return self.fail(
                                        ctx.file,
                                        s.span,
                                        format!("cannot spread {} into an object", other.kind()),
                                        "spread an object of columns, e.g. `...timestamps`",
                                    )
                                }
                            }
                        }
                    }
                }
                Ok(Value::Object(fields))
            }
            Expression::ArrowFunctionExpression(f) => Ok(Value::Closure(Closure {
                func: Callable::Arrow(f),
                file: ctx.file,
                scope: ctx.locals.clone(),
            })),
            Expression::FunctionExpression(f) => Ok(Value::Closure(Closure {
                func: Callable::Function(f),
                file: ctx.file,
                scope: ctx.locals.clone(),
            })),
            Expression::TaggedTemplateExpression(t) => {
                let tag = self.eval(ctx, &t.tag)?;
                if !matches!(tag, Value::Builtin(Module::Orm, "sql")) {
                    return self.fail(
                        ctx.file,
                        t.tag.span(),
                        format!("a template tagged with {} cannot be evaluated", tag.kind()),
                        "use drizzle's sql`...` (import { sql } from 'drizzle-orm')",
                    );
                }
                Ok(Value::Sql(self.sql_template(ctx, &t.quasi)?))
            }
            Expression::StaticMemberExpression(m) => {
                let obj = self.eval(ctx, &m.object)?;
                self.member(ctx, obj, m.property.name.as_str(), m.span)
            }
            Expression::ComputedMemberExpression(m) => {
                let obj = self.eval(ctx, &m.object)?;
                match self.eval(ctx, &m.expression)? {
                    Value::Str(k) => self.member(ctx, obj, &k, m.span),
                    Value::Num(n, _) => match obj {
                        Value::Array(items) if n >= 0.0 && (n as usize) < items.len() => {
                            Ok(items[n as usize].clone())
                        }
                        _ => self.fail(ctx.file, m.span, "index out of range", "use a valid index"),
                    },
                    other => self.fail(
                        ctx.file,
                        m.span,
                        format!("cannot index with {}", other.kind()),
                        "use a string key",
                    ),
                }
            }
            Expression::CallExpression(c) => {
                let args = self.args(ctx, &c.arguments)?;
                let callee = match c.callee.without_parentheses() {
                    Expression::StaticMemberExpression(m) => {
                        let obj = self.eval(ctx, &m.object)?;
                        return self.call_method(ctx, obj, m.property.name.as_str(), args, c.span);
                    }
                    other => self.eval(ctx, other)?,
                };
                self.call(ctx, callee, args, c.span)
            }
            other => self.fail(
                ctx.file,
                other.span(),
                format!("{} cannot be evaluated statically", describe(other)),
                "a schema file may only use literals, objects, arrays, names and drizzle's builders here",
            ),
        }
    }

    pub(crate) fn args(&mut self, ctx: &mut Ctx<'a>, args: &'a [Argument<'a>]) -> R<Vec<Arg<'a>>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            match a {
                Argument::SpreadElement(s) => match self.eval(ctx, &s.argument)? {
                    Value::Array(items) => {
                        out.extend(items.into_iter().map(|value| Arg { value, span: s.span }))
                    }
                    other => {
                        return self.fail(
                            ctx.file,
                            s.span,
                            format!("cannot spread {} into arguments", other.kind()),
                            "spread an array",
                        )
                    }
                },
                _ => {
                    let e = a.as_expression().expect("expression argument");
                    out.push(Arg { value: self.eval(ctx, e)?, span: e.span() });
                }
            }
        }
        Ok(out)
    }

    fn property_key(&mut self, ctx: &mut Ctx<'a>, key: &'a PropertyKey<'a>) -> R<String> {
        if let Some(name) = key.static_name() {
            return Ok(name.to_string());
        }
        match key.as_expression() {
            Some(e) => match self.eval(ctx, e)? {
                Value::Str(s) => Ok(s),
                Value::Num(_, raw) => Ok(raw),
                other => self.fail(
                    ctx.file,
                    e.span(),
                    format!("a computed key of {} cannot be evaluated", other.kind()),
                    "use a plain key",
                ),
            },
            None => self.fail(ctx.file, key.span(), "a private key has no schema meaning", ""),
        }
    }

    fn name(&mut self, ctx: &mut Ctx<'a>, name: &str, span: Span) -> R<Value<'a>> {
        if let Some((_, v)) = ctx.locals.iter().rev().find(|(n, _)| n == name) {
            return Ok(v.clone());
        }
        if name == "undefined" {
            return Ok(Value::Undefined);
        }
        self.global(ctx.file, name, span)
    }

    /// `obj.prop` outside a call.
    pub(crate) fn member(
        &mut self,
        ctx: &mut Ctx<'a>,
        obj: Value<'a>,
        prop: &str,
        span: Span,
    ) -> R<Value<'a>> {
        match obj {
            Value::Object(fields) => match fields.into_iter().find(|(k, _)| k == prop) {
                Some((_, v)) => Ok(v),
                None => Ok(Value::Undefined),
            },
            Value::Table(t) => {
                if self.tables[t].columns.iter().any(|(k, _)| k == prop) {
                    Ok(Value::ColumnRef(t, prop.to_string()))
                } else {
                    let name = self.tables[t].name.clone();
                    self.fail(
                        ctx.file,
                        span,
                        format!("table `{name}` has no column `{prop}`"),
                        "use the column's key as declared in the table",
                    )
                }
            }
            Value::BuiltinNs(m) => Ok(super::builtins::lookup(m, prop)),
            Value::Enum(e) if prop == "enumValues" => Ok(Value::Array(
                self.enums[e].values.iter().map(|v| Value::Str(v.clone())).collect(),
            )),
            other => Ok(Value::Method(Box::new(other), prop.to_string())),
        }
    }

    /// Call a function value.
    pub(crate) fn call(
        &mut self,
        ctx: &mut Ctx<'a>,
        callee: Value<'a>,
        args: Vec<Arg<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        match callee {
            Value::Builtin(m, name) => self.call_builtin(ctx, m, name, args, span),
            Value::Method(obj, name) => self.call_method(ctx, *obj, &name, args, span),
            Value::Closure(c) => {
                let values = args.into_iter().map(|a| a.value).collect();
                self.apply(&c, values, span)
            }
            Value::Enum(e) => self.enum_column(ctx, e, args),
            Value::CustomType(ty) => self.custom_column(ctx, ty, args),
            Value::Foreign(what) => self.fail(
                ctx.file,
                span,
                format!("{what} is not a drizzle builder and cannot be evaluated statically"),
                "declare the schema with drizzle-orm's pg-core / sqlite-core builders",
            ),
            other => self.fail(
                ctx.file,
                span,
                format!("{} is not a function", other.kind()),
                "call a drizzle builder",
            ),
        }
    }

    /// Run a function whose body is one returned expression.
    pub(crate) fn apply(
        &mut self,
        c: &Closure<'a>,
        args: Vec<Value<'a>>,
        span: Span,
    ) -> R<Value<'a>> {
        let (params, body): (&'a oxc_ast::ast::FormalParameters<'a>, Body<'a>) = match c.func {
            Callable::Arrow(f) => {
                let body = if f.expression {
                    match f.body.statements.first() {
                        Some(Statement::ExpressionStatement(s)) => Body::Expr(&s.expression),
                        _ => Body::Statements(&f.body.statements),
                    }
                } else {
                    Body::Statements(&f.body.statements)
                };
                (&f.params, body)
            }
            Callable::Function(f) => match &f.body {
                Some(b) => (&f.params, Body::Statements(&b.statements)),
                None => return self.fail(c.file, span, "a function without a body", ""),
            },
        };
        let mut ctx = Ctx { file: c.file, locals: c.scope.clone() };
        let mut args = args.into_iter();
        for p in &params.items {
            let v = args.next().unwrap_or(Value::Undefined);
            match &p.pattern {
                BindingPattern::BindingIdentifier(id) => {
                    ctx.locals.push((id.name.to_string(), v));
                }
                _ => {
                    return self.fail(
                        c.file,
                        p.span,
                        "a destructuring parameter cannot be evaluated",
                        "name the parameter (`(table) => [...]`)",
                    )
                }
            }
        }
        let expr = match body {
            Body::Expr(e) => e,
            Body::Statements(stmts) => match stmts {
                [Statement::ReturnStatement(r)] => match &r.argument {
                    Some(e) => e,
                    None => return Ok(Value::Undefined),
                },
                _ => {
                    let at = stmts.first().map(|s| s.span()).unwrap_or(span);
                    return self.fail(
                        c.file,
                        at,
                        "a function body with statements cannot be evaluated statically",
                        "return the value directly: `(t) => [index(...).on(t.a)]`",
                    );
                }
            },
        };
        self.eval(&mut ctx, expr)
    }

    /// The pieces of a `sql` template.
    pub(crate) fn sql_template(&mut self, ctx: &mut Ctx<'a>, t: &'a TemplateLiteral<'a>) -> R<Sql> {
        let mut parts = Vec::new();
        for (i, _) in t.quasis.iter().enumerate() {
            let text = template_text(t, i);
            if !text.is_empty() {
                parts.push(SqlPart::Text(text));
            }
            if let Some(e) = t.expressions.get(i) {
                let v = self.eval(ctx, e)?;
                self.sql_value(ctx.file, e.span(), v, &mut parts)?;
            }
        }
        Ok(Sql { parts })
    }

    /// A value interpolated into `sql`: columns and tables by name,
    /// fragments inline, literals as SQL literals.
    fn sql_value(
        &mut self,
        file: usize,
        span: Span,
        v: Value<'a>,
        parts: &mut Vec<SqlPart>,
    ) -> R<()> {
        match v {
            Value::ColumnRef(t, k) => parts.push(SqlPart::Column(t, k)),
            Value::Table(t) => parts.push(SqlPart::Table(t)),
            Value::Sql(s) => parts.extend(s.parts),
            Value::Str(s) => parts.push(SqlPart::Text(format!("'{}'", s.replace('\'', "''")))),
            Value::Num(_, raw) => parts.push(SqlPart::Text(raw)),
            Value::BigInt(d) => parts.push(SqlPart::Text(d)),
            Value::Bool(b) => parts.push(SqlPart::Text(b.to_string())),
            Value::Null => parts.push(SqlPart::Text("null".into())),
            Value::Array(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    if i > 0 {
                        parts.push(SqlPart::Text(", ".into()));
                    }
                    self.sql_value(file, span, item, parts)?;
                }
            }
            other => {
                return self.fail(
                    file,
                    span,
                    format!("{} cannot be put into sql`...`", other.kind()),
                    "interpolate columns, tables, sql fragments or literals",
                )
            }
        }
        Ok(())
    }

    /// A string argument or a located error.
    pub(crate) fn expect_str(
        &mut self,
        file: usize,
        arg: Option<&Arg<'a>>,
        at: Span,
        what: &str,
    ) -> R<String> {
        match arg {
            Some(Arg { value: Value::Str(s), .. }) => Ok(s.clone()),
            Some(a) => {
                let kind = a.value.kind();
                self.fail(
                    file,
                    a.span,
                    format!("{what} must be a string, not {kind}"),
                    "write a string literal",
                )
            }
            None => self.fail(file, at, format!("{what} is missing"), "pass it as a string"),
        }
    }
}

enum Body<'a> {
    Expr(&'a Expression<'a>),
    Statements(&'a [Statement<'a>]),
}

/// Replace or append an object field, as a JavaScript object literal does.
fn set_field<'a>(fields: &mut Vec<(String, Value<'a>)>, key: String, value: Value<'a>) {
    match fields.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => fields.push((key, value)),
    }
}

/// The text of quasi `i` of a template (cooked, else raw).
fn template_text(t: &TemplateLiteral<'_>, i: usize) -> String {
    let q = &t.quasis[i];
    match &q.value.cooked {
        Some(c) => c.to_string(),
        None => q.value.raw.to_string(),
    }
}

fn describe(e: &Expression<'_>) -> &'static str {
    match e {
        Expression::BinaryExpression(_) => "an operator expression",
        Expression::LogicalExpression(_) => "a logical expression",
        Expression::ConditionalExpression(_) => "a conditional (`?:`)",
        Expression::NewExpression(_) => "a `new` expression",
        Expression::AwaitExpression(_) => "an `await`",
        Expression::AssignmentExpression(_) => "an assignment",
        Expression::TemplateLiteral(_) => "a template string with interpolations",
        Expression::ClassExpression(_) => "a class",
        Expression::ChainExpression(_) => "an optional chain (`?.`)",
        Expression::ImportExpression(_) => "a dynamic import",
        Expression::UnaryExpression(_) => "a unary operator",
        Expression::UpdateExpression(_) => "an increment",
        Expression::SequenceExpression(_) => "a comma expression",
        Expression::ThisExpression(_) => "`this`",
        Expression::RegExpLiteral(_) => "a regular expression",
        _ => "this expression",
    }
}
