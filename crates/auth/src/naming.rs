//! Physical names from Better Auth's logical ones: camelCase kept as it
//! is, or snake_case (`emailVerified` -> `email_verified`, `credentialID`
//! -> `credential_id`, `requirePKCE` -> `require_pkce`); plural table names.

use crate::config::Naming;

/// A logical name in the configured naming.
pub fn apply(naming: Naming, name: &str) -> String {
    match naming {
        Naming::CamelCase => name.to_string(),
        Naming::SnakeCase => snake(name),
    }
}

/// `twoFactorEnabled` -> `two_factor_enabled`; runs of capitals are one
/// word (`credentialID` -> `credential_id`, `requirePKCE` -> `require_pkce`).
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A plural table name: `user` -> `users`; names already ending in `s`
/// (`jwks`) are kept, so no `jwkss`.
pub fn plural(name: &str) -> String {
    if name.ends_with('s') {
        name.to_string()
    } else {
        format!("{name}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names() {
        for (a, b) in [
            ("emailVerified", "email_verified"),
            ("user", "user"),
            ("twoFactor", "two_factor"),
            ("credentialID", "credential_id"),
            ("requirePKCE", "require_pkce"),
            ("oauthClientResource", "oauth_client_resource"),
            ("apikey", "apikey"),
            ("backchannelLogoutUri", "backchannel_logout_uri"),
        ] {
            assert_eq!(snake(a), b, "{a}");
        }
        assert_eq!(plural("user"), "users");
        assert_eq!(plural("jwks"), "jwks");
    }
}
