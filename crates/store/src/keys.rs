//! The server key: one secret the operator keeps outside the database, in a file written by
//! `fengqiao keys init`. From it come the Ed25519 key that signs audit checkpoints and the key
//! that seals TOTP secrets, so a copy of the database alone can neither forge the audit trail
//! nor read anyone's second factor.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// Why a key file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("密钥文件 {0} 已存在,不会覆盖")]
    Exists(String),
    #[error("无法读写密钥文件 {path}:{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("密钥文件 {0} 格式不对")]
    Malformed(String),
}

/// The secret and what is derived from it.
pub struct ServerKey {
    seed: [u8; 32],
    signing: SigningKey,
    seal: XChaCha20Poly1305,
}

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServerKey({})", self.public_hex())
    }
}

fn derive(label: &str, seed: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(label.as_bytes());
    h.update(seed);
    h.finalize().into()
}

const SEALED_PREFIX: &str = "v1:";

impl ServerKey {
    /// A new random key.
    pub fn generate() -> ServerKey {
        ServerKey::from_seed(rand::random())
    }

    fn from_seed(seed: [u8; 32]) -> ServerKey {
        let signing = SigningKey::from_bytes(&derive("fengqiao/audit-signing/v1", &seed));
        let seal = XChaCha20Poly1305::new(&derive("fengqiao/seal/v1", &seed).into());
        ServerKey {
            seed,
            signing,
            seal,
        }
    }

    /// Writes a new key to `path` (readable by its owner only) and its public half to
    /// `path.pub`; an existing key is never overwritten.
    pub fn create(path: &Path) -> Result<ServerKey, KeyError> {
        let key = ServerKey::generate();
        let text = format!(
            "# 枫桥服务器密钥 / Fengqiao server key: keep it secret, keep a copy offline.\n\
             secret: {}\npublic: {}\n",
            hex::encode(key.seed),
            key.public_hex()
        );
        write_new(path, &text, 0o600)?;
        let public = format!("public: {}\n", key.public_hex());
        let pub_path = public_path(path);
        std::fs::write(&pub_path, public).map_err(|source| KeyError::Io {
            path: pub_path.display().to_string(),
            source,
        })?;
        Ok(key)
    }

    /// Reads a key file written by [`ServerKey::create`].
    pub fn load(path: &Path) -> Result<ServerKey, KeyError> {
        let text = read(path)?;
        let malformed = || KeyError::Malformed(path.display().to_string());
        let seed = field(&text, "secret").ok_or_else(malformed)?;
        let seed: [u8; 32] = hex::decode(seed)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(malformed)?;
        Ok(ServerKey::from_seed(seed))
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The public key in hex, as printed by `fengqiao keys init` and kept in `.pub` files.
    pub fn public_hex(&self) -> String {
        hex::encode(self.verifying_key().as_bytes())
    }

    pub fn sign(&self, message: &[u8]) -> String {
        hex::encode(self.signing.sign(message).to_bytes())
    }

    /// Encrypts a short secret for storage: `v1:` and the hex of nonce and ciphertext.
    pub fn seal(&self, plaintext: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encryption into a Vec fails only when allocation does; an empty seal never opens.
        let ct = self
            .seal
            .encrypt(&nonce, plaintext.as_bytes())
            .unwrap_or_default();
        format!("{SEALED_PREFIX}{}{}", hex::encode(nonce), hex::encode(ct))
    }

    /// Decrypts what [`ServerKey::seal`] wrote; `None` if it was altered or sealed by
    /// another key.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed.strip_prefix(SEALED_PREFIX)?).ok()?;
        if bytes.len() < 24 {
            return None;
        }
        let (nonce, ct) = bytes.split_at(24);
        let plain = self.seal.decrypt(XNonce::from_slice(nonce), ct).ok()?;
        String::from_utf8(plain).ok()
    }

    /// A keyed hash of a personal identifier (an ID number) under a key derived for `purpose`:
    /// equal identifiers give equal hashes, so records can be matched without keeping the
    /// identifier, and nobody without the server key can test guesses against them.
    pub fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        use hmac::Mac;
        let key = derive(&format!("fengqiao/keyed-hash/{purpose}"), &self.seed);
        match <hmac::Hmac<Sha256> as Mac>::new_from_slice(&key) {
            Ok(mut mac) => {
                mac.update(value.as_bytes());
                hex::encode(mac.finalize().into_bytes())
            }
            Err(_) => String::new(),
        }
    }

    /// Whether a stored value is sealed (values from before sealing are plain text).
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(SEALED_PREFIX)
    }
}

/// The public key from a key file or its `.pub` companion.
pub fn load_public(path: &Path) -> Result<VerifyingKey, KeyError> {
    let text = read(path)?;
    if field(&text, "secret").is_some() {
        return Ok(ServerKey::load(path)?.verifying_key());
    }
    field(&text, "public")
        .and_then(|h| hex::decode(h).ok())
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or_else(|| KeyError::Malformed(path.display().to_string()))
}

/// Checks a hex signature of `message` against a public key.
pub fn verify(public: &VerifyingKey, message: &[u8], signature_hex: &str) -> bool {
    hex::decode(signature_hex)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .is_some_and(|b| public.verify(message, &Signature::from_bytes(&b)).is_ok())
}

/// `key.pub` beside `key`.
pub fn public_path(path: &Path) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".pub");
    p.into()
}

fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim())
}

fn read(path: &Path) -> Result<String, KeyError> {
    std::fs::read_to_string(path).map_err(|source| KeyError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn write_new(path: &Path, text: &str, mode: u32) -> Result<(), KeyError> {
    let io = |source| KeyError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::Exists(path.display().to_string())
        } else {
            io(e)
        }
    })?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/fengqiao.key");
        let key = ServerKey::create(&path).unwrap();
        let again = ServerKey::load(&path).unwrap();
        assert_eq!(key.public_hex(), again.public_hex());
        assert_eq!(
            load_public(&public_path(&path)).unwrap(),
            key.verifying_key()
        );
        assert!(matches!(ServerKey::create(&path), Err(KeyError::Exists(_))));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_unaltered() {
        let (a, b) = (ServerKey::generate(), ServerKey::generate());
        let sealed = a.seal("JBSWY3DPEHPK3PXP");
        assert!(ServerKey::is_sealed(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(a.open(&sealed).as_deref(), Some("JBSWY3DPEHPK3PXP"));
        assert_eq!(b.open(&sealed), None);
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(a.open(&String::from_utf8(altered).unwrap()), None);
    }

    #[test]
    fn a_signature_checks_only_for_its_message_and_key() {
        let (a, b) = (ServerKey::generate(), ServerKey::generate());
        let sig = a.sign(b"seq 7");
        assert!(verify(&a.verifying_key(), b"seq 7", &sig));
        assert!(!verify(&a.verifying_key(), b"seq 8", &sig));
        assert!(!verify(&b.verifying_key(), b"seq 7", &sig));
        assert!(!verify(&a.verifying_key(), b"seq 7", "zz"));
    }
}
