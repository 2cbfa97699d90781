//! Test support shared by sluice's crates: finding and reading the peer
//! conformance suite (sqldef's YAML cases, `../shared/conformance/sqldef`
//! beside the repository). A dev-dependency only.

use std::path::{Path, PathBuf};

/// The suite's folder. Missing: a panic naming it, unless
/// `SLUICE_SKIP_CONFORMANCE=1`, which skips loudly (`None`).
pub fn suite_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/sqldef");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("SLUICE_SKIP_CONFORMANCE").as_deref() == Ok("1") {
        eprintln!(
            "SKIPPED: conformance suite not found at {} (SLUICE_SKIP_CONFORMANCE=1)",
            dir.display()
        );
        return None;
    }
    panic!(
        "conformance suite not found at {}; put sqldef's test files there, or set \
         SLUICE_SKIP_CONFORMANCE=1 to skip this test",
        dir.display()
    );
}

/// The YAML files of one sub-suite (`psqldef`, `sqlite3def`...), sorted.
pub fn yaml_files(dir: &Path, sub: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.join(sub).display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no YAML files in {}", dir.join(sub).display());
    files
}

/// One case: its file, name, and the `current` / `desired` SQL (empty when
/// absent).
#[derive(Debug, Clone)]
pub struct Case {
    pub file: String,
    pub name: String,
    pub current: String,
    pub desired: String,
}

/// Every case of a sub-suite, in file order.
pub fn cases(dir: &Path, sub: &str) -> Vec<Case> {
    let mut out = Vec::new();
    for path in yaml_files(dir, sub) {
        let text = std::fs::read_to_string(&path).expect("readable YAML file");
        let map: serde_yaml_ng::Mapping =
            serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        for (k, v) in &map {
            let get = |key: &str| v.get(key).and_then(|x| x.as_str()).unwrap_or("").to_string();
            out.push(Case {
                file: file.clone(),
                name: k.as_str().unwrap_or("?").to_string(),
                current: get("current"),
                desired: get("desired"),
            });
        }
    }
    out
}

/// Every non-empty document: (file, case, `"current"` or `"desired"`, sql).
pub fn documents(dir: &Path, sub: &str) -> Vec<(String, String, &'static str, String)> {
    let mut out = Vec::new();
    for c in cases(dir, sub) {
        for (which, sql) in [("current", &c.current), ("desired", &c.desired)] {
            if !sql.trim().is_empty() {
                out.push((c.file.clone(), c.name.clone(), which, sql.clone()));
            }
        }
    }
    out
}
