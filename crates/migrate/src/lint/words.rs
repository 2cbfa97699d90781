//! A small tokenizer for one statement: the words, quoted names and
//! punctuation rules look at, with comments, string literals and
//! dollar-quoted bodies skipped. Enough to tell what a statement is and
//! which table it touches, for both dialects.

/// One token of a statement, as a byte range of the statement text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A bare word: keyword or unquoted identifier.
    Bare,
    /// A `"quoted"` (or `` `quoted` ``, `[quoted]`) identifier.
    Quoted,
    /// A string literal (kept so `DEFAULT 'x'` is not mistaken for nothing).
    Literal,
    /// One punctuation character.
    Punct,
}

/// The tokens of `sql`.
pub fn words(sql: &str) -> Vec<Word> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            i = memchr_nl(b, i);
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = sql[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
        } else if c == b'\'' {
            let end = close_quote(b, i, b'\'');
            out.push(Word { start: i, end, kind: Kind::Literal });
            i = end;
        } else if c == b'"' || c == b'`' {
            let end = close_quote(b, i, c);
            out.push(Word { start: i, end, kind: Kind::Quoted });
            i = end;
        } else if c == b'$' && dollar_tag(b, i).is_some() {
            let tag = dollar_tag(b, i).unwrap_or(i + 1);
            let t = &sql[i..tag];
            let end = sql[tag..].find(t).map_or(b.len(), |p| tag + p + t.len());
            out.push(Word { start: i, end, kind: Kind::Literal });
            i = end;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            out.push(Word { start, end: i, kind: Kind::Bare });
        } else {
            let len = sql[i..].chars().next().map_or(1, char::len_utf8);
            out.push(Word { start: i, end: i + len, kind: Kind::Punct });
            i += len;
        }
    }
    out
}

fn memchr_nl(b: &[u8], from: usize) -> usize {
    b[from..].iter().position(|&c| c == b'\n' || c == b'\r').map_or(b.len(), |p| from + p)
}

/// The end (exclusive) of a quoted token opened at `i`; a doubled quote
/// stays inside.
fn close_quote(b: &[u8], i: usize, q: u8) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        if b[j] == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

/// `$tag$` or `$$` opening at `i`: the end of the opening tag.
fn dollar_tag(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        if b[j].is_ascii_digit() && j == i + 1 {
            return None;
        }
        j += 1;
    }
    (b.get(j) == Some(&b'$')).then_some(j + 1)
}

/// A statement's tokens with helpers to read them.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    pub sql: &'a str,
    pub list: Vec<Word>,
}

impl<'a> Words<'a> {
    pub fn new(sql: &'a str) -> Self {
        Words { sql, list: words(sql) }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn text(&self, i: usize) -> &'a str {
        self.list.get(i).map_or("", |w| &self.sql[w.start..w.end])
    }

    /// Whether token `i` is the keyword `kw` (bare, any case).
    pub fn is(&self, i: usize, kw: &str) -> bool {
        self.list.get(i).is_some_and(|w| w.kind == Kind::Bare)
            && self.text(i).eq_ignore_ascii_case(kw)
    }

    /// Whether the statement starts with these keywords.
    pub fn starts(&self, kws: &[&str]) -> bool {
        kws.iter().enumerate().all(|(i, k)| self.is(i, k))
    }

    /// The first position of keyword `kw`.
    pub fn find(&self, kw: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.is(i, kw))
    }

    pub fn has(&self, kw: &str) -> bool {
        self.find(kw).is_some()
    }

    /// Whether the keywords appear one after another somewhere.
    pub fn has_seq(&self, kws: &[&str]) -> bool {
        (0..self.len()).any(|i| kws.iter().enumerate().all(|(k, kw)| self.is(i + k, kw)))
    }

    /// The name (last segment, folded as the server folds it) of the
    /// possibly qualified name starting at token `i`, and the token after it.
    pub fn name_at(&self, mut i: usize) -> Option<(String, usize)> {
        let mut name = None;
        loop {
            let w = self.list.get(i)?;
            name = Some(match w.kind {
                Kind::Bare => self.text(i).to_lowercase(),
                Kind::Quoted => {
                    let t = self.text(i);
                    let q = &t[..1];
                    t[1..t.len().saturating_sub(1)].replace(&format!("{q}{q}"), q)
                }
                _ => return name.map(|n| (n, i)),
            });
            if self.text(i + 1) == "." {
                i += 2;
            } else {
                return name.map(|n| (n, i + 1));
            }
        }
    }

    /// Skip the optional keywords at `i` (e.g. `IF EXISTS`, `ONLY`).
    pub fn skip(&self, mut i: usize, optional: &[&[&str]]) -> usize {
        loop {
            let before = i;
            for kws in optional {
                if kws.iter().enumerate().all(|(k, kw)| self.is(i + k, kw)) {
                    i += kws.len();
                }
            }
            if i == before {
                return i;
            }
        }
    }

    /// The table a statement is about: `ALTER TABLE t`, `CREATE INDEX .. ON
    /// t`, `DROP TABLE t`, `TRUNCATE t`, `CREATE TABLE t`,
    /// `DELETE FROM t`, `UPDATE t`: its bare name, folded.
    pub fn table(&self) -> Option<String> {
        self.name_at(self.table_pos()?).map(|x| x.0)
    }

    /// The table's name as written (qualified, quoted as in the text).
    pub fn table_written(&self) -> Option<&'a str> {
        let at = self.table_pos()?;
        let (_, next) = self.name_at(at)?;
        Some(&self.sql[self.list[at].start..self.list[next - 1].end])
    }

    fn table_pos(&self) -> Option<usize> {
        let opt: &[&[&str]] = &[&["IF", "NOT", "EXISTS"], &["IF", "EXISTS"], &["ONLY"], &["TABLE"]];
        if self.starts(&["ALTER", "TABLE"])
            || self.starts(&["DROP", "TABLE"])
            || self.starts(&["DELETE", "FROM"])
        {
            return Some(self.skip(2, opt));
        }
        if self.starts(&["TRUNCATE"]) || self.starts(&["UPDATE"]) {
            return Some(self.skip(1, opt));
        }
        if self.is(0, "CREATE") {
            let mut i = 1;
            while i < self.len()
                && !self.is(i, "TABLE")
                && !self.is(i, "INDEX")
                && self.text(i) != "("
            {
                i += 1;
            }
            if self.is(i, "TABLE") {
                return Some(self.skip(i + 1, opt));
            }
            if self.is(i, "INDEX") {
                let on = (i..self.len()).find(|&j| self.is(j, "ON"))?;
                return Some(self.skip(on + 1, opt));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_of_statements() {
        for (sql, t) in [
            ("ALTER TABLE IF EXISTS ONLY public.\"Users\" ADD x int", "Users"),
            ("create unique index concurrently if not exists i on only app.t (a)", "t"),
            ("CREATE INDEX ON t USING btree (a)", "t"),
            ("CREATE UNLOGGED TABLE IF NOT EXISTS s.Foo (a int)", "foo"),
            ("truncate table t cascade", "t"),
            ("DELETE FROM t -- where\n", "t"),
        ] {
            assert_eq!(Words::new(sql).table().as_deref(), Some(t), "{sql}");
            assert!(Words::new(sql)
                .table_written()
                .is_some_and(|w| w.to_lowercase().contains(&t.to_lowercase())));
        }
        let w = Words::new("select 'a; -- b', $x$ body $x$, \"q\"\"x\" /* c */ from t");
        assert_eq!(w.len(), 8, "{:?}", w.list);
        assert!(!w.has("body"));
    }
}
