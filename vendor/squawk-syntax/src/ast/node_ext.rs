// via https://github.com/rust-lang/rust-analyzer/blob/d8887c0758bbd2d5f752d5bd405d4491e90e7ed6/crates/syntax/src/ast/node_ext.rs
//
// Permission is hereby granted, free of charge, to any
// person obtaining a copy of this software and associated
// documentation files (the "Software"), to deal in the
// Software without restriction, including without
// limitation the rights to use, copy, modify, merge,
// publish, distribute, sublicense, and/or sell copies of
// the Software, and to permit persons to whom the Software
// is furnished to do so, subject to the following
// conditions:
//
// The above copyright notice and this permission notice
// shall be included in all copies or substantial portions
// of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF
// ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED
// TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
// PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT
// SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
// CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
// OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR
// IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
// DEALINGS IN THE SOFTWARE.

use std::borrow::Cow;

use either::Either;
#[cfg(test)]
use insta::assert_snapshot;
use num_bigint::BigUint;
use rowan::{GreenNodeData, GreenTokenData, NodeOrToken, TextRange, TextSize};
use squawk_line_index::{LineEnding, find_newline};

#[cfg(test)]
use crate::SourceFile;
use rowan::Direction;

use crate::ast;
use crate::ast::AstNode;
use crate::decoded_text::DecodedText;
use crate::quote::{
    dollar_quote_tag, strip_dollar_quotes, strip_prefixed_quotes, strip_quotes,
    strip_unicode_esc_prefix,
};
use crate::unescape::{
    decode_esc_string, decode_plain_string, decode_unicode_esc_string, escape_unicode_esc_str,
    uescape_char,
};
use crate::{SyntaxElement, SyntaxKind, SyntaxNode, SyntaxToken, TokenText};

use super::support;

fn children_either<L: AstNode, R: AstNode>(
    parent: &SyntaxNode,
) -> impl Iterator<Item = Either<L, R>> {
    parent.children().filter_map(|child| {
        L::cast(child.clone())
            .map(Either::Left)
            .or_else(|| R::cast(child).map(Either::Right))
    })
}

impl ast::Param {
    pub fn mode_and_name(&self) -> impl Iterator<Item = Either<ast::ParamMode, ast::ParamName>> {
        children_either(self.syntax())
    }
}

impl ast::Do {
    pub fn language_and_body(&self) -> impl Iterator<Item = Either<ast::DoLanguage, ast::Literal>> {
        children_either(self.syntax())
    }
}

