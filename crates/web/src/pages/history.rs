//! The history table of one environment (`sluice history`).

use super::layout::{badge, env_tabs, frame};
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
    ctx.require(Action::Read)?;
    let env = st.env(q.env)?;
    let e = env.clone();
    let rows = st.call(move |b| b.history(&e)).await?;
    let body = html! {
        (env_tabs(&st, &env, "/history"))
        @if rows.is_empty() { p { "No migrations applied to " (env) " yet." } }
        @else {
            table #history {
                thead { tr { th { "Version" } th { "Name" } th { "State" } th { "Applied at" } th { "By" } th { "ms" } th { "Env" } } }
                tbody {
                    @for r in &rows {
                        tr {
                            td { (format!("{:04}", r.version)) }
                            td { (r.name) }
                            td { (badge(r.state.as_str()))
                                 @if r.state == sluice_migrate::HistoryState::Failed { " after statement " (r.statements_done) } }
                            td { (r.applied_at) }
                            td { (r.applied_by) }
                            td { (r.execution_ms) }
                            td { (r.env) }
                        }
                    }
                }
            }
        }
    };
    Ok(frame(&format!("History · {env}"), &ctx, body))
}
