//! Source files and byte spans. Line and column are computed only when a
//! location is printed.

use std::path::{Path, PathBuf};

/// A byte range in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// One schema file: a display name (as given on the command line or by the
/// config glob) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile { path: path.into(), text: text.into() }
    }

    pub fn read(path: &Path) -> std::io::Result<Self> {
        Ok(SourceFile { path: path.to_path_buf(), text: std::fs::read_to_string(path)? })
    }

    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// 1-based line and column (in characters) of a byte offset. Handles
    /// `\n`, `\r\n` and lone `\r` line endings.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        let mut line = 1;
        let mut line_start = 0;
        let mut i = 0;
        while i < before.len() {
            match before[i] {
                b'\n' => {
                    line += 1;
                    line_start = i + 1;
                }
                b'\r' if before.get(i + 1) != Some(&b'\n') => {
                    line += 1;
                    line_start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        (line, col)
    }

    /// The byte offset of a 1-based line and column, for parsers that report
    /// positions as line:col.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let mut cur_line = 1;
        let mut line_start = 0;
        for (i, b) in self.text.bytes().enumerate() {
            if cur_line == line {
                break;
            }
            if b == b'\n' {
                cur_line += 1;
                line_start = i + 1;
            }
        }
        let rest = &self.text[line_start..];
        let extra: usize = rest.chars().take(col.saturating_sub(1)).map(char::len_utf8).sum();
        (line_start + extra).min(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_handles_all_line_endings() {
        let f = SourceFile::new("a.sql", "ab\ncd\r\nef\rgh");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 2));
        assert_eq!(f.line_col(7), (3, 1));
        assert_eq!(f.line_col(10), (4, 1));
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let f = SourceFile::new("a.sql", "create table t (\n  id int,\n  é text\n);");
        for off in [0, 5, 17, 20, 27, 31] {
            let (l, c) = f.line_col(off);
            assert_eq!(f.offset_of(l, c), off, "offset {off} -> {l}:{c}");
        }
    }
}
