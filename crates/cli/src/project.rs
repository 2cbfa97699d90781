//! A loaded project: config, dialect, schema files and migrations folder,
//! with the steps most commands share.

use crate::config::{self, Config};
use crate::failure::{CmdResult, Failure};
use sluice_migrate::MigrationsDir;
use sluice_sql::{dialect_for, Parsed, SourceFile, SqlDialect};
use std::path::{Path, PathBuf};

pub struct Project {
    pub config: Config,
    pub dialect: Box<dyn SqlDialect>,
    pub migrations: MigrationsDir,
}

impl Project {
    pub fn load(explicit: Option<&Path>) -> CmdResult<Project> {
        let cwd = std::env::current_dir()?;
        let config = config::load(explicit, &cwd)?;
        let dialect = dialect_impl(config.dialect)?;
        let migrations = MigrationsDir::new(config.migrations.clone());
        Ok(Project { config, dialect, migrations })
    }

    /// Read and parse the configured schema files; any error stops here.
    pub fn parse_schema(&self) -> CmdResult<(Vec<SourceFile>, Parsed)> {
        let paths = self.config.schema_files()?;
        let files = read_sources(&paths, &self.config.root)?;
        let parsed = self.dialect.parse(&files);
        if !parsed.errors.is_empty() {
            return Err(Failure::Sql(parsed.errors));
        }
        Ok((files, parsed))
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
