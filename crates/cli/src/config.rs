//! `sluice.toml`: found like cargo finds Cargo.toml (the given path, or
//! the nearest one in this folder or above), read with paths relative to
//! its own folder, `${VAR}` references expanded from the environment.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use sluice_migrate::lint::{LevelSets, LintConfig};
use sluice_schema::Dialect;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "sluice.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub dialect: String,
    #[serde(default = "default_schema")]
    pub schema: Vec<String>,
    #[serde(default = "default_migrations")]
    pub migrations: String,
    #[serde(default)]
    pub env: BTreeMap<String, toml::Table>,
    /// `[dev] url = "..."`: a scratch server for exact mode.
    #[serde(default)]
    pub dev: Option<toml::Table>,
    /// `[lint]`: rule levels, naming patterns, banned types.
    #[serde(default)]
    pub lint: Option<LintConfig>,
    /// `[auth]`: Better Auth's tables (typed, unknown keys located).
    #[serde(default)]
    pub auth: Option<sluice_auth::AuthConfig>,
    /// `[reviewers]`: name -> OpenSSH public key, for signed approvals.
    #[serde(default)]
    pub reviewers: BTreeMap<String, String>,
    #[serde(default)]
    pub workflow: Workflow,
    #[serde(default)]
    pub notify: Notify,
    /// `[drizzle]`: options of drizzle schema sources and of `pull --emit drizzle`.
    #[serde(default)]
    pub drizzle: Option<DrizzleConfig>,
}

/// `[workflow]`: the project's own steps around `sluice migrate`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// A shell command run after apply and sync (`pnpm test`); success
    /// marks the migration Tested.
    pub test: Option<String>,
}

/// `[notify]`: where review and rollout events are posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notify {
    /// A URL receiving a JSON POST per event (Slack-compatible `text`).
    pub webhook: Option<String>,
}

/// `[drizzle]` in sluice.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrizzleConfig {
    /// How columns declared without a name are named: "snake_case",
    /// "camelCase" (drizzle's `casing` option) or "preserve" (the default).
    pub casing: Option<String>,
    /// The `mode` `pull --emit drizzle` gives bigint columns: "bigint"
    /// (the default: no precision lost) or "number".
    pub bigint_mode: Option<String>,
}

fn default_schema() -> Vec<String> {
    vec!["schema/*.sql".to_string()]
}
fn default_migrations() -> String {
    "migrations".to_string()
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The folder holding sluice.toml; relative paths start here.
    pub root: PathBuf,
    pub path: PathBuf,
    pub dialect: Dialect,
    pub schema: Vec<String>,
    pub migrations: PathBuf,
    /// `[env.NAME]` tables, each with at least a `url`.
    pub env: BTreeMap<String, toml::Table>,
    /// `[dev] url`: the scratch server of exact mode (unexpanded).
    pub dev_url: Option<String>,
    pub reviewers: BTreeMap<String, String>,
    pub workflow: Workflow,
    pub notify: Notify,
    /// `[auth]`, when present.
    pub auth: Option<sluice_auth::AuthConfig>,
    /// `[lint]` with each environment's `lint = { ... }`, validated.
    pub lint: LintConfig,
    /// `[drizzle]` options.
    pub drizzle: DrizzleConfig,
}

/// Find the config: `explicit` if given, else sluice.toml in `start` or the
/// nearest parent folder.
pub fn find(explicit: Option<&Path>, start: &Path) -> Result<PathBuf> {
    if let Some(p) = explicit {
        if !p.is_file() {
            bail!("config file {} does not exist", p.display());
        }
        return Ok(p.to_path_buf());
    }
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Ok(candidate);
        }
        dir = d.parent();
    }
    bail!(
        "no {FILE_NAME} in {} or any parent folder\n  help: run `sluice init` to create a project here, or pass --config PATH",
        start.display()
    )
}

pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Config> {
    let path = find(explicit, start)?;
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    parse(&path, &text)
}

pub fn parse(path: &Path, text: &str) -> Result<Config> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let loc = e
            .span()
            .map(|s| {
                let (l, c) = line_col(text, s.start);
                format!(":{l}:{c}")
            })
            .unwrap_or_default();
        anyhow::anyhow!("{}{loc}: {}", path.display(), e.message())
    })?;
    let dialect: Dialect =
        raw.dialect.parse().map_err(|e: String| anyhow::anyhow!("{}: {e}", path.display()))?;
    for (name, table) in &raw.env {
        if !matches!(table.get("url"), Some(toml::Value::String(_))) {
            bail!("{}: [env.{name}] needs `url = \"...\"` (a connection URL, `${{DATABASE_URL}}`, or sqlite://file.db)", path.display());
        }
    }
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
    let dev_url = match raw.dev.as_ref().map(|d| d.get("url")) {
        None | Some(None) => None,
        Some(Some(toml::Value::String(u))) => Some(u.clone()),
        Some(Some(_)) => bail!("{}: [dev] url must be a string", path.display()),
    };
    for (name, table) in &raw.env {
        policy_of(path, name, table)?;
    }
    if let Some(auth) = &raw.auth {
        auth.validate().map_err(|e| {
            let at = e
                .key
                .as_deref()
                .and_then(|k| text.find(k.rsplit('.').next().unwrap_or(k)))
                .map(|o| {
                    let (l, c) = line_col(text, o);
                    format!(":{l}:{c}")
                })
                .unwrap_or_default();
            anyhow::anyhow!("{}{at}: {e}", path.display())
        })?;
    }
    let lint = lint_config(path, raw.lint, &raw.env)?;
    Ok(Config {
        lint,
        reviewers: raw.reviewers,
        workflow: raw.workflow,
        notify: raw.notify,
        auth: raw.auth,
        dev_url,
        migrations: root.join(&raw.migrations),
        root,
        path: path.to_path_buf(),
        dialect,
        schema: raw.schema,
        env: raw.env,
        drizzle: raw.drizzle.unwrap_or_default(),
    })
}

