//! From a configuration to the auth model sluice writes: every table and
//! column with its physical name (naming, plural, prefix, `tables`,
//! `fields`, resolutions), its SQL type in the dialect (id kind followed by
//! every reference), defaults, uniqueness, indexes and foreign keys.

use crate::catalogue::{self, OrganizationOptions, PluginInfo};
use crate::config::{AuthConfig, IdKind};
use crate::field::{FieldDef, FieldType, OnDelete};
use crate::naming;
use crate::types::{self, ColumnTypes, StringUsage};
use crate::AuthError;
use sluice_schema::{Dialect, Expr, FkAction, Identity, SqlType};
use std::collections::BTreeMap;

/// One auth column.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthColumn {
    /// The logical field (`emailVerified`; `id` for the key).
    pub field: String,
    pub physical: String,
    /// `None` for the id column.
    pub logical_ty: Option<FieldType>,
    pub ty: SqlType,
    pub nullable: bool,
    pub default: Option<Expr>,
    pub identity: Option<Identity>,
    pub unique: bool,
    pub index: bool,
    pub references: Option<AuthRef>,
    /// The plugin (Better Auth option id) that declares this field on a
    /// table it does not own; `None` for the table owner's own fields.
    pub plugin: Option<&'static str>,
    /// Declared under `additional_fields`.
    pub additional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthRef {
    /// Logical model and field referenced.
    pub model: String,
    pub field: String,
    /// Their physical names.
    pub table: String,
    pub column: String,
    pub on_delete: FkAction,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthIndex {
    pub columns: Vec<String>,
    pub unique: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthTable {
    /// Logical model key (`user`, `twoFactor`).
    pub key: String,
    pub physical: String,
    /// The plugin that owns the table (`None`: core).
    pub plugin: Option<&'static str>,
    /// Whether the physical name came from `tables` or a resolution
    /// (rather than the naming rules).
    pub named_explicitly: bool,
    pub columns: Vec<AuthColumn>,
    /// Compound (table-level) indexes.
    pub indexes: Vec<AuthIndex>,
}

impl AuthTable {
    pub fn column(&self, field: &str) -> Option<&AuthColumn> {
        self.columns.iter().find(|c| c.field == field)
    }
    pub fn id(&self) -> &AuthColumn {
        &self.columns[0]
    }
}

/// The whole auth schema of a configuration, in one dialect.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthModel {
    pub dialect: Dialect,
    pub id: IdKind,
    pub plugins: Vec<&'static PluginInfo>,
    pub org: OrganizationOptions,
    pub rate_limit: bool,
    pub tables: Vec<AuthTable>,
}

impl AuthModel {
    pub fn table(&self, key: &str) -> Option<&AuthTable> {
        self.tables.iter().find(|t| t.key == key)
    }
}

/// A table-level resolution of `[auth.resolve]` / `--resolve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableResolution {
    /// Adopt the project's table of that name and add what is missing.
    Map,
    /// Use another name.
    Rename(String),
    /// Put a prefix in front of the name.
    Prefix(String),
}

impl TableResolution {
    pub fn parse(s: &str) -> Option<TableResolution> {
        if s == "map" {
            return Some(TableResolution::Map);
        }
        if let Some(n) = s.strip_prefix("rename:").filter(|n| !n.is_empty()) {
            return Some(TableResolution::Rename(n.to_string()));
        }
        s.strip_prefix("prefix:")
            .filter(|n| !n.is_empty())
            .map(|p| TableResolution::Prefix(p.into()))
    }
}

