//! Snapshots of the SQLite SQL of every change kind SQLite can run, as
//! `up.sql` shows it; the other kinds are planned away (see `plan_tests`).

use super::Sqlite;
use crate::dialect::fixtures::*;
use crate::{render_script, SqlDialect};
use insta::assert_snapshot;
use sluice_schema::*;

fn sql(change: Change) -> String {
    render_script(&Sqlite, &[change])
}

#[test]
fn create_table_inlines_everything() {
    assert_snapshot!("create_table", sql(Change::CreateTable(sq_users())));
    let mut wr = sq_teams();
    wr.options.without_rowid = true;
    wr.options.strict = true;
    let mut g = col("slug", SqlType::Text);
    g.generated = Some(Box::new(Generated { expr: Expr::new("lower(name)"), stored: false }));
    g.collation = Some("NOCASE".into());
    wr.columns.push(g);
    wr.columns.push(with_default(col("created", SqlType::Text), "datetime('now')"));
    wr.columns.push(with_default(col("n", SqlType::Integer), "-1"));
    assert_snapshot!("create_table_without_rowid", sql(Change::CreateTable(wr)));
}

#[test]
fn table_changes() {
    assert_snapshot!("drop_table", sql(Change::DropTable(sq_users())));
    assert_snapshot!(
        "rename_table",
        sql(Change::RenameTable { from: q("people"), to: q("users") })
    );
}

#[test]
fn column_changes() {
    let users = q("users");
    let c = not_null(with_default(col("active", SqlType::Integer), "TRUE"));
    assert_snapshot!(
        "columns",
        render_script(
            &Sqlite,
            &[
                Change::AddColumn { table: users.clone(), column: c.clone() },
                Change::RenameColumn {
                    table: users.clone(),
                    from: "active".into(),
                    to: "enabled".into()
                },
                Change::DropColumn { table: users, column: Column { name: "enabled".into(), ..c } },
            ]
        )
    );
}

#[test]
fn indexes_and_views() {
    let mut i = index("users_email_lower_idx", &[]);
    i.unique = true;
    i.keys = vec![
        IndexKey { target: IndexTarget::Expr(Expr::new("lower(email)")), ..IndexKey::column("x") },
        IndexKey { collation: Some("NOCASE".into()), descending: true, ..IndexKey::column("name") },
    ];
    i.predicate = Some(Expr::new("email is not null"));
    let v = View {
        name: q("named_users"),
        definition: "select id, name from users where name <> 'anon'".into(),
        columns: vec!["id".into(), "name".into()],
        materialized: false,
        comment: None,
    };
    assert_snapshot!(
        "indexes_and_views",
        render_script(
            &Sqlite,
            &[
                Change::CreateIndex { table: q("users"), index: i.clone() },
                Change::DropIndex { table: q("users"), index: i },
                Change::CreateView(v.clone()),
                Change::DropView(v),
            ]
        )
    );
}

#[test]
fn rebuild_table_procedure() {
    let from = sq_users();
    let mut to = sq_users();
    // Make email nullable, rename name -> nickname, drop created_at, add age.
    to.columns[1].nullable = true;
    to.columns[2].name = "nickname".into();
    to.columns.remove(3);
    to.columns.push(with_default(col("age", SqlType::Integer), "0"));
    to.indexes = vec![index("users_nickname_idx", &["nickname"])];
    let column_map = vec![
        ("id".into(), "id".into()),
        ("email".into(), "email".into()),
        ("nickname".into(), "name".into()),
        ("team_id".into(), "team_id".into()),
    ];
    assert_snapshot!(
        "rebuild_table",
        sql(Change::RebuildTable { from: Box::new(from), to: Box::new(to), column_map })
    );
}

#[test]
fn whole_schema() {
    let mut s = schema(Dialect::Sqlite, vec![sq_teams(), sq_users()]);
    s.views = vec![View {
        name: q("team_sizes"),
        definition: "select team_id, count(*) as n from users group by team_id".into(),
        columns: vec![],
        materialized: false,
        comment: None,
    }];
    assert_snapshot!("render_schema", Sqlite.render_schema(&s));
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "plan() must rewrite it")]
fn unplanned_changes_are_caught_in_debug_builds() {
    let _ = Sqlite.render(&Change::AddCheck { table: q("users"), check: check(None, "1 = 1") });
}

#[test]
fn hostile_names() {
    let t = hostile_table(None);
    let s = schema(Dialect::Sqlite, vec![t.clone()]);
    assert_snapshot!("hostile_names_schema", Sqlite.render_schema(&s));
    let map = t.columns.iter().map(|c| (c.name.clone(), c.name.clone())).collect();
    assert_snapshot!(
        "hostile_names_rebuild",
        render_script(
            &Sqlite,
            &[Change::RebuildTable { from: Box::new(t.clone()), to: Box::new(t), column_map: map }]
        )
    );
}
