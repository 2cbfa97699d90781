//! The migrations folder: `NNNN_name/{up.sql,down.sql,snapshot.json}` plus
//! `sluice.sum`. Reading lists and loads migrations in version order;
//! writing a new one goes through a temporary folder renamed into place, so
//! a failure never leaves half a migration behind.

use crate::snapshot;
use crate::sum::{SumError, SumFile, FILE_NAME, SEALED_FILES};
use sluice_schema::{Dialect, Schema};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Migration {
    pub version: u32,
    /// The part after `NNNN_`.
    pub name: String,
    /// `NNNN_name`.
    pub dir_name: String,
    pub path: PathBuf,
    pub up: String,
    pub down: String,
    /// Raw text of snapshot.json (parsed on demand).
    pub snapshot: Option<String>,
}

impl Migration {
    /// The sealed files' names and bytes, in hashing order (absent files are
    /// hashed as absent, so adding one is a change).
    pub fn sealed_files(&self) -> Vec<(&'static str, &[u8])> {
        let mut out = Vec::new();
        for f in SEALED_FILES {
            let bytes = match *f {
                "up.sql" => Some(self.up.as_bytes()),
                "down.sql" => Some(self.down.as_bytes()),
                _ => self.snapshot.as_ref().map(|s| s.as_bytes()),
            };
            if let Some(b) = bytes {
                out.push((*f, b));
            }
        }
        out
    }

    pub fn snapshot_schema(&self) -> Result<Option<Schema>, DirError> {
        match &self.snapshot {
            None => Ok(None),
            Some(text) => {
                let path = self.path.join("snapshot.json").display().to_string();
                Ok(Some(snapshot::from_json(&path, text)?))
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DirError {
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}: migration folder names must look like 0001_name")]
    BadName { path: String },
    #[error("{path}: missing up.sql")]
    MissingUp { path: String },
    #[error(transparent)]
    Snapshot(#[from] snapshot::SnapshotError),
    #[error("{0}")]
    Sum(#[from] SumError),
    #[error(
        "the last snapshot ({path}) is for {found}, but sluice.toml says dialect = \"{expected}\""
    )]
    DialectMismatch { path: String, found: Dialect, expected: Dialect },
}

impl DirError {
    pub fn help(&self) -> Option<String> {
        match self {
            DirError::Sum(e) => Some(e.help()),
            DirError::BadName { .. } => Some(
                "rename the folder to NNNN_name, or move it out of the migrations folder".into(),
            ),
            DirError::MissingUp { .. } => Some("restore up.sql from version control".into()),
            DirError::Snapshot(_) => Some(
                "restore snapshot.json from version control; it is written by `sluice generate`"
                    .into(),
            ),
            DirError::DialectMismatch { .. } => Some(
                "set `dialect` in sluice.toml to the one the migrations were generated for".into(),
            ),
            DirError::Io { source, .. } => io_help(source),
        }
    }
}

/// What to do about a file system error, when there is something to say.
pub fn io_help(e: &io::Error) -> Option<String> {
    match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge => {
            Some("free space on the disk that holds the migrations folder, then run the command again".into())
        }
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => Some(
            "make the migrations folder writable for this user, then run the command again".into(),
        ),
        _ => None,
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> DirError + '_ {
    move |source| DirError::Io { path: path.display().to_string(), source }
}

pub struct MigrationsDir {
    pub path: PathBuf,
}

/// Parse `0001_name` into (1, "name").
pub fn parse_dir_name(name: &str) -> Option<(u32, String)> {
    let (num, rest) = name.split_once('_').map_or((name, ""), |(a, b)| (a, b));
    if num.len() < 4 || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((num.parse().ok()?, rest.to_string()))
}

impl MigrationsDir {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        MigrationsDir { path: path.into() }
    }

    pub fn sum_path(&self) -> PathBuf {
        self.path.join(FILE_NAME)
    }

    /// Every migration, in version order (folder name breaks ties). A
    /// missing folder is an empty list.
    pub fn load(&self) -> Result<Vec<Migration>, DirError> {
        let entries = match fs::read_dir(&self.path) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&self.path)(e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io_err(&self.path))?;
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            let dir_name = entry.file_name().to_string_lossy().to_string();
            if dir_name.starts_with('.') {
                continue;
            }
            let (version, name) = parse_dir_name(&dir_name)
                .ok_or_else(|| DirError::BadName { path: path.display().to_string() })?;
            let read = |f: &str| -> Result<Option<String>, DirError> {
                let p = path.join(f);
                match fs::read_to_string(&p) {
                    Ok(s) => Ok(Some(s)),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(io_err(&p)(e)),
                }
            };
            let up = read("up.sql")?
                .ok_or_else(|| DirError::MissingUp { path: path.display().to_string() })?;
            let down = read("down.sql")?.unwrap_or_default();
            let snapshot = read("snapshot.json")?;
            out.push(Migration { version, name, dir_name, path, up, down, snapshot });
        }
        out.sort_by(|a, b| (a.version, &a.dir_name).cmp(&(b.version, &b.dir_name)));
        Ok(out)
    }

