//! Which database a command talks to: `--url`, else the `[env.NAME]` of
//! `--env` / `SLUICE_ENV`, else `DATABASE_URL`, else `[env.dev]`. URLs are
//! only ever shown redacted.

use crate::config::{expand_env, Config};
use crate::failure::{CmdResult, Failure};
use sluice_migrate::driver::redact_url;
use sluice_migrate::Driver;

#[derive(Debug, Clone)]
pub struct Target {
    /// The environment name recorded in history and audit.
    pub env: String,
    pub url: String,
}

impl Target {
    pub fn redacted(&self) -> String {
        redact_url(&self.url)
    }
}

pub fn resolve(config: &Config, env: Option<&str>, url: Option<&str>) -> CmdResult<Target> {
    let target = resolve_unregistered(config, env, url)?;
    crate::failure::register_secret_url(&target.url);
    Ok(target)
}

fn resolve_unregistered(
    config: &Config,
    env: Option<&str>,
    url: Option<&str>,
) -> CmdResult<Target> {
    let env_name = env.map(str::to_string).or_else(|| std::env::var("SLUICE_ENV").ok());
    if let Some(url) = url {
        let name = env_name.unwrap_or_else(|| "cli".into());
        return Ok(Target { env: name, url: url.to_string() });
    }
    if env_name.is_none() {
        if let Ok(url) = std::env::var("DATABASE_URL") {
            if !config.env.contains_key("dev") {
                return Ok(Target { env: "env".into(), url });
            }
        }
    }
    let name = env_name.unwrap_or_else(|| "dev".into());
    let Some(table) = config.env.get(&name) else {
        let known: Vec<&str> = config.env.keys().map(String::as_str).collect();
        return Err(Failure::with_help(
            format!("no [env.{name}] in {}", config.path.display()),
            if known.is_empty() {
                "add an [env.NAME] table with a url, or pass --url".to_string()
            } else {
                format!("use --env with one of: {}, or pass --url", known.join(", "))
            },
        ));
    };
    let raw = table.get("url").and_then(|v| v.as_str()).unwrap_or_default();
    let url = expand_env(raw)?;
    Ok(Target { env: name, url })
}

pub fn connect(config: &Config, target: &Target) -> CmdResult<Box<dyn Driver>> {
    sluice_db::connect(&target.url, config.dialect, &config.root).map_err(|e| {
        Failure::with_help(
            e.to_string(),
            format!(
                "check [env.{}] url in {} (and that the server is running)",
                target.env,
                config.path.display()
            ),
        )
    })
}

/// Who is doing this, for history and audit: SLUICE_ACTOR, else the OS user.
pub fn actor() -> String {
    std::env::var("SLUICE_ACTOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

/// Say which objects of the database sluice leaves alone (functions,
/// triggers...): on stderr, or returned for JSON output.
pub fn unmanaged(driver: &mut dyn Driver, json: bool) -> CmdResult<Vec<String>> {
    let list = driver.unmanaged()?;
    if !json && !list.is_empty() {
        eprintln!("note: {} object(s) in the database are not managed by sluice (left as they are, not compared):", list.len());
        for o in &list {
            eprintln!("  - {o}");
        }
    }
    Ok(list)
}
