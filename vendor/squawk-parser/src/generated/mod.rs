pub mod syntax_kind;
pub(crate) mod token_sets;
