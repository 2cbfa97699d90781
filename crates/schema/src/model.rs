//! The schema model: the one type every sluice command passes through.
//!
//! A [`Schema`] holds namespaces, tables (with their columns, keys, checks and
//! indexes), enum types, domains, sequences, extensions and views. It carries
//! no SQL text except where SQL is the value itself (default and check
//! expressions, view bodies), and those are stored in the normalized text form
//! produced by the SQL front end, so that two semantically equal schemas are
//! `==` once [`crate::normalize`] has run.
//!
//! Collections are `Vec`s kept in canonical order by normalization (sorted by
//! name, columns in declaration order): this keeps snapshots deterministic
//! and diff-friendly in git.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A list read into a vector of exactly its length. serde_json cannot say
/// how long a list is, so a plain `Vec` grows by doubling (4, 8, 16...)
/// and ends with up to twice the room it needs: for a snapshot of 1,000
/// tables, a megabyte of columns never used, copied twice on the way. The
/// elements are gathered in a scratch vector, then moved into one of the
/// right size (the scratch's memory serves the next list).
fn exact_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Exact<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Exact<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut scratch = Vec::with_capacity(seq.size_hint().unwrap_or(16).min(16));
            while let Some(x) = seq.next_element()? {
                scratch.push(x);
            }
            if scratch.len() == scratch.capacity() {
                return Ok(scratch);
            }
            let mut exact = Vec::with_capacity(scratch.len());
            exact.append(&mut scratch);
            Ok(exact)
        }
    }
    d.deserialize_seq(Exact(std::marker::PhantomData))
}

/// The database family a schema is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Postgres,
    Sqlite,
    Mysql,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Sqlite => "sqlite",
            Dialect::Mysql => "mysql",
        }
    }

    /// The namespace an unqualified name lives in, if the dialect has namespaces.
    pub fn default_schema(self) -> Option<&'static str> {
        match self {
            Dialect::Postgres => Some("public"),
            Dialect::Sqlite | Dialect::Mysql => None,
        }
    }

    /// Longest identifier the server keeps (bytes); longer names are truncated by it.
    pub fn max_identifier_len(self) -> usize {
        match self {
            Dialect::Postgres => 63,
            Dialect::Mysql => 64,
            Dialect::Sqlite => usize::MAX,
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            other => {
                Err(format!("unknown dialect `{other}`: expected one of postgres, sqlite, mysql"))
            }
        }
    }
}

/// A possibly schema-qualified object name. Names are stored exactly as the
/// database stores them (unquoted identifiers already folded by the parser).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QualifiedName {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
}

impl QualifiedName {
    pub fn new(schema: Option<&str>, name: &str) -> Self {
        QualifiedName { schema: schema.map(str::to_string), name: name.to_string() }
    }
    pub fn bare(name: &str) -> Self {
        QualifiedName { schema: None, name: name.to_string() }
    }
    /// The same name in the same namespace as `self` (used for indexes and
    /// sequences, which live beside their table).
    pub fn sibling(&self, name: &str) -> Self {
        QualifiedName { schema: self.schema.clone(), name: name.to_string() }
    }
}

