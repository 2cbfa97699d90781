//! The properties every reader of user input must keep, on any bytes: no
//! panic, and every error names a place inside the input. Shared by the
//! cargo-fuzz targets in `fuzz_targets/` and by the stable-toolchain replay
//! test (`crates/cli/tests/fuzz_replay.rs`), which runs the same checks over
//! the corpus and over random bytes.
//!
//! The including module must provide a `config` module (the CLI's
//! `config.rs`), as the config loader lives in the binary crate.

use sluice_schema::Dialect;
use sluice_sql::SourceFile;
use std::path::Path;

/// DDL of one dialect: parsing never panics, every error's span lies inside
/// the text on character boundaries and its line:col is the span's start;
/// a schema parsed without errors renders, and the rendering parses again.
pub fn ddl(dialect: Dialect, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let d = sluice_sql::dialect_for(dialect).expect("every dialect is built");
    let file = SourceFile::new("fuzz.sql", text);
    let parsed = d.parse(std::slice::from_ref(&file));
    for e in &parsed.errors {
        let start = e.span.offset();
        let end = start + e.span.len();
        assert!(end <= text.len(), "error span {start}..{end} past the end ({}): {e}", text.len());
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "error span {start}..{end} splits a character: {e}"
        );
        assert_eq!(e.location.file, "fuzz.sql");
        assert_eq!(
            (e.location.line, e.location.column),
            file.line_col(start),
            "location does not match the span: {e}"
        );
    }
    if parsed.errors.is_empty() {
        let rendered = d.render_schema(&parsed.schema);
        // Rendering must not panic; what it writes is parsed again (a
        // rendering sluice cannot read back would break `pull` then `generate`).
        let again = d.parse(&[SourceFile::new("rendered.sql", rendered.as_str())]);
        assert!(
            again.errors.is_empty(),
            "the rendering of a parsed schema does not parse: {}\n--- input:\n{text}\n--- rendered:\n{rendered}",
            again.errors[0].short()
        );
    }
}

/// snapshot.json: no panic; a JSON error carries a line and column inside
/// the text; a snapshot read is a fixed point of write-then-read.
pub fn snapshot(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match sluice_migrate::snapshot::from_json("snapshot.json", text) {
        Ok(schema) => {
            let written = sluice_migrate::snapshot::to_json(&schema);
            let back = sluice_migrate::snapshot::from_json("snapshot.json", &written)
                .unwrap_or_else(|e| {
                    panic!("a written snapshot does not read back: {e}\n{written}")
                });
            assert_eq!(back, schema, "write-then-read changed the snapshot");
        }
        Err(sluice_migrate::snapshot::SnapshotError::Invalid { line, column, .. }) => {
            let lines = text.split('\n').count();
            assert!(line >= 1 && line <= lines, "line {line} outside 1..={lines}");
            let line_len = text.split('\n').nth(line - 1).map_or(0, |l| l.len());
            assert!(column <= line_len + 1, "column {column} past line {line} ({line_len} bytes)");
        }
        Err(sluice_migrate::snapshot::SnapshotError::TooNew { .. }) => {}
    }
}

/// sluice.sum: no panic; a malformed line is a line of the text; what is
/// read writes back to the same entries.
pub fn sum_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match sluice_migrate::SumFile::parse(text) {
        Ok(sum) => {
            let written = sum.to_string();
            let back = sluice_migrate::SumFile::parse(&written).unwrap_or_else(|e| {
                panic!("a written sum file does not read back: {e}\n{written}")
            });
            assert_eq!(back, sum);
        }
        Err(
            sluice_migrate::SumError::Malformed { line, .. }
            | sluice_migrate::SumError::Conflict { line },
        ) => {
            assert!(line >= 1 && line <= text.lines().count(), "line {line} not in the text");
        }
        Err(e) => panic!("parsing returned a verification error: {e}"),
    }
}

/// sluice.toml: no panic; a TOML syntax or type error names
/// `sluice.toml:LINE:COL` inside the text.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("sluice.toml");
    let Err(err) = crate::config::parse(path, text) else { return };
    let msg = err.to_string();
    assert!(msg.starts_with("sluice.toml"), "the error does not name the file: {msg}");
    if toml::from_str::<toml::Table>(text).is_err() {
        // A syntax error: always located.
        let rest = msg.strip_prefix("sluice.toml:").unwrap_or_else(|| {
            panic!("a TOML syntax error without line:col: {msg}");
        });
        let mut parts = rest.splitn(3, ':');
        let line: usize = parts.next().and_then(|l| l.parse().ok()).expect("a line number");
        let col: usize = parts.next().and_then(|c| c.parse().ok()).expect("a column number");
        let lines = text.split('\n').count();
        assert!(line >= 1 && line <= lines, "line {line} outside 1..={lines}: {msg}");
        let line_chars = text.split('\n').nth(line - 1).map_or(0, |l| l.chars().count());
        assert!(col >= 1 && col <= line_chars + 1, "column {col} past line {line}: {msg}");
    }
}
