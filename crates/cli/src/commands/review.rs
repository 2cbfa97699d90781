//! `sluice review [V]`, `sluice approve V`, `sluice reject V`: the review
//! step. Review shows a migration as a reviewer needs it (the SQL, what it
//! does to existing data, its risk, the decisions so far and what each
//! environment still requires); approve and reject record a decision in the
//! migration's review.toml, bound to the checksum of its up.sql and, with
//! `--key`, signed with the reviewer's SSH key.

use super::Global;
use crate::cli::{ApproveArgs, RejectArgs, ReviewArgs};
use crate::commands::apply::parse_version;
use crate::config::Config;
use crate::connect::actor;
use crate::failure::{CmdResult, Failure};
use crate::gate::assess;
use crate::notify;
use crate::project::Project;
use sluice_migrate::apply::{checksum, now_rfc3339};
use sluice_migrate::gate::{verdict, Verdict};
use sluice_migrate::review::{signed_text, Decision, Review};
use sluice_migrate::{signing, Migration};
use std::process::ExitCode;

pub fn find<'m>(migrations: &'m [Migration], version: &str) -> CmdResult<&'m Migration> {
    let v = parse_version(version)?;
    migrations.iter().find(|m| m.version == v).ok_or_else(|| {
        Failure::with_help(
            format!("no migration {v:04} in the migrations folder"),
            "`sluice status` lists the migrations",
        )
    })
}

pub fn load_review(m: &Migration) -> CmdResult<Review> {
    Review::load(m).map_err(|e| {
        Failure::with_help(e.to_string(), "fix review.toml, or restore it from version control")
    })
}

/// With `--env`: the decision goes into that database's audit log now
/// (otherwise apply records the approvals that count when it runs).
fn audit_decision(
    project: &Project,
    env: Option<&str>,
    m: &Migration,
    event: &str,
    by: &str,
    detail: String,
) -> CmdResult<()> {
    let Some(env) = env else { return Ok(()) };
    let target = crate::connect::resolve(&project.config, Some(env), None)?;
    let mut driver = crate::connect::connect(&project.config, &target)?;
    driver.ensure_meta()?;
    driver.append_audit(&sluice_migrate::AuditEvent {
        event: event.into(),
        version: Some(m.version),
        actor: by.into(),
        env: target.env.clone(),
        detail,
    })?;
    Ok(())
}

/// The gate's verdict on `m` in each of `envs`, with the environment a
/// policy's `after` names (rollout order needs that environment's history:
/// apply checks it).
pub fn env_verdicts(
    config: &Config,
    migrations: &[Migration],
    m: &Migration,
    review: &Review,
    envs: &[String],
) -> CmdResult<Vec<(String, Verdict, Option<String>)>> {
    let mut per_env = Vec::new();
    for env in envs {
        let a = assess(config, migrations, m, Some(env));
        let mut policy = config.policy(env)?;
        let after = policy.after.take();
        let input = a.gate_input(config, m, review, false, None);
        per_env.push((env.clone(), verdict(env, &policy, &input), after));
    }
    Ok(per_env)
}

/// Record an approval or rejection: into review.toml (bound to the
/// up.sql checksum the decision carries), into the audit log of `env` when
/// one is named, and to the team.
pub fn record_decision(
    project: &Project,
    m: &Migration,
    decision: Decision,
    approve: bool,
    env: Option<&str>,
) -> CmdResult<()> {
    let mut review = load_review(m)?;
    let by = decision.by.clone();
    let signed = decision.signature.is_some();
    let comment = decision.comment.clone();
    let (event, detail, note) = if approve {
        let detail = format!(
            "approved{}{}",
            if signed { ", signed" } else { "" },
            comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default()
        );
        review.approvals.push(decision);
        (
            "approved",
            detail,
            if signed { "signed approval".to_string() } else { "approval".to_string() },
        )
    } else {
        let c = comment.unwrap_or_default();
        review.rejections.push(decision);
        ("rejected", c.clone(), c)
    };
    save_review(m, &review)?;
    audit_decision(project, env, m, event, &by, detail)?;
    notify::send(
        &project.config,
        &notify::Event { event, migration: Some(m), env: None, actor: &by, detail: note },
    );
    Ok(())
}

