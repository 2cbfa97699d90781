//! Sequences: `CREATE SEQUENCE [IF NOT EXISTS] name [options]`,
//! `ALTER SEQUENCE name [options | OWNED BY | OWNER TO]` on a sequence
//! declared earlier, and the option list of an identity column. Options:
//! `AS type`, `START [WITH]`, `INCREMENT [BY]`, `[NO] MINVALUE`,
//! `[NO] MAXVALUE`, `CACHE`, `[NO] CYCLE`, `OWNED BY t.c | NONE`.

use super::names::{children, int_value, name_parts, Spanned};
use super::table::object_name;
use super::{qualified_from_parts, same_name, ty, Builder};
use crate::ObjectKey;
use sluice_schema::{QualifiedName, Sequence, SequenceOptions, SqlType};
use squawk_syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode};

/// `OWNED BY`: `Some(None)` for `OWNED BY NONE`.
type OwnedBy = Option<Option<(QualifiedName, String)>>;

pub(super) fn create_sequence(b: &mut Builder, stmt: &SyntaxNode) {
    let mut name_node = None;
    let mut if_not_exists = false;
    let mut options = SequenceOptions::default();
    let mut owned_by: OwnedBy = None;
    let mut unlogged = None;
    for el in children(stmt) {
        match el.kind() {
            K::CREATE_KW | K::SEQUENCE_KW | K::SEMICOLON => {}
            K::UNLOGGED => unlogged = Some(el.span()),
            K::SEQUENCE => name_node = el.into_node(),
            K::IF_NOT_EXISTS => if_not_exists = true,
            _ if option(b, &el, &mut options, Some(&mut owned_by)) => {}
            _ => b.unexpected(&el, "CREATE SEQUENCE"),
        }
    }
    let Some(name_node) = name_node else {
        b.error(stmt, "CREATE SEQUENCE without a name", "name the sequence");
        return;
    };
    let Some(name) = object_name(b, &name_node, "sequence") else {
        return;
    };
    if b.schema.sequences.iter().any(|s| same_name(&s.name, &name)) {
        if !if_not_exists {
            b.error(
                &name_node,
                format!("sequence `{name}` is declared twice"),
                "keep one CREATE SEQUENCE",
            );
        }
        return;
    }
    if let Some(at) = unlogged {
        let error = b.unsupported_error(
            &at,
            "an unlogged sequence",
            "remove UNLOGGED (only the sequence of an unlogged table's column can be unlogged, \
             and it follows its table)",
        );
        b.unlogged_sequences.push((name.clone(), error));
    }
    b.schema.sequences.push(Sequence {
        name: name.clone(),
        options,
        owned_by: owned_by.flatten(),
        comment: None,
    });
    b.record_origin(ObjectKey::Sequence(name), stmt);
}

pub(super) fn alter_sequence(b: &mut Builder, stmt: &SyntaxNode) {
    let mut target = None;
    let mut if_exists = false;
    let mut options = SequenceOptions::default();
    let mut owned_by: OwnedBy = None;
    let mut given = Vec::new();
    for el in children(stmt) {
        match el.kind() {
            K::ALTER_KW | K::SEQUENCE_KW | K::SEMICOLON | K::OWNER_TO => {}
            K::IF_EXISTS => if_exists = true,
            K::SEQUENCE_REF => target = el.into_node(),
            _ if option(b, &el, &mut options, Some(&mut owned_by)) => given.push(el.kind()),
            _ => b.unexpected(&el, "ALTER SEQUENCE"),
        }
    }
    let Some(target) = target else { return };
    let Some(name) = object_name(b, &target, "sequence") else {
        return;
    };
    let Some(seq) = b.schema.sequences.iter_mut().find(|s| same_name(&s.name, &name)) else {
        if !if_exists {
            b.missing(&target, "sequence", &name, "ALTER SEQUENCE");
        }
        return;
    };
    // Only the options written change.
    let o = &mut seq.options;
    for kind in given {
        match kind {
            K::OPTION_AS_TYPE => o.ty = options.ty.clone(),
            K::OPTION_START => o.start = options.start,
            K::OPTION_INCREMENT => o.increment = options.increment,
            K::OPTION_MIN_VALUE | K::OPTION_NO_MIN_VALUE => o.min_value = options.min_value,
            K::OPTION_MAX_VALUE | K::OPTION_NO_MAX_VALUE => o.max_value = options.max_value,
            K::OPTION_CACHE => o.cache = options.cache,
            K::OPTION_CYCLE | K::OPTION_NO_CYCLE => o.cycle = options.cycle,
            _ => {}
        }
    }
    if let Some(owned) = owned_by {
        seq.owned_by = owned;
    }
}

