//! `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY]
//! table [USING method] (key, ...) [INCLUDE (..)] [NULLS [NOT] DISTINCT]
//! [WHERE predicate]`. A key is a column or an expression, with optional
//! COLLATE, operator class, ASC/DESC and NULLS FIRST/LAST. An unnamed index
//! gets the empty name, which normalization replaces with PostgreSQL's.

use super::names::{children, inner_span, last_part, name_parts, Spanned};
use super::table::{object_name, rename_hint};
use super::{name_key, push_short, same_name, Builder};
use sluice_schema::{Index, IndexKey, IndexTarget, NullsOrder};
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode};

pub(super) fn create_index(b: &mut Builder, stmt: &SyntaxNode) {
    let mut index = Index {
        name: String::new(),
        unique: false,
        method: None,
        keys: Vec::new(),
        include: Vec::new(),
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
    };
    let mut if_not_exists = false;
    let mut name_node = None;
    let mut table_node = None;
    for el in children(stmt) {
        match el.kind() {
            K::CREATE_KW | K::INDEX_KW | K::ON_KW | K::SEMICOLON => {}
            // Building concurrently is how, not what: the index is the same.
            K::CONCURRENTLY_KW => {}
            K::UNIQUE_KW => index.unique = true,
            K::IF_NOT_EXISTS => if_not_exists = true,
            K::INDEX => name_node = el.into_node(),
            K::TABLE_RELATION_NAME => {
                // `ON ONLY t` differs from `ON t` for partitioned tables only,
                // which schema files cannot declare.
                table_node =
                    el.as_node().and_then(|n| n.children().find(|c| c.kind() == K::TABLE_NAME_REF));
            }
            K::USING_METHOD => {
                let method = el.as_node().and_then(|n| n.children().last()).map(|m| last_part(&m));
                index.method = method.filter(|m| m != "btree");
            }
            K::PARTITION_ITEM_LIST => {
                let Some(list) = el.as_node() else { continue };
                for item in list.children() {
                    if let Some(key) = index_key(b, &item) {
                        push_short(&mut index.keys, key);
                    }
                }
            }
            K::INDEX_INCLUDE_CLAUSE => {
                let items = el
                    .as_node()
                    .and_then(|n| n.children().find(|c| c.kind() == K::PARTITION_ITEM_LIST));
                for item in items.iter().flat_map(|l| l.children()) {
                    match plain_column(&item) {
                        Some(c) => push_short(&mut index.include, c),
                        None => b.error(
                            &item,
                            "INCLUDE takes column names only",
                            "list columns, not expressions",
                        ),
                    }
                }
            }
            K::NULLS_NOT_DISTINCT => index.nulls_not_distinct = true,
            K::NULLS_DISTINCT => {}
            K::WHERE_CLAUSE => {
                let Some(n) = el.as_node() else { continue };
                match inner_span(n, Some(K::WHERE_KW), &[]) {
                    Some(span) => index.predicate = Some(b.expr(&span)),
                    None => b.error(
                        n,
                        "WHERE without a condition",
                        "write the index predicate after WHERE",
                    ),
                }
            }
            _ => b.unexpected(&el, "CREATE INDEX"),
        }
    }
    let Some(table_node) = table_node else {
        b.error(stmt, "CREATE INDEX without a table", "write ON table (columns)");
        return;
    };
    let Some(table_name) = object_name(b, &table_node, "table") else {
        return;
    };
    if let Some(n) = &name_node {
        let parts = name_parts(n);
        if parts.len() != 1 {
            b.error(
                n,
                "an index name cannot be qualified",
                "the index lives in its table's schema: write the bare name",
            );
            return;
        }
        index.name = parts.into_iter().next().unwrap_or_default();
    }
    if index.keys.is_empty() {
        b.error(
            stmt,
            "CREATE INDEX without any key",
            "list the indexed columns or expressions in parentheses",
        );
        return;
    }
    let Some(ti) = b.find_table(&table_name) else {
        if b.schema.views.iter().any(|v| v.materialized && same_name(&v.name, &table_name)) {
            b.unsupported(
                &table_node,
                "an index on a materialized view",
                "create the index with a hand-written migration",
            );
        } else {
            b.missing(&table_node, "table", &table_name, "CREATE INDEX");
        }
        return;
    };
    for key in &index.keys {
        if let IndexTarget::Column(c) = &key.target {
            if b.schema.tables[ti].column(c).is_none() {
                b.error(
                    &table_node,
                    format!("CREATE INDEX: column `{c}` does not exist in table `{table_name}`"),
                    "fix the column name, or declare the column",
                );
                return;
            }
        }
    }
    if !index.name.is_empty() {
        let key = name_key(&b.schema.tables[ti].name.sibling(&index.name));
        if !b.index_names.insert(key) {
            if !if_not_exists {
                let at = name_node.as_ref().map_or(stmt.span(), |n| n.span());
                b.error(
                    &at,
                    format!("index `{}` is declared twice", index.name),
                    "index names are unique per schema: rename one of them",
                );
            }
            return;
        }
        if let Some(n) = &name_node {
            if let Some(old) = rename_hint(b, n.span().start, stmt.span().start, None) {
                let table = b.schema.tables[ti].name.clone();
                b.hints.indexes.push((table, old, index.name.clone()));
            }
        }
    }
    push_short(&mut b.schema.tables[ti].indexes, index);
}

