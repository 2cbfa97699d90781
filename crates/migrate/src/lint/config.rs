//! Lint configuration: the `[lint]` table of `sluice.toml` and the
//! `lint = { ... }` of each `[env.NAME]`, resolved into one [`Level`] per
//! rule. Lists name rule codes or group names; a code is more specific than
//! its group, and an environment's lists override the top level.

use super::finding::Severity;
use super::rules::{self, Rule};
use super::Group;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The effective level of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Deny,
    Warn,
    Info,
    Allow,
}

impl Level {
    /// The severity findings get, `None` when the rule does not run.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Deny => Some(Severity::Error),
            Level::Warn => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Allow => None,
        }
    }
    fn from_severity(s: Severity) -> Level {
        match s {
            Severity::Error => Level::Deny,
            Severity::Warning => Level::Warn,
            Severity::Info => Level::Info,
        }
    }
}

/// `deny` / `warn` / `info` / `allow` lists of rule codes or group names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSets {
    #[serde(default)]
    pub deny: Vec<String>,
    #[serde(default)]
    pub warn: Vec<String>,
    #[serde(default)]
    pub info: Vec<String>,
    #[serde(default)]
    pub allow: Vec<String>,
}

impl LevelSets {
    fn lists(&self) -> [(&'static str, &[String], Level); 4] {
        [
            ("deny", &self.deny, Level::Deny),
            ("warn", &self.warn, Level::Warn),
            ("info", &self.info, Level::Info),
            ("allow", &self.allow, Level::Allow),
        ]
    }

    /// Whether these lists deny a finding of `code` in `group` (the code's
    /// own entry first, then its group's).
    pub fn denies(&self, code: &str, group: &str) -> bool {
        let find = |name: &str| {
            self.lists().into_iter().find(|(_, l, _)| l.iter().any(|e| e == name)).map(|x| x.2)
        };
        find(code).or_else(|| find(group)) == Some(Level::Deny)
    }

    /// The level these lists give `rule`: its code first, then its group.
    fn level_for(&self, rule: &Rule) -> Option<Level> {
        let find = |name: &str| {
            self.lists().into_iter().find(|(_, l, _)| l.iter().any(|e| e == name)).map(|x| x.2)
        };
        find(rule.code).or_else(|| find(rule.group.as_str()))
    }
}

/// Name patterns (regular expressions) for new objects.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamingConfig {
    #[serde(default = "snake")]
    pub table: String,
    #[serde(default = "snake")]
    pub column: String,
    #[serde(default = "snake")]
    pub index: String,
}

fn snake() -> String {
    "^[a-z_][a-z0-9_]*$".to_string()
}

impl Default for NamingConfig {
    fn default() -> Self {
        NamingConfig { table: snake(), column: snake(), index: snake() }
    }
}

/// The whole lint configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    #[serde(default)]
    pub deny: Vec<String>,
    #[serde(default)]
    pub warn: Vec<String>,
    #[serde(default)]
    pub info: Vec<String>,
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub naming: NamingConfig,
    /// Column types `banned-type` flags, by name (`json`, `money`,
    /// `timestamp`, ...), case-insensitive.
    #[serde(default)]
    pub banned_types: Vec<String>,
    /// Character sets `mysql-charset` allows (MySQL); empty: `utf8mb4`.
    #[serde(default)]
    pub mysql_charsets: Vec<String>,
    /// Per-environment overrides (`[env.NAME] lint = { ... }`), filled by
    /// whoever reads the environments.
    #[serde(skip)]
    pub env: BTreeMap<String, LevelSets>,
}

