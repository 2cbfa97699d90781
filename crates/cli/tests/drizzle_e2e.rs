//! drizzle compatibility end to end against the real drizzle-kit, installed
//! with npm (exact versions below) into a cache folder reused between runs
//! (`SLUICE_NPM_CACHE`, default `~/.cache/sluice/npm-drizzle-<versions>`).
//! When npm or the registry is unreachable the tests print a loud SKIP
//! line, or fail when `SLUICE_TEST_REQUIRE` is set (as CI sets it).
//!
//! (a) drizzle-kit generate + migrate a schema.ts, `sluice import drizzle`,
//!     change the schema, `sluice generate` + `apply`: the database equals
//!     the final schema loaded on its own.
//! (b) `sluice pull --emit drizzle`: drizzle-kit generate from that file
//!     against a folder drizzle-kit pulled from the same database reports
//!     no changes, and `tsc --noEmit` accepts the file.
//! Both for PostgreSQL and SQLite.

mod common;

use common::*;
use sluice_db::testing::TestPg;
use sluice_migrate::Driver;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const PACKAGES: &[&str] = &[
    "drizzle-kit@0.31.11",
    "drizzle-orm@0.45.4",
    "pg@8.23.1",
    "@libsql/client@0.15.15",
    "typescript@5.9.3",
];

/// The folder holding node_modules with the pinned packages, installed once.
fn npm_dir() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = match std::env::var_os("SLUICE_NPM_CACHE") {
            Some(d) => PathBuf::from(d),
            None => {
                let home =
                    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
                home.join(".cache/sluice")
                    .join(format!("npm-drizzle-{}", PACKAGES.join("_").replace(['@', '/'], "-")))
            }
        };
        if dir.join("node_modules/typescript/bin/tsc").is_file()
            && dir.join("node_modules/drizzle-kit/bin.cjs").is_file()
        {
            return Some(dir);
        }
        // Install into a fresh folder, then move it in place in one step.
        let tmp = dir.with_extension(format!("tmp{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(&tmp).ok()?;
        fs::write(tmp.join("package.json"), "{\"name\":\"sluice-drizzle-e2e\",\"private\":true}\n")
            .ok()?;
        let out = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "-E"])
            .args(PACKAGES)
            .current_dir(&tmp)
            .output();
        match out {
            Ok(o) if o.status.success() => {
                let _ = fs::remove_dir_all(&dir);
                fs::rename(&tmp, &dir).ok()?;
                Some(dir)
            }
            other => {
                let why = match other {
                    Ok(o) => {
                        String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or("").to_string()
                    }
                    Err(e) => e.to_string(),
                };
                let _ = fs::remove_dir_all(&tmp);
                eprintln!("npm install of {} failed: {why}", PACKAGES.join(" "));
                None
            }
        }
    })
    .as_deref()
}

/// The npm folder, or `None` after a loud SKIP; a failure when required.
fn require_npm(test: &str) -> Option<&'static Path> {
    let dir = npm_dir();
    if dir.is_none() {
        let required = std::env::var("SLUICE_TEST_REQUIRE").is_ok_and(|v| !v.trim().is_empty());
        assert!(
            !required,
            "{test}: npm could not install drizzle-kit and SLUICE_TEST_REQUIRE is set"
        );
        eprintln!(
            "SKIPPED: {test}: npm could not install drizzle-kit (set SLUICE_TEST_REQUIRE to fail)"
        );
    }
    dir
}

/// Run a node tool of the npm folder in `cwd`; its output, or a panic
/// with it.
fn node(npm: &Path, cwd: &Path, script: &str, args: &[&str]) -> String {
    let out = Command::new("node")
        .arg(npm.join("node_modules").join(script))
        .args(args)
        .current_dir(cwd)
        .env("NODE_PATH", npm.join("node_modules"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("node runs");
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{script} {args:?} failed:\n{text}");
    text
}

fn drizzle_kit(npm: &Path, cwd: &Path, args: &[&str]) -> String {
    let text = node(npm, cwd, "drizzle-kit/bin.cjs", args);
    // drizzle-kit exits 0 on some errors: name them.
    assert!(!text.contains("Error"), "drizzle-kit {args:?}:\n{text}");
    text
}

/// Make the npm packages resolvable from a project folder.
fn link_modules(npm: &Path, dir: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(npm.join("node_modules"), dir.join("node_modules")).unwrap();
}

fn tsc(npm: &Path, dir: &Path, file: &str) {
    fs::write(
        dir.join("tsconfig.json"),
        format!("{{\"compilerOptions\":{{\"strict\":true,\"noEmit\":true,\"target\":\"es2022\",\"module\":\"esnext\",\"moduleResolution\":\"bundler\",\"skipLibCheck\":true}},\"files\":[\"{file}\"]}}\n"),
    )
    .unwrap();
    node(npm, dir, "typescript/bin/tsc", &["-p", "tsconfig.json"]);
}

const PG_V1: &str = r#"import { pgTable, pgEnum, serial, integer, bigint, text, varchar, timestamp, jsonb, boolean, index, uniqueIndex, check } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const status = pgEnum("status", ["draft", "live"]);

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: varchar("email", { length: 255 }).notNull().unique(),
  createdAt: timestamp("created_at").defaultNow().notNull(),
});

