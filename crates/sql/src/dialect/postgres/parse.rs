//! PostgreSQL DDL -> Schema. (to be written)

use crate::{Parsed, SourceFile};
use sluice_schema::{Dialect, Hints, Schema};

pub(crate) fn parse(_files: &[SourceFile]) -> Parsed {
    Parsed {
        schema: Schema::empty(Dialect::Postgres),
        hints: Hints::default(),
        errors: Vec::new(),
        origins: Default::default(),
    }
}
