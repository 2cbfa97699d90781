//! `sluice lint [VERSION...] [--file PATH]... [--env E] [--format F]`: run
//! the lint rules over migrations (each against the snapshot before it, so
//! rules know which tables are new) or over plain SQL files, and print the
//! findings as text, JSON, GitHub annotations or SARIF. Exit 1 when any
//! finding is an error at the environment's levels.

use super::Global;
use crate::cli::{LintArgs, LintFormat};
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_migrate::dir::parse_dir_name;
use sluice_migrate::lint::{self, render, LintInput, LintReport};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(g: &Global, args: LintArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let config = &project.config.lint;
    let env = args.env.as_deref();
    if let Some(e) = env {
        if !project.config.env.contains_key(e) {
            return Err(Failure::with_help(
                format!("no [env.{e}] in {}", project.config.path.display()),
                "pass an environment sluice.toml defines, or leave out --env",
            ));
        }
    }
    let format = if json { LintFormat::Json } else { args.format };
    if args.rules {
        print_rules(config, env, format);
        return Ok(ExitCode::SUCCESS);
    }
    let dialect = project.config.dialect;
    let root = &project.config.root;

    // (report, text) for every input, in order.
    let mut done: Vec<(LintReport, String)> = Vec::new();
    if !args.files.is_empty() {
        for path in &args.files {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::msg(format!("{}: {e}", path.display())))?;
            let shown = path.display().to_string();
            let input = LintInput { dialect, path: &shown, sql: &text, before: None, after: None };
            done.push((lint::lint_migration(&input, config, env), text));
        }
    } else {
        let migrations = project.migrations.load_verified()?;
        let selected = select(&migrations, &args.versions)?;
        for i in selected {
            let m = &migrations[i];
            let before = project.migrations.last_schema(&migrations[..i], dialect)?;
            let after = m.snapshot_schema()?;
            let shown = shown_path(&m.path.join("up.sql"), root);
            let input = LintInput {
                dialect,
                path: &shown,
                sql: &m.up,
                before: after.as_ref().map(|_| &before),
                after: after.as_ref(),
            };
            let report = lint::lint_migration(&input, config, env);
            done.push((report, m.up.clone()));
        }
    }

    let errors: usize = done.iter().map(|(r, _)| r.errors()).sum();
    let warnings: usize = done.iter().map(|(r, _)| r.warnings()).sum();
    let out = match format {
        LintFormat::Human => {
            let mut s = String::new();
            for (r, text) in &done {
                s.push_str(&render::human(r, text));
            }
            if done.len() != 1 {
                s.push_str(&format!(
                    "{} file(s) linted: {errors} error(s), {warnings} warning(s)\n",
                    done.len()
                ));
            }
            s
        }
        LintFormat::Github => done.iter().map(|(r, t)| render::github(r, t)).collect(),
        LintFormat::Json => {
            let reports: Vec<_> = done.iter().map(|(r, t)| render::report_json(r, t)).collect();
            let v =
                serde_json::json!({ "reports": reports, "errors": errors, "warnings": warnings });
            format!("{v}\n")
        }
        LintFormat::Sarif => {
            let pairs: Vec<(&LintReport, &str)> =
                done.iter().map(|(r, t)| (r, t.as_str())).collect();
            format!("{}\n", render::sarif(&pairs))
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| Failure::msg(format!("writing output: {e}")))?;
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Indexes of the migrations named by `specs` (all when empty).
fn select(migrations: &[sluice_migrate::Migration], specs: &[String]) -> CmdResult<Vec<usize>> {
    if specs.is_empty() {
        return Ok((0..migrations.len()).collect());
    }
    let mut out = Vec::new();
    for spec in specs {
        let wanted = parse_dir_name(spec).map(|(v, _)| v).or_else(|| spec.parse().ok());
        let found =
            migrations.iter().position(|m| Some(m.version) == wanted || &m.dir_name == spec);
        match found {
            Some(i) => out.push(i),
            None => {
                return Err(Failure::with_help(
                    format!("no migration `{spec}` in the migrations folder"),
                    "name a version such as 0003 (see `sluice status`), or lint a file with --file PATH",
                ))
            }
        }
    }
    Ok(out)
}

fn shown_path(p: &Path, root: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

fn print_rules(config: &lint::LintConfig, env: Option<&str>, format: LintFormat) {
    let rules: Vec<_> = lint::rules::ALL
        .iter()
        .map(|r| {
            let level = match config.level(r, env).severity() {
                Some(s) => s.as_str(),
                None => "allow",
            };
            (r, level)
        })
        .collect();
    if format == LintFormat::Json {
        let list: Vec<_> = rules
            .iter()
            .map(|(r, level)| {
                serde_json::json!({
                    "code": r.code, "group": r.group, "default": r.severity, "level": level,
                    "summary": r.summary, "help": r.help,
                    "dialects": r.dialects.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::json!({ "rules": list }));
        return;
    }
    for (r, level) in rules {
        println!("{:<32} {:<14} {:<8} {}", r.code, r.group.as_str(), level, r.summary);
    }
}
