//! One migration: its up and down SQL (lines numbered, the lines lint
//! findings point at marked), the change in words, what it does to data,
//! the findings, its risk, the decisions so far and what each environment
//! still needs; request review, approve and reject.

use super::layout::{badge, csrf, env_tabs, frame, urlencode};
use super::EnvQuery;
use crate::backend::{Decide, DecisionView, MigrationDetail};
use crate::{Action, AppError, AppState, Ctx};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use maud::{html, Markup};
use serde::Deserialize;

fn version_of(s: &str) -> Result<u32, AppError> {
    let digits = s.split('_').next().unwrap_or(s);
    digits.parse().map_err(|_| {
        AppError::NotFound(format!("`{s}` is not a migration version (use e.g. 3 or 0003)"))
    })
}

pub async fn page(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(v): Path<String>,
    Query(q): Query<EnvQuery>,
) -> Result<Markup, AppError> {
    let (_, role) = ctx.require(Action::Read)?;
    let version = version_of(&v)?;
    let env = st.env(q.env)?;
    let e = env.clone();
    let m = st.call(move |b| b.migration(version, &e)).await?;
    let path = format!("/migrations/{version}");
    Ok(frame(&m.dir_name.clone(), &ctx, render(&st, &ctx, role, &env, &path, &m)))
}

fn render(
    st: &AppState,
    ctx: &Ctx,
    role: crate::Role,
    env: &str,
    path: &str,
    m: &MigrationDetail,
) -> Markup {
    let flagged: Vec<usize> = m.findings.iter().filter_map(|f| f.line).collect();
    html! {
        (env_tabs(st, env, path))
        p {
            "State " (badge(&m.state)) " · risk " (badge(&m.risk))
            " · author " (if m.author.is_empty() { "(unknown)" } else { &m.author })
            " · up.sql sha256 " code { (m.checksum.get(..12).unwrap_or(&m.checksum)) }
        }
        h2 { "What needs to happen" }
        table #gates {
            thead { tr { th { "Environment" } th { "Verdict" } th { "Approvals" } th { "Still needed" } } }
            tbody {
                @for g in &m.gates {
                    tr {
                        td { (g.env) }
                        td { @if g.allowed { (badge("ready")) } @else { (badge("blocked")) } }
                        td { (g.approved_by.len()) "/" (g.approvals_needed)
                             @if !g.approved_by.is_empty() { " (" (g.approved_by.join(", ")) ")" } }
                        td {
                            ul {
                                @for x in &g.missing { li { (x) } }
                                @for x in &g.void_approvals { li { "approval not counted: " (x) } }
                                @if let Some(a) = &g.after { li { "after " (a) ": checked at apply" } }
                            }
                        }
                    }
                }
            }
        }
        h2 { "The change in words" }
        @if m.changes.is_empty() { p { "No snapshot to compare: see the SQL." } }
        ul { @for c in &m.changes { li { (c) } } }
        h2 { "What it does to existing data" }
        @if m.effects.iter().all(|(_, _, lost)| !lost) { p { "Nothing is lost." } }
        ul {
            @for (i, e, lost) in &m.effects {
                @if *lost { li.error { "statement " (i) ": " (e) " (backed up before it runs where backup is on)" } }
            }
        }
        h2 { "Lint" }
        @if m.findings.is_empty() { p { "No findings (" (m.rules_run) " rules ran)." } }
        @for f in &m.findings {
            div class={ "finding " (f.severity) } {
                strong { (f.severity) " " (f.code) } ": " (f.message)
                @if let (Some(l), Some(c)) = (f.line, f.column) {
                    " — " a href={ "#up-L" (l) } { "up.sql:" (l) ":" (c) }
                }
                @if let Some(s) = f.statement { " (statement " (s) ")" }
                br; span.help { "help: " (f.help) }
                @if let Some(fix) = &f.fix { pre { (fix) } }
            }
        }
        h2 { "up.sql" }
        (sql_lines("up", &m.up, &flagged))
        h2 { "down.sql" }
        (sql_lines("down", &m.down, &[]))
        h2 { "Decisions" }
        (decisions("approved", &m.approvals))
        (decisions("rejected", &m.rejections))
        @if !m.stale_approvals.is_empty() {
            p.help { "Void (given for an earlier up.sql):" }
            (decisions("void", &m.stale_approvals))
        }
        @if m.approvals.is_empty() && m.rejections.is_empty() { p { "No decisions yet." } }
        @if role.may(Action::RequestReview) && !m.review_requested {
            form method="post" action={ "/migrations/" (m.version) "/request" } {
                (csrf(ctx))
                button type="submit" { "Request review" }
            }
        }
        @if role.may(Action::Decide) {
            h2 { "Your decision" }
            p.help { "Bound to up.sql sha256 " code { (m.checksum.get(..12).unwrap_or(&m.checksum)) } ": editing up.sql voids it." }
            form #decide method="post" action={ "/migrations/" (m.version) "/approve?env=" (urlencode(env)) } {
                (csrf(ctx))
                p { label { "Comment" br; textarea name="comment" rows="3" {} } }
                button type="submit" { "Approve" }
                " "
                button type="submit" formaction={ "/migrations/" (m.version) "/reject?env=" (urlencode(env)) } { "Reject" }
            }
        }
    }
}

