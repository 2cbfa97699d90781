//! The rename question on a real terminal (a pseudo-terminal): answering
//! it turns a drop+add into a rename; answering no keeps them apart.

use std::fs;
use std::path::Path;
use std::process::Command;

fn sluice(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sluice"));
    c.current_dir(dir).env_remove("CI").env_remove("SLUICE_CONFIG");
    c
}

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    assert!(sluice(tmp.path())
        .args(["init", "--dialect", "postgres"])
        .output()
        .unwrap()
        .status
        .success());
    assert!(sluice(tmp.path()).arg("generate").env("CI", "1").output().unwrap().status.success());
    let schema = tmp.path().join("schema/schema.sql");
    let s = fs::read_to_string(&schema)
        .unwrap()
        .replace("  title text NOT NULL,", "  headline text NOT NULL,");
    fs::write(schema, s).unwrap();
    tmp
}

fn newest_up(root: &Path) -> String {
    let mut dirs: Vec<_> = fs::read_dir(root.join("migrations"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.path())
        .collect();
    dirs.sort();
    fs::read_to_string(dirs.last().unwrap().join("up.sql")).unwrap().to_lowercase()
}

#[test]
fn answering_yes_makes_a_rename() {
    let tmp = setup();
    let mut cmd = sluice(tmp.path());
    cmd.arg("generate");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("Is column public.posts.headline the column title renamed?").unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("created").unwrap();
    p.exp_eof().unwrap();
    let up = newest_up(tmp.path());
    assert!(up.contains("rename column title to headline"), "{up}");
}

#[test]
fn answering_no_drops_and_adds() {
    let tmp = setup();
    let mut cmd = sluice(tmp.path());
    cmd.arg("generate");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("renamed?").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_string("created").unwrap();
    p.exp_eof().unwrap();
    let up = newest_up(tmp.path());
    assert!(up.contains("drop column title"), "{up}");
    assert!(up.contains("add column headline"), "{up}");
}
