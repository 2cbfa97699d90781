//! `render_script`: data-loss comments, non-transactional markers, and
//! names that try to escape the comment they are printed in.

use crate::dialect::fixtures::*;
use crate::dialect::{postgres::Postgres, sqlite::Sqlite};
use crate::{render_script, SqlDialect};
use sluice_schema::*;

#[test]
fn data_loss_is_announced_once_per_change() {
    let users = pg_users();
    let script = render_script(
        &Postgres,
        &[
            Change::DropTable(users.clone()),
            Change::DropColumn { table: users.name.clone(), column: users.columns[4].clone() },
            Change::AlterColumn {
                table: users.name.clone(),
                from: Box::new(col("n", SqlType::BigInt)),
                to: Box::new(col("n", SqlType::Integer)),
            },
            Change::AddColumn { table: users.name.clone(), column: col("n", SqlType::Integer) },
        ],
    );
    assert_eq!(script.matches("-- DATA LOSS: drop table app.users\n").count(), 1, "{script}");
    assert_eq!(
        script.matches("-- DATA LOSS: drop column app.users.score\n").count(),
        1,
        "{script}"
    );
    assert!(
        script.contains("-- POSSIBLE DATA LOSS: alter column app.users.n (type)\n"),
        "{script}"
    );
    assert!(script.contains("-- Deletes table app.users and every row in it"), "{script}");
    // Adding a column loses nothing and says nothing.
    assert_eq!(script.matches("LOSS").count(), 3, "{script}");
}

#[test]
fn rebuild_pragmas_are_marked_non_transactional() {
    let t = sq_users();
    let map = t.columns.iter().map(|c| (c.name.clone(), c.name.clone())).collect();
    let script = render_script(
        &Sqlite,
        &[Change::RebuildTable { from: Box::new(t.clone()), to: Box::new(t), column_map: map }],
    );
    assert!(script.contains("-- sluice:no-transaction\nPRAGMA foreign_keys=OFF;"), "{script}");
    assert!(script.contains("-- sluice:no-transaction\nPRAGMA foreign_keys=ON;"), "{script}");
    assert_eq!(script.matches("sluice:no-transaction").count(), 2, "{script}");
}

#[test]
fn names_cannot_break_out_of_comments() {
    for evil in
        ["x\nDROP TABLE victims; --", "x\rDROP TABLE victims; --", "x\r\nDROP TABLE victims; --"]
    {
        let change = Change::DropTable(Table { name: QualifiedName::bare(evil), ..pg_users() });
        let dialects: [&dyn SqlDialect; 2] = [&Postgres, &Sqlite];
        for d in dialects {
            let script = render_script(d, std::slice::from_ref(&change));
            // What is left once the statement itself is taken out must be
            // comments only (the statement quotes the name, line breaks and all).
            let sql = &d.render(&change)[0].sql;
            assert!(sql.starts_with("DROP TABLE \"x"), "{sql}");
            let rest = script.replace(sql.as_str(), "");
            for line in rest.split(['\n', '\r']).filter(|l| !l.is_empty() && *l != ";") {
                assert!(line.starts_with("--"), "line escaped its comment: {line:?} in {script:?}");
            }
        }
    }
}

#[test]
fn long_scripts_render_as_one_pass_would() {
    // Past the length rendered in two halves at once: the same text as
    // rendering every change in turn, on both dialects.
    let users = pg_users();
    let make = |i: usize, pg: bool| match i % 3 {
        0 => Change::AddColumn {
            table: users.name.clone(),
            column: col(&format!("c{i}"), SqlType::Integer),
        },
        1 if pg => Change::DropColumn {
            table: users.name.clone(),
            column: col(&format!("c{i}"), SqlType::Text),
        },
        _ => {
            let mut t = users.clone();
            t.name.name = format!("t{i}");
            Change::DropTable(t)
        }
    };
    for (dialect, pg) in [(&Postgres as &dyn SqlDialect, true), (&Sqlite, false)] {
        let changes: Vec<Change> = (0..1500).map(|i| make(i, pg)).collect();
        for n in [0, 1, 511, 512, 513, 1500] {
            let whole = render_script(dialect, &changes[..n]);
            assert_eq!(whole, crate::render_changes(dialect, &changes[..n]), "{n} changes");
        }
    }
}
