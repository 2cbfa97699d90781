//! Type names -> [`SqlType`], folding every alias to one canonical type, and
//! back to SQL text per dialect.

use sluice_schema::{Dialect, QualifiedName, SqlType};

/// Parse a type as written (`int4`, `character varying(20)`, `timestamp(3)
/// with time zone`, `text[]`, `public.mood`) into its canonical form.
/// `schema` and `name` of a user type must already be folded by the caller
/// when it has a syntax tree; this function folds unquoted text itself.
pub fn parse_type(text: &str, dialect: Dialect) -> SqlType {
    let text = text.trim();
    // Arrays: trailing [] (any number, with optional sizes) or ARRAY.
    let mut base = text.to_string();
    let mut dims = 0u32;
    loop {
        let t = base.trim_end();
        if t.ends_with(']') {
            if let Some(open) = t.rfind('[') {
                base = t[..open].to_string();
                dims += 1;
                continue;
            }
        }
        let lower = t.to_ascii_lowercase();
        if lower.ends_with(" array") {
            base = t[..t.len() - 6].to_string();
            dims += 1;
            continue;
        }
        break;
    }
    let elem = parse_scalar(base.trim(), dialect);
    if dims > 0 {
        SqlType::Array { element: Box::new(elem), dims }
    } else {
        elem
    }
}

fn parse_scalar(text: &str, dialect: Dialect) -> SqlType {
    // Split "name(args) rest" into words; keep quoted names intact.
    if text.starts_with('"') || text.starts_with('`') {
        return SqlType::Named { name: parse_qualified(text) };
    }
    let lower = text.to_ascii_lowercase();
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let (head, args, tail) = split_args(&lower);
    let nums: Vec<u32> = args
        .as_deref()
        .map(|a| a.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_default();
    let n0 = nums.first().copied();
    let tail = tail.trim();
    let with_tz = tail.contains("with time zone") && !tail.contains("without");
    use SqlType::*;
    let t = match head.trim() {
        "smallint" | "int2" => SmallInt,
        "integer" | "int" | "int4" if dialect != Dialect::Sqlite || head.trim() != "int" => Integer,
        "bigint" | "int8" => BigInt,
        "smallserial" | "serial2" => SmallSerial,
        "serial" | "serial4" => Serial,
        "bigserial" | "serial8" => BigSerial,
        "numeric" | "decimal" => Numeric { precision: n0, scale: nums.get(1).copied() },
        "real" | "float4" => Real,
        "double precision" | "float8" => Double,
        "double" if dialect != Dialect::Postgres => Double,
        "float" => match n0 {
            Some(p) if p <= 24 => Real,
            _ => Double,
        },
        "text" => Text,
        "varchar" | "character varying" | "char varying" => Varchar { length: n0 },
        "char" | "character" | "bpchar" => Char { length: n0.or(Some(1)) },
        "boolean" | "bool" => Boolean,
        "date" => Date,
        "time" => Time { precision: n0, with_time_zone: with_tz },
        "timetz" => Time { precision: n0, with_time_zone: true },
        "timestamp" => Timestamp { precision: n0, with_time_zone: with_tz },
        "timestamptz" => Timestamp { precision: n0, with_time_zone: true },
        "interval" => {
            let fields = if tail.is_empty() { None } else { Some(tail.to_string()) };
            Interval { fields, precision: n0 }
        }
        "uuid" => Uuid,
        "json" => Json,
        "jsonb" => Jsonb,
        "bytea" => Bytea,
        "blob" => Blob,
        _ => return other_or_named(text, &lower, dialect),
    };
    // `time(3) with time zone` and friends consumed the tail; anything else
    // left over means we did not understand the type: keep it verbatim.
    let consumed = tail.is_empty()
        || matches!(t, Time { .. } | Timestamp { .. } | Interval { .. })
            && (tail.ends_with("time zone") || matches!(t, Interval { .. }));
    if consumed {
        t
    } else {
        Other { name: lower }
    }
}

/// Builtin types the model has no variant for, kept as text.
const OTHER_BUILTINS: &[&str] = &[
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "money",
    "tsvector",
    "tsquery",
    "xml",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "bit",
    "bit varying",
    "varbit",
    "oid",
    "regclass",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "int4multirange",
    "int8multirange",
    "nummultirange",
    "tsmultirange",
    "tstzmultirange",
    "datemultirange",
    "pg_lsn",
    "txid_snapshot",
    "pg_snapshot",
    "name",
    "citext",
    "hstore",
    "vector",
    "geometry",
    "geography",
    "ltree",
    "tinyint",
    "mediumint",
    "datetime",
    "year",
    "tinytext",
    "mediumtext",
    "longtext",
    "tinyblob",
    "mediumblob",
    "longblob",
    "binary",
    "varbinary",
    "enum",
    "set",
    "clob",
    "nchar",
    "nvarchar",
    "native character",
    "varying character",
    "unsigned big int",
];

fn other_or_named(orig: &str, lower: &str, dialect: Dialect) -> SqlType {
    if dialect == Dialect::Postgres && lower == "bit" {
        // `bit` without a length is `bit(1)`, as format_type prints it.
        return SqlType::Other { name: "bit(1)".to_string() };
    }
    let (head, _, _) = split_args(lower);
    if dialect == Dialect::Sqlite || OTHER_BUILTINS.contains(&head.trim()) || lower.is_empty() {
        return SqlType::Other { name: lower.to_string() };
    }
    if head.contains(' ') || lower.contains('(') {
        return SqlType::Other { name: lower.to_string() };
    }
    SqlType::Named { name: parse_qualified(orig) }
}

/// `a.b`, `"A"."b"` -> folded qualified name.
pub fn parse_qualified(text: &str) -> QualifiedName {
    let parts = split_qualified(text);
    match parts.as_slice() {
        [schema, name] => QualifiedName::new(Some(schema), name),
        [.., name] => QualifiedName::bare(name),
        [] => QualifiedName::bare(text),
    }
}

/// Split a dotted name into folded parts: unquoted parts are lower-cased,
/// quoted parts kept exactly (with `""` unescaped).
pub fn split_qualified(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = text.trim().chars().peekable();
    let mut quoted_part = false;
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' => {
                quoted_part = true;
                while let Some(q) = chars.next() {
                    if q == c {
                        if chars.peek() == Some(&c) {
                            cur.push(c);
                            chars.next();
                        } else {
                            break;
                        }
                    } else {
                        cur.push(q);
                    }
                }
            }
            '.' => {
                parts.push(std::mem::take(&mut cur));
                quoted_part = false;
            }
            c if c.is_whitespace() && !quoted_part => {}
            c => cur.push(if quoted_part { c } else { c.to_ascii_lowercase() }),
        }
    }
    parts.push(cur);
    parts
}

