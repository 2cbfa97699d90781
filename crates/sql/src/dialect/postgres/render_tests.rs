//! Snapshots of the PostgreSQL SQL of every change kind, as `up.sql` shows
//! it (through `render_script`, so data-loss comments are included).

use super::Postgres;
use crate::dialect::fixtures::*;
use crate::{render_script, SqlDialect};
use insta::assert_snapshot;
use sluice_schema::*;

fn sql(change: Change) -> String {
    render_script(&Postgres, &[change])
}

fn app(name: &str) -> QualifiedName {
    QualifiedName::new(Some("app"), name)
}

fn mood(values: &[&str]) -> EnumType {
    EnumType {
        name: app("mood"),
        values: values.iter().map(|v| v.to_string()).collect(),
        comment: None,
    }
}

fn mood_usages() -> Vec<EnumUsage> {
    let scalar = with_default(
        not_null(col("mood", SqlType::Named { name: app("mood") })),
        "'happy'::app.mood",
    );
    let array = col(
        "history",
        SqlType::Array { element: Box::new(SqlType::Named { name: app("mood") }), dims: 1 },
    );
    vec![
        EnumUsage { table: app("users"), column: scalar },
        EnumUsage { table: app("posts"), column: array },
    ]
}

fn sequence() -> Sequence {
    Sequence {
        name: app("order_no"),
        options: SequenceOptions {
            ty: Some(SqlType::Integer),
            start: Some(1000),
            increment: Some(10),
            min_value: Some(1000),
            max_value: None,
            cache: Some(5),
            cycle: true,
        },
        owned_by: Some((app("orders"), "number".into())),
        comment: Some("Order numbers".into()),
    }
}

#[test]
fn namespaces_and_extensions() {
    let ns = Namespace { name: "app".into(), comment: Some("Application tables".into()) };
    let ext = Extension { name: "pgcrypto".into(), schema: Some("app".into()) };
    assert_snapshot!(
        "namespaces_and_extensions",
        render_script(
            &Postgres,
            &[
                Change::CreateNamespace(ns.clone()),
                Change::CreateExtension(ext.clone()),
                Change::DropExtension(ext),
                Change::DropNamespace(ns),
            ]
        )
    );
}

#[test]
fn enums() {
    assert_snapshot!("create_enum", sql(Change::CreateEnum(mood(&["sad", "ok", "happy"]))));
    assert_snapshot!("drop_enum", sql(Change::DropEnum(mood(&["sad"]))));
    assert_snapshot!(
        "add_enum_value",
        sql(Change::AddEnumValue {
            from: mood(&["sad", "happy"]),
            to: mood(&["awful", "sad", "ok", "happy", "ecstatic"]),
            usages: mood_usages(),
        })
    );
    assert_snapshot!(
        "rebuild_enum",
        sql(Change::RebuildEnum {
            from: mood(&["sad", "ok", "happy"]),
            to: mood(&["happy", "sad"]),
            usages: mood_usages(),
        })
    );
    assert_snapshot!(
        "comments_on_type_and_schema",
        render_script(
            &Postgres,
            &[
                Change::SetObjectComment {
                    object: CommentTarget::Enum(app("mood")),
                    from: None,
                    to: Some("How it's going".into()),
                },
                Change::SetObjectComment {
                    object: CommentTarget::Namespace("app".into()),
                    from: Some("old".into()),
                    to: None,
                },
            ]
        )
    );
}

#[test]
fn domains() {
    let d = Domain {
        name: app("email"),
        ty: SqlType::Text,
        not_null: true,
        default: Some(Expr::new("''")),
        collation: Some("C".into()),
        checks: vec![check(Some("email_check"), "value like '%@%'")],
        comment: Some("An e-mail address".into()),
    };
    assert_snapshot!("create_domain", sql(Change::CreateDomain(d.clone())));
    assert_snapshot!("drop_domain", sql(Change::DropDomain(d)));
}

