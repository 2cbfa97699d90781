//! The data effects of MySQL statements ([`crate::effects::DataEffect`]),
//! read with sqlparser's `MySqlDialect` ([`super::super::sqlparser_effects`]);
//! a schema qualifier is dropped (the database is the connection's).

use super::super::sqlparser_effects::{self, parts};
use crate::effects::DataEffect;
use sluice_schema::QualifiedName;
use sqlparser::ast::ObjectName;
use sqlparser::dialect::MySqlDialect;

pub(crate) fn data_effects(sql: &str) -> Vec<DataEffect> {
    sqlparser_effects::data_effects(
        sql,
        sluice_schema::Dialect::Mysql,
        &MySqlDialect {},
        name,
        |t| Some(super::canon::column_type(t)),
    )
}

fn name(n: &ObjectName) -> Option<QualifiedName> {
    parts(n).last().map(|l| QualifiedName::bare(l))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effects::{against, NewColumn};
    use sluice_schema::SqlType;

    #[test]
    fn reads_data_losing_statements() {
        let e = data_effects(
            "DROP TABLE `users`; ALTER TABLE t DROP COLUMN x; ALTER TABLE t MODIFY COLUMN y bigint NOT NULL;
             DELETE FROM t WHERE a = 1; CREATE TABLE n (id int);",
        );
        assert_eq!(
            e,
            vec![
                DataEffect::DropTable(QualifiedName::bare("users")),
                DataEffect::DropColumn { table: QualifiedName::bare("t"), column: "x".into() },
                DataEffect::ChangeType {
                    table: QualifiedName::bare("t"),
                    column: "y".into(),
                    to: Some(NewColumn { name: "y".into(), ty: SqlType::BigInt, collation: None })
                },
                DataEffect::Delete(QualifiedName::bare("t")),
            ]
        );
    }

    /// A MODIFY that keeps the type and collation changes no value; one
    /// that changes either (or a second MODIFY after the first) does.
    #[test]
    fn modify_keeping_the_type_is_no_type_change() {
        let before = crate::dialect_for(sluice_schema::Dialect::Mysql)
            .unwrap()
            .parse(&[crate::SourceFile::new(
                "s.sql",
                "CREATE TABLE t (id int PRIMARY KEY, y bigint NULL, n varchar(20) COLLATE utf8mb4_bin);",
            )])
            .schema;
        let stmts = [
            "ALTER TABLE t ADD COLUMN z text NULL",
            "ALTER TABLE t MODIFY COLUMN z text NOT NULL",
            "ALTER TABLE t MODIFY COLUMN y bigint NOT NULL DEFAULT 0",
            "ALTER TABLE t MODIFY COLUMN y int NOT NULL",
            "ALTER TABLE t MODIFY COLUMN y int NULL",
            "ALTER TABLE t MODIFY COLUMN n varchar(20) COLLATE utf8mb4_bin NOT NULL",
            "ALTER TABLE t MODIFY COLUMN n varchar(20) NOT NULL",
            "ALTER TABLE t CHANGE COLUMN n m varchar(20) NULL",
            "ALTER TABLE t MODIFY COLUMN m varchar(20) CHARACTER SET latin1",
        ];
        let effects: Vec<Vec<DataEffect>> = stmts.iter().map(|s| data_effects(s)).collect();
        let refined = against(effects, &before, |a, b| a == b);
        let kinds: Vec<&str> = refined
            .iter()
            .map(|e| match e.as_slice() {
                [DataEffect::Alter(_)] => "alter",
                [DataEffect::AddColumn { .. }] => "add",
                [DataEffect::ChangeType { .. }] => "type",
                _ => "?",
            })
            .collect();
        assert_eq!(
            kinds,
            ["add", "alter", "alter", "type", "alter", "alter", "type", "alter", "type"]
        );
    }
}
