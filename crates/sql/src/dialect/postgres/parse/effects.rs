//! The data effects of PostgreSQL statements ([`DataEffect`]), read from
//! squawk's syntax tree: DROP TABLE, ALTER TABLE .. DROP COLUMN / ALTER
//! COLUMN .. TYPE, DELETE, UPDATE, TRUNCATE.

use super::names::{children, last_part, name_parts};
use crate::effects::DataEffect;
use sluice_schema::QualifiedName;
use squawk_syntax::{SyntaxKind as K, SyntaxNode};

pub(crate) fn data_effects(sql: &str) -> Vec<DataEffect> {
    let file = squawk_syntax::SourceFile::parse(sql);
    let mut out = Vec::new();
    for stmt in file.syntax_node().children() {
        statement(&stmt, &mut out);
    }
    out
}

fn qualified(node: &SyntaxNode) -> Option<QualifiedName> {
    let mut parts = name_parts(node);
    let name = parts.pop()?;
    Some(QualifiedName { schema: parts.pop(), name })
}

/// The first descendant of one of `kinds` (depth first).
fn find(node: &SyntaxNode, kinds: &[K]) -> Option<SyntaxNode> {
    node.descendants().find(|n| kinds.contains(&n.kind()))
}

fn statement(stmt: &SyntaxNode, out: &mut Vec<DataEffect>) {
    match stmt.kind() {
        K::DROP_TABLE => {
            for n in stmt.children().filter(|n| n.kind() == K::TABLE_NAME_REF) {
                out.extend(qualified(&n).map(DataEffect::DropTable));
            }
        }
        K::TRUNCATE => {
            for n in stmt.descendants().filter(|n| n.kind() == K::TABLE_NAME_REF) {
                out.extend(qualified(&n).map(DataEffect::Truncate));
            }
        }
        K::DELETE | K::UPDATE => {
            let Some(rel) = stmt.children().find(|n| n.kind() == K::RELATION_NAME) else {
                return;
            };
            let Some(name) =
                find(&rel, &[K::RELATION_NAME_REF, K::PATH_REF]).and_then(|n| qualified(&n))
            else {
                return;
            };
            out.push(if stmt.kind() == K::DELETE {
                DataEffect::Delete(name)
            } else {
                DataEffect::Update(name)
            });
        }
        K::ALTER_TABLE => {
            let Some(table) = stmt
                .children()
                .find(|n| n.kind() == K::TABLE_RELATION_NAME)
                .and_then(|n| find(&n, &[K::TABLE_NAME_REF]))
                .and_then(|n| qualified(&n))
            else {
                return;
            };
            let before = out.len();
            for action in children(stmt).filter_map(|e| e.into_node()) {
                let column = || {
                    action
                        .children()
                        .find(|c| c.kind() == K::COLUMN_NAME_REF)
                        .map(|c| last_part(&c))
                };
                match action.kind() {
                    K::DROP_COLUMN => {
                        if let Some(column) = column() {
                            out.push(DataEffect::DropColumn { table: table.clone(), column });
                        }
                    }
                    K::ALTER_COLUMN if action.children().any(|c| c.kind() == K::SET_TYPE) => {
                        if let Some(column) = column() {
                            out.push(DataEffect::ChangeType {
                                table: table.clone(),
                                column,
                                to: None,
                            });
                        }
                    }
                    _ => {}
                }
            }
            if out.len() == before {
                out.push(DataEffect::Alter(table));
            }
        }
        K::INSERT => {
            if let Some(name) = find(stmt, &[K::PATH_REF]).and_then(|n| qualified(&n)) {
                out.push(DataEffect::Insert(name));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: Option<&str>, n: &str) -> QualifiedName {
        QualifiedName::new(s, n)
    }

    #[test]
    fn reads_data_losing_statements() {
        let e = data_effects(
            r#"DROP TABLE IF EXISTS a.b, "C" CASCADE;
               ALTER TABLE ONLY s.t DROP COLUMN IF EXISTS x, ALTER COLUMN "Y" TYPE int,
                   ADD COLUMN z int, ALTER COLUMN w SET NOT NULL;
               DELETE FROM t WHERE a = 1; UPDATE ONLY s.T SET a = 1; TRUNCATE TABLE a, b;
               CREATE TABLE n (id int); DROP INDEX i; ALTER TABLE n ADD COLUMN a int;
               INSERT INTO s.n (id) SELECT 1;"#,
        );
        assert_eq!(
            e,
            vec![
                DataEffect::DropTable(q(Some("a"), "b")),
                DataEffect::DropTable(q(None, "C")),
                DataEffect::DropColumn { table: q(Some("s"), "t"), column: "x".into() },
                DataEffect::ChangeType { table: q(Some("s"), "t"), column: "Y".into(), to: None },
                DataEffect::Delete(q(None, "t")),
                DataEffect::Update(q(Some("s"), "t")),
                DataEffect::Truncate(q(None, "a")),
                DataEffect::Truncate(q(None, "b")),
                DataEffect::Alter(q(None, "n")),
                DataEffect::Insert(q(Some("s"), "n")),
            ]
        );
    }
}
