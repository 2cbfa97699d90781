//! Identifier length limits: PostgreSQL keeps 63 bytes of a name and
//! silently cuts the rest; MySQL refuses names over 64 characters. A name
//! the server would change or refuse is an error in the schema file, at
//! the name, before anything is generated: the schema files and the
//! database must never disagree about what an object is called.

use crate::source::{SourceFile, Span};
use crate::{ObjectKey, Parsed, SqlError};
use sluice_schema::{Dialect, QualifiedName, Schema};

/// Whether the server keeps `name` as it is.
pub fn fits(dialect: Dialect, name: &str) -> bool {
    match dialect {
        Dialect::Postgres => name.len() <= 63,
        Dialect::Mysql => name.chars().count() <= 64,
        Dialect::Sqlite => true,
    }
}

fn limit_text(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Mysql => {
            format!("{} characters; MySQL refuses names over 64", name.chars().count())
        }
        _ => format!("{} bytes; PostgreSQL keeps 63 and silently cuts the rest", name.len()),
    }
}

/// Add an error for every name in the parsed schema the server would not
/// keep, located at the name in the file that declares it.
///
/// The PostgreSQL reader folds names as the server does, cutting them to 63
/// bytes, so a name that was cut is found in the source: an occurrence of
/// the cut name that goes on with more name characters, and none that ends
/// there.
pub(crate) fn check(dialect: Dialect, files: &[SourceFile], parsed: &mut Parsed) {
    if dialect == Dialect::Sqlite {
        return;
    }
    let mut long: Vec<(ObjectKey, &'static str, String)> = Vec::new();
    collect(&parsed.schema, &mut |key, kind, name| {
        let suspect = match dialect {
            Dialect::Postgres => name.len() >= 60,
            _ => !fits(dialect, name),
        };
        if suspect {
            long.push((key.clone(), kind, name.to_string()));
        }
    });
    long.sort();
    long.dedup();
    for (key, kind, name) in long {
        let found = match dialect {
            Dialect::Postgres => cut_in_source(files, &name).map(|(f, span)| {
                let written = &f.text[span.start..span.end];
                (f, span, written.to_string())
            }),
            _ => {
                let (f, span) = locate(files, parsed, &key, &name);
                f.map(|f| (f, span, name.clone()))
            }
        };
        let Some((file, span, written)) = found else { continue };
        let short: String = written.chars().take(20).collect();
        parsed.errors.push(
            SqlError::new(
                file,
                span,
                format!("{kind} name `{short}...` is {}", limit_text(dialect, &written)),
            )
            .with_label("too long")
            .with_help(match dialect {
                Dialect::Mysql => "shorten the name to at most 64 characters",
                _ => "shorten the name to at most 63 bytes (the database would know the object by the cut name, and the next diff would not find it)",
            }),
        );
    }
}

/// Where a name PostgreSQL cut to `cut` is written in full: the span of
/// the whole written name (without quotes), if every occurrence of `cut`
/// goes on with more name characters.
fn cut_in_source<'f>(files: &'f [SourceFile], cut: &str) -> Option<(&'f SourceFile, Span)> {
    let needle = cut.to_ascii_lowercase();
    let mut longer = None;
    for f in files {
        let hay = f.text.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = hay[from..].find(&needle) {
            let start = from + i;
            let end = start + needle.len();
            from = start + needle.chars().next().map_or(1, char::len_utf8);
            let before = f.text[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue; // inside a longer word
            }
            let quoted = before == Some('"');
            let rest = &f.text[end..];
            let goes_on = match rest.chars().next() {
                None => false,
                Some('"') if quoted => rest[1..].starts_with('"'),
                Some(_) if quoted => true,
                Some(c) => c.is_alphanumeric() || c == '_' || c == '$',
            };
            if !goes_on {
                return None;
            }
            if longer.is_none() {
                let len = if quoted {
                    let mut j = 0;
                    let b = rest.as_bytes();
                    while j < b.len() && !(b[j] == b'"' && b.get(j + 1) != Some(&b'"')) {
                        j += if b[j] == b'"' { 2 } else { 1 };
                    }
                    j
                } else {
                    rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                        .unwrap_or(rest.len())
                };
                longer = Some((f, Span::new(start, end + len)));
            }
        }
    }
    longer
}

/// The file and span of `name` in the statement declaring `key` (the
/// statement itself when the name is not spelled out there).
fn locate<'f>(
    files: &'f [SourceFile],
    parsed: &Parsed,
    key: &ObjectKey,
    name: &str,
) -> (Option<&'f SourceFile>, Span) {
    let origin = parsed.origins.get(key);
    let (first, from) = origin.map_or((0, 0), |o| (o.file, o.offset));
    // The declaring statement first, then every file (a column added by a
    // later ALTER TABLE).
    let order = std::iter::once((first, from)).chain((0..files.len()).map(|i| (i, 0)));
    for (i, start) in order {
        let Some(f) = files.get(i) else { continue };
        let start = start.min(f.text.len());
        if !f.text.is_char_boundary(start) {
            continue;
        }
        if let Some(at) = f.text[start..].find(name) {
            return (Some(f), Span::new(start + at, start + at + name.len()));
        }
    }
    match files.get(first) {
        Some(f) => {
            let at = from.min(f.text.len());
            (Some(f), Span::new(at, at))
        }
        None => (None, Span::default()),
    }
}

