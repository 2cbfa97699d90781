//! The catalogue: Better Auth's models as data, the core in [`core`], the
//! plugins in [`plugins`] and [`oauth`]. [`models`] assembles the models a
//! configuration asks for, extra plugin fields merged into their core table.

pub mod core;
pub mod oauth;
pub mod plugins;

use crate::field::ModelDef;
pub use plugins::{plugin, OrganizationOptions, PluginInfo, PLUGINS};

/// Where a model's fields come from: the core, or a plugin (by option id).
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedModel {
    pub model: ModelDef,
    /// For each field of `model`, the plugin that declared it (`None`:
    /// the core or the application's additional fields).
    pub field_plugins: Vec<Option<&'static str>>,
    /// The plugin that declared the table itself (`None`: core).
    pub plugin: Option<&'static str>,
}

/// The models of the core (with `rateLimit` when asked) and the plugins,
/// each model once, plugin fields appended to the model they extend.
pub fn models(
    plugins: &[&'static PluginInfo],
    org: OrganizationOptions,
    rate_limit: bool,
) -> Vec<SourcedModel> {
    let mut out: Vec<SourcedModel> = core::core_models()
        .into_iter()
        .map(|m| SourcedModel { field_plugins: vec![None; m.fields.len()], model: m, plugin: None })
        .collect();
    if rate_limit {
        let m = core::rate_limit_model();
        out.push(SourcedModel {
            field_plugins: vec![None; m.fields.len()],
            model: m,
            plugin: None,
        });
    }
    for p in plugins {
        for m in plugins::plugin_models(p, org) {
            match out.iter_mut().find(|s| s.model.key == m.key) {
                Some(existing) => {
                    for f in m.fields {
                        if existing.model.fields.iter().all(|g| g.name != f.name) {
                            existing.model.fields.push(f);
                            existing.field_plugins.push(Some(p.option_id));
                        }
                    }
                }
                None => out.push(SourcedModel {
                    field_plugins: vec![Some(p.option_id); m.fields.len()],
                    model: m,
                    plugin: Some(p.option_id),
                }),
            }
        }
    }
    out
}
