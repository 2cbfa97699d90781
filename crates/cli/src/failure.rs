//! How a failed command reports itself: a message and what to do, or the
//! located diagnostics of schema files; as text on stderr or JSON on stdout.

use sluice_sql::SqlError;
use std::sync::Mutex;

/// Passwords of the connection URLs this run has seen: a failure's text is
/// scrubbed of them before it is printed, whatever library produced it (a
/// driver may quote what it could not parse).
static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remember the password of `url` (if it has one) so no failure prints it.
pub fn register_secret_url(url: &str) {
    let mut found = Vec::new();
    if let Some((start, end)) = sluice_migrate::driver::url_password(url) {
        found.push(url[start..end].to_string());
    }
    let lower = url.to_ascii_lowercase();
    let mut i = 0;
    while let Some(off) = lower[i..].find("password=") {
        let start = i + off + "password=".len();
        let end = url[start..].find(['&', ' ']).map_or(url.len(), |e| start + e);
        found.push(url[start..end].to_string());
        i = end;
    }
    let mut secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    for pw in found {
        // Very short "passwords" would mask ordinary words: real ones are
        // masked where URLs are printed anyway.
        if pw.len() >= 4 && !secrets.contains(&pw) {
            secrets.push(pw);
        }
    }
}

/// `text` with every registered password replaced by `***`.
pub fn scrub(text: &str) -> String {
    let secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = text.to_string();
    for pw in secrets.iter() {
        out = out.replace(pw.as_str(), "***");
        // Also as it appears percent-encoded in a URL.
        let enc: String = pw
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        if enc != *pw {
            out = out.replace(&enc, "***");
        }
    }
    out
}

pub enum Failure {
    Message {
        message: String,
        help: Option<String>,
    },
    /// A check said no (the review gate, lint errors): exit 1, not 2.
    Refused {
        message: String,
        help: Option<String>,
    },
    Sql(Vec<SqlError>),
}

pub type CmdResult<T> = Result<T, Failure>;

impl Failure {
    pub fn msg(message: impl Into<String>) -> Self {
        Failure::Message { message: message.into(), help: None }
    }
    pub fn with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        Failure::Message { message: message.into(), help: Some(help.into()) }
    }

    pub fn exit_code(&self) -> std::process::ExitCode {
        match self {
            Failure::Refused { .. } => std::process::ExitCode::from(1),
            _ => std::process::ExitCode::from(2),
        }
    }

    pub fn print(self, json: bool) {
        match self {
            Failure::Message { message, help } | Failure::Refused { message, help } => {
                let message = scrub(&message);
                let help = help.map(|h| scrub(&h));
                if json {
                    let v = serde_json::json!({ "error": { "message": message, "help": help } });
                    println!("{v}");
                } else {
                    eprintln!("error: {message}");
                    if let Some(h) = help {
                        eprintln!("  help: {h}");
                    }
                }
            }
            Failure::Sql(errors) => {
                if json {
                    let list: Vec<_> = errors
                        .iter()
                        .map(|e| {
                            serde_json::json!({
                                "file": e.location.file,
                                "line": e.location.line,
                                "column": e.location.column,
                                "message": scrub(&e.message),
                                "help": e.help.as_deref().map(scrub),
                            })
                        })
                        .collect();
                    println!(
                        "{}",
                        serde_json::json!({ "error": { "message": "schema files have errors", "diagnostics": list } })
                    );
                } else {
                    let n = errors.len();
                    for e in errors {
                        eprintln!("{}", e.short());
                        eprintln!("{:?}", miette::Report::new(e));
                    }
                    eprintln!("error: {n} problem(s) in the schema files; nothing was written");
                }
            }
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        // Messages built with an inline "\n  help: " keep it as the help.
        let text = format!("{e:#}");
        match text.split_once("\n  help: ") {
            Some((m, h)) => Failure::with_help(m, h),
            None => Failure::msg(text),
        }
    }
}

impl From<sluice_migrate::dir::DirError> for Failure {
    fn from(e: sluice_migrate::dir::DirError) -> Self {
        Failure::Message { help: e.help(), message: e.to_string() }
    }
}

impl From<sluice_migrate::apply::ApplyError> for Failure {
    fn from(e: sluice_migrate::apply::ApplyError) -> Self {
        Failure::Message { help: e.help(), message: e.to_string() }
    }
}

impl From<sluice_migrate::DbError> for Failure {
    fn from(e: sluice_migrate::DbError) -> Self {
        Failure::msg(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::msg(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_scrubbed_of_registered_passwords() {
        register_secret_url("postgres://u:Hunter2pw!@h/db");
        register_secret_url("postgres://h/db?password=OtherPw9&x=1");
        register_secret_url("postgres://u:ab@h/db");
        assert_eq!(
            scrub("cannot parse postgres://u:Hunter2pw!@h/db (OtherPw9) Hunter2pw%21"),
            "cannot parse postgres://u:***@h/db (***) ***"
        );
        // Too short to mask safely: left to the URL redaction.
        assert_eq!(scrub("about ab"), "about ab");
    }
}
