//! Sign in and out. A successful login replaces the visitor's session with
//! a new one (new id, new CSRF token); failures count against the account
//! name and address ([`crate::session`]).

use super::layout::{bare, csrf};
use crate::accounts::{decoy_hash, verify_password, Role};
use crate::session::set_cookie;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Form, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use maud::html;
use serde::Deserialize;

pub async fn page(Extension(ctx): Extension<Ctx>) -> Response {
    if ctx.session.user.is_some() {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
    }
    form(&ctx, None).into_response()
}

fn form(ctx: &Ctx, error: Option<&str>) -> maud::Markup {
    bare(
        "Sign in",
        html! {
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form method="post" action="/login" {
                (csrf(ctx))
                p { label { "Name " input type="text" name="username" autocomplete="username" required autofocus; } }
                p { label { "Password " input type="password" name="password" autocomplete="current-password" required; } }
                p { button type="submit" { "Sign in" } }
            }
            p.help { "Accounts are made with " code { "sluice user add NAME --role ROLE --password-stdin" } "." }
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: Option<String>,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub async fn submit(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    ctx.check_csrf(f.csrf.as_deref())?;
    let ip = ctx.ip;
    if let Some(wait) = st.sessions.blocked_for(&f.username, ip) {
        return Err(AppError::TooMany(format!(
            "too many failed sign-ins for this name from this address: try again in {} minute(s)",
            wait.as_secs().div_ceil(60)
        )));
    }
    let name = f.username.clone();
    let password = f.password;
    let found = st
        .call(move |b| {
            let user = b.users()?.into_iter().find(|u| u.name == name);
            let hash = user.as_ref().map_or(decoy_hash(), |u| u.password_hash.as_str());
            let ok = verify_password(&password, hash);
            Ok(user.filter(|_| ok))
        })
        .await?;
    let Some(user) = found else {
        st.sessions.failed(&f.username, ip);
        let page = form(&ctx, Some("The name or the password is wrong."));
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    };
    let Ok(role) = user.role.parse::<Role>() else {
        return Err(AppError::Forbidden(format!(
            "the account {} has the unknown role `{}`: an admin can set it again with `sluice user add`",
            user.name, user.role
        )));
    };
    st.sessions.succeeded(&f.username, ip);
    // A new session for the signed-in user; the anonymous one is gone.
    st.sessions.remove(&ctx.sid);
    let (sid, _) = st.sessions.create(Some((user.name, role)));
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/".to_string()), (header::SET_COOKIE, set_cookie(&sid, ctx.secure))],
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: Option<String>,
}

pub async fn logout(
    State(st): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(f): Form<LogoutForm>,
) -> Result<Response, AppError> {
    ctx.check_csrf(f.csrf.as_deref())?;
    st.sessions.remove(&ctx.sid);
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/login".to_string()),
            (header::SET_COOKIE, set_cookie("", ctx.secure)),
        ],
    )
        .into_response())
}