/// Build the model. Fails on an unsupported dialect, an unknown model or
/// field named in `tables` / `fields` / `additional_fields`, or a bad
/// resolution.
pub fn resolve(cfg: &AuthConfig, dialect: Dialect) -> Result<AuthModel, AuthError> {
    let types = types::for_dialect(dialect).ok_or(AuthError::Dialect(dialect))?;
    cfg.validate()?;
    let mut plugins: Vec<&'static PluginInfo> = Vec::new();
    for p in &cfg.plugins {
        let p = catalogue::plugin(p).expect("validated");
        if !plugins.contains(&p) {
            plugins.push(p);
        }
    }
    // oauth-provider signs with the jwt plugin's keys (its `jwks` table).
    if let Some(i) = plugins.iter().position(|p| p.option_id == "oauthProvider") {
        if !plugins.iter().any(|p| p.option_id == "jwt") {
            plugins.insert(i, catalogue::plugin("jwt").expect("in the catalogue"));
        }
    }
    let org = OrganizationOptions {
        teams: cfg.organization.teams,
        dynamic_access_control: cfg.organization.dynamic_access_control,
    };
    let models = catalogue::models(&plugins, org, cfg.rate_limit);
    for key in cfg.tables.keys().chain(cfg.fields.keys()).chain(cfg.additional_fields.keys()) {
        if !models.iter().any(|m| m.model.key == key) {
            let known: Vec<&str> = models.iter().map(|m| m.model.key).collect();
            return Err(AuthError::config(
                key,
                format!(
                    "no auth table `{key}` with these plugins; the tables are {}",
                    known.join(", ")
                ),
            ));
        }
    }

    // Physical table names first: references need them.
    let mut physical: BTreeMap<&str, (String, bool)> = BTreeMap::new();
    for m in &models {
        let key = m.model.key;
        let mut name = match &cfg.prefix {
            Some(p) => format!("{p}{}", naming::apply(cfg.naming, key)),
            None => naming::apply(cfg.naming, key),
        };
        if cfg.plural {
            name = naming::plural(&name);
        }
        let mut explicit = false;
        if let Some(r) = cfg.resolve.get(key) {
            match TableResolution::parse(r) {
                Some(TableResolution::Rename(n)) => {
                    name = n;
                    explicit = true;
                }
                Some(TableResolution::Prefix(p)) => name = format!("{p}{name}"),
                Some(TableResolution::Map) => explicit = true,
                None => {
                    return Err(AuthError::config(
                        &format!("resolve.{key}"),
                        format!("unknown resolution `{r}`: use \"map\", \"rename:NAME\" or \"prefix:PREFIX\""),
                    ))
                }
            }
        }
        if let Some(n) = cfg.tables.get(key) {
            name = n.clone();
            explicit = true;
        }
        physical.insert(key, (name, explicit));
    }

    let column_name = |model: &str, field: &str| -> String {
        cfg.fields
            .get(model)
            .and_then(|f| f.get(field))
            .cloned()
            .unwrap_or_else(|| naming::apply(cfg.naming, field))
    };

    let mut tables = Vec::new();
    for m in &models {
        let key = m.model.key;
        let (id_ty, id_default, id_identity) = types.id(cfg.id);
        let mut columns = vec![AuthColumn {
            field: "id".into(),
            physical: column_name(key, "id"),
            logical_ty: None,
            ty: id_ty,
            nullable: false,
            default: id_default.map(|d| norm(&d, dialect)),
            identity: id_identity,
            unique: false,
            index: false,
            references: None,
            plugin: None,
            additional: false,
        }];
        for (f, plugin) in m.model.fields.iter().zip(&m.field_plugins) {
            let owner_plugin = if *plugin == m.plugin { None } else { *plugin };
            let mut c = column(types, cfg, f, key, owner_plugin, &physical, &column_name)?;
            if let Some(n) = table_index_length(&m.model, &f.name) {
                c.ty = resized(types, cfg, f, c.references.as_ref(), Some(n));
            }
            columns.push(c);
        }
        if let Some(extra) = cfg.additional_fields.get(key) {
            for (name, a) in extra {
                let ty = FieldType::parse(&a.ty).expect("validated");
                let mut def = crate::field::FieldDef {
                    name: name.clone(),
                    ty,
                    required: a.required,
                    unique: a.unique,
                    index: a.index,
                    default: None,
                    references: None,
                    bigint: false,
                    holds_id: false,
                    sortable: false,
                };
                def.required = a.required;
                let mut c = column(types, cfg, &def, key, None, &physical, &column_name)?;
                if let Some(col) = &a.column {
                    c.physical = col.clone();
                }
                c.additional = true;
                columns.push(c);
            }
        }
        if let Some(fields) = cfg.fields.get(key) {
            for f in fields.keys() {
                if !columns.iter().any(|c| &c.field == f) {
                    return Err(AuthError::config(
                        &format!("fields.{key}.{f}"),
                        format!("table `{key}` has no field `{f}` with these plugins"),
                    ));
                }
            }
        }
        let indexes = m
            .model
            .indexes
            .iter()
            .map(|i| AuthIndex {
                columns: i.fields.iter().map(|f| column_name(key, f)).collect(),
                unique: i.unique,
            })
            .collect();
        let (name, explicit) = physical[key].clone();
        tables.push(AuthTable {
            key: key.to_string(),
            physical: name,
            plugin: m.plugin,
            named_explicitly: explicit,
            columns,
            indexes,
        });
    }
    Ok(AuthModel { dialect, id: cfg.id, plugins, org, rate_limit: cfg.rate_limit, tables })
}

