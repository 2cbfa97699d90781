//! The canonical MySQL/MariaDB forms that parsed and introspected schemas
//! share, so that `parse(DDL) == introspect(load(DDL))`: column types
//! (aliases folded, display widths dropped except `tinyint(1)`, which is
//! the boolean), defaults (as `information_schema.COLUMNS` prints them),
//! expressions, the names the server gives unnamed keys and constraints,
//! and the index InnoDB adds for a foreign key no index covers.

use crate::types::split_qualified;
use sluice_schema::{
    Dialect, Expr, FkAction, Index, IndexKey, IndexTarget, Schema, SqlType, Table,
};

/// A column type as written or as `COLUMN_TYPE` prints it -> canonical.
pub fn column_type(text: &str) -> SqlType {
    let lower = text.trim().to_ascii_lowercase();
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let unsigned = lower.contains(" unsigned");
    let zerofill = lower.contains(" zerofill");
    let base = lower.replace(" unsigned", "").replace(" zerofill", "").replace(" signed", "");
    let (head, args) = match base.find('(') {
        Some(o) => {
            // A `)` before the `(` (a mangled type) closes nothing.
            let close = base.rfind(')').filter(|&c| c > o).unwrap_or(base.len());
            (base[..o].trim().to_string(), Some(base[o + 1..close].to_string()))
        }
        None => (base.trim().to_string(), None),
    };
    let nums: Vec<u32> = args
        .as_deref()
        .map(|a| a.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_default();
    let n0 = nums.first().copied();
    let sign = |t: &str| -> SqlType {
        let mut name = t.to_string();
        if unsigned {
            name.push_str(" unsigned");
        }
        if zerofill {
            name.push_str(" zerofill");
        }
        SqlType::Other { name }
    };
    use SqlType::*;
    let plain = !unsigned && !zerofill;
    match head.as_str() {
        "bool" | "boolean" => Boolean,
        "tinyint" if plain && n0 == Some(1) => Boolean,
        "tinyint" | "int1" => sign("tinyint"),
        "smallint" | "int2" if plain => SmallInt,
        "smallint" | "int2" => sign("smallint"),
        "mediumint" | "int3" | "middleint" => sign("mediumint"),
        "int" | "integer" | "int4" if plain => Integer,
        "int" | "integer" | "int4" => sign("int"),
        "bigint" | "int8" if plain => BigInt,
        "bigint" | "int8" => sign("bigint"),
        "serial" => sign("bigint unsigned"),
        "decimal" | "numeric" | "dec" | "fixed" => {
            let precision = n0.or(Some(10));
            let scale = nums.get(1).copied().filter(|s| *s != 0);
            if plain {
                Numeric { precision, scale }
            } else {
                let p = precision.unwrap_or(10);
                sign(&format!("decimal({p},{})", scale.unwrap_or(0)))
            }
        }
        "float" if plain && n0.is_none_or(|p| p <= 24) => Real,
        "float" | "double" | "real" | "double precision" if plain => Double,
        "float" => sign("float"),
        "double" | "real" | "double precision" => sign("double"),
        "varchar" | "character varying" => Varchar { length: n0 },
        "char" | "character" => Char { length: n0.or(Some(1)) },
        "text" => Text,
        "blob" => Blob,
        "date" => Date,
        "time" => Time { precision: n0.filter(|p| *p > 0), with_time_zone: false },
        "timestamp" => Timestamp { precision: n0.filter(|p| *p > 0), with_time_zone: false },
        "datetime" => match n0.filter(|p| *p > 0) {
            Some(p) => Other { name: format!("datetime({p})") },
            None => Other { name: "datetime".into() },
        },
        "year" => Other { name: "year".into() },
        "json" => Json,
        "binary" => Other { name: format!("binary({})", n0.unwrap_or(1)) },
        "bit" => Other { name: format!("bit({})", n0.unwrap_or(1)) },
        "varbinary" => Other { name: format!("varbinary({})", n0.unwrap_or(0)) },
        "enum" | "set" => {
            let values = string_values(args.as_deref().unwrap_or(""));
            Other {
                name: format!(
                    "{head}({})",
                    crate::dialect::ddl::string_list(&values).replace(", ", ",")
                ),
            }
        }
        _ => Other { name: base },
    }
}

/// The quoted strings of an `enum(...)` / `set(...)` list, unescaped.
fn string_values(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = list.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' && c != '"' {
            continue;
        }
        let mut v = String::new();
        while let Some(q) = chars.next() {
            if q == c {
                if chars.peek() == Some(&c) {
                    v.push(c);
                    chars.next();
                } else {
                    break;
                }
            } else if q == '\\' {
                if let Some(n) = chars.next() {
                    v.push(n);
                }
            } else {
                v.push(q);
            }
        }
        out.push(v);
    }
    out
}

