//! The data effects of MySQL statements ([`crate::effects::DataEffect`]),
//! read with sqlparser's `MySqlDialect` ([`super::super::sqlparser_effects`]);
//! a schema qualifier is dropped (the database is the connection's).

use super::super::sqlparser_effects::{self, parts};
use crate::effects::DataEffect;
use sluice_schema::QualifiedName;
use sqlparser::ast::ObjectName;
use sqlparser::dialect::MySqlDialect;

pub(crate) fn data_effects(sql: &str) -> Vec<DataEffect> {
    sqlparser_effects::data_effects(sql, sluice_schema::Dialect::Mysql, &MySqlDialect {}, name)
}

fn name(n: &ObjectName) -> Option<QualifiedName> {
    parts(n).last().map(|l| QualifiedName::bare(l))
}

#[cfg(test)]
mod tests {
    use super::*;

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
                DataEffect::ChangeType { table: QualifiedName::bare("t"), column: "y".into() },
                DataEffect::Delete(QualifiedName::bare("t")),
            ]
        );
    }
}
