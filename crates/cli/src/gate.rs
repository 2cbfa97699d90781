//! The review gate as the commands use it: what a migration does to data
//! and how risky it is ([`assess`]), the verdict of an environment's
//! policy on the migrations about to run there ([`verdicts`]), and
//! refusing with everything that is missing ([`enforce`]).

use crate::config::Config;
use crate::connect::{connect, resolve};
use crate::failure::{CmdResult, Failure};
use sluice_migrate::apply::statement_effects_on;
use sluice_migrate::gate::{verdict, GateInput, Risk, Verdict};
use sluice_migrate::lint::{lint_migration, LintInput, LintReport, Severity};
use sluice_migrate::review::Review;
use sluice_migrate::{HistoryRow, Migration};
use sluice_sql::effects::DataEffect;
use sluice_sql::split::split;

/// What a migration does, as far as the gate is concerned.
pub struct Assessment {
    /// Statements' effects on existing data, with the 1-based statement
    /// number.
    pub effects: Vec<(usize, DataEffect)>,
    pub risk: Risk,
    /// Lint findings denied in the environment (`code: message`).
    pub lint_errors: Vec<String>,
    pub lint: LintReport,
}

impl Assessment {
    /// What the gate weighs for `m`.
    pub fn gate_input<'a>(
        &'a self,
        config: &'a Config,
        m: &'a Migration,
        review: &'a Review,
        allow_data_loss: bool,
        upstream: Option<&'a [HistoryRow]>,
    ) -> GateInput<'a> {
        GateInput {
            dir_name: &m.dir_name,
            up: &m.up,
            review,
            risk: self.risk,
            lint_errors: self.lint_errors.clone(),
            data_loss: self.data_loss(),
            allow_data_loss,
            upstream,
            tests_configured: config.workflow.test.is_some(),
            reviewers: &config.reviewers,
        }
    }

    pub fn data_loss(&self) -> Vec<String> {
        self.effects.iter().filter(|(_, e)| e.loses_data()).map(|(_, e)| e.describe()).collect()
    }
}

/// What `m` does to data (its statements' effects) and what the lint rules
/// find in it with the levels of `env`; the risk is the higher of the two.
pub fn assess(
    config: &Config,
    migrations: &[Migration],
    m: &Migration,
    env: Option<&str>,
) -> Assessment {
    let stmts = split(&m.up, config.dialect).unwrap_or_default();
    // What the statements run on: the snapshot before this migration.
    let before = snapshot_before(migrations, m);
    let effects: Vec<(usize, DataEffect)> =
        statement_effects_on(config.dialect, &stmts, before.as_ref())
            .into_iter()
            .enumerate()
            .flat_map(|(i, es)| es.into_iter().map(move |e| (i + 1, e)))
            .collect();
    let from_effects = if effects.iter().any(|(_, e)| e.loses_data()) {
        Risk::High
    } else if effects
        .iter()
        .any(|(_, e)| matches!(e, DataEffect::Alter(_) | DataEffect::AddColumn { .. }))
    {
        Risk::Moderate
    } else {
        Risk::Low
    };
    let report = lint_report(config, migrations, m, env);
    // What the environment's own `lint = { deny = [...] }` forbids stops
    // the migration outright; other findings raise its risk, and with it
    // the approvals the environment requires.
    let denied = env.and_then(|e| config.lint.env.get(e));
    let lint_errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| denied.is_some_and(|sets| sets.denies(f.code, f.group.as_str())))
        .map(|f| format!("{} ({}): {}", f.code, statement_of(f.statement), f.message))
        .collect();
    Assessment { effects, risk: from_effects.max(report.risk()), lint_errors, lint: report }
}

fn statement_of(i: Option<usize>) -> String {
    i.map_or("migration".to_string(), |i| format!("statement {}", i + 1))
}

/// The lint report of one migration, against the snapshot before it.
pub fn lint_report(
    config: &Config,
    migrations: &[Migration],
    m: &Migration,
    env: Option<&str>,
) -> LintReport {
    let before = snapshot_before(migrations, m);
    let after = m.snapshot_schema().ok().flatten();
    let empty = sluice_schema::Schema::empty(config.dialect);
    let path = m.path.join("up.sql").display().to_string();
    let input = LintInput {
        dialect: config.dialect,
        path: &path,
        sql: &m.up,
        before: after.as_ref().map(|_| before.as_ref().unwrap_or(&empty)),
        after: after.as_ref(),
    };
    lint_migration(&input, &config.lint, env)
}

/// The schema of the last snapshot before `m` (`None` before the first).
pub fn snapshot_before(migrations: &[Migration], m: &Migration) -> Option<sluice_schema::Schema> {
    let i = migrations.iter().position(|x| x.version == m.version).unwrap_or(migrations.len());
    migrations[..i].iter().rev().find_map(|x| x.snapshot_schema().ok().flatten())
}

/// The history of the environment a policy's `after` names.
fn upstream_history(config: &Config, env: &str) -> CmdResult<Vec<HistoryRow>> {
    let target = resolve(config, Some(env), None)?;
    let mut driver = connect(config, &target)?;
    Ok(driver.history()?)
}

/// The policy's verdict on each migration, for environment `env`.
pub fn verdicts(
    config: &Config,
    env: &str,
    all: &[Migration],
    migrations: &[&Migration],
    allow_data_loss: bool,
) -> CmdResult<Vec<Verdict>> {
    let policy = config.policy(env)?;
    let upstream = match &policy.after {
        Some(up) if !migrations.is_empty() => Some(upstream_history(config, up)?),
        _ => None,
    };
    let mut out = Vec::new();
    for m in migrations {
        let review = Review::load(m).map_err(|e| Failure::msg(e.to_string()))?;
        let a = assess(config, all, m, Some(env));
        let input = a.gate_input(config, m, &review, allow_data_loss, upstream.as_deref());
        out.push(verdict(env, &policy, &input));
    }
    Ok(out)
}

/// A failure listing how the live schema differs from the expected one.
pub fn differences(drift: &sluice_migrate::plan::Plan, message: &str, help: &str) -> Failure {
    let list: Vec<String> =
        drift.changes.iter().map(|c| format!("  - the database has: {}", c.describe())).collect();
    Failure::with_help(format!("{message}:\n{}", list.join("\n")), help)
}

/// Refuse (exit 1) when any migration may not run, listing what each lacks.
pub fn enforce(env: &str, verdicts: &[Verdict]) -> CmdResult<()> {
    let blocked: Vec<&Verdict> = verdicts.iter().filter(|v| !v.allowed()).collect();
    if blocked.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "the review gate of {env} stops {} migration(s); nothing was applied",
        blocked.len()
    );
    for v in &blocked {
        message.push_str(&format!("\n  {} ({} risk):", v.migration, v.risk.as_str()));
        for m in &v.missing {
            message.push_str(&format!("\n    - {m}"));
        }
        for m in &v.void_approvals {
            message.push_str(&format!("\n    - approval not counted: {m}"));
        }
    }
    Err(Failure::Refused {
        message,
        help: Some(format!("`sluice review <VERSION> --env {env}` shows each migration with its findings and approvals")),
    })
}