/// An expression (check, generated column, index key) in normalized text.
pub fn expr(text: &str) -> Expr {
    crate::expr::normalize(text, Dialect::Mysql)
}

fn is_numeric(ty: &SqlType) -> bool {
    use SqlType::*;
    match ty {
        SmallInt | Integer | BigInt | Numeric { .. } | Real | Double | Boolean => true,
        Other { name } => {
            ["tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double"]
                .iter()
                .any(|p| name.starts_with(p))
        }
        _ => false,
    }
}

/// A default as `COLUMN_DEFAULT` prints it (MariaDB 10.2.7+): literals
/// quoted, numbers formatted for the column's scale, `current_timestamp()`.
/// `None` for `NULL`.
pub fn default(text: &str, ty: &SqlType) -> Option<Expr> {
    let norm = crate::expr::normalize_str(text, Dialect::Mysql);
    if norm.eq_ignore_ascii_case("null") {
        return None;
    }
    let lower = norm.to_ascii_lowercase();
    for f in ["current_timestamp", "now", "localtimestamp", "localtime"] {
        if lower == f || lower == format!("{f}()") {
            return Some(Expr::new("current_timestamp()"));
        }
        if let Some(rest) = lower.strip_prefix(&format!("{f}(")) {
            return Some(Expr::new(format!("current_timestamp({rest}")));
        }
    }
    if is_numeric(ty) {
        let unquoted = norm.trim_matches('\'');
        let value = match unquoted.to_ascii_lowercase().as_str() {
            "true" => "1".to_string(),
            "false" => "0".to_string(),
            v => v.to_string(),
        };
        if let Ok(n) = value.parse::<f64>() {
            if let SqlType::Numeric { scale, .. } = ty {
                let s = scale.unwrap_or(0) as usize;
                return Some(Expr::new(format!("{n:.s$}")));
            }
            if value.parse::<i64>().is_ok() {
                return Some(Expr::new(value.parse::<i64>().unwrap_or_default().to_string()));
            }
            return Some(Expr::new(n.to_string()));
        }
    }
    Some(Expr::new(norm))
}

/// An `ON UPDATE` clause as written or as `EXTRA` prints it (after `on
/// update `): `current_timestamp()` or `current_timestamp(n)`; `None` for
/// anything else (MySQL accepts only the current time there).
pub fn on_update(text: &str) -> Option<Expr> {
    let e = default(text, &SqlType::Text)?;
    e.as_str().starts_with("current_timestamp(").then_some(e)
}

/// Unnamed unique keys and indexes are named after their first column
/// (`email`, then `email_2`...), as the server names them.
pub fn index_name(table: &Table, keys: &[IndexKey], taken: &[String]) -> String {
    let base = match keys.first().map(|k| &k.target) {
        Some(IndexTarget::Column(c)) => c.clone(),
        Some(IndexTarget::Expr(e)) => {
            split_qualified(e.as_str().split('(').next().unwrap_or("expr"))
                .pop()
                .unwrap_or_default()
        }
        None => "key".to_string(),
    };
    let used = |n: &str| {
        taken.iter().any(|t| t.eq_ignore_ascii_case(n))
            || table.indexes.iter().any(|i| i.name.eq_ignore_ascii_case(n))
            || n.eq_ignore_ascii_case("primary")
    };
    if !used(&base) {
        return base;
    }
    (2..).map(|i| format!("{base}_{i}")).find(|n| !used(n)).unwrap_or(base)
}

