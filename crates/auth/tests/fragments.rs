//! Snapshots of every plugin's fragment (and the core's) in each dialect,
//! rendered to SQL by the dialect's renderer, under three option sets that
//! cover every id kind and both namings; plus the rules the fragments
//! follow (references follow the id kind, id-valued columns without a
//! reference stay text, naming, plural, prefix, renames).

use sluice_auth::catalogue::PLUGINS;
use sluice_auth::config::AuthConfig;
use sluice_auth::fragment::{column, fragment_of};
use sluice_auth::resolve::resolve;
use sluice_schema::{Change, Dialect, QualifiedName, SqlType};
use sluice_sql::dialect_for;

fn config(plugins: &[&str], id: &str, naming: &str) -> AuthConfig {
    let text = format!(
        "plugins = {plugins:?}\nid = \"{id}\"\nnaming = \"{naming}\"\n[organization]\nteams = true\ndynamic_access_control = true\n"
    );
    AuthConfig::from_toml(&toml::from_str(&text).unwrap()).unwrap()
}

const VARIANTS: &[(&str, &str)] = &[
    ("text", "camelCase"),
    ("uuid", "snake_case"),
    ("serial", "camelCase"),
    ("serial", "snake_case"),
];

/// The SQL of what `plugin` adds (`None`: the core): its own tables, and
/// the columns it puts on tables it does not own.
fn plugin_sql(plugin: Option<&str>, dialect: Dialect, id: &str, naming: &str) -> String {
    let plugins: Vec<&str> = plugin.into_iter().collect();
    let mut cfg = config(&plugins, id, naming);
    cfg.rate_limit = plugin.is_none();
    let model = resolve(&cfg, dialect).unwrap();
    let owner = plugin.map(|p| sluice_auth::catalogue::plugin(p).unwrap().option_id);
    let d = dialect_for(dialect).unwrap();
    let tables =
        fragment_of(&model, |t| t.plugin == owner || (owner.is_none() && t.plugin.is_none()));
    let mut out = d.render_schema(&tables);
    let ns = dialect.default_schema();
    let added: Vec<Change> = model
        .tables
        .iter()
        .filter(|t| owner.is_some() && t.plugin != owner)
        .flat_map(|t| {
            t.columns.iter().filter(|c| c.plugin == owner).map(move |c| Change::AddColumn {
                table: QualifiedName::new(ns, &t.physical),
                column: column(c),
            })
        })
        .collect();
    if !added.is_empty() {
        out.push_str("\n-- on tables the plugin does not own\n");
        out.push_str(&sluice_sql::render_script(d.as_ref(), &added));
    }
    out
}

fn snapshot(plugin: Option<&str>, dialect: Dialect) -> String {
    let mut s = String::new();
    for (id, naming) in VARIANTS {
        s.push_str(&format!("-- ===== id = {id}, naming = {naming} =====\n"));
        s.push_str(&plugin_sql(plugin, dialect, id, naming));
        s.push('\n');
    }
    s
}

#[test]
fn core_fragments() {
    for dialect in [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql] {
        insta::assert_snapshot!(format!("core_{dialect}"), snapshot(None, dialect));
    }
}

#[test]
fn every_plugin_fragment() {
    for p in PLUGINS {
        for dialect in [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql] {
            let sql = snapshot(Some(p.name), dialect);
            assert!(!sql.trim().is_empty(), "{} renders nothing", p.name);
            insta::assert_snapshot!(format!("plugin_{}_{dialect}", p.name.replace('-', "_")), sql);
        }
    }
}

