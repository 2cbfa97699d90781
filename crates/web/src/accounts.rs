//! Dashboard accounts: the four roles, what each may do, and passwords
//! (Argon2id, stored as PHC strings; never the password itself).
//!
//! | action                         | viewer | developer | approver | admin |
//! |--------------------------------|--------|-----------|----------|-------|
//! | read every page                | yes    | yes       | yes      | yes   |
//! | request review                 |        | yes       | yes      | yes   |
//! | approve / reject               |        |           | yes      | yes   |
//! | apply to an environment        |        |           |          | yes   |
//! | manage accounts                |        |           |          | yes   |

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use std::fmt;
use std::str::FromStr;

/// A role; each includes everything the ones before it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Viewer,
    Developer,
    Approver,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Developer, Role::Approver, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Developer => "developer",
            Role::Approver => "approver",
            Role::Admin => "admin",
        }
    }

    pub fn may(self, action: Action) -> bool {
        self >= action.least_role()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not a role: use viewer, developer, approver or admin"))
    }
}

/// Something a signed-in user asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    RequestReview,
    Decide,
    Apply,
    ManageUsers,
}

impl Action {
    pub fn least_role(self) -> Role {
        match self {
            Action::Read => Role::Viewer,
            Action::RequestReview => Role::Developer,
            Action::Decide => Role::Approver,
            Action::Apply | Action::ManageUsers => Role::Admin,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Action::Read => "read the dashboard",
            Action::RequestReview => "request a review",
            Action::Decide => "approve or reject migrations",
            Action::Apply => "apply migrations",
            Action::ManageUsers => "manage accounts",
        }
    }
}

/// An account name: 1-64 characters, letters, digits and `._-@`.
pub fn valid_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name.chars().all(|c| c.is_alphanumeric() || "._-@".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not an account name: use 1 to 64 letters, digits, `.`, `_`, `-` or `@`"
        ))
    }
}

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

/// Hash a password with Argon2id (default parameters, random salt).
pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(format!("the password is shorter than {MIN_PASSWORD} characters"));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `password` matches the PHC string `hash`; a malformed hash
/// never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash no password matches, verified when the account does not exist so
/// that a login takes as long either way.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password never used").expect("hashes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_the_ones_below() {
        assert!(Role::Viewer.may(Action::Read));
        assert!(!Role::Viewer.may(Action::RequestReview));
        assert!(Role::Developer.may(Action::RequestReview));
        assert!(!Role::Developer.may(Action::Decide));
        assert!(Role::Approver.may(Action::Decide));
        assert!(!Role::Approver.may(Action::Apply));
        assert!(Role::Admin.may(Action::Apply) && Role::Admin.may(Action::ManageUsers));
        assert_eq!("approver".parse::<Role>(), Ok(Role::Approver));
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(!h.contains("correct horse"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("correct horse", "not a hash"));
        assert!(hash_password("short").is_err());
    }

    #[test]
    fn account_names_are_plain() {
        assert!(valid_name("ann.lee@example").is_ok());
        assert!(valid_name("<script>").is_err());
        assert!(valid_name("").is_err());
    }
}