export const posts = pgTable("posts", {
  id: serial("id").primaryKey(),
  authorId: integer("author_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  status: status("status").default("draft").notNull(),
  views: bigint("views", { mode: "number" }).default(0).notNull(),
  meta: jsonb("meta").default({}),
}, (t) => [
  index("posts_author_idx").on(t.authorId),
  check("views_positive", sql`${t.views} >= 0`),
]);
"#;

const PG_V2: &str = r#"import { pgTable, pgEnum, serial, integer, bigint, text, varchar, timestamp, jsonb, boolean, index, uniqueIndex, check } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const status = pgEnum("status", ["draft", "live"]);

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: varchar("email", { length: 255 }).notNull().unique(),
  name: text("name"),
  createdAt: timestamp("created_at").defaultNow().notNull(),
});

export const posts = pgTable("posts", {
  id: serial("id").primaryKey(),
  authorId: integer("author_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  status: status("status").default("draft").notNull(),
  views: bigint("views", { mode: "number" }).default(0).notNull(),
  meta: jsonb("meta").default({}),
  pinned: boolean("pinned").default(false).notNull(),
}, (t) => [
  uniqueIndex("posts_title_idx").on(t.title),
  check("views_positive", sql`${t.views} >= 0`),
]);

export const comments = pgTable("comments", {
  id: serial("id").primaryKey(),
  postId: integer("post_id").references(() => posts.id, { onDelete: "set null" }),
  body: text("body").notNull(),
});
"#;

const SQLITE_V1: &str = r#"import { sqliteTable, integer, text, real, index } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  score: real("score").default(0),
});

export const posts = sqliteTable("posts", {
  id: integer("id").primaryKey(),
  authorId: integer("author_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
}, (t) => [index("posts_author_idx").on(t.authorId)]);
"#;

const SQLITE_V2: &str = r#"import { sqliteTable, integer, text, real, index } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  score: real("score").default(0),
  bio: text("bio"),
});

export const posts = sqliteTable("posts", {
  id: integer("id").primaryKey(),
  authorId: integer("author_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
}, (t) => [index("posts_author_idx").on(t.authorId), index("posts_title_idx").on(t.title)]);

export const tags = sqliteTable("tags", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
});
"#;

/// A project folder: the schema.ts, sluice.toml and drizzle.config.js.
fn project(npm: &Path, dialect: &str, url: &str, schema: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir_all(dir.join("db")).unwrap();
    fs::write(dir.join("db/schema.ts"), schema).unwrap();
    link_modules(npm, dir);
    let (dk_dialect, sluice_dialect) = match dialect {
        "postgres" => ("postgresql", "postgres"),
        _ => ("sqlite", "sqlite"),
    };
    let dk_url =
        url.strip_prefix("sqlite://").map(|f| format!("file:{f}")).unwrap_or(url.to_string());
    fs::write(
        dir.join("drizzle.config.js"),
        format!("module.exports = {{ dialect: '{dk_dialect}', schema: './db/schema.ts', out: './drizzle', dbCredentials: {{ url: '{dk_url}' }} }};\n"),
    )
    .unwrap();
    fs::write(
        dir.join("sluice.toml"),
        format!("dialect = \"{sluice_dialect}\"\nschema = [\"db/schema.ts\"]\nmigrations = \"migrations\"\n\n[env.dev]\nurl = \"{url}\"\n"),
    )
    .unwrap();
    tmp
}

