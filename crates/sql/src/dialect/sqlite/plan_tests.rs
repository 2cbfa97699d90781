//! What `plan` keeps as SQLite ALTERs and what it turns into rebuilds.

use super::Sqlite;
use crate::dialect::fixtures::*;
use crate::{render_script, SqlDialect};
use insta::assert_snapshot;
use sluice_schema::*;

fn plan(from: Vec<Table>, to: Vec<Table>, changes: Vec<Change>) -> Vec<Change> {
    Sqlite
        .plan(&schema(Dialect::Sqlite, from), &schema(Dialect::Sqlite, to), changes.into())
        .into_owned()
}

/// One word per planned change, for compact assertions.
fn kinds(changes: &[Change]) -> Vec<&'static str> {
    changes
        .iter()
        .map(|c| match c {
            Change::RebuildTable { .. } => "rebuild",
            Change::AddColumn { .. } => "add_column",
            Change::DropColumn { .. } => "drop_column",
            Change::RenameColumn { .. } => "rename_column",
            Change::RenameTable { .. } => "rename_table",
            Change::CreateTable(_) => "create_table",
            Change::DropTable(_) => "drop_table",
            Change::CreateIndex { .. } => "create_index",
            Change::DropIndex { .. } => "drop_index",
            Change::AlterColumn { .. } => "alter_column",
            _ => "other",
        })
        .collect()
}

fn users_with(f: impl FnOnce(&mut Table)) -> Table {
    let mut t = sq_users();
    f(&mut t);
    t
}

#[test]
fn sqlite_alters_stay() {
    let to = users_with(|t| {
        t.name = q("members");
        t.columns[2].name = "nickname".into();
        t.columns.push(with_default(col("bio", SqlType::Text), "''"));
        t.columns.push(not_null(with_default(col("level", SqlType::Integer), "-1")));
        t.columns.push(col("notes", SqlType::Text));
        t.indexes.push(index("members_bio_idx", &["bio"]));
    });
    let changes = vec![
        Change::RenameTable { from: q("users"), to: q("members") },
        Change::RenameColumn { table: q("members"), from: "name".into(), to: "nickname".into() },
        Change::AddColumn { table: q("members"), column: to.columns[5].clone() },
        Change::AddColumn { table: q("members"), column: to.columns[6].clone() },
        Change::AddColumn { table: q("members"), column: to.columns[7].clone() },
        Change::DropColumn { table: q("members"), column: col("unused", SqlType::Text) },
        Change::CreateIndex { table: q("members"), index: to.indexes[1].clone() },
    ];
    let planned = plan(vec![sq_users()], vec![to], changes.clone());
    assert_eq!(planned, changes);
}

#[test]
fn unsupported_changes_become_one_rebuild_at_the_first() {
    let to = users_with(|t| {
        t.name = q("members");
        t.columns[2].name = "nickname".into();
        t.columns[1].nullable = true; // email
        t.columns[4].name = "group_id".into(); // team_id
        t.foreign_keys[0].columns = vec!["group_id".into()];
        t.columns.push(col("x", SqlType::Text));
        t.columns.push(not_null(with_default(col("y", SqlType::Integer), "0")));
        t.indexes = vec![index("members_x_idx", &["x"])];
    });
    let email = sq_users().columns[1].clone();
    let changes = vec![
        Change::RenameTable { from: q("users"), to: q("members") },
        Change::RenameColumn { table: q("members"), from: "name".into(), to: "nickname".into() },
        Change::AddColumn { table: q("members"), column: col("x", SqlType::Text) },
        Change::AlterColumn {
            table: q("members"),
            from: Box::new(email.clone()),
            to: Box::new(Column { nullable: true, ..email }),
        },
        Change::AddColumn { table: q("members"), column: to.columns[6].clone() },
        Change::RenameColumn { table: q("members"), from: "team_id".into(), to: "group_id".into() },
        Change::DropIndex { table: q("members"), index: index("users_name_idx", &["nickname"]) },
        Change::CreateIndex { table: q("members"), index: index("members_x_idx", &["x"]) },
    ];
    let planned = plan(vec![sq_users()], vec![to.clone()], changes);
    assert_eq!(kinds(&planned), ["rename_table", "rename_column", "add_column", "rebuild"]);
    let Change::RebuildTable { from, to: target, column_map } = &planned[3] else { unreachable!() };
    // `from` is the table as the earlier ALTERs left it.
    assert_eq!(from.name, q("members"));
    let names: Vec<&str> = from.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "email", "nickname", "created_at", "team_id", "x"]);
    assert_eq!(from.indexes[0].keys[0], IndexKey::column("nickname"));
    assert_eq!(**target, to);
    let map: Vec<(&str, &str)> = column_map.iter().map(|(n, o)| (n.as_str(), o.as_str())).collect();
    assert_eq!(
        map,
        [
            ("id", "id"),
            ("email", "email"),
            ("nickname", "nickname"),
            ("created_at", "created_at"),
            ("group_id", "team_id"),
            ("x", "x"),
        ]
    );
    assert_snapshot!("planned_rebuild_script", render_script(&Sqlite, &planned));
}

