//! `sluice fmt [--check]`: rewrite each schema file in canonical form
//! (objects in dependency order, one layout, minimal quoting), keeping the
//! comments above each statement. Safety: the rewritten files must parse to
//! exactly the same schema, or nothing is written. A file with comments
//! inside statements (which the canonical form cannot keep) is left as it
//! is and reported.

use super::Global;
use crate::cli::FmtArgs;
use crate::failure::{CmdResult, Failure};
use crate::layout::lay_out;
use crate::project::Project;
use sluice_sql::{annotations, SourceFile};
use std::process::ExitCode;

pub fn run(g: &Global, args: FmtArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let paths = project.config.schema_files()?;
    if project.drizzle_source(&paths)? {
        return Err(Failure::with_help(
            "sluice fmt rewrites SQL schema files; this project's schema is drizzle TypeScript",
            "format schema.ts with your TypeScript formatter; `sluice pull --emit drizzle` writes it from the database",
        ));
    }
    let (files, parsed) = project.parse_schema()?;
    let dialect = project.dialect.as_ref();

    let headers: Vec<Option<String>> =
        files.iter().map(|f| annotations::file_header(&f.text)).collect();
    let laid = lay_out(&parsed.schema, &parsed.origins, &headers, dialect);
    let mut outputs: Vec<Option<String>> = Vec::new();
    let mut skipped = Vec::new();
    for (i, (file, text)) in files.iter().zip(laid).enumerate() {
        let kept: Vec<String> = parsed
            .origins
            .values()
            .filter(|o| o.file == i)
            .filter_map(|o| o.leading_comment.as_ref())
            .chain(headers[i].as_ref())
            .flat_map(|c| c.lines().map(|l| l.trim().to_string()).collect::<Vec<_>>())
            .collect();
        let inner = annotations::comments(&file.text, project.config.dialect)
            .into_iter()
            .filter(|c| !c.is_empty())
            .any(|c| !c.lines().all(|l| kept.iter().any(|k| k == l.trim())));
        if inner {
            skipped.push(file.name());
            outputs.push(None);
        } else {
            outputs.push(Some(text));
        }
    }

    // Safety net: the canonical text must mean exactly the same schema.
    let reparsed_files: Vec<SourceFile> = files
        .iter()
        .zip(&outputs)
        .map(|(f, o)| SourceFile::new(f.path.clone(), o.clone().unwrap_or_else(|| f.text.clone())))
        .collect();
    let reparsed = dialect.parse(&reparsed_files);
    if !reparsed.errors.is_empty() || reparsed.schema != parsed.schema {
        return Err(Failure::with_help(
            "fmt would change the meaning of the schema files; nothing was written",
            "this is a bug in sluice: please report it with the schema files",
        ));
    }

    let mut changed = Vec::new();
    for ((path, file), out) in paths.iter().zip(&files).zip(&outputs) {
        let Some(out) = out else { continue };
        if *out != file.text {
            changed.push(file.name());
            if !args.check {
                std::fs::write(path, out)
                    .map_err(|e| Failure::msg(format!("{}: {e}", path.display())))?;
            }
        }
    }

    if json {
        println!(
            "{}",
            serde_json::json!({ "check": args.check, "changed": changed, "skipped": skipped })
        );
    } else {
        let verb = if args.check { "not canonical" } else { "formatted" };
        for c in &changed {
            println!("{verb}: {c}");
        }
        for s in &skipped {
            eprintln!("skipped: {s} has comments inside statements, which fmt would lose");
        }
        if changed.is_empty() {
            println!("{} file(s) already canonical", files.len() - skipped.len());
        }
    }
    Ok(if args.check && !changed.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
