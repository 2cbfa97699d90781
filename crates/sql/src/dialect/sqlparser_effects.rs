//! The data effects of statements read with sqlparser's full parser, for
//! the dialects whose front end is sqlparser (SQLite, MySQL): DROP TABLE,
//! ALTER TABLE .. DROP COLUMN / MODIFY / CHANGE COLUMN (a possible type
//! change, with the restated column so that [`crate::effects::against`] can
//! tell) / ADD COLUMN, DELETE, UPDATE, TRUNCATE, INSERT, other ALTER TABLE.
//! Each dialect says how it reads a table name and a column type.

use crate::effects::{DataEffect, NewColumn};
use sluice_schema::{Dialect, QualifiedName, SqlType};
use sqlparser::ast::{
    AlterTableOperation, ColumnOption, FromTable, ObjectName, ObjectType, Statement, TableFactor,
    TableWithJoins,
};
use sqlparser::parser::Parser;

/// How a dialect turns a statement's table name into a model name.
pub(crate) type NameFn = fn(&ObjectName) -> Option<QualifiedName>;

/// How a dialect reads a column type as written into its canonical form
/// (`None`: it has no statement that restates a column).
pub(crate) type TypeFn = fn(&str) -> Option<SqlType>;

/// The column a `MODIFY`/`CHANGE COLUMN` restates; `None` when the type is
/// unreadable or a `CHARACTER SET` (whose default collation this cannot
/// know) is named.
fn restated<'o>(
    name: &str,
    data_type: &sqlparser::ast::DataType,
    options: impl IntoIterator<Item = &'o ColumnOption>,
    ty: TypeFn,
) -> Option<NewColumn> {
    let ty = ty(&data_type.to_string())?;
    let mut collation = None;
    for o in options {
        match o {
            ColumnOption::CharacterSet(_) => return None,
            ColumnOption::Collation(c) => collation = Some(c.to_string()),
            _ => {}
        }
    }
    Some(NewColumn { name: name.to_string(), ty, collation })
}

/// The identifier parts of a name, as written.
pub(crate) fn parts(n: &ObjectName) -> Vec<String> {
    n.0.iter().filter_map(|p| p.as_ident().map(|i| i.value.clone())).collect()
}

pub(crate) fn data_effects(
    sql: &str,
    dialect: Dialect,
    parser: &dyn sqlparser::dialect::Dialect,
    name: NameFn,
    ty: TypeFn,
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
                statement(s, name, ty, &mut out);
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

fn statement(s: &Statement, name: NameFn, ty: TypeFn, out: &mut Vec<DataEffect>) {
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
                    AlterTableOperation::AddColumn { column_def, .. } => {
                        if let Some(column) = restated(
                            &column_def.name.value,
                            &column_def.data_type,
                            column_def.options.iter().map(|o| &o.option),
                            ty,
                        ) {
                            out.push(DataEffect::AddColumn { table: table.clone(), column });
                        }
                    }
                    AlterTableOperation::ModifyColumn { col_name, data_type, options, .. } => out
                        .push(DataEffect::ChangeType {
                            table: table.clone(),
                            column: col_name.value.clone(),
                            to: restated(&col_name.value, data_type, options, ty),
                        }),
                    AlterTableOperation::ChangeColumn {
                        old_name,
                        new_name,
                        data_type,
                        options,
                        ..
                    } => out.push(DataEffect::ChangeType {
                        table: table.clone(),
                        column: old_name.value.clone(),
                        to: restated(&new_name.value, data_type, options, ty),
                    }),
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
