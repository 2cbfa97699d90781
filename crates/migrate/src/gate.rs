//! The gate: may this migration run in this environment? Findings, risk,
//! approvals and the environment's policy (`[env.NAME]` of sluice.toml) go
//! in; a [`Verdict`] comes out that lists everything still missing, in
//! words a user can act on.

use crate::driver::{HistoryRow, HistoryState};
use crate::review::{signed_text, Review};
use crate::signing;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::lint::Risk;

/// `require_approvals = 1`, or per risk level
/// `require_approvals = { low = 0, moderate = 1, high = 2 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Approvals {
    All(u32),
    ByRisk {
        #[serde(default)]
        low: u32,
        #[serde(default)]
        moderate: u32,
        #[serde(default)]
        high: u32,
    },
}

impl Default for Approvals {
    fn default() -> Self {
        Approvals::All(0)
    }
}

impl Approvals {
    pub fn needed(self, risk: Risk) -> u32 {
        match self {
            Approvals::All(n) => n,
            Approvals::ByRisk { low, moderate, high } => match risk {
                Risk::Low => low,
                Risk::Moderate => moderate,
                Risk::High => high,
            },
        }
    }
}

/// The policy keys of `[env.NAME]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Read by the connection code.
    #[serde(default)]
    pub url: Option<IgnoredAny>,
    /// Read by the linter (`lint = { deny = [...] }`).
    #[serde(default)]
    pub lint: Option<IgnoredAny>,
    #[serde(default)]
    pub require_approvals: Approvals,
    /// Back up data before steps that lose it.
    #[serde(default = "yes")]
    pub backup: bool,
    /// May the author of a migration approve it?
    #[serde(default = "yes")]
    pub allow_self_approval: bool,
    /// Approvals count only with a valid signature by a key of `[reviewers]`.
    #[serde(default)]
    pub require_signed_approvals: bool,
    /// Steps that lose data also need `--allow-data-loss` on the command line.
    #[serde(default)]
    pub data_loss_needs_flag: bool,
    /// Rollout order: a migration reaches this environment only after it
    /// was applied (and Tested, where a test command is configured) there.
    #[serde(default)]
    pub after: Option<String>,
    /// A failing `[workflow] test` command rolls the migration back.
    #[serde(default)]
    pub rollback_on_test_failure: Option<bool>,
    /// Production-like: changes defaults (rollback on test failure off).
    #[serde(default)]
    pub production: bool,
}

fn yes() -> bool {
    true
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            url: None,
            lint: None,
            require_approvals: Approvals::default(),
            backup: true,
            allow_self_approval: true,
            require_signed_approvals: false,
            data_loss_needs_flag: false,
            after: None,
            rollback_on_test_failure: None,
            production: false,
        }
    }
}

impl Policy {
    pub fn rollback_on_test_failure(&self) -> bool {
        self.rollback_on_test_failure.unwrap_or(!self.production)
    }
}

/// What the gate knows about one migration.
pub struct GateInput<'a> {
    pub dir_name: &'a str,
    pub up: &'a str,
    pub review: &'a Review,
    pub risk: Risk,
    /// Lint findings the environment treats as errors (code: message).
    pub lint_errors: Vec<String>,
    /// What the migration does to existing data, in words (empty: nothing).
    pub data_loss: Vec<String>,
    pub allow_data_loss: bool,
    /// The history of the `after` environment, when the policy has one.
    pub upstream: Option<&'a [HistoryRow]>,
    /// Whether the project configures a test command (then upstream must
    /// have reached Tested).
    pub tests_configured: bool,
    /// `[reviewers]`: name -> OpenSSH public key.
    pub reviewers: &'a BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub migration: String,
    pub risk: Risk,
    pub approvals_needed: u32,
    /// Reviewers whose approvals count.
    pub approved_by: Vec<String>,
    /// Approvals that were given but do not count, and why.
    pub void_approvals: Vec<String>,
    /// Everything that stops the migration; empty means it may run.
    pub missing: Vec<String>,
}

impl Verdict {
    pub fn allowed(&self) -> bool {
        self.missing.is_empty()
    }
}

