//! `[auth]` in sluice.toml, typed: plugins, id kind, naming, table and
//! column names, additional fields, plural table names, and the chosen
//! resolution of each conflict. Unknown keys are errors naming the key.

use serde::Deserialize;
use std::collections::BTreeMap;

/// How ids are made, as Better Auth's `advanced.database.generateId`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdKind {
    /// Better Auth's default: a 32-character random string from the app.
    #[default]
    Text,
    /// `generateId: "uuid"`: a UUID column the database fills (PostgreSQL).
    Uuid,
    /// `generateId: "serial"`: an integer identity column.
    Serial,
}

impl IdKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Text => "text",
            IdKind::Uuid => "uuid",
            IdKind::Serial => "serial",
        }
    }
}

/// How physical names are spelled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum Naming {
    /// Better Auth's own names: `emailVerified`, `twoFactor`.
    #[default]
    #[serde(rename = "camelCase")]
    CamelCase,
    /// `email_verified`, `two_factor`.
    #[serde(rename = "snake_case")]
    SnakeCase,
}

/// An additional field of a table (`<table>.additionalFields`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdditionalField {
    /// `string`, `number`, `boolean`, `date`, `json`, `string[]`, `number[]`.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub unique: bool,
    #[serde(default)]
    pub index: bool,
    /// The physical column (default: the key, in the configured naming).
    #[serde(default)]
    pub column: Option<String>,
}

fn yes() -> bool {
    true
}

/// Options of the organization plugin that add tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationConfig {
    #[serde(default)]
    pub teams: bool,
    #[serde(default)]
    pub dynamic_access_control: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// Plugins by sluice name (`two-factor`) or Better Auth id (`twoFactor`).
    #[serde(default)]
    pub plugins: Vec<String>,
    #[serde(default)]
    pub id: IdKind,
    #[serde(default)]
    pub naming: Naming,
    /// Plural table names (`users`, `sessions`...).
    #[serde(default)]
    pub plural: bool,
    /// A prefix for every auth table (`auth_` gives `auth_user`...).
    #[serde(default)]
    pub prefix: Option<String>,
    /// The `rateLimit` table (`rateLimit.storage: "database"`).
    #[serde(default)]
    pub rate_limit: bool,
    /// The file sluice writes the auth tables to.
    #[serde(default = "default_file")]
    pub file: String,
    /// The file holding additions to the project's own tables (columns,
    /// unique indexes on mapped tables); read after the files declaring
    /// those tables.
    #[serde(default = "default_columns_file")]
    pub columns_file: String,
    /// Physical table name per logical model: `{ user = "users" }`. A table
    /// of that name in the project's schema is adopted (mapped onto).
    #[serde(default)]
    pub tables: BTreeMap<String, String>,
    /// Physical column per logical field, per model:
    /// `[auth.fields.user] emailVerified = "is_verified"`.
    #[serde(default)]
    pub fields: BTreeMap<String, BTreeMap<String, String>>,
    /// Extra columns per model: `[auth.additional_fields.user] tenantId = {
    /// type = "string", required = false }`.
    #[serde(default)]
    pub additional_fields: BTreeMap<String, BTreeMap<String, AdditionalField>>,
    #[serde(default)]
    pub organization: OrganizationConfig,
    /// The chosen resolution per conflict: `user = "map"`,
    /// `"user.tenant_id" = "nullable"` (see `sluice auth generate` output).
    #[serde(default)]
    pub resolve: BTreeMap<String, String>,
}

fn default_file() -> String {
    "schema/auth.sql".into()
}
fn default_columns_file() -> String {
    "schema/zz_auth_columns.sql".into()
}

/// `[auth]` could not be read.
#[derive(Debug, thiserror::Error)]
#[error("[auth]{}: {message}", key.as_ref().map(|k| format!(" {k}")).unwrap_or_default())]
pub struct ConfigError {
    /// The key at fault, dotted (`auth.naming`), when known.
    pub key: Option<String>,
    pub message: String,
}

impl AuthConfig {
    /// Read `[auth]` from its TOML table; unknown keys and bad values are
    /// errors that name the key.
    pub fn from_toml(table: &toml::Table) -> Result<AuthConfig, ConfigError> {
        let cfg: AuthConfig =
            toml::Value::Table(table.clone()).try_into().map_err(|e: toml::de::Error| {
                ConfigError { key: None, message: e.message().to_string() }
            })?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Check names refer to things that exist.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for p in &self.plugins {
            if crate::catalogue::plugin(p).is_none() {
                let known: Vec<&str> = crate::catalogue::PLUGINS.iter().map(|p| p.name).collect();
                return Err(ConfigError {
                    key: Some("plugins".into()),
                    message: format!(
                        "unknown plugin `{p}`: known plugins are {}",
                        known.join(", ")
                    ),
                });
            }
        }
        for (model, fields) in &self.additional_fields {
            for (name, f) in fields {
                if crate::field::FieldType::parse(&f.ty).is_none() {
                    return Err(ConfigError {
                        key: Some(format!("additional_fields.{model}.{name}.type")),
                        message: format!("unknown type `{}`: use string, number, boolean, date, json, string[] or number[]", f.ty),
                    });
                }
            }
        }
        Ok(())
    }
}
