pub(crate) mod nodes;
pub(crate) mod tokens;
