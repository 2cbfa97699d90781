//! npm packages for the end-to-end tests that drive real JavaScript peers:
//! `npm ci` from a committed manifest and lock file into a cache folder
//! outside the repository, once per change of the lock file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Install the packages of `src` (its package.json and package-lock.json)
/// into `<SLUICE_TEST_NODE_DIR or ~/.npm/_sluice>/<name>`, copy `scripts`
/// from `src` beside them, and return that folder. The folder is reused
/// while manifest and lock are unchanged; a file lock keeps two test
/// processes from installing into it at once. `env` is passed to npm.
pub fn install(
    name: &str,
    src: &Path,
    scripts: &[&str],
    env: &[(&str, &str)],
) -> Result<PathBuf, String> {
    let base = match std::env::var_os("SLUICE_TEST_NODE_DIR") {
        Some(d) => PathBuf::from(d),
        None => match std::env::var_os("HOME") {
            Some(h) => Path::new(&h).join(".npm/_sluice"),
            None => std::env::temp_dir().join("sluice-npm"),
        },
    };
    let dir = base.join(name);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let lock_file =
        fs::File::create(base.join(format!("{name}.lock"))).map_err(|e| e.to_string())?;
    lock_file.lock().map_err(|e| format!("cannot lock {}: {e}", base.display()))?;
    let manifest = fs::read_to_string(src.join("package.json")).map_err(|e| e.to_string())?;
    let lock = fs::read_to_string(src.join("package-lock.json")).map_err(|e| e.to_string())?;
    for f in scripts {
        fs::copy(src.join(f), dir.join(f)).map_err(|e| format!("{f}: {e}"))?;
    }
    let stamp = dir.join(".installed");
    let current = format!("{manifest}{lock}");
    if fs::read_to_string(&stamp).is_ok_and(|s| s == current) {
        return Ok(dir);
    }
    let _ = fs::remove_file(&stamp);
    fs::write(dir.join("package.json"), &manifest).map_err(|e| e.to_string())?;
    fs::write(dir.join("package-lock.json"), &lock).map_err(|e| e.to_string())?;
    eprintln!("installing the {name} packages into {} (npm ci, once)", dir.display());
    let started = std::time::Instant::now();
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .envs(env.iter().copied())
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    eprintln!("npm ci took {:.0} s", started.elapsed().as_secs_f64());
    if !out.status.success() {
        return Err(format!(
            "npm ci failed: {}",
            String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")
        ));
    }
    fs::write(&stamp, current).map_err(|e| e.to_string())?;
    Ok(dir)
}
