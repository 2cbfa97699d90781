//! The dashboard's [`Backend`] over this project: each page calls the same
//! functions as the command it mirrors (`status`, `review`, `approve`,
//! `reject`, `apply`, `history`, `check`), so states, the gate and the
//! audit log are the CLI's. The project is loaded afresh per request
//! (approvals land in review.toml, migrations appear); the risk each
//! migration's checklist needs is cached by migration, up.sql checksum,
//! environment and config text, so the migrations page does not lint every
//! migration on every view; the desired schema's view is cached by the
//! text of the config and the schema files.

use crate::commands::apply::{after_apply, gated, notify_failure};
use crate::commands::check::{inspect, Inspection};
use crate::commands::review::{env_verdicts, find, load_review, record_decision, request_review};
use crate::commands::status::status;
use crate::commands::Global;
use crate::config::Config;
use crate::connect::{connect, resolve};
use crate::failure::{CmdResult, Failure};
use crate::gate::assess;
use crate::project::Project;
use sluice_migrate::apply::{apply, checksum, now_rfc3339, ApplyOptions, Event};
use sluice_migrate::gate::Risk;
use sluice_migrate::plan::plan;
use sluice_migrate::review::Decision;
use sluice_migrate::{AuditRow, Driver, HistoryRow, Migration, UserRow};
use sluice_schema::{Hints, Schema};
use sluice_web::backend::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// (dir name, up.sql checksum, env) -> risk.
type Risks = HashMap<(String, String, String), Risk>;

pub struct ProjectBackend {
    config: Option<PathBuf>,
    dev_url: Option<String>,
    /// The served environment first, then the others of sluice.toml.
    envs: Vec<String>,
    /// (dir name, up.sql checksum, env) -> risk, valid for one config text.
    risks: Mutex<(String, Risks)>,
    /// The desired schema's view, by checksum of sluice.toml and the
    /// schema files' text.
    desired: Mutex<Option<(String, SchemaView)>>,
}

fn err(f: Failure) -> BackendError {
    match f {
        Failure::Message { message, help } => BackendError { message, help, refused: false },
        Failure::Refused { message, help } => BackendError { message, help, refused: true },
        Failure::Sql(errors) => BackendError::with_help(
            format!(
                "the schema files have errors:\n{}",
                errors.iter().map(|e| e.short()).collect::<Vec<_>>().join("\n")
            ),
            "fix them (`sluice generate` shows each with its source line)",
        ),
    }
}

impl ProjectBackend {
    pub fn new(g: &Global, config: &Config, served: &str) -> Self {
        let mut envs = vec![served.to_string()];
        envs.extend(config.env.keys().filter(|e| *e != served).cloned());
        ProjectBackend {
            config: g.config.map(PathBuf::from),
            dev_url: g.dev_url.map(str::to_string),
            envs,
            risks: Mutex::new((String::new(), HashMap::new())),
            desired: Mutex::new(None),
        }
    }

    fn project(&self) -> CmdResult<Project> {
        Project::load(self.config.as_deref(), self.dev_url.as_deref())
    }

    fn driver(&self, project: &Project, env: &str) -> CmdResult<Box<dyn Driver>> {
        let target = resolve(&project.config, Some(env), None)?;
        connect(&project.config, &target)
    }

    fn run<T>(&self, f: impl FnOnce() -> CmdResult<T>) -> BResult<T> {
        f().map_err(err)
    }
}

