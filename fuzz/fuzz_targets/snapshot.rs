//! The snapshot reader on arbitrary text (see checks.rs for the properties).
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;
#[path = "../../crates/cli/src/config.rs"]
#[allow(dead_code)]
mod config;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::snapshot(data));