    pub fn read_sum(&self) -> Result<Option<SumFile>, DirError> {
        let p = self.sum_path();
        match fs::read_to_string(&p) {
            Ok(text) => Ok(Some(SumFile::parse(&text)?)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err(&p)(e)),
        }
    }

    /// Load and verify against sluice.sum: what every command that reads
    /// migrations does first.
    pub fn load_verified(&self) -> Result<Vec<Migration>, DirError> {
        let migrations = self.load()?;
        crate::sum::check_versions(&migrations)?;
        match self.read_sum()? {
            Some(sum) => sum.verify(&migrations)?,
            None if migrations.is_empty() => {}
            None => return Err(SumError::Missing { count: migrations.len() }.into()),
        }
        Ok(migrations)
    }

    /// The schema after the last migration that has a snapshot, or an empty
    /// schema.
    pub fn last_schema(
        &self,
        migrations: &[Migration],
        dialect: Dialect,
    ) -> Result<Schema, DirError> {
        for m in migrations.iter().rev() {
            if let Some(s) = m.snapshot_schema()? {
                if s.dialect != dialect {
                    return Err(DirError::DialectMismatch {
                        path: m.path.join("snapshot.json").display().to_string(),
                        found: s.dialect,
                        expected: dialect,
                    });
                }
                return Ok(s);
            }
        }
        Ok(Schema::empty(dialect))
    }

