//! Column types and defaults in drizzle's builders: each [`SqlType`] to the
//! pg-core / sqlite-core builder and its options; a type drizzle has no
//! builder for to a `customType` (declared once, with a comment); a default
//! expression to `.default(literal)`, `.defaultNow()`, `.defaultRandom()`
//! or `.default(sql`...`)`.

use sluice_schema::{Dialect, EnumType, Expr, QualifiedName, SqlType};

/// How `bigint` / `bigserial` columns are read into JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BigintMode {
    /// `{ mode: "bigint" }`: JavaScript BigInt, no precision lost.
    #[default]
    Bigint,
    /// `{ mode: "number" }`: a JavaScript number (exact only up to 2^53).
    Number,
}

impl std::str::FromStr for BigintMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "bigint" => Ok(BigintMode::Bigint),
            "number" => Ok(BigintMode::Number),
            other => Err(format!("unknown bigint mode `{other}`: expected bigint or number")),
        }
    }
}

/// A column builder call without its chained methods: the builder
/// function, its options, and how many `.array()` follow.
pub(crate) struct Builder {
    /// The function called (`integer`, an enum's variable, a custom type's).
    pub func: String,
    /// `{ length: 255 }` and the like, without braces; empty for none.
    pub options: Vec<String>,
    pub dims: u32,
    /// An import from the drizzle module, if `func` is one.
    pub import: Option<&'static str>,
    /// A custom type to declare: its SQL name.
    pub custom: Option<String>,
}

/// The builder of a column type. `enum_var` names the variable of an enum
/// (`None` for a domain or an unknown named type).
pub(crate) fn builder(
    ty: &SqlType,
    dialect: Dialect,
    bigint: BigintMode,
    enum_var: &dyn Fn(&QualifiedName) -> Option<String>,
) -> Builder {
    let plain = |f: &'static str| Builder {
        func: f.to_string(),
        options: Vec::new(),
        dims: 0,
        import: Some(f),
        custom: None,
    };
    let with = |f: &'static str, options: Vec<String>| Builder { options, ..plain(f) };
    let mode = match bigint {
        BigintMode::Bigint => "mode: \"bigint\"".to_string(),
        BigintMode::Number => "mode: \"number\"".to_string(),
    };
    let custom = |name: String| Builder {
        func: custom_var(&name),
        options: Vec::new(),
        dims: 0,
        import: None,
        custom: Some(name),
    };
    if dialect == Dialect::Sqlite {
        return match ty {
            SqlType::Integer | SqlType::BigInt | SqlType::SmallInt => plain("integer"),
            SqlType::Text => plain("text"),
            SqlType::Real | SqlType::Double => plain("real"),
            SqlType::Blob => plain("blob"),
            SqlType::Numeric { precision: None, scale: None } => plain("numeric"),
            other => custom(sluice_sql::types::render_type(other, dialect)),
        };
    }
    let len = |n: &Option<u32>, key: &str| n.map(|n| format!("{key}: {n}")).into_iter().collect();
    match ty {
        SqlType::SmallInt => plain("smallint"),
        SqlType::Integer => plain("integer"),
        SqlType::BigInt => with("bigint", vec![mode]),
        SqlType::SmallSerial => plain("smallserial"),
        SqlType::Serial => plain("serial"),
        SqlType::BigSerial => with("bigserial", vec![mode]),
        SqlType::Numeric { precision, scale } => {
            let mut o: Vec<String> = len(precision, "precision");
            o.extend(len(scale, "scale"));
            with("numeric", o)
        }
        SqlType::Real => plain("real"),
        SqlType::Double => plain("doublePrecision"),
        SqlType::Text => plain("text"),
        SqlType::Varchar { length } => with("varchar", len(length, "length")),
        SqlType::Char { length } => with("char", len(length, "length")),
        SqlType::Boolean => plain("boolean"),
        SqlType::Date => plain("date"),
        SqlType::Time { precision, with_time_zone }
        | SqlType::Timestamp { precision, with_time_zone } => {
            let f = if matches!(ty, SqlType::Time { .. }) { "time" } else { "timestamp" };
            let mut o: Vec<String> = len(precision, "precision");
            if *with_time_zone {
                o.push("withTimezone: true".into());
            }
            with(f, o)
        }
        SqlType::Interval { fields, precision } => {
            let mut o: Vec<String> =
                fields.iter().map(|f| format!("fields: {}", js_string(f))).collect();
            o.extend(len(precision, "precision"));
            with("interval", o)
        }
        SqlType::Uuid => plain("uuid"),
        SqlType::Json => plain("json"),
        SqlType::Jsonb => plain("jsonb"),
        SqlType::Array { element, dims } => {
            let mut b = builder(element, dialect, bigint, enum_var);
            b.dims += dims;
            b
        }
        SqlType::Named { name } => match enum_var(name) {
            Some(var) => {
                Builder { func: var, options: Vec::new(), dims: 0, import: None, custom: None }
            }
            None => custom(sluice_sql::types::render_type(ty, dialect)),
        },
        SqlType::Other { name } => match name.as_str() {
            "inet" => plain("inet"),
            "cidr" => plain("cidr"),
            "macaddr" => plain("macaddr"),
            "macaddr8" => plain("macaddr8"),
            n if n.starts_with("vector(") => {
                let dims = n.trim_start_matches("vector(").trim_end_matches(')');
                with("vector", vec![format!("dimensions: {dims}")])
            }
            _ => custom(name.clone()),
        },
        SqlType::Bytea | SqlType::Blob => custom(sluice_sql::types::render_type(ty, dialect)),
    }
}

