//! How a failed command reports itself: a message and what to do, or the
//! located diagnostics of schema files; as text on stderr or JSON on stdout.

use sluice_sql::SqlError;

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
                                "message": e.message,
                                "help": e.help,
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
