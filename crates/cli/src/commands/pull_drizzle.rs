//! `sluice pull --emit drizzle [--out FILE]`: the live schema as a drizzle
//! schema.ts that compiles as written (see `sluice_drizzle::emit`), to
//! FILE, else to the project's one .ts schema file, else to
//! `src/db/schema.ts`. `[drizzle] bigint_mode` picks the mode of bigint
//! columns (default `bigint`).

use crate::connect::Target;
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_drizzle::emit::{to_typescript, BigintMode, EmitOptions};
use sluice_schema::Schema;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn pull(
    project: &Project,
    target: &Target,
    live: &Schema,
    out: Option<&Path>,
    unmanaged: Vec<String>,
    json: bool,
) -> CmdResult<ExitCode> {
    let bigint = match &project.config.drizzle.bigint_mode {
        Some(m) => m.parse::<BigintMode>().map_err(|e| {
            Failure::with_help(
                format!("{}: [drizzle] {e}", project.config.path.display()),
                "set bigint_mode = \"bigint\" or \"number\"",
            )
        })?,
        None => BigintMode::default(),
    };
    let path = match out {
        Some(p) if p.is_dir() => p.join("schema.ts"),
        Some(p) => p.to_path_buf(),
        None => default_path(project)?,
    };
    let text = to_typescript(live, &EmitOptions { bigint });
    let changed = std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str());
    if changed {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::msg(format!("{}: {e}", parent.display())))?;
        }
        let tmp = path.with_extension("ts.sluice-tmp");
        std::fs::write(&tmp, &text).map_err(|e| Failure::msg(format!("{}: {e}", tmp.display())))?;
        std::fs::rename(&tmp, &path)
            .map_err(|e| Failure::msg(format!("{}: {e}", path.display())))?;
    }
    if json {
        println!(
            "{}",
            serde_json::json!({ "env": target.env, "written": if changed { vec![path.display().to_string()] } else { vec![] },
                "unmanaged": unmanaged, "objects": live.object_count() })
        );
    } else {
        println!(
            "pulled {} ({}): {} object(s)",
            target.env,
            target.redacted(),
            live.object_count()
        );
        if changed {
            println!("wrote {}", path.display());
        } else {
            println!("{} already matches the database", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The project's drizzle schema file when there is exactly one.
fn default_path(project: &Project) -> CmdResult<PathBuf> {
    let files = project.config.schema_files().unwrap_or_default();
    let ts: Vec<&PathBuf> = files.iter().filter(|p| sluice_drizzle::is_drizzle_source(p)).collect();
    match ts.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Ok(project.config.root.join("src/db/schema.ts")),
        _ => Err(Failure::with_help(
            "the schema is spread over several .ts files; pull cannot tell which one to write",
            "pass --out FILE (a new file holding the whole schema)",
        )),
    }
}
