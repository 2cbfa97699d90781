//! Signed approvals: a reviewer signs [`crate::review::signed_text`] with
//! their SSH key (ed25519), in the SSHSIG format `ssh-keygen -Y sign -n
//! sluice` writes, and apply verifies it against the public key sluice.toml
//! lists for that reviewer. A signature binds the migration's folder name,
//! the checksum of its up.sql, the reviewer and the time: it cannot be moved
//! to another migration, another reviewer, or an edited up.sql.

use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use std::path::Path;

/// The SSHSIG namespace of sluice's signatures.
pub const NAMESPACE: &str = "sluice";

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("{path}: {message}")]
    Key { path: String, message: String },
    #[error("public key of reviewer `{who}` in sluice.toml: {message}")]
    PublicKey { who: String, message: String },
    #[error("signature: {0}")]
    Signature(String),
}

/// Sign `text` with the OpenSSH private key at `key_path`.
pub fn sign(key_path: &Path, text: &str) -> Result<String, SignError> {
    let key_err =
        |message: String| SignError::Key { path: key_path.display().to_string(), message };
    let pem = std::fs::read_to_string(key_path).map_err(|e| key_err(e.to_string()))?;
    let key = PrivateKey::from_openssh(&pem)
        .map_err(|e| key_err(format!("not an OpenSSH private key ({e})")))?;
    if key.is_encrypted() {
        return Err(key_err(
            "the key is protected by a passphrase; sign with `ssh-keygen -Y sign -n sluice -f KEY FILE` and pass the signature with --signature FILE".into(),
        ));
    }
    let sig = key
        .sign(NAMESPACE, HashAlg::Sha512, text.as_bytes())
        .map_err(|e| key_err(e.to_string()))?;
    sig.to_pem(LineEnding::LF).map_err(|e| SignError::Signature(e.to_string()))
}

/// Parse a reviewer's public key as written in sluice.toml
/// (`ssh-ed25519 AAAA... comment`).
pub fn public_key(who: &str, openssh: &str) -> Result<PublicKey, SignError> {
    PublicKey::from_openssh(openssh.trim())
        .map_err(|e| SignError::PublicKey { who: who.to_string(), message: e.to_string() })
}

/// Whether `signature` (armored SSHSIG) is `key`'s signature over `text`.
pub fn verify(key: &PublicKey, text: &str, signature: &str) -> Result<(), SignError> {
    let sig =
        SshSig::from_pem(signature.trim()).map_err(|e| SignError::Signature(e.to_string()))?;
    key.verify(NAMESPACE, text.as_bytes(), &sig).map_err(|e| SignError::Signature(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ssh_key::private::Ed25519Keypair;

    fn keypair(seed: u8) -> (PrivateKey, PublicKey) {
        let kp = Ed25519Keypair::from_seed(&[seed; 32]);
        let private = PrivateKey::from(kp);
        let public = private.public_key().clone();
        (private, public)
    }

    #[test]
    fn signatures_verify_only_for_the_signed_text_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let (private, public) = keypair(7);
        let key_path = dir.path().join("id_ed25519");
        std::fs::write(&key_path, private.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
        let sig = sign(&key_path, "approve 0001").unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----"), "{sig}");
        verify(&public, "approve 0001", &sig).unwrap();
        assert!(verify(&public, "approve 0002", &sig).is_err());
        let (_, other) = keypair(8);
        assert!(verify(&other, "approve 0001", &sig).is_err());
        let line = public.to_openssh().unwrap();
        assert_eq!(public_key("ann", &line).unwrap(), public);
        assert!(public_key("ann", "ssh-ed25519 nonsense").is_err());
    }
}