/// The options of `GENERATED .. AS IDENTITY ( .. )`. `SEQUENCE NAME` is
/// accepted when it is the name PostgreSQL would choose (pg_dump writes it).
pub(super) fn identity_options(
    b: &mut Builder,
    list: &SyntaxNode,
    table: &QualifiedName,
    column: &str,
) -> SequenceOptions {
    let mut options = SequenceOptions::default();
    for el in children(list) {
        match el.kind() {
            K::L_PAREN | K::R_PAREN | K::COMMA => {}
            K::OPTION_SEQUENCE_NAME => {
                let Some(n) =
                    el.as_node().and_then(|n| n.children().find(|c| c.kind() == K::SEQUENCE))
                else {
                    continue;
                };
                let parts = name_parts(&n);
                let expected = sluice_schema::names::sequence(&table.name, column);
                let default = super::DIALECT.default_schema();
                let same_schema = match parts.as_slice() {
                    [_] => true,
                    [s, _] => Some(s.as_str()) == table.schema.as_deref().or(default),
                    _ => false,
                };
                if !(same_schema && parts.last() == Some(&expected)) {
                    b.unsupported(
                        &el,
                        "a custom identity sequence name",
                        &format!("remove SEQUENCE NAME (PostgreSQL names it `{expected}`)"),
                    );
                }
            }
            _ if option(b, &el, &mut options, None) => {}
            _ => b.unexpected(&el, "identity options"),
        }
    }
    options
}

/// Read one sequence option into `o`; false when `el` is not an option.
/// `owned_by` is `None` where OWNED BY is not allowed (identity columns).
fn option(
    b: &mut Builder,
    el: &SyntaxElement,
    o: &mut SequenceOptions,
    owned_by: Option<&mut OwnedBy>,
) -> bool {
    let Some(node) = el.as_node() else {
        return false;
    };
    match el.kind() {
        K::OPTION_AS_TYPE => {
            if let Some(t) = ty::type_child(node).and_then(|t| ty::sql_type(b, &t)) {
                if matches!(t, SqlType::SmallInt | SqlType::Integer | SqlType::BigInt) {
                    o.ty = Some(t);
                } else {
                    b.error(
                        node,
                        "a sequence's type must be smallint, integer or bigint",
                        "change the AS type",
                    );
                }
            }
        }
        K::OPTION_START => o.start = number(b, node),
        K::OPTION_INCREMENT => o.increment = number(b, node),
        K::OPTION_MIN_VALUE => o.min_value = number(b, node),
        K::OPTION_MAX_VALUE => o.max_value = number(b, node),
        K::OPTION_NO_MIN_VALUE => o.min_value = None,
        K::OPTION_NO_MAX_VALUE => o.max_value = None,
        K::OPTION_CACHE => o.cache = number(b, node),
        K::OPTION_CYCLE => o.cycle = true,
        K::OPTION_NO_CYCLE => o.cycle = false,
        K::OPTION_LOGGED => {}
        K::OPTION_OWNED_BY => match owned_by {
            Some(slot) => *slot = Some(owner(b, node)),
            None => b.error(
                node,
                "OWNED BY is not allowed here",
                "remove it: an identity sequence belongs to its column",
            ),
        },
        K::OPTION_RESTART => b.unsupported(
            node,
            "RESTART",
            "a sequence's current value is data, not schema: set it with a hand-written migration",
        ),
        K::OPTION_UNLOGGED => b.unsupported(node, "an unlogged sequence", "remove UNLOGGED"),
        _ => return false,
    }
    true
}

