//! drizzle-kit compatibility for sluice.
//!
//! Three parts, one module each: [`reader`] evaluates drizzle-orm schema
//! files (`schema.ts`, pg-core and sqlite-core builders) statically into a
//! [`sluice_schema::Schema`], the same canonical form the SQL front end
//! gives for the equivalent DDL; [`emit`] writes a schema back as a drizzle
//! `schema.ts`; [`outdir`] reads a drizzle-kit out folder (journal,
//! snapshots, `--> statement-breakpoint` files) and the hashes drizzle
//! records in `__drizzle_migrations`.

pub mod emit;
pub mod outdir;
pub mod reader;

pub use reader::{read_schema, Casing, Options};

/// Whether a schema file is a drizzle TypeScript source (by extension).
pub fn is_drizzle_source(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "ts" || e == "mts" || e == "cts")
}