/// A key of the index list.
fn index_key(b: &mut Builder, item: &SyntaxNode) -> Option<IndexKey> {
    let mut key: Option<IndexKey> = None;
    let mut descending = false;
    let mut nulls = None;
    for el in children(item) {
        match el.kind() {
            K::SORT_ASC => descending = false,
            K::SORT_DESC => descending = true,
            K::NULLS_FIRST => nulls = Some(NullsOrder::First),
            K::NULLS_LAST => nulls = Some(NullsOrder::Last),
            K::OP_CLASS_REF => {
                if let (Some(k), Some(n)) = (key.as_mut(), el.as_node()) {
                    k.opclass = Some(name_parts(n).join("."));
                }
            }
            K::ATTRIBUTE_LIST => b.unsupported(
                &el,
                "a parameter list on an operator class",
                "remove the parameters after the operator class",
            ),
            _ if key.is_none() => {
                let SyntaxElement::Node(n) = &el else {
                    b.unexpected(&el, "an index key");
                    return None;
                };
                key = Some(key_target(b, n));
            }
            _ => b.unexpected(&el, "an index key"),
        }
    }
    let mut key = key?;
    key.descending = descending;
    // Only the non-default null ordering is kept (ASC NULLS LAST and DESC
    // NULLS FIRST are the defaults).
    key.nulls = match (descending, nulls) {
        (false, Some(NullsOrder::First)) => Some(NullsOrder::First),
        (true, Some(NullsOrder::Last)) => Some(NullsOrder::Last),
        _ => None,
    };
    Some(key)
}

/// The column or expression of a key, with its collation.
fn key_target(b: &mut Builder, node: &SyntaxNode) -> IndexKey {
    if node.kind() == K::COLLATE {
        if let Some(inner) = node.children().next() {
            let mut key = key_target(b, &inner);
            key.collation = super::table::collation(node);
            return key;
        }
    }
    let target = match plain_column(node) {
        Some(column) => IndexTarget::Column(column),
        None => IndexTarget::Expr(b.expr(node)),
    };
    IndexKey { target, collation: None, opclass: None, descending: false, nulls: None }
}

