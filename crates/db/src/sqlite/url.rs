//! SQLite connection URLs -> where the database lives.
//!
//! Accepted forms (the scheme is `sqlite` or `file`, case-insensitive):
//! - `sqlite://dev.db`, `sqlite:dev.db`: a path relative to the project
//!   folder (`root`), never to the working directory, so that a command
//!   run from a subfolder opens the same file;
//! - `sqlite:///abs/path.db`, `sqlite:/abs/path.db`: an absolute path;
//! - `sqlite::memory:`, `sqlite://:memory:`: a private in-memory database.
//!
//! The path is taken literally: no `?mode=...` parameters (refused, so that
//! a parameter is never mistaken for part of a file name) and no `%`
//! decoding.

use std::path::{Path, PathBuf};

/// Where a SQLite database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Memory,
    File(PathBuf),
}

const FORMS: &str = "write sqlite://dev.db (relative to the project folder), \
                     sqlite:///absolute/path.db, or sqlite::memory:";

/// Resolve `url` against the project folder. The error is a message for
/// the user (the caller adds the URL).
pub fn resolve(url: &str, root: &Path) -> Result<Location, String> {
    let (scheme, rest) = url.split_once(':').ok_or_else(|| format!("not a SQLite URL: {FORMS}"))?;
    if !scheme.eq_ignore_ascii_case("sqlite") && !scheme.eq_ignore_ascii_case("file") {
        return Err(format!("not a SQLite URL (scheme `{scheme}`): {FORMS}"));
    }
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    if rest == ":memory:" {
        return Ok(Location::Memory);
    }
    if rest.is_empty() {
        return Err(format!("the URL names no database file: {FORMS}"));
    }
    if rest.contains('?') {
        return Err(format!("URL parameters (`?...`) are not supported for SQLite; {FORMS}"));
    }
    let path = Path::new(rest);
    Ok(Location::File(if path.is_absolute() { path.to_path_buf() } else { root.join(path) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_forms() {
        let root = Path::new("/proj");
        let file = |p: &str| Ok(Location::File(PathBuf::from(p)));
        assert_eq!(resolve("sqlite://dev.db", root), file("/proj/dev.db"));
        assert_eq!(resolve("sqlite:dev.db", root), file("/proj/dev.db"));
        assert_eq!(resolve("sqlite://data/dev.db", root), file("/proj/data/dev.db"));
        assert_eq!(resolve("SQLITE:///abs/x.db", root), file("/abs/x.db"));
        assert_eq!(resolve("sqlite:/abs/x.db", root), file("/abs/x.db"));
        assert_eq!(resolve("file:///abs/x.db", root), file("/abs/x.db"));
        assert_eq!(resolve("sqlite::memory:", root), Ok(Location::Memory));
        assert_eq!(resolve("sqlite://:memory:", root), Ok(Location::Memory));
        assert!(resolve("sqlite://", root).unwrap_err().contains("names no database file"));
        assert!(resolve("sqlite://dev.db?mode=ro", root).unwrap_err().contains("parameters"));
        assert!(resolve("postgres://h/db", root).unwrap_err().contains("not a SQLite URL"));
        assert!(resolve("dev.db", root).is_err());
    }
}
