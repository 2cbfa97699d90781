//! The frame around every page: navigation, who is signed in, the sign-out
//! form. Everything interpolated is escaped by maud.

use crate::{AppState, Ctx};
use maud::{html, Markup, DOCTYPE};

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · sluice" }
            link rel="stylesheet" href="/static/app.css";
            script src="/static/app.js" defer {}
        }
    }
}

/// A page for a signed-in user.
pub fn frame(title: &str, ctx: &Ctx, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                header {
                    nav {
                        a.brand href="/" { "sluice" }
                        a href="/" { "Migrations" }
                        a href="/history" { "History" }
                        a href="/audit" { "Audit" }
                        a href="/drift" { "Drift" }
                        a href="/schema" { "Schema" }
                        @if let Some((name, role)) = &ctx.session.user {
                            @if role.may(crate::Action::ManageUsers) { a href="/users" { "Users" } }
                            span.who { (name) " · " (role) }
                            form.inline method="post" action="/logout" {
                                (csrf(ctx))
                                button type="submit" { "Sign out" }
                            }
                        }
                    }
                }
                main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

/// A page without navigation (login, errors).
pub fn bare(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body { main { h1 { (title) } (body) } }
        }
    }
}

/// The hidden CSRF field every form carries.
pub fn csrf(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name="csrf" value=(ctx.session.csrf); }
}

/// Links to the same page for each environment.
pub fn env_tabs(st: &AppState, current: &str, path: &str) -> Markup {
    let envs = st.backend.envs();
    html! {
        @if envs.len() > 1 {
            p.envs {
                "Environment: "
                @for e in &envs {
                    @if e == current { strong { (e) } } @else {
                        a href={ (path) "?env=" (urlencode(e)) } { (e) }
                    }
                    " "
                }
            }
        }
    }
}

/// Percent-encode a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A state or risk as a coloured badge.
pub fn badge(text: &str) -> Markup {
    html! { span class={ "badge " (text.to_ascii_lowercase()) } { (text) } }
}
