//! `mysql-enum-change`: MySQL stores an `enum` value as its position in
//! the list and a `set` as a bit mask. Appending values at the end is
//! instant (while the storage size stays: up to 255 enum values in one
//! byte, 8/16/24/32/64 set members in 1/2/3/4/8 bytes); removing, reordering
//! or inserting values changes what the stored numbers mean, so the table is
//! copied; a removed value also fails the ALTER on rows that hold it (strict
//! mode) or turns them into `''`.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::{Change, Dialect};

pub static RULE: Rule = Rule {
    code: "mysql-enum-change",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "MySQL enum/set values removed, reordered or inserted mid-list (table copy; only appending is instant)",
    help: "append new values at the end of the list; to remove or reorder values, plan the table copy (or an online schema change tool) and check that no row holds a removed value",
    dialects: &[Dialect::Mysql],
    check,
};

/// Bytes MySQL stores an enum or set of `n` values in.
fn storage(kind: &str, n: usize) -> usize {
    match kind {
        "enum" if n <= 255 => 1,
        "enum" => 2,
        _ => match n.div_ceil(8) {
            0..=4 => n.div_ceil(8).max(1),
            _ => 8,
        },
    }
}

fn quoted(vs: &[&String]) -> String {
    vs.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
}

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, stmt) in cx.changes() {
        let Change::AlterColumn { table, from, to } = c else { continue };
        if cx.is_new(&table.name) {
            continue;
        }
        let (Some((kind, old)), Some((k2, new))) = (from.ty.value_list(), to.ty.value_list())
        else {
            continue;
        };
        if kind != k2 || old == new {
            continue;
        }
        let col = format!("{table}.{}", to.name);
        let removed: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
        let appended = new.len() >= old.len() && new[..old.len()] == old[..];
        let message = if !removed.is_empty() {
            format!(
                "removing {} from {kind} {col} copies {table}, and rows holding a removed value make the ALTER fail (strict mode) or become ''",
                quoted(&removed)
            )
        } else if !appended {
            format!(
                "reordering or inserting values of {kind} {col} changes the stored number of existing values: MySQL copies {table} (only values appended at the end are instant)"
            )
        } else if storage(kind, old.len()) != storage(kind, new.len()) {
            format!(
                "{kind} {col} grows from {} to {} values, past what {} byte(s) store: MySQL copies {table}",
                old.len(),
                new.len(),
                storage(kind, old.len())
            )
        } else {
            continue;
        };
        out.push(cx.at(&RULE, stmt, message));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn reordered() {
        insta::assert_snapshot!(flags(
            "mysql-enum-change",
            change(
                MYSQL,
                "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('new','paid','sent'));",
                "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('new','sent','paid'));"
            )
        ));
    }

    #[test]
    fn removed() {
        insta::assert_snapshot!(flags(
            "mysql-enum-change",
            change(
                MYSQL,
                "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('new','paid','sent'));",
                "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('new','sent'));"
            )
        ));
    }

    #[test]
    fn set_grows_past_a_byte() {
        insta::assert_snapshot!(flags(
            "mysql-enum-change",
            change(
                MYSQL,
                "CREATE TABLE t (id INT PRIMARY KEY, f SET('a','b','c','d','e','f','g','h'));",
                "CREATE TABLE t (id INT PRIMARY KEY, f SET('a','b','c','d','e','f','g','h','i'));"
            )
        ));
    }

    #[test]
    fn ok_appended() {
        insta::assert_snapshot!(clean(
            "mysql-enum-change",
            change(
                MYSQL,
                "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('new','paid'));",
                "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('new','paid','sent'));"
            )
        ));
    }

    #[test]
    fn storage_sizes() {
        assert_eq!(super::storage("enum", 255), 1);
        assert_eq!(super::storage("enum", 256), 2);
        assert_eq!(super::storage("set", 8), 1);
        assert_eq!(super::storage("set", 9), 2);
        assert_eq!(super::storage("set", 32), 4);
        assert_eq!(super::storage("set", 33), 8);
    }
}
