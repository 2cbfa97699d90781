//! `sluice pull [--out DIR]`: write the live schema back as canonical schema
//! files and say what changed. Each object goes back to the file that
//! declares it (new objects to the first file); with `--out`, the whole
//! live schema goes to DIR/schema.sql. With `--emit drizzle` (the default
//! when the schema source is a drizzle .ts file) it is written as a drizzle
//! schema.ts instead ([`drizzle`]).

use super::Global;
use crate::cli::{PullArgs, PullEmit};
use crate::connect::{connect, resolve, unmanaged};
use crate::failure::{CmdResult, Failure};
use crate::layout::lay_out;
use crate::project::{read_sources, Project};
use sluice_schema::{diff, Hints};
use std::process::ExitCode;

#[path = "pull_drizzle.rs"]
mod drizzle;

pub fn run(g: &Global, args: PullArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let target = resolve(&project.config, args.db.env.as_deref(), args.db.url.as_deref())?;
    let dialect = project.dialect.as_ref();
    let mut driver = connect(&project.config, &target)?;
    let live = driver.introspect()?;
    let unmanaged = unmanaged(driver.as_mut(), json)?;
    let drizzle_project = project
        .config
        .schema_files()
        .ok()
        .is_some_and(|p| project.drizzle_source(&p).unwrap_or(false));
    if args.emit == Some(PullEmit::Drizzle) || (args.emit.is_none() && drizzle_project) {
        return drizzle::pull(&project, &target, &live, args.out.as_deref(), unmanaged, json);
    }

    let (paths, texts, changes) = if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::msg(format!("{}: {e}", dir.display())))?;
        let path = dir.join("schema.sql");
        let old = std::fs::read_to_string(&path).ok();
        let before = match &old {
            Some(t) => {
                dialect.parse(&[sluice_sql::SourceFile::new(path.clone(), t.as_str())]).schema
            }
            None => sluice_schema::Schema::empty(project.config.dialect),
        };
        (vec![path], vec![dialect.render_schema(&live)], diff(&before, &live, &Hints::default()))
    } else {
        let paths = project.config.schema_files().unwrap_or_default();
        let files = read_sources(&paths, &project.config.root)?;
        let parsed = dialect.parse(&files);
        if !parsed.errors.is_empty() {
            return Err(Failure::Sql(parsed.errors));
        }
        let paths = if paths.is_empty() {
            vec![project.config.root.join("schema/schema.sql")]
        } else {
            paths
        };
        let mut headers: Vec<Option<String>> =
            files.iter().map(|f| sluice_sql::annotations::file_header(&f.text)).collect();
        headers.resize(paths.len(), None);
        let texts = lay_out(&live, &parsed.origins, &headers, dialect);
        let changes = diff(&parsed.schema, &live, &Hints::default());
        (paths, texts, changes)
    };

    let mut written = Vec::new();
    for (path, text) in paths.iter().zip(&texts) {
        if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Failure::msg(format!("{}: {e}", parent.display())))?;
            }
            // Write through a temporary file so a failure never leaves half a file.
            let tmp = path.with_extension("sql.sluice-tmp");
            std::fs::write(&tmp, text)
                .map_err(|e| Failure::msg(format!("{}: {e}", tmp.display())))?;
            std::fs::rename(&tmp, path)
                .map_err(|e| Failure::msg(format!("{}: {e}", path.display())))?;
            written.push(path.display().to_string());
        }
    }
    if json {
        println!(
            "{}",
            serde_json::json!({ "env": target.env, "written": written, "unmanaged": unmanaged,
                "changes": changes.iter().map(|c| c.describe()).collect::<Vec<_>>() })
        );
    } else {
        println!(
            "pulled {} ({}): {} object(s)",
            target.env,
            target.redacted(),
            live.object_count()
        );
        if changes.is_empty() {
            println!("the schema files already match the database");
        } else {
            println!("the database differs from the schema files:");
            for c in &changes {
                println!("  - {}", c.describe());
            }
        }
        for w in &written {
            println!("wrote {w}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
