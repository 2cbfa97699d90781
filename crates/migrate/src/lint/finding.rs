//! What the lint engine reports: a [`Finding`] per problem, grouped in a
//! [`LintReport`] that knows its [`Risk`] and how many rules ran.

use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// How much a finding matters, after configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The family a rule belongs to; configuration can name a group instead of
/// every code in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    DataLoss,
    Locking,
    Compatibility,
    Naming,
    Design,
    Correctness,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::DataLoss,
        Group::Locking,
        Group::Compatibility,
        Group::Naming,
        Group::Design,
        Group::Correctness,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Group::DataLoss => "data-loss",
            Group::Locking => "locking",
            Group::Compatibility => "compatibility",
            Group::Naming => "naming",
            Group::Design => "design",
            Group::Correctness => "correctness",
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's kebab-case code, e.g. `drop-table`.
    pub code: &'static str,
    pub group: Group,
    pub severity: Severity,
    /// What is wrong, naming the table (and the lock, for locking rules).
    pub message: String,
    /// One line saying what to do.
    pub help: String,
    /// The safe form of the statement, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Byte range in `up.sql`.
    pub span: Option<Range<usize>>,
    /// Index (0-based) of the statement of `up.sql` the finding is about.
    pub statement: Option<usize>,
}

/// How risky a migration is, from its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Moderate,
    High,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Moderate => "moderate",
            Risk::High => "high",
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Risk::Low => "low",
            Risk::Moderate => "moderate",
            Risk::High => "high",
        })
    }
}

/// The findings of one migration, sorted by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintReport {
    /// The display path of the linted `up.sql`.
    pub path: String,
    pub findings: Vec<Finding>,
    /// How many rules ran (enabled and applicable to the dialect): a report
    /// with no finding still says what was checked.
    pub rules_run: usize,
}

impl LintReport {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }
    pub fn infos(&self) -> usize {
        self.count(Severity::Info)
    }
    fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// High when an error-level finding loses data; moderate when a
    /// warning does, or something locks or breaks running clients; low
    /// otherwise. Info findings do not count.
    pub fn risk(&self) -> Risk {
        let counted = || self.findings.iter().filter(|f| f.severity != Severity::Info);
        if counted().any(|f| f.group == Group::DataLoss && f.severity == Severity::Error) {
            Risk::High
        } else if counted()
            .any(|f| matches!(f.group, Group::DataLoss | Group::Locking | Group::Compatibility))
        {
            Risk::Moderate
        } else {
            Risk::Low
        }
    }
}