    /// Write a new migration folder atomically and re-seal the sum file.
    /// The texts are kept in the returned [`Migration`] (pass them owned to
    /// spare a copy).
    pub fn write(
        &self,
        existing: &[Migration],
        name: &str,
        up: impl Into<String>,
        down: impl Into<String>,
        snapshot_json: impl Into<String>,
    ) -> Result<Migration, DirError> {
        let (up, down, snapshot_json) = (up.into(), down.into(), snapshot_json.into());
        fs::create_dir_all(&self.path).map_err(io_err(&self.path))?;
        let version = existing.last().map_or(1, |m| m.version + 1);
        let dir_name = format!("{version:04}_{name}");
        let final_path = self.path.join(&dir_name);
        let tmp = self.path.join(format!(".{dir_name}.tmp"));
        let m = Migration {
            version,
            name: name.to_string(),
            dir_name,
            path: final_path.clone(),
            up,
            down,
            snapshot: Some(snapshot_json),
        };
        let _ = fs::remove_dir_all(&tmp);
        // The migrations sluice.sum seals already keep their entries: they
        // were verified when loaded, and hashing them again would only seal
        // whatever changed since. Without such a sum, all are hashed.
        let sealed = self.read_sum().ok().flatten().filter(|sum| {
            sum.entries.len() == existing.len()
                && sum.entries.iter().zip(existing).all(|(e, m)| e.name == m.dir_name)
        });
        // The new sum is hashed while the files are written (both only read
        // the texts); it is written once the folder is in place.
        let (sum, result) = rayon::join(
            || match sealed {
                Some(sum) => sum.append(&m),
                None => SumFile::compute_all(existing.iter().chain([&m])),
            },
            || {
                fs::create_dir(&tmp).map_err(io_err(&tmp))?;
                for (f, text) in [
                    ("up.sql", m.up.as_str()),
                    ("down.sql", m.down.as_str()),
                    ("snapshot.json", m.snapshot.as_deref().unwrap_or_default()),
                ] {
                    let p = tmp.join(f);
                    fs::write(&p, text).map_err(io_err(&p))?;
                }
                fs::rename(&tmp, &final_path).map_err(io_err(&final_path))
            },
        );
        if let Err(e) = result {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
        if let Err(e) = self.write_sum(&sum) {
            // Keep folder and sum consistent: take the new migration back out.
            let _ = fs::remove_dir_all(&final_path);
            return Err(e);
        }
        Ok(m)
    }

    /// Replace sluice.sum atomically (a failure leaves the old one).
    pub fn write_sum(&self, sum: &SumFile) -> Result<(), DirError> {
        let p = self.sum_path();
        let tmp = self.path.join(format!(".{FILE_NAME}.tmp"));
        let result = fs::write(&tmp, sum.to_string())
            .map_err(io_err(&tmp))
            .and_then(|()| fs::rename(&tmp, &p).map_err(io_err(&p)));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// Take back a migration [`MigrationsDir::write`] just wrote (when what
    /// had to follow it failed): its folder goes, the sum is sealed over
    /// `existing` again.
    pub fn unwrite(&self, existing: &[Migration], m: &Migration) -> Result<(), DirError> {
        fs::remove_dir_all(&m.path).map_err(io_err(&m.path))?;
        self.write_sum(&SumFile::compute_all(existing.iter()))
    }
}

/// A folder-name-safe slug of a migration name.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_');
    let cut: String = out.chars().take(48).collect();
    let cut = cut.trim_end_matches('_').to_string();
    if cut.is_empty() {
        "migration".to_string()
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_three(dir: &MigrationsDir) -> Vec<Migration> {
        let snap = snapshot::to_json(&Schema::empty(Dialect::Sqlite));
        let mut all = Vec::new();
        for n in ["a", "b", "c"] {
            let m = dir.write(&all, n, format!("create table {n} (x int);\n"), "", &snap).unwrap();
            all.push(m);
        }
        all
    }

    #[test]
    fn writes_and_verifies() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = MigrationsDir::new(tmp.path().join("migrations"));
        write_three(&dir);
        let loaded = dir.load_verified().unwrap();
        let names: Vec<_> = loaded.iter().map(|m| m.dir_name.as_str()).collect();
        assert_eq!(names, ["0001_a", "0002_b", "0003_c"]);
    }

    fn verify_err(dir: &MigrationsDir) -> SumError {
        match dir.load_verified() {
            Err(DirError::Sum(e)) => e,
            other => panic!("expected a sum error, got {other:?}"),
        }
    }

    #[test]
    fn every_tampering_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = MigrationsDir::new(tmp.path().join("migrations"));
        write_three(&dir);
        let p = |s: &str| dir.path.join(s);

        // edited
        fs::write(p("0002_b/up.sql"), "drop table a;\n").unwrap();
        assert_eq!(verify_err(&dir), SumError::Edited { name: "0002_b".into() });
        fs::write(p("0002_b/up.sql"), "create table b (x int);\n").unwrap();
        dir.load_verified().unwrap();

        // renamed / renumbered
        fs::rename(p("0003_c"), p("0004_c")).unwrap();
        assert_eq!(
            verify_err(&dir),
            SumError::Renamed { from: "0003_c".into(), to: "0004_c".into() }
        );
        fs::rename(p("0004_c"), p("0003_c")).unwrap();

        // duplicate version from two branches
        fs::create_dir(p("0003_other")).unwrap();
        fs::write(p("0003_other/up.sql"), "select 1;\n").unwrap();
        assert!(matches!(verify_err(&dir), SumError::DuplicateVersion { version: 3, .. }));
        fs::remove_dir_all(p("0003_other")).unwrap();

        // added by hand
        fs::create_dir(p("0004_hand")).unwrap();
        fs::write(p("0004_hand/up.sql"), "select 1;\n").unwrap();
        assert_eq!(verify_err(&dir), SumError::Unsealed { name: "0004_hand".into() });
        fs::remove_dir_all(p("0004_hand")).unwrap();

        // removed
        let saved = fs::read_to_string(p("0003_c/up.sql")).unwrap();
        fs::remove_dir_all(p("0003_c")).unwrap();
        assert_eq!(verify_err(&dir), SumError::Removed { name: "0003_c".into() });
        fs::create_dir(p("0003_c")).unwrap();
        fs::write(p("0003_c/up.sql"), saved).unwrap();
        fs::write(p("0003_c/snapshot.json"), snapshot::to_json(&Schema::empty(Dialect::Sqlite)))
            .unwrap();
        fs::write(p("0003_c/down.sql"), "").unwrap();
        dir.load_verified().unwrap();

        // sum edited by hand (chain broken, contents fine)
        let text = fs::read_to_string(dir.sum_path()).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let last = lines.last_mut().unwrap();
        let flipped = if last.ends_with('0') { "1" } else { "0" };
        last.replace_range(last.len() - 1.., flipped);
        fs::write(dir.sum_path(), lines.join("\n")).unwrap();
        assert_eq!(verify_err(&dir), SumError::Tampered { name: "0003_c".into() });

        // snapshot edited by hand
        dir.write_sum(&SumFile::compute(&dir.load().unwrap())).unwrap();
        fs::write(p("0001_a/snapshot.json"), "{}").unwrap();
        assert_eq!(verify_err(&dir), SumError::Edited { name: "0001_a".into() });

        // missing sum file
        fs::remove_file(dir.sum_path()).unwrap();
        assert_eq!(verify_err(&dir), SumError::Missing { count: 3 });
    }

