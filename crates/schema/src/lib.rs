//! The sluice schema model and its algebra: no SQL text, no IO.
//!
//! - [`model`]: `Schema` and everything in it.
//! - [`change`]: `Change`, one schema edit, reversible.
//! - [`normalize()`]: the canonical form that makes equal schemas `==`.
//! - [`diff()`]: `diff(&from, &to, &hints) -> Vec<Change>` in dependency order.
//! - [`apply()`]: applies changes to a model (what the database would do).
//! - [`names`]: the constraint and index names PostgreSQL would generate.

pub mod apply;
pub mod change;
pub mod diff;
pub mod model;
pub mod names;
pub mod normalize;
pub mod rename;

pub use apply::{apply, ApplyError};
pub use change::{Change, CommentTarget, DataLoss, EnumUsage};
pub use diff::diff;
pub use model::*;
pub use normalize::normalize;
pub use rename::{rename_candidates, Hints, RenameCandidate};
