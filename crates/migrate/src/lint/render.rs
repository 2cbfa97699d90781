//! How findings are shown: human text (the statement with the span
//! underlined, help and fix, plain ASCII so it reads the same in a terminal,
//! a CI log or a snapshot), GitHub workflow annotations, SARIF 2.1.0 and
//! JSON. Line and column are computed here, from byte spans, through one
//! line index per file.

use super::finding::{Finding, LintReport, Severity};
use super::rules;
use serde_json::{json, Value};
use std::fmt::Write;

/// Line starts of a text, for byte offset -> line:column.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of 1-based line `n`, without its line break.
    pub fn line(&self, n: usize) -> &'a str {
        let start = self.starts[n - 1];
        let end = self.starts.get(n).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Where a finding starts and ends (1-based, end inclusive of its last
/// character's line); `None` for a finding about the whole file.
pub fn location(f: &Finding, index: &LineIndex) -> Option<((usize, usize), (usize, usize))> {
    let span = f.span.as_ref()?;
    Some((index.line_col(span.start), index.line_col(span.end.max(span.start))))
}

/// Every finding of one report as text, then a summary line.
pub fn human(report: &LintReport, text: &str) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for f in &report.findings {
        human_finding(&mut out, f, &report.path, &index);
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// One line: counts, rules run and risk.
pub fn summary(report: &LintReport) -> String {
    let (e, w, i) = (report.errors(), report.warnings(), report.infos());
    let counts = if e + w + i == 0 {
        "no findings".to_string()
    } else {
        let mut parts = Vec::new();
        for (n, what) in [(e, "error"), (w, "warning"), (i, "info")] {
            if n > 0 {
                parts
                    .push(format!("{n} {what}{}", if n == 1 || what == "info" { "" } else { "s" }));
            }
        }
        parts.join(", ")
    };
    format!("{}: {counts} ({} rules run, risk: {})", report.path, report.rules_run, report.risk())
}

fn human_finding(out: &mut String, f: &Finding, path: &str, index: &LineIndex) {
    let _ = writeln!(out, "{}[{}]: {}", f.severity, f.code, f.message);
    match location(f, index) {
        None => {
            let _ = writeln!(out, "  --> {path}");
        }
        Some(((l1, c1), (l2, _))) => {
            let _ = writeln!(out, "  --> {path}:{l1}:{c1}");
            let width = l2.to_string().len();
            let pad = " ".repeat(width);
            let _ = writeln!(out, " {pad} |");
            let span = f.span.clone().unwrap_or_default();
            let shown_last = l2.min(l1 + 5);
            for n in l1..=shown_last {
                let line = index.line(n);
                let _ = writeln!(out, " {n:>width$} | {line}");
                // Underline the part of this line inside the span.
                let line_start = index.starts[n - 1];
                let from = span.start.max(line_start) - line_start;
                let to = (span.end.min(line_start + line.len())).saturating_sub(line_start);
                if to > from {
                    let lead = line.get(..from).map_or(from, |s| s.chars().count());
                    let len = line.get(from..to).map_or(to - from, |s| s.chars().count());
                    let _ =
                        writeln!(out, " {pad} | {}{}", " ".repeat(lead), "^".repeat(len.max(1)));
                }
            }
            if shown_last < l2 {
                let _ = writeln!(out, " {pad} | ...");
            }
        }
    }
    if !f.help.is_empty() {
        let _ = writeln!(out, "  = help: {}", f.help);
    }
    if let Some(fix) = &f.fix {
        let mut lines = fix.lines();
        let _ = writeln!(out, "  = fix: {}", lines.next().unwrap_or(""));
        for l in lines {
            let _ = writeln!(out, "         {l}");
        }
    }
    out.push('\n');
}

/// GitHub Actions workflow commands, one per finding.
pub fn github(report: &LintReport, text: &str) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for f in &report.findings {
        let kind = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!("file={}", escape_property(&report.path));
        if let Some(((l1, c1), (l2, c2))) = location(f, &index) {
            let _ = write!(props, ",line={l1},col={c1},endLine={l2},endColumn={c2}");
        }
        let _ = write!(props, ",title={}", escape_property(f.code));
        let mut msg = f.message.clone();
        if !f.help.is_empty() {
            msg.push_str("\nhelp: ");
            msg.push_str(&f.help);
        }
        let _ = writeln!(out, "::{kind} {props}::{}", escape_data(&msg));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One finding as JSON, with its line and column.
pub fn finding_json(f: &Finding, index: &LineIndex) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
    if let (Some(((l1, c1), (l2, c2))), Value::Object(map)) = (location(f, index), &mut v) {
        map.insert("line".into(), json!(l1));
        map.insert("column".into(), json!(c1));
        map.insert("end_line".into(), json!(l2));
        map.insert("end_column".into(), json!(c2));
    }
    v
}

/// One report as JSON: path, counts, risk, rules run, findings.
pub fn report_json(report: &LintReport, text: &str) -> Value {
    let index = LineIndex::new(text);
    json!({
        "path": report.path,
        "rules_run": report.rules_run,
        "errors": report.errors(),
        "warnings": report.warnings(),
        "infos": report.infos(),
        "risk": report.risk(),
        "findings": report.findings.iter().map(|f| finding_json(f, &index)).collect::<Vec<_>>(),
    })
}

/// A SARIF 2.1.0 log of several reports (each with the text it was made from).
pub fn sarif(reports: &[(&LintReport, &str)]) -> Value {
    let rules: Vec<Value> = rules::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": { "text": r.summary },
                "help": { "text": r.help },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "properties": { "group": r.group.as_str() },
            })
        })
        .collect();
    let mut results = Vec::new();
    for (report, text) in reports {
        let index = LineIndex::new(text);
        for f in &report.findings {
            let mut loc =
                json!({ "physicalLocation": { "artifactLocation": { "uri": report.path } } });
            if let Some(((l1, c1), (l2, c2))) = location(f, &index) {
                loc["physicalLocation"]["region"] = json!({
                    "startLine": l1, "startColumn": c1, "endLine": l2, "endColumn": c2,
                });
            }
            let mut text = f.message.clone();
            if !f.help.is_empty() {
                text.push_str(" Help: ");
                text.push_str(&f.help);
            }
            results.push(json!({
                "ruleId": f.code,
                "ruleIndex": rules::ALL.iter().position(|r| r.code == f.code),
                "level": sarif_level(f.severity),
                "message": { "text": text },
                "locations": [loc],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "sluice",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/sluice",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