fn decisions(kind: &str, list: &[DecisionView]) -> Markup {
    html! {
        ul {
            @for d in list {
                li {
                    (kind) " by " strong { (d.by) } " at " (d.at)
                    @if d.signed { " (signed)" }
                    @if let Some(c) = &d.comment { ": " q { (c) } }
                }
            }
        }
    }
}

/// SQL with numbered lines, the `flagged` ones marked.
fn sql_lines(id: &str, sql: &str, flagged: &[usize]) -> Markup {
    html! {
        pre.sql {
            @for (i, line) in sql.lines().enumerate() {
                span id={ (id) "-L" (i + 1) } class={ "sql-line" @if flagged.contains(&(i + 1)) { " flagged" } } {
                    (format!("{:>4}  ", i + 1)) (line) "\n"
                }
            }
        }
    }
}

fn back(version: u32, env: &str) -> Response {
    let to = format!("/migrations/{version}?env={}", urlencode(env));
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

#[derive(Deserialize)]
pub struct DecideForm {
    csrf: Option<String>,
    comment: Option<String>,
}

pub async fn request(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(v): Path<String>,
    Form(f): Form<super::CsrfForm>,
) -> Result<Response, AppError> {
    ctx.check_csrf(f.csrf.as_deref())?;
    let (name, _) = ctx.require(Action::RequestReview)?;
    let version = version_of(&v)?;
    st.call(move |b| b.request_review(version, &name)).await?;
    Ok(back(version, &st.options.env))
}

pub async fn approve(
    st: State<AppState>,
    ctx: Extension<Ctx>,
    v: Path<String>,
    q: Query<EnvQuery>,
    f: Form<DecideForm>,
) -> Result<Response, AppError> {
    decide(st, ctx, v, q, f, true).await
}

pub async fn reject(
    st: State<AppState>,
    ctx: Extension<Ctx>,
    v: Path<String>,
    q: Query<EnvQuery>,
    f: Form<DecideForm>,
) -> Result<Response, AppError> {
    decide(st, ctx, v, q, f, false).await
}

async fn decide(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(v): Path<String>,
    Query(q): Query<EnvQuery>,
    Form(f): Form<DecideForm>,
    approve: bool,
) -> Result<Response, AppError> {
    ctx.check_csrf(f.csrf.as_deref())?;
    let (by, _) = ctx.require(Action::Decide)?;
    let version = version_of(&v)?;
    let env = st.env(q.env)?;
    let comment = f.comment.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    if !approve && comment.is_none() {
        return Err(AppError::BadRequest(
            "a rejection needs a comment saying what to change: go back and write one".into(),
        ));
    }
    let d = Decide { approve, by, comment };
    let e = env.clone();
    st.call(move |b| b.decide(version, &d, &e)).await?;
    Ok(back(version, &env))
}
