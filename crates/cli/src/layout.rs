//! Laying a schema out over files: each top-level object goes to the file
//! that declared it (or the first file, for objects no file declares), in
//! canonical order, with the comment lines that stood above it. `fmt`
//! lays out the parsed schema; `pull` the live one.

use sluice_schema::Schema;
use sluice_sql::{ObjectKey, Origin, SqlDialect};
use std::collections::BTreeMap;

/// Every top-level object of a schema, by key (ordered for creation).
pub fn keys(schema: &Schema) -> Vec<ObjectKey> {
    let mut out: Vec<ObjectKey> = Vec::new();
    out.extend(schema.namespaces.iter().map(|x| ObjectKey::Namespace(x.name.clone())));
    out.extend(schema.extensions.iter().map(|x| ObjectKey::Extension(x.name.clone())));
    out.extend(schema.enums.iter().map(|x| ObjectKey::Enum(x.name.clone())));
    out.extend(schema.domains.iter().map(|x| ObjectKey::Domain(x.name.clone())));
    out.extend(schema.sequences.iter().map(|x| ObjectKey::Sequence(x.name.clone())));
    out.extend(schema.tables.iter().map(|x| ObjectKey::Table(x.name.clone())));
    out.extend(schema.views.iter().map(|x| ObjectKey::View(x.name.clone())));
    out.sort();
    out
}

/// A schema holding only one top-level object (a table with its indexes,
/// constraints and comments).
pub fn only(schema: &Schema, key: &ObjectKey) -> Schema {
    let mut s = Schema::empty(schema.dialect);
    match key {
        ObjectKey::Namespace(n) => {
            s.namespaces.extend(schema.namespaces.iter().filter(|x| &x.name == n).cloned())
        }
        ObjectKey::Extension(n) => {
            s.extensions.extend(schema.extensions.iter().filter(|x| &x.name == n).cloned())
        }
        ObjectKey::Enum(n) => s.enums.extend(schema.enums.iter().filter(|x| &x.name == n).cloned()),
        ObjectKey::Domain(n) => {
            s.domains.extend(schema.domains.iter().filter(|x| &x.name == n).cloned())
        }
        ObjectKey::Sequence(n) => {
            s.sequences.extend(schema.sequences.iter().filter(|x| &x.name == n).cloned())
        }
        ObjectKey::Table(n) => {
            s.tables.extend(schema.tables.iter().filter(|x| &x.name == n).cloned())
        }
        ObjectKey::View(n) => s.views.extend(schema.views.iter().filter(|x| &x.name == n).cloned()),
    }
    s
}

/// The text of each file for `schema`; `headers` holds each file's
/// opening comment block (kept first), and its length is the file count.
pub fn lay_out(
    schema: &Schema,
    origins: &BTreeMap<ObjectKey, Origin>,
    headers: &[Option<String>],
    dialect: &dyn SqlDialect,
) -> Vec<String> {
    let mut out = vec![String::new(); headers.len().max(1)];
    for (text, header) in out.iter_mut().zip(headers) {
        if let Some(h) = header {
            push_comment(text, h);
        }
    }
    for key in keys(schema) {
        let origin = origins.get(&key);
        let file = origin.map_or(0, |o| o.file.min(out.len() - 1));
        let text = &mut out[file];
        if !text.is_empty() {
            text.push('\n');
        }
        if let Some(c) = origin.and_then(|o| o.leading_comment.as_ref()) {
            push_comment(text, c);
        }
        text.push_str(&dialect.render_schema(&only(schema, &key)));
    }
    out
}

fn push_comment(text: &mut String, comment: &str) {
    for line in comment.lines().map(str::trim) {
        if line.is_empty() {
            text.push_str("--\n");
        } else {
            text.push_str("-- ");
            text.push_str(line);
            text.push('\n');
        }
    }
}
