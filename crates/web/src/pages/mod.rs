//! One file per page: each renders its view and holds its handlers.

pub mod apply;
pub mod assets;
pub mod audit;
pub mod drift;
pub mod history;
pub mod layout;
pub mod login;
pub mod migration;
pub mod migrations;
pub mod schema;
pub mod users;

use serde::Deserialize;

/// `?env=NAME` on the pages that read one environment.
#[derive(Debug, Deserialize, Default)]
pub struct EnvQuery {
    pub env: Option<String>,
}

/// A form with nothing but its CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    pub csrf: Option<String>,
}