pub fn verdict(env: &str, policy: &Policy, input: &GateInput) -> Verdict {
    let mut missing = Vec::new();
    let mut void = Vec::new();
    let mut approved_by = Vec::new();
    let needed = policy.require_approvals.needed(input.risk);

    for r in input.review.standing_rejections(input.up) {
        missing.push(format!(
            "rejected by {} at {}{} (a new approval by {0} or a changed migration is needed)",
            r.by,
            r.at,
            r.comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default()
        ));
    }
    for a in input.review.stale_approvals(input.up) {
        match input.review.copied_from(a) {
            Some(other) => void.push(format!(
                "{}: given for migration {other}, not this one (copied into its review.toml)",
                a.by
            )),
            None => void.push(format!("{}: given for an earlier up.sql (edited since)", a.by)),
        }
    }
    for a in input.review.valid_approvals(input.up) {
        if !policy.allow_self_approval
            && !input.review.author.is_empty()
            && a.by == input.review.author
        {
            void.push(format!("{}: the author cannot approve their own migration in {env}", a.by));
            continue;
        }
        if policy.require_signed_approvals {
            if let Err(why) = check_signature(input, a) {
                void.push(format!("{}: {why}", a.by));
                continue;
            }
        }
        if !approved_by.contains(&a.by) {
            approved_by.push(a.by.clone());
        }
    }
    if (approved_by.len() as u32) < needed {
        let signed = if policy.require_signed_approvals { " signed" } else { "" };
        let others =
            if policy.allow_self_approval { "" } else { " by someone other than the author" };
        missing.push(format!(
            "{needed}{signed} approval(s){others} needed for a {} risk migration in {env}, {} given: run `sluice approve {}`",
            input.risk.as_str(),
            approved_by.len(),
            input.dir_name
        ));
    }
    for e in &input.lint_errors {
        missing.push(format!("lint error denied in {env}: {e}"));
    }
    if policy.data_loss_needs_flag && !input.data_loss.is_empty() && !input.allow_data_loss {
        missing.push(format!(
            "it loses data ({}): {env} requires --allow-data-loss",
            input.data_loss.join("; ")
        ));
    }
    if let Some(up_env) = &policy.after {
        let row = input.upstream.and_then(|h| {
            h.iter().find(|r| {
                r.name == name_part(input.dir_name) && r.version == version_part(input.dir_name)
            })
        });
        let need_tested = input.tests_configured;
        match row {
            None => missing.push(format!("not applied in {up_env} yet ({env} comes after {up_env})")),
            Some(r) if !r.state.is_live() => missing.push(format!(
                "its state in {up_env} is {} ({env} comes after {up_env})",
                r.state
            )),
            Some(r) if need_tested && r.state != HistoryState::Tested => missing.push(format!(
                "applied in {up_env} but not Tested there (run `sluice migrate --env {up_env}` with the [workflow] test command)",
            )),
            Some(r) if r.checksum != crate::apply::checksum(input.up) => missing.push(format!(
                "{up_env} ran a different up.sql (checksum {}): apply the same migration there first",
                r.checksum
            )),
            Some(_) => {}
        }
    }
    Verdict {
        migration: input.dir_name.to_string(),
        risk: input.risk,
        approvals_needed: needed,
        approved_by,
        void_approvals: void,
        missing,
    }
}

fn check_signature(input: &GateInput, a: &crate::review::Decision) -> Result<(), String> {
    let Some(sig) = &a.signature else { return Err("not signed".into()) };
    let Some(key) = input.reviewers.get(&a.by) else {
        return Err("no public key for this reviewer in [reviewers] of sluice.toml".into());
    };
    let key = signing::public_key(&a.by, key).map_err(|e| e.to_string())?;
    signing::verify(&key, &signed_text(input.dir_name, a, "approval"), sig).map_err(|_| {
        "the signature does not verify (forged, or copied from another migration)".to_string()
    })
}

fn version_part(dir_name: &str) -> u32 {
    dir_name.split('_').next().and_then(|v| v.parse().ok()).unwrap_or(0)
}
fn name_part(dir_name: &str) -> &str {
    dir_name.split_once('_').map_or("", |(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::checksum;
    use crate::review::Decision;

    fn approval(by: &str, up: &str) -> Decision {
        Decision {
            migration: None,
            by: by.into(),
            at: "2026-01-01T00:00:00Z".into(),
            checksum: checksum(up),
            comment: None,
            signature: None,
        }
    }

    fn input<'a>(review: &'a Review, reviewers: &'a BTreeMap<String, String>) -> GateInput<'a> {
        GateInput {
            dir_name: "0002_drop",
            up: "DROP TABLE t;",
            review,
            risk: Risk::High,
            lint_errors: vec![],
            data_loss: vec!["drops table t".into()],
            allow_data_loss: false,
            upstream: None,
            tests_configured: false,
            reviewers,
        }
    }

    fn policy(toml_text: &str) -> Policy {
        toml::from_str(toml_text).unwrap()
    }

    #[test]
    fn approvals_self_approval_and_data_loss_flag() {
        let none = BTreeMap::new();
        let mut review = Review { author: "bob".into(), ..Review::default() };
        let p = policy("url = 'x'\nrequire_approvals = { high = 2 }\nallow_self_approval = false\ndata_loss_needs_flag = true");
        let v = verdict("prod", &p, &input(&review, &none));
        assert_eq!(v.approvals_needed, 2);
        assert_eq!(v.missing.len(), 2, "{:?}", v.missing);
        review.approvals.push(approval("bob", "DROP TABLE t;"));
        review.approvals.push(approval("ann", "DROP TABLE t;"));
        review.approvals.push(approval("cy", "DROP TABLE t;"));
        let mut i = input(&review, &none);
        i.allow_data_loss = true;
        let v = verdict("prod", &p, &i);
        assert!(v.allowed(), "{:?}", v.missing);
        assert_eq!(v.approved_by, ["ann", "cy"]);
        assert!(v.void_approvals[0].contains("author"), "{:?}", v.void_approvals);
        // Low risk needs none under this policy.
        i.risk = Risk::Low;
        assert_eq!(verdict("prod", &p, &i).approvals_needed, 0);
        assert!(toml::from_str::<Policy>("requre_approvals = 1").is_err());
    }

    #[test]
    fn unsigned_or_forged_approvals_do_not_count_when_signatures_are_required() {
        let mut reviewers = BTreeMap::new();
        reviewers.insert(
            "ann".to_string(),
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNsdWljZXNsdWljZXNsdWljZXNsdWljZXNsdWljZXNs ann"
                .to_string(),
        );
        let mut review = Review::default();
        let mut a = approval("ann", "DROP TABLE t;");
        a.signature =
            Some("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----".into());
        review.approvals.push(a);
        review.approvals.push(approval("zed", "DROP TABLE t;"));
        let p = policy("require_approvals = 1\nrequire_signed_approvals = true");
        let v = verdict("prod", &p, &input(&review, &reviewers));
        assert!(!v.allowed());
        assert_eq!(v.void_approvals.len(), 2, "{:?}", v.void_approvals);
    }
}
