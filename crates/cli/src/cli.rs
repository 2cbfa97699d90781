//! Command-line arguments (clap derive). Every flag documents itself.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "sluice",
    version,
    about = "Schema as code to reviewed, safely applied, reversible migrations."
)]
pub struct Cli {
    /// Path to sluice.toml (default: ./sluice.toml, or the nearest one in a parent folder).
    #[arg(long, global = true, env = "SLUICE_CONFIG")]
    pub config: Option<PathBuf>,

    /// Print machine-readable JSON on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Exact mode on PostgreSQL: a server where sluice may create scratch
    /// databases (overrides `[dev] url`). The desired schema and the last
    /// snapshot are loaded there and compared in the server's catalog form.
    #[arg(long, global = true, env = "SLUICE_DEV_URL")]
    pub dev_url: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create sluice.toml, an example schema file and the migrations folder.
    Init(InitArgs),
    /// Diff the schema files against the last snapshot and write the next migration.
    Generate(GenerateArgs),
    /// Rewrite schema files in canonical form (stable order, layout, quoting).
    Fmt(FmtArgs),
    /// Print the migration between two schema sources (files, folders or a migration version).
    Diff(DiffArgs),
    /// Re-seal migrations/sluice.sum after an intended edit of a migration.
    Rehash,
    /// Apply pending migrations to a database, under a lock, with history.
    Apply(ApplyArgs),
    /// List every migration with its state and what comes next.
    Status(DbArgs),
    /// The applied history of a database: who, when, how long.
    History(HistoryArgs),
    /// Write the live schema back into the schema files (canonical form).
    Pull(PullArgs),
    /// Compare database, migrations and schema files; name every difference.
    Check(DbArgs),
    /// Adopt an existing database: its schema becomes the first migration, marked applied.
    Baseline(BaselineArgs),
    /// The whole workflow: generate (if changed), gate, apply, verify, test.
    Migrate(MigrateArgs),
    /// Undo applied migrations (down.sql) and restore backed-up data.
    Rollback(RollbackArgs),
    /// Show a migration for review: SQL, what it does to data, risk, approvals needed.
    Review(ReviewArgs),
    /// Approve a migration (bound to the checksum of its up.sql).
    Approve(ApproveArgs),
    /// Reject a migration with a comment.
    Reject(RejectArgs),
    /// Better Auth's tables: generate them into the schema files, migrate, check a database.
    Auth(crate::commands::auth::AuthArgs),
    /// Check migrations for data loss, locking, breaking changes and policy; exit 1 on errors.
    Lint(LintArgs),
    /// Convert another tool's migrations into sluice migrations.
    #[command(subcommand)]
    Import(ImportCommand),
    /// The review dashboard: migrations, review, apply with live progress,
    /// history, audit, drift and schema in the browser.
    Serve(ServeArgs),
    /// Dashboard accounts, stored in the environment's database.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The environment the dashboard serves ([env.NAME]); accounts live in its database.
    #[arg(long, env = "SLUICE_ENV")]
    pub env: Option<String>,
    /// Address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Mark session cookies Secure: the dashboard is reached over https
    /// (also done per request when a proxy sends X-Forwarded-Proto: https).
    #[arg(long)]
    pub secure_cookies: bool,
}

/// `sluice user`: accounts of the dashboard.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account, or change the role and password of an existing one.
    Add(UserAddArgs),
    /// List the accounts (names, roles; never the password hashes).
    List(UserEnvArgs),
    /// Remove an account.
    Remove(UserRemoveArgs),
}

#[derive(Debug, Args)]
pub struct UserEnvArgs {
    /// Environment whose database holds the accounts ([env.NAME]).
    #[arg(long, env = "SLUICE_ENV")]
    pub env: Option<String>,
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Account name: letters, digits, `.`, `_`, `-`, `@`.
    pub name: String,
    /// viewer (read), developer (+ request review), approver (+ approve/reject),
    /// admin (+ apply, accounts).
    #[arg(long)]
    pub role: String,
    /// Read the password from the first line of stdin (at least 8 characters).
    #[arg(long)]
    pub password_stdin: bool,
    #[command(flatten)]
    pub db: UserEnvArgs,
}

#[derive(Debug, Args)]
pub struct UserRemoveArgs {
    pub name: String,
    #[command(flatten)]
    pub db: UserEnvArgs,
}

/// What `sluice import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A drizzle-kit out folder (journal, snapshots, .sql files); on a database
    /// with drizzle.__drizzle_migrations, the migrations drizzle applied are
    /// recorded as applied in sluice's history.
    Drizzle(ImportDrizzleArgs),
}

#[derive(Debug, Args)]
pub struct ImportDrizzleArgs {
    /// The drizzle-kit out folder.
    #[arg(default_value = "drizzle")]
    pub dir: std::path::PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
    /// Only convert the folder; do not look at a database.
    #[arg(long)]
    pub no_db: bool,
    /// drizzle's migrations table when it is not drizzle.__drizzle_migrations
    /// (`schema.table` on PostgreSQL, `table` on SQLite).
    #[arg(long, value_name = "TABLE")]
    pub migrations_table: Option<String>,
}

