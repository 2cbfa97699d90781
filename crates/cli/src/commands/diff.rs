//! `sluice diff FROM TO`: the migration between two schema sources, for
//! review and scripting. A source is a .sql file, a folder of them, a
//! migration version (its snapshot), `empty`, or `schema` (the configured
//! schema files).

use super::Global;
use crate::cli::DiffArgs;
use crate::failure::{CmdResult, Failure};
use crate::project::{read_sources, Project};
use sluice_migrate::dir::parse_dir_name;
use sluice_migrate::plan::plan;
use sluice_schema::{Hints, Schema};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(g: &Global, args: DiffArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let from = project.catalog_form(load_source(&project, &args.from)?)?;
    let to = project.catalog_form(load_source(&project, &args.to)?)?;
    let planned = plan(project.dialect.as_ref(), &from, &to, &Hints::default());
    if json {
        let changes: Vec<_> = planned
            .changes
            .iter()
            .map(|c| serde_json::json!({ "change": c.describe(), "data_loss": c.data_loss(), "detail": c }))
            .collect();
        println!(
            "{}",
            serde_json::json!({ "changes": changes, "up": planned.up_sql, "down": planned.down_sql })
        );
    } else if planned.is_empty() {
        println!("-- no differences");
    } else {
        print!("{}", planned.up_sql);
    }
    Ok(ExitCode::SUCCESS)
}

fn load_source(project: &Project, spec: &str) -> CmdResult<Schema> {
    let dialect = project.config.dialect;
    if spec == "empty" {
        return Ok(Schema::empty(dialect));
    }
    if spec == "schema" {
        return Ok(project.parse_schema()?.1.schema);
    }
    let path = PathBuf::from(spec);
    if path.exists() {
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(&path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "sql")
                        || sluice_drizzle::is_drizzle_source(p)
                })
                .collect();
            v.sort();
            v
        } else {
            vec![path]
        };
        let sources = read_sources(&files, Path::new("."))?;
        return Ok(project.parse_sources(&files, &sources)?.schema);
    }
    // A migration version: 3, 0003 or 0003_name.
    let migrations = project.migrations.load_verified()?;
    let wanted: Option<u32> = parse_dir_name(spec).map(|(v, _)| v).or_else(|| spec.parse().ok());
    let Some(v) = wanted else {
        return Err(Failure::with_help(
            format!("`{spec}` is not a file, a folder or a migration version"),
            "use a path to .sql files, a version such as 0003, `empty`, or `schema`",
        ));
    };
    let upto: Vec<_> = migrations.iter().filter(|m| m.version <= v).cloned().collect();
    if !migrations.iter().any(|m| m.version == v) {
        return Err(Failure::msg(format!(
            "no migration with version {v:04} in {}",
            project.migrations.path.display()
        )));
    }
    Ok(project.migrations.last_schema(&upto, dialect)?)
}
