//! The review workflow in a real browser: Debian's Chromium (headless,
//! `/usr/bin/chromium` or SLUICE_TEST_CHROMIUM) driven by playwright-core
//! (pinned in tests/browser/package.json; no browser download) against the
//! real `sluice serve`. A developer sees the destructive migration blocked,
//! an approver approves it, an admin applies it and watches the progress,
//! then history and audit show it. Screenshots: target/e2e-screenshots/.
//!
//! The npm packages are installed once (`npm ci`) into
//! ~/.npm/_sluice/serve-e2e (or $SLUICE_TEST_NODE_DIR/serve-e2e) and reused while the
//! lock file is unchanged. Without Chromium, node or the packages the test
//! prints SKIPPED with the reason; when SLUICE_TEST_REQUIRE contains
//! `browser` it fails instead.

mod common;

use common::dashboard::{add_user, project, serve};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const NODE_SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser");

fn required() -> bool {
    std::env::var("SLUICE_TEST_REQUIRE").is_ok_and(|v| v.split(',').any(|p| p.trim() == "browser"))
}

fn skip(reason: &str) {
    if required() {
        panic!("the browser test cannot run and SLUICE_TEST_REQUIRE contains browser: {reason}");
    }
    eprintln!("SKIPPED: the browser end-to-end test: {reason}");
    eprintln!("         (set SLUICE_TEST_REQUIRE=browser to make this a failure)");
}

fn chromium() -> Result<PathBuf, String> {
    let path = std::env::var_os("SLUICE_TEST_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("no Chromium at {} (apt-get install -y chromium)", path.display()))
    }
}

fn install() -> Result<PathBuf, String> {
    common::npm::install(
        "serve-e2e",
        Path::new(NODE_SRC),
        &["e2e.mjs"],
        &[("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")],
    )
}

#[test]
fn developer_blocked_approver_approves_admin_applies_in_a_browser() {
    let chromium = match chromium() {
        Ok(c) => c,
        Err(e) => return skip(&e),
    };
    let node = match install() {
        Ok(d) => d,
        Err(e) => return skip(&e),
    };
    let tmp = project();
    let root = tmp.path();
    add_user(root, "dev", "developer", "dev password");
    add_user(root, "bob", "approver", "bob password");
    add_user(root, "root", "admin", "root password");
    let server = serve(root);
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    fs::create_dir_all(&shots).unwrap();
    for f in fs::read_dir(&shots).unwrap().flatten() {
        let _ = fs::remove_file(f.path());
    }
    let out = Command::new("node")
        .arg(node.join("e2e.mjs"))
        .arg(&server.base)
        .arg(&shots)
        .arg(&chromium)
        .current_dir(&node)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the browser script failed:\n{stdout}\n{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(stdout.lines().last().unwrap_or("")).expect("a JSON report");
    assert_eq!(report["ok"], true);
    assert!(report["steps"].as_array().unwrap().len() >= 15, "{report}");
    for shot in [
        "1-developer-blocked.png",
        "2-approver-approved.png",
        "3-admin-apply-progress.png",
        "4-history.png",
        "5-audit.png",
    ] {
        let len = fs::metadata(shots.join(shot)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 1000, "screenshot {shot} saved ({len} bytes)");
    }
    // The apply ran for real: the history table has it.
    let mut d =
        sluice_db::connect("sqlite://prod.db", sluice_schema::Dialect::Sqlite, root).unwrap();
    let rows =
        d.query_rows("SELECT state, applied_by FROM sluice_history WHERE version = 2").unwrap();
    assert_eq!(rows, vec![vec!["applied".to_string(), "root".to_string()]]);
}
