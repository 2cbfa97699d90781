//! Reading PostgreSQL's text output: one-dimensional array literals
//! (`{a,"b c",NULL}`) as the catalogs return them for name and text arrays.

/// The elements of a one-dimensional array literal; NULL elements become
/// `None`. Text that is not an array literal gives an empty list.
pub(super) fn parse_array(text: &str) -> Vec<Option<String>> {
    let Some(body) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if body.is_empty() {
        return out;
    }
    let mut chars = body.chars().peekable();
    loop {
        let mut item = String::new();
        let mut quoted = false;
        if chars.peek() == Some(&'"') {
            quoted = true;
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            item.push(n);
                        }
                    }
                    '"' => break,
                    c => item.push(c),
                }
            }
        }
        for c in chars.by_ref() {
            if c == ',' {
                break;
            }
            item.push(c);
        }
        if !quoted && item == "NULL" {
            out.push(None);
        } else {
            out.push(Some(item));
        }
        if chars.peek().is_none() {
            break;
        }
    }
    out
}

/// The non-NULL elements of an array literal.
pub(super) fn parse_names(text: &str) -> Vec<String> {
    parse_array(text).into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays() {
        assert_eq!(parse_names("{}"), Vec::<String>::new());
        assert_eq!(parse_names("{a,b}"), ["a", "b"]);
        assert_eq!(
            parse_names(r#"{"with space","q\"uote","back\\slash","a,b",""}"#),
            ["with space", "q\"uote", "back\\slash", "a,b", ""]
        );
        assert_eq!(parse_array("{x,NULL,\"NULL\"}"), [Some("x".into()), None, Some("NULL".into())]);
        assert_eq!(parse_names("not an array"), Vec::<String>::new());
    }
}
