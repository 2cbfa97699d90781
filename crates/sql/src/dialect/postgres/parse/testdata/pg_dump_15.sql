-- `pg_dump --schema-only` (PostgreSQL 15.20) of a database made from pg_dump_15_source.sql
--
-- PostgreSQL database dump
--

\restrict vWd6tCgrDqNvy2xKy0fiBgiPRQcjbAZlo5sfLZXvQfR1YVEkozmfBRyJRYbknCG

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: app; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA app;


ALTER SCHEMA app OWNER TO postgres;

--
-- Name: SCHEMA app; Type: COMMENT; Schema: -; Owner: postgres
--

COMMENT ON SCHEMA app IS 'the app';


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: email; Type: DOMAIN; Schema: app; Owner: postgres
--

CREATE DOMAIN app.email AS text
	CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text));


ALTER DOMAIN app.email OWNER TO postgres;

--
-- Name: DOMAIN email; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON DOMAIN app.email IS 'an email';


--
-- Name: mood; Type: TYPE; Schema: app; Owner: postgres
--

CREATE TYPE app.mood AS ENUM (
    'sad',
    'ok',
    'happy'
);


ALTER TYPE app.mood OWNER TO postgres;

--
-- Name: TYPE mood; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON TYPE app.mood IS 'feelings';


--
-- Name: counter; Type: SEQUENCE; Schema: app; Owner: postgres
--

CREATE SEQUENCE app.counter
    START WITH 10
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE app.counter OWNER TO postgres;

--
-- Name: SEQUENCE counter; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON SEQUENCE app.counter IS 'counts';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: posts; Type: TABLE; Schema: app; Owner: postgres
--

CREATE UNLOGGED TABLE app.posts (
    id bigint NOT NULL,
    author bigint,
    title character varying(200) NOT NULL,
    body text,
    tags text[] DEFAULT '{}'::text[],
    CONSTRAINT title_len CHECK ((length((title)::text) > 0))
);


ALTER TABLE app.posts OWNER TO postgres;

--
-- Name: counts; Type: MATERIALIZED VIEW; Schema: app; Owner: postgres
--

CREATE MATERIALIZED VIEW app.counts AS
 SELECT posts.author,
    count(*) AS n
   FROM app.posts
  GROUP BY posts.author
  WITH NO DATA;


ALTER TABLE app.counts OWNER TO postgres;

--
-- Name: posts_id_seq; Type: SEQUENCE; Schema: app; Owner: postgres
--

CREATE UNLOGGED SEQUENCE app.posts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE app.posts_id_seq OWNER TO postgres;

--
-- Name: posts_id_seq; Type: SEQUENCE OWNED BY; Schema: app; Owner: postgres
--

ALTER SEQUENCE app.posts_id_seq OWNED BY app.posts.id;


--
-- Name: recent; Type: VIEW; Schema: app; Owner: postgres
--

CREATE VIEW app.recent AS
 SELECT posts.id,
    posts.title
   FROM app.posts
  ORDER BY posts.id DESC
 LIMIT 10;


ALTER TABLE app.recent OWNER TO postgres;

--
-- Name: VIEW recent; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON VIEW app.recent IS 'latest';


--
-- Name: users; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.users (
    id bigint NOT NULL,
    email app.email NOT NULL,
    mood app.mood DEFAULT 'ok'::app.mood,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    score numeric(10,2),
    name text COLLATE pg_catalog."C",
    full_name text GENERATED ALWAYS AS ((name || '!'::text)) STORED,
    CONSTRAINT users_score_check CHECK ((score >= (0)::numeric))
);


ALTER TABLE app.users OWNER TO postgres;

--
-- Name: TABLE users; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON TABLE app.users IS 'people';


--
-- Name: COLUMN users.email; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON COLUMN app.users.email IS 'login';


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: app; Owner: postgres
--

ALTER TABLE app.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME app.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: plain; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.plain (
    a integer NOT NULL,
    b integer DEFAULT 5 NOT NULL
);


ALTER TABLE public.plain OWNER TO postgres;

--
-- Name: plain_a_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.plain_a_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.plain_a_seq OWNER TO postgres;

--
-- Name: plain_a_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.plain_a_seq OWNED BY public.plain.a;


--
-- Name: posts id; Type: DEFAULT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.posts ALTER COLUMN id SET DEFAULT nextval('app.posts_id_seq'::regclass);


--
-- Name: plain a; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.plain ALTER COLUMN a SET DEFAULT nextval('public.plain_a_seq'::regclass);


--
-- Name: posts posts_author_title_key; Type: CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.posts
    ADD CONSTRAINT posts_author_title_key UNIQUE NULLS NOT DISTINCT (author, title);


--
-- Name: posts posts_pkey; Type: CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.posts
    ADD CONSTRAINT posts_pkey PRIMARY KEY (id);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: plain pk; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.plain
    ADD CONSTRAINT pk PRIMARY KEY (a);


--
-- Name: posts_author; Type: INDEX; Schema: app; Owner: postgres
--

CREATE INDEX posts_author ON app.posts USING btree (author) WHERE (body IS NOT NULL);


--
-- Name: INDEX posts_author; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON INDEX app.posts_author IS 'by author';


--
-- Name: posts_lower_title; Type: INDEX; Schema: app; Owner: postgres
--

CREATE UNIQUE INDEX posts_lower_title ON app.posts USING btree (lower((title)::text) DESC NULLS LAST) INCLUDE (body);


--
-- Name: posts_tags_idx; Type: INDEX; Schema: app; Owner: postgres
--

CREATE INDEX posts_tags_idx ON app.posts USING gin (tags);


--
-- Name: posts posts_author_fkey; Type: FK CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.posts
    ADD CONSTRAINT posts_author_fkey FOREIGN KEY (author) REFERENCES app.users(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;


--
-- PostgreSQL database dump complete
--

\unrestrict vWd6tCgrDqNvy2xKy0fiBgiPRQcjbAZlo5sfLZXvQfR1YVEkozmfBRyJRYbknCG