fn norm(e: &Expr, dialect: Dialect) -> Expr {
    sluice_sql::expr::normalize(e.as_str(), dialect)
}

fn column(
    types: &dyn ColumnTypes,
    cfg: &AuthConfig,
    f: &FieldDef,
    model: &str,
    plugin: Option<&'static str>,
    physical: &BTreeMap<&str, (String, bool)>,
    column_name: &dyn Fn(&str, &str) -> String,
) -> Result<AuthColumn, AuthError> {
    let references = match &f.references {
        Some(r) => {
            let Some((table, _)) = physical.get(r.model) else {
                return Err(AuthError::config(
                    "plugins",
                    format!(
                        "`{model}.{}` references `{}`, which no configured plugin declares",
                        f.name, r.model
                    ),
                ));
            };
            Some(AuthRef {
                model: r.model.into(),
                field: r.field.into(),
                table: table.clone(),
                column: column_name(r.model, r.field),
                on_delete: match r.on_delete {
                    OnDelete::Cascade => FkAction::Cascade,
                    OnDelete::SetNull => FkAction::SetNull,
                    OnDelete::Restrict => FkAction::Restrict,
                    OnDelete::NoAction => FkAction::NoAction,
                },
            })
        }
        None => None,
    };
    let ty = resized(types, cfg, f, references.as_ref(), None);
    let default =
        f.default.as_ref().and_then(|d| types.default(d, f.ty)).map(|d| norm(&d, types.dialect()));
    Ok(AuthColumn {
        field: f.name.clone(),
        physical: column_name(model, &f.name),
        logical_ty: Some(f.ty),
        ty,
        nullable: !f.required,
        default,
        identity: None,
        unique: f.unique,
        index: f.index,
        references,
        plugin,
        additional: false,
    })
}

/// The type of field `f`: a reference to an id follows the id kind;
/// id-valued columns without a reference stay strings (Better Auth stores
/// the number as a string); strings are sized by use where the dialect
/// sizes them (`table_index_length`: see [`table_index_length`]).
fn resized(
    types: &dyn ColumnTypes,
    cfg: &AuthConfig,
    f: &FieldDef,
    references: Option<&AuthRef>,
    table_index_length: Option<u32>,
) -> SqlType {
    let usage = StringUsage {
        unique: f.unique,
        index: f.index,
        sortable: f.sortable,
        references: references.is_some(),
        table_index_length,
    };
    match references {
        Some(r) if r.field == "id" => types.id_ref_used(cfg.id, &usage),
        _ if f.ty == FieldType::String => types.string(&usage),
        _ => types.field(f.ty, f.bigint),
    }
}

/// The length Better Auth gives string field `field` of `model` on MySQL
/// when a table-level index holds it.
fn table_index_length(model: &crate::field::ModelDef, field: &str) -> Option<u32> {
    let holding: Vec<(u32, u32)> = model
        .indexes
        .iter()
        .filter(|i| i.fields.contains(&field))
        .map(|i| {
            let strings = i
                .fields
                .iter()
                .filter(|f| model.fields.iter().any(|d| d.name == **f && d.ty == FieldType::String))
                .count() as u32;
            (strings, i.fields.len() as u32 - strings)
        })
        .collect();
    types::mysql_index_string_length(&holding)
}
