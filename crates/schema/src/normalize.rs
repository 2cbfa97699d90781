//! normalize (to be written)
use crate::Schema;
pub fn normalize(_schema: &mut Schema) {}