/// (a): drizzle-kit migrates v1, sluice imports, sluice takes it to v2;
/// returns the live schema of that database and of one loaded with v2 alone.
fn migrate_import_evolve(
    npm: &Path,
    dialect: &str,
    url: &str,
    fresh_url: &str,
    v1: &str,
    v2: &str,
) {
    let tmp = project(npm, dialect, url, v1);
    let dir = tmp.path();
    drizzle_kit(npm, dir, &["generate", "--config", "drizzle.config.js"]);
    drizzle_kit(npm, dir, &["migrate", "--config", "drizzle.config.js"]);

    let out = sluice(dir).args(["import", "drizzle", "drizzle"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("1 of 1 migration(s) were applied by drizzle"), "{text}");
    // nothing pending: drizzle's migration is recorded as applied
    assert_nothing_to_migrate(dir, &[]);
    sluice(dir).args(["apply"]).assert().success();
    sluice(dir).args(["check"]).assert().success();

    fs::write(dir.join("db/schema.ts"), v2).unwrap();
    sluice(dir).args(["generate", "--name", "v2"]).assert().success();
    sluice(dir).args(["apply"]).assert().success();
    sluice(dir).args(["check"]).assert().success();

    // the same final schema loaded on its own
    let fresh = project(npm, dialect, fresh_url, v2);
    sluice(fresh.path()).args(["migrate"]).assert().success();
    let live = introspect(dialect, url);
    let direct = introspect(dialect, fresh_url);
    // column order carries no meaning (a database appends added columns)
    let changes = sluice_schema::diff(&direct, &live, &Default::default());
    let described: Vec<String> = changes.iter().map(|c| c.describe()).collect();
    assert!(
        described.is_empty(),
        "migrated database differs from the final schema loaded directly: {described:#?}"
    );
    assert!(live.tables.len() >= 3);
}

fn introspect(dialect: &str, url: &str) -> sluice_schema::Schema {
    let d = match dialect {
        "postgres" => sluice_schema::Dialect::Postgres,
        _ => sluice_schema::Dialect::Sqlite,
    };
    sluice_db::connect(url, d, Path::new(".")).unwrap().introspect().unwrap()
}

/// (b): sluice pull --emit drizzle; drizzle-kit sees no change against its
/// own pull of the same database; tsc accepts the file.
fn pull_emit_round_trip(npm: &Path, dialect: &str, url: &str) {
    let tmp = project(npm, dialect, url, "");
    let dir = tmp.path();
    fs::remove_file(dir.join("db/schema.ts")).unwrap();
    sluice(dir).args(["pull", "--emit", "drizzle", "--out", "db/schema.ts"]).assert().success();
    let ts = fs::read_to_string(dir.join("db/schema.ts")).unwrap();
    assert!(ts.contains("Table(\"") || ts.contains("Table ="), "{ts}");
    drizzle_kit(npm, dir, &["pull", "--config", "drizzle.config.js"]);
    let text = drizzle_kit(npm, dir, &["generate", "--config", "drizzle.config.js"]);
    assert!(
        text.contains("No schema changes"),
        "drizzle-kit generate found changes:\n{text}\n{ts}"
    );
    tsc(npm, dir, "db/schema.ts");
}

const PG_DDL: &str = r#"
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email varchar(255) NOT NULL,
  balance bigint DEFAULT 0 NOT NULL,
  price numeric(12, 2),
  mood mood DEFAULT 'ok' NOT NULL,
  tags text[],
  settings jsonb DEFAULT '{}'::jsonb,
  salary money,
  active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT accounts_email_unique UNIQUE (email),
  CONSTRAINT balance_positive CHECK (balance >= 0)
);
CREATE TABLE transfers (
  id serial PRIMARY KEY,
  from_id bigint NOT NULL,
  to_id bigint,
  note text,
  CONSTRAINT transfers_from_id_accounts_id_fk FOREIGN KEY (from_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT transfers_to_id_accounts_id_fk FOREIGN KEY (to_id) REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX transfers_from_idx ON transfers (from_id);
CREATE UNIQUE INDEX transfers_pair_idx ON transfers (from_id, to_id);
"#;

#[test]
fn pg_drizzle_migrate_import_then_sluice() {
    let Some(npm) = require_npm("pg_drizzle_migrate_import_then_sluice") else { return };
    let Some(pg) = TestPg::new() else { return };
    let Some(fresh) = TestPg::new() else { return };
    migrate_import_evolve(npm, "postgres", pg.url(), fresh.url(), PG_V1, PG_V2);
    // drizzle's own history is still there, untouched
    let mut d = pg.connect();
    let rows = d.query_rows("select count(*)::text from drizzle.__drizzle_migrations").unwrap();
    assert_eq!(rows[0][0], "1");
}

#[test]
fn pg_pull_emit_drizzle_round_trips() {
    let Some(npm) = require_npm("pg_pull_emit_drizzle_round_trips") else { return };
    let Some(pg) = TestPg::new() else { return };
    pg.connect().execute(PG_DDL).unwrap();
    pull_emit_round_trip(npm, "postgres", pg.url());
}

#[test]
fn sqlite_drizzle_migrate_import_then_sluice() {
    let Some(npm) = require_npm("sqlite_drizzle_migrate_import_then_sluice") else { return };
    let dbs = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dbs.path().join("a.db").display());
    let fresh = format!("sqlite://{}", dbs.path().join("b.db").display());
    migrate_import_evolve(npm, "sqlite", &url, &fresh, SQLITE_V1, SQLITE_V2);
}

#[test]
fn sqlite_pull_emit_drizzle_round_trips() {
    let Some(npm) = require_npm("sqlite_pull_emit_drizzle_round_trips") else { return };
    let dbs = tempfile::tempdir().unwrap();
    let file = dbs.path().join("a.db");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(
        "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, email text NOT NULL, score real DEFAULT 0);
         CREATE UNIQUE INDEX users_email_unique ON users (email);
         CREATE TABLE posts (id integer PRIMARY KEY NOT NULL, author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE, title text NOT NULL);
         CREATE INDEX posts_author_idx ON posts (author_id);",
    )
    .unwrap();
    drop(conn);
    pull_emit_round_trip(npm, "sqlite", &format!("sqlite://{}", file.display()));
}
