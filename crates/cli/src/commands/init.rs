//! `sluice init [DIR] [--dialect sqlite|postgres|mysql]`: a new project that works
//! at once. Never overwrites an existing file.

use crate::cli::{DialectArg, InitArgs};
use crate::failure::{CmdResult, Failure};
use std::path::Path;
use std::process::ExitCode;

const SQLITE_CONFIG: &str = r#"# sluice project configuration
dialect = "sqlite"

# The desired schema: SQL files, read in name order.
schema = ["schema/*.sql"]

# Generated migrations (NNNN_name/up.sql, down.sql, snapshot.json) and sluice.sum.
migrations = "migrations"

[env.dev]
# An embedded SQLite database file inside the project: nothing to install.
url = "sqlite://dev.db"
"#;

const POSTGRES_CONFIG: &str = r#"# sluice project configuration
dialect = "postgres"

# The desired schema: SQL files, read in name order.
schema = ["schema/*.sql"]

# Generated migrations (NNNN_name/up.sql, down.sql, snapshot.json) and sluice.sum.
migrations = "migrations"

[env.dev]
# Read from the environment, e.g.
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/app_dev
url = "${DATABASE_URL}"
"#;

const MYSQL_CONFIG: &str = r#"# sluice project configuration
dialect = "mysql"

# The desired schema: SQL files, read in name order.
schema = ["schema/*.sql"]

# Generated migrations (NNNN_name/up.sql, down.sql, snapshot.json) and sluice.sum.
migrations = "migrations"

[env.dev]
# Read from the environment, e.g. (MySQL 8 or MariaDB 10.5+; the URL names
# the database, which must exist)
# DATABASE_URL=mysql://root@127.0.0.1:3306/app_dev
url = "${DATABASE_URL}"
"#;

const MYSQL_SCHEMA: &str = r#"-- The desired schema. Edit it, then run `sluice generate`.

CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  name varchar(255),
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE posts (
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  author_id bigint unsigned NOT NULL,
  title varchar(255) NOT NULL,
  body text,
  published_at datetime,
  CONSTRAINT posts_author_id_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX posts_author_id_idx ON posts (author_id);
"#;

const SQLITE_SCHEMA: &str = r#"-- The desired schema. Edit it, then run `sluice generate`.

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  name TEXT,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT,
  published_at TEXT
);

CREATE INDEX posts_author_id_idx ON posts (author_id);
"#;

const POSTGRES_SCHEMA: &str = r#"-- The desired schema. Edit it, then run `sluice generate`.

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE posts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL,
  body text,
  published_at timestamptz
);

CREATE INDEX posts_author_id_idx ON posts (author_id);
"#;

pub fn run(args: InitArgs, json: bool) -> CmdResult<ExitCode> {
    let dir = args.dir.unwrap_or_else(|| ".".into());
    let (config, schema) = match args.dialect {
        DialectArg::Sqlite => (SQLITE_CONFIG, SQLITE_SCHEMA),
        DialectArg::Postgres => (POSTGRES_CONFIG, POSTGRES_SCHEMA),
        DialectArg::Mysql => (MYSQL_CONFIG, MYSQL_SCHEMA),
    };
    let mut created = Vec::new();
    let mut kept = Vec::new();
    std::fs::create_dir_all(dir.join("migrations"))
        .map_err(|e| Failure::msg(format!("{}: {e}", dir.join("migrations").display())))?;
    let gitignore =
        "# sluice: the embedded development database and its lock file\ndev.db\n*.sluice-lock\n";
    let mut files = vec![("sluice.toml", config), ("schema/schema.sql", schema)];
    if matches!(args.dialect, DialectArg::Sqlite) {
        files.push((".gitignore", gitignore));
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        if write_new(&path, text)? {
            created.push(path);
        } else {
            kept.push(path);
        }
    }
    if json {
        let v = serde_json::json!({
            "created": created.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "kept": kept.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        });
        println!("{v}");
    } else {
        for p in &created {
            println!("created {}", p.display());
        }
        for p in &kept {
            println!("kept    {} (exists; not overwritten)", p.display());
        }
        println!("\nnext: edit schema/schema.sql, then run `sluice generate`");
    }
    Ok(ExitCode::SUCCESS)
}

/// Create `path` with `text` unless it exists. True when written.
fn write_new(path: &Path, text: &str) -> CmdResult<bool> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::msg(format!("{}: {e}", parent.display())))?;
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut f) => {
            f.write_all(text.as_bytes())
                .map_err(|e| Failure::msg(format!("{}: {e}", path.display())))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Failure::msg(format!("{}: {e}", path.display()))),
    }
}
