//! `sluice status`: every migration with its state, review and rollout
//! together, and the seed workflow's checklist per migration (schema
//! changed, generated, reviewed/approved, applied, synced, tested, team
//! notified), then what comes next. Exit 1 when migrations are pending or
//! failed.

use super::Global;
use crate::cli::DbArgs;
use crate::config::Config;
use crate::connect::{connect, resolve};
use crate::failure::{CmdResult, Failure};
use crate::project::Project;
use sluice_migrate::gate::Risk;
use sluice_migrate::review::{Review, State};
use sluice_migrate::{HistoryRow, HistoryState, Migration};
use std::process::ExitCode;

fn state(review: &Review, up: &str, row: Option<&HistoryRow>) -> State {
    match row.map(|r| r.state) {
        Some(HistoryState::Applied | HistoryState::Baseline) => State::Applied,
        Some(HistoryState::Synced) => State::Synced,
        Some(HistoryState::Tested) => State::Tested,
        Some(HistoryState::RolledBack) => State::RolledBack,
        Some(HistoryState::Failed) | None => review.review_state(up),
    }
}

/// One migration as `status` shows it (and the dashboard's migrations page).
pub struct Row<'m> {
    pub migration: &'m Migration,
    pub state: State,
    pub history: Option<HistoryRow>,
    pub approvals: usize,
    pub approvals_needed: u32,
    pub risk: Risk,
    pub checklist: [(&'static str, bool); 7],
}

/// Every migration's state and checklist in one environment, what comes
/// next, and whether anything is pending or failed.
pub struct Status<'m> {
    pub rows: Vec<Row<'m>>,
    pub next: String,
    pub pending: usize,
    pub failed: bool,
}

/// The assessment the checklist needs, per migration: `assess` by
/// default; the dashboard passes a cached one.
pub type Assessor<'a> = dyn FnMut(&Migration) -> Risk + 'a;

pub fn status<'m>(
    config: &Config,
    migrations: &'m [Migration],
    history: &[HistoryRow],
    env: &str,
    risk_of: &mut Assessor<'_>,
) -> CmdResult<Status<'m>> {
    // History and folder must agree (an applied migration edited, renamed
    // or reordered) before any state is shown.
    sluice_migrate::apply::verify_history(migrations, history)?;
    sluice_migrate::apply::verify_order(migrations, history)?;
    let policy = config.policy(env)?;
    let row_of = |v: u32| history.iter().find(|r| r.version == v);
    let pending: Vec<_> = migrations
        .iter()
        .filter(|m| row_of(m.version).is_none_or(|r| !r.state.is_live()))
        .collect();
    let failed = history.iter().find(|r| r.state == HistoryState::Failed);
    let next = if let Some(f) = failed {
        format!(
            "{:04}_{} failed: see `sluice history`, fix the cause, then `sluice apply --resume`",
            f.version, f.name
        )
    } else if pending.is_empty() {
        "up to date; edit the schema files and run `sluice generate` for the next change"
            .to_string()
    } else {
        format!(
            "review ({}), then `sluice apply --env {}` for {} pending migration(s)",
            "sluice review",
            env,
            pending.len()
        )
    };
    let mut rows = Vec::new();
    for m in migrations {
        let review = Review::load(m).map_err(|e| Failure::msg(e.to_string()))?;
        let row = row_of(m.version);
        let st = state(&review, &m.up, row);
        let live = row.is_some_and(|r| r.state.is_live());
        let approvals = review.valid_approvals(&m.up).len();
        let risk = risk_of(m);
        let needs = policy.require_approvals.needed(risk);
        let checklist = [
            ("schema changed", true),
            ("generated", true),
            (
                "reviewed/approved",
                approvals > 0
                    || (needs == 0 && review.standing_rejections(&m.up).is_empty() && live),
            ),
            ("applied", live),
            (
                "synced",
                row.is_some_and(|r| matches!(r.state, HistoryState::Synced | HistoryState::Tested)),
            ),
            ("tested", row.is_some_and(|r| r.state == HistoryState::Tested)),
            ("team notified", !review.notified.is_empty()),
        ];
        rows.push(Row {
            migration: m,
            state: st,
            history: row.cloned(),
            approvals,
            approvals_needed: needs,
            risk,
            checklist,
        });
    }
    Ok(Status { rows, next, pending: pending.len(), failed: failed.is_some() })
}

pub fn run(g: &Global, args: DbArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let target = resolve(&project.config, args.env.as_deref(), args.url.as_deref())?;
    let mut driver = connect(&project.config, &target)?;
    let history = driver.history()?;
    let config = &project.config;
    let mut risk_of =
        |m: &Migration| crate::gate::assess(config, &migrations, m, Some(&target.env)).risk;
    let st = status(config, &migrations, &history, &target.env, &mut risk_of)?;
    let next = &st.next;
    let rows = &st.rows;
    if json {
        let list: Vec<_> = rows
            .iter()
            .map(|r| {
                let (m, st, row, approvals, needs, checklist) = (r.migration, r.state, &r.history, r.approvals, r.approvals_needed, &r.checklist);
                serde_json::json!({ "version": m.version, "name": m.name, "state": st,
                    "applied_at": row.as_ref().map(|r| r.applied_at.clone()),
                    "approvals": approvals, "approvals_needed": needs,
                    "checklist": checklist.iter().map(|(k, v)| (k.to_string(), serde_json::Value::Bool(*v))).collect::<serde_json::Map<_, _>>() })
            })
            .collect();
        println!("{}", serde_json::json!({ "env": target.env, "migrations": list, "next": next }));
    } else {
        println!("{} ({})", target.env, target.redacted());
        if migrations.is_empty() {
            println!("  no migrations yet");
        }
        for r in rows {
            let (m, st, row, approvals, needs, checklist) =
                (r.migration, r.state, &r.history, r.approvals, r.approvals_needed, &r.checklist);
            let when = row
                .as_ref()
                .map(|r| format!("  {} by {}", r.applied_at, r.applied_by))
                .unwrap_or_default();
            println!("  {:<40} {st}{when}", m.dir_name);
            let ticks: Vec<String> = checklist
                .iter()
                .map(|(k, v)| format!("[{}] {k}", if *v { "x" } else { " " }))
                .collect();
            println!("      {}  (approvals {approvals}/{needs})", ticks.join("  "));
        }
        println!("next: {next}");
    }
    Ok(if st.failed || st.pending > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
