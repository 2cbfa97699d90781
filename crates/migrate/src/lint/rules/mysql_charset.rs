//! `mysql-charset`: a character set (`CHARSET`, `CHARACTER SET`) or a
//! collation (`COLLATE`, whose name starts with its character set) outside
//! `[lint] mysql_charsets` (default `utf8mb4`) in `CREATE TABLE` or `ALTER
//! TABLE`. `utf8` is `utf8mb3` on MySQL and MariaDB: 3 bytes a character,
//! no emoji and no supplementary characters. A statement that names no
//! character set takes the server's default, which this rule cannot see.

use super::{Context, Finding, Group, Rule, Severity};
use sluice_schema::Dialect;

pub static RULE: Rule = Rule {
    code: "mysql-charset",
    group: Group::Design,
    severity: Severity::Warning,
    summary: "MySQL character set or collation outside `[lint] mysql_charsets` (default utf8mb4; utf8 is utf8mb3)",
    help: "use utf8mb4 (e.g. COLLATE utf8mb4_unicode_ci), or list the character set in `[lint] mysql_charsets` in sluice.toml",
    dialects: &[Dialect::Mysql],
    check,
};

/// The allowed character sets, lower-case.
fn allowed(cx: &Context) -> Vec<String> {
    if cx.config.mysql_charsets.is_empty() {
        vec!["utf8mb4".to_string()]
    } else {
        cx.config.mysql_charsets.iter().map(|c| c.to_ascii_lowercase()).collect()
    }
}

fn check(cx: &Context) -> Vec<Finding> {
    let allowed = allowed(cx);
    let mut out = Vec::new();
    for s in &cx.stmts {
        let w = &s.words;
        let ddl = w.starts(&["ALTER", "TABLE"]) || (w.is(0, "CREATE") && w.has("TABLE"));
        if !ddl {
            continue;
        }
        let table = w.table_written().unwrap_or("?");
        for k in 0..w.len() {
            // The token naming the charset or collation after the keyword.
            let (what, at) = if w.is(k, "CHARSET") {
                ("character set", k + 1)
            } else if w.is(k, "CHARACTER") && w.is(k + 1, "SET") {
                ("character set", k + 2)
            } else if w.is(k, "COLLATE") {
                ("collation", k + 1)
            } else {
                continue;
            };
            let at = if w.text(at) == "=" { at + 1 } else { at };
            let Some((name, _)) = w.name_at(at) else { continue };
            let name = name.trim_matches('\'').to_ascii_lowercase();
            let charset = if what == "collation" {
                name.split('_').next().unwrap_or(&name).to_string()
            } else {
                name.clone()
            };
            if allowed.contains(&charset) || charset == "binary" {
                continue;
            }
            let note = if charset == "utf8" || charset == "utf8mb3" {
                " (utf8 is utf8mb3: 3 bytes a character, no emoji)"
            } else {
                ""
            };
            let span = s.span.start + w.list[k].start..s.span.start + w.list[at].end;
            out.push(cx.at_span(
                &RULE,
                span,
                format!(
                    "{table} uses the {what} {name}{note}, outside the allowed character sets ({})",
                    allowed.join(", ")
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;
    use crate::lint::LintConfig;

    #[test]
    fn utf8_and_latin1() {
        insta::assert_snapshot!(flags(
            "mysql-charset",
            sql(
                MYSQL,
                "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) COLLATE latin1_swedish_ci) DEFAULT CHARSET=utf8;\n\
                 ALTER TABLE u CONVERT TO CHARACTER SET utf8mb3;"
            )
        ));
    }

    #[test]
    fn configured() {
        let config = LintConfig { mysql_charsets: vec!["latin1".into()], ..Default::default() };
        let (_, out) = with_config(
            MYSQL,
            "CREATE TABLE t (id INT PRIMARY KEY, a TEXT COLLATE latin1_bin, b TEXT CHARACTER SET utf8mb4);",
            &config,
            None,
        );
        insta::assert_snapshot!(flags("mysql-charset", out));
    }

    #[test]
    fn ok_utf8mb4() {
        insta::assert_snapshot!(clean(
            "mysql-charset",
            sql(
                MYSQL,
                "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) COLLATE utf8mb4_bin, b VARBINARY(4)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;"
            )
        ));
    }
}
