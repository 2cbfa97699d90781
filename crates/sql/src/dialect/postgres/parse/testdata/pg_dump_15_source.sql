CREATE SCHEMA app;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN app.email AS text CHECK (VALUE LIKE '%@%');
CREATE SEQUENCE app.counter START 10;
CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email app.email NOT NULL UNIQUE,
    mood app.mood DEFAULT 'ok',
    created_at timestamptz NOT NULL DEFAULT now(),
    score numeric(10, 2) CHECK (score >= 0),
    name text COLLATE "C",
    full_name text GENERATED ALWAYS AS (name || '!') STORED
);
CREATE UNLOGGED TABLE app.posts (
    id bigserial PRIMARY KEY,
    author bigint REFERENCES app.users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    title varchar(200) NOT NULL,
    body text,
    tags text[] DEFAULT '{}',
    UNIQUE NULLS NOT DISTINCT (author, title)
);
CREATE INDEX posts_author ON app.posts (author) WHERE body IS NOT NULL;
CREATE INDEX ON app.posts USING gin (tags);
CREATE UNIQUE INDEX posts_lower_title ON app.posts (lower(title) DESC NULLS LAST) INCLUDE (body);
ALTER TABLE app.posts ADD CONSTRAINT title_len CHECK (length(title) > 0);
COMMENT ON TABLE app.users IS 'people';
COMMENT ON COLUMN app.users.email IS 'login';
COMMENT ON INDEX app.posts_author IS 'by author';
COMMENT ON SCHEMA app IS 'the app';
COMMENT ON TYPE app.mood IS 'feelings';
COMMENT ON DOMAIN app.email IS 'an email';
COMMENT ON SEQUENCE app.counter IS 'counts';
CREATE VIEW app.recent AS SELECT id, title FROM app.posts ORDER BY id DESC LIMIT 10;
CREATE MATERIALIZED VIEW app.counts AS SELECT author, count(*) AS n FROM app.posts GROUP BY author;
COMMENT ON VIEW app.recent IS 'latest';
CREATE TABLE public.plain (a serial, b int4 NOT NULL DEFAULT 5, CONSTRAINT pk PRIMARY KEY (a));