/// `[lint]` plus each `[env.NAME] lint = { ... }`; unknown rule codes or
/// groups are errors naming the close ones.
fn lint_config(
    path: &Path,
    top: Option<LintConfig>,
    envs: &BTreeMap<String, toml::Table>,
) -> Result<LintConfig> {
    let mut lint = top.unwrap_or_default();
    for (name, table) in envs {
        if let Some(v) = table.get("lint") {
            let sets: LevelSets = v.clone().try_into().map_err(|e: toml::de::Error| {
                anyhow::anyhow!("{}: [env.{name}] lint: {}", path.display(), e.message())
            })?;
            lint.env.insert(name.clone(), sets);
        }
    }
    lint.validate().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(lint)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Expand `${VAR}` from the environment; a missing variable is an error
/// naming it (never an empty string that would connect somewhere else).
pub fn expand_env(value: &str) -> Result<String> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else { bail!("unclosed ${{ in a url of sluice.toml") };
        let var = &after[..end];
        match std::env::var(var) {
            Ok(v) => out.push_str(&v),
            Err(_) => bail!("environment variable {var} is not set (sluice.toml uses it in a url)\n  help: set {var}, or pass --url"),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn policy_of(path: &Path, name: &str, table: &toml::Table) -> Result<sluice_migrate::gate::Policy> {
    toml::Value::Table(table.clone()).try_into().map_err(|e: toml::de::Error| {
        anyhow::anyhow!("{}: [env.{name}]: {}", path.display(), e.message())
    })
}

impl Config {
    /// The review policy of an environment (the defaults when it has no
    /// `[env.NAME]` table: no approvals needed, backups on).
    pub fn policy(&self, env: &str) -> Result<sluice_migrate::gate::Policy> {
        match self.env.get(env) {
            Some(t) => policy_of(&self.path, env, t),
            None => Ok(sluice_migrate::gate::Policy::default()),
        }
    }

    /// The schema files the globs select, sorted, de-duplicated. A glob
    /// that selects nothing is an error: a typo must not mean "empty schema".
    pub fn schema_files(&self) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for pattern in &self.schema {
            let full = self.root.join(pattern);
            let full_s = full.to_string_lossy();
            let mut matched = 0;
            if full.is_dir() {
                for e in std::fs::read_dir(&full)? {
                    let p = e?.path();
                    if p.extension().is_some_and(|x| x == "sql")
                        || sluice_drizzle::is_drizzle_source(&p)
                    {
                        files.push(p);
                        matched += 1;
                    }
                }
            } else {
                for entry in glob::glob(&full_s).with_context(|| {
                    format!("bad schema pattern `{pattern}` in {}", self.path.display())
                })? {
                    let p = entry?;
                    if p.is_file() {
                        files.push(p);
                        matched += 1;
                    }
                }
            }
            if matched == 0 {
                bail!(
                    "schema pattern `{pattern}` in {} matches no file\n  help: create a schema file there, or fix `schema = [...]` in {}",
                    self.path.display(),
                    self.path.display()
                );
            }
        }
        files.sort();
        files.dedup();
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_have_locations() {
        let err =
            parse(Path::new("sluice.toml"), "dialect = \"sqlite\"\nschema = 3\n").unwrap_err();
        assert!(err.to_string().starts_with("sluice.toml:2:10"), "{err}");
        let err = parse(Path::new("sluice.toml"), "dialect = \"oracle\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown dialect `oracle`"), "{err}");
        let err =
            parse(Path::new("sluice.toml"), "dialect = \"sqlite\"\nshema = []\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `shema`"), "{err}");
    }

    #[test]
    fn lint_tables_are_typed_and_checked() {
        let ok = "dialect = \"postgres\"\n[lint]\ndeny = [\"locking\"]\nallow = [\"prefer-timestamptz\"]\n[env.prod]\nurl = \"x\"\nlint = { deny = [\"data-loss\"] }\n";
        let c = parse(Path::new("sluice.toml"), ok).unwrap();
        assert_eq!(c.lint.deny, ["locking"]);
        assert_eq!(c.lint.env["prod"].deny, ["data-loss"]);
        let err = parse(
            Path::new("sluice.toml"),
            "dialect = \"postgres\"\n[lint]\ndeny = [\"drop-tabel\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("drop-tabel") && err.contains("drop-table"), "{err}");
        let err = parse(
            Path::new("sluice.toml"),
            "dialect = \"postgres\"\n[env.prod]\nurl = \"x\"\nlint = { deny = [\"lockin\"] }\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("[env.prod] lint") && err.contains("`locking`"), "{err}");
        let err = parse(Path::new("sluice.toml"), "dialect = \"postgres\"\n[lint]\nden = []\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("sluice.toml:3:1"), "{err}");
    }

    #[test]
    fn env_expansion() {
        std::env::set_var("SLUICE_TEST_EXPAND", "x");
        assert_eq!(expand_env("a${SLUICE_TEST_EXPAND}b").unwrap(), "axb");
        let err = expand_env("${SLUICE_TEST_UNSET_VAR_42}").unwrap_err().to_string();
        assert!(err.contains("SLUICE_TEST_UNSET_VAR_42"), "{err}");
    }
}