    #[test]
    fn writing_keeps_sealed_entries_and_seals_the_new_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = MigrationsDir::new(tmp.path().join("migrations"));
        let all = write_three(&dir);
        // The sum written migration by migration is the sum of all three.
        assert_eq!(dir.read_sum().unwrap().unwrap(), SumFile::compute(&all));

        // An edit made after loading is not sealed by the next write: the
        // sum keeps the entry it verified, and the edit stays detected.
        let loaded = dir.load_verified().unwrap();
        fs::write(dir.path.join("0002_b/up.sql"), "drop table a;\n").unwrap();
        let snap = snapshot::to_json(&Schema::empty(Dialect::Sqlite));
        dir.write(&loaded, "d", "select 1;\n", "", &snap).unwrap();
        assert_eq!(verify_err(&dir), SumError::Edited { name: "0002_b".into() });

        // A sum that does not list the loaded migrations is not extended:
        // everything is hashed as it is.
        fs::remove_file(dir.sum_path()).unwrap();
        let loaded = dir.load().unwrap();
        dir.write(&loaded, "e", "select 2;\n", "", &snap).unwrap();
        assert_eq!(dir.load_verified().unwrap().len(), 5);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Create table public.users"), "create_table_public_users");
        assert_eq!(slug("--"), "migration");
        assert_eq!(parse_dir_name("0012_add_x"), Some((12, "add_x".into())));
        assert_eq!(parse_dir_name("12_x"), None);
    }
}
