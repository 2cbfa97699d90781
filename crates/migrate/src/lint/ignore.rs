//! Suppressions: `-- sluice:ignore CODE[, CODE] reason` on the lines right
//! before a statement silences those codes for that statement only. An
//! ignore that silences nothing is reported (`unused-ignore`), and so is one
//! without a reason (`ignore-without-reason`).

use super::context::Context;
use super::finding::{Finding, Severity};
use super::rules::{self, Rule};
use std::ops::Range;

pub const MARKER: &str = "sluice:ignore";

/// One `-- sluice:ignore` comment.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// The comment's byte range.
    pub span: Range<usize>,
    pub codes: Vec<String>,
    pub reason: String,
    /// The statement it applies to (the next one), if any.
    pub statement: Option<usize>,
}

/// Every ignore comment of the script, in order.
pub fn find(cx: &Context) -> Vec<Ignore> {
    let text = cx.text;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find(MARKER) {
        let at = from + p;
        from = at + MARKER.len();
        // Only in a `--` comment that starts the line (after spaces), and
        // not inside a statement.
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..at].trim_start();
        if before.trim_end() != "--" || cx.stmt_at(at).is_some_and(|i| cx.stmts[i].span.start < at)
        {
            continue;
        }
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let rest = text[from..line_end].trim();
        let (codes, reason) = parse_codes(rest);
        let comment_start = line_start + (text[line_start..at].len() - before.len());
        let statement = cx.stmts.iter().position(|s| s.span.start >= line_end);
        out.push(Ignore {
            span: comment_start..line_end.min(text.len()),
            codes,
            reason: reason.to_string(),
            statement,
        });
    }
    out
}

/// `a, b reason text` -> (["a", "b"], "reason text").
fn parse_codes(s: &str) -> (Vec<String>, &str) {
    let mut codes = Vec::new();
    let mut rest = s;
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        codes.push(rest[..end].to_string());
        let after = rest[end..].trim_start();
        match after.strip_prefix(',') {
            Some(more) => rest = more.trim_start(),
            None => {
                rest = after;
                break;
            }
        }
    }
    (codes, rest.trim())
}

/// Drop the findings the ignores silence; add the findings about the
/// ignores themselves, at the severity `level` gives their rules.
pub fn apply(
    cx: &Context,
    findings: Vec<Finding>,
    level: impl Fn(&Rule) -> Option<Severity>,
) -> Vec<Finding> {
    let ignores = find(cx);
    if ignores.is_empty() {
        return findings;
    }
    let mut used = vec![Vec::<bool>::new(); ignores.len()];
    for (i, ig) in ignores.iter().enumerate() {
        used[i] = vec![false; ig.codes.len()];
    }
    let mut kept = Vec::with_capacity(findings.len());
    'f: for f in findings {
        for (i, ig) in ignores.iter().enumerate() {
            if ig.statement.is_some() && ig.statement == f.statement {
                if let Some(k) = ig.codes.iter().position(|c| c == f.code) {
                    used[i][k] = true;
                    continue 'f;
                }
            }
        }
        kept.push(f);
    }
    let unused_rule = &rules::unused_ignore::RULE;
    let reason_rule = &rules::ignore_without_reason::RULE;
    for (i, ig) in ignores.iter().enumerate() {
        if let Some(sev) = level(unused_rule) {
            for (k, code) in ig.codes.iter().enumerate() {
                if used[i][k] {
                    continue;
                }
                let mut f = cx.at_span(
                    unused_rule,
                    ig.span.clone(),
                    rules::unused_ignore::message(code, ig.statement.is_some()),
                );
                f.statement = ig.statement;
                f.severity = sev;
                kept.push(f);
            }
            if ig.codes.is_empty() {
                let mut f = cx.at_span(
                    unused_rule,
                    ig.span.clone(),
                    "`-- sluice:ignore` names no rule code, so it silences nothing".into(),
                );
                f.severity = sev;
                kept.push(f);
            }
        }
        if ig.reason.is_empty() {
            if let Some(sev) = level(reason_rule) {
                let mut f = cx.at_span(
                    reason_rule,
                    ig.span.clone(),
                    rules::ignore_without_reason::message(&ig.codes),
                );
                f.statement = ig.statement;
                f.severity = sev;
                kept.push(f);
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::parse_codes;

    #[test]
    fn codes_and_reason() {
        assert_eq!(parse_codes("a, b  why not"), (vec!["a".into(), "b".into()], "why not"));
        assert_eq!(parse_codes("drop-table"), (vec!["drop-table".into()], ""));
        assert_eq!(parse_codes(""), (vec![], ""));
    }
}
