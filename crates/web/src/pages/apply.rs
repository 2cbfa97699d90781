//! Apply from the page: the same gate, lock, history and audit as
//! `sluice apply`, run on a blocking thread; the job page shows progress
//! live (server-sent events, per statement) and, without script, what has
//! happened so far.

use super::layout::{frame, urlencode};
use crate::backend::Progress;
use crate::{Action, AppError, AppState, Ctx};
use axum::extract::{Form, Path, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use maud::{html, Markup};

#[derive(serde::Deserialize)]
pub struct ApplyForm {
    csrf: Option<String>,
    env: Option<String>,
    /// `yes`: as `--allow-data-loss` (the policy's `data_loss_needs_flag`).
    allow_data_loss: Option<String>,
}

pub async fn start(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(f): Form<ApplyForm>,
) -> Result<Response, AppError> {
    ctx.check_csrf(f.csrf.as_deref())?;
    let (actor, _) = ctx.require(Action::Apply)?;
    let allow_data_loss = f.allow_data_loss.as_deref() == Some("yes");
    let env = st.env(f.env)?;
    let (id, job) = st.jobs.start(&env, &actor);
    let backend = st.backend.clone();
    tokio::task::spawn_blocking(move || {
        let end = match backend.apply(&job.env, &job.actor, allow_data_loss, &mut |p| job.push(p)) {
            Ok(applied) => Progress::Finished { applied },
            Err(e) if e.refused => Progress::Refused { message: e.to_string() },
            Err(e) => Progress::Failed { message: e.to_string() },
        };
        job.push(end);
    });
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, format!("/apply/{id}"))]).into_response())
}

pub async fn page(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    ctx.require(Action::Read)?;
    let job = st
        .jobs
        .get(&id)
        .ok_or_else(|| AppError::NotFound(format!("no apply `{id}` on this server")))?;
    let events = job.events();
    let body = html! {
        p { "Started by " strong { (job.actor) } ". "
            a href={ "/history?env=" (urlencode(&job.env)) } { "History of " (job.env) } " · "
            a href={ "/audit?env=" (urlencode(&job.env)) } { "Audit" } }
        p #status data-events={ "/apply/" (id) "/events" } {
            @if job.finished() { "Finished." } @else { "Running…" }
        }
        ol #events {
            @for p in &events { li class=(class_of(p)) { (describe(p)) } }
        }
        @if !job.finished() { noscript { p { "Reload the page to see more." } } }
    };
    Ok(frame(&format!("Apply to {}", job.env), &ctx, body))
}

pub async fn events(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    ctx.require(Action::Read)?;
    let job = st
        .jobs
        .get(&id)
        .ok_or_else(|| AppError::NotFound(format!("no apply `{id}` on this server")))?;
    Ok(Sse::new(job.stream()).keep_alive(KeepAlive::default()).into_response())
}

fn class_of(p: &Progress) -> &'static str {
    match p {
        Progress::StatementDone { .. } | Progress::Done { .. } | Progress::Finished { .. } => "ok",
        Progress::Failed { .. } | Progress::Refused { .. } => "fail",
        _ => "",
    }
}

/// The event in words (the script says the same).
pub fn describe(p: &Progress) -> String {
    match p {
        Progress::GatePassed { migrations } if migrations.is_empty() => {
            "gate: nothing pending".into()
        }
        Progress::GatePassed { migrations } => format!("gate passed: {}", migrations.join(", ")),
        Progress::WaitingForLock => {
            "waiting for the migration lock (another apply holds it)".into()
        }
        Progress::Locked => "lock acquired".into(),
        Progress::Start { migration, statements, skip } => {
            format!(
                "{migration}: {statements} statement(s){}",
                if *skip > 0 { format!(", resuming after {skip}") } else { String::new() }
            )
        }
        Progress::Statement { migration, index, total, sql } => {
            format!("{migration}: statement {index}/{total}: {}", sql.lines().next().unwrap_or(""))
        }
        Progress::StatementDone { migration, index, ms } => {
            format!("{migration}: statement {index} ok ({ms} ms)")
        }
        Progress::BackedUp { migration, detail } => format!("{migration}: {detail}"),
        Progress::Done { migration, ms } => format!("applied {migration} in {ms} ms"),
        Progress::Finished { applied } => format!("finished: {applied} migration(s) applied"),
        Progress::Refused { message } => format!("refused: {message}"),
        Progress::Failed { message } => format!("failed: {message}"),
    }
}