impl ast::CustomOp {
    pub fn tokens(&self) -> impl Iterator<Item = SyntaxToken> + '_ {
        self.syntax()
            .children_with_tokens()
            .filter_map(|element| element.into_token())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastKind {
    Cast,
    DoubleColon,
    Treat,
    TypeLiteral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerRadix {
    Binary,
    Decimal,
    Hexadecimal,
    Octal,
}

impl IntegerRadix {
    pub fn base(self) -> u32 {
        match self {
            Self::Binary => 2,
            Self::Decimal => 10,
            Self::Hexadecimal => 16,
            Self::Octal => 8,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LitKind {
    BitString(SyntaxToken),
    ByteString(SyntaxToken),
    Default(SyntaxToken),
    DollarQuotedString(SyntaxToken),
    EscString(SyntaxToken),
    False(SyntaxToken),
    IntNumber(SyntaxToken),
    NationalString(SyntaxToken),
    Null(SyntaxToken),
    NumericNumber(SyntaxToken),
    Off(SyntaxToken),
    On(SyntaxToken),
    PositionalParam(SyntaxToken),
    String(SyntaxToken),
    True(SyntaxToken),
    UnicodeEscString(SyntaxToken),
}

impl ast::SourceFile {
    pub fn line_ending(&self) -> LineEnding {
        find_newline(&self.syntax().text().to_string())
            .map(|(_, line_ending)| line_ending)
            .unwrap_or_default()
    }
}

impl ast::TransactionMode {
    pub fn comma_after(&self) -> Option<SyntaxToken> {
        for element in self.syntax().siblings_with_tokens(Direction::Next).skip(1) {
            match element {
                NodeOrToken::Token(token)
                    if matches!(token.kind(), SyntaxKind::COMMENT | SyntaxKind::WHITESPACE) => {}
                NodeOrToken::Token(token) if token.kind() == SyntaxKind::COMMA => {
                    return Some(token);
                }
                _ => return None,
            }
        }
        None
    }
}

impl ast::Type {
    pub fn arg_list(&self) -> Option<ast::ArgList> {
        match self {
            ast::Type::BitType(ty) => ty.arg_list(),
            ast::Type::BitVaryingType(ty) => ty.arg_list(),
            ast::Type::CharacterType(ty) => ty.arg_list(),
            ast::Type::PathType(ty) => ty.arg_list(),
            ast::Type::VarcharType(ty) => ty.arg_list(),
            ast::Type::ArrayType(_)
            | ast::Type::DoubleType(_)
            | ast::Type::IntervalType(_)
            | ast::Type::TimeType(_)
            | ast::Type::TimestampType(_) => None,
        }
    }
}

impl ast::Arg {
    pub fn expr(&self) -> Option<ast::Expr> {
        match self.func_arg_expr()? {
            ast::FuncArgExpr::Expr(expr) => Some(expr),
            ast::FuncArgExpr::NamedArg(_) => None,
        }
    }
}

impl ast::CastExpr {
    pub fn kind(&self) -> Option<CastKind> {
        if self.cast_token().is_some() {
            Some(CastKind::Cast)
        } else if self.treat_token().is_some() {
            Some(CastKind::Treat)
        } else if self.colon_colon().is_some() {
            Some(CastKind::DoubleColon)
        } else if self.ty().is_some() && self.literal().is_some() {
            Some(CastKind::TypeLiteral)
        } else {
            None
        }
    }
}

impl ast::Literal {
    pub fn kind(&self) -> Option<LitKind> {
        let token = self.syntax().first_child_or_token()?.into_token()?;
        let kind = match token.kind() {
            SyntaxKind::BIT_STRING => LitKind::BitString(token),
            SyntaxKind::BYTE_STRING => LitKind::ByteString(token),
            SyntaxKind::DEFAULT_KW => LitKind::Default(token),
            SyntaxKind::DOLLAR_QUOTED_STRING => LitKind::DollarQuotedString(token),
            SyntaxKind::ESC_STRING => LitKind::EscString(token),
            SyntaxKind::FALSE_KW => LitKind::False(token),
            SyntaxKind::INT_NUMBER => LitKind::IntNumber(token),
            SyntaxKind::NATIONAL_STRING => LitKind::NationalString(token),
            SyntaxKind::NULL_KW => LitKind::Null(token),
            SyntaxKind::NUMERIC_NUMBER => LitKind::NumericNumber(token),
            SyntaxKind::OFF_KW => LitKind::Off(token),
            SyntaxKind::ON_KW => LitKind::On(token),
            SyntaxKind::POSITIONAL_PARAM => LitKind::PositionalParam(token),
            SyntaxKind::STRING => LitKind::String(token),
            SyntaxKind::TRUE_KW => LitKind::True(token),
            SyntaxKind::UNICODE_ESC_STRING => LitKind::UnicodeEscString(token),
            _ => return None,
        };
        Some(kind)
    }

    pub fn positional_param_index(&self) -> Option<usize> {
        let LitKind::PositionalParam(token) = self.kind()? else {
            return None;
        };
        token
            .text()
            .strip_prefix('$')?
            .parse::<usize>()
            .ok()?
            .checked_sub(1)
    }

    pub fn integer_radix(&self) -> Option<IntegerRadix> {
        let LitKind::IntNumber(token) = self.kind()? else {
            return None;
        };
        Some(match token.text().as_bytes() {
            [b'0', b'b' | b'B', ..] => IntegerRadix::Binary,
            [b'0', b'o' | b'O', ..] => IntegerRadix::Octal,
            [b'0', b'x' | b'X', ..] => IntegerRadix::Hexadecimal,
            _ => IntegerRadix::Decimal,
        })
    }

    pub fn integer_value(&self) -> Option<BigUint> {
        let LitKind::IntNumber(token) = self.kind()? else {
            return None;
        };
        let radix = self.integer_radix()?;
        let text = token.text();
        let digits = match radix {
            IntegerRadix::Decimal => text,
            IntegerRadix::Binary | IntegerRadix::Hexadecimal | IntegerRadix::Octal => &text[2..],
        };
        BigUint::parse_bytes(digits.replace('_', "").as_bytes(), radix.base())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum StringDecoding {
    BitOrByte,
    EscString,
    UnicodeEscString,
}

impl ast::Literal {
    pub fn string_value(&self) -> Option<String> {
        Some(self.decoded_value()?.into_text())
    }

    pub fn decoded_value(&self) -> Option<DecodedText> {
        let escape_char = self.unicode_escape_char();
        let mut out = DecodedText::new(self.syntax().text_range().start());
        let mut decoding: Option<StringDecoding> = None;

        for element in self.syntax().children_with_tokens() {
            let Some(token) = element.into_token() else {
                continue;
            };
            let start = token.text_range().start();
            match token.kind() {
                SyntaxKind::ESC_STRING => {
                    let inner = strip_prefixed_quotes(token.text(), ['e', 'E'])?;
                    let inner_start = start + TextSize::new(2);
                    decode_esc_string(inner, inner_start, &mut out);
                    out.mark_end(inner_start + TextSize::of(inner));
                    decoding = Some(StringDecoding::EscString);
                }
                SyntaxKind::UNICODE_ESC_STRING => {
                    let inner = strip_unicode_esc_prefix(token.text())?;
                    let inner_start = start + TextSize::new(3);
                    decode_unicode_esc_string(inner, inner_start, escape_char, &mut out);
                    out.mark_end(inner_start + TextSize::of(inner));
                    decoding = Some(StringDecoding::UnicodeEscString);
                }
                SyntaxKind::BIT_STRING => {
                    let inner = strip_prefixed_quotes(token.text(), ['b', 'B'])?;
                    out.push_str(inner, start + TextSize::new(2));
                    decoding = Some(StringDecoding::BitOrByte);
                }
                SyntaxKind::BYTE_STRING => {
                    let inner = strip_prefixed_quotes(token.text(), ['x', 'X'])?;
                    out.push_str(inner, start + TextSize::new(2));
                    decoding = Some(StringDecoding::BitOrByte);
                }
                SyntaxKind::DOLLAR_QUOTED_STRING => {
                    let tag = dollar_quote_tag(token.text())?;
                    let inner = strip_dollar_quotes(token.text())?;
                    out.push_str(inner, start + TextSize::new(tag.len() as u32 + 2));
                    return Some(out);
                }
                SyntaxKind::NATIONAL_STRING => {
                    let inner = strip_prefixed_quotes(token.text(), ['n', 'N'])?;
                    let inner_start = start + TextSize::new(2);
                    decode_plain_string(inner, inner_start, &mut out);
                    out.mark_end(inner_start + TextSize::of(inner));
                }
                SyntaxKind::STRING => {
                    let inner = strip_quotes(token.text())?;
                    let inner_start = start + TextSize::new(1);
                    match decoding {
                        Some(StringDecoding::EscString) => {
                            decode_esc_string(inner, inner_start, &mut out);
                        }
                        Some(StringDecoding::UnicodeEscString) => {
                            decode_unicode_esc_string(inner, inner_start, escape_char, &mut out);
                        }
                        Some(StringDecoding::BitOrByte) => out.push_str(inner, inner_start),
                        None => decode_plain_string(inner, inner_start, &mut out),
                    }
                    out.mark_end(inner_start + TextSize::of(inner));
                }
                SyntaxKind::UESCAPE_KW => break,
                _ => (),
            }
        }

        Some(out)
    }

    fn unicode_escape_char(&self) -> char {
        let mut seen_uescape = false;
        for element in self.syntax().children_with_tokens() {
            let Some(token) = element.into_token() else {
                continue;
            };
            match token.kind() {
                SyntaxKind::UESCAPE_KW => seen_uescape = true,
                SyntaxKind::STRING if seen_uescape => {
                    if let Some(ch) = uescape_char(token.text()) {
                        return ch;
                    }
                    return '\\';
                }
                _ => (),
            }
        }
        '\\'
    }
}

impl ast::Constraint {
    #[inline]
    pub fn constraint_name(&self) -> Option<ast::ConstraintName> {
        support::child::<ast::ConstraintNameClause>(self.syntax())
            .and_then(|clause| clause.constraint_name())
    }

    #[inline]
    pub fn constraint_options(&self) -> ast::AstChildren<ast::ConstraintOption> {
        match self {
            ast::Constraint::CheckConstraint(it) => it.constraint_options(),
            ast::Constraint::DefaultConstraint(it) => it.constraint_options(),
            ast::Constraint::ExcludeConstraint(it) => it.constraint_options(),
            ast::Constraint::ForeignKeyConstraint(it) => it.constraint_options(),
            ast::Constraint::GeneratedConstraint(it) => it.constraint_options(),
            ast::Constraint::NotNullConstraint(it) => it.constraint_options(),
            ast::Constraint::NullConstraint(it) => it.constraint_options(),
            ast::Constraint::PrimaryKeyConstraint(it) => it.constraint_options(),
            ast::Constraint::ReferencesConstraint(it) => it.constraint_options(),
            ast::Constraint::UniqueConstraint(it) => it.constraint_options(),
        }
    }

    pub fn is_not_valid(&self) -> bool {
        self.constraint_options()
            .any(|option| matches!(option, ast::ConstraintOption::NotValid(_)))
    }
}

impl ast::CreateSchema {
    pub fn schema_name(&self) -> Option<SyntaxNode> {
        match self.create_schema_target()? {
            ast::CreateSchemaTarget::AuthorizationSchema(auth) => {
                Some(auth.role()?.syntax().clone())
            }
            ast::CreateSchemaTarget::NamedSchema(named) => Some(named.schema()?.syntax().clone()),
        }
    }
}

impl ast::AlterSetStatistics {
    pub fn literal(&self) -> Option<ast::Literal> {
        match self.expr()? {
            ast::Expr::Literal(literal) => Some(literal),
            _ => None,
        }
    }
}

impl ast::Restart {
    pub fn literal(&self) -> Option<ast::Literal> {
        match self.expr()? {
            ast::Expr::Literal(literal) => Some(literal),
            _ => None,
        }
    }
}

impl ast::FromItem {
    pub fn alias(&self) -> Option<ast::FromAlias> {
        match self {
            ast::FromItem::ExprFromItem(it) => it.alias(),
            ast::FromItem::FunctionFromItem(it) => it.alias(),
            ast::FromItem::GraphTableFromItem(it) => it.alias(),
            ast::FromItem::JsonTableFromItem(it) => it.alias(),
            ast::FromItem::ParenFromItem(it) => it.alias(),
            ast::FromItem::RelationFromItem(it) => it.alias(),
            ast::FromItem::RowsFromItem(it) => it.alias(),
            ast::FromItem::XmlTableFromItem(it) => it.alias(),
        }
    }

    pub fn with_ordinality(&self) -> Option<ast::WithOrdinality> {
        match self {
            ast::FromItem::FunctionFromItem(it) => it.with_ordinality(),
            ast::FromItem::RowsFromItem(it) => it.with_ordinality(),
            _ => None,
        }
    }
}

impl ast::RowList {
    pub fn trailing_comma_token(&self) -> Option<SyntaxToken> {
        self.syntax()
            .last_token()
            .filter(|token| token.kind() == SyntaxKind::COMMA)
    }
}

impl ast::TableAndColumnsList {
    pub fn trailing_comma_token(&self) -> Option<SyntaxToken> {
        self.syntax()
            .last_token()
            .filter(|token| token.kind() == SyntaxKind::COMMA)
    }
}

impl ast::GroupByList {
    pub fn trailing_comma_token(&self) -> Option<SyntaxToken> {
        self.syntax()
            .last_token()
            .filter(|token| token.kind() == SyntaxKind::COMMA)
    }
}

impl ast::SortByList {
    pub fn trailing_comma_token(&self) -> Option<SyntaxToken> {
        self.syntax()
            .last_token()
            .filter(|token| token.kind() == SyntaxKind::COMMA)
    }
}

impl ast::ColumnDefList {
    pub fn column_names(self) -> impl Iterator<Item = ast::ColumnName> {
        self.column_defs().filter_map(|column| column.name())
    }
}

impl ast::FromAliasColumns {
    pub fn column_names(self) -> impl Iterator<Item = ast::ColumnName> {
        match self {
            ast::FromAliasColumns::ColumnList(it) => Either::Left(it.column_names()),
            ast::FromAliasColumns::ColumnDefList(it) => Either::Right(it.column_names()),
        }
    }
}

impl ast::RelationFromItem {
    pub fn path_ref(&self) -> Option<ast::PathRef> {
        self.relation_name_ref()?.path_ref()
    }

    pub fn name_ref(&self) -> Option<ast::PathSegmentRef> {
        self.path_ref()?.segment()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BinOp {
    And(SyntaxToken),
    AtTimeZone(ast::AtTimeZone),
    Caret(SyntaxToken),
    ColonColon(ast::ColonColon),
    ColonEq(SyntaxToken),
    CustomOp(ast::CustomOp),
    Eq(SyntaxToken),
    Escape(SyntaxToken),
    FatArrow(SyntaxToken),
    Gteq(SyntaxToken),
    Ilike(SyntaxToken),
    In(SyntaxToken),
    Is(SyntaxToken),
    IsDistinctFrom(ast::IsDistinctFrom),
    IsNot(ast::IsNot),
    IsNotDistinctFrom(ast::IsNotDistinctFrom),
    LAngle(SyntaxToken),
    Like(SyntaxToken),
    Lteq(SyntaxToken),
    Minus(SyntaxToken),
    Neq(SyntaxToken),
    Neqb(SyntaxToken),
    NotIlike(ast::NotIlike),
    NotIn(ast::NotIn),
    NotLike(ast::NotLike),
    NotSimilarTo(ast::NotSimilarTo),
    OperatorCall(ast::OperatorCall),
    Or(SyntaxToken),
    Overlaps(SyntaxToken),
    Percent(SyntaxToken),
    Plus(SyntaxToken),
    RAngle(SyntaxToken),
    SimilarTo(ast::SimilarTo),
    Slash(SyntaxToken),
    Star(SyntaxToken),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostfixOp {
    AtLocal(ast::AtLocal),
    IsJson(ast::IsJson),
    IsJsonArray(ast::IsJsonArray),
    IsJsonObject(ast::IsJsonObject),
    IsJsonScalar(ast::IsJsonScalar),
    IsJsonValue(ast::IsJsonValue),
    IsNormalized(ast::IsNormalized),
    IsNotJson(ast::IsNotJson),
    IsNotJsonArray(ast::IsNotJsonArray),
    IsNotJsonObject(ast::IsNotJsonObject),
    IsNotJsonScalar(ast::IsNotJsonScalar),
    IsNotJsonValue(ast::IsNotJsonValue),
    IsNotNormalized(ast::IsNotNormalized),
    IsNull(SyntaxToken),
    NotNull(SyntaxToken),
}

impl PostfixOp {
    pub fn syntax_element(&self) -> SyntaxElement {
        match self {
            PostfixOp::AtLocal(node) => node.syntax().clone().into(),
            PostfixOp::IsJson(node) => node.syntax().clone().into(),
            PostfixOp::IsJsonArray(node) => node.syntax().clone().into(),
            PostfixOp::IsJsonObject(node) => node.syntax().clone().into(),
            PostfixOp::IsJsonScalar(node) => node.syntax().clone().into(),
            PostfixOp::IsJsonValue(node) => node.syntax().clone().into(),
            PostfixOp::IsNormalized(node) => node.syntax().clone().into(),
            PostfixOp::IsNotJson(node) => node.syntax().clone().into(),
            PostfixOp::IsNotJsonArray(node) => node.syntax().clone().into(),
            PostfixOp::IsNotJsonObject(node) => node.syntax().clone().into(),
            PostfixOp::IsNotJsonScalar(node) => node.syntax().clone().into(),
            PostfixOp::IsNotJsonValue(node) => node.syntax().clone().into(),
            PostfixOp::IsNotNormalized(node) => node.syntax().clone().into(),
            PostfixOp::IsNull(token) => token.clone().into(),
            PostfixOp::NotNull(token) => token.clone().into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrefixOp {
    CustomOp(ast::CustomOp),
    Minus(SyntaxToken),
    Not(SyntaxToken),
    OperatorCall(ast::OperatorCall),
    Plus(SyntaxToken),
}

impl ast::BinExpr {
    #[inline]
    pub fn lhs(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn rhs(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }

    pub fn op(&self) -> Option<BinOp> {
        let lhs = self.lhs()?;
        for child in lhs.syntax().siblings_with_tokens(Direction::Next).skip(1) {
            match child {
                NodeOrToken::Token(token) => {
                    let op = match token.kind() {
                        SyntaxKind::AND_KW => BinOp::And(token),
                        SyntaxKind::CARET => BinOp::Caret(token),
                        SyntaxKind::COLON_EQ => BinOp::ColonEq(token),
                        SyntaxKind::EQ => BinOp::Eq(token),
                        SyntaxKind::ESCAPE_KW => BinOp::Escape(token),
                        SyntaxKind::FAT_ARROW => BinOp::FatArrow(token),
                        SyntaxKind::GTEQ => BinOp::Gteq(token),
                        SyntaxKind::ILIKE_KW => BinOp::Ilike(token),
                        SyntaxKind::IN_KW => BinOp::In(token),
                        SyntaxKind::IS_KW => BinOp::Is(token),
                        SyntaxKind::L_ANGLE => BinOp::LAngle(token),
                        SyntaxKind::LIKE_KW => BinOp::Like(token),
                        SyntaxKind::LTEQ => BinOp::Lteq(token),
                        SyntaxKind::MINUS => BinOp::Minus(token),
                        SyntaxKind::NEQ => BinOp::Neq(token),
                        SyntaxKind::NEQB => BinOp::Neqb(token),
                        SyntaxKind::OR_KW => BinOp::Or(token),
                        SyntaxKind::OVERLAPS_KW => BinOp::Overlaps(token),
                        SyntaxKind::PERCENT => BinOp::Percent(token),
                        SyntaxKind::PLUS => BinOp::Plus(token),
                        SyntaxKind::R_ANGLE => BinOp::RAngle(token),
                        SyntaxKind::SLASH => BinOp::Slash(token),
                        SyntaxKind::STAR => BinOp::Star(token),
                        _ => continue,
                    };
                    return Some(op);
                }
                NodeOrToken::Node(node) => {
                    let op = match node.kind() {
                        SyntaxKind::AT_TIME_ZONE => {
                            BinOp::AtTimeZone(ast::AtTimeZone { syntax: node })
                        }
                        SyntaxKind::COLON_COLON => {
                            BinOp::ColonColon(ast::ColonColon { syntax: node })
                        }
                        SyntaxKind::CUSTOM_OP => BinOp::CustomOp(ast::CustomOp { syntax: node }),
                        SyntaxKind::IS_DISTINCT_FROM => {
                            BinOp::IsDistinctFrom(ast::IsDistinctFrom { syntax: node })
                        }
                        SyntaxKind::IS_NOT => BinOp::IsNot(ast::IsNot { syntax: node }),
                        SyntaxKind::IS_NOT_DISTINCT_FROM => {
                            BinOp::IsNotDistinctFrom(ast::IsNotDistinctFrom { syntax: node })
                        }
                        SyntaxKind::NOT_ILIKE => BinOp::NotIlike(ast::NotIlike { syntax: node }),
                        SyntaxKind::NOT_IN => BinOp::NotIn(ast::NotIn { syntax: node }),
                        SyntaxKind::NOT_LIKE => BinOp::NotLike(ast::NotLike { syntax: node }),
                        SyntaxKind::NOT_SIMILAR_TO => {
                            BinOp::NotSimilarTo(ast::NotSimilarTo { syntax: node })
                        }
                        SyntaxKind::OPERATOR_CALL => {
                            BinOp::OperatorCall(ast::OperatorCall { syntax: node })
                        }
                        SyntaxKind::SIMILAR_TO => BinOp::SimilarTo(ast::SimilarTo { syntax: node }),
                        _ => continue,
                    };
                    return Some(op);
                }
            }
        }
        None
    }
}

impl ast::PrefixExpr {
    pub fn op(&self) -> Option<PrefixOp> {
        for child in self.syntax().children_with_tokens() {
            match child {
                NodeOrToken::Token(token) => {
                    let op = match token.kind() {
                        SyntaxKind::MINUS => PrefixOp::Minus(token),
                        SyntaxKind::NOT_KW => PrefixOp::Not(token),
                        SyntaxKind::PLUS => PrefixOp::Plus(token),
                        _ => continue,
                    };
                    return Some(op);
                }
                NodeOrToken::Node(node) => {
                    let op = match node.kind() {
                        SyntaxKind::CUSTOM_OP => PrefixOp::CustomOp(ast::CustomOp { syntax: node }),
                        SyntaxKind::OPERATOR_CALL => {
                            PrefixOp::OperatorCall(ast::OperatorCall { syntax: node })
                        }
                        _ => continue,
                    };
                    return Some(op);
                }
            }
        }
        None
    }
}

impl ast::PostfixExpr {
    pub fn op(&self) -> Option<PostfixOp> {
        for child in self.syntax().children_with_tokens() {
            match child {
                NodeOrToken::Token(token) => {
                    let op = match token.kind() {
                        SyntaxKind::ISNULL_KW => PostfixOp::IsNull(token),
                        SyntaxKind::NOTNULL_KW => PostfixOp::NotNull(token),
                        _ => continue,
                    };
                    return Some(op);
                }
                NodeOrToken::Node(node) => {
                    let op = match node.kind() {
                        SyntaxKind::AT_LOCAL => PostfixOp::AtLocal(ast::AtLocal { syntax: node }),
                        SyntaxKind::IS_JSON => PostfixOp::IsJson(ast::IsJson { syntax: node }),
                        SyntaxKind::IS_JSON_ARRAY => {
                            PostfixOp::IsJsonArray(ast::IsJsonArray { syntax: node })
                        }
                        SyntaxKind::IS_JSON_OBJECT => {
                            PostfixOp::IsJsonObject(ast::IsJsonObject { syntax: node })
                        }
                        SyntaxKind::IS_JSON_SCALAR => {
                            PostfixOp::IsJsonScalar(ast::IsJsonScalar { syntax: node })
                        }
                        SyntaxKind::IS_JSON_VALUE => {
                            PostfixOp::IsJsonValue(ast::IsJsonValue { syntax: node })
                        }
                        SyntaxKind::IS_NORMALIZED => {
                            PostfixOp::IsNormalized(ast::IsNormalized { syntax: node })
                        }
                        SyntaxKind::IS_NOT_JSON => {
                            PostfixOp::IsNotJson(ast::IsNotJson { syntax: node })
                        }
                        SyntaxKind::IS_NOT_JSON_ARRAY => {
                            PostfixOp::IsNotJsonArray(ast::IsNotJsonArray { syntax: node })
                        }
                        SyntaxKind::IS_NOT_JSON_OBJECT => {
                            PostfixOp::IsNotJsonObject(ast::IsNotJsonObject { syntax: node })
                        }
                        SyntaxKind::IS_NOT_JSON_SCALAR => {
                            PostfixOp::IsNotJsonScalar(ast::IsNotJsonScalar { syntax: node })
                        }
                        SyntaxKind::IS_NOT_JSON_VALUE => {
                            PostfixOp::IsNotJsonValue(ast::IsNotJsonValue { syntax: node })
                        }
                        SyntaxKind::IS_NOT_NORMALIZED => {
                            PostfixOp::IsNotNormalized(ast::IsNotNormalized { syntax: node })
                        }
                        _ => continue,
                    };
                    return Some(op);
                }
            }
        }

        None
    }
}

impl ast::FieldExpr {
    // We have NameRef as a variant of Expr which complicates things (and it
    // might not be worth it).
    // Rust analyzer doesn't do this so it doesn't have to special case this.
    #[inline]
    pub fn base(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }
    #[inline]
    pub fn field(&self) -> Option<ast::NameRef> {
        support::children(self.syntax()).last()
    }
}

impl ast::IndexAccessor {
    #[inline]
    pub fn index(&self) -> Option<ast::Expr> {
        support::child(self.syntax())
    }
}

impl ast::SliceAccessor {
    #[inline]
    pub fn start(&self) -> Option<ast::Expr> {
        let colon = self.colon_token()?;
        support::children(self.syntax())
            .find(|expr: &ast::Expr| expr.syntax().text_range().end() <= colon.text_range().start())
    }

    #[inline]
    pub fn end(&self) -> Option<ast::Expr> {
        let colon = self.colon_token()?;
        support::children(self.syntax())
            .find(|expr: &ast::Expr| expr.syntax().text_range().start() >= colon.text_range().end())
    }
}

impl ast::IndexExpr {
    #[inline]
    pub fn base(&self) -> Option<ast::Expr> {
        support::children(&self.syntax).next()
    }
    #[inline]
    pub fn index(&self) -> Option<ast::Expr> {
        support::children(&self.syntax).nth(1)
    }
}

impl ast::SliceExpr {
    #[inline]
    pub fn base(&self) -> Option<ast::Expr> {
        support::children(&self.syntax).next()
    }

    #[inline]
    pub fn start(&self) -> Option<ast::Expr> {
        // With `select x[1:]`, we have two exprs, `x` and `1`.
        // We skip over the first one, and then we want the second one, but we
        // want to make sure we don't choose the end expr if instead we had:
        // `select x[:1]`
        let colon = self.colon_token()?;
        support::children(&self.syntax)
            .skip(1)
            .find(|expr: &ast::Expr| expr.syntax().text_range().end() <= colon.text_range().start())
    }

    #[inline]
    pub fn end(&self) -> Option<ast::Expr> {
        // We want to make sure we get the last expr after the `:` which is the
        // end of the slice, i.e., `2` in: `select x[:2]`
        let colon = self.colon_token()?;
        support::children(&self.syntax)
            .find(|expr: &ast::Expr| expr.syntax().text_range().start() >= colon.text_range().end())
    }
}

impl ast::RenameValue {
    #[inline]
    pub fn from(&self) -> Option<ast::Literal> {
        support::children(&self.syntax).nth(0)
    }
    #[inline]
    pub fn to(&self) -> Option<ast::Literal> {
        support::children(&self.syntax).nth(1)
    }
}

impl ast::ForeignKeyConstraint {
    #[inline]
    pub fn from_columns(&self) -> Option<ast::ForeignKeyColumnList> {
        support::children(&self.syntax).nth(0)
    }
    #[inline]
    pub fn to_columns(&self) -> Option<ast::ForeignKeyColumnList> {
        support::children(&self.syntax).nth(1)
    }
}

fn second_minus_token(node: &SyntaxNode) -> Option<SyntaxToken> {
    node.children_with_tokens()
        .filter_map(|element| element.into_token())
        .filter(|token| token.kind() == SyntaxKind::MINUS)
        .nth(1)
}

impl ast::EdgeAny {
    pub fn end_minus_token(&self) -> Option<SyntaxToken> {
        second_minus_token(self.syntax())
    }
}

impl ast::EdgeLeft {
    pub fn end_minus_token(&self) -> Option<SyntaxToken> {
        second_minus_token(self.syntax())
    }
}

impl ast::EdgeRight {
    pub fn end_minus_token(&self) -> Option<SyntaxToken> {
        second_minus_token(self.syntax())
    }
}

impl ast::XmlPiFn {
    #[inline]
    pub fn target(&self) -> Option<ast::XmlPiTarget> {
        support::child(&self.syntax)
    }
}

impl ast::BetweenExpr {
    #[inline]
    pub fn target(&self) -> Option<ast::Expr> {
        support::children(&self.syntax).nth(0)
    }
    #[inline]
    pub fn start(&self) -> Option<ast::Expr> {
        support::children(&self.syntax).nth(1)
    }
    #[inline]
    pub fn end(&self) -> Option<ast::Expr> {
        support::children(&self.syntax).nth(2)
    }
}

impl ast::FrameBetween {
    #[inline]
    pub fn start(&self) -> Option<ast::FrameBound> {
        support::children(&self.syntax).nth(0)
    }
    #[inline]
    pub fn end(&self) -> Option<ast::FrameBound> {
        support::children(&self.syntax).nth(1)
    }
}

impl ast::WhenClause {
    #[inline]
    pub fn condition(&self) -> Option<ast::Expr> {
        support::children(&self.syntax).next()
    }
    #[inline]
    pub fn then(&self) -> Option<ast::Expr> {
        support::children(&self.syntax).nth(1)
    }
}

impl ast::ReturningOption {
    #[inline]
    pub fn name(&self) -> Option<ast::TableAlias> {
        match self {
            ast::ReturningOption::ReturningOld(it) => it.name(),
            ast::ReturningOption::ReturningNew(it) => it.name(),
        }
    }
}

impl ast::PlpgsqlDiagItem {
    #[inline]
    pub fn target(&self) -> Option<ast::PlpgsqlDiagTarget> {
        support::child(self.syntax())
    }
}

impl ast::PlpgsqlAssertStmt {
    #[inline]
    pub fn cond(&self) -> Option<ast::PlpgsqlExpr> {
        support::children(&self.syntax).next()
    }

    #[inline]
    pub fn message(&self) -> Option<ast::PlpgsqlExpr> {
        support::children(&self.syntax).nth(1)
    }
}

impl ast::PlpgsqlForRange {
    #[inline]
    pub fn lower(&self) -> Option<ast::PlpgsqlExpr> {
        support::children(&self.syntax).next()
    }

    #[inline]
    pub fn upper(&self) -> Option<ast::PlpgsqlExpr> {
        support::children(&self.syntax).nth(1)
    }

    #[inline]
    pub fn step(&self) -> Option<ast::PlpgsqlExpr> {
        support::children(&self.syntax).nth(2)
    }
}

impl ast::CompoundSelect {
    #[inline]
    pub fn lhs_operand(&self) -> Option<ast::CompoundSelectOperand> {
        support::children(&self.syntax).next()
    }

    #[inline]
    pub fn rhs_operand(&self) -> Option<ast::CompoundSelectOperand> {
        support::children(&self.syntax).nth(1)
    }

    #[inline]
    pub fn lhs(&self) -> Option<ast::SelectVariant> {
        self.lhs_operand()?.select_variant()
    }
    #[inline]
    pub fn rhs(&self) -> Option<ast::SelectVariant> {
        self.rhs_operand()?.select_variant()
    }
    #[inline]
    pub fn op(&self) -> Option<ast::CompoundOp> {
        support::child(&self.syntax)
    }
}

impl ast::CompoundSelectOperand {
    /// The select this operand ultimately wraps, looking through any
    /// parenthesized expressions the parser tagged as `ParenExpr`.
    pub fn select_variant(&self) -> Option<ast::SelectVariant> {
        match self {
            ast::CompoundSelectOperand::SelectVariant(select) => Some(select.clone()),
            ast::CompoundSelectOperand::ParenExpr(paren) => {
                let mut node = paren.syntax().clone();
                loop {
                    let child = node.children().find(|child| {
                        ast::SelectVariant::can_cast(child.kind())
                            || ast::ParenExpr::can_cast(child.kind())
                    })?;
                    if let Some(select) = ast::SelectVariant::cast(child.clone()) {
                        return Some(select);
                    }
                    node = child;
                }
            }
        }
    }
}

impl ast::NameRef {
    #[inline]
    pub fn text(&self) -> String {
        normalize_name_node(self.syntax())
    }

    #[inline]
    pub fn is_quoted(&self) -> bool {
        is_quoted_name_node(self.syntax())
    }
}

impl ast::ColumnName {
    #[inline]
    pub fn text(&self) -> String {
        normalize_name_node(self.syntax())
    }

    #[inline]
    pub fn is_quoted(&self) -> bool {
        is_quoted_name_node(self.syntax())
    }
}

impl ast::PathSegment {
    #[inline]
    pub fn text(&self) -> String {
        normalize_name_node(self.syntax())
    }

    #[inline]
    pub fn is_quoted(&self) -> bool {
        is_quoted_name_node(self.syntax())
    }
}

impl ast::PathSegmentRef {
    #[inline]
    pub fn text(&self) -> String {
        normalize_name_node(self.syntax())
    }

    #[inline]
    pub fn is_quoted(&self) -> bool {
        is_quoted_name_node(self.syntax())
    }
}

pub fn is_quoted_name_node(node: &SyntaxNode) -> bool {
    let mut first = None;
    let mut second = None;
    node.text().for_each_chunk(|chunk| {
        if second.is_some() {
            return;
        }
        for ch in chunk.chars() {
            if first.is_none() {
                first = Some(ch);
            } else {
                second = Some(ch);
                break;
            }
        }
    });
    matches!(
        (first, second),
        (Some('u' | 'U'), Some('"')) | (Some('"'), Some(_))
    )
}

pub struct LanguageName {
    pub name: String,
    pub range: TextRange,
}

fn language_name(
    language_ref: Option<ast::LanguageRef>,
    literal: Option<ast::Literal>,
) -> Option<LanguageName> {
    if let Some(language_ref) = language_ref {
        return Some(LanguageName {
            name: normalize_name_node(language_ref.syntax()),
            range: language_ref.syntax().text_range(),
        });
    }

    let literal = literal?;
    Some(LanguageName {
        name: literal.string_value()?,
        range: literal.syntax().text_range(),
    })
}

impl ast::LanguageFuncOption {
    pub fn language_name(&self) -> Option<LanguageName> {
        language_name(self.language_ref(), self.literal())
    }
}

impl ast::DoLanguage {
    pub fn language_name(&self) -> Option<LanguageName> {
        language_name(self.language_ref(), self.literal())
    }
}

// TODO: return a NewType wrapper around String?
pub fn normalize_name_node(node: &SyntaxNode) -> String {
    let mut tokens = node
        .children_with_tokens()
        .filter_map(|el| el.into_token())
        .filter(|t| !t.kind().is_trivia());

    let Some(mut ident_token) = tokens.next() else {
        return String::new();
    };
    // Support some deprecated syntax where you can plop a `group` keyword
    // before a role name.
    if node.kind() == SyntaxKind::ROLE_REF && ident_token.kind() == SyntaxKind::GROUP_KW {
        let Some(role_name) = tokens.next() else {
            return String::new();
        };
        ident_token = role_name;
    }
    let raw = ident_token.text();

    let unicode_inner = raw
        .strip_prefix(['u', 'U'])
        .and_then(|s| s.strip_prefix("&\""))
        .and_then(|s| s.strip_suffix('"'));

    if let Some(inner) = unicode_inner {
        let mut escape_char = '\\';
        if let Some(uesc) = tokens.next()
            && uesc.kind() == SyntaxKind::UESCAPE_KW
            && let Some(token) = tokens.next()
            && let Some(ch) = uescape_char(token.text())
        {
            escape_char = ch;
        }

        let inner = inner.replace(r#""""#, "\"");
        let mut result = String::with_capacity(inner.len());
        escape_unicode_esc_str(&inner, escape_char, |_range, r| {
            if let Ok(ch) = r {
                result.push(ch);
            }
        });
        return result;
    }

    raw.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .map(|x| x.replace(r#""""#, "\""))
        .unwrap_or_else(|| raw.to_ascii_lowercase())
}

impl ast::PlpgsqlOptionValue {
    #[inline]
    pub fn text(&self) -> String {
        normalize_name_node(self.syntax())
    }
}

impl ast::VarcharType {
    #[inline]
    pub fn text(&self) -> TokenText<'_> {
        text_of_first_token(self.syntax())
    }
}

impl ast::CharacterType {
    #[inline]
    pub fn text(&self) -> TokenText<'_> {
        text_of_first_token(self.syntax())
    }
}

fn string_literal_contents(token: &SyntaxToken) -> Option<&str> {
    match token.kind() {
        SyntaxKind::STRING => token.text().strip_prefix('\'')?.strip_suffix('\''),
        SyntaxKind::ESC_STRING | SyntaxKind::NATIONAL_STRING => {
            token.text().get(2..)?.strip_suffix('\'')
        }
        SyntaxKind::UNICODE_ESC_STRING => token.text().get(3..)?.strip_suffix('\''),
        SyntaxKind::DOLLAR_QUOTED_STRING => {
            let text = token.text();
            let rest = text.strip_prefix('$')?;
            let tag_len = rest.find('$')?;
            let delimiter = text.get(..=tag_len + 1)?;
            text.get(delimiter.len()..)?.strip_suffix(delimiter)
        }
        _ => None,
    }
}

fn is_falsey_token(token: &SyntaxToken) -> bool {
    match token.kind() {
        SyntaxKind::FALSE_KW | SyntaxKind::NO_KW | SyntaxKind::OFF_KW => true,
        SyntaxKind::INT_NUMBER => token.text() == "0",
        SyntaxKind::STRING
        | SyntaxKind::ESC_STRING
        | SyntaxKind::NATIONAL_STRING
        | SyntaxKind::UNICODE_ESC_STRING
        | SyntaxKind::DOLLAR_QUOTED_STRING => string_literal_contents(token)
            .is_some_and(|text| matches!(text.to_ascii_lowercase().as_str(), "false" | "off")),
        _ => false,
    }
}

fn is_falsey_vacuum_option_value(value: &ast::VacuumOptionValue) -> bool {
    value
        .syntax()
        .first_token()
        .is_some_and(|token| is_falsey_token(&token))
}

impl ast::ReindexTarget {
    pub fn concurrently_token(&self) -> Option<SyntaxToken> {
        match self {
            ast::ReindexTarget::ReindexTargetDatabase(it) => it.concurrently_token(),
            ast::ReindexTarget::ReindexTargetIndex(it) => it.concurrently_token(),
            ast::ReindexTarget::ReindexTargetSchema(it) => it.concurrently_token(),
            ast::ReindexTarget::ReindexTargetSystem(it) => it.concurrently_token(),
            ast::ReindexTarget::ReindexTargetTable(it) => it.concurrently_token(),
        }
    }
}

impl ast::Reindex {
    pub fn is_concurrently(&self) -> bool {
        self.reindex_target()
            .is_some_and(|target| target.concurrently_token().is_some())
            || self.reindex_option_list().is_some_and(|options| {
                options.reindex_options().any(|option| match option {
                    ast::ReindexOption::ReindexOptionConcurrently(option) => {
                        !option.literal().is_some_and(|literal| {
                            literal
                                .syntax()
                                .first_token()
                                .is_some_and(|token| is_falsey_token(&token))
                        })
                    }
                    _ => false,
                })
            })
    }
}

impl ast::Vacuum {
    pub fn is_full(&self) -> bool {
        self.full_token().is_some()
            // TODO: we need a better way of handling option lists
            || self.vacuum_option_list().is_some_and(|opt_list| {
                opt_list.vacuum_options().any(|opt| {
                    opt.vacuum_option_name().is_some_and(|name| {
                        name.syntax()
                            .first_token()
                            .is_some_and(|token| token.text().eq_ignore_ascii_case("full"))
                    }) && opt
                        .vacuum_option_value()
                        .is_none_or(|value| !is_falsey_vacuum_option_value(&value))
                })
            })
    }
}

impl ast::OpSig {
    #[inline]
    pub fn lhs(&self) -> Option<ast::Type> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn rhs(&self) -> Option<ast::Type> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::CastSig {
    #[inline]
    pub fn lhs(&self) -> Option<ast::Type> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn rhs(&self) -> Option<ast::Type> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::ObjectOperator {
    #[inline]
    pub fn lhs(&self) -> Option<ast::Type> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn rhs(&self) -> Option<ast::Type> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::OpClassOptionOperator {
    #[inline]
    pub fn lhs(&self) -> Option<ast::Type> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn rhs(&self) -> Option<ast::Type> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::CreateConversion {
    /// The source encoding.
    #[inline]
    pub fn for_(&self) -> Option<ast::Literal> {
        support::children(self.syntax()).next()
    }

    /// The destination encoding.
    #[inline]
    pub fn to(&self) -> Option<ast::Literal> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::ExtractFieldName {
    pub fn text(&self) -> String {
        normalize_name_node(self.syntax())
    }
}

impl ast::JsonNullOnNull {
    #[inline]
    pub fn on_null_token(&self) -> Option<SyntaxToken> {
        self.syntax()
            .children_with_tokens()
            .filter_map(|element| element.into_token())
            .filter(|token| token.kind() == SyntaxKind::NULL_KW)
            .nth(1)
    }
}

impl ast::JsonTable {
    pub fn document_expr(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    pub fn path_expr(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::JsonTablePlanJoin {
    pub fn lhs(&self) -> Option<ast::JsonTablePlan> {
        support::children(self.syntax()).next()
    }

    pub fn rhs(&self) -> Option<ast::JsonTablePlan> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::JsonExistsFn {
    #[inline]
    pub fn document(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn path(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::JsonQueryFn {
    #[inline]
    pub fn document(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn path(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::JsonValueFn {
    #[inline]
    pub fn document(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn path(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::PositionFn {
    #[inline]
    pub fn pos(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn string(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::SubstringForFrom {
    #[inline]
    pub fn string(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn count(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }

    #[inline]
    pub fn start(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(2)
    }
}

impl ast::SubstringFromFor {
    #[inline]
    pub fn string(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn start(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }

    #[inline]
    pub fn count(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(2)
    }
}

impl ast::SubstringSimilarEscape {
    #[inline]
    pub fn string(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn pattern(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }

    #[inline]
    pub fn escape(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(2)
    }
}

impl ast::OverlayPlacing {
    #[inline]
    pub fn string(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn placing(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }

    #[inline]
    pub fn from(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(2)
    }

    #[inline]
    pub fn for_(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(3)
    }
}

impl ast::PartitionForValuesFrom {
    #[inline]
    pub fn from(&self) -> Option<ast::PartitionFromValues> {
        support::child(self.syntax())
    }

    #[inline]
    pub fn to(&self) -> Option<ast::PartitionToValues> {
        support::child(self.syntax())
    }
}

impl ast::PortionFromTo {
    #[inline]
    pub fn from(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn to(&self) -> Option<ast::Expr> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::ReplaceDictionary {
    #[inline]
    pub fn before(&self) -> Option<ast::TextSearchDictionaryRef> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn after(&self) -> Option<ast::TextSearchDictionaryRef> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::Reassign {
    #[inline]
    pub fn before(&self) -> Option<ast::RoleRefList> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn after(&self) -> Option<ast::RoleRefList> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::AsObjFile {
    #[inline]
    pub fn obj_file(&self) -> Option<ast::Literal> {
        support::children(self.syntax()).next()
    }

    #[inline]
    pub fn link_symbol(&self) -> Option<ast::Literal> {
        support::children(self.syntax()).nth(1)
    }
}

impl ast::ColumnConstraint {
    #[inline]
    pub fn constraint_name(&self) -> Option<ast::ConstraintName> {
        match self {
            ast::ColumnConstraint::CheckConstraint(check_constraint) => check_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
            ast::ColumnConstraint::DefaultConstraint(default_constraint) => default_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
            ast::ColumnConstraint::ExcludeConstraint(exclude_constraint) => exclude_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
            ast::ColumnConstraint::GeneratedConstraint(generated_constraint) => {
                generated_constraint
                    .constraint_name_clause()
                    .and_then(|clause| clause.constraint_name())
            }
            ast::ColumnConstraint::NotNullConstraint(not_null_constraint) => not_null_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
            ast::ColumnConstraint::NullConstraint(null_constraint) => null_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
            ast::ColumnConstraint::PrimaryKeyConstraint(primary_key_constraint) => {
                primary_key_constraint
                    .constraint_name_clause()
                    .and_then(|clause| clause.constraint_name())
            }
            ast::ColumnConstraint::ReferencesConstraint(references_constraint) => {
                references_constraint
                    .constraint_name_clause()
                    .and_then(|clause| clause.constraint_name())
            }
            ast::ColumnConstraint::UniqueConstraint(unique_constraint) => unique_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
        }
    }
}

impl ast::TableConstraint {
    #[inline]
    pub fn constraint_name(&self) -> Option<ast::ConstraintName> {
        match self {
            ast::TableConstraint::CheckConstraint(check_constraint) => check_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
            ast::TableConstraint::ExcludeConstraint(exclude_constraint) => exclude_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
            ast::TableConstraint::ForeignKeyConstraint(foreign_key_constraint) => {
                foreign_key_constraint
                    .constraint_name_clause()
                    .and_then(|clause| clause.constraint_name())
            }
            ast::TableConstraint::NotNullConstraint(not_null_constraint) => not_null_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
            ast::TableConstraint::PrimaryKeyConstraint(primary_key_constraint) => {
                primary_key_constraint
                    .constraint_name_clause()
                    .and_then(|clause| clause.constraint_name())
            }
            ast::TableConstraint::UniqueConstraint(unique_constraint) => unique_constraint
                .constraint_name_clause()
                .and_then(|clause| clause.constraint_name()),
        }
    }
}

pub(crate) fn text_of_first_token(node: &SyntaxNode) -> TokenText<'_> {
    fn first_token(green_ref: &GreenNodeData) -> &GreenTokenData {
        green_ref
            .children()
            .next()
            .and_then(NodeOrToken::into_token)
            .unwrap()
    }

    match node.green() {
        Cow::Borrowed(green_ref) => TokenText::borrowed(first_token(green_ref).text()),
        Cow::Owned(green) => TokenText::owned(first_token(&green).to_owned()),
    }
}

impl ast::WithQuery {
    #[inline]
    pub fn with_clause(&self) -> Option<ast::WithClause> {
        support::child(self.syntax())
    }
}

impl ast::CreateTableAsQuery {
    #[inline]
    pub fn select_variant(&self) -> Option<ast::SelectVariant> {
        match self {
            ast::CreateTableAsQuery::Execute(_) => None,
            ast::CreateTableAsQuery::SelectVariant(select_variant) => Some(select_variant.clone()),
        }
    }
}

impl ast::SelectVariant {
    #[inline]
    pub fn target_list(&self) -> Option<ast::TargetList> {
        match self {
            ast::SelectVariant::Select(select) => {
                return select.select_clause()?.target_list();
            }
            ast::SelectVariant::SelectInto(select_into) => {
                return select_into.select_clause()?.target_list();
            }
            ast::SelectVariant::ParenSelect(paren_select) => {
                return paren_select.select()?.target_list();
            }
            _ => return None,
        }
    }
}

impl ast::ParamList {
    pub fn all_params(&self) -> impl Iterator<Item = ast::Param> {
        self.params().chain(
            self.aggregate_order_by()
                .into_iter()
                .flat_map(|order_by| order_by.params()),
        )
    }
}

impl ast::HasParamList {
    #[inline]
    pub fn param_list(&self) -> Option<ast::ParamList> {
        support::child(self.syntax())
    }
    #[inline]
    pub fn path(&self) -> Option<ast::Path> {
        match self {
            ast::HasParamList::CreateFunction(function) => function.name()?.path(),
            ast::HasParamList::CreateProcedure(procedure) => procedure.name()?.path(),
            _ => support::child(self.syntax()),
        }
    }
    #[inline]
    pub fn path_ref(&self) -> Option<ast::PathRef> {
        match self {
            ast::HasParamList::FunctionSig(signature) => signature.function_name_ref()?.path_ref(),
            ast::HasParamList::ProcedureSig(signature) => {
                signature.procedure_name_ref()?.path_ref()
            }
            ast::HasParamList::RoutineSig(signature) => signature.routine_name_ref()?.path_ref(),
            _ => support::child(self.syntax()),
        }
    }
}

impl<T> ast::NameLike for T
where
    T: AstNode,
    ast::AnyName: From<T>,
{
    #[inline]
    fn text(&self) -> String {
        normalize_name_node(self.syntax())
    }

    #[inline]
    fn is_quoted(&self) -> bool {
        is_quoted_name_node(self.syntax())
    }
}

impl ast::HasPathRef for ast::Aggregate {}
impl ast::HasPathRef for ast::CollationRef {}
impl ast::HasPathRef for ast::ConfigParameterRef {}
impl ast::HasPathRef for ast::ConstraintNameRef {}
impl ast::HasPathRef for ast::ConversionRef {}
impl ast::HasPathRef for ast::DomainRef {}
impl ast::HasPathRef for ast::FunctionNameRef {}
impl ast::HasPathRef for ast::IndexRef {}
impl ast::HasPathRef for ast::Op {}
impl ast::HasPathRef for ast::OpClassRef {}
impl ast::HasPathRef for ast::OpFamilyRef {}
impl ast::HasPathRef for ast::PathType {}
impl ast::HasPathRef for ast::PercentType {}
impl ast::HasPathRef for ast::ProcedureNameRef {}
impl ast::HasPathRef for ast::PropertyGraphRef {}
impl ast::HasPathRef for ast::QualifiedColumnNameRef {}
impl ast::HasPathRef for ast::RelationNameRef {}
impl ast::HasPathRef for ast::RoutineNameRef {}
impl ast::HasPathRef for ast::SequenceRef {}
impl ast::HasPathRef for ast::StatisticsRef {}
impl ast::HasPathRef for ast::TableNameRef {}
impl ast::HasPathRef for ast::TextSearchConfigurationRef {}
impl ast::HasPathRef for ast::TextSearchDictionaryRef {}
impl ast::HasPathRef for ast::TextSearchParserRef {}
impl ast::HasPathRef for ast::TextSearchTemplateRef {}
impl ast::HasPathRef for ast::TypeNameRef {}
impl ast::HasPathRef for ast::ViewRef {}

impl ast::HasSelectTail for ast::Select {}
impl ast::HasSelectTail for ast::SelectInto {}
impl ast::HasSelectTail for ast::ParenSelect {}
impl ast::HasSelectTail for ast::CompoundSelect {}
impl ast::HasSelectTail for ast::Values {}
impl ast::HasSelectTail for ast::Table {}

impl ast::HasWithClause for ast::Select {}
impl ast::HasWithClause for ast::SelectInto {}
impl ast::HasWithClause for ast::Insert {}
impl ast::HasWithClause for ast::Update {}
impl ast::HasWithClause for ast::Delete {}

impl ast::HasCreateTable for ast::CreateTable {}
impl ast::HasCreateTable for ast::CreateForeignTable {}
impl ast::HasCreateTable for ast::CreateTableLike {}

#[test]
fn name() {
    assert_snapshot!(extract_name("select 1 foo"), @"foo");
    assert_snapshot!(extract_name("select 1 FOO"), @"foo");
    assert_snapshot!(extract_name(r#"select 1 "foo""#), @"foo");
    assert_snapshot!(extract_name(r#"select 1 "Foo""#), @"Foo");
    assert_snapshot!(extract_name(r#"select 1 "FOO""#), @"FOO");
    assert_snapshot!(extract_name(r#"select 1 "foo""bar""#), @r#"foo"bar"#);
    assert_snapshot!(extract_name(r#"select 1 U&"\0066\006f\006f""#), @"foo");
    assert_snapshot!(extract_name(r#"select 1 U&"@0066@006f@006f" uescape '@'"#), @"foo");

    fn extract_name(source_code: &str) -> String {
        let parse = SourceFile::parse(source_code);
        assert!(parse.errors().is_empty());
        let stmt = parse.tree().stmts().next().unwrap();
        let ast::Stmt::Select(select) = stmt else {
            unreachable!()
        };
        let name = select
            .select_clause()
            .unwrap()
            .target_list()
            .unwrap()
            .targets()
            .next()
            .unwrap()
            .as_name()
            .unwrap()
            .name()
            .unwrap();
        name.text().to_string()
    }
}

#[test]
fn name_ref() {
    assert_snapshot!(extract_name_ref("select foo"), @"foo");
    assert_snapshot!(extract_name_ref("select FOO"), @"foo");
    assert_snapshot!(extract_name_ref(r#"select "foo""#), @"foo");
    assert_snapshot!(extract_name_ref(r#"select "Foo""#), @"Foo");
    assert_snapshot!(extract_name_ref(r#"select "FOO""#), @"FOO");
    assert_snapshot!(extract_name_ref(r#"select U&"\0066\006f\006f""#), @"foo");
    assert_snapshot!(extract_name_ref(r#"select U&"@0066@006f@006f" uescape '@'"#), @"foo");

    fn extract_name_ref(source_code: &str) -> String {
        let parse = SourceFile::parse(source_code);
        assert!(parse.errors().is_empty());
        let stmt = parse.tree().stmts().next().unwrap();
        let ast::Stmt::Select(select) = stmt else {
            unreachable!()
        };
        let select_clause = select.select_clause().unwrap();
        let target = select_clause
            .target_list()
            .unwrap()
            .targets()
            .next()
            .unwrap();
        let ast::Expr::NameRef(name_ref) = target.expr().unwrap() else {
            unreachable!()
        };
        name_ref.text().to_string()
    }
}

#[test]
fn unicode_quoted_name_keeps_doubled_single_quotes() {
    let parse = SourceFile::parse(r#"select 1 U&"a''b""#);
    assert!(parse.errors().is_empty());
    let stmt = parse.tree().stmts().next().unwrap();
    let ast::Stmt::Select(select) = stmt else {
        unreachable!()
    };
    let name = select
        .select_clause()
        .unwrap()
        .target_list()
        .unwrap()
        .targets()
        .next()
        .unwrap()
        .as_name()
        .unwrap()
        .name()
        .unwrap();

    assert_snapshot!(name.text().to_string(), @"a''b");
}

#[test]
fn index_expr() {
    let source_code = "
        select foo[bar];
    ";
    let parse = SourceFile::parse(source_code);
    assert!(parse.errors().is_empty());
    let stmt = parse.tree().stmts().next().unwrap();
    let ast::Stmt::Select(select) = stmt else {
        unreachable!()
    };
    let select_clause = select.select_clause().unwrap();
    let target = select_clause
        .target_list()
        .unwrap()
        .targets()
        .next()
        .unwrap();
    let ast::Expr::IndexExpr(index_expr) = target.expr().unwrap() else {
        unreachable!()
    };
    let base = index_expr.base().unwrap();
    let index = index_expr.index().unwrap();
    assert_eq!(base.syntax().text(), "foo");
    assert_eq!(index.syntax().text(), "bar");
}

#[test]
fn slice_expr() {
    use insta::assert_snapshot;
    let source_code = "
        select x[1:2], x[2:], x[:3], x[:];
    ";
    let parse = SourceFile::parse(source_code);
    assert!(parse.errors().is_empty());
    let stmt = parse.tree().stmts().next().unwrap();
    let ast::Stmt::Select(select) = stmt else {
        unreachable!()
    };
    let select_clause = select.select_clause().unwrap();
    let mut targets = select_clause.target_list().unwrap().targets();

    let ast::Expr::SliceExpr(slice) = targets.next().unwrap().expr().unwrap() else {
        unreachable!()
    };
    assert_snapshot!(slice.syntax(), @"x[1:2]");
    assert_eq!(slice.base().unwrap().syntax().text(), "x");
    assert_eq!(slice.start().unwrap().syntax().text(), "1");
    assert_eq!(slice.end().unwrap().syntax().text(), "2");

    let ast::Expr::SliceExpr(slice) = targets.next().unwrap().expr().unwrap() else {
        unreachable!()
    };
    assert_snapshot!(slice.syntax(), @"x[2:]");
    assert_eq!(slice.base().unwrap().syntax().text(), "x");
    assert_eq!(slice.start().unwrap().syntax().text(), "2");
    assert!(slice.end().is_none());

    let ast::Expr::SliceExpr(slice) = targets.next().unwrap().expr().unwrap() else {
        unreachable!()
    };
    assert_snapshot!(slice.syntax(), @"x[:3]");
    assert_eq!(slice.base().unwrap().syntax().text(), "x");
    assert!(slice.start().is_none());
    assert_eq!(slice.end().unwrap().syntax().text(), "3");

    let ast::Expr::SliceExpr(slice) = targets.next().unwrap().expr().unwrap() else {
        unreachable!()
    };
    assert_snapshot!(slice.syntax(), @"x[:]");
    assert_eq!(slice.base().unwrap().syntax().text(), "x");
    assert!(slice.start().is_none());
    assert!(slice.end().is_none());
}

#[test]
fn field_expr() {
    let source_code = "
        select foo.bar;
    ";
    let parse = SourceFile::parse(source_code);
    assert!(parse.errors().is_empty());
    let stmt = parse.tree().stmts().next().unwrap();
    let ast::Stmt::Select(select) = stmt else {
        unreachable!()
    };
    let select_clause = select.select_clause().unwrap();
    let target = select_clause
        .target_list()
        .unwrap()
        .targets()
        .next()
        .unwrap();
    let ast::Expr::FieldExpr(field_expr) = target.expr().unwrap() else {
        unreachable!()
    };
    let base = field_expr.base().unwrap();
    let field = field_expr.field().unwrap();
    assert_eq!(base.syntax().text(), "foo");
    assert_eq!(field.syntax().text(), "bar");
}

#[test]
fn between_expr() {
    let source_code = "
        select 2 between 1 and 3;
    ";
    let parse = SourceFile::parse(source_code);
    assert!(parse.errors().is_empty());
    let stmt = parse.tree().stmts().next().unwrap();
    let ast::Stmt::Select(select) = stmt else {
        unreachable!()
    };
    let select_clause = select.select_clause().unwrap();
    let target = select_clause
        .target_list()
        .unwrap()
        .targets()
        .next()
        .unwrap();
    let ast::Expr::BetweenExpr(between_expr) = target.expr().unwrap() else {
        unreachable!()
    };
    let target = between_expr.target().unwrap();
    let start = between_expr.start().unwrap();
    let end = between_expr.end().unwrap();
    assert_eq!(target.syntax().text(), "2");
    assert_eq!(start.syntax().text(), "1");
    assert_eq!(end.syntax().text(), "3");
}

#[test]
fn cast_expr() {
    use insta::assert_snapshot;

    let cast = extract_expr("select cast('123' as int)");
    assert_eq!(cast.kind(), Some(CastKind::Cast));
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'123'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"int");

    let cast = extract_expr("select cast('123' as pg_catalog.int4)");
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'123'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"pg_catalog.int4");

    let cast = extract_expr("select treat('123' as int)");
    assert_eq!(cast.kind(), Some(CastKind::Treat));

    let cast = extract_expr("select int '123'");
    assert_eq!(cast.kind(), Some(CastKind::TypeLiteral));
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'123'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"int");

    let cast = extract_expr("select pg_catalog.int4 '123'");
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'123'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"pg_catalog.int4");

    let cast = extract_expr("select '123'::int");
    assert_eq!(cast.kind(), Some(CastKind::DoubleColon));
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'123'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"int");

    let cast = extract_expr("select '123'::int4");
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'123'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"int4");

    let cast = extract_expr("select '123'::pg_catalog.int4");
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'123'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"pg_catalog.int4");

    let cast = extract_expr("select '{123}'::pg_catalog.varchar(10)[]");
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'{123}'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"pg_catalog.varchar(10)[]");

    let cast = extract_expr("select cast('{123}' as pg_catalog.varchar(10)[])");
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'{123}'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"pg_catalog.varchar(10)[]");

    let cast = extract_expr("select pg_catalog.varchar(10) '{123}'");
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'{123}'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"pg_catalog.varchar(10)");

    let cast = extract_expr("select interval '1' month");
    assert!(cast.expr().is_some());
    assert_snapshot!(cast.expr().unwrap().syntax(), @"'1'");
    assert!(cast.ty().is_some());
    assert_snapshot!(cast.ty().unwrap().syntax(), @"interval");

    fn extract_expr(sql: &str) -> ast::CastExpr {
        let parse = SourceFile::parse(sql);
        assert!(parse.errors().is_empty());
        let node = parse
            .tree()
            .stmts()
            .map(|x| match x {
                ast::Stmt::Select(select) => select
                    .select_clause()
                    .unwrap()
                    .target_list()
                    .unwrap()
                    .targets()
                    .next()
                    .unwrap()
                    .expr()
                    .unwrap()
                    .clone(),
                _ => unreachable!(),
            })
            .next()
            .unwrap();
        match node {
            ast::Expr::CastExpr(cast) => cast,
            _ => unreachable!(),
        }
    }
}

#[test]
fn op_sig() {
    let source_code = "
      alter operator p.+ (int4, int8) 
        owner to u;
    ";
    let parse = SourceFile::parse(source_code);
    assert!(parse.errors().is_empty());
    let stmt = parse.tree().stmts().next().unwrap();
    let ast::Stmt::AlterOperator(alter_op) = stmt else {
        unreachable!()
    };
    let op_sig = alter_op.op_sig().unwrap();
    let lhs = op_sig.lhs().unwrap();
    let rhs = op_sig.rhs().unwrap();
    assert_snapshot!(lhs.syntax().text(), @"int4");
    assert_snapshot!(rhs.syntax().text(), @"int8");
}

#[test]
fn cast_sig() {
    let source_code = "
      drop cast (text as int);
    ";
    let parse = SourceFile::parse(source_code);
    assert!(parse.errors().is_empty());
    let stmt = parse.tree().stmts().next().unwrap();
    let ast::Stmt::DropCast(alter_op) = stmt else {
        unreachable!()
    };
    let cast_sig = alter_op.cast_sig().unwrap();
    let lhs = cast_sig.lhs().unwrap();
    let rhs = cast_sig.rhs().unwrap();
    assert_snapshot!(lhs.syntax().text(), @"text");
    assert_snapshot!(rhs.syntax().text(), @"int");
}

#[cfg(test)]
fn extract_vacuum(sql: &str) -> ast::Vacuum {
    let parse = SourceFile::parse(sql);
    assert!(parse.errors().is_empty());
    let stmt = parse.tree().stmts().next().unwrap();
    let ast::Stmt::Vacuum(vacuum) = stmt else {
        unreachable!()
    };
    vacuum
}

#[test]
fn vacuum_full_is_full() {
    assert!(extract_vacuum("VACUUM FULL foo;").is_full());
}

#[test]
fn vacuum_option_list_full_is_full() {
    assert!(extract_vacuum("VACUUM (FULL) foo;").is_full());
}

#[test]
fn vacuum_full_true_is_full() {
    assert!(extract_vacuum("VACUUM (FULL TRUE) foo;").is_full());
}

#[test]
fn vacuum_full_on_is_full() {
    assert!(extract_vacuum("VACUUM (FULL ON) foo;").is_full());
}

#[test]
fn vacuum_full_1_is_full() {
    assert!(extract_vacuum("VACUUM (FULL 1) foo;").is_full());
}

#[test]
fn vacuum_no_full_is_not_full() {
    assert!(!extract_vacuum("VACUUM foo;").is_full());
}

#[test]
fn vacuum_other_option_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FREEZE) foo;").is_full());
}

#[test]
fn vacuum_full_false_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FULL FALSE) foo;").is_full());
}

#[test]
fn vacuum_full_off_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FULL OFF) foo;").is_full());
}

#[test]
fn vacuum_full_no_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FULL NO) foo;").is_full());
}

#[test]
fn vacuum_full_quoted_off_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FULL 'off') foo;").is_full());
}

#[test]
fn vacuum_full_escaped_string_off_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FULL E'off') foo;").is_full());
}

#[test]
fn vacuum_full_unicode_escaped_string_off_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FULL U&'off') foo;").is_full());
}

#[test]
fn vacuum_full_dollar_quoted_off_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FULL $$off$$) t;").is_full());
}

#[test]
fn vacuum_full_0_is_not_full() {
    assert!(!extract_vacuum("VACUUM (FULL 0) foo;").is_full());
}

#[cfg(test)]
fn extract_literal(sql: &str) -> ast::Literal {
    let parse = SourceFile::parse(sql);
    assert!(parse.errors().is_empty(), "{:?}", parse.errors());
    parse
        .tree()
        .syntax()
        .descendants()
        .find_map(ast::Literal::cast)
        .unwrap()
}

#[test]
fn integer_value() {
    assert_eq!(
        extract_literal("select 42").integer_value(),
        Some(42u8.into())
    );
    assert_eq!(
        extract_literal("select 1_000").integer_value(),
        Some(1_000u16.into())
    );
    assert_eq!(
        extract_literal("select 0b1010").integer_value(),
        Some(10u8.into())
    );
    assert_eq!(
        extract_literal("select 0o12").integer_value(),
        Some(10u8.into())
    );
    assert_eq!(
        extract_literal("select 0xA").integer_value(),
        Some(10u8.into())
    );
    assert_eq!(extract_literal("select 1.0").integer_value(), None);
}

#[cfg(test)]
fn decode_literal(sql: &str) -> String {
    let parse = SourceFile::parse(sql);
    assert!(parse.errors().is_empty(), "{:?}", parse.errors());
    let literal = parse
        .tree()
        .syntax()
        .descendants()
        .find_map(ast::Literal::cast)
        .unwrap();
    let decoded = literal.decoded_value().unwrap();
    let text = decoded.text();

    let offsets = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));

    let mut out = format!("{text:?}\n");
    for offset in offsets {
        let pos = usize::from(decoded.source_pos(TextSize::new(offset as u32)));
        let at = sql[pos..].chars().next();
        out.push_str(&format!("  {offset} -> {pos} {at:?}\n"));
    }
    out
}

#[test]
fn decoded_value_maps_doubled_quotes() {
    assert_snapshot!(decode_literal("select 'a''b';"), @r#"
    "a'b"
      0 -> 8 Some('a')
      1 -> 9 Some('\'')
      2 -> 11 Some('b')
      3 -> 12 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_escape_string() {
    assert_snapshot!(decode_literal(r"select E'a\nb';"), @r#"
    "a\nb"
      0 -> 9 Some('a')
      1 -> 10 Some('\\')
      2 -> 12 Some('b')
      3 -> 13 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_multibyte_escape() {
    assert_snapshot!(decode_literal(r"select E'a\xc3\xa9b';"), @r#"
    "aéb"
      0 -> 9 Some('a')
      1 -> 10 Some('\\')
      3 -> 18 Some('b')
      4 -> 19 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_unicode_escape() {
    assert_snapshot!(decode_literal(r"select U&'a\0062c';"), @r#"
    "abc"
      0 -> 10 Some('a')
      1 -> 11 Some('\\')
      2 -> 16 Some('c')
      3 -> 17 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_doubled_quote_before_unicode_escape() {
    assert_snapshot!(decode_literal(r"select U&'a''b\0063';"), @r#"
    "a'bc"
      0 -> 10 Some('a')
      1 -> 11 Some('\'')
      2 -> 13 Some('b')
      3 -> 14 Some('\\')
      4 -> 19 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_escape_that_produces_nothing() {
    assert_snapshot!(decode_literal(r"select E'ab\udb99';"), @r#"
    "ab"
      0 -> 9 Some('a')
      1 -> 10 Some('b')
      2 -> 17 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_end_past_a_trailing_escape() {
    assert_snapshot!(decode_literal(r"select E'null;\n';"), @r#"
    "null;\n"
      0 -> 9 Some('n')
      1 -> 10 Some('u')
      2 -> 11 Some('l')
      3 -> 12 Some('l')
      4 -> 13 Some(';')
      5 -> 14 Some('\\')
      6 -> 16 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_end_past_a_trailing_doubled_quote() {
    assert_snapshot!(decode_literal("select 'ab''';"), @r#"
    "ab'"
      0 -> 8 Some('a')
      1 -> 9 Some('b')
      2 -> 10 Some('\'')
      3 -> 12 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_string_continuation() {
    assert_snapshot!(decode_literal("select 'ab'\n'cd';"), @r#"
    "abcd"
      0 -> 8 Some('a')
      1 -> 9 Some('b')
      2 -> 13 Some('c')
      3 -> 14 Some('d')
      4 -> 15 Some('\'')
    "#);
}

#[test]
fn decoded_value_maps_dollar_quoted() {
    assert_snapshot!(decode_literal("select $tag$ab$tag$;"), @r#"
    "ab"
      0 -> 12 Some('a')
      1 -> 13 Some('b')
      2 -> 14 Some('$')
    "#);
}
