//! The migrations page: every migration with its state, approvals and the
//! seed workflow's checklist (what `sluice status` prints), what comes
//! next, and for admins the apply button.

use super::layout::{badge, csrf, env_tabs, frame};
use super::EnvQuery;
use crate::{Action, AppError, AppState, Ctx};
use axum::extract::{Query, State};
use axum::Extension;
use maud::{html, Markup};

pub async fn page_handler(st: AppState, ctx: Ctx, q: EnvQuery) -> Result<Markup, AppError> {
    let (_, role) = ctx.require(Action::Read)?;
    let env = st.env(q.env)?;
    let e = env.clone();
    let o = st.call(move |b| b.overview(&e)).await?;
    let body = html! {
        (env_tabs(&st, &env, "/"))
        p { "Database: " code { (o.target) } }
        p.next { strong { "Next: " } (o.next) }
        @if role.may(Action::Apply) {
            form method="post" action="/apply" {
                (csrf(&ctx))
                input type="hidden" name="env" value=(env);
                label { input type="checkbox" name="allow_data_loss" value="yes"; " allow data loss (as --allow-data-loss)" } " "
                button type="submit" { "Apply pending migrations to " (env) }
            }
        }
        @if o.migrations.is_empty() { p { "No migrations yet: " code { "sluice generate" } " writes the first." } }
        @else {
            table #migrations {
                thead { tr { th { "Migration" } th { "State" } th { "Risk" } th { "Approvals" } th { "Checklist" } th { "Applied" } } }
                tbody {
                    @for m in &o.migrations {
                        tr {
                            td { a href={ "/migrations/" (m.version) "?env=" (super::layout::urlencode(&env)) } { (m.dir_name) } }
                            td { (badge(&m.state)) }
                            td { (badge(&m.risk)) }
                            td { (m.approvals) "/" (m.approvals_needed) }
                            td {
                                @for (item, done) in &m.checklist {
                                    span class={ "check " (if *done { "done" } else { "todo" }) } {
                                        (if *done { "[x] " } else { "[ ] " }) (item)
                                    }
                                }
                            }
                            td { @if let Some(at) = &m.applied_at { (at) " by " (m.applied_by.as_deref().unwrap_or("")) } }
                        }
                    }
                }
            }
        }
    };
    Ok(frame(&format!("Migrations · {env}"), &ctx, body))
}

pub async fn page(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<EnvQuery>,
) -> Result<Markup, AppError> {
    page_handler(st, ctx, q).await
}
