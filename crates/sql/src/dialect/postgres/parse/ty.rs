//! Type names in the syntax tree -> [`SqlType`]. Builtin spellings are
//! folded by [`crate::types::parse_type`] (`int4` = `integer`); arrays are
//! counted from the tree (`int[][]`, `integer ARRAY`); user types become
//! [`SqlType::Named`] with their name folded like any identifier.

use super::names::{is_trivia, name_parts};
use super::{qualified_from_parts, Builder, DIALECT};
use sluice_schema::SqlType;
use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode};

/// Whether a node is a type.
pub(super) fn is_type(kind: K) -> bool {
    ast::Type::can_cast(kind)
}

/// The type a type node denotes; `None` (reported) when it cannot be kept.
pub(super) fn sql_type(b: &mut Builder, node: &SyntaxNode) -> Option<SqlType> {
    let text = b.src(node);
    if let Some((kind, ty)) = b.types.get(text) {
        if *kind == node.kind() {
            return Some(ty.clone());
        }
    }
    let ty = read_type(b, node)?;
    b.types.insert(text.into(), (node.kind(), ty.clone()));
    Some(ty)
}

fn read_type(b: &mut Builder, node: &SyntaxNode) -> Option<SqlType> {
    match node.kind() {
        K::ARRAY_TYPE => {
            let element = node.children().find(|c| is_type(c.kind()))?;
            let element = sql_type(b, &element)?;
            let bounds = node.children().filter(|c| c.kind() == K::ARRAY_BOUND).count() as u32;
            Some(match element {
                SqlType::Array { element, dims } => {
                    SqlType::Array { element, dims: dims + bounds.max(1) }
                }
                element => SqlType::Array { element: Box::new(element), dims: bounds.max(1) },
            })
        }
        K::PERCENT_TYPE => {
            b.unsupported(node, "a `%TYPE` reference", "write the column's type out");
            None
        }
        K::PATH_TYPE if is_user_type(node) => {
            let path = node.children().find(|c| c.kind() == K::PATH_REF)?;
            let parts = name_parts(&path);
            match qualified_from_parts(&parts) {
                Some(name) => Some(SqlType::Named { name }),
                None => {
                    b.error(
                        node,
                        format!("type name `{}` has too many parts", b.src(node)),
                        "write the type as `type` or `schema.type`",
                    );
                    None
                }
            }
        }
        _ => Some(crate::types::parse_type(&plain_text(node), DIALECT)),
    }
}

/// A path type without arguments naming something that is not a builtin
/// (quoted, or schema-qualified, or a plain identifier the type folding does
/// not know): read its name from the tree so quoting is exact.
fn is_user_type(node: &SyntaxNode) -> bool {
    if node.children().any(|c| c.kind() == K::ARG_LIST) {
        return false;
    }
    let text = plain_text(node);
    let parts = name_parts(node);
    let is_qualified_builtin = parts.len() == 2 && parts[0] == "pg_catalog";
    if is_qualified_builtin {
        return false;
    }
    matches!(crate::types::parse_type(&text, DIALECT), SqlType::Named { .. })
}

/// A node's text with comments dropped and whitespace collapsed, for type
/// names (which hold no string literals).
pub(super) fn plain_text(node: &SyntaxNode) -> String {
    let mut out = String::new();
    for t in node.descendants_with_tokens().filter_map(SyntaxElement::into_token) {
        if is_trivia(t.kind()) {
            out.push(' ');
        } else {
            out.push_str(t.text());
        }
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    // `pg_catalog.int4` and friends: the builtin, unqualified.
    match collapsed.strip_prefix("pg_catalog.") {
        Some(rest) => rest.to_string(),
        None => collapsed,
    }
}

/// The first type child of a node, with its span for messages.
pub(super) fn type_child(node: &SyntaxNode) -> Option<SyntaxNode> {
    node.children().find(|c| is_type(c.kind()))
}
