//! `unique-constraint-build`: ADD UNIQUE builds its index under an ACCESS
//! EXCLUSIVE lock (PostgreSQL).

use super::{
    constraint_name, from_squawk, paren_after, Context, Finding, Group, Rule, Severity, PG,
};
use squawk_linter::Rule as Sq;

pub static RULE: Rule = Rule {
    code: "unique-constraint-build",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "ADD CONSTRAINT ... UNIQUE on an existing table (index built under ACCESS EXCLUSIVE)",
    help: "build the unique index CONCURRENTLY first, then attach it with ADD CONSTRAINT ... UNIQUE USING INDEX",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    from_squawk(cx, &RULE, &[Sq::DisallowedUniqueConstraint], |t, i| {
        let w = &cx.stmts[i].words;
        let name = constraint_name(w).unwrap_or_else(|| format!("{t}_key"));
        let cols = w.find("UNIQUE").and_then(|u| paren_after(w, u)).unwrap_or("...");
        let fix = format!(
            "CREATE UNIQUE INDEX CONCURRENTLY {name} ON {t} ({cols});\n\
             -- then, in a later migration:\n\
             ALTER TABLE {t} ADD CONSTRAINT {name} UNIQUE USING INDEX {name};"
        );
        Some((
            format!("adding a UNIQUE constraint to existing table {t} builds its index under an ACCESS EXCLUSIVE lock: reads and writes wait"),
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
            "unique-constraint-build",
            change(
                PG,
                "create table users (id bigint primary key, email text);",
                "create table users (id bigint primary key, email text unique);"
            )
        ));
    }

    #[test]
    fn ok_using_index() {
        insta::assert_snapshot!(clean(
            "unique-constraint-build",
            sql(PG, "SET lock_timeout = '2s';\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;")
        ));
    }
}
