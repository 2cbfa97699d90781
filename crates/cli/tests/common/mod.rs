//! Helpers shared by the end-to-end tests: the binary with a clean
//! environment, and concurrent runs of it.
#![allow(dead_code)]

use std::path::Path;

/// The real `sluice` binary, run in `dir`, with no inherited sluice
/// settings and `CI` set (so nothing prompts).
pub fn sluice(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("sluice").unwrap();
    c.current_dir(dir)
        .env_remove("SLUICE_CONFIG")
        .env_remove("DATABASE_URL")
        .env_remove("SLUICE_ENV")
        .env_remove("SLUICE_DEV_URL")
        .env("CI", "1");
    c
}

/// Start `n` `sluice apply` processes at once in `dir`; each one's exit
/// success and stderr, once all have finished.
pub fn concurrent_applies(dir: &Path, n: usize) -> Vec<(bool, String)> {
    let bin = assert_cmd::cargo::cargo_bin("sluice");
    let children: Vec<_> = (0..n)
        .map(|_| {
            std::process::Command::new(&bin)
                .current_dir(dir)
                .env("CI", "1")
                .env_remove("DATABASE_URL")
                .env_remove("SLUICE_ENV")
                .arg("apply")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            (out.status.success(), String::from_utf8_lossy(&out.stderr).to_string())
        })
        .collect()
}

/// `sluice generate` (with `args`) in `dir` finds nothing to do: the exact
/// message on stdout, exit 0.
pub fn assert_nothing_to_migrate(dir: &Path, args: &[&str]) {
    sluice(dir)
        .arg("generate")
        .args(args)
        .assert()
        .success()
        .stdout("No schema changes, nothing to migrate\n");
}