#[test]
fn every_constraint_change_rebuilds() {
    let users = q("users");
    let t = sq_users();
    let fk = t.foreign_keys[0].clone();
    for change in [
        Change::AddPrimaryKey { table: users.clone(), key: pk(None, &["email"]) },
        Change::DropPrimaryKey { table: users.clone(), key: t.primary_key.clone().unwrap() },
        Change::AddUnique { table: users.clone(), unique: unique(None, &["name"]) },
        Change::DropUnique { table: users.clone(), unique: t.uniques[0].clone() },
        Change::AddForeignKey { table: users.clone(), fk: fk.clone() },
        Change::DropForeignKey { table: users.clone(), fk },
        Change::AddCheck { table: users.clone(), check: check(None, "id > 0") },
        Change::DropCheck { table: users.clone(), check: t.checks[0].clone() },
    ] {
        let planned = plan(vec![t.clone()], vec![t.clone()], vec![change.clone()]);
        assert_eq!(kinds(&planned), ["rebuild"], "{}", change.describe());
    }
}

#[test]
fn drop_column_rebuilds_only_when_something_refers_to_it() {
    let base = users_with(|t| {
        t.columns.push(col("plain", SqlType::Text));
        t.columns.push(col("in_check", SqlType::Integer));
        t.columns.push(col("in_generated", SqlType::Integer));
        let mut g = col("twice", SqlType::Integer);
        g.generated =
            Some(Box::new(Generated { expr: Expr::new("in_generated * 2"), stored: true }));
        t.columns.push(g);
        t.columns.push(col("in_expr_index", SqlType::Text));
        t.columns.push(col("in_predicate", SqlType::Integer));
        t.checks.push(check(None, "in_check > 0"));
        t.indexes.push(Index {
            keys: vec![IndexKey {
                target: IndexTarget::Expr(Expr::new("lower(in_expr_index)")),
                ..IndexKey::column("x")
            }],
            ..index("users_lower_idx", &[])
        });
        t.indexes.push(Index {
            predicate: Some(Expr::new("in_predicate = 1")),
            ..index("users_p_idx", &["id"])
        });
    });
    let drop = |name: &str| {
        let column = base.column(name).expect(name).clone();
        let to = users_with(|t| t.columns.retain(|c| c.name != name));
        kinds(&plan(
            vec![base.clone()],
            vec![to],
            vec![Change::DropColumn { table: q("users"), column }],
        ))
    };
    assert_eq!(drop("plain"), ["drop_column"]);
    assert_eq!(drop("twice"), ["drop_column"], "a generated column itself can be dropped");
    for referenced in [
        "id",
        "email",
        "team_id",
        "name",
        "in_check",
        "in_generated",
        "in_expr_index",
        "in_predicate",
    ] {
        assert_eq!(drop(referenced), ["rebuild"], "{referenced}");
    }
}

#[test]
fn drop_column_finds_references_under_an_earlier_name() {
    let base = users_with(|t| {
        t.columns.push(col("a", SqlType::Integer));
        t.checks.push(check(None, "a > 0"));
    });
    let changes = vec![
        Change::RenameColumn { table: q("users"), from: "a".into(), to: "b".into() },
        Change::DropColumn { table: q("users"), column: col("b", SqlType::Integer) },
    ];
    assert_eq!(kinds(&plan(vec![base], vec![sq_users()], changes)), ["rename_column", "rebuild"]);
}

#[test]
fn add_column_rebuilds_when_alter_table_refuses() {
    let add = |c: Column| {
        let to = users_with(|t| t.columns.push(c.clone()));
        kinds(&plan(
            vec![sq_users()],
            vec![to],
            vec![Change::AddColumn { table: q("users"), column: c }],
        ))
    };
    assert_eq!(add(col("a", SqlType::Text)), ["add_column"]);
    assert_eq!(add(not_null(with_default(col("a", SqlType::Text), "'x'"))), ["add_column"]);
    assert_eq!(add(with_default(col("a", SqlType::Integer), "-5")), ["add_column"]);
    assert_eq!(add(not_null(col("a", SqlType::Text))), ["rebuild"]);
    assert_eq!(add(not_null(with_default(col("a", SqlType::Text), "NULL"))), ["rebuild"]);
    assert_eq!(add(with_default(col("a", SqlType::Text), "CURRENT_TIMESTAMP")), ["rebuild"]);
    assert_eq!(add(with_default(col("a", SqlType::Text), "datetime('now')")), ["rebuild"]);
    let mut stored = col("a", SqlType::Integer);
    stored.generated = Some(Box::new(Generated { expr: Expr::new("id * 2"), stored: true }));
    assert_eq!(add(stored.clone()), ["rebuild"]);
    stored.generated.as_mut().unwrap().stored = false;
    assert_eq!(add(stored), ["add_column"]);
}