#[test]
fn sequences() {
    let s = sequence();
    assert_snapshot!("create_sequence", sql(Change::CreateSequence(s.clone())));
    assert_snapshot!("drop_sequence", sql(Change::DropSequence(s.clone())));
    let to = Sequence {
        options: SequenceOptions {
            ty: Some(SqlType::BigInt),
            start: None,
            increment: None,
            min_value: None,
            max_value: Some(1_000_000),
            cache: None,
            cycle: false,
        },
        owned_by: None,
        comment: None,
        ..s.clone()
    };
    assert_snapshot!(
        "alter_sequence",
        sql(Change::AlterSequence { from: Box::new(s), to: Box::new(to) })
    );
}

#[test]
fn tables() {
    assert_snapshot!("create_table", sql(Change::CreateTable(pg_users())));
    assert_snapshot!("create_table_fk_excluded", sql(Change::CreateTable(pg_posts())));
    let mut empty = Table::new(q("empty"));
    empty.options.unlogged = true;
    assert_snapshot!("create_table_empty_unlogged", sql(Change::CreateTable(empty)));
    assert_snapshot!("drop_table", sql(Change::DropTable(pg_posts())));
    assert_snapshot!(
        "rename_table",
        render_script(
            &Postgres,
            &[
                Change::RenameTable { from: app("people"), to: app("users") },
                Change::RenameTable { from: app("users"), to: q("users") },
                Change::RenameTable { from: q("users"), to: app("persons") },
            ]
        )
    );
    assert_snapshot!(
        "table_comment",
        render_script(
            &Postgres,
            &[
                Change::SetTableComment {
                    table: app("users"),
                    from: None,
                    to: Some("It's 'quoted'".into())
                },
                Change::SetTableComment { table: app("users"), from: Some("x".into()), to: None },
            ]
        )
    );
}

#[test]
fn rebuild_table() {
    let from = pg_users();
    let mut to = pg_users();
    to.columns.retain(|c| c.name != "score");
    to.columns[2].name = "nickname".into();
    let shout = to.columns.iter_mut().find(|c| c.name == "shout").unwrap();
    shout.generated =
        Some(Box::new(Generated { expr: Expr::new("upper(nickname)"), stored: true }));
    let column_map = to
        .columns
        .iter()
        .map(|c| {
            let old = if c.name == "nickname" { "name" } else { c.name.as_str() };
            (c.name.clone(), old.to_string())
        })
        .collect();
    to.checks.clear();
    assert_snapshot!(
        "rebuild_table",
        sql(Change::RebuildTable { from: Box::new(from), to: Box::new(to), column_map })
    );
}

#[test]
fn columns() {
    let users = app("users");
    let mut c = with_default(col("bio", SqlType::Varchar { length: Some(280) }), "''");
    c.comment = Some("About me".into());
    assert_snapshot!(
        "add_column",
        sql(Change::AddColumn { table: users.clone(), column: c.clone() })
    );
    assert_snapshot!("drop_column", sql(Change::DropColumn { table: users.clone(), column: c }));
    assert_snapshot!(
        "rename_column",
        sql(Change::RenameColumn { table: users, from: "name".into(), to: "user".into() })
    );
}

fn alter(from: Column, to: Column) -> String {
    sql(Change::AlterColumn { table: app("users"), from: Box::new(from), to: Box::new(to) })
}

#[test]
fn alter_column_type() {
    let int = with_default(col("n", SqlType::Integer), "0");
    let big = with_default(col("n", SqlType::BigInt), "0");
    assert_snapshot!("alter_column_type_widen", alter(int.clone(), big));
    let text = with_default(col("n", SqlType::Text), "'0'");
    assert_snapshot!("alter_column_type_using", alter(text, int));
    let plain = col("n", SqlType::Varchar { length: Some(10) });
    let mut collated = col("n", SqlType::Varchar { length: Some(10) });
    collated.collation = Some("en-US-x-icu".into());
    assert_snapshot!("alter_column_collation", alter(plain, collated));
}

#[test]
fn alter_column_default_null_comment() {
    let a = col("n", SqlType::Integer);
    let mut b = not_null(with_default(col("n", SqlType::Integer), "1 + 1"));
    b.comment = Some("count".into());
    assert_snapshot!("alter_column_default_not_null_comment", alter(a.clone(), b.clone()));
    assert_snapshot!("alter_column_drop_default_not_null_comment", alter(b, a));
}

