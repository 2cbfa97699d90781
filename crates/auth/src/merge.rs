//! Merging the auth model into a project's schema, and reading a live
//! database against it: one comparison, two uses.
//!
//! For `generate` ([`merge`]), an auth table absent from the project is
//! created; a project table it is mapped onto (`tables = { user = "users" }`
//! or the resolution `map`) gets the missing columns, unique indexes and
//! foreign keys as additions; everything that cannot be reconciled without
//! changing the project's own definitions is a [`Finding`] with the
//! resolutions that would settle it. For `check` ([`crate::check`]), every
//! missing piece is a finding too.

use crate::fragment;
use crate::resolve::{AuthColumn, AuthModel, AuthTable};
use sluice_schema::{Change, Column, Dialect, ForeignKey, QualifiedName, Schema, SqlType, Table};
use std::collections::BTreeMap;

/// What kind of mismatch a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A table of the auth schema's name exists and is not mapped onto.
    NameClash,
    /// An index of the auth schema has the name of an existing object.
    IndexNameClash,
    MissingTable,
    MissingColumn,
    /// A column exists with a type Better Auth's values do not fit.
    ColumnType,
    /// A reference column's type differs from the id it references.
    IdType,
    /// A NOT NULL column without default that Better Auth never writes.
    UnexpectedRequired,
    /// A column Better Auth treats as unique has no unique constraint or index.
    MissingUnique,
    MissingForeignKey,
    MissingIndex,
    /// The table has no primary key on the id column.
    MissingPrimaryKey,
}

/// One way to settle a finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Resolution {
    /// What to write under `[auth.resolve]` (`KEY = "VALUE"`) or pass as
    /// `--resolve KEY=VALUE`; `None` when it is a config change instead.
    pub resolve: Option<String>,
    /// The config line (for `--resolve` values, the equivalent).
    pub config: String,
    /// What it does.
    pub effect: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The key a resolution is given for: a logical table (`user`) or a
    /// physical `table.column`.
    pub key: String,
    pub message: String,
    pub resolutions: Vec<Resolution>,
}

/// The outcome of a merge.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The auth tables to create (not mapped onto existing ones).
    pub create: Schema,
    /// Changes to the project's own tables: added columns, unique indexes,
    /// foreign keys, dropped NOT NULLs.
    pub additions: Vec<Change>,
    /// Logical key -> physical name of the tables mapped onto existing ones.
    pub mapped: BTreeMap<String, String>,
    pub conflicts: Vec<Finding>,
    /// The model, with project columns adopted as additional fields.
    pub model: AuthModel,
}

/// Merge `model` into `project` (the project's schema without the auth
/// files). `resolve` holds the chosen resolutions (`[auth.resolve]` and
/// `--resolve`).
pub fn merge(model: &AuthModel, project: &Schema, resolve: &BTreeMap<String, String>) -> Merged {
    let mut model = model.clone();
    let ns = model.dialect.default_schema();
    let mut conflicts = Vec::new();
    let mut additions = Vec::new();
    let mut mapped = BTreeMap::new();
    for i in 0..model.tables.len() {
        let t = model.tables[i].clone();
        let name = QualifiedName::new(ns, &t.physical);
        let Some(existing) = project.table(&name) else { continue };
        let is_mapped = t.named_explicitly || resolve.get(&t.key).is_some_and(|r| r == "map");
        if !is_mapped {
            conflicts.push(name_clash(&t));
            continue;
        }
        mapped.insert(t.key.clone(), t.physical.clone());
        let r = reconcile(&model, &t, existing, Mode::Generate, resolve);
        conflicts.extend(r.findings);
        additions.extend(r.additions);
        model.tables[i].columns.extend(r.adopted);
    }
    let create = fragment::fragment_of(&model, |t| !mapped.contains_key(&t.key));
    // Index names are schema-wide on PostgreSQL.
    if model.dialect == Dialect::Postgres {
        for t in &create.tables {
            for ix in &t.indexes {
                if let Some(owner) = relation_named(project, &ix.name) {
                    let key = model
                        .tables
                        .iter()
                        .find(|a| a.physical == t.name.name)
                        .map(|a| a.key.clone())
                        .unwrap_or_default();
                    conflicts.push(Finding {
                        kind: FindingKind::IndexNameClash,
                        key: key.clone(),
                        message: format!("the index {} of auth table {} has the name of {owner} in the project's schema", ix.name, t.name.name),
                        resolutions: vec![rename_resolution(&key, &t.name.name), prefix_resolution(&key)],
                    });
                }
            }
        }
    }
    Merged { create, additions, mapped, conflicts, model }
}

