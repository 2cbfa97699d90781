//! `vacuum-full`: VACUUM FULL and CLUSTER rewrite a table under an ACCESS
//! EXCLUSIVE lock (PostgreSQL).

use super::{Context, Finding, Group, Rule, Severity, PG};

pub static RULE: Rule = Rule {
    code: "vacuum-full",
    group: Group::Locking,
    severity: Severity::Warning,
    summary: "VACUUM FULL or CLUSTER (table rewritten under ACCESS EXCLUSIVE)",
    help: "use pg_repack or pg_squeeze, which rewrite a table online, outside migrations",
    dialects: PG,
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.stmts.iter().enumerate() {
        let w = &s.words;
        let (what, at) = if w.starts(&["CLUSTER"]) {
            ("CLUSTER", w.skip(1, &[&["VERBOSE"]]))
        } else if w.starts(&["VACUUM"]) && (w.is(1, "FULL") || (w.text(1) == "(" && w.has("FULL")))
        {
            let close = (0..w.len()).find(|&k| w.text(k) == ")").map_or(2, |k| k + 1);
            (
                "VACUUM FULL",
                if w.is(1, "FULL") { w.skip(2, &[&["VERBOSE"], &["ANALYZE"]]) } else { close },
            )
        } else {
            continue;
        };
        let t = w.name_at(at).map_or("every table".to_string(), |x| x.0);
        out.push(cx.at(&RULE, Some(i), format!("{what} rewrites {t} under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite")));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::*;

    #[test]
    fn vacuum_full() {
        insta::assert_snapshot!(flags(
            "vacuum-full",
            sql(PG, "-- sluice:no-transaction\nVACUUM FULL events;")
        ));
    }

    #[test]
    fn ok_plain_vacuum() {
        insta::assert_snapshot!(clean(
            "vacuum-full",
            sql(PG, "-- sluice:no-transaction\nVACUUM events;")
        ));
    }
}
