//! Each builder the reader evaluates, checked against the SQL DDL that
//! declares the same objects (both normalized), and the located errors for
//! what it cannot evaluate.

use super::*;
use sluice_schema::Schema;
use sluice_sql::dialect_for;

const PG_IMPORTS: &str = "import { pgTable, pgEnum, pgSchema, pgView, pgMaterializedView, integer, smallint, bigint, serial, bigserial, real, doublePrecision, numeric, text, varchar, char, boolean, date, time, timestamp, interval, uuid, json, jsonb, inet, vector, customType, index, uniqueIndex, primaryKey, foreignKey, unique, check } from 'drizzle-orm/pg-core';\nimport { sql, relations } from 'drizzle-orm';\n";

fn read(dialect: Dialect, casing: Casing, files: &[(&str, &str)]) -> Parsed {
    let files: Vec<SourceFile> = files.iter().map(|(n, t)| SourceFile::new(*n, *t)).collect();
    read_schema(&files, &Options { dialect, casing })
}

fn sql(dialect: Dialect, text: &str) -> Schema {
    let parsed = dialect_for(dialect).unwrap().parse(&[SourceFile::new("schema.sql", text)]);
    let errors: Vec<String> = parsed.errors.iter().map(|e| e.short()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    parsed.schema
}

/// The drizzle source (pg-core imports prepended) reads as the SQL.
fn same_pg(ts: &str, ddl: &str) {
    same_with(Dialect::Postgres, Casing::Preserve, &format!("{PG_IMPORTS}{ts}"), ddl);
}

fn same_with(dialect: Dialect, casing: Casing, ts: &str, ddl: &str) {
    let parsed = read(dialect, casing, &[("schema.ts", ts)]);
    let errors: Vec<String> = parsed.errors.iter().map(|e| e.short()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let expected = sql(dialect, ddl);
    assert_eq!(parsed.schema, expected);
}

/// The one error a source gives: `file:line:col: message`.
fn error_of(ts: &str) -> String {
    let parsed =
        read(Dialect::Postgres, Casing::Preserve, &[("schema.ts", &format!("{PG_IMPORTS}{ts}"))]);
    assert_eq!(
        parsed.errors.len(),
        1,
        "{:#?}",
        parsed.errors.iter().map(|e| e.short()).collect::<Vec<_>>()
    );
    parsed.errors[0].short()
}

#[test]
fn column_types_and_options() {
    same_pg(
        "export const t = pgTable('t', {
            a: integer('a'), b: smallint('b'), c: bigint('c', { mode: 'bigint' }),
            d: real('d'), e: doublePrecision('e'), f: numeric('f', { precision: 10, scale: 2 }),
            g: numeric('g', { precision: 7 }), h: numeric('h'), i: text('i'),
            j: varchar('j', { length: 40 }), k: varchar('k'), l: char('l', { length: 2 }),
            m: boolean('m'), n: date('n'), o: time('o', { precision: 3, withTimezone: true }),
            p: timestamp('p', { precision: 6, withTimezone: true, mode: 'string' }),
            q: interval('q', { fields: 'day' }), r: uuid('r'), s: json('s'), u: jsonb('u'),
            v: inet('v'), w: text('w').array(), x: integer('x').array().array(),
            y: vector('y', { dimensions: 3 }),
        });",
        "CREATE TABLE t (a integer, b smallint, c bigint, d real, e double precision,
            f numeric(10, 2), g numeric(7), h numeric, i text, j varchar(40), k varchar,
            l char(2), m boolean, n date, o time(3) with time zone,
            p timestamp(6) with time zone, q interval day, r uuid, s json, u jsonb, v inet,
            w text[], x integer[][], y vector(3));",
    );
}

#[test]
fn keys_defaults_and_serials() {
    same_pg(
        "export const t = pgTable('t', {
            id: serial('id').primaryKey(),
            big: bigserial('big', { mode: 'number' }),
            code: varchar('code', { length: 8 }).notNull().unique(),
            named: text('named').unique('t_named_key', { nulls: 'not distinct' }),
            n: integer('n').default(-5).notNull(),
            f: boolean('f').default(false),
            s: text('s').default(\"it's\"),
            j: jsonb('j').default({ a: [1, 'x'] }),
            arr: integer('arr').array().default([1, 2]),
            at: timestamp('at').defaultNow(),
            u: uuid('u').defaultRandom(),
            e: text('e').default(sql`lower('X')`),
            r: text('r').$type<string>().$defaultFn(() => 'x').$onUpdate(() => 'y'),
        });",
        "CREATE TABLE t (id serial PRIMARY KEY, big bigserial,
            code varchar(8) NOT NULL CONSTRAINT t_code_unique UNIQUE,
            named text CONSTRAINT t_named_key UNIQUE NULLS NOT DISTINCT,
            n integer DEFAULT -5 NOT NULL, f boolean DEFAULT false, s text DEFAULT 'it''s',
            j jsonb DEFAULT '{\"a\":[1,\"x\"]}'::jsonb, arr integer[] DEFAULT '{1,2}',
            at timestamp DEFAULT now(), u uuid DEFAULT gen_random_uuid(),
            e text DEFAULT lower('X'), r text);",
    );
}