fn decision_view(d: &Decision) -> DecisionView {
    DecisionView {
        by: d.by.clone(),
        at: d.at.clone(),
        comment: d.comment.clone(),
        signed: d.signature.is_some(),
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The change of `m` in words: the snapshot before it against its own.
fn changes_in_words(project: &Project, migrations: &[Migration], m: &Migration) -> Vec<String> {
    let i = migrations.iter().position(|x| x.version == m.version).unwrap_or(0);
    let Ok(Some(after)) = m.snapshot_schema() else { return Vec::new() };
    let before = migrations[..i]
        .iter()
        .rev()
        .find_map(|x| x.snapshot_schema().ok().flatten())
        .unwrap_or_else(|| Schema::empty(project.config.dialect));
    plan(project.dialect.as_ref(), &before, &after, &Hints::default())
        .changes
        .iter()
        .map(|c| c.describe())
        .collect()
}

fn table_views(project: &Project, schema: &Schema) -> Vec<TableView> {
    let dialect = project.config.dialect;
    let auth: Vec<String> = project
        .config
        .auth
        .as_ref()
        .and_then(|a| sluice_auth::resolve(a, dialect).ok())
        .map(|m| m.tables.iter().map(|t| t.physical.clone()).collect())
        .unwrap_or_default();
    let mut tables: Vec<TableView> = schema
        .tables
        .iter()
        .map(|t| TableView {
            name: t.name.to_string(),
            auth: auth.contains(&t.name.name),
            comment: t.comment.clone(),
            columns: t
                .columns
                .iter()
                .map(|c| ColumnView {
                    name: c.name.clone(),
                    ty: sluice_sql::types::render_type(&c.ty, dialect),
                    nullable: c.nullable,
                    default: c.default.as_ref().map(|d| d.to_string()),
                })
                .collect(),
            primary_key: t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default(),
            indexes: t
                .indexes
                .iter()
                .map(|i| IndexView {
                    name: i.name.clone(),
                    unique: i.unique,
                    keys: i
                        .keys
                        .iter()
                        .map(|k| match &k.target {
                            sluice_schema::model::IndexTarget::Column(c) => c.clone(),
                            sluice_schema::model::IndexTarget::Expr(e) => format!("({e})"),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect(),
            foreign_keys: t
                .foreign_keys
                .iter()
                .map(|f| ForeignKeyView {
                    name: f.name.clone(),
                    columns: f.columns.clone(),
                    references: format!("{}({})", f.ref_table, f.ref_columns.join(", ")),
                })
                .collect(),
        })
        .collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    tables
}

impl Backend for ProjectBackend {
    fn envs(&self) -> Vec<String> {
        self.envs.clone()
    }

    fn overview(&self, env: &str) -> BResult<Overview> {
        self.run(|| {
            let project = self.project()?;
            let migrations = project.migrations.load_verified()?;
            let target = resolve(&project.config, Some(env), None)?;
            let history = connect(&project.config, &target)?.history()?;
            let config_text = std::fs::read_to_string(&project.config.path).unwrap_or_default();
            let mut cache = self.risks.lock().expect("risk cache");
            if cache.0 != config_text {
                *cache = (config_text, HashMap::new());
            }
            let config = &project.config;
            let mut risk_of = |m: &Migration| {
                let key = (m.dir_name.clone(), checksum(&m.up), env.to_string());
                *cache
                    .1
                    .entry(key)
                    .or_insert_with(|| assess(config, &migrations, m, Some(env)).risk)
            };
            let st = status(config, &migrations, &history, env, &mut risk_of)?;
            Ok(Overview {
                env: target.env.clone(),
                target: target.redacted(),
                next: st.next.clone(),
                migrations: st
                    .rows
                    .iter()
                    .map(|r| StatusRow {
                        version: r.migration.version,
                        dir_name: r.migration.dir_name.clone(),
                        state: r.state.as_str().to_string(),
                        applied_at: r.history.as_ref().map(|h| h.applied_at.clone()),
                        applied_by: r.history.as_ref().map(|h| h.applied_by.clone()),
                        approvals: r.approvals,
                        approvals_needed: r.approvals_needed,
                        risk: r.risk.as_str().to_string(),
                        checklist: r.checklist.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
                    })
                    .collect(),
            })
        })
    }

    fn migration(&self, version: u32, env: &str) -> BResult<MigrationDetail> {
        self.run(|| {
            let project = self.project()?;
            let migrations = project.migrations.load_verified()?;
            let m = find(&migrations, &version.to_string())?;
            let review = load_review(m)?;
            let a = assess(&project.config, &migrations, m, Some(env));
            let gates = env_verdicts(&project.config, &migrations, m, &review, &self.envs)?;
            let sum = checksum(&m.up);
            Ok(MigrationDetail {
                version: m.version,
                dir_name: m.dir_name.clone(),
                state: review.state_in(Some(env), &m.up).as_str().to_string(),
                author: review.author.clone(),
                risk: a.risk.as_str().to_string(),
                checksum: sum,
                up: m.up.clone(),
                down: m.down.clone(),
                changes: changes_in_words(&project, &migrations, m),
                effects: a
                    .effects
                    .iter()
                    .map(|(i, e)| (*i, e.describe(), e.loses_data()))
                    .collect(),
                findings: a
                    .lint
                    .findings
                    .iter()
                    .map(|f| {
                        let at = f.span.as_ref().map(|s| line_col(&m.up, s.start));
                        FindingView {
                            code: f.code.to_string(),
                            severity: f.severity.as_str().to_string(),
                            message: f.message.clone(),
                            help: f.help.clone(),
                            fix: f.fix.clone(),
                            line: at.map(|a| a.0),
                            column: at.map(|a| a.1),
                            statement: f.statement.map(|s| s + 1),
                        }
                    })
                    .collect(),
                rules_run: a.lint.rules_run,
                review_requested: review.review_requested.is_some(),
                approvals: review.valid_approvals(&m.up).into_iter().map(decision_view).collect(),
                stale_approvals: review
                    .stale_approvals(&m.up)
                    .into_iter()
                    .map(decision_view)
                    .collect(),
                rejections: review
                    .standing_rejections(&m.up)
                    .into_iter()
                    .map(decision_view)
                    .collect(),
                gates: gates
                    .into_iter()
                    .map(|(env, v, after)| GateView {
                        env,
                        allowed: v.allowed(),
                        approvals_needed: v.approvals_needed,
                        approved_by: v.approved_by,
                        missing: v.missing,
                        void_approvals: v.void_approvals,
                        after,
                    })
                    .collect(),
            })
        })
    }

    fn request_review(&self, version: u32, actor: &str) -> BResult<()> {
        self.run(|| {
            let project = self.project()?;
            let migrations = project.migrations.load_verified()?;
            request_review(&project, find(&migrations, &version.to_string())?, actor)
        })
    }

    fn decide(&self, version: u32, d: &Decide, env: &str) -> BResult<()> {
        self.run(|| {
            let project = self.project()?;
            let migrations = project.migrations.load_verified()?;
            let m = find(&migrations, &version.to_string())?;
            let decision = Decision {
                by: d.by.clone(),
                at: now_rfc3339(),
                checksum: checksum(&m.up),
                migration: Some(m.dir_name.clone()),
                comment: d.comment.clone(),
                signature: None,
            };
            record_decision(&project, m, decision, d.approve, Some(env))
        })
    }

    fn apply(
        &self,
        env: &str,
        actor: &str,
        allow_data_loss: bool,
        events: &mut dyn FnMut(Progress),
    ) -> BResult<usize> {
        self.run(|| {
            let project = self.project()?;
            let config = &project.config;
            let migrations = project.migrations.load_verified()?;
            let target = resolve(config, Some(env), None)?;
            let policy = config.policy(&target.env)?;
            let opts = ApplyOptions {
                env: target.env.clone(),
                to: None,
                dry_run: false,
                resume: false,
                lock_timeout: Duration::from_secs(60),
                actor: actor.to_string(),
                backup: policy.backup,
            };
            let mut driver = connect(config, &target)?;
            let verdicts = gated(config, driver.as_mut(), &migrations, &opts, allow_data_loss)?;
            events(Progress::GatePassed {
                migrations: verdicts.iter().map(|v| v.migration.clone()).collect(),
            });
            let mut running: Option<(String, usize, Instant)> = None;
            let mut on_event = |e: Event<'_>| {
                let mut finish = |running: &mut Option<(String, usize, Instant)>| {
                    if let Some((migration, index, t)) = running.take() {
                        let ms = t.elapsed().as_millis() as u64;
                        events(Progress::StatementDone { migration, index, ms });
                    }
                };
                match e {
                    Event::WaitingForLock => events(Progress::WaitingForLock),
                    Event::Locked => events(Progress::Locked),
                    Event::Start { migration, statements, skip } => events(Progress::Start {
                        migration: migration.dir_name.clone(),
                        statements,
                        skip,
                    }),
                    Event::Statement { migration, index, total, sql } => {
                        finish(&mut running);
                        running = Some((migration.dir_name.clone(), index + 1, Instant::now()));
                        events(Progress::Statement {
                            migration: migration.dir_name.clone(),
                            index: index + 1,
                            total,
                            sql: sql.to_string(),
                        });
                    }
                    Event::BackedUp { migration, record } => events(Progress::BackedUp {
                        migration: migration.dir_name.clone(),
                        detail: format!(
                            "backed up {} row(s) of {} to {} (the next step {})",
                            record.rows, record.source, record.backup, record.reason
                        ),
                    }),
                    Event::Done { migration, elapsed } => {
                        finish(&mut running);
                        events(Progress::Done {
                            migration: migration.dir_name.clone(),
                            ms: elapsed.as_millis() as u64,
                        });
                    }
                }
            };
            let report = match apply(driver.as_mut(), &migrations, &opts, &mut on_event) {
                Ok(r) => r,
                Err(e) => {
                    let f = Failure::from(e);
                    notify_failure(config, &migrations, &opts, &f);
                    return Err(f);
                }
            };
            after_apply(config, driver.as_mut(), &migrations, &report, &verdicts, &opts)?;
            Ok(report.applied.len())
        })
    }

    fn history(&self, env: &str) -> BResult<Vec<HistoryRow>> {
        self.run(|| {
            let project = self.project()?;
            Ok(self.driver(&project, env)?.history()?)
        })
    }

    fn audit(&self, env: &str) -> BResult<Vec<AuditRow>> {
        self.run(|| {
            let project = self.project()?;
            Ok(self.driver(&project, env)?.audit()?)
        })
    }

    fn drift(&self, env: &str, actor: &str) -> BResult<DriftView> {
        self.run(|| {
            let project = self.project()?;
            let target = resolve(&project.config, Some(env), None)?;
            let Inspection { findings, applied_upto, unmanaged, .. } =
                inspect(&project, &target, actor, true)?;
            let strings = |v: &serde_json::Value, key: &str| -> Vec<String> {
                v[key]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                    .unwrap_or_default()
            };
            let sections = findings
                .iter()
                .map(|f| match f["kind"].as_str().unwrap_or_default() {
                    "drift" => DriftSection {
                        title: format!(
                            "Schema conflicts detected: {env} differs from migration {applied_upto:04}"
                        ),
                        items: strings(f, "differences")
                            .into_iter()
                            .map(|d| format!("the database has: {d}"))
                            .collect(),
                        sql: f["reconcile_sql"].as_str().map(str::to_string),
                        help: None,
                    },
                    "pending_migrations" => DriftSection {
                        title: "Migrations not applied yet".into(),
                        items: strings(f, "migrations"),
                        sql: None,
                        help: Some(format!("apply them: `sluice apply --env {env}`")),
                    },
                    "pending_changes" => DriftSection {
                        title: "The schema files have changes that are not in a migration".into(),
                        items: strings(f, "changes"),
                        sql: None,
                        help: Some("run `sluice generate`".into()),
                    },
                    _ => DriftSection {
                        title: "sluice.sum".into(),
                        items: vec![f["message"].as_str().unwrap_or_default().to_string()],
                        sql: None,
                        help: f["help"].as_str().map(str::to_string),
                    },
                })
                .collect();
            Ok(DriftView {
                env: target.env.clone(),
                target: target.redacted(),
                clean: findings.is_empty(),
                sections,
                unmanaged,
            })
        })
    }

    fn schema(&self, source: &SchemaSource) -> BResult<SchemaView> {
        self.run(|| {
            let project = self.project()?;
            let (title, schema) = match source {
                SchemaSource::Live(env) => {
                    (format!("live {env}"), self.driver(&project, env)?.introspect()?)
                }
                SchemaSource::Desired => {
                    let mut text = std::fs::read_to_string(&project.config.path)?;
                    for f in project.config.schema_files()? {
                        text.push_str(&std::fs::read_to_string(&f)?);
                    }
                    let key = checksum(&text);
                    let mut cache = self.desired.lock().expect("schema cache");
                    if let Some((k, view)) = cache.as_ref() {
                        if *k == key {
                            return Ok(view.clone());
                        }
                    }
                    let title = "desired (schema files)".to_string();
                    let tables = table_views(&project, &project.desired()?.0);
                    let view = SchemaView { title, tables };
                    *cache = Some((key, view.clone()));
                    return Ok(view);
                }
            };
            Ok(SchemaView { title, tables: table_views(&project, &schema) })
        })
    }

    fn users(&self) -> BResult<Vec<UserRow>> {
        self.run(|| {
            let project = self.project()?;
            Ok(self.driver(&project, &self.envs[0])?.users()?)
        })
    }

    fn put_user(&self, user: &UserRow) -> BResult<()> {
        self.run(|| {
            let project = self.project()?;
            Ok(self.driver(&project, &self.envs[0])?.put_user(user)?)
        })
    }

    fn remove_user(&self, name: &str) -> BResult<bool> {
        self.run(|| {
            let project = self.project()?;
            Ok(self.driver(&project, &self.envs[0])?.remove_user(name)?)
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn positions_are_one_based() {
        assert_eq!(super::line_col("a\nbc", 3), (2, 2));
        assert_eq!(super::line_col("abc", 0), (1, 1));
    }
}
