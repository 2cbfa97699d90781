//! `sluice.sum`: a chained SHA-256 over the migrations folder.
//!
//! Each line seals one migration: its folder name, the hash of its files
//! (`up.sql`, `down.sql`, `snapshot.json`) and a chain hash covering that and
//! the line before. An edited, removed, added-by-hand, reordered or
//! duplicated (two branches) migration no longer matches, and [`verify`]
//! names which one and how to resolve it. Review files are not sealed:
//! approvals carry their own checksum.

use crate::dir::Migration;
use sha2::{Digest, Sha256};
use std::fmt;

pub const FILE_NAME: &str = "sluice.sum";
const HEADER: &str = "# sluice.sum: chained SHA-256 of every migration. Do not edit by hand;\n# after an intended change to a migration run `sluice rehash`.\n";

/// The files of a migration that the sum covers, in hashing order.
pub const SEALED_FILES: &[&str] = &["up.sql", "down.sql", "snapshot.json"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumEntry {
    pub name: String,
    pub content: String,
    pub chain: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SumFile {
    pub entries: Vec<SumEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SumError {
    #[error("migrations/{FILE_NAME} is missing but the folder has {count} migration(s)")]
    Missing { count: usize },
    #[error("{FILE_NAME} line {line}: {message}")]
    Malformed { line: usize, message: String },
    #[error("{FILE_NAME} line {line}: merge conflict marker (two branches each added migrations)")]
    Conflict { line: usize },
    #[error("migration {name} was edited after it was generated")]
    Edited { name: String },
    #[error("migration {name} is sealed in {FILE_NAME} but its folder is missing")]
    Removed { name: String },
    #[error("migration {name} is not sealed in {FILE_NAME} (added by hand, or merged from another branch)")]
    Unsealed { name: String },
    #[error("migration {from} was renamed or renumbered to {to} after it was sealed")]
    Renamed { from: String, to: String },
    #[error("two migrations share version {version}: {first} and {second} (two branches each added one)")]
    DuplicateVersion { version: u32, first: String, second: String },
    #[error("{FILE_NAME} chain does not verify at {name}: the sum file was edited by hand")]
    Tampered { name: String },
}

impl SumError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            SumError::Missing { .. } => "run `sluice rehash` to seal the migrations as they are".into(),
            SumError::Malformed { .. } | SumError::Tampered { .. } => {
                "restore sluice.sum from version control, or run `sluice rehash` if every migration is as intended".into()
            }
            SumError::Conflict { .. } => "keep one side's sluice.sum, renumber the other branch's migrations after the newest one (delete each and run `sluice generate` again), then `sluice rehash`".into(),
            SumError::Edited { name } => format!(
                "if {name} has not been applied anywhere and the edit is intended, run `sluice rehash`; otherwise restore it from version control and put the change in a new migration (`sluice generate`)"
            ),
            SumError::Removed { name } => format!(
                "restore {name} from version control; if it was never applied anywhere and removing it is intended, run `sluice rehash`"
            ),
            SumError::Unsealed { name } => format!(
                "if {name} is meant to be there, run `sluice rehash`; migrations should be created by `sluice generate` (or `sluice generate --custom`)"
            ),
            SumError::Renamed { from, .. } => format!(
                "restore the folder name {from} from version control (applied migrations are known by their version); if it was never applied anywhere and the new order is intended, run `sluice rehash`"
            ),
            SumError::DuplicateVersion { second, .. } => format!(
                "renumber the migration that has not been applied anywhere (e.g. delete {second}, then run `sluice generate` again on top of the other), then `sluice rehash`"
            ),
        }
    }
}

