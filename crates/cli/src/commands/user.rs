//! `sluice user add|list|remove`: the dashboard's accounts, in the
//! environment's database beside history and audit (`sluice.users` on
//! PostgreSQL, `sluice_users` on SQLite and MySQL). Passwords arrive on
//! stdin and are stored as Argon2id hashes only.

use super::Global;
use crate::cli::{UserCommand, UserEnvArgs};
use crate::connect::{connect, resolve};
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_migrate::{Driver, UserRow};
use sluice_web::accounts::{hash_password, valid_name, Role};
use std::io::BufRead;
use std::process::ExitCode;

fn driver(g: &Global, db: &UserEnvArgs) -> CmdResult<(Box<dyn Driver>, String)> {
    let project = Project::load(g.config, g.dev_url)?;
    let target = resolve(&project.config, db.env.as_deref(), None)?;
    Ok((connect(&project.config, &target)?, target.env))
}

pub fn run(g: &Global, cmd: UserCommand, json: bool) -> CmdResult<ExitCode> {
    match cmd {
        UserCommand::Add(args) => {
            valid_name(&args.name).map_err(|e| Failure::with_help(e, "pick another name"))?;
            let role: Role = args.role.parse().map_err(|e: String| {
                Failure::with_help(e, "--role viewer|developer|approver|admin")
            })?;
            if !args.password_stdin {
                return Err(Failure::with_help(
                    "no password given",
                    "pass it on stdin: `printf '%s\\n' \"$PASSWORD\" | sluice user add NAME --role ROLE --password-stdin`",
                ));
            }
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            let password = line.trim_end_matches(['\n', '\r']);
            let hash = hash_password(password).map_err(|e| {
                Failure::with_help(e, "choose a longer password and pass it on stdin")
            })?;
            let (mut d, env) = driver(g, &args.db)?;
            let existed = d.users()?.iter().any(|u| u.name == args.name);
            d.put_user(&UserRow {
                name: args.name.clone(),
                role: role.to_string(),
                password_hash: hash,
                created_at: String::new(),
            })?;
            let verb = if existed { "updated" } else { "added" };
            if json {
                println!(
                    "{}",
                    serde_json::json!({ verb: args.name, "role": role.as_str(), "env": env })
                );
            } else {
                println!("{verb} {} ({role}) in {env}", args.name);
            }
        }
        UserCommand::List(db) => {
            let (mut d, env) = driver(g, &db)?;
            let users = d.users()?;
            if json {
                println!("{}", serde_json::json!({ "env": env, "users": users }));
            } else if users.is_empty() {
                println!(
                    "no accounts in {env}: `sluice user add NAME --role admin --password-stdin`"
                );
            } else {
                for u in &users {
                    println!("{:<24} {:<10} {}", u.name, u.role, u.created_at);
                }
            }
        }
        UserCommand::Remove(args) => {
            let (mut d, env) = driver(g, &args.db)?;
            if !d.remove_user(&args.name)? {
                return Err(Failure::with_help(
                    format!("no account `{}` in {env}", args.name),
                    "`sluice user list` shows the accounts",
                ));
            }
            if json {
                println!("{}", serde_json::json!({ "removed": args.name, "env": env }));
            } else {
                println!("removed {} from {env}", args.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
