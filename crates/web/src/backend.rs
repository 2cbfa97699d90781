//! The seam between the dashboard and the project: [`Backend`] is every
//! question a page asks and every action it takes, answered by the same
//! library calls the CLI makes (the `sluice` binary implements it over its
//! project, config, gate and drivers). Pages only render the views defined
//! here; nothing in this crate talks to a database directly.
//!
//! Every method blocks (drivers are synchronous); handlers call them on a
//! blocking thread. Error messages must already be safe to show: no
//! connection URL with a password, no secret.

use serde::Serialize;
use sluice_migrate::{AuditRow, HistoryRow, UserRow};

/// A failure to show on the page: what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackendError {
    pub message: String,
    pub help: Option<String>,
    /// The review gate (or a policy) refused: not a server failure.
    pub refused: bool,
}

impl BackendError {
    pub fn new(message: impl Into<String>) -> Self {
        BackendError { message: message.into(), help: None, refused: false }
    }
    pub fn with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        BackendError { message: message.into(), help: Some(help.into()), refused: false }
    }
}

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

pub type BResult<T> = Result<T, BackendError>;

/// The migrations page: `sluice status` for one environment.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub env: String,
    /// The environment's database, password redacted.
    pub target: String,
    pub migrations: Vec<StatusRow>,
    /// What comes next, in words.
    pub next: String,
}

/// One migration with its state and the seed workflow's checklist.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub version: u32,
    pub dir_name: String,
    pub state: String,
    pub applied_at: Option<String>,
    pub applied_by: Option<String>,
    pub approvals: usize,
    pub approvals_needed: u32,
    pub risk: String,
    /// `(item, done)`: schema changed, generated, reviewed/approved, ...
    pub checklist: Vec<(String, bool)>,
}

/// One migration as a reviewer needs it.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationDetail {
    pub version: u32,
    pub dir_name: String,
    pub state: String,
    pub author: String,
    pub risk: String,
    /// SHA-256 of up.sql: approvals are bound to it.
    pub checksum: String,
    pub up: String,
    pub down: String,
    /// The change in words (snapshot before -> after).
    pub changes: Vec<String>,
    /// `(statement number, effect, loses data)`.
    pub effects: Vec<(usize, String, bool)>,
    pub findings: Vec<FindingView>,
    pub rules_run: usize,
    pub review_requested: bool,
    pub approvals: Vec<DecisionView>,
    pub stale_approvals: Vec<DecisionView>,
    pub rejections: Vec<DecisionView>,
    /// The gate's verdict per environment.
    pub gates: Vec<GateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub help: String,
    pub fix: Option<String>,
    /// 1-based line and column in up.sql.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// 1-based statement number.
    pub statement: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub by: String,
    pub at: String,
    pub comment: Option<String>,
    pub signed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GateView {
    pub env: String,
    pub allowed: bool,
    pub approvals_needed: u32,
    pub approved_by: Vec<String>,
    /// Everything that stops the migration there.
    pub missing: Vec<String>,
    /// Approvals given that do not count, and why.
    pub void_approvals: Vec<String>,
    /// The environment that must have it first (checked at apply).
    pub after: Option<String>,
}

/// An approval or rejection from the page.
#[derive(Debug, Clone)]
pub struct Decide {
    pub approve: bool,
    pub by: String,
    pub comment: Option<String>,
}

/// `sluice check` for one environment.
#[derive(Debug, Clone, Serialize)]
pub struct DriftView {
    pub env: String,
    pub target: String,
    pub clean: bool,
    pub sections: Vec<DriftSection>,
    /// Objects the database has that sluice leaves alone.
    pub unmanaged: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DriftSection {
    pub title: String,
    pub items: Vec<String>,
    /// The SQL that reconciles, when there is one.
    pub sql: Option<String>,
    pub help: Option<String>,
}

/// Which schema the browser shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaSource {
    /// The live database of an environment.
    Live(String),
    /// The project's schema files.
    Desired,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchemaView {
    /// "desired (schema files)" or "live: ENV".
    pub title: String,
    pub tables: Vec<TableView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub name: String,
    /// One of the auth tables ([auth] in sluice.toml).
    pub auth: bool,
    pub comment: Option<String>,
    pub columns: Vec<ColumnView>,
    pub primary_key: Vec<String>,
    pub indexes: Vec<IndexView>,
    pub foreign_keys: Vec<ForeignKeyView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub name: String,
    pub ty: String,
    pub nullable: bool,
    pub default: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexView {
    pub name: String,
    pub unique: bool,
    pub keys: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForeignKeyView {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub references: String,
}

/// What an apply reports while it runs (streamed to the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Progress {
    /// The gate let these migrations through.
    GatePassed {
        migrations: Vec<String>,
    },
    WaitingForLock,
    Locked,
    Start {
        migration: String,
        statements: usize,
        skip: usize,
    },
    /// Statement `index` (1-based) started.
    Statement {
        migration: String,
        index: usize,
        total: usize,
        sql: String,
    },
    /// Statement `index` (1-based) completed.
    StatementDone {
        migration: String,
        index: usize,
        ms: u64,
    },
    BackedUp {
        migration: String,
        detail: String,
    },
    Done {
        migration: String,
        ms: u64,
    },
    /// The end: everything applied (possibly nothing).
    Finished {
        applied: usize,
    },
    /// The end: the gate refused, nothing ran.
    Refused {
        message: String,
    },
    /// The end: a statement or the database failed.
    Failed {
        message: String,
    },
}

impl Progress {
    /// Whether this is the last event of a run.
    pub fn is_end(&self) -> bool {
        matches!(
            self,
            Progress::Finished { .. } | Progress::Refused { .. } | Progress::Failed { .. }
        )
    }
}

/// Everything the dashboard asks of the project. See the module docs.
pub trait Backend: Send + Sync + 'static {
    /// The environments of sluice.toml; the first is the served one.
    fn envs(&self) -> Vec<String>;
    fn overview(&self, env: &str) -> BResult<Overview>;
    fn migration(&self, version: u32, env: &str) -> BResult<MigrationDetail>;
    /// `sluice review --request`.
    fn request_review(&self, version: u32, actor: &str) -> BResult<()>;
    /// `sluice approve` / `sluice reject`, recorded in the audit of `env`.
    fn decide(&self, version: u32, decision: &Decide, env: &str) -> BResult<()>;
    /// `sluice apply --env ENV [--allow-data-loss]`: the same gate, lock,
    /// history and audit; `events` gets the progress. A refusal by the gate
    /// is an error with `refused` set.
    fn apply(
        &self,
        env: &str,
        actor: &str,
        allow_data_loss: bool,
        events: &mut dyn FnMut(Progress),
    ) -> BResult<usize>;
    fn history(&self, env: &str) -> BResult<Vec<HistoryRow>>;
    fn audit(&self, env: &str) -> BResult<Vec<AuditRow>>;
    /// `sluice check --env ENV`.
    fn drift(&self, env: &str, actor: &str) -> BResult<DriftView>;
    fn schema(&self, source: &SchemaSource) -> BResult<SchemaView>;
    /// Dashboard accounts (in the served environment's database).
    fn users(&self) -> BResult<Vec<UserRow>>;
    fn put_user(&self, user: &UserRow) -> BResult<()>;
    fn remove_user(&self, name: &str) -> BResult<bool>;
}