/// A configuration that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{place} {list}: unknown rule or group `{name}`{}", suggest(.close))]
    UnknownCode { place: String, list: &'static str, name: String, close: Vec<String> },
    #[error("{place}: `{name}` is listed in both `{first}` and `{second}`")]
    Conflict { place: String, name: String, first: &'static str, second: &'static str },
    #[error("[lint] naming.{which}: invalid regular expression `{pattern}`: {message}")]
    BadPattern { which: &'static str, pattern: String, message: String },
}

fn suggest(close: &[String]) -> String {
    if close.is_empty() {
        " (run `sluice lint --rules` for the list)".to_string()
    } else {
        let quoted: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
        format!(" (did you mean {}?)", quoted.join(", "))
    }
}

impl LintConfig {
    /// The top-level lists as one [`LevelSets`].
    pub fn top(&self) -> LevelSets {
        LevelSets {
            deny: self.deny.clone(),
            warn: self.warn.clone(),
            info: self.info.clone(),
            allow: self.allow.clone(),
        }
    }

    /// The level of `rule` in `env` (or at the top level): the
    /// environment's lists, else the top-level lists, else the rule's
    /// default. Within one set a code beats its group.
    pub fn level(&self, rule: &Rule, env: Option<&str>) -> Level {
        let env_sets = env.and_then(|e| self.env.get(e));
        env_sets
            .and_then(|s| s.level_for(rule))
            .or_else(|| self.top().level_for(rule))
            .unwrap_or(Level::from_severity(rule.severity))
    }

    /// Check every name and pattern: unknown codes (with the close ones), a
    /// name in two lists of one set, patterns that do not compile.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_sets("[lint]", &self.top())?;
        for (name, sets) in &self.env {
            check_sets(&format!("[env.{name}] lint"), sets)?;
        }
        for (which, pattern) in [
            ("table", &self.naming.table),
            ("column", &self.naming.column),
            ("index", &self.naming.index),
        ] {
            regex::Regex::new(pattern).map_err(|e| ConfigError::BadPattern {
                which,
                pattern: pattern.clone(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    }
}

fn check_sets(place: &str, sets: &LevelSets) -> Result<(), ConfigError> {
    let mut seen: BTreeMap<&str, &'static str> = BTreeMap::new();
    for (list, names, _) in sets.lists() {
        for name in names {
            if !is_known(name) {
                return Err(ConfigError::UnknownCode {
                    place: place.to_string(),
                    list,
                    name: name.clone(),
                    close: close_names(name),
                });
            }
            if let Some(first) = seen.insert(name, list) {
                if first != list {
                    return Err(ConfigError::Conflict {
                        place: place.to_string(),
                        name: name.clone(),
                        first,
                        second: list,
                    });
                }
            }
        }
    }
    Ok(())
}

/// Whether `name` is a rule code or a group name.
pub fn is_known(name: &str) -> bool {
    rules::find(name).is_some() || Group::ALL.iter().any(|g| g.as_str() == name)
}

/// Known codes and group names close to `name` (edit distance, or one
/// containing the other), closest first, at most three.
pub fn close_names(name: &str) -> Vec<String> {
    let names = rules::ALL.iter().map(|r| r.code).chain(Group::ALL.iter().map(|g| g.as_str()));
    let mut scored: Vec<(usize, &str)> = names
        .filter_map(|n| {
            let d = edit_distance(name, n);
            let close = d <= 3.max(name.len() / 4)
                || (name.len() >= 4 && (n.contains(name) || name.contains(n)));
            close.then_some((d, n))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, n)| n.to_string()).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{with_config, PG};

    fn config(toml_text: &str) -> LintConfig {
        toml::from_str(toml_text).unwrap()
    }

    #[test]
    fn codes_beat_groups_and_environments_beat_the_top_level() {
        let mut c = config("deny = [\"naming\"]\nallow = [\"prefer-timestamptz\"]\n");
        c.env.insert(
            "prod".into(),
            LevelSets {
                deny: vec!["data-loss".into(), "prefer-timestamptz".into()],
                ..Default::default()
            },
        );
        c.env.insert(
            "dev".into(),
            LevelSets { allow: vec!["data-loss".into()], ..Default::default() },
        );
        c.validate().unwrap();
        let rule = |code| rules::find(code).unwrap();
        assert_eq!(c.level(rule("prefer-bigint-id"), None), Level::Deny, "group");
        assert_eq!(c.level(rule("prefer-timestamptz"), None), Level::Allow, "code beats group");
        assert_eq!(c.level(rule("prefer-timestamptz"), Some("prod")), Level::Deny, "env beats top");
        assert_eq!(c.level(rule("on-delete-cascade"), None), Level::Warn, "default");
        assert_eq!(c.level(rule("on-delete-cascade"), Some("prod")), Level::Deny);
        assert_eq!(c.level(rule("drop-table"), Some("dev")), Level::Allow);
        assert_eq!(
            c.level(rule("drop-table"), Some("other")),
            Level::Deny,
            "unknown env: top level"
        );

        // The levels reach the report: dev allows data loss, prod denies it.
        let sql = "SET lock_timeout = '1s';\nDROP TABLE t;";
        let (dev, shown) = with_config(PG, sql, &c, Some("dev"));
        assert!(dev.findings.is_empty(), "{shown}");
        // 38 PostgreSQL rules, less the nine of data loss and prefer-timestamptz.
        assert_eq!(dev.rules_run, 38 - 9 - 1, "{shown}");
        let (prod, _) = with_config(PG, sql, &c, Some("prod"));
        assert_eq!(prod.errors(), 1);
        assert_eq!(prod.risk(), crate::lint::Risk::High);
    }

    #[test]
    fn unknown_names_and_conflicts_are_errors() {
        let err = config("deny = [\"index-without-concurently\"]").validate().unwrap_err();
        insta::assert_snapshot!(err.to_string(), @"[lint] deny: unknown rule or group `index-without-concurently` (did you mean `index-without-concurrently`, `reindex-without-concurrently`, `drop-index-without-concurrently`?)");
        let err = config("warn = [\"zzz\"]").validate().unwrap_err();
        insta::assert_snapshot!(err.to_string(), @"[lint] warn: unknown rule or group `zzz` (run `sluice lint --rules` for the list)");
        let mut c = LintConfig::default();
        c.env.insert(
            "ci".into(),
            LevelSets {
                deny: vec!["locking".into()],
                allow: vec!["locking".into()],
                ..Default::default()
            },
        );
        let err = c.validate().unwrap_err();
        insta::assert_snapshot!(err.to_string(), @"[env.ci] lint: `locking` is listed in both `deny` and `allow`");
        let err = config("[naming]\ntable = \"(\"").validate().unwrap_err();
        assert!(
            err.to_string().starts_with("[lint] naming.table: invalid regular expression"),
            "{err}"
        );
        assert!(toml::from_str::<LintConfig>("denny = []").is_err(), "unknown keys are refused");
    }
}
