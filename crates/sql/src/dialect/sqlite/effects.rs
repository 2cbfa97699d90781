//! The data effects of SQLite statements ([`crate::effects::DataEffect`]),
//! read with sqlparser's `SQLiteDialect` ([`super::super::sqlparser_effects`]).
//! Names are kept as written, as the SQLite front end keeps them; a `main.`
//! qualifier is dropped.

use super::super::sqlparser_effects::{self, parts};
use crate::effects::DataEffect;
use sluice_schema::QualifiedName;
use sqlparser::ast::ObjectName;
use sqlparser::dialect::SQLiteDialect;

pub(crate) fn data_effects(sql: &str) -> Vec<DataEffect> {
    sqlparser_effects::data_effects(
        sql,
        sluice_schema::Dialect::Sqlite,
        &SQLiteDialect {},
        name,
        |_| None,
    )
}

fn name(n: &ObjectName) -> Option<QualifiedName> {
    let parts = parts(n);
    let last = parts.last()?.clone();
    match parts.len() {
        1 => Some(QualifiedName::bare(&last)),
        2 if parts[0].eq_ignore_ascii_case("main") => Some(QualifiedName::bare(&last)),
        2 => Some(QualifiedName::new(Some(&parts[0]), &last)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_data_losing_statements() {
        let e = data_effects(
            r#"DROP TABLE IF EXISTS "Users"; ALTER TABLE main.t DROP COLUMN x;
               DELETE FROM t WHERE a = 1; UPDATE s SET a = 1; CREATE TABLE n (id int);
               INSERT INTO n SELECT 1; this is not sql;"#,
        );
        assert_eq!(
            e,
            vec![
                DataEffect::DropTable(QualifiedName::bare("Users")),
                DataEffect::DropColumn { table: QualifiedName::bare("t"), column: "x".into() },
                DataEffect::Delete(QualifiedName::bare("t")),
                DataEffect::Update(QualifiedName::bare("s")),
                DataEffect::Insert(QualifiedName::bare("n")),
            ]
        );
    }
}
