//! Session settings in schema files: `SET`, `RESET` and pg_dump's preamble
//! `SELECT pg_catalog.set_config(..)` have no schema meaning and are
//! skipped — except `search_path`, which decides where unqualified names
//! go. sluice always reads unqualified names in `public`, so a search path
//! naming another schema is reported instead of being silently misread.

use super::names::{child, children, name_parts, string_value};
use super::Builder;
use squawk_syntax::{SyntaxKind as K, SyntaxNode};

pub(super) fn session_statement(b: &mut Builder, stmt: &SyntaxNode) {
    match stmt.kind() {
        K::SET => set(b, stmt),
        // Back to the server default, which starts with public.
        K::RESET => {}
        _ => {
            if !set_config(b, stmt) {
                b.unsupported_statement(stmt);
            }
        }
    }
}

fn set(b: &mut Builder, stmt: &SyntaxNode) {
    for n in stmt.children() {
        match n.kind() {
            K::SET_CONFIG => {
                let param = child(&n, K::CONFIG_PARAMETER_REF).map(|p| name_parts(&p).join("."));
                if param.as_deref() != Some("search_path") {
                    continue;
                }
                let values: Vec<String> = child(&n, K::TO_CONFIG_VALUE)
                    .map(|v| v.children().filter_map(|c| config_value(&c)).collect())
                    .unwrap_or_default();
                check_search_path(b, &n, &values);
            }
            K::SET_SCHEMA_VALUE => {
                let values: Vec<String> = n.children().filter_map(|c| config_value(&c)).collect();
                check_search_path(b, &n, &values);
            }
            _ => {}
        }
    }
}

fn config_value(node: &SyntaxNode) -> Option<String> {
    match node.kind() {
        K::LITERAL => string_value(node),
        K::CONFIG_VALUE_NAME => Some(name_parts(node).join(".")),
        _ => None,
    }
}

/// `SELECT [pg_catalog.]set_config('name', 'value', is_local);` alone in its
/// statement. Returns false for any other SELECT.
fn set_config(b: &mut Builder, stmt: &SyntaxNode) -> bool {
    let only = |n: &SyntaxNode, kind: K| {
        let mut it = children(n).filter(|e| e.as_node().is_some());
        match (it.next(), it.next()) {
            (Some(first), None) if first.kind() == kind => first.into_node(),
            _ => None,
        }
    };
    let call = only(stmt, K::SELECT_CLAUSE)
        .and_then(|c| only(&c, K::TARGET_LIST))
        .and_then(|t| only(&t, K::TARGET))
        .and_then(|t| only(&t, K::CALL_EXPR));
    let Some(call) = call else { return false };
    let Some(callee) = call.children().next() else {
        return false;
    };
    let name = name_parts(&callee);
    if !(name == ["set_config"] || name == ["pg_catalog", "set_config"]) {
        return false;
    }
    let args: Vec<Option<String>> = child(&call, K::ARG_LIST)
        .map(|l| {
            l.children().map(|a| a.children().next().and_then(|lit| string_value(&lit))).collect()
        })
        .unwrap_or_default();
    if let [Some(param), value, ..] = args.as_slice() {
        if param == "search_path" {
            let values: Vec<String> = value.iter().cloned().collect();
            check_search_path(b, &call, &values);
        }
    }
    true
}

/// Entries of a search path that keep unqualified names in `public`.
fn check_search_path(b: &mut Builder, at: &SyntaxNode, values: &[String]) {
    let entries = values.iter().flat_map(|v| v.split(',')).map(|e| e.trim().trim_matches('"'));
    for entry in entries {
        if !matches!(entry, "" | "public" | "$user" | "pg_catalog" | "pg_temp") {
            b.unsupported(
                at,
                &format!("setting search_path to `{entry}`"),
                &format!(
                    "sluice reads unqualified names in schema public: qualify the names \
                     instead (`{entry}.name`) and remove this setting"
                ),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok};

    #[test]
    fn pg_dump_preamble_is_skipped() {
        let s = parse_ok(
            "SET statement_timeout = 0;
             SET client_encoding = 'UTF8';
             SET standard_conforming_strings = on;
             SELECT pg_catalog.set_config('search_path', '', false);
             SET check_function_bodies = false;
             SET search_path = public, pg_catalog;
             SET LOCAL search_path TO \"$user\", public;
             RESET ALL;
             BEGIN;
             CREATE TABLE t (a int);
             COMMIT;",
        );
        assert_eq!(s.tables.len(), 1);
    }

    #[test]
    fn another_search_path_is_reported() {
        assert_eq!(
            parse_err("SET search_path TO myschema;"),
            "1:5: setting search_path to `myschema` is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("SELECT pg_catalog.set_config('search_path', 'app, public', false);"),
            "1:8: setting search_path to `app` is not supported in schema files yet"
        );
        assert_eq!(
            parse_err("SET SCHEMA 'app';"),
            "1:5: setting search_path to `app` is not supported in schema files yet"
        );
        assert_eq!(parse_err("SELECT 1;"), "1:1: SELECT is not supported in schema files yet");
    }
}
