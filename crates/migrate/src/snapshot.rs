//! `snapshot.json`: the schema after a migration, as canonical JSON, so the
//! next `generate` diffs against it without a database.

use serde::{Deserialize, Serialize};
use sluice_schema::{normalize, Schema};

/// Version of the snapshot format, bumped on incompatible model changes.
pub const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct SnapshotFile {
    sluice_snapshot: u32,
    schema: Schema,
}

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{path}: not a sluice snapshot: {source} (line {line}, column {column})")]
    Invalid { path: String, line: usize, column: usize, source: serde_json::Error },
    #[error("{path}: snapshot format {found} is newer than this sluice understands ({FORMAT}); upgrade sluice")]
    TooNew { path: String, found: u32 },
}

/// Canonical JSON text of a schema (normalized, pretty, trailing newline).
pub fn to_json(schema: &Schema) -> String {
    let mut schema = schema.clone();
    normalize(&mut schema);
    normalized_to_json(&schema)
}

/// [`to_json`] for a schema that is normalized already (as parsers return
/// them): not copied, and the same text, normalization being idempotent.
pub fn normalized_to_json(schema: &Schema) -> String {
    #[derive(Serialize)]
    struct SnapshotRef<'a> {
        sluice_snapshot: u32,
        schema: &'a Schema,
    }
    let file = SnapshotRef { sluice_snapshot: FORMAT, schema };
    // Room for the whole text from the start: grown by doubling, a
    // snapshot of thousands of tables would be copied a dozen times and
    // touch twice its size in fresh memory. Pages reserved but never
    // written cost nothing.
    let mut text = Vec::with_capacity(capacity_hint(schema));
    serde_json::to_writer_pretty(&mut text, &file).expect("a schema always serializes");
    text.push(b'\n');
    String::from_utf8(text).expect("serde_json writes UTF-8")
}

/// More than the pretty JSON of `schema` takes, as a rule: about 350 bytes
/// per column are written, and names and expressions are short.
fn capacity_hint(schema: &Schema) -> usize {
    let objects: usize = schema
        .tables
        .iter()
        .map(|t| {
            2 + t.columns.len()
                + t.indexes.len()
                + t.foreign_keys.len()
                + t.checks.len()
                + t.uniques.len()
        })
        .sum();
    4096 + 1024
        * (objects
            + schema.views.len()
            + schema.enums.len()
            + schema.sequences.len()
            + schema.domains.len())
}

pub fn from_json(path: &str, text: &str) -> Result<Schema, SnapshotError> {
    let file: SnapshotFile = serde_json::from_str(text).map_err(|e| SnapshotError::Invalid {
        path: path.to_string(),
        line: e.line(),
        column: e.column(),
        source: e,
    })?;
    if file.sluice_snapshot > FORMAT {
        return Err(SnapshotError::TooNew { path: path.to_string(), found: file.sluice_snapshot });
    }
    let mut schema = file.schema;
    normalize(&mut schema);
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sluice_schema::*;

    #[test]
    fn round_trip_and_errors() {
        let mut s = Schema::empty(Dialect::Postgres);
        let mut t = Table::new(QualifiedName::bare("t"));
        t.columns.push(Column::new("id", SqlType::BigInt));
        s.tables.push(t);
        let text = to_json(&s);
        let back = from_json("snap.json", &text).unwrap();
        let mut expect = s.clone();
        normalize(&mut expect);
        assert_eq!(back, expect);
        assert_eq!(to_json(&back), text, "canonical: stable text");

        let err =
            from_json("snap.json", "{\n \"sluice_snapshot\": 1,\n \"schema\": 3 }").unwrap_err();
        assert!(err.to_string().contains("snap.json"), "{err}");
        assert!(err.to_string().contains("line 3"), "{err}");
        let err =
            from_json("s", "{\"sluice_snapshot\": 99, \"schema\": {\"dialect\": \"sqlite\"}}")
                .unwrap_err();
        assert!(matches!(err, SnapshotError::TooNew { found: 99, .. }));
    }
}