/// The variable of a custom type: `citext` -> `citextType`.
pub(crate) fn custom_var(sql_name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in sql_name.chars() {
        if c.is_ascii_alphanumeric() {
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
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    format!("{out}Type")
}

/// The chained default method of a column, as drizzle-kit writes it.
pub(crate) fn default_method(
    expr: &Expr,
    ty: &SqlType,
    enums: &[EnumType],
    bigint: BigintMode,
) -> String {
    let text = expr.as_str();
    let bare = ty_without_array(ty);
    if (text == "now()" || text == "current_timestamp")
        && matches!(bare, SqlType::Timestamp { .. } | SqlType::Date | SqlType::Time { .. })
    {
        return ".defaultNow()".into();
    }
    if text == "gen_random_uuid()" && matches!(bare, SqlType::Uuid) {
        return ".defaultRandom()".into();
    }
    let is_array = matches!(ty, SqlType::Array { .. });
    if !is_array {
        if let Some(s) = string_literal(text) {
            let textual = matches!(
                bare,
                SqlType::Text
                    | SqlType::Varchar { .. }
                    | SqlType::Char { .. }
                    | SqlType::Named { .. }
            );
            let is_enum = matches!(bare, SqlType::Named { name } if enums.iter().any(|e| &e.name == name || (e.name.name == name.name && name.schema.is_none())));
            if textual || is_enum {
                return format!(".default({})", js_string(&s));
            }
            if matches!(bare, SqlType::Json | SqlType::Jsonb) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&s) {
                    // only when drizzle's JSON.stringify gives the same text back
                    if (v.is_object() || v.is_array())
                        && serde_json::to_string(&v).ok().as_deref() == Some(s.as_str())
                    {
                        return format!(".default({v})");
                    }
                }
            }
        }
        let numeric = matches!(
            bare,
            SqlType::SmallInt
                | SqlType::Integer
                | SqlType::Real
                | SqlType::Double
                | SqlType::Numeric { .. }
        );
        if numeric && text.parse::<f64>().is_ok() && !text.starts_with('+') {
            // numeric columns hold strings in drizzle: keep the SQL literal
            return match bare {
                SqlType::Numeric { .. } => format!(".default(sql`{text}`)"),
                _ => format!(".default({text})"),
            };
        }
        if matches!(bare, SqlType::BigInt | SqlType::BigSerial) && text.parse::<i64>().is_ok() {
            // drizzle-kit cannot serialize a BigInt default (`0n` makes it
            // crash) and compares the number a database pull reports: give
            // it the number, typed as the column's bigint.
            return match bigint {
                BigintMode::Bigint => format!(".default({text} as unknown as bigint)"),
                BigintMode::Number => format!(".default({text})"),
            };
        }
        if matches!(bare, SqlType::Boolean) && (text == "true" || text == "false") {
            return format!(".default({text})");
        }
    }
    format!(".default(sql`{}`)", template_escape(text))
}

fn ty_without_array(ty: &SqlType) -> &SqlType {
    match ty {
        SqlType::Array { element, .. } => element,
        t => t,
    }
}

/// `'it''s'` -> `it's`; `None` when the text is not one string literal.
fn string_literal(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// A JavaScript string literal (double quotes, JSON escapes).
pub(crate) fn js_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// Text safe inside a template literal.
pub(crate) fn template_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('`', "\\`").replace("${", "\\${")
}

/// The operator class PostgreSQL uses by default for a key of this type
/// under this index method, as drizzle-kit's pull spells out on every key.
pub(crate) fn default_opclass(ty: &SqlType, method: Option<&str>) -> Option<&'static str> {
    match method.unwrap_or("btree") {
        "btree" => Some(match ty {
            SqlType::SmallInt | SqlType::SmallSerial => "int2_ops",
            SqlType::Integer | SqlType::Serial => "int4_ops",
            SqlType::BigInt | SqlType::BigSerial => "int8_ops",
            SqlType::Text | SqlType::Varchar { .. } => "text_ops",
            SqlType::Char { .. } => "bpchar_ops",
            SqlType::Numeric { .. } => "numeric_ops",
            SqlType::Real => "float4_ops",
            SqlType::Double => "float8_ops",
            SqlType::Boolean => "bool_ops",
            SqlType::Date => "date_ops",
            SqlType::Time { with_time_zone: false, .. } => "time_ops",
            SqlType::Time { with_time_zone: true, .. } => "timetz_ops",
            SqlType::Timestamp { with_time_zone: false, .. } => "timestamp_ops",
            SqlType::Timestamp { with_time_zone: true, .. } => "timestamptz_ops",
            SqlType::Interval { .. } => "interval_ops",
            SqlType::Uuid => "uuid_ops",
            SqlType::Jsonb => "jsonb_ops",
            SqlType::Bytea => "bytea_ops",
            SqlType::Named { .. } => "enum_ops",
            SqlType::Array { .. } => "array_ops",
            SqlType::Other { name } if name == "inet" || name == "cidr" => "inet_ops",
            _ => return None,
        }),
        "gin" => match ty {
            SqlType::Jsonb => Some("jsonb_ops"),
            SqlType::Array { .. } => Some("array_ops"),
            SqlType::Other { name } if name == "tsvector" => Some("tsvector_ops"),
            _ => None,
        },
        "hash" => match ty {
            SqlType::Integer | SqlType::Serial => Some("int4_ops"),
            SqlType::BigInt | SqlType::BigSerial => Some("int8_ops"),
            SqlType::Text | SqlType::Varchar { .. } => Some("text_ops"),
            SqlType::Uuid => Some("uuid_ops"),
            _ => None,
        },
        _ => None,
    }
}
