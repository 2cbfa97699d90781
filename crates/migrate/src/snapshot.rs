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

/// Canonical JSON text of a schema (normalized, laid out as [`Layout`]
/// says, trailing newline).
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
    let mut ser = serde_json::Serializer::with_formatter(&mut text, Layout::default());
    file.serialize(&mut ser).expect("a schema always serializes");
    text.push(b'\n');
    String::from_utf8(text).expect("serde_json writes UTF-8")
}

/// The layout of snapshot.json: the file, the schema and each object in
/// it (a table, an enum, a view...) one member per line, their lists one
/// element per line, and each element (a column, an index, a constraint,
/// a name) on one line of its own. Every column or constraint is then one
/// line a diff can show, and the file is less than half the size of
/// indenting every level (thousands of tables: megabytes less to write,
/// hash and read back).
#[derive(Default)]
struct Layout {
    /// Containers open, the outermost first: whether each is laid out one
    /// entry per line.
    open: Vec<bool>,
    /// Whether the innermost open container has an entry yet.
    has_value: bool,
}

impl Layout {
    /// Objects down to this depth (the file is 1, the schema 2, a table 4)
    /// and lists down to the next are laid out one entry per line.
    const OBJECT_DEPTH: usize = 4;

    fn begin<W: ?Sized + std::io::Write>(&mut self, w: &mut W, list: bool) -> std::io::Result<()> {
        let depth = self.open.len() + 1;
        let parent = self.open.last().copied().unwrap_or(true);
        let limit = if list { Self::OBJECT_DEPTH + 1 } else { Self::OBJECT_DEPTH };
        self.open.push(parent && depth <= limit);
        self.has_value = false;
        w.write_all(if list { b"[" } else { b"{" })
    }

    fn end<W: ?Sized + std::io::Write>(&mut self, w: &mut W, list: bool) -> std::io::Result<()> {
        let lines = self.open.pop().unwrap_or(false);
        if lines && self.has_value {
            self.newline(w)?;
        }
        w.write_all(if list { b"]" } else { b"}" })
    }

    /// Before an element or a member.
    fn entry<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.open.last().copied().unwrap_or(false) {
            self.newline(w)
        } else if first {
            Ok(())
        } else {
            w.write_all(b" ")
        }
    }

    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.open.len() {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, true)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, true)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.entry(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, false)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, false)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.entry(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// More than the snapshot of `schema` takes, as a rule: a column takes
/// about 100 bytes, an index or a constraint about 200, and names and
/// expressions are short.
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

    #[test]
    fn layout_is_one_line_per_column_and_constraint() {
        let mut s = Schema::empty(Dialect::Postgres);
        s.enums.push(EnumType {
            name: QualifiedName::bare("mood"),
            values: vec!["ok".into(), "sad".into()],
            comment: None,
        });
        let mut t = Table::new(QualifiedName::bare("t"));
        t.columns.push(Column::new("id", SqlType::BigInt));
        t.columns.push(Column::new("note", SqlType::Varchar { length: Some(20) }));
        t.primary_key =
            Some(PrimaryKey { name: None, columns: vec!["id".into()], autoincrement: false });
        s.tables.push(t);
        s.tables.push(Table::new(QualifiedName::bare("empty")));
        let text = to_json(&s);
        let expect = r#"{
  "sluice_snapshot": 1,
  "schema": {
    "dialect": "postgres",
    "enums": [
      {
        "name": {"schema": "public", "name": "mood"},
        "values": [
          "ok",
          "sad"
        ]
      }
    ],
    "tables": [
      {
        "name": {"schema": "public", "name": "empty"},
        "columns": []
      },
      {
        "name": {"schema": "public", "name": "t"},
        "columns": [
          {"name": "id", "type": {"kind": "big_int"}, "nullable": false},
          {"name": "note", "type": {"kind": "varchar", "length": 20}, "nullable": true}
        ],
        "primary_key": {"name": "t_pkey", "columns": ["id"]}
      }
    ]
  }
}
"#;
        assert_eq!(text, expect);
        // The same schema as any JSON reader sees it.
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["schema"]["tables"][1]["columns"][1]["type"]["length"], 20);
        assert_eq!(from_json("s", &text).unwrap(), from_json("s", &to_json_indented(&s)).unwrap());
    }

    /// The schema with every level indented (earlier snapshots look so).
    fn to_json_indented(s: &Schema) -> String {
        let mut s = s.clone();
        normalize(&mut s);
        serde_json::to_string_pretty(&SnapshotFile { sluice_snapshot: FORMAT, schema: s }).unwrap()
    }
}
