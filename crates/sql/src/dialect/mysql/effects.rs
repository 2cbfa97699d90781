//! The data effects of MySQL statements ([`DataEffect`]), read with
//! sqlparser's `MySqlDialect`: DROP TABLE, ALTER TABLE .. DROP COLUMN,
//! MODIFY / CHANGE COLUMN (a type change), DELETE, UPDATE, TRUNCATE, INSERT.

use crate::effects::DataEffect;
use sluice_schema::QualifiedName;
use sqlparser::ast::{
    AlterTableOperation, FromTable, ObjectName, ObjectType, Statement, TableFactor, TableWithJoins,
};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;

pub(crate) fn data_effects(sql: &str) -> Vec<DataEffect> {
    let mut out = Vec::new();
    let Ok(pieces) = crate::split::split(sql, sluice_schema::Dialect::Mysql) else {
        return out;
    };
    for piece in pieces {
        if let Ok(stmts) = Parser::parse_sql(&MySqlDialect {}, &piece.sql) {
            for s in &stmts {
                statement(s, &mut out);
            }
        }
    }
    out
}

fn name(n: &ObjectName) -> Option<QualifiedName> {
    let parts: Vec<String> =
        n.0.iter().filter_map(|p| p.as_ident().map(|i| i.value.clone())).collect();
    parts.last().map(|l| QualifiedName::bare(l))
}

fn relation(t: &TableWithJoins) -> Option<QualifiedName> {
    match &t.relation {
        TableFactor::Table { name: n, .. } => name(n),
        _ => None,
    }
}

fn statement(s: &Statement, out: &mut Vec<DataEffect>) {
    match s {
        Statement::Drop { object_type: ObjectType::Table, names, .. } => {
            out.extend(names.iter().filter_map(name).map(DataEffect::DropTable));
        }
        Statement::Truncate(t) => {
            out.extend(
                t.table_names.iter().filter_map(|n| name(&n.name)).map(DataEffect::Truncate),
            );
        }
        Statement::AlterTable(alter) => {
            let Some(table) = name(&alter.name) else { return };
            let before = out.len();
            for op in &alter.operations {
                match op {
                    AlterTableOperation::DropColumn { column_names, .. } => {
                        for c in column_names {
                            out.push(DataEffect::DropColumn {
                                table: table.clone(),
                                column: c.value.clone(),
                            });
                        }
                    }
                    AlterTableOperation::ModifyColumn { col_name, .. } => {
                        out.push(DataEffect::ChangeType {
                            table: table.clone(),
                            column: col_name.value.clone(),
                        })
                    }
                    AlterTableOperation::ChangeColumn { old_name, .. } => {
                        out.push(DataEffect::ChangeType {
                            table: table.clone(),
                            column: old_name.value.clone(),
                        })
                    }
                    _ => {}
                }
            }
            if out.len() == before {
                out.push(DataEffect::Alter(table));
            }
        }
        Statement::Insert(i) => {
            if let sqlparser::ast::TableObject::TableName(n) = &i.table {
                out.extend(name(n).map(DataEffect::Insert));
            }
        }
        Statement::Delete(d) => {
            let from = match &d.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
            };
            out.extend(from.iter().filter_map(relation).map(DataEffect::Delete));
        }
        Statement::Update(u) => out.extend(relation(&u.table).map(DataEffect::Update)),
        _ => {}
    }
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
