//! Team notifications: `[notify] webhook = URL` receives a JSON POST for
//! each review and rollout event (review requested, approved, rejected,
//! applied, failed, rolled back), with a Slack-compatible `text` field. A
//! delivery that fails warns on stderr and never blocks the command.

use crate::config::Config;
use sluice_migrate::review::Review;
use sluice_migrate::Migration;
use std::time::Duration;

pub struct Event<'a> {
    /// `review_requested`, `approved`, `rejected`, `applied`, `failed`,
    /// `rolled_back`, `tested`.
    pub event: &'a str,
    pub migration: Option<&'a Migration>,
    pub env: Option<&'a str>,
    pub actor: &'a str,
    pub detail: String,
}

/// Post the event; true when it was delivered. The migration's review.toml
/// remembers delivered events (the "team notified" tick of `status`).
pub fn send(config: &Config, e: &Event) -> bool {
    let Some(url) = &config.notify.webhook else { return false };
    let url = match crate::config::expand_env(url) {
        Ok(u) => u,
        Err(err) => {
            eprintln!("warning: notification not sent: {err}");
            return false;
        }
    };
    let name = e.migration.map(|m| m.dir_name.as_str()).unwrap_or("");
    let env = e.env.map(|x| format!(" in {x}")).unwrap_or_default();
    let text =
        format!("sluice: {name} {}{env} by {}: {}", e.event.replace('_', " "), e.actor, e.detail);
    let body = serde_json::json!({
        "text": text,
        "event": e.event,
        "migration": name,
        "env": e.env,
        "actor": e.actor,
        "detail": e.detail,
        "tool": concat!("sluice ", env!("CARGO_PKG_VERSION")),
    });
    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(5))).build().into();
    match agent.post(&url).send_json(&body) {
        Ok(_) => {
            if let Some(m) = e.migration {
                if let Ok(mut review) = Review::load(m) {
                    review.notified.push(e.event.to_string());
                    let _ = review.save(m);
                }
            }
            true
        }
        Err(err) => {
            // Webhook URLs carry their secret in the path: show the host only.
            let shown = url.split('/').take(3).collect::<Vec<_>>().join("/");
            eprintln!("warning: notification to {shown} failed ({err}); continuing");
            false
        }
    }
}
