//! Merging the auth tables into parsed project schemas: what is created,
//! what is added to mapped tables, and each conflict with its resolutions.

use sluice_auth::config::AuthConfig;
use sluice_auth::merge::{merge, FindingKind};
use sluice_auth::resolve::resolve;
use sluice_schema::{Change, Dialect, Schema};
use sluice_sql::{dialect_for, SourceFile};

fn parse(dialect: Dialect, sql: &str) -> Schema {
    let parsed = dialect_for(dialect).unwrap().parse(&[SourceFile::new("schema.sql", sql)]);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.schema
}

fn cfg(text: &str) -> AuthConfig {
    AuthConfig::from_toml(&toml::from_str(text).unwrap()).unwrap()
}

#[test]
fn empty_project_gets_every_table() {
    let model = resolve(&cfg("plugins = [\"two-factor\"]"), Dialect::Postgres).unwrap();
    let m = merge(&model, &Schema::empty(Dialect::Postgres), &model_resolve());
    assert!(m.conflicts.is_empty());
    assert!(m.additions.is_empty());
    assert_eq!(m.create.tables.len(), 5);
}

fn model_resolve() -> std::collections::BTreeMap<String, String> {
    Default::default()
}

#[test]
fn serial_users_with_text_ids_is_an_id_type_conflict() {
    let project = parse(
        Dialect::Postgres,
        "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);",
    );
    let c = cfg("tables = { user = \"users\" }");
    let m = merge(&resolve(&c, Dialect::Postgres).unwrap(), &project, &c.resolve);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let f = &m.conflicts[0];
    assert_eq!(f.kind, FindingKind::IdType);
    assert!(f.message.contains("session.userId"), "{}", f.message);
    assert_eq!(f.resolutions[0].config, "[auth] id = \"serial\"");

    let c = cfg("tables = { user = \"users\" }\nid = \"serial\"");
    let m = merge(&resolve(&c, Dialect::Postgres).unwrap(), &project, &c.resolve);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let added: Vec<String> = m
        .additions
        .iter()
        .filter_map(|c| match c {
            Change::AddColumn { column, .. } => Some(column.name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(added, ["name", "emailVerified", "image", "createdAt", "updatedAt"]);
    // email exists without UNIQUE: a unique index is added.
    assert!(m.additions.iter().any(|c| matches!(c, Change::CreateIndex { index, .. } if index.unique && index.name == "users_email_uidx")));
    assert!(m.create.tables.iter().all(|t| t.name.name != "users"));
    assert_eq!(m.mapped["user"], "users");
}

#[test]
fn name_clash_then_map_then_required_column() {
    let project = parse(
        Dialect::Sqlite,
        "CREATE TABLE user (id text PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE, tenant_id text NOT NULL);",
    );
    let c = cfg("");
    let model = resolve(&c, Dialect::Sqlite).unwrap();
    let m = merge(&model, &project, &c.resolve);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].kind, FindingKind::NameClash);
    let values: Vec<_> =
        m.conflicts[0].resolutions.iter().filter_map(|r| r.resolve.clone()).collect();
    assert_eq!(values, ["user=map", "user=rename:auth_user", "user=prefix:auth_"]);

    let mut r = model_resolve();
    r.insert("user".into(), "map".into());
    let m = merge(&model, &project, &r);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert_eq!(m.conflicts[0].kind, FindingKind::UnexpectedRequired);
    assert_eq!(m.conflicts[0].key, "user.tenant_id");
    // SQLite cannot drop NOT NULL in place: only the other resolutions.
    assert!(m.conflicts[0]
        .resolutions
        .iter()
        .all(|r| r.resolve.as_deref() != Some("user.tenant_id=nullable")));

    r.insert("user.tenant_id".into(), "additional".into());
    let m = merge(&model, &project, &r);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let o = sluice_auth::emit::options(&m.model);
    assert_eq!(o["user"]["additionalFields"]["tenant_id"]["type"], "string");

    r.insert("user".into(), "rename:auth_user".into());
    let c2 = AuthConfig { resolve: r.clone(), ..c.clone() };
    let m = merge(&resolve(&c2, Dialect::Sqlite).unwrap(), &project, &r);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert!(m.create.tables.iter().any(|t| t.name.name == "auth_user"));
}

#[test]
fn incompatible_column_type_names_a_new_column() {
    let project = parse(
        Dialect::Postgres,
        "CREATE TABLE \"user\" (id text PRIMARY KEY, name text NOT NULL, email integer NOT NULL);",
    );
    let c = cfg("[resolve]\nuser = \"map\"");
    let m = merge(&resolve(&c, Dialect::Postgres).unwrap(), &project, &c.resolve);
    let f =
        m.conflicts.iter().find(|f| f.kind == FindingKind::ColumnType).expect("a type conflict");
    assert!(f.message.contains("user.email is integer"), "{}", f.message);
    assert_eq!(f.resolutions[0].config, "[auth.fields.user] email = \"auth_email\"");
}

#[test]
fn index_names_are_schema_wide_on_postgres() {
    let project = parse(
        Dialect::Postgres,
        "CREATE TABLE t (a int);\nCREATE INDEX \"session_userId_idx\" ON t (a);",
    );
    let c = cfg("");
    let m = merge(&resolve(&c, Dialect::Postgres).unwrap(), &project, &c.resolve);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].kind, FindingKind::IndexNameClash);
    assert_eq!(m.conflicts[0].key, "session");
}

#[test]
fn check_names_every_gap() {
    let live = parse(
        Dialect::Postgres,
        "CREATE TABLE \"user\" (id text PRIMARY KEY, name text NOT NULL, email text NOT NULL, \"emailVerified\" boolean NOT NULL, image text, \"createdAt\" timestamptz NOT NULL, \"updatedAt\" timestamptz NOT NULL, org text NOT NULL);\n\
         CREATE TABLE session (id text PRIMARY KEY, \"expiresAt\" timestamptz NOT NULL, token text NOT NULL UNIQUE, \"createdAt\" timestamptz NOT NULL, \"updatedAt\" timestamptz NOT NULL, \"ipAddress\" text, \"userAgent\" text, \"userId\" integer NOT NULL);",
    );
    let c = cfg("");
    let gaps =
        sluice_auth::check::check(&resolve(&c, Dialect::Postgres).unwrap(), &live, &c.resolve);
    let kinds: Vec<(FindingKind, &str)> = gaps.iter().map(|g| (g.kind, g.key.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (FindingKind::MissingUnique, "user.email"),
            (FindingKind::UnexpectedRequired, "user.org"),
            (FindingKind::IdType, "session.userId"),
            (FindingKind::MissingForeignKey, "session.userId"),
            (FindingKind::MissingTable, "account"),
            (FindingKind::MissingTable, "verification"),
        ]
    );
}
