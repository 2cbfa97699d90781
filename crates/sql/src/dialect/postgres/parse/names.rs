//! Names and small syntax helpers shared by the statement readers: folding
//! identifiers the way PostgreSQL's scanner does (unquoted -> lower case,
//! quoted -> exact, `U&"..."` decoded, everything cut to 63 bytes), dotted
//! paths, byte spans of tree elements, string and integer literals, and the
//! exact source text of a clause.

use crate::source::Span;
use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode, SyntaxToken};

/// PostgreSQL keeps identifiers up to `NAMEDATALEN - 1` bytes and silently
/// truncates longer ones.
const MAX_IDENT: usize = 63;

/// Whitespace and comments: never meaningful between clauses.
pub(super) fn is_trivia(kind: K) -> bool {
    matches!(kind, K::WHITESPACE | K::COMMENT)
}

/// Fold one identifier token as PostgreSQL stores it.
pub(super) fn fold_ident(raw: &str) -> String {
    let folded = if let Some(inner) = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        // Most quoted names hold no (doubled) quote: copied as they are.
        if inner.contains('"') {
            inner.replace("\"\"", "\"")
        } else {
            inner.to_string()
        }
    } else if let Some(inner) = raw
        .strip_prefix("U&\"")
        .or_else(|| raw.strip_prefix("u&\""))
        .and_then(|s| s.strip_suffix('"'))
    {
        decode_unicode_escapes(&inner.replace("\"\"", "\""))
    } else {
        raw.to_ascii_lowercase()
    };
    truncate_ident(folded)
}

