//! `sluice rehash`: re-seal sluice.sum after an intended edit, saying what
//! the new seal accepts.

use super::Global;
use crate::failure::CmdResult;
use crate::project::Project;
use sluice_migrate::SumFile;
use std::process::ExitCode;

pub fn run(g: &Global, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load()?;
    let old = project.migrations.read_sum()?.unwrap_or_default();
    let new = SumFile::compute(&migrations);
    let mut notes = Vec::new();
    for e in &new.entries {
        match old.entries.iter().find(|o| o.name == e.name) {
            None => notes.push(format!("sealed  {}", e.name)),
            Some(o) if o.content != e.content => notes.push(format!("changed {}", e.name)),
            _ => {}
        }
    }
    for o in &old.entries {
        if !new.entries.iter().any(|e| e.name == o.name) {
            notes.push(format!("removed {}", o.name));
        }
    }
    if old != new {
        project.migrations.write_sum(&new)?;
    }
    if json {
        println!("{}", serde_json::json!({ "migrations": new.entries.len(), "changes": notes }));
    } else if notes.is_empty() && old == new {
        println!("sluice.sum is up to date ({} migrations)", new.entries.len());
    } else {
        for n in &notes {
            println!("{n}");
        }
        println!(
            "sealed {} migrations in {}",
            new.entries.len(),
            project.migrations.sum_path().display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