/// A bare column reference, possibly in parentheses (`a`, `(a)`).
fn plain_column(node: &SyntaxNode) -> Option<String> {
    match node.kind() {
        K::NAME_REF => Some(last_part(node)),
        K::PAREN_EXPR | K::PARTITION_ITEM => {
            let mut inner = node.children();
            let first = inner.next()?;
            if inner.next().is_some()
                || children(node).any(|e| {
                    e.kind() != K::L_PAREN && e.kind() != K::R_PAREN && e.as_node() != Some(&first)
                })
            {
                return None;
            }
            plain_column(&first)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok, parse_one};
    use sluice_schema::{Expr, IndexKey, IndexTarget, NullsOrder, QualifiedName};

    const TABLE: &str = "CREATE TABLE s.t (a text, b int, c int);\n";

    #[test]
    fn full_index() {
        let s = parse_ok(&format!(
            "{TABLE}CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS Idx ON ONLY s.t USING GIN \
             (lower(a) COLLATE \"C\" text_pattern_ops DESC NULLS LAST, b ASC NULLS FIRST, (b + c) DESC NULLS FIRST, (c)) \
             INCLUDE (a) NULLS NOT DISTINCT WHERE b > 0 AND c IS NOT NULL;"
        ));
        let i = &s.tables[0].indexes[0];
        assert_eq!(i.name, "idx");
        assert!(i.unique);
        assert_eq!(i.method.as_deref(), Some("gin"));
        assert_eq!(
            i.keys[0],
            IndexKey {
                target: IndexTarget::Expr(Expr::new("lower(a)")),
                collation: Some("C".into()),
                opclass: Some("text_pattern_ops".into()),
                descending: true,
                nulls: Some(NullsOrder::Last),
            }
        );
        assert_eq!(
            i.keys[1],
            IndexKey { nulls: Some(NullsOrder::First), ..IndexKey::column("b") },
            "ASC NULLS FIRST differs from the default"
        );
        assert_eq!(
            i.keys[2],
            IndexKey {
                target: IndexTarget::Expr(Expr::new("b + c")),
                descending: true,
                nulls: None,
                collation: None,
                opclass: None,
            },
            "DESC NULLS FIRST is the default for DESC"
        );
        assert_eq!(i.keys[3], IndexKey::column("c"), "a parenthesized column is the column");
        assert_eq!(i.include, ["a"]);
        assert!(i.nulls_not_distinct);
        assert_eq!(i.predicate, Some(Expr::new("b > 0 and c is not null")));
    }

    #[test]
    fn unnamed_and_btree() {
        let s = parse_ok(&format!(
            "{TABLE}CREATE INDEX ON s.t USING btree (b);\nCREATE INDEX ON s.t (c);"
        ));
        let idx = &s.tables[0].indexes;
        assert_eq!(idx.len(), 2);
        assert!(idx.iter().all(|i| i.name.is_empty() && i.method.is_none() && !i.unique));
    }

    #[test]
    fn index_rename_hint() {
        let p = parse_one(&format!(
            "{TABLE}-- sluice:renamed-from old_idx\nCREATE INDEX new_idx ON s.t (b);"
        ));
        assert!(p.errors.is_empty());
        assert_eq!(
            p.hints.indexes,
            vec![(
                QualifiedName::new(Some("s"), "t"),
                "old_idx".to_string(),
                "new_idx".to_string()
            )]
        );
    }

    #[test]
    fn index_errors() {
        assert_eq!(
            parse_err("CREATE INDEX i ON nope (a);"),
            "1:19: CREATE INDEX: table `nope` is not defined in the schema files"
        );
        assert_eq!(
            parse_err(&format!("{TABLE}CREATE INDEX i ON s.t (zz);")),
            "2:19: CREATE INDEX: column `zz` does not exist in table `s.t`"
        );
        assert_eq!(
            parse_err(&format!("{TABLE}CREATE INDEX i ON s.t (a);\nCREATE INDEX i ON s.t (b);")),
            "3:14: index `i` is declared twice"
        );
        assert_eq!(
            parse_err(&format!("{TABLE}CREATE INDEX i ON s.t (a) WITH (fillfactor = 70);")),
            "2:27: WITH in CREATE INDEX is not supported in schema files yet"
        );
        assert_eq!(
            parse_err(&format!("{TABLE}CREATE INDEX i ON s.t (a) TABLESPACE fast;")),
            "2:27: TABLESPACE in CREATE INDEX is not supported in schema files yet"
        );
        // IF NOT EXISTS keeps the first one.
        let s = parse_ok(&format!(
            "{TABLE}CREATE INDEX i ON s.t (a);\nCREATE INDEX IF NOT EXISTS i ON s.t (b);"
        ));
        assert_eq!(s.tables[0].indexes.len(), 1);
    }
}