/// The integer value of an option (`START WITH -5`).
fn number(b: &mut Builder, node: &SyntaxNode) -> Option<i64> {
    let value = node.children().last();
    match value.as_ref().and_then(int_value) {
        Some(v) => Some(v),
        None => {
            let at = value.map(|v| v.span()).unwrap_or_else(|| node.span());
            b.error(&at, "expected an integer that fits in bigint", "write a whole number");
            None
        }
    }
}

/// `OWNED BY table.column` or `OWNED BY NONE`.
fn owner(b: &mut Builder, node: &SyntaxNode) -> Option<(QualifiedName, String)> {
    let target = node.children().find(|c| c.kind() != K::OWNED_BY_NONE)?;
    let mut parts = name_parts(&target);
    let column = parts.pop();
    match (qualified_from_parts(&parts), column) {
        (Some(table), Some(column)) => Some((table, column)),
        _ => {
            b.error(
                &target,
                "OWNED BY needs `table.column`",
                "write OWNED BY table.column, or OWNED BY NONE",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_err, parse_ok};
    use sluice_schema::{QualifiedName, SequenceOptions, SqlType};

    #[test]
    fn sequence_options() {
        let s = parse_ok(
            "CREATE SEQUENCE IF NOT EXISTS app.seq AS integer START WITH -5 INCREMENT BY 2
                 MINVALUE -10 MAXVALUE 1000 CACHE 20 CYCLE OWNED BY app.t.id;
             CREATE SEQUENCE plain NO MINVALUE NO MAXVALUE NO CYCLE START 1 INCREMENT 1 OWNED BY NONE;",
        );
        let seq = &s.sequences[0];
        assert_eq!(seq.name, QualifiedName::new(Some("app"), "seq"));
        assert_eq!(
            seq.options,
            SequenceOptions {
                ty: Some(SqlType::Integer),
                start: Some(-5),
                increment: Some(2),
                min_value: Some(-10),
                max_value: Some(1000),
                cache: Some(20),
                cycle: true,
            }
        );
        assert_eq!(seq.owned_by, Some((QualifiedName::new(Some("app"), "t"), "id".to_string())));
        let plain = &s.sequences[1];
        assert_eq!(
            plain.options,
            SequenceOptions { start: Some(1), increment: Some(1), ..Default::default() }
        );
        assert_eq!(plain.owned_by, None);
    }

    #[test]
    fn alter_sequence_changes_only_what_it_names() {
        let s = parse_ok(
            "CREATE SEQUENCE t_id_seq START 5 CACHE 10;
             CREATE TABLE t (id int DEFAULT nextval('t_id_seq'::regclass));
             ALTER SEQUENCE t_id_seq OWNED BY t.id;
             ALTER SEQUENCE t_id_seq INCREMENT BY 3;
             ALTER SEQUENCE t_id_seq OWNER TO app;",
        );
        let seq = &s.sequences[0];
        assert_eq!(
            seq.options,
            SequenceOptions {
                start: Some(5),
                cache: Some(10),
                increment: Some(3),
                ..Default::default()
            }
        );
        assert_eq!(seq.owned_by, Some((QualifiedName::bare("t"), "id".to_string())));
    }

    #[test]
    fn sequence_errors() {
        assert_eq!(
            parse_err("CREATE SEQUENCE s START 99999999999999999999;"),
            "1:25: expected an integer that fits in bigint"
        );
        assert_eq!(
            parse_err("CREATE SEQUENCE s AS text;"),
            "1:19: a sequence's type must be smallint, integer or bigint"
        );
        assert_eq!(
            parse_err("ALTER SEQUENCE nope OWNED BY t.id;"),
            "1:16: ALTER SEQUENCE: sequence `nope` is not defined in the schema files"
        );
        assert_eq!(
            parse_err("CREATE SEQUENCE s;\nALTER SEQUENCE s RESTART WITH 10;"),
            "2:18: RESTART is not supported in schema files yet"
        );
        assert_eq!(
            parse_err(
                "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME my_seq));"
            ),
            "1:54: a custom identity sequence name is not supported in schema files yet"
        );
        // The name PostgreSQL would pick is fine (pg_dump writes it).
        parse_ok(
            "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.t_id_seq));",
        );
    }
}
