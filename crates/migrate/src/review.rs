//! Review state of a migration, kept beside it in `review.toml` (plain text,
//! reviewable in git, not sealed by the sum file: approvals arrive after a
//! migration is written).
//!
//! The review part is decided here: Generated -> Reviewing -> Approved or
//! Rejected. Every approval and rejection is bound to the SHA-256 of up.sql
//! at the time it was given; editing up.sql afterwards voids it (it stays in
//! the file, reported as stale). What happened in each environment
//! (Applied, Synced, Tested, RolledBack) is recorded in the database's
//! history and mirrored under `[env.NAME]` when the command that did it ran
//! from this folder.

use crate::apply::checksum;
use crate::dir::Migration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "review.toml";

/// The state a migration is in, review and rollout together (the order is
/// the order of the workflow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Generated,
    Reviewing,
    Rejected,
    Approved,
    Applied,
    Synced,
    Tested,
    RolledBack,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Generated => "generated",
            State::Reviewing => "reviewing",
            State::Rejected => "rejected",
            State::Approved => "approved",
            State::Applied => "applied",
            State::Synced => "synced",
            State::Tested => "tested",
            State::RolledBack => "rolled_back",
        }
    }
}

/// The workflow's names: Generated, Reviewing, ..., RolledBack.
impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            State::Generated => "Generated",
            State::Reviewing => "Reviewing",
            State::Rejected => "Rejected",
            State::Approved => "Approved",
            State::Applied => "Applied",
            State::Synced => "Synced",
            State::Tested => "Tested",
            State::RolledBack => "RolledBack",
        })
    }
}

/// One reviewer's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub by: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// SHA-256 of up.sql when the decision was made.
    pub checksum: String,
    /// The migration folder (`NNNN_name`) the decision was given for, so
    /// one copied into another migration's review.toml does not count
    /// there (absent in files written before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// An SSH signature (armored SSHSIG, namespace `sluice`) over
    /// [`Decision::signed_text`], when the reviewer signed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// Where a migration got to in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvRecord {
    pub state: State,
    pub at: String,
    pub by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Who generated the migration.
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub generated_at: String,
    /// Set by `sluice review --request`: someone was asked to look.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_requested: Option<String>,
    #[serde(default, rename = "approval", skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Decision>,
    #[serde(default, rename = "rejection", skip_serializing_if = "Vec::is_empty")]
    pub rejections: Vec<Decision>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, EnvRecord>,
    /// Notifications sent about this migration (event names), so `status`
    /// can tick "team notified".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notified: Vec<String>,
    /// The folder this review.toml was read from (not stored): decisions
    /// recorded for another migration do not count here.
    #[serde(skip)]
    pub dir_name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

pub fn path_of(m: &Migration) -> PathBuf {
    m.path.join(FILE_NAME)
}

impl Review {
    /// review.toml of a migration; an empty review when there is none.
    pub fn load(m: &Migration) -> Result<Review, ReviewError> {
        let mut review = Self::load_path(&path_of(m))?;
        review.dir_name = m.dir_name.clone();
        Ok(review)
    }