#[test]
fn identity_and_generated_columns() {
    same_pg(
        "export const t = pgTable('t', {
            id: integer('id').primaryKey().generatedAlwaysAsIdentity({ startWith: 10, increment: 2 }),
            n: integer('n').generatedByDefaultAsIdentity(),
            name: text('name'),
            lower: text('lower').generatedAlwaysAs(sql`lower(name)`),
            up: text('up').generatedAlwaysAs((): SQL => sql`upper(${t.name})`),
        });",
        "CREATE TABLE t (id integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2),
            n integer GENERATED BY DEFAULT AS IDENTITY, name text,
            lower text GENERATED ALWAYS AS (lower(name)) STORED,
            up text GENERATED ALWAYS AS (upper(name)) STORED);",
    );
}

#[test]
fn references_with_actions_and_lazy_targets() {
    same_pg(
        "export const posts = pgTable('posts', {
            id: serial('id').primaryKey(),
            author: integer('author_id').notNull().references(() => users.id, { onDelete: 'cascade', onUpdate: 'restrict' }),
            editor: integer('editor_id').references((): AnyPgColumn => users.id),
        });
        export const users = pgTable('users', { id: serial('id').primaryKey() });",
        "CREATE TABLE users (id serial PRIMARY KEY);
         CREATE TABLE posts (id serial PRIMARY KEY,
            author_id integer NOT NULL CONSTRAINT posts_author_id_users_id_fk REFERENCES users (id) ON DELETE CASCADE ON UPDATE RESTRICT,
            editor_id integer CONSTRAINT posts_editor_id_users_id_fk REFERENCES users (id));",
    );
}

#[test]
fn extra_config_indexes_and_constraints() {
    same_pg(
        "export const a = pgTable('a', { x: integer('x').notNull(), y: integer('y').notNull() }, (t) => [unique('a_x_y_key').on(t.x, t.y)]);
        export const b = pgTable('b', {
            x: integer('x').notNull(), y: integer('y').notNull(), name: text('name'), price: integer('price'),
        }, (t) => [
            primaryKey({ columns: [t.x, t.y] }),
            foreignKey({ columns: [t.x, t.y], foreignColumns: [a.x, a.y], name: 'b_a_fk' }).onDelete('set null'),
            unique('b_name_uq').on(t.name, t.price).nullsNotDistinct(),
            unique().on(t.price),
            check('price_positive', sql`${t.price} > 0`),
            index('b_name_idx').on(t.name.desc().nullsLast(), t.price),
            uniqueIndex('b_lower_idx').on(sql`lower(${t.name})`).where(sql`${t.price} is not null`),
            index('b_gin').using('gin', sql`to_tsvector('english', ${t.name})`),
            index().on(t.price.asc().nullsFirst()),
        ]);",
        "CREATE TABLE a (x integer NOT NULL, y integer NOT NULL, CONSTRAINT a_x_y_key UNIQUE (x, y));
         CREATE TABLE b (x integer NOT NULL, y integer NOT NULL, name text, price integer,
            CONSTRAINT b_x_y_pk PRIMARY KEY (x, y),
            CONSTRAINT b_a_fk FOREIGN KEY (x, y) REFERENCES a (x, y) ON DELETE SET NULL,
            CONSTRAINT b_name_uq UNIQUE NULLS NOT DISTINCT (name, price),
            CONSTRAINT b_price_unique UNIQUE (price),
            CONSTRAINT price_positive CHECK (price > 0));
         CREATE INDEX b_name_idx ON b (name DESC NULLS LAST, price);
         CREATE UNIQUE INDEX b_lower_idx ON b (lower(name)) WHERE price IS NOT NULL;
         CREATE INDEX b_gin ON b USING gin (to_tsvector('english', name));
         CREATE INDEX b_price_index ON b (price NULLS FIRST);",
    );
}

