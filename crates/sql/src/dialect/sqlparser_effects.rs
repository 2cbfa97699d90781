//! The data effects of statements read with sqlparser's full parser, for
//! the dialects whose front end is sqlparser (SQLite, MySQL): DROP TABLE,
//! ALTER TABLE .. DROP COLUMN / MODIFY / CHANGE COLUMN (a type change),
//! DELETE, UPDATE, TRUNCATE, INSERT, other ALTER TABLE. Each dialect says
//! how it reads a table name.

use crate::effects::DataEffect;
use sluice_schema::{Dialect, QualifiedName};
use sqlparser::ast::{
    AlterTableOperation, FromTable, ObjectName, ObjectType, Statement, TableFactor, TableWithJoins,
};
use sqlparser::parser::Parser;

/// How a dialect turns a statement's table name into a model name.
pub(crate) type NameFn = fn(&ObjectName) -> Option<QualifiedName>;

/// The identifier parts of a name, as written.
pub(crate) fn parts(n: &ObjectName) -> Vec<String> {
    n.0.iter().filter_map(|p| p.as_ident().map(|i| i.value.clone())).collect()
}

pub(crate) fn data_effects(
    sql: &str,
    dialect: Dialect,
    parser: &dyn sqlparser::dialect::Dialect,
    name: NameFn,
) -> Vec<DataEffect> {
    let mut out = Vec::new();
    // One statement at a time: one the parser cannot read does not hide
    // the others.
    let Ok(pieces) = crate::split::split(sql, dialect) else {
        return out;
    };
    for piece in pieces {
        if let Ok(stmts) = Parser::parse_sql(parser, &piece.sql) {
            for s in &stmts {
                statement(s, name, &mut out);
            }
        }
    }
    out
}

fn relation(t: &TableWithJoins, name: NameFn) -> Option<QualifiedName> {
    match &t.relation {
        TableFactor::Table { name: n, .. } => name(n),
        _ => None,
    }
}

fn statement(s: &Statement, name: NameFn, out: &mut Vec<DataEffect>) {
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
            out.extend(from.iter().filter_map(|t| relation(t, name)).map(DataEffect::Delete));
        }
        Statement::Update(u) => out.extend(relation(&u.table, name).map(DataEffect::Update)),
        _ => {}
    }
}