#[test]
fn constraints_of_new_tables_fold_into_create_table() {
    let mut bare = sq_users();
    bare.foreign_keys.clear();
    bare.uniques.clear();
    let full = sq_users();
    let changes = vec![
        Change::CreateTable(sq_teams()),
        Change::CreateTable(bare),
        Change::CreateIndex { table: q("users"), index: full.indexes[0].clone() },
        Change::AddUnique { table: q("users"), unique: full.uniques[0].clone() },
        Change::AddForeignKey { table: q("users"), fk: full.foreign_keys[0].clone() },
    ];
    let planned = plan(vec![], vec![sq_teams(), full.clone()], changes);
    assert_eq!(kinds(&planned), ["create_table", "create_table", "create_index"]);
    assert_eq!(planned[1], Change::CreateTable(full.clone()));
    // A foreign key the CREATE TABLE already holds is not added twice.
    let planned = plan(
        vec![],
        vec![full.clone()],
        vec![
            Change::CreateTable(full.clone()),
            Change::AddForeignKey { table: q("users"), fk: full.foreign_keys[0].clone() },
        ],
    );
    assert_eq!(planned, [Change::CreateTable(full)]);
}

#[test]
fn rename_index_becomes_drop_and_create() {
    let to = users_with(|t| t.indexes[0].name = "users_by_name".into());
    let planned = plan(
        vec![sq_users()],
        vec![to.clone()],
        vec![Change::RenameIndex {
            table: q("users"),
            from: "users_name_idx".into(),
            to: "users_by_name".into(),
        }],
    );
    assert_eq!(
        planned,
        [
            Change::DropIndex { table: q("users"), index: sq_users().indexes[0].clone() },
            Change::CreateIndex { table: q("users"), index: to.indexes[0].clone() },
        ]
    );
}

#[test]
fn comments_and_no_op_alters_are_dropped() {
    let name = sq_users().columns[2].clone();
    let commented = Column { comment: Some("x".into()), ..name.clone() };
    let planned = plan(
        vec![sq_users()],
        vec![sq_users()],
        vec![
            Change::SetTableComment { table: q("users"), from: None, to: Some("x".into()) },
            Change::SetIndexComment {
                table: q("users"),
                index: "users_name_idx".into(),
                from: None,
                to: Some("x".into()),
            },
            Change::AlterColumn {
                table: q("users"),
                from: Box::new(name.clone()),
                to: Box::new(commented),
            },
            Change::AlterColumn {
                table: q("users"),
                from: Box::new(name.clone()),
                to: Box::new(name),
            },
        ],
    );
    assert!(planned.is_empty(), "{planned:?}");
}

#[test]
fn a_table_dropped_later_is_not_rebuilt() {
    let email = sq_users().columns[1].clone();
    let planned = plan(
        vec![sq_users()],
        vec![],
        vec![
            Change::AlterColumn {
                table: q("users"),
                from: Box::new(email.clone()),
                to: Box::new(Column { nullable: true, ..email }),
            },
            Change::DropTable(sq_users()),
        ],
    );
    assert_eq!(kinds(&planned), ["drop_table"]);
}

#[test]
fn a_later_table_rename_stays_and_the_rebuild_keeps_the_current_name() {
    let email = sq_users().columns[1].clone();
    let to = users_with(|t| {
        t.name = q("members");
        t.columns[1].nullable = true;
    });
    let planned = plan(
        vec![sq_users()],
        vec![to],
        vec![
            Change::AlterColumn {
                table: q("users"),
                from: Box::new(email.clone()),
                to: Box::new(Column { nullable: true, ..email }),
            },
            Change::RenameTable { from: q("users"), to: q("members") },
        ],
    );
    assert_eq!(kinds(&planned), ["rebuild", "rename_table"]);
    let Change::RebuildTable { from, to, .. } = &planned[0] else { unreachable!() };
    assert_eq!((&from.name, &to.name), (&q("users"), &q("users")));
}

#[test]
fn rebuild_that_drops_a_column_says_data_loss() {
    let to = users_with(|t| {
        t.columns.retain(|c| c.name != "name");
        t.indexes.clear();
    });
    let name = sq_users().columns[2].clone();
    let planned = plan(
        vec![sq_users()],
        vec![to],
        vec![
            Change::DropIndex { table: q("users"), index: sq_users().indexes[0].clone() },
            Change::AddCheck { table: q("users"), check: check(None, "id > 0") },
            Change::DropColumn { table: q("users"), column: name },
        ],
    );
    assert_eq!(kinds(&planned), ["drop_index", "rebuild"]);
    let script = render_script(&Sqlite, &planned);
    assert!(script.contains("-- DATA LOSS: rebuild table users"), "{script}");
}

#[test]
fn changes_on_unknown_tables_are_left_alone() {
    let email = sq_users().columns[1].clone();
    let changes = vec![
        Change::RenameTable { from: q("ghost"), to: q("phantom") },
        Change::AlterColumn {
            table: q("phantom"),
            from: Box::new(email.clone()),
            to: Box::new(Column { nullable: true, ..email.clone() }),
        },
        Change::AlterColumn {
            table: q("nowhere"),
            from: Box::new(email.clone()),
            to: Box::new(Column { nullable: true, ..email }),
        },
    ];
    assert_eq!(plan(vec![], vec![], changes.clone()), changes);
}
