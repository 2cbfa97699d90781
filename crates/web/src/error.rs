//! Errors of a request, as the page (and status code) the user sees.

use crate::backend::BackendError;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug)]
pub enum AppError {
    /// Not signed in: go to the login page.
    Login,
    /// 403: signed in without the role for it, or a bad CSRF token.
    Forbidden(String),
    NotFound(String),
    BadRequest(String),
    /// 429: too many failed logins.
    TooMany(String),
    /// The project or database said no (409 when the gate refused).
    Backend(BackendError),
    Internal(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, message, help) = match self {
            AppError::Login => {
                return (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response()
            }
            AppError::Forbidden(m) => (StatusCode::FORBIDDEN, "Not allowed", m, None),
            AppError::NotFound(m) => (StatusCode::NOT_FOUND, "Not found", m, None),
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Bad request", m, None),
            AppError::TooMany(m) => (StatusCode::TOO_MANY_REQUESTS, "Too many attempts", m, None),
            AppError::Backend(e) if e.refused => {
                (StatusCode::CONFLICT, "Refused", e.message, e.help)
            }
            AppError::Backend(e) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "Failed", e.message, e.help)
            }
            AppError::Internal(m) => (StatusCode::INTERNAL_SERVER_ERROR, "Failed", m, None),
        };
        let body = crate::pages::layout::bare(
            title,
            maud::html! {
                p.error { (message) }
                @if let Some(h) = help { p.help { "help: " (h) } }
                p { a href="/" { "Back to the migrations" } }
            },
        );
        (status, body).into_response()
    }
}
