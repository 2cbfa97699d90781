//! `auth check`: does a live database (introspected) give Better Auth what
//! the configured plugins need? Tables, columns, types, uniqueness, foreign
//! keys, and NOT NULL columns Better Auth never writes; each gap named.

use crate::merge::{reconcile, Finding, FindingKind, Mode, Resolution};
use crate::resolve::AuthModel;
use sluice_schema::{QualifiedName, Schema};
use std::collections::BTreeMap;

/// Every gap between `live` and what `model` needs.
pub fn check(model: &AuthModel, live: &Schema, resolve: &BTreeMap<String, String>) -> Vec<Finding> {
    let ns = model.dialect.default_schema();
    let mut findings = Vec::new();
    for t in &model.tables {
        let Some(existing) = live.table(&QualifiedName::new(ns, &t.physical)) else {
            findings.push(Finding {
                kind: FindingKind::MissingTable,
                key: t.key.clone(),
                message: format!(
                    "table {} is missing (Better Auth's {}{})",
                    t.physical,
                    t.key,
                    t.plugin.map(|p| format!(", plugin {p}")).unwrap_or_default()
                ),
                resolutions: vec![Resolution {
                    resolve: None,
                    config: "sluice auth migrate".into(),
                    effect: "generate and apply the auth tables".into(),
                }],
            });
            continue;
        };
        findings.extend(reconcile(model, t, existing, Mode::Check, resolve).findings);
    }
    findings
}
