//! `add-primary-key`: ADD PRIMARY KEY on an existing table builds its index
//! under an ACCESS EXCLUSIVE lock (PostgreSQL).

use super::{from_squawk, paren_after, Context, Finding, Group, Rule, Severity, PG};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "add-primary-key",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "ADD PRIMARY KEY on an existing table (index built under ACCESS EXCLUSIVE)",
    help:
        "build a unique index CONCURRENTLY first, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::AddingSerialPrimaryKeyField], |t, i| {
        let w = &cx.stmts[i].words;
        let cols = w.find("PRIMARY").and_then(|p| paren_after(w, p)).unwrap_or("...");
        let name = format!("{t}_pkey");
        let fix = format!(
            "CREATE UNIQUE INDEX CONCURRENTLY {name} ON {t} ({cols});\n\
             -- then, in a later migration:\n\
             ALTER TABLE {t} ADD CONSTRAINT {name} PRIMARY KEY USING INDEX {name};"
        );
        Some((
            format!("adding a primary key to existing table {t} builds its index under an ACCESS EXCLUSIVE lock: reads and writes wait"),
            Some(fix),
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn existing_table() {
        insta::assert_snapshot!(flags(
            "add-primary-key",
            sql(PG, "SET lock_timeout = '2s';\nALTER TABLE events ADD PRIMARY KEY (id);")
        ));
    }

    #[test]
    fn ok_using_index() {
        insta::assert_snapshot!(clean(
            "add-primary-key",
            sql(PG, "SET lock_timeout = '2s';\nALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;")
        ));
    }
}