fn truncate_ident(mut s: String) -> String {
    if s.len() > MAX_IDENT {
        let mut cut = MAX_IDENT;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

/// `\XXXX` and `\+XXXXXX` escapes of a `U&"..."` identifier (default escape
/// character only); `\\` is a backslash. Invalid escapes are kept as written.
fn decode_unicode_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(r) = after.strip_prefix('\\') {
            out.push('\\');
            rest = r;
            continue;
        }
        let (digits, skip) = match after.strip_prefix('+') {
            Some(r) => (r.get(..6), 7),
            None => (after.get(..4), 4),
        };
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()).and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                rest = &after[skip..];
            }
            None => {
                out.push('\\');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The identifier tokens under a name node, folded, in order: `s."T"` ->
/// `["s", "T"]`. Keywords used as names (`first`, `value`) count as names.
pub(super) fn name_parts(node: &SyntaxNode) -> Vec<String> {
    let mut parts = Vec::new();
    for_each_token(node, &mut |kind, text| {
        if !is_trivia(kind) && kind != K::DOT {
            parts.push(fold_ident(text));
        }
    });
    parts
}

/// The last part of a name node (`s.t.c` -> `c`).
pub(super) fn last_part(node: &SyntaxNode) -> String {
    let mut last = String::new();
    for_each_token(node, &mut |kind, text| {
        if !is_trivia(kind) && kind != K::DOT {
            last.clear();
            last.push_str(text);
        }
    });
    fold_ident(&last)
}

/// Every token under a node, in order, read from the green tree: no cursor
/// (one allocation each) per node visited.
pub(super) fn for_each_token(node: &SyntaxNode, f: &mut impl FnMut(K, &str)) {
    fn walk(green: &rowan::GreenNodeData, f: &mut impl FnMut(K, &str)) {
        for child in green.children() {
            match child {
                rowan::NodeOrToken::Node(n) => walk(n, f),
                rowan::NodeOrToken::Token(t) => f(K::from(t.kind().0), t.text()),
            }
        }
    }
    walk(&node.green(), f);
}

/// Whether every direct child of a node (tokens and nodes, trivia
/// included) has a kind `ok` accepts, read from the green tree.
pub(super) fn all_children(node: &SyntaxNode, ok: impl Fn(K) -> bool) -> bool {
    node.green().children().all(|c| ok(K::from(c.kind().0)))
}

/// Anything that covers a range of the source.
pub(super) trait Spanned {
    fn span(&self) -> Span;
}

impl Spanned for SyntaxNode {
    fn span(&self) -> Span {
        let r = self.text_range();
        Span::new(r.start().into(), r.end().into())
    }
}

impl Spanned for SyntaxToken {
    fn span(&self) -> Span {
        let r = self.text_range();
        Span::new(r.start().into(), r.end().into())
    }
}

impl Spanned for SyntaxElement {
    fn span(&self) -> Span {
        let r = self.text_range();
        Span::new(r.start().into(), r.end().into())
    }
}

impl Spanned for Span {
    fn span(&self) -> Span {
        *self
    }
}

/// The direct children of a node that matter: tokens and nodes, trivia left out.
pub(super) fn children(node: &SyntaxNode) -> impl Iterator<Item = SyntaxElement> {
    node.children_with_tokens().filter(|e| !is_trivia(e.kind()))
}

/// First direct child node of a kind.
pub(super) fn child(node: &SyntaxNode, kind: K) -> Option<SyntaxNode> {
    node.children().find(|c| c.kind() == kind)
}

/// The decoded value of a string literal node (`'it''s'`, `E'\n'`, `$$x$$`).
pub(super) fn string_value(node: &SyntaxNode) -> Option<String> {
    let lit = ast::Literal::cast(node.clone())?;
    if let Some(ast::LitKind::DollarQuotedString(tok)) = lit.kind() {
        return dollar_body(tok.text());
    }
    lit.string_value()
}

fn dollar_body(text: &str) -> Option<String> {
    let tag_end = text[1..].find('$')? + 2;
    let tag = &text[..tag_end];
    text.strip_prefix(tag)?.strip_suffix(tag).map(str::to_string)
}

/// A signed integer written as a literal (`42`, `-5`, `+1`, `1_000`).
pub(super) fn int_value(node: &SyntaxNode) -> Option<i64> {
    let text: String = node
        .descendants_with_tokens()
        .filter_map(SyntaxElement::into_token)
        .filter(|t| !is_trivia(t.kind()))
        .map(|t| t.text().replace('_', ""))
        .collect();
    text.parse().ok()
}

/// The source span of the direct children of `node` that come after the
/// first child of kind `after` (or from the start when `None`) and before the
/// first following child whose kind is in `before`, trivia trimmed at both
/// ends: the exact text of an expression inside a clause (`CHECK ( .. )`,
/// `DEFAULT ..`, `WHERE ..`).
pub(super) fn inner_span(node: &SyntaxNode, after: Option<K>, before: &[K]) -> Option<Span> {
    let mut started = after.is_none();
    let (mut first, mut last) = (None, None);
    for el in node.children_with_tokens() {
        if !started {
            started = Some(el.kind()) == after;
            continue;
        }
        if before.contains(&el.kind()) {
            break;
        }
        if is_trivia(el.kind()) {
            continue;
        }
        let s = el.span();
        first.get_or_insert(s.start);
        last = Some(s.end);
    }
    Some(Span::new(first?, last?))
}

/// Source text of a span.
pub(super) fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// Keywords at the start of an element, upper-cased: the name of a clause
/// for messages (`TABLESPACE`, `PARTITION BY`, `WITH`).
pub(super) fn leading_keywords(el: &SyntaxElement, max: usize) -> String {
    let tokens: Vec<SyntaxToken> = match el {
        SyntaxElement::Token(t) => vec![t.clone()],
        SyntaxElement::Node(n) => n
            .descendants_with_tokens()
            .filter_map(SyntaxElement::into_token)
            .filter(|t| !is_trivia(t.kind()))
            .take(max)
            .collect(),
    };
    let words: Vec<String> = tokens
        .iter()
        .take_while(|t| t.kind().is_keyword())
        .map(|t| t.text().to_ascii_uppercase())
        .collect();
    if words.is_empty() {
        let first = tokens.first().map(|t| t.text().to_string()).unwrap_or_default();
        format!("`{first}`")
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold_ident("Users"), "users");
        assert_eq!(fold_ident("\"Users\""), "Users");
        assert_eq!(fold_ident("\"a\"\"b\""), "a\"b");
        assert_eq!(fold_ident("U&\"d\\0061t\\+000061\""), "data");
        assert_eq!(fold_ident("ÉTÉ"), "ÉtÉ", "only ASCII letters fold, as in UTF-8 databases");
        let long = "x".repeat(70);
        assert_eq!(fold_ident(&long).len(), 63);
        let wide = format!("\"{}\"", "é".repeat(40));
        assert_eq!(fold_ident(&wide), "é".repeat(31), "cut on a character boundary");
    }

    #[test]
    fn dollar_quoted_bodies() {
        assert_eq!(dollar_body("$$ab$$").as_deref(), Some("ab"));
        assert_eq!(dollar_body("$t$a$$b$t$").as_deref(), Some("a$$b"));
    }
}
