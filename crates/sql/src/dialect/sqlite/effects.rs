//! The data effects of SQLite statements ([`DataEffect`]), read with
//! sqlparser's full parser: DROP TABLE, ALTER TABLE .. DROP COLUMN, DELETE,
//! UPDATE. Names are kept as written, as the SQLite front end keeps them;
//! a `main.` qualifier is dropped.

use crate::effects::DataEffect;
use sluice_schema::QualifiedName;
use sqlparser::ast::{
    AlterTableOperation, FromTable, ObjectName, ObjectType, Statement, TableFactor, TableWithJoins,
};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;

pub(crate) fn data_effects(sql: &str) -> Vec<DataEffect> {
    let mut out = Vec::new();
    // One statement at a time: one the parser cannot read does not hide
    // the others.
    let Ok(pieces) = crate::split::split(sql, sluice_schema::Dialect::Sqlite) else {
        return out;
    };
    for piece in pieces {
        if let Ok(stmts) = Parser::parse_sql(&SQLiteDialect {}, &piece.sql) {
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
    let last = parts.last()?.clone();
    match parts.len() {
        1 => Some(QualifiedName::bare(&last)),
        2 if parts[0].eq_ignore_ascii_case("main") => Some(QualifiedName::bare(&last)),
        2 => Some(QualifiedName::new(Some(&parts[0]), &last)),
        _ => None,
    }
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
        Statement::AlterTable(alter) => {
            let Some(table) = name(&alter.name) else { return };
            let before = out.len();
            for op in &alter.operations {
                if let AlterTableOperation::DropColumn { column_names, .. } = op {
                    for c in column_names {
                        out.push(DataEffect::DropColumn {
                            table: table.clone(),
                            column: c.value.clone(),
                        });
                    }
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
