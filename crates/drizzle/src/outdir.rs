//! drizzle-kit out folder.
