//! Apply changes to a model. (to be written)
use crate::{Change, Schema};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ApplyError(pub String);

pub fn apply(schema: &Schema, changes: &[Change]) -> Result<Schema, ApplyError> {
    let _ = changes;
    Ok(schema.clone())
}