/// Split `name(args) tail` (lower-cased input).
fn split_args(s: &str) -> (String, Option<String>, String) {
    match (s.find('('), s.find(')')) {
        (Some(o), Some(c)) if c > o => {
            let head = s[..o].trim().to_string();
            let args = s[o + 1..c].to_string();
            let tail = s[c + 1..].trim().to_string();
            (head, Some(args), tail)
        }
        _ => {
            // `timestamp with time zone`, `double precision`, `interval day to second`
            for prefix in ["timestamp", "time", "interval"] {
                if let Some(rest) = s.strip_prefix(prefix) {
                    if rest.starts_with(' ') {
                        return (prefix.to_string(), None, rest.trim().to_string());
                    }
                }
            }
            (s.to_string(), None, String::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SqlType::*;

    fn pg(s: &str) -> SqlType {
        parse_type(s, Dialect::Postgres)
    }

    #[test]
    fn aliases_fold() {
        for s in ["int", "INTEGER", "int4"] {
            assert_eq!(pg(s), Integer, "{s}");
        }
        assert_eq!(pg("character varying(20)"), Varchar { length: Some(20) });
        assert_eq!(pg("VARCHAR ( 20 )"), Varchar { length: Some(20) });
        assert_eq!(pg("decimal(10, 2)"), Numeric { precision: Some(10), scale: Some(2) });
        assert_eq!(pg("float8"), Double);
        assert_eq!(pg("double precision"), Double);
        assert_eq!(pg("timestamptz"), Timestamp { precision: None, with_time_zone: true });
        assert_eq!(
            pg("timestamp(3) with time zone"),
            Timestamp { precision: Some(3), with_time_zone: true }
        );
        assert_eq!(
            pg("timestamp without time zone"),
            Timestamp { precision: None, with_time_zone: false }
        );
        assert_eq!(pg("char"), Char { length: Some(1) });
        assert_eq!(
            pg("interval year to month"),
            Interval { fields: Some("year to month".into()), precision: None }
        );
    }

    #[test]
    fn arrays_and_user_types() {
        assert_eq!(pg("text[]"), Array { element: Box::new(Text), dims: 1 });
        assert_eq!(pg("int[][]"), Array { element: Box::new(Integer), dims: 2 });
        assert_eq!(pg("integer ARRAY"), Array { element: Box::new(Integer), dims: 1 });
        assert_eq!(pg("public.mood"), Named { name: QualifiedName::new(Some("public"), "mood") });
        assert_eq!(pg("\"Mood\""), Named { name: QualifiedName::bare("Mood") });
        assert_eq!(pg("inet"), Other { name: "inet".into() });
        assert_eq!(pg("vector(3)"), Other { name: "vector(3)".into() });
        assert_eq!(pg("bit"), Other { name: "bit(1)".into() });
    }

    #[test]
    fn sqlite_int_is_not_integer() {
        // Only `INTEGER PRIMARY KEY` aliases the rowid; `INT` must stay distinct.
        assert_eq!(parse_type("INT", Dialect::Sqlite), Other { name: "int".into() });
        assert_eq!(parse_type("INTEGER", Dialect::Sqlite), Integer);
        assert_eq!(parse_type("datetime", Dialect::Sqlite), Other { name: "datetime".into() });
    }
}

/// SQL text of a type, canonical spelling for the dialect.
pub fn render_type(ty: &SqlType, dialect: Dialect) -> String {
    use SqlType::*;
    let opt = |base: &str, n: &Option<u32>| match n {
        Some(n) => format!("{base}({n})"),
        None => base.to_string(),
    };
    match ty {
        SmallInt => "smallint".into(),
        Integer => "integer".into(),
        BigInt => "bigint".into(),
        SmallSerial => "smallserial".into(),
        Serial => "serial".into(),
        BigSerial => "bigserial".into(),
        Numeric { precision: Some(p), scale: Some(s) } => format!("numeric({p},{s})"),
        Numeric { precision, .. } => opt("numeric", precision),
        Real => "real".into(),
        Double => match dialect {
            Dialect::Postgres => "double precision".into(),
            _ => "double".into(),
        },
        Text => "text".into(),
        Varchar { length } => opt("varchar", length),
        Char { length } => opt("char", length),
        Boolean => "boolean".into(),
        Date => "date".into(),
        Time { precision, with_time_zone } => {
            let base = opt("time", precision);
            if *with_time_zone {
                format!("{base} with time zone")
            } else {
                base
            }
        }
        Timestamp { precision, with_time_zone } => match (dialect, with_time_zone) {
            (Dialect::Postgres, true) => opt("timestamptz", precision),
            (_, true) => format!("{} with time zone", opt("timestamp", precision)),
            (_, false) => opt("timestamp", precision),
        },
        Interval { fields, precision } => {
            let mut s = "interval".to_string();
            if let Some(f) = fields {
                s.push(' ');
                s.push_str(f);
            }
            if let Some(p) = precision {
                s.push_str(&format!("({p})"));
            }
            s
        }
        Uuid => "uuid".into(),
        Json => "json".into(),
        Jsonb => "jsonb".into(),
        Bytea => "bytea".into(),
        Blob => "blob".into(),
        Array { element, dims } => {
            format!("{}{}", render_type(element, dialect), "[]".repeat(*dims as usize))
        }
        Named { name } => crate::dialect::quote_qualified(name, dialect),
        Other { name } => name.clone(),
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;

    #[test]
    fn render_parses_back() {
        for s in [
            "smallint",
            "integer",
            "bigint",
            "serial",
            "numeric(10,2)",
            "numeric",
            "real",
            "double precision",
            "text",
            "varchar(20)",
            "char(1)",
            "boolean",
            "date",
            "time(3) with time zone",
            "timestamptz",
            "timestamp(6)",
            "interval day to second",
            "uuid",
            "json",
            "jsonb",
            "bytea",
            "text[]",
            "integer[][]",
            "inet",
            "mood",
        ] {
            let t = parse_type(s, Dialect::Postgres);
            let r = render_type(&t, Dialect::Postgres);
            assert_eq!(parse_type(&r, Dialect::Postgres), t, "{s} -> {r}");
        }
    }
}