impl fmt::Display for QualifiedName {
    /// Human-readable (unquoted) form, for messages. SQL rendering quotes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A SQL expression in the front end's normalized text form (keywords and
/// unquoted identifiers lower-cased, whitespace collapsed, redundant outer
/// parentheses removed). Comparing two `Expr`s compares their meaning as far
/// as the normalizer can tell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Expr(pub String);

impl Expr {
    pub fn new(s: impl Into<String>) -> Self {
        Expr(s.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A column or domain data type, in canonical form (aliases folded:
/// `int4`/`int`/`integer` are all [`SqlType::Integer`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SqlType {
    SmallInt,
    Integer,
    BigInt,
    SmallSerial,
    Serial,
    BigSerial,
    Numeric {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<u32>,
    },
    Real,
    Double,
    Text,
    Varchar {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
    },
    Char {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
    },
    Boolean,
    Date,
    Time {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        with_time_zone: bool,
    },
    Timestamp {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        with_time_zone: bool,
    },
    Interval {
        /// Field restriction such as `year to month`, lower-case.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fields: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
    },
    Uuid,
    Json,
    Jsonb,
    Bytea,
    Blob,
    /// `elem[]`; multi-dimensional arrays are the same type in PostgreSQL,
    /// so dimensions are kept only for faithful rendering.
    Array {
        element: Box<SqlType>,
        dims: u32,
    },
    /// A user-defined type: an enum, a domain, or a composite type declared
    /// in the schema (resolved by name).
    Named {
        name: QualifiedName,
    },
    /// Any other type, kept as its normalized spelling (`inet`, `money`,
    /// `tsvector`, `vector(3)`, `bit(8)`...). Compared textually.
    Other {
        name: String,
    },
}

impl SqlType {
    /// Whether values of this type can be assigned from `from` without loss
    /// (used to label type changes as widening or narrowing).
    pub fn is_widening_from(&self, from: &SqlType) -> bool {
        use SqlType::*;
        let int_rank = |t: &SqlType| match t {
            SmallInt | SmallSerial => Some(1),
            Integer | Serial => Some(2),
            BigInt | BigSerial => Some(3),
            _ => None,
        };
        match (from, self) {
            (a, b) if a == b => true,
            (a, b) if int_rank(a).is_some() && int_rank(b).is_some() => int_rank(a) <= int_rank(b),
            (Varchar { length: Some(a) }, Varchar { length: Some(b) }) => a <= b,
            (Varchar { .. }, Varchar { length: None }) | (Varchar { .. } | Char { .. }, Text) => {
                true
            }
            (Char { length: Some(a) }, Varchar { length: Some(b) }) => a <= b,
            (
                Numeric { precision: Some(p1), scale: s1 },
                Numeric { precision: Some(p2), scale: s2 },
            ) => {
                let (s1, s2) = (s1.unwrap_or(0), s2.unwrap_or(0));
                s1 <= s2 && p1 - s1 <= p2 - s2
            }
            (Numeric { .. }, Numeric { precision: None, .. }) => true,
            (SmallInt | Integer | BigInt, Numeric { precision: None, .. }) => true,
            (Real, Double) => true,
            (Json, Jsonb) | (Jsonb, Json) => false,
            (Timestamp { with_time_zone: a, .. }, Timestamp { with_time_zone: b, .. }) => a == b,
            // MySQL converts enum/set values by their text: every old value
            // still in the list keeps its rows.
            (Other { .. }, Other { .. }) => match (from.value_list(), self.value_list()) {
                (Some((k1, old)), Some((k2, new))) => {
                    k1 == k2 && old.iter().all(|v| new.contains(v))
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// A MySQL `enum(...)` or `set(...)` type (canonical spelling, quotes
    /// doubled): its kind (`"enum"` or `"set"`) and its values in order.
    pub fn value_list(&self) -> Option<(&'static str, Vec<String>)> {
        let SqlType::Other { name } = self else { return None };
        let lower = name.to_ascii_lowercase();
        let kind = if lower.starts_with("enum(") {
            "enum"
        } else if lower.starts_with("set(") {
            "set"
        } else {
            return None;
        };
        let inner = name[kind.len() + 1..].strip_suffix(')')?;
        let mut values = Vec::new();
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\'' {
                continue;
            }
            let mut v = String::new();
            while let Some(q) = chars.next() {
                match q {
                    '\'' if chars.peek() == Some(&'\'') => {
                        v.push('\'');
                        chars.next();
                    }
                    '\'' => break,
                    other => v.push(other),
                }
            }
            values.push(v);
        }
        Some((kind, values))
    }

    /// The serial types are integer columns with an owned sequence.
    pub fn is_serial(&self) -> bool {
        matches!(self, SqlType::SmallSerial | SqlType::Serial | SqlType::BigSerial)
    }
}

/// `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [( sequence options )]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identity {
    pub always: bool,
    #[serde(default, skip_serializing_if = "SequenceOptions::is_default")]
    pub options: SequenceOptions,
}

/// `GENERATED ALWAYS AS (expr) { STORED | VIRTUAL }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Generated {
    pub expr: Expr,
    pub stored: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: SqlType,
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Expr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Box<Identity>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Box<Generated>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// MySQL `ON UPDATE current_timestamp(n)`: the value an `UPDATE` that
    /// does not set the column writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<Expr>,
}

impl Column {
    pub fn new(name: &str, ty: SqlType) -> Self {
        Column {
            name: name.to_string(),
            ty,
            nullable: true,
            default: None,
            identity: None,
            generated: None,
            collation: None,
            comment: None,
            on_update: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PrimaryKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(deserialize_with = "exact_vec")]
    pub columns: Vec<String>,
    /// SQLite `INTEGER PRIMARY KEY AUTOINCREMENT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub autoincrement: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Unique {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(deserialize_with = "exact_vec")]
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    #[serde(default, skip_serializing_if = "Deferrable::is_not")]
    pub deferrable: Deferrable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn is_default(&self) -> bool {
        *self == FkAction::NoAction
    }
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    #[default]
    NotDeferrable,
    InitiallyImmediate,
    InitiallyDeferred,
}

impl Deferrable {
    pub fn is_not(&self) -> bool {
        *self == Deferrable::NotDeferrable
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ForeignKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(deserialize_with = "exact_vec")]
    pub columns: Vec<String>,
    pub ref_table: QualifiedName,
    /// Empty means "the referenced table's primary key" until normalization
    /// fills it in.
    #[serde(deserialize_with = "exact_vec")]
    pub ref_columns: Vec<String>,
    #[serde(default, skip_serializing_if = "FkAction::is_default")]
    pub on_delete: FkAction,
    #[serde(default, skip_serializing_if = "FkAction::is_default")]
    pub on_update: FkAction,
    #[serde(default, skip_serializing_if = "Deferrable::is_not")]
    pub deferrable: Deferrable,
    #[serde(default, skip_serializing_if = "is_false")]
    pub match_full: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Check {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub expr: Expr,
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_inherit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NullsOrder {
    First,
    Last,
}

/// What an index key is: a plain column, or an expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexTarget {
    Column(String),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndexKey {
    pub target: IndexTarget,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub descending: bool,
    /// Only set when it differs from the default for the direction
    /// (NULLS LAST for ASC, NULLS FIRST for DESC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls: Option<NullsOrder>,
}

impl IndexKey {
    pub fn column(name: &str) -> Self {
        IndexKey {
            target: IndexTarget::Column(name.to_string()),
            collation: None,
            opclass: None,
            descending: false,
            nulls: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// Access method when not the default (`btree`): gin, gist, hash, brin...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(deserialize_with = "exact_vec")]
    pub keys: Vec<IndexKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<Expr>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Options that only some dialects have.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TableOptions {
    /// SQLite `STRICT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strict: bool,
    /// SQLite `WITHOUT ROWID`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub without_rowid: bool,
    /// PostgreSQL `UNLOGGED`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unlogged: bool,
}

impl TableOptions {
    pub fn is_default(&self) -> bool {
        *self == TableOptions::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Table {
    pub name: QualifiedName,
    #[serde(deserialize_with = "exact_vec")]
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    #[serde(default, deserialize_with = "exact_vec", skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    #[serde(default, deserialize_with = "exact_vec", skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default, deserialize_with = "exact_vec", skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, deserialize_with = "exact_vec", skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "TableOptions::is_default")]
    pub options: TableOptions,
}

impl Table {
    pub fn new(name: QualifiedName) -> Self {
        Table {
            name,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            options: TableOptions::default(),
        }
    }
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnumType {
    pub name: QualifiedName,
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Domain {
    pub name: QualifiedName,
    #[serde(rename = "type")]
    pub ty: SqlType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_null: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Expr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Sequence parameters; `None` means the server default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SequenceOptions {
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub ty: Option<SqlType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
}

impl SequenceOptions {
    pub fn is_default(&self) -> bool {
        *self == SequenceOptions::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sequence {
    pub name: QualifiedName,
    #[serde(default, skip_serializing_if = "SequenceOptions::is_default")]
    pub options: SequenceOptions,
    /// `OWNED BY table.column`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<(QualifiedName, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct View {
    pub name: QualifiedName,
    /// The query, normalized text (as written, whitespace collapsed).
    pub definition: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub materialized: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Namespace {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Extension {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

/// A whole database schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub dialect: Dialect,
    /// Namespaces created by the schema (`CREATE SCHEMA`); the dialect's
    /// default namespace is implicit and never listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<Namespace>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<Table>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
}

impl Schema {
    pub fn empty(dialect: Dialect) -> Self {
        Schema {
            dialect,
            namespaces: Vec::new(),
            extensions: Vec::new(),
            enums: Vec::new(),
            domains: Vec::new(),
            sequences: Vec::new(),
            tables: Vec::new(),
            views: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.namespaces.is_empty()
            && self.extensions.is_empty()
            && self.enums.is_empty()
            && self.domains.is_empty()
            && self.sequences.is_empty()
            && self.tables.is_empty()
            && self.views.is_empty()
    }

    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables.iter().find(|t| &t.name == name)
    }
    pub fn table_mut(&mut self, name: &QualifiedName) -> Option<&mut Table> {
        self.tables.iter_mut().find(|t| &t.name == name)
    }
    pub fn enum_type(&self, name: &QualifiedName) -> Option<&EnumType> {
        self.enums.iter().find(|e| &e.name == name)
    }

    /// Number of top-level objects, for summaries.
    pub fn object_count(&self) -> usize {
        self.namespaces.len()
            + self.extensions.len()
            + self.enums.len()
            + self.domains.len()
            + self.sequences.len()
            + self.tables.len()
            + self.views.len()
    }
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
mod tests {
    use super::SqlType;

    fn other(s: &str) -> SqlType {
        SqlType::Other { name: s.into() }
    }

    #[test]
    fn enum_and_set_value_lists() {
        assert_eq!(
            other("enum('a','b''c')").value_list(),
            Some(("enum", vec!["a".to_string(), "b'c".to_string()]))
        );
        assert_eq!(other("set('x')").value_list(), Some(("set", vec!["x".to_string()])));
        assert_eq!(other("varbinary(3)").value_list(), None);
        // Appending or reordering keeps every value; removing one does not.
        assert!(other("enum('a','b','c')").is_widening_from(&other("enum('a','b')")));
        assert!(other("enum('b','a')").is_widening_from(&other("enum('a','b')")));
        assert!(!other("enum('a')").is_widening_from(&other("enum('a','b')")));
        assert!(!other("set('a','b')").is_widening_from(&other("enum('a','b')")));
    }
}