/// Every fragment the renderer writes parses back to the same tables.
#[test]
fn fragments_round_trip_through_the_parser() {
    let all: Vec<&str> = PLUGINS.iter().map(|p| p.name).collect();
    for dialect in [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql] {
        for (id, naming) in VARIANTS {
            let mut cfg = config(&all, id, naming);
            cfg.rate_limit = true;
            let model = resolve(&cfg, dialect).unwrap();
            let frag = fragment_of(&model, |_| true);
            let d = dialect_for(dialect).unwrap();
            let sql = d.render_schema(&frag);
            let parsed = d.parse(&[sluice_sql::SourceFile::new("auth.sql", sql.clone())]);
            assert!(parsed.errors.is_empty(), "{dialect} {id} {naming}: {:?}", parsed.errors);
            assert_eq!(parsed.schema.tables.len(), frag.tables.len());
            let names = |s: &sluice_schema::Schema| {
                s.tables
                    .iter()
                    .map(|t| {
                        (
                            t.name.name.clone(),
                            t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(&parsed.schema), names(&frag), "{dialect} {id} {naming}");
            // 4 core + rateLimit + every plugin's tables.
            assert_eq!(frag.tables.len(), 25, "{dialect}");
        }
    }
}

#[test]
fn references_follow_the_id_kind_and_id_values_stay_text() {
    let cfg = config(&["organization", "admin", "api-key"], "serial", "camelCase");
    let model = resolve(&cfg, Dialect::Postgres).unwrap();
    let col = |t: &str, c: &str| model.table(t).unwrap().column(c).unwrap().ty.clone();
    assert_eq!(col("session", "userId"), SqlType::Integer);
    assert_eq!(col("member", "organizationId"), SqlType::Integer);
    assert_eq!(col("session", "activeOrganizationId"), SqlType::Text);
    assert_eq!(col("session", "impersonatedBy"), SqlType::Text);
    assert_eq!(col("apikey", "referenceId"), SqlType::Text);
    assert!(model.table("user").unwrap().id().identity.is_some());
    let uuid = resolve(&config(&[], "uuid", "camelCase"), Dialect::Postgres).unwrap();
    assert_eq!(uuid.table("account").unwrap().column("userId").unwrap().ty, SqlType::Uuid);
    let sqlite = resolve(&config(&[], "uuid", "camelCase"), Dialect::Sqlite).unwrap();
    assert_eq!(sqlite.table("account").unwrap().column("userId").unwrap().ty, SqlType::Text);
}

#[test]
fn names_follow_naming_plural_prefix_tables_and_fields() {
    let text = r#"
        plugins = ["two-factor", "jwt"]
        naming = "snake_case"
        plural = true
        prefix = "auth_"
        tables = { user = "people" }
        [fields.user]
        emailVerified = "is_verified"
        twoFactorEnabled = "mfa_on"
    "#;
    let cfg = AuthConfig::from_toml(&toml::from_str(text).unwrap()).unwrap();
    let model = resolve(&cfg, Dialect::Postgres).unwrap();
    let phys: Vec<&str> = model.tables.iter().map(|t| t.physical.as_str()).collect();
    assert_eq!(
        phys,
        [
            "people",
            "auth_sessions",
            "auth_accounts",
            "auth_verifications",
            "auth_two_factors",
            "auth_jwks"
        ]
    );
    let user = model.table("user").unwrap();
    assert_eq!(user.column("emailVerified").unwrap().physical, "is_verified");
    assert_eq!(user.column("twoFactorEnabled").unwrap().physical, "mfa_on");
    assert_eq!(user.column("createdAt").unwrap().physical, "created_at");
    let fk = model.table("session").unwrap().column("userId").unwrap().references.clone().unwrap();
    assert_eq!((fk.table.as_str(), fk.column.as_str()), ("people", "id"));
}

#[test]
fn additional_fields_and_oauth_provider_brings_jwks() {
    let text = r#"
        plugins = ["oauth-provider"]
        [additional_fields.user]
        tenantId = { type = "string", required = false, column = "tenant_id" }
    "#;
    let cfg = AuthConfig::from_toml(&toml::from_str(text).unwrap()).unwrap();
    let model = resolve(&cfg, Dialect::Postgres).unwrap();
    assert!(model.table("jwks").is_some(), "oauth-provider signs with the jwt plugin's keys");
    let t = model.table("user").unwrap().column("tenantId").unwrap();
    assert!(t.additional && t.nullable && t.physical == "tenant_id");
    let o = sluice_auth::emit::options(&model);
    assert_eq!(o["user"]["additionalFields"]["tenantId"]["fieldName"], "tenant_id");
    assert!(o["plugins"]["jwt"]["schema"]["jwks"].is_object(), "{o}");
    assert_eq!(o["plugins"]["oauthProvider"]["schema"]["oauthClient"]["modelName"], "oauthClient");
}

#[test]
fn config_errors_name_the_key() {
    let bad =
        |text: &str| AuthConfig::from_toml(&toml::from_str(text).unwrap()).unwrap_err().to_string();
    assert!(bad("plugins = [\"two-factr\"]").contains("unknown plugin `two-factr`"));
    assert!(bad("naming = \"kebab\"").contains("unknown variant `kebab`"));
    assert!(bad("idd = \"uuid\"").contains("unknown field `idd`"));
    let e = bad("[additional_fields.user]\nx = { type = \"text\" }");
    assert!(e.contains("additional_fields.user.x.type"), "{e}");
    let cfg =
        AuthConfig::from_toml(&toml::from_str("tables = { teams = \"t\" }").unwrap()).unwrap();
    let e = resolve(&cfg, Dialect::Postgres).unwrap_err().to_string();
    assert!(e.contains("no auth table `teams`"), "{e}");
}

#[test]
fn emit_config_shape() {
    let cfg = config(&["two-factor", "organization", "username", "admin"], "uuid", "snake_case");
    let model = resolve(&cfg, Dialect::Postgres).unwrap();
    let o = sluice_auth::emit::options(&model);
    assert_eq!(o["user"]["modelName"], "user");
    assert_eq!(o["user"]["fields"]["emailVerified"], "email_verified");
    assert_eq!(o["session"]["fields"]["userId"], "user_id");
    assert_eq!(o["advanced"]["database"]["generateId"], "uuid");
    assert_eq!(o["plugins"]["twoFactor"]["schema"]["twoFactor"]["modelName"], "two_factor");
    assert_eq!(
        o["plugins"]["twoFactor"]["schema"]["user"]["fields"]["twoFactorEnabled"],
        "two_factor_enabled"
    );
    assert_eq!(o["plugins"]["organization"]["teams"]["enabled"], true);
    assert_eq!(o["plugins"]["organization"]["schema"]["teamMember"]["modelName"], "team_member");
    assert_eq!(
        o["plugins"]["admin"]["schema"]["session"]["fields"]["impersonatedBy"],
        "impersonated_by"
    );
    let ts = sluice_auth::emit::typescript(&model);
    assert!(
        ts.contains(
            "import { twoFactor, organization, username, admin } from \"better-auth/plugins\";"
        ),
        "{ts}"
    );
    assert!(ts.contains("generateId: \"uuid\""), "{ts}");
}
