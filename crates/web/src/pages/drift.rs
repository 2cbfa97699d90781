//! Drift (`sluice check`): the live database against its last applied
//! migration, with the SQL that reconciles; migrations not applied; schema
//! changes not in a migration; the sum file.

use super::layout::{env_tabs, frame};
use super::EnvQuery;
use crate::{Action, AppError, AppState, Ctx};
use axum::extract::{Query, State};
use axum::Extension;
use maud::{html, Markup};

pub async fn page(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<EnvQuery>,
) -> Result<Markup, AppError> {
    let (actor, _) = ctx.require(Action::Read)?;
    let env = st.env(q.env)?;
    let e = env.clone();
    let d = st.call(move |b| b.drift(&e, &actor)).await?;
    let body = html! {
        (env_tabs(&st, &env, "/drift"))
        p { "Database: " code { (d.target) } }
        @if d.clean { p.clean { "Clean: the database matches its migrations, the schema files match the migrations, sluice.sum verifies." } }
        @for s in &d.sections {
            section.drift {
                h2 { (s.title) }
                ul { @for i in &s.items { li { (i) } } }
                @if let Some(sql) = &s.sql { p { "SQL that reconciles:" } pre.sql { (sql) } }
                @if let Some(h) = &s.help { p.help { "help: " (h) } }
            }
        }
        @if !d.unmanaged.is_empty() {
            h2 { "Not managed by sluice (left as they are, not compared)" }
            ul { @for u in &d.unmanaged { li { (u) } } }
        }
    };
    Ok(frame(&format!("Drift · {env}"), &ctx, body))
}
