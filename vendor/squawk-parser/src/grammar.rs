// Modeled after rust-analyzer's grammar, but SQL instead of Rust!
// https://github.com/rust-lang/rust-analyzer/tree/d8887c0758bbd2d5f752d5bd405d4491e90e7ed6/crates/parser/src/grammar

use crate::{
    CompletedMarker, Marker, Parser,
    generated::token_sets::{
        ALL_KEYWORDS, BARE_LABEL_KEYWORDS, COL_NAME_KEYWORD_FIRST, COLUMN_OR_TABLE_KEYWORDS,
        RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS, TYPE_KEYWORDS, UNRESERVED_KEYWORDS,
    },
    syntax_kind::SyntaxKind::{self, *},
    token_set::TokenSet,
};

const EXPR_RECOVERY_SET: TokenSet = TokenSet::new(&[
    R_PAREN, // is this bracket stuff right?
    R_BRACK, // guessing here
    SEMICOLON,
    // handles cases like:
    //   select 1 select 2
    // which should be written as:
    //   select 1; select 2;
    SELECT_KW,
    // select case when x then y else end;
    //                               ^ missing expr
    END_KW,
    // select case when x then else z end;
    //                        ^ missing expr
    ELSE_KW, // select case when then y end;
    //                          ^ missing expr
    THEN_KW,
]);

fn literal(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(LITERAL_FIRST) {
        return None;
    }
    let m = p.start();
    // E021-03 string continuation syntax
    // If two string literals are next to each other, and don't have a comment
    // between them, then they are automatically combined.
    if p.eat(UNICODE_ESC_STRING) {
        while !p.at(EOF) && p.eat(STRING) {}
        if p.eat(UESCAPE_KW) {
            p.expect(STRING);
        }
    } else if p.eat(NATIONAL_STRING)
        || p.eat(STRING)
        || p.eat(ESC_STRING)
        || p.eat(BIT_STRING)
        || p.eat(BYTE_STRING)
    {
        while !p.at(EOF) && p.eat(STRING) {}
    } else {
        p.bump_any();
    }
    Some(m.complete(p, LITERAL))
}

// array[1,2,3]
// array(select 1)
fn array_expr(p: &mut Parser<'_>, m: Option<Marker>) -> CompletedMarker {
    assert!(p.at(L_PAREN) || p.at(L_BRACK));
    let m = m.unwrap_or_else(|| p.start());
    if p.at(L_PAREN) && p.nth_at_ts(1, SELECT_FIRST) {
        p.expect(L_PAREN);
        select(p, None, &SelectRestrictions::default());
        p.expect(R_PAREN);
    } else {
        // `[` or `(`
        let closing = if p.at(L_PAREN) { R_PAREN } else { R_BRACK };
        let opening = if p.at(L_PAREN) { L_PAREN } else { L_BRACK };
        delimited(
            p,
            opening,
            closing,
            COMMA,
            ListItems::Optional,
            || "unexpected comma".to_string(),
            EXPR_FIRST,
            |p| opt_expr(p).is_some(),
        );
    }
    m.complete(p, ARRAY_EXPR)
}

struct SelectRestrictions {
    semi_allowed: bool,
    trailing_clauses: bool,
    compound_allowed: bool,
}

impl SelectRestrictions {
    const fn none() -> Self {
        Self {
            semi_allowed: false,
            trailing_clauses: false,
            compound_allowed: false,
        }
    }
}

impl Default for SelectRestrictions {
    fn default() -> Self {
        Self {
            semi_allowed: false,
            trailing_clauses: true,
            compound_allowed: true,
        }
    }
}

fn opt_paren_select(
    p: &mut Parser<'_>,
    m: Option<Marker>,
    r: &SelectRestrictions,
) -> Option<CompletedMarker> {
    let m = m.unwrap_or_else(|| p.start());
    if !p.eat(L_PAREN) {
        m.abandon(p);
        return None;
    }
    if p.at(R_PAREN) {
        p.error("expected start of a select statement");
    }
    while !p.at(EOF) && !p.at(R_PAREN) {
        // saw_expr = true;
        // we want to check for select stuff before we get the the expr stuff maybe? Although select is an expr so maybe fine? but it's not prefix or postfix so maybe right here is good?
        //
        if p.at_ts(SELECT_FIRST)
            && (select(p, None, &SelectRestrictions::default()).is_none()
                || p.at(EOF)
                || p.at(R_PAREN))
        {
            break;
        }
        if opt_paren_select(p, None, &SelectRestrictions::default()).is_none() {
            break;
        }
        if !p.at(R_PAREN) {
            break;
        }
    }
    p.expect(R_PAREN);
    if p.at_ts(COMPOUND_SELECT_FIRST) && r.compound_allowed {
        let cm = m.complete(p, PAREN_SELECT);
        Some(compound_select(p, cm, r))
    } else {
        if r.trailing_clauses {
            opt_select_trailing_clauses(p);
        }
        if r.semi_allowed {
            p.eat(SEMICOLON);
        }
        Some(m.complete(p, PAREN_SELECT))
    }
}

const SELECT_FIRST: TokenSet = TokenSet::new(&[SELECT_KW, TABLE_KW, WITH_KW, VALUES_KW, FROM_KW]);
const PAREN_SELECT_FIRST: TokenSet = TokenSet::new(&[L_PAREN]).union(SELECT_FIRST);

fn is_select_marker(cm: &CompletedMarker) -> bool {
    matches!(
        cm.kind(),
        SELECT | SELECT_INTO | PAREN_SELECT | TABLE | VALUES | COMPOUND_SELECT
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExprKind {
    Other,
    Select,
}

fn tuple_expr(p: &mut Parser<'_>, items: ListItems) -> (CompletedMarker, ExprKind) {
    assert!(p.at(L_PAREN) || p.at(ROW_KW));
    let m = p.start();
    let explicit_row = p.eat(ROW_KW);
    p.expect(L_PAREN);
    if matches!(items, ListItems::Required) && p.at(R_PAREN) {
        p.error("Expected an expression");
    }
    let mut saw_comma = false;
    let mut saw_expr = false;
    let mut saw_select = false;
    if p.eat(COMMA) {
        p.error("expected expression in tuple_expr");
        saw_comma = true;
    }
    while !p.at(EOF) && !p.at(R_PAREN) {
        saw_expr = true;
        // we want to check for select stuff before we get the the expr stuff maybe? Although select is an expr so maybe fine? but it's not prefix or postfix so maybe right here is good?
        //
        if p.at_ts(SELECT_FIRST) {
            let select = select(p, None, &SelectRestrictions::default());
            saw_select |= select.as_ref().is_some_and(is_select_marker);
            if select.is_none() || p.at(EOF) || p.at(R_PAREN) {
                break;
            }
            p.error("unexpected expression after SELECT");
        }
        let Some((expr, expr_kind)) = expr(p) else {
            break;
        };
        if p.at_ts(COMPOUND_SELECT_FIRST) {
            if expr_kind != ExprKind::Select {
                p.error("expected select before compound select operator");
            }
            compound_select(p, expr, &SelectRestrictions::default());
        }
        saw_select |= expr_kind == ExprKind::Select;
        if !p.at(R_PAREN) {
            saw_comma = true;
            p.expect(COMMA);
            if p.at(R_PAREN) {
                p.error("expected expression after comma");
            }
        }
    }
    p.expect(R_PAREN);

    let kind = if !explicit_row && saw_expr && !saw_comma {
        PAREN_EXPR
    } else {
        TUPLE_EXPR
    };
    let expr_kind = if kind == PAREN_EXPR && saw_select {
        ExprKind::Select
    } else {
        ExprKind::Other
    };
    (m.complete(p, kind), expr_kind)
}

// Define SQL-style CASE clause.
// - Full specification
// CASE WHEN a = b THEN c ... ELSE d END
// - Implicit argument
// CASE a WHEN b THEN c ... ELSE d END
//
// case_expr:  CASE case_arg when_clause_list case_default END_P
//
// when_clause_list:
//    when_clause
//  | when_clause_list when_clause
//
// when_clause:
//      WHEN a_expr THEN a_expr
fn case_expr(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    p.expect(CASE_KW);
    if !p.at(WHEN_KW) {
        expr(p);
    }
    when_clause_list(p);
    opt_else_clause(p);
    p.expect(END_KW);
    m.complete(p, CASE_EXPR)
}

fn when_clause_list(p: &mut Parser<'_>) {
    let m = p.start();
    while !p.at(EOF) {
        when_clause(p);
        if !p.at(WHEN_KW) {
            break;
        }
    }
    m.complete(p, WHEN_CLAUSE_LIST);
}

// case_default
//     | ELSE a_expr
//     | /* empty */
fn opt_else_clause(p: &mut Parser<'_>) {
    if !p.at(ELSE_KW) {
        return;
    }
    let m = p.start();
    if p.eat(ELSE_KW) {
        expr(p);
    }
    m.complete(p, ELSE_CLAUSE);
}

// when_clause:
//      WHEN a_expr THEN a_expr
fn when_clause(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    p.expect(WHEN_KW);
    expr(p);
    p.expect(THEN_KW);
    expr(p);
    m.complete(p, WHEN_CLAUSE)
}

const EXTRACT_ARG_FIRST: TokenSet = TokenSet::new(&[
    IDENT, YEAR_KW, MONTH_KW, DAY_KW, HOUR_KW, MINUTE_KW, SECOND_KW,
])
.union(STRING_FIRST);
fn extract_arg(p: &mut Parser<'_>) {
    if p.at_ts(STRING_FIRST) {
        let m = p.start();
        literal(p);
        m.complete(p, EXTRACT_FIELD_LITERAL);
    } else if p.at_ts(EXTRACT_ARG_FIRST) {
        let m = p.start();
        pg_name(p);
        m.complete(p, EXTRACT_FIELD_NAME);
    } else {
        p.error(format!(
            "expected ident, year, month, day, hour, minute, second, or string, got {:?}",
            p.current()
        ));
    }
}

fn extract_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(EXTRACT_KW));
    let m = p.start();
    p.expect(EXTRACT_KW);
    p.expect(L_PAREN);
    extract_arg(p);
    p.expect(FROM_KW);
    expr(p);
    p.expect(R_PAREN);
    let m = m.complete(p, EXTRACT_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// | OVERLAY '(' overlay_list ')'
//     overlay_list:
//       | a_expr PLACING a_expr FROM a_expr FOR a_expr
//       | a_expr PLACING a_expr FROM a_expr
// | OVERLAY '(' func_arg_list_opt ')
fn overlay_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(OVERLAY_KW));
    let m = p.start();
    p.expect(OVERLAY_KW);
    p.expect(L_PAREN);
    if !p.at(R_PAREN) {
        let m = p.start();
        let named_arg = opt_named_arg(p).is_some();
        if !named_arg {
            expr(p);
        }
        let kind = if !named_arg && p.eat(PLACING_KW) {
            expr(p);
            p.expect(FROM_KW);
            expr(p);
            if p.eat(FOR_KW) {
                expr(p);
            }
            OVERLAY_PLACING
        } else {
            if p.eat(COMMA) {
                func_arg_list(p);
            }
            OVERLAY_EXPRS
        };
        m.complete(p, kind);
    }
    p.expect(R_PAREN);
    let m = m.complete(p, OVERLAY_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// POSITION '(' position_list ')'
//  position_list:
//    b_expr IN_P b_expr
//
//  Presently, AND, NOT, IS, and IN are the a_expr keywords that would
//  cause trouble in the places where b_expr is used.
fn position_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(POSITION_KW));
    let m = p.start();
    p.expect(POSITION_KW);
    p.expect(L_PAREN);
    b_expr(p);
    p.expect(IN_KW);
    b_expr(p);
    p.expect(R_PAREN);
    let m = m.complete(p, POSITION_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn opt_trim_side(p: &mut Parser<'_>) {
    let kind = match p.current() {
        BOTH_KW => TRIM_BOTH,
        LEADING_KW => TRIM_LEADING,
        TRAILING_KW => TRIM_TRAILING,
        _ => return,
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

fn trim_args(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    // | FROM expr_list
    // | a_expr FROM expr_list
    // | expr_list
    let kind = if p.eat(FROM_KW) {
        if !opt_expr_list(p) {
            p.error("expected expression")
        }
        TRIM_FROM
    } else {
        if expr(p).is_none() {
            p.error("expected expression");
        }
        if p.eat(FROM_KW) {
            opt_expr_list(p);
            TRIM_EXPR_FROM
        } else {
            if p.eat(COMMA) {
                opt_expr_list(p);
            }
            TRIM_EXPRS
        }
    };
    m.complete(p, kind)
}

fn trim_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(TRIM_KW));
    let m = p.start();
    p.expect(TRIM_KW);
    p.expect(L_PAREN);
    opt_trim_side(p);
    trim_args(p);
    p.expect(R_PAREN);
    let m = m.complete(p, TRIM_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// SUBSTRING '(' substr_list ')'
//   substr_list:
//     | a_expr FROM a_expr FOR a_expr
//     | a_expr FOR a_expr FROM a_expr
//     | a_expr FROM a_expr
//     | a_expr FOR a_expr
//     | a_expr SIMILAR a_expr ESCAPE a_expr
//
// SUBSTRING '(' func_arg_list_opt ')'
fn substring_args(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    let named_arg = opt_named_arg(p).is_some();
    if !named_arg {
        expr(p);
    }
    let kind = match p.current() {
        // FOR a_expr FROM a_expr
        // FOR a_expr
        FOR_KW if !named_arg => {
            p.bump(FOR_KW);
            expr(p);
            // [ from expr ]
            if p.eat(FROM_KW) {
                expr(p);
            }
            SUBSTRING_FOR_FROM
        }
        // FROM a_expr
        // FROM a_expr FOR a_expr
        FROM_KW if !named_arg => {
            p.bump(FROM_KW);
            expr(p);
            // [ for expr ]
            if p.eat(FOR_KW) {
                expr(p);
            }
            SUBSTRING_FROM_FOR
        }
        // SIMILAR a_expr ESCAPE a_expr
        SIMILAR_KW if !named_arg => {
            p.bump(SIMILAR_KW);
            expr_bp(
                p,
                1,
                &Restrictions {
                    escape_disabled: true,
                    ..Restrictions::default()
                },
            );
            p.expect(ESCAPE_KW);
            expr(p);
            SUBSTRING_SIMILAR_ESCAPE
        }
        _ => {
            if p.eat(COMMA) {
                func_arg_list(p);
            }
            SUBSTRING_EXPRS
        }
    };
    m.complete(p, kind)
}

fn substring_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SUBSTRING_KW));
    let m = p.start();
    p.expect(SUBSTRING_KW);
    p.expect(L_PAREN);
    substring_args(p);
    p.expect(R_PAREN);
    let m = m.complete(p, SUBSTRING_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn json_encoding(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, JSON_ENCODING);
}

fn opt_json_encoding_clause(p: &mut Parser<'_>) {
    if p.at(ENCODING_KW) {
        let m = p.start();
        p.bump(ENCODING_KW);
        json_encoding(p);
        m.complete(p, JSON_ENCODING_CLAUSE);
    }
}

// json_format_clause_opt:
//   json_format_clause
//   | /* EMPTY */
//
//   json_format_clause:
//     FORMAT_LA JSON ENCODING name
//     | FORMAT_LA JSON
fn opt_json_format_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if p.eat(FORMAT_KW) {
        p.expect(JSON_KW);
        opt_json_encoding_clause(p);
        Some(m.complete(p, JSON_FORMAT_CLAUSE))
    } else {
        m.abandon(p);
        None
    }
}

// json_value_expr:
//   a_expr json_format_clause_opt
fn json_value_expr(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_json_format_clause(p);
    m.complete(p, JSON_VALUE_EXPR)
}

// json_returning_clause_opt:
//   RETURNING Typename json_format_clause_opt
//   | /* EMPTY */
fn opt_json_returning_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if p.eat(RETURNING_KW) {
        type_name(p);
        opt_json_format_clause(p);
        Some(m.complete(p, JSON_RETURNING_CLAUSE))
    } else {
        m.abandon(p);
        None
    }
}

// json_object_constructor_null_clause_opt:
//   | NULL_P ON NULL_P
//   | ABSENT ON NULL_P
//   | /* EMPTY */
fn opt_json_null_clause(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = match p.current() {
        ABSENT_KW => {
            p.bump(ABSENT_KW);
            JSON_ABSENT_ON_NULL
        }
        NULL_KW => {
            p.bump(NULL_KW);
            JSON_NULL_ON_NULL
        }
        _ => {
            m.abandon(p);
            return;
        }
    };
    p.expect(ON_KW);
    p.expect(NULL_KW);
    m.complete(p, kind);
}

// json_key_uniqueness_constraint_opt:
//   | WITH UNIQUE KEYS
//   | WITH UNIQUE
//   | WITHOUT UNIQUE KEYS
//   | WITHOUT UNIQUE
//   | /* EMPTY */
pub(crate) fn opt_json_keys_unique_clause(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = match p.current() {
        WITHOUT_KW => {
            p.bump(WITHOUT_KW);
            JSON_WITHOUT_UNIQUE_KEYS
        }
        WITH_KW => {
            p.bump(WITH_KW);
            JSON_WITH_UNIQUE_KEYS
        }
        _ => {
            m.abandon(p);
            return;
        }
    };
    p.expect(UNIQUE_KW);
    p.eat(KEYS_KW);
    m.complete(p, kind);
}

const JSON_OBJECT_FN_ARG_FOLLOW: TokenSet = TokenSet::new(&[
    R_PAREN,
    NULL_KW,
    ABSENT_KW,
    WITH_KW,
    WITHOUT_KW,
    RETURNING_KW,
]);

// json_object( func_arg_list )
//   func_arg_list:  func_arg_expr
//     | func_arg_list ',' func_arg_expr
//
//     func_arg_expr:  a_expr
//       | param_name COLON_EQUALS a_expr
//       | param_name EQUALS_GREATER a_expr
//
//       param_name:
//         | type_function_name
//
// json_object(
//   json_name_and_value_list
//   json_object_constructor_null_clause_opt
//   json_key_uniqueness_constraint_opt
//   json_returning_clause_opt
// )
//   json_name_and_value_list:
//     | json_name_and_value
//     | json_name_and_value_list ',' json_name_and_value
//
// json_object( json_returning_clause_opt )
fn json_object_fn_arg_list(p: &mut Parser<'_>) {
    // json_object()
    if p.at(R_PAREN) {
        return;
    }
    // json_object(RETURNING Typename json_format_clause_opt)
    if p.at(RETURNING_KW) {
        opt_json_returning_clause(p);
        return;
    }
    while !p.at(EOF) && !p.at(R_PAREN) {
        // TODO: I think we need to be more strict here
        // json_object(c_expr ,
        // json_object(a_expr :
        // json_object(a_expr value
        if opt_named_arg(p).is_none() {
            expr_or_json_key_value(p);
        }
        // if we're at a the end of the params or the start of the optional
        // null_clause break
        if p.at_ts(JSON_OBJECT_FN_ARG_FOLLOW) {
            break;
        } else if p.at(COMMA) {
            // we're in a function arg
            //
            // we can't have trailing commas
            if p.nth_at(1, R_PAREN) {
                p.error("unexpected closing comma");
            }
            p.bump(COMMA);
            continue;
        } else {
            p.err_and_bump("expected a comma");
        }
    }
    opt_json_null_clause(p);
    opt_json_keys_unique_clause(p);
    opt_json_returning_clause(p);
}

fn json_object_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_OBJECT_KW));
    let m = p.start();
    p.expect(JSON_OBJECT_KW);
    p.expect(L_PAREN);
    json_object_fn_arg_list(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_OBJECT_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn json_objectagg_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_OBJECTAGG_KW));
    let m = p.start();
    p.expect(JSON_OBJECTAGG_KW);
    p.expect(L_PAREN);
    if expr_or_json_key_value(p).is_none() {
        p.error("expected VALUE or ':' after JSON_OBJECTAGG key");
    }
    opt_json_null_clause(p);
    opt_json_keys_unique_clause(p);
    opt_json_returning_clause(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_OBJECT_AGG_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

/// <https://www.postgresql.org/docs/17/functions-json.html#FUNCTIONS-SQLJSON-TABLE>
fn json_table_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_TABLE_KW));
    let m = p.start();
    p.bump(JSON_TABLE_KW);
    p.expect(L_PAREN);
    json_table_arg_list(p);
    p.expect(R_PAREN);
    m.complete(p, JSON_TABLE)
}

// JSON_TABLE (
//     context_item, path_expression [ AS json_path_name ] [ PASSING { value AS varname } [, ...] ]
//     COLUMNS ( json_table_column [, ...] )
//     [ { ERROR | EMPTY [ARRAY]} ON ERROR ]
// )
fn json_table_arg_list(p: &mut Parser<'_>) {
    // context_item
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_json_format_clause(p);
    p.expect(COMMA);
    // path_expression
    if expr(p).is_none() {
        p.error("expected expression");
    }
    // [ AS json_path_name ]
    opt_json_path_name_clause(p);
    opt_json_passing_clause(
        p,
        JSON_PASSING_CLAUSE_FOLLOW.union(TokenSet::new(&[COLUMNS_KW])),
    );
    json_table_column_list(p);
    opt_json_table_plan_clause(p);
    opt_json_on_error_clause(p);
}

const JSON_TABLE_PLAN_JOIN_KINDS: TokenSet =
    TokenSet::new(&[CROSS_KW, INNER_KW, OUTER_KW, UNION_KW]);

// [ PLAN ( json_table_plan ) ]
// [ PLAN DEFAULT ( { INNER | OUTER } [, { CROSS | UNION } ]
//                | { CROSS | UNION } [, { INNER | OUTER } ] ) ]
fn opt_json_table_plan_clause(p: &mut Parser<'_>) {
    if !p.at(PLAN_KW) {
        return;
    }
    let m = p.start();
    p.bump(PLAN_KW);
    let is_default = p.eat(DEFAULT_KW);
    p.expect(L_PAREN);
    if is_default {
        json_table_plan_choice(p);
        if p.eat(COMMA) {
            json_table_plan_choice(p);
        }
    } else {
        json_table_plan(p);
    }
    p.expect(R_PAREN);
    m.complete(p, JSON_TABLE_PLAN_CLAUSE);
}

fn json_table_plan_choice(p: &mut Parser<'_>) {
    if p.at_ts(JSON_TABLE_PLAN_JOIN_KINDS) {
        let m = p.start();
        json_table_plan_operator(p);
        m.complete(p, JSON_TABLE_PLAN_CHOICE);
    } else {
        p.error("expected INNER, OUTER, CROSS, or UNION");
    }
}

fn json_table_plan_operator(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    let kind = match p.current() {
        CROSS_KW => JSON_TABLE_PLAN_CROSS,
        INNER_KW => JSON_TABLE_PLAN_INNER,
        OUTER_KW => JSON_TABLE_PLAN_OUTER,
        UNION_KW => JSON_TABLE_PLAN_UNION,
        _ => unreachable!(),
    };
    p.bump_any();
    m.complete(p, kind)
}

// json_table_plan is:
//   path_name
// | path_name { OUTER | INNER } json_table_plan_primary
// | json_table_plan_primary { UNION | CROSS } json_table_plan_primary [ ... ]
//
// json_table_plan_primary is:
//   path_name | ( json_table_plan )
fn json_table_plan(p: &mut Parser<'_>) {
    let Some(mut lhs) = opt_json_table_plan_primary(p) else {
        p.error("expected json table plan");
        return;
    };
    while p.at_ts(JSON_TABLE_PLAN_JOIN_KINDS) {
        let m = lhs.precede(p);
        json_table_plan_operator(p);
        if opt_json_table_plan_primary(p).is_none() {
            p.error("expected json table plan");
        }
        lhs = m.complete(p, JSON_TABLE_PLAN_JOIN);
    }
}

fn opt_json_table_plan_primary(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(L_PAREN) {
        let m = p.start();
        p.bump(L_PAREN);
        json_table_plan(p);
        p.expect(R_PAREN);
        Some(m.complete(p, PAREN_JSON_TABLE_PLAN))
    } else if p.at_ts(NAME_REF_FIRST) {
        Some(json_path_name_ref(p))
    } else {
        None
    }
}

// COLUMNS ( json_table_column [, ...] )
fn json_table_column_list(p: &mut Parser<'_>) {
    if p.at(COLUMNS_KW) {
        let m = p.start();
        p.bump(COLUMNS_KW);
        delimited(
            p,
            L_PAREN,
            R_PAREN,
            COMMA,
            ListItems::Required,
            || "unexpected comma".to_string(),
            JSON_TABLE_COLUMN_FIRST,
            opt_json_table_column,
        );
        m.complete(p, JSON_TABLE_COLUMN_LIST);
    } else {
        p.error("expected json table columns");
    }
}

const JSON_TABLE_COLUMN_FIRST: TokenSet = TokenSet::new(&[NESTED_KW]).union(NAME_FIRST);

// where json_table_column is:
//   | name FOR ORDINALITY
//   | name type
//         [ FORMAT JSON [ENCODING UTF8]]
//         [ PATH path_expression ]
//         [ { WITHOUT | WITH { CONDITIONAL | [UNCONDITIONAL] } } [ ARRAY ] WRAPPER ]
//         [ { KEEP | OMIT } QUOTES [ ON SCALAR STRING ] ]
//         [ { ERROR | NULL | EMPTY { [ARRAY] | OBJECT } | DEFAULT expression } ON EMPTY ]
//         [ { ERROR | NULL | EMPTY { [ARRAY] | OBJECT } | DEFAULT expression } ON ERROR ]
//   | name type EXISTS [ PATH path_expression ]
//         [ { ERROR | TRUE | FALSE | UNKNOWN } ON ERROR ]
//   | NESTED [ PATH ] path_expression [ AS json_path_name ] COLUMNS ( json_table_column [, ...] )
fn opt_json_table_column(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(JSON_TABLE_COLUMN_FIRST) {
        return false;
    }
    let m = p.start();
    // NESTED [ PATH ] path_expression [ AS json_path_name ] COLUMNS ( json_table_column [, ...] )
    let kind = if p.eat(NESTED_KW) {
        p.eat(PATH_KW);
        // path_expression
        if expr(p).is_none() {
            p.error("expected expression");
        }
        // [ AS json_path_name ]
        opt_json_path_name_clause(p);
        json_table_column_list(p);
        JSON_TABLE_NESTED_COLUMN
    } else {
        column_name(p);
        // FOR ORDINALITY
        if p.eat(FOR_KW) {
            p.expect(ORDINALITY_KW);
            JSON_TABLE_ORDINALITY_COLUMN
        } else {
            type_name(p);
            // name type EXISTS [ PATH path_expression ]
            if p.eat(EXISTS_KW) {
                opt_json_path_clause(p);
                opt_json_on_error_clause(p);
                JSON_TABLE_EXISTS_COLUMN
            } else {
                // [ FORMAT JSON [ENCODING UTF8]]
                opt_json_format_clause(p);
                opt_json_path_clause(p);
                opt_json_wrapper_behavior(p);
                opt_json_quotes_clause(p);
                opt_json_behavior_clause(p);
                JSON_TABLE_VALUE_COLUMN
            }
        }
    };
    m.complete(p, kind);
    true
}

fn opt_json_path_clause(p: &mut Parser<'_>) {
    let m = p.start();
    // [ PATH path_expression ]
    if p.eat(PATH_KW) {
        // path_expression
        string_literal(p);
        m.complete(p, JSON_PATH_CLAUSE);
    } else {
        m.abandon(p);
    }
}

// json_array (
//  [ { value_expression [ FORMAT JSON ] } [, ...] ]
//  [ { NULL | ABSENT } ON NULL ]
//  [ RETURNING data_type [ FORMAT JSON [ ENCODING UTF8 ] ] ]
// )
// json_array (
//  [ query_expression ]
//  [ RETURNING data_type [ FORMAT JSON [ ENCODING UTF8 ] ] ]
// )
fn opt_json_array_fn_arg_list(p: &mut Parser<'_>) {
    // 1, 2, 3, 4
    while !p.at(EOF) && !p.at(R_PAREN) && !p.at(RETURNING_KW) {
        let m = p.start();
        if p.at_ts(SELECT_FIRST) {
            if select(p, None, &SelectRestrictions::default()).is_none() {
                m.abandon(p);
                break;
            }
            opt_json_format_clause(p);
            m.complete(p, JSON_SELECT_FORMAT);
        } else {
            if expr(p).is_none() {
                p.error("expected expression");
            }
            opt_json_format_clause(p);
            m.complete(p, JSON_EXPR_FORMAT);
        }
        if !p.eat(COMMA) {
            break;
        }
        if p.at(R_PAREN) || p.at(RETURNING_KW) || p.at(EOF) {
            p.error("expected JSON array item after comma");
            break;
        }
    }
    opt_json_null_clause(p);
    opt_json_returning_clause(p);
}

fn json_array_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_ARRAY_KW));
    let m = p.start();
    p.expect(JSON_ARRAY_KW);
    p.expect(L_PAREN);
    opt_json_array_fn_arg_list(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_ARRAY_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

/// <https://www.postgresql.org/docs/17/functions-comparisons.html#FUNCTIONS-COMPARISONS-ANY-SOME>
fn some_any_all_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SOME_KW) || p.at(ANY_KW) || p.at(ALL_KW));
    let m = p.start();
    // TODO: this can only be in the conext of a binary expression, so we should
    // have some validation for that.
    // SOME | ANY | ALL
    let kind = match p.current() {
        SOME_KW => SOME_FN,
        ANY_KW => ANY_FN,
        ALL_KW => ALL_FN,
        _ => unreachable!(),
    };
    p.bump_any();
    // args
    p.expect(L_PAREN);
    if p.at_ts(SELECT_FIRST) {
        select(p, None, &SelectRestrictions::default());
    } else {
        if expr(p).is_none() {
            p.error("expected expression or select");
        }
    }
    p.expect(R_PAREN);
    let m = m.complete(p, kind).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// To support the following casts, we need to do some lookahead unfortunately.
//
//   select type_name 'string';
//
fn at_type_literal(p: &Parser<'_>) -> bool {
    if !p.at_ts(TYPE_NAME_FIRST) {
        return false;
    }

    let mut i =
        match p.current() {
            NATIONAL_KW if matches!(p.nth(1), CHAR_KW | CHARACTER_KW) => {
                if p.nth_at(2, VARYING_KW) { 3 } else { 2 }
            }
            CHARACTER_KW | CHAR_KW | NCHAR_KW => {
                if p.nth_at(1, VARYING_KW) {
                    2
                } else {
                    1
                }
            }
            BIT_KW => {
                if p.nth_at(1, VARYING_KW) {
                    2
                } else {
                    1
                }
            }
            DOUBLE_KW if p.nth_at(1, PRECISION_KW) => 2,
            _ => {
                let mut i = 1;
                while p.nth_at(i, DOT) && p.nth_at_ts(i + 1, COL_LABEL_FIRST) {
                    i += 2;
                }
                i
            }
        };

    if p.nth_at(i, L_PAREN) {
        let mut depth = 0;
        loop {
            match p.nth(i) {
                L_PAREN => depth += 1,
                R_PAREN => {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                EOF | SEMICOLON => return false,
                _ => {}
            }
            i += 1;
        }
    }

    if matches!(p.current(), TIMESTAMP_KW | TIME_KW)
        && matches!(p.nth(i), WITH_KW | WITHOUT_KW)
        && p.nth_at(i + 1, TIME_KW)
        && p.nth_at(i + 2, ZONE_KW)
    {
        i += 3;
    }

    p.nth_at_ts(i, STRING_FIRST)
}

fn type_literal_string(p: &mut Parser<'_>) {
    let error = match p.current() {
        BIT_STRING => Some("Bit string literals cannot be used in type literals"),
        BYTE_STRING => Some("Hexadecimal string literals cannot be used in type literals"),
        NATIONAL_STRING => {
            Some("National character string literals cannot be used in type literals")
        }
        _ => None,
    };
    if let Some(error) = error {
        let m = p.start();
        p.error(error);
        string_literal(p);
        m.complete(p, ERROR);
    } else {
        string_literal(p);
    }
}

fn type_literal(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    let interval_has_precision = p.at(INTERVAL_KW) && p.nth_at(1, L_PAREN);
    let ty_kind = match opt_type_name_with(p, true, false) {
        Some(ty) => Some(ty.kind()),
        None => {
            p.error("expected type name");
            None
        }
    };
    type_literal_string(p);
    if ty_kind == Some(INTERVAL_TYPE) {
        opt_interval_trailing(p, interval_has_precision);
    }
    m.complete(p, CAST_EXPR)
}

// literal, path, tuple, array
fn atom_expr(p: &mut Parser<'_>) -> Option<(CompletedMarker, ExprKind)> {
    if at_type_literal(p) {
        let literal = type_literal(p);
        if at_field_selection(p) {
            p.error("field selection requires a parenthesized expression");
        }
        return Some((literal, ExprKind::Other));
    }
    if let Some(literal) = literal(p) {
        if at_field_selection(p) {
            p.error("field selection requires a parenthesized expression");
        }
        return Some((literal, ExprKind::Other));
    }
    let done = match (p.current(), p.nth(1)) {
        (POSITIONAL_PARAM, _) => {
            let m = p.start();
            p.bump(POSITIONAL_PARAM);
            m.complete(p, LITERAL)
        }
        (CAST_KW | TREAT_KW, L_PAREN) => {
            let m = p.start();
            p.bump_any();
            p.bump(L_PAREN);
            expr(p);
            p.expect(AS_KW);
            type_name(p);
            p.expect(R_PAREN);
            m.complete(p, CAST_EXPR)
        }
        (EXTRACT_KW, L_PAREN) => extract_fn(p),
        (JSON_EXISTS_KW, L_PAREN) => json_exists_fn(p),
        (JSON_ARRAY_KW, L_PAREN) => json_array_fn(p),
        (JSON_OBJECT_KW, L_PAREN) => json_object_fn(p),
        (JSON_OBJECTAGG_KW, L_PAREN) => json_objectagg_fn(p),
        (JSON_ARRAYAGG_KW, L_PAREN) => json_arrayagg_fn(p),
        (JSON_QUERY_KW, L_PAREN) => json_query_fn(p),
        (JSON_SCALAR_KW, L_PAREN) => json_scalar_fn(p),
        (JSON_SERIALIZE_KW, L_PAREN) => json_serialize_fn(p),
        (JSON_VALUE_KW, L_PAREN) => json_value_fn(p),
        (JSON_KW, L_PAREN) => json_fn(p),
        (SUBSTRING_KW, L_PAREN) => substring_fn(p),
        (POSITION_KW, L_PAREN) => position_fn(p),
        (OVERLAY_KW, L_PAREN) => overlay_fn(p),
        (TRIM_KW, L_PAREN) => trim_fn(p),
        (XMLROOT_KW, L_PAREN) => xmlroot_fn(p),
        (XMLSERIALIZE_KW, L_PAREN) => xmlserialize_fn(p),
        (XMLELEMENT_KW, L_PAREN) => xmlelement_fn(p),
        (XMLFOREST_KW, L_PAREN) => xmlforest_fn(p),
        (XMLEXISTS_KW, L_PAREN) => xmlexists_fn(p),
        (XMLPARSE_KW, L_PAREN) => xmlparse_fn(p),
        (XMLPI_KW, L_PAREN) => xmlpi_fn(p),
        (SOME_KW | ALL_KW | ANY_KW, L_PAREN) => some_any_all_fn(p),
        (EXISTS_KW, L_PAREN) => exists_fn(p),
        (COLLATION_KW, FOR_KW) => collation_for_fn(p),
        (ROW_KW, L_PAREN) => return Some(tuple_expr(p, ListItems::Optional)),
        _ if p.at_ts(NAME_REF_FIRST) => name_ref_(p)?,
        (L_PAREN, _) => return Some(tuple_expr(p, ListItems::Required)),
        (ARRAY_KW, L_BRACK | L_PAREN) => {
            let m = p.start();
            p.bump(ARRAY_KW);
            array_expr(p, Some(m))
        }
        // nested array exprs:
        // array[[1,2],[3,4]]
        (L_BRACK, _) => array_expr(p, None),
        (CASE_KW, _) => case_expr(p),
        _ => {
            p.err_and_bump("expected expression in atom_expr");
            return None;
        }
    };
    Some((done, ExprKind::Other))
}

fn json_arrayagg_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_ARRAYAGG_KW));
    let m = p.start();
    p.expect(JSON_ARRAYAGG_KW);
    p.expect(L_PAREN);
    json_value_expr(p);
    opt_order_by_clause(p);
    opt_json_null_clause(p);
    opt_json_returning_clause(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_ARRAY_AGG_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn exists_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(EXISTS_KW));
    let m = p.start();
    p.bump(EXISTS_KW);
    p.expect(L_PAREN);
    query(p);
    p.expect(R_PAREN);
    let m = m.complete(p, EXISTS_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn collation_for_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(COLLATION_KW) && p.nth_at(1, FOR_KW));
    let m = p.start();
    p.bump(COLLATION_KW);
    p.bump(FOR_KW);
    p.expect(L_PAREN);
    if expr(p).is_none() {
        p.error("expected expression");
    }
    p.expect(R_PAREN);
    let m = m.complete(p, COLLATION_FOR_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// XMLPI '(' NAME_P ColLabel ',' a_expr ')'
// XMLPI '(' NAME_P ColLabel ')'
fn xmlpi_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(XMLPI_KW));
    let m = p.start();
    p.expect(XMLPI_KW);
    p.expect(L_PAREN);
    p.expect(NAME_KW);
    xml_pi_target(p);
    if p.eat(COMMA) && expr(p).is_none() {
        p.error("expected expr");
    }
    p.expect(R_PAREN);
    let m = m.complete(p, XML_PI_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn xml_pi_target(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, XML_PI_TARGET);
}

// XMLPARSE '(' document_or_content a_expr xml_whitespace_option ')'
//   document_or_content:
//     | DOCUMENT_P
//     | CONTENT_P
//   xml_whitespace_option:
//     | PRESERVE WHITESPACE_P
//     | STRIP_P WHITESPACE_P
//     | /*EMPTY*/
fn xmlparse_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(XMLPARSE_KW));
    let m = p.start();
    p.expect(XMLPARSE_KW);
    p.expect(L_PAREN);
    if !opt_xml_document_or_content(p) {
        p.error("expected DOCUMENT or CONTENT");
    }
    if expr(p).is_none() {
        p.error("expected expression");
    }
    match p.current() {
        PRESERVE_KW => {
            let m = p.start();
            p.bump(PRESERVE_KW);
            p.expect(WHITESPACE_KW);
            m.complete(p, PRESERVE_WHITESPACE);
        }
        STRIP_KW => {
            let m = p.start();
            p.bump(STRIP_KW);
            p.expect(WHITESPACE_KW);
            m.complete(p, STRIP_WHITESPACE);
        }
        _ => (),
    }
    p.expect(R_PAREN);
    let m = m.complete(p, XML_PARSE_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn opt_xml_document_or_content(p: &mut Parser<'_>) -> bool {
    let kind = match p.current() {
        DOCUMENT_KW => XML_DOCUMENT,
        CONTENT_KW => XML_CONTENT,
        _ => return false,
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
    true
}

fn opt_xml_passing_mech(p: &mut Parser<'_>) -> bool {
    if !p.at(BY_KW) {
        return false;
    }
    let m = p.start();
    p.bump(BY_KW);
    match p.current() {
        REF_KW => {
            p.bump(REF_KW);
            m.complete(p, XML_PASSING_MECH_BY_REF);
        }
        VALUE_KW => {
            p.bump(VALUE_KW);
            m.complete(p, XML_PASSING_MECH_BY_VALUE);
        }
        _ => {
            p.error("expected REF or VALUE");
            m.abandon(p);
        }
    }
    true
}

// XMLEXISTS '(' c_expr xmlexists_argument ')'
//   xmlexists_argument:
//     | PASSING c_expr
//     | PASSING c_expr xml_passing_mech
//     | PASSING xml_passing_mech c_expr
//     | PASSING xml_passing_mech c_expr xml_passing_mech
//     xml_passing_mech:
//       | BY REF_P
//       | BY VALUE_P
fn xmlexists_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(XMLEXISTS_KW));
    let m = p.start();
    p.expect(XMLEXISTS_KW);
    p.expect(L_PAREN);
    xml_row_passing_clause(p);
    p.expect(R_PAREN);
    let m = m.complete(p, XML_EXISTS_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// XMLELEMENT '(' NAME_P ColLabel ',' xml_attributes ',' expr_list ')'
// XMLELEMENT '(' NAME_P ColLabel ',' xml_attributes ')'
// XMLELEMENT '(' NAME_P ColLabe ',' expr_list ')'
// XMLELEMENT '(' NAME_P ColLabel ')'
//  xml_attributes:
//    XMLATTRIBUTES '(' xml_attribute_list ')'
//  xml_attribute_list:
//    | xml_attribute_el
//    | xml_attribute_list ',' xml_attribute_el
//    xml_attribute_el:
//      | a_expr AS ColLabel
//      | a_expr
fn xmlelement_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(XMLELEMENT_KW));
    let m = p.start();
    p.expect(XMLELEMENT_KW);
    p.expect(L_PAREN);
    p.expect(NAME_KW);
    element_tag(p);
    if p.eat(COMMA) {
        if p.eat(XMLATTRIBUTES_KW) {
            expr_as_xml_attr_list(p);
            if p.eat(COMMA) && !opt_expr_list(p) {
                p.error("expected expression list");
            }
        } else if !opt_expr_list(p) {
            p.error("expected expression list");
        }
    }
    p.expect(R_PAREN);
    let m = m.complete(p, XML_ELEMENT_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn element_tag(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, ELEMENT_TAG);
}

fn xml_attr(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, XML_ATTR);
}

fn expr_as_xml_attr_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EXPR_FIRST,
        opt_expr_as_xml_attr,
    );
    m.complete(p, EXPR_AS_XML_ATTR_LIST);
}

fn opt_expr_as_xml_attr(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if opt_expr(p).is_none() {
        p.error("expected expression");
        m.abandon(p);
        return false;
    }
    if p.eat(AS_KW) {
        xml_attr(p);
    }
    m.complete(p, EXPR_AS_XML_ATTR);
    true
}

fn expr_as_property_name_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EXPR_FIRST,
        opt_expr_as_property_name,
    );
    m.complete(p, EXPR_AS_PROPERTY_NAME_LIST);
}

fn opt_expr_as_property_name(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if opt_expr(p).is_none() {
        p.error("expected expression");
        m.abandon(p);
        return false;
    }
    if p.eat(AS_KW) {
        property_name(p);
    }
    m.complete(p, EXPR_AS_PROPERTY_NAME);
    true
}

fn expr_as_column_name_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EXPR_FIRST,
        opt_expr_as_column_name,
    );
    m.complete(p, EXPR_AS_COLUMN_NAME_LIST);
}

fn opt_expr_as_column_name(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if opt_expr(p).is_none() {
        p.error("expected expression");
        m.abandon(p);
        return false;
    }
    if p.eat(AS_KW) {
        column_name(p);
    }
    m.complete(p, EXPR_AS_COLUMN_NAME);
    true
}

// XMLFOREST '(' xml_attribute_list ')'
fn xmlforest_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(XMLFOREST_KW));
    let m = p.start();
    p.expect(XMLFOREST_KW);
    expr_as_element_tag_list(p);
    let m = m.complete(p, XML_FOREST_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn expr_as_element_tag_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EXPR_FIRST,
        opt_expr_as_element_tag,
    );
    m.complete(p, EXPR_AS_ELEMENT_TAG_LIST);
}

fn opt_expr_as_element_tag(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if opt_expr(p).is_none() {
        p.error("expected expression");
        m.abandon(p);
        return false;
    }
    if p.eat(AS_KW) {
        element_tag(p);
    }
    m.complete(p, EXPR_AS_ELEMENT_TAG);
    true
}

// XMLSERIALIZE '(' document_or_content a_expr AS SimpleTypename xml_indent_option ')'
// xml_indent_option:
//   | INDENT
//   | NO INDENT
//   | /*EMPTY*/
fn xmlserialize_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(XMLSERIALIZE_KW));
    let m = p.start();
    p.expect(XMLSERIALIZE_KW);
    p.expect(L_PAREN);
    if !opt_xml_document_or_content(p) {
        p.error("expected DOCUMENT or CONTENT");
    }
    if expr(p).is_none() {
        p.error("expected expression");
    }
    p.expect(AS_KW);
    type_name(p);
    match p.current() {
        NO_KW => {
            let m = p.start();
            p.bump(NO_KW);
            p.expect(INDENT_KW);
            m.complete(p, NO_INDENT);
        }
        INDENT_KW => {
            let m = p.start();
            p.bump(INDENT_KW);
            m.complete(p, INDENT);
        }
        _ => (),
    }
    p.expect(R_PAREN);
    let m = m.complete(p, XML_SERIALIZE_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// XMLROOT '(' a_expr ',' xml_root_version opt_xml_root_standalone ')'
//   xml_root_version:
//     | VERSION_P a_expr
//     | VERSION_P NO VALUE_P
//   opt_xml_root_standalone:
//     | ',' STANDALONE_P YES_P
//     | ',' STANDALONE_P NO
//     | ',' STANDALONE_P NO VALUE_P
//     | /*EMPTY*/
fn xmlroot_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(XMLROOT_KW));
    let m = p.start();
    p.expect(XMLROOT_KW);
    p.expect(L_PAREN);
    if expr(p).is_none() {
        p.error("expected expression");
    }
    p.expect(COMMA);
    xml_root_version(p);
    opt_xml_standalone(p);
    p.expect(R_PAREN);
    let m = m.complete(p, XML_ROOT_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// VERSION { a_expr | NO VALUE }
fn xml_root_version(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(VERSION_KW);
    let kind = if p.eat(NO_KW) {
        p.expect(VALUE_KW);
        XML_VERSION_NO_VALUE
    } else {
        if expr(p).is_none() {
            p.error("expected expression");
        }
        XML_VERSION_EXPR
    };
    m.complete(p, kind);
}

// [ ',' STANDALONE { YES | NO [ VALUE ] } ]
fn opt_xml_standalone(p: &mut Parser<'_>) {
    if !p.at(COMMA) {
        return;
    }
    let m = p.start();
    p.bump(COMMA);
    p.expect(STANDALONE_KW);
    let kind = if p.eat(NO_KW) {
        if p.eat(VALUE_KW) {
            STANDALONE_NO_VALUE
        } else {
            STANDALONE_NO
        }
    } else {
        p.expect(YES_KW);
        STANDALONE_YES
    };
    m.complete(p, kind);
}

// JSON '(' json_value_expr json_key_uniqueness_constraint_opt ')'
fn json_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_KW));
    let m = p.start();
    p.expect(JSON_KW);
    p.expect(L_PAREN);
    // json_value_expr
    opt_expr(p);
    opt_json_format_clause(p);
    opt_json_keys_unique_clause(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// JSON_SCALAR '(' json_value_expr_opt ')'
fn json_scalar_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_SCALAR_KW));
    let m = p.start();
    p.expect(JSON_SCALAR_KW);
    p.expect(L_PAREN);
    opt_expr(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_SCALAR_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// JSON_VALUE '('
//   json_value_expr ',' a_expr json_passing_clause_opt
//   json_returning_clause_opt
//   json_behavior_clause_opt
// ')'
fn json_value_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_VALUE_KW));
    let m = p.start();
    p.expect(JSON_VALUE_KW);
    p.expect(L_PAREN);
    // json_value_expr
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_json_format_clause(p);
    p.expect(COMMA);
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_json_passing_clause(p, JSON_PASSING_CLAUSE_FOLLOW);
    opt_json_returning_clause(p);
    opt_json_behavior_clause(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_VALUE_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// JSON_SERIALIZE '(' json_value_expr json_returning_clause_opt ')'
fn json_serialize_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_SERIALIZE_KW));
    let m = p.start();
    p.expect(JSON_SERIALIZE_KW);
    p.expect(L_PAREN);
    opt_expr(p);
    opt_json_format_clause(p);
    opt_json_returning_clause(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_SERIALIZE_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// JSON_QUERY (
//   context_item, path_expression
//   [ PASSING { value AS varname } [, ...]]
//   [ RETURNING data_type [ FORMAT JSON [ ENCODING UTF8 ] ] ]
//   [ { WITHOUT | WITH { CONDITIONAL | [UNCONDITIONAL] } } [ ARRAY ] WRAPPER ]
//   [ { KEEP | OMIT } QUOTES [ ON SCALAR STRING ] ]
//   [ { ERROR | NULL | EMPTY { [ ARRAY ] | OBJECT } | DEFAULT expression } ON EMPTY ]
//   [ { ERROR | NULL | EMPTY { [ ARRAY ] | OBJECT } | DEFAULT expression } ON ERROR ]
// )
fn json_query_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_QUERY_KW));
    let m = p.start();
    p.expect(JSON_QUERY_KW);
    p.expect(L_PAREN);
    // context_item
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_json_format_clause(p);
    p.expect(COMMA);
    // path_expression
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_json_passing_clause(p, JSON_PASSING_CLAUSE_FOLLOW);
    opt_json_returning_clause(p);
    opt_json_wrapper_behavior(p);
    opt_json_quotes_clause(p);
    opt_json_behavior_clause(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_QUERY_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

// { KEEP | OMIT } QUOTES
fn opt_quotes(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let kind = match p.current() {
        KEEP_KW => KEEP_QUOTES,
        OMIT_KW => OMIT_QUOTES,
        _ => return None,
    };
    let m = p.start();
    p.bump_any();
    p.expect(QUOTES_KW);
    Some(m.complete(p, kind))
}

fn opt_json_quotes_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if opt_quotes(p).is_none() {
        m.abandon(p);
        return None;
    }
    if p.at(ON_KW) {
        let m = p.start();
        p.bump(ON_KW);
        p.expect(SCALAR_KW);
        p.expect(STRING_KW);
        m.complete(p, ON_SCALAR_STRING);
    }
    Some(m.complete(p, JSON_QUOTES_CLAUSE))
}

fn opt_json_behavior_clause(p: &mut Parser<'_>) {
    let m = p.start();
    if opt_json_behavior(p).is_some() {
        p.expect(ON_KW);
        if p.eat(ERROR_KW) {
            m.complete(p, JSON_ON_ERROR_CLAUSE);
        } else {
            p.expect(EMPTY_KW);
            m.complete(p, JSON_ON_EMPTY_CLAUSE);
            opt_json_on_error_clause(p);
        }
    } else {
        m.abandon(p);
    }
}

fn opt_json_wrapper_behavior(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let kind = match (p.current(), p.nth(1)) {
        (WITH_KW, CONDITIONAL_KW) => {
            p.bump(WITH_KW);
            p.bump(CONDITIONAL_KW);
            p.eat(ARRAY_KW);
            JSON_WITH_CONDITIONAL_WRAPPER
        }
        (WITH_KW, UNCONDITIONAL_KW | ARRAY_KW | WRAPPER_KW) => {
            p.bump(WITH_KW);
            p.eat(UNCONDITIONAL_KW);
            p.eat(ARRAY_KW);
            JSON_WITH_UNCONDITIONAL_WRAPPER
        }
        (WITHOUT_KW, ARRAY_KW | WRAPPER_KW) => {
            p.bump(WITHOUT_KW);
            p.eat(ARRAY_KW);
            JSON_WITHOUT_WRAPPER
        }
        _ => {
            m.abandon(p);
            return None;
        }
    };
    p.expect(WRAPPER_KW);
    Some(m.complete(p, kind))
}

// json_exists (
//   context_item,
//   path_expression
//   [ PASSING { value AS varname } [, ...]]
//   [{ TRUE | FALSE | UNKNOWN | ERROR } ON ERROR ]
// )
fn json_exists_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(JSON_EXISTS_KW));
    let m = p.start();
    p.expect(JSON_EXISTS_KW);
    p.expect(L_PAREN);
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_json_format_clause(p);
    p.expect(COMMA);
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_json_passing_clause(p, JSON_PASSING_CLAUSE_FOLLOW);
    opt_json_on_error_clause(p);
    p.expect(R_PAREN);
    let m = m.complete(p, JSON_EXISTS_FN).precede(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn opt_json_on_error_clause(p: &mut Parser<'_>) {
    let m = p.start();
    if opt_json_behavior(p).is_some() {
        p.expect(ON_KW);
        p.expect(ERROR_KW);
        m.complete(p, JSON_ON_ERROR_CLAUSE);
    } else {
        m.abandon(p);
    }
}

fn opt_json_behavior(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let kind = match p.current() {
        DEFAULT_KW => {
            p.bump(DEFAULT_KW);
            if expr(p).is_none() {
                p.error("expected expression");
            }
            JSON_BEHAVIOR_DEFAULT
        }
        ERROR_KW => {
            p.bump(ERROR_KW);
            JSON_BEHAVIOR_ERROR
        }
        NULL_KW => {
            p.bump(NULL_KW);
            JSON_BEHAVIOR_NULL
        }
        TRUE_KW => {
            p.bump(TRUE_KW);
            JSON_BEHAVIOR_TRUE
        }
        FALSE_KW => {
            p.bump(FALSE_KW);
            JSON_BEHAVIOR_FALSE
        }
        UNKNOWN_KW => {
            p.bump(UNKNOWN_KW);
            JSON_BEHAVIOR_UNKNOWN
        }
        EMPTY_KW => {
            p.bump(EMPTY_KW);
            if p.eat(OBJECT_KW) {
                JSON_BEHAVIOR_EMPTY_OBJECT
            } else {
                p.eat(ARRAY_KW);
                JSON_BEHAVIOR_EMPTY_ARRAY
            }
        }
        _ => {
            m.abandon(p);
            return None;
        }
    };
    Some(m.complete(p, kind))
}

fn opt_json_passing_arg(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(EXPR_FIRST) {
        return None;
    }
    let m = p.start();
    if expr(p).is_none() {
        p.error("expected expr");
    }
    opt_json_format_clause(p);
    p.expect(AS_KW);
    json_variable_name(p);
    Some(m.complete(p, JSON_PASSING_ARG))
}

fn json_variable_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, JSON_VARIABLE_NAME);
}

const JSON_PASSING_CLAUSE_FOLLOW: TokenSet = TokenSet::new(&[R_PAREN, RETURNING_KW]);

fn opt_json_passing_clause(p: &mut Parser<'_>, follow: TokenSet) {
    let m = p.start();
    if p.eat(PASSING_KW) {
        if p.at_ts(follow) || opt_json_passing_arg(p).is_none() {
            p.error("expected SQL/JSON PASSING argument");
        }
        while p.eat(COMMA) {
            if p.at_ts(follow) || opt_json_passing_arg(p).is_none() {
                p.error("expected SQL/JSON PASSING argument after comma");
                break;
            }
        }
        m.complete(p, JSON_PASSING_CLAUSE);
    } else {
        m.abandon(p);
    }
}

// unary / prefix stuff
fn lhs(p: &mut Parser<'_>, r: &Restrictions) -> Option<(CompletedMarker, ExprKind)> {
    let m;
    let (kind, prefix_bp) = match p.current() {
        MINUS | PLUS if p.op_len() == 1 => {
            m = p.start();
            p.bump_any();
            (PREFIX_EXPR, 13)
        }
        COLON => {
            m = p.start();
            p.bump(COLON);
            bind_param_name_ref(p);
            return Some((m.complete(p, NON_STANDARD_PARAM), ExprKind::Other));
        }
        _ if p.at_ts(OPERATOR_FIRST) && p.at(CUSTOM_OP) => {
            m = p.start();
            p.bump(CUSTOM_OP);
            (PREFIX_EXPR, 7)
        }
        NOT_KW if !r.not_disabled => {
            m = p.start();
            p.bump_any();
            (PREFIX_EXPR, 3)
        }
        OPERATOR_KW if p.at(OPERATOR_CALL) => {
            m = p.start();
            p.expect(OPERATOR_CALL);
            (PREFIX_EXPR, 7)
        }
        _ => {
            let (lhs, expr_kind) = atom_expr(p)?;
            let cm = postfix_expr(p, lhs);
            let expr_kind = if cm.kind() == PAREN_EXPR {
                expr_kind
            } else {
                ExprKind::Other
            };
            return Some((cm, expr_kind));
        }
    };
    // parse the interior of the unary expression
    expr_bp(
        p,
        prefix_bp,
        &Restrictions {
            bare_label: r.bare_label,
            ..Default::default()
        },
    );
    let cm = m.complete(p, kind);
    Some((cm, ExprKind::Other))
}

fn bind_param_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, BIND_PARAM_NAME_REF);
}

fn postfix_expr(p: &mut Parser<'_>, mut lhs: CompletedMarker) -> CompletedMarker {
    let mut is_func_name = lhs.kind() == NAME_REF;
    loop {
        lhs = match p.current() {
            NOT_KW if p.nth_at(1, BETWEEN_KW) => {
                is_func_name = false;
                between_expr(p)
            }
            BETWEEN_KW => {
                is_func_name = false;
                between_expr(p)
            }
            L_PAREN => {
                lhs = call_expr_args(p, lhs, is_func_name);
                is_func_name = false;
                lhs
            }
            L_BRACK => {
                is_func_name = false;
                index_expr(p, lhs)
            }
            DOT => {
                is_func_name &= p.nth_at(1, IDENT)
                    || p.nth_at_ts(1, TYPE_KEYWORDS)
                    || p.nth_at_ts(1, ALL_KEYWORDS);
                field_expr(p, lhs)
            }
            AT_KW if p.at(AT_LOCAL) => {
                let m = lhs.precede(p);
                p.bump(AT_LOCAL);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            ISNULL_KW => {
                let m = lhs.precede(p);
                p.bump(ISNULL_KW);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_NOT_NORMALIZED) => {
                let m = lhs.precede(p);
                p.bump(IS_NOT_NORMALIZED);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_NORMALIZED) => {
                let m = lhs.precede(p);
                p.bump(IS_NORMALIZED);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_NOT_JSON_OBJECT) => {
                let m = lhs.precede(p);
                p.bump(IS_NOT_JSON_OBJECT);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_NOT_JSON_ARRAY) => {
                let m = lhs.precede(p);
                p.bump(IS_NOT_JSON_ARRAY);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_NOT_JSON_VALUE) => {
                let m = lhs.precede(p);
                p.bump(IS_NOT_JSON_VALUE);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_NOT_JSON_SCALAR) => {
                let m = lhs.precede(p);
                p.bump(IS_NOT_JSON_SCALAR);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_NOT_JSON) => {
                let m = lhs.precede(p);
                p.bump(IS_NOT_JSON);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_JSON_OBJECT) => {
                let m = lhs.precede(p);
                p.bump(IS_JSON_OBJECT);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_JSON_ARRAY) => {
                let m = lhs.precede(p);
                p.bump(IS_JSON_ARRAY);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_JSON_VALUE) => {
                let m = lhs.precede(p);
                p.bump(IS_JSON_VALUE);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_JSON_SCALAR) => {
                let m = lhs.precede(p);
                p.bump(IS_JSON_SCALAR);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            IS_KW if p.at(IS_JSON) => {
                let m = lhs.precede(p);
                p.bump(IS_JSON);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            NOTNULL_KW => {
                let m = lhs.precede(p);
                p.bump(NOTNULL_KW);
                lhs = m.complete(p, POSTFIX_EXPR);
                break;
            }
            _ => break,
        };
    }
    lhs
}

pub(crate) enum ListItems {
    Required,
    Optional,
}

/// The `parser` passed this is required to at least consume one token if it returns `true`.
/// If the `parser` returns false, parsing will stop.
pub(crate) fn delimited(
    p: &mut Parser<'_>,
    bra: SyntaxKind,
    ket: SyntaxKind,
    delim: SyntaxKind,
    items: ListItems,
    unexpected_delim_message: impl Fn() -> String,
    first_set: TokenSet,
    mut parser: impl FnMut(&mut Parser<'_>) -> bool,
) {
    p.expect(bra);
    if matches!(items, ListItems::Required) && p.at(ket) {
        p.error("Expected at least one item");
    }
    while !p.at(ket) && !p.at(EOF) {
        if p.at(delim) {
            // Recover if an argument is missing and only got a delimiter,
            // e.g. `(a, , b)`.
            // Wrap the erroneous delimiter in an error node so that fixup logic gets rid of it.
            // FIXME: Ideally this should be handled in fixup in a structured way, but our list
            // nodes currently have no concept of a missing node between two delimiters.
            // So doing it this way is easier.
            let m = p.start();
            p.error(unexpected_delim_message());
            p.bump(delim);
            m.complete(p, ERROR);
            continue;
        }
        if !parser(p) {
            break;
        }
        // f(a,)
        //    ^
        if p.at(delim) && p.nth_at(1, ket) {
            p.err_and_bump("unexpected trailing comma");
            break;
        }
        if !p.eat(delim) {
            if p.at_ts(first_set) {
                p.error(format!("expected {delim:?}"));
            } else {
                break;
            }
        }
    }
    p.expect(ket);
}

/// This is essentially the same as [delimited] but without the wrapping
/// tokens, i.e., `(` `)`
pub(crate) fn separated(
    p: &mut Parser<'_>,
    delim: SyntaxKind,
    unexpected_delim_message: impl Fn() -> String,
    first_set: TokenSet,
    follow_set: TokenSet,
    mut parser: impl FnMut(&mut Parser<'_>) -> bool,
) {
    while !p.at(EOF) {
        if p.at(delim) {
            // Recover if an argument is missing and only got a delimiter,
            // e.g. `(a, , b)`.
            // Wrap the erroneous delimiter in an error node so that fixup logic gets rid of it.
            // FIXME: Ideally this should be handled in fixup in a structured way, but our list
            // nodes currently have no concept of a missing node between two delimiters.
            // So doing it this way is easier.
            let m = p.start();
            p.error(unexpected_delim_message());
            p.bump(delim);
            m.complete(p, ERROR);
            continue;
        }
        if !parser(p) {
            break;
        }
        if p.at(delim) && (p.nth_at(1, EOF) || p.nth_at(1, SEMICOLON) || p.nth_at_ts(1, follow_set))
        {
            p.err_and_bump(&unexpected_delim_message());
            break;
        }
        if !p.eat(delim) {
            if p.at_ts(first_set) && !p.at_ts(follow_set) {
                p.error(format!("expected {delim:?}"));
            } else {
                break;
            }
        }
    }
}

#[derive(PartialEq, Clone, Copy)]
enum PathSegmentKind {
    Name,
    NameRef,
}

/// ```sql
/// create type a . b as ();
/// --          ^   ^ then path_segment
/// --          |
/// --          | path_segment_ref
/// ```
fn path_segment(p: &mut Parser<'_>, kind: PathSegmentKind) {
    let m = p.start();
    // TODO: does this need to be flagged?
    // Might want to disallow operators in some paths.
    // Like `create table +()` doesn't make sense.
    if p.at_ts(OPERATOR_FIRST) && !p.at(OPERATOR_KW) && current_operator(p).is_some() {
        // check for operator kw so we can parse things like:
        //   create table operator();

        // skip
    } else if p.at_ts(COL_LABEL_FIRST) {
        pg_name(p);
    } else {
        p.error(format!("expected name, got {:?}", p.current()));
        m.abandon(p);
        return;
    }
    let kind = if kind == PathSegmentKind::NameRef || p.at(DOT) {
        PATH_SEGMENT_REF
    } else {
        PATH_SEGMENT
    };
    m.complete(p, kind);
}

const PATH_FIRST: TokenSet = NON_RESERVED_WORD;

fn opt_path(p: &mut Parser<'_>, kind: PathSegmentKind) -> Option<CompletedMarker> {
    if !p.at_ts(PATH_FIRST) {
        return None;
    }
    let m = p.start();
    path_segment(p, kind);
    let qual = m.complete(p, path_kind(p, kind));
    Some(path_for_qualifier(p, qual, kind))
}

fn opt_path_name(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    opt_path(p, PathSegmentKind::Name)
}

fn path_name(p: &mut Parser<'_>) {
    if opt_path_name(p).is_none() {
        p.error("expected path name");
    }
}

fn opt_path_name_ref(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    opt_path(p, PathSegmentKind::NameRef)
}

fn path_name_ref(p: &mut Parser<'_>) {
    if opt_path_name_ref(p).is_none() {
        p.error("expected path name");
    }
}

fn qualified_column_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, QUALIFIED_COLUMN_NAME_REF);
}

fn path_kind(p: &Parser<'_>, kind: PathSegmentKind) -> SyntaxKind {
    if kind == PathSegmentKind::Name && !p.at(DOT) {
        PATH
    } else {
        PATH_REF
    }
}

fn path_for_qualifier(
    p: &mut Parser<'_>,
    mut qual: CompletedMarker,
    kind: PathSegmentKind,
) -> CompletedMarker {
    loop {
        if p.at(DOT) {
            let path = qual.precede(p);
            p.bump(DOT);
            path_segment(p, kind);
            let path = path.complete(p, path_kind(p, kind));
            qual = path;
        } else {
            return qual;
        }
    }
}

pub(crate) fn opt_percent_type(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(PERCENT) && p.nth_at(1, TYPE_KW) {
        let m = p.start();
        p.bump(PERCENT);
        p.bump(TYPE_KW);
        Some(m.complete(p, PERCENT_TYPE_CLAUSE))
    } else {
        None
    }
}

pub(crate) fn opt_array_bound(p: &mut Parser<'_>) -> bool {
    if !p.at(L_BRACK) {
        return false;
    }
    let m = p.start();
    p.bump(L_BRACK);
    if !p.at(R_BRACK) {
        let _ = expr(p);
    }
    p.expect(R_BRACK);
    m.complete(p, ARRAY_BOUND);
    true
}

fn allows_type_mods(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        PATH_TYPE | BIT_TYPE | BIT_VARYING_TYPE | CHARACTER_TYPE | VARCHAR_TYPE
    )
}

fn type_mods(
    p: &mut Parser<'_>,
    m: Marker,
    type_args_enabled: bool,
    percent_type_enabled: bool,
    kind: SyntaxKind,
) -> Option<CompletedMarker> {
    if percent_type_enabled && opt_percent_type(p).is_some() {
        return Some(m.complete(p, PERCENT_TYPE));
    }
    if p.at(L_PAREN) && type_args_enabled && allows_type_mods(kind) {
        let m = p.start();
        delimited(
            p,
            L_PAREN,
            R_PAREN,
            COMMA,
            ListItems::Required,
            || "unexpected comma".to_string(),
            EXPR_FIRST.union(TokenSet::new(&[VARIADIC_KW])),
            |p| arg_expr(p).is_some(),
        );
        m.complete(p, ARG_LIST);
    }
    let cm = m.complete(p, kind);
    if !p.at(L_BRACK) && !p.at(ARRAY_KW) {
        return Some(cm);
    }
    let m = cm.precede(p);
    if p.eat(ARRAY_KW) {
        opt_array_bound(p);
    } else {
        let mut found_one_array_bracks = false;
        while !p.at(EOF) && p.at(L_BRACK) {
            if opt_array_bound(p) {
                found_one_array_bracks = true;
            }
        }
        if !found_one_array_bracks {
            p.error("expected L_BRACK for ARRAY_TYPE");
        }
    }
    Some(m.complete(p, ARRAY_TYPE))
}

fn char_type(p: &mut Parser<'_>) -> SyntaxKind {
    assert!(p.at(CHARACTER_KW) || p.at(CHAR_KW) || p.at(NCHAR_KW) || p.at(VARCHAR_KW));
    if p.eat(VARCHAR_KW) {
        return VARCHAR_TYPE;
    }
    p.bump_any();
    if p.eat(VARYING_KW) {
        VARCHAR_TYPE
    } else {
        CHARACTER_TYPE
    }
}

const TYPE_NAME_FIRST: TokenSet = TokenSet::new(&[
    BIT_KW,
    NATIONAL_KW,
    CHARACTER_KW,
    CHAR_KW,
    NCHAR_KW,
    VARCHAR_KW,
    TIMESTAMP_KW,
    TIME_KW,
    INTERVAL_KW,
    DOUBLE_KW,
    GENERATED_KW,
    IDENT,
])
.union(TYPE_KEYWORDS);

/*
SimpleTypename ('[' (Iconst) ']')
SET OF SimpleTypename ('[' (Iconst) ']')
SimpleTypename array '[' Iconst ']'
SET OF SimpleTypename array '[' Iconst ']'
SimpleTypename array
SET OF SimpleTypename array

where
SimpleTypename is:
    GenericType
    | Numeric
    | Bit
    | Character
    | ConstDatetime
    | ConstInterval opt_interval
    | ConstInterval '(' Iconst ')'
    | JsonType

*/
#[must_use]
fn opt_type_name_with(
    p: &mut Parser<'_>,
    type_args_enabled: bool,
    percent_type_enabled: bool,
) -> Option<CompletedMarker> {
    if !p.at_ts(TYPE_NAME_FIRST) {
        return None;
    }
    let m = p.start();
    p.eat(SETOF_KW);
    let wrapper_type = match p.current() {
        BIT_KW => {
            p.bump(BIT_KW);
            if p.eat(VARYING_KW) {
                BIT_VARYING_TYPE
            } else {
                BIT_TYPE
            }
        }
        NATIONAL_KW if matches!(p.nth(1), CHAR_KW | CHARACTER_KW) => {
            p.bump(NATIONAL_KW);
            char_type(p)
        }
        CHARACTER_KW | CHAR_KW | NCHAR_KW | VARCHAR_KW => char_type(p),
        TIMESTAMP_KW | TIME_KW => {
            let kind = if p.eat(TIMESTAMP_KW) {
                TIMESTAMP_TYPE
            } else {
                p.bump(TIME_KW);
                TIME_TYPE
            };
            if p.eat(L_PAREN) {
                uint_literal(p);
                p.expect(R_PAREN);
            }
            let _ = opt_with_timezone(p);
            kind
        }
        INTERVAL_KW => {
            p.bump(INTERVAL_KW);
            let has_precision = opt_interval_precision(p);
            opt_interval_trailing(p, has_precision);
            INTERVAL_TYPE
        }
        DOUBLE_KW if p.nth_at(1, PRECISION_KW) => {
            p.bump(DOUBLE_KW);
            p.bump(PRECISION_KW);
            DOUBLE_TYPE
        }
        // Column constraint start sequence that can also overlap with a type
        // since `generated` is a valid type name. Special case this so we can
        // be more generous in our parsing.
        GENERATED_KW if p.nth_at(1, ALWAYS_KW) => {
            m.abandon(p);
            return None;
        }
        _ if p.at_ts(TYPE_KEYWORDS) || p.at(IDENT) => {
            path_name_ref(p);
            PATH_TYPE
        }
        _ => {
            m.abandon(p);
            return None;
        }
    };
    type_mods(p, m, type_args_enabled, percent_type_enabled, wrapper_type)
}

fn opt_with_timezone(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if p.at(WITH_KW) || p.at(WITHOUT_KW) {
        let kind = if p.eat(WITH_KW) {
            WITH_TIMEZONE
        } else {
            p.bump(WITHOUT_KW);
            WITHOUT_TIMEZONE
        };
        p.expect(TIME_KW);
        p.expect(ZONE_KW);
        m.complete(p, kind);
        true
    } else {
        m.abandon(p);
        false
    }
}

fn opt_type_name(p: &mut Parser<'_>) -> bool {
    opt_type_name_with(p, true, false).is_some()
}

fn type_name(p: &mut Parser<'_>) {
    if !opt_type_name(p) {
        p.error("expected type name");
    }
}

pub(crate) fn func_type(p: &mut Parser<'_>) {
    if opt_type_name_with(p, true, true).is_none() {
        p.error("expected type name");
    }
}

fn simple_type_name(p: &mut Parser<'_>) {
    if opt_type_name_with(p, false, false).is_none() {
        p.error("expected simple type name");
    }
}

// param_name ( ':=' | '=>' ) a_expr
fn opt_named_arg(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(PARAM_NAME_FIRST) {
        return None;
    }
    // `U&"0066" UESCAPE '!'` is a single name
    let n = if p.at(IDENT) && p.nth_at(1, UESCAPE_KW) && p.nth_at(2, STRING) {
        3
    } else {
        1
    };
    if !(p.nth_at(n, FAT_ARROW) || p.nth_at(n, COLON_EQ)) {
        return None;
    }
    let m = p.start();
    let name = p.start();
    if !opt_ident(p) {
        p.bump_any();
    }
    name.complete(p, PARAM_NAME_REF);
    if !p.eat(FAT_ARROW) {
        p.bump(COLON_EQ);
    }
    if expr(p).is_none() {
        p.error("expected expression");
    }
    Some(m.complete(p, NAMED_ARG))
}

fn func_arg_expr(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    opt_named_arg(p).or_else(|| expr(p).map(|(it, _)| it))
}

fn func_arg_list(p: &mut Parser<'_>) {
    while !p.at(COMMA) {
        if func_arg_expr(p).is_none() {
            break;
        }
        if !p.eat(COMMA) {
            break;
        }
    }
}

fn arg_expr(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    // https://www.postgresql.org/docs/17/typeconv-func.html
    let m = p.start();
    p.eat(VARIADIC_KW);
    match func_arg_expr(p) {
        Some(_) => {
            if p.at(ORDER_KW) {
                opt_order_by_clause(p);
            }
            Some(m.complete(p, ARG))
        }
        None => {
            m.abandon(p);
            None
        }
    }
}

pub(crate) fn arg_list(p: &mut Parser<'_>) {
    assert!(p.at(L_PAREN));
    let m = p.start();
    // sum(*), count(*), max(*)
    if p.nth_at(1, STAR) {
        p.bump(L_PAREN);
        p.expect(STAR);
        p.expect(R_PAREN);
        m.complete(p, ARG_LIST);
        return;
    }
    let mut first_arg = true;
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Optional,
        || "expected expression".into(),
        EXPR_FIRST,
        |p| {
            if std::mem::take(&mut first_arg) {
                opt_all_or_distinct(p);
            } else if p.at(ALL_KW) || p.at(DISTINCT_KW) {
                p.err_and_bump("ALL or DISTINCT is only allowed before the first argument");
            }
            arg_expr(p).is_some()
        },
    );
    m.complete(p, ARG_LIST);
}

// [ ALL | DISTINCT ]
fn opt_all_or_distinct(p: &mut Parser<'_>) {
    let kind = match p.current() {
        ALL_KW => ALL,
        DISTINCT_KW => DISTINCT,
        _ => return,
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

const INTERVAL_QUALIFIER_FIRST: TokenSet =
    TokenSet::new(&[DAY_KW, HOUR_KW, MINUTE_KW, MONTH_KW, SECOND_KW, YEAR_KW]);

fn opt_interval_precision(p: &mut Parser<'_>) -> bool {
    if !p.eat(L_PAREN) {
        return false;
    }
    uint_literal(p);
    p.expect(R_PAREN);
    true
}

fn interval_second(p: &mut Parser<'_>) {
    p.expect(SECOND_KW);
    if p.eat(L_PAREN) {
        uint_literal(p);
        p.expect(R_PAREN);
    }
}

fn opt_interval_trailing(p: &mut Parser<'_>, has_precision: bool) {
    if has_precision && p.at_ts(INTERVAL_QUALIFIER_FIRST) {
        p.error("unexpected interval qualifier");
    }
    let m = p.start();
    let kind = match (p.current(), p.nth(1)) {
        (DAY_KW, TO_KW) => {
            p.bump(DAY_KW);
            p.bump(TO_KW);
            match p.current() {
                HOUR_KW => {
                    p.bump(HOUR_KW);
                    INTERVAL_HOUR
                }
                MINUTE_KW => {
                    p.bump(MINUTE_KW);
                    INTERVAL_MINUTE
                }
                SECOND_KW => {
                    interval_second(p);
                    INTERVAL_SECOND
                }
                _ => {
                    p.error("expected HOUR, MINUTE, or SECOND");
                    INTERVAL_DAY
                }
            }
        }
        (DAY_KW, _) => {
            p.bump(DAY_KW);
            INTERVAL_DAY
        }
        (HOUR_KW, TO_KW) => {
            p.bump(HOUR_KW);
            p.bump(TO_KW);
            if p.eat(MINUTE_KW) {
                INTERVAL_MINUTE
            } else {
                interval_second(p);
                INTERVAL_SECOND
            }
        }
        (HOUR_KW, _) => {
            p.bump(HOUR_KW);
            INTERVAL_HOUR
        }
        (MINUTE_KW, TO_KW) => {
            p.bump(MINUTE_KW);
            p.bump(TO_KW);
            interval_second(p);
            INTERVAL_SECOND
        }
        (MINUTE_KW, _) => {
            p.bump(MINUTE_KW);
            INTERVAL_MINUTE
        }
        (MONTH_KW, _) => {
            p.bump(MONTH_KW);
            INTERVAL_MONTH
        }
        (YEAR_KW, TO_KW) => {
            p.bump(YEAR_KW);
            p.bump(TO_KW);
            p.expect(MONTH_KW);
            INTERVAL_MONTH
        }
        (YEAR_KW, _) => {
            p.bump(YEAR_KW);
            INTERVAL_YEAR
        }
        (SECOND_KW, _) => {
            interval_second(p);
            INTERVAL_SECOND
        }
        _ => {
            m.abandon(p);
            return;
        }
    };
    m.complete(p, kind);
}

fn name_ref_(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(NAME_REF_FIRST) {
        return None;
    }
    let m = p.start();
    let has_type_modifiers = match p.current() {
        TIMESTAMP_KW | TIME_KW => {
            if !p.eat(TIMESTAMP_KW) {
                p.bump(TIME_KW);
            }
            let has_precision = if p.eat(L_PAREN) {
                uint_literal(p);
                p.expect(R_PAREN);
                true
            } else {
                false
            };
            let has_timezone = opt_with_timezone(p);
            has_precision || has_timezone
        }
        BIT_KW => {
            p.bump(BIT_KW);
            p.eat(VARYING_KW)
        }
        NATIONAL_KW if matches!(p.nth(1), CHAR_KW | CHARACTER_KW) => {
            p.bump(NATIONAL_KW);
            char_type(p);
            true
        }
        DOUBLE_KW if p.nth_at(1, PRECISION_KW) => {
            p.bump(DOUBLE_KW);
            p.bump(PRECISION_KW);
            true
        }
        CHARACTER_KW | CHAR_KW | NCHAR_KW | VARCHAR_KW => {
            let has_varying = p.nth_at(1, VARYING_KW);
            char_type(p);
            has_varying
        }
        INTERVAL_KW => {
            p.bump(INTERVAL_KW);
            let has_precision = opt_interval_precision(p);
            let has_qualifier = p.at_ts(INTERVAL_QUALIFIER_FIRST);
            opt_interval_trailing(p, has_precision);
            has_precision || has_qualifier
        }
        _ => {
            pg_name(p);
            false
        }
    };
    if has_type_modifiers {
        p.error("type modifiers require a string literal");
    }
    Some(m.complete(p, NAME_REF))
}

// [ SYMMETRIC | ASYMMETRIC ]
fn opt_between_symmetry(p: &mut Parser<'_>) {
    let kind = match p.current() {
        SYMMETRIC_KW => SYMMETRIC,
        ASYMMETRIC_KW => ASYMMETRIC,
        _ => return,
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

fn between_expr(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(NOT_KW) || p.at(BETWEEN_KW));
    let m = p.start();
    p.eat(NOT_KW);
    p.expect(BETWEEN_KW);
    opt_between_symmetry(p);
    b_expr(p);
    p.expect(AND_KW);
    b_expr(p);
    m.complete(p, BETWEEN_EXPR)
}

fn call_expr_args(p: &mut Parser<'_>, lhs: CompletedMarker, is_func_name: bool) -> CompletedMarker {
    assert!(p.at(L_PAREN));
    if !is_func_name {
        p.error("expected function name before argument list");
    }
    let m = lhs.precede(p);
    arg_list(p);
    opt_agg_clauses(p);
    m.complete(p, CALL_EXPR)
}

fn opt_agg_clauses(p: &mut Parser<'_>) {
    opt_within_clause(p);
    opt_filter_clause(p);
    opt_null_treatment(p);
    opt_over_clause(p);
}

fn opt_filter_clause(p: &mut Parser<'_>) {
    if p.at(FILTER_KW) {
        let m = p.start();
        p.expect(FILTER_KW);
        p.expect(L_PAREN);
        p.expect(WHERE_KW);
        expr(p);
        p.expect(R_PAREN);
        m.complete(p, FILTER_CLAUSE);
    }
}

fn opt_over_clause(p: &mut Parser<'_>) {
    if p.at(OVER_KW) {
        // OVER window_name
        // OVER ( window_definition )
        let m = p.start();
        p.expect(OVER_KW);
        if p.at(L_PAREN) {
            let target = p.start();
            p.bump(L_PAREN);
            window_spec(p);
            p.expect(R_PAREN);
            target.complete(p, OVER_WINDOW_SPEC);
        } else {
            window_ref(p);
        }
        m.complete(p, OVER_CLAUSE);
    }
}

fn opt_null_treatment(p: &mut Parser<'_>) {
    if !p.at(RESPECT_KW) && !p.at(IGNORE_KW) {
        return;
    }

    let m = p.start();
    let kind = if p.eat(RESPECT_KW) {
        RESPECT_NULLS
    } else {
        p.bump(IGNORE_KW);
        IGNORE_NULLS
    };
    p.expect(NULLS_KW);
    m.complete(p, kind);
}

fn opt_within_clause(p: &mut Parser<'_>) {
    if p.at(WITHIN_KW) {
        let m = p.start();
        p.expect(WITHIN_KW);
        p.expect(GROUP_KW);
        p.expect(L_PAREN);
        opt_order_by_clause(p);
        p.expect(R_PAREN);
        m.complete(p, WITHIN_CLAUSE);
    }
}

// foo[]
// foo[:b]
// foo[a:]
// foo[a:b]
// foo[:]
fn index_expr(p: &mut Parser<'_>, lhs: CompletedMarker) -> CompletedMarker {
    assert!(p.at(L_BRACK));
    let m = lhs.precede(p);
    p.bump(L_BRACK);
    if !p.eat(R_BRACK) {
        // foo[expr]
        // foo[:b]
        // foo[:]
        if p.eat(COLON) {
            // foo[:]
            if p.eat(R_BRACK) {
                return m.complete(p, SLICE_EXPR);
            } else {
                // foo[:b]
                expr(p);
                p.expect(R_BRACK);
                return m.complete(p, SLICE_EXPR);
            }
        }
        // foo[a]
        // foo[a:]
        // foo[a:b]
        expr(p);
        if p.eat(COLON) {
            // foo[a:]
            if p.eat(R_BRACK) {
                return m.complete(p, SLICE_EXPR);
            }
            // foo[a:b]
            expr(p);
            p.expect(R_BRACK);
            return m.complete(p, SLICE_EXPR);
        }
        p.expect(R_BRACK);
    }
    m.complete(p, INDEX_EXPR)
}

fn at_field_selection(p: &Parser<'_>) -> bool {
    p.at(DOT) && (p.nth_at_ts(1, COL_LABEL_FIRST) || p.nth_at(1, STAR))
}

fn field_name(p: &mut Parser<'_>) {
    assert!(p.at(IDENT) || p.at_ts(TYPE_KEYWORDS) || p.at_ts(ALL_KEYWORDS));
    let m = p.start();
    pg_name(p);
    m.complete(p, NAME_REF);
}

fn field_expr(p: &mut Parser<'_>, lhs: CompletedMarker) -> CompletedMarker {
    assert!(p.at(DOT));
    let m = lhs.precede(p);
    p.bump(DOT);
    if p.at(IDENT) || p.at_ts(TYPE_KEYWORDS) || p.at_ts(ALL_KEYWORDS) {
        field_name(p);
    } else if p.at(INT_NUMBER) || p.at(NUMERIC_NUMBER) {
        // Unlike Rust, we can't have a number as a field, so we just report an
        // error.
        p.err_and_bump("expected field name");
    } else if p.eat(STAR) {
        //
    } else {
        p.error(format!("expected field name, got {:?}", p.current()));
    }
    m.complete(p, FIELD_EXPR)
}

pub(crate) fn expr(p: &mut Parser<'_>) -> Option<(CompletedMarker, ExprKind)> {
    expr_bp(p, 1, &Restrictions::default())
}

fn opt_expr(p: &mut Parser<'_>) -> Option<(CompletedMarker, ExprKind)> {
    if !p.at_ts(EXPR_FIRST) {
        return None;
    }
    expr(p)
}

// Based on the Postgres grammar b_expr, it's expr without `AND`, `NOT`, `IS`,
// and `IN`
fn b_expr(p: &mut Parser<'_>) -> Option<(CompletedMarker, ExprKind)> {
    expr_bp(
        p,
        1,
        &Restrictions {
            in_disabled: true,
            is_disabled: true,
            not_disabled: true,
            and_disabled: true,
            ..Restrictions::default()
        },
    )
}

fn expr_or_json_key_value(p: &mut Parser) -> Option<CompletedMarker> {
    let m = p.start();
    if expr(p).is_none() {
        p.error("expected expression");
    }
    // we're not at a json_key_value and are probably at just an expr
    if !p.eat(VALUE_KW) && !p.eat(COLON) {
        m.abandon(p);
        return None;
    }
    json_value_expr(p);
    Some(m.complete(p, JSON_KEY_VALUE))
}

enum Associativity {
    Left,
    Right,
}

/// Binding powers of operators for a Pratt parser.
///
/// See <https://matklad.github.io/2020/04/13/simple-but-powerful-pratt-parsing.html>
fn current_op(p: &Parser<'_>, r: &Restrictions) -> (u8, SyntaxKind, Associativity) {
    use Associativity::*;
    const NOT_AN_OP: (u8, SyntaxKind, Associativity) = (0, AT, Left);
    // For binding power, checkout:
    // https://www.postgresql.org/docs/17/sql-syntax-lexical.html#SQL-PRECEDENCE
    // https://github.com/postgres/postgres/blob/30f017626308a06cf0c0c82a706a1ba1b07df34a/src/backend/parser/gram.y#L817-L898
    match p.current() {
        // or
        OR_KW => (1, OR_KW, Left),
        // >=
        R_ANGLE if p.at(GTEQ) => (5, GTEQ, Left), // symbol
        // >
        R_ANGLE if p.next_not_joined_op() => (5, R_ANGLE, Left), // symbol
        // `=>` is only valid in a func arg
        EQ if p.at(FAT_ARROW) => NOT_AN_OP,
        // =
        EQ if p.next_not_joined_op() => (5, EQ, Right), // symbol
        // in
        IN_KW if !r.in_disabled => (6, IN_KW, Right),
        // <>
        L_ANGLE if p.at(NEQB) => (5, NEQB, Left), // symbol
        // <=
        L_ANGLE if p.at(LTEQ) => (5, LTEQ, Left), // symbol
        // <
        L_ANGLE if p.next_not_joined_op() => (5, L_ANGLE, Left), // symbol
        // +
        PLUS if p.next_not_joined_op() => (8, PLUS, Left), // symbol
        // overlaps
        OVERLAPS_KW => (7, OVERLAPS_KW, Left),
        // escape
        ESCAPE_KW if !r.escape_disabled => (7, ESCAPE_KW, Left),
        // like
        LIKE_KW => (6, LIKE_KW, Left),
        // ilike
        ILIKE_KW => (6, ILIKE_KW, Left),
        // not similar to
        NOT_KW if !r.not_disabled && p.at(NOT_SIMILAR_TO) => (6, NOT_SIMILAR_TO, Left),
        // not like
        NOT_KW if !r.not_disabled && p.at(NOT_LIKE) => (6, NOT_LIKE, Left),
        // not ilike
        NOT_KW if !r.not_disabled && p.at(NOT_ILIKE) => (6, NOT_ILIKE, Left),
        // not in
        NOT_KW if !r.not_disabled && p.at(NOT_IN) => (6, NOT_IN, Left),
        // is normalized
        IS_KW if !r.is_disabled && p.at(IS_NORMALIZED) => NOT_AN_OP,
        // is not normalized
        IS_KW if !r.is_disabled && p.at(IS_NOT_NORMALIZED) => NOT_AN_OP,
        // is distinct from
        IS_KW if !r.is_disabled && p.at(IS_DISTINCT_FROM) => (4, IS_DISTINCT_FROM, Left),
        // is not distinct from
        IS_KW if !r.is_disabled && p.at(IS_NOT_DISTINCT_FROM) => (4, IS_NOT_DISTINCT_FROM, Left),
        // is not json object
        IS_KW if !r.is_disabled && p.at(IS_NOT_JSON_OBJECT) => NOT_AN_OP,
        // is not json array
        IS_KW if !r.is_disabled && p.at(IS_NOT_JSON_ARRAY) => NOT_AN_OP,
        // is not json value
        IS_KW if !r.is_disabled && p.at(IS_NOT_JSON_VALUE) => NOT_AN_OP,
        // is not json scalar
        IS_KW if !r.is_disabled && p.at(IS_NOT_JSON_SCALAR) => NOT_AN_OP,
        // is not json
        IS_KW if !r.is_disabled && p.at(IS_NOT_JSON) => NOT_AN_OP,
        // is json object
        IS_KW if !r.is_disabled && p.at(IS_JSON_OBJECT) => NOT_AN_OP,
        // is json array
        IS_KW if !r.is_disabled && p.at(IS_JSON_ARRAY) => NOT_AN_OP,
        // is json value
        IS_KW if !r.is_disabled && p.at(IS_JSON_VALUE) => NOT_AN_OP,
        // is json scalar
        IS_KW if !r.is_disabled && p.at(IS_JSON_SCALAR) => NOT_AN_OP,
        // is json
        IS_KW if !r.is_disabled && p.at(IS_JSON) => NOT_AN_OP,
        // at time zone
        AT_KW if p.at(AT_TIME_ZONE) => (11, AT_TIME_ZONE, Left),
        // similar to
        SIMILAR_KW if p.at(SIMILAR_TO) => (6, SIMILAR_TO, Left),
        // is not
        IS_KW if p.at(IS_NOT) => (4, IS_NOT, Left),
        // operator(pg_catalog.+)
        OPERATOR_KW if p.at(OPERATOR_CALL) => (7, OPERATOR_CALL, Left),
        // is
        IS_KW if !r.is_disabled => (4, IS_KW, Left),
        // ^
        CARET if p.next_not_joined_op() => (10, CARET, Left), // symbol
        // %
        PERCENT if p.next_not_joined_op() => (9, PERCENT, Left), // symbol
        // and
        AND_KW if !r.and_disabled => (2, AND_KW, Left),
        // /
        SLASH if p.next_not_joined_op() => (9, SLASH, Left), // symbol
        // *
        STAR if p.next_not_joined_op() => (9, STAR, Left), // symbol
        // !=
        BANG if p.at(NEQ) => (5, NEQ, Left), // symbol
        // collate
        COLLATE_KW => (12, COLLATE_KW, Left),
        // -
        MINUS if p.next_not_joined_op() => (8, MINUS, Left), // symbol
        // ::
        COLON if p.at(COLON_COLON) => (15, COLON_COLON, Left), // symbol
        _ if p.at_ts(OPERATOR_FIRST) => (7, CUSTOM_OP, Right),
        _ => NOT_AN_OP,
    }
}

// tokens thare in bin expr and also in bare_labels
const OVERLAPPING_TOKENS: TokenSet = TokenSet::new(&[OR_KW, AND_KW, IS_KW, COLLATE_KW]);

#[derive(Default, Clone, Copy)]
enum BareLabelBehavior {
    Allowed,
    #[default]
    Forbidden,
}

#[derive(Default, Clone, Copy)]
struct Restrictions {
    escape_disabled: bool,
    in_disabled: bool,
    is_disabled: bool,
    not_disabled: bool,
    and_disabled: bool,
    bare_label: BareLabelBehavior,
}

fn expr_bp(p: &mut Parser<'_>, bp: u8, r: &Restrictions) -> Option<(CompletedMarker, ExprKind)> {
    let m = p.start();
    if !p.at_ts(EXPR_FIRST) {
        p.err_recover(
            &format!("expected an expression, found {:?}", p.current()),
            EXPR_RECOVERY_SET,
        );
        m.abandon(p);
        return None;
    }
    let (mut lhs, mut expr_kind) = match lhs(p, r) {
        Some((lhs, expr_kind)) => (lhs.extend_to(p, m), expr_kind),
        None => {
            m.abandon(p);
            return None;
        }
    };
    // if we're dealing with a bare column label, there's some operator keywords
    // that are allowed that can trip us up, e.g,
    //
    //    select 1 not;
    //
    // to solve this we check if the token following the possible operator looks
    // like an expr, in which case we assume we're dealing with a binary expr,
    // otherwise we assume it's a bare column label.
    loop {
        if p.at_ts(OVERLAPPING_TOKENS) && !p.nth_at_ts(1, EXPR_FIRST) {
            if !(p.nth_at(1, AS_KW) || (p.at(IS_KW) && p.nth_at(1, DISTINCT_KW))) {
                match r.bare_label {
                    BareLabelBehavior::Allowed => break,
                    BareLabelBehavior::Forbidden => (),
                }
            }
        }
        let (op_bp, op, associativity) = current_op(p, r);
        if op_bp < bp {
            break;
        }
        let m = lhs.precede(p);
        p.bump(op);
        if matches!(op, COLON_COLON) {
            type_name(p);
            let cast_expr = m.complete(p, CAST_EXPR);
            lhs = postfix_expr(p, cast_expr);
            expr_kind = ExprKind::Other;
            continue;
        }
        if matches!(op, COLLATE_KW) {
            collation_ref(p);
            lhs = m.complete(p, COLLATE);
            expr_kind = ExprKind::Other;
            continue;
        }

        let op_bp = match associativity {
            Associativity::Left => op_bp + 1,
            Associativity::Right => op_bp,
        };
        let _rhs = expr_bp(p, op_bp, r);
        lhs = m.complete(p, BIN_EXPR);
        expr_kind = ExprKind::Other;
    }
    Some((lhs, expr_kind))
}

fn opt_expr_list(p: &mut Parser) -> bool {
    let mut found_expr = false;
    while !p.at(COMMA) {
        if expr(p).is_none() {
            break;
        }
        found_expr = true;
        if !p.eat(COMMA) {
            break;
        }
    }
    found_expr
}

const COMPOUND_SELECT_FIRST: TokenSet = TokenSet::new(&[UNION_KW, INTERSECT_KW, EXCEPT_KW]);

// with_query_name [ ( column_name [, ...] ) ] AS [ [ NOT ] MATERIALIZED ] ( select | values | insert | update | delete | merge )
//     [ SEARCH { BREADTH | DEPTH } FIRST BY column_name [, ...] SET search_seq_col_name ]
//     [ CYCLE column_name [, ...] SET cycle_mark_col_name [ TO cycle_mark_value DEFAULT cycle_mark_default ] USING cycle_path_col_name ]
fn with_query(p: &mut Parser<'_>) -> CompletedMarker {
    if p.at(WITH_KW) {
        p.err_and_bump("unexpected WITH");
    }
    let m = p.start();
    cte_name(p);
    opt_column_list_with(p, ColumnDefKind::Name);
    p.expect(AS_KW);
    opt_materialized(p);
    p.expect(L_PAREN);
    preparable_stmt(p);
    p.expect(R_PAREN);
    opt_search_clause(p);
    opt_cycle_clause(p);
    m.complete(p, WITH_TABLE)
}

// { BREADTH | DEPTH } FIRST
fn search_order(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = if p.eat(BREADTH_KW) {
        BREADTH_FIRST
    } else {
        p.expect(DEPTH_KW);
        DEPTH_FIRST
    };
    p.expect(FIRST_KW);
    m.complete(p, kind);
}

fn opt_search_clause(p: &mut Parser<'_>) {
    let m = p.start();
    // [ SEARCH { BREADTH | DEPTH } FIRST BY column_name [, ...] SET search_seq_col_name ]
    if p.eat(SEARCH_KW) {
        search_order(p);
        p.expect(BY_KW);
        search_columns(p);
        search_set_column(p);
        m.complete(p, SEARCH_CLAUSE);
    } else {
        m.abandon(p);
    }
}

fn search_columns(p: &mut Parser<'_>) {
    let m = p.start();
    separated(
        p,
        COMMA,
        || "unexpected comma, expected a column name".to_string(),
        NAME_REF_FIRST,
        TokenSet::new(&[SET_KW]),
        |p| opt_column_name_ref(p).is_some(),
    );
    m.complete(p, SEARCH_COLUMNS);
}

fn search_set_column(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(SET_KW);
    column_name_ref(p);
    m.complete(p, SEARCH_SET_COLUMN);
}

// [ CYCLE column_name [, ...] SET cycle_mark_col_name [ TO cycle_mark_value DEFAULT cycle_mark_default ] USING cycle_path_col_name ]
fn opt_cycle_clause(p: &mut Parser<'_>) {
    if !p.at(CYCLE_KW) {
        return;
    }
    let m = p.start();
    p.expect(CYCLE_KW);
    cycle_columns(p);
    cycle_set_column(p);
    cycle_path(p);
    m.complete(p, CYCLE_CLAUSE);
}

fn cycle_path(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(USING_KW);
    // cycle path
    column_name_ref(p);
    m.complete(p, CYCLE_PATH);
}

fn cycle_set_column(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(SET_KW);
    column_name_ref(p);
    opt_cycle_column_to(p);
    m.complete(p, CYCLE_SET_COLUMN);
}

fn opt_cycle_column_to(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(TO_KW) {
        expr(p);
        cycle_default(p);
        m.complete(p, CYCLE_COLUMN_TO);
    } else {
        m.abandon(p);
    }
}

fn cycle_default(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(DEFAULT_KW);
    expr(p);
    m.complete(p, CYCLE_DEFAULT);
}

fn cycle_columns(p: &mut Parser<'_>) {
    let m = p.start();
    separated(
        p,
        COMMA,
        || "unexpected comma, expected a column name".to_string(),
        NAME_REF_FIRST,
        TokenSet::new(&[SET_KW]),
        |p| opt_column_name_ref(p).is_some(),
    );
    m.complete(p, CYCLE_COLUMNS);
}

// [ [ NOT ] MATERIALIZED ]
fn opt_materialized(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(NOT_KW) {
        p.expect(MATERIALIZED_KW);
        m.complete(p, NOT_MATERIALIZED);
    } else if p.eat(MATERIALIZED_KW) {
        m.complete(p, MATERIALIZED);
    } else {
        m.abandon(p);
    }
}

const WITH_FOLLOW: TokenSet = TokenSet::new(&[
    DELETE_KW, SELECT_KW, TABLE_KW, INSERT_KW, UPDATE_KW, MERGE_KW, VALUES_KW,
]);

// [ WITH [ RECURSIVE ] with_query [, ...] ]
fn with_query_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    p.expect(WITH_KW);
    p.eat(RECURSIVE_KW);
    if p.at_ts(WITH_FOLLOW) {
        p.error("expected common table expression");
        return Some(m.complete(p, WITH_CLAUSE));
    }
    while !p.at(EOF) {
        with_query(p);
        if p.at(COMMA) && p.nth_at_ts(1, WITH_FOLLOW) {
            p.err_and_bump("unexpected comma");
            break;
        }
        if !p.eat(COMMA) {
            if p.at_ts(WITH_FOLLOW) || (p.at(L_PAREN) && p.nth_at_ts(1, PAREN_SELECT_FIRST)) {
                break;
            } else if p.at_ts(NAME_REF_FIRST) {
                p.error("missing comma");
            } else {
                p.err_and_bump("missing comma");
                break;
            }
        }
    }
    Some(m.complete(p, WITH_CLAUSE))
}

fn select_clause(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    // normal select stmts
    p.expect(SELECT_KW);
    // select 1 + 1;
    //        ^
    // select all
    //        ^^^
    // select distinct
    //        ^^^^^^^^
    opt_select_all_or_distinct(p);
    opt_target_list(p);
    m.complete(p, SELECT_CLAUSE)
}

// { UNION | INTERSECT | EXCEPT } [ ALL | DISTINCT ]
fn compound_op(p: &mut Parser<'_>) {
    assert!(p.at_ts(COMPOUND_SELECT_FIRST));
    let kind = match p.current() {
        UNION_KW => UNION,
        INTERSECT_KW => INTERSECT,
        _ => EXCEPT,
    };
    let m = p.start();
    p.bump_any();
    opt_all_or_distinct(p);
    m.complete(p, kind);
}

fn compound_op_bp(p: &Parser<'_>) -> Option<u8> {
    match p.current() {
        UNION_KW | EXCEPT_KW => Some(1),
        INTERSECT_KW => Some(2),
        _ => None,
    }
}

fn compound_select_operand(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(L_PAREN) {
        opt_paren_select(p, None, &SelectRestrictions::none())
    } else if p.at_ts(SELECT_FIRST) {
        if p.at(WITH_KW) {
            p.error("a WITH clause is only allowed at the start of a select statement");
        }
        select(p, None, &SelectRestrictions::none())
    } else {
        p.error("expected start of a select statement");
        None
    }
}

fn compound_select_bp(
    p: &mut Parser<'_>,
    mut lhs: CompletedMarker,
    min_bp: u8,
    r: &SelectRestrictions,
) -> CompletedMarker {
    while let Some(bp) = compound_op_bp(p) {
        if bp < min_bp {
            break;
        }
        let m = lhs.precede(p);
        compound_op(p);
        if let Some(rhs) = compound_select_operand(p) {
            compound_select_bp(p, rhs, bp + 1, &SelectRestrictions::none());
        }
        if r.trailing_clauses {
            opt_select_trailing_clauses(p);
        }
        let terminated = r.semi_allowed && p.eat(SEMICOLON);
        lhs = m.complete(p, COMPOUND_SELECT);
        if terminated {
            break;
        }
    }
    lhs
}

fn compound_select(
    p: &mut Parser<'_>,
    cm: CompletedMarker,
    r: &SelectRestrictions,
) -> CompletedMarker {
    assert!(p.at_ts(COMPOUND_SELECT_FIRST));
    compound_select_bp(p, cm, 0, r)
}

fn opt_select_clause(p: &mut Parser<'_>) {
    if p.at(SELECT_KW) {
        select_clause(p);
    }
}

// error recovery:
// - <https://youtu.be/0HlrqwLjCxA?feature=shared&t=2172>
/// <https://www.postgresql.org/docs/17/sql-select.html>
fn select(p: &mut Parser, m: Option<Marker>, r: &SelectRestrictions) -> Option<CompletedMarker> {
    assert!(p.at_ts(SELECT_FIRST));
    let m = m.unwrap_or_else(|| p.start());

    let mut out_kind = SELECT;

    // with aka cte
    // [ WITH [ RECURSIVE ] with_query [, ...] ]
    if p.at(WITH_KW) {
        return with(p, Some(m), r);
    }
    if p.at(VALUES_KW) {
        return Some(values(p, Some(m), r));
    }
    // table [only] name [*]
    if p.eat(TABLE_KW) {
        relation_name(p);
        out_kind = TABLE;
    } else {
        if opt_from_clause(p).is_some() {
            opt_select_clause(p)
        } else {
            select_clause(p);
        }
    }
    Some(select_tail(p, m, r, out_kind))
}

pub(crate) fn perform_select(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at_contextual_kw(PERFORM_KW));
    let m = p.start();
    let clause = p.start();
    // Postgres rewrites this to `select` before passing to the sql parser, but
    // we can't do that
    p.bump_remap(PERFORM_KW);
    opt_select_all_or_distinct(p);
    opt_target_list(p);
    clause.complete(p, SELECT_CLAUSE);
    select_tail(p, m, &SelectRestrictions::default(), SELECT)
}

// PLpgSQL_Expr: opt_distinct_clause opt_target_list
//     from_clause where_clause
//     group_clause having_clause window_clause
//     opt_sort_clause opt_select_limit opt_for_locking_clause
pub(crate) fn plpgsql_expr(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let mut found = opt_select_all_or_distinct(p).is_some();
    found |= opt_target_list(p).is_some();
    found |= opt_from_clause(p).is_some();
    found |= opt_where_clause(p).is_some();
    found |= opt_group_by_clause(p).is_some();
    found |= opt_having_clause(p).is_some();
    found |= opt_window_clause(p).is_some();
    found |= opt_select_trailing_clauses(p);
    if !found {
        m.abandon(p);
        return None;
    }
    Some(m.complete(p, PLPGSQL_EXPR))
}

fn select_tail(
    p: &mut Parser,
    m: Marker,
    r: &SelectRestrictions,
    mut out_kind: SyntaxKind,
) -> CompletedMarker {
    if opt_into_clause(p).is_some() {
        out_kind = SELECT_INTO;
    }
    opt_from_clause(p);
    opt_where_clause(p);
    opt_misplaced_joins(p);
    opt_group_by_clause(p);
    opt_having_clause(p);
    opt_window_clause(p);
    if p.at_ts(COMPOUND_SELECT_FIRST) && r.compound_allowed {
        let cm = m.complete(p, out_kind);
        return compound_select(p, cm, r);
    }
    if r.trailing_clauses {
        opt_select_trailing_clauses(p);
        // error recovery
        if p.at_ts(COMPOUND_SELECT_FIRST) && r.compound_allowed {
            let cm = m.complete(p, out_kind);
            return compound_select(p, cm, r);
        }
    }
    if r.semi_allowed {
        p.eat(SEMICOLON);
    }
    m.complete(p, out_kind)
}

const SELECT_TRAILING_CLAUSES_FIRST: TokenSet =
    TokenSet::new(&[ORDER_KW, FOR_KW, LIMIT_KW, OFFSET_KW, FETCH_KW]);

fn opt_select_trailing_clauses(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(SELECT_TRAILING_CLAUSES_FIRST) {
        return false;
    }

    opt_order_by_clause(p);
    opt_misplaced_having_clause(p);
    let mut has_locking_clause = false;
    while p.at(FOR_KW) {
        if opt_locking_clause(p).is_some() {
            has_locking_clause = true;
        }
    }
    opt_limit_clause(p);
    opt_offset_clause(p);
    opt_limit_clause(p);
    opt_fetch_clause(p);
    opt_offset_clause(p);
    if !has_locking_clause {
        while p.at(FOR_KW) {
            opt_locking_clause(p);
        }
    }
    if p.at_ts(COMPOUND_SELECT_FIRST) {
        p.error(
            "UNION, INTERSECT, EXCEPT must come before ORDER BY, LIMIT, OFFSET, FETCH, and locking clauses",
        );
    }
    true
}

// INTO [ TEMPORARY | TEMP | UNLOGGED ] [ TABLE ] new_table
fn opt_into_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(INTO_KW) {
        let m = p.start();
        p.bump(INTO_KW);
        opt_persistence(p);
        p.eat(TABLE_KW);
        table_name(p);
        Some(m.complete(p, INTO_CLAUSE))
    } else {
        None
    }
}

fn lock_strength(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        NO_KW => {
            p.bump(NO_KW);
            p.expect(KEY_KW);
            p.expect(UPDATE_KW);
            m.complete(p, FOR_NO_KEY_UPDATE);
        }
        KEY_KW => {
            p.bump(KEY_KW);
            p.expect(SHARE_KW);
            m.complete(p, FOR_KEY_SHARE);
        }
        SHARE_KW => {
            p.bump(SHARE_KW);
            m.complete(p, FOR_SHARE);
        }
        UPDATE_KW => {
            p.bump(UPDATE_KW);
            m.complete(p, FOR_UPDATE);
        }
        _ => {
            p.error("expected lock strength");
            m.abandon(p);
        }
    }
}

fn opt_nowait(p: &mut Parser<'_>) {
    if !p.at(NOWAIT_KW) {
        return;
    }
    let m = p.start();
    p.bump(NOWAIT_KW);
    m.complete(p, NOWAIT);
}

fn opt_locking_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if !p.eat(FOR_KW) {
        m.abandon(p);
        return None;
    }
    lock_strength(p);
    if p.at(OF_KW) {
        let m = p.start();
        p.bump(OF_KW);
        if !opt_expr_list(p) {
            p.error("expected an expression");
        }
        m.complete(p, LOCKING_OF);
    }
    match p.current() {
        SKIP_KW => {
            let m = p.start();
            p.bump(SKIP_KW);
            p.expect(LOCKED_KW);
            m.complete(p, SKIP_LOCKED);
        }
        NOWAIT_KW => opt_nowait(p),
        _ => (),
    }
    Some(m.complete(p, LOCKING_CLAUSE))
}

// { ONLY | WITH TIES }
fn fetch_quantity(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(WITH_KW) {
        p.expect(TIES_KW);
        m.complete(p, WITH_TIES);
    } else if p.eat(ONLY_KW) {
        m.complete(p, FETCH_ONLY);
    } else {
        p.error("expected ONLY or WITH TIES");
        m.abandon(p);
    }
}

// FETCH { FIRST | NEXT } [ count ] { ROW | ROWS } { ONLY | WITH TIES }
fn opt_fetch_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(FETCH_KW) {
        return None;
    }
    let m = p.start();
    p.bump(FETCH_KW);
    // { FIRST | NEXT }
    if !p.eat(FIRST_KW) && !p.eat(NEXT_KW) {
        p.error("expected first or next");
    }
    // [ count ]
    if !p.at(ROWS_KW) && !p.at(ROW_KW) {
        expr(p);
    }
    // { ROW | ROWS }
    if !p.eat(ROW_KW) {
        p.expect(ROWS_KW);
    }
    fetch_quantity(p);
    Some(m.complete(p, FETCH_CLAUSE))
}

fn opt_order_by_clause(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if !p.eat(ORDER_KW) {
        m.abandon(p);
        return false;
    }
    p.expect(BY_KW);
    sort_by_list(p);
    m.complete(p, ORDER_BY_CLAUSE);
    true
}

fn sort_by_list(p: &mut Parser<'_>) {
    let m = p.start();
    let mut found_item = false;
    while !p.at(EOF) && p.at_ts(EXPR_FIRST) {
        sort_by(p);
        found_item = true;
        if !p.eat(COMMA) {
            break;
        }
        if !p.at_ts(EXPR_FIRST) {
            p.error("Expected an ORDER BY item after comma");
            break;
        }
    }
    if !found_item {
        p.error("Expected at least one ORDER BY item");
    }
    m.complete(p, SORT_BY_LIST);
}

fn sort_by(p: &mut Parser<'_>) {
    let m = p.start();
    expr(p);
    opt_sort_order(p);
    opt_nulls_order(p);
    m.complete(p, SORT_BY);
}

fn opt_sort_order(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = match p.current() {
        ASC_KW => {
            p.bump(ASC_KW);
            SORT_ASC
        }
        DESC_KW => {
            p.bump(DESC_KW);
            SORT_DESC
        }
        USING_KW => {
            p.bump(USING_KW);
            op_or_opcall(p);
            SORT_USING
        }
        _ => {
            m.abandon(p);
            return;
        }
    };
    m.complete(p, kind);
}

const JOIN_TYPE_FIRST: TokenSet =
    TokenSet::new(&[INNER_KW, JOIN_KW, LEFT_KW, RIGHT_KW, FULL_KW, CROSS_KW]);

// where join_type is:
//   [ INNER ] JOIN
//   LEFT [ OUTER ] JOIN
//   RIGHT [ OUTER ] JOIN
//   FULL [ OUTER ] JOIN
fn join_type(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let kind = match p.current() {
        CROSS_KW => {
            p.bump(CROSS_KW);
            p.expect(JOIN_KW);
            JOIN_CROSS
        }
        INNER_KW | JOIN_KW => {
            p.eat(INNER_KW);
            p.expect(JOIN_KW);
            JOIN_INNER
        }
        LEFT_KW => {
            p.bump(LEFT_KW);
            p.eat(OUTER_KW);
            p.expect(JOIN_KW);
            JOIN_LEFT
        }
        RIGHT_KW => {
            p.bump(RIGHT_KW);
            p.eat(OUTER_KW);
            p.expect(JOIN_KW);
            JOIN_RIGHT
        }
        FULL_KW => {
            p.bump(FULL_KW);
            p.eat(OUTER_KW);
            p.expect(JOIN_KW);
            JOIN_FULL
        }
        _ => {
            p.error("expected join type");
            m.abandon(p);
            return None;
        }
    };
    Some(m.complete(p, kind))
}

const JOIN_FIRST: TokenSet = TokenSet::new(&[NATURAL_KW, CROSS_KW]).union(JOIN_TYPE_FIRST);

fn opt_from_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if !p.eat(FROM_KW) {
        m.abandon(p);
        return None;
    }
    if opt_from_item(p).is_none() {
        p.error(format!("expected from item, got {:?}", p.current()));
    }
    while !p.at(EOF) && p.eat(COMMA) {
        if opt_from_item(p).is_none() {
            p.error("expected from item");
            break;
        }
    }
    Some(m.complete(p, FROM_CLAUSE))
}

// https://github.com/postgres/postgres/blob/2421e9a51d20bb83154e54a16ce628f9249fa907/src/backend/parser/gram.y#L15798C13-L16258
// Generated via the above grammar, but we only take the keywords that are
// single items. So `CURRENT_DATE` but not `COLLATION FOR '(' a_expr ')'`
const FUNC_EXPR_COMMON_SUBEXPR_FIRST: TokenSet = TokenSet::new(&[
    CAST_KW,
    COALESCE_KW,
    COLLATION_KW,
    CURRENT_CATALOG_KW,
    CURRENT_DATE_KW,
    CURRENT_ROLE_KW,
    CURRENT_SCHEMA_KW,
    CURRENT_TIME_KW,
    CURRENT_TIMESTAMP_KW,
    CURRENT_USER_KW,
    EXTRACT_KW,
    GREATEST_KW,
    JSON_KW,
    JSON_ARRAY_KW,
    JSON_ARRAYAGG_KW,
    JSON_EXISTS_KW,
    JSON_OBJECT_KW,
    JSON_OBJECTAGG_KW,
    JSON_QUERY_KW,
    JSON_SCALAR_KW,
    JSON_SERIALIZE_KW,
    JSON_TABLE_KW,
    JSON_VALUE_KW,
    LEAST_KW,
    LOCALTIME_KW,
    LOCALTIMESTAMP_KW,
    MERGE_ACTION_KW,
    NORMALIZE_KW,
    NULLIF_KW,
    OVERLAY_KW,
    POSITION_KW,
    SESSION_USER_KW,
    SUBSTRING_KW,
    SYSTEM_USER_KW,
    TREAT_KW,
    TRIM_KW,
    USER_KW,
    XMLCONCAT_KW,
    XMLELEMENT_KW,
    XMLEXISTS_KW,
    XMLFOREST_KW,
    XMLPARSE_KW,
    XMLPI_KW,
    XMLROOT_KW,
    XMLSERIALIZE_KW,
    XMLTABLE_KW,
]);

const FROM_ITEM_KEYWORDS_FIRST: TokenSet = TokenSet::new(&[])
    .union(UNRESERVED_KEYWORDS)
    .union(COL_NAME_KEYWORD_FIRST)
    .union(FUNC_EXPR_COMMON_SUBEXPR_FIRST);

const FROM_ITEM_FIRST: TokenSet = TokenSet::new(&[
    ONLY_KW,        // optional
    IDENT,          // table_name, with_query_name, function_name
    L_PAREN,        // nested select stmt
    LATERAL_KW,     // optional
    ROWS_KW,        // rows from
    GRAPH_TABLE_KW, // GRAPH_TABLE(...)
])
.union(FROM_ITEM_KEYWORDS_FIRST);

fn from_item_is_function(p: &Parser<'_>) -> bool {
    let mut n = 1;
    while p.nth_at(n, DOT) {
        n += 2;
    }
    p.nth_at(n, L_PAREN)
}

fn from_item_relation_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    let seg = p.start();
    path_segment(p, PathSegmentKind::NameRef);
    let qual = seg.complete(p, path_kind(p, PathSegmentKind::NameRef));
    path_for_qualifier(p, qual, PathSegmentKind::NameRef);
    m.complete(p, RELATION_NAME_REF);
}

// [ WITH ORDINALITY ]
fn opt_with_ordinality(p: &mut Parser<'_>) {
    if !p.at(WITH_KW) {
        return;
    }
    let m = p.start();
    p.bump(WITH_KW);
    p.expect(ORDINALITY_KW);
    m.complete(p, WITH_ORDINALITY);
}

fn from_item_name(p: &mut Parser<'_>) -> SyntaxKind {
    if from_item_is_function(p) {
        // [ WITH ORDINALITY ]
        //    [ [ AS ] alias [ ( column_alias [, ...] ) ] ]
        // [ AS ] alias ( column_definition [, ...] )
        // AS ( column_definition [, ...] )
        // TODO: we should use this to inform parsing down below
        match name_ref_(p).map(|lhs| postfix_expr(p, lhs)) {
            Some(val) if val.kind() == CALL_EXPR => {
                opt_with_ordinality(p);
                opt_from_alias(p);
                FUNCTION_FROM_ITEM
            }
            Some(got) => {
                p.error(format!("expected a function call, got {:?}", got.kind()));
                FUNCTION_FROM_ITEM
            }
            None => {
                p.error("expected name");
                FUNCTION_FROM_ITEM
            }
        }
    } else {
        //  [ * ] [ [ AS ] alias [ ( column_alias [, ...] ) ] ]
        //              [ TABLESAMPLE sampling_method ( argument [, ...] ) [ REPEATABLE ( seed ) ] ]
        //
        //  [ [ AS ] alias [ ( column_alias [, ...] ) ] ]
        // we're at a table_name
        from_item_relation_name_ref(p);
        p.eat(STAR);
        opt_from_alias(p);
        opt_tablesample_clause(p);
        RELATION_FROM_ITEM
    }
}

struct DataSource {
    kind: SyntaxKind,
    expr_kind: ExprKind,
    paren_select: Option<CompletedMarker>,
}

fn data_source(p: &mut Parser<'_>, in_parens: bool) -> DataSource {
    let only = p.eat(ONLY_KW);
    let lateral = p.eat(LATERAL_KW);
    let mut expr_kind = ExprKind::Other;
    let mut paren_select = None;
    let kind = match p.current() {
        L_PAREN => {
            let cm = paren_data_source(p, in_parens);
            expr_kind = cm.as_ref().map_or(ExprKind::Other, |(_, kind)| *kind);
            let alias = opt_from_alias(p);
            if !only && !lateral && alias.is_none() {
                paren_select = cm.map(|(cm, _)| cm).filter(is_select_marker);
            }
            PAREN_FROM_ITEM
        }
        JSON_TABLE_KW if p.nth_at(1, L_PAREN) => {
            json_table_fn(p);
            opt_from_alias(p);
            JSON_TABLE_FROM_ITEM
        }
        GRAPH_TABLE_KW if p.nth_at(1, L_PAREN) => {
            graph_table_fn(p);
            opt_from_alias(p);
            GRAPH_TABLE_FROM_ITEM
        }
        XMLTABLE_KW if p.nth_at(1, L_PAREN) => {
            xml_table_fn(p);
            opt_from_alias(p);
            XML_TABLE_FROM_ITEM
        }
        ROWS_KW if p.nth_at(1, FROM_KW) => {
            p.bump(ROWS_KW);
            p.expect(FROM_KW);
            delimited(
                p,
                L_PAREN,
                R_PAREN,
                COMMA,
                ListItems::Required,
                || "unexpected comma".to_string(),
                EXPR_FIRST,
                opt_row_from_expr,
            );
            opt_with_ordinality(p);
            opt_from_alias(p);
            ROWS_FROM_ITEM
        }
        IDENT => from_item_name(p),
        CAST_KW | TREAT_KW => {
            if expr(p).is_none() {
                p.error("expected expression");
            }
            opt_from_alias(p);
            EXPR_FROM_ITEM
        }
        COLLATION_KW if p.nth_at(1, FOR_KW) => {
            collation_for_fn(p);
            opt_from_alias(p);
            EXPR_FROM_ITEM
        }
        _ if p.at_ts(FROM_ITEM_KEYWORDS_FIRST) => from_item_name(p),
        _ => {
            p.error("expected table reference");
            RELATION_FROM_ITEM
        }
    };
    DataSource {
        kind,
        expr_kind,
        paren_select,
    }
}

fn xml_table_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(XMLTABLE_KW));
    let m = p.start();
    p.bump(XMLTABLE_KW);
    p.expect(L_PAREN);
    if p.eat(XMLNAMESPACES_KW) {
        xml_namespace_list(p);
        p.expect(COMMA);
    }
    xml_row_passing_clause(p);
    xmltable_column_list(p);
    p.expect(R_PAREN);
    m.complete(p, XML_TABLE)
}

fn xml_row_passing_clause(p: &mut Parser<'_>) {
    let m = p.start();
    // row_expression PASSING [BY {REF|VALUE}] document_expression [BY {REF|VALUE}]
    if expr(p).is_none() {
        p.error("expected expression");
    }
    p.expect(PASSING_KW);
    opt_xml_passing_mech(p);
    let doc = p.start();
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_xml_passing_mech(p);
    doc.complete(p, XML_PASSING_DOC);
    m.complete(p, XML_ROW_PASSING_CLAUSE);
}

fn opt_row_from_expr(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(EXPR_FIRST) {
        return false;
    }
    let m = p.start();
    call_expr(p);
    if p.eat(AS_KW) && !opt_column_list_with(p, ColumnDefKind::ColumnDef) {
        p.error("expected column definition list");
    }
    m.complete(p, ROWS_FROM_ARG);
    true
}

fn xmltable_column_list(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(COLUMNS_KW);
    xmltable_column_el(p);
    while !p.at(EOF) && p.eat(COMMA) {
        xmltable_column_el(p);
    }
    m.complete(p, XML_TABLE_COLUMN_LIST);
}

fn xmltable_column_el(p: &mut Parser<'_>) {
    let m = p.start();
    column_name(p);
    if p.eat(FOR_KW) {
        p.expect(ORDINALITY_KW);
    } else {
        type_name(p);
        opt_xmltable_column_option_list(p);
    }
    m.complete(p, XML_TABLE_COLUMN);
}

fn opt_xmltable_column_option_list(p: &mut Parser<'_>) {
    let m = p.start();
    if opt_xmltable_column_option_el(p).is_none() {
        m.abandon(p);
        return;
    }
    while !p.at(EOF) && opt_xmltable_column_option_el(p).is_some() {}
    m.complete(p, XML_COLUMN_OPTION_LIST);
}

fn opt_xmltable_column_option_el(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let kind = match p.current() {
        DEFAULT_KW => {
            p.bump(DEFAULT_KW);
            if expr(p).is_none() {
                p.error("expected expression");
            }
            OPTION_DEFAULT
        }
        PATH_KW => {
            p.bump(PATH_KW);
            if expr(p).is_none() {
                p.error("expected expression");
            }
            OPTION_PATH
        }
        IDENT => {
            p.bump(IDENT);
            if expr(p).is_none() {
                p.error("expected expression");
            }
            OPTION_IDENT
        }
        NOT_KW => {
            p.bump(NOT_KW);
            p.expect(NULL_KW);
            OPTION_NOT_NULL
        }
        NULL_KW => {
            p.bump(NULL_KW);
            OPTION_NULL
        }
        _ => {
            m.abandon(p);
            return None;
        }
    };
    Some(m.complete(p, kind))
}

fn xml_namespace_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        XML_NAMESPACE_ELEMENT_FIRST,
        opt_xml_namespace,
    );
    m.complete(p, XML_NAMESPACE_LIST);
}

const XML_NAMESPACE_ELEMENT_FIRST: TokenSet = EXPR_FIRST.union(TokenSet::new(&[DEFAULT_KW]));

fn opt_xml_namespace(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(XML_NAMESPACE_ELEMENT_FIRST) {
        return false;
    }
    let m = p.start();
    if p.eat(DEFAULT_KW) {
        if expr(p).is_none() {
            p.error("expected expression");
        }
    } else {
        if expr(p).is_none() {
            p.error("expected expression");
        }
        p.expect(AS_KW);
        xml_namespace_prefix(p);
    }
    m.complete(p, XML_NAMESPACE);
    true
}

fn xml_namespace_prefix(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, XML_NAMESPACE_PREFIX);
}

fn paren_data_source(p: &mut Parser<'_>, in_parens: bool) -> Option<(CompletedMarker, ExprKind)> {
    assert!(p.at(L_PAREN));
    if p.at(L_PAREN) && p.nth_at_ts(1, SELECT_FIRST) {
        let r = SelectRestrictions {
            trailing_clauses: in_parens,
            ..SelectRestrictions::default()
        };
        return opt_paren_select(p, None, &r).map(|cm| (cm, ExprKind::Select));
    }
    let m = p.start();
    p.bump(L_PAREN);
    // Then try to parse as a FROM_ITEM (which includes table references and joins)
    if let Some((lhs, lhs_kind)) = opt_paren_from_item(p) {
        if p.at_ts(COMPOUND_SELECT_FIRST) {
            if lhs_kind != ExprKind::Select {
                p.error("expected select before compound select operator");
            }
            compound_select(p, lhs, &SelectRestrictions::default());
        }
        p.expect(R_PAREN);
        let kind = match lhs_kind {
            ExprKind::Select => PAREN_SELECT,
            ExprKind::Other => PAREN_EXPR,
        };
        if in_parens && lhs_kind == ExprKind::Select {
            opt_select_trailing_clauses(p);
        }
        return Some((m.complete(p, kind), lhs_kind));
    } else {
        p.error("expected table name or SELECT");
    }

    p.expect(R_PAREN);
    Some((m.complete(p, PAREN_EXPR), ExprKind::Other))
}

// USING data_source ON join_condition
fn merge_using_clause(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(USING_KW);
    opt_from_item(p);
    if p.at(ON_KW) {
        on_clause(p);
    } else {
        p.error("expected on clause");
    }
    m.complete(p, USING_ON_CLAUSE);
}

// where from_item can be one of:
//
//  [ LATERAL ] ( select ) [ [ AS ] alias [ ( column_alias [, ...] ) ] ]
//
//  [ ONLY ] table_name [ * ] [ [ AS ] alias [ ( column_alias [, ...] ) ] ]
//              [ TABLESAMPLE sampling_method ( argument [, ...] ) [ REPEATABLE ( seed ) ] ]
//
//  with_query_name [ [ AS ] alias [ ( column_alias [, ...] ) ] ]
//
//  [ LATERAL ] function_name ( [ argument [, ...] ] )
//      [ WITH ORDINALITY ]
//      [ [ AS ] alias [ ( column_alias [, ...] ) ] ]
//  [ LATERAL ] function_name ( [ argument [, ...] ] )
//      [ AS ] alias ( column_definition [, ...] )
//  [ LATERAL ] function_name ( [ argument [, ...] ] )
//      AS ( column_definition [, ...] )
//
//  [ LATERAL ] ROWS FROM(
//      function_name ( [ argument [, ...] ] ) [ AS ( column_definition [, ...] ) ] [, ...]
//    )
//    [ WITH ORDINALITY ]
//    [ [ AS ] alias [ ( column_alias [, ...] ) ] ]
//
//  from_item join_type from_item { ON join_condition | USING ( join_column [, ...] ) [ AS join_using_alias ] }
//  from_item NATURAL join_type from_item
//  from_item CROSS JOIN from_item
//
//  join_type is one of:
//
//    [ INNER ] JOIN
//    LEFT [ OUTER ] JOIN
//    RIGHT [ OUTER ] JOIN
//    FULL [ OUTER ] JOIN
//
fn opt_from_item(p: &mut Parser<'_>) -> Option<(CompletedMarker, ExprKind)> {
    from_item(p, false)
}

fn opt_paren_from_item(p: &mut Parser<'_>) -> Option<(CompletedMarker, ExprKind)> {
    from_item(p, true)
}

fn from_item(p: &mut Parser<'_>, in_parens: bool) -> Option<(CompletedMarker, ExprKind)> {
    if !p.at_ts(FROM_ITEM_FIRST) {
        return None;
    }
    let m = p.start();
    let DataSource {
        kind,
        mut expr_kind,
        paren_select,
    } = data_source(p, in_parens);
    if in_parens
        && let Some(select) = paren_select
        && !p.at_ts(JOIN_FIRST)
    {
        m.abandon(p);
        return Some((select, expr_kind));
    }
    let mut cm = m.complete(p, kind);
    while p.at_ts(JOIN_FIRST) {
        let m = cm.precede(p);
        join(p);
        cm = m.complete(p, JOIN_EXPR);
        expr_kind = ExprKind::Other;
    }
    Some((cm, expr_kind))
}

// we have a from_item
//
//   join_type from_item { ON join_condition | USING ( join_column [, ...] ) [ AS join_using_alias ] }
//   NATURAL join_type from_item
//   CROSS JOIN from_item
//
// where join_type is:
//
//   [ INNER ] JOIN
//   LEFT [ OUTER ] JOIN
//   RIGHT [ OUTER ] JOIN
//   FULL [ OUTER ] JOIN
fn join(p: &mut Parser<'_>) {
    assert!(p.at_ts(JOIN_FIRST));
    let m = p.start();
    let is_natural = p.eat(NATURAL_KW);
    let result = join_type(p);
    let join_kind = result.map(|x| x.kind()).unwrap_or(JOIN_INNER);
    if opt_from_item(p).is_none() {
        p.error("expected from_item");
    }
    let can_have_on_clause = !is_natural && join_kind != JOIN_CROSS;
    if p.at(ON_KW) && can_have_on_clause {
        on_clause(p);
    } else if p.at(USING_KW) {
        join_using_clause(p);
    }
    m.complete(p, JOIN);
}

// Improve error recovery for wrong joins
fn opt_misplaced_joins(p: &mut Parser<'_>) {
    while p.at_ts(JOIN_FIRST) {
        let m = p.start();
        p.error("JOINs must appear before WHERE");
        join(p);
        m.complete(p, ERROR);
    }
}

fn opt_misplaced_having_clause(p: &mut Parser<'_>) {
    if p.at(HAVING_KW) {
        let m = p.start();
        p.error("HAVING must appear before ORDER BY");
        opt_having_clause(p);
        m.complete(p, ERROR);
    }
}

fn on_clause(p: &mut Parser<'_>) {
    assert!(p.at(ON_KW));
    let m = p.start();
    p.bump(ON_KW);
    clause_expr(p);
    m.complete(p, ON_CLAUSE);
}

fn join_using_clause(p: &mut Parser<'_>) {
    assert!(p.at(USING_KW));
    let m = p.start();
    // USING ( join_column [, ...] ) [ AS join_using_alias ]
    p.expect(USING_KW);
    column_ref_list(p);
    opt_required_as_alias(p);
    m.complete(p, JOIN_USING_CLAUSE);
}

#[must_use]
fn opt_numeric_literal(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at_ts(NUMERIC_FIRST) {
        let m = p.start();
        p.bump_any();
        Some(m.complete(p, LITERAL))
    } else if p.at(MINUS) || p.at(PLUS) {
        // TODO: add validation to check this is a prefix expression with a numeric literal inside
        expr(p).map(|(cm, _)| cm)
    } else {
        None
    }
}

#[must_use]
fn opt_signed_numeric_literal(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if (p.at(MINUS) || p.at(PLUS)) && p.nth_at_ts(1, NUMERIC_FIRST) {
        let m = p.start();
        p.bump_any();
        literal(p);
        Some(m.complete(p, PREFIX_EXPR))
    } else if p.at_ts(NUMERIC_FIRST) {
        literal(p)
    } else {
        None
    }
}

fn numeric_literal(p: &mut Parser<'_>) {
    if opt_signed_numeric_literal(p).is_none() {
        let m = p.start();
        p.error("expected numeric literal");
        expr(p);
        m.complete(p, ERROR);
    }
}

fn int_literal(p: &mut Parser<'_>) {
    if (p.at(MINUS) || p.at(PLUS)) && p.nth_at(1, INT_NUMBER) {
        let m = p.start();
        p.bump_any();
        literal(p);
        m.complete(p, PREFIX_EXPR);
    } else if p.at(INT_NUMBER) {
        literal(p);
    } else {
        let m = p.start();
        p.error("expected integer literal");
        expr(p);
        m.complete(p, ERROR);
    }
}

pub(crate) fn opt_uint_literal(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(INT_NUMBER) { literal(p) } else { None }
}

fn uint_literal(p: &mut Parser<'_>) {
    if opt_uint_literal(p).is_none() {
        let m = p.start();
        p.error("expected unsigned integer literal");
        expr(p);
        m.complete(p, ERROR);
    }
}

const SEQUENCE_OPTION_FIRST: TokenSet = TokenSet::new(&[
    AS_KW,
    CACHE_KW,
    INCREMENT_KW,
    SEQUENCE_KW,
    RESTART_KW,
    LOGGED_KW,
    UNLOGGED_KW,
    START_KW,
    OWNED_KW,
    MAXVALUE_KW,
    MINVALUE_KW,
    NO_KW,
    CYCLE_KW,
]);

fn opt_restart_value(p: &mut Parser<'_>) {
    if opt_signed_numeric_literal(p).is_none()
        && p.at_ts(EXPR_FIRST)
        && !p.at_ts(SEQUENCE_OPTION_FIRST)
    {
        numeric_literal(p);
    }
}

// [ AS data_type ]
// [ CACHE cache ]
// [ INCREMENT [ BY ] increment ]
// [ SEQUENCE NAME name ]
// [ RESTART [ [ WITH ] NUMERIC ] ]
// [ LOGGED UNLOGGED ]
// [ START [ WITH ] start ]
// [ OWNED BY { table_name.column_name | NONE } ]
// [ MAXVALUE maxvalue ]
// [ MINVALUE maxvalue ]
// [ NO MINVALUE | NO CYCLE | NO MAXVALUE ]
// [ CYCLE ]
fn opt_sequence_option(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(SEQUENCE_OPTION_FIRST) {
        return None;
    }
    let m = p.start();
    let kind = match p.current() {
        AS_KW => {
            p.bump(AS_KW);
            type_name(p);
            OPTION_AS_TYPE
        }
        CACHE_KW => {
            p.bump(CACHE_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected numeric");
            }
            OPTION_CACHE
        }
        INCREMENT_KW => {
            p.bump(INCREMENT_KW);
            p.eat(BY_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected numeric literal");
            }
            OPTION_INCREMENT
        }
        SEQUENCE_KW => {
            p.bump(SEQUENCE_KW);
            p.expect(NAME_KW);
            sequence(p);
            OPTION_SEQUENCE_NAME
        }
        RESTART_KW => {
            p.bump(RESTART_KW);
            if p.eat(WITH_KW) {
                numeric_literal(p);
            } else {
                opt_restart_value(p);
            }
            OPTION_RESTART
        }
        LOGGED_KW => {
            p.bump(LOGGED_KW);
            OPTION_LOGGED
        }
        UNLOGGED_KW => {
            p.bump(UNLOGGED_KW);
            OPTION_UNLOGGED
        }
        START_KW => {
            p.bump(START_KW);
            p.eat(WITH_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected numeric");
            }
            OPTION_START
        }
        OWNED_KW => {
            p.bump(OWNED_KW);
            p.expect(BY_KW);
            if p.at(NONE_KW) {
                let target = p.start();
                p.bump(NONE_KW);
                target.complete(p, OWNED_BY_NONE);
            } else {
                qualified_column_name_ref(p);
            }
            OPTION_OWNED_BY
        }
        MAXVALUE_KW => {
            p.bump(MAXVALUE_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected numeric");
            }
            OPTION_MAX_VALUE
        }
        MINVALUE_KW => {
            p.bump(MINVALUE_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected numeric");
            }
            OPTION_MIN_VALUE
        }
        NO_KW => {
            p.bump(NO_KW);
            if p.eat(MAXVALUE_KW) {
                OPTION_NO_MAX_VALUE
            } else if p.eat(MINVALUE_KW) {
                OPTION_NO_MIN_VALUE
            } else if p.eat(CYCLE_KW) {
                OPTION_NO_CYCLE
            } else {
                p.error("expected MINVALUE, MAXVALUE, or CYCLE");
                OPTION_NO_CYCLE
            }
        }
        CYCLE_KW => {
            p.bump(CYCLE_KW);
            OPTION_CYCLE
        }
        _ => {
            m.abandon(p);
            return None;
        }
    };
    Some(m.complete(p, kind))
}

fn opt_sequence_options(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(L_PAREN) {
        let m = p.start();
        p.bump(L_PAREN);
        while !p.at(EOF) {
            // TODO: add validation to make sure we have at least one
            if opt_sequence_option(p).is_none() {
                break;
            }
        }
        p.expect(R_PAREN);
        Some(m.complete(p, SEQUENCE_OPTION_LIST))
    } else {
        None
    }
}

#[derive(Clone, Copy, PartialEq)]
enum ColumnDefKind {
    ColumnDef,
    ColumnTarget,
    CompositeFieldDef,
    ConstraintColumnRef,
    ForeignKeyColumnRef,
    FromAliasColumn,
    Name,
    NameRef,
}

// select * from f() as t(a, b);
//                       ^^^^^^
// select * from f() as t(a int, b text, c text collate foo.bar.buzz);
//                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
// [ ( column_name [, ... ] ) ]
fn opt_column_list_with(p: &mut Parser<'_>, mut kind: ColumnDefKind) -> bool {
    if !p.at(L_PAREN) ||
        // we're probably at (select)
        !p.nth_at_ts(1, COLUMN_FIRST) && !p.nth_at(1, R_PAREN) && !p.nth_at(1, COMMA)
    {
        return false;
    }
    let m = p.start();
    p.expect(L_PAREN);
    let items = match kind {
        // `create type t as ()` is the only empty column list Postgres accepts
        ColumnDefKind::CompositeFieldDef => ListItems::Optional,
        ColumnDefKind::ColumnDef
        | ColumnDefKind::ColumnTarget
        | ColumnDefKind::ConstraintColumnRef
        | ColumnDefKind::ForeignKeyColumnRef
        | ColumnDefKind::FromAliasColumn
        | ColumnDefKind::Name
        | ColumnDefKind::NameRef => ListItems::Required,
    };
    if matches!(items, ListItems::Required) && p.at(R_PAREN) {
        p.error("Expected at least one item");
    }
    let mut seen_period = false;
    while !p.at(EOF) && !p.at(R_PAREN) {
        if p.at(COMMA) {
            p.err_and_bump("missing column");
            continue;
        }
        if !p.at_ts(COLUMN_FIRST) {
            break;
        }
        if seen_period {
            p.error("PERIOD must be the last column in the list");
        }
        seen_period |= kind == ColumnDefKind::ForeignKeyColumnRef && at_period_column(p);
        kind = column(p, kind);
        if p.at(COMMA) && p.nth_at(1, R_PAREN) {
            p.err_and_bump("unexpected trailing comma");
        }
        if !p.eat(COMMA) {
            if p.at_ts(COLUMN_FIRST) && !(p.at(WITHOUT_KW) && p.nth_at(1, OVERLAPS_KW)) {
                p.error("expected COMMA");
            } else {
                break;
            }
        }
    }
    opt_without_overlaps(p, kind);
    p.expect(R_PAREN);
    let list_kind = match kind {
        ColumnDefKind::ColumnDef => COLUMN_DEF_LIST,
        ColumnDefKind::ColumnTarget => COLUMN_TARGET_LIST,
        ColumnDefKind::CompositeFieldDef => COMPOSITE_FIELD_LIST,
        ColumnDefKind::ConstraintColumnRef => CONSTRAINT_COLUMN_REF_LIST,
        ColumnDefKind::ForeignKeyColumnRef => FOREIGN_KEY_COLUMN_LIST,
        ColumnDefKind::FromAliasColumn | ColumnDefKind::Name => COLUMN_LIST,
        ColumnDefKind::NameRef => COLUMN_REF_LIST,
    };
    m.complete(p, list_kind);
    return true;
}

fn column(p: &mut Parser<'_>, kind: ColumnDefKind) -> ColumnDefKind {
    assert!(p.at_ts(COLUMN_FIRST));
    match kind {
        ColumnDefKind::FromAliasColumn => {
            let m = p.start();
            column_name(p);
            if !p.at(COMMA) && !p.at(R_PAREN) && opt_type_name(p) {
                opt_collate(p);
                m.complete(p, COLUMN_DEF);
                return ColumnDefKind::ColumnDef;
            }
            m.abandon(p);
            return ColumnDefKind::Name;
        }
        ColumnDefKind::ColumnDef => {
            let m = p.start();
            column_name(p);
            if p.at(COMMA) || p.at(R_PAREN) || !opt_type_name(p) {
                p.error("expected a type");
            } else {
                opt_collate(p);
            }
            m.complete(p, COLUMN_DEF);
        }
        ColumnDefKind::CompositeFieldDef => {
            let m = p.start();
            composite_field(p);
            if !p.at(COMMA) && !p.at(R_PAREN) && opt_type_name(p) {
                opt_collate(p);
            }
            m.complete(p, COMPOSITE_FIELD_DEF);
        }
        ColumnDefKind::ColumnTarget => {
            let m = p.start();
            // supports parsing things like:
            // INSERT INTO tictactoe (game, board[1:3][1:3])
            column_name_ref(p);
            accessors(p);
            m.complete(p, COLUMN_TARGET);
        }
        ColumnDefKind::Name => column_name(p),
        ColumnDefKind::ConstraintColumnRef
        | ColumnDefKind::ForeignKeyColumnRef
        | ColumnDefKind::NameRef => {
            // https://www.depesz.com/2024/10/03/waiting-for-postgresql-18-add-temporal-foreign-key-contraints/
            if at_period_column(p) {
                let m = p.start();
                let node_kind = if kind == ColumnDefKind::ForeignKeyColumnRef {
                    PERIOD_COLUMN
                } else {
                    p.error("PERIOD is only allowed in FOREIGN KEY column lists");
                    ERROR
                };
                p.bump(PERIOD_KW);
                column_name_ref(p);
                m.complete(p, node_kind);
            } else {
                column_name_ref(p);
            }
            if p.at(DOT) || p.at(L_BRACK) {
                let m = p.start();
                p.error("field access and subscripts are only allowed in INSERT and UPDATE column lists");
                accessors(p);
                m.complete(p, ERROR);
            }
        }
    }
    kind
}

fn at_period_column(p: &Parser<'_>) -> bool {
    p.at(PERIOD_KW) && p.nth_at_ts(1, NAME_REF_FIRST)
}

pub(crate) fn accessors(p: &mut Parser<'_>) {
    while !p.at(EOF) {
        match p.current() {
            DOT => field_accessor(p),
            L_BRACK => subscript_accessor(p),
            _ => break,
        }
    }
}

pub(crate) fn field_accessor(p: &mut Parser<'_>) {
    assert!(p.at(DOT));
    let m = p.start();
    p.bump(DOT);
    if p.at_ts(COL_LABEL_FIRST) {
        composite_field_ref(p);
    } else if p.at(INT_NUMBER) || p.at(NUMERIC_NUMBER) {
        p.err_and_bump("expected field name");
    } else if !p.eat(STAR) {
        p.error(format!("expected field name, got {:?}", p.current()));
    }
    m.complete(p, FIELD_ACCESSOR);
}

fn subscript_accessor(p: &mut Parser<'_>) {
    assert!(p.at(L_BRACK));
    let m = p.start();
    p.bump(L_BRACK);
    // foo[:] foo[:b]
    if p.eat(COLON) {
        opt_expr(p);
        p.expect(R_BRACK);
        m.complete(p, SLICE_ACCESSOR);
        return;
    }
    expr(p);
    // foo[a:] foo[a:b]
    if p.eat(COLON) {
        opt_expr(p);
        p.expect(R_BRACK);
        m.complete(p, SLICE_ACCESSOR);
        return;
    }
    // foo[a]
    p.expect(R_BRACK);
    m.complete(p, INDEX_ACCESSOR);
}

// [ ( column_name [, ... ] ) ]
fn opt_column_ref_list(p: &mut Parser<'_>) -> bool {
    opt_column_list_with(p, ColumnDefKind::NameRef)
}

fn column_ref_list(p: &mut Parser<'_>) {
    if !opt_column_ref_list(p) {
        p.error("expected column list");
    }
}

fn constraint_column_ref_list(p: &mut Parser<'_>) {
    if !opt_column_list_with(p, ColumnDefKind::ConstraintColumnRef) {
        p.error("expected column list");
    }
}

fn opt_column_target_list(p: &mut Parser<'_>) -> bool {
    opt_column_list_with(p, ColumnDefKind::ColumnTarget)
}

fn column_target_list(p: &mut Parser<'_>) {
    if !opt_column_target_list(p) {
        p.error("expected column list");
    }
}

fn opt_foreign_key_column_list(p: &mut Parser<'_>) -> bool {
    opt_column_list_with(p, ColumnDefKind::ForeignKeyColumnRef)
}

fn foreign_key_column_list(p: &mut Parser<'_>) {
    if !opt_foreign_key_column_list(p) {
        p.error("expected column list");
    }
}

fn opt_include_columns(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(INCLUDE_KW) {
        let m = p.start();
        p.bump(INCLUDE_KW);
        column_ref_list(p);
        Some(m.complete(p, CONSTRAINT_INCLUDE_CLAUSE))
    } else {
        None
    }
}

// [ INCLUDE ( { column_name | ( expression ) } [, ...] ) ]
fn opt_index_include_columns(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(INCLUDE_KW) {
        let m = p.start();
        p.bump(INCLUDE_KW);
        partition_items(p, true);
        Some(m.complete(p, INDEX_INCLUDE_CLAUSE))
    } else {
        None
    }
}

// [ WITH ( storage_parameter [= value] [, ... ] ) ]
fn opt_with_params(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    // check for both in case someone forgot a semi after `create table`
    if p.at(WITH_KW) && p.nth_at(1, L_PAREN) {
        let m = p.start();
        p.bump(WITH_KW);
        attribute_list(p);
        Some(m.complete(p, WITH_PARAMS))
    } else {
        None
    }
}

// index_parameters in UNIQUE, PRIMARY KEY, and EXCLUDE constraints are:
// [ INCLUDE ( column_name [, ... ] ) ]
// [ WITH ( storage_parameter [= value] [, ... ] ) ]
// [ USING INDEX TABLESPACE tablespace_name ]
fn opt_index_parameters(p: &mut Parser<'_>) {
    opt_include_columns(p);
    opt_with_params(p);
    if p.at(USING_KW) {
        let m = p.start();
        p.bump(USING_KW);
        p.expect(INDEX_KW);
        p.expect(TABLESPACE_KW);
        tablespace_ref(p);
        m.complete(p, CONSTRAINT_INDEX_TABLESPACE);
    }
}

// referential_action in a FOREIGN KEY/REFERENCES constraint is:
// { NO ACTION | RESTRICT | CASCADE | SET NULL [ ( column_name [, ... ] ) ] | SET DEFAULT [ ( column_name [, ... ] ) ] }
fn referential_action(p: &mut Parser<'_>) {
    match p.current() {
        NO_KW => {
            let m = p.start();
            p.bump(NO_KW);
            p.expect(ACTION_KW);
            m.complete(p, NO_ACTION);
        }
        CASCADE_KW | RESTRICT_KW => {
            opt_cascade_or_restrict(p);
        }
        SET_KW if p.nth_at(1, NULL_KW) => {
            let m = p.start();
            p.expect(SET_KW);
            p.expect(NULL_KW);
            opt_column_ref_list(p);
            m.complete(p, SET_NULL_COLUMNS);
        }
        SET_KW => {
            let m = p.start();
            p.bump(SET_KW);
            p.expect(DEFAULT_KW);
            opt_column_ref_list(p);
            m.complete(p, SET_DEFAULT_COLUMNS);
        }
        _ => {
            p.error("expected foreign key action");
        }
    }
}

const COLUMN_CONSTRAINT_FIRST: TokenSet = TokenSet::new(&[
    CONSTRAINT_KW,
    NOT_KW,
    NULL_KW,
    CHECK_KW,
    DEFAULT_KW,
    GENERATED_KW,
    UNIQUE_KW,
    PRIMARY_KW,
    REFERENCES_KW,
]);

// where column_constraint is:

// [ CONSTRAINT constraint_name ]
//
// { NOT NULL |
//   NULL |
//   CHECK ( expression ) [ NO INHERIT ] |
//   DEFAULT default_expr |
//   GENERATED ALWAYS AS ( generation_expr ) STORED |
//   GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ ( sequence_options ) ] |
//   UNIQUE [ NULLS [ NOT ] DISTINCT ] index_parameters |
//   PRIMARY KEY index_parameters |
//   REFERENCES reftable [ ( refcolumn ) ] [ MATCH FULL | MATCH PARTIAL | MATCH SIMPLE ]
//     [ ON DELETE referential_action ] [ ON UPDATE referential_action ] }
//
// [ DEFERRABLE | NOT DEFERRABLE ] [ INITIALLY DEFERRED | INITIALLY IMMEDIATE ]
fn opt_column_constraint(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(COLUMN_CONSTRAINT_FIRST) {
        return None;
    }
    let m = p.start();
    opt_constraint_name_clause(p);
    match opt_constraint_inner(p) {
        Some(kind) => {
            opt_constraint_option_list(p);
            Some(m.complete(p, kind))
        }
        None => {
            m.abandon(p);
            p.error("expected constraint type");
            None
        }
    }
}

// [ column_constraint [ ... ] ]
fn opt_column_constraint_list(p: &mut Parser<'_>) {
    while !p.at(EOF) {
        if p.at(COLLATE_KW) {
            opt_collate(p);
            continue;
        }
        if opt_column_constraint(p).is_none() {
            break;
        }
    }
}

// { NOT NULL |
//   NULL |
//   CHECK ( expression ) [ NO INHERIT ] |
//   DEFAULT default_expr |
//   GENERATED ALWAYS AS ( generation_expr ) STORED |
//   GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ ( sequence_options ) ] |
//   UNIQUE [ NULLS [ NOT ] DISTINCT ] index_parameters |
//   PRIMARY KEY index_parameters |
//   REFERENCES reftable [ ( refcolumn ) ] [ MATCH FULL | MATCH PARTIAL | MATCH SIMPLE ]
//     [ ON DELETE referential_action ] [ ON UPDATE referential_action ] }
fn opt_constraint_inner(p: &mut Parser<'_>) -> Option<SyntaxKind> {
    let kind = match p.current() {
        NOT_KW => {
            p.bump(NOT_KW);
            p.expect(NULL_KW);
            NOT_NULL_CONSTRAINT
        }
        NULL_KW => {
            p.bump(NULL_KW);
            NULL_CONSTRAINT
        }
        CHECK_KW => {
            p.bump(CHECK_KW);
            p.expect(L_PAREN);
            // generation_expr
            // The generation expression can refer to other columns in the table,
            // but not other generated columns. Any functions and operators used
            // must be immutable. References to other tables are not allowed.
            if expr(p).is_none() {
                p.error("expected expression");
            }
            p.expect(R_PAREN);
            opt_no_inherit(p);
            CHECK_CONSTRAINT
        }
        DEFAULT_KW => {
            p.bump(DEFAULT_KW);
            if expr(p).is_none() {
                p.error("expected expr for default");
            }
            DEFAULT_CONSTRAINT
        }
        GENERATED_KW => {
            p.bump(GENERATED_KW);
            let m = p.start();
            // ALWAYS AS ( generation_expr ) STORED
            if p.at(ALWAYS_KW) && p.nth_at(1, AS_KW) && p.nth_at(2, L_PAREN) {
                generated_when(p);
                p.expect(AS_KW);
                p.expect(L_PAREN);
                expr(p);
                p.expect(R_PAREN);
                opt_virtual_or_stored(p);
                m.complete(p, GENERATED_STORED);
                GENERATED_CONSTRAINT
            // { ALWAYS | BY DEFAULT } AS IDENTITY [ ( sequence_options ) ]
            } else if p.at(ALWAYS_KW) || p.at(BY_KW) {
                generated_when(p);
                p.expect(AS_KW);
                if p.eat(L_PAREN) {
                    expr(p);
                    p.expect(R_PAREN);
                    opt_virtual_or_stored(p);
                    m.complete(p, GENERATED_STORED);
                } else {
                    p.expect(IDENTITY_KW);
                    opt_sequence_options(p);
                    m.complete(p, GENERATED_IDENTITY);
                }
                GENERATED_CONSTRAINT
            } else {
                m.abandon(p);
                p.error("expected generated type");
                return None;
            }
        }
        // UNIQUE [ NULLS [ NOT ] DISTINCT ] index_parameters
        UNIQUE_KW => {
            p.bump(UNIQUE_KW);
            let m = p.start();
            opt_nulls_not_distinct(p);
            opt_index_parameters(p);
            m.complete(p, INDEX_PARAMETERS);
            UNIQUE_CONSTRAINT
        }
        // PRIMARY KEY index_parameters
        PRIMARY_KW => {
            p.bump(PRIMARY_KW);
            p.expect(KEY_KW);
            let m = p.start();
            opt_index_parameters(p);
            m.complete(p, INDEX_PARAMETERS);
            PRIMARY_KEY_CONSTRAINT
        }
        // REFERENCES reftable [ ( refcolumn ) ] [ MATCH FULL | MATCH PARTIAL | MATCH SIMPLE ]
        //   [ ON DELETE referential_action ] [ ON UPDATE referential_action ] }
        REFERENCES_KW => {
            p.bump(REFERENCES_KW);
            table_name_ref(p);
            if p.eat(L_PAREN) {
                column_name_ref(p);
                p.expect(R_PAREN);
            }
            opt_match_type(p);
            opt_foreign_key_actions(p);
            REFERENCES_CONSTRAINT
        }
        _ => {
            return None;
        }
    };
    Some(kind)
}

fn opt_match_type(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(MATCH_KW) {
        let kind = match p.current() {
            FULL_KW => {
                p.bump(FULL_KW);
                MATCH_FULL
            }

            PARTIAL_KW => {
                p.bump(PARTIAL_KW);
                MATCH_PARTIAL
            }
            SIMPLE_KW => {
                p.bump(SIMPLE_KW);
                MATCH_SIMPLE
            }
            _ => {
                p.error("expected FULL, PARTIAL, or SIMPLE");
                MATCH_SIMPLE
            }
        };
        m.complete(p, kind);
    } else {
        m.abandon(p);
    }
}

fn opt_virtual_or_stored(p: &mut Parser<'_>) {
    let kind = match p.current() {
        STORED_KW => STORED,
        VIRTUAL_KW => VIRTUAL,
        _ => return,
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

// { ALWAYS | BY DEFAULT }
fn generated_when(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = if p.eat(ALWAYS_KW) {
        GENERATED_ALWAYS
    } else {
        p.expect(BY_KW);
        p.expect(DEFAULT_KW);
        GENERATED_BY_DEFAULT
    };
    m.complete(p, kind);
}

fn opt_no_inherit(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(NO_KW) {
        p.expect(INHERIT_KW);
        m.complete(p, NO_INHERIT);
    } else {
        m.abandon(p);
    }
}

// [ ON DELETE referential_action ]
// [ ON UPDATE referential_action ]
fn opt_foreign_key_actions(p: &mut Parser<'_>) {
    // [ ON DELETE referential_action ]
    if p.at(ON_KW) && p.nth_at(1, DELETE_KW) {
        on_delete_action(p);
    }
    // [ ON UPDATE referential_action ]
    if p.at(ON_KW) && p.nth_at(1, UPDATE_KW) {
        on_update_action(p);
    }
    // [ ON DELETE referential_action ]
    if p.at(ON_KW) && p.nth_at(1, DELETE_KW) {
        on_delete_action(p);
    }
}

fn on_update_action(p: &mut Parser<'_>) {
    assert!(p.at(ON_KW));
    let m = p.start();
    p.expect(ON_KW);
    p.expect(UPDATE_KW);
    referential_action(p);
    m.complete(p, ON_UPDATE_ACTION);
}

fn on_delete_action(p: &mut Parser<'_>) {
    assert!(p.at(ON_KW));
    let m = p.start();
    p.expect(ON_KW);
    p.expect(DELETE_KW);
    referential_action(p);
    m.complete(p, ON_DELETE_ACTION);
}

// where like_option is:
//   { INCLUDING | EXCLUDING } { COMMENTS | COMPRESSION | CONSTRAINTS | DEFAULTS | GENERATED | IDENTITY | INDEXES | STATISTICS | STORAGE | ALL }
fn opt_like_option(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let kind = match p.current() {
        EXCLUDING_KW => {
            p.bump(EXCLUDING_KW);
            table_property(p);
            EXCLUDING_PROPERTY
        }
        INCLUDING_KW => {
            p.bump(INCLUDING_KW);
            table_property(p);
            INCLUDING_PROPERTY
        }
        _ => {
            m.abandon(p);
            return None;
        }
    };
    Some(m.complete(p, kind))
}

fn table_property(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = match p.current() {
        ALL_KW => {
            p.bump(ALL_KW);
            PROPERTY_ALL
        }
        COMMENTS_KW => {
            p.bump(COMMENTS_KW);
            PROPERTY_COMMENTS
        }
        COMPRESSION_KW => {
            p.bump(COMPRESSION_KW);
            PROPERTY_COMPRESSION
        }
        CONSTRAINTS_KW => {
            p.bump(CONSTRAINTS_KW);
            PROPERTY_CONSTRAINTS
        }
        DEFAULTS_KW => {
            p.bump(DEFAULTS_KW);
            PROPERTY_DEFAULTS
        }
        GENERATED_KW => {
            p.bump(GENERATED_KW);
            PROPERTY_GENERATED
        }
        IDENTITY_KW => {
            p.bump(IDENTITY_KW);
            PROPERTY_IDENTITY
        }
        INDEXES_KW => {
            p.bump(INDEXES_KW);
            PROPERTY_INDEXES
        }
        STATISTICS_KW => {
            p.bump(STATISTICS_KW);
            PROPERTY_STATISTICS
        }
        STORAGE_KW => {
            p.bump(STORAGE_KW);
            PROPERTY_STORAGE
        }
        _ => {
            m.abandon(p);
            p.err_and_bump(&format!("expected like option, got {:?}", p.current()));
            return;
        }
    };
    m.complete(p, kind);
}

fn opt_op(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(OPERATOR_FIRST) || p.at(FAT_ARROW) {
        return false;
    }
    let (power, kind, _) = current_op(p, &Restrictions::default());
    if power == 0 {
        p.bump_any();
        return true;
    }
    p.eat(kind)
}

const OP_RECOVERY: TokenSet = TokenSet::new(&[L_PAREN, COMMA]).union(EXPR_RECOVERY_SET);

fn err_recover_run(p: &mut Parser<'_>, message: String, recovery: TokenSet) {
    if p.at(EOF) || p.at_ts(recovery) {
        p.error(message);
        return;
    }
    let m = p.start();
    p.error(message);
    while !p.at(EOF) && !p.at_ts(recovery) {
        p.bump_any();
    }
    m.complete(p, ERROR);
}

fn op(p: &mut Parser<'_>) {
    if opt_op(p) {
        return;
    }
    let message = format!("expected operator, got {:?}", p.current());
    if p.at(EOF) || p.at_ts(OP_RECOVERY) {
        p.error(message);
        return;
    }
    let m = p.start();
    p.error(message);
    if !p.eat(COLON_COLON) && !p.eat(COLON_EQ) && !p.eat(FAT_ARROW) {
        p.bump_any();
    }
    m.complete(p, ERROR);
}

fn opt_op_or_opcall(p: &mut Parser<'_>) -> bool {
    p.eat(OPERATOR_CALL) || opt_op(p)
}

fn op_or_opcall(p: &mut Parser<'_>) {
    if p.eat(OPERATOR_CALL) {
        return;
    }
    let m = p.start();
    if p.nth_at(1, DOT) {
        opt_op_path(p);
        p.error("qualified operator requires OPERATOR(...)");
    }
    op(p);
    m.complete(p, OP);
}

fn at_op_path_segment(p: &Parser<'_>) -> bool {
    p.at_ts(NAME_FIRST) || (!p.at(DOT) && p.nth_at(1, DOT))
}

fn opt_op_path(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !at_op_path_segment(p) {
        return None;
    }
    let m = p.start();
    op_path_segment(p);
    let mut qual = m.complete(p, PATH_REF);
    while p.at(DOT) {
        let path = qual.precede(p);
        p.bump(DOT);
        let named = at_op_path_segment(p);
        op_path_segment(p);
        qual = path.complete(p, PATH_REF);
        if !named {
            break;
        }
    }
    Some(qual)
}

fn op_path_segment(p: &mut Parser<'_>) {
    let m = p.start();
    if p.at_ts(NAME_FIRST) {
        pg_name(p);
    } else if at_op_path_segment(p) {
        p.err_and_bump("expected name");
    }
    m.complete(p, PATH_SEGMENT_REF);
}

// optional schema supported
// >
// bar.>
// foo.bar.>
pub(crate) fn qual_op(p: &mut Parser<'_>) {
    let m = p.start();
    opt_op_path(p);
    op(p);
    m.complete(p, OP);
}

// >
// bar.>
// foo.bar.>
// operator(bar.>)
fn qual_op_or_opcall(p: &mut Parser<'_>) {
    if !p.eat(OPERATOR_CALL) {
        qual_op(p);
    }
}

pub(crate) fn current_operator(p: &Parser<'_>) -> Option<SyntaxKind> {
    let (power, kind, _) = current_op(p, &Restrictions::default());
    if power == 0 { None } else { Some(kind) }
}

// USING INDEX index_name
// [ CONCURRENTLY | FINALIZE ]
fn opt_detach_partition_option(p: &mut Parser<'_>) {
    let kind = match p.current() {
        CONCURRENTLY_KW => DETACH_CONCURRENTLY,
        FINALIZE_KW => DETACH_FINALIZE,
        _ => return,
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

// { trigger_name | ALL | USER }
fn trigger_target(p: &mut Parser<'_>) {
    let kind = match p.current() {
        ALL_KW => ALL,
        USER_KW => USER,
        _ => {
            trigger_ref(p);
            return;
        }
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

// { DEFAULT | USING INDEX index_name | FULL | NOTHING }
fn replica_identity_option(p: &mut Parser<'_>) {
    let kind = match p.current() {
        DEFAULT_KW => REPLICA_IDENTITY_DEFAULT,
        FULL_KW => REPLICA_IDENTITY_FULL,
        NOTHING_KW => REPLICA_IDENTITY_NOTHING,
        _ => {
            using_index_name(p);
            return;
        }
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

fn using_index_name(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(USING_KW);
    p.expect(INDEX_KW);
    if opt_index_ref(p).is_none() {
        p.error("expected index name");
    }
    m.complete(p, USING_INDEX_NAME);
}

// USING INDEX [ index_name ]
fn using_index(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(USING_KW);
    p.expect(INDEX_KW);
    opt_index_ref(p);
    m.complete(p, USING_INDEX);
}

const TABLE_CONSTRAINT_FIRST: TokenSet = TokenSet::new(&[
    CONSTRAINT_KW,
    CHECK_KW,
    UNIQUE_KW,
    PRIMARY_KW,
    EXCLUDE_KW,
    FOREIGN_KW,
    NOT_KW,
]);

// and table_constraint is:
// [ CONSTRAINT constraint_name ]
// { CHECK ( expression ) [ NO INHERIT ] |
//   UNIQUE [ NULLS [ NOT ] DISTINCT ] ( column_name [, ... ] ) index_parameters |
//   PRIMARY KEY ( column_name [, ... ] ) index_parameters |
//   EXCLUDE [ USING index_method ] ( exclude_element WITH operator [, ... ] ) index_parameters [ WHERE ( predicate ) ] |
//   FOREIGN KEY ( column_name [, ... ] ) REFERENCES reftable [ ( refcolumn [, ... ] ) ]
//     [ MATCH FULL | MATCH PARTIAL | MATCH SIMPLE ] [ ON DELETE referential_action ] [ ON UPDATE referential_action ] }
// [ DEFERRABLE | NOT DEFERRABLE ] [ INITIALLY DEFERRED | INITIALLY IMMEDIATE ]
//
// and table_constraint_using_index is:
//   [ CONSTRAINT constraint_name ]
//   { UNIQUE | PRIMARY KEY } USING INDEX index_name
//   [ DEFERRABLE | NOT DEFERRABLE ] [ INITIALLY DEFERRED | INITIALLY IMMEDIATE ]
fn table_constraint(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at_ts(TABLE_CONSTRAINT_FIRST));
    let m = p.start();
    // [ CONSTRAINT constraint_name ]
    opt_constraint_name_clause(p);
    // CHECK ( expression ) [ NO INHERIT ]
    let kind = match p.current() {
        CHECK_KW => {
            p.bump(CHECK_KW);
            p.expect(L_PAREN);
            if expr(p).is_none() {
                p.error("expected expr");
            }
            p.expect(R_PAREN);
            CHECK_CONSTRAINT
        }
        // UNIQUE [ NULLS [ NOT ] DISTINCT ] ( column_name [, ... ] ) index_parameters
        // UNIQUE USING INDEX index_name
        UNIQUE_KW => {
            p.bump(UNIQUE_KW);
            // USING INDEX index_name
            if p.at(USING_KW) {
                using_index_name(p);
            // [ NULLS [ NOT ] DISTINCT ] ( column_name [, ... ] ) index_parameters
            } else {
                let m = p.start();
                opt_nulls_not_distinct(p);
                constraint_column_ref_list(p);
                opt_index_parameters(p);
                m.complete(p, INDEX_PARAMETERS);
            }
            UNIQUE_CONSTRAINT
        }
        // PRIMARY KEY ( column_name [, ... ] ) index_parameters
        // PRIMARY KEY USING INDEX index_name
        PRIMARY_KW => {
            p.bump(PRIMARY_KW);
            p.expect(KEY_KW);
            // USING INDEX index_name
            if p.at(USING_KW) {
                using_index_name(p);
            // ( column_name [, ... ] ) index_parameters
            } else {
                let m = p.start();
                constraint_column_ref_list(p);
                opt_index_parameters(p);
                m.complete(p, INDEX_PARAMETERS);
            }
            PRIMARY_KEY_CONSTRAINT
        }
        // EXCLUDE [ USING index_method ] ( exclude_element WITH operator [, ... ] ) index_parameters [ WHERE ( predicate ) ] |
        EXCLUDE_KW => {
            p.bump(EXCLUDE_KW);
            opt_constraint_index_method(p);
            constraint_exclusion_list(p);
            opt_index_parameters(p);
            opt_constraint_where_clause(p);
            EXCLUDE_CONSTRAINT
        }
        NOT_KW => {
            p.bump(NOT_KW);
            p.expect(NULL_KW);
            column_name_ref(p);
            NOT_NULL_CONSTRAINT
        }
        // FOREIGN KEY ( column_name [, ... ] ) REFERENCES reftable [ ( refcolumn [, ... ] ) ]
        //   [ MATCH FULL | MATCH PARTIAL | MATCH SIMPLE ] [ ON DELETE referential_action ] [ ON UPDATE referential_action ] }
        _ => {
            // must be in a foreign key constraint
            p.expect(FOREIGN_KW);
            p.expect(KEY_KW);
            foreign_key_column_list(p);
            p.expect(REFERENCES_KW);
            table_name_ref(p);
            opt_foreign_key_column_list(p);
            opt_match_type(p);
            opt_foreign_key_actions(p);
            FOREIGN_KEY_CONSTRAINT
        }
    };
    opt_constraint_option_list(p);
    m.complete(p, kind)
}

fn opt_nulls_not_distinct(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(NULLS_KW) {
        let kind = if p.eat(NOT_KW) {
            NULLS_NOT_DISTINCT
        } else {
            NULLS_DISTINCT
        };
        p.eat(DISTINCT_KW);
        m.complete(p, kind);
    } else {
        m.abandon(p);
    }
}

fn opt_constraint_where_clause(p: &mut Parser<'_>) {
    if p.at(WHERE_KW) {
        let m = p.start();
        p.bump(WHERE_KW);
        p.expect(L_PAREN);
        if expr(p).is_none() {
            p.error("expected expr");
        }
        p.expect(R_PAREN);
        m.complete(p, WHERE_CONDITION_CLAUSE);
    }
}

const CONSTRAINT_EXCLUSION_FIRST: TokenSet = EXPR_FIRST.union(TokenSet::new(&[L_PAREN]));

fn opt_constraint_exclusion(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if opt_expr(p).is_none() {
        m.abandon(p);
        return None;
    }
    p.expect(WITH_KW);
    qual_op_or_opcall(p);
    Some(m.complete(p, CONSTRAINT_EXCLUSION))
}

fn constraint_exclusion_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        CONSTRAINT_EXCLUSION_FIRST,
        |p| opt_constraint_exclusion(p).is_some(),
    );
    m.complete(p, CONSTRAINT_EXCLUSION_LIST);
}

fn opt_constraint_index_method(p: &mut Parser<'_>) {
    if p.at(USING_KW) {
        let m = p.start();
        p.bump(USING_KW);
        access_method_ref(p);
        m.complete(p, CONSTRAINT_INDEX_METHOD);
    }
}

fn opt_without_overlaps(p: &mut Parser<'_>, kind: ColumnDefKind) {
    if !p.at(WITHOUT_KW) || !p.nth_at(1, OVERLAPS_KW) {
        return;
    }
    let m = p.start();
    let node_kind = if kind == ColumnDefKind::ConstraintColumnRef {
        WITHOUT_OVERLAPS
    } else {
        p.error("WITHOUT OVERLAPS is only allowed in PRIMARY KEY and UNIQUE constraints");
        ERROR
    };
    p.bump(WITHOUT_KW);
    p.bump(OVERLAPS_KW);
    m.complete(p, node_kind);
}

// [ NOT DEFERRABLE | [ DEFERRABLE ] [ INITIALLY IMMEDIATE | INITIALLY DEFERRED ] ]
fn opt_constraint_option_list(p: &mut Parser<'_>) {
    // TODO: validation for these
    while !p.at(EOF) {
        let m = p.start();
        let kind = match (p.current(), p.nth(1)) {
            (DEFERRABLE_KW, _) => {
                p.bump(DEFERRABLE_KW);
                DEFERRABLE_CONSTRAINT_OPTION
            }
            (NOT_KW, DEFERRABLE_KW) => {
                p.bump(NOT_KW);
                p.bump(DEFERRABLE_KW);
                NOT_DEFERRABLE_CONSTRAINT_OPTION
            }
            (INITIALLY_KW, DEFERRED_KW) => {
                p.bump(INITIALLY_KW);
                p.bump(DEFERRED_KW);
                INITIALLY_DEFERRED_CONSTRAINT_OPTION
            }
            (INITIALLY_KW, IMMEDIATE_KW) => {
                p.bump(INITIALLY_KW);
                p.bump(IMMEDIATE_KW);
                INITIALLY_IMMEDIATE_CONSTRAINT_OPTION
            }
            (NOT_KW, VALID_KW) => {
                p.bump(NOT_KW);
                p.bump(VALID_KW);
                NOT_VALID
            }
            (NO_KW, INHERIT_KW) => {
                p.bump(NO_KW);
                p.bump(INHERIT_KW);
                NO_INHERIT
            }
            (INHERIT_KW, _) => {
                p.bump(INHERIT_KW);
                INHERIT
            }
            (NOT_KW, ENFORCED_KW) => {
                p.bump(NOT_KW);
                p.bump(ENFORCED_KW);
                NOT_ENFORCED
            }
            (ENFORCED_KW, _) => {
                p.bump(ENFORCED_KW);
                ENFORCED
            }
            (_, _) => {
                m.abandon(p);
                break;
            }
        };
        m.complete(p, kind);
    }
}

const COL_DEF_FIRST: TokenSet = TokenSet::new(&[LIKE_KW])
    .union(TABLE_CONSTRAINT_FIRST)
    .union(NAME_FIRST);

// column_name data_type [ STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT } ] [ COMPRESSION compression_method ] [ COLLATE collation ] [ column_constraint [ ... ] ]
//   { column_name data_type [ STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT } ] [ COMPRESSION compression_method ] [ COLLATE collation ] [ column_constraint [ ... ] ]
//     | table_constraint
//     | LIKE source_table [ like_option ... ] }
fn opt_col_def(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(COL_DEF_FIRST) {
        return None;
    }
    // TODO: add validation to check we only specify this when data types are allowed for args
    // LIKE source_table [ like_option ... ]
    if p.at(LIKE_KW) {
        return Some(like_clause(p));
    }
    if p.at_ts(TABLE_CONSTRAINT_FIRST) {
        return Some(table_constraint(p));
    }
    let m = p.start();
    column_name(p);
    if opt_type_name(p) {
        opt_storage(p);
        opt_compression_method(p);
    }
    opt_with_options(p);
    opt_alter_option_list(p);
    opt_collate(p);
    opt_column_constraint_list(p);
    Some(m.complete(p, COLUMN))
}

fn compression_method_name(p: &mut Parser<'_>) {
    let m = p.start();
    if !p.eat(DEFAULT_KW) {
        pg_name(p);
    }
    m.complete(p, COMPRESSION_METHOD_NAME);
}

fn opt_compression_method(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(COMPRESSION_KW) {
        return None;
    }
    let m = p.start();
    // [ COMPRESSION compression_method ]
    p.bump(COMPRESSION_KW);
    compression_method_name(p);
    Some(m.complete(p, COMPRESSION_METHOD))
}

fn storage_mode(p: &mut Parser<'_>) {
    let m = p.start();
    if !p.eat(DEFAULT_KW) {
        pg_name(p);
    }
    m.complete(p, STORAGE_MODE);
}

fn opt_storage(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(STORAGE_KW) {
        return None;
    }
    let m = p.start();
    // [ STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT } ]
    p.bump(STORAGE_KW);
    storage_mode(p);
    Some(m.complete(p, STORAGE))
}

fn like_clause(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(LIKE_KW));
    let m = p.start();
    p.bump(LIKE_KW);
    relation_name_ref(p);
    while !p.at(EOF) {
        if opt_like_option(p).is_none() {
            break;
        }
    }
    m.complete(p, LIKE_CLAUSE)
}

// [ AS ] alias [ ( column_alias [, ...] ) ]
// [ AS ] alias ( column_definition [, ...] )
// AS ( column_definition [, ...] )
fn opt_from_alias(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !(p.at(AS_KW) || p.at_ts(NAME_FIRST) || p.at(L_PAREN)) {
        return None;
    }
    let m = p.start();
    p.eat(AS_KW);
    // table_name(col1, col2, col3)
    if p.at_ts(NAME_FIRST) {
        table_alias(p);
    }
    if p.at(L_PAREN) && !opt_column_list_with(p, ColumnDefKind::FromAliasColumn) {
        p.error("expected column list");
    }
    Some(m.complete(p, FROM_ALIAS))
}

// [ TABLESAMPLE sampling_method ( argument [, ...] ) [ REPEATABLE ( seed ) ] ]
fn opt_tablesample_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(TABLESAMPLE_KW) {
        return None;
    }
    let m = p.start();
    p.bump(TABLESAMPLE_KW);
    call_expr(p);
    opt_repeatable_clause(p);
    Some(m.complete(p, TABLESAMPLE_CLAUSE))
}

// [ REPEATABLE ( seed ) ]
fn opt_repeatable_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(REPEATABLE_KW) {
        return None;
    }
    let m = p.start();
    p.bump(REPEATABLE_KW);
    p.expect(L_PAREN);
    if expr(p).is_none() {
        p.error("expected a seed");
    }
    p.expect(R_PAREN);
    Some(m.complete(p, REPEATABLE_CLAUSE))
}

fn clause_expr(p: &mut Parser<'_>) {
    if p.at(AND_KW) || p.at(OR_KW) {
        p.err_and_bump(&format!("expected expression but got {:?}", p.current()));
    }
    expr(p);
}

fn opt_where_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(WHERE_KW) {
        return None;
    }
    let m = p.start();
    p.bump(WHERE_KW);
    clause_expr(p);
    Some(m.complete(p, WHERE_CLAUSE))
}

/// <https://www.postgresql.org/docs/current/sql-select.html#SQL-GROUPBY>
fn opt_group_by_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if !p.eat(GROUP_KW) {
        m.abandon(p);
        return None;
    }
    p.expect(BY_KW);
    let group_by_all = p.at(ALL_KW);
    opt_all_or_distinct(p);
    if !opt_group_by_list(p) && !group_by_all {
        p.error("Expected at least one GROUP BY item");
    }

    Some(m.complete(p, GROUP_BY_CLAUSE))
}

fn opt_group_by_list(p: &mut Parser<'_>) -> bool {
    // From pg docs:
    // An expression used inside a grouping_element can be an input column name,
    // or the name or ordinal number of an output column (SELECT list item), or
    // an arbitrary expression formed from input-column values. In case of
    // ambiguity, a GROUP BY name will be interpreted as an input-column name
    // rather than an output column name.

    let m = p.start();
    let mut found_item = false;
    while !p.at(EOF) {
        if opt_group_by_item(p).is_none() {
            break;
        }
        found_item = true;
        if !p.eat(COMMA) {
            break;
        }
        if !p.at_ts(GROUP_BY_ITEM_FIRST) {
            p.error("Expected a GROUP BY item after comma");
            break;
        }
    }
    if found_item {
        m.complete(p, GROUP_BY_LIST);
    } else {
        m.abandon(p);
    }
    found_item
}

const GROUP_BY_ITEM_FIRST: TokenSet =
    TokenSet::new(&[ROLLUP_KW, CUBE_KW, GROUPING_KW]).union(EXPR_FIRST);

fn opt_group_by_item(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(GROUP_BY_ITEM_FIRST) {
        return None;
    }
    let m = p.start();
    let kind = match p.current() {
        ROLLUP_KW => {
            p.bump_any();
            paren_expr_list(p);
            GROUPING_ROLLUP
        }
        CUBE_KW => {
            p.bump_any();
            paren_expr_list(p);
            GROUPING_CUBE
        }
        GROUPING_KW if p.nth_at(1, SETS_KW) => {
            p.bump(GROUPING_KW);
            p.bump(SETS_KW);
            delimited(
                p,
                L_PAREN,
                R_PAREN,
                COMMA,
                ListItems::Required,
                || "unexpected comma".to_string(),
                GROUP_BY_ITEM_FIRST,
                |p| opt_group_by_item(p).is_some(),
            );
            GROUPING_SETS
        }
        L_PAREN if p.nth_at(1, R_PAREN) => {
            tuple_expr(p, ListItems::Optional);
            GROUPING_EXPR
        }
        _ => {
            expr(p);
            GROUPING_EXPR
        }
    };
    Some(m.complete(p, kind))
}

/// <https://www.postgresql.org/docs/17/sql-select.html#SQL-HAVING>
fn opt_having_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(HAVING_KW) {
        return None;
    }
    let m = p.start();
    p.bump(HAVING_KW);
    clause_expr(p);
    Some(m.complete(p, HAVING_CLAUSE))
}

// frame_start and frame_end can be one of
// UNBOUNDED PRECEDING
// UNBOUNDED FOLLOWING
// CURRENT ROW
// offset PRECEDING
// offset FOLLOWING
fn frame_start_end(p: &mut Parser<'_>) {
    match (p.current(), p.nth(1)) {
        (CURRENT_KW, ROW_KW) => {
            let m = p.start();
            p.bump(CURRENT_KW);
            p.bump(ROW_KW);
            m.complete(p, CURRENT_ROW);
        }
        (UNBOUNDED_KW, PRECEDING_KW) => {
            let m = p.start();
            p.bump(UNBOUNDED_KW);
            p.bump(PRECEDING_KW);
            m.complete(p, UNBOUNDED_PRECEDING);
        }
        (UNBOUNDED_KW, FOLLOWING_KW) => {
            let m = p.start();
            p.bump(UNBOUNDED_KW);
            p.bump(FOLLOWING_KW);
            m.complete(p, UNBOUNDED_FOLLOWING);
        }
        _ => {
            let m = p.start();
            expr(p);
            if p.at(PRECEDING_KW) {
                p.bump(PRECEDING_KW);
                m.complete(p, EXPR_PRECEDING);
            } else if p.at(FOLLOWING_KW) {
                p.bump(FOLLOWING_KW);
                m.complete(p, EXPR_FOLLOWING);
            } else {
                p.err_and_bump("expected preceding or following");
                m.abandon(p);
            }
        }
    }
}

// and frame_exclusion can be one of
// EXCLUDE CURRENT ROW
// EXCLUDE GROUP
// EXCLUDE TIES
// EXCLUDE NO OTHERS
fn opt_frame_exclusion(p: &mut Parser<'_>) {
    if !p.at(EXCLUDE_KW) {
        return;
    }
    let m = p.start();
    p.bump(EXCLUDE_KW);
    match p.current() {
        CURRENT_KW => {
            let inner = p.start();
            p.bump(CURRENT_KW);
            p.expect(ROW_KW);
            inner.complete(p, CURRENT_ROW);
        }
        NO_KW => {
            let inner = p.start();
            p.bump(NO_KW);
            p.expect(OTHERS_KW);
            inner.complete(p, NO_OTHERS);
        }
        GROUP_KW => {
            let inner = p.start();
            p.bump(GROUP_KW);
            inner.complete(p, GROUP);
        }
        TIES_KW => {
            let inner = p.start();
            p.bump(TIES_KW);
            inner.complete(p, TIES);
        }
        _ => {
            p.err_and_bump("expected `group`, `current row`, `ties`, or `no others`");
        }
    }
    m.complete(p, FRAME_EXCLUDE);
}

const WINDOW_DEF_START: TokenSet =
    TokenSet::new(&[IDENT, PARTITION_KW, ORDER_KW, RANGE_KW, ROWS_KW, GROUPS_KW]);

// window_definition is
// [ existing_window_name ]
// [ PARTITION BY expression [, ...] ]
// [ ORDER BY expression [ ASC | DESC | USING operator ] [ NULLS { FIRST | LAST } ] [, ...] ]
// [ frame_clause ]
//
// The frame_clause can be one of
// { RANGE | ROWS | GROUPS } frame_start [ frame_exclusion ]
// { RANGE | ROWS | GROUPS } BETWEEN frame_start AND frame_end [ frame_exclusion ]
fn window_spec(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(WINDOW_DEF_START) {
        return None;
    }
    let m = p.start();
    if p.at(IDENT) {
        window_ref(p);
    }
    opt_window_partition_by(p);
    opt_order_by_clause(p);
    opt_frame_clause(p);
    Some(m.complete(p, WINDOW_SPEC))
}

fn opt_window_partition_by(p: &mut Parser<'_>) {
    if !p.at(PARTITION_KW) {
        return;
    }
    let m = p.start();
    p.bump(PARTITION_KW);
    p.expect(BY_KW);
    if !opt_expr_list(p) {
        p.error("expected expression")
    }
    m.complete(p, PARTITION_BY_CLAUSE);
}

// { RANGE | ROWS | GROUPS }
fn frame_units(p: &mut Parser<'_>) {
    assert!(p.at(RANGE_KW) || p.at(ROWS_KW) || p.at(GROUPS_KW));
    let kind = match p.current() {
        RANGE_KW => FRAME_RANGE,
        ROWS_KW => FRAME_ROWS,
        _ => FRAME_GROUPS,
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

fn opt_frame_clause(p: &mut Parser<'_>) {
    if p.at(RANGE_KW) || p.at(ROWS_KW) || p.at(GROUPS_KW) {
        let m = p.start();
        frame_units(p);
        if p.at(BETWEEN_KW) {
            let m = p.start();
            p.bump(BETWEEN_KW);
            frame_start_end(p);
            p.expect(AND_KW);
            frame_start_end(p);
            m.complete(p, FRAME_BETWEEN);
            opt_frame_exclusion(p);
        } else {
            frame_start_end(p);
            opt_frame_exclusion(p);
        }
        m.complete(p, FRAME_CLAUSE);
    }
}

/// <https://www.postgresql.org/docs/17/sql-select.html#SQL-WINDOW>
fn opt_window_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(WINDOW_KW) {
        return None;
    }
    let m = p.start();
    p.bump(WINDOW_KW);
    window_def(p);
    while !p.at(EOF) && p.eat(COMMA) {
        window_def(p);
    }
    Some(m.complete(p, WINDOW_CLAUSE))
}

fn window_def(p: &mut Parser<'_>) {
    let m = p.start();
    window(p);
    p.expect(AS_KW);
    p.expect(L_PAREN);
    window_spec(p);
    p.expect(R_PAREN);
    m.complete(p, WINDOW_DEF);
}

// [ LIMIT { count | ALL } ]
fn opt_limit_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if !p.eat(LIMIT_KW) {
        m.abandon(p);
        return None;
    }
    if p.at(ALL_KW) {
        let value = p.start();
        p.bump(ALL_KW);
        value.complete(p, ALL);
    } else {
        expr(p);
    }
    Some(m.complete(p, LIMIT_CLAUSE))
}

// [ OFFSET start [ ROW | ROWS ] ]
fn opt_offset_clause(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(OFFSET_KW) {
        return None;
    }
    let m = p.start();
    p.bump(OFFSET_KW);
    expr(p);
    if p.at(ROW_KW) || p.at(ROWS_KW) {
        p.bump_any();
    }
    Some(m.complete(p, OFFSET_CLAUSE))
}

/// all is the default, distinct removes duplicate rows
fn opt_select_all_or_distinct(p: &mut Parser) -> Option<CompletedMarker> {
    // TODO: we probably don't want to be so specific here, we can be more
    // generous with parsing and handle error reporting later on.
    if p.at(ALL_KW) {
        let m = p.start();
        p.bump(ALL_KW);
        return Some(m.complete(p, ALL));
    }
    // ```
    // select DISTINCT [ ON ( expression [, ...] ) ]
    // ```
    //
    // for example:
    //
    //  ```
    //  select distinct name from users
    //  ```
    //
    //  or
    //
    //  ```
    //  select distinct on (url) url, request_duration
    //  from logs
    //  order by url, timestamp desc
    //  ```
    //
    // from: [pg docs](https://www.postgresql.org/docs/current/sql-select.html#SQL-DISTINCT)
    //
    // `SELECT DISTINCT ON ( expression [, ...] )` keeps only the first row of
    // each set of rows where the given expressions evaluate to equal. The
    // DISTINCT ON expressions are interpreted using the same rules as for
    // ORDER BY (see above). Note that the “first row” of each set is
    // unpredictable unless ORDER BY is used to ensure that the desired row
    // appears first.
    let m = p.start();
    if p.eat(DISTINCT_KW) {
        if p.at(ON_KW) {
            let m = p.start();
            p.bump(ON_KW);
            paren_expr_list(p);
            m.complete(p, DISTINCT_ON);
        }
        Some(m.complete(p, DISTINCT_CLAUSE))
    } else {
        m.abandon(p);
        None
    }
}

fn paren_expr_list(p: &mut Parser<'_>) {
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EXPR_FIRST,
        |p| opt_expr(p).is_some(),
    );
}

/// All keywords
const COL_LABEL_FIRST: TokenSet = TokenSet::new(&[IDENT])
    .union(UNRESERVED_KEYWORDS)
    .union(COL_NAME_KEYWORD_FIRST)
    .union(TYPE_FUNC_NAME_KEYWORDS)
    .union(RESERVED_KEYWORDS);

pub(crate) const NAME_FIRST: TokenSet = TokenSet::new(&[IDENT])
    .union(UNRESERVED_KEYWORDS)
    .union(COL_NAME_KEYWORD_FIRST);

const PARAM_NAME_FIRST: TokenSet = TokenSet::new(&[IDENT])
    .union(UNRESERVED_KEYWORDS)
    .union(TYPE_FUNC_NAME_KEYWORDS);

const BARE_COL_LABEL_FIRST: TokenSet = TokenSet::new(&[IDENT]).union(BARE_LABEL_KEYWORDS);

const TARGET_LIST_START: TokenSet = TokenSet::new(&[STAR])
    .union(COL_LABEL_FIRST)
    .union(EXPR_FIRST)
    .union(TYPE_KEYWORDS);

const LITERAL_FIRST: TokenSet = TokenSet::new(&[TRUE_KW, FALSE_KW, NULL_KW, DEFAULT_KW])
    .union(NUMERIC_FIRST)
    .union(STRING_FIRST);

const NUMERIC_FIRST: TokenSet = TokenSet::new(&[INT_NUMBER, NUMERIC_NUMBER]);

const STRING_FIRST: TokenSet = TokenSet::new(&[
    STRING,
    BYTE_STRING,
    UNICODE_ESC_STRING,
    BIT_STRING,
    DOLLAR_QUOTED_STRING,
    ESC_STRING,
    NATIONAL_STRING,
]);

// via https://www.postgresql.org/docs/17/sql-createoperator.html
pub(crate) const OPERATOR_FIRST: TokenSet = TokenSet::new(&[
    PLUS, MINUS, STAR, SLASH, L_ANGLE, R_ANGLE, EQ, TILDE, BANG, AT, POUND, PERCENT, CARET, AMP,
    PIPE, BACKTICK, QUESTION,
]);

const LHS_FIRST: TokenSet = TokenSet::new(&[
    L_PAREN,
    L_BRACK,
    CAST_KW,
    NOT_KW,
    IS_KW,
    POSITIONAL_PARAM,
    CASE_KW,
    ARRAY_KW,
    ROW_KW,
    DEFAULT_KW,
    // for non-standard params, like :foo
    COLON,
    // We special case the handling of these functions later on
    // all()
    ALL_KW,
    // any()
    ANY_KW,
    // some()
    SOME_KW,
])
.union(OPERATOR_FIRST)
.union(LITERAL_FIRST)
.union(TYPE_KEYWORDS)
.union(IDENTS);

const IDENTS: TokenSet = TokenSet::new(&[IDENT]).union(FUNC_KEYWORDS);

const FUNC_KEYWORDS: TokenSet = TokenSet::new(&[
    CURRENT_DATE_KW,
    CURRENT_TIME_KW,
    CURRENT_TIMESTAMP_KW,
    LOCALTIME_KW,
    LOCALTIMESTAMP_KW,
    CURRENT_ROLE_KW,
    CURRENT_USER_KW,
    SESSION_USER_KW,
    SYSTEM_USER_KW,
    USER_KW,
    CURRENT_CATALOG_KW,
    CURRENT_SCHEMA_KW,
]);

const NAME_REF_FIRST: TokenSet = TYPE_KEYWORDS.union(IDENTS);

pub(crate) const EXPR_FIRST: TokenSet = LHS_FIRST;

const TARGET_FOLLOW: TokenSet = TokenSet::new(&[
    SELECT_KW,
    FROM_KW,
    WHERE_KW,
    LIMIT_KW,
    ORDER_KW,
    OFFSET_KW,
    GROUP_KW,
    INTO_KW,
    HAVING_KW,
    WINDOW_KW,
    FETCH_KW,
    FOR_KW,
    R_PAREN,
    R_BRACK,
    RETURNING_KW,
    SEMICOLON,
    EOF,
    // start of another stmt that is also a reserved keyword, aka it can't be a
    // unquoted column name
    CREATE_KW,
    DO_KW,
    GRANT_KW,
    END_KW,
    ANALYZE_KW,
    ANALYSE_KW,
    WITH_KW,
])
.union(COMPOUND_SELECT_FIRST);

const TARGET_FIRST: TokenSet = EXPR_FIRST;

// target_el:
//   | a_expr AS ColLabel
//   | a_expr BareColLabel
//   | a_expr
//   | '*'
fn opt_target_el(p: &mut Parser) -> Option<CompletedMarker> {
    let m = p.start();
    if p.at_ts(TARGET_FOLLOW) {
        m.abandon(p);
        return None;
    } else if p.at(STAR) && !p.nth_at_ts(1, OPERATOR_FIRST) {
        p.bump(STAR);
    } else if expr_bp(
        p,
        1,
        &Restrictions {
            bare_label: BareLabelBehavior::Allowed,
            ..Restrictions::default()
        },
    )
    .is_some()
    {
        opt_as_col_label(p);
    } else {
        m.abandon(p);
        p.error(format!(
            "expected an expression in target_el, found {:?}",
            p.current()
        ));
        return None;
    };
    Some(m.complete(p, TARGET))
}

fn opt_as_col_label(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(AS_KW) {
        if p.at_ts(COL_LABEL_FIRST) {
            column_name(p);
            m.complete(p, AS_NAME);
        } else {
            p.err_and_bump(&format!("expected column label, got {:?}", p.current()));
            m.abandon(p);
        }
    } else if p.at(FORMAT_KW) && p.nth_at(1, JSON_KW) {
        m.abandon(p);
    } else if p.at_ts(BARE_COL_LABEL_FIRST) {
        column_name(p);
        m.complete(p, AS_NAME);
    } else {
        m.abandon(p);
    }
}

fn opt_target_list(p: &mut Parser) -> Option<CompletedMarker> {
    if !p.at_ts(TARGET_LIST_START) || p.at_ts(TARGET_FOLLOW) {
        return None;
    }
    let m = p.start();
    while !p.at(EOF) && !p.at(SEMICOLON) {
        if opt_target_el(p).is_some() {
            if p.at(COMMA) && p.nth_at_ts(1, TARGET_FOLLOW) {
                p.err_and_bump("unexpected trailing comma");
                break;
            }
            if !p.eat(COMMA) {
                if p.at_ts(TARGET_FOLLOW) {
                    break;
                }
                if p.at(FORMAT_KW) && p.nth_at(1, JSON_KW) {
                    break;
                }
                if p.at_ts(TARGET_FIRST) {
                    p.error("missing comma");
                } else {
                    break;
                }
            }
        } else {
            break;
        }
    }
    Some(m.complete(p, TARGET_LIST))
}

fn opt_if_not_exists(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(IF_KW) && p.nth_at(1, NOT_KW) {
        let m = p.start();
        p.bump(IF_KW);
        p.expect(NOT_KW);
        p.expect(EXISTS_KW);
        Some(m.complete(p, IF_NOT_EXISTS))
    } else {
        None
    }
}

fn opt_if_exists(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(IF_KW) && p.nth_at(1, EXISTS_KW) {
        let m = p.start();
        p.bump(IF_KW);
        p.expect(EXISTS_KW);
        Some(m.complete(p, IF_EXISTS))
    } else {
        None
    }
}

const DROP_TABLE_FOLLOW: TokenSet = TokenSet::new(&[CASCADE_KW, RESTRICT_KW]);

// DROP TABLE [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
/// <https://www.postgresql.org/docs/17/sql-droptable.html>
fn drop_table(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, TABLE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(TABLE_KW);
    opt_if_exists(p);
    separated(
        p,
        COMMA,
        || "unexpected comma, expected a name".to_string(),
        PATH_FIRST,
        DROP_TABLE_FOLLOW,
        |p| opt_table_name_ref(p).is_some(),
    );
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TABLE)
}

//   { column_name | ( expression ) }
//   [ COLLATE collation ]
//   [ opclass ]
//
// if we pass allow_extra_params:
//   { column_name | ( expression ) }
//   [ COLLATE collation ]
//   [ opclass [ ( opclass_parameter = value [, ... ] ) ] ]
//   [ ASC | DESC ]
//   [ NULLS { FIRST | LAST } ]
//
// part_elem:
//  | ColId opt_collate opt_qualified_name
//  | func_expr_windowless opt_collate opt_qualified_name
//  | '(' a_expr ')' opt_collate opt_qualified_name
fn partition_item(p: &mut Parser<'_>, allow_extra_params: bool) -> CompletedMarker {
    let m = p.start();
    // TODO: this can be more strict
    if expr(p).is_none() {
        p.error("expected expr")
    }
    opt_collate(p);
    // [ opclass ]
    opt_index_opclass(p);
    if allow_extra_params {
        // [ ( opclass_parameter = value [, ... ] ) ]
        if p.at(L_PAREN) {
            attribute_list(p);
        }
        opt_sort_order(p);
        opt_nulls_order(p);
    }
    m.complete(p, PARTITION_ITEM)
}

fn opt_partition_item(p: &mut Parser<'_>, allow_extra_params: bool) -> Option<CompletedMarker> {
    if !p.at_ts(EXPR_FIRST) {
        return None;
    }
    Some(partition_item(p, allow_extra_params))
}

fn opt_index_opclass(p: &mut Parser<'_>) {
    // at nulls_order
    if p.at(NULLS_KW) && (p.nth_at(1, FIRST_KW) || p.nth_at(1, LAST_KW)) {
        return;
    }
    opt_op_class_ref(p);
}

// [ NULLS { FIRST | LAST } ]
fn opt_nulls_order(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(NULLS_KW) {
        let kind = match p.current() {
            FIRST_KW => {
                p.bump(FIRST_KW);
                NULLS_FIRST
            }
            LAST_KW => {
                p.bump(LAST_KW);
                NULLS_LAST
            }
            _ => {
                p.error("expected FIRST or LAST");
                NULLS_LAST
            }
        };
        m.complete(p, kind);
    } else {
        m.abandon(p);
    }
}

fn table_arg_list(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    assert!(p.at(L_PAREN));
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Optional,
        || "unexpected comma".to_string(),
        COL_DEF_FIRST,
        |p| opt_col_def(p).is_some(),
    );
    Some(m.complete(p, TABLE_ARG_LIST))
}

// modulus 5
// remainder 0
fn opt_hash_partition_bound(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(NON_RESERVED_WORD) {
        return false;
    }
    let m = p.start();
    pg_name(p);
    uint_literal(p);
    m.complete(p, HASH_PARTITION_BOUND);
    true
}

// { FOR VALUES partition_bound_spec | DEFAULT }
fn partition_option(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = if p.eat(FOR_KW) {
        p.expect(VALUES_KW);
        // FOR VALUES WITH (modulus 5, remainder 0)
        if p.eat(WITH_KW) {
            delimited(
                p,
                L_PAREN,
                R_PAREN,
                COMMA,
                ListItems::Required,
                || "unexpected comma".to_string(),
                NON_RESERVED_WORD,
                opt_hash_partition_bound,
            );
            PARTITION_FOR_VALUES_WITH
        // FOR VALUES IN '(' expr_list ')'
        } else if p.eat(IN_KW) {
            paren_expr_list(p);
            PARTITION_FOR_VALUES_IN
        // FOR VALUES FROM '(' expr_list ')' TO '(' expr_list ')'
        } else if p.eat(FROM_KW) {
            let m = p.start();
            paren_expr_list(p);
            m.complete(p, PARTITION_FROM_VALUES);
            p.expect(TO_KW);
            let m = p.start();
            paren_expr_list(p);
            m.complete(p, PARTITION_TO_VALUES);
            PARTITION_FOR_VALUES_FROM
        } else {
            p.error("expected partition option");
            PARTITION_DEFAULT
        }
    // DEFAULT
    } else {
        p.expect(DEFAULT_KW);
        PARTITION_DEFAULT
    };
    m.complete(p, kind);
}

fn opt_inherits_tables(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(INHERITS_KW) {
        p.expect(L_PAREN);
        table_name_refs(p);
        p.expect(R_PAREN);
        m.complete(p, INHERITS);
    } else {
        m.abandon(p);
    }
}

// CREATE [ [ GLOBAL | LOCAL ] { TEMPORARY | TEMP } | UNLOGGED ] TABLE [ IF NOT EXISTS ] table_name ( [
//   { column_name data_type [ STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT } ] [ COMPRESSION compression_method ] [ COLLATE collation ] [ column_constraint [ ... ] ]
//     | table_constraint
//     | LIKE source_table [ like_option ... ] }
//     [, ... ]
// ] )
// [ INHERITS ( parent_table [, ... ] ) ]
// [ PARTITION BY { RANGE | LIST | HASH } ( { column_name | ( expression ) } [ COLLATE collation ] [ opclass ] [, ... ] ) ]
// [ USING method ]
// [ WITH ( storage_parameter [= value] [, ... ] ) | WITHOUT OIDS ]
// [ ON COMMIT { PRESERVE ROWS | DELETE ROWS | DROP } ]
// [ TABLESPACE tablespace_name ]
//
// CREATE [ [ GLOBAL | LOCAL ] { TEMPORARY | TEMP } | UNLOGGED ] TABLE [ IF NOT EXISTS ] table_name
//     OF type_name [ (
//   { column_name [ WITH OPTIONS ] [ column_constraint [ ... ] ]
//     | table_constraint }
//     [, ... ]
// ) ]
// [ PARTITION BY { RANGE | LIST | HASH } ( { column_name | ( expression ) } [ COLLATE collation ] [ opclass ] [, ... ] ) ]
// [ USING method ]
// [ WITH ( storage_parameter [= value] [, ... ] ) | WITHOUT OIDS ]
// [ ON COMMIT { PRESERVE ROWS | DELETE ROWS | DROP } ]
// [ TABLESPACE tablespace_name ]
//
// CREATE [ [ GLOBAL | LOCAL ] { TEMPORARY | TEMP } | UNLOGGED ] TABLE [ IF NOT EXISTS ] table_name
//     PARTITION OF parent_table [ (
//   { column_name [ WITH OPTIONS ] [ column_constraint [ ... ] ]
//     | table_constraint }
//     [, ... ]
// ) ] { FOR VALUES partition_bound_spec | DEFAULT }
// [ PARTITION BY { RANGE | LIST | HASH } ( { column_name | ( expression ) } [ COLLATE collation ] [ opclass ] [, ... ] ) ]
// [ USING method ]
// [ WITH ( storage_parameter [= value] [, ... ] ) | WITHOUT OIDS ]
// [ ON COMMIT { PRESERVE ROWS | DELETE ROWS | DROP } ]
// [ TABLESPACE tablespace_name ]
fn create_table(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.expect(CREATE_KW);
    opt_persistence(p);
    p.expect(TABLE_KW);
    opt_if_not_exists(p);
    table_name(p);
    let mut is_partition = false;
    // OF type_name
    if p.at(OF_KW) {
        of_type(p);
        // TODO: add validation to check that table args don't have data types
        // PARTITION OF parent_table
    } else if p.at(PARTITION_KW) {
        partition_of(p);
        // TODO: add validation to check that table args don't have data types
        is_partition = true;
    }
    if p.at(L_PAREN) {
        table_arg_list(p);
    }
    if is_partition {
        partition_option(p);
    }
    // TODO: add validation to check we don't specify this when data types aren't allowed
    opt_inherits_tables(p);
    opt_partition_by(p);
    opt_using_method(p);
    if opt_with_params(p).is_none() {
        opt_without_oids(p);
    }
    opt_on_commit(p);
    opt_tablespace(p);
    // AS query
    // [ WITH [ NO ] DATA ]
    if p.eat(AS_KW) {
        match stmt(p, &StmtRestrictions::default()).map(|x| x.kind()) {
            Some(
                SELECT | COMPOUND_SELECT | SELECT_INTO | PAREN_SELECT | TABLE | VALUES | EXECUTE,
            ) => (),
            _ => {
                p.error("expected SELECT, TABLE, VALUES, or EXECUTE");
            }
        }

        opt_with_data(p);

        p.eat(SEMICOLON);
        return m.complete(p, CREATE_TABLE_AS);
    }
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TABLE)
}

// [ [ GLOBAL | LOCAL ] { TEMPORARY | TEMP } | UNLOGGED ]
fn opt_persistence(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if p.eat(UNLOGGED_KW) {
        m.complete(p, UNLOGGED);
        return true;
    }
    // [ GLOBAL | LOCAL ] { TEMPORARY | TEMP }
    let require_temp = p.eat(GLOBAL_KW) || p.eat(LOCAL_KW);
    if require_temp {
        if !opt_temp(p) {
            p.error("expected temp or temporary");
        }
        m.complete(p, TEMP);
        true
    } else if opt_temp(p) {
        m.complete(p, TEMP);
        true
    } else {
        m.abandon(p);
        false
    }
}

fn of_type(p: &mut Parser<'_>) {
    assert!(p.at(OF_KW));
    let m = p.start();
    p.bump(OF_KW);
    simple_type_name(p);
    m.complete(p, OF_TYPE);
}

fn partition_of(p: &mut Parser<'_>) {
    assert!(p.at(PARTITION_KW));
    let m = p.start();
    p.bump(PARTITION_KW);
    p.expect(OF_KW);
    table_name_ref(p);
    m.complete(p, PARTITION_OF);
}

fn opt_with_data(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if p.eat(WITH_KW) {
        let kind = if p.eat(NO_KW) {
            WITH_NO_DATA
        } else {
            WITH_DATA
        };
        p.expect(DATA_KW);
        Some(m.complete(p, kind))
    } else {
        m.abandon(p);
        None
    }
}

fn rename_column(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(RENAME_KW));
    let m = p.start();
    p.bump(RENAME_KW);
    p.eat(COLUMN_KW);
    column_name_ref(p);
    p.expect(TO_KW);
    column_name(p);
    m.complete(p, RENAME_COLUMN)
}

fn rename_to(
    p: &mut Parser<'_>,
    kind: SyntaxKind,
    name: impl FnOnce(&mut Parser<'_>),
) -> CompletedMarker {
    assert!(p.at(RENAME_KW));
    let m = p.start();
    p.bump(RENAME_KW);
    p.expect(TO_KW);
    name(p);
    m.complete(p, kind)
}

fn owner_to(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(OWNER_KW));
    let m = p.start();
    p.bump(OWNER_KW);
    p.expect(TO_KW);
    role_ref(p);
    m.complete(p, OWNER_TO)
}

fn opt_tablespace(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    // [ TABLESPACE tablespace_name ]
    if p.eat(TABLESPACE_KW) {
        tablespace_ref(p);
        Some(m.complete(p, TABLESPACE_CLAUSE))
    } else {
        m.abandon(p);
        None
    }
}

fn opt_without_oids(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if p.eat(WITHOUT_KW) {
        p.expect(OIDS_KW);
        Some(m.complete(p, WITHOUT_OIDS))
    } else {
        m.abandon(p);
        None
    }
}

fn access_method(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, ACCESS_METHOD);
}

fn access_method_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, ACCESS_METHOD_REF);
}

fn attribute_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, ATTRIBUTE_NAME);
}

fn column_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, COLUMN_NAME);
}

fn column_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, COLUMN_NAME_REF);
}

fn composite_field(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, COMPOSITE_FIELD);
}

fn composite_field_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, COMPOSITE_FIELD_REF);
}

fn opt_column_name_ref(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(COL_LABEL_FIRST) {
        return None;
    }
    let m = p.start();
    pg_name(p);
    Some(m.complete(p, COLUMN_NAME_REF))
}

fn column_name_ref_list(p: &mut Parser<'_>) {
    column_name_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        column_name_ref(p);
    }
}

fn opt_config_value_name(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(NAME_REF_FIRST) {
        return false;
    }
    let m = p.start();
    pg_name(p);
    m.complete(p, CONFIG_VALUE_NAME);
    true
}

fn constraint_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, CONSTRAINT_NAME);
}

fn constraint_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, CONSTRAINT_NAME_REF);
}

fn cte_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, CTE_NAME);
}

fn index(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, INDEX);
}

fn json_path_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, JSON_PATH_NAME);
}

// [ AS json_path_name ]
fn opt_json_path_name_clause(p: &mut Parser<'_>) {
    if !p.at(AS_KW) {
        return;
    }
    let m = p.start();
    p.bump(AS_KW);
    json_path_name(p);
    m.complete(p, JSON_PATH_NAME_CLAUSE);
}

fn json_path_name_ref(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    pg_name(p);
    m.complete(p, JSON_PATH_NAME_REF)
}

fn index_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, INDEX_REF);
}

fn opt_index_ref(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if opt_path_name_ref(p).is_some() {
        Some(m.complete(p, INDEX_REF))
    } else {
        m.abandon(p);
        None
    }
}

fn param_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, PARAM_NAME);
}

fn policy(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, POLICY);
}

fn policy_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, POLICY_REF);
}

fn relation_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, RELATION_NAME_REF);
}

fn remote_table_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, REMOTE_TABLE_NAME_REF);
}

fn table_alias(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, TABLE_ALIAS);
}

fn table_name(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, TABLE_NAME);
}

fn table_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, TABLE_NAME_REF);
}

fn transition_relation_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, TRANSITION_RELATION_NAME);
}

fn vertex_table_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, VERTEX_TABLE_REF);
}

fn opt_element_table_ref(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(NAME_REF_FIRST) {
        return None;
    }
    let m = p.start();
    pg_name(p);
    Some(m.complete(p, ELEMENT_TABLE_REF))
}

fn element_table_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, ELEMENT_TABLE_REF);
}

fn label(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, LABEL);
}

fn element_table_alias(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, ELEMENT_TABLE_ALIAS);
}

fn opt_element_variable(p: &mut Parser<'_>) {
    if !p.at_ts(NAME_FIRST) {
        return;
    }
    let m = p.start();
    pg_name(p);
    m.complete(p, ELEMENT_VARIABLE);
}

fn label_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, LABEL_REF);
}

fn property_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, PROPERTY_NAME);
}

fn property_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, PROPERTY_NAME_REF);
}

fn opt_property_name_ref(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(NAME_REF_FIRST) {
        return false;
    }
    property_name_ref(p);
    true
}

fn opt_paren_property_name_ref_list(p: &mut Parser<'_>) -> bool {
    if !p.at(L_PAREN) {
        return false;
    }
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        NAME_REF_FIRST,
        opt_property_name_ref,
    );
    true
}

fn opt_table_name_ref(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if opt_path_name_ref(p).is_some() {
        Some(m.complete(p, TABLE_NAME_REF))
    } else {
        m.abandon(p);
        None
    }
}

fn view(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, VIEW);
}

fn view_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, VIEW_REF);
}

fn rule(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, RULE);
}

fn rule_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, RULE_REF);
}

fn trigger(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, TRIGGER);
}

fn trigger_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, TRIGGER_REF);
}

fn collation(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, COLLATION);
}

fn collation_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, COLLATION_REF);
}

fn conversion(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, CONVERSION);
}

fn conversion_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, CONVERSION_REF);
}

fn domain(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, DOMAIN);
}

fn domain_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, DOMAIN_REF);
}

fn type_name_definition(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, TYPE_NAME);
}

fn type_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, TYPE_NAME_REF);
}

fn channel(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, CHANNEL);
}

fn channel_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, CHANNEL_REF);
}

fn cursor(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, CURSOR);
}

fn cursor_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, CURSOR_REF);
}

fn prepared_statement(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, PREPARED_STATEMENT);
}

fn prepared_statement_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, PREPARED_STATEMENT_REF);
}

fn savepoint(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SAVEPOINT);
}

fn savepoint_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SAVEPOINT_REF);
}

fn window(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, WINDOW);
}

fn window_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, WINDOW_REF);
}

fn event_trigger(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, EVENT_TRIGGER);
}

fn event_trigger_event(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, EVENT_TRIGGER_EVENT);
}

fn event_trigger_filter_variable(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, EVENT_TRIGGER_FILTER_VARIABLE);
}

fn event_trigger_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, EVENT_TRIGGER_REF);
}

fn extension(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, EXTENSION);
}

fn extension_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, EXTENSION_REF);
}

fn foreign_data_wrapper(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, FOREIGN_DATA_WRAPPER);
}

fn foreign_data_wrapper_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, FOREIGN_DATA_WRAPPER_REF);
}

fn function_name(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, FUNCTION_NAME);
}

fn function_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, FUNCTION_NAME_REF);
}

fn procedure_name(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, PROCEDURE_NAME);
}

fn procedure_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, PROCEDURE_NAME_REF);
}

fn routine_name(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, ROUTINE_NAME);
}

fn routine_name_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, ROUTINE_NAME_REF);
}

fn aggregate_name(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, AGGREGATE_NAME);
}

fn language(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, LANGUAGE);
}

fn language_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, LANGUAGE_REF);
}

fn publication(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, PUBLICATION);
}

fn publication_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, PUBLICATION_REF);
}

fn schema(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SCHEMA);
}

fn schema_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SCHEMA_REF);
}

fn server(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SERVER);
}

fn server_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SERVER_REF);
}

fn subscription(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SUBSCRIPTION);
}

fn subscription_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SUBSCRIPTION_REF);
}

fn tablespace(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, TABLESPACE);
}

fn tablespace_ref(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, TABLESPACE_REF);
}

fn sequence(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, SEQUENCE);
}

fn sequence_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, SEQUENCE_REF);
}

fn statistics(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, STATISTICS);
}

fn statistics_kind(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, STATISTICS_KIND);
}

fn opt_statistics_kind(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(NAME_REF_FIRST) {
        return false;
    }
    statistics_kind(p);
    true
}

fn statistics_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, STATISTICS_REF);
}

fn property_graph(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, PROPERTY_GRAPH);
}

fn property_graph_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, PROPERTY_GRAPH_REF);
}

fn text_search_configuration(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, TEXT_SEARCH_CONFIGURATION);
}

fn text_search_configuration_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, TEXT_SEARCH_CONFIGURATION_REF);
}

fn text_search_dictionary(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, TEXT_SEARCH_DICTIONARY);
}

fn text_search_dictionary_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, TEXT_SEARCH_DICTIONARY_REF);
}

// REPLACE old_dictionary WITH new_dictionary
fn replace_dictionary(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(REPLACE_KW);
    text_search_dictionary_ref(p);
    p.expect(WITH_KW);
    text_search_dictionary_ref(p);
    m.complete(p, REPLACE_DICTIONARY);
}

fn text_search_parser(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, TEXT_SEARCH_PARSER);
}

fn text_search_parser_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, TEXT_SEARCH_PARSER_REF);
}

fn text_search_template(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, TEXT_SEARCH_TEMPLATE);
}

fn text_search_template_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, TEXT_SEARCH_TEMPLATE_REF);
}

fn text_search_token_kind(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, TEXT_SEARCH_TOKEN_KIND);
}

fn database(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, DATABASE);
}

fn opt_database_ref(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(COL_LABEL_FIRST) {
        return None;
    }
    let m = p.start();
    pg_name(p);
    Some(m.complete(p, DATABASE_REF))
}

fn database_ref(p: &mut Parser<'_>) {
    if opt_database_ref(p).is_none() {
        p.error("expected database name");
    }
}

fn op_family_name(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, OP_FAMILY_NAME);
}

fn op_family_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, OP_FAMILY_REF);
}

fn op_class_name(p: &mut Parser<'_>) {
    let m = p.start();
    path_name(p);
    m.complete(p, OP_CLASS_NAME);
}

fn opt_op_class_ref(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if opt_path_name_ref(p).is_some() {
        Some(m.complete(p, OP_CLASS_REF))
    } else {
        m.abandon(p);
        None
    }
}

fn op_class_ref(p: &mut Parser<'_>) {
    if opt_op_class_ref(p).is_none() {
        p.error("expected path name");
    }
}

fn using_method(p: &mut Parser<'_>) {
    if opt_using_method(p).is_none() {
        p.error("expected USING");
    }
}

fn opt_cluster_using_index(p: &mut Parser<'_>) {
    if p.at(USING_KW) {
        let m = p.start();
        p.bump(USING_KW);
        index_ref(p);
        m.complete(p, CLUSTER_USING_INDEX);
    }
}

fn opt_using_method(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    // [ USING method ]
    if p.eat(USING_KW) {
        access_method_ref(p);
        Some(m.complete(p, USING_METHOD))
    } else {
        m.abandon(p);
        None
    }
}

fn opt_partition_by(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    // [ PARTITION BY { RANGE | LIST | HASH } ( { column_name | ( expression ) } [ COLLATE collation ] [ opclass ] [, ... ] ) ]
    if p.eat(PARTITION_KW) {
        p.expect(BY_KW);
        // name
        let strategy = p.start();
        pg_name(p);
        strategy.complete(p, PARTITION_STRATEGY);
        // (
        //   { column_name | ( expression ) }
        //   [ COLLATE collation ]
        //   [ opclass ]
        //   [, ... ]
        // )
        partition_items(p, false);
        Some(m.complete(p, PARTITION_BY))
    } else {
        m.abandon(p);
        None
    }
}

fn on_commit_action(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let kind = if p.eat(PRESERVE_KW) {
        p.expect(ROWS_KW);
        PRESERVE_ROWS
    } else if p.eat(DELETE_KW) {
        p.expect(ROWS_KW);
        DELETE_ROWS
    } else if p.eat(DROP_KW) {
        DROP
    } else {
        p.error("expected PRESERVE ROWS, DELETE ROWS, or DROP");
        m.abandon(p);
        return None;
    };
    Some(m.complete(p, kind))
}

fn opt_on_commit(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    // [ ON COMMIT { PRESERVE ROWS | DELETE ROWS | DROP } ]
    if p.eat(ON_KW) {
        p.expect(COMMIT_KW);
        on_commit_action(p);
        Some(m.complete(p, ON_COMMIT))
    } else {
        m.abandon(p);
        None
    }
}

// COMMIT [ WORK | TRANSACTION ] [ AND [ NO ] CHAIN ]
// COMMIT PREPARED transaction_id
//
// https://www.postgresql.org/docs/17/sql-commit.html
fn commit(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(COMMIT_KW) || p.at(END_KW));
    let m = p.start();
    let is_commit = p.at(COMMIT_KW);
    p.bump_any();
    // PREPARED transaction_id
    let kind = if is_commit && p.eat(PREPARED_KW) {
        string_literal(p);
        COMMIT_PREPARED
    } else {
        // [ WORK | TRANSACTION ] [ AND [ NO ] CHAIN ]
        let _ = p.eat(WORK_KW) || p.eat(TRANSACTION_KW);
        opt_chain_clause(p);
        COMMIT_TRANSACTION
    };
    p.eat(SEMICOLON);
    m.complete(p, kind)
}

pub(crate) fn opt_chain_clause(p: &mut Parser<'_>) {
    if !p.at(AND_KW) {
        return;
    }
    let m = p.start();
    p.bump(AND_KW);
    let kind = if p.eat(NO_KW) {
        AND_NO_CHAIN
    } else {
        AND_CHAIN
    };
    p.expect(CHAIN_KW);
    m.complete(p, kind);
}

const TRANSACTION_MODE_FIRST: TokenSet =
    TokenSet::new(&[ISOLATION_KW, READ_KW, NOT_KW, DEFERRABLE_KW]);

// where transaction_mode is one of:
//     ISOLATION LEVEL { SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED }
//     READ WRITE | READ ONLY
//     [ NOT ] DEFERRABLE
fn opt_transaction_mode(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(TRANSACTION_MODE_FIRST) {
        return false;
    }
    let m = p.start();
    // ISOLATION LEVEL { SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED }
    let kind = if p.eat(ISOLATION_KW) {
        p.expect(LEVEL_KW);
        if p.eat(SERIALIZABLE_KW) {
            SERIALIZABLE
        } else if p.eat(REPEATABLE_KW) {
            p.expect(READ_KW);
            REPEATABLE_READ
        } else if p.eat(READ_KW) {
            if p.eat(UNCOMMITTED_KW) {
                READ_UNCOMMITTED
            } else {
                p.expect(COMMITTED_KW);
                READ_COMMITTED
            }
        } else {
            p.error("expected isolation level");
            READ_COMMITTED
        }
    // READ WRITE | READ ONLY
    } else if p.eat(READ_KW) {
        if p.eat(WRITE_KW) {
            READ_WRITE
        } else {
            p.expect(ONLY_KW);
            READ_ONLY
        }
    // [ NOT ] DEFERRABLE
    } else {
        let kind = if p.eat(NOT_KW) {
            NOT_DEFERRABLE
        } else {
            DEFERRABLE
        };
        p.expect(DEFERRABLE_KW);
        kind
    };
    m.complete(p, kind);
    true
}

// BEGIN [ WORK | TRANSACTION ] [ transaction_mode [, ...] ]
//
// START TRANSACTION [ transaction_mode [, ...] ]
//
// where transaction_mode is one of:
//     ISOLATION LEVEL { SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED }
//     READ WRITE | READ ONLY
//     [ NOT ] DEFERRABLE
//
// https://www.postgresql.org/docs/17/sql-begin.html
// https://www.postgresql.org/docs/17/sql-start-transaction.html
fn begin(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(BEGIN_KW) || p.at(START_KW));
    let m = p.start();
    // BEGIN [ WORK | TRANSACTION ] [ transaction_mode [, ...] ]
    if p.eat(BEGIN_KW) {
        // [ WORK | TRANSACTION ]
        let _ = p.eat(WORK_KW) || p.eat(TRANSACTION_KW);
        opt_transaction_mode_list(p);
    } else {
        // START TRANSACTION [ transaction_mode [, ...] ]
        p.bump(START_KW);
        p.expect(TRANSACTION_KW);
        opt_transaction_mode_list(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, BEGIN)
}

// Sconst
pub(crate) fn opt_string_literal(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at_ts(STRING_FIRST) {
        literal(p)
    } else {
        None
    }
}

fn string_literal(p: &mut Parser<'_>) {
    if opt_string_literal(p).is_none() {
        p.error("expected string literal");
    }
}

const BOOL_FIRST: TokenSet = TokenSet::new(&[TRUE_KW, FALSE_KW, OFF_KW, ON_KW, INT_NUMBER]);

const UTILITY_OPTION_ARG_FIRST: TokenSet = BOOL_FIRST
    .union(NUMERIC_FIRST)
    .union(STRING_FIRST)
    .union(NON_RESERVED_WORD);

fn opt_utility_option_arg(p: &mut Parser<'_>) -> bool {
    if opt_bool_literal(p) || opt_numeric_literal(p).is_some() || opt_string_literal(p).is_some() {
        return true;
    }
    if p.at_ts(NON_RESERVED_WORD) {
        p.bump_any();
        return true;
    }
    false
}

fn opt_null_literal(p: &mut Parser<'_>) -> bool {
    if !p.at(NULL_KW) {
        return false;
    }
    let m = p.start();
    p.bump(NULL_KW);
    m.complete(p, LITERAL);
    true
}

fn opt_bool_literal(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    // TOOD: add validation to check for `1` or `0` inside the INT_NUMBER
    // https://www.postgresql.org/docs/current/sql-explain.html
    if p.at_ts(BOOL_FIRST) {
        p.bump_any();
        m.complete(p, LITERAL);
        true
    } else {
        m.abandon(p);
        false
    }
}

// PREPARE TRANSACTION transaction_id
//
// https://www.postgresql.org/docs/17/sql-prepare-transaction.html
fn prepare_transaction(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(PREPARE_KW));
    let m = p.start();
    p.bump(PREPARE_KW);
    p.expect(TRANSACTION_KW);
    string_literal(p);
    p.eat(SEMICOLON);
    m.complete(p, PREPARE_TRANSACTION)
}

// SAVEPOINT savepoint_name
//
// https://www.postgresql.org/docs/17/sql-savepoint.html
fn savepoint_create(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SAVEPOINT_KW));
    let m = p.start();
    p.bump(SAVEPOINT_KW);
    savepoint(p);
    p.eat(SEMICOLON);
    m.complete(p, SAVEPOINT_CREATE)
}

// RELEASE [ SAVEPOINT ] savepoint_name
//
// https://www.postgresql.org/docs/17/sql-release-savepoint.html
fn release(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(RELEASE_KW));
    let m = p.start();
    p.bump(RELEASE_KW);
    p.eat(SAVEPOINT_KW);
    savepoint_ref(p);
    p.eat(SEMICOLON);
    m.complete(p, RELEASE_SAVEPOINT)
}

// ROLLBACK [ WORK | TRANSACTION ] [ AND [ NO ] CHAIN ]
// ABORT [ WORK | TRANSACTION ] [ AND [ NO ] CHAIN ]
// ROLLBACK [ WORK | TRANSACTION ] TO [ SAVEPOINT ] savepoint_name
// ROLLBACK PREPARED transaction_id
//
// https://www.postgresql.org/docs/17/sql-rollback.html
// https://www.postgresql.org/docs/17/sql-abort.html
// https://www.postgresql.org/docs/17/sql-rollback-to.html
// https://www.postgresql.org/docs/17/sql-rollback-prepared.html
fn rollback(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ROLLBACK_KW) || p.at(ABORT_KW));
    let m = p.start();
    let is_rollback = p.at(ROLLBACK_KW);
    p.bump_any();
    if is_rollback && p.eat(PREPARED_KW) {
        string_literal(p);
        p.eat(SEMICOLON);
        return m.complete(p, ROLLBACK_PREPARED);
    }
    let _ = p.eat(WORK_KW) || p.eat(TRANSACTION_KW);
    let kind = if is_rollback && p.eat(TO_KW) {
        p.eat(SAVEPOINT_KW);
        savepoint_ref(p);
        ROLLBACK_TO_SAVEPOINT
    } else {
        opt_chain_clause(p);
        ROLLBACK_TRANSACTION
    };
    p.eat(SEMICOLON);
    m.complete(p, kind)
}

#[derive(Default)]
pub(crate) struct StmtRestrictions {
    begin_end_allowed: bool,
    semi_allowed: bool,
}

pub(crate) fn stmt(p: &mut Parser, r: &StmtRestrictions) -> Option<CompletedMarker> {
    match (p.current(), p.nth(1)) {
        (SEMICOLON, _) if r.semi_allowed => Some(empty_stmt(p)),
        (SEMICOLON, _) => None,
        (ABORT_KW, _) => Some(rollback(p)),
        (ALTER_KW, AGGREGATE_KW) => Some(alter_aggregate(p)),
        (ALTER_KW, COLLATION_KW) => Some(alter_collation(p)),
        (ALTER_KW, CONVERSION_KW) => Some(alter_conversion(p)),
        (ALTER_KW, DATABASE_KW) => Some(alter_database(p)),
        (ALTER_KW, DEFAULT_KW) if p.nth_at(2, PRIVILEGES_KW) => Some(alter_default_privileges(p)),
        (ALTER_KW, DOMAIN_KW) => Some(alter_domain(p)),
        (ALTER_KW, EVENT_KW) if p.nth_at(2, TRIGGER_KW) => Some(alter_event_trigger(p)),
        (ALTER_KW, EXTENSION_KW) => Some(alter_extension(p)),
        (ALTER_KW, FOREIGN_KW) if p.nth_at(2, DATA_KW) => Some(alter_foreign_data_wrapper(p)),
        (ALTER_KW, FOREIGN_KW) if p.nth_at(2, TABLE_KW) => Some(alter_foreign_table(p)),
        (ALTER_KW, FUNCTION_KW) => Some(alter_function(p)),
        (ALTER_KW, GROUP_KW) => Some(alter_group(p)),
        (ALTER_KW, INDEX_KW) => Some(alter_index(p)),
        (ALTER_KW, LARGE_KW) if p.nth_at(2, OBJECT_KW) => Some(alter_large_object(p)),
        (ALTER_KW, MATERIALIZED_KW) if p.nth_at(2, VIEW_KW) => Some(alter_materialized_view(p)),
        (ALTER_KW, OPERATOR_KW) if p.nth_at(2, CLASS_KW) => Some(alter_operator_class(p)),
        (ALTER_KW, OPERATOR_KW) if p.nth_at(2, FAMILY_KW) => Some(alter_operator_family(p)),
        (ALTER_KW, OPERATOR_KW) => Some(alter_operator(p)),
        (ALTER_KW, POLICY_KW) => Some(alter_policy(p)),
        (ALTER_KW, PROPERTY_KW) => Some(alter_property_graph(p)),
        (ALTER_KW, PROCEDURAL_KW | LANGUAGE_KW) => Some(alter_language(p)),
        (ALTER_KW, PROCEDURE_KW) => Some(alter_procedure(p)),
        (ALTER_KW, PUBLICATION_KW) => Some(alter_publication(p)),
        (ALTER_KW, ROLE_KW) => Some(alter_role(p)),
        (ALTER_KW, ROUTINE_KW) => Some(alter_routine(p)),
        (ALTER_KW, RULE_KW) => Some(alter_rule(p)),
        (ALTER_KW, SCHEMA_KW) => Some(alter_schema(p)),
        (ALTER_KW, SEQUENCE_KW) => Some(alter_sequence(p)),
        (ALTER_KW, SERVER_KW) => Some(alter_server(p)),
        (ALTER_KW, STATISTICS_KW) => Some(alter_statistics(p)),
        (ALTER_KW, SUBSCRIPTION_KW) => Some(alter_subscription(p)),
        (ALTER_KW, SYSTEM_KW) => Some(alter_system(p)),
        (ALTER_KW, TABLE_KW) => Some(alter_table(p)),
        (ALTER_KW, TABLESPACE_KW) => Some(alter_tablespace(p)),
        (ALTER_KW, TEXT_KW) if p.nth_at(2, SEARCH_KW) => match p.nth(3) {
            CONFIGURATION_KW => Some(alter_text_search_configuration(p)),
            DICTIONARY_KW => Some(alter_text_search_dict(p)),
            PARSER_KW => Some(alter_text_search_parser(p)),
            TEMPLATE_KW => Some(alter_text_search_template(p)),
            _ => {
                p.err_and_bump("expected CONFIGURATION, DICTIONARY, PARSER, or TEMPLATE");
                None
            }
        },
        (ALTER_KW, TRIGGER_KW) => Some(alter_trigger(p)),
        (ALTER_KW, TYPE_KW) => Some(alter_type(p)),
        (ALTER_KW, USER_KW) if p.nth_at(2, MAPPING_KW) => Some(alter_user_mapping(p)),
        (ALTER_KW, USER_KW) => Some(alter_user(p)),
        (ALTER_KW, VIEW_KW) => Some(alter_view(p)),
        (ANALYZE_KW | ANALYSE_KW, _) => Some(analyze(p)),
        (BEGIN_KW, _) if r.begin_end_allowed => Some(begin(p)),
        (CALL_KW, _) => Some(call(p, r.semi_allowed)),
        (CHECKPOINT_KW, _) => Some(checkpoint(p)),
        (CLOSE_KW, _) => Some(close(p)),
        (CLUSTER_KW, _) => Some(cluster(p)),
        (COMMENT_KW, _) => Some(comment(p)),
        (COMMIT_KW, _) => Some(commit(p)),
        (COPY_KW, _) => Some(copy(p)),
        (CREATE_KW, ACCESS_KW) => Some(create_access_method(p)),
        (CREATE_KW, AGGREGATE_KW) => Some(create_aggregate(p)),
        (CREATE_KW, CAST_KW) => Some(create_cast(p)),
        (CREATE_KW, COLLATION_KW) => Some(create_collation(p)),
        (CREATE_KW, CONVERSION_KW | DEFAULT_KW) => Some(create_conversion(p)),
        (CREATE_KW, DATABASE_KW) => Some(create_database(p)),
        (CREATE_KW, DOMAIN_KW) => Some(create_domain(p)),
        (CREATE_KW, EVENT_KW) => Some(create_event_trigger(p)),
        (CREATE_KW, EXTENSION_KW) => Some(create_extension(p)),
        (CREATE_KW, FOREIGN_KW) => match p.nth(2) {
            DATA_KW => Some(create_foreign_data_wrapper(p)),
            _ => Some(create_foreign_table(p)),
        },
        (CREATE_KW, FUNCTION_KW) => Some(create_function(p)),
        (CREATE_KW, GROUP_KW) => Some(create_group(p)),
        (CREATE_KW, INDEX_KW | UNIQUE_KW) => Some(create_index(p)),
        (CREATE_KW, LANGUAGE_KW) => Some(create_language(p)),
        (CREATE_KW, MATERIALIZED_KW) => Some(create_materialized_view(p)),
        (CREATE_KW, OPERATOR_KW) => match p.nth(2) {
            CLASS_KW => Some(create_operator_class(p)),
            FAMILY_KW => Some(create_operator_family(p)),
            _ => Some(create_operator(p)),
        },
        (CREATE_KW, OR_KW) => {
            // CREATE OR REPLACE [ TEMP | TEMPORARY ] [ RECURSIVE ] VIEW
            // CREATE OR REPLACE CONSTRAINT
            // CREATE OR REPLACE TRANSFORM
            // CREATE OR REPLACE RULE
            // CREATE OR REPLACE AGGREGATE
            // ^0     ^1 ^2      ^3
            match p.nth(3) {
                AGGREGATE_KW => Some(create_aggregate(p)),
                CONSTRAINT_KW | TRIGGER_KW => Some(create_trigger(p)),
                PROCEDURAL_KW | TRUSTED_KW | LANGUAGE_KW => Some(create_language(p)),
                PROCEDURE_KW => Some(create_procedure(p)),
                RECURSIVE_KW | TEMP_KW | TEMPORARY_KW | VIEW_KW => Some(create_view(p)),
                RULE_KW => Some(create_rule(p)),
                TRANSFORM_KW => Some(create_transform(p)),
                _ => Some(create_function(p)),
            }
        }
        (CREATE_KW, PROPERTY_KW) => Some(create_property_graph(p)),
        (CREATE_KW, POLICY_KW) => Some(create_policy(p)),
        (CREATE_KW, PROCEDURE_KW) => Some(create_procedure(p)),
        (CREATE_KW, PUBLICATION_KW) => Some(create_publication(p)),
        (CREATE_KW, RECURSIVE_KW | VIEW_KW) => Some(create_view(p)),
        (CREATE_KW, ROLE_KW) => Some(create_role(p)),
        (CREATE_KW, RULE_KW) => Some(create_rule(p)),
        (CREATE_KW, SCHEMA_KW) => Some(create_schema(p)),
        (CREATE_KW, SEQUENCE_KW) => Some(create_sequence(p)),
        (CREATE_KW, SERVER_KW) => Some(create_server(p)),
        (CREATE_KW, STATISTICS_KW) => Some(create_statistics(p)),
        (CREATE_KW, SUBSCRIPTION_KW) => Some(create_subscription(p)),
        (CREATE_KW, UNLOGGED_KW) if p.nth_at(2, PROPERTY_KW) => Some(create_property_graph(p)),
        (CREATE_KW, LOCAL_KW | GLOBAL_KW) if p.nth_at(3, PROPERTY_KW) => {
            Some(create_property_graph(p))
        }
        (CREATE_KW, TABLE_KW) => Some(create_table(p)),
        (CREATE_KW, GLOBAL_KW | LOCAL_KW | UNLOGGED_KW) if !p.nth_at(2, SEQUENCE_KW) => {
            Some(create_table(p))
        }
        (CREATE_KW, TABLESPACE_KW) => Some(create_tablespace(p)),
        (CREATE_KW, TEMP_KW | TEMPORARY_KW) => {
            // CREATE TEMP [ RECURSIVE ] VIEW
            // CREATE TEMP TABLE
            // ^0     ^1   ^2
            match p.nth(2) {
                RECURSIVE_KW | VIEW_KW => Some(create_view(p)),
                SEQUENCE_KW => Some(create_sequence(p)),
                PROPERTY_KW => Some(create_property_graph(p)),
                _ => Some(create_table(p)),
            }
        }
        (CREATE_KW, TEXT_KW) if p.nth_at(2, SEARCH_KW) => match p.nth(3) {
            CONFIGURATION_KW => Some(create_text_search_config(p)),
            DICTIONARY_KW => Some(create_text_search_dict(p)),
            PARSER_KW => Some(create_text_search_parser(p)),
            TEMPLATE_KW => Some(create_text_search_template(p)),
            _ => {
                p.err_and_bump("expected CONFIGURATION, DICTIONARY, PARSER, or TEMPLATE");
                None
            }
        },
        (CREATE_KW, TRANSFORM_KW) => Some(create_transform(p)),
        (CREATE_KW, TYPE_KW) => Some(create_type(p)),
        (CREATE_KW, UNLOGGED_KW) if p.nth_at(2, SEQUENCE_KW) => Some(create_sequence(p)),
        (CREATE_KW, USER_KW) if p.nth_at(2, MAPPING_KW) => Some(create_user_mapping(p)),
        (CREATE_KW, USER_KW) => Some(create_user(p)),
        (CREATE_KW, CONSTRAINT_KW | TRIGGER_KW) => Some(create_trigger(p)),
        (DEALLOCATE_KW, _) => Some(deallocate(p)),
        (DECLARE_KW, _) => Some(declare(p)),
        (DELETE_KW, _) => Some(delete(p, None, r.semi_allowed)),
        (DISCARD_KW, _) => Some(discard(p)),
        (DO_KW, _) => Some(do_(p, r.semi_allowed)),
        (DROP_KW, ACCESS_KW) => Some(drop_access_method(p)),
        (DROP_KW, AGGREGATE_KW) => Some(drop_aggregate(p)),
        (DROP_KW, CAST_KW) => Some(drop_cast(p)),
        (DROP_KW, COLLATION_KW) => Some(drop_collation(p)),
        (DROP_KW, CONVERSION_KW) => Some(drop_conversion(p)),
        (DROP_KW, DATABASE_KW) => Some(drop_database(p)),
        (DROP_KW, DOMAIN_KW) => Some(drop_domain(p)),
        (DROP_KW, EVENT_KW) => Some(drop_event_trigger(p)),
        (DROP_KW, EXTENSION_KW) => Some(drop_extension(p)),
        (DROP_KW, FOREIGN_KW) => match p.nth(2) {
            DATA_KW => Some(drop_foreign_data(p)),
            TABLE_KW => Some(drop_foreign_table(p)),
            _ => {
                p.err_and_bump("expected DATA or TABLE");
                None
            }
        },
        (DROP_KW, FUNCTION_KW) => Some(drop_function(p)),
        (DROP_KW, GROUP_KW) => Some(drop_group(p)),
        (DROP_KW, INDEX_KW) => Some(drop_index(p)),
        (DROP_KW, LANGUAGE_KW | PROCEDURAL_KW) => Some(drop_language(p)),
        (DROP_KW, MATERIALIZED_KW) => Some(drop_materialized_view(p)),
        (DROP_KW, OPERATOR_KW) => match p.nth(2) {
            CLASS_KW => Some(drop_operator_class(p)),
            FAMILY_KW => Some(drop_operator_family(p)),
            _ => Some(drop_operator(p)),
        },
        (DROP_KW, OWNED_KW) => Some(drop_owned(p)),
        (DROP_KW, PROPERTY_KW) => Some(drop_property_graph(p)),
        (DROP_KW, POLICY_KW) => Some(drop_policy(p)),
        (DROP_KW, PROCEDURE_KW) => Some(drop_procedure(p)),
        (DROP_KW, PUBLICATION_KW) => Some(drop_publication(p)),
        (DROP_KW, ROLE_KW) => Some(drop_role(p)),
        (DROP_KW, ROUTINE_KW) => Some(drop_routine(p)),
        (DROP_KW, RULE_KW) => Some(drop_rule(p)),
        (DROP_KW, SCHEMA_KW) => Some(drop_schema(p)),
        (DROP_KW, SEQUENCE_KW) => Some(drop_sequence(p)),
        (DROP_KW, SERVER_KW) => Some(drop_server(p)),
        (DROP_KW, STATISTICS_KW) => Some(drop_statistics(p)),
        (DROP_KW, SUBSCRIPTION_KW) => Some(drop_subscription(p)),
        (DROP_KW, TABLE_KW) => Some(drop_table(p)),
        (DROP_KW, TABLESPACE_KW) => Some(drop_tablespace(p)),
        (DROP_KW, TEXT_KW) if p.nth_at(2, SEARCH_KW) => match p.nth(3) {
            CONFIGURATION_KW => Some(drop_text_search_config(p)),
            DICTIONARY_KW => Some(drop_text_search_dict(p)),
            PARSER_KW => Some(drop_text_search_parser(p)),
            TEMPLATE_KW => Some(drop_text_search_template(p)),
            _ => {
                p.err_and_bump("expected CONFIGURATION, DICTIONARY, PARSER, or TEMPLATE");
                None
            }
        },
        (DROP_KW, TRANSFORM_KW) => Some(drop_transform(p)),
        (DROP_KW, TRIGGER_KW) => Some(drop_trigger(p)),
        (DROP_KW, TYPE_KW) => Some(drop_type(p)),
        (DROP_KW, USER_KW) => {
            if p.nth_at(2, MAPPING_KW) {
                Some(drop_user_mapping(p))
            } else {
                Some(drop_user(p))
            }
        }
        (DROP_KW, VIEW_KW) => Some(drop_view(p)),
        (END_KW, _) if r.begin_end_allowed => Some(commit(p)),
        (EXECUTE_KW, _) => Some(execute(p)),
        (EXPLAIN_KW, _) => Some(explain(p)),
        (FETCH_KW, _) => Some(fetch(p)),
        (GRANT_KW, _) => Some(grant(p)),
        (IMPORT_KW, FOREIGN_KW) => Some(import_foreign_schema(p)),
        (INSERT_KW, _) => Some(insert(p, None, r.semi_allowed)),
        (L_PAREN, _) if p.nth_at_ts(1, PAREN_SELECT_FIRST) => {
            // can have select nested in parens, i.e., ((select 1));
            opt_paren_select(
                p,
                None,
                &SelectRestrictions {
                    semi_allowed: r.semi_allowed,
                    ..SelectRestrictions::default()
                },
            )
        }
        (LISTEN_KW, _) => Some(listen(p)),
        (LOAD_KW, _) => Some(load(p)),
        (LOCK_KW, _) => Some(lock(p)),
        (MERGE_KW, _) => Some(merge(p, None, r.semi_allowed)),
        (MOVE_KW, _) => Some(move_(p)),
        (NOTIFY_KW, _) => Some(notify(p)),
        (PREPARE_KW, TRANSACTION_KW) => Some(prepare_transaction(p)),
        (PREPARE_KW, _) => Some(prepare(p)),
        (REPACK_KW, _) => Some(repack(p)),
        (REASSIGN_KW, _) => Some(reassign(p)),
        (REFRESH_KW, _) => Some(refresh(p)),
        (REINDEX_KW, _) => Some(reindex(p)),
        (RELEASE_KW, _) => Some(release(p)),
        (RESET_KW, ROLE_KW) => Some(reset_role(p)),
        (RESET_KW, SESSION_KW) => Some(reset_session_auth(p)),
        (RESET_KW, _) => Some(reset(p)),
        (REVOKE_KW, _) => Some(revoke(p)),
        (ROLLBACK_KW, _) => Some(rollback(p)),
        (SAVEPOINT_KW, _) => Some(savepoint_create(p)),
        (SECURITY_KW, LABEL_KW) => Some(security_label(p)),
        (SELECT_KW | TABLE_KW | VALUES_KW | FROM_KW, _) => select(
            p,
            None,
            &SelectRestrictions {
                semi_allowed: r.semi_allowed,
                ..SelectRestrictions::default()
            },
        ),
        (SET_KW, CONSTRAINTS_KW) => Some(set_constraints(p)),
        (SET_KW, LOCAL_KW) => match p.nth(2) {
            ROLE_KW => Some(set_role(p)),
            SESSION_KW => Some(set_session_auth(p)),
            _ => Some(set(p)),
        },
        (SET_KW, ROLE_KW) => Some(set_role(p)),
        (SET_KW, SESSION_KW) => match p.nth(2) {
            AUTHORIZATION_KW | SESSION_KW => Some(set_session_auth(p)),
            CHARACTERISTICS_KW => Some(set_transaction(p)),
            ROLE_KW => Some(set_role(p)),
            _ => Some(set(p)),
        },
        (SET_KW, TRANSACTION_KW) => Some(set_transaction(p)),
        (SET_KW, _) => Some(set(p)),
        (SHOW_KW, _) => Some(show(p)),
        (START_KW, TRANSACTION_KW) => Some(begin(p)),
        (TRUNCATE_KW, _) => Some(truncate(p)),
        (UNLISTEN_KW, _) => Some(unlisten(p)),
        (UPDATE_KW, _) => Some(update(p, None, r.semi_allowed)),
        (VACUUM_KW, _) => Some(vacuum(p)),
        (WITH_KW, _) => with(
            p,
            None,
            &SelectRestrictions {
                semi_allowed: r.semi_allowed,
                ..SelectRestrictions::default()
            },
        ),
        (command, _) => {
            // commands are outlined in:
            // https://www.postgresql.org/docs/17/sql-commands.html
            // TODO: see error recovery in rust-analyzer's expr_bp
            p.err_and_bump(&format!("expected command, found {command:?}"));
            // m.abandon(p);
            None
        }
    }
}

// handle things like: ;;;select 1
fn empty_stmt(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SEMICOLON));
    let m = p.start();
    p.bump(SEMICOLON);
    m.complete(p, EMPTY_STMT)
}

// ALTER STATISTICS name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER STATISTICS name RENAME TO new_name
// ALTER STATISTICS name SET SCHEMA new_schema
// ALTER STATISTICS name SET STATISTICS { new_target | DEFAULT }
fn alter_statistics(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, STATISTICS_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(STATISTICS_KW);
    statistics_ref(p);
    match p.current() {
        OWNER_KW => {
            owner_to(p);
        }
        RENAME_KW => {
            rename_to(p, STATISTICS_RENAME_TO, statistics);
        }
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        SET_KW => {
            let m = p.start();
            p.bump(SET_KW);
            if p.eat(STATISTICS_KW) {
                if !p.eat(DEFAULT_KW) {
                    int_literal(p);
                }
            } else {
                p.error("expected SCHEMA or STATISTICS");
            }
            m.complete(p, SET_STATISTICS);
        }
        _ => {
            p.error("expected OWNER, RENAME, or SET");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_STATISTICS)
}

// ALTER SERVER name [ VERSION 'new_version' ]
//     [ OPTIONS ( [ ADD | SET | DROP ] option ['value'] [, ... ] ) ]
// ALTER SERVER name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER SERVER name RENAME TO new_name
fn alter_server(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, SERVER_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(SERVER_KW);
    server_ref(p);
    match p.current() {
        OWNER_KW => {
            owner_to(p);
        }
        RENAME_KW => {
            rename_to(p, SERVER_RENAME_TO, server);
        }
        _ => {
            let mut found_option = false;
            if p.at(VERSION_KW) {
                let m = p.start();
                p.bump(VERSION_KW);
                string_literal(p);
                m.complete(p, SERVER_VERSION);
                found_option = true;
            }
            found_option |= opt_alter_option_list(p);
            if !found_option {
                p.error("expected ALTER SERVER option");
            }
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_SERVER)
}

// ALTER SEQUENCE [ IF EXISTS ] name
//     [ AS data_type ]
//     [ INCREMENT [ BY ] increment ]
//     [ MINVALUE minvalue | NO MINVALUE ] [ MAXVALUE maxvalue | NO MAXVALUE ]
//     [ START [ WITH ] start ]
//     [ RESTART [ [ WITH ] restart ] ]
//     [ CACHE cache ] [ [ NO ] CYCLE ]
//     [ OWNED BY { table_name.column_name | NONE } ]
// ALTER SEQUENCE [ IF EXISTS ] name SET { LOGGED | UNLOGGED }
// ALTER SEQUENCE [ IF EXISTS ] name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER SEQUENCE [ IF EXISTS ] name RENAME TO new_name
// ALTER SEQUENCE [ IF EXISTS ] name SET SCHEMA new_schema
fn alter_sequence(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, SEQUENCE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(SEQUENCE_KW);
    opt_if_exists(p);
    sequence_ref(p);
    match p.current() {
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        SET_KW => {
            let m = p.start();
            p.bump(SET_KW);
            let kind = if p.eat(LOGGED_KW) {
                SET_LOGGED
            } else if p.eat(UNLOGGED_KW) {
                SET_UNLOGGED
            } else {
                p.error("LOGGED or UNLOGGED");
                SET_LOGGED
            };
            m.complete(p, kind);
        }
        OWNER_KW => {
            owner_to(p);
        }
        RENAME_KW => {
            rename_to(p, SEQUENCE_RENAME_TO, sequence);
        }
        _ => {
            let mut found_option = false;
            while !p.at(EOF) {
                if opt_sequence_option(p).is_none() {
                    break;
                }
                found_option = true;
            }
            if !found_option {
                p.error("expected ALTER SEQUENCE option");
            }
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_SEQUENCE)
}

// ALTER SCHEMA name RENAME TO new_name
// ALTER SCHEMA name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
fn alter_schema(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, SCHEMA_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(SCHEMA_KW);
    schema_ref(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, SCHEMA_RENAME_TO, schema);
        }
        OWNER_KW => {
            owner_to(p);
        }
        _ => {
            p.error("expected RENAME or OWNER");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_SCHEMA)
}

// ALTER RULE name ON table_name RENAME TO new_name
fn alter_rule(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, RULE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(RULE_KW);
    rule_ref(p);
    on_relation(p);
    if p.at(RENAME_KW) {
        rename_to(p, RULE_RENAME_TO, rule);
    } else {
        p.error("expected RENAME");
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_RULE)
}

// ALTER ROUTINE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     action [ ... ] [ RESTRICT ]
// ALTER ROUTINE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     RENAME TO new_name
// ALTER ROUTINE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER ROUTINE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     SET SCHEMA new_schema
// ALTER ROUTINE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     [ NO ] DEPENDS ON EXTENSION extension_name
// where action is one of:
//     IMMUTABLE | STABLE | VOLATILE
//     [ NOT ] LEAKPROOF
//     [ EXTERNAL ] SECURITY INVOKER | [ EXTERNAL ] SECURITY DEFINER
//     PARALLEL { UNSAFE | RESTRICTED | SAFE }
//     COST execution_cost
//     ROWS result_rows
//     SET configuration_parameter { TO | = } { value | DEFAULT }
//     SET configuration_parameter FROM CURRENT
//     RESET configuration_parameter
//     RESET ALL
fn alter_routine(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, ROUTINE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(ROUTINE_KW);
    routine_sig(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, ROUTINE_RENAME_TO, routine_name);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        NO_KW | DEPENDS_KW => {
            depends_on_extension(p);
        }
        _ => {
            func_option_list(p, FuncOptionListKind::OptionsOnly);
        }
    }
    p.eat(RESTRICT_KW);
    p.eat(SEMICOLON);
    m.complete(p, ALTER_ROUTINE)
}

// ALTER ROLE role_specification [ WITH ] option [ ... ]
// where option can be:
//       SUPERUSER | NOSUPERUSER
//     | CREATEDB | NOCREATEDB
//     | CREATEROLE | NOCREATEROLE
//     | INHERIT | NOINHERIT
//     | LOGIN | NOLOGIN
//     | REPLICATION | NOREPLICATION
//     | BYPASSRLS | NOBYPASSRLS
//     | CONNECTION LIMIT connlimit
//     | [ ENCRYPTED ] PASSWORD 'password' | PASSWORD NULL
//     | VALID UNTIL 'timestamp'
// ALTER ROLE name RENAME TO new_name
// ALTER ROLE { role_specification | ALL } [ IN DATABASE database_name ] SET configuration_parameter { TO | = } { value | DEFAULT }
// ALTER ROLE { role_specification | ALL } [ IN DATABASE database_name ] SET configuration_parameter FROM CURRENT
// ALTER ROLE { role_specification | ALL } [ IN DATABASE database_name ] RESET configuration_parameter
// ALTER ROLE { role_specification | ALL } [ IN DATABASE database_name ] RESET ALL
// where role_specification can be:
//     role_name
//   | CURRENT_ROLE
//   | CURRENT_USER
//   | SESSION_USER
fn alter_role(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, ROLE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(ROLE_KW);
    if !p.eat(ALL_KW) {
        role_ref(p);
    }
    match p.current() {
        RENAME_KW => {
            rename_to(p, ROLE_RENAME_TO, |p| {
                role(p);
            });
        }
        IN_KW | SET_KW | RESET_KW => {
            opt_in_database(p);
            if p.at(SET_KW) {
                set_configuration_param(p);
            } else if p.at(RESET_KW) {
                reset_config_param(p);
            }
        }
        _ => {
            opt_role_option_list(p);
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_ROLE)
}

// IN DATABASE database_name
fn opt_in_database(p: &mut Parser<'_>) {
    if !p.at(IN_KW) {
        return;
    }
    let m = p.start();
    p.bump(IN_KW);
    p.expect(DATABASE_KW);
    database_ref(p);
    m.complete(p, IN_DATABASE);
}

// ALTER PUBLICATION name ADD publication_object [, ...]
// ALTER PUBLICATION name SET publication_object [, ...]
// ALTER PUBLICATION name DROP publication_object [, ...]
// ALTER PUBLICATION name SET ( publication_parameter [= value] [, ... ] )
// ALTER PUBLICATION name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER PUBLICATION name RENAME TO new_name
// where publication_object is one of:
//     TABLE [ ONLY ] table_name [ * ] [ ( column_name [, ... ] ) ] [ WHERE ( expression ) ] [, ... ]
//     TABLES IN SCHEMA { schema_name | CURRENT_SCHEMA } [, ... ]
fn alter_publication(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, PUBLICATION_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(PUBLICATION_KW);
    publication_ref(p);
    match p.current() {
        ADD_KW | DROP_KW => {
            let m = p.start();
            let is_add = p.at(ADD_KW);
            p.bump_any();
            publication_object(p);
            while !p.at(EOF) && p.eat(COMMA) {
                publication_object(p);
            }
            m.complete(
                p,
                if is_add {
                    ADD_PUBLICATION_OBJECTS
                } else {
                    DROP_PUBLICATION_OBJECTS
                },
            );
        }
        SET_KW if p.nth_at(1, L_PAREN) => {
            set_options(p);
        }
        SET_KW if p.nth_at(1, ALL_KW) => {
            let m = p.start();
            p.bump(SET_KW);
            set_all_publication_object(p);
            while !p.at(EOF) && p.eat(COMMA) {
                set_all_publication_object(p);
            }
            opt_except_table_clause(p);
            m.complete(p, SET_ALL_PUBLICATION_OBJECT_LIST);
        }
        SET_KW => {
            let m = p.start();
            p.bump(SET_KW);
            publication_object(p);
            while !p.at(EOF) && p.eat(COMMA) {
                publication_object(p);
            }
            m.complete(p, SET_PUBLICATION_OBJECTS);
        }
        OWNER_KW => {
            owner_to(p);
        }
        RENAME_KW => {
            rename_to(p, PUBLICATION_RENAME_TO, publication);
        }
        _ => {
            p.error("expected ADD, SET, DROP, OWNER, or RENAME");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_PUBLICATION)
}

// ALTER PROCEDURE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     action [ ... ] [ RESTRICT ]
// ALTER PROCEDURE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     RENAME TO new_name
// ALTER PROCEDURE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER PROCEDURE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     SET SCHEMA new_schema
// ALTER PROCEDURE name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     [ NO ] DEPENDS ON EXTENSION extension_name
//
// where action is one of:
//     [ EXTERNAL ] SECURITY INVOKER | [ EXTERNAL ] SECURITY DEFINER
//     SET configuration_parameter { TO | = } { value | DEFAULT }
//     SET configuration_parameter FROM CURRENT
//     RESET configuration_parameter
//     RESET ALL
fn alter_procedure(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, PROCEDURE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(PROCEDURE_KW);
    procedure_sig(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, PROCEDURE_RENAME_TO, procedure_name);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        DEPENDS_KW | NO_KW => {
            depends_on_extension(p);
        }
        _ => {
            func_option_list(p, FuncOptionListKind::OptionsOnly);
            p.eat(RESTRICT_KW);
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_PROCEDURE)
}

// ALTER POLICY name ON table_name RENAME TO new_name
// ALTER POLICY name ON table_name
//     [ TO { role_name | PUBLIC | CURRENT_ROLE | CURRENT_USER | SESSION_USER } [, ...] ]
//     [ USING ( using_expression ) ]
//     [ WITH CHECK ( check_expression ) ]
fn alter_policy(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, POLICY_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(POLICY_KW);
    policy_ref(p);
    on_table(p);
    if p.at(RENAME_KW) {
        rename_to(p, POLICY_RENAME_TO, policy);
    } else if p.at(TO_KW) || p.at(USING_KW) || p.at(WITH_KW) {
        let m = p.start();
        opt_policy_roles(p);
        opt_using_expr_clause(p);
        opt_with_check_expr_clause(p);
        m.complete(p, ALTER_POLICY_TO);
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_POLICY)
}

fn opt_using_expr_clause(p: &mut Parser<'_>) {
    if p.at(USING_KW) {
        let m = p.start();
        p.bump(USING_KW);
        p.expect(L_PAREN);
        if expr(p).is_none() {
            p.error("expected expression");
        }
        p.expect(R_PAREN);
        m.complete(p, USING_EXPR_CLAUSE);
    }
}

fn role_list(p: &mut Parser<'_>) {
    let m = p.start();
    role_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        role_ref(p);
    }
    m.complete(p, ROLE_REF_LIST);
}

// ALTER OPERATOR FAMILY name USING index_method ADD
//   {  OPERATOR strategy_number operator_name ( op_type, op_type )
//               [ FOR SEARCH | FOR ORDER BY sort_family_name ]
//    | FUNCTION support_number [ ( op_type [ , op_type ] ) ]
//               function_name [ ( argument_type [, ...] ) ]
//   } [, ... ]
//
// ALTER OPERATOR FAMILY name USING index_method DROP
//   {  OPERATOR strategy_number ( op_type [ , op_type ] )
//    | FUNCTION support_number ( op_type [ , op_type ] )
//   } [, ... ]
//
// ALTER OPERATOR FAMILY name USING index_method
//     RENAME TO new_name
//
// ALTER OPERATOR FAMILY name USING index_method
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
//
// ALTER OPERATOR FAMILY name USING index_method
//     SET SCHEMA new_schema
fn alter_operator_family(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, OPERATOR_KW) && p.nth_at(2, FAMILY_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(OPERATOR_KW);
    p.bump(FAMILY_KW);
    op_family_ref(p);
    using_method(p);
    match p.current() {
        ADD_KW => {
            let m = p.start();
            p.bump(ADD_KW);
            operator_class_option_list(p);
            m.complete(p, ADD_OP_CLASS_OPTIONS);
        }
        DROP_KW => {
            let m = p.start();
            p.bump(DROP_KW);
            drop_operator_class_option_list(p);
            m.complete(p, DROP_OP_CLASS_OPTIONS);
        }
        RENAME_KW => {
            rename_to(p, OP_FAMILY_RENAME_TO, op_family_name);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW => {
            set_schema(p);
        }
        _ => {
            p.error("expected ADD, DROP, RENAME, OWNER, or SET");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_OPERATOR_FAMILY)
}

fn drop_operator_class_option_list(p: &mut Parser<'_>) {
    let m = p.start();
    operator_drop_class_option(p);
    while !p.at(EOF) && p.eat(COMMA) {
        operator_drop_class_option(p);
    }
    m.complete(p, DROP_OP_CLASS_OPTION_LIST);
}

fn operator_class_option_list(p: &mut Parser<'_>) {
    let m = p.start();
    // TODO: need to add some validators to make this stricter
    operator_class_option(p);
    while !p.at(EOF) && p.eat(COMMA) {
        operator_class_option(p);
    }
    m.complete(p, OPERATOR_CLASS_OPTION_LIST);
}

// ALTER OPERATOR CLASS name USING index_method
//     RENAME TO new_name
// ALTER OPERATOR CLASS name USING index_method
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER OPERATOR CLASS name USING index_method
//     SET SCHEMA new_schema
fn alter_operator_class(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, OPERATOR_KW) && p.nth_at(2, CLASS_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(OPERATOR_KW);
    p.bump(CLASS_KW);
    op_class_ref(p);
    using_method(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, OP_CLASS_RENAME_TO, op_class_name);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW => {
            set_schema(p);
        }
        _ => {
            p.error("expected RENAME, OWNER, or SET");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_OPERATOR_CLASS)
}

// ALTER OPERATOR name ( { left_type | NONE } , right_type )
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER OPERATOR name ( { left_type | NONE } , right_type )
//     SET SCHEMA new_schema
// ALTER OPERATOR name ( { left_type | NONE } , right_type )
//     SET ( {  RESTRICT = { res_proc | NONE }
//            | JOIN = { join_proc | NONE }
//            | COMMUTATOR = com_op
//            | NEGATOR = neg_op
//            | HASHES
//            | MERGES
//           } [, ... ] )
fn alter_operator(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, OPERATOR_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(OPERATOR_KW);
    operator_sig(p);
    match p.current() {
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        SET_KW => {
            set_options(p);
        }
        _ => {
            p.error("expected OWNER or SET");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_OPERATOR)
}

// ALTER MATERIALIZED VIEW [ IF EXISTS ] name
//     action [, ... ]
// ALTER MATERIALIZED VIEW name
//     [ NO ] DEPENDS ON EXTENSION extension_name
// ALTER MATERIALIZED VIEW [ IF EXISTS ] name
//     RENAME [ COLUMN ] column_name TO new_column_name
// ALTER MATERIALIZED VIEW [ IF EXISTS ] name
//     RENAME TO new_name
// ALTER MATERIALIZED VIEW [ IF EXISTS ] name
//     SET SCHEMA new_schema
// ALTER MATERIALIZED VIEW ALL IN TABLESPACE name [ OWNED BY role_name [, ... ] ]
//     SET TABLESPACE new_tablespace [ NOWAIT ]
//
// where action is one of:
//     ALTER [ COLUMN ] column_name SET STATISTICS integer
//     ALTER [ COLUMN ] column_name SET ( attribute_option = value [, ... ] )
//     ALTER [ COLUMN ] column_name RESET ( attribute_option [, ... ] )
//     ALTER [ COLUMN ] column_name SET STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT }
//     ALTER [ COLUMN ] column_name SET COMPRESSION compression_method
//     CLUSTER ON index_name
//     SET WITHOUT CLUSTER
//     SET ACCESS METHOD new_access_method
//     SET TABLESPACE new_tablespace
//     SET ( storage_parameter [= value] [, ... ] )
//     RESET ( storage_parameter [, ... ] )
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
fn alter_materialized_view(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, MATERIALIZED_KW) && p.nth_at(2, VIEW_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(MATERIALIZED_KW);
    p.bump(VIEW_KW);
    if p.at(ALL_KW) {
        all_in_tablespace(p);
    } else {
        opt_if_exists(p);
        view_ref(p);
        match p.current() {
            RENAME_KW if p.nth_at(1, TO_KW) => {
                rename_to(p, VIEW_RENAME_TO, view);
            }
            RENAME_KW => {
                rename_column(p);
            }
            SET_KW if p.nth_at(1, SCHEMA_KW) => {
                set_schema(p);
            }
            DEPENDS_KW | NO_KW => {
                depends_on_extension(p);
            }
            ALTER_KW | CLUSTER_KW | SET_KW | RESET_KW | OWNER_KW => {
                opt_alter_table_action_list(p);
            }
            _ => {
                p.error("Expected RENAME, SET SCHEMA, [NO] DEPENDS, or action (ALTER, CLUSTER, SET, RESET, OWNER)");
            }
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_MATERIALIZED_VIEW)
}

fn depends_on_extension(p: &mut Parser<'_>) {
    assert!(p.at(NO_KW) || p.at(DEPENDS_KW));
    let m = p.start();
    let kind = if p.eat(NO_KW) {
        NO_DEPENDS_ON_EXTENSION
    } else {
        DEPENDS_ON_EXTENSION
    };
    p.expect(DEPENDS_KW);
    p.expect(ON_KW);
    p.expect(EXTENSION_KW);
    extension_ref(p);
    m.complete(p, kind);
}

fn opt_alter_table_action_list(p: &mut Parser<'_>) {
    while !p.at(EOF) {
        if opt_alter_table_action(p).is_none() {
            break;
        };
        if p.at(COMMA) && matches!(p.nth(1), EOF | SEMICOLON) {
            p.err_and_bump("unexpected trailing comma");
            break;
        }
        if !p.eat(COMMA) {
            if p.at_ts(ALTER_TABLE_ACTION_FIRST) {
                p.error("missing comma");
            } else {
                break;
            }
        }
    }
}

// ALTER LARGE OBJECT large_object_oid OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
fn alter_large_object(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, LARGE_KW) && p.nth_at(2, OBJECT_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(LARGE_KW);
    p.bump(OBJECT_KW);
    if opt_numeric_literal(p).is_none() {
        p.error("expected numeric literal");
    }
    p.expect(OWNER_KW);
    p.expect(TO_KW);
    role_ref(p);
    p.eat(SEMICOLON);
    m.complete(p, ALTER_LARGE_OBJECT)
}

// ALTER [ PROCEDURAL ] LANGUAGE name RENAME TO new_name
// ALTER [ PROCEDURAL ] LANGUAGE name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
fn alter_language(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && (p.nth_at(1, PROCEDURAL_KW) || p.nth_at(1, LANGUAGE_KW)));
    let m = p.start();
    p.bump(ALTER_KW);
    p.eat(PROCEDURAL_KW);
    p.expect(LANGUAGE_KW);
    language_ref(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, LANGUAGE_RENAME_TO, language);
        }
        OWNER_KW => {
            owner_to(p);
        }
        _ => {
            p.error("expected RENAME or OWNER");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_LANGUAGE)
}

// ALTER INDEX ALL IN TABLESPACE name [ OWNED BY role_name [, ... ] ]
//     SET TABLESPACE new_tablespace [ NOWAIT ]
// ALTER INDEX name ATTACH PARTITION index_name
// ALTER INDEX name [ NO ] DEPENDS ON EXTENSION extension_name
// ALTER INDEX [ IF EXISTS ] name RENAME TO new_name
// ALTER INDEX [ IF EXISTS ] name SET TABLESPACE tablespace_name
// ALTER INDEX [ IF EXISTS ] name SET ( storage_parameter [= value] [, ... ] )
// ALTER INDEX [ IF EXISTS ] name RESET ( storage_parameter [, ... ] )
// ALTER INDEX [ IF EXISTS ] name ALTER [ COLUMN ] column_number
//     SET STATISTICS integer
fn alter_index(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, INDEX_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(INDEX_KW);
    if p.at(ALL_KW) {
        all_in_tablespace(p);
    } else {
        opt_if_exists(p);
        index_ref(p);
        match p.current() {
            RENAME_KW => {
                rename_to(p, INDEX_RENAME_TO, index);
            }
            SET_KW if p.nth_at(1, L_PAREN) => {
                set_options(p);
            }
            SET_KW => {
                let m = p.start();
                p.bump(SET_KW);
                p.expect(TABLESPACE_KW);
                tablespace_ref(p);
                m.complete(p, SET_TABLESPACE);
            }
            ATTACH_KW => {
                let m = p.start();
                p.bump(ATTACH_KW);
                p.expect(PARTITION_KW);
                index_ref(p);
                m.complete(p, ATTACH_INDEX_PARTITION);
            }
            DEPENDS_KW | NO_KW => {
                let m = p.start();
                let kind = if p.eat(NO_KW) {
                    NO_DEPENDS_ON_EXTENSION
                } else {
                    DEPENDS_ON_EXTENSION
                };
                p.expect(DEPENDS_KW);
                p.expect(ON_KW);
                p.expect(EXTENSION_KW);
                extension_ref(p);
                m.complete(p, kind);
            }
            RESET_KW => {
                reset_options(p);
            }
            ALTER_KW => {
                let m = p.start();
                p.bump(ALTER_KW);
                p.eat(COLUMN_KW);
                if p.at_ts(COLUMN_FIRST) && p.nth_at(1, SET_KW) && p.nth_at(2, L_PAREN) {
                    column_name_ref(p);
                } else {
                    uint_literal(p);
                }
                if p.at(SET_KW) && p.nth_at(1, L_PAREN) {
                    set_options(p);
                } else {
                    let m = p.start();
                    p.expect(SET_KW);
                    p.expect(STATISTICS_KW);
                    int_literal(p);
                    m.complete(p, SET_STATISTICS);
                }
                m.complete(p, ALTER_SET_STATISTICS);
            }
            _ => {
                p.error("expected RENAME, SET, ATTACH, DEPENDS, RESET, or ALTER");
            }
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_INDEX)
}

// ALTER GROUP role_specification ADD USER user_name [, ... ]
// ALTER GROUP role_specification DROP USER user_name [, ... ]
// where role_specification can be:
//     role_name
//   | CURRENT_ROLE
//   | CURRENT_USER
//   | SESSION_USER
// ALTER GROUP group_name RENAME TO new_name
fn alter_group(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, GROUP_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(GROUP_KW);
    role_ref(p);
    match p.current() {
        ADD_KW | DROP_KW => {
            let m = p.start();
            let is_add = p.at(ADD_KW);
            p.bump_any();
            p.expect(USER_KW);
            role_ref_items(p);
            m.complete(p, if is_add { ADD_USERS } else { DROP_USERS });
        }
        RENAME_KW => {
            rename_to(p, ROLE_RENAME_TO, |p| {
                role(p);
            });
        }
        _ => {
            p.error("expected ADD, DROP, or RENAME");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_GROUP)
}

// ALTER FUNCTION name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     action [ ... ] [ RESTRICT ]
// ALTER FUNCTION name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     RENAME TO new_name
// ALTER FUNCTION name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER FUNCTION name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     SET SCHEMA new_schema
// ALTER FUNCTION name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ]
//     [ NO ] DEPENDS ON EXTENSION extension_name
// where action is one of:
//     CALLED ON NULL INPUT | RETURNS NULL ON NULL INPUT | STRICT
//     IMMUTABLE | STABLE | VOLATILE
//     [ NOT ] LEAKPROOF
//     [ EXTERNAL ] SECURITY INVOKER | [ EXTERNAL ] SECURITY DEFINER
//     PARALLEL { UNSAFE | RESTRICTED | SAFE }
//     COST execution_cost
//     ROWS result_rows
//     SUPPORT support_function
//     SET configuration_parameter { TO | = } { value | DEFAULT }
//     SET configuration_parameter FROM CURRENT
//     RESET configuration_parameter
//     RESET ALL
fn alter_function(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, FUNCTION_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(FUNCTION_KW);
    function_sig(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, FUNCTION_RENAME_TO, function_name);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        DEPENDS_KW | NO_KW => {
            depends_on_extension(p);
        }
        _ => {
            func_option_list(p, FuncOptionListKind::OptionsOnly);
        }
    }
    p.eat(RESTRICT_KW);
    p.eat(SEMICOLON);
    m.complete(p, ALTER_FUNCTION)
}

// ALTER FOREIGN TABLE [ IF EXISTS ] [ ONLY ] name [ * ]
//     action [, ... ]
// ALTER FOREIGN TABLE [ IF EXISTS ] [ ONLY ] name [ * ]
//     RENAME [ COLUMN ] column_name TO new_column_name
// ALTER FOREIGN TABLE [ IF EXISTS ] name
//     RENAME TO new_name
// ALTER FOREIGN TABLE [ IF EXISTS ] name
//     SET SCHEMA new_schema
//
// where action is one of:
//     ADD [ COLUMN ] column_name data_type [ COLLATE collation ] [ column_constraint [ ... ] ]
//     DROP [ COLUMN ] [ IF EXISTS ] column_name [ RESTRICT | CASCADE ]
//     ALTER [ COLUMN ] column_name [ SET DATA ] TYPE data_type [ COLLATE collation ]
//     ALTER [ COLUMN ] column_name SET DEFAULT expression
//     ALTER [ COLUMN ] column_name DROP DEFAULT
//     ALTER [ COLUMN ] column_name { SET | DROP } NOT NULL
//     ALTER [ COLUMN ] column_name SET STATISTICS integer
//     ALTER [ COLUMN ] column_name SET ( attribute_option = value [, ... ] )
//     ALTER [ COLUMN ] column_name RESET ( attribute_option [, ... ] )
//     ALTER [ COLUMN ] column_name SET STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT }
//     ALTER [ COLUMN ] column_name OPTIONS ( [ ADD | SET | DROP ] option ['value'] [, ... ])
//     ADD table_constraint [ NOT VALID ]
//     VALIDATE CONSTRAINT constraint_name
//     DROP CONSTRAINT [ IF EXISTS ]  constraint_name [ RESTRICT | CASCADE ]
//     DISABLE TRIGGER [ trigger_name | ALL | USER ]
//     ENABLE TRIGGER [ trigger_name | ALL | USER ]
//     ENABLE REPLICA TRIGGER trigger_name
//     ENABLE ALWAYS TRIGGER trigger_name
//     SET WITHOUT OIDS
//     INHERIT parent_table
//     NO INHERIT parent_table
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
//     OPTIONS ( [ ADD | SET | DROP ] option ['value'] [, ... ])
fn alter_foreign_table(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, FOREIGN_KW) && p.nth_at(2, TABLE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(FOREIGN_KW);
    p.bump(TABLE_KW);
    opt_if_exists(p);
    table_relation_name(p);
    match p.current() {
        RENAME_KW if p.nth_at(1, TO_KW) => {
            rename_to(p, TABLE_RENAME_TO, table_name);
        }
        RENAME_KW => {
            rename_column(p);
        }
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        _ => {
            opt_alter_table_action_list(p);
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_FOREIGN_TABLE)
}

// ALTER FOREIGN DATA WRAPPER name
//     [ HANDLER handler_function | NO HANDLER ]
//     [ VALIDATOR validator_function | NO VALIDATOR ]
//     [ OPTIONS ( [ ADD | SET | DROP ] option ['value'] [, ... ]) ]
// ALTER FOREIGN DATA WRAPPER name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER FOREIGN DATA WRAPPER name RENAME TO new_name
fn alter_foreign_data_wrapper(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, FOREIGN_KW) && p.nth_at(2, DATA_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(FOREIGN_KW);
    p.bump(DATA_KW);
    p.expect(WRAPPER_KW);
    foreign_data_wrapper_ref(p);
    let found_option = match p.current() {
        OWNER_KW => {
            owner_to(p);
            true
        }
        RENAME_KW => {
            rename_to(p, FOREIGN_DATA_WRAPPER_RENAME_TO, foreign_data_wrapper);
            true
        }
        _ => opt_fdw_option_list(p).is_some(),
    };
    if !found_option {
        p.error("Missing alter foreign data wrapper option or action.")
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_FOREIGN_DATA_WRAPPER)
}

// ALTER EVENT TRIGGER name DISABLE
// ALTER EVENT TRIGGER name ENABLE [ REPLICA | ALWAYS ]
// ALTER EVENT TRIGGER name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER EVENT TRIGGER name RENAME TO new_name
fn alter_event_trigger(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, EVENT_KW) && p.nth_at(2, TRIGGER_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(EVENT_KW);
    p.bump(TRIGGER_KW);
    event_trigger_ref(p);
    match p.current() {
        DISABLE_KW => {
            let m = p.start();
            p.bump(DISABLE_KW);
            m.complete(p, DISABLE);
        }
        ENABLE_KW => {
            let m = p.start();
            p.bump(ENABLE_KW);
            let kind = if p.eat(REPLICA_KW) {
                ENABLE_REPLICA
            } else if p.eat(ALWAYS_KW) {
                ENABLE_ALWAYS
            } else {
                ENABLE
            };
            m.complete(p, kind);
        }
        OWNER_KW => {
            owner_to(p);
        }
        RENAME_KW => {
            rename_to(p, EVENT_TRIGGER_RENAME_TO, event_trigger);
        }
        _ => {
            p.error("expected DISABLE, ENABLE, OWNER, or RENAME");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_EVENT_TRIGGER)
}

// ALTER EXTENSION name UPDATE [ TO new_version ]
// ALTER EXTENSION name SET SCHEMA new_schema
// ALTER EXTENSION name ADD member_object
// ALTER EXTENSION name DROP member_object
//
// where member_object is:
//   ACCESS METHOD object_name |
//   AGGREGATE aggregate_name ( aggregate_signature ) |
//   CAST (source_type AS target_type) |
//   COLLATION object_name |
//   CONVERSION object_name |
//   DOMAIN object_name |
//   EVENT TRIGGER object_name |
//   FOREIGN DATA WRAPPER object_name |
//   FOREIGN TABLE object_name |
//   FUNCTION function_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   MATERIALIZED VIEW object_name |
//   OPERATOR operator_name (left_type, right_type) |
//   OPERATOR CLASS object_name USING index_method |
//   OPERATOR FAMILY object_name USING index_method |
//   [ PROCEDURAL ] LANGUAGE object_name |
//   PROCEDURE procedure_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   ROUTINE routine_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   SCHEMA object_name |
//   SEQUENCE object_name |
//   SERVER object_name |
//   TABLE object_name |
//   TEXT SEARCH CONFIGURATION object_name |
//   TEXT SEARCH DICTIONARY object_name |
//   TEXT SEARCH PARSER object_name |
//   TEXT SEARCH TEMPLATE object_name |
//   TRANSFORM FOR type_name LANGUAGE lang_name |
//   TYPE object_name |
//   VIEW object_name
//
// and aggregate_signature is:
// * |
// [ argmode ] [ argname ] argtype [ , ... ] |
// [ [ argmode ] [ argname ] argtype [ , ... ] ] ORDER BY [ argmode ] [ argname ] argtype [ , ... ]
fn alter_extension(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, EXTENSION_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(EXTENSION_KW);
    extension_ref(p);
    match p.current() {
        UPDATE_KW => {
            let m = p.start();
            p.bump(UPDATE_KW);
            opt_update_to(p);
            m.complete(p, ALTER_EXTENSION_UPDATE);
        }
        SET_KW => {
            set_schema(p);
        }
        ADD_KW | DROP_KW => {
            let action = p.current();
            let m = p.start();
            p.bump_any();
            extension_member_object(p);
            m.complete(
                p,
                if action == ADD_KW {
                    ALTER_EXTENSION_ADD
                } else {
                    ALTER_EXTENSION_DROP
                },
            );
        }
        _ => {
            p.error("expected UPDATE, SET, ADD, or DROP");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_EXTENSION)
}

// TO new_version
fn opt_update_to(p: &mut Parser<'_>) {
    if !p.at(TO_KW) {
        return;
    }
    let m = p.start();
    p.bump(TO_KW);
    if p.at_ts(NON_RESERVED_WORD) {
        extension_version(p);
    } else {
        string_literal(p);
    }
    m.complete(p, UPDATE_TO);
}

fn extension_member_object(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        DOMAIN_KW | TYPE_KW => {
            let is_domain = p.at(DOMAIN_KW);
            let kind = if is_domain {
                OBJECT_DOMAIN
            } else {
                OBJECT_TYPE
            };
            p.bump_any();
            if is_domain {
                domain_ref(p);
            } else {
                type_name_ref(p);
            }
            m.complete(p, kind);
        }
        TABLE_KW => {
            p.bump(TABLE_KW);
            table_name_ref(p);
            m.complete(p, OBJECT_TABLE);
        }
        VIEW_KW => {
            p.bump(VIEW_KW);
            view_ref(p);
            m.complete(p, OBJECT_VIEW);
        }
        INDEX_KW => {
            p.bump(INDEX_KW);
            index_ref(p);
            m.complete(p, OBJECT_INDEX);
        }
        SEQUENCE_KW => {
            p.bump(SEQUENCE_KW);
            sequence_ref(p);
            m.complete(p, OBJECT_SEQUENCE);
        }
        COLLATION_KW => {
            p.bump(COLLATION_KW);
            collation_ref(p);
            m.complete(p, OBJECT_COLLATION);
        }
        CONVERSION_KW => {
            p.bump(CONVERSION_KW);
            conversion_ref(p);
            m.complete(p, OBJECT_CONVERSION);
        }
        STATISTICS_KW => {
            p.bump(STATISTICS_KW);
            statistics_ref(p);
            m.complete(p, OBJECT_STATISTICS);
        }
        DATABASE_KW => {
            p.bump(DATABASE_KW);
            database_ref(p);
            m.complete(p, OBJECT_DATABASE);
        }
        EXTENSION_KW => {
            p.bump(EXTENSION_KW);
            extension_ref(p);
            m.complete(p, OBJECT_EXTENSION);
        }
        PUBLICATION_KW => {
            p.bump(PUBLICATION_KW);
            publication_ref(p);
            m.complete(p, OBJECT_PUBLICATION);
        }
        ROLE_KW => {
            p.bump(ROLE_KW);
            role_ref(p);
            m.complete(p, OBJECT_ROLE);
        }
        SCHEMA_KW => {
            p.bump(SCHEMA_KW);
            schema_ref(p);
            m.complete(p, OBJECT_SCHEMA);
        }
        SERVER_KW => {
            p.bump(SERVER_KW);
            server_ref(p);
            m.complete(p, OBJECT_SERVER);
        }
        SUBSCRIPTION_KW => {
            p.bump(SUBSCRIPTION_KW);
            subscription_ref(p);
            m.complete(p, OBJECT_SUBSCRIPTION);
        }
        TABLESPACE_KW => {
            p.bump(TABLESPACE_KW);
            tablespace_ref(p);
            m.complete(p, OBJECT_TABLESPACE);
        }
        ACCESS_KW => {
            p.bump(ACCESS_KW);
            p.expect(METHOD_KW);
            access_method_ref(p);
            m.complete(p, OBJECT_ACCESS_METHOD);
        }
        AGGREGATE_KW => {
            p.bump(AGGREGATE_KW);
            aggregate(p);
            m.complete(p, OBJECT_AGGREGATE);
        }
        CAST_KW => {
            p.bump(CAST_KW);
            cast_sig(p);
            m.complete(p, OBJECT_CAST);
        }
        EVENT_KW => {
            p.bump(EVENT_KW);
            p.expect(TRIGGER_KW);
            event_trigger_ref(p);
            m.complete(p, OBJECT_EVENT_TRIGGER);
        }
        FOREIGN_KW => {
            p.bump(FOREIGN_KW);
            let kind = if p.eat(DATA_KW) {
                p.expect(WRAPPER_KW);
                foreign_data_wrapper_ref(p);
                OBJECT_FOREIGN_DATA_WRAPPER
            } else {
                p.expect(TABLE_KW);
                table_name_ref(p);
                OBJECT_FOREIGN_TABLE
            };
            m.complete(p, kind);
        }
        FUNCTION_KW | PROCEDURE_KW | ROUTINE_KW => {
            let kind = routine_sig_with_keyword(p);
            m.complete(p, kind);
        }
        MATERIALIZED_KW => {
            p.bump(MATERIALIZED_KW);
            p.expect(VIEW_KW);
            view_ref(p);
            m.complete(p, OBJECT_MATERIALIZED_VIEW);
        }
        OPERATOR_KW if matches!(p.nth(1), CLASS_KW | FAMILY_KW) => {
            p.bump(OPERATOR_KW);
            let kind = if p.eat(FAMILY_KW) {
                op_family_ref(p);
                OBJECT_OPERATOR_FAMILY
            } else {
                p.bump(CLASS_KW);
                op_class_ref(p);
                OBJECT_OPERATOR_CLASS
            };
            opt_using_method(p);
            m.complete(p, kind);
        }
        OPERATOR_KW => {
            p.bump(OPERATOR_KW);
            qual_op(p);
            p.expect(L_PAREN);
            type_name(p);
            p.expect(COMMA);
            type_name(p);
            p.expect(R_PAREN);
            m.complete(p, OBJECT_OPERATOR);
        }
        LANGUAGE_KW | PROCEDURAL_KW => {
            p.eat(PROCEDURAL_KW);
            p.expect(LANGUAGE_KW);
            language_ref(p);
            m.complete(p, OBJECT_LANGUAGE);
        }
        TEXT_KW => {
            p.bump(TEXT_KW);
            p.expect(SEARCH_KW);
            match p.current() {
                CONFIGURATION_KW => {
                    p.bump(CONFIGURATION_KW);
                    text_search_configuration_ref(p);
                    m.complete(p, OBJECT_TEXT_SEARCH_CONFIG);
                }
                DICTIONARY_KW => {
                    p.bump(DICTIONARY_KW);
                    text_search_dictionary_ref(p);
                    m.complete(p, OBJECT_TEXT_SEARCH_DICT);
                }
                PARSER_KW => {
                    p.bump(PARSER_KW);
                    text_search_parser_ref(p);
                    m.complete(p, OBJECT_TEXT_SEARCH_PARSER);
                }
                TEMPLATE_KW => {
                    p.bump(TEMPLATE_KW);
                    text_search_template_ref(p);
                    m.complete(p, OBJECT_TEXT_SEARCH_TEMPLATE);
                }
                _ => {
                    p.error(
                        "expected CONFIGURATION, DICTIONARY, PARSER, or TEMPLATE after TEXT SEARCH",
                    );
                    m.abandon(p);
                }
            }
        }
        TRANSFORM_KW => {
            p.bump(TRANSFORM_KW);
            p.expect(FOR_KW);
            type_name(p);
            p.expect(LANGUAGE_KW);
            language_ref(p);
            m.complete(p, OBJECT_TRANSFORM);
        }
        _ => {
            p.error("expected valid extension member object type");
            m.abandon(p);
        }
    }
}

// ALTER DOMAIN name
//     { SET DEFAULT expression | DROP DEFAULT }
// ALTER DOMAIN name
//     { SET | DROP } NOT NULL
// ALTER DOMAIN name
//     ADD domain_constraint [ NOT VALID ]
// ALTER DOMAIN name
//     DROP CONSTRAINT [ IF EXISTS ] constraint_name [ RESTRICT | CASCADE ]
// ALTER DOMAIN name
//      RENAME CONSTRAINT constraint_name TO new_constraint_name
// ALTER DOMAIN name
//     VALIDATE CONSTRAINT constraint_name
// ALTER DOMAIN name
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER DOMAIN name
//     RENAME TO new_name
// ALTER DOMAIN name
//     SET SCHEMA new_schema
//
// where domain_constraint is:
// [ CONSTRAINT constraint_name ]
// { NOT NULL | CHECK (expression) }
fn alter_domain(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, DOMAIN_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(DOMAIN_KW);
    domain_ref(p);
    alter_domain_action(p);
    p.eat(SEMICOLON);
    m.complete(p, ALTER_DOMAIN)
}

fn alter_domain_action(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let action = match p.current() {
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            m.abandon(p);
            return Some(set_schema(p));
        }
        SET_KW => {
            p.bump(SET_KW);
            match p.current() {
                DEFAULT_KW => {
                    p.bump(DEFAULT_KW);
                    if expr(p).is_none() {
                        p.error("expected expression");
                    }
                    SET_DEFAULT
                }
                NOT_KW => {
                    p.bump(NOT_KW);
                    p.expect(NULL_KW);
                    SET_NOT_NULL
                }
                _ => {
                    p.error("expected DEFAULT, NOT, or SCHEMA");
                    m.abandon(p);
                    return None;
                }
            }
        }
        DROP_KW => {
            p.bump(DROP_KW);
            match p.current() {
                DEFAULT_KW => {
                    p.bump(DEFAULT_KW);
                    DROP_DEFAULT
                }
                NOT_KW => {
                    p.bump(NOT_KW);
                    p.expect(NULL_KW);
                    DROP_NOT_NULL
                }
                CONSTRAINT_KW => {
                    p.bump(CONSTRAINT_KW);
                    opt_if_exists(p);
                    constraint_name_ref(p);
                    opt_cascade_or_restrict(p);
                    DROP_CONSTRAINT
                }
                _ => {
                    p.error("expected DEFAULT, NOT, or CONSTRAINT");
                    m.abandon(p);
                    return None;
                }
            }
        }
        ADD_KW => {
            p.bump(ADD_KW);
            domain_constraint(p);
            ADD_CONSTRAINT
        }
        RENAME_KW if p.nth_at(1, TO_KW) => {
            m.abandon(p);
            return Some(rename_to(p, DOMAIN_RENAME_TO, domain));
        }
        RENAME_KW => {
            p.bump(RENAME_KW);
            p.expect(CONSTRAINT_KW);
            constraint_name_ref(p);
            p.expect(TO_KW);
            constraint_name(p);
            RENAME_CONSTRAINT
        }
        VALIDATE_KW => {
            p.bump(VALIDATE_KW);
            p.expect(CONSTRAINT_KW);
            constraint_name_ref(p);
            VALIDATE_CONSTRAINT
        }
        OWNER_KW => {
            m.abandon(p);
            return Some(owner_to(p));
        }
        _ => {
            p.error("expected SET, DROP, ADD, RENAME, VALIDATE, or OWNER");
            m.abandon(p);
            return None;
        }
    };
    Some(m.complete(p, action))
}

// [ CONSTRAINT constraint_name ]
// { NOT NULL | CHECK (expression) }
fn domain_constraint(p: &mut Parser<'_>) {
    let m = p.start();
    opt_constraint_name_clause(p);
    let kind = if p.eat(NOT_KW) {
        p.expect(NULL_KW);
        NOT_NULL_CONSTRAINT
    } else if p.eat(CHECK_KW) {
        p.expect(L_PAREN);
        if expr(p).is_none() {
            p.error("expected expression");
        }
        p.expect(R_PAREN);
        CHECK_CONSTRAINT
    } else {
        p.error("expected NOT NULL or CHECK constraint");
        m.abandon(p);
        opt_constraint_option_list(p);
        return;
    };
    opt_constraint_option_list(p);
    m.complete(p, kind);
}

fn opt_constraint_name_clause(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(CONSTRAINT_KW) {
        constraint_name(p);
        m.complete(p, CONSTRAINT_NAME_CLAUSE);
    } else {
        m.abandon(p);
    }
}

// ALTER DEFAULT PRIVILEGES
//     [ FOR { ROLE | USER } target_role [, ...] ]
//     [ IN SCHEMA schema_name [, ...] ]
//     abbreviated_grant_or_revoke
//
// where abbreviated_grant_or_revoke is one of:
//   GRANT { { SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER | MAINTAIN }
//       [, ...] | ALL [ PRIVILEGES ] }
//       ON TABLES
//       TO { [ GROUP ] role_name | PUBLIC } [, ...] [ WITH GRANT OPTION ]
//
//   GRANT { { USAGE | SELECT | UPDATE }
//       [, ...] | ALL [ PRIVILEGES ] }
//       ON SEQUENCES
//       TO { [ GROUP ] role_name | PUBLIC } [, ...] [ WITH GRANT OPTION ]
//
//   GRANT { EXECUTE | ALL [ PRIVILEGES ] }
//       ON { FUNCTIONS | ROUTINES }
//       TO { [ GROUP ] role_name | PUBLIC } [, ...] [ WITH GRANT OPTION ]
//
//   GRANT { USAGE | ALL [ PRIVILEGES ] }
//       ON TYPES
//       TO { [ GROUP ] role_name | PUBLIC } [, ...] [ WITH GRANT OPTION ]
//
//   GRANT { { USAGE | CREATE }
//       [, ...] | ALL [ PRIVILEGES ] }
//       ON SCHEMAS
//       TO { [ GROUP ] role_name | PUBLIC } [, ...] [ WITH GRANT OPTION ]
//
//   REVOKE [ GRANT OPTION FOR ]
//       { { SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER | MAINTAIN }
//       [, ...] | ALL [ PRIVILEGES ] }
//       ON TABLES
//       FROM { [ GROUP ] role_name | PUBLIC } [, ...]
//       [ CASCADE | RESTRICT ]
//
//   REVOKE [ GRANT OPTION FOR ]
//       { { USAGE | SELECT | UPDATE }
//       [, ...] | ALL [ PRIVILEGES ] }
//       ON SEQUENCES
//       FROM { [ GROUP ] role_name | PUBLIC } [, ...]
//       [ CASCADE | RESTRICT ]
//
//   REVOKE [ GRANT OPTION FOR ]
//       { EXECUTE | ALL [ PRIVILEGES ] }
//       ON { FUNCTIONS | ROUTINES }
//       FROM { [ GROUP ] role_name | PUBLIC } [, ...]
//       [ CASCADE | RESTRICT ]
//
//   REVOKE [ GRANT OPTION FOR ]
//       { USAGE | ALL [ PRIVILEGES ] }
//       ON TYPES
//       FROM { [ GROUP ] role_name | PUBLIC } [, ...]
//       [ CASCADE | RESTRICT ]
//
//   REVOKE [ GRANT OPTION FOR ]
//       { { USAGE | CREATE }
//       [, ...] | ALL [ PRIVILEGES ] }
//       ON SCHEMAS
//       FROM { [ GROUP ] role_name | PUBLIC } [, ...]
//       [ CASCADE | RESTRICT ]
fn alter_default_privileges(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, DEFAULT_KW) && p.nth_at(2, PRIVILEGES_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(DEFAULT_KW);
    p.bump(PRIVILEGES_KW);
    // [ FOR { ROLE | USER } target_role [, ...] ]
    if p.at(FOR_KW) {
        let m = p.start();
        p.bump(FOR_KW);
        if !p.eat(ROLE_KW) && !p.eat(USER_KW) {
            p.error("expected ROLE or USER");
        }
        role_list(p);
        m.complete(p, FOR_ROLES);
    }
    // [ IN SCHEMA schema_name [, ...] ]
    if p.at(IN_KW) {
        let m = p.start();
        p.bump(IN_KW);
        p.expect(SCHEMA_KW);
        schema_ref_list(p);
        m.complete(p, IN_SCHEMAS);
    }
    match p.current() {
        GRANT_KW => {
            let m = p.start();
            p.bump(GRANT_KW);
            privileges(p);
            p.expect(ON_KW);
            privilege_target_type(p);
            p.expect(TO_KW);
            role_list(p);
            if p.at(WITH_KW) {
                grant_with_clause(p);
            }
            m.complete(p, GRANT_DEFAULT_PRIVILEGES);
        }
        REVOKE_KW => {
            let m = p.start();
            p.bump(REVOKE_KW);
            opt_grant_option_for(p);
            privileges(p);
            p.expect(ON_KW);
            privilege_target_type(p);
            p.expect(FROM_KW);
            role_list(p);
            opt_cascade_or_restrict(p);
            m.complete(p, REVOKE_DEFAULT_PRIVILEGES);
        }
        _ => {
            p.error("expected GRANT or REVOKE");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_DEFAULT_PRIVILEGES)
}

fn privilege_target_type(p: &mut Parser<'_>) {
    match p.current() {
        LARGE_KW => {
            let m = p.start();
            p.bump(LARGE_KW);
            p.expect(OBJECTS_KW);
            m.complete(p, PRIVILEGE_TARGET_LARGE_OBJECTS);
        }
        FUNCTIONS_KW | ROUTINES_KW | SCHEMAS_KW | SEQUENCES_KW | TABLES_KW | TYPES_KW => {
            let kind = match p.current() {
                FUNCTIONS_KW => PRIVILEGE_TARGET_FUNCTIONS,
                ROUTINES_KW => PRIVILEGE_TARGET_ROUTINES,
                SCHEMAS_KW => PRIVILEGE_TARGET_SCHEMAS,
                SEQUENCES_KW => PRIVILEGE_TARGET_SEQUENCES,
                TABLES_KW => PRIVILEGE_TARGET_TABLES,
                TYPES_KW => PRIVILEGE_TARGET_TYPES,
                _ => unreachable!(),
            };
            let m = p.start();
            p.bump_any();
            m.complete(p, kind);
        }
        _ => p.error(
            "expected privilege target, TABLES, FUNCTIONS, ROUTINES, SEQEUNCES, TYPES, SCHEMAS, LARGE OBJECTS",
        ),
    }
}

// ALTER DATABASE name [ [ WITH ] option [ ... ] ]
// where option can be:
//     ALLOW_CONNECTIONS allowconn
//     CONNECTION LIMIT connlimit
//     IS_TEMPLATE istemplate
//
// ALTER DATABASE name RENAME TO new_name
// ALTER DATABASE name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER DATABASE name SET TABLESPACE new_tablespace
// ALTER DATABASE name REFRESH COLLATION VERSION
// ALTER DATABASE name SET configuration_parameter { TO | = } { value | DEFAULT }
// ALTER DATABASE name SET configuration_parameter FROM CURRENT
// ALTER DATABASE name RESET configuration_parameter
// ALTER DATABASE name RESET ALL
fn alter_database(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, DATABASE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(DATABASE_KW);
    database_ref(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, DATABASE_RENAME_TO, database);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW if p.nth_at(1, TABLESPACE_KW) => {
            set_tablespace(p);
        }
        SET_KW => {
            set_configuration_param(p);
        }
        RESET_KW => {
            let m = p.start();
            p.bump(RESET_KW);
            if !p.eat(ALL_KW) {
                config_parameter_ref(p);
            }
            m.complete(p, RESET_CONFIG_PARAM);
        }
        REFRESH_KW => {
            let m = p.start();
            p.bump(REFRESH_KW);
            p.expect(COLLATION_KW);
            p.expect(VERSION_KW);
            m.complete(p, REFRESH_COLLATION_VERSION);
        }
        _ => {
            opt_database_option_list(p);
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_DATABASE)
}

fn set_tablespace(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SET_KW) && p.nth_at(1, TABLESPACE_KW));
    let m = p.start();
    p.bump(SET_KW);
    p.bump(TABLESPACE_KW);
    tablespace_ref(p);
    m.complete(p, SET_TABLESPACE)
}

fn opt_database_option_list(p: &mut Parser<'_>) {
    let m = p.start();
    p.eat(WITH_KW);
    while !p.at(EOF) {
        if !opt_database_option(p) {
            break;
        }
    }
    m.complete(p, DATABASE_OPTION_LIST);
}

// ALTER CONVERSION name RENAME TO new_name
// ALTER CONVERSION name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER CONVERSION name SET SCHEMA new_schema
fn alter_conversion(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, CONVERSION_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(CONVERSION_KW);
    conversion_ref(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, CONVERSION_RENAME_TO, conversion);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW => {
            set_schema(p);
        }
        _ => {
            p.error("expected RENAME, OWNER, or SET");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_CONVERSION)
}

// ALTER COLLATION name REFRESH VERSION
// ALTER COLLATION name RENAME TO new_name
// ALTER COLLATION name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER COLLATION name SET SCHEMA new_schema
fn alter_collation(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, COLLATION_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(COLLATION_KW);
    collation_ref(p);
    match p.current() {
        REFRESH_KW => {
            refresh_version(p);
        }
        RENAME_KW => {
            rename_to(p, COLLATION_RENAME_TO, collation);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW => {
            set_schema(p);
        }
        _ => {
            p.error("expected REFRESH, RENAME, OWNER, or SET");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_COLLATION)
}

fn refresh_version(p: &mut Parser<'_>) {
    assert!(p.at(REFRESH_KW));
    let m = p.start();
    p.bump(REFRESH_KW);
    p.expect(VERSION_KW);
    m.complete(p, REFRESH_VERSION);
}

fn set_schema(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SET_KW));
    let m = p.start();
    p.bump(SET_KW);
    p.expect(SCHEMA_KW);
    schema_ref(p);
    m.complete(p, SET_SCHEMA)
}

// ALTER AGGREGATE name ( aggregate_signature ) RENAME TO new_name
// ALTER AGGREGATE name ( aggregate_signature )
//                 OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER AGGREGATE name ( aggregate_signature ) SET SCHEMA new_schema
//
// where aggregate_signature is:
// * |
// [ argmode ] [ argname ] argtype [ , ... ] |
// [ [ argmode ] [ argname ] argtype [ , ... ] ] ORDER BY [ argmode ] [ argname ] argtype [ , ... ]
fn alter_aggregate(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, AGGREGATE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(AGGREGATE_KW);
    aggregate(p);
    match p.current() {
        RENAME_KW => {
            rename_to(p, AGGREGATE_RENAME_TO, aggregate_name);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW => {
            set_schema(p);
        }
        _ => {
            p.error("expected RENAME, OWNER, or SET");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_AGGREGATE)
}

// ALTER SUBSCRIPTION name CONNECTION 'conninfo'
// ALTER SUBSCRIPTION name SET PUBLICATION publication_name [, ...] [ WITH ( publication_option [= value] [, ... ] ) ]
// ALTER SUBSCRIPTION name ADD PUBLICATION publication_name [, ...] [ WITH ( publication_option [= value] [, ... ] ) ]
// ALTER SUBSCRIPTION name DROP PUBLICATION publication_name [, ...] [ WITH ( publication_option [= value] [, ... ] ) ]
// ALTER SUBSCRIPTION name REFRESH PUBLICATION [ WITH ( refresh_option [= value] [, ... ] ) ]
// ALTER SUBSCRIPTION name ENABLE
// ALTER SUBSCRIPTION name DISABLE
// ALTER SUBSCRIPTION name SET ( subscription_parameter [= value] [, ... ] )
// ALTER SUBSCRIPTION name SKIP ( skip_option = value )
// ALTER SUBSCRIPTION name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER SUBSCRIPTION name RENAME TO new_name
fn alter_subscription(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, SUBSCRIPTION_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(SUBSCRIPTION_KW);
    subscription_ref(p);
    match p.current() {
        CONNECTION_KW => {
            connection_clause(p);
        }
        SERVER_KW => {
            server_clause(p);
        }
        SET_KW if p.nth_at(1, L_PAREN) => {
            set_options(p);
        }
        SET_KW | ADD_KW => {
            let m = p.start();
            let is_add = p.at(ADD_KW);
            p.bump_any();
            p.expect(PUBLICATION_KW);
            publication_ref_list(p);
            opt_with_params(p);
            m.complete(
                p,
                if is_add {
                    ADD_PUBLICATION
                } else {
                    SET_PUBLICATION
                },
            );
        }
        DROP_KW => {
            let m = p.start();
            p.bump(DROP_KW);
            p.expect(PUBLICATION_KW);
            publication_ref_list(p);
            opt_with_params(p);
            m.complete(p, DROP_SUBSCRIPTION_PUBLICATION);
        }
        REFRESH_KW => {
            let m = p.start();
            p.bump(REFRESH_KW);
            p.expect(PUBLICATION_KW);
            opt_with_params(p);
            m.complete(p, REFRESH_PUBLICATION);
        }
        ENABLE_KW | DISABLE_KW => {
            let m = p.start();
            let is_enable = p.at(ENABLE_KW);
            p.bump_any();
            m.complete(
                p,
                if is_enable {
                    ENABLE_SUBSCRIPTION
                } else {
                    DISABLE_SUBSCRIPTION
                },
            );
        }
        SKIP_KW => {
            let m = p.start();
            p.bump(SKIP_KW);
            attribute_list(p);
            m.complete(p, SKIP_SUBSCRIPTION);
        }
        OWNER_KW => {
            owner_to(p);
        }
        RENAME_KW => {
            rename_to(p, SUBSCRIPTION_RENAME_TO, subscription);
        }
        _ => {
            p.error(
            "expected CONNECTION, SERVER, SET, ADD, DROP, REFRESH, ENABLE, DISABLE, SKIP, OWNER or RENAME",
        );
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_SUBSCRIPTION)
}

// ALTER SYSTEM SET configuration_parameter { TO | = } { value [, ...] | DEFAULT }
// ALTER SYSTEM RESET configuration_parameter
// ALTER SYSTEM RESET ALL
fn alter_system(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, SYSTEM_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(SYSTEM_KW);
    if p.at(SET_KW) {
        set_configuration_param(p);
    } else if p.at(RESET_KW) {
        reset_config_param(p);
    } else {
        p.error("expected SET or RESET after ALTER SYSTEM");
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_SYSTEM)
}

// ALTER TABLESPACE name RENAME TO new_name
// ALTER TABLESPACE name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER TABLESPACE name SET ( tablespace_option = value [, ... ] )
// ALTER TABLESPACE name RESET ( tablespace_option [, ... ] )
fn alter_tablespace(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, TABLESPACE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(TABLESPACE_KW);
    tablespace_ref(p);
    if p.at(RENAME_KW) {
        rename_to(p, TABLESPACE_RENAME_TO, tablespace);
    } else if p.at(OWNER_KW) {
        owner_to(p);
    } else if p.at(SET_KW) {
        set_options(p);
    } else if p.at(RESET_KW) {
        reset_options(p);
    } else {
        p.error("expected RENAME, OWNER, SET, or RESET after tablespace name");
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_TABLESPACE)
}

fn reset_options(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(RESET_KW));
    let m = p.start();
    p.bump(RESET_KW);
    attribute_list(p);
    m.complete(p, RESET_OPTIONS)
}

fn set_options(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SET_KW));
    let m = p.start();
    p.bump(SET_KW);
    attribute_list(p);
    m.complete(p, SET_OPTIONS)
}

// ALTER TEXT SEARCH PARSER name RENAME TO new_name
// ALTER TEXT SEARCH PARSER name SET SCHEMA new_schema
fn alter_text_search_parser(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(ALTER_KW) && p.nth_at(1, TEXT_KW) && p.nth_at(2, SEARCH_KW) && p.nth_at(3, PARSER_KW)
    );
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(PARSER_KW);
    text_search_parser_ref(p);
    if p.at(RENAME_KW) {
        rename_to(p, TEXT_SEARCH_PARSER_RENAME_TO, text_search_parser);
    } else if p.at(SET_KW) {
        set_schema(p);
    } else {
        p.error("expected RENAME TO or SET SCHEMA");
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_TEXT_SEARCH_PARSER)
}

// ALTER TEXT SEARCH DICTIONARY name (
//     option [ = value ] [, ... ]
// )
// ALTER TEXT SEARCH DICTIONARY name RENAME TO new_name
// ALTER TEXT SEARCH DICTIONARY name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER TEXT SEARCH DICTIONARY name SET SCHEMA new_schema
fn alter_text_search_dict(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(ALTER_KW)
            && p.nth_at(1, TEXT_KW)
            && p.nth_at(2, SEARCH_KW)
            && p.nth_at(3, DICTIONARY_KW)
    );
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(DICTIONARY_KW);
    text_search_dictionary_ref(p);
    if p.at(L_PAREN) {
        attribute_list(p);
    } else if p.at(RENAME_KW) {
        rename_to(p, TEXT_SEARCH_DICTIONARY_RENAME_TO, text_search_dictionary);
    } else if p.at(OWNER_KW) {
        owner_to(p);
    } else if p.at(SET_KW) {
        set_schema(p);
    } else {
        p.error("expected '(', RENAME, OWNER, or SET");
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_TEXT_SEARCH_DICTIONARY)
}

// ALTER TEXT SEARCH CONFIGURATION name
//     ADD MAPPING FOR token_type [, ... ] WITH dictionary_name [, ... ]
// ALTER TEXT SEARCH CONFIGURATION name
//     ALTER MAPPING FOR token_type [, ... ] WITH dictionary_name [, ... ]
// ALTER TEXT SEARCH CONFIGURATION name
//     ALTER MAPPING REPLACE old_dictionary WITH new_dictionary
// ALTER TEXT SEARCH CONFIGURATION name
//     ALTER MAPPING FOR token_type [, ... ] REPLACE old_dictionary WITH new_dictionary
// ALTER TEXT SEARCH CONFIGURATION name
//     DROP MAPPING [ IF EXISTS ] FOR token_type [, ... ]
// ALTER TEXT SEARCH CONFIGURATION name
//     RENAME TO new_name
// ALTER TEXT SEARCH CONFIGURATION name
//     OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER TEXT SEARCH CONFIGURATION name
//     SET SCHEMA new_schema
fn alter_text_search_configuration(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(ALTER_KW)
            && p.nth_at(1, TEXT_KW)
            && p.nth_at(2, SEARCH_KW)
            && p.nth_at(3, CONFIGURATION_KW)
    );
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(CONFIGURATION_KW);
    text_search_configuration_ref(p);
    match p.current() {
        // ADD MAPPING FOR token_type
        ADD_KW => {
            let m = p.start();
            p.bump(ADD_KW);
            p.expect(MAPPING_KW);
            p.expect(FOR_KW);
            text_search_token_kind_list(p);
            p.expect(WITH_KW);
            text_search_dictionary_ref_list(p);
            m.complete(p, ADD_MAPPING);
        }
        // ALTER MAPPING FOR
        // ALTER MAPPING REPLACE
        // ALTER MAPPING FOR ... REPLACE
        ALTER_KW => {
            let m = p.start();
            p.bump(ALTER_KW);
            p.expect(MAPPING_KW);
            if p.eat(FOR_KW) {
                text_search_token_kind_list(p);
                if p.eat(WITH_KW) {
                    text_search_dictionary_ref_list(p);
                } else if p.at(REPLACE_KW) {
                    replace_dictionary(p);
                } else {
                    p.error("expected WITH or REPLACE");
                }
            } else if p.at(REPLACE_KW) {
                replace_dictionary(p);
            } else {
                p.error("expected FOR or REPLACE");
            }
            m.complete(p, ALTER_MAPPING);
        }
        DROP_KW => {
            let m = p.start();
            p.bump(DROP_KW);
            p.expect(MAPPING_KW);
            opt_if_exists(p);
            p.expect(FOR_KW);
            text_search_token_kind_list(p);
            m.complete(p, DROP_MAPPING);
        }
        RENAME_KW => {
            rename_to(
                p,
                TEXT_SEARCH_CONFIGURATION_RENAME_TO,
                text_search_configuration,
            );
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW => {
            set_schema(p);
        }
        _ => {
            p.error("expected ADD, ALTER, DROP, RENAME, OWNER, or SET");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_TEXT_SEARCH_CONFIGURATION)
}

fn remote_table_name_ref_list(p: &mut Parser<'_>) {
    remote_table_name_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        remote_table_name_ref(p);
    }
}

fn extension_ref_list(p: &mut Parser<'_>) {
    extension_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        extension_ref(p);
    }
}

fn foreign_data_wrapper_ref_list(p: &mut Parser<'_>) {
    foreign_data_wrapper_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        foreign_data_wrapper_ref(p);
    }
}

fn language_ref_list(p: &mut Parser<'_>) {
    language_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        language_ref(p);
    }
}

fn publication_ref_list(p: &mut Parser<'_>) {
    publication_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        publication_ref(p);
    }
}

fn role_ref_items(p: &mut Parser<'_>) {
    role_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        role_ref(p);
    }
}

fn schema_ref_list(p: &mut Parser<'_>) {
    schema_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        schema_ref(p);
    }
}

fn server_ref_list(p: &mut Parser<'_>) {
    server_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        server_ref(p);
    }
}

fn tablespace_ref_list(p: &mut Parser<'_>) {
    tablespace_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        tablespace_ref(p);
    }
}

fn database_ref_list(p: &mut Parser<'_>) {
    database_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        database_ref(p);
    }
}

fn domain_ref_list(p: &mut Parser<'_>) {
    domain_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        domain_ref(p);
    }
}

fn type_name_ref_list(p: &mut Parser<'_>) {
    type_name_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        type_name_ref(p);
    }
}

fn config_parameter_ref_list(p: &mut Parser<'_>) {
    config_parameter_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        config_parameter_ref(p);
    }
}

fn relation_name_refs(p: &mut Parser<'_>) {
    relation_name_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        relation_name_ref(p);
    }
}

fn table_name_refs(p: &mut Parser<'_>) {
    table_name_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        table_name_ref(p);
    }
}

fn view_ref_list(p: &mut Parser<'_>) {
    view_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        view_ref(p);
    }
}

fn constraint_name_ref_list(p: &mut Parser<'_>) {
    constraint_name_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        constraint_name_ref(p);
    }
}

fn collation_ref_list(p: &mut Parser<'_>) {
    collation_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        collation_ref(p);
    }
}

fn sequence_ref_list(p: &mut Parser<'_>) {
    sequence_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        sequence_ref(p);
    }
}

fn statistics_ref_list(p: &mut Parser<'_>) {
    statistics_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        statistics_ref(p);
    }
}

fn property_graph_ref_list(p: &mut Parser<'_>) {
    property_graph_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        property_graph_ref(p);
    }
}

fn text_search_dictionary_ref_list(p: &mut Parser<'_>) {
    text_search_dictionary_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        text_search_dictionary_ref(p);
    }
}

fn text_search_token_kind_list(p: &mut Parser<'_>) {
    text_search_token_kind(p);
    while !p.at(EOF) && p.eat(COMMA) {
        text_search_token_kind(p);
    }
}

fn table_name_ref_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        NAME_REF_FIRST,
        |p| {
            table_name_ref(p);
            true
        },
    );
    m.complete(p, TABLE_NAME_REF_LIST);
}

// ALTER TEXT SEARCH TEMPLATE name RENAME TO new_name
// ALTER TEXT SEARCH TEMPLATE name SET SCHEMA new_schema
fn alter_text_search_template(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(ALTER_KW)
            && p.nth_at(1, TEXT_KW)
            && p.nth_at(2, SEARCH_KW)
            && p.nth_at(3, TEMPLATE_KW)
    );
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(TEMPLATE_KW);
    text_search_template_ref(p);
    if p.at(RENAME_KW) {
        rename_to(p, TEXT_SEARCH_TEMPLATE_RENAME_TO, text_search_template);
    } else if p.at(SET_KW) {
        set_schema(p);
    } else {
        p.error("expected RENAME TO or SET SCHEMA");
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_TEXT_SEARCH_TEMPLATE)
}

// ALTER TRIGGER name ON table_name RENAME TO new_name
// ALTER TRIGGER name ON table_name [ NO ] DEPENDS ON EXTENSION extension_name
fn alter_trigger(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, TRIGGER_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(TRIGGER_KW);
    trigger_ref(p);
    on_relation(p);
    if p.at(RENAME_KW) {
        rename_to(p, TRIGGER_RENAME_TO, trigger);
    } else {
        if p.at(NO_KW) || p.at(DEPENDS_KW) {
            depends_on_extension(p);
        } else {
            p.error(format!("expected NO or DEPENDS, found {:?}", p.current()));
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_TRIGGER)
}

fn alter_type_attribute_action(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = if p.eat(ADD_KW) {
        p.expect(ATTRIBUTE_KW);
        composite_field(p);
        type_name(p);
        opt_collate(p);
        opt_cascade_or_restrict(p);
        ADD_ATTRIBUTE
    } else if p.eat(DROP_KW) {
        p.expect(ATTRIBUTE_KW);
        opt_if_exists(p);
        composite_field_ref(p);
        opt_cascade_or_restrict(p);
        DROP_ATTRIBUTE
    } else {
        p.expect(ALTER_KW);
        p.expect(ATTRIBUTE_KW);
        composite_field_ref(p);
        if p.eat(SET_KW) {
            p.eat(DATA_KW);
        }
        p.expect(TYPE_KW);
        type_name(p);
        opt_collate(p);
        opt_cascade_or_restrict(p);
        ALTER_ATTRIBUTE
    };
    m.complete(p, kind);
}

// ALTER TYPE name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER TYPE name RENAME TO new_name
// ALTER TYPE name SET SCHEMA new_schema
// ALTER TYPE name RENAME ATTRIBUTE attribute_name TO new_attribute_name [ CASCADE | RESTRICT ]
// ALTER TYPE name action [, ... ]
// ALTER TYPE name ADD VALUE [ IF NOT EXISTS ] new_enum_value [ { BEFORE | AFTER } neighbor_enum_value ]
// ALTER TYPE name RENAME VALUE existing_enum_value TO new_enum_value
// ALTER TYPE name SET ( property = value [, ... ] )
//
// where action is one of:
//     ADD ATTRIBUTE attribute_name data_type [ COLLATE collation ] [ CASCADE | RESTRICT ]
//     DROP ATTRIBUTE [ IF EXISTS ] attribute_name [ CASCADE | RESTRICT ]
//     ALTER ATTRIBUTE attribute_name [ SET DATA ] TYPE data_type [ COLLATE collation ] [ CASCADE | RESTRICT ]
fn alter_type(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, TYPE_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(TYPE_KW);
    type_name_ref(p);
    match p.current() {
        ADD_KW | DROP_KW | ALTER_KW if p.nth_at(1, ATTRIBUTE_KW) => {
            let m = p.start();
            alter_type_attribute_action(p);
            while !p.at(EOF) && p.eat(COMMA) {
                alter_type_attribute_action(p);
            }
            m.complete(p, ALTER_TYPE_ATTRIBUTE_ACTION_LIST);
        }
        OWNER_KW => {
            owner_to(p);
        }
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        SET_KW => {
            set_options(p);
        }
        RENAME_KW if p.nth_at(1, TO_KW) => {
            rename_to(p, TYPE_RENAME_TO, type_name_definition);
        }
        RENAME_KW => {
            let m = p.start();
            p.bump(RENAME_KW);
            if p.eat(ATTRIBUTE_KW) {
                composite_field_ref(p);
                p.expect(TO_KW);
                composite_field(p);
                opt_cascade_or_restrict(p);
                m.complete(p, RENAME_ATTRIBUTE);
            } else if p.eat(VALUE_KW) {
                string_literal(p);
                p.expect(TO_KW);
                string_literal(p);
                m.complete(p, RENAME_VALUE);
            } else {
                p.error("expected TO, ATTRIBUTE, or VALUE");
                m.abandon(p);
            }
        }
        ADD_KW => {
            let m = p.start();
            p.bump(ADD_KW);
            p.expect(VALUE_KW);
            opt_if_not_exists(p);
            string_literal(p);
            opt_value_position(p);
            m.complete(p, ADD_VALUE);
        }
        _ => p.error("expected ALTER TYPE option"),
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_TYPE)
}

fn opt_value_position(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = if p.eat(BEFORE_KW) {
        BEFORE_VALUE
    } else if p.eat(AFTER_KW) {
        AFTER_VALUE
    } else {
        m.abandon(p);
        return;
    };
    string_literal(p);
    m.complete(p, kind);
}

// ALTER USER role_specification [ WITH ] option [ ... ]
// where option can be:
//       SUPERUSER | NOSUPERUSER
//     | CREATEDB | NOCREATEDB
//     | CREATEROLE | NOCREATEROLE
//     | INHERIT | NOINHERIT
//     | LOGIN | NOLOGIN
//     | REPLICATION | NOREPLICATION
//     | BYPASSRLS | NOBYPASSRLS
//     | CONNECTION LIMIT connlimit
//     | [ ENCRYPTED ] PASSWORD 'password' | PASSWORD NULL
//     | VALID UNTIL 'timestamp'
//
// ALTER USER name RENAME TO new_name
// ALTER USER { role_specification | ALL } [ IN DATABASE database_name ] SET configuration_parameter { TO | = } { value | DEFAULT }
// ALTER USER { role_specification | ALL } [ IN DATABASE database_name ] SET configuration_parameter FROM CURRENT
// ALTER USER { role_specification | ALL } [ IN DATABASE database_name ] RESET configuration_parameter
// ALTER USER { role_specification | ALL } [ IN DATABASE database_name ] RESET ALL
//
// where role_specification can be:
//     role_name
//   | CURRENT_ROLE
//   | CURRENT_USER
//   | SESSION_USER
fn alter_user(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, USER_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(USER_KW);
    if !p.eat(ALL_KW) {
        role_ref(p);
    }
    // be careful of the case where we're at the IN of IN DATABASE
    if p.at(WITH_KW) || (p.at_ts(ROLE_OPTION_FIRST) && !p.nth_at(1, DATABASE_KW)) {
        opt_role_option_list(p);
        return m.complete(p, ALTER_USER);
    }
    // RENAME TO new_name
    if p.at(RENAME_KW) {
        rename_to(p, ROLE_RENAME_TO, |p| {
            role(p);
        });
        return m.complete(p, ALTER_USER);
    }
    opt_in_database(p);
    match p.current() {
        SET_KW => {
            set_configuration_param(p);
        }
        RESET_KW => {
            reset_config_param(p);
        }
        _ => p.error("expected SET or RESET"),
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_USER)
}

// ALTER USER MAPPING FOR { user_name | USER | CURRENT_ROLE | CURRENT_USER | SESSION_USER | PUBLIC }
//     SERVER server_name
//     OPTIONS ( [ ADD | SET | DROP ] option ['value'] [, ... ] )
fn alter_user_mapping(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, USER_KW) && p.nth_at(2, MAPPING_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(USER_KW);
    p.bump(MAPPING_KW);
    p.expect(FOR_KW);
    role_ref(p);
    server_clause(p);
    if !opt_alter_option_list(p) {
        p.error("expected options");
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_USER_MAPPING)
}

fn server_clause(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(SERVER_KW);
    server_ref(p);
    m.complete(p, SERVER_CLAUSE);
}

const ALTER_OPTION_FIRST: TokenSet =
    TokenSet::new(&[DROP_KW, ADD_KW, SET_KW]).union(COL_LABEL_FIRST);

fn foreign_option_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, FOREIGN_OPTION_NAME);
}

fn opt_alter_option(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(ALTER_OPTION_FIRST) {
        return None;
    }
    let m = p.start();
    let kind = match p.current() {
        DROP_KW => {
            p.bump(DROP_KW);
            foreign_option_name(p);
            DROP_FOREIGN_OPTION
        }
        SET_KW => {
            p.bump(SET_KW);
            foreign_option_name(p);
            string_literal(p);
            SET_FOREIGN_OPTION
        }
        ADD_KW => {
            p.bump(ADD_KW);
            foreign_option_name(p);
            string_literal(p);
            ADD_FOREIGN_OPTION
        }
        _ => {
            foreign_option_name(p);
            string_literal(p);
            ADD_FOREIGN_OPTION
        }
    };
    Some(m.complete(p, kind))
}

// ALTER VIEW [ IF EXISTS ] name ALTER [ COLUMN ] column_name SET DEFAULT expression
// ALTER VIEW [ IF EXISTS ] name ALTER [ COLUMN ] column_name DROP DEFAULT
// ALTER VIEW [ IF EXISTS ] name OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
// ALTER VIEW [ IF EXISTS ] name RENAME [ COLUMN ] column_name TO new_column_name
// ALTER VIEW [ IF EXISTS ] name RENAME TO new_name
// ALTER VIEW [ IF EXISTS ] name SET SCHEMA new_schema
// ALTER VIEW [ IF EXISTS ] name SET ( view_option_name [= view_option_value] [, ... ] )
// ALTER VIEW [ IF EXISTS ] name RESET ( view_option_name [, ... ] )
fn alter_view(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW) && p.nth_at(1, VIEW_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump(VIEW_KW);
    opt_if_exists(p);
    view_ref(p);
    match p.current() {
        ALTER_KW => {
            let m = p.start();
            p.bump(ALTER_KW);
            p.eat(COLUMN_KW);
            column_name_ref(p);
            if p.at(SET_KW) {
                let m = p.start();
                p.bump(SET_KW);
                p.expect(DEFAULT_KW);
                if expr(p).is_none() {
                    p.error("expected expression")
                }
                m.complete(p, SET_DEFAULT);
            } else if p.at(DROP_KW) {
                let m = p.start();
                p.bump(DROP_KW);
                p.expect(DEFAULT_KW);
                m.complete(p, DROP_DEFAULT);
            } else {
                p.error("expected SET or DROP");
            }
            m.complete(p, ALTER_VIEW_COLUMN);
        }
        OWNER_KW => {
            owner_to(p);
        }
        RENAME_KW if p.nth_at(1, TO_KW) => {
            rename_to(p, VIEW_RENAME_TO, view);
        }
        RENAME_KW => {
            rename_column(p);
        }
        SET_KW if p.nth_at(1, SCHEMA_KW) => {
            set_schema(p);
        }
        SET_KW => {
            set_options(p);
        }
        RESET_KW => {
            reset_options(p);
        }
        _ => p.error("expected ALTER, OWNER, RENAME, or SET"),
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_VIEW)
}

// ANALYZE [ ( option [, ...] ) ] [ table_and_columns [, ...] ]
// where option can be one of:
//     VERBOSE [ boolean ]
//     SKIP_LOCKED [ boolean ]
//     BUFFER_USAGE_LIMIT size
// and table_and_columns is:
//     table_name [ ( column_name [, ...] ) ]
fn analyze(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ANALYZE_KW) || p.at(ANALYSE_KW));
    let m = p.start();
    p.bump_any();
    if !p.eat(VERBOSE_KW) {
        opt_option_list(p);
    }
    opt_table_and_columns_list(p);
    p.eat(SEMICOLON);
    m.complete(p, ANALYZE)
}

fn opt_option_list(p: &mut Parser<'_>) {
    if !p.at(L_PAREN) {
        return;
    }
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        OPTION_FIRST,
        opt_option,
    );
    m.complete(p, OPTION_ITEM_LIST);
}

// COMMENT ON
// {
//   ACCESS METHOD object_name |
//   AGGREGATE aggregate_name ( aggregate_signature ) |
//   CAST (source_type AS target_type) |
//   COLLATION object_name |
//   COLUMN relation_name.column_name |
//   CONSTRAINT constraint_name ON table_name |
//   CONSTRAINT constraint_name ON DOMAIN domain_name |
//   CONVERSION object_name |
//   DATABASE object_name |
//   DOMAIN object_name |
//   EXTENSION object_name |
//   EVENT TRIGGER object_name |
//   FOREIGN DATA WRAPPER object_name |
//   FOREIGN TABLE object_name |
//   FUNCTION function_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   INDEX object_name |
//   LARGE OBJECT large_object_oid |
//   MATERIALIZED VIEW object_name |
//   OPERATOR operator_name (left_type, right_type) |
//   OPERATOR CLASS object_name USING index_method |
//   OPERATOR FAMILY object_name USING index_method |
//   POLICY policy_name ON table_name |
//   [ PROCEDURAL ] LANGUAGE object_name |
//   PROCEDURE procedure_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   PUBLICATION object_name |
//   ROLE object_name |
//   ROUTINE routine_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   RULE rule_name ON table_name |
//   SCHEMA object_name |
//   SEQUENCE object_name |
//   SERVER object_name |
//   STATISTICS object_name |
//   SUBSCRIPTION object_name |
//   TABLE object_name |
//   TABLESPACE object_name |
//   TEXT SEARCH CONFIGURATION object_name |
//   TEXT SEARCH DICTIONARY object_name |
//   TEXT SEARCH PARSER object_name |
//   TEXT SEARCH TEMPLATE object_name |
//   TRANSFORM FOR type_name LANGUAGE lang_name |
//   TRIGGER trigger_name ON table_name |
//   TYPE object_name |
//   VIEW object_name
// } IS { string_literal | NULL }
//
// where aggregate_signature is:
//   * |
//   [ argmode ] [ argname ] argtype [ , ... ] |
//   [ [ argmode ] [ argname ] argtype [ , ... ] ] ORDER BY [ argmode ] [ argname ] argtype [ , ... ]
fn comment_object(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        ACCESS_KW => {
            p.bump(ACCESS_KW);
            p.expect(METHOD_KW);
            access_method_ref(p);
            m.complete(p, OBJECT_ACCESS_METHOD);
        }
        AGGREGATE_KW => {
            p.bump(AGGREGATE_KW);
            aggregate(p);
            m.complete(p, OBJECT_AGGREGATE);
        }
        CAST_KW => {
            p.bump(CAST_KW);
            cast_sig(p);
            m.complete(p, OBJECT_CAST);
        }
        DOMAIN_KW | TYPE_KW => {
            let is_domain = p.at(DOMAIN_KW);
            let kind = if is_domain {
                OBJECT_DOMAIN
            } else {
                OBJECT_TYPE
            };
            p.bump_any();
            if is_domain {
                domain_ref(p);
            } else {
                type_name_ref(p);
            }
            m.complete(p, kind);
        }
        TABLE_KW => {
            p.bump(TABLE_KW);
            table_name_ref(p);
            m.complete(p, OBJECT_TABLE);
        }
        VIEW_KW => {
            p.bump(VIEW_KW);
            view_ref(p);
            m.complete(p, OBJECT_VIEW);
        }
        INDEX_KW => {
            p.bump(INDEX_KW);
            index_ref(p);
            m.complete(p, OBJECT_INDEX);
        }
        SEQUENCE_KW => {
            p.bump(SEQUENCE_KW);
            sequence_ref(p);
            m.complete(p, OBJECT_SEQUENCE);
        }
        COLLATION_KW => {
            p.bump(COLLATION_KW);
            collation_ref(p);
            m.complete(p, OBJECT_COLLATION);
        }
        CONVERSION_KW => {
            p.bump(CONVERSION_KW);
            conversion_ref(p);
            m.complete(p, OBJECT_CONVERSION);
        }
        STATISTICS_KW => {
            p.bump(STATISTICS_KW);
            statistics_ref(p);
            m.complete(p, OBJECT_STATISTICS);
        }
        DATABASE_KW => {
            p.bump(DATABASE_KW);
            database_ref(p);
            m.complete(p, OBJECT_DATABASE);
        }
        EXTENSION_KW => {
            p.bump(EXTENSION_KW);
            extension_ref(p);
            m.complete(p, OBJECT_EXTENSION);
        }
        PUBLICATION_KW => {
            p.bump(PUBLICATION_KW);
            publication_ref(p);
            m.complete(p, OBJECT_PUBLICATION);
        }
        ROLE_KW => {
            p.bump(ROLE_KW);
            role_ref(p);
            m.complete(p, OBJECT_ROLE);
        }
        SCHEMA_KW => {
            p.bump(SCHEMA_KW);
            schema_ref(p);
            m.complete(p, OBJECT_SCHEMA);
        }
        SERVER_KW => {
            p.bump(SERVER_KW);
            server_ref(p);
            m.complete(p, OBJECT_SERVER);
        }
        SUBSCRIPTION_KW => {
            p.bump(SUBSCRIPTION_KW);
            subscription_ref(p);
            m.complete(p, OBJECT_SUBSCRIPTION);
        }
        TABLESPACE_KW => {
            p.bump(TABLESPACE_KW);
            tablespace_ref(p);
            m.complete(p, OBJECT_TABLESPACE);
        }
        COLUMN_KW => {
            p.bump(COLUMN_KW);
            qualified_column_name_ref(p);
            m.complete(p, OBJECT_COLUMN);
        }
        CONSTRAINT_KW => {
            p.bump(CONSTRAINT_KW);
            constraint_name_ref(p);
            p.expect(ON_KW);
            if p.eat(DOMAIN_KW) {
                domain_ref(p);
            } else {
                table_name_ref(p);
            }
            m.complete(p, OBJECT_CONSTRAINT);
        }
        EVENT_KW => {
            p.bump(EVENT_KW);
            p.expect(TRIGGER_KW);
            event_trigger_ref(p);
            m.complete(p, OBJECT_EVENT_TRIGGER);
        }
        FOREIGN_KW if p.nth_at(1, DATA_KW) => {
            p.bump(FOREIGN_KW);
            p.bump(DATA_KW);
            p.expect(WRAPPER_KW);
            foreign_data_wrapper_ref(p);
            m.complete(p, OBJECT_FOREIGN_DATA_WRAPPER);
        }
        FOREIGN_KW => {
            p.bump(FOREIGN_KW);
            p.expect(TABLE_KW);
            table_name_ref(p);
            m.complete(p, OBJECT_FOREIGN_TABLE);
        }
        FUNCTION_KW | PROCEDURE_KW | ROUTINE_KW => {
            let kind = routine_sig_with_keyword(p);
            m.complete(p, kind);
        }
        LARGE_KW => {
            p.bump(LARGE_KW);
            p.expect(OBJECT_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected object oid");
            }
            m.complete(p, OBJECT_LARGE_OBJECT);
        }
        MATERIALIZED_KW => {
            p.bump(MATERIALIZED_KW);
            p.expect(VIEW_KW);
            view_ref(p);
            m.complete(p, OBJECT_MATERIALIZED_VIEW);
        }
        OPERATOR_KW if matches!(p.nth(1), CLASS_KW | FAMILY_KW) => {
            p.bump(OPERATOR_KW);
            let kind = if p.eat(FAMILY_KW) {
                op_family_ref(p);
                OBJECT_OPERATOR_FAMILY
            } else {
                p.bump(CLASS_KW);
                op_class_ref(p);
                OBJECT_OPERATOR_CLASS
            };
            opt_using_method(p);
            m.complete(p, kind);
        }
        OPERATOR_KW => {
            p.bump(OPERATOR_KW);
            qual_op(p);
            p.eat(L_PAREN);
            type_name(p);
            p.expect(COMMA);
            type_name(p);
            p.eat(R_PAREN);
            m.complete(p, OBJECT_OPERATOR);
        }
        POLICY_KW => {
            p.bump(POLICY_KW);
            policy_ref(p);
            p.expect(ON_KW);
            table_name_ref(p);
            m.complete(p, OBJECT_POLICY);
        }
        RULE_KW => {
            p.bump(RULE_KW);
            rule_ref(p);
            p.expect(ON_KW);
            relation_name_ref(p);
            m.complete(p, OBJECT_RULE);
        }
        TRIGGER_KW => {
            p.bump(TRIGGER_KW);
            trigger_ref(p);
            p.expect(ON_KW);
            relation_name_ref(p);
            m.complete(p, OBJECT_TRIGGER);
        }
        PROPERTY_KW => {
            p.bump(PROPERTY_KW);
            p.expect(GRAPH_KW);
            property_graph_ref(p);
            m.complete(p, OBJECT_PROPERTY_GRAPH);
        }
        LANGUAGE_KW | PROCEDURAL_KW => {
            p.eat(PROCEDURAL_KW);
            p.expect(LANGUAGE_KW);
            language_ref(p);
            m.complete(p, OBJECT_LANGUAGE);
        }
        TEXT_KW => {
            p.bump(TEXT_KW);
            p.expect(SEARCH_KW);
            match p.current() {
                CONFIGURATION_KW => {
                    p.bump(CONFIGURATION_KW);
                    text_search_configuration_ref(p);
                    m.complete(p, OBJECT_TEXT_SEARCH_CONFIG);
                }
                DICTIONARY_KW => {
                    p.bump(DICTIONARY_KW);
                    text_search_dictionary_ref(p);
                    m.complete(p, OBJECT_TEXT_SEARCH_DICT);
                }
                PARSER_KW => {
                    p.bump(PARSER_KW);
                    text_search_parser_ref(p);
                    m.complete(p, OBJECT_TEXT_SEARCH_PARSER);
                }
                TEMPLATE_KW => {
                    p.bump(TEMPLATE_KW);
                    text_search_template_ref(p);
                    m.complete(p, OBJECT_TEXT_SEARCH_TEMPLATE);
                }
                _ => {
                    p.error("expected CONFIGURATION, DICTIONARY, PARSER, or TEMPLATE");
                    m.abandon(p);
                }
            }
        }
        TRANSFORM_KW => {
            p.bump(TRANSFORM_KW);
            p.expect(FOR_KW);
            type_name(p);
            p.expect(LANGUAGE_KW);
            language_ref(p);
            m.complete(p, OBJECT_TRANSFORM);
        }
        _ => {
            p.err_and_bump("unexpected token");
            m.abandon(p);
        }
    }
}

fn comment(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(COMMENT_KW));
    let m = p.start();
    p.bump(COMMENT_KW);
    p.expect(ON_KW);
    comment_object(p);
    p.expect(IS_KW);
    if !p.eat(NULL_KW) && opt_string_literal(p).is_none() {
        p.error("expected string literal or NULL");
    }
    p.eat(SEMICOLON);
    m.complete(p, COMMENT_ON)
}

// CLUSTER [ ( option [, ...] ) ] [ table_name [ USING index_name ] ]
// where option can be one of:
//   VERBOSE [ boolean ]
fn cluster(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CLUSTER_KW));
    let m = p.start();
    p.bump(CLUSTER_KW);
    if p.eat(VERBOSE_KW) {
        // pass
    } else {
        opt_option_list(p);
    }
    if let Some(path) = opt_path_name_ref(p) {
        if p.at(ON_KW) {
            let index = path.precede(p).complete(p, INDEX_REF);
            let legacy = index.precede(p);
            opt_on_path(p);
            legacy.complete(p, CLUSTER_LEGACY);
        } else {
            path.precede(p).complete(p, TABLE_NAME_REF);
            opt_cluster_using_index(p);
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, CLUSTER)
}

fn opt_on_path(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(ON_KW) {
        table_name_ref(p);
        m.complete(p, ON_PATH);
    } else {
        m.abandon(p);
    }
}

fn repack(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(REPACK_KW));
    let m = p.start();
    p.bump(REPACK_KW);
    opt_option_list(p);
    opt_table_and_columns_list(p);
    if p.at(USING_KW) {
        using_index(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, REPACK)
}

fn create_property_graph(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    opt_persistence(p);
    p.expect(PROPERTY_KW);
    p.expect(GRAPH_KW);
    property_graph(p);
    opt_vertex_tables(p);
    opt_edge_tables(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_PROPERTY_GRAPH)
}

fn opt_vertex_tables(p: &mut Parser<'_>) -> bool {
    if !p.at(VERTEX_KW) && !p.at(NODE_KW) {
        return false;
    }
    let m = p.start();
    p.bump_any(); // VERTEX or NODE
    p.expect(TABLES_KW);
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        VERTEX_TABLE_DEF_FIRST,
        opt_vertex_table_def,
    );
    m.complete(p, VERTEX_TABLES);
    true
}

const VERTEX_TABLE_DEF_FIRST: TokenSet = PATH_FIRST;

fn opt_vertex_table_def(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(PATH_FIRST) {
        return false;
    }
    let m = p.start();
    table_name_ref(p);
    opt_element_table_alias_clause(p);
    opt_element_table_key_clause(p);
    opt_element_table_label_and_properties(p);
    m.complete(p, VERTEX_TABLE_DEF);
    true
}

fn opt_element_table_alias_clause(p: &mut Parser<'_>) {
    if p.at(AS_KW) {
        let m = p.start();
        p.bump(AS_KW);
        element_table_alias(p);
        m.complete(p, ELEMENT_TABLE_ALIAS_CLAUSE);
    }
}

fn opt_element_table_key_clause(p: &mut Parser<'_>) {
    if p.at(KEY_KW) {
        let m = p.start();
        p.bump(KEY_KW);
        opt_column_list_with(p, ColumnDefKind::NameRef);
        m.complete(p, ELEMENT_TABLE_KEY_CLAUSE);
    }
}

fn opt_element_table_label_and_properties(p: &mut Parser<'_>) {
    if !opt_element_table_properties_clause(p) {
        opt_label_and_properties_list(p);
    }
}

fn opt_label_and_properties_list(p: &mut Parser<'_>) {
    if !p.at(DEFAULT_KW) && !p.at(LABEL_KW) {
        return;
    }
    let m = p.start();
    label_and_properties(p);
    while p.at(DEFAULT_KW) || p.at(LABEL_KW) {
        label_and_properties(p);
    }
    m.complete(p, LABEL_AND_PROPERTIES_LIST);
}

fn label_and_properties(p: &mut Parser<'_>) {
    let m = p.start();
    label_spec(p);
    opt_element_table_properties_clause(p);
    m.complete(p, LABEL_AND_PROPERTIES);
}

// { LABEL label | DEFAULT LABEL }
fn label_spec(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = if p.eat(DEFAULT_KW) {
        p.expect(LABEL_KW);
        DEFAULT_LABEL
    } else {
        p.expect(LABEL_KW);
        label(p);
        NAMED_LABEL
    };
    m.complete(p, kind);
}

fn opt_element_table_properties_clause(p: &mut Parser<'_>) -> bool {
    if !p.at(NO_KW) && !p.at(PROPERTIES_KW) {
        return false;
    }
    let m = p.start();
    let kind = if p.eat(NO_KW) {
        p.expect(PROPERTIES_KW);
        NO_PROPERTIES
    } else {
        p.expect(PROPERTIES_KW);
        if p.eat(ALL_KW) {
            p.expect(COLUMNS_KW);
            ALL_PROPERTIES
        } else {
            expr_as_property_name_list(p);
            PROPERTIES
        }
    };
    m.complete(p, kind);
    true
}

fn opt_edge_tables(p: &mut Parser<'_>) {
    if !p.at(EDGE_KW) && !p.at(RELATIONSHIP_KW) {
        return;
    }
    let m = p.start();
    p.bump_any();
    p.expect(TABLES_KW);
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EDGE_TABLE_DEF_FIRST,
        opt_edge_table_def,
    );
    m.complete(p, EDGE_TABLES);
}

const EDGE_TABLE_DEF_FIRST: TokenSet = PATH_FIRST;

// foo AS bar KEY (a, b)
//   SOURCE KEY (a, b) REFERENCES t (c, d)
//   DESTINATION KEY (a, b) REFERENCES t (c, d)
fn opt_edge_table_def(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(EDGE_TABLE_DEF_FIRST) {
        return false;
    }
    let m = p.start();
    table_name_ref(p);
    opt_element_table_alias_clause(p);
    opt_element_table_key_clause(p);
    source_vertex_table(p);
    dest_vertex_table(p);
    opt_element_table_label_and_properties(p);
    m.complete(p, EDGE_TABLE_DEF);
    true
}

fn references_table(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(REFERENCES_KW);
    vertex_table_ref(p);
    opt_column_list_with(p, ColumnDefKind::NameRef);
    m.complete(p, REFERENCES_TABLE);
}

// SOURCE KEY (a, b) REFERENCES t (c, d)
// SOURCE t
fn source_vertex_table(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(SOURCE_KW);
    if p.eat(KEY_KW) {
        opt_column_list_with(p, ColumnDefKind::NameRef);
        references_table(p);
    } else {
        vertex_table_ref(p);
    }
    m.complete(p, SOURCE_VERTEX_TABLE);
}

// DESTINATION KEY (a, b) REFERENCES t (c, d)
// DESTINATION t
fn dest_vertex_table(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(DESTINATION_KW);
    if p.eat(KEY_KW) {
        opt_column_list_with(p, ColumnDefKind::NameRef);
        references_table(p);
    } else {
        vertex_table_ref(p);
    }
    m.complete(p, DEST_VERTEX_TABLE);
}

fn alter_property_graph(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW));
    let m = p.start();
    p.bump(ALTER_KW);
    p.expect(PROPERTY_KW);
    p.expect(GRAPH_KW);
    opt_if_exists(p);
    property_graph_ref(p);
    alter_property_graph_action(p);
    p.eat(SEMICOLON);
    m.complete(p, ALTER_PROPERTY_GRAPH)
}

const VERTEX: TokenSet = TokenSet::new(&[VERTEX_KW, NODE_KW]);
const EDGE: TokenSet = TokenSet::new(&[EDGE_KW, RELATIONSHIP_KW]);
const VERTEX_OR_EDGE: TokenSet = VERTEX.union(EDGE);

fn alter_property_graph_action(p: &mut Parser<'_>) {
    if p.at(RENAME_KW) {
        rename_to(p, PROPERTY_GRAPH_RENAME_TO, property_graph);
    } else if p.at(OWNER_KW) {
        owner_to(p);
    } else if p.at(SET_KW) {
        set_schema(p);
    } else if p.at(ADD_KW) {
        add_vertex_edge_tables(p);
    } else if p.at(DROP_KW) && p.nth_at_ts(1, VERTEX) {
        drop_vertex_tables(p);
    } else if p.at(DROP_KW) && p.nth_at_ts(1, EDGE) {
        drop_edge_tables(p);
    } else if p.at(ALTER_KW) && p.nth_at_ts(1, VERTEX_OR_EDGE) {
        alter_vertex_edge_table(p);
    } else {
        p.error("expected alter property graph action");
    }
}

fn alter_vertex_edge_table(p: &mut Parser<'_>) {
    assert!(p.at(ALTER_KW) && p.nth_at_ts(1, VERTEX_OR_EDGE));
    let m = p.start();
    p.bump(ALTER_KW);
    p.bump_any();
    p.expect(TABLE_KW);
    element_table_ref(p);
    let kind = alter_element_table_actions(p);
    m.complete(p, kind);
}

fn drop_edge_tables(p: &mut Parser<'_>) {
    assert!(p.at(DROP_KW) && p.nth_at_ts(1, EDGE));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump_any(); // EDGE/RELATIONSHIP
    p.expect(TABLES_KW);
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        NAME_REF_FIRST,
        |p| opt_element_table_ref(p).is_some(),
    );
    opt_cascade_or_restrict(p);
    m.complete(p, DROP_EDGE_TABLES);
}

fn drop_vertex_tables(p: &mut Parser<'_>) {
    assert!(p.at(DROP_KW) && p.nth_at_ts(1, VERTEX));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump_any(); // VERTEX/NODE
    p.expect(TABLES_KW);
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        NAME_REF_FIRST,
        |p| opt_element_table_ref(p).is_some(),
    );
    opt_cascade_or_restrict(p);
    m.complete(p, DROP_VERTEX_TABLES);
}

fn add_vertex_edge_tables(p: &mut Parser<'_>) {
    assert!(p.at(ADD_KW));
    let m = p.start();
    if p.nth_at_ts(1, VERTEX) {
        let m = p.start();
        p.bump(ADD_KW);
        opt_vertex_tables(p);
        m.complete(p, ADD_VERTEX_TABLES);
    }
    if p.at(ADD_KW) {
        let m = p.start();
        p.bump(ADD_KW);
        opt_edge_tables(p);
        m.complete(p, ADD_EDGE_TABLES);
    }
    m.complete(p, ADD_VERTEX_EDGE_TABLES);
}

fn alter_element_table_actions(p: &mut Parser<'_>) -> SyntaxKind {
    if p.at(ADD_KW) {
        add_label(p);
        while p.at(ADD_KW) {
            add_label(p);
        }
        ALTER_VERTEX_EDGE_LABELS
    } else if p.at(DROP_KW) && (p.nth_at(1, LABEL_KW) || p.nth_at(1, PROPERTIES_KW)) {
        p.bump(DROP_KW);
        if p.eat(LABEL_KW) {
            label_ref(p);
            DROP_VERTEX_EDGE_LABEL
        } else {
            p.expect(PROPERTIES_KW);
            if !opt_paren_property_name_ref_list(p) {
                p.error("expected name ref list")
            }
            DROP_VERTEX_EDGE_LABEL_PROPERTIES
        }
    } else {
        let m = p.start();
        p.expect(ALTER_KW);
        p.expect(LABEL_KW);
        label_ref(p);
        m.complete(p, ALTER_LABEL);
        if p.eat(ADD_KW) {
            p.expect(PROPERTIES_KW);
            expr_as_property_name_list(p);
            ADD_VERTEX_EDGE_LABEL_PROPERTIES
        } else {
            p.expect(DROP_KW);
            p.expect(PROPERTIES_KW);
            if !opt_paren_property_name_ref_list(p) {
                p.error("expected name ref list")
            }
            opt_cascade_or_restrict(p);
            DROP_VERTEX_EDGE_LABEL_PROPERTIES
        }
    }
}

fn add_label(p: &mut Parser<'_>) {
    assert!(p.at(ADD_KW));
    let m = p.start();
    p.bump(ADD_KW);
    p.expect(LABEL_KW);
    label(p);
    opt_element_table_properties_clause(p);
    m.complete(p, ADD_LABEL);
}

fn drop_property_graph(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.expect(PROPERTY_KW);
    p.expect(GRAPH_KW);
    opt_if_exists(p);
    property_graph_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_PROPERTY_GRAPH)
}

fn graph_table_fn(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(GRAPH_TABLE_KW));
    let m = p.start();
    p.bump(GRAPH_TABLE_KW);
    p.expect(L_PAREN);
    property_graph_ref(p);
    p.expect(MATCH_KW);
    path_pattern_list(p);
    opt_where_clause(p);
    p.expect(COLUMNS_KW);
    expr_as_column_name_list(p);
    p.expect(R_PAREN);
    m.complete(p, GRAPH_TABLE_FN)
}

fn path_pattern_list(p: &mut Parser<'_>) {
    let m = p.start();
    if p.at(L_PAREN) || p.at(MINUS) || p.at(L_ANGLE) {
        path_pattern(p);
        while p.eat(COMMA) {
            if !p.at_ts(PATH_FACTOR_FIRST) {
                p.error("expected path pattern after comma");
                break;
            }
            path_pattern(p);
        }
    }
    m.complete(p, PATH_PATTERN_LIST);
}

fn path_pattern(p: &mut Parser<'_>) {
    let m = p.start();
    path_factor(p);
    while p.at_ts(PATH_FACTOR_FIRST) {
        path_factor(p);
    }
    m.complete(p, PATH_PATTERN);
}

const PATH_FACTOR_FIRST: TokenSet = TokenSet::new(&[L_PAREN, MINUS, L_ANGLE]);

fn path_factor(p: &mut Parser<'_>) {
    let m = p.start();
    path_primary(p);
    opt_graph_pattern_qualifier(p);
    m.complete(p, PATH_FACTOR);
}

fn path_primary(p: &mut Parser<'_>) {
    if p.at(L_PAREN) {
        if p.nth_at_ts(1, PATH_FACTOR_FIRST) {
            paren_graph_pattern(p);
        } else {
            vertex_pattern(p);
        }
    } else if p.at(L_ANGLE) {
        // <-
        // <-[...]-
        edge_left(p);
    } else if p.at(MINUS) {
        if p.nth_at(1, L_BRACK) {
            // -[...]-  or  -[...]->
            edge_with_bracket(p);
        } else if p.nth_at(1, R_ANGLE) {
            // ->
            let m = p.start();
            p.bump(MINUS);
            p.bump(R_ANGLE);
            m.complete(p, EDGE_RIGHT);
        } else {
            // -
            let m = p.start();
            p.bump(MINUS);
            m.complete(p, EDGE_ANY);
        }
    }
}

fn vertex_pattern(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(L_PAREN);
    opt_element_variable(p);
    opt_is_label(p);
    opt_where_clause(p);
    p.expect(R_PAREN);
    m.complete(p, VERTEX_PATTERN);
}

fn opt_is_label(p: &mut Parser<'_>) {
    if p.at(IS_KW) {
        let m = p.start();
        p.bump(IS_KW);
        if expr(p).is_none() {
            p.error("expected expression");
        }
        m.complete(p, IS_LABEL);
    }
}

// <-
// <-[ a is foo where c > 10 ]-
fn edge_left(p: &mut Parser<'_>) {
    assert!(p.at(L_ANGLE));
    let m = p.start();
    p.bump(L_ANGLE);
    p.expect(MINUS);
    if p.eat(L_BRACK) {
        opt_edge_pattern_inner(p);
        p.expect(R_BRACK);
        p.expect(MINUS);
    }
    m.complete(p, EDGE_LEFT);
}

// -[ ... ]->
// -[ ... ]-
fn edge_with_bracket(p: &mut Parser<'_>) {
    assert!(p.at(MINUS) && p.nth_at(1, L_BRACK));
    let m = p.start();
    p.bump(MINUS);
    p.bump(L_BRACK);
    opt_edge_pattern_inner(p);
    p.expect(R_BRACK);
    p.expect(MINUS);
    let kind = if p.eat(R_ANGLE) { EDGE_RIGHT } else { EDGE_ANY };
    m.complete(p, kind);
}

fn opt_edge_pattern_inner(p: &mut Parser<'_>) {
    opt_element_variable(p);
    opt_is_label(p);
    opt_where_clause(p);
}

fn paren_graph_pattern(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(L_PAREN);
    path_pattern(p);
    opt_where_clause(p);
    p.expect(R_PAREN);
    m.complete(p, PAREN_GRAPH_PATTERN);
}

// { Iconst }
// { , Iconst }
// { Iconst , Iconst }
fn opt_graph_pattern_qualifier(p: &mut Parser<'_>) {
    if !p.at(L_CURLY) {
        return;
    }
    let m = p.start();
    p.expect(L_CURLY);
    if p.eat(COMMA) {
        qualifier_bound(p, QUALIFIER_MAX);
    } else {
        qualifier_bound(p, QUALIFIER_MIN);
        if p.eat(COMMA) {
            qualifier_bound(p, QUALIFIER_MAX);
        }
    }
    p.expect(R_CURLY);
    m.complete(p, GRAPH_PATTERN_QUALIFIER);
}

fn qualifier_bound(p: &mut Parser<'_>, kind: SyntaxKind) {
    let m = p.start();
    uint_literal(p);
    m.complete(p, kind);
}

const OPTION_FIRST: TokenSet =
    TokenSet::new(&[ANALYSE_KW, ANALYZE_KW, FORMAT_KW]).union(NON_RESERVED_WORD);

fn opt_option(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(OPTION_FIRST) {
        return false;
    }
    let m = p.start();
    option_item_key(p);
    opt_option_value(p);
    m.complete(p, OPTION_ITEM);
    true
}

fn option_item_key(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump_any();
    m.complete(p, OPTION_ITEM_KEY);
}

// CREATE ACCESS METHOD name
//     TYPE access_method_type
//     HANDLER handler_function
fn create_access_method(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.expect(ACCESS_KW);
    p.expect(METHOD_KW);
    access_method(p);
    p.expect(TYPE_KW);
    if p.at(TABLE_KW) || p.at(INDEX_KW) {
        let ty = p.start();
        let kind = if p.at(TABLE_KW) {
            ACCESS_METHOD_TYPE_TABLE
        } else {
            ACCESS_METHOD_TYPE_INDEX
        };
        p.bump_any();
        ty.complete(p, kind);
    } else {
        p.error("expected TABLE or INDEX");
    }
    handler_clause(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_ACCESS_METHOD)
}

fn handler_clause(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(HANDLER_KW);
    function_name_ref(p);
    m.complete(p, HANDLER_CLAUSE);
}

fn connection_clause(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(CONNECTION_KW);
    string_literal(p);
    m.complete(p, CONNECTION_CLAUSE);
}

// CREATE [ OR REPLACE ] AGGREGATE name ( [ argmode ] [ argname ] arg_data_type [ , ... ] ) (
//     SFUNC = sfunc,
//     STYPE = state_data_type
//     [ , SSPACE = state_data_size ]
//     [ , FINALFUNC = ffunc ]
//     [ , FINALFUNC_EXTRA ]
//     [ , FINALFUNC_MODIFY = { READ_ONLY | SHAREABLE | READ_WRITE } ]
//     [ , COMBINEFUNC = combinefunc ]
//     [ , SERIALFUNC = serialfunc ]
//     [ , DESERIALFUNC = deserialfunc ]
//     [ , INITCOND = initial_condition ]
//     [ , MSFUNC = msfunc ]
//     [ , MINVFUNC = minvfunc ]
//     [ , MSTYPE = mstate_data_type ]
//     [ , MSSPACE = mstate_data_size ]
//     [ , MFINALFUNC = mffunc ]
//     [ , MFINALFUNC_EXTRA ]
//     [ , MFINALFUNC_MODIFY = { READ_ONLY | SHAREABLE | READ_WRITE } ]
//     [ , MINITCOND = minitial_condition ]
//     [ , SORTOP = sort_operator ]
//     [ , PARALLEL = { SAFE | RESTRICTED | UNSAFE } ]
// )
//
// CREATE [ OR REPLACE ] AGGREGATE name ( [ [ argmode ] [ argname ] arg_data_type [ , ... ] ]
//                         ORDER BY [ argmode ] [ argname ] arg_data_type [ , ... ] ) (
//     SFUNC = sfunc,
//     STYPE = state_data_type
//     [ , SSPACE = state_data_size ]
//     [ , FINALFUNC = ffunc ]
//     [ , FINALFUNC_EXTRA ]
//     [ , FINALFUNC_MODIFY = { READ_ONLY | SHAREABLE | READ_WRITE } ]
//     [ , INITCOND = initial_condition ]
//     [ , PARALLEL = { SAFE | RESTRICTED | UNSAFE } ]
//     [ , HYPOTHETICAL ]
// )
//
// or the old syntax
//
// CREATE [ OR REPLACE ] AGGREGATE name (
//     BASETYPE = base_type,
//     SFUNC = sfunc,
//     STYPE = state_data_type
//     [ , SSPACE = state_data_size ]
//     [ , FINALFUNC = ffunc ]
//     [ , FINALFUNC_EXTRA ]
//     [ , FINALFUNC_MODIFY = { READ_ONLY | SHAREABLE | READ_WRITE } ]
//     [ , COMBINEFUNC = combinefunc ]
//     [ , SERIALFUNC = serialfunc ]
//     [ , DESERIALFUNC = deserialfunc ]
//     [ , INITCOND = initial_condition ]
//     [ , MSFUNC = msfunc ]
//     [ , MINVFUNC = minvfunc ]
//     [ , MSTYPE = mstate_data_type ]
//     [ , MSSPACE = mstate_data_size ]
//     [ , MFINALFUNC = mffunc ]
//     [ , MFINALFUNC_EXTRA ]
//     [ , MFINALFUNC_MODIFY = { READ_ONLY | SHAREABLE | READ_WRITE } ]
//     [ , MINITCOND = minitial_condition ]
//     [ , SORTOP = sort_operator ]
// )
fn create_aggregate(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    opt_or_replace(p);
    p.expect(AGGREGATE_KW);
    aggregate_name(p);
    let at_old_syntax = p.at(L_PAREN) && p.nth_at(1, IDENT) && p.nth_at(2, EQ);
    if !at_old_syntax {
        aggregate_arg_list(p);
    }
    attribute_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_AGGREGATE)
}

// [ AS ASSIGNMENT | AS IMPLICIT ]
fn opt_cast_context(p: &mut Parser<'_>) {
    if !p.at(AS_KW) {
        return;
    }
    let m = p.start();
    p.bump(AS_KW);
    let kind = if p.eat(ASSIGNMENT_KW) {
        AS_ASSIGNMENT
    } else if p.eat(IMPLICIT_KW) {
        AS_IMPLICIT
    } else {
        p.error("expected ASSIGNMENT or IMPLICIT");
        ERROR
    };
    m.complete(p, kind);
}

// CREATE CAST (source_type AS target_type)
//     WITH FUNCTION function_name [ (argument_type [, ...]) ]
//     [ AS ASSIGNMENT | AS IMPLICIT ]
//
// CREATE CAST (source_type AS target_type)
//     WITHOUT FUNCTION
//     [ AS ASSIGNMENT | AS IMPLICIT ]
//
// CREATE CAST (source_type AS target_type)
//     WITH INOUT
//     [ AS ASSIGNMENT | AS IMPLICIT ]
fn create_cast(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, CAST_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(CAST_KW);
    cast_sig(p);
    if p.at(WITH_KW) {
        let m = p.start();
        p.bump(WITH_KW);
        let kind = if p.eat(INOUT_KW) {
            WITH_INOUT
        } else {
            p.expect(FUNCTION_KW);
            function_sig(p);
            WITH_FUNCTION
        };
        m.complete(p, kind);
    } else {
        let m = p.start();
        p.expect(WITHOUT_KW);
        p.expect(FUNCTION_KW);
        m.complete(p, WITHOUT_FUNCTION);
    }
    opt_cast_context(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_CAST)
}

// CREATE COLLATION [ IF NOT EXISTS ] name (
//     [ LOCALE = locale, ]
//     [ LC_COLLATE = lc_collate, ]
//     [ LC_CTYPE = lc_ctype, ]
//     [ PROVIDER = provider, ]
//     [ DETERMINISTIC = boolean, ]
//     [ RULES = rules, ]
//     [ VERSION = version ]
// )
// CREATE COLLATION [ IF NOT EXISTS ] name FROM existing_collation
fn create_collation(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, COLLATION_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(COLLATION_KW);
    opt_if_not_exists(p);
    collation(p);
    if p.at(FROM_KW) {
        let from = p.start();
        p.bump(FROM_KW);
        collation_ref(p);
        from.complete(p, COLLATION_FROM);
    } else {
        attribute_list(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, CREATE_COLLATION)
}

// CREATE [ DEFAULT ] CONVERSION name
//     FOR source_encoding TO dest_encoding FROM function_name
fn create_conversion(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.eat(DEFAULT_KW);
    p.expect(CONVERSION_KW);
    conversion(p);
    p.expect(FOR_KW);
    string_literal(p);
    p.expect(TO_KW);
    string_literal(p);
    p.expect(FROM_KW);
    function_name_ref(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_CONVERSION)
}

fn opt_option_value(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if opt_numeric_literal(p).is_none()
        && opt_string_literal(p).is_none()
        && !opt_bool_literal(p)
        && !p.eat(DEFAULT_KW)
    {
        if p.at_ts(NON_RESERVED_WORD) {
            let m = p.start();
            p.bump_any();
            m.complete(p, OPTION_ITEM_VALUE_NAME);
        } else {
            m.abandon(p);
            return false;
        }
    }
    m.complete(p, OPTION_ITEM_VALUE);
    true
}

fn opt_database_option_value(p: &mut Parser<'_>, kind: SyntaxKind) -> bool {
    if opt_numeric_literal(p).is_none()
        && opt_string_literal(p).is_none()
        && !opt_bool_literal(p)
        && !p.eat(DEFAULT_KW)
    {
        if kind == DATABASE_OPTION_OWNER {
            return opt_role_ref(p);
        }
        if p.at_ts(NON_RESERVED_WORD) {
            match kind {
                DATABASE_OPTION_TEMPLATE => database_ref(p),
                DATABASE_OPTION_TABLESPACE => tablespace_ref(p),
                _ => {
                    let m = p.start();
                    p.bump_any();
                    m.complete(p, CONFIG_VALUE_NAME);
                }
            }
            return true;
        } else {
            return false;
        }
    }
    true
}

fn opt_database_option(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    // option name
    let kind = match p.current() {
        ENCODING_KW => {
            p.bump(ENCODING_KW);
            DATABASE_OPTION_ENCODING
        }
        IDENT => {
            p.bump(IDENT);
            DATABASE_OPTION_GENERIC
        }
        OWNER_KW => {
            p.bump(OWNER_KW);
            DATABASE_OPTION_OWNER
        }
        TABLESPACE_KW => {
            p.bump(TABLESPACE_KW);
            DATABASE_OPTION_TABLESPACE
        }
        TEMPLATE_KW => {
            p.bump(TEMPLATE_KW);
            DATABASE_OPTION_TEMPLATE
        }
        CONNECTION_KW => {
            p.bump(CONNECTION_KW);
            p.expect(LIMIT_KW);
            DATABASE_OPTION_CONNECTION_LIMIT
        }
        _ => {
            m.abandon(p);
            return false;
        }
    };
    p.eat(EQ);
    if !opt_database_option_value(p, kind) {
        p.error("expected create database option value");
        m.complete(p, kind);
        return false;
    }
    m.complete(p, kind);
    true
}

// CREATE DATABASE name
//     [ WITH ] [ OWNER [=] user_name ]
//            [ TEMPLATE [=] template ]
//            [ ENCODING [=] encoding ]
//            [ STRATEGY [=] strategy ]
//            [ LOCALE [=] locale ]
//            [ LC_COLLATE [=] lc_collate ]
//            [ LC_CTYPE [=] lc_ctype ]
//            [ BUILTIN_LOCALE [=] builtin_locale ]
//            [ ICU_LOCALE [=] icu_locale ]
//            [ ICU_RULES [=] icu_rules ]
//            [ LOCALE_PROVIDER [=] locale_provider ]
//            [ COLLATION_VERSION = collation_version ]
//            [ TABLESPACE [=] tablespace_name ]
//            [ ALLOW_CONNECTIONS [=] allowconn ]
//            [ CONNECTION LIMIT [=] connlimit ]
//            [ IS_TEMPLATE [=] istemplate ]
//            [ OID [=] oid ]
fn create_database(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, DATABASE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(DATABASE_KW);
    database(p);
    opt_database_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_DATABASE)
}

// CREATE DOMAIN name [ AS ] data_type
//     [ COLLATE collation ]
//     [ DEFAULT expression ]
//     [ domain_constraint [ ... ] ]
// where domain_constraint is:
// [ CONSTRAINT constraint_name ]
// { NOT NULL | NULL | CHECK (expression) }
fn create_domain(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, DOMAIN_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(DOMAIN_KW);
    domain(p);
    p.eat(AS_KW);
    type_name(p);
    opt_collate(p);
    opt_column_constraint_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_DOMAIN)
}

// filter_variable IN (filter_value [, ... ])
fn event_trigger_when(p: &mut Parser<'_>) {
    let m = p.start();
    event_trigger_filter_variable(p);
    p.expect(IN_KW);
    p.expect(L_PAREN);
    string_literal(p);
    while !p.at(EOF) && p.eat(COMMA) {
        string_literal(p);
    }
    p.expect(R_PAREN);
    m.complete(p, EVENT_TRIGGER_WHEN);
}

// CREATE EVENT TRIGGER name
//     ON event
//     [ WHEN filter_variable IN (filter_value [, ... ]) [ AND ... ] ]
//     EXECUTE { FUNCTION | PROCEDURE } function_name()
fn create_event_trigger(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, EVENT_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(EVENT_KW);
    p.expect(TRIGGER_KW);
    event_trigger(p);
    p.expect(ON_KW);
    event_trigger_event(p);
    opt_event_trigger_when_clause(p);
    p.expect(EXECUTE_KW);
    if !p.eat(FUNCTION_KW) && !p.eat(PROCEDURE_KW) {
        p.error("expected FUNCTION or PROCEDURE");
    }
    // TODO: add validation to prevent passing arguments here
    call_expr(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_EVENT_TRIGGER)
}

fn opt_event_trigger_when_clause(p: &mut Parser<'_>) {
    if p.at(WHEN_KW) {
        let m = p.start();
        p.bump(WHEN_KW);
        event_trigger_when(p);
        while !p.at(EOF) && p.at(AND_KW) {
            let m = p.start();
            p.bump(AND_KW);
            event_trigger_when(p);
            m.complete(p, EVENT_TRIGGER_WHEN_AND);
        }
        m.complete(p, EVENT_TRIGGER_WHEN_CLAUSE);
    }
}

// CREATE FOREIGN TABLE [ IF NOT EXISTS ] table_name ( [
//   { column_name data_type [ OPTIONS ( option 'value' [, ... ] ) ] [ COLLATE collation ] [ column_constraint [ ... ] ]
//     | table_constraint }
//     [, ... ]
// ] )
// [ INHERITS ( parent_table [, ... ] ) ]
//   SERVER server_name
// [ OPTIONS ( option 'value' [, ... ] ) ]
//
// CREATE FOREIGN TABLE [ IF NOT EXISTS ] table_name
//   PARTITION OF parent_table [ (
//   { column_name [ WITH OPTIONS ] [ column_constraint [ ... ] ]
//     | table_constraint }
//     [, ... ]
// ) ]
// { FOR VALUES partition_bound_spec | DEFAULT }
//   SERVER server_name
// [ OPTIONS ( option 'value' [, ... ] ) ]
//
// where column_constraint is:
//   [ CONSTRAINT constraint_name ]
//   { NOT NULL |
//     NULL |
//     CHECK ( expression ) [ NO INHERIT ] |
//     DEFAULT default_expr |
//     GENERATED ALWAYS AS ( generation_expr ) STORED }
//
// and table_constraint is:
//   [ CONSTRAINT constraint_name ]
//   CHECK ( expression ) [ NO INHERIT ]
//
// and partition_bound_spec is:
//   IN ( partition_bound_expr [, ...] ) |
//   FROM ( { partition_bound_expr | MINVALUE | MAXVALUE } [, ...] )
//     TO ( { partition_bound_expr | MINVALUE | MAXVALUE } [, ...] ) |
//   WITH ( MODULUS numeric_literal, REMAINDER numeric_literal )
fn create_foreign_table(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, FOREIGN_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(FOREIGN_KW);
    p.expect(TABLE_KW);
    opt_if_not_exists(p);
    table_name(p);
    if p.at(PARTITION_KW) {
        partition_of(p);
        if p.at(L_PAREN) {
            table_arg_list(p);
        }
        partition_option(p);
    } else {
        if p.at(L_PAREN) {
            table_arg_list(p);
        } else {
            p.error("expected table arg list");
        }
        opt_inherits_tables(p);
    }
    server_clause(p);
    opt_alter_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_FOREIGN_TABLE)
}

fn opt_with_options(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(WITH_KW) {
        let m = p.start();
        p.bump(WITH_KW);
        p.expect(OPTIONS_KW);
        Some(m.complete(p, WITH_OPTIONS))
    } else {
        None
    }
}

// CREATE FOREIGN DATA WRAPPER name
//     [ HANDLER handler_function | NO HANDLER ]
//     [ VALIDATOR validator_function | NO VALIDATOR ]
//     [ OPTIONS ( option 'value' [, ... ] ) ]
fn create_foreign_data_wrapper(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, FOREIGN_KW) && p.nth_at(2, DATA_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(FOREIGN_KW);
    p.bump(DATA_KW);
    p.expect(WRAPPER_KW);
    foreign_data_wrapper(p);
    opt_fdw_option_list(p);
    opt_alter_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_FOREIGN_DATA_WRAPPER)
}

fn opt_fdw_option_list(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    let mut found = false;
    while !p.at(EOF) {
        if !opt_fdw_option(p) {
            break;
        } else {
            found = true;
        }
    }
    if found {
        Some(m.complete(p, FDW_OPTION_LIST))
    } else {
        m.abandon(p);
        None
    }
}

fn opt_fdw_option(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    let kind = match p.current() {
        OPTIONS_KW => {
            alter_option_list_contents(p);
            OPTION_ALTER_OPTION_LIST
        }
        CONNECTION_KW => {
            p.bump(CONNECTION_KW);
            function_name_ref(p);
            OPTION_CONNECTION
        }
        HANDLER_KW => {
            p.bump(HANDLER_KW);
            function_name_ref(p);
            OPTION_HANDLER
        }
        VALIDATOR_KW => {
            p.bump(VALIDATOR_KW);
            function_name_ref(p);
            OPTION_VALIDATOR
        }
        NO_KW => {
            p.bump(NO_KW);
            if p.eat(CONNECTION_KW) {
                OPTION_NO_CONNECTION
            } else if p.eat(HANDLER_KW) {
                OPTION_NO_HANDLER
            } else if p.eat(VALIDATOR_KW) {
                OPTION_NO_VALIDATOR
            } else {
                p.error("expected CONNECTION, HANDLER or VALIDATOR");
                OPTION_NO_CONNECTION
            }
        }
        _ => {
            m.abandon(p);
            return false;
        }
    };
    m.complete(p, kind);
    true
}

// CREATE GROUP name [ [ WITH ] option [ ... ] ]
// where option can be:
//       SUPERUSER | NOSUPERUSER
//     | CREATEDB | NOCREATEDB
//     | CREATEROLE | NOCREATEROLE
//     | INHERIT | NOINHERIT
//     | LOGIN | NOLOGIN
//     | REPLICATION | NOREPLICATION
//     | BYPASSRLS | NOBYPASSRLS
//     | CONNECTION LIMIT connlimit
//     | [ ENCRYPTED ] PASSWORD 'password' | PASSWORD NULL
//     | VALID UNTIL 'timestamp'
//     | IN ROLE role_name [, ...]
//     | IN GROUP role_name [, ...]
//     | ROLE role_name [, ...]
//     | ADMIN role_name [, ...]
//     | USER role_name [, ...]
//     | SYSID uid
fn create_group(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, GROUP_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(GROUP_KW);
    role(p);
    opt_role_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_GROUP)
}

// CREATE [ OR REPLACE ] [ TRUSTED ] [ PROCEDURAL ] LANGUAGE name
//   [ HANDLER call_handler [ INLINE inline_handler ] [ VALIDATOR valfunction ] ]
fn create_language(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    opt_or_replace(p);
    p.eat(TRUSTED_KW);
    p.eat(PROCEDURAL_KW);
    p.eat(LANGUAGE_KW);
    language(p);
    if p.at(HANDLER_KW) {
        handler_clause(p);
        if p.at(INLINE_KW) {
            let m = p.start();
            p.bump(INLINE_KW);
            function_name_ref(p);
            m.complete(p, INLINE_CLAUSE);
        }
        if p.at(VALIDATOR_KW) {
            let m = p.start();
            p.bump(VALIDATOR_KW);
            function_name_ref(p);
            m.complete(p, VALIDATOR_CLAUSE);
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, CREATE_LANGUAGE)
}

// CREATE MATERIALIZED VIEW [ IF NOT EXISTS ] table_name
//     [ ( column_name [, ...] ) ]
//     [ USING method ]
//     [ WITH ( storage_parameter [= value] [, ... ] ) ]
//     [ TABLESPACE tablespace_name ]
//     AS query
//     [ WITH [ NO ] DATA ]
fn create_materialized_view(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, MATERIALIZED_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(MATERIALIZED_KW);
    p.expect(VIEW_KW);
    opt_if_not_exists(p);
    view(p);
    opt_column_list_with(p, ColumnDefKind::Name);
    opt_using_method(p);
    opt_with_params(p);
    opt_tablespace(p);
    p.expect(AS_KW);
    // A SELECT, TABLE, or VALUES command.
    let statement = stmt(p, &StmtRestrictions::default());
    match statement.map(|x| x.kind()) {
        Some(SELECT | SELECT_INTO | COMPOUND_SELECT | PAREN_SELECT | TABLE | VALUES) => (),
        Some(kind) => {
            p.error(format!(
                "expected SELECT, TABLE, or VALUES statement, got {kind:?}"
            ));
        }
        None => {
            p.error("expected SELECT, TABLE, or VALUES statement");
        }
    }
    opt_with_data(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_MATERIALIZED_VIEW)
}

// CREATE OPERATOR name (
//   {FUNCTION|PROCEDURE} = function_name
//   [, LEFTARG = left_type ] [, RIGHTARG = right_type ]
//   [, COMMUTATOR = com_op ] [, NEGATOR = neg_op ]
//   [, RESTRICT = res_proc ] [, JOIN = join_proc ]
//   [, HASHES ] [, MERGES ]
// )
fn create_operator(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, OPERATOR_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(OPERATOR_KW);
    qual_op(p);
    attribute_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_OPERATOR)
}

// CREATE OPERATOR CLASS name [ DEFAULT ] FOR TYPE data_type
//   USING index_method [ FAMILY family_name ] AS
//   {  OPERATOR strategy_number operator_name [ ( op_type, op_type ) ] [ FOR SEARCH | FOR ORDER BY sort_family_name ]
//    | FUNCTION support_number [ ( op_type [ , op_type ] ) ] function_name ( argument_type [, ...] )
//    | STORAGE storage_type
//   } [, ... ]
fn create_operator_class(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, OPERATOR_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(OPERATOR_KW);
    p.expect(CLASS_KW);
    op_class_name(p);
    p.eat(DEFAULT_KW);
    p.expect(FOR_KW);
    p.expect(TYPE_KW);
    type_name(p);
    using_method(p);
    opt_operator_family(p);
    p.expect(AS_KW);
    operator_class_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_OPERATOR_CLASS)
}

fn opt_operator_family(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(FAMILY_KW) {
        op_family_ref(p);
        m.complete(p, OPERATOR_FAMILY_CLAUSE);
    } else {
        m.abandon(p);
    }
}

// | OPERATOR strategy_number operator_name [ ( op_type, op_type ) ] [ FOR SEARCH | FOR ORDER BY sort_family_name ]
// | FUNCTION support_number [ ( op_type [ , op_type ] ) ] function_name ( argument_type [, ...] )
// | STORAGE storage_type
fn operator_class_option(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        OPERATOR_KW => {
            p.bump(OPERATOR_KW);
            uint_literal(p);
            qual_op(p);
            if p.eat(L_PAREN) {
                type_name(p);
                p.expect(COMMA);
                type_name(p);
                p.expect(R_PAREN);
            }
            if p.at(FOR_KW) {
                let m = p.start();
                p.bump(FOR_KW);
                if p.eat(ORDER_KW) {
                    p.expect(BY_KW);
                    op_family_ref(p);
                    m.complete(p, OP_CLASS_FOR_ORDER_BY);
                } else if p.eat(SEARCH_KW) {
                    m.complete(p, OP_CLASS_FOR_SEARCH);
                } else {
                    p.error("expected SEARCH or ORDER BY");
                    m.abandon(p);
                }
            }
            m.complete(p, OP_CLASS_OPTION_OPERATOR);
        }
        FUNCTION_KW => {
            p.bump(FUNCTION_KW);
            uint_literal(p);
            opt_param_list(p, ParamKind::TypeOnly);
            function_sig(p);
            m.complete(p, OP_CLASS_OPTION_FUNCTION);
        }
        STORAGE_KW => {
            p.bump(STORAGE_KW);
            type_name(p);
            m.complete(p, OP_CLASS_OPTION_STORAGE);
        }
        _ => {
            p.error("expected OPERATOR, FUNCTION, or STORAGE");
            m.abandon(p);
        }
    }
}

// | OPERATOR strategy_number ( op_type [ , op_type ] )
// | FUNCTION support_number ( op_type [ , op_type ] )
fn operator_drop_class_option(p: &mut Parser<'_>) {
    match p.current() {
        FUNCTION_KW | OPERATOR_KW => {
            let kind = if p.at(FUNCTION_KW) {
                DROP_OP_CLASS_OPTION_FUNCTION
            } else {
                DROP_OP_CLASS_OPTION_OPERATOR
            };
            let m = p.start();
            p.bump_any();
            uint_literal(p);
            opt_param_list(p, ParamKind::TypeOnly);
            m.complete(p, kind);
        }
        _ => p.error("expected OPERATOR, or FUNCTION"),
    }
}

// CREATE OPERATOR FAMILY name USING index_method
fn create_operator_family(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, OPERATOR_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(OPERATOR_KW);
    p.expect(FAMILY_KW);
    op_family_name(p);
    using_method(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_OPERATOR_FAMILY)
}

// CREATE POLICY name ON table_name
//     [ AS { PERMISSIVE | RESTRICTIVE } ]
//     [ FOR { ALL | SELECT | INSERT | UPDATE | DELETE } ]
//     [ TO { role_name | PUBLIC | CURRENT_ROLE | CURRENT_USER | SESSION_USER } [, ...] ]
//     [ USING ( using_expression ) ]
//     [ WITH CHECK ( check_expression ) ]
fn create_policy(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, POLICY_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(POLICY_KW);
    policy(p);
    on_table(p);
    opt_as_policy_type(p);
    opt_policy_command(p);
    opt_policy_roles(p);
    opt_using_expr_clause(p);
    opt_with_check_expr_clause(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_POLICY)
}

// [ FOR { ALL | SELECT | INSERT | UPDATE | DELETE } ]
fn opt_policy_command(p: &mut Parser<'_>) {
    if !p.at(FOR_KW) {
        return;
    }
    let m = p.start();
    p.bump(FOR_KW);
    let command = p.start();
    let kind = match p.current() {
        ALL_KW => POLICY_COMMAND_ALL,
        SELECT_KW => POLICY_COMMAND_SELECT,
        INSERT_KW => POLICY_COMMAND_INSERT,
        UPDATE_KW => POLICY_COMMAND_UPDATE,
        DELETE_KW => POLICY_COMMAND_DELETE,
        _ => {
            command.abandon(p);
            p.error("expected ALL, SELECT, INSERT, UPDATE, or DELETE");
            m.complete(p, POLICY_COMMAND);
            return;
        }
    };
    p.bump_any();
    command.complete(p, kind);
    m.complete(p, POLICY_COMMAND);
}

// [ TO { role_name | PUBLIC | CURRENT_ROLE | CURRENT_USER | SESSION_USER } [, ...] ]
fn opt_policy_roles(p: &mut Parser<'_>) {
    if !p.at(TO_KW) {
        return;
    }
    let m = p.start();
    p.bump(TO_KW);
    role_list(p);
    m.complete(p, POLICY_ROLES);
}

fn opt_as_policy_type(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(AS_KW) {
        ident(p);
        m.complete(p, AS_POLICY_TYPE);
    } else {
        m.abandon(p);
    }
}

fn opt_with_check_expr_clause(p: &mut Parser<'_>) {
    if p.at(WITH_KW) {
        let m = p.start();
        p.bump(WITH_KW);
        p.expect(CHECK_KW);
        p.expect(L_PAREN);
        if expr(p).is_none() {
            p.error("expected expression");
        }
        p.expect(R_PAREN);
        m.complete(p, WITH_CHECK_EXPR_CLAUSE);
    }
}

// CREATE [ OR REPLACE ] PROCEDURE
//     name ( [ [ argmode ] [ argname ] argtype [ { DEFAULT | = } default_expr ] [, ...] ] )
//   { LANGUAGE lang_name
//     | TRANSFORM { FOR TYPE type_name } [, ... ]
//     | [ EXTERNAL ] SECURITY INVOKER | [ EXTERNAL ] SECURITY DEFINER
//     | SET configuration_parameter { TO value | = value | FROM CURRENT }
//     | AS 'definition'
//     | AS 'obj_file', 'link_symbol'
//     | sql_body
//   } ...
fn create_procedure(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    opt_or_replace(p);
    p.expect(PROCEDURE_KW);
    procedure_name(p);
    param_list(p, ParamKind::All);
    func_option_list(p, FuncOptionListKind::WithRoutineBody);
    opt_routine_body(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_PROCEDURE)
}

// [ TABLE ] [ ONLY ] table_name [ * ] [ ( column_name [, ... ] ) ] [ WHERE ( expression ) ] [, ... ]
// TABLES IN SCHEMA { schema_name | CURRENT_SCHEMA } [ WHERE ( expression ) ]
// CURRENT_SCHEMA
fn publication_object(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(TABLES_KW) {
        p.expect(IN_KW);
        p.expect(SCHEMA_KW);
        if !p.eat(CURRENT_SCHEMA_KW) {
            schema_ref(p);
        }
        opt_constraint_where_clause(p);
        m.complete(p, PUBLICATION_OBJECT_TABLES_IN_SCHEMA);
    } else if p.eat(CURRENT_SCHEMA_KW) {
        m.complete(p, PUBLICATION_OBJECT_CURRENT_SCHEMA);
    } else {
        p.eat(TABLE_KW);
        p.eat(ONLY_KW);
        if p.eat(L_PAREN) {
            table_name_ref(p);
            p.expect(R_PAREN);
        } else {
            table_name_ref(p);
        }
        p.eat(STAR);
        opt_column_ref_list(p);
        opt_constraint_where_clause(p);
        m.complete(p, PUBLICATION_OBJECT_TABLE);
    }
}

// CREATE PUBLICATION name
//     [ FOR ALL TABLES [ EXCEPT ( TABLE relation_name [, ...] ) ]
//       | FOR publication_object [, ... ] ]
//     [ WITH ( publication_parameter [= value] [, ... ] ) ]
//
// where publication_object is one of:
//     TABLE [ ONLY ] table_name [ * ] [ ( column_name [, ... ] ) ] [ WHERE ( expression ) ] [, ... ]
//     TABLES IN SCHEMA { schema_name | CURRENT_SCHEMA } [, ... ]
fn create_publication(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, PUBLICATION_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(PUBLICATION_KW);
    publication(p);
    if p.at(FOR_KW) {
        let m = p.start();
        p.bump(FOR_KW);
        let kind = if p.at(ALL_KW) {
            publication_all_object(p);
            while !p.at(EOF) && p.eat(COMMA) {
                publication_all_object(p);
            }
            opt_except_table_clause(p);
            FOR_ALL_PUBLICATION_OBJECTS
        } else {
            publication_object(p);
            while !p.at(EOF) && p.eat(COMMA) {
                publication_object(p);
            }
            FOR_PUBLICATION_OBJECTS
        };
        m.complete(p, kind);
    }
    opt_with_params(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_PUBLICATION)
}

fn publication_all_object(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(ALL_KW);
    let kind = if p.eat(TABLES_KW) {
        ALL_PUBLICATION_TABLES
    } else {
        p.expect(SEQUENCES_KW);
        ALL_PUBLICATION_SEQUENCES
    };
    m.complete(p, kind);
}

fn set_all_publication_object(p: &mut Parser<'_>) {
    publication_all_object(p);
}

fn opt_except_table_clause(p: &mut Parser<'_>) {
    if !p.at(EXCEPT_KW) {
        return;
    }

    let m = p.start();
    p.bump(EXCEPT_KW);
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        RELATION_NAME_FIRST.union(TokenSet::new(&[TABLE_KW])),
        |p| {
            let m = p.start();
            let had_table = p.eat(TABLE_KW);
            let result = opt_table_relation_name(p).is_some();
            m.complete(p, EXCEPT_TABLE_NAME);
            result || had_table
        },
    );
    m.complete(p, EXCEPT_TABLE_CLAUSE);
}

// CREATE ROLE name [ [ WITH ] option [ ... ] ]
// where option can be:
//       SUPERUSER | NOSUPERUSER
//     | CREATEDB | NOCREATEDB
//     | CREATEROLE | NOCREATEROLE
//     | INHERIT | NOINHERIT
//     | LOGIN | NOLOGIN
//     | REPLICATION | NOREPLICATION
//     | BYPASSRLS | NOBYPASSRLS
//     | CONNECTION LIMIT connlimit
//     | [ ENCRYPTED ] PASSWORD 'password' | PASSWORD NULL
//     | VALID UNTIL 'timestamp'
//     | IN ROLE role_name [, ...]
//     | ROLE role_name [, ...]
//     | ADMIN role_name [, ...]
//     | SYSID uid
fn create_role(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, ROLE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(ROLE_KW);
    role(p);
    opt_role_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_ROLE)
}

fn select_insert_delete_update_or_notify(p: &mut Parser<'_>, semi_allowed: bool) {
    // statement
    // Any SELECT, INSERT, UPDATE, DELETE, NOTIFY, or VALUES statement.
    let statement = stmt(
        p,
        &StmtRestrictions {
            semi_allowed,
            ..StmtRestrictions::default()
        },
    );
    if let Some(statement) = statement {
        match statement.kind() {
            SELECT | COMPOUND_SELECT | PAREN_SELECT | TABLE | VALUES | INSERT | UPDATE | DELETE
            | NOTIFY => (),
            kind => {
                p.error(format!(
                    "expected SELECT, INSERT, UPDATE, DELETE, NOTIFY, or VALUES statement, got {kind:?}"
                ));
            }
        }
    } else {
        p.error("expected SELECT, INSERT, UPDATE, DELETE, NOTIFY, or VALUES statement");
    }
}

// CREATE [ OR REPLACE ] RULE name AS ON event
//     TO table_name [ WHERE condition ]
//     DO [ ALSO | INSTEAD ] { NOTHING | command | ( command ; command ... ) }
// where event can be one of:
//     SELECT | INSERT | UPDATE | DELETE
fn create_rule(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && matches!(p.nth(1), OR_KW | RULE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    opt_or_replace(p);
    p.expect(RULE_KW);
    rule(p);
    p.expect(AS_KW);
    rule_on(p);
    rule_do(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_RULE)
}

fn rule_do(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(DO_KW);
    let _ = p.eat(ALSO_KW) || p.eat(INSTEAD_KW);
    if p.at(L_PAREN) {
        rule_stmt_list(p);
    } else if p.at(NOTHING_KW) {
        let m = p.start();
        p.bump(NOTHING_KW);
        m.complete(p, NOTHING);
        // pass
    } else {
        select_insert_delete_update_or_notify(p, false);
    }
    m.complete(p, RULE_DO);
}

fn rule_on(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(ON_KW);
    if p.at(SELECT_KW) || p.at(INSERT_KW) || p.at(UPDATE_KW) || p.at(DELETE_KW) {
        let m = p.start();
        p.bump_any();
        m.complete(p, RULE_EVENT);
    } else {
        p.error("expected SELECT, INSERT, UPDATE, or DELETE");
    }
    p.expect(TO_KW);
    relation_name_ref(p);
    opt_where_clause(p);
    m.complete(p, RULE_ON);
}

fn rule_stmt_list(p: &mut Parser<'_>) {
    assert!(p.at(L_PAREN));
    let m = p.start();
    p.expect(L_PAREN);
    // TODO: use delimited
    // ( command ; command ... )
    while !p.at(EOF) && !p.at(R_PAREN) {
        select_insert_delete_update_or_notify(p, true);
    }
    p.expect(R_PAREN);
    m.complete(p, RULE_STMT_LIST);
}

// CREATE [ { TEMPORARY | TEMP } | UNLOGGED ] SEQUENCE [ IF NOT EXISTS ] name
//     [ AS data_type ]
//     [ INCREMENT [ BY ] increment ]
//     [ MINVALUE minvalue | NO MINVALUE ] [ MAXVALUE maxvalue | NO MAXVALUE ]
//     [ START [ WITH ] start ] [ CACHE cache ] [ [ NO ] CYCLE ]
//     [ OWNED BY { table_name.column_name | NONE } ]
fn create_sequence(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(CREATE_KW) && matches!(p.nth(1), TEMPORARY_KW | TEMP_KW | UNLOGGED_KW | SEQUENCE_KW)
    );
    let m = p.start();
    p.bump(CREATE_KW);
    opt_persistence(p);
    p.expect(SEQUENCE_KW);
    opt_if_not_exists(p);
    sequence(p);
    while !p.at(EOF) {
        if opt_sequence_option(p).is_none() {
            break;
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, CREATE_SEQUENCE)
}

// CREATE SERVER [ IF NOT EXISTS ] server_name [ TYPE 'server_type' ] [ VERSION 'server_version' ]
//     FOREIGN DATA WRAPPER fdw_name
//     [ OPTIONS ( option 'value' [, ... ] ) ]
fn create_server(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, SERVER_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(SERVER_KW);
    opt_if_not_exists(p);
    server(p);
    if p.at(TYPE_KW) {
        let m = p.start();
        p.bump(TYPE_KW);
        string_literal(p);
        m.complete(p, SERVER_TYPE);
    }
    if p.at(VERSION_KW) {
        let m = p.start();
        p.bump(VERSION_KW);
        string_literal(p);
        m.complete(p, SERVER_VERSION);
    }
    p.expect(FOREIGN_KW);
    p.expect(DATA_KW);
    p.expect(WRAPPER_KW);
    foreign_data_wrapper_ref(p);
    opt_alter_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_SERVER)
}

// CREATE STATISTICS [ [ IF NOT EXISTS ] statistics_name ]
//     ON ( expression )
//     FROM table_name
//
// CREATE STATISTICS [ [ IF NOT EXISTS ] statistics_name ]
//     [ ( statistics_kind [, ... ] ) ]
//     ON { column_name | ( expression ) }, { column_name | ( expression ) } [, ...]
//     FROM table_name
fn create_statistics(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, STATISTICS_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(STATISTICS_KW);
    opt_if_not_exists(p);
    if !p.at(L_PAREN) && !p.at(ON_KW) {
        statistics(p);
    }
    opt_stat_types(p);
    if p.at(ON_KW) {
        let m = p.start();
        p.bump(ON_KW);
        if !opt_expr_list(p) {
            p.error("expected expression")
        }
        m.complete(p, STATISTICS_ON_CLAUSE);
    }
    from_table(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_STATISTICS)
}

fn opt_stat_types(p: &mut Parser<'_>) {
    if !p.at(L_PAREN) {
        return;
    }
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        NAME_REF_FIRST,
        opt_statistics_kind,
    );
    m.complete(p, STAT_TYPES);
}

// CREATE SUBSCRIPTION subscription_name
//     CONNECTION 'conninfo'
//     PUBLICATION publication_name [, ...]
//     [ WITH ( subscription_parameter [= value] [, ... ] ) ]
fn create_subscription(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, SUBSCRIPTION_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(SUBSCRIPTION_KW);
    subscription(p);
    if p.at(SERVER_KW) {
        server_clause(p);
    } else {
        connection_clause(p);
    }
    p.expect(PUBLICATION_KW);
    publication_ref_list(p);
    opt_with_params(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_SUBSCRIPTION)
}

// CREATE TABLESPACE tablespace_name
//     [ OWNER { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER } ]
//     LOCATION 'directory'
//     [ WITH ( tablespace_option = value [, ... ] ) ]
fn create_tablespace(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, TABLESPACE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(TABLESPACE_KW);
    tablespace(p);
    if p.at(OWNER_KW) {
        let m = p.start();
        p.bump(OWNER_KW);
        role_ref(p);
        m.complete(p, TABLESPACE_OWNER);
    }
    p.expect(LOCATION_KW);
    string_literal(p);
    // TODO: we could have a validator to check these params
    opt_with_params(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TABLESPACE)
}

// CREATE TEXT SEARCH PARSER name (
//     START = start_function ,
//     GETTOKEN = gettoken_function ,
//     END = end_function ,
//     LEXTYPES = lextypes_function
//     [, HEADLINE = headline_function ]
// )
fn create_text_search_parser(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, TEXT_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(PARSER_KW);
    text_search_parser(p);
    attribute_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TEXT_SEARCH_PARSER)
}

// CREATE TEXT SEARCH DICTIONARY name (
//     TEMPLATE = template
//     [, option = value [, ... ]]
// )
fn create_text_search_dict(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, TEXT_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(DICTIONARY_KW);
    text_search_dictionary(p);
    attribute_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TEXT_SEARCH_DICTIONARY)
}

// CREATE TEXT SEARCH CONFIGURATION name (
//     PARSER = parser_name |
//     COPY = source_config
// )
fn create_text_search_config(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, TEXT_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(CONFIGURATION_KW);
    text_search_configuration(p);
    attribute_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TEXT_SEARCH_CONFIGURATION)
}

// CREATE TEXT SEARCH TEMPLATE name (
//     [ INIT = init_function , ]
//     LEXIZE = lexize_function
// )
fn create_text_search_template(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, TEXT_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(TEMPLATE_KW);
    text_search_template(p);
    attribute_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TEXT_SEARCH_TEMPLATE)
}

// CREATE [ OR REPLACE ] TRANSFORM FOR type_name LANGUAGE lang_name (
//     FROM SQL WITH FUNCTION from_sql_function_name [ (argument_type [, ...]) ]
//   | TO SQL WITH FUNCTION to_sql_function_name [ (argument_type [, ...]) ]
//     [, FROM SQL WITH FUNCTION from_sql_function_name [ (argument_type [, ...]) ]
//      | TO SQL WITH FUNCTION to_sql_function_name [ (argument_type [, ...]) ]]
// );
fn create_transform(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    opt_or_replace(p);
    p.expect(TRANSFORM_KW);
    p.expect(FOR_KW);
    type_name(p);
    p.expect(LANGUAGE_KW);
    language_ref(p);
    p.expect(L_PAREN);
    transform_func(p);
    if p.eat(COMMA) {
        transform_func(p);
    }
    p.expect(R_PAREN);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TRANSFORM)
}

fn transform_func(p: &mut Parser<'_>) {
    match p.current() {
        FROM_KW => transform_from_func(p),
        TO_KW => transform_to_func(p),
        _ => p.error("expected transform function"),
    }
}

fn transform_to_func(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(TO_KW);
    p.expect(SQL_KW);
    p.expect(WITH_KW);
    p.expect(FUNCTION_KW);
    function_sig(p);
    m.complete(p, TRANSFORM_TO_FUNC);
}

fn transform_from_func(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(FROM_KW);
    p.expect(SQL_KW);
    p.expect(WITH_KW);
    p.expect(FUNCTION_KW);
    function_sig(p);
    m.complete(p, TRANSFORM_FROM_FUNC);
}

// CREATE USER MAPPING [ IF NOT EXISTS ] FOR { user_name | USER | CURRENT_ROLE | CURRENT_USER | PUBLIC }
//     SERVER server_name
//     [ OPTIONS ( option 'value' [, ... ] ) ]
fn create_user_mapping(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, USER_KW) && p.nth_at(2, MAPPING_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(USER_KW);
    p.bump(MAPPING_KW);
    opt_if_not_exists(p);
    p.expect(FOR_KW);
    user_mapping_role(p);
    server_clause(p);
    opt_alter_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_USER_MAPPING)
}

const ROLE_OPTION_FIRST: TokenSet = TokenSet::new(&[
    WITH_KW,
    INHERIT_KW,
    CONNECTION_KW,
    ENCRYPTED_KW,
    PASSWORD_KW,
    VALID_KW,
    IN_KW,
    ROLE_KW,
    ADMIN_KW,
    USER_KW,
    SYSID_KW,
    IDENT,
]);

fn opt_role_option(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(ROLE_OPTION_FIRST) {
        return false;
    }
    let m = p.start();
    match p.current() {
        // SUPERUSER
        // NOSUPERUSER
        // CREATEDB
        // NOCREATEDB
        // CREATEROLE
        // NOCREATEROLE
        // NOINHERIT
        // LOGIN
        // NOLOGIN
        // REPLICATION
        // NOREPLICATION
        // BYPASSRLS
        // NOBYPASSRLS
        INHERIT_KW => {
            p.bump(INHERIT_KW);
            m.complete(p, ROLE_OPTION_INHERIT);
        }
        IDENT => {
            p.bump(IDENT);
            m.complete(p, ROLE_OPTION_GENERIC);
        }
        CONNECTION_KW => {
            p.bump(CONNECTION_KW);
            p.expect(LIMIT_KW);
            int_literal(p);
            m.complete(p, ROLE_OPTION_CONNECTION_LIMIT);
        }
        ENCRYPTED_KW => {
            p.bump(ENCRYPTED_KW);
            p.expect(PASSWORD_KW);
            string_literal(p);
            m.complete(p, ROLE_OPTION_ENCRYPTED_PASSWORD);
        }
        PASSWORD_KW => {
            p.bump(PASSWORD_KW);
            if !p.eat(NULL_KW) {
                string_literal(p);
            }
            m.complete(p, ROLE_OPTION_PASSWORD);
        }
        VALID_KW => {
            p.bump(VALID_KW);
            p.expect(UNTIL_KW);
            string_literal(p);
            m.complete(p, ROLE_OPTION_VALID_UNTIL);
        }
        IN_KW => {
            p.bump(IN_KW);
            match p.current() {
                GROUP_KW => {
                    p.bump(GROUP_KW);
                    role_list(p);
                    m.complete(p, ROLE_OPTION_IN_GROUP);
                }
                ROLE_KW => {
                    p.bump(ROLE_KW);
                    role_list(p);
                    m.complete(p, ROLE_OPTION_IN_ROLE);
                }
                _ => {
                    p.error("expected GROUP or ROLE");
                    m.abandon(p);
                    role_list(p);
                }
            }
        }
        ADMIN_KW => {
            p.bump(ADMIN_KW);
            role_list(p);
            m.complete(p, ROLE_OPTION_ADMIN);
        }
        ROLE_KW => {
            p.bump(ROLE_KW);
            role_list(p);
            m.complete(p, ROLE_OPTION_ROLE);
        }
        USER_KW => {
            p.bump(USER_KW);
            role_list(p);
            m.complete(p, ROLE_OPTION_USER);
        }
        SYSID_KW => {
            p.bump(SYSID_KW);
            uint_literal(p);
            m.complete(p, ROLE_OPTION_SYSID);
        }
        _ => {
            m.abandon(p);
            p.err_and_bump("expected role option");
            return false;
        }
    }
    true
}

// CREATE USER name [ [ WITH ] option [ ... ] ]
// where option can be:
//     SUPERUSER | NOSUPERUSER
//   | CREATEDB | NOCREATEDB
//   | CREATEROLE | NOCREATEROLE
//   | INHERIT | NOINHERIT
//   | LOGIN | NOLOGIN
//   | REPLICATION | NOREPLICATION
//   | BYPASSRLS | NOBYPASSRLS
//   | CONNECTION LIMIT connlimit
//   | [ ENCRYPTED ] PASSWORD 'password' | PASSWORD NULL
//   | VALID UNTIL 'timestamp'
//   | IN ROLE role_name [, ...]
//   | IN GROUP role_name [, ...]
//   | ROLE role_name [, ...]
//   | ADMIN role_name [, ...]
//   | USER role_name [, ...]
//   | SYSID uid
fn create_user(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, USER_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(USER_KW);
    role(p);
    opt_role_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_USER)
}

fn opt_role_option_list(p: &mut Parser<'_>) {
    if p.at_ts(ROLE_OPTION_FIRST) {
        let m = p.start();
        p.eat(WITH_KW);
        opt_role_option(p);
        while !p.at(EOF) && p.at_ts(ROLE_OPTION_FIRST) {
            opt_role_option(p);
        }
        m.complete(p, ROLE_OPTION_LIST);
    }
}

// DROP [ PROCEDURAL ] LANGUAGE [ IF EXISTS ] name [ CASCADE| RESTRICT ]
fn drop_language(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && matches!(p.nth(1), LANGUAGE_KW | PROCEDURAL_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.eat(PROCEDURAL_KW);
    p.expect(LANGUAGE_KW);
    opt_if_exists(p);
    language_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_LANGUAGE)
}

// DROP GROUP [ IF EXISTS ] name [, ...]
fn drop_group(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, GROUP_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(GROUP_KW);
    opt_if_exists(p);
    role_ref_items(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_GROUP)
}

// DROP FUNCTION [ IF EXISTS ] name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] [, ...]
//     [ CASCADE | RESTRICT ]
fn drop_function(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, FUNCTION_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(FUNCTION_KW);
    opt_if_exists(p);
    function_sig_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_FUNCTION)
}

fn routine_sig_with_keyword(p: &mut Parser<'_>) -> SyntaxKind {
    match p.current() {
        FUNCTION_KW => {
            p.bump(FUNCTION_KW);
            function_sig(p);
            OBJECT_FUNCTION
        }
        PROCEDURE_KW => {
            p.bump(PROCEDURE_KW);
            procedure_sig(p);
            OBJECT_PROCEDURE
        }
        ROUTINE_KW => {
            p.bump(ROUTINE_KW);
            routine_sig(p);
            OBJECT_ROUTINE
        }
        _ => unreachable!("expected FUNCTION, PROCEDURE, or ROUTINE"),
    }
}

fn function_sig(p: &mut Parser<'_>) {
    signature(p, function_name_ref, FUNCTION_SIG);
}

fn procedure_sig(p: &mut Parser<'_>) {
    signature(p, procedure_name_ref, PROCEDURE_SIG);
}

fn routine_sig(p: &mut Parser<'_>) {
    signature(p, routine_name_ref, ROUTINE_SIG);
}

fn signature(p: &mut Parser<'_>, name_ref: fn(&mut Parser<'_>), kind: SyntaxKind) {
    let m = p.start();
    name_ref(p);
    opt_param_list(p, ParamKind::All);
    m.complete(p, kind);
}

// function_name [ ( [ [ argmode ] [ arg_name ] arg_type [, ...] ] ) ] [, ...]
fn function_sig_list(p: &mut Parser<'_>) {
    signature_list(p, function_sig, FUNCTION_SIG_LIST);
}

fn procedure_sig_list(p: &mut Parser<'_>) {
    signature_list(p, procedure_sig, PROCEDURE_SIG_LIST);
}

fn routine_sig_list(p: &mut Parser<'_>) {
    signature_list(p, routine_sig, ROUTINE_SIG_LIST);
}

fn signature_list(p: &mut Parser<'_>, signature: fn(&mut Parser<'_>), kind: SyntaxKind) {
    let m = p.start();
    signature(p);
    while !p.at(EOF) && p.eat(COMMA) {
        signature(p);
    }
    m.complete(p, kind);
}

// DROP FOREIGN DATA WRAPPER [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_foreign_data(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, FOREIGN_KW) && p.nth_at(2, DATA_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(FOREIGN_KW);
    p.bump(DATA_KW);
    p.expect(WRAPPER_KW);
    opt_if_exists(p);
    foreign_data_wrapper_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_FOREIGN_DATA_WRAPPER)
}

// DROP FOREIGN TABLE [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_foreign_table(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, FOREIGN_KW) && p.nth_at(2, TABLE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(FOREIGN_KW);
    p.bump(TABLE_KW);
    opt_if_exists(p);
    table_name_refs(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_FOREIGN_TABLE)
}

// DROP ACCESS METHOD [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_access_method(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, ACCESS_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(ACCESS_KW);
    p.expect(METHOD_KW);
    opt_if_exists(p);
    access_method_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_ACCESS_METHOD)
}

fn aggregate(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    aggregate_arg_list(p);
    m.complete(p, AGGREGATE);
}

// DROP AGGREGATE [ IF EXISTS ] name ( aggregate_signature ) [, ...] [ CASCADE | RESTRICT ]
// where aggregate_signature is:
// * |
// [ argmode ] [ argname ] argtype [ , ... ] |
// [ [ argmode ] [ argname ] argtype [ , ... ] ] ORDER BY [ argmode ] [ argname ] argtype [ , ... ]
fn drop_aggregate(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, AGGREGATE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(AGGREGATE_KW);
    opt_if_exists(p);
    aggregate(p);
    while !p.at(EOF) && p.eat(COMMA) {
        aggregate(p);
    }
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_AGGREGATE)
}

fn cast_sig(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(L_PAREN);
    type_name(p);
    p.expect(AS_KW);
    type_name(p);
    p.expect(R_PAREN);
    m.complete(p, CAST_SIG);
}

// DROP CAST [ IF EXISTS ] (source_type AS target_type) [ CASCADE | RESTRICT ]
fn drop_cast(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, CAST_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(CAST_KW);
    opt_if_exists(p);
    cast_sig(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_CAST)
}

// DROP COLLATION [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_collation(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, COLLATION_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(COLLATION_KW);
    opt_if_exists(p);
    collation_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_COLLATION)
}

// DROP CONVERSION [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_conversion(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, CONVERSION_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(CONVERSION_KW);
    opt_if_exists(p);
    conversion_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_CONVERSION)
}

// DROP DOMAIN [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_domain(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, DOMAIN_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(DOMAIN_KW);
    opt_if_exists(p);
    domain_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_DOMAIN)
}

// DROP EVENT TRIGGER [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_event_trigger(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, EVENT_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(EVENT_KW);
    p.expect(TRIGGER_KW);
    opt_if_exists(p);
    event_trigger_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_EVENT_TRIGGER)
}

// DROP EXTENSION [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_extension(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, EXTENSION_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(EXTENSION_KW);
    opt_if_exists(p);
    extension_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_EXTENSION)
}

// DROP MATERIALIZED VIEW [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_materialized_view(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, MATERIALIZED_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(MATERIALIZED_KW);
    p.expect(VIEW_KW);
    opt_if_exists(p);
    view_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_MATERIALIZED_VIEW)
}

// DROP OPERATOR FAMILY [ IF EXISTS ] name USING index_method [ CASCADE | RESTRICT ]
fn drop_operator_family(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, OPERATOR_KW) && p.nth_at(2, FAMILY_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(OPERATOR_KW);
    p.bump(FAMILY_KW);
    opt_if_exists(p);
    op_family_ref(p);
    using_method(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_OPERATOR_FAMILY)
}

// DROP OPERATOR [ IF EXISTS ] name ( { left_type | NONE } , right_type ) [, ...] [ CASCADE | RESTRICT ]
fn drop_operator(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, OPERATOR_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(OPERATOR_KW);
    opt_if_exists(p);
    op_sig_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_OPERATOR)
}

fn op_sig_list(p: &mut Parser<'_>) {
    let m = p.start();
    operator_sig(p);
    while !p.at(EOF) && p.eat(COMMA) {
        operator_sig(p);
    }
    m.complete(p, OP_SIG_LIST);
}

// name ( { left_type | NONE } , right_type )
fn operator_sig(p: &mut Parser<'_>) {
    let m = p.start();
    qual_op(p);
    p.expect(L_PAREN);
    if !p.eat(NONE_KW) {
        type_name(p);
    }
    p.expect(COMMA);
    type_name(p);
    p.expect(R_PAREN);
    m.complete(p, OP_SIG);
}

// DROP OPERATOR CLASS [ IF EXISTS ] name USING index_method [ CASCADE | RESTRICT ]
fn drop_operator_class(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, OPERATOR_KW) && p.nth_at(2, CLASS_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(OPERATOR_KW);
    p.bump(CLASS_KW);
    opt_if_exists(p);
    op_class_ref(p);
    using_method(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_OPERATOR_CLASS)
}

// DROP OWNED BY { name | CURRENT_ROLE | CURRENT_USER | SESSION_USER } [, ...] [ CASCADE | RESTRICT ]
fn drop_owned(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, OWNED_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(OWNED_KW);
    p.expect(BY_KW);
    role_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_OWNED)
}

// DROP POLICY [ IF EXISTS ] name ON table_name [ CASCADE | RESTRICT ]
fn drop_policy(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, POLICY_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(POLICY_KW);
    opt_if_exists(p);
    policy_ref(p);
    on_table(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_POLICY)
}

// DROP PROCEDURE [ IF EXISTS ] name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] [, ...]
//     [ CASCADE | RESTRICT ]
fn drop_procedure(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, PROCEDURE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(PROCEDURE_KW);
    opt_if_exists(p);
    procedure_sig_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_PROCEDURE)
}

// DROP PUBLICATION [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_publication(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, PUBLICATION_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(PUBLICATION_KW);
    opt_if_exists(p);
    publication_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_PUBLICATION)
}

// DROP ROLE [ IF EXISTS ] name [, ...]
fn drop_role(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, ROLE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(ROLE_KW);
    opt_if_exists(p);
    role_ref_items(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_ROLE)
}

// DROP ROUTINE [ IF EXISTS ] name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] [, ...]
// [ CASCADE | RESTRICT ]
fn drop_routine(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, ROUTINE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(ROUTINE_KW);
    opt_if_exists(p);
    routine_sig_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_ROUTINE)
}

// DROP RULE [ IF EXISTS ] name ON table_name [ CASCADE | RESTRICT ]
fn drop_rule(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, RULE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(RULE_KW);
    opt_if_exists(p);
    rule_ref(p);
    on_relation(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_RULE)
}

// DROP SEQUENCE [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_sequence(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, SEQUENCE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(SEQUENCE_KW);
    opt_if_exists(p);
    sequence_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_SEQUENCE)
}

// DROP SERVER [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_server(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, SERVER_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(SERVER_KW);
    opt_if_exists(p);
    server_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_SERVER)
}

// DROP STATISTICS [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_statistics(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, STATISTICS_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(STATISTICS_KW);
    opt_if_exists(p);
    statistics_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_STATISTICS)
}

// DROP SUBSCRIPTION [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_subscription(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, SUBSCRIPTION_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(SUBSCRIPTION_KW);
    opt_if_exists(p);
    subscription_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_SUBSCRIPTION)
}

// [ CASCADE | RESTRICT ]
fn opt_cascade_or_restrict(p: &mut Parser<'_>) -> bool {
    let kind = match p.current() {
        CASCADE_KW => CASCADE,
        RESTRICT_KW => RESTRICT,
        _ => return false,
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
    true
}

// DROP TABLESPACE [ IF EXISTS ] name
fn drop_tablespace(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, TABLESPACE_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(TABLESPACE_KW);
    opt_if_exists(p);
    tablespace_ref(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TABLESPACE)
}

// DROP TEXT SEARCH PARSER [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_text_search_parser(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(DROP_KW) && p.nth_at(1, TEXT_KW) && p.nth_at(2, SEARCH_KW) && p.nth_at(3, PARSER_KW)
    );
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(PARSER_KW);
    opt_if_exists(p);
    text_search_parser_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TEXT_SEARCH_PARSER)
}

// DROP TEXT SEARCH CONFIGURATION [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_text_search_config(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(DROP_KW)
            && p.nth_at(1, TEXT_KW)
            && p.nth_at(2, SEARCH_KW)
            && p.nth_at(3, CONFIGURATION_KW)
    );
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(CONFIGURATION_KW);
    opt_if_exists(p);
    text_search_configuration_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TEXT_SEARCH_CONFIG)
}

// DROP TEXT SEARCH DICTIONARY [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_text_search_dict(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(DROP_KW)
            && p.nth_at(1, TEXT_KW)
            && p.nth_at(2, SEARCH_KW)
            && p.nth_at(3, DICTIONARY_KW)
    );
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(DICTIONARY_KW);
    opt_if_exists(p);
    text_search_dictionary_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TEXT_SEARCH_DICT)
}

// DROP TEXT SEARCH TEMPLATE [ IF EXISTS ] name [ CASCADE | RESTRICT ]
fn drop_text_search_template(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(
        p.at(DROP_KW) && p.nth_at(1, TEXT_KW) && p.nth_at(2, SEARCH_KW) && p.nth_at(3, TEMPLATE_KW)
    );
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(TEXT_KW);
    p.bump(SEARCH_KW);
    p.bump(TEMPLATE_KW);
    opt_if_exists(p);
    text_search_template_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TEXT_SEARCH_TEMPLATE)
}

// DROP TRANSFORM [ IF EXISTS ] FOR type_name LANGUAGE lang_name [ CASCADE | RESTRICT ]
fn drop_transform(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, TRANSFORM_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(TRANSFORM_KW);
    opt_if_exists(p);
    p.expect(FOR_KW);
    type_name(p);
    p.expect(LANGUAGE_KW);
    language_ref(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TRANSFORM)
}

// DROP USER [ IF EXISTS ] name [, ...]
fn drop_user(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, USER_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(USER_KW);
    opt_if_exists(p);
    role_ref_items(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_USER)
}

// DROP USER MAPPING [ IF EXISTS ] FOR { user_name | USER | CURRENT_ROLE | CURRENT_USER | PUBLIC } SERVER server_name
fn drop_user_mapping(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, USER_KW) && p.nth_at(2, MAPPING_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(USER_KW);
    p.bump(MAPPING_KW);
    opt_if_exists(p);
    p.expect(FOR_KW);
    user_mapping_role(p);
    server_clause(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_USER_MAPPING)
}

// EXPLAIN [ANALYZE] [VERBOSE] query
// EXPLAIN [ ( option [, ...] ) ] statement
fn explain(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(EXPLAIN_KW));
    let m = p.start();
    p.bump(EXPLAIN_KW);
    if p.at(ANALYZE_KW) || p.at(ANALYSE_KW) {
        let m = p.start();
        p.bump_any();
        opt_explain_verbose(p);
        m.complete(p, EXPLAIN_ANALYZE);
    } else if p.at(VERBOSE_KW) {
        opt_explain_verbose(p);
    } else {
        opt_explain_option_list(p);
    }
    // statement is SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE, DECLARE, CREATE TABLE AS, or CREATE MATERIALIZED VIEW AS
    let statement = stmt(p, &StmtRestrictions::default());
    if let Some(statement) = statement {
        match statement.kind() {
            SELECT
            | COMPOUND_SELECT
            | SELECT_INTO
            | TABLE
            | VALUES
            | INSERT
            | UPDATE
            | DELETE
            | MERGE
            | EXECUTE
            | DECLARE
            | CREATE_TABLE_AS
            | CREATE_MATERIALIZED_VIEW
            // TODO: we need a validation to check inside this
            | PAREN_SELECT => (),
            kind => {
                p.error(format!(
                    "expected SELECT, INSERT, UPDATE, DELETE, MERGE, or VALUES statement, got {kind:?}",
                ));
            }
        }
    } else {
        p.error("expected SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE, DECLARE, CREATE TABLE AS, or CREATE MATERIALIZED VIEW AS");
    }
    p.eat(SEMICOLON);
    m.complete(p, EXPLAIN)
}

fn opt_explain_verbose(p: &mut Parser<'_>) {
    if !p.at(VERBOSE_KW) {
        return;
    }
    let m = p.start();
    p.bump(VERBOSE_KW);
    m.complete(p, EXPLAIN_VERBOSE);
}

fn opt_explain_option_list(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(L_PAREN) || p.nth_at_ts(1, PAREN_SELECT_FIRST) {
        return None;
    }
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EXPLAIN_OPTION_FIRST,
        opt_explain_option,
    );
    Some(m.complete(p, EXPLAIN_OPTION_LIST))
}

const EXPLAIN_OPTION_FIRST: TokenSet =
    TokenSet::new(&[ANALYZE_KW, ANALYSE_KW, VERBOSE_KW, IDENT, FORMAT_KW]);

// where option can be one of:
//     ANALYZE [ boolean ]
//     VERBOSE [ boolean ]
//     COSTS [ boolean ]
//     SETTINGS [ boolean ]
//     GENERIC_PLAN [ boolean ]
//     BUFFERS [ boolean ]
//     SERIALIZE [ { NONE | TEXT | BINARY } ]
//     WAL [ boolean ]
//     TIMING [ boolean ]
//     SUMMARY [ boolean ]
//     MEMORY [ boolean ]
//     FORMAT { TEXT | XML | JSON | YAML }
fn opt_explain_option(p: &mut Parser<'_>) -> bool {
    // TODO: we need a validation run for this since we're using IDENT
    if !p.at_ts(EXPLAIN_OPTION_FIRST) {
        return false;
    }
    let m = p.start();
    explain_option_name(p);
    opt_explain_option_value(p);
    m.complete(p, EXPLAIN_OPTION);
    true
}

fn explain_option_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, EXPLAIN_OPTION_NAME);
}

fn opt_explain_option_value(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if opt_utility_option_arg(p) {
        return Some(m.complete(p, EXPLAIN_OPTION_VALUE));
    }
    m.abandon(p);
    None
}

// [ OPTIONS ( option 'value' [, ... ] ) ]
fn opt_alter_option_list(p: &mut Parser<'_>) -> bool {
    if !p.at(OPTIONS_KW) {
        return false;
    }
    alter_option_list(p);
    true
}

// [ OPTIONS ( option 'value' [, ... ] ) ]
fn alter_option_list(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(OPTIONS_KW));
    let m = p.start();
    alter_option_list_contents(p);
    m.complete(p, ALTER_OPTION_LIST)
}

fn alter_option_list_contents(p: &mut Parser<'_>) {
    p.expect(OPTIONS_KW);
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "expected alter option".to_string(),
        EXPR_FIRST,
        |p| opt_alter_option(p).is_some(),
    );
}

// IMPORT FOREIGN SCHEMA remote_schema
//     [ { LIMIT TO | EXCEPT } ( table_name [, ...] ) ]
//     FROM SERVER server_name
//     INTO local_schema
//     [ OPTIONS ( option 'value' [, ... ] ) ]
fn import_foreign_schema(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(IMPORT_KW) && p.nth_at(1, FOREIGN_KW));
    let m = p.start();
    p.bump(IMPORT_KW);
    p.bump(FOREIGN_KW);
    p.expect(SCHEMA_KW);
    // remote_schema
    schema_ref(p);
    // [ { LIMIT TO | EXCEPT } ( table_name [, ...] ) ]
    if p.at(LIMIT_KW) || p.at(EXCEPT_KW) {
        let m = p.start();
        let kind = if p.eat(LIMIT_KW) {
            p.expect(TO_KW);
            LIMIT_TO_TABLES
        } else {
            p.bump(EXCEPT_KW);
            EXCEPT_TABLES
        };
        // ( table_name [, ...] )
        p.expect(L_PAREN);
        remote_table_name_ref_list(p);
        p.expect(R_PAREN);
        m.complete(p, kind);
    }
    p.expect(FROM_KW);
    server_clause(p);
    into_schema(p);
    opt_alter_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, IMPORT_FOREIGN_SCHEMA)
}

fn into_schema(p: &mut Parser<'_>) {
    let m = p.start();
    // INTO local_schema
    p.expect(INTO_KW);
    schema_ref(p);
    m.complete(p, INTO_SCHEMA);
}

// LOCK [ TABLE ] [ ONLY ] name [ * ] [, ...] [ IN lockmode MODE ] [ NOWAIT ]
// where lockmode is one of:
//     ACCESS SHARE | ROW SHARE | ROW EXCLUSIVE | SHARE UPDATE EXCLUSIVE
//     | SHARE | SHARE ROW EXCLUSIVE | EXCLUSIVE | ACCESS EXCLUSIVE
fn lock(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(LOCK_KW));
    let m = p.start();
    p.bump(LOCK_KW);
    // [ TABLE ]
    p.eat(TABLE_KW);
    relation_list(p);
    opt_lock_mode_clause(p);
    // [ NOWAIT ]
    opt_nowait(p);
    p.eat(SEMICOLON);
    m.complete(p, LOCK)
}

// [ IN lockmode MODE ]
fn opt_lock_mode_clause(p: &mut Parser<'_>) {
    if !p.at(IN_KW) {
        return;
    }
    let m = p.start();
    p.bump(IN_KW);
    lock_mode(p);
    p.expect(MODE_KW);
    m.complete(p, LOCK_MODE_CLAUSE);
}

fn lock_mode(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = match (p.current(), p.nth(1)) {
        (ACCESS_KW, SHARE_KW) => {
            p.bump(ACCESS_KW);
            p.bump(SHARE_KW);
            ACCESS_SHARE
        }
        (ROW_KW, SHARE_KW) => {
            p.bump(ROW_KW);
            p.bump(SHARE_KW);
            ROW_SHARE
        }
        (ACCESS_KW, EXCLUSIVE_KW) => {
            p.bump(ACCESS_KW);
            p.bump(EXCLUSIVE_KW);
            ACCESS_EXCLUSIVE
        }
        (ROW_KW, EXCLUSIVE_KW) => {
            p.bump(ROW_KW);
            p.bump(EXCLUSIVE_KW);
            ROW_EXCLUSIVE
        }
        (SHARE_KW, ROW_KW) => {
            p.bump(SHARE_KW);
            p.bump(ROW_KW);
            p.expect(EXCLUSIVE_KW);
            SHARE_ROW_EXCLUSIVE
        }
        (SHARE_KW, UPDATE_KW) => {
            p.bump(SHARE_KW);
            p.bump(UPDATE_KW);
            p.expect(EXCLUSIVE_KW);
            SHARE_UPDATE_EXCLUSIVE
        }
        (SHARE_KW, _) => {
            p.bump(SHARE_KW);
            SHARE
        }
        (EXCLUSIVE_KW, _) => {
            p.bump(EXCLUSIVE_KW);
            EXCLUSIVE
        }
        _ => {
            p.error("expected lockmode");
            m.abandon(p);
            return;
        }
    };
    m.complete(p, kind);
}

// [ ONLY ] name [ * ] [, ... ]
fn relation_list(p: &mut Parser<'_>) {
    let m = p.start();
    relation_name(p);
    while !p.at(EOF) && p.eat(COMMA) {
        relation_name(p);
    }
    m.complete(p, RELATION_LIST);
}

fn table_list(p: &mut Parser<'_>) {
    let m = p.start();
    table_relation_name(p);
    while !p.at(EOF) && p.eat(COMMA) {
        table_relation_name(p);
    }
    m.complete(p, TABLE_LIST);
}

// [ WITH with_query [, ...] ]
// MERGE INTO [ ONLY ] target_table_name [ * ] [ [ AS ] target_alias ]
// USING data_source ON join_condition
// when_clause [...]
// [ RETURNING { * | output_expression [ [ AS ] output_name ] } [, ...] ]
//
// where data_source is:
// { [ ONLY ] source_table_name [ * ] | ( source_query ) } [ [ AS ] source_alias ]
//
// and when_clause is:
// { WHEN MATCHED [ AND condition ] THEN { merge_update | merge_delete | DO NOTHING } |
//   WHEN NOT MATCHED BY SOURCE [ AND condition ] THEN { merge_update | merge_delete | DO NOTHING } |
//   WHEN NOT MATCHED [ BY TARGET ] [ AND condition ] THEN { merge_insert | DO NOTHING } }
//
// and merge_insert is:
// INSERT [( column_name [, ...] )]
// [ OVERRIDING { SYSTEM | USER } VALUE ]
// { VALUES ( { expression | DEFAULT } [, ...] ) | DEFAULT VALUES }
//
// and merge_update is:
// UPDATE SET { column_name = { expression | DEFAULT } |
//              ( column_name [, ...] ) = [ ROW ] ( { expression | DEFAULT } [, ...] ) |
//              ( column_name [, ...] ) = ( sub-SELECT )
//            } [, ...]
//
// and merge_delete is:
// DELETE
fn merge(p: &mut Parser<'_>, m: Option<Marker>, semi_allowed: bool) -> CompletedMarker {
    assert!(p.at(MERGE_KW));
    let m = m.unwrap_or_else(|| p.start());
    p.bump(MERGE_KW);
    p.expect(INTO_KW);
    // [ ONLY ] target_table_name [ * ]
    table_relation_name(p);
    // [ [ AS ] target_alias ]
    opt_optional_as_alias(p);
    // USING data_source ON join_condition
    merge_using_clause(p);
    merge_when_clause(p);
    while !p.at(EOF) && p.at(WHEN_KW) {
        merge_when_clause(p);
    }
    // [ RETURNING { * | output_expression [ [ AS ] output_name ] } [, ...] ]
    opt_returning_clause(p);
    if semi_allowed {
        p.eat(SEMICOLON);
    }
    m.complete(p, MERGE)
}

// where data_source is:
// { [ ONLY ] source_table_name [ * ] | ( source_query ) } [ [ AS ] source_alias ]
//
// and when_clause is:
// { WHEN MATCHED [ AND condition ] THEN { merge_update | merge_delete | DO NOTHING } |
//   WHEN NOT MATCHED BY SOURCE [ AND condition ] THEN { merge_update | merge_delete | DO NOTHING } |
//   WHEN NOT MATCHED [ BY TARGET ] [ AND condition ] THEN { merge_insert | DO NOTHING } }
//
// and merge_insert is:
// INSERT [ ( column_name [, ...] ) ]
// [ OVERRIDING { SYSTEM | USER } VALUE ]
// { VALUES ( { expression | DEFAULT } [, ...] ) | DEFAULT VALUES }
//
// and merge_update is:
// UPDATE SET { column_name = { expression | DEFAULT } |
//              ( column_name [, ...] ) = [ ROW ] ( { expression | DEFAULT } [, ...] ) |
//              ( column_name [, ...] ) = ( sub-SELECT )
//            } [, ...]
//
// and merge_delete is:
// DELETE
fn merge_when_clause(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(WHEN_KW);
    let kind = match p.current() {
        MATCHED_KW => {
            p.bump(MATCHED_KW);
            MERGE_WHEN_MATCHED
        }
        NOT_KW => {
            p.bump(NOT_KW);
            p.expect(MATCHED_KW);
            // BY SOURCE | BY TARGET
            if p.at(BY_KW) {
                if p.nth_at(1, SOURCE_KW) {
                    p.bump(BY_KW);
                    p.bump(SOURCE_KW);
                    MERGE_WHEN_NOT_MATCHED_SOURCE
                } else {
                    let m = p.start();
                    p.bump(BY_KW);
                    let by_kind = if p.eat(TARGET_KW) {
                        BY_TARGET
                    } else {
                        p.error("expected SOURCE or TARGET");
                        ERROR
                    };
                    m.complete(p, by_kind);
                    MERGE_WHEN_NOT_MATCHED_TARGET
                }
            } else {
                MERGE_WHEN_NOT_MATCHED_TARGET
            }
        }
        _ => {
            p.error("expected MATCHED, or NOT MATCHED");
            MERGE_WHEN_NOT_MATCHED_TARGET
        }
    };
    opt_merge_condition(p);
    p.expect(THEN_KW);
    merge_action(p);
    m.complete(p, kind);
}

// [ AND condition ]
fn opt_merge_condition(p: &mut Parser<'_>) {
    if !p.at(AND_KW) {
        return;
    }
    let m = p.start();
    p.bump(AND_KW);
    if expr(p).is_none() {
        p.error("expected condition");
    }
    m.complete(p, MERGE_CONDITION);
}

// [ OVERRIDING { SYSTEM | USER } VALUE ]
fn opt_overriding_clause(p: &mut Parser<'_>) {
    if !p.at(OVERRIDING_KW) {
        return;
    }
    let m = p.start();
    p.bump(OVERRIDING_KW);
    let kind = if p.eat(SYSTEM_KW) {
        Some(OVERRIDING_SYSTEM_VALUE)
    } else if p.eat(USER_KW) {
        Some(OVERRIDING_USER_VALUE)
    } else {
        p.error("expected SYSTEM or USER");
        None
    };
    p.expect(VALUE_KW);
    match kind {
        Some(kind) => {
            m.complete(p, kind);
        }
        None => {
            m.abandon(p);
        }
    }
}

// DEFAULT VALUES
fn default_values(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(DEFAULT_KW);
    p.expect(VALUES_KW);
    m.complete(p, DEFAULT_VALUES);
}

// merge_update | merge_delete | merge_insert | DO NOTHING
fn merge_action(p: &mut Parser<'_>) {
    let m = p.start();
    let kind = match p.current() {
        // merge_delete
        DELETE_KW => {
            p.bump(DELETE_KW);
            MERGE_DELETE
        }
        // merge_update
        UPDATE_KW => {
            p.bump(UPDATE_KW);
            set_clause(p);
            MERGE_UPDATE
        }
        // merge_insert
        INSERT_KW => {
            p.bump(INSERT_KW);
            // [ ( column_name [, ...] ) ]
            opt_column_target_list(p);
            // [ OVERRIDING { SYSTEM | USER } VALUE ]
            opt_overriding_clause(p);
            // { VALUES ( { expression | DEFAULT } [, ...] ) | DEFAULT VALUES }
            if p.at(VALUES_KW) {
                values(p, None, &SelectRestrictions::none());
            } else if p.at(DEFAULT_KW) {
                default_values(p);
            } else {
                p.error("expected VALUES or DEFAULT VALUES");
            }
            MERGE_INSERT
        }
        // DO NOTHING
        DO_KW => {
            p.bump(DO_KW);
            p.expect(NOTHING_KW);
            MERGE_DO_NOTHING
        }
        _ => {
            p.error("expected INSERT, UPDATE, DELETE, or DO NOTHING");
            MERGE_DO_NOTHING
        }
    };
    m.complete(p, kind);
}

// REASSIGN OWNED BY { old_role | CURRENT_ROLE | CURRENT_USER | SESSION_USER } [, ...]
//                TO { new_role | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
fn reassign(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(REASSIGN_KW));
    let m = p.start();
    p.bump(REASSIGN_KW);
    p.expect(OWNED_KW);
    p.expect(BY_KW);
    role_list(p);
    p.expect(TO_KW);
    role_list(p);
    p.eat(SEMICOLON);
    m.complete(p, REASSIGN)
}

// REFRESH MATERIALIZED VIEW [ CONCURRENTLY ] name
//     [ WITH [ NO ] DATA ]
fn refresh(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(REFRESH_KW));
    let m = p.start();
    p.bump(REFRESH_KW);
    p.expect(MATERIALIZED_KW);
    p.expect(VIEW_KW);
    p.eat(CONCURRENTLY_KW);
    view_ref(p);
    opt_with_data(p);
    p.eat(SEMICOLON);
    m.complete(p, REFRESH)
}

// GRANT { { SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER | MAINTAIN }
//     [, ...] | ALL [ PRIVILEGES ] }
//     ON { [ TABLE ] table_name [, ...]
//          | ALL TABLES IN SCHEMA schema_name [, ...] }
//     TO role_specification [, ...] [ WITH GRANT OPTION ]
//     [ GRANTED BY role_specification ]
fn grant(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(GRANT_KW));
    let m = p.start();
    p.bump(GRANT_KW);
    // TODO: we'll need a syntax validation for this since it uses specific
    // idents not purely keywords
    // TODO: we can cleanup this function a lot
    // TODO: might be able to dedupe with revoke since it's mostly copy paste

    // { { SELECT | INSERT | UPDATE | REFERENCES } ( column_name [, ...] )
    // [, ...] | ALL [ PRIVILEGES ] ( column_name [, ...] ) }
    // { { SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER | MAINTAIN }
    //  [, ...] | ALL [ PRIVILEGES ] }
    privileges(p);
    // ON { [ TABLE ] table_name [, ...]
    //      | ALL TABLES IN SCHEMA schema_name [, ...] }
    // ON { SEQUENCE sequence_name [, ...]
    //      | ALL SEQUENCES IN SCHEMA schema_name [, ...] }
    // ON DATABASE database_name [, ...]
    // ON TABLESPACE tablespace_name [, ...]
    // ON { { FUNCTION | PROCEDURE | ROUTINE } function_name [ ( [ [ argmode ] [ arg_name ] arg_type [, ...] ] ) ] [, ...]
    //       | ALL { FUNCTIONS | PROCEDURES | ROUTINES } IN SCHEMA schema_name [, ...] }
    // ON PARAMETER configuration_parameter [, ...]
    opt_on_privilege_objects_clause(p);
    // TO role_specification [, ...]
    p.expect(TO_KW);
    role_list(p);
    // TODO: need more validation here
    // [ WITH GRANT OPTION ]
    // [ WITH { ADMIN | INHERIT | SET } { OPTION | TRUE | FALSE } ]
    if p.at(WITH_KW) {
        grant_with_clause(p);
    }
    opt_granted_by(p);
    p.eat(SEMICOLON);
    m.complete(p, GRANT)
}

fn revoke_command_list(p: &mut Parser<'_>) {
    let m = p.start();
    revoke_command(p);
    while !p.at(EOF) && p.eat(COMMA) {
        revoke_command(p);
    }
    m.complete(p, REVOKE_COMMAND_LIST);
}

fn grant_with_clause(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(WITH_KW);
    if p.at(GRANT_KW) {
        let m = p.start();
        p.bump(GRANT_KW);
        p.expect(OPTION_KW);
        m.complete(p, GRANT_OPTION);
    } else {
        grant_role_option_list(p);
    }
    m.complete(p, GRANT_WITH_CLAUSE);
}

fn at_grant_role_option(p: &Parser<'_>) -> bool {
    p.at_ts(COL_LABEL_FIRST) && !p.at(GRANTED_KW)
}

fn grant_role_option_list(p: &mut Parser<'_>) {
    let m = p.start();
    let mut found_option = false;
    while at_grant_role_option(p) {
        grant_role_option(p);
        found_option = true;
        if p.eat(COMMA) {
            if !at_grant_role_option(p) {
                p.error("expected role option after comma");
                break;
            }
        } else if at_grant_role_option(p) {
            p.error("missing comma");
        } else {
            break;
        }
    }
    if found_option {
        m.complete(p, GRANT_ROLE_OPTION_LIST);
    } else {
        p.error("expected GRANT OPTION or role option");
        m.abandon(p);
    }
}

fn grant_role_option(p: &mut Parser<'_>) {
    let m = p.start();
    grant_role_option_name(p);
    if !(p.eat(OPTION_KW) || p.eat(TRUE_KW) || p.eat(FALSE_KW)) {
        p.error("expected OPTION, TRUE, or FALSE")
    }
    m.complete(p, GRANT_ROLE_OPTION);
}

fn grant_role_option_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, GRANT_ROLE_OPTION_NAME);
}

fn opt_on_privilege_objects_clause(p: &mut Parser<'_>) {
    if p.at(ON_KW) {
        let m = p.start();
        p.bump(ON_KW);
        privilege_target(p);
        m.complete(p, ON_PRIVILEGE_OBJECTS_CLAUSE);
    }
}

const PRIVILEGE_TARGET_FOLLOW: TokenSet = TokenSet::new(&[TO_KW, FROM_KW, COMMA, DOT]);

fn privilege_target(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(ALL_KW) {
        let kind = match p.current() {
            FUNCTIONS_KW => PRIVILEGE_ALL_FUNCTIONS_IN_SCHEMA,
            PROCEDURES_KW => PRIVILEGE_ALL_PROCEDURES_IN_SCHEMA,
            ROUTINES_KW => PRIVILEGE_ALL_ROUTINES_IN_SCHEMA,
            SEQUENCES_KW => PRIVILEGE_ALL_SEQUENCES_IN_SCHEMA,
            TABLES_KW => PRIVILEGE_ALL_TABLES_IN_SCHEMA,
            _ => {
                p.error("expected TABLE");
                m.abandon(p);
                return;
            }
        };
        p.bump_any();
        p.expect(IN_KW);
        p.expect(SCHEMA_KW);
        // schema_name [, ...]
        schema_ref_list(p);
        m.complete(p, kind);
    } else {
        match p.current() {
            PARAMETER_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(PARAMETER_KW);
                config_parameter_ref_list(p);
                m.complete(p, PRIVILEGE_PARAMETER);
            }
            FUNCTION_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(FUNCTION_KW);
                function_sig_list(p);
                m.complete(p, PRIVILEGE_FUNCTION);
            }
            PROCEDURE_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(PROCEDURE_KW);
                procedure_sig_list(p);
                m.complete(p, PRIVILEGE_PROCEDURE);
            }
            ROUTINE_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(ROUTINE_KW);
                routine_sig_list(p);
                m.complete(p, PRIVILEGE_ROUTINE);
            }
            // TYPE type_name [, ...]
            TYPE_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(TYPE_KW);
                type_name_ref_list(p);
                m.complete(p, PRIVILEGE_TYPE);
            }
            // no schema allowed for the name
            DATABASE_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(DATABASE_KW);
                database_ref_list(p);
                m.complete(p, PRIVILEGE_DATABASE);
            }
            LANGUAGE_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(LANGUAGE_KW);
                language_ref_list(p);
                m.complete(p, PRIVILEGE_LANGUAGE);
            }
            SCHEMA_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(SCHEMA_KW);
                schema_ref_list(p);
                m.complete(p, PRIVILEGE_SCHEMA);
            }
            TABLESPACE_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(TABLESPACE_KW);
                tablespace_ref_list(p);
                m.complete(p, PRIVILEGE_TABLESPACE);
            }
            // these allow schema
            SEQUENCE_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(SEQUENCE_KW);
                sequence_ref_list(p);
                m.complete(p, PRIVILEGE_SEQUENCE);
            }
            DOMAIN_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(DOMAIN_KW);
                domain_ref_list(p);
                m.complete(p, PRIVILEGE_DOMAIN);
            }
            TABLE_KW => {
                p.bump(TABLE_KW);
                relation_name_refs(p);
                m.complete(p, PRIVILEGE_TABLE);
            }
            FOREIGN_KW => {
                p.bump(FOREIGN_KW);
                if p.eat(DATA_KW) {
                    p.expect(WRAPPER_KW);
                    foreign_data_wrapper_ref_list(p);
                    m.complete(p, PRIVILEGE_FOREIGN_DATA_WRAPPER);
                } else {
                    p.expect(SERVER_KW);
                    server_ref_list(p);
                    m.complete(p, PRIVILEGE_FOREIGN_SERVER);
                }
            }
            LARGE_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(LARGE_KW);
                p.expect(OBJECT_KW);
                numeric_literal(p);
                while !p.at(EOF) && p.eat(COMMA) {
                    numeric_literal(p);
                }
                m.complete(p, PRIVILEGE_LARGE_OBJECT);
            }
            PROPERTY_KW if !p.nth_at_ts(1, PRIVILEGE_TARGET_FOLLOW) => {
                p.bump(PROPERTY_KW);
                p.expect(GRAPH_KW);
                property_graph_ref_list(p);
                m.complete(p, PRIVILEGE_PROPERTY_GRAPH);
            }
            // table_name [, ...]
            _ if p.at_ts(COL_LABEL_FIRST) => {
                relation_name_refs(p);
                m.complete(p, PRIVILEGE_DEFAULT);
            }
            _ => m.abandon(p),
        }
    }
}

// [ GRANTED BY role_specification ]
fn opt_granted_by(p: &mut Parser<'_>) {
    if p.at(GRANTED_KW) {
        let m = p.start();
        p.bump(GRANTED_KW);
        p.expect(BY_KW);
        role_ref(p);
        m.complete(p, GRANTED_BY_CLAUSE);
    }
}

// [ { ADMIN | INHERIT | SET } OPTION FOR ]
// [ GRANT OPTION FOR ]
fn opt_revoke_option_for(p: &mut Parser<'_>) {
    let kind = match p.current() {
        ADMIN_KW => ADMIN_OPTION_FOR,
        INHERIT_KW => INHERIT_OPTION_FOR,
        GRANT_KW => GRANT_OPTION_FOR,
        SET_KW if p.nth_at(1, OPTION_KW) => SET_OPTION_FOR,
        _ => return,
    };
    option_for(p, kind);
}

fn option_for(p: &mut Parser<'_>, kind: SyntaxKind) {
    let m = p.start();
    p.bump_any();
    p.expect(OPTION_KW);
    p.expect(FOR_KW);
    m.complete(p, kind);
}

// [ GRANT OPTION FOR ]
fn opt_grant_option_for(p: &mut Parser<'_>) {
    if !p.at(GRANT_KW) {
        return;
    }
    option_for(p, GRANT_OPTION_FOR);
}

// REVOKE [ GRANT OPTION FOR ]
//     { { SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER | MAINTAIN }
//     [, ...] | ALL [ PRIVILEGES ] }
//     ON { [ TABLE ] table_name [, ...]
//          | ALL TABLES IN SCHEMA schema_name [, ...] }
//     FROM role_specification [, ...]
//     [ GRANTED BY role_specification ]
//     [ CASCADE | RESTRICT ]
fn revoke(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(REVOKE_KW));
    let m = p.start();
    p.bump(REVOKE_KW);
    // TODO: we'll need a syntax validation for this since it uses specific
    // idents not purely keywords
    // TODO: we can cleanup this function a lot
    opt_revoke_option_for(p);
    privileges(p);
    // ON { [ TABLE ] table_name [, ...]
    //      | ALL TABLES IN SCHEMA schema_name [, ...] }
    // ON { SEQUENCE sequence_name [, ...]
    //      | ALL SEQUENCES IN SCHEMA schema_name [, ...] }
    // ON DATABASE database_name [, ...]
    // ON TABLESPACE tablespace_name [, ...]
    // ON { { FUNCTION | PROCEDURE | ROUTINE } function_name [ ( [ [ argmode ] [ arg_name ] arg_type [, ...] ] ) ] [, ...]
    //       | ALL { FUNCTIONS | PROCEDURES | ROUTINES } IN SCHEMA schema_name [, ...] }
    // ON PARAMETER configuration_parameter [, ...]
    opt_on_privilege_objects_clause(p);
    // FROM role_specification [, ...]
    p.expect(FROM_KW);
    role_list(p);
    // [ GRANTED BY role_specification ]
    opt_granted_by(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, REVOKE)
}

// { { SELECT | INSERT | UPDATE | REFERENCES } ( column_name [, ...] )
// [, ...] | ALL [ PRIVILEGES ] ( column_name [, ...] ) }
// { { SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER | MAINTAIN }
//  [, ...] | ALL [ PRIVILEGES ] }
fn privileges(p: &mut Parser<'_>) {
    // ALL [ PRIVILEGES ] [ ( column_name [, ...] ) ]
    if p.at(ALL_KW) {
        let m = p.start();
        p.bump(ALL_KW);
        p.eat(PRIVILEGES_KW);
        opt_column_ref_list(p);
        m.complete(p, ALL_PRIVILEGES);
    } else if !p.at(FROM_KW) && !p.at(TO_KW) {
        revoke_command_list(p);
    }
}

const REVOKE_COMMAND_FIRST: TokenSet = TokenSet::new(&[
    SELECT_KW,
    INSERT_KW,
    UPDATE_KW,
    DELETE_KW,
    TRUNCATE_KW,
    REFERENCES_KW,
    TRIGGER_KW,
    IDENT,
    ALL_KW,
    ALTER_KW,
    CREATE_KW,
    TEMPORARY_KW,
    TEMP_KW,
    EXECUTE_KW,
]);

fn revoke_command(p: &mut Parser<'_>) {
    let m = p.start();
    if !opt_role_ref(p) {
        if p.eat(ALTER_KW) {
            p.expect(SYSTEM_KW);
        } else if p.at_ts(REVOKE_COMMAND_FIRST) {
            p.bump_any();
        } else {
            p.error(format!("expected command name, got {:?}", p.current()))
        }
    }
    // [ ( column_name [, ...] ) ]
    opt_column_ref_list(p);
    m.complete(p, REVOKE_COMMAND);
}

// where role_specification can be:
//  | [ GROUP ] role_name
//  | PUBLIC
//  | CURRENT_ROLE
//  | CURRENT_USER
//  | SESSION_USER
fn role_ref(p: &mut Parser<'_>) {
    if !opt_role_ref(p) {
        p.error(format!("expected role, got {:?}", p.current()))
    }
}

fn user_mapping_role(p: &mut Parser<'_>) {
    let m = p.start();
    if p.at(USER_KW) {
        p.bump(USER_KW);
    } else {
        role_ref(p);
    }
    m.complete(p, USER_MAPPING_ROLE);
}

fn opt_role_ref(p: &mut Parser<'_>) -> bool {
    opt_role_(p, ROLE_REF)
}

fn role(p: &mut Parser<'_>) {
    if !opt_role_(p, ROLE) {
        p.error(format!("expected role, got {:?}", p.current()))
    }
}

fn opt_role_(p: &mut Parser<'_>, kind: SyntaxKind) -> bool {
    assert!(matches!(kind, ROLE | ROLE_REF));
    let m = p.start();
    match p.current() {
        GROUP_KW if kind == ROLE_REF => {
            p.bump(GROUP_KW);
            if matches!(
                p.current(),
                CURRENT_ROLE_KW | CURRENT_USER_KW | SESSION_USER_KW
            ) {
                role_ref_keyword(p, kind);
            } else {
                role_name(p, kind);
            }
        }
        CURRENT_ROLE_KW | CURRENT_USER_KW | SESSION_USER_KW => {
            role_ref_keyword(p, kind);
        }
        ALTER_KW => {
            if !p.nth_at(1, SYSTEM_KW) {
                role_name(p, kind);
            } else {
                m.abandon(p);
                return false;
            }
        }
        _ if p.at_ts(NON_RESERVED_WORD) => {
            role_name(p, kind);
        }
        _ => {
            m.abandon(p);
            return false;
        }
    }
    m.complete(p, kind);
    true
}

fn role_ref_keyword(p: &mut Parser<'_>, role_kind: SyntaxKind) {
    assert!(matches!(role_kind, ROLE | ROLE_REF));
    if role_kind == ROLE_REF {
        let m = p.start();
        let kind = match p.current() {
            CURRENT_ROLE_KW => ROLE_REF_CURRENT_ROLE,
            CURRENT_USER_KW => ROLE_REF_CURRENT_USER,
            SESSION_USER_KW => ROLE_REF_SESSION_USER,
            _ => unreachable!(),
        };
        p.bump_any();
        m.complete(p, kind);
    } else {
        p.bump_any();
    }
}

fn role_name(p: &mut Parser<'_>, role_kind: SyntaxKind) {
    assert!(matches!(role_kind, ROLE | ROLE_REF));
    if role_kind == ROLE_REF {
        let m = p.start();
        pg_name(p);
        m.complete(p, ROLE_NAME_REF);
    } else {
        pg_name(p);
    }
}

// SECURITY LABEL [ FOR provider ] ON
// {
//   TABLE object_name |
//   COLUMN table_name.column_name |
//   AGGREGATE aggregate_name ( aggregate_signature ) |
//   DATABASE object_name |
//   DOMAIN object_name |
//   EVENT TRIGGER object_name |
//   FOREIGN TABLE object_name |
//   FUNCTION function_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   LARGE OBJECT large_object_oid |
//   MATERIALIZED VIEW object_name |
//   [ PROCEDURAL ] LANGUAGE object_name |
//   PROCEDURE procedure_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   PUBLICATION object_name |
//   ROLE object_name |
//   ROUTINE routine_name [ ( [ [ argmode ] [ argname ] argtype [, ...] ] ) ] |
//   SCHEMA object_name |
//   SEQUENCE object_name |
//   SUBSCRIPTION object_name |
//   TABLESPACE object_name |
//   TYPE object_name |
//   VIEW object_name
// } IS { string_literal | NULL }
//
// where aggregate_signature is:
// * |
// [ argmode ] [ argname ] argtype [ , ... ] |
// [ [ argmode ] [ argname ] argtype [ , ... ] ] ORDER BY [ argmode ] [ argname ] argtype [ , ... ]
fn security_label_object(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        DOMAIN_KW | TYPE_KW => {
            let is_domain = p.at(DOMAIN_KW);
            let kind = if is_domain {
                OBJECT_DOMAIN
            } else {
                OBJECT_TYPE
            };
            p.bump_any();
            if is_domain {
                domain_ref(p);
            } else {
                type_name_ref(p);
            }
            m.complete(p, kind);
        }
        TABLE_KW => {
            p.bump(TABLE_KW);
            table_name_ref(p);
            m.complete(p, OBJECT_TABLE);
        }
        VIEW_KW => {
            p.bump(VIEW_KW);
            view_ref(p);
            m.complete(p, OBJECT_VIEW);
        }
        SEQUENCE_KW => {
            p.bump(SEQUENCE_KW);
            sequence_ref(p);
            m.complete(p, OBJECT_SEQUENCE);
        }
        DATABASE_KW => {
            p.bump(DATABASE_KW);
            database_ref(p);
            m.complete(p, OBJECT_DATABASE);
        }
        PUBLICATION_KW => {
            p.bump(PUBLICATION_KW);
            publication_ref(p);
            m.complete(p, OBJECT_PUBLICATION);
        }
        ROLE_KW => {
            p.bump(ROLE_KW);
            role_ref(p);
            m.complete(p, OBJECT_ROLE);
        }
        SCHEMA_KW => {
            p.bump(SCHEMA_KW);
            schema_ref(p);
            m.complete(p, OBJECT_SCHEMA);
        }
        SUBSCRIPTION_KW => {
            p.bump(SUBSCRIPTION_KW);
            subscription_ref(p);
            m.complete(p, OBJECT_SUBSCRIPTION);
        }
        TABLESPACE_KW => {
            p.bump(TABLESPACE_KW);
            tablespace_ref(p);
            m.complete(p, OBJECT_TABLESPACE);
        }
        COLUMN_KW => {
            p.bump(COLUMN_KW);
            qualified_column_name_ref(p);
            m.complete(p, OBJECT_COLUMN);
        }
        EVENT_KW => {
            p.bump(EVENT_KW);
            p.expect(TRIGGER_KW);
            event_trigger_ref(p);
            m.complete(p, OBJECT_EVENT_TRIGGER);
        }
        FOREIGN_KW => {
            p.bump(FOREIGN_KW);
            p.expect(TABLE_KW);
            table_name_ref(p);
            m.complete(p, OBJECT_FOREIGN_TABLE);
        }
        // [ PROCEDURAL ] LANGUAGE object_name
        PROCEDURAL_KW | LANGUAGE_KW => {
            p.eat(PROCEDURAL_KW);
            p.expect(LANGUAGE_KW);
            language_ref(p);
            m.complete(p, OBJECT_LANGUAGE);
        }
        // LARGE OBJECT large_object_oid
        LARGE_KW => {
            p.bump(LARGE_KW);
            p.expect(OBJECT_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected large_object_oid")
            }
            m.complete(p, OBJECT_LARGE_OBJECT);
        }
        MATERIALIZED_KW => {
            p.bump(MATERIALIZED_KW);
            p.expect(VIEW_KW);
            view_ref(p);
            m.complete(p, OBJECT_MATERIALIZED_VIEW);
        }
        FUNCTION_KW | PROCEDURE_KW | ROUTINE_KW => {
            let kind = routine_sig_with_keyword(p);
            m.complete(p, kind);
        }
        AGGREGATE_KW => {
            p.bump(AGGREGATE_KW);
            aggregate(p);
            m.complete(p, OBJECT_AGGREGATE);
        }
        _ => {
            p.error("expected database object name");
            m.abandon(p);
        }
    }
}

fn security_label(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SECURITY_KW) && p.nth_at(1, LABEL_KW));
    let m = p.start();
    p.bump(SECURITY_KW);
    p.bump(LABEL_KW);
    opt_for_provider(p);
    p.expect(ON_KW);
    security_label_object(p);
    p.expect(IS_KW);
    if !p.eat(NULL_KW) {
        string_literal(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, SECURITY_LABEL)
}

fn opt_for_provider(p: &mut Parser<'_>) {
    if p.at(FOR_KW) {
        let m = p.start();
        p.bump(FOR_KW);
        if p.at_ts(STRING_FIRST) {
            string_literal(p);
        } else {
            security_label_provider(p);
        }
        m.complete(p, FOR_PROVIDER);
    }
}

fn security_label_provider(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, SECURITY_LABEL_PROVIDER);
}

fn agg_args(p: &mut Parser<'_>) {
    match p.current() {
        STAR => p.bump(STAR),
        ORDER_KW => aggregate_order_by(p),
        _ => {
            param(p, ParamKind::All);
            while p.eat(COMMA) {
                param(p, ParamKind::All);
            }
            if p.at(ORDER_KW) {
                aggregate_order_by(p);
            }
        }
    }
}

// ORDER BY [ argmode ] [ argname ] argtype [ , ... ]
fn aggregate_order_by(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump(ORDER_KW);
    p.expect(BY_KW);
    param(p, ParamKind::All);
    while p.eat(COMMA) {
        param(p, ParamKind::All);
    }
    m.complete(p, AGGREGATE_ORDER_BY);
}

fn aggregate_arg_list(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(L_PAREN);
    agg_args(p);
    p.expect(R_PAREN);
    m.complete(p, PARAM_LIST);
}

// { DEFERRED | IMMEDIATE }
fn constraint_timing(p: &mut Parser<'_>) {
    let kind = match p.current() {
        DEFERRED_KW => DEFERRED,
        IMMEDIATE_KW => IMMEDIATE,
        _ => {
            p.error("expected DEFERRED or IMMEDIATE");
            return;
        }
    };
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

// SET CONSTRAINTS { ALL | name [, ...] } { DEFERRED | IMMEDIATE }
fn set_constraints(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SET_KW) && p.nth_at(1, CONSTRAINTS_KW));
    let m = p.start();
    p.bump(SET_KW);
    p.bump(CONSTRAINTS_KW);
    if !p.eat(ALL_KW) {
        constraint_name_ref_list(p);
    }
    constraint_timing(p);
    p.eat(SEMICOLON);
    m.complete(p, SET_CONSTRAINTS)
}

const SET_SCOPE_FOLLOW: TokenSet = TokenSet::new(&[EQ, TO_KW, DOT, FROM_KW]);

// [ SESSION | LOCAL ]
fn opt_set_scope(p: &mut Parser<'_>) {
    let kind = match p.current() {
        SESSION_KW => SESSION_SCOPE,
        LOCAL_KW => LOCAL_SCOPE,
        _ => return,
    };
    if p.nth_at_ts(1, SET_SCOPE_FOLLOW) {
        return;
    }
    let m = p.start();
    p.bump_any();
    m.complete(p, kind);
}

// SET [ SESSION | LOCAL ] ROLE [ TO ] role_name
// SET [ SESSION | LOCAL ] ROLE [ TO ] NONE
// RESET ROLE
fn set_role(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SET_KW));
    let m = p.start();
    p.bump(SET_KW);
    opt_set_scope(p);
    p.expect(ROLE_KW);
    p.eat(TO_KW);
    if p.at(NONE_KW) {
        let target = p.start();
        p.bump(NONE_KW);
        target.complete(p, SET_ROLE_NONE);
    } else if opt_string_literal(p).is_none() {
        role_ref(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, SET_ROLE)
}

// RESET ROLE
fn reset_role(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(RESET_KW));
    let m = p.start();
    p.bump(RESET_KW);
    p.expect(ROLE_KW);
    p.eat(SEMICOLON);
    m.complete(p, RESET_ROLE)
}

// SET [ SESSION | LOCAL ] SESSION AUTHORIZATION user_name
// SET [ SESSION | LOCAL ] SESSION AUTHORIZATION DEFAULT
fn set_session_auth(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SET_KW));
    let m = p.start();
    p.bump(SET_KW);
    if p.at(LOCAL_KW) || (p.at(SESSION_KW) && p.nth_at(1, SESSION_KW)) {
        opt_set_scope(p);
    }
    p.expect(SESSION_KW);
    p.expect(AUTHORIZATION_KW);
    if p.at(DEFAULT_KW) {
        let target = p.start();
        p.bump(DEFAULT_KW);
        target.complete(p, SET_SESSION_AUTH_DEFAULT);
    } else if opt_string_literal(p).is_none() {
        role_ref(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, SET_SESSION_AUTH)
}

// RESET SESSION AUTHORIZATION
fn reset_session_auth(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(RESET_KW));
    let m = p.start();
    p.bump(RESET_KW);
    p.expect(SESSION_KW);
    p.expect(AUTHORIZATION_KW);
    p.eat(SEMICOLON);
    m.complete(p, RESET_SESSION_AUTH)
}
fn opt_transaction_mode_list(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    // TODO: generalize
    // transaction_mode [, ...]
    if !p.at_ts(TRANSACTION_MODE_FIRST) {
        return None;
    }
    let m = p.start();
    while !p.at(EOF) {
        if !opt_transaction_mode(p) {
            p.error("expected transaction mode");
        }
        if p.eat(COMMA) && !p.at_ts(TRANSACTION_MODE_FIRST) {
            p.error("expected transaction mode after comma");
            break;
        }
        if !p.at_ts(TRANSACTION_MODE_FIRST) {
            break;
        }
    }
    Some(m.complete(p, TRANSACTION_MODE_LIST))
}

// SET TRANSACTION transaction_mode [, ...]
// SET TRANSACTION SNAPSHOT snapshot_id
// SET SESSION CHARACTERISTICS AS TRANSACTION transaction_mode [, ...]
//
// where transaction_mode is one of:
//     ISOLATION LEVEL { SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED }
//     READ WRITE | READ ONLY
//     [ NOT ] DEFERRABLE
fn set_transaction(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SET_KW));
    let m = p.start();
    p.bump(SET_KW);
    if p.at(SESSION_KW) {
        let m = p.start();
        p.bump(SESSION_KW);
        p.expect(CHARACTERISTICS_KW);
        p.expect(AS_KW);
        p.expect(TRANSACTION_KW);
        opt_transaction_mode_list(p);
        m.complete(p, SESSION_CHARACTERISTICS);
    } else {
        let m = p.start();
        p.expect(TRANSACTION_KW);
        // [ SNAPSHOT snapshot_id ]
        let kind = if p.eat(SNAPSHOT_KW) {
            string_literal(p);
            TRANSACTION_SNAPSHOT
        } else {
            opt_transaction_mode_list(p);
            TRANSACTION_MODES
        };
        m.complete(p, kind);
    }
    p.eat(SEMICOLON);
    m.complete(p, SET_TRANSACTION)
}

// VALUES ( expression [, ...] ) [, ...]
//     [ ORDER BY sort_expression [ ASC | DESC | USING operator ] [, ...] ]
//     [ LIMIT { count | ALL } ]
//     [ OFFSET start [ ROW | ROWS ] ]
//     [ FETCH { FIRST | NEXT } [ count ] { ROW | ROWS } ONLY ]
fn values(p: &mut Parser<'_>, m: Option<Marker>, r: &SelectRestrictions) -> CompletedMarker {
    let m = m.unwrap_or_else(|| p.start());
    p.bump(VALUES_KW);
    row_list(p);
    if p.at_ts(COMPOUND_SELECT_FIRST) && r.compound_allowed {
        let cm = m.complete(p, VALUES);
        return compound_select(p, cm, r);
    }
    if r.trailing_clauses {
        opt_select_trailing_clauses(p);
    }
    if r.semi_allowed {
        p.eat(SEMICOLON);
    }
    m.complete(p, VALUES)
}

// ( expression [, ...] ) [, ...]
fn row_list(p: &mut Parser<'_>) {
    let m = p.start();
    let mut found_row = false;
    while !p.at(EOF) {
        if !p.at(L_PAREN) {
            p.err_and_bump("expected L_PAREN");
            continue;
        }
        row(p);
        found_row = true;
        if p.eat(COMMA) {
            while p.at(COMMA) {
                p.err_and_bump("expected L_PAREN");
            }
            if !p.at(L_PAREN) {
                p.error("expected row after comma");
                break;
            }
        } else if p.at(L_PAREN) {
            p.error("expected COMMA");
        } else {
            break;
        }
    }
    if found_row {
        m.complete(p, ROW_LIST);
    } else {
        m.abandon(p);
        p.error("expected row list");
    }
}

// ( expression [, ...] )
fn row(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "expected expression".to_string(),
        EXPR_FIRST,
        |p| expr(p).is_some(),
    );
    m.complete(p, ROW);
}

const REINDEX_OPTION_FIRST: TokenSet = TokenSet::new(&[CONCURRENTLY_KW, VERBOSE_KW, TABLESPACE_KW]);

// option can be one of:
//     CONCURRENTLY [ boolean ]
//     TABLESPACE new_tablespace
//     VERBOSE [ boolean ]
fn opt_reindex_option(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    match p.current() {
        CONCURRENTLY_KW => {
            p.bump(CONCURRENTLY_KW);
            opt_utility_option_arg(p);
            m.complete(p, REINDEX_OPTION_CONCURRENTLY);
            true
        }
        TABLESPACE_KW => {
            p.bump(TABLESPACE_KW);
            tablespace_ref(p);
            m.complete(p, REINDEX_OPTION_TABLESPACE);
            true
        }
        VERBOSE_KW => {
            p.bump(VERBOSE_KW);
            opt_utility_option_arg(p);
            m.complete(p, REINDEX_OPTION_VERBOSE);
            true
        }
        _ => {
            m.abandon(p);
            false
        }
    }
}

// REINDEX [ ( option [, ...] ) ] { INDEX | TABLE | SCHEMA } [ CONCURRENTLY ] name
// REINDEX [ ( option [, ...] ) ] { DATABASE | SYSTEM } [ CONCURRENTLY ] [ name ]
fn reindex(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(REINDEX_KW));
    let m = p.start();
    p.bump(REINDEX_KW);
    if p.at(L_PAREN) {
        let options = p.start();
        delimited(
            p,
            L_PAREN,
            R_PAREN,
            COMMA,
            ListItems::Required,
            || "unexpected comma".to_string(),
            REINDEX_OPTION_FIRST,
            opt_reindex_option,
        );
        options.complete(p, REINDEX_OPTION_LIST);
    }
    match p.current() {
        INDEX_KW => {
            let m = p.start();
            p.bump(INDEX_KW);
            p.eat(CONCURRENTLY_KW);
            index_ref(p);
            m.complete(p, REINDEX_TARGET_INDEX);
        }
        TABLE_KW => {
            let m = p.start();
            p.bump(TABLE_KW);
            p.eat(CONCURRENTLY_KW);
            if opt_table_name_ref(p).is_none() {
                p.error("expected name");
            }
            m.complete(p, REINDEX_TARGET_TABLE);
        }
        SCHEMA_KW => {
            let m = p.start();
            p.bump(SCHEMA_KW);
            p.eat(CONCURRENTLY_KW);
            schema_ref(p);
            m.complete(p, REINDEX_TARGET_SCHEMA);
        }
        DATABASE_KW => {
            let m = p.start();
            p.bump(DATABASE_KW);
            p.eat(CONCURRENTLY_KW);
            opt_database_ref(p);
            m.complete(p, REINDEX_TARGET_DATABASE);
        }
        SYSTEM_KW => {
            let m = p.start();
            p.bump(SYSTEM_KW);
            p.eat(CONCURRENTLY_KW);
            opt_database_ref(p);
            m.complete(p, REINDEX_TARGET_SYSTEM);
        }
        _ => {
            p.error("expected INDEX, TABLE, SCHEMA, DATABASE, or SYSTEM");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, REINDEX)
}

// DROP VIEW [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_view(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, VIEW_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(VIEW_KW);
    opt_if_exists(p);
    // name [, ...]
    view_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_VIEW)
}

// [ WITH [ CASCADED | LOCAL ] CHECK OPTION ]
fn opt_with_check_option(p: &mut Parser<'_>) {
    if !p.at(WITH_KW) {
        return;
    }
    let m = p.start();
    p.bump(WITH_KW);
    if p.at(CASCADED_KW) || p.at(LOCAL_KW) {
        let level = p.start();
        let kind = if p.at(CASCADED_KW) {
            CASCADED_CHECK_OPTION
        } else {
            LOCAL_CHECK_OPTION
        };
        p.bump_any();
        level.complete(p, kind);
    }
    p.expect(CHECK_KW);
    p.expect(OPTION_KW);
    m.complete(p, WITH_CHECK_OPTION);
}

// CREATE [ OR REPLACE ] [ TEMP | TEMPORARY ] [ RECURSIVE ] VIEW name [ ( column_name [, ...] ) ]
//     [ WITH ( view_option_name [= view_option_value] [, ... ] ) ]
//     AS query
//     [ WITH [ CASCADED | LOCAL ] CHECK OPTION ]
fn create_view(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    opt_or_replace(p);
    opt_persistence(p);
    p.eat(RECURSIVE_KW);
    p.expect(VIEW_KW);
    view(p);
    // [ ( column_name [, ...] ) ]
    opt_column_list_with(p, ColumnDefKind::Name);
    // [ WITH ( view_option_name [= view_option_value] [, ... ] ) ]
    // TODO: this can be more specific
    opt_with_params(p);
    p.expect(AS_KW);
    match stmt(p, &StmtRestrictions::default()) {
        Some(statement) => match statement.kind() {
            SELECT | COMPOUND_SELECT | SELECT_INTO | VALUES | TABLE | PAREN_SELECT => (),
            kind => p.error(format!("expected SELECT, got {kind:?}")),
        },
        None => p.error("expected SELECT"),
    }
    opt_with_check_option(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_VIEW)
}

// EXECUTE name [ ( parameter [, ...] ) ]
fn execute(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(EXECUTE_KW));
    let m = p.start();
    p.bump(EXECUTE_KW);
    prepared_statement_ref(p);
    // [ ( parameter [, ...] ) ]
    if p.at(L_PAREN) {
        arg_list(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, EXECUTE)
}

// PREPARE name [ ( data_type [, ...] ) ] AS statement
fn prepare(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(PREPARE_KW));
    let m = p.start();
    p.bump(PREPARE_KW);
    prepared_statement(p);
    opt_param_list(p, ParamKind::TypeOnly);
    p.expect(AS_KW);
    preparable_stmt(p);
    p.eat(SEMICOLON);
    m.complete(p, PREPARE)
}

// UNLISTEN { channel | * }
fn unlisten(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(UNLISTEN_KW));
    let m = p.start();
    p.bump(UNLISTEN_KW);
    if !p.eat(STAR) {
        channel_ref(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, UNLISTEN)
}

// CHECKPOINT [ ( option [, ...] ) ]
fn checkpoint(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CHECKPOINT_KW));
    let m = p.start();
    p.bump(CHECKPOINT_KW);
    opt_checkpoint_option_list(p);
    p.eat(SEMICOLON);
    m.complete(p, CHECKPOINT)
}

fn opt_checkpoint_option_list(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(L_PAREN) {
        return None;
    }
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        NAME_FIRST,
        opt_checkpoint_option,
    );
    Some(m.complete(p, CHECKPOINT_OPTION_LIST))
}

fn opt_checkpoint_option(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(NAME_FIRST) {
        return false;
    }
    let m = p.start();
    checkpoint_option_name(p);
    opt_expr(p);
    m.complete(p, CHECKPOINT_OPTION);
    true
}

fn checkpoint_option_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, CHECKPOINT_OPTION_NAME);
}

// DEALLOCATE [ PREPARE ] { name | ALL }
fn deallocate(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DEALLOCATE_KW));
    let m = p.start();
    p.bump(DEALLOCATE_KW);
    p.eat(PREPARE_KW);
    if !p.eat(ALL_KW) {
        prepared_statement_ref(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, DEALLOCATE)
}

// LOAD string
fn load(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(LOAD_KW));
    let m = p.start();
    p.bump(LOAD_KW);
    string_literal(p);
    p.eat(SEMICOLON);
    m.complete(p, LOAD)
}

// LISTEN channel
fn listen(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(LISTEN_KW));
    let m = p.start();
    p.bump(LISTEN_KW);
    channel(p);
    p.eat(SEMICOLON);
    m.complete(p, LISTEN)
}

// NOTIFY channel [ , payload ]
fn notify(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(NOTIFY_KW));
    let m = p.start();
    p.bump(NOTIFY_KW);
    channel_ref(p);
    // [ , payload ]
    if p.eat(COMMA) {
        string_literal(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, NOTIFY)
}

fn reset(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(RESET_KW));
    let m = p.start();
    p.bump(RESET_KW);
    match p.current() {
        ALL_KW => {
            let m = p.start();
            p.bump(ALL_KW);
            m.complete(p, ALL);
        }
        TRANSACTION_KW => {
            let m = p.start();
            p.bump(TRANSACTION_KW);
            p.expect(ISOLATION_KW);
            p.expect(LEVEL_KW);
            m.complete(p, RESET_TRANSACTION_ISOLATION);
        }
        TIME_KW => {
            let m = p.start();
            p.bump(TIME_KW);
            p.expect(ZONE_KW);
            m.complete(p, RESET_TIME_ZONE);
        }
        _ => {
            config_parameter_ref(p);
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, RESET)
}

// DISCARD { ALL | PLANS | SEQUENCES | TEMPORARY | TEMP }
fn discard(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DISCARD_KW));
    let m = p.start();
    p.bump(DISCARD_KW);
    opt_discard_target(p);
    p.eat(SEMICOLON);
    m.complete(p, DISCARD)
}

const DISCARD_TARGET_FIRST: TokenSet =
    TokenSet::new(&[ALL_KW, PLANS_KW, SEQUENCES_KW, TEMP_KW, TEMPORARY_KW]);

fn opt_discard_target(p: &mut Parser<'_>) {
    if !p.at_ts(DISCARD_TARGET_FIRST) {
        return;
    }
    let m = p.start();
    let kind = match p.current() {
        ALL_KW => DISCARD_ALL,
        PLANS_KW => DISCARD_PLANS,
        SEQUENCES_KW => DISCARD_SEQUENCES,
        TEMP_KW | TEMPORARY_KW => DISCARD_TEMP,
        _ => unreachable!(),
    };
    p.bump_any();
    m.complete(p, kind);
}

fn opt_temp(p: &mut Parser<'_>) -> bool {
    p.eat(TEMP_KW) || p.eat(TEMPORARY_KW)
}

fn opt_do_language(p: &mut Parser<'_>) {
    if !p.at(LANGUAGE_KW) {
        return;
    }
    let m = p.start();
    p.bump(LANGUAGE_KW);
    if p.at_ts(NON_RESERVED_WORD) {
        language_ref(p);
    } else {
        string_literal(p);
    }
    m.complete(p, DO_LANGUAGE);
}

// DO [ LANGUAGE lang_name ] code
fn do_(p: &mut Parser<'_>, semi_allowed: bool) -> CompletedMarker {
    assert!(p.at(DO_KW));
    let m = p.start();
    p.bump(DO_KW);
    opt_do_language(p);
    string_literal(p);
    opt_do_language(p);
    if semi_allowed {
        p.eat(SEMICOLON);
    }
    m.complete(p, DO)
}

pub(crate) fn opt_cursor_scroll(p: &mut Parser<'_>) {
    match p.current() {
        NO_KW => {
            let m = p.start();
            p.bump(NO_KW);
            p.expect(SCROLL_KW);
            m.complete(p, NO_SCROLL);
        }
        SCROLL_KW => {
            let m = p.start();
            p.bump(SCROLL_KW);
            m.complete(p, SCROLL);
        }
        _ => (),
    }
}

// DECLARE name [ BINARY ] [ ASENSITIVE | INSENSITIVE ] [ [ NO ] SCROLL ]
//     CURSOR [ { WITH | WITHOUT } HOLD ] FOR query
fn declare(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DECLARE_KW));
    let m = p.start();
    p.bump(DECLARE_KW);
    cursor(p);
    // [ BINARY ]
    p.eat(BINARY_KW);
    // [ ASENSITIVE | INSENSITIVE ]
    match p.current() {
        ASENSITIVE_KW => {
            let m = p.start();
            p.bump(ASENSITIVE_KW);
            m.complete(p, ASENSITIVE);
        }
        INSENSITIVE_KW => {
            let m = p.start();
            p.bump(INSENSITIVE_KW);
            m.complete(p, INSENSITIVE);
        }
        _ => (),
    }
    // [ [ NO ] SCROLL ]
    opt_cursor_scroll(p);
    p.expect(CURSOR_KW);
    // [ { WITH | WITHOUT } HOLD ]
    match p.current() {
        WITH_KW => {
            let m = p.start();
            p.bump(WITH_KW);
            p.expect(HOLD_KW);
            m.complete(p, WITH_HOLD);
        }
        WITHOUT_KW => {
            let m = p.start();
            p.bump(WITHOUT_KW);
            p.expect(HOLD_KW);
            m.complete(p, WITHOUT_HOLD);
        }
        _ => (),
    }
    p.expect(FOR_KW);
    // select stmt
    let statement = stmt(p, &StmtRestrictions::default());
    match statement.map(|x| x.kind()) {
        Some(SELECT | SELECT_INTO | COMPOUND_SELECT | TABLE | VALUES | PAREN_SELECT) => (),
        Some(kind) => {
            p.error(format!(
                "expected SELECT, TABLE, or VALUES statement, got {kind:?}",
            ));
        }
        None => {
            p.error("expected SELECT, TABLE, or VALUES statement");
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, DECLARE)
}

pub(crate) fn opt_direction(p: &mut Parser<'_>) -> bool {
    match p.current() {
        NEXT_KW => {
            let m = p.start();
            p.bump(NEXT_KW);
            m.complete(p, NEXT);
        }
        PRIOR_KW => {
            let m = p.start();
            p.bump(PRIOR_KW);
            m.complete(p, PRIOR);
        }
        FIRST_KW => {
            let m = p.start();
            p.bump(FIRST_KW);
            m.complete(p, FIRST);
        }
        LAST_KW => {
            let m = p.start();
            p.bump(LAST_KW);
            m.complete(p, LAST);
        }
        ALL_KW => {
            let m = p.start();
            p.bump(ALL_KW);
            m.complete(p, ALL);
        }
        RELATIVE_KW => {
            let m = p.start();
            p.bump(RELATIVE_KW);
            if b_expr(p).is_none() {
                p.error("expected count")
            }
            m.complete(p, RELATIVE);
        }
        ABSOLUTE_KW => {
            let m = p.start();
            p.bump(ABSOLUTE_KW);
            if b_expr(p).is_none() {
                p.error("expected count")
            }
            m.complete(p, ABSOLUTE);
        }
        FORWARD_KW => {
            let m = p.start();
            p.bump(FORWARD_KW);
            if !p.eat(ALL_KW) && p.at_ts(EXPR_FIRST) {
                let _ = b_expr(p);
            }
            m.complete(p, FORWARD);
        }
        BACKWARD_KW => {
            let m = p.start();
            p.bump(BACKWARD_KW);
            if !p.eat(ALL_KW) && p.at_ts(EXPR_FIRST) {
                let _ = b_expr(p);
            }
            m.complete(p, BACKWARD);
        }
        // count
        _ if p.at_ts(NUMERIC_FIRST) || p.at(MINUS) || p.at(PLUS) => {
            if b_expr(p).is_none() {
                p.error("expected count")
            }
        }
        _ => return false,
    }
    true
}

// MOVE [ direction ] [ FROM | IN ] cursor_name
// where direction can be one of:
//     NEXT
//     PRIOR
//     FIRST
//     LAST
//     ABSOLUTE count
//     RELATIVE count
//     count
//     ALL
//     FORWARD
//     FORWARD count
//     FORWARD ALL
//     BACKWARD
//     BACKWARD count
//     BACKWARD ALL
fn move_(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(MOVE_KW));
    let m = p.start();
    p.bump(MOVE_KW);
    opt_direction(p);
    let _ = p.eat(FROM_KW) || p.eat(IN_KW);
    // cursor_name
    cursor_ref(p);
    p.eat(SEMICOLON);
    m.complete(p, MOVE)
}

// FETCH [ direction ] [ FROM | IN ] cursor_name
// where direction can be one of:
//     NEXT
//     PRIOR
//     FIRST
//     LAST
//     ABSOLUTE count
//     RELATIVE count
//     count
//     ALL
//     FORWARD
//     FORWARD count
//     FORWARD ALL
//     BACKWARD
//     BACKWARD count
//     BACKWARD ALL
fn fetch(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(FETCH_KW));
    let m = p.start();
    p.bump(FETCH_KW);
    opt_direction(p);
    let _ = p.eat(FROM_KW) || p.eat(IN_KW);
    // cursor_name
    cursor_ref(p);
    p.eat(SEMICOLON);
    m.complete(p, FETCH)
}

// CLOSE { name | ALL }
fn close(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CLOSE_KW));
    let m = p.start();
    p.bump(CLOSE_KW);
    if !p.eat(ALL_KW) {
        cursor_ref(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, CLOSE)
}

// TRUNCATE [ TABLE ] [ ONLY ] name [ * ] [, ... ]
//   [ RESTART IDENTITY | CONTINUE IDENTITY ] [ CASCADE | RESTRICT ]
fn truncate(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(TRUNCATE_KW));
    let m = p.start();
    p.bump(TRUNCATE_KW);
    p.eat(TABLE_KW);
    table_list(p);
    if p.at(RESTART_KW) {
        let m = p.start();
        p.bump(RESTART_KW);
        p.expect(IDENTITY_KW);
        m.complete(p, RESTART_IDENTITY);
    }
    if p.at(CONTINUE_KW) {
        let m = p.start();
        p.bump(CONTINUE_KW);
        p.expect(IDENTITY_KW);
        m.complete(p, CONTINUE_IDENTITY);
    }
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, TRUNCATE)
}

// VACUUM [ ( option [, ...] ) ] [ table_and_columns [, ...] ]
//
// where option can be one of:
//     FULL [ boolean ]
//     FREEZE [ boolean ]
//     VERBOSE [ boolean ]
//     ANALYZE [ boolean ]
//     DISABLE_PAGE_SKIPPING [ boolean ]
//     SKIP_LOCKED [ boolean ]
//     INDEX_CLEANUP { AUTO | ON | OFF }
//     PROCESS_MAIN [ boolean ]
//     PROCESS_TOAST [ boolean ]
//     TRUNCATE [ boolean ]
//     PARALLEL integer
//     SKIP_DATABASE_STATS [ boolean ]
//     ONLY_DATABASE_STATS [ boolean ]
//     BUFFER_USAGE_LIMIT size
//
// and table_and_columns is:
//     table_name [ ( column_name [, ...] ) ]
//
// pre postgres 9 syntax:
//
// VACUUM [ FULL ] [ FREEZE ] [ VERBOSE ] [ ANALYZE ] [ table_and_columns [, ...] ]
fn vacuum(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(VACUUM_KW));
    let m = p.start();
    p.bump(VACUUM_KW);
    // [ FULL ]
    p.eat(FULL_KW);
    // [ FREEZE ]
    p.eat(FREEZE_KW);
    // [ VERBOSE ]
    p.eat(VERBOSE_KW);
    // [ ANALYZE ]
    let _ = p.eat(ANALYZE_KW) || p.eat(ANALYSE_KW);
    opt_vacuum_option_list(p);
    opt_table_and_columns_list(p);
    p.eat(SEMICOLON);
    m.complete(p, VACUUM)
}

// [ ( option [, ...] ) ]
fn opt_vacuum_option_list(p: &mut Parser<'_>) {
    if p.at(L_PAREN) {
        let m = p.start();
        delimited(
            p,
            L_PAREN,
            R_PAREN,
            COMMA,
            ListItems::Required,
            || "unexpected comma".to_string(),
            VACUUM_OPTION_FIRST,
            |p| opt_vacuum_option(p).is_some(),
        );
        m.complete(p, VACUUM_OPTION_LIST);
    }
}

// [ table_and_columns [, ...] ]
// where table_and_coumns is:
//  table_name [ ( column_name [, ...] ) ]
fn opt_table_and_columns_list(p: &mut Parser<'_>) {
    let m = p.start();
    if !opt_table_and_columns(p) {
        m.abandon(p);
        return;
    }
    while p.eat(COMMA) {
        if !opt_table_and_columns(p) {
            p.error("expected table name after comma");
            break;
        }
    }
    m.complete(p, TABLE_AND_COLUMNS_LIST);
}

fn opt_table_and_columns(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if opt_table_relation_name(p).is_none() {
        m.abandon(p);
        return false;
    }
    opt_column_ref_list(p);
    m.complete(p, TABLE_AND_COLUMNS);
    true
}

const VACUUM_OPTION_FIRST: TokenSet = NON_RESERVED_WORD
    .union(TokenSet::new(&[ANALYZE_KW, ANALYSE_KW, FORMAT_KW, ON_KW]))
    .union(UTILITY_OPTION_ARG_FIRST);

// where option can be one of:
//   FORMAT format_name
//   FREEZE [ boolean ]
//   DELIMITER 'delimiter_character'
//   NULL 'null_string'
//   DEFAULT 'default_string'
//   HEADER [ boolean | MATCH ]
//   QUOTE 'quote_character'
//   ESCAPE 'escape_character'
//   FORCE_QUOTE { ( column_name [, ...] ) | * }
//   FORCE_NOT_NULL { ( column_name [, ...] ) | * }
//   FORCE_NULL { ( column_name [, ...] ) | * }
//   ON_ERROR error_action
//   ENCODING 'encoding_name'
//   LOG_VERBOSITY verbosity
fn opt_vacuum_option(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(VACUUM_OPTION_FIRST) {
        return None;
    }
    let m = p.start();
    // utility_option_name
    if p.at_ts(NON_RESERVED_WORD) || p.at(ANALYZE_KW) || p.at(ANALYSE_KW) || p.at(FORMAT_KW) {
        vacuum_option_name(p);
    }
    opt_vacuum_option_value(p);
    Some(m.complete(p, VACUUM_OPTION))
}

fn vacuum_option_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, VACUUM_OPTION_NAME);
}

// utility_option_arg
fn opt_vacuum_option_value(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if opt_bool_literal(p) || opt_numeric_literal(p).is_some() || opt_string_literal(p).is_some() {
        return Some(m.complete(p, VACUUM_OPTION_VALUE));
    }
    if p.eat(NO_KW) || p.eat(YES_KW) {
        return Some(m.complete(p, VACUUM_OPTION_VALUE));
    }
    if p.at_ts(NON_RESERVED_WORD) {
        vacuum_option_value_name(p);
        return Some(m.complete(p, VACUUM_OPTION_VALUE));
    }
    m.abandon(p);
    None
}

fn vacuum_option_value_name(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, VACUUM_OPTION_VALUE_NAME);
}

// copy_generic_opt_elem:
//       ColLabel copy_generic_opt_arg
//
// copy_generic_opt_arg:
//       opt_boolean_or_string
//       | NumericOnly
//       | '*'
//       | DEFAULT
//       | '(' copy_generic_opt_arg_list ')'
//       | /* EMPTY */
fn opt_copy_option(p: &mut Parser) -> bool {
    let m = p.start();
    if !p.at_ts(COL_LABEL_FIRST) {
        m.abandon(p);
        return false;
    }
    copy_option_key(p);
    copy_option_value(p);
    m.complete(p, COPY_OPTION);
    true
}

fn copy_option_key(p: &mut Parser<'_>) {
    let m = p.start();
    pg_name(p);
    m.complete(p, COPY_OPTION_KEY);
}

fn copy_option_value(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        STAR | DEFAULT_KW | ON_KW | OFF_KW => {
            p.bump_any();
        }
        L_PAREN => {
            copy_option_arg_list(p);
        }
        _ => {
            if p.at_ts(NON_RESERVED_WORD) {
                let m = p.start();
                p.bump_any();
                m.complete(p, COPY_OPTION_VALUE_NAME);
            } else if opt_numeric_literal(p).is_none()
                && opt_string_literal(p).is_none()
                && !opt_bool_literal(p)
            {
                m.abandon(p);
                return;
            }
        }
    }
    m.complete(p, COPY_OPTION_VALUE);
}

fn copy_option_arg_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        COPY_OPTION_ARG_FIRST,
        opt_copy_option_arg,
    );
    m.complete(p, COPY_OPTION_ARG_LIST);
}

const COPY_OPTION_ARG_FIRST: TokenSet = TokenSet::new(&[TRUE_KW, FALSE_KW, ON_KW])
    .union(NON_RESERVED_WORD)
    .union(STRING_FIRST);

fn opt_copy_option_arg(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(COPY_OPTION_ARG_FIRST) {
        return false;
    }
    let m = p.start();
    match p.current() {
        TRUE_KW | FALSE_KW => {
            let m = p.start();
            p.bump_any();
            m.complete(p, LITERAL);
        }
        ON_KW => {
            p.bump(ON_KW);
        }
        _ if p.at_ts(NON_RESERVED_WORD) => {
            let m = p.start();
            p.bump_any();
            m.complete(p, COPY_OPTION_VALUE_NAME);
        }
        _ => {
            string_literal(p);
        }
    }
    m.complete(p, COPY_OPTION_ARG);
    true
}

fn copy_option_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        COL_LABEL_FIRST,
        opt_copy_option,
    );
    m.complete(p, COPY_OPTION_LIST);
}

fn opt_copy_force_target(p: &mut Parser<'_>) -> bool {
    if p.eat(STAR) {
        return true;
    }
    if opt_column_name_ref(p).is_none() {
        return false;
    }
    while !p.at(EOF) && p.eat(COMMA) {
        column_name_ref(p);
    }
    true
}

fn opt_copy_option_item(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    let parsed = match p.current() {
        BINARY_KW | FREEZE_KW | CSV_KW | HEADER_KW | JSON_KW => {
            p.bump_any();
            true
        }
        DELIMITER_KW | NULL_KW | QUOTE_KW | ESCAPE_KW => {
            p.bump_any();
            p.eat(AS_KW);
            string_literal(p);
            true
        }
        ENCODING_KW => {
            p.bump_any();
            string_literal(p);
            true
        }
        FORCE_KW => {
            p.bump_any();
            let m = p.start();
            let kind = match p.current() {
                NOT_KW => {
                    p.bump_any();
                    p.expect(NULL_KW);
                    Some(FORCE_NOT_NULL)
                }
                NULL_KW => {
                    p.bump_any();
                    Some(FORCE_NULL)
                }
                QUOTE_KW => {
                    p.bump_any();
                    Some(FORCE_QUOTE)
                }
                _ => None,
            };
            match kind {
                Some(kind) => {
                    m.complete(p, kind);
                    opt_copy_force_target(p)
                }
                None => {
                    m.abandon(p);
                    p.error("expected NOT, QUOTE, or NULL");
                    false
                }
            }
        }
        _ => false,
    };
    if parsed {
        m.complete(p, COPY_LEGACY_OPTION);
    } else {
        m.abandon(p);
    }
    parsed
}

// { STDIN | STDOUT | [ PROGRAM ] 'command_or_filename' }
fn copy_source(p: &mut Parser<'_>, allow_stdin: bool) {
    let m = p.start();
    let kind = match p.current() {
        STDIN_KW if allow_stdin => {
            p.bump(STDIN_KW);
            COPY_STDIN
        }
        STDOUT_KW => {
            p.bump(STDOUT_KW);
            COPY_STDOUT
        }
        _ => {
            p.eat(PROGRAM_KW);
            string_literal(p);
            COPY_PROGRAM
        }
    };
    m.complete(p, kind);
}

// COPY table_name [ ( column_name [, ...] ) ]
//     FROM { 'filename' | PROGRAM 'command' | STDIN }
//     [ [ WITH ] ( option [, ...] ) ]
//     [ WHERE condition ]
//
// COPY { table_name [ ( column_name [, ...] ) ] | ( query ) }
//     TO { 'filename' | PROGRAM 'command' | STDOUT }
//     [ [ WITH ] ( option [, ...] ) ]
//
// where option can be one of:
//  FORMAT format_name
//  FREEZE [ boolean ]
//  DELIMITER 'delimiter_character'
//  NULL 'null_string'
//  DEFAULT 'default_string'
//  HEADER [ boolean | MATCH ]
//  QUOTE 'quote_character'
//  ESCAPE 'escape_character'
//  FORCE_QUOTE { ( column_name [, ...] ) | * }
//  FORCE_NOT_NULL { ( column_name [, ...] ) | * }
//  FORCE_NULL { ( column_name [, ...] ) | * }
//  ON_ERROR error_action
//  ENCODING 'encoding_name'
//  LOG_VERBOSITY verbosity
//
// # Pre postgres 9 syntax:
//
// COPY table_name [ ( column_name [, ...] ) ]
//     FROM { 'filename' | STDIN }
//     [ [ WITH ]
//           [ BINARY ]
//           [ DELIMITER [ AS ] 'delimiter_character' ]
//           [ NULL [ AS ] 'null_string' ]
//           [ CSV [ HEADER ]
//                 [ QUOTE [ AS ] 'quote_character' ]
//                 [ ESCAPE [ AS ] 'escape_character' ]
//                 [ FORCE NOT NULL column_name [, ...] ] ] ]
//
// COPY { table_name [ ( column_name [, ...] ) ] | ( query ) }
//     TO { 'filename' | STDOUT }
//     [ [ WITH ]
//           [ BINARY ]
//           [ DELIMITER [ AS ] 'delimiter_character' ]
//           [ NULL [ AS ] 'null_string' ]
//           [ CSV [ HEADER ]
//                 [ QUOTE [ AS ] 'quote_character' ]
//                 [ ESCAPE [ AS ] 'escape_character' ]
//                 [ FORCE QUOTE { column_name [, ...] | * } ] ] ]
//
// pre postgres 7.3
//
// COPY [ BINARY ] table_name
//     FROM { 'filename' | STDIN }
//     [ [USING] DELIMITERS 'delimiter_character' ]
//     [ WITH NULL AS 'null_string' ]
//
// COPY [ BINARY ] table_name
//     TO { 'filename' | STDOUT }
//     [ [USING] DELIMITERS 'delimiter_character' ]
//     [ WITH NULL AS 'null_string' ]
fn copy(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(COPY_KW));
    let m = p.start();
    p.bump(COPY_KW);
    if p.at(L_PAREN) {
        let m = p.start();
        p.bump(L_PAREN);
        preparable_stmt(p);
        p.expect(R_PAREN);
        m.complete(p, COPY_QUERY);
    } else {
        let m = p.start();
        p.eat(BINARY_KW);
        // table_name
        table_name_ref(p);
        // [ ( column_name [, ...] ) ]
        opt_column_ref_list(p);
        m.complete(p, COPY_TABLE);
    }
    if p.at(FROM_KW) {
        let m = p.start();
        p.bump(FROM_KW);
        copy_source(p, true);
        m.complete(p, COPY_FROM);
    } else if p.at(TO_KW) {
        let m = p.start();
        p.bump(TO_KW);
        copy_source(p, false);
        m.complete(p, COPY_TO);
    }
    p.eat(WITH_KW);
    // [ ( option [, ...] ) ]
    if p.at(L_PAREN) {
        copy_option_list(p);
    } else {
        // old copy option syntax
        while !p.at(EOF) && opt_copy_option_item(p) {}
    }
    opt_where_clause(p);
    p.eat(SEMICOLON);
    m.complete(p, COPY)
}

fn preparable_stmt(p: &mut Parser<'_>) {
    let statement = stmt(p, &StmtRestrictions::default());
    match statement.map(|x| x.kind()) {
        // select | insert | update | delete | merge
        Some(
            SELECT | SELECT_INTO | COMPOUND_SELECT | TABLE | VALUES | INSERT | UPDATE | DELETE
            | MERGE | PAREN_SELECT,
        ) => (),
        Some(kind) => {
            p.error(format!(
                    "expected SELECT, TABLE, VALUES, INSERT, UPDATE, DELETE, or MERGE statement, got {kind:?}"
                ));
        }
        None => {
            p.error("expected SELECT, TABLE, VALUES, INSERT, UPDATE, DELETE, or MERGE statement");
        }
    }
}

// https://www.postgresql.org/docs/17/sql-call.html
// CALL name ( [ argument ] [, ...] )
fn call(p: &mut Parser<'_>, semi_allowed: bool) -> CompletedMarker {
    assert!(p.at(CALL_KW));
    let m = p.start();
    p.bump(CALL_KW);
    procedure_name_ref(p);
    if p.at(L_PAREN) {
        arg_list(p);
    } else {
        p.error("expected L_PAREN");
    }
    if semi_allowed {
        p.eat(SEMICOLON);
    }
    m.complete(p, CALL)
}

// https://www.postgresql.org/docs/17/sql-createtrigger.html
// CREATE [ OR REPLACE ] [ CONSTRAINT ] TRIGGER name { BEFORE | AFTER | INSTEAD OF } { event [ OR ... ] }
//     ON table_name
//     [ FROM referenced_table_name ]
//     [ NOT DEFERRABLE | [ DEFERRABLE ] [ INITIALLY IMMEDIATE | INITIALLY DEFERRED ] ]
//     [ REFERENCING { { OLD | NEW } TABLE [ AS ] transition_relation_name } [ ... ] ]
//     [ FOR [ EACH ] { ROW | STATEMENT } ]
//     [ WHEN ( condition ) ]
//     EXECUTE { FUNCTION | PROCEDURE } function_name ( arguments )
//
// where event can be one of:
//     INSERT
//     UPDATE [ OF column_name [, ... ] ]
//     DELETE
//     TRUNCATE
fn create_trigger(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    opt_or_replace(p);
    p.eat(CONSTRAINT_KW);
    // TRIGGER name
    p.expect(TRIGGER_KW);
    trigger(p);
    timing(p);
    trigger_event_list(p);
    on_relation(p);
    opt_from_table(p);
    opt_constraint_option_list(p);
    opt_referencing_clause(p);
    opt_trigger_level(p);
    opt_when_condition(p);
    // EXECUTE { FUNCTION | PROCEDURE } function_name ( arguments )
    p.expect(EXECUTE_KW);
    if !p.eat(FUNCTION_KW) && !p.eat(PROCEDURE_KW) {
        p.error("expected FUNCTION or PROCEDURE");
    }
    // function_name ( arguments )
    call_expr(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TRIGGER)
}

// [ FOR [ EACH ] { ROW | STATEMENT } ]
fn opt_trigger_level(p: &mut Parser<'_>) {
    if !p.at(FOR_KW) {
        return;
    }
    let m = p.start();
    p.bump(FOR_KW);
    p.eat(EACH_KW);
    match p.current() {
        ROW_KW => {
            p.bump(ROW_KW);
            m.complete(p, FOR_EACH_ROW);
        }
        STATEMENT_KW => {
            p.bump(STATEMENT_KW);
            m.complete(p, FOR_EACH_STATEMENT);
        }
        _ => {
            p.error("expected ROW or STATEMENT");
            m.abandon(p);
        }
    }
}

fn opt_when_condition(p: &mut Parser<'_>) {
    let m = p.start();
    // [ WHEN ( condition ) ]
    if p.eat(WHEN_KW) {
        p.expect(L_PAREN);
        if expr(p).is_none() {
            p.error("expected expression");
        }
        p.expect(R_PAREN);
        m.complete(p, WHEN_CONDITION);
    } else {
        m.abandon(p);
    }
}

fn opt_referencing_clause(p: &mut Parser<'_>) {
    let m = p.start();
    // [ REFERENCING { { OLD | NEW } TABLE [ AS ] transition_relation_name } [ ... ] ]
    if p.eat(REFERENCING_KW) {
        while !p.at(EOF) {
            if !opt_referencing_table(p) {
                break;
            }
        }
        m.complete(p, REFERENCING);
    } else {
        m.abandon(p);
    }
}

fn opt_from_table(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(FROM_KW) {
        let m = p.start();
        // [ FROM referenced_table_name ]
        p.bump(FROM_KW);
        table_name_ref(p);
        Some(m.complete(p, FROM_TABLE))
    } else {
        None
    }
}

fn from_table(p: &mut Parser<'_>) {
    if opt_from_table(p).is_none() {
        p.error("expected from table");
    }
}

fn trigger_event_list(p: &mut Parser<'_>) {
    let m = p.start();
    // { event [ OR ... ] }
    while !p.at(EOF) {
        trigger_event(p);
        if !p.eat(OR_KW) {
            break;
        }
    }
    m.complete(p, TRIGGER_EVENT_LIST);
}

fn trigger_event(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        DELETE_KW => {
            p.bump(DELETE_KW);
            m.complete(p, TRIGGER_EVENT_DELETE);
        }
        INSERT_KW => {
            p.bump(INSERT_KW);
            m.complete(p, TRIGGER_EVENT_INSERT);
        }
        TRUNCATE_KW => {
            p.bump(TRUNCATE_KW);
            m.complete(p, TRIGGER_EVENT_TRUNCATE);
        }
        UPDATE_KW => {
            p.bump(UPDATE_KW);
            // [ OF column_name [, ... ] ]
            if p.eat(OF_KW) {
                column_name_ref_list(p);
            }
            m.complete(p, TRIGGER_EVENT_UPDATE);
        }
        _ => {
            p.error("expected INSERT, UPDATE, DELETE, or TRUNCATE");
            m.abandon(p);
        }
    }
}

fn timing(p: &mut Parser<'_>) {
    let m = p.start();
    // { BEFORE | AFTER | INSTEAD OF }
    match p.current() {
        AFTER_KW => {
            p.bump(AFTER_KW);
            m.complete(p, TIMING_AFTER);
        }
        BEFORE_KW => {
            p.bump(BEFORE_KW);
            m.complete(p, TIMING_BEFORE);
        }
        INSTEAD_KW => {
            p.bump(INSTEAD_KW);
            p.expect(OF_KW);
            m.complete(p, TIMING_INSTEAD_OF);
        }
        _ => {
            p.error("expected BEFORE, AFTER, or INSTEAD OF");
            m.abandon(p);
        }
    }
}

fn call_expr(p: &mut Parser<'_>) {
    match expr(p).map(|(cm, _)| cm.kind()) {
        Some(CALL_EXPR) => (),
        _ => p.error("expected call expression"),
    }
}

// { { OLD | NEW } TABLE [ AS ] transition_relation_name }
fn opt_referencing_table(p: &mut Parser<'_>) -> bool {
    if !(p.at(OLD_KW) || p.at(NEW_KW)) {
        return false;
    }
    let kind = if p.at(OLD_KW) { OLD_TABLE } else { NEW_TABLE };
    let m = p.start();
    p.bump_any();
    p.expect(TABLE_KW);
    p.eat(AS_KW);
    // transition_relation_name
    transition_relation_name(p);
    m.complete(p, kind);
    true
}

// https://www.postgresql.org/docs/17/sql-dropschema.html
// DROP SCHEMA [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
fn drop_schema(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW) && p.nth_at(1, SCHEMA_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(SCHEMA_KW);
    opt_if_exists(p);
    schema_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_SCHEMA)
}

// An SQL statement defining an object to be created within the schema.
fn opt_schema_elements(p: &mut Parser<'_>) {
    while !p.at(EOF) {
        match (p.current(), p.nth(1)) {
            (CREATE_KW, TABLE_KW | GLOBAL_KW | LOCAL_KW | UNLOGGED_KW)
                if !p.nth_at(2, SEQUENCE_KW) =>
            {
                create_table(p);
            }
            (CREATE_KW, TEMP_KW | TEMPORARY_KW) => {
                // CREATE TEMP [ RECURSIVE ] VIEW
                // CREATE TEMP TABLE
                // ^0     ^1   ^2
                match p.nth(2) {
                    RECURSIVE_KW | VIEW_KW => create_view(p),
                    SEQUENCE_KW => create_sequence(p),
                    _ => create_table(p),
                };
            }
            (CREATE_KW, OR_KW) => {
                match p.nth(3) {
                    AGGREGATE_KW => create_aggregate(p),
                    CONSTRAINT_KW | TRIGGER_KW => create_trigger(p),
                    PROCEDURE_KW => create_procedure(p),
                    RECURSIVE_KW | TEMP_KW | TEMPORARY_KW | VIEW_KW => create_view(p),
                    _ => create_function(p),
                };
            }
            (CREATE_KW, RECURSIVE_KW | VIEW_KW) => {
                create_view(p);
            }
            (CREATE_KW, UNLOGGED_KW) if p.nth_at(2, SEQUENCE_KW) => {
                create_sequence(p);
            }
            (CREATE_KW, SEQUENCE_KW) => {
                create_sequence(p);
            }
            (CREATE_KW, CONSTRAINT_KW | TRIGGER_KW) => {
                create_trigger(p);
            }
            (CREATE_KW, INDEX_KW | UNIQUE_KW) => {
                create_index(p);
            }
            (CREATE_KW, AGGREGATE_KW) => {
                create_aggregate(p);
            }
            (CREATE_KW, COLLATION_KW) => {
                create_collation(p);
            }
            (CREATE_KW, DOMAIN_KW) => {
                create_domain(p);
            }
            (CREATE_KW, FUNCTION_KW) => {
                create_function(p);
            }
            (CREATE_KW, OPERATOR_KW) => {
                match p.nth(2) {
                    CLASS_KW => create_operator_class(p),
                    FAMILY_KW => create_operator_family(p),
                    _ => create_operator(p),
                };
            }
            (CREATE_KW, PROCEDURE_KW) => {
                create_procedure(p);
            }
            (CREATE_KW, TEXT_KW) if p.nth_at(2, SEARCH_KW) => {
                match p.nth(3) {
                    CONFIGURATION_KW => create_text_search_config(p),
                    DICTIONARY_KW => create_text_search_dict(p),
                    PARSER_KW => create_text_search_parser(p),
                    TEMPLATE_KW => create_text_search_template(p),
                    _ => return,
                };
            }
            (CREATE_KW, TYPE_KW) => {
                create_type(p);
            }
            (GRANT_KW, _) => {
                grant(p);
            }
            _ => return,
        };
    }
}

// CREATE SCHEMA schema_name [ AUTHORIZATION role_specification ] [ schema_element [ ... ] ]
// CREATE SCHEMA AUTHORIZATION role_specification [ schema_element [ ... ] ]
// CREATE SCHEMA IF NOT EXISTS schema_name [ AUTHORIZATION role_specification ]
// CREATE SCHEMA IF NOT EXISTS AUTHORIZATION role_specification
// where role_specification can be:
//   | user_name
//   | CURRENT_ROLE
//   | CURRENT_USER
//   | SESSION_USER
// https://www.postgresql.org/docs/17/sql-createschema.html
fn create_schema(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW) && p.nth_at(1, SCHEMA_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(SCHEMA_KW);
    let if_not_exists = opt_if_not_exists(p).is_some();
    if p.at(AUTHORIZATION_KW) {
        // CREATE SCHEMA [ IF NOT EXISTS ] AUTHORIZATION role_specification
        let m = p.start();
        p.bump(AUTHORIZATION_KW);
        role(p);
        m.complete(p, AUTHORIZATION_SCHEMA);
    } else {
        // CREATE SCHEMA [ IF NOT EXISTS ] schema_name [ AUTHORIZATION role_specification ]
        let m = p.start();
        schema(p);
        if p.eat(AUTHORIZATION_KW) {
            role_ref(p);
        }
        m.complete(p, NAMED_SCHEMA);
    }
    // the IF NOT EXISTS variants do not permit a schema_element list
    if !if_not_exists {
        opt_schema_elements(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, CREATE_SCHEMA)
}

fn query(p: &mut Parser<'_>) {
    // TODO: this needs to be more general
    if (!p.at_ts(SELECT_FIRST) || select(p, None, &SelectRestrictions::default()).is_none())
        && opt_paren_select(p, None, &SelectRestrictions::default()).is_none()
    {
        p.error("expected select stmt")
    }
}

// https://www.postgresql.org/docs/17/sql-insert.html
// [ WITH [ RECURSIVE ] with_query [, ...] ]
// INSERT INTO table_name [ AS alias ] [ ( column_name [, ...] ) ]
//     [ OVERRIDING { SYSTEM | USER } VALUE ]
//     { DEFAULT VALUES | VALUES ( { expression | DEFAULT } [, ...] ) [, ...] | query }
//     [ ON CONFLICT [ conflict_target ] conflict_action ]
//     [ RETURNING { * | output_expression [ [ AS ] output_name ] } [, ...] ]
//
// where conflict_target can be one of:
//     ( { index_column_name | ( index_expression ) } [ COLLATE collation ] [ opclass ] [, ...] ) [ WHERE index_predicate ]
//     ON CONSTRAINT constraint_name
//
// and conflict_action is one of:
//     DO NOTHING
//     DO UPDATE SET { column_name = { expression | DEFAULT } |
//                     ( column_name [, ...] ) = [ ROW ] ( { expression | DEFAULT } [, ...] ) |
//                     ( column_name [, ...] ) = ( sub-SELECT )
//                   } [, ...]
//               [ WHERE condition ]
fn insert(p: &mut Parser<'_>, m: Option<Marker>, semi_allowed: bool) -> CompletedMarker {
    assert!(p.at(INSERT_KW));
    let m = m.unwrap_or_else(|| p.start());
    p.bump(INSERT_KW);
    p.expect(INTO_KW);
    relation_name_ref(p);
    opt_required_as_alias(p);
    // [ ( column_name [, ...] ) ]
    // a leading `(` may open a parenthesized query instead of a column list
    if !(p.at(L_PAREN) && p.nth_at_ts(1, SELECT_FIRST)) {
        opt_column_target_list(p);
    }
    // [ OVERRIDING { SYSTEM | USER } VALUE ]
    opt_overriding_clause(p);
    // { DEFAULT VALUES | VALUES ( { expression | DEFAULT } [, ...] ) [, ...] | query }
    if p.at(DEFAULT_KW) {
        default_values(p);
    } else {
        query(p);
    }
    opt_on_conflict_clause(p);
    // [ RETURNING { * | output_expression [ [ AS ] output_name ] } [, ...] ]
    opt_returning_clause(p);
    if semi_allowed {
        p.eat(SEMICOLON);
    }
    m.complete(p, INSERT)
}

fn opt_on_conflict_clause(p: &mut Parser<'_>) {
    let m = p.start();
    // [ ON CONFLICT [ conflict_target ] conflict_action ]
    if p.eat(ON_KW) {
        p.expect(CONFLICT_KW);
        opt_conflict_target(p);
        conflict_action(p);
        m.complete(p, ON_CONFLICT_CLAUSE);
    } else {
        m.abandon(p);
    }
}

fn conflict_on_constraint(p: &mut Parser<'_>) {
    assert!(p.at(ON_KW));
    let m = p.start();
    p.expect(ON_KW);
    p.expect(CONSTRAINT_KW);
    constraint_name_ref(p);
    m.complete(p, CONFLICT_ON_CONSTRAINT);
}

fn opt_conflict_target(p: &mut Parser<'_>) {
    // ON CONSTRAINT constraint_name
    if p.at(ON_KW) {
        conflict_on_constraint(p);
    // ( { index_column_name | ( index_expression ) } [ COLLATE collation ] [ opclass ] [, ...] ) [ WHERE index_predicate ]
    } else if p.at(L_PAREN) {
        conflict_on_index(p);
    }
}

fn conflict_on_index(p: &mut Parser<'_>) {
    assert!(p.at(L_PAREN));
    let m = p.start();
    conflict_index_item_list(p);
    // [ WHERE index_predicate ]
    // TODO: be more strict?
    opt_where_clause(p);
    m.complete(p, CONFLICT_ON_INDEX);
}

// conflict_action is one of:
//   DO NOTHING
//   DO UPDATE SET { column_name = { expression | DEFAULT } |
//                   ( column_name [, ...] ) = [ ROW ] ( { expression | DEFAULT } [, ...] ) |
//                   ( column_name [, ...] ) = ( sub-SELECT )
//                 } [, ...]
//             [ WHERE condition ]
fn conflict_action(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(DO_KW);
    if p.eat(NOTHING_KW) {
        m.complete(p, CONFLICT_DO_NOTHING);
    } else if p.eat(SELECT_KW) {
        opt_locking_clause(p);
        opt_where_clause(p);
        m.complete(p, CONFLICT_DO_SELECT);
    } else {
        p.expect(UPDATE_KW);
        set_clause(p);
        opt_where_clause(p);
        m.complete(p, CONFLICT_DO_UPDATE_SET);
    }
}

fn opt_conflict_index_item(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(EXPR_FIRST) {
        return false;
    }
    let m = p.start();
    if expr(p).is_none() {
        p.error("expected expression");
    }
    opt_collate(p);
    // [ opclass ]
    opt_index_opclass(p);
    m.complete(p, CONFLICT_INDEX_ITEM);
    true
}

fn conflict_index_item_list(p: &mut Parser<'_>) {
    assert!(p.at(L_PAREN));
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EXPR_FIRST,
        opt_conflict_index_item,
    );
    m.complete(p, CONFLICT_INDEX_ITEM_LIST);
}

// SET { column_name = { expression | DEFAULT } |
//       ( column_name [, ...] ) = [ ROW ] ( { expression | DEFAULT } [, ...] ) |
//       ( column_name [, ...] ) = ( sub-SELECT )
//     } [, ...]
fn set_clause(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(SET_KW);
    set_column_list(p);
    m.complete(p, SET_CLAUSE);
}

fn set_column_list(p: &mut Parser<'_>) {
    let m = p.start();
    separated(
        p,
        COMMA,
        || "unexpected comma".to_string(),
        SET_COLUMN_FIRST,
        SET_COLUMN_FOLLOW,
        |p| opt_set_column(p).is_some(),
    );
    m.complete(p, SET_COLUMN_LIST);
}

const SET_COLUMN_FIRST: TokenSet = TokenSet::new(&[L_PAREN]).union(COLUMN_FIRST);
const SET_COLUMN_FOLLOW: TokenSet =
    TokenSet::new(&[FROM_KW, WHERE_KW, RETURNING_KW, R_PAREN, WHEN_KW]);

fn opt_set_column(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(SET_COLUMN_FIRST) {
        return None;
    }
    let m = p.start();
    // ( column_name [, ...] ) = [ ROW ] ( { expression | DEFAULT } [, ...] ) |
    // ( column_name [, ...] ) = ( sub-SELECT )
    if p.at(L_PAREN) {
        column_target_list(p);
        p.expect(EQ);
        set_expr_list_or_paren_select(p);
        Some(m.complete(p, SET_MULTIPLE_COLUMNS))
    } else {
        // column_name = { expression | DEFAULT }
        column(p, ColumnDefKind::ColumnTarget);
        p.expect(EQ);
        set_expr(p);
        Some(m.complete(p, SET_SINGLE_COLUMN))
    }
}

// [ ROW ] ( { expression | DEFAULT } [, ...] )
// ( sub-SELECT )
fn set_expr_list_or_paren_select(p: &mut Parser<'_>) {
    let m = p.start();
    p.eat(ROW_KW);
    if p.at(L_PAREN) {
        if p.nth_at(1, SELECT_KW) {
            if opt_paren_select(p, Some(m), &SelectRestrictions::default()).is_none() {
                p.error("expected sub-SELECT");
            }
        } else {
            set_expr_list(p, m);
        }
    } else {
        p.error("expected row expression or sub-select");
        m.abandon(p);
    }
}

fn set_expr_list(p: &mut Parser<'_>, m: Marker) {
    assert!(p.at(L_PAREN));
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        SET_EXPR_FIRST,
        opt_set_expr,
    );
    m.complete(p, SET_EXPR_LIST);
}

fn opt_set_expr(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(SET_EXPR_FIRST) {
        return false;
    }
    set_expr(p);
    true
}

const SET_EXPR_FIRST: TokenSet = TokenSet::new(&[DEFAULT_KW]).union(EXPR_FIRST);

fn set_expr(p: &mut Parser<'_>) {
    let m = p.start();
    if !p.eat(DEFAULT_KW) && expr(p).is_none() {
        p.error("expected expression");
    }
    m.complete(p, SET_EXPR);
}

fn opt_required_as_alias(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at(AS_KW) {
        return None;
    }
    let m = p.start();
    p.bump(AS_KW);
    table_alias(p);
    Some(m.complete(p, REQUIRED_AS_ALIAS))
}

fn opt_optional_as_alias(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !(p.at(AS_KW) || p.at_ts(NAME_FIRST)) {
        return None;
    }
    let m = p.start();
    p.eat(AS_KW);
    table_alias(p);
    Some(m.complete(p, OPTIONAL_AS_ALIAS))
}

// [ WITH [ RECURSIVE ] with_query [, ...] ]
// UPDATE [ ONLY ] table_name [ * ] [ [ AS ] alias ]
//     SET { column_name = { expression | DEFAULT } |
//           ( column_name [, ...] ) = [ ROW ] ( { expression | DEFAULT } [, ...] ) |
//           ( column_name [, ...] ) = ( sub-SELECT )
//         } [, ...]
//     [ FROM from_item [, ...] ]
//     [ WHERE condition | WHERE CURRENT OF cursor_name ]
//     [ RETURNING { * | output_expression [ [ AS ] output_name ] } [, ...] ]
//
// https://www.postgresql.org/docs/17/sql-update.html
fn update(p: &mut Parser<'_>, m: Option<Marker>, semi_allowed: bool) -> CompletedMarker {
    assert!(p.at(UPDATE_KW));
    let m = m.unwrap_or_else(|| p.start());
    p.bump(UPDATE_KW);
    relation_name(p);
    opt_for_portion_of(p);
    // postgres parser has the same setup, it assumes the alias can never be
    // named `SET`
    if !p.at(SET_KW) {
        // [ [ AS ] alias ]
        opt_optional_as_alias(p);
    }
    set_clause(p);
    // [ FROM from_item [, ...] ]
    opt_from_clause(p);
    // [ WHERE condition | WHERE CURRENT OF cursor_name ]
    opt_where_clause_or_current_of(p);
    // [ RETURNING { * | output_expression [ [ AS ] output_name ] } [, ...] ]
    opt_returning_clause(p);
    if semi_allowed {
        p.eat(SEMICOLON);
    }
    m.complete(p, UPDATE)
}

// FOR PORTION OF column_name FROM expr TO expr [ [ AS ] alias ]
// FOR PORTION OF column_name ( expr ) [ [ AS ] alias ]
fn opt_for_portion_of(p: &mut Parser<'_>) {
    if !p.at(FOR_KW) {
        return;
    }
    let m = p.start();
    p.expect(FOR_KW);
    p.expect(PORTION_KW);
    p.expect(OF_KW);
    column_name_ref(p);
    for_portion_of_target(p);
    m.complete(p, FOR_PORTION_OF);
}

fn for_portion_of_target(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(L_PAREN) {
        expr(p);
        p.expect(R_PAREN);
        m.complete(p, PORTION_RANGE);
    } else {
        p.expect(FROM_KW);
        // start time
        expr(p);
        p.expect(TO_KW);
        // end time
        expr(p);
        m.complete(p, PORTION_FROM_TO);
    }
}

fn opt_where_clause_or_current_of(p: &mut Parser<'_>) {
    if p.at(WHERE_KW) {
        if p.nth_at(1, CURRENT_KW) {
            opt_where_current_of(p);
        } else {
            opt_where_clause(p);
        }
    }
}

fn with(p: &mut Parser<'_>, m: Option<Marker>, r: &SelectRestrictions) -> Option<CompletedMarker> {
    let m = m.unwrap_or_else(|| p.start());
    // with aka cte
    // [ WITH [ RECURSIVE ] with_query [, ...] ]
    with_query_clause(p);
    match p.current() {
        DELETE_KW => Some(delete(p, Some(m), r.semi_allowed)),
        SELECT_KW | TABLE_KW | VALUES_KW | FROM_KW => select(p, Some(m), r),
        INSERT_KW => Some(insert(p, Some(m), r.semi_allowed)),
        UPDATE_KW => Some(update(p, Some(m), r.semi_allowed)),
        MERGE_KW => Some(merge(p, Some(m), r.semi_allowed)),
        L_PAREN if p.nth_at_ts(1, PAREN_SELECT_FIRST) => {
            // can have select nested in parens, i.e., ((select 1));
            opt_paren_select(p, Some(m), r)
        }
        _ => {
            m.abandon(p);
            p.error(format!(
                "expected DELETE, SELECT, TABLE, UPDATE, VALUES, or MERGE, got: {:?}",
                p.current()
            ));
            None
        }
    }
}

// [ WITH [ RECURSIVE ] with_query [, ...] ]
// DELETE FROM [ ONLY ] table_name [ * ] [ [ AS ] alias ]
//     [ USING from_item [, ...] ]
//     [ WHERE condition | WHERE CURRENT OF cursor_name ]
//     [ RETURNING { * | output_expression [ [ AS ] output_name ] } [, ...] ]
fn delete(p: &mut Parser<'_>, m: Option<Marker>, semi_allowed: bool) -> CompletedMarker {
    assert!(p.at(DELETE_KW));
    let m = m.unwrap_or_else(|| p.start());
    p.bump(DELETE_KW);
    p.expect(FROM_KW);
    relation_name(p);
    opt_for_portion_of(p);
    if !p.at(FOR_KW) {
        opt_optional_as_alias(p);
    }
    opt_using_clause(p);
    // [ WHERE condition | WHERE CURRENT OF cursor_name ]
    opt_where_clause_or_current_of(p);
    opt_returning_clause(p);
    if semi_allowed {
        p.eat(SEMICOLON);
    }
    m.complete(p, DELETE)
}

fn opt_using_clause(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(USING_KW) {
        if opt_from_item(p).is_none() {
            p.error("expected FROM item after USING");
        }
        while p.eat(COMMA) {
            if opt_from_item(p).is_none() {
                p.error("expected FROM item after comma");
                break;
            }
        }
        m.complete(p, USING_CLAUSE);
    } else {
        m.abandon(p);
    }
}

// WHERE CURRENT OF cursor_name
fn opt_where_current_of(p: &mut Parser<'_>) {
    let m = p.start();
    if p.eat(WHERE_KW) {
        if p.eat(CURRENT_KW) {
            p.expect(OF_KW);
            cursor_ref(p);
        }
        m.complete(p, WHERE_CURRENT_OF);
    } else {
        m.abandon(p);
    }
}

fn opt_returning_clause(p: &mut Parser<'_>) {
    if p.at(RETURNING_KW) {
        let m = p.start();
        p.bump(RETURNING_KW);
        opt_returning_option_list(p);
        if opt_target_list(p).is_none() {
            p.error("expected target");
        }
        m.complete(p, RETURNING_CLAUSE);
    }
}

fn opt_returning_option_list(p: &mut Parser<'_>) {
    if p.at(WITH_KW) {
        let m = p.start();
        p.bump(WITH_KW);
        delimited(
            p,
            L_PAREN,
            R_PAREN,
            COMMA,
            ListItems::Required,
            || "unexpected comma".to_string(),
            RETURNING_OPTION_FIRST,
            opt_returning_option,
        );
        m.complete(p, RETURNING_OPTION_LIST);
    }
}

const RETURNING_OPTION_FIRST: TokenSet = TokenSet::new(&[OLD_KW, NEW_KW]);

fn opt_returning_option(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(RETURNING_OPTION_FIRST) {
        return false;
    }
    let kind = if p.at(OLD_KW) {
        RETURNING_OLD
    } else {
        RETURNING_NEW
    };
    let m = p.start();
    // OLD | NEW
    p.bump_any();
    p.expect(AS_KW);
    table_alias(p);
    m.complete(p, kind);
    true
}

// DROP TYPE [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
// https://www.postgresql.org/docs/17/sql-droptype.html
fn drop_type(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.bump(TYPE_KW);
    opt_if_exists(p);
    type_name_ref_list(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TYPE)
}

// DROP TRIGGER [ IF EXISTS ] name ON table_name [ CASCADE | RESTRICT ]
//
// https://www.postgresql.org/docs/17/sql-droptrigger.html
fn drop_trigger(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.expect(TRIGGER_KW);
    opt_if_exists(p);
    // name
    trigger_ref(p);
    on_relation(p);
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_TRIGGER)
}

// avoids us having to manually implement accessors for the two Paths at the
// same AST level
fn on_relation(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(ON_KW);
    relation_name_ref(p);
    m.complete(p, ON_RELATION);
}

fn on_table(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(ON_KW);
    // table_name
    table_name_ref(p);
    m.complete(p, ON_TABLE);
}

// DROP INDEX [ CONCURRENTLY ] [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]
//
// https://www.postgresql.org/docs/17/sql-dropindex.html
fn drop_index(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW));
    let m = p.start();
    // DROP INDEX
    p.bump(DROP_KW);
    p.expect(INDEX_KW);
    p.eat(CONCURRENTLY_KW);
    opt_if_exists(p);
    // name [, ...]
    index_ref(p);
    while !p.at(EOF) && p.eat(COMMA) {
        index_ref(p);
    }
    opt_cascade_or_restrict(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_INDEX)
}

const DROP_DATABASE_OPTION_FIRST: TokenSet = TokenSet::new(&[FORCE_KW]);

fn force(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(FORCE_KW));
    let m = p.start();
    p.bump(FORCE_KW);
    m.complete(p, FORCE)
}

fn opt_drop_database_force_clause(p: &mut Parser<'_>) {
    if !p.at(L_PAREN) && !p.at(WITH_KW) {
        return;
    }
    let m = p.start();
    p.eat(WITH_KW);
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        DROP_DATABASE_OPTION_FIRST,
        |p| {
            if !p.at(FORCE_KW) {
                return false;
            }
            force(p);
            true
        },
    );
    m.complete(p, DROP_DATABASE_FORCE_CLAUSE);
}

// DROP DATABASE [ IF EXISTS ] name [ [ WITH ] ( option [, ...] ) ]
//
// where option can be:
//
//     FORCE
// https://www.postgresql.org/docs/17/sql-dropdatabase.html
fn drop_database(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(DROP_KW));
    let m = p.start();
    p.bump(DROP_KW);
    p.expect(DATABASE_KW);
    opt_if_exists(p);
    database_ref(p);
    // [ [ WITH ] ( option [, ...] ) ]
    opt_drop_database_force_clause(p);
    p.eat(SEMICOLON);
    m.complete(p, DROP_DATABASE)
}

// CREATE [ UNIQUE ] INDEX [ CONCURRENTLY ] [ [ IF NOT EXISTS ] name ] ON [ ONLY ] table_name [ USING method ]
//   (
//     { column_name | ( expression ) }
//     [ COLLATE collation ]
//     [ opclass [ ( opclass_parameter = value [, ... ] ) ] ]
//     [ ASC | DESC ]
//     [ NULLS { FIRST | LAST } ]
//     [, ...]
//   )
//     [ INCLUDE ( column_name [, ...] ) ]
//     [ NULLS [ NOT ] DISTINCT ]
//     [ WITH ( storage_parameter [= value] [, ... ] ) ]
//     [ TABLESPACE tablespace_name ]
//     [ WHERE predicate ]
fn create_index(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.eat(UNIQUE_KW);
    p.expect(INDEX_KW);
    p.eat(CONCURRENTLY_KW);
    // [ [ IF NOT EXISTS ] name ]
    if opt_if_not_exists(p).is_some() || p.at_ts(NAME_FIRST) {
        index(p);
    }
    // ON
    p.expect(ON_KW);
    table_relation_name(p);
    opt_using_method(p);
    // (
    //   { column_name | ( expression ) }
    //   [ COLLATE collation ]
    //   [ opclass ]
    //   [, ... ]
    // )
    // (
    //   { column_name | ( expression ) }
    //   [ COLLATE collation ]
    //   [ opclass [ ( opclass_parameter = value [, ... ] ) ] ]
    //   [ ASC | DESC ]
    //   [ NULLS { FIRST | LAST } ]
    //   [, ...]
    // )
    partition_items(p, true);
    opt_index_include_columns(p);
    opt_nulls_not_distinct(p);
    opt_with_params(p);
    opt_tablespace(p);
    opt_where_clause(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_INDEX)
}

// (
//   { column_name | ( expression ) }
//   [ COLLATE collation ]
//   [ opclass ]
//   [, ... ]
// )
//
// if we pass allow_extra_params:
// (
//   { column_name | ( expression ) }
//   [ COLLATE collation ]
//   [ opclass [ ( opclass_parameter = value [, ... ] ) ] ]
//   [ ASC | DESC ]
//   [ NULLS { FIRST | LAST } ]
//   [, ...]
// )
fn partition_items(p: &mut Parser<'_>, allow_extra_params: bool) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        EXPR_FIRST,
        |p| opt_partition_item(p, allow_extra_params).is_some(),
    );
    m.complete(p, PARTITION_ITEM_LIST);
}

const PARAM_MODE_FIRST: TokenSet = TokenSet::new(&[VARIADIC_KW, IN_KW, OUT_KW, INOUT_KW]);

// [ argmode ]
fn opt_param_mode(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(PARAM_MODE_FIRST) {
        return None;
    }
    let m = p.start();
    let mode = match p.current() {
        VARIADIC_KW => {
            p.bump(VARIADIC_KW);
            PARAM_VARIADIC
        }
        IN_KW => {
            p.bump(IN_KW);
            if p.eat(OUT_KW) {
                PARAM_IN_OUT
            } else {
                PARAM_IN
            }
        }
        OUT_KW => {
            p.bump(OUT_KW);
            PARAM_OUT
        }
        INOUT_KW => {
            p.bump(INOUT_KW);
            PARAM_IN_OUT
        }
        _ => {
            m.abandon(p);
            return None;
        }
    };
    Some(m.complete(p, mode))
}

// [ { DEFAULT | = } default_expr ]
fn opt_param_default(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if p.at(DEFAULT_KW) || p.at(EQ) {
        let m = p.start();
        p.bump_any();
        if expr(p).is_none() {
            p.error("expected default expr for func arg");
        }
        Some(m.complete(p, PARAM_DEFAULT))
    } else {
        None
    }
}

const PARAM_FIRST: TokenSet = PARAM_MODE_FIRST.union(NAME_FIRST).union(TYPE_NAME_FIRST);

fn opt_param(p: &mut Parser<'_>, kind: ParamKind) -> bool {
    if !p.at_ts(PARAM_FIRST) {
        return false;
    }
    param(p, kind);
    true
}

// [ argmode ] [ argname ] argtype [ { DEFAULT | = } default_expr ]
//
// func_arg:
//   | mode name type
//   | mode type
//   | name mode type
//   | name type
//   | type
fn param(p: &mut Parser<'_>, kind: ParamKind) {
    let m = p.start();
    match kind {
        ParamKind::All => {
            // [ argmode ]
            let param_mode_seen = opt_param_mode(p).is_some();
            // [ argname ]
            let maybe_name =
                p.at(IDENT) || p.at_ts(UNRESERVED_KEYWORDS) || p.at_ts(TYPE_FUNC_NAME_KEYWORDS);
            if maybe_name {
                // Could have either parsed a name or a type, we know if it it's a type if:
                let at_type = match p.nth(1) {
                    // foo.bar%type
                    //    ^
                    DOT => true,
                    // foo(8)
                    //    ^
                    L_PAREN => true,
                    // text[]
                    //     ^
                    L_BRACK => true,
                    // float8 order by
                    //        ^
                    ORDER_KW => true,
                    // double precision
                    //        ^
                    PRECISION_KW if p.at(DOUBLE_KW) => true,
                    // we're at the end of the param, must be a type
                    R_PAREN | EQ | DEFAULT_KW | COMMA => true,
                    _ => false,
                };
                if at_type {
                    func_type(p);
                } else {
                    param_name(p);
                    if !param_mode_seen {
                        opt_param_mode(p);
                    }
                    // argtype
                    func_type(p);
                }
            } else {
                // argtype
                func_type(p);
            }
            opt_param_default(p);
        }
        ParamKind::TypeOnly => {
            if !opt_type_name(p) {
                p.err_and_bump("expected type name");
            }
        }
    }
    m.complete(p, PARAM);
}

fn transform_for_type(p: &mut Parser<'_>) -> CompletedMarker {
    let m = p.start();
    p.expect(FOR_KW);
    p.expect(TYPE_KW);
    type_name(p);
    m.complete(p, TRANSFORM_FOR_TYPE)
}

// { LANGUAGE lang_name
//   | TRANSFORM { FOR TYPE type_name } [, ... ]
//   | WINDOW
//   | { IMMUTABLE | STABLE | VOLATILE }
//   | [ NOT ] LEAKPROOF
//   | { CALLED ON NULL INPUT | RETURNS NULL ON NULL INPUT | STRICT }
//   | { [ EXTERNAL ] SECURITY INVOKER | [ EXTERNAL ] SECURITY DEFINER }
//   | PARALLEL { UNSAFE | RESTRICTED | SAFE }
//   | COST execution_cost
//   | ROWS result_rows
//   | SUPPORT support_function
//   | SET configuration_parameter { TO value | = value | FROM CURRENT }
//   | AS 'definition'
//   | AS 'obj_file', 'link_symbol'
//   | sql_body
// } ...
//
//   sql_body:
//   | RETURN expression
//   | BEGIN ATOMIC
//       statement;
//       statement;
//       ...
//       statement;
//     END
fn opt_function_option(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    let kind = match p.current() {
        // LANGUAGE lang_name
        LANGUAGE_KW => {
            p.bump(LANGUAGE_KW);
            // string for language is deprecated but let's support it
            if opt_string_literal(p).is_none() {
                if p.at_ts(UNRESERVED_KEYWORDS) || p.at(IDENT) {
                    language_ref(p);
                } else {
                    p.error(format!("expected a language name, got {:?}", p.current()));
                }
            }
            LANGUAGE_FUNC_OPTION
        }
        // TRANSFORM { FOR TYPE type_name } [, ... ]
        TRANSFORM_KW => {
            p.bump(TRANSFORM_KW);
            while !p.at(EOF) {
                transform_for_type(p);
                if !p.eat(COMMA) {
                    break;
                }
                if !p.at(FOR_KW) {
                    p.error("expected FOR TYPE entry after comma");
                    break;
                }
            }
            TRANSFORM_FUNC_OPTION
        }
        // WINDOW
        WINDOW_KW => {
            p.bump(WINDOW_KW);
            WINDOW_FUNC_OPTION
        }
        // { IMMUTABLE | STABLE | VOLATILE }
        IMMUTABLE_KW | STABLE_KW | VOLATILE_KW => {
            let kind = match p.current() {
                IMMUTABLE_KW => IMMUTABLE,
                STABLE_KW => STABLE,
                VOLATILE_KW => VOLATILE,
                _ => unreachable!(),
            };
            p.bump_any();
            kind
        }
        // [ NOT ] LEAKPROOF
        NOT_KW => {
            p.bump(NOT_KW);
            p.expect(LEAKPROOF_KW);
            NOT_LEAKPROOF_FUNC_OPTION
        }
        LEAKPROOF_KW => {
            p.bump(LEAKPROOF_KW);
            LEAKPROOF_FUNC_OPTION
        }
        // RESET configuration_parameter
        // RESET ALL
        RESET_KW => {
            p.bump(RESET_KW);
            if !p.eat(ALL_KW) {
                config_parameter_ref(p);
            }
            RESET_FUNC_OPTION
        }
        // { CALLED ON NULL INPUT | RETURNS NULL ON NULL INPUT | STRICT }
        CALLED_KW => {
            p.bump(CALLED_KW);
            p.expect(ON_KW);
            p.expect(NULL_KW);
            p.expect(INPUT_KW);
            CALLED_ON_NULL_INPUT_FUNC_OPTION
        }
        RETURNS_KW => {
            p.bump(RETURNS_KW);
            p.expect(NULL_KW);
            p.expect(ON_KW);
            p.expect(NULL_KW);
            p.expect(INPUT_KW);
            RETURNS_NULL_ON_NULL_INPUT_FUNC_OPTION
        }
        STRICT_KW => {
            p.bump(STRICT_KW);
            STRICT_FUNC_OPTION
        }
        // { [ EXTERNAL ] SECURITY INVOKER | [ EXTERNAL ] SECURITY DEFINER }
        EXTERNAL_KW | SECURITY_KW => {
            p.eat(EXTERNAL_KW);
            p.expect(SECURITY_KW);
            if p.eat(INVOKER_KW) {
                SECURITY_INVOKER_FUNC_OPTION
            } else {
                p.expect(DEFINER_KW);
                SECURITY_DEFINER_FUNC_OPTION
            }
        }
        // PARALLEL { UNSAFE | RESTRICTED | SAFE }
        PARALLEL_KW => {
            p.bump(PARALLEL_KW);
            ident(p);
            PARALLEL_FUNC_OPTION
        }
        // COST execution_cost
        COST_KW => {
            p.bump(COST_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected numeric value for execution_cost");
            }
            COST_FUNC_OPTION
        }
        // ROWS result_rows
        ROWS_KW => {
            p.bump(ROWS_KW);
            if opt_numeric_literal(p).is_none() {
                p.error("expected numeric value for result_rows");
            }
            ROWS_FUNC_OPTION
        }
        // SUPPORT support_function
        SUPPORT_KW => {
            p.bump(SUPPORT_KW);
            function_name_ref(p);
            SUPPORT_FUNC_OPTION
        }
        // SET configuration_parameter { TO value | = value | FROM CURRENT }
        SET_KW => {
            set_configuration_param(p);
            SET_FUNC_OPTION
        }
        // AS 'definition'
        // AS 'obj_file', 'link_symbol'
        AS_KW => {
            p.bump(AS_KW);
            let m = p.start();
            string_literal(p);
            let kind = if p.eat(COMMA) {
                string_literal(p);
                AS_OBJ_FILE
            } else {
                AS_DEFINITION
            };
            m.complete(p, kind);
            AS_FUNC_OPTION
        }
        _ => {
            m.abandon(p);
            return false;
        }
    };
    m.complete(p, kind);
    true
}

fn config_parameter_ref(p: &mut Parser<'_>) {
    let m = p.start();
    path_name_ref(p);
    m.complete(p, CONFIG_PARAMETER_REF);
}

fn routine_body_stmt(p: &mut Parser<'_>) {
    if p.at(RETURN_KW) {
        let m = p.start();
        p.bump(RETURN_KW);
        if expr(p).is_none() {
            p.error("expected expr")
        }
        p.expect(SEMICOLON);
        m.complete(p, RETURN_STMT);
    } else {
        stmt(
            p,
            &StmtRestrictions {
                semi_allowed: true,
                ..StmtRestrictions::default()
            },
        );
    }
}

// SET configuration_parameter { TO | = } { value | DEFAULT }
// SET configuration_parameter FROM CURRENT
fn set_configuration_param(p: &mut Parser<'_>) {
    assert!(p.at(SET_KW));
    let m = p.start();
    p.bump(SET_KW);
    // configuration_parameter
    config_parameter_ref(p);
    // { TO value | = value | FROM CURRENT }
    config_assignment(p);
    m.complete(p, SET_CONFIG_PARAM);
}

// RESET configuration_parameter
// RESET ALL
fn reset_config_param(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(RESET_KW));
    let m = p.start();
    p.bump(RESET_KW);
    if !p.eat(ALL_KW) {
        config_parameter_ref(p);
    }
    m.complete(p, RESET_CONFIG_PARAM)
}

fn return_table_column(p: &mut Parser<'_>) -> bool {
    if !p.at_ts(NAME_FIRST) {
        return false;
    }
    let m = p.start();
    column_name(p);
    func_type(p);
    m.complete(p, RETURN_TABLE_COLUMN);
    true
}

fn return_table_arg_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        NAME_FIRST,
        return_table_column,
    );
    m.complete(p, RETURN_TABLE_ARG_LIST);
}

fn opt_ret_type(p: &mut Parser<'_>) {
    // [ RETURNS rettype
    //       | RETURNS TABLE ( column_name column_type [, ...] ) ]
    let m = p.start();
    if p.eat(RETURNS_KW) {
        if p.eat(TABLE_KW) {
            if p.at(L_PAREN) {
                return_table_arg_list(p);
            } else {
                p.error("expected return table arg list");
            }
        } else {
            func_type(p);
        }
        m.complete(p, RET_TYPE);
    } else {
        m.abandon(p);
    }
}

fn opt_routine_body(p: &mut Parser<'_>) {
    match p.current() {
        RETURN_KW => {
            let m = p.start();
            p.bump(RETURN_KW);
            if expr(p).is_none() {
                p.error("expected expression for return");
            }
            m.complete(p, RETURN_STMT);
        }
        BEGIN_KW => {
            let m = p.start();
            p.bump(BEGIN_KW);
            p.expect(ATOMIC_KW);
            while !p.at(EOF) && !p.at(END_KW) {
                routine_body_stmt(p);
            }
            p.expect(END_KW);
            m.complete(p, ATOMIC_BODY);
        }
        _ => (),
    }
}

const ROUTINE_BODY_FIRST: TokenSet = TokenSet::new(&[RETURN_KW, BEGIN_KW]);

#[derive(PartialEq, Clone, Copy)]
enum FuncOptionListKind {
    WithRoutineBody,
    OptionsOnly,
}

fn func_option_list(p: &mut Parser<'_>, kind: FuncOptionListKind) {
    let m = p.start();
    let mut seen_func_option = false;
    while !p.at(EOF) {
        if !opt_function_option(p) {
            let at_routine_body =
                kind == FuncOptionListKind::WithRoutineBody && p.at_ts(ROUTINE_BODY_FIRST);
            if !seen_func_option && !at_routine_body {
                p.error("expected function option");
            }
            break;
        } else {
            seen_func_option = true
        }
    }
    if !seen_func_option {
        m.abandon(p);
        return;
    }
    m.complete(p, FUNC_OPTION_LIST);
}

// [ ( [ [ argmode ] [ argname ] argtype [ { DEFAULT | = } default_expr ] [, ...] ] ) ]
fn opt_param_list(p: &mut Parser<'_>, kind: ParamKind) -> bool {
    if !p.at(L_PAREN) {
        return false;
    }
    param_list(p, kind);
    true
}

#[derive(PartialEq, Clone, Copy)]
enum ParamKind {
    All,
    TypeOnly,
}

fn param_list(p: &mut Parser<'_>, kind: ParamKind) {
    if !p.at(L_PAREN) {
        p.error("expected param list");
        return;
    }
    let m = p.start();
    // ( [ [ argmode ] [ argname ] argtype [ { DEFAULT | = } default_expr ] [, ...] ] )
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Optional,
        || "unexpected comma".to_string(),
        PARAM_FIRST,
        |p| opt_param(p, kind),
    );
    m.complete(p, PARAM_LIST);
}

// CREATE [ OR REPLACE ] FUNCTION
//     name ( [ [ argmode ] [ argname ] argtype [ { DEFAULT | = } default_expr ] [, ...] ] )
//     [ RETURNS rettype
//       | RETURNS TABLE ( column_name column_type [, ...] ) ]
//   { LANGUAGE lang_name
//     | TRANSFORM { FOR TYPE type_name } [, ... ]
//     | WINDOW
//     | { IMMUTABLE | STABLE | VOLATILE }
//     | [ NOT ] LEAKPROOF
//     | { CALLED ON NULL INPUT | RETURNS NULL ON NULL INPUT | STRICT }
//     | { [ EXTERNAL ] SECURITY INVOKER | [ EXTERNAL ] SECURITY DEFINER }
//     | PARALLEL { UNSAFE | RESTRICTED | SAFE }
//     | COST execution_cost
//     | ROWS result_rows
//     | SUPPORT support_function
//     | SET configuration_parameter { TO value | = value | FROM CURRENT }
//     | AS 'definition'
//     | AS 'obj_file', 'link_symbol'
//     | sql_body
//   } ...
// https://www.postgresql.org/docs/17/sql-createfunction.html
fn create_function(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    // CREATE
    p.bump(CREATE_KW);
    opt_or_replace(p);
    p.expect(FUNCTION_KW);
    // name
    function_name(p);
    param_list(p, ParamKind::All);
    opt_ret_type(p);
    func_option_list(p, FuncOptionListKind::WithRoutineBody);
    opt_routine_body(p);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_FUNCTION)
}

fn opt_or_replace(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    // [ OR REPLACE ]
    if p.at(OR_KW) {
        let m = p.start();
        p.expect(OR_KW);
        p.expect(REPLACE_KW);
        Some(m.complete(p, OR_REPLACE))
    } else {
        None
    }
}

// CREATE TYPE name AS
//     ( [ attribute_name data_type [ COLLATE collation ] [, ... ] ] )
//
// CREATE TYPE name AS ENUM
//     ( [ 'label' [, ... ] ] )
//
// CREATE TYPE name AS RANGE (
//     SUBTYPE = subtype
//     [ , SUBTYPE_OPCLASS = subtype_operator_class ]
//     [ , COLLATION = collation ]
//     [ , CANONICAL = canonical_function ]
//     [ , SUBTYPE_DIFF = subtype_diff_function ]
//     [ , MULTIRANGE_TYPE_NAME = multirange_type_name ]
// )
//
// CREATE TYPE name (
//     INPUT = input_function,
//     OUTPUT = output_function
//     [ , RECEIVE = receive_function ]
//     [ , SEND = send_function ]
//     [ , TYPMOD_IN = type_modifier_input_function ]
//     [ , TYPMOD_OUT = type_modifier_output_function ]
//     [ , ANALYZE = analyze_function ]
//     [ , SUBSCRIPT = subscript_function ]
//     [ , INTERNALLENGTH = { internallength | VARIABLE } ]
//     [ , PASSEDBYVALUE ]
//     [ , ALIGNMENT = alignment ]
//     [ , STORAGE = storage ]
//     [ , LIKE = like_type ]
//     [ , CATEGORY = category ]
//     [ , PREFERRED = preferred ]
//     [ , DEFAULT = default ]
//     [ , ELEMENT = element ]
//     [ , DELIMITER = delimiter ]
//     [ , COLLATABLE = collatable ]
// )
//
// CREATE TYPE name
// https://www.postgresql.org/docs/17/sql-createtype.html
fn create_type(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(TYPE_KW);
    type_name_definition(p);
    if p.at(AS_KW) {
        let m = p.start();
        p.bump(AS_KW);
        // AS ENUM
        if p.eat(ENUM_KW) {
            variant_list(p);
            m.complete(p, ENUM_TYPE);
            // AS RANGE
        } else if p.eat(RANGE_KW) {
            attribute_list(p);
            m.complete(p, RANGE_TYPE);
            // AS
        } else {
            if !opt_column_list_with(p, ColumnDefKind::CompositeFieldDef) {
                p.error("expected column list");
            }
            m.complete(p, COMPOSITE_TYPE);
        }
    } else if p.at(L_PAREN) {
        let m = p.start();
        attribute_list(p);
        m.complete(p, BASE_TYPE);
    }
    p.eat(SEMICOLON);
    m.complete(p, CREATE_TYPE)
}

fn opt_variant(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if opt_string_literal(p).is_none() {
        m.abandon(p);
        return false;
    }
    m.complete(p, VARIANT);
    true
}

fn variant_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Optional,
        || "unexpected comma".to_string(),
        STRING_FIRST,
        opt_variant,
    );
    m.complete(p, VARIANT_LIST);
}

// CREATE EXTENSION [ IF NOT EXISTS ] extension_name
//     [ WITH ] [ SCHEMA schema_name ]
//              [ VERSION version ]
//              [ CASCADE ]
// https://www.postgresql.org/docs/17/sql-createextension.html
fn create_extension(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(CREATE_KW));
    let m = p.start();
    p.bump(CREATE_KW);
    p.bump(EXTENSION_KW);
    opt_if_not_exists(p);
    // extension_name
    extension(p);
    p.eat(WITH_KW);
    if p.at(SCHEMA_KW) {
        let m = p.start();
        p.bump(SCHEMA_KW);
        schema_ref(p);
        m.complete(p, EXTENSION_SCHEMA);
    }
    if p.at(VERSION_KW) {
        let m = p.start();
        p.bump(VERSION_KW);
        if opt_string_literal(p).is_none() {
            if p.at(IDENT) {
                extension_version(p);
            } else {
                p.error("expected string literal or IDENT");
            }
        }
        m.complete(p, EXTENSION_VERSION_CLAUSE);
    }
    p.eat(CASCADE_KW);
    p.eat(SEMICOLON);
    m.complete(p, CREATE_EXTENSION)
}

fn extension_version(p: &mut Parser<'_>) {
    let m = p.start();
    if !opt_ident(p) {
        p.bump_any();
    }
    m.complete(p, EXTENSION_VERSION);
}

fn opt_ident(p: &mut Parser<'_>) -> bool {
    // handle cases like:
    // U&"!0069!006E!0074!0038" UESCAPE '!'
    if p.eat(IDENT) {
        if p.eat(UESCAPE_KW) {
            p.expect(STRING);
        }
        true
    } else {
        false
    }
}

fn pg_name(p: &mut Parser<'_>) {
    if !p.at_ts(COL_LABEL_FIRST) {
        p.error("expected name");
        return;
    }
    if !opt_ident(p) {
        p.bump_any();
    }
}

fn ident(p: &mut Parser<'_>) {
    if !opt_ident(p) {
        p.error("expected identifier");
    }
}

// { TO value | = value | FROM CURRENT }
fn config_assignment(p: &mut Parser<'_>) {
    let m = p.start();
    if p.at(FROM_KW) {
        p.bump(FROM_KW);
        p.expect(CURRENT_KW);
        m.complete(p, FROM_CURRENT);
    } else {
        let _ = p.eat(TO_KW) || p.expect(EQ);
        if !config_value(p) {
            p.error(format!("expected config value, got {:?}", p.current()));
        }
        m.complete(p, TO_CONFIG_VALUE);
    }
}

// { value | 'value' | DEFAULT }
// where value can be specified as string constants, identifiers, numbers, or
// comma-separated lists of these
fn config_value(p: &mut Parser<'_>) -> bool {
    if p.eat(DEFAULT_KW) {
        return true;
    }
    if !config_value_item(p) {
        return false;
    }
    while p.eat(COMMA) {
        if !config_value_item(p) {
            p.error("expected config value after comma");
            break;
        }
    }
    true
}

fn config_value_item(p: &mut Parser<'_>) -> bool {
    opt_string_literal(p).is_some()
        || opt_numeric_literal(p).is_some()
        || opt_config_value_name(p)
        || opt_bool_literal(p)
        || opt_null_literal(p)
}

fn zone_value(p: &mut Parser<'_>) -> bool {
    match p.current() {
        DEFAULT_KW | LOCAL_KW => {
            p.bump_any();
            true
        }
        INTERVAL_KW => {
            interval_value(p);
            true
        }
        _ => {
            opt_string_literal(p).is_some()
                || opt_numeric_literal(p).is_some()
                || opt_config_value_name(p)
        }
    }
}

fn interval_value(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(INTERVAL_KW));
    let m = p.start();
    let has_precision = {
        let m = p.start();
        p.bump(INTERVAL_KW);
        let has_precision = opt_interval_precision(p);
        m.complete(p, INTERVAL_TYPE);
        has_precision
    };
    string_literal(p);
    opt_interval_trailing(p, has_precision);
    m.complete(p, CAST_EXPR)
}

// SET [ SESSION | LOCAL ] configuration_parameter { TO | = } { value | 'value' | DEFAULT }
// SET [ SESSION | LOCAL ] TIME ZONE { value | 'value' | LOCAL | DEFAULT }
//
// https://www.postgresql.org/docs/17/sql-set.html
fn set(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SET_KW));
    let m = p.start();
    p.bump(SET_KW);
    opt_set_scope(p);
    if p.at(XML_KW) {
        let m = p.start();
        p.bump(XML_KW);
        p.expect(OPTION_KW);
        if !opt_xml_document_or_content(p) {
            p.error("expected DOCUMENT or CONTENT");
        }
        m.complete(p, SET_XML_OPTION);
    } else
    // TIME ZONE { value | 'value' | LOCAL | DEFAULT }
    if p.at(TIME_KW) {
        let m = p.start();
        p.bump(TIME_KW);
        p.expect(ZONE_KW);
        if !zone_value(p) {
            p.error(format!("expected time zone value, got {:?}", p.current()));
        }
        m.complete(p, SET_TIME_ZONE);
    } else if p.at(CATALOG_KW) || p.at(SCHEMA_KW) {
        let m = p.start();
        let kind = if p.eat(CATALOG_KW) {
            SET_CATALOG
        } else {
            p.bump(SCHEMA_KW);
            SET_SCHEMA_VALUE
        };
        string_literal(p);
        m.complete(p, kind);
    // configuration_parameter { TO | = } { value | 'value' | DEFAULT }
    } else {
        let m = p.start();
        // configuration_parameter
        config_parameter_ref(p);
        config_assignment(p);
        m.complete(p, SET_CONFIG);
    }
    p.eat(SEMICOLON);
    m.complete(p, SET)
}

// SHOW name
// SHOW ALL
//
// https://www.postgresql.org/docs/17/sql-show.html
fn show(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(SHOW_KW));
    let m = p.start();
    p.bump(SHOW_KW);
    match p.current() {
        ALL_KW => {
            let m = p.start();
            p.bump(ALL_KW);
            m.complete(p, ALL);
        }
        SESSION_KW => {
            let m = p.start();
            p.bump(SESSION_KW);
            p.expect(AUTHORIZATION_KW);
            m.complete(p, SESSION_AUTHORIZATION);
        }
        TRANSACTION_KW => {
            let m = p.start();
            p.bump(TRANSACTION_KW);
            p.expect(ISOLATION_KW);
            p.expect(LEVEL_KW);
            m.complete(p, TRANSACTION_ISOLATION_LEVEL);
        }
        TIME_KW => {
            let m = p.start();
            p.bump(TIME_KW);
            p.expect(ZONE_KW);
            m.complete(p, TIME_ZONE);
        }
        _ => {
            config_parameter_ref(p);
        }
    }
    p.eat(SEMICOLON);
    m.complete(p, SHOW)
}

const COLUMN_FIRST: TokenSet = TokenSet::new(&[IDENT])
    .union(UNRESERVED_KEYWORDS)
    .union(COLUMN_OR_TABLE_KEYWORDS);

const NON_RESERVED_WORD: TokenSet = TokenSet::new(&[IDENT])
    .union(UNRESERVED_KEYWORDS)
    .union(COL_NAME_KEYWORD_FIRST)
    .union(TYPE_FUNC_NAME_KEYWORDS);

const RELATION_NAME_FIRST: TokenSet = TokenSet::new(&[ONLY_KW]).union(PATH_FIRST);

fn relation_name(p: &mut Parser<'_>) {
    if opt_relation_name(p).is_none() {
        p.error("expected relation name");
    }
}

fn opt_relation_name(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(RELATION_NAME_FIRST) {
        return None;
    }

    let m = p.start();
    if p.eat(ONLY_KW) {
        let trailing_paren = p.eat(L_PAREN);
        relation_name_ref(p);
        if trailing_paren {
            p.expect(R_PAREN);
        }
    } else {
        relation_name_ref(p);
        p.eat(STAR);
    }
    Some(m.complete(p, RELATION_NAME))
}

fn table_relation_name(p: &mut Parser<'_>) {
    if opt_table_relation_name(p).is_none() {
        p.error("expected table relation name");
    }
}

fn opt_table_relation_name(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(RELATION_NAME_FIRST) {
        return None;
    }

    let m = p.start();
    if p.eat(ONLY_KW) {
        let trailing_paren = p.eat(L_PAREN);
        table_name_ref(p);
        if trailing_paren {
            p.expect(R_PAREN);
        }
    } else {
        table_name_ref(p);
        p.eat(STAR);
    }
    Some(m.complete(p, TABLE_RELATION_NAME))
}

// ALTER TABLE [ IF EXISTS ] [ ONLY ] name [ * ]
//     RENAME [ COLUMN ] column_name TO new_column_name
// ALTER TABLE [ IF EXISTS ] [ ONLY ] name [ * ]
//     RENAME CONSTRAINT constraint_name TO new_constraint_name
// ALTER TABLE [ IF EXISTS ] name
//     RENAME TO new_name
//
// ALTER TABLE [ IF EXISTS ] name
//     SET SCHEMA new_schema
// ALTER TABLE ALL IN TABLESPACE name [ OWNED BY role_name [, ... ] ]
//     SET TABLESPACE new_tablespace [ NOWAIT ]
//
// ALTER TABLE [ IF EXISTS ] name
//     ATTACH PARTITION partition_name { FOR VALUES partition_bound_spec | DEFAULT }
// ALTER TABLE [ IF EXISTS ] name
//     DETACH PARTITION partition_name [ CONCURRENTLY | FINALIZE ]
// ALTER TABLE [ IF EXISTS ] name
//     MERGE PARTITIONS (partition_name1, partition_name2 [, ...]) INTO partition_name
// ALTER TABLE [ IF EXISTS ] name
//     SPLIT PARTITION partition_name INTO
//         (PARTITION partition_name1 { FOR VALUES partition_bound_spec | DEFAULT },
//          PARTITION partition_name2 { FOR VALUES partition_bound_spec | DEFAULT } [, ...])
//
// ALTER TABLE [ IF EXISTS ] [ ONLY ] name [ * ]
//     action [, ... ]
//
// where action is one of:
//
//    ADD [ COLUMN ] [ IF NOT EXISTS ] column_name data_type [ COLLATE collation ] [ column_constraint [ ... ] ]
//    DROP [ COLUMN ] [ IF EXISTS ] column_name [ RESTRICT | CASCADE ]
//    ALTER [ COLUMN ] column_name [ SET DATA ] TYPE data_type [ COLLATE collation ] [ USING expression ]
//    ALTER [ COLUMN ] column_name SET DEFAULT expression
//    ALTER [ COLUMN ] column_name DROP DEFAULT
//    ALTER [ COLUMN ] column_name { SET | DROP } NOT NULL
//    ALTER [ COLUMN ] column_name SET EXPRESSION AS ( expression )
//    ALTER [ COLUMN ] column_name DROP EXPRESSION [ IF EXISTS ]
//    ALTER [ COLUMN ] column_name ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ ( sequence_options ) ]
//    ALTER [ COLUMN ] column_name { SET GENERATED { ALWAYS | BY DEFAULT } | SET sequence_option | RESTART [ [ WITH ] restart ] } [...]
//    ALTER [ COLUMN ] column_name DROP IDENTITY [ IF EXISTS ]
//    ALTER [ COLUMN ] column_name SET STATISTICS { integer | DEFAULT }
//    ALTER [ COLUMN ] column_name SET ( attribute_option = value [, ... ] )
//    ALTER [ COLUMN ] column_name RESET ( attribute_option [, ... ] )
//    ALTER [ COLUMN ] column_name SET STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT }
//    ALTER [ COLUMN ] column_name SET COMPRESSION compression_method
//    ADD table_constraint [ NOT VALID ]
//    ADD table_constraint_using_index
//    ALTER CONSTRAINT constraint_name [ DEFERRABLE | NOT DEFERRABLE ] [ INITIALLY DEFERRED | INITIALLY IMMEDIATE ]
//    VALIDATE CONSTRAINT constraint_name
//    DROP CONSTRAINT [ IF EXISTS ]  constraint_name [ RESTRICT | CASCADE ]
//    DISABLE TRIGGER [ trigger_name | ALL | USER ]
//    ENABLE TRIGGER [ trigger_name | ALL | USER ]
//    ENABLE REPLICA TRIGGER trigger_name
//    ENABLE ALWAYS TRIGGER trigger_name
//    DISABLE RULE rewrite_rule_name
//    ENABLE RULE rewrite_rule_name
//    ENABLE REPLICA RULE rewrite_rule_name
//    ENABLE ALWAYS RULE rewrite_rule_name
//    DISABLE ROW LEVEL SECURITY
//    ENABLE ROW LEVEL SECURITY
//    FORCE ROW LEVEL SECURITY
//    NO FORCE ROW LEVEL SECURITY
//    CLUSTER ON index_name
//    SET WITHOUT CLUSTER
//    SET WITHOUT OIDS
//    SET ACCESS METHOD { new_access_method | DEFAULT }
//    SET TABLESPACE new_tablespace
//    SET { LOGGED | UNLOGGED }
//    SET ( storage_parameter [= value] [, ... ] )
//    RESET ( storage_parameter [, ... ] )
//    INHERIT parent_table
//    NO INHERIT parent_table
//    OF type_name
//    NOT OF
//    OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
//    REPLICA IDENTITY { DEFAULT | USING INDEX index_name | FULL | NOTHING }
fn alter_table(p: &mut Parser<'_>) -> CompletedMarker {
    assert!(p.at(ALTER_KW));
    let m = p.start();
    // ALTER TABLE
    p.bump(ALTER_KW);
    p.expect(TABLE_KW);
    // ALTER TABLE ALL IN TABLESPACE name [ OWNED BY role_name [, ... ] ]
    //     SET TABLESPACE new_tablespace [ NOWAIT ]
    if p.at(ALL_KW) {
        all_in_tablespace(p);
    } else {
        opt_if_exists(p);
        table_relation_name(p);
        opt_alter_table_action_list(p);
    }
    p.eat(SEMICOLON);
    m.complete(p, ALTER_TABLE)
}

// ALL IN TABLESPACE name [ OWNED BY role_name [, ... ] ] SET TABLESPACE new_tablespace [ NOWAIT ]
fn all_in_tablespace(p: &mut Parser<'_>) {
    assert!(p.at(ALL_KW));
    let m = p.start();
    p.bump(ALL_KW);
    p.expect(IN_KW);
    p.expect(TABLESPACE_KW);
    tablespace_ref(p);
    opt_owned_by_roles(p);
    if p.at(SET_KW) && p.nth_at(1, TABLESPACE_KW) {
        set_tablespace(p);
    }
    opt_nowait(p);
    m.complete(p, ALL_IN_TABLESPACE);
}

fn opt_owned_by_roles(p: &mut Parser<'_>) {
    if !p.at(OWNED_KW) {
        return;
    }
    let m = p.start();
    p.bump(OWNED_KW);
    p.expect(BY_KW);
    role_list(p);
    m.complete(p, OWNED_BY_ROLES);
}

const ALTER_TABLE_ACTION_FIRST: TokenSet = TokenSet::new(&[
    VALIDATE_KW,
    REPLICA_KW,
    OF_KW,
    NOT_KW,
    FORCE_KW,
    NO_KW,
    INHERIT_KW,
    ENABLE_KW,
    DISABLE_KW,
    CLUSTER_KW,
    OWNER_KW,
    DETACH_KW,
    MERGE_KW,
    SPLIT_KW,
    DROP_KW,
    ADD_KW,
    ATTACH_KW,
    SET_KW,
    RESET_KW,
    RENAME_KW,
    ALTER_KW,
    OPTIONS_KW,
]);

fn opt_alter_table_action(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    if !p.at_ts(ALTER_TABLE_ACTION_FIRST) {
        return None;
    }
    let cm = match p.current() {
        // VALIDATE CONSTRAINT constraint_name
        VALIDATE_KW => {
            let m = p.start();
            p.bump(VALIDATE_KW);
            p.expect(CONSTRAINT_KW);
            constraint_name_ref(p);
            m.complete(p, VALIDATE_CONSTRAINT)
        }
        // REPLICA IDENTITY { DEFAULT | USING INDEX index_name | FULL | NOTHING }
        REPLICA_KW => {
            let m = p.start();
            p.bump(REPLICA_KW);
            p.expect(IDENTITY_KW);
            replica_identity_option(p);
            m.complete(p, REPLICA_IDENTITY)
        }
        // OF type_name
        OF_KW => {
            let m = p.start();
            p.bump(OF_KW);
            simple_type_name(p);
            m.complete(p, OF_TYPE)
        }
        // NOT OF
        NOT_KW if p.nth_at(1, OF_KW) => {
            let m = p.start();
            p.bump(NOT_KW);
            p.bump(OF_KW);
            m.complete(p, NOT_OF)
        }
        // FORCE ROW LEVEL SECURITY
        FORCE_KW => {
            let m = p.start();
            p.bump(FORCE_KW);
            p.expect(ROW_KW);
            p.expect(LEVEL_KW);
            p.expect(SECURITY_KW);
            m.complete(p, FORCE_RLS)
        }
        // NO FORCE ROW LEVEL SECURITY
        NO_KW if p.nth_at(1, FORCE_KW) => {
            let m = p.start();
            p.bump(NO_KW);
            p.bump(FORCE_KW);
            p.expect(ROW_KW);
            p.expect(LEVEL_KW);
            p.expect(SECURITY_KW);
            m.complete(p, NO_FORCE_RLS)
        }
        // INHERIT parent_table
        INHERIT_KW => {
            let m = p.start();
            p.bump(INHERIT_KW);
            table_name_ref(p);
            m.complete(p, INHERIT_TABLE)
        }
        // NO INHERIT parent_table
        NO_KW if p.nth_at(1, INHERIT_KW) => {
            let m = p.start();
            p.bump(NO_KW);
            p.bump(INHERIT_KW);
            table_name_ref(p);
            m.complete(p, NO_INHERIT_TABLE)
        }
        // ENABLE TRIGGER [ trigger_name | ALL | USER ]
        // ENABLE REPLICA TRIGGER trigger_name
        // ENABLE REPLICA RULE rewrite_rule_name
        // ENABLE ALWAYS TRIGGER trigger_name
        // ENABLE ALWAYS RULE rewrite_rule_name
        // ENABLE RULE rewrite_rule_name
        // ENABLE ROW LEVEL SECURITY
        ENABLE_KW => {
            let m = p.start();
            p.bump(ENABLE_KW);
            let kind = match p.current() {
                TRIGGER_KW => {
                    p.bump(TRIGGER_KW);
                    trigger_target(p);
                    ENABLE_TRIGGER
                }
                REPLICA_KW => {
                    p.bump(REPLICA_KW);
                    if p.eat(TRIGGER_KW) {
                        trigger_ref(p);
                        ENABLE_REPLICA_TRIGGER
                    } else {
                        p.expect(RULE_KW);
                        rule_ref(p);
                        ENABLE_REPLICA_RULE
                    }
                }
                ALWAYS_KW => {
                    p.bump(ALWAYS_KW);
                    if p.eat(TRIGGER_KW) {
                        trigger_ref(p);
                        ENABLE_ALWAYS_TRIGGER
                    } else {
                        p.expect(RULE_KW);
                        rule_ref(p);
                        ENABLE_ALWAYS_RULE
                    }
                }
                RULE_KW => {
                    p.bump(RULE_KW);
                    rule_ref(p);
                    ENABLE_RULE
                }
                ROW_KW => {
                    p.bump(ROW_KW);
                    p.expect(LEVEL_KW);
                    p.expect(SECURITY_KW);
                    ENABLE_RLS
                }
                _ => {
                    p.error("expected TRIGGER, REPLICA, ALWAYS, RULE, or ROW");
                    // TODO: just picking something for now
                    ENABLE_RLS
                }
            };
            m.complete(p, kind)
        }
        // DISABLE TRIGGER [ trigger_name | ALL | USER ]
        // DISABLE RULE rewrite_rule_name
        // DISABLE ROW LEVEL SECURITY
        DISABLE_KW => {
            let m = p.start();
            p.bump(DISABLE_KW);
            let kind = match p.current() {
                TRIGGER_KW => {
                    p.bump(TRIGGER_KW);
                    trigger_target(p);
                    DISABLE_TRIGGER
                }
                ROW_KW => {
                    p.bump(ROW_KW);
                    p.expect(LEVEL_KW);
                    p.expect(SECURITY_KW);
                    DISABLE_RLS
                }
                RULE_KW => {
                    p.bump(RULE_KW);
                    rule_ref(p);
                    DISABLE_RULE
                }
                _ => {
                    p.error("expected TRIGGER, ROW, or RULE");
                    // TODO: just picking something for now
                    DISABLE_RULE
                }
            };
            m.complete(p, kind)
        }
        // CLUSTER ON index_name
        CLUSTER_KW => {
            let m = p.start();
            p.bump(CLUSTER_KW);
            p.expect(ON_KW);
            index_ref(p);
            m.complete(p, CLUSTER_ON)
        }
        // OWNER TO { new_owner | CURRENT_ROLE | CURRENT_USER | SESSION_USER }
        OWNER_KW => owner_to(p),
        DETACH_KW => {
            let m = p.start();
            p.bump(DETACH_KW);
            p.expect(PARTITION_KW);
            // partition_name
            table_name_ref(p);
            // [ CONCURRENTLY | FINALIZE ]
            opt_detach_partition_option(p);
            m.complete(p, DETACH_PARTITION)
        }
        MERGE_KW => {
            let m = p.start();
            p.bump(MERGE_KW);
            p.expect(PARTITIONS_KW);
            table_name_ref_list(p);
            p.eat(INTO_KW);
            table_name(p);
            m.complete(p, MERGE_PARTITIONS)
        }
        SPLIT_KW => {
            let m = p.start();
            p.bump(SPLIT_KW);
            p.expect(PARTITION_KW);
            table_name_ref(p);
            p.expect(INTO_KW);
            partition_list(p);
            m.complete(p, SPLIT_PARTITION)
        }
        // DROP [ COLUMN ] [ IF EXISTS ] column_name [ RESTRICT | CASCADE ]
        // DROP CONSTRAINT [ IF EXISTS ] constraint_name [ RESTRICT | CASCADE ]
        DROP_KW => {
            let m = p.start();
            p.bump(DROP_KW);
            // CONSTRAINT [ IF EXISTS ] constraint_name [ RESTRICT | CASCADE ]
            let kind = if p.eat(CONSTRAINT_KW) {
                opt_if_exists(p);
                constraint_name_ref(p);
                DROP_CONSTRAINT
            // [ COLUMN ] [ IF EXISTS ] column_name [ RESTRICT | CASCADE ]
            } else {
                p.eat(COLUMN_KW);
                opt_if_exists(p);
                column_name_ref(p);
                DROP_COLUMN
            };
            opt_cascade_or_restrict(p);
            m.complete(p, kind)
        }
        // ADD [ COLUMN ] [ IF NOT EXISTS ] column_name data_type [ COLLATE collation ] [ column_constraint [ ... ] ]
        // ADD table_constraint [ NOT VALID ]
        // ADD table_constraint_using_index
        //
        // and table_constraint is:
        //
        //   [ CONSTRAINT constraint_name ]
        //   { CHECK ( expression ) [ NO INHERIT ] |
        //     UNIQUE [ NULLS [ NOT ] DISTINCT ] ( column_name [, ... ] ) index_parameters |
        //     PRIMARY KEY ( column_name [, ... ] ) index_parameters |
        //     EXCLUDE [ USING index_method ] ( exclude_element WITH operator [, ... ] ) index_parameters [ WHERE ( predicate ) ] |
        //     FOREIGN KEY ( column_name [, ... ] ) REFERENCES reftable [ ( refcolumn [, ... ] ) ]
        //       [ MATCH FULL | MATCH PARTIAL | MATCH SIMPLE ] [ ON DELETE referential_action ] [ ON UPDATE referential_action ] }
        //   [ DEFERRABLE | NOT DEFERRABLE ] [ INITIALLY DEFERRED | INITIALLY IMMEDIATE ]
        //
        //
        // and table_constraint_using_index is:
        //
        //   [ CONSTRAINT constraint_name ]
        //   { UNIQUE | PRIMARY KEY } USING INDEX index_name
        //   [ DEFERRABLE | NOT DEFERRABLE ] [ INITIALLY DEFERRED | INITIALLY IMMEDIATE ]
        ADD_KW => {
            let m = p.start();
            p.bump(ADD_KW);
            let kind = if p.at_ts(TABLE_CONSTRAINT_FIRST) {
                // at table_constraint or table_constraint_using_index
                table_constraint(p);
                ADD_CONSTRAINT
            } else {
                // [ COLUMN ] [ IF NOT EXISTS ] column_name data_type [ COLLATE collation ] [ column_constraint [ ... ] ]
                // otherwise we're expecting an add column
                p.eat(COLUMN_KW);
                opt_if_not_exists(p);
                // column_name
                column_name(p);
                type_name(p);
                opt_alter_option_list(p);
                opt_collate(p);
                opt_column_constraint_list(p);
                ADD_COLUMN
            };
            m.complete(p, kind)
        }
        // ATTACH PARTITION partition_name { FOR VALUES partition_bound_spec | DEFAULT }
        ATTACH_KW => {
            let m = p.start();
            p.bump(ATTACH_KW);
            p.expect(PARTITION_KW);
            // partition_name
            table_name_ref(p);
            // { FOR VALUES partition_bound_spec | DEFAULT }
            partition_option(p);
            m.complete(p, ATTACH_PARTITION)
        }
        // SET SCHEMA new_schema
        SET_KW if p.nth_at(1, SCHEMA_KW) => set_schema(p),
        // SET ( storage_parameter [= value] [, ... ] )
        SET_KW if p.nth_at(1, L_PAREN) => set_options(p),
        // SET TABLESPACE new_tablespace
        SET_KW if p.nth_at(1, TABLESPACE_KW) => set_tablespace(p),
        // SET WITHOUT CLUSTER
        // SET WITHOUT OIDS
        // SET ACCESS METHOD { new_access_method | DEFAULT }
        // SET { LOGGED | UNLOGGED }
        SET_KW => {
            let m = p.start();
            p.expect(SET_KW);
            // SET WITHOUT CLUSTER
            // SET WITHOUT OIDS
            let kind = if p.eat(WITHOUT_KW) {
                if p.eat(CLUSTER_KW) {
                    SET_WITHOUT_CLUSTER
                } else {
                    p.expect(OIDS_KW);
                    SET_WITHOUT_OIDS
                }
            // SET ACCESS METHOD { new_access_method | DEFAULT }
            } else if p.eat(ACCESS_KW) {
                p.expect(METHOD_KW);
                if !p.eat(DEFAULT_KW) {
                    // TODO: I think this can be stricter
                    // name
                    access_method_ref(p);
                }
                SET_ACCESS_METHOD
            // SET { LOGGED | UNLOGGED }
            } else if p.eat(LOGGED_KW) {
                SET_LOGGED
            } else {
                p.expect(UNLOGGED_KW);
                SET_UNLOGGED
            };
            m.complete(p, kind)
        }
        RESET_KW => reset_options(p),
        // RENAME TO new_name
        RENAME_KW if p.nth_at(1, TO_KW) => rename_to(p, TABLE_RENAME_TO, table_name),
        // RENAME CONSTRAINT constraint_name TO new_constraint_name
        RENAME_KW if p.nth_at(1, CONSTRAINT_KW) => {
            let m = p.start();
            p.bump(RENAME_KW);
            p.bump(CONSTRAINT_KW);
            constraint_name_ref(p);
            p.expect(TO_KW);
            constraint_name(p);
            m.complete(p, RENAME_CONSTRAINT)
        }
        // RENAME [ COLUMN ] column_name TO new_column_name
        RENAME_KW => rename_column(p),
        // ALTER [ COLUMN ] column_name [ SET DATA ] TYPE data_type [ COLLATE collation ] [ USING expression ]
        // ALTER [ COLUMN ] column_name SET DEFAULT expression
        // ALTER [ COLUMN ] column_name DROP DEFAULT
        // ALTER [ COLUMN ] column_name { SET | DROP } NOT NULL
        // ALTER [ COLUMN ] column_name SET EXPRESSION AS ( expression )
        // ALTER [ COLUMN ] column_name DROP EXPRESSION [ IF EXISTS ]
        // ALTER [ COLUMN ] column_name ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ ( sequence_options ) ]
        // ALTER [ COLUMN ] column_name { SET GENERATED { ALWAYS | BY DEFAULT } | SET sequence_option | RESTART [ [ WITH ] restart ] } [...]
        // ALTER [ COLUMN ] column_name DROP IDENTITY [ IF EXISTS ]
        // ALTER [ COLUMN ] column_name SET STATISTICS { integer | DEFAULT }
        // ALTER [ COLUMN ] column_name SET ( attribute_option = value [, ... ] )
        // ALTER [ COLUMN ] column_name RESET ( attribute_option [, ... ] )
        // ALTER [ COLUMN ] column_name SET STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT }
        // ALTER [ COLUMN ] column_name SET COMPRESSION compression_method
        // ALTER CONSTRAINT constraint_name [ DEFERRABLE | NOT DEFERRABLE ] [ INITIALLY DEFERRED | INITIALLY IMMEDIATE ]
        ALTER_KW => {
            let m = p.start();
            p.bump(ALTER_KW);
            // ALTER CONSTRAINT constraint_name [ DEFERRABLE | NOT DEFERRABLE ] [ INITIALLY DEFERRED | INITIALLY IMMEDIATE ]
            let kind = if p.eat(CONSTRAINT_KW) {
                constraint_name_ref(p);
                opt_constraint_option_list(p);
                ALTER_CONSTRAINT
            } else {
                p.eat(COLUMN_KW);
                if p.at_ts(COLUMN_FIRST) {
                    column_name_ref(p);
                } else {
                    p.error("expected column_name");
                }
                alter_column_option(p);
                ALTER_COLUMN
            };
            m.complete(p, kind)
        }
        OPTIONS_KW => alter_option_list(p),
        _ => return None,
    };
    Some(cm)
}

fn partition_list(p: &mut Parser<'_>) {
    let m = p.start();
    fn opt_partition(p: &mut Parser<'_>) -> bool {
        let m = p.start();
        if !p.eat(PARTITION_KW) {
            m.abandon(p);
            return false;
        }
        table_name_ref(p);
        partition_option(p);
        m.complete(p, PARTITION);
        true
    }
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        TokenSet::new(&[PARTITION_KW]),
        opt_partition,
    );
    m.complete(p, PARTITION_LIST);
}

// reloption_list:
//   | reloption_elem
//   | reloption_list ',' reloption_elem
// reloption_elem:
//   | ColLabel '=' def_arg
//   | ColLabel
//   | ColLabel '.' ColLabel '=' def_arg
//   | ColLabel '.' ColLabel
fn opt_attribute_option(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if !p.at_ts(COL_LABEL_FIRST) {
        m.abandon(p);
        return false;
    }
    let name = p.start();
    pg_name(p);
    if p.at(DOT) {
        name.complete(p, ATTRIBUTE_NAMESPACE);
        p.bump(DOT);
        if p.at_ts(COL_LABEL_FIRST) {
            attribute_name(p);
        } else {
            p.error("expected column label")
        }
    } else {
        name.complete(p, ATTRIBUTE_NAME);
    }
    if p.eat(EQ) {
        def_arg(p);
    }
    m.complete(p, ATTRIBUTE_OPTION);
    true
}

// def_arg:
//   | func_type
//   | reserved_keyword
//   | qual_all_Op
//   | NumericOnly
//   | Sconst
//   | NONE
//
// qual_all_Op:
//   | all_Op
//   | OPERATOR '(' any_operator ')'
const ATTRIBUTE_VALUE_RECOVERY: TokenSet = TokenSet::new(&[COMMA]).union(EXPR_RECOVERY_SET);

fn def_arg(p: &mut Parser<'_>) {
    let m = p.start();
    let at_numeric =
        p.at_ts(NUMERIC_FIRST) || ((p.at(MINUS) || p.at(PLUS)) && p.nth_at_ts(1, NUMERIC_FIRST));
    if opt_bool_literal(p)
        || opt_string_literal(p).is_some()
        || (at_numeric && opt_numeric_literal(p).is_some())
        || opt_op_or_opcall(p)
        || p.eat(NONE_KW)
    {
    } else if p.at_ts(RESERVED_KEYWORDS) {
        p.bump_any();
    } else if p.eat(OPERATOR_KW) {
        p.expect(L_PAREN);
        qual_op(p);
        p.expect(R_PAREN);
    } else if !opt_type_name(p) {
        let message = format!("expected attribute value, got {:?}", p.current());
        err_recover_run(p, message, ATTRIBUTE_VALUE_RECOVERY);
    }
    m.complete(p, ATTRIBUTE_VALUE);
}

fn generated_options(p: &mut Parser<'_>) {
    // {
    //  | SET GENERATED { ALWAYS | BY DEFAULT }
    //  | SET sequence_option
    //  | RESTART [ [ WITH ] restart ]
    // } [...]
    while !p.at(EOF) {
        let m = p.start();
        if p.eat(RESTART_KW) {
            if p.eat(WITH_KW) {
                numeric_literal(p);
            } else {
                opt_restart_value(p);
            }
            m.complete(p, RESTART);
        } else if p.eat(SET_KW) {
            if opt_sequence_option(p).is_some() {
                m.complete(p, SET_SEQUENCE_OPTION);
                continue;
            } else {
                p.expect(GENERATED_KW);
                generated_when(p);
                m.complete(p, SET_GENERATED);
            }
        } else {
            m.abandon(p);
            break;
        }
    }
}

// [ COLUMN ] column_name [ SET DATA ] TYPE data_type [ COLLATE collation ] [ USING expression ]
// [ COLUMN ] column_name SET DEFAULT expression
// [ COLUMN ] column_name DROP DEFAULT
// [ COLUMN ] column_name { SET | DROP } NOT NULL
// [ COLUMN ] column_name SET EXPRESSION AS ( expression )
// [ COLUMN ] column_name DROP EXPRESSION [ IF EXISTS ]
// [ COLUMN ] column_name ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ ( sequence_options ) ]
// [ COLUMN ] column_name { SET GENERATED { ALWAYS | BY DEFAULT } | SET sequence_option | RESTART [ [ WITH ] restart ] } [...]
// [ COLUMN ] column_name DROP IDENTITY [ IF EXISTS ]
// [ COLUMN ] column_name SET STATISTICS { integer | DEFAULT }
// [ COLUMN ] column_name SET ( attribute_option = value [, ... ] )
// [ COLUMN ] column_name RESET ( attribute_option [, ... ] )
// [ COLUMN ] column_name SET STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT }
// [ COLUMN ] column_name SET COMPRESSION compression_method
// [ COLUMN ] column_name OPTIONS ( [ ADD | SET | DROP ] option ['value'] [, ... ])
fn alter_column_option(p: &mut Parser<'_>) {
    let m = p.start();
    // DROP NOT NULL
    // DROP DEFAULT
    // DROP EXPRESSION [ IF EXISTS ]
    // DROP IDENTITY [ IF EXISTS ]
    let kind = match p.current() {
        DROP_KW => {
            p.bump(DROP_KW);
            if p.eat(DEFAULT_KW) {
                DROP_DEFAULT
            } else if p.eat(EXPRESSION_KW) {
                opt_if_exists(p);
                DROP_EXPRESSION
            } else if p.eat(IDENTITY_KW) {
                opt_if_exists(p);
                DROP_IDENTITY
            } else {
                p.expect(NOT_KW);
                p.expect(NULL_KW);
                DROP_NOT_NULL
            }
        }
        // RESTART [ [ WITH ] restart ]
        RESTART_KW => {
            p.bump(RESTART_KW);
            if p.eat(WITH_KW) {
                numeric_literal(p);
            } else {
                opt_restart_value(p);
            }
            RESTART
        }
        ADD_KW => {
            p.bump(ADD_KW);
            // ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ ( sequence_options ) ]
            p.expect(GENERATED_KW);
            generated_when(p);
            p.expect(AS_KW);
            p.expect(IDENTITY_KW);
            opt_sequence_options(p);
            ADD_GENERATED
        }
        // RESET ( attribute_option [, ... ] )
        RESET_KW => {
            m.abandon(p);
            reset_options(p);
            return;
        }
        // TYPE data_type [ COLLATE collation ] [ USING expression ]
        TYPE_KW => {
            set_data_type(p);
            SET_TYPE
        }
        // SET DATA TYPE data_type [ COLLATE collation ] [ USING expression ]
        SET_KW if p.nth_at(1, DATA_KW) => {
            p.bump(SET_KW);
            p.bump(DATA_KW);
            set_data_type(p);
            SET_TYPE
        }
        // { SET GENERATED { ALWAYS | BY DEFAULT }
        SET_KW if p.nth_at(1, GENERATED_KW) => {
            generated_options(p);
            SET_GENERATED_OPTIONS
        }
        // SET sequence_option
        SET_KW if p.nth_at_ts(1, SEQUENCE_OPTION_FIRST) => {
            generated_options(p);
            SET_GENERATED_OPTIONS
        }
        // OPTIONS ( [ ADD | SET | DROP ] option ['value'] [, ... ])
        OPTIONS_KW => {
            if !opt_alter_option_list(p) {
                p.error("expected options");
            }
            SET_OPTIONS_LIST
        }
        // SET DEFAULT expression
        SET_KW if p.nth_at(1, DEFAULT_KW) => {
            p.bump(SET_KW);
            p.bump(DEFAULT_KW);
            if expr(p).is_none() {
                p.error("expected expr");
            }
            SET_DEFAULT
        }
        // SET EXPRESSION AS ( expression )
        SET_KW if p.nth_at(1, EXPRESSION_KW) => {
            p.bump(SET_KW);
            p.bump(EXPRESSION_KW);
            p.expect(AS_KW);
            p.expect(L_PAREN);
            if expr(p).is_none() {
                p.error("expected expr");
            }
            p.expect(R_PAREN);
            SET_EXPRESSION
        }
        // SET STATISTICS { integer | DEFAULT }
        SET_KW if p.nth_at(1, STATISTICS_KW) => {
            p.bump(SET_KW);
            p.bump(STATISTICS_KW);
            if !p.eat(DEFAULT_KW) {
                int_literal(p);
            }
            SET_STATISTICS
        }
        // SET ( attribute_option = value [, ... ] )
        SET_KW if p.nth_at(1, L_PAREN) => {
            p.bump(SET_KW);
            attribute_list(p);
            SET_OPTIONS
        }
        // SET STORAGE { PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT }
        SET_KW if p.nth_at(1, STORAGE_KW) => {
            p.bump(SET_KW);
            p.bump(STORAGE_KW);
            storage_mode(p);
            SET_STORAGE
        }
        // SET COMPRESSION { ColId | DEFAULT }
        SET_KW if p.nth_at(1, COMPRESSION_KW) => {
            p.bump(SET_KW);
            p.bump(COMPRESSION_KW);
            compression_method_name(p);
            SET_COMPRESSION
        }
        // SET NOT NULL
        SET_KW if p.nth_at(1, NOT_KW) => {
            p.bump(SET_KW);
            p.bump(NOT_KW);
            p.expect(NULL_KW);
            SET_NOT_NULL
        }
        _ => {
            p.error("expected alter column option");
            m.abandon(p);
            return;
        }
    };
    m.complete(p, kind);
}

fn attribute_list(p: &mut Parser<'_>) {
    let m = p.start();
    delimited(
        p,
        L_PAREN,
        R_PAREN,
        COMMA,
        ListItems::Required,
        || "unexpected comma".to_string(),
        COL_LABEL_FIRST,
        opt_attribute_option,
    );
    m.complete(p, ATTRIBUTE_LIST);
}

pub(crate) fn opt_collate(p: &mut Parser<'_>) -> Option<CompletedMarker> {
    let m = p.start();
    if p.eat(COLLATE_KW) {
        collation_ref(p);
        Some(m.complete(p, COLLATE))
    } else {
        m.abandon(p);
        None
    }
}

// TYPE data_type [ COLLATE collation ] [ USING expression ]
fn set_data_type(p: &mut Parser<'_>) {
    p.expect(TYPE_KW);
    type_name(p);
    opt_collate(p);
    if p.at(USING_KW) {
        let m = p.start();
        p.bump(USING_KW);
        if expr(p).is_none() {
            p.error("expected expression");
        }
        m.complete(p, USING_EXPR);
    }
}

pub(crate) fn entry_point(p: &mut Parser) {
    let m = p.start();
    while !p.at(EOF) {
        stmt(
            p,
            &StmtRestrictions {
                semi_allowed: true,
                begin_end_allowed: true,
            },
        );
    }
    m.complete(p, SOURCE_FILE);
}
