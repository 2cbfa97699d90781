//! `sluice serve`: the review dashboard on `--listen`, for one environment
//! (others are a click away). The pages call the same functions as the
//! commands ([`crate::dashboard`]); sessions live in memory.

use super::Global;
use crate::cli::ServeArgs;
use crate::connect::resolve;
use crate::dashboard::ProjectBackend;
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_web::{AppState, Backend, Options};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(g: &Global, args: ServeArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let target = resolve(&project.config, args.env.as_deref(), None)?;
    let backend = Arc::new(ProjectBackend::new(g, &project.config, &target.env));
    let accounts = backend.users().map_err(|e| Failure::msg(e.message))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::msg(format!("cannot start the server runtime: {e}")))?;
    let options = Options { env: target.env.clone(), secure_cookies: args.secure_cookies };
    let state = AppState::new(backend, options);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.listen).await.map_err(|e| {
            Failure::with_help(
                format!("cannot listen on {}: {e}", args.listen),
                "pick another address with --listen, e.g. 127.0.0.1:8081",
            )
        })?;
        let addr = listener.local_addr()?;
        if json {
            println!(
                "{}",
                serde_json::json!({ "listening": format!("http://{addr}/"), "env": target.env })
            );
        } else {
            println!(
                "sluice dashboard for {} ({}) on http://{addr}/",
                target.env,
                target.redacted()
            );
            if accounts.is_empty() {
                println!("no accounts yet: `sluice user add NAME --role admin --password-stdin`");
            }
        }
        let _ = std::io::stdout().flush();
        sluice_web::serve(listener, state)
            .await
            .map_err(|e| Failure::msg(format!("the server stopped: {e}")))
    })?;
    Ok(ExitCode::SUCCESS)
}