/// Which database: `--url`, else `[env.NAME]` of `--env` / SLUICE_ENV, else
/// DATABASE_URL, else `[env.dev]`.
#[derive(Debug, Args, Clone, Default)]
pub struct DbArgs {
    /// Environment from sluice.toml ([env.NAME]).
    #[arg(long, env = "SLUICE_ENV")]
    pub env: Option<String>,
    /// Connection URL (overrides the environment's url); never printed unredacted.
    #[arg(long)]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Apply up to and including this version (e.g. 0003).
    #[arg(long)]
    pub to: Option<String>,
    /// Print the SQL that would run, in order, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Continue a failed migration after its last completed statement.
    #[arg(long)]
    pub resume: bool,
    /// Seconds to wait for another apply's lock before giving up.
    #[arg(long, default_value_t = 60)]
    pub lock_timeout: u64,
    /// Let steps that lose data run where the environment's policy asks
    /// for this flag (`data_loss_needs_flag = true`).
    #[arg(long)]
    pub allow_data_loss: bool,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Write the whole live schema to DIR/schema.sql instead of updating the
    /// schema files (with `--emit drizzle`: to the file FILE).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Write the live schema as a drizzle schema.ts (to --out FILE, default
    /// the project's .ts schema file) instead of SQL.
    #[arg(long, value_enum)]
    pub emit: Option<PullEmit>,
}

/// What `pull --emit` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PullEmit {
    /// SQL schema files (the default).
    Sql,
    /// A drizzle-orm schema.ts.
    Drizzle,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Mark the existing migrations up to this version as applied instead of
    /// writing a new baseline migration.
    #[arg(long)]
    pub version: Option<String>,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Name for the migration, if one is generated.
    #[arg(long)]
    pub name: Option<String>,
    /// Declare renames, as for `generate`.
    #[arg(long = "rename", value_name = "OLD=NEW")]
    pub renames: Vec<String>,
    #[arg(long, default_value_t = 60)]
    pub lock_timeout: u64,
    /// Let steps that lose data run where the environment's policy asks
    /// for this flag.
    #[arg(long)]
    pub allow_data_loss: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Show the audit log (generated, approved, applied, failed, backups,
    /// rolled back, drift seen...) instead of the history.
    #[arg(long)]
    pub audit: bool,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Undo every applied migration newer than this version.
    #[arg(long, conflicts_with = "last")]
    pub to: Option<String>,
    /// Undo only the last applied migration (the default).
    #[arg(long)]
    pub last: bool,
    /// Print the down SQL that would run, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, default_value_t = 60)]
    pub lock_timeout: u64,
    /// Let down steps that lose data run where the environment's policy
    /// asks for this flag.
    #[arg(long)]
    pub allow_data_loss: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Migration version (default: every migration not yet applied in the environment).
    pub version: Option<String>,
    /// The environment whose policy decides what is still needed.
    #[arg(long, env = "SLUICE_ENV")]
    pub env: Option<String>,
    /// Ask for review: the state becomes Reviewing and the team is notified.
    #[arg(long)]
    pub request: bool,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// Migration version, e.g. 0003.
    pub version: String,
    /// Also record the decision in this environment's audit log.
    #[arg(long)]
    pub env: Option<String>,
    /// Reviewer name (default: SLUICE_ACTOR, else the OS user).
    #[arg(long = "as")]
    pub as_name: Option<String>,
    #[arg(long)]
    pub comment: Option<String>,
    /// Sign the approval with this OpenSSH private key (ed25519).
    #[arg(long, conflicts_with = "signature")]
    pub key: Option<std::path::PathBuf>,
    /// A signature made elsewhere (`ssh-keygen -Y sign -n sluice`) over the
    /// text `sluice approve VERSION --print-payload` prints.
    #[arg(long)]
    pub signature: Option<std::path::PathBuf>,
    /// Print the exact text a signature covers and exit (give --at too
    /// when signing elsewhere, so the time matches).
    #[arg(long)]
    pub print_payload: bool,
    /// The approval time (RFC 3339), for a signature made elsewhere.
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct RejectArgs {
    /// Migration version, e.g. 0003.
    pub version: String,
    /// Also record the decision in this environment's audit log.
    #[arg(long)]
    pub env: Option<String>,
    #[arg(long = "as")]
    pub as_name: Option<String>,
    /// Why (required: the author needs to know what to change).
    #[arg(long)]
    pub comment: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DialectArg {
    Sqlite,
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the project in (default: the current folder).
    pub dir: Option<PathBuf>,
    /// The database the schema is written for.
    #[arg(long, value_enum, default_value = "sqlite")]
    pub dialect: DialectArg,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Name of the migration (folder NNNN_name); default: derived from the first change.
    #[arg(long)]
    pub name: Option<String>,
    /// Write an empty migration for hand-written SQL.
    #[arg(long)]
    pub custom: bool,
    /// Declare a rename: `old_table=new_table` or `table.old_column=new_column`
    /// (prefix a schema when needed: `app.users.name=full_name`). Repeatable.
    #[arg(long = "rename", value_name = "OLD=NEW")]
    pub renames: Vec<String>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Do not write; exit 1 when a file is not in canonical form.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Where to start: a .sql file, a folder of them, a migration version (0003), or `empty`.
    pub from: String,
    /// Where to go: same forms as FROM; `schema` means the configured schema files.
    pub to: String,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Migrations to lint (0003 or 0003_name); default: every migration in the folder.
    pub versions: Vec<String>,
    /// Lint this SQL file instead (statement rules only: no snapshots to diff). Repeatable.
    #[arg(long = "file", value_name = "PATH", conflicts_with = "versions")]
    pub files: Vec<PathBuf>,
    /// Environment whose `lint = { deny, warn, info, allow }` applies ([env.NAME]).
    #[arg(long, env = "SLUICE_ENV")]
    pub env: Option<String>,
    /// Output format (`--json` is the same as `--format json`).
    #[arg(long, value_enum, default_value = "human")]
    pub format: LintFormat,
    /// List every rule (code, group, level in the environment) and exit.
    #[arg(long)]
    pub rules: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Github,
    Sarif,
}