#[test]
fn alter_column_identity() {
    let plain =
        not_null(with_default(col("id", SqlType::BigInt), "nextval('users_id_seq'::regclass)"));
    let mut always = not_null(col("id", SqlType::BigInt));
    always.identity = Some(Box::new(Identity {
        always: true,
        options: SequenceOptions { start: Some(100), ..Default::default() },
    }));
    let mut by_default = always.clone();
    by_default.identity = Some(Box::new(Identity {
        always: false,
        options: SequenceOptions { increment: Some(5), cycle: true, ..Default::default() },
    }));
    assert_snapshot!("alter_column_add_identity", alter(plain, always.clone()));
    assert_snapshot!("alter_column_set_identity", alter(always.clone(), by_default));
    assert_snapshot!(
        "alter_column_drop_identity",
        alter(always, not_null(col("id", SqlType::BigInt)))
    );
}

#[test]
fn alter_column_generated() {
    let plain = col("shout", SqlType::Text);
    let mut generated = col("shout", SqlType::Text);
    generated.generated =
        Some(Box::new(Generated { expr: Expr::new("upper(name)"), stored: true }));
    assert_snapshot!("alter_column_drop_expression", alter(generated.clone(), plain.clone()));
    assert_snapshot!("alter_column_add_expression", alter(plain, generated));
}

#[test]
fn constraints() {
    let users = app("users");
    let posts = app("posts");
    let key = pk(Some("users_pkey"), &["id"]);
    let mut u = unique(None, &["email", "tenant"]);
    u.nulls_not_distinct = true;
    u.deferrable = Deferrable::InitiallyDeferred;
    let mut f = fk(None, &["author_id"], users.clone(), &["id"]);
    f.on_delete = FkAction::SetNull;
    f.on_update = FkAction::Cascade;
    f.match_full = true;
    f.deferrable = Deferrable::InitiallyImmediate;
    let mut c = check(None, "length(email) > 3");
    c.no_inherit = true;
    assert_snapshot!(
        "constraints",
        render_script(
            &Postgres,
            &[
                Change::AddPrimaryKey { table: users.clone(), key: key.clone() },
                Change::DropPrimaryKey { table: users.clone(), key: pk(None, &["id"]) },
                Change::AddUnique { table: users.clone(), unique: u.clone() },
                Change::DropUnique { table: users.clone(), unique: u },
                Change::AddForeignKey { table: posts.clone(), fk: f.clone() },
                Change::DropForeignKey { table: posts, fk: f },
                Change::AddCheck { table: users.clone(), check: c.clone() },
                Change::DropCheck { table: users.clone(), check: c },
                Change::DropCheck { table: users, check: check(None, "a > b") },
            ]
        )
    );
}

#[test]
fn indexes() {
    let users = app("users");
    let mut i = index("users_lower_email_idx", &[]);
    i.unique = true;
    i.method = Some("btree".into());
    i.keys = vec![
        IndexKey { target: IndexTarget::Expr(Expr::new("lower(email)")), ..IndexKey::column("x") },
        IndexKey {
            collation: Some("C".into()),
            opclass: Some("text_pattern_ops".into()),
            descending: true,
            nulls: Some(NullsOrder::Last),
            ..IndexKey::column("name")
        },
    ];
    i.include = vec!["id".into()];
    i.nulls_not_distinct = true;
    i.predicate = Some(Expr::new("deleted_at is null"));
    i.comment = Some("Lookup by e-mail".into());
    let mut gin = index("posts_tags_idx", &["tags"]);
    gin.method = Some("gin".into());
    assert_snapshot!(
        "indexes",
        render_script(
            &Postgres,
            &[
                Change::CreateIndex { table: users.clone(), index: i.clone() },
                Change::CreateIndex { table: app("posts"), index: gin },
                Change::RenameIndex {
                    table: users.clone(),
                    from: i.name.clone(),
                    to: "users_email_lower_idx".into()
                },
                Change::SetIndexComment {
                    table: users.clone(),
                    index: "users_email_lower_idx".into(),
                    from: None,
                    to: Some("x".into())
                },
                Change::DropIndex {
                    table: users,
                    index: Index { name: "users_email_lower_idx".into(), ..i }
                },
            ]
        )
    );
}

