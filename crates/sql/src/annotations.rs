//! Comments that carry meaning: rename hints.
//!
//! `-- sluice:renamed-from old_name` on the line before a table, column or
//! index (or at the end of its line), and sqldef's `-- @renamed from=old_name`
//! / `/* @renamed from=old_name */` in the same places.

/// Whether `text` may hold a rename hint at all: when not, [`renamed_from`]
/// finds none anywhere in it.
pub fn may_have_hints(text: &str) -> bool {
    MARKERS.iter().any(|m| text.contains(m))
}

const MARKERS: [&str; 2] = ["sluice:renamed-from", "@renamed from="];

/// The old name declared for the object whose name starts at byte `pos`.
/// A bare old name is folded to lower case, as PostgreSQL folds names.
pub fn renamed_from(text: &str, pos: usize) -> Option<String> {
    renamed_from_folded(text, pos, true)
}

/// [`renamed_from`] for dialects that keep names as written (SQLite): a
/// bare old name keeps its case.
pub fn renamed_from_as_written(text: &str, pos: usize) -> Option<String> {
    renamed_from_folded(text, pos, false)
}

fn renamed_from_folded(text: &str, pos: usize, fold: bool) -> Option<String> {
    let pos = pos.min(text.len());
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    // Same line, after the name.
    if let Some(old) = find_hint(&text[pos..line_end], fold) {
        return Some(old);
    }
    // Whole comment lines directly above.
    let mut end = line_start;
    while end > 0 {
        let prev_start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[prev_start..end - 1].trim();
        if !(line.starts_with("--") || line.starts_with("/*")) {
            break;
        }
        if let Some(old) = find_hint(line, fold) {
            return Some(old);
        }
        end = prev_start;
    }
    None
}

fn find_hint(s: &str, fold: bool) -> Option<String> {
    for marker in MARKERS {
        if let Some(i) = s.find(marker) {
            let before = &s[..i];
            if !(before.contains("--") || before.contains("/*")) {
                continue;
            }
            let rest = s[i + marker.len()..].trim_start_matches([' ', '=']);
            let name = read_name(rest, fold);
            if !name.is_empty() {
                return Some(name);
            }
        }
    }
    None
}

/// A bare or double-quoted name; bare names are folded to lower case if
/// `fold`.
fn read_name(s: &str, fold: bool) -> String {
    if let Some(rest) = s.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    out.push('"');
                    chars.next();
                } else {
                    break;
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    let bare: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$' || *c == '.')
        .collect();
    if fold {
        bare.to_lowercase()
    } else {
        bare
    }
}

/// Comment lines (`-- ...`) directly above the line where `offset` starts,
/// without the `--` and one following space. `None` when the statement does
/// not start its line or no comment is directly above it.
pub fn leading_comment(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].trim().is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    let mut end = line_start;
    while end > 0 {
        let newline = end - 1;
        let start = text[..newline].rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..newline].trim();
        let Some(comment) = line.strip_prefix("--") else {
            break;
        };
        lines.push(comment.strip_prefix(' ').unwrap_or(comment).trim_end().to_string());
        end = start;
    }
    if lines.is_empty() {
        return None;
    }
    lines.reverse();
    Some(lines.join("\n"))
}

/// Every comment in `text` (line and block), with its content trimmed.
pub fn comments(text: &str, dialect: sluice_schema::Dialect) -> Vec<String> {
    use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};
    let d = crate::expr::sp_dialect(dialect);
    let Ok(tokens) = Tokenizer::new(d.as_ref(), text).tokenize() else {
        return Vec::new();
    };
    tokens
        .into_iter()
        .filter_map(|t| match t {
            Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) => {
                Some(comment.trim().to_string())
            }
            Token::Whitespace(Whitespace::MultiLineComment(c)) => Some(c.trim().to_string()),
            _ => None,
        })
        .collect()
}

/// The comment block a file opens with, when a blank line separates it
/// from what follows (a file header, not a statement's comment), without
/// the `--` markers.
pub fn file_header(text: &str) -> Option<String> {
    let mut lines = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix("--") {
            lines.push(c.strip_prefix(' ').unwrap_or(c).trim_end().to_string());
        } else if t.is_empty() && !lines.is_empty() {
            return Some(lines.join("\n"));
        } else {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hints_in_each_place() {
        let t = "create table t (\n  -- sluice:renamed-from old_a\n  a int,\n  b int -- @renamed from=old_b\n);\nCREATE INDEX i2 /* @renamed from=i1 */ ON t (a);";
        assert_eq!(renamed_from(t, t.find("a int").unwrap()), Some("old_a".into()));
        assert_eq!(renamed_from(t, t.find("b int").unwrap()), Some("old_b".into()));
        assert_eq!(renamed_from(t, t.find("i2").unwrap()), Some("i1".into()));
        assert_eq!(renamed_from(t, t.find("t (").unwrap()), None);
    }

    #[test]
    fn as_written_keeps_bare_case() {
        let t = "-- @renamed from=OldName\ncreate table x ();";
        assert_eq!(renamed_from(t, t.find("x ").unwrap()), Some("oldname".into()));
        assert_eq!(renamed_from_as_written(t, t.find("x ").unwrap()), Some("OldName".into()));
    }

    #[test]
    fn file_headers_need_a_blank_line() {
        assert_eq!(file_header("-- a\n-- b\n\ncreate table t ();"), Some("a\nb".into()));
        assert_eq!(file_header("-- a\ncreate table t ();"), None);
        assert_eq!(file_header("create table t ();\n-- a\n\n"), None);
    }

    #[test]
    fn quoted_old_names_keep_case() {
        let t = "-- sluice:renamed-from \"Old Name\"\ncreate table x ();";
        assert_eq!(renamed_from(t, t.find("x ").unwrap()), Some("Old Name".into()));
    }
}