fn relation_named(project: &Schema, name: &str) -> Option<String> {
    for t in &project.tables {
        if t.name.name == name {
            return Some(format!("table {}", t.name.name));
        }
        if t.indexes.iter().any(|i| i.name == name) {
            return Some(format!("an index of table {}", t.name.name));
        }
    }
    None
}

fn rename_resolution(key: &str, physical: &str) -> Resolution {
    Resolution {
        resolve: Some(format!("{key}=rename:auth_{physical}")),
        config: format!("[auth.resolve] {key} = \"rename:auth_{physical}\"  (or [auth.tables] {key} = \"NAME\")"),
        effect: format!("create Better Auth's {key} table under another name; the printed options carry the name"),
    }
}

fn prefix_resolution(key: &str) -> Resolution {
    Resolution {
        resolve: Some(format!("{key}=prefix:auth_")),
        config: format!("[auth.resolve] {key} = \"prefix:auth_\"  (or [auth] prefix = \"auth_\" for every auth table)"),
        effect: "put a prefix in front of the auth table's name".into(),
    }
}

fn name_clash(t: &AuthTable) -> Finding {
    Finding {
        kind: FindingKind::NameClash,
        key: t.key.clone(),
        message: format!(
            "the project already has a table {} (Better Auth's {} table has that name)",
            t.physical, t.key
        ),
        resolutions: vec![
            Resolution {
                resolve: Some(format!("{}=map", t.key)),
                config: format!(
                    "[auth.resolve] {} = \"map\"  (or [auth.tables] {} = \"{}\")",
                    t.key, t.key, t.physical
                ),
                effect: format!(
                    "use the existing table {} for Better Auth's {}: add the columns it lacks",
                    t.physical, t.key
                ),
            },
            rename_resolution(&t.key, &t.physical),
            prefix_resolution(&t.key),
        ],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Missing pieces become additions.
    Generate,
    /// Missing pieces are findings.
    Check,
}

pub(crate) struct Reconciled {
    pub additions: Vec<Change>,
    pub findings: Vec<Finding>,
    /// Project columns taken into the model (resolution `additional`).
    pub adopted: Vec<AuthColumn>,
}

/// Compare auth table `t` with the existing table `existing`.
pub(crate) fn reconcile(
    model: &AuthModel,
    t: &AuthTable,
    existing: &Table,
    mode: Mode,
    resolve: &BTreeMap<String, String>,
) -> Reconciled {
    let dialect = model.dialect;
    let ns = dialect.default_schema();
    let tname = existing.name.clone();
    let mut out = Reconciled { additions: Vec::new(), findings: Vec::new(), adopted: Vec::new() };
    let id = t.id();

    // The id: present, the primary key, of the id kind's type family.
    match existing.column(&id.physical) {
        None => out.findings.push(Finding {
            kind: FindingKind::MissingColumn,
            key: format!("{}.{}", t.physical, id.physical),
            message: format!("table {} has no id column {}", t.physical, id.physical),
            resolutions: vec![Resolution {
                resolve: None,
                config: format!(
                    "[auth.fields.{}] id = \"<the table's primary key column>\"",
                    t.key
                ),
                effect: "use the table's own key column as Better Auth's id".into(),
            }],
        }),
        Some(col) => {
            if family(&col.ty, dialect) != family(&id.ty, dialect) {
                let refs: Vec<String> = model
                    .tables
                    .iter()
                    .flat_map(|o| o.columns.iter().map(move |c| (o, c)))
                    .filter(|(_, c)| {
                        c.references.as_ref().is_some_and(|r| r.model == t.key && r.field == "id")
                    })
                    .map(|(o, c)| format!("{}.{}", o.physical, c.physical))
                    .collect();
                let want = match family(&col.ty, dialect) {
                    Family::Int => "serial",
                    Family::Uuid => "uuid",
                    _ => "text",
                };
                out.findings.push(Finding {
                    kind: FindingKind::IdType,
                    key: format!("{}.{}", t.physical, id.physical),
                    message: format!(
                        "{}.{} is {} but [auth] id = \"{}\" makes its references ({}) {}: the foreign keys cannot be created (Better Auth's own migrate stops half-way on this)",
                        t.physical,
                        id.physical,
                        type_name(&col.ty, dialect),
                        model.id.as_str(),
                        if refs.is_empty() { "none".to_string() } else { refs.join(", ") },
                        type_name(&id.ty, dialect)
                    ),
                    resolutions: vec![Resolution {
                        resolve: None,
                        config: format!("[auth] id = \"{want}\""),
                        effect: format!("make every auth id and reference {want}, matching {}.{}", t.physical, id.physical),
                    }],
                });
            }
            let is_pk =
                existing.primary_key.as_ref().is_some_and(|pk| pk.columns == [id.physical.clone()]);
            let is_unique = existing.uniques.iter().any(|u| u.columns == [id.physical.clone()]);
            if !is_pk && !is_unique {
                out.findings.push(Finding {
                    kind: FindingKind::MissingPrimaryKey,
                    key: format!("{}.{}", t.physical, id.physical),
                    message: format!(
                        "{}.{} is not the table's primary key: references to it cannot be created",
                        t.physical, id.physical
                    ),
                    resolutions: vec![Resolution {
                        resolve: None,
                        config: format!(
                            "make {} the primary key of {} in the schema files",
                            id.physical, t.physical
                        ),
                        effect: "Better Auth looks rows up by id".into(),
                    }],
                });
            }
        }
    }

    for c in t.columns.iter().skip(1) {
        let key = format!("{}.{}", t.physical, c.physical);
        match existing.column(&c.physical) {
            None => {
                if mode == Mode::Check {
                    out.findings.push(Finding {
                        kind: FindingKind::MissingColumn,
                        key,
                        message: format!(
                            "table {} has no column {} (Better Auth's {}.{}{})",
                            t.physical,
                            c.physical,
                            t.key,
                            c.field,
                            c.plugin.map(|p| format!(", plugin {p}")).unwrap_or_default()
                        ),
                        resolutions: vec![run_migrate()],
                    });
                    continue;
                }
                out.additions
                    .push(Change::AddColumn { table: tname.clone(), column: fragment::column(c) });
                if c.unique {
                    out.additions.push(Change::CreateIndex {
                        table: tname.clone(),
                        index: fragment::index(
                            &t.physical,
                            std::slice::from_ref(&c.physical),
                            true,
                        ),
                    });
                }
                if c.index {
                    out.additions.push(Change::CreateIndex {
                        table: tname.clone(),
                        index: fragment::index(
                            &t.physical,
                            std::slice::from_ref(&c.physical),
                            false,
                        ),
                    });
                }
                if let Some(fk) = foreign_key(c, ns) {
                    out.additions.push(Change::AddForeignKey { table: tname.clone(), fk });
                }
            }
            Some(col) => {
                if family(&col.ty, dialect) != family(&c.ty, dialect) {
                    let is_ref = c.references.as_ref().is_some_and(|r| r.field == "id");
                    out.findings.push(Finding {
                        kind: if is_ref { FindingKind::IdType } else { FindingKind::ColumnType },
                        key: key.clone(),
                        message: format!(
                            "{}.{} is {} but Better Auth's {}.{} needs {}",
                            t.physical,
                            c.physical,
                            type_name(&col.ty, dialect),
                            t.key,
                            c.field,
                            type_name(&c.ty, dialect)
                        ),
                        resolutions: vec![Resolution {
                            resolve: None,
                            config: format!(
                                "[auth.fields.{}] {} = \"auth_{}\"",
                                t.key, c.field, c.physical
                            ),
                            effect: format!(
                                "keep {} as it is and give Better Auth a new column",
                                c.physical
                            ),
                        }],
                    });
                }
                if c.unique && !has_unique(existing, &c.physical) {
                    if mode == Mode::Check {
                        out.findings.push(Finding {
                            kind: FindingKind::MissingUnique,
                            key: key.clone(),
                            message: format!(
                                "{}.{} is not unique (Better Auth's {}.{} is)",
                                t.physical, c.physical, t.key, c.field
                            ),
                            resolutions: vec![run_migrate()],
                        });
                    } else {
                        out.additions.push(Change::CreateIndex {
                            table: tname.clone(),
                            index: fragment::index(
                                &t.physical,
                                std::slice::from_ref(&c.physical),
                                true,
                            ),
                        });
                    }
                }
                if let Some(fk) = foreign_key(c, ns) {
                    let has = existing
                        .foreign_keys
                        .iter()
                        .any(|f| f.columns == fk.columns && f.ref_table == fk.ref_table);
                    if !has {
                        if mode == Mode::Check {
                            out.findings.push(Finding {
                                kind: FindingKind::MissingForeignKey,
                                key: key.clone(),
                                message: format!(
                                    "{}.{} has no foreign key to {}.{}",
                                    t.physical,
                                    c.physical,
                                    fk.ref_table.name,
                                    fk.ref_columns.join(",")
                                ),
                                resolutions: vec![run_migrate()],
                            });
                        } else {
                            out.additions.push(Change::AddForeignKey { table: tname.clone(), fk });
                        }
                    }
                }
            }
        }
    }
    if mode == Mode::Check {
        for ix in &t.indexes {
            let found = existing.indexes.iter().any(|i| {
                i.unique == ix.unique
                    && i.keys
                        .iter()
                        .map(|k| match &k.target {
                            sluice_schema::IndexTarget::Column(c) => c.clone(),
                            _ => String::new(),
                        })
                        .collect::<Vec<_>>()
                        == ix.columns
            }) || (ix.unique
                && existing.uniques.iter().any(|u| u.columns == ix.columns));
            if !found && ix.unique {
                out.findings.push(Finding {
                    kind: FindingKind::MissingUnique,
                    key: format!("{}.{}", t.physical, ix.columns.join(",")),
                    message: format!(
                        "{} has no unique index on ({})",
                        t.physical,
                        ix.columns.join(", ")
                    ),
                    resolutions: vec![run_migrate()],
                });
            }
        }
    }

    // The project's NOT NULL columns Better Auth never writes.
    for col in &existing.columns {
        if t.columns.iter().any(|c| c.physical == col.name) {
            continue;
        }
        if col.nullable
            || col.default.is_some()
            || col.identity.is_some()
            || col.generated.is_some()
            || col.ty.is_serial()
        {
            continue;
        }
        let key = format!("{}.{}", t.physical, col.name);
        match resolve.get(&key).map(String::as_str) {
            Some("nullable") if mode == Mode::Generate && dialect == Dialect::Postgres => {
                let mut to = col.clone();
                to.nullable = true;
                out.additions.push(Change::AlterColumn {
                    table: tname.clone(),
                    from: Box::new(col.clone()),
                    to: Box::new(to),
                });
                continue;
            }
            Some("additional") => {
                out.adopted.push(adopted_column(col, dialect));
                continue;
            }
            _ => {}
        }
        let mut resolutions = Vec::new();
        if dialect == Dialect::Postgres {
            resolutions.push(Resolution {
                resolve: Some(format!("{key}=nullable")),
                config: format!("[auth.resolve] \"{key}\" = \"nullable\""),
                effect: format!(
                    "drop NOT NULL from {key} (ALTER TABLE in {})",
                    "the auth columns file"
                ),
            });
        }
        resolutions.push(Resolution {
            resolve: Some(format!("{key}=additional")),
            config: format!("[auth.resolve] \"{key}\" = \"additional\""),
            effect: format!("declare {} as an additional field of Better Auth's {}: the application supplies it on every insert", col.name, t.key),
        });
        resolutions.push(Resolution {
            resolve: None,
            config: format!("give {key} a DEFAULT in the schema files"),
            effect: "rows Better Auth inserts get the default".into(),
        });
        out.findings.push(Finding {
            kind: FindingKind::UnexpectedRequired,
            key: key.clone(),
            message: format!("{key} is NOT NULL without a default and Better Auth never writes it: every insert into {} fails (Better Auth 1.7 reports unexpected-required-column and refuses to run)", t.physical),
            resolutions,
        });
    }
    out
}

fn run_migrate() -> Resolution {
    Resolution {
        resolve: None,
        config: "sluice auth migrate".into(),
        effect: "generate and apply the missing pieces".into(),
    }
}

fn adopted_column(col: &Column, dialect: Dialect) -> AuthColumn {
    use crate::field::FieldType;
    let ty = match family(&col.ty, dialect) {
        Family::Int => FieldType::Number,
        Family::Bool => FieldType::Boolean,
        Family::Time => FieldType::Date,
        Family::Json => FieldType::Json,
        _ => FieldType::String,
    };
    AuthColumn {
        field: col.name.clone(),
        physical: col.name.clone(),
        logical_ty: Some(ty),
        ty: col.ty.clone(),
        nullable: false,
        default: None,
        identity: None,
        unique: false,
        index: false,
        references: None,
        plugin: None,
        additional: true,
    }
}

fn has_unique(t: &Table, column: &str) -> bool {
    t.uniques.iter().any(|u| u.columns == [column.to_string()])
        || t.primary_key.as_ref().is_some_and(|pk| pk.columns == [column.to_string()])
        || t.indexes.iter().any(|i| {
            i.unique
                && i.predicate.is_none()
                && i.keys.len() == 1
                && i.keys[0].target == sluice_schema::IndexTarget::Column(column.to_string())
        })
}

pub(crate) fn foreign_key(c: &AuthColumn, ns: Option<&str>) -> Option<ForeignKey> {
    c.references.as_ref().map(|r| ForeignKey {
        name: None,
        columns: vec![c.physical.clone()],
        ref_table: QualifiedName::new(ns, &r.table),
        ref_columns: vec![r.column.clone()],
        on_delete: r.on_delete,
        on_update: Default::default(),
        deferrable: Default::default(),
        match_full: false,
    })
}

/// Type families: the values Better Auth writes fit any type of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Text,
    Int,
    Bool,
    Time,
    Json,
    Uuid,
    Other,
}

pub(crate) fn family(ty: &SqlType, dialect: Dialect) -> Family {
    use SqlType::*;
    match ty {
        Text | Varchar { .. } | Char { .. } => Family::Text,
        SmallInt | Integer | BigInt | SmallSerial | Serial | BigSerial => {
            // SQLite stores booleans as integers.
            Family::Int
        }
        Boolean if dialect == Dialect::Sqlite => Family::Int,
        Boolean => Family::Bool,
        Timestamp { .. } => Family::Time,
        Date if dialect == Dialect::Sqlite => Family::Time,
        Json | Jsonb => Family::Json,
        Uuid => Family::Uuid,
        Other { name } if dialect == Dialect::Sqlite && name.contains("date") => Family::Time,
        _ => Family::Other,
    }
}

fn type_name(ty: &SqlType, dialect: Dialect) -> String {
    sluice_sql::types::render_type(ty, dialect)
}