/// Mark `m` as waiting for review (once) and tell the team.
pub fn request_review(project: &Project, m: &Migration, actor: &str) -> CmdResult<()> {
    let mut review = load_review(m)?;
    if review.review_requested.is_some() {
        return Ok(());
    }
    review.review_requested = Some(now_rfc3339());
    save_review(m, &review)?;
    notify::send(
        &project.config,
        &notify::Event {
            event: "review_requested",
            migration: Some(m),
            env: None,
            actor,
            detail: "review requested".into(),
        },
    );
    Ok(())
}

fn save_review(m: &Migration, r: &Review) -> CmdResult<()> {
    r.save(m).map_err(|e| Failure::msg(e.to_string()))
}

pub fn review(g: &Global, args: ReviewArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let chosen: Vec<&Migration> = match &args.version {
        Some(v) => vec![find(&migrations, v)?],
        None => {
            let open: Vec<&Migration> = migrations
                .iter()
                .filter(|m| Review::load(m).map(|r| r.env.is_empty()).unwrap_or(true))
                .collect();
            if open.is_empty() {
                migrations.last().into_iter().collect()
            } else {
                open
            }
        }
    };
    if chosen.is_empty() {
        println!("no migrations yet: `sluice generate` writes the first");
        return Ok(ExitCode::SUCCESS);
    }
    let envs: Vec<String> = match &args.env {
        Some(e) => vec![e.clone()],
        None => project.config.env.keys().cloned().collect(),
    };
    let actor = actor();
    let mut out = Vec::new();
    let mut blocked = false;
    for m in chosen {
        if args.request {
            request_review(&project, m, &actor)?;
        }
        let review = load_review(m)?;
        // Findings at the levels of the one environment asked about, else
        // the top-level levels.
        let a = assess(&project.config, &migrations, m, args.env.as_deref());
        let per_env = env_verdicts(&project.config, &migrations, m, &review, &envs)?;
        blocked |= per_env.iter().any(|(_, v, _)| !v.allowed());
        if json {
            out.push(serde_json::json!({
                "migration": m.dir_name,
                "state": review.review_state(&m.up),
                "author": review.author,
                "risk": a.risk,
                "up_sql_sha256": checksum(&m.up),
                "lint": sluice_migrate::lint::render::report_json(&a.lint, &m.up),
                "effects": a.effects.iter().map(|(i, e)| serde_json::json!({"statement": i, "effect": e.describe(), "loses_data": e.loses_data()})).collect::<Vec<_>>(),
                "approvals": review.valid_approvals(&m.up),
                "stale_approvals": review.stale_approvals(&m.up),
                "rejections": review.standing_rejections(&m.up),
                "environments": per_env.iter().map(|(e, v, after)| serde_json::json!({"env": e, "verdict": v, "after": after})).collect::<Vec<_>>(),
                "up_sql": m.up,
            }));
            continue;
        }
        println!("== {} ==", m.dir_name);
        println!(
            "state: {}   risk: {}   author: {}   up.sql sha256: {}",
            review.review_state(&m.up),
            a.risk.as_str(),
            if review.author.is_empty() { "(unknown)" } else { &review.author },
            &checksum(&m.up)[..12]
        );
        println!("\n{}", m.up.trim_end());
        println!();
        if a.effects.iter().any(|(_, e)| e.loses_data()) {
            println!("what it does to existing data:");
            for (i, e) in a.effects.iter().filter(|(_, e)| e.loses_data()) {
                println!(
                    "  statement {i}: {} (backed up before it runs where backup is on)",
                    e.describe()
                );
            }
        } else {
            println!("what it does to existing data: nothing is lost");
        }
        if a.lint.findings.is_empty() {
            println!("lint: no findings ({} rules ran)\n", a.lint.rules_run);
        } else {
            println!("{}", sluice_migrate::lint::render::human(&a.lint, &m.up));
        }
        for d in review.valid_approvals(&m.up) {
            let signed = if d.signature.is_some() { " (signed)" } else { "" };
            println!(
                "approved by {} at {}{signed}{}",
                d.by,
                d.at,
                d.comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default()
            );
        }
        for d in review.stale_approvals(&m.up) {
            match review.copied_from(d) {
                Some(other) => println!(
                    "void: approval by {} at {} was given for migration {other} (copied into this review.toml)",
                    d.by, d.at
                ),
                None => println!("void: approval by {} at {} was for an earlier up.sql", d.by, d.at),
            }
        }
        for d in review.standing_rejections(&m.up) {
            println!("rejected by {} at {}: {}", d.by, d.at, d.comment.as_deref().unwrap_or(""));
        }
        for (env, v, after) in &per_env {
            let order = after
                .as_ref()
                .map(|a| format!(" (after {a}: checked at apply)"))
                .unwrap_or_default();
            if v.allowed() {
                println!("{env}: ready{order}");
            } else {
                println!("{env}: needs{order}");
                for x in &v.missing {
                    println!("  - {x}");
                }
            }
            for x in &v.void_approvals {
                println!("  - approval not counted: {x}");
            }
        }
        println!();
    }
    if json {
        println!("{}", serde_json::Value::Array(out));
    }
    Ok(if blocked { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn approve(g: &Global, args: ApproveArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let m = find(&migrations, &args.version)?;
    let review = load_review(m)?;
    let by = args.as_name.unwrap_or_else(actor);
    let mut decision = Decision {
        by: by.clone(),
        at: args.at.unwrap_or_else(now_rfc3339),
        checksum: checksum(&m.up),
        migration: Some(m.dir_name.clone()),
        comment: args.comment,
        signature: None,
    };
    let text = signed_text(&m.dir_name, &decision, "approval");
    if args.print_payload {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(key) = &args.key {
        decision.signature =
            Some(signing::sign(key, &text).map_err(|e| Failure::msg(e.to_string()))?);
    } else if let Some(path) = &args.signature {
        let sig = std::fs::read_to_string(path)
            .map_err(|e| Failure::msg(format!("{}: {e}", path.display())))?;
        decision.signature = Some(sig);
    }
    if let (Some(sig), Some(key)) = (&decision.signature, project.config.reviewers.get(&by)) {
        let key = signing::public_key(&by, key).map_err(|e| Failure::msg(e.to_string()))?;
        signing::verify(&key, &text, sig).map_err(|_| {
            Failure::with_help(
                format!("the signature does not verify with {by}'s public key in [reviewers]"),
                "sign with the private key that matches it (and the same --at when signing elsewhere)",
            )
        })?;
    }
    if !json && review.author == by {
        eprintln!("note: {by} is the author of {}; environments with allow_self_approval = false will not count this approval", m.dir_name);
    }
    let signed = decision.signature.is_some();
    record_decision(&project, m, decision, true, args.env.as_deref())?;
    if json {
        println!(
            "{}",
            serde_json::json!({ "approved": m.dir_name, "by": by, "signed": signed, "up_sql_sha256": checksum(&m.up) })
        );
    } else {
        println!(
            "approved {} as {by}{} (bound to up.sql sha256 {}: editing it voids this approval)",
            m.dir_name,
            if signed { ", signed" } else { "" },
            &checksum(&m.up)[..12]
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn reject(g: &Global, args: RejectArgs, json: bool) -> CmdResult<ExitCode> {
    let project = Project::load(g.config, g.dev_url)?;
    let migrations = project.migrations.load_verified()?;
    let m = find(&migrations, &args.version)?;
    let by = args.as_name.unwrap_or_else(actor);
    let decision = Decision {
        by: by.clone(),
        at: now_rfc3339(),
        checksum: checksum(&m.up),
        migration: Some(m.dir_name.clone()),
        comment: Some(args.comment.clone()),
        signature: None,
    };
    record_decision(&project, m, decision, false, args.env.as_deref())?;
    if json {
        println!(
            "{}",
            serde_json::json!({ "rejected": m.dir_name, "by": by, "comment": args.comment })
        );
    } else {
        println!("rejected {} as {by}: {}", m.dir_name, args.comment);
    }
    Ok(ExitCode::SUCCESS)
}
