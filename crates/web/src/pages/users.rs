//! Accounts (admins only): list, add or change, remove. The same table as
//! `sluice user`.

use super::layout::{csrf, frame, urlencode};
use crate::accounts::{hash_password, valid_name, Role, MIN_PASSWORD};
use crate::{Action, AppError, AppState, Ctx};
use axum::extract::{Form, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use maud::{html, Markup};
use serde::Deserialize;
use sluice_migrate::UserRow;

pub async fn page(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Markup, AppError> {
    ctx.require(Action::ManageUsers)?;
    let users = st.call(|b| b.users()).await?;
    let body = html! {
        table #users {
            thead { tr { th { "Name" } th { "Role" } th { "Created" } th {} } }
            tbody {
                @for u in &users {
                    tr {
                        td { (u.name) } td { (u.role) } td { (u.created_at) }
                        td {
                            form.inline method="post" action={ "/users/" (urlencode(&u.name)) "/remove" } {
                                (csrf(&ctx)) button type="submit" { "Remove" }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Add or change an account" }
        form method="post" action="/users" {
            (csrf(&ctx))
            p { label { "Name " input type="text" name="name" required; } }
            p { label { "Role " select name="role" { @for r in Role::ALL { option value=(r) { (r) } } } } }
            p { label { "Password " input type="password" name="password" autocomplete="new-password" required; } }
            button type="submit" { "Save" }
        }
    };
    Ok(frame("Users", &ctx, body))
}

#[derive(Deserialize)]
pub struct AddForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

fn to_users() -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/users")]).into_response()
}

pub async fn add(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(f): Form<AddForm>,
) -> Result<Response, AppError> {
    ctx.check_csrf(f.csrf.as_deref())?;
    ctx.require(Action::ManageUsers)?;
    valid_name(&f.name).map_err(AppError::BadRequest)?;
    let role: Role = f.role.parse().map_err(AppError::BadRequest)?;
    if f.password.chars().count() < MIN_PASSWORD {
        return Err(AppError::BadRequest(format!(
            "the password is shorter than {MIN_PASSWORD} characters: go back and choose a longer one"
        )));
    }
    let name = f.name.clone();
    st.call(move |b| {
        let hash = hash_password(&f.password).map_err(crate::BackendError::new)?;
        b.put_user(&UserRow {
            name: f.name,
            role: role.to_string(),
            password_hash: hash,
            created_at: String::new(),
        })
    })
    .await?;
    st.sessions.remove_user(&name);
    Ok(to_users())
}

pub async fn remove(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(name): Path<String>,
    Form(f): Form<super::CsrfForm>,
) -> Result<Response, AppError> {
    ctx.check_csrf(f.csrf.as_deref())?;
    let (me, _) = ctx.require(Action::ManageUsers)?;
    if me == name {
        return Err(AppError::BadRequest("you cannot remove your own account here: ask another admin, or use `sluice user remove`".into()));
    }
    let n = name.clone();
    let removed = st.call(move |b| b.remove_user(&n)).await?;
    if !removed {
        return Err(AppError::NotFound(format!("no account `{name}`")));
    }
    st.sessions.remove_user(&name);
    Ok(to_users())
}
