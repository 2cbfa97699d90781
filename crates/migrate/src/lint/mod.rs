//! The lint engine: rules over one migration's `up.sql` (and, for generated
//! migrations, the changes between the previous snapshot and this one), with
//! per-environment severities, inline suppressions and a risk level.
//!
//! [`lint_migration`] is the whole API: it splits the script into
//! statements, derives the planned [`sluice_schema::Change`]s when both
//! schemas are given (so a table created in the same migration never raises
//! a locking alarm), runs every enabled rule of [`rules::ALL`] (PostgreSQL
//! statement rules partly through squawk's linter, see [`squawk`]), applies
//! `-- sluice:ignore` comments ([`ignore`]) and returns a [`LintReport`]
//! that always says how many rules ran.

pub mod config;
mod context;
mod finding;
mod ignore;
pub mod render;
pub mod rules;
mod squawk;
#[cfg(test)]
mod testing;
mod words;

pub use config::{ConfigError, Level, LevelSets, LintConfig, NamingConfig};
pub use context::Context;
pub use finding::{Finding, Group, LintReport, Risk, Severity};
pub use rules::Rule;

use sluice_schema::{Dialect, Schema};

/// One migration to lint.
#[derive(Debug, Clone, Copy)]
pub struct LintInput<'a> {
    pub dialect: Dialect,
    /// How `up.sql` is named in findings (e.g. `migrations/0002_x/up.sql`).
    pub path: &'a str,
    /// The text of `up.sql`.
    pub sql: &'a str,
    /// The schema before this migration (the previous snapshot); `None` for
    /// a lone SQL file.
    pub before: Option<&'a Schema>,
    /// The schema after it (this migration's snapshot).
    pub after: Option<&'a Schema>,
}

/// Lint one migration with the severities `config` resolves for `env`.
pub fn lint_migration(input: &LintInput, config: &LintConfig, env: Option<&str>) -> LintReport {
    let cx = Context::new(input, config);
    let mut findings = Vec::new();
    let mut rules_run = 0;
    for rule in rules::ALL {
        if !rule.applies_to(input.dialect) {
            continue;
        }
        let level = config.level(rule, env);
        let Some(severity) = level.severity() else { continue };
        rules_run += 1;
        for mut f in (rule.check)(&cx) {
            f.severity = severity;
            findings.push(f);
        }
    }
    // A rule may see one problem twice (e.g. squawk reports a constraint
    // under two of its codes): once is enough.
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert((f.code, f.statement, f.message.clone())));
    let mut findings = ignore::apply(&cx, findings, |rule| config.level(rule, env).severity());
    findings.sort_by(|a, b| {
        let key = |f: &Finding| f.span.as_ref().map_or(usize::MAX, |s| s.start);
        key(a).cmp(&key(b)).then(a.code.cmp(b.code))
    });
    LintReport { path: input.path.to_string(), findings, rules_run }
}
