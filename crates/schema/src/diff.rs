//! diff (to be written)
use crate::{Change, Hints, Schema};
pub fn diff(_from: &Schema, _to: &Schema, _hints: &Hints) -> Vec<Change> {
    Vec::new()
}