#[test]
fn old_object_form_of_extra_config() {
    same_pg(
        "export const t = pgTable('t', { a: integer('a'), b: integer('b') }, (t) => ({
            ab: index('t_ab').on(t.a, t.b),
            pk: primaryKey(t.a, t.b),
        }));",
        "CREATE TABLE t (a integer NOT NULL, b integer NOT NULL, CONSTRAINT t_a_b_pk PRIMARY KEY (a, b));
         CREATE INDEX t_ab ON t (a, b);",
    );
}

#[test]
fn enums_schemas_and_views() {
    same_pg(
        "export const mood = pgEnum('mood', ['sad', 'ok', 'happy']);
        export const billing = pgSchema('billing');
        export const status = billing.enum('status', ['open', 'paid']);
        export const invoices = billing.table('invoices', {
            id: serial('id').primaryKey(),
            status: status('status').default('open').notNull(),
            mood: mood('mood').array(),
        });
        export const open = pgView('open_invoices').as(sql`select ${invoices.id} from ${invoices} where ${invoices.status} = 'open'`);
        export const counts = pgMaterializedView('invoice_count').as(sql`select count(*) as n from billing.invoices`);",
        "CREATE SCHEMA billing;
         CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
         CREATE TYPE billing.status AS ENUM ('open', 'paid');
         CREATE TABLE billing.invoices (id serial PRIMARY KEY, status billing.status DEFAULT 'open' NOT NULL, mood mood[]);
         CREATE VIEW open_invoices AS select id from billing.invoices where status = 'open';
         CREATE MATERIALIZED VIEW invoice_count AS select count(*) as n from billing.invoices;",
    );
}

#[test]
fn spreads_helpers_and_custom_types() {
    same_pg(
        "const timestamps = {
            createdAt: timestamp('created_at').defaultNow().notNull(),
            updatedAt: timestamp('updated_at'),
        };
        const id = () => ({ id: uuid('id').primaryKey().defaultRandom() });
        const citext = customType<{ data: string }>({ dataType() { return 'citext'; } });
        export const users = pgTable('users', { ...id(), email: citext('email'), ...timestamps });
        export const usersRelations = relations(users, ({ many }) => ({}));
        export type User = typeof users.$inferSelect;",
        "CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email citext,
            created_at timestamp DEFAULT now() NOT NULL, updated_at timestamp);",
    );
}

#[test]
fn key_names_with_casing() {
    let ts = format!(
        "{PG_IMPORTS}export const users = pgTable('users', {{
            userId: integer().primaryKey(), createdAt: timestamp(), firstName: text('given_name'),
        }}, (t) => [index().on(t.createdAt)]);"
    );
    same_with(
        Dialect::Postgres,
        Casing::SnakeCase,
        &ts,
        "CREATE TABLE users (user_id integer PRIMARY KEY, created_at timestamp, given_name text);
         CREATE INDEX users_created_at_index ON users (created_at);",
    );
    same_with(
        Dialect::Postgres,
        Casing::Preserve,
        &ts,
        "CREATE TABLE users (\"userId\" integer PRIMARY KEY, \"createdAt\" timestamp, given_name text);
         CREATE INDEX \"users_createdAt_index\" ON users (\"createdAt\");",
    );
}

#[test]
fn imports_across_files_and_reexports() {
    let parsed = read(
        Dialect::Postgres,
        Casing::Preserve,
        &[
            ("db/columns.ts", "import { timestamp } from 'drizzle-orm/pg-core';\nexport const stamps = { createdAt: timestamp('created_at').defaultNow() };\n"),
            ("db/users.ts", "import { pgTable, serial } from 'drizzle-orm/pg-core';\nimport { stamps } from './columns';\nexport const users = pgTable('users', { id: serial('id').primaryKey(), ...stamps });\n"),
            ("db/posts.ts", "import * as p from 'drizzle-orm/pg-core';\nimport { users } from './users.js';\nexport const posts = p.pgTable('posts', { id: p.serial('id').primaryKey(), author: p.integer('author').references(() => users.id) });\n"),
            ("db/index.ts", "export * from './users';\nexport { posts as articles } from './posts';\n"),
        ],
    );
    assert!(
        parsed.errors.is_empty(),
        "{:?}",
        parsed.errors.iter().map(|e| e.short()).collect::<Vec<_>>()
    );
    let expected = sql(
        Dialect::Postgres,
        "CREATE TABLE users (id serial PRIMARY KEY, created_at timestamp DEFAULT now());
         CREATE TABLE posts (id serial PRIMARY KEY, author integer CONSTRAINT posts_author_users_id_fk REFERENCES users (id));",
    );
    assert_eq!(parsed.schema, expected);
}

