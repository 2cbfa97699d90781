//! The emitted schema.ts reads back (through the reader) as the schema it
//! was written from.

use super::*;
use crate::{read_schema, Casing, Options};
use sluice_sql::{dialect_for, SourceFile};

fn round_trip(dialect: Dialect, ddl: &str) -> String {
    let parsed = dialect_for(dialect).unwrap().parse(&[SourceFile::new("s.sql", ddl)]);
    assert!(
        parsed.errors.is_empty(),
        "{:?}",
        parsed.errors.iter().map(|e| e.short()).collect::<Vec<_>>()
    );
    let ts = to_typescript(&parsed.schema, &EmitOptions::default());
    let back = read_schema(
        &[SourceFile::new("schema.ts", ts.as_str())],
        &Options { dialect, casing: Casing::Preserve },
    );
    let errors: Vec<String> = back.errors.iter().map(|e| e.short()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{ts}");
    for (a, b) in back.schema.tables.iter().zip(&parsed.schema.tables) {
        assert_eq!(a, b, "\n{ts}");
    }
    assert_eq!(back.schema, parsed.schema, "\n{ts}");
    ts
}

#[test]
fn postgres_schema_reads_back() {
    let ts = round_trip(
        Dialect::Postgres,
        "CREATE SCHEMA billing;
         CREATE TYPE mood AS ENUM ('sad', 'happy');
         CREATE TYPE billing.state AS ENUM ('open', 'paid');
         CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE,
            mood mood DEFAULT 'happy' NOT NULL, tags text[] DEFAULT '{}', balance bigint DEFAULT 0 NOT NULL,
            price numeric(12,2) DEFAULT 1.50, data jsonb DEFAULT '{\"a\": 1}'::jsonb, born date,
            at timestamptz DEFAULT now() NOT NULL, u uuid DEFAULT gen_random_uuid(), money money,
            search tsvector, ok boolean DEFAULT true, n integer DEFAULT 3,
            parent_id bigint REFERENCES users (id) ON DELETE SET NULL,
            lower_email text GENERATED ALWAYS AS (lower(email)) STORED,
            CONSTRAINT email_shape CHECK (email LIKE '%@%'));
         CREATE TABLE billing.invoices (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id bigint NOT NULL, state billing.state NOT NULL, \"select\" text,
            CONSTRAINT inv_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE RESTRICT);
         CREATE TABLE members (a integer NOT NULL, b integer NOT NULL, CONSTRAINT members_pk PRIMARY KEY (a, b));
         CREATE INDEX users_lower_idx ON users (lower(email)) WHERE ok;
         CREATE UNIQUE INDEX users_at_idx ON users USING btree (at DESC NULLS LAST, n);
         CREATE INDEX users_search_idx ON users USING gin (search);",
    );
    assert!(ts.contains("bigserial(\"id\", { mode: \"bigint\" }).primaryKey()"), "{ts}");
    assert!(ts.contains("bigint(\"balance\", { mode: \"bigint\" })"), "{ts}");
    assert!(ts.contains("// `money` has no drizzle builder: declared as a custom type."), "{ts}");
    // users (referenced) comes before billing.invoices
    assert!(
        ts.find("export const users").unwrap() < ts.find("export const billingInvoices").unwrap()
    );
}

#[test]
fn bigint_mode_number_on_request() {
    let parsed = dialect_for(Dialect::Postgres)
        .unwrap()
        .parse(&[SourceFile::new("s.sql", "CREATE TABLE t (a bigint);")]);
    let ts = to_typescript(&parsed.schema, &EmitOptions { bigint: BigintMode::Number });
    assert!(ts.contains("bigint(\"a\", { mode: \"number\" })"), "{ts}");
}

#[test]
fn sqlite_schema_reads_back() {
    round_trip(
        Dialect::Sqlite,
        "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, name text NOT NULL, score real DEFAULT 0, data blob);
         CREATE TABLE posts (id integer PRIMARY KEY NOT NULL, user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE, title text DEFAULT 'x');
         CREATE INDEX posts_user_idx ON posts (user_id);",
    );
}
