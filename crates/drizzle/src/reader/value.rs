//! The values a drizzle schema file evaluates to: JavaScript literals,
//! objects and arrays, and the drizzle builders (columns, tables, enums,
//! indexes, constraints, `sql` fragments) with what their chained methods
//! set. Tables, enums and schemas are handles into the reader's lists, so a
//! value is cheap to clone.

use oxc_ast::ast::{ArrowFunctionExpression, Function};
use sluice_schema::{FkAction, Identity};

/// Which drizzle module a builder was imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// `drizzle-orm/pg-core`
    Pg,
    /// `drizzle-orm/sqlite-core`
    Sqlite,
    /// `drizzle-orm` (`sql`, `relations`)
    Orm,
}

impl Module {
    pub fn from_source(source: &str) -> Option<Module> {
        match source {
            "drizzle-orm/pg-core" => Some(Module::Pg),
            "drizzle-orm/sqlite-core" => Some(Module::Sqlite),
            "drizzle-orm" => Some(Module::Orm),
            _ => None,
        }
    }
}

/// A function body the reader may call: `() => users.id`, `(t) => [...]`.
#[derive(Debug, Clone, Copy)]
pub enum Callable<'a> {
    Arrow(&'a ArrowFunctionExpression<'a>),
    Function(&'a Function<'a>),
}

#[derive(Debug, Clone)]
pub struct Closure<'a> {
    pub func: Callable<'a>,
    pub file: usize,
    /// The local names visible where the function was written.
    pub scope: Vec<(String, Value<'a>)>,
}

/// One piece of a `sql` template.
#[derive(Debug, Clone)]
pub enum SqlPart {
    Text(String),
    /// A column (table handle, JavaScript key).
    Column(usize, String),
    Table(usize),
}

/// A `sql` fragment, or a callback returning one.
#[derive(Debug, Clone)]
pub enum Lazy<'a> {
    Sql(Sql),
    Closure(Closure<'a>),
}

#[derive(Debug, Clone)]
pub struct Sql {
    pub parts: Vec<SqlPart>,
}

/// The declared type of a column before it is attached to a table.
#[derive(Debug, Clone)]
pub enum ColType {
    /// A built-in type, in drizzle's spelling (`varchar(255)`).
    Sql(String),
    /// An enum declared with `pgEnum` (handle).
    Enum(usize),
}

/// A `.references(() => t.c, { onDelete, onUpdate })` waiting for every
/// table to be known.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    pub target: Closure<'a>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    pub span: oxc_span::Span,
}

#[derive(Debug, Clone)]
pub struct ColumnB<'a> {
    /// The name given as the builder's first argument.
    pub name: Option<String>,
    pub ty: ColType,
    pub array_dims: u32,
    pub not_null: bool,
    pub primary_key: bool,
    pub autoincrement: bool,
    /// Default as SQL text.
    pub default: Option<String>,
    /// `.unique(name?, { nulls: 'not distinct' })`.
    pub unique: Option<(Option<String>, bool)>,
    pub references: Vec<Reference<'a>>,
    pub identity: Option<Identity>,
    /// Generated expression (a callback is called once every table is
    /// known, as drizzle does) and whether it is stored.
    pub generated: Option<(Lazy<'a>, bool)>,
    /// JSON-like columns take object defaults as JSON text.
    pub json: bool,
    pub file: usize,
}

impl ColumnB<'_> {
    pub fn new(name: Option<String>, ty: ColType, file: usize) -> Self {
        ColumnB {
            name,
            ty,
            array_dims: 0,
            not_null: false,
            primary_key: false,
            autoincrement: false,
            default: None,
            unique: None,
            references: Vec::new(),
            identity: None,
            generated: None,
            json: false,
            file,
        }
    }
}

/// A key of an index: a column or an expression, with its ordering.
#[derive(Debug, Clone)]
pub struct IndexKeyB {
    pub target: IndexKeyTarget,
    pub desc: bool,
    pub nulls_first: Option<bool>,
    pub opclass: Option<String>,
}

#[derive(Debug, Clone)]
pub enum IndexKeyTarget {
    Column(usize, String),
    Expr(Sql),
}

#[derive(Debug, Clone)]
pub struct IndexB {
    pub name: Option<String>,
    pub unique: bool,
    pub method: Option<String>,
    pub keys: Vec<IndexKeyB>,
    pub predicate: Option<Sql>,
    pub concurrently: bool,
    pub nulls_not_distinct: bool,
    pub span: oxc_span::Span,
}

/// What the extra-config callback of a table returns, one entry each.
#[derive(Debug, Clone)]
pub enum Constraint {
    Index(IndexB),
    PrimaryKey { name: Option<String>, columns: Vec<(usize, String)> },
    Unique { name: Option<String>, columns: Vec<(usize, String)>, nulls_not_distinct: bool },
    ForeignKey(ForeignKeyB),
    Check { name: String, expr: Sql },
}

#[derive(Debug, Clone)]
pub struct ForeignKeyB {
    pub name: Option<String>,
    pub columns: Vec<(usize, String)>,
    pub foreign: Vec<(usize, String)>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
}

#[derive(Debug, Clone)]
pub enum Value<'a> {
    Undefined,
    Null,
    Bool(bool),
    /// The number and its source text.
    Num(f64, String),
    /// A BigInt literal's digits.
    BigInt(String),
    Str(String),
    Array(Vec<Value<'a>>),
    Object(Vec<(String, Value<'a>)>),
    /// A drizzle export: `pgTable`, `integer`, `sql`...
    Builtin(Module, &'static str),
    /// `import * as pg from 'drizzle-orm/pg-core'`
    BuiltinNs(Module),
    /// A name imported from a package the reader does not know; an error
    /// only when used where a schema value is needed.
    Foreign(String),
    /// A value with no schema meaning (`relations(...)`).
    Ignored,
    Closure(Closure<'a>),
    Column(Box<ColumnB<'a>>),
    /// A table handle.
    Table(usize),
    /// `table.key` (table handle, JavaScript key of the column).
    ColumnRef(usize, String),
    /// `pgEnum(...)` (handle); calling it makes a column.
    Enum(usize),
    /// `pgSchema('name')`.
    Schema(String),
    /// `customType({ dataType() { return 'citext' } })`: the type's SQL name.
    CustomType(String),
    Sql(Sql),
    IndexKey(IndexKeyB),
    Constraint(Box<Constraint>),
    /// `pgView('v')` before `.as(...)`, and after it (handle).
    ViewBuilder {
        name: String,
        schema: Option<String>,
        materialized: bool,
    },
    View(usize),
    /// A method looked up but not yet called: `index('x').on`.
    Method(Box<Value<'a>>, String),
}

impl Value<'_> {
    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Num(..) => "a number",
            Value::BigInt(_) => "a bigint",
            Value::Str(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Builtin(..) | Value::BuiltinNs(_) => "a drizzle function",
            Value::Foreign(_) => "a value imported from another package",
            Value::Ignored => "a value with no schema meaning",
            Value::Closure(_) => "a function",
            Value::Column(_) => "a column builder",
            Value::Table(_) => "a table",
            Value::ColumnRef(..) => "a column",
            Value::Enum(_) => "an enum",
            Value::Schema(_) => "a pgSchema",
            Value::CustomType(_) => "a custom type",
            Value::Sql(_) => "a sql`...` fragment",
            Value::IndexKey(_) => "an index key",
            Value::Constraint(_) => "an index or constraint",
            Value::ViewBuilder { .. } | Value::View(_) => "a view",
            Value::Method(..) => "a method",
        }
    }
}
