//! `sluice serve`: the review dashboard. Server-rendered pages (maud; no
//! front-end build, one small script for live apply progress) over a
//! [`Backend`] that makes the same library calls as the CLI, so states,
//! gate and audit are the CLI's.
//!
//! Layout: [`router`] wires the routes; [`session`] holds sessions, CSRF
//! tokens and login rate limits; [`accounts`] the roles and passwords;
//! [`pages`] one file per page; [`jobs`] runs applies and streams their
//! progress as server-sent events.

pub mod accounts;
pub mod backend;
mod error;
pub mod jobs;
mod pages;
pub mod session;

pub use accounts::{Action, Role};
pub use backend::*;
pub use error::AppError;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use session::{Session, Sessions};
use std::sync::Arc;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The environment pages show unless asked for another; accounts live
    /// in its database.
    pub env: String,
    /// Always mark cookies `Secure` (the server is behind TLS); otherwise
    /// only when a proxy says `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
}

/// Shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub backend: Arc<dyn Backend>,
    pub sessions: Sessions,
    pub jobs: jobs::Jobs,
    pub options: Options,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(backend: Arc<dyn Backend>, options: Options) -> AppState {
        AppState(Arc::new(Inner {
            backend,
            sessions: Sessions::default(),
            jobs: jobs::Jobs::default(),
            options,
        }))
    }

    /// Run a backend call on a blocking thread.
    pub async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Backend) -> BResult<T> + Send + 'static,
    ) -> Result<T, AppError> {
        let backend = self.backend.clone();
        tokio::task::spawn_blocking(move || f(backend.as_ref()))
            .await
            .map_err(|e| AppError::Internal(format!("the request's worker stopped: {e}")))?
            .map_err(AppError::Backend)
    }

    /// `env` if it is configured, else the served environment.
    pub fn env(&self, env: Option<String>) -> Result<String, AppError> {
        match env.filter(|e| !e.is_empty()) {
            None => Ok(self.options.env.clone()),
            Some(e) if self.backend.envs().contains(&e) => Ok(e),
            Some(e) => {
                Err(AppError::NotFound(format!("there is no environment `{e}` in sluice.toml")))
            }
        }
    }
}

/// The request's session, put in place by the session middleware.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub sid: String,
    pub session: Session,
    /// Cookies get `Secure`.
    pub secure: bool,
    /// The peer's address (login rate limiting).
    pub ip: Option<std::net::IpAddr>,
}

impl Ctx {
    /// The signed-in user, else a redirect to the login page.
    pub fn user(&self) -> Result<(&str, Role), AppError> {
        self.session.user.as_ref().map(|(n, r)| (n.as_str(), *r)).ok_or(AppError::Login)
    }

    /// The signed-in user when their role allows `action`.
    pub fn require(&self, action: Action) -> Result<(String, Role), AppError> {
        let (name, role) = self.user()?;
        if role.may(action) {
            Ok((name.to_string(), role))
        } else {
            Err(AppError::Forbidden(format!(
                "{name} is a {role}: only a {} or above may {}",
                action.least_role(),
                action.describe()
            )))
        }
    }

    /// A form's CSRF token must be this session's.
    pub fn check_csrf(&self, token: Option<&str>) -> Result<(), AppError> {
        match token {
            Some(t) if session::same_token(t, &self.session.csrf) => Ok(()),
            Some(_) => Err(AppError::Forbidden(
                "the form's CSRF token is not this session's: reload the page and try again".into(),
            )),
            None => Err(AppError::Forbidden(
                "the form has no CSRF token: submit it from the dashboard's own page".into(),
            )),
        }
    }
}

/// Every route of the dashboard.
pub fn router(state: AppState) -> Router {
    use pages::*;
    Router::new()
        .route("/", get(migrations::page))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/migrations/{version}", get(migration::page))
        .route("/migrations/{version}/request", post(migration::request))
        .route("/migrations/{version}/approve", post(migration::approve))
        .route("/migrations/{version}/reject", post(migration::reject))
        .route("/apply", post(apply::start))
        .route("/apply/{job}", get(apply::page))
        .route("/apply/{job}/events", get(apply::events))
        .route("/history", get(history::page))
        .route("/audit", get(audit::page))
        .route("/drift", get(drift::page))
        .route("/schema", get(schema::page))
        .route("/users", get(users::page).post(users::add))
        .route("/users/{name}/remove", post(users::remove))
        .route("/static/app.js", get(assets::script))
        .route("/static/app.css", get(assets::style))
        .layer(axum::middleware::from_fn_with_state(state.clone(), with_session))
        .with_state(state)
}

/// Find or start the visitor's session, hand it to the handler, and set
/// the cookie and the security headers on the way out.
async fn with_session(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let forwarded_https = req
        .headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let secure = st.options.secure_cookies || forwarded_https;
    let found = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::cookie_id)
        .and_then(|id| st.sessions.get(id).map(|s| (id.to_string(), s)));
    let (sid, session, fresh) = match found {
        Some((id, s)) => (id, s, false),
        None => {
            let (id, s) = st.sessions.create(None);
            (id, s, true)
        }
    };
    let ip = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    req.extensions_mut().insert(Ctx { sid: sid.clone(), session, secure, ip });
    let started = std::time::Instant::now();
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    // The time the server spent on the request (bench/serve.sh reads it).
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.2}")) {
        h.insert("server-timing", v);
    }
    if fresh && !h.contains_key(header::SET_COOKIE) {
        if let Ok(v) = HeaderValue::from_str(&session::set_cookie(&sid, secure)) {
            h.append(header::SET_COOKIE, v);
        }
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// Serve the dashboard on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).await
}
