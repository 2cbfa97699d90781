//! `sluice auth generate`: the auth tables into the project's schema files.
//! The project's schema (every selected file but the two auth files) is
//! parsed, the auth model merged into it; on a conflict nothing is written
//! and each conflict is printed with its resolutions. Otherwise the auth
//! tables go to `[auth] file` (default `schema/auth.sql`) and additions to
//! the project's own tables to `[auth] columns_file`, which is read after
//! the files declaring those tables. Then the options for `betterAuth()`.

use super::{auth_config, findings_text, model, EmitFormat, GenerateArgs};
use crate::commands::Global;
use crate::failure::{CmdResult, Failure};
use crate::layout::lay_out;
use crate::project::{read_sources, Project};
use sluice_auth::merge::merge;
use sluice_sql::ObjectKey;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HEADER: &str =
    "-- Better Auth tables, written by `sluice auth generate` from [auth] in sluice.toml";

pub fn run(g: &Global, args: GenerateArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let cfg = auth_config(&project, &args.resolve)?;
    let model = model(&project, &cfg)?;
    let root = &project.config.root;
    let auth_file = root.join(&cfg.file);
    let columns_file = root.join(&cfg.columns_file);
    for (f, key) in [(&auth_file, "file"), (&columns_file, "columns_file")] {
        if !selected(&project, f) {
            return Err(Failure::with_help(
                format!(
                    "[auth] {key} = \"{}\" is not selected by schema = {:?} in {}, so sluice would not read it",
                    if key == "file" { &cfg.file } else { &cfg.columns_file },
                    project.config.schema,
                    project.config.path.display()
                ),
                format!("add a pattern that selects it to `schema = [...]`, or set [auth] {key} to a path one of the patterns selects (the default pattern is schema/*.sql)"),
            ));
        }
    }

    // The project's own schema: every selected file but ours.
    let paths: Vec<PathBuf> = match project.config.schema_files() {
        Ok(p) => p,
        Err(_) if !auth_file.exists() => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let own: Vec<PathBuf> =
        paths.into_iter().filter(|p| !same(p, &auth_file) && !same(p, &columns_file)).collect();
    let sources = read_sources(&own, root)?;
    let parsed = project.dialect.parse(&sources);
    if !parsed.errors.is_empty() {
        return Err(Failure::Sql(parsed.errors));
    }

    let merged = merge(&model, &parsed.schema, &cfg.resolve);
    if !merged.conflicts.is_empty() {
        if json {
            println!("{}", serde_json::json!({ "written": false, "conflicts": merged.conflicts }));
        } else {
            eprint!(
                "error: {} conflict(s) between Better Auth's tables and the project's schema; nothing was written\n{}",
                merged.conflicts.len(),
                findings_text(&merged.conflicts)
            );
            eprintln!("  help: choose a resolution per conflict: --resolve KEY=VALUE, or the same under [auth.resolve] in sluice.toml");
        }
        return Ok(ExitCode::from(1));
    }

    // Additions to a project table must be read after the file declaring it.
    if !merged.additions.is_empty() {
        for physical in merged.mapped.values() {
            let key = ObjectKey::Table(sluice_schema::QualifiedName::new(
                project.config.dialect.default_schema(),
                physical,
            ));
            if let Some(origin) = parsed.origins.get(&key) {
                let declared = root.join(&sources[origin.file].path);
                if columns_file <= declared {
                    return Err(Failure::with_help(
                        format!(
                            "table {physical} is declared in {} but [auth] columns_file = \"{}\" is read before it (files are read in name order)",
                            sources[origin.file].path.display(),
                            cfg.columns_file
                        ),
                        "set [auth] columns_file to a path that sorts after it (the default is schema/zz_auth_columns.sql)",
                    ));
                }
            }
        }
    }

    let dialect = project.dialect.as_ref();
    let version = sluice_auth::BETTER_AUTH_VERSION;
    let auth_text = canonical(
        dialect,
        &merged.create,
        &format!("{} (better-auth {version}).\nChange [auth] and run it again rather than editing this file.", &HEADER[3..]),
        &cfg.file,
    )?;
    write(&auth_file, &auth_text)?;
    let columns_written = if merged.additions.is_empty() {
        // Ours from an earlier run and no longer needed.
        if std::fs::read_to_string(&columns_file).is_ok_and(|t| t.starts_with(HEADER)) {
            std::fs::remove_file(&columns_file)?;
        }
        false
    } else {
        let sql = sluice_sql::render_script(dialect, &merged.additions);
        write(
            &columns_file,
            &format!("{HEADER} (better-auth {version}):\n-- additions to the project's own tables.\n\n{sql}"),
        )?;
        true
    };

    // What was written must parse with the rest.
    project.parse_schema()?;

    let options = sluice_auth::emit::options(&merged.model);
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    match args.emit_config {
        Some(EmitFormat::Json) => {
            println!("{}", serde_json::to_string_pretty(&options).unwrap_or_default())
        }
        Some(EmitFormat::Ts) => print!("{}", sluice_auth::emit::typescript(&merged.model)),
        None if json => println!(
            "{}",
            serde_json::json!({
                "written": true,
                "better_auth": version,
                "file": shown(&auth_file),
                "columns_file": columns_written.then(|| shown(&columns_file)),
                "tables": merged.create.tables.iter().map(|t| t.name.name.clone()).collect::<Vec<_>>(),
                "mapped": merged.mapped,
                "additions": merged.additions.iter().map(|c| c.describe()).collect::<Vec<_>>(),
                "options": options,
            })
        ),
        None => {
            println!(
                "wrote {} ({} table(s) for better-auth {version})",
                shown(&auth_file),
                merged.create.tables.len()
            );
            if columns_written {
                println!(
                    "wrote {} ({} change(s) to the project's tables {})",
                    shown(&columns_file),
                    merged.additions.len(),
                    merged.mapped.values().cloned().collect::<Vec<_>>().join(", ")
                );
            }
            println!("\nThe application must pass these options to betterAuth() (--emit-config json|ts prints them alone):\n");
            print!("{}", sluice_auth::emit::typescript(&merged.model));
            println!("\nnext: `sluice generate` (or `sluice auth migrate`) makes the migration");
        }
    }
    // Status lines go to stderr when stdout carries only the options.
    if args.emit_config.is_some() {
        eprintln!("wrote {}", shown(&auth_file));
    }
    Ok(ExitCode::SUCCESS)
}

/// The file as `sluice fmt` would write it: the fragment rendered, read
/// back, and laid out with its header, so `fmt --check` passes on it.
fn canonical(
    dialect: &dyn sluice_sql::SqlDialect,
    schema: &sluice_schema::Schema,
    header: &str,
    name: &str,
) -> CmdResult<String> {
    let text = dialect.render_schema(schema);
    let parsed = dialect.parse(&[sluice_sql::SourceFile::new(name, text)]);
    if !parsed.errors.is_empty() {
        return Err(Failure::Sql(parsed.errors));
    }
    let origins = std::collections::BTreeMap::new();
    let header = Some(header.to_string());
    Ok(lay_out(&parsed.schema, &origins, std::slice::from_ref(&header), dialect).remove(0))
}

fn write(path: &Path, text: &str) -> CmdResult<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| Failure::msg(format!("{}: {e}", path.display())))
}

fn same(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Whether one of the project's schema patterns selects `file`.
fn selected(project: &Project, file: &Path) -> bool {
    project.config.schema.iter().any(|pattern| {
        let full = project.config.root.join(pattern);
        if full.is_dir() {
            return file.parent().is_some_and(|d| same(d, &full))
                && file.extension().is_some_and(|x| x == "sql");
        }
        glob::Pattern::new(&full.to_string_lossy()).is_ok_and(|p| p.matches_path(file))
    })
}
