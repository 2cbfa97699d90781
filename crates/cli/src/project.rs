//! A loaded project: config, dialect, schema files and migrations folder,
//! with the steps most commands share.

use crate::config::{self, Config};
use crate::failure::{CmdResult, Failure};
use sluice_db::scratch::Scratch;
use sluice_migrate::MigrationsDir;
use sluice_schema::Schema;
use sluice_sql::{dialect_for, Parsed, SourceFile, SqlDialect};
use std::path::{Path, PathBuf};

pub struct Project {
    pub config: Config,
    pub dialect: Box<dyn SqlDialect>,
    pub migrations: MigrationsDir,
    /// `--dev-url`, else `[dev] url` (expanded): exact mode on PostgreSQL.
    pub dev_url: Option<String>,
}

impl Project {
    pub fn load(explicit: Option<&Path>, dev_url: Option<&str>) -> CmdResult<Project> {
        let cwd = std::env::current_dir()?;
        let config = config::load(explicit, &cwd)?;
        let dialect = dialect_impl(config.dialect)?;
        let migrations = MigrationsDir::new(config.migrations.clone());
        let dev_url = match dev_url {
            Some(u) => Some(u.to_string()),
            None => config.dev_url.as_deref().map(config::expand_env).transpose()?,
        };
        if let Some(u) = &dev_url {
            crate::failure::register_secret_url(u);
        }
        Ok(Project { config, dialect, migrations, dev_url })
    }

    /// Whether schemas are compared in the database's catalog form: always
    /// on SQLite (an in-memory database), on PostgreSQL when a dev server
    /// is configured.
    pub fn exact(&self) -> bool {
        self.config.dialect == sluice_schema::Dialect::Sqlite || self.dev_url.is_some()
    }

    /// A schema as the database stores it: loaded into a scratch database
    /// and read back. Unchanged in offline mode.
    pub fn catalog_form(&self, schema: Schema) -> CmdResult<Schema> {
        if !self.exact() || schema.is_empty() {
            return Ok(schema);
        }
        let mut scratch =
            Scratch::new(self.config.dialect, self.dev_url.as_deref(), &self.config.root).map_err(
                |e| {
                    Failure::with_help(
                        e.to_string(),
                        "check [dev] url (exact mode) in sluice.toml, or --dev-url",
                    )
                },
            )?;
        scratch.catalog_form(&self.dialect.render_schema(&schema)).map_err(|e| {
            Failure::with_help(e.to_string(), "the schema files parse but the database refuses them; fix the statement named above")
        })
    }

    /// The desired schema (parsed, then in catalog form in exact mode) with
    /// the renames the files declare.
    pub fn desired(&self) -> CmdResult<(Schema, sluice_schema::Hints)> {
        let (_, parsed) = self.parse_schema()?;
        Ok((self.catalog_form(parsed.schema)?, parsed.hints))
    }

    /// Read and parse the configured schema files; any error stops here.
    /// `.ts` files are drizzle schemas, read by sluice-drizzle; `.sql`
    /// files go to the dialect's parser.
    pub fn parse_schema(&self) -> CmdResult<(Vec<SourceFile>, Parsed)> {
        let paths = self.config.schema_files()?;
        let files = read_sources(&paths, &self.config.root)?;
        let parsed = self.parse_sources(&paths, &files)?;
        Ok((files, parsed))
    }

    /// Parse schema sources read from `paths`: drizzle TypeScript or SQL.
    pub fn parse_sources(&self, paths: &[PathBuf], files: &[SourceFile]) -> CmdResult<Parsed> {
        let parsed = match self.drizzle_source(paths)? {
            true => sluice_drizzle::read_schema(files, &self.drizzle_options()?),
            false => self.dialect.parse(files),
        };
        if !parsed.errors.is_empty() {
            return Err(Failure::Sql(parsed.errors));
        }
        Ok(parsed)
    }

    /// Whether the schema source is drizzle TypeScript (every file `.ts`);
    /// a mix of `.ts` and `.sql` files is an error.
    pub fn drizzle_source(&self, paths: &[PathBuf]) -> CmdResult<bool> {
        let ts = paths.iter().filter(|p| sluice_drizzle::is_drizzle_source(p)).count();
        if ts > 0 && ts < paths.len() {
            return Err(Failure::with_help(
                "the schema files mix drizzle .ts files and .sql files",
                "use one kind of schema source: `schema = [\"src/db/schema.ts\"]` or `schema = [\"schema/*.sql\"]`",
            ));
        }
        Ok(ts > 0)
    }

    /// The reader options of drizzle sources (`[drizzle] casing`).
    pub fn drizzle_options(&self) -> CmdResult<sluice_drizzle::Options> {
        let casing = match &self.config.drizzle.casing {
            Some(c) => c.parse().map_err(|e: String| {
                Failure::with_help(
                    format!("{}: [drizzle] {e}", self.config.path.display()),
                    "set casing = \"snake_case\", \"camelCase\" or \"preserve\"",
                )
            })?,
            None => sluice_drizzle::Casing::default(),
        };
        Ok(sluice_drizzle::Options { dialect: self.config.dialect, casing })
    }
}

pub fn dialect_impl(d: sluice_schema::Dialect) -> CmdResult<Box<dyn SqlDialect>> {
    dialect_for(d).ok_or_else(|| {
        Failure::with_help(
            format!("dialect {d} is not supported by this version of sluice"),
            "use dialect = \"postgres\" or \"sqlite\" in sluice.toml",
        )
    })
}

/// Read files, naming them relative to `root` in messages.
pub fn read_sources(paths: &[PathBuf], root: &Path) -> CmdResult<Vec<SourceFile>> {
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Failure::msg(format!("{}: {e}", p.display())))?;
            let shown = p.strip_prefix(root).unwrap_or(p).to_path_buf();
            Ok(SourceFile::new(shown, text))
        })
        .collect()
}
