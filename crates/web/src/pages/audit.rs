//! The append-only audit log of one environment (`sluice history --audit`).

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
    ctx.require(Action::Read)?;
    let env = st.env(q.env)?;
    let e = env.clone();
    let rows = st.call(move |b| b.audit(&e)).await?;
    let body = html! {
        (env_tabs(&st, &env, "/audit"))
        @if rows.is_empty() { p { "No audit events in " (env) " yet." } }
        @else {
            table #audit {
                thead { tr { th { "At" } th { "Event" } th { "Migration" } th { "Actor" } th { "Env" } th { "Detail" } } }
                tbody {
                    @for a in rows.iter().rev() {
                        tr {
                            td { (a.at) }
                            td { (a.event.event) }
                            td { @if let Some(v) = a.event.version { (format!("{v:04}")) } }
                            td { (a.event.actor) }
                            td { (a.event.env) }
                            td { (a.event.detail) }
                        }
                    }
                }
            }
        }
    };
    Ok(frame(&format!("Audit · {env}"), &ctx, body))
}