#[test]
fn sqlite_core_builders() {
    same_with(
        Dialect::Sqlite,
        Casing::Preserve,
        "import { sqliteTable, integer, text, real, blob, numeric, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core';
        import { sql } from 'drizzle-orm';
        export const users = sqliteTable('users', {
            id: integer('id').primaryKey({ autoIncrement: true }),
            name: text('name', { length: 80 }).notNull(),
            meta: text('meta', { mode: 'json' }).default({}),
            score: real('score').default(1.5),
            data: blob('data'),
            amount: numeric('amount'),
            active: integer('active', { mode: 'boolean' }).default(true),
            at: integer('at', { mode: 'timestamp' }).default(sql`(unixepoch())`),
        }, (t) => [uniqueIndex('users_name_idx').on(t.name), check('score_ok', sql`${t.score} >= 0`)]);
        export const posts = sqliteTable('posts', {
            id: integer('id').primaryKey(),
            user: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
        }, (t) => [index('posts_user_idx').on(t.user)]);",
        "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, name text(80) NOT NULL,
            meta text DEFAULT '{}', score real DEFAULT 1.5, data blob, amount numeric,
            active integer DEFAULT true, at integer DEFAULT (unixepoch()),
            CONSTRAINT score_ok CHECK (score >= 0));
         CREATE UNIQUE INDEX users_name_idx ON users (name);
         CREATE TABLE posts (id integer PRIMARY KEY NOT NULL,
            user_id integer REFERENCES users (id) ON DELETE CASCADE);
         CREATE INDEX posts_user_idx ON posts (user_id);",
    );
}

#[test]
fn runtime_code_is_a_located_error() {
    assert_eq!(
        error_of("export const t = pgTable('t', { a: integer('a').default(Date.now() + 1) });"),
        "schema.ts:3:57: an operator expression cannot be evaluated statically"
    );
    assert_eq!(
        error_of("export const t = pgTable('t', { a: integer('a').default(new Date()) });"),
        "schema.ts:3:57: a `new` expression cannot be evaluated statically"
    );
    assert_eq!(
        error_of("for (const x of []) {}\nexport const t = pgTable('t', { a: integer('a') });"),
        "schema.ts:3:1: top-level code that runs is not supported in a schema file"
    );
    assert_eq!(
        error_of("import { nanoid } from 'nanoid';\nexport const t = pgTable('t', { a: nanoid('a') });"),
        "schema.ts:4:36: `nanoid` from `nanoid` is not a drizzle builder and cannot be evaluated statically"
    );
    assert_eq!(
        error_of("export const t = pgTable('t', { a: integer('a').frobnicate() });"),
        "schema.ts:3:36: column method `.frobnicate(...)` is not supported"
    );
    assert_eq!(
        error_of("export const t = pgTable('t', { a: integer('a') }, (t) => { const x = 1; return []; });"),
        "schema.ts:3:61: a function body with statements cannot be evaluated statically"
    );
    assert_eq!(
        error_of("const t = pgTable('t', { a: integer('a') });\nexport const u = pgTable('u', { a: integer('a').references(() => t.a) });"),
        "schema.ts:3:11: table `t` is used but not exported, so drizzle-kit would not create it"
    );
    assert_eq!(
        error_of("export const v = pgView('v').as((qb) => qb.select().from(t));"),
        "schema.ts:3:18: a view defined with the query builder cannot be evaluated statically"
    );
    assert_eq!(
        error_of(
            "export const t = pgTable('t', { a: integer('a') }, (t) => [index('i').on(t.b)]);"
        ),
        "schema.ts:3:74: table `t` has no column `b`"
    );
}

#[test]
fn syntax_errors_and_missing_imports_are_located() {
    let parsed =
        read(Dialect::Postgres, Casing::Preserve, &[("s.ts", "export const t = pgTable('t', {\n")]);
    assert!(
        parsed.errors.iter().any(|e| e.short().starts_with("s.ts:2:1: TypeScript syntax error")),
        "{:?}",
        parsed.errors.iter().map(|e| e.short()).collect::<Vec<_>>()
    );
    let parsed = read(
        Dialect::Postgres,
        Casing::Preserve,
        &[("s.ts", "import { users } from './users';\nexport const x = users;\n")],
    );
    assert_eq!(parsed.errors[0].short(), "s.ts:1:23: `./users` is not one of the schema files");
    let parsed = read(Dialect::Sqlite, Casing::Preserve, &[("s.ts", "import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const t = pgTable('t', { a: integer('a') });\n")]);
    assert!(
        parsed.errors[0].short().contains("does not match dialect = \"sqlite\""),
        "{}",
        parsed.errors[0].short()
    );
}
