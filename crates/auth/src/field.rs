//! The field model of Better Auth's schema (`DBFieldAttribute`): a logical
//! type, whether Better Auth writes it as required, uniqueness, a
//! single-column index, a default, and a reference to another model's field.
//! Catalogue entries are built with the small builder below so each table
//! reads like Better Auth's own table of fields.

/// Better Auth's logical field types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    String,
    Number,
    Boolean,
    Date,
    Json,
    StringArray,
    NumberArray,
}

impl FieldType {
    /// The name Better Auth uses for the type (`additionalFields` options).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::Json => "json",
            FieldType::StringArray => "string[]",
            FieldType::NumberArray => "number[]",
        }
    }

    pub fn parse(s: &str) -> Option<FieldType> {
        Some(match s {
            "string" => FieldType::String,
            "number" => FieldType::Number,
            "boolean" => FieldType::Boolean,
            "date" => FieldType::Date,
            "json" => FieldType::Json,
            "string[]" => FieldType::StringArray,
            "number[]" => FieldType::NumberArray,
            _ => return None,
        })
    }
}

/// A default value. Static values become database defaults; `Now` (a
/// function run by the application) becomes `CURRENT_TIMESTAMP` where the
/// dialect stores dates natively.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Int(i64),
    Str(&'static str),
    /// `() => new Date()` in the application.
    Now,
    /// `[]` for array fields (stored as JSON text).
    EmptyArray,
    /// A function of the application whose value has no database form
    /// (`Date.now()` as milliseconds).
    AppOnly,
}

/// `references.onDelete`; Better Auth's generators use `cascade` when it is
/// absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDelete {
    Cascade,
    SetNull,
    Restrict,
    NoAction,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The logical model key (`user`, `organization`, `oauthClient`...).
    pub model: &'static str,
    /// The logical field (`id`, `clientId`...).
    pub field: &'static str,
    pub on_delete: OnDelete,
}

/// One field of a table as Better Auth declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub name: String,
    pub ty: FieldType,
    /// `required !== false`: NOT NULL in every generator.
    pub required: bool,
    pub unique: bool,
    pub index: bool,
    pub default: Option<DefaultValue>,
    pub references: Option<Reference>,
    /// `bigint: true` on a number.
    pub bigint: bool,
    /// An id-valued column without a reference (holds a user, org or team
    /// id as text even when ids are numbers).
    pub holds_id: bool,
    /// `sortable: true`: only sizes the column on MySQL (`varchar(255)`).
    pub sortable: bool,
}

impl FieldDef {
    fn new(name: &str, ty: FieldType) -> FieldDef {
        FieldDef {
            name: name.to_string(),
            ty,
            required: true,
            unique: false,
            index: false,
            default: None,
            references: None,
            bigint: false,
            holds_id: false,
            sortable: false,
        }
    }
    pub fn sortable(mut self) -> Self {
        self.sortable = true;
        self
    }
    pub fn opt(mut self) -> Self {
        self.required = false;
        self
    }
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
    pub fn index(mut self) -> Self {
        self.index = true;
        self
    }
    pub fn default(mut self, d: DefaultValue) -> Self {
        self.default = Some(d);
        self
    }
    pub fn bigint(mut self) -> Self {
        self.bigint = true;
        self
    }
    pub fn holds_id(mut self) -> Self {
        self.holds_id = true;
        self
    }
    /// A reference to `model.field` with `on_delete`.
    pub fn refs(mut self, model: &'static str, field: &'static str, on_delete: OnDelete) -> Self {
        self.references = Some(Reference { model, field, on_delete });
        self
    }
    /// A reference to `model.id`, ON DELETE CASCADE (Better Auth's default).
    pub fn refs_id(self, model: &'static str) -> Self {
        self.refs(model, "id", OnDelete::Cascade)
    }
}

pub fn string(name: &str) -> FieldDef {
    FieldDef::new(name, FieldType::String)
}
pub fn number(name: &str) -> FieldDef {
    FieldDef::new(name, FieldType::Number)
}
pub fn boolean(name: &str) -> FieldDef {
    FieldDef::new(name, FieldType::Boolean)
}
pub fn date(name: &str) -> FieldDef {
    FieldDef::new(name, FieldType::Date)
}
pub fn json(name: &str) -> FieldDef {
    FieldDef::new(name, FieldType::Json)
}
pub fn strings(name: &str) -> FieldDef {
    FieldDef::new(name, FieldType::StringArray)
}

/// A table-level (compound) index: `indexes: [{ fields, unique }]`.
#[derive(Debug, Clone, PartialEq)]
pub struct TableIndex {
    pub fields: Vec<&'static str>,
    pub unique: bool,
}

/// A model a plugin or the core declares: a new table, or extra fields on
/// a core table (`extends`).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelDef {
    /// The logical model key (`user`, `twoFactor`, `apikey`...).
    pub key: &'static str,
    pub fields: Vec<FieldDef>,
    pub indexes: Vec<TableIndex>,
}

impl ModelDef {
    pub fn new(key: &'static str, fields: Vec<FieldDef>) -> ModelDef {
        ModelDef { key, fields, indexes: Vec::new() }
    }
    pub fn with_index(mut self, fields: &[&'static str], unique: bool) -> Self {
        self.indexes.push(TableIndex { fields: fields.to_vec(), unique });
        self
    }
}