    pub fn load_path(path: &Path) -> Result<Review, ReviewError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Review::default()),
            Err(source) => {
                return Err(ReviewError::Io { path: path.display().to_string(), source })
            }
        };
        toml::from_str(&text).map_err(|e| {
            let at = e.span().map(|s| line_col(&text, s.start)).unwrap_or_default();
            ReviewError::Parse {
                path: format!("{}{at}", path.display()),
                message: e.message().to_string(),
            }
        })
    }

    /// Write review.toml (through a temporary file renamed into place).
    pub fn save(&self, m: &Migration) -> Result<(), ReviewError> {
        let path = path_of(m);
        // One temporary file per process: two runs saving at once each
        // rename a whole file of their own into place.
        let tmp = m.path.join(format!(".review.toml.{}.tmp", std::process::id()));
        let io = |source| ReviewError::Io { path: path.display().to_string(), source };
        let text = format!(
            "# Review of {}: written by sluice (review, approve, reject, apply, rollback).\n{}",
            m.dir_name,
            toml::to_string(self).expect("a review serializes")
        );
        let result = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, &path));
        if result.is_err() {
            // The old review.toml stays as it was; no partial copy is left.
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(io)
    }

    /// Decisions still bound to this up.sql of this migration (the rest are
    /// stale or copied from another migration).
    pub fn current<'a>(&'a self, decisions: &'a [Decision], up: &str) -> Vec<&'a Decision> {
        let sum = checksum(up);
        decisions.iter().filter(|d| d.checksum == sum && self.copied_from(d).is_none()).collect()
    }

    /// The other migration a decision was given for, when it was copied
    /// into this review.toml from there.
    pub fn copied_from<'a>(&self, d: &'a Decision) -> Option<&'a str> {
        d.migration.as_deref().filter(|m| !self.dir_name.is_empty() && *m != self.dir_name)
    }

    /// Approvals that count: bound to this up.sql, and not withdrawn by a
    /// later rejection of the same reviewer.
    pub fn valid_approvals<'a>(&'a self, up: &str) -> Vec<&'a Decision> {
        let rejections = self.current(&self.rejections, up);
        self.current(&self.approvals, up)
            .into_iter()
            .filter(|a| !rejections.iter().any(|r| r.by == a.by && r.at > a.at))
            .collect()
    }

    /// Approvals given for an earlier up.sql, or for another migration
    /// (copied): void.
    pub fn stale_approvals(&self, up: &str) -> Vec<&Decision> {
        let sum = checksum(up);
        self.approvals
            .iter()
            .filter(|d| d.checksum != sum || self.copied_from(d).is_some())
            .collect()
    }

    /// Rejections that stand: bound to this up.sql and not followed by an
    /// approval of the same reviewer.
    pub fn standing_rejections<'a>(&'a self, up: &str) -> Vec<&'a Decision> {
        let approvals = self.current(&self.approvals, up);
        self.current(&self.rejections, up)
            .into_iter()
            .filter(|r| !approvals.iter().any(|a| a.by == r.by && a.at > r.at))
            .collect()
    }

    /// The review part of the state (before any environment).
    pub fn review_state(&self, up: &str) -> State {
        if !self.standing_rejections(up).is_empty() {
            State::Rejected
        } else if !self.valid_approvals(up).is_empty() {
            State::Approved
        } else if self.review_requested.is_some() {
            State::Reviewing
        } else {
            State::Generated
        }
    }

    /// The state in one environment, when something happened there, else
    /// the review state.
    pub fn state_in(&self, env: Option<&str>, up: &str) -> State {
        env.and_then(|e| self.env.get(e)).map_or_else(|| self.review_state(up), |r| r.state)
    }

    pub fn record_env(&mut self, env: &str, state: State, by: &str, at: &str) {
        self.env
            .insert(env.to_string(), EnvRecord { state, at: at.to_string(), by: by.to_string() });
    }
}

/// The exact text a reviewer signs: the migration's folder name (so an
/// approval copied to another migration does not verify), the checksum of
/// its up.sql, who, when, and the decision.
pub fn signed_text(dir_name: &str, decision: &Decision, kind: &str) -> String {
    format!(
        "sluice {kind} v1\nmigration: {dir_name}\nup.sql sha256: {}\nby: {}\nat: {}\n",
        decision.checksum, decision.by, decision.at
    )
}

fn line_col(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!(":{line}:{col}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(by: &str, at: &str, up: &str) -> Decision {
        Decision {
            by: by.into(),
            at: at.into(),
            checksum: checksum(up),
            migration: None,
            comment: None,
            signature: None,
        }
    }

    #[test]
    fn approvals_are_bound_to_up_sql() {
        let mut r = Review::default();
        assert_eq!(r.review_state("a;"), State::Generated);
        r.review_requested = Some("2026-01-01T00:00:00Z".into());
        assert_eq!(r.review_state("a;"), State::Reviewing);
        r.approvals.push(decision("ann", "2026-01-01T00:00:01Z", "a;"));
        assert_eq!(r.review_state("a;"), State::Approved);
        // Edited afterwards: the approval is void.
        assert_eq!(r.review_state("a; b;"), State::Reviewing);
        assert_eq!(r.stale_approvals("a; b;").len(), 1);
        // A later rejection by the same reviewer withdraws it.
        r.rejections.push(decision("ann", "2026-01-01T00:00:02Z", "a;"));
        assert_eq!(r.review_state("a;"), State::Rejected);
        assert!(r.valid_approvals("a;").is_empty());
        r.approvals.push(decision("ann", "2026-01-01T00:00:03Z", "a;"));
        assert_eq!(r.review_state("a;"), State::Approved);
    }

    #[test]
    fn approvals_are_bound_to_their_migration() {
        let mut given = decision("ann", "2026-01-01T00:00:01Z", "a;");
        given.migration = Some("0002_x".into());
        let mut r = Review { dir_name: "0002_x".into(), ..Review::default() };
        r.approvals.push(given);
        assert_eq!(r.review_state("a;"), State::Approved);
        // The same review.toml read from another migration whose up.sql
        // happens to be identical: the approval does not count there.
        r.dir_name = "0003_y".into();
        assert_eq!(r.review_state("a;"), State::Generated);
        assert_eq!(r.stale_approvals("a;").len(), 1);
        assert_eq!(r.copied_from(&r.approvals[0]), Some("0002_x"));
    }

    #[test]
    fn round_trips_through_toml() {
        let mut r = Review { author: "bob".into(), generated_at: "t".into(), ..Review::default() };
        r.approvals.push(decision("ann", "t2", "x"));
        r.record_env("prod", State::Applied, "ci", "t3");
        let text = toml::to_string(&r).unwrap();
        assert!(text.contains("[[approval]]"), "{text}");
        assert_eq!(toml::from_str::<Review>(&text).unwrap(), r);
        assert!(toml::from_str::<Review>("stat = 1").is_err());
    }
}
