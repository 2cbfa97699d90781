//! drizzle schema.ts emitter.
