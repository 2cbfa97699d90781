//! The diff's contract, on random schema pairs:
//! apply(A, diff(A, B)) == B, diff(A, A) is empty, and the reverse of the
//! changes takes B back to A. Column order is compared as a set: databases
//! append added columns, so order carries no migration meaning.

use proptest::prelude::*;
use sluice_schema::diff::reverse_all;
use sluice_schema::*;

const TABLES: &[&str] = &["accounts", "orders", "items", "users"];
const COLUMNS: &[&str] = &["id", "name", "amount", "created_at", "status", "owner_id"];

fn sql_type() -> impl Strategy<Value = SqlType> {
    prop_oneof![
        Just(SqlType::Integer),
        Just(SqlType::BigInt),
        Just(SqlType::Text),
        Just(SqlType::Varchar { length: Some(20) }),
        Just(SqlType::Varchar { length: Some(80) }),
        Just(SqlType::Numeric { precision: Some(10), scale: Some(2) }),
        Just(SqlType::Boolean),
        Just(SqlType::Timestamp { precision: None, with_time_zone: true }),
        Just(SqlType::Named { name: QualifiedName::new(Some("public"), "mood") }),
    ]
}

fn column() -> impl Strategy<Value = Column> {
    (
        prop::sample::select(COLUMNS),
        sql_type(),
        any::<bool>(),
        prop::option::of(prop::sample::select(&["0", "now()", "'x'"][..])),
        prop::option::of(prop::sample::select(&["a comment", "another"][..])),
    )
        .prop_map(|(name, ty, nullable, default, comment)| Column {
            nullable,
            default: default.map(Expr::new),
            comment: comment.map(str::to_string),
            ..Column::new(name, ty)
        })
}

#[derive(Debug, Clone)]
struct RawTable {
    name: &'static str,
    columns: Vec<Column>,
    pk: bool,
    unique: Option<usize>,
    check: Option<usize>,
    index: Option<(usize, bool)>,
    fk: Option<(usize, usize)>,
    comment: Option<&'static str>,
}

fn raw_table() -> impl Strategy<Value = RawTable> {
    (
        prop::sample::select(TABLES),
        prop::collection::vec(column(), 1..5),
        any::<bool>(),
        prop::option::of(0usize..5),
        prop::option::of(0usize..5),
        prop::option::of((0usize..5, any::<bool>())),
        prop::option::of((0usize..5, 0usize..4)),
        prop::option::of(prop::sample::select(&["table note", "other note"][..])),
    )
        .prop_map(|(name, columns, pk, unique, check, index, fk, comment)| RawTable {
            name,
            columns,
            pk,
            unique,
            check,
            index,
            fk,
            comment,
        })
}

fn mood_values() -> impl Strategy<Value = Vec<String>> {
    prop::sample::subsequence(vec!["happy", "ok", "sad", "angry"], 1..4)
        .prop_map(|v| v.into_iter().map(str::to_string).collect())
}

/// Build a valid schema from raw parts: unique names, references that
/// resolve, foreign keys only onto primary keys of the same type.
fn build(raw: Vec<RawTable>, mood: Vec<String>) -> Schema {
    let mut s = Schema::empty(Dialect::Postgres);
    s.enums.push(EnumType {
        name: QualifiedName::new(Some("public"), "mood"),
        values: mood,
        comment: None,
    });
    let mut tables: Vec<Table> = Vec::new();
    for r in &raw {
        if tables.iter().any(|t| t.name.name == r.name) {
            continue;
        }
        let mut t = Table::new(QualifiedName::new(Some("public"), r.name));
        for c in &r.columns {
            if t.column(&c.name).is_none() {
                t.columns.push(c.clone());
            }
        }
        let cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
        if r.pk {
            t.primary_key = Some(PrimaryKey {
                name: None,
                columns: vec![cols[0].clone()],
                autoincrement: false,
            });
        }
        if let Some(i) = r.unique {
            t.uniques.push(Unique {
                name: None,
                columns: vec![cols[i % cols.len()].clone()],
                nulls_not_distinct: false,
                deferrable: Deferrable::NotDeferrable,
            });
        }
        if let Some(i) = r.check {
            t.checks.push(Check {
                name: None,
                expr: Expr::new(format!("{} is not null", cols[i % cols.len()])),
                no_inherit: false,
            });
        }
        if let Some((i, unique)) = r.index {
            let mut ix = Index {
                name: String::new(),
                unique,
                method: None,
                keys: vec![IndexKey::column(&cols[i % cols.len()])],
                include: vec![],
                predicate: None,
                nulls_not_distinct: false,
                comment: None,
            };
            if unique {
                ix.predicate = Some(Expr::new("true"));
            }
            t.indexes.push(ix);
        }
        t.comment = r.comment.map(str::to_string);
        tables.push(t);
    }
    // Foreign keys, once every table exists.
    for r in &raw {
        let Some((ci, ti)) = r.fk else { continue };
        let target_name = TABLES[ti % TABLES.len()];
        let Some(target) = tables.iter().find(|t| t.name.name == target_name).cloned() else {
            continue;
        };
        let Some(pk) = &target.primary_key else {
            continue;
        };
        let pk_ty = target.column(&pk.columns[0]).unwrap().ty.clone();
        let t = tables.iter_mut().find(|t| t.name.name == r.name).unwrap();
        let col = t.columns[ci % t.columns.len()].clone();
        if col.ty != pk_ty || !t.foreign_keys.is_empty() {
            continue;
        }
        t.foreign_keys.push(ForeignKey {
            name: None,
            columns: vec![col.name.clone()],
            ref_table: target.name.clone(),
            ref_columns: pk.columns.clone(),
            on_delete: FkAction::Cascade,
            on_update: FkAction::NoAction,
            deferrable: Deferrable::NotDeferrable,
            match_full: false,
        });
    }
    s.tables = tables;
    normalize(&mut s);
    s
}

