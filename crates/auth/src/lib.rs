//! Better Auth's tables for sluice: the catalogue of the core and plugin
//! models (better-auth 1.7.x), the `[auth]` configuration, the transform to
//! physical names and types per dialect, the schema fragment, the merge
//! into a project's schema with its conflicts and their resolutions, the
//! check of a live database, and the options the application passes to
//! `betterAuth({...})` so its runtime finds the physical names.

pub mod catalogue;
pub mod check;
pub mod config;
pub mod emit;
pub mod field;
pub mod fragment;
pub mod merge;
pub mod naming;
pub mod resolve;
pub mod types;

pub use config::{AuthConfig, ConfigError, IdKind, Naming};
pub use resolve::{resolve, AuthModel};

/// The Better Auth release whose schema the catalogue matches; the same
/// schema holds for 1.7.3 through 1.7.25.
pub const BETTER_AUTH_VERSION: &str = "1.7.5";
/// The range of releases with this schema.
pub const BETTER_AUTH_RANGE: &str = ">=1.7.3 <=1.7.25";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("auth tables are not available for dialect {0} in this version of sluice")]
    Dialect(sluice_schema::Dialect),
}

impl AuthError {
    pub(crate) fn config(key: &str, message: String) -> AuthError {
        AuthError::Config(ConfigError { key: Some(key.to_string()), message })
    }
}
