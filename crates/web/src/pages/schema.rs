//! The schema browser: the live database of an environment or the desired
//! schema (the project's schema files), table by table with columns,
//! indexes and foreign keys; auth tables are marked.

use super::layout::{frame, urlencode};
use crate::backend::SchemaSource;
use crate::{Action, AppError, AppState, Ctx};
use axum::extract::{Query, State};
use axum::Extension;
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SchemaQuery {
    source: Option<String>,
    env: Option<String>,
}

pub async fn page(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<SchemaQuery>,
) -> Result<Markup, AppError> {
    ctx.require(Action::Read)?;
    let env = st.env(q.env)?;
    let source = match q.source.as_deref() {
        None | Some("live") => SchemaSource::Live(env.clone()),
        Some("desired") => SchemaSource::Desired,
        Some(other) => {
            return Err(AppError::NotFound(format!(
                "no schema source `{other}`: use live or desired"
            )))
        }
    };
    let s = source.clone();
    let view = st.call(move |b| b.schema(&s)).await?;
    let body = html! {
        p {
            "Show: "
            @for e in st.backend.envs() {
                a href={ "/schema?source=live&env=" (urlencode(&e)) } { "live " (e) } " · "
            }
            a href="/schema?source=desired" { "desired (schema files)" }
        }
        p { (view.tables.len()) " table(s)"
            @let auth = view.tables.iter().filter(|t| t.auth).count();
            @if auth > 0 { ", " (auth) " of them auth tables" } }
        nav.toc { @for t in &view.tables { a href={ "#t-" (t.name) } { (t.name) } " " } }
        @for t in &view.tables {
            section.table id={ "t-" (t.name) } class=[t.auth.then_some("auth")] {
                h2 { (t.name) @if t.auth { " " span.badge { "auth" } } }
                @if let Some(c) = &t.comment { p.help { (c) } }
                table {
                    thead { tr { th { "Column" } th { "Type" } th { "Null" } th { "Default" } } }
                    tbody {
                        @for c in &t.columns {
                            tr {
                                td { (c.name) @if t.primary_key.contains(&c.name) { " (pk)" } }
                                td { code { (c.ty) } }
                                td { (if c.nullable { "null" } else { "not null" }) }
                                td { @if let Some(d) = &c.default { code { (d) } } }
                            }
                        }
                    }
                }
                @if !t.indexes.is_empty() {
                    p { "Indexes: " }
                    ul { @for i in &t.indexes { li { (i.name) @if i.unique { " (unique)" } ": " code { (i.keys) } } } }
                }
                @if !t.foreign_keys.is_empty() {
                    p { "Foreign keys: " }
                    ul { @for f in &t.foreign_keys { li { @if let Some(n) = &f.name { (n) ": " } "(" (f.columns.join(", ")) ") → " (f.references) } } }
                }
            }
        }
    };
    Ok(frame(&format!("Schema · {}", view.title), &ctx, body))
}