fn schema() -> impl Strategy<Value = Schema> {
    (prop::collection::vec(raw_table(), 0..5), mood_values()).prop_map(|(r, m)| build(r, m))
}

/// Column order as a set, for comparison.
fn canonical(s: &Schema) -> Schema {
    let mut s = s.clone();
    for t in &mut s.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn diff_then_apply_reaches_target(a in schema(), b in schema()) {
        let up = diff(&a, &b, &Hints::default());
        let reached = apply(&a, &up).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(canonical(&reached), canonical(&b), "up: {:#?}", up);
    }

    #[test]
    fn diff_of_equal_schemas_is_empty(a in schema()) {
        prop_assert!(diff(&a, &a, &Hints::default()).is_empty());
    }

    #[test]
    fn reverse_undoes(a in schema(), b in schema()) {
        let up = diff(&a, &b, &Hints::default());
        let there = apply(&a, &up).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = apply(&there, &reverse_all(&up)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(canonical(&back), canonical(&a));
    }
}

#[test]
fn declared_renames_become_renames() {
    let mut a = Schema::empty(Dialect::Postgres);
    let mut t = Table::new(QualifiedName::new(Some("public"), "people"));
    t.columns.push(Column::new("id", SqlType::BigInt));
    t.columns.push(Column::new("name", SqlType::Text));
    a.tables.push(t);
    normalize(&mut a);
    let mut b = a.clone();
    b.tables[0].name.name = "users".into();
    b.tables[0].columns[1].name = "full_name".into();
    normalize(&mut b);

    // Without hints: drop + create, and both look like renames.
    let plain = diff(&a, &b, &Hints::default());
    assert!(plain.iter().any(|c| matches!(c, Change::DropTable(_))));
    let cands = rename_candidates(&a, &b, &Hints::default());
    assert_eq!(cands.len(), 1, "{cands:?}");

    let users = QualifiedName::new(Some("public"), "users");
    let hints = Hints {
        tables: vec![(QualifiedName::new(Some("public"), "people"), users.clone())],
        columns: vec![(users.clone(), "name".into(), "full_name".into())],
        ..Hints::default()
    };
    assert_eq!(rename_candidates(&a, &b, &hints), vec![]);
    let up = diff(&a, &b, &hints);
    assert_eq!(
        up,
        vec![
            Change::RenameTable {
                from: QualifiedName::new(Some("public"), "people"),
                to: users.clone()
            },
            Change::RenameColumn { table: users, from: "name".into(), to: "full_name".into() },
        ]
    );
    assert_eq!(apply(&a, &up).unwrap(), b);
}

#[test]
fn enum_value_added_vs_removed() {
    let mk = |vals: &[&str]| {
        let mut s = Schema::empty(Dialect::Postgres);
        s.enums.push(EnumType {
            name: QualifiedName::new(Some("public"), "mood"),
            values: vals.iter().map(|v| v.to_string()).collect(),
            comment: None,
        });
        s
    };
    let up = diff(&mk(&["a", "c"]), &mk(&["a", "b", "c"]), &Hints::default());
    assert!(matches!(up.as_slice(), [Change::AddEnumValue { .. }]), "{up:?}");
    let up = diff(&mk(&["a", "b", "c"]), &mk(&["a", "c"]), &Hints::default());
    assert!(matches!(up.as_slice(), [Change::RebuildEnum { .. }]), "{up:?}");
    assert_eq!(up[0].data_loss(), DataLoss::None, "no column uses it");
}