/// Lower-case hex of `bytes` (one allocation: hashing thousands of
/// migrations per dashboard view must not format byte by byte).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Hash of a migration's sealed files (name, length and bytes of each).
pub fn content_hash(m: &Migration) -> String {
    let mut h = Sha256::new();
    for (name, bytes) in m.sealed_files() {
        h.update(name.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    hex(&h.finalize())
}

fn chain_hash(prev: &str, name: &str, content: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update(content.as_bytes());
    hex(&h.finalize())
}

impl SumFile {
    /// Seal migrations as they are now.
    pub fn compute(migrations: &[Migration]) -> SumFile {
        SumFile::compute_all(migrations)
    }

    /// [`SumFile::compute`] over migrations that are not in one slice.
    pub fn compute_all<'m>(migrations: impl IntoIterator<Item = &'m Migration>) -> SumFile {
        let mut prev = String::new();
        let mut entries = Vec::new();
        for m in migrations {
            let content = content_hash(m);
            let chain = chain_hash(&prev, &m.dir_name, &content);
            prev = chain.clone();
            entries.push(SumEntry { name: m.dir_name.clone(), content, chain });
        }
        SumFile { entries }
    }

    /// This sum with `m` sealed after its last entry.
    pub fn append(mut self, m: &Migration) -> SumFile {
        let prev = self.entries.last().map_or("", |e| e.chain.as_str());
        let content = content_hash(m);
        let chain = chain_hash(prev, &m.dir_name, &content);
        self.entries.push(SumEntry { name: m.dir_name.clone(), content, chain });
        self
    }

    pub fn parse(text: &str) -> Result<SumFile, SumError> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if ["<<<<<<<", "=======", ">>>>>>>", "|||||||"].iter().any(|m| line.starts_with(m)) {
                return Err(SumError::Conflict { line: i + 1 });
            }
            let parts: Vec<&str> = line.split_whitespace().collect();
            let malformed =
                |message: &str| SumError::Malformed { line: i + 1, message: message.into() };
            let [name, content, chain] = parts.as_slice() else {
                return Err(malformed("expected `<migration> h1:<content> c1:<chain>`"));
            };
            let content = content
                .strip_prefix("h1:")
                .ok_or_else(|| malformed("content hash must start with h1:"))?;
            let chain = chain
                .strip_prefix("c1:")
                .ok_or_else(|| malformed("chain hash must start with c1:"))?;
            let is_hash = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
            if !is_hash(content) || !is_hash(chain) {
                return Err(malformed("hashes must be 64 hex digits"));
            }
            entries.push(SumEntry {
                name: name.to_string(),
                content: content.into(),
                chain: chain.into(),
            });
        }
        Ok(SumFile { entries })
    }

    /// Check the folder against this sum; the first problem found, in the
    /// order a user should fix them.
    pub fn verify(&self, migrations: &[Migration]) -> Result<(), SumError> {
        check_versions(migrations)?;
        let fresh = SumFile::compute(migrations);
        let on_disk: Vec<&str> = migrations.iter().map(|m| m.dir_name.as_str()).collect();
        let sealed: Vec<&str> = self.entries.iter().map(|e| e.name.as_str()).collect();
        let gone: Vec<&SumEntry> =
            self.entries.iter().filter(|e| !on_disk.contains(&e.name.as_str())).collect();
        let new: Vec<&SumEntry> =
            fresh.entries.iter().filter(|e| !sealed.contains(&e.name.as_str())).collect();
        for g in &gone {
            if let Some(n) = new.iter().find(|n| n.content == g.content) {
                return Err(SumError::Renamed { from: g.name.clone(), to: n.name.clone() });
            }
        }
        if let Some(g) = gone.first() {
            return Err(SumError::Removed { name: g.name.clone() });
        }
        if let Some(n) = new.first() {
            return Err(SumError::Unsealed { name: n.name.clone() });
        }
        for (e, f) in self.entries.iter().zip(&fresh.entries) {
            if e.content != f.content {
                return Err(SumError::Edited { name: e.name.clone() });
            }
            if e.chain != f.chain {
                return Err(SumError::Tampered { name: e.name.clone() });
            }
        }
        Ok(())
    }
}

/// Two migrations with one version (two branches each added one): found
/// before the sum file is read, as the merged sum file may not parse.
pub fn check_versions(migrations: &[Migration]) -> Result<(), SumError> {
    for w in migrations.windows(2) {
        if w[0].version == w[1].version {
            return Err(SumError::DuplicateVersion {
                version: w[0].version,
                first: w[0].dir_name.clone(),
                second: w[1].dir_name.clone(),
            });
        }
    }
    Ok(())
}

impl fmt::Display for SumFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(HEADER)?;
        for e in &self.entries {
            writeln!(f, "{} h1:{} c1:{}", e.name, e.content, e.chain)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn checksums_are_lower_case_hex_sha256() {
        assert_eq!(
            crate::apply::checksum("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(super::hex(&[0, 9, 10, 255]), "00090aff");
    }
}