/// Every name the schema gives an object, with the top-level object it
/// belongs to and what kind of name it is.
fn collect(schema: &Schema, f: &mut dyn FnMut(&ObjectKey, &'static str, &str)) {
    let qualified = |f: &mut dyn FnMut(&ObjectKey, &'static str, &str),
                     key: &ObjectKey,
                     kind: &'static str,
                     q: &QualifiedName| {
        if let Some(s) = &q.schema {
            f(key, "schema", s);
        }
        f(key, kind, &q.name);
    };
    for n in &schema.namespaces {
        f(&ObjectKey::Namespace(n.name.clone()), "schema", &n.name);
    }
    for e in &schema.enums {
        qualified(f, &ObjectKey::Enum(e.name.clone()), "type", &e.name);
    }
    for d in &schema.domains {
        let key = ObjectKey::Domain(d.name.clone());
        qualified(f, &key, "domain", &d.name);
        for c in d.checks.iter().filter_map(|c| c.name.as_deref()) {
            f(&key, "constraint", c);
        }
    }
    for s in &schema.sequences {
        qualified(f, &ObjectKey::Sequence(s.name.clone()), "sequence", &s.name);
    }
    for t in &schema.tables {
        let key = ObjectKey::Table(t.name.clone());
        qualified(f, &key, "table", &t.name);
        for c in &t.columns {
            f(&key, "column", &c.name);
        }
        let constraint_names = t
            .primary_key
            .iter()
            .filter_map(|p| p.name.as_deref())
            .chain(t.uniques.iter().filter_map(|u| u.name.as_deref()))
            .chain(t.foreign_keys.iter().filter_map(|k| k.name.as_deref()))
            .chain(t.checks.iter().filter_map(|c| c.name.as_deref()));
        for c in constraint_names {
            f(&key, "constraint", c);
        }
        for i in &t.indexes {
            f(&key, "index", &i.name);
        }
    }
    for v in &schema.views {
        let key = ObjectKey::View(v.name.clone());
        qualified(f, &key, "view", &v.name);
        for c in &v.columns {
            f(&key, "column", c);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect_for;
    use crate::SourceFile;
    use sluice_schema::Dialect;

    fn errors(dialect: Dialect, text: &str) -> Vec<String> {
        let parsed = dialect_for(dialect).unwrap().parse(&[SourceFile::new("s.sql", text)]);
        parsed.errors.iter().map(|e| e.short()).collect()
    }

    #[test]
    fn long_names_are_located_errors() {
        let n63 = "a".repeat(63);
        let n64 = "b".repeat(64);
        let ok = format!("CREATE TABLE t (\n  {n63} int\n);\n");
        assert_eq!(errors(Dialect::Postgres, &ok), Vec::<String>::new());
        let bad = format!("CREATE TABLE t (\n  id int,\n  {n64} int\n);\n");
        let e = errors(Dialect::Postgres, &bad);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("s.sql:3:3: column name `bbbb"), "{e:?}");
        assert!(e[0].contains("64 bytes; PostgreSQL keeps 63"), "{e:?}");
        // Multi-byte: 32 two-byte characters are 64 bytes.
        let wide = "é".repeat(32);
        let e = errors(Dialect::Postgres, &format!("CREATE TABLE \"{wide}\" (id int);"));
        assert!(e[0].starts_with("s.sql:1:15: table name"), "{e:?}");
        let e = errors(
            Dialect::Postgres,
            &format!("CREATE TABLE t (id int);\nCREATE INDEX {n64} ON t (id);"),
        );
        assert!(e[0].starts_with("s.sql:2:14: index name"), "{e:?}");
        // MySQL counts characters: 64 is fine, 65 is not.
        assert_eq!(
            errors(Dialect::Mysql, &format!("CREATE TABLE {n64} (id int);")),
            Vec::<String>::new()
        );
        let e =
            errors(Dialect::Mysql, &format!("CREATE TABLE t (id int, {} int);", "c".repeat(65)));
        assert!(
            e[0].starts_with("s.sql:1:25: column name") && e[0].contains("65 characters"),
            "{e:?}"
        );
        // SQLite keeps any length.
        assert_eq!(
            errors(Dialect::Sqlite, &format!("CREATE TABLE {} (id int);", "d".repeat(300))),
            Vec::<String>::new()
        );
    }
}
