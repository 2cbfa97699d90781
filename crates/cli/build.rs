//! Link the `sluice` binary as a position-dependent executable on Linux.
//!
//! A position-independent (PIE) executable is relocated by the loader at
//! every start: ~35,000 pointers in vtables and string tables, and every
//! page holding one is copied before it is written. Linked at a fixed
//! address, none of that happens: ~160 fewer page faults and ~1.5 ms less
//! per run of `generate` on 1,000 tables (README, Benchmarks). The price is
//! that the executable's own code and data are not address-randomized
//! (shared libraries, stack and heap still are), as with Go binaries by
//! default; the code is memory-safe Rust either way.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