/// The canonical form shared by parsed and introspected MySQL schemas, then
/// the generic [`sluice_schema::normalize`]: primary keys are unnamed
/// (always `PRIMARY`), `RESTRICT` is InnoDB's `NO ACTION`.
pub fn finish(schema: &mut Schema) {
    for t in &mut schema.tables {
        if let Some(pk) = &mut t.primary_key {
            pk.name = None;
        }
        for fk in &mut t.foreign_keys {
            if fk.on_delete == FkAction::Restrict {
                fk.on_delete = FkAction::NoAction;
            }
            if fk.on_update == FkAction::Restrict {
                fk.on_update = FkAction::NoAction;
            }
        }
        // MariaDB's `json` is `longtext` with a `json_valid(col)` check
        // named after the column: the pair is `json`, however it was written.
        let json_checks: Vec<usize> = (0..t.checks.len())
            .filter(|&i| {
                let ck = &t.checks[i];
                let Some(col) =
                    ck.name.as_deref().and_then(|n| t.columns.iter().find(|c| c.name == n))
                else {
                    return false;
                };
                matches!(&col.ty, SqlType::Other { name } if name == "longtext")
                    && ck.expr == expr(&format!("json_valid(`{}`)", col.name.replace('`', "``")))
            })
            .collect();
        for i in json_checks.into_iter().rev() {
            let ck = t.checks.remove(i);
            if let Some(c) =
                t.columns.iter_mut().find(|c| Some(c.name.as_str()) == ck.name.as_deref())
            {
                c.ty = SqlType::Json;
            }
        }
        for c in &mut t.columns {
            if c.ty == SqlType::Json {
                c.collation = None;
            }
        }
    }
    let tables = schema.tables.clone();
    for v in &mut schema.views {
        super::views::view(v, &tables);
    }
    sluice_schema::normalize(schema);
}

/// InnoDB needs an index whose leading columns are a foreign key's columns,
/// and creates one (named after the constraint, or its first column when
/// the constraint has no name) when none exists.
pub fn add_foreign_key_index(t: &mut Table, fk_columns: &[String], fk_name: Option<&str>) {
    let covers = |cols: Vec<&str>| {
        cols.len() >= fk_columns.len()
            && cols.iter().zip(fk_columns).all(|(a, b)| a.eq_ignore_ascii_case(b))
    };
    if let Some(pk) = &t.primary_key {
        if covers(pk.columns.iter().map(String::as_str).collect()) {
            return;
        }
    }
    for ix in &t.indexes {
        let cols: Vec<&str> = ix
            .keys
            .iter()
            .map_while(|k| match &k.target {
                IndexTarget::Column(c) => Some(c.as_str()),
                IndexTarget::Expr(_) => None,
            })
            .collect();
        if ix.method.is_none() && covers(cols) {
            return;
        }
    }
    let keys: Vec<IndexKey> = fk_columns.iter().map(|c| IndexKey::column(c)).collect();
    let name = match fk_name {
        Some(n) => n.to_string(),
        None => index_name(t, &keys, &[]),
    };
    t.indexes.push(Index {
        name,
        unique: false,
        method: None,
        keys,
        include: Vec::new(),
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_fold() {
        assert_eq!(column_type("int(11)"), SqlType::Integer);
        assert_eq!(column_type("INTEGER"), SqlType::Integer);
        assert_eq!(column_type("tinyint(1)"), SqlType::Boolean);
        assert_eq!(column_type("BOOL"), SqlType::Boolean);
        assert_eq!(column_type("tinyint(4)"), SqlType::Other { name: "tinyint".into() });
        assert_eq!(column_type("int(10) unsigned"), SqlType::Other { name: "int unsigned".into() });
        assert_eq!(
            column_type("BIGINT UNSIGNED"),
            SqlType::Other { name: "bigint unsigned".into() }
        );
        assert_eq!(column_type("decimal"), SqlType::Numeric { precision: Some(10), scale: None });
        assert_eq!(
            column_type("ENUM('a', 'b''c')"),
            SqlType::Other { name: "enum('a','b''c')".into() }
        );
        assert_eq!(column_type("enum('a','b''c')"), column_type("ENUM('a', 'b''c')"));
        assert_eq!(column_type("datetime(0)"), column_type("DATETIME"));
        // A `)` before the `(` closes nothing (this sliced backwards once).
        assert_eq!(column_type("o`)(rder`"), SqlType::Other { name: "o`)(rder`".into() });
    }

    #[test]
    fn defaults_fold() {
        let d = |t: &str, ty: &SqlType| default(t, ty).map(|e| e.0);
        assert_eq!(d("CURRENT_TIMESTAMP", &SqlType::Text).as_deref(), Some("current_timestamp()"));
        assert_eq!(d("now(3)", &SqlType::Text).as_deref(), Some("current_timestamp(3)"));
        assert_eq!(d("true", &SqlType::Boolean).as_deref(), Some("1"));
        assert_eq!(
            d("0", &SqlType::Numeric { precision: Some(10), scale: Some(2) }).as_deref(),
            Some("0.00")
        );
        assert_eq!(d("'5'", &SqlType::Integer).as_deref(), Some("5"));
        assert_eq!(d("'x'", &SqlType::Varchar { length: Some(3) }).as_deref(), Some("'x'"));
        assert_eq!(d("NULL", &SqlType::Integer), None);
    }
}
