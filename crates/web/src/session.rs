//! Sessions, CSRF tokens and login rate limiting, all in memory: a restart
//! signs everyone out (and forgets failed attempts).
//!
//! Every visitor gets a session (anonymous until login) holding a random
//! CSRF token that every form carries back. Logging in discards that
//! session and issues a new id, so an id planted before login is worthless
//! after it (no session fixation). Cookies are `HttpOnly`,
//! `SameSite=Strict`, `Path=/`, and `Secure` when served over TLS.

use crate::accounts::Role;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const COOKIE: &str = "sluice_session";
/// A session unused this long is gone.
pub const IDLE: Duration = Duration::from_secs(8 * 3600);
/// Failed logins allowed per account name and address within [`WINDOW`].
pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone)]
pub struct Session {
    pub user: Option<(String, Role)>,
    pub csrf: String,
    last_seen: Instant,
}

/// 32 random bytes, hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal, in time that does not depend on where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Failed logins per (account name, client address).
type Failures = HashMap<(String, Option<IpAddr>), Vec<Instant>>;

#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
    failures: Mutex<Failures>,
}

impl Sessions {
    /// The live session of `id`, touched.
    pub fn get(&self, id: &str) -> Option<Session> {
        let mut map = self.map.lock().expect("sessions lock");
        let now = Instant::now();
        map.retain(|_, s| now.duration_since(s.last_seen) < IDLE);
        let s = map.get_mut(id)?;
        s.last_seen = now;
        Some(s.clone())
    }

    /// A new session: its id and CSRF token.
    pub fn create(&self, user: Option<(String, Role)>) -> (String, Session) {
        let id = random_token();
        let s = Session { user, csrf: random_token(), last_seen: Instant::now() };
        self.map.lock().expect("sessions lock").insert(id.clone(), s.clone());
        (id, s)
    }

    pub fn remove(&self, id: &str) {
        self.map.lock().expect("sessions lock").remove(id);
    }

    /// Sign out every session of `name` (its account was removed or changed).
    pub fn remove_user(&self, name: &str) {
        self.map
            .lock()
            .expect("sessions lock")
            .retain(|_, s| s.user.as_ref().is_none_or(|(u, _)| u != name));
    }

    /// When the login of `name` from `ip` is blocked: how long until it
    /// may try again.
    pub fn blocked_for(&self, name: &str, ip: Option<IpAddr>) -> Option<Duration> {
        let mut f = self.failures.lock().expect("failures lock");
        let now = Instant::now();
        let list = f.entry((name.to_string(), ip)).or_default();
        list.retain(|t| now.duration_since(*t) < WINDOW);
        (list.len() >= MAX_FAILURES).then(|| WINDOW - now.duration_since(list[0]))
    }

    pub fn failed(&self, name: &str, ip: Option<IpAddr>) {
        let mut f = self.failures.lock().expect("failures lock");
        let now = Instant::now();
        // Forget what is outside the window, so guessed names do not pile up.
        f.retain(|_, list| {
            list.retain(|t| now.duration_since(*t) < WINDOW);
            !list.is_empty()
        });
        f.entry((name.to_string(), ip)).or_default().push(now);
    }

    pub fn succeeded(&self, name: &str, ip: Option<IpAddr>) {
        self.failures.lock().expect("failures lock").remove(&(name.to_string(), ip));
    }
}

/// The `Set-Cookie` value for a session id (empty id: delete the cookie).
pub fn set_cookie(id: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    if id.is_empty() {
        format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
    } else {
        format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict{secure}")
    }
}

/// The session id in a `Cookie` header.
pub fn cookie_id(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &b));
        assert!(!same_token(&a, &a[..63]));
    }

    #[test]
    fn cookies_are_strict_and_http_only() {
        assert_eq!(set_cookie("x", false), "sluice_session=x; Path=/; HttpOnly; SameSite=Strict");
        assert!(set_cookie("x", true).ends_with("; Secure"));
        assert_eq!(cookie_id("a=1; sluice_session=abc; b=2"), Some("abc"));
        assert_eq!(cookie_id("a=1"), None);
    }

    #[test]
    fn failed_logins_block_after_the_limit() {
        let s = Sessions::default();
        let ip = Some("127.0.0.1".parse().unwrap());
        for _ in 0..MAX_FAILURES {
            assert!(s.blocked_for("ann", ip).is_none());
            s.failed("ann", ip);
        }
        assert!(s.blocked_for("ann", ip).is_some());
        assert!(s.blocked_for("bob", ip).is_none(), "per account name");
        assert!(s.blocked_for("ann", Some("10.0.0.1".parse().unwrap())).is_none(), "per address");
        s.succeeded("ann", ip);
        assert!(s.blocked_for("ann", ip).is_none());
    }
}