#[test]
fn views() {
    let v = View {
        name: app("active_users"),
        definition: "select id, email from app.users where deleted_at is null".into(),
        columns: vec!["id".into(), "email".into()],
        materialized: false,
        comment: Some("Users not deleted".into()),
    };
    let m = View {
        name: app("user_counts"),
        materialized: true,
        columns: vec![],
        comment: None,
        definition: "select count(*) as n from app.users".into(),
    };
    assert_snapshot!(
        "views",
        render_script(
            &Postgres,
            &[
                Change::CreateView(v.clone()),
                Change::CreateView(m.clone()),
                Change::DropView(m),
                Change::DropView(v),
            ]
        )
    );
}

#[test]
fn whole_schema() {
    let mut orders = Table::new(app("orders"));
    orders.columns = vec![not_null(with_default(
        col("number", SqlType::Integer),
        "nextval('app.order_no'::regclass)",
    ))];
    let mut s = schema(Dialect::Postgres, vec![orders, pg_posts(), pg_users()]);
    s.namespaces = vec![Namespace { name: "app".into(), comment: None }];
    s.extensions = vec![Extension { name: "citext".into(), schema: None }];
    s.enums = vec![mood(&["sad", "happy"])];
    s.sequences = vec![sequence()];
    s.views = vec![
        View {
            name: app("b_view"),
            definition: "select * from app.a_view".into(),
            columns: vec![],
            materialized: false,
            comment: None,
        },
        View {
            name: app("a_view"),
            definition: "select id from app.users".into(),
            columns: vec![],
            materialized: false,
            comment: None,
        },
    ];
    assert_snapshot!("render_schema", Postgres.render_schema(&s));
}

#[test]
fn hostile_names() {
    let mut t = hostile_table(Some("My App"));
    t.comment = Some("'; DROP TABLE users; --".into());
    let e = EnumType {
        name: QualifiedName::new(Some("My App"), "Mood"),
        values: vec!["it's".into(), "a\"b".into()],
        comment: None,
    };
    let mut s = schema(Dialect::Postgres, vec![t.clone()]);
    s.namespaces = vec![Namespace { name: "My App".into(), comment: None }];
    s.enums = vec![e.clone()];
    assert_snapshot!("hostile_names_schema", Postgres.render_schema(&s));
    assert_snapshot!(
        "hostile_names_changes",
        render_script(
            &Postgres,
            &[
                Change::RenameColumn {
                    table: t.name.clone(),
                    from: "user".into(),
                    to: "Ünïcode".into()
                },
                Change::DropCheck { table: t.name.clone(), check: t.checks[0].clone() },
                Change::RenameIndex {
                    table: t.name.clone(),
                    from: "idx\"; DROP".into(),
                    to: "order".into()
                },
                Change::AddEnumValue {
                    from: e.clone(),
                    to: EnumType { values: vec!["it's".into(), "new'".into(), "a\"b".into()], ..e },
                    usages: vec![]
                },
            ]
        )
    );
}

/// `keeps_diffs` is what lets callers skip `plan`: it must hand changes back
/// unchanged, and rendering them as they come must read the same.
#[test]
fn plan_keeps_diffs() {
    use std::borrow::Cow;
    let users = pg_users();
    let changes = vec![
        Change::CreateTable(users.clone()),
        Change::AddColumn { table: users.name.clone(), column: col("bio", SqlType::Text) },
        Change::CreateIndex { table: users.name.clone(), index: index("users_bio", &["bio"]) },
    ];
    assert!(Postgres.keeps_diffs());
    let (from, to) = (schema(Dialect::Postgres, vec![]), schema(Dialect::Postgres, vec![users]));
    let planned = Postgres.plan(&from, &to, Cow::Borrowed(&changes));
    assert!(matches!(planned, Cow::Borrowed(_)));
    let reversed = sluice_schema::diff::reverse_all(&changes);
    assert_eq!(
        crate::render_changes(&Postgres, changes.iter().rev().map(Change::reverse)),
        render_script(&Postgres, &reversed)
    );
}
