//! Counsellors' note keys. Each counsellor has a random key of their own; it is kept in the
//! database only sealed by the server key (so a dump alone opens nothing), and notes are
//! encrypted under it with the appointment they belong to as associated data (so a note
//! copied onto another appointment does not open either).

use crate::keys::ServerKey;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

const PREFIX: &str = "n1:";

/// One counsellor's key, opened.
pub struct NoteKey(XChaCha20Poly1305);

impl NoteKey {
    /// A new key, and its sealed form for storage.
    pub fn generate(server: &ServerKey) -> (NoteKey, String) {
        let raw: [u8; 32] = rand::random();
        let sealed = server.seal(&hex::encode(raw));
        (NoteKey(XChaCha20Poly1305::new(&raw.into())), sealed)
    }

    /// Opens a stored key; `None` if it was sealed by another server key or altered.
    pub fn open(server: &ServerKey, sealed: &str) -> Option<NoteKey> {
        let raw: [u8; 32] = hex::decode(server.open(sealed)?).ok()?.try_into().ok()?;
        Some(NoteKey(XChaCha20Poly1305::new(&raw.into())))
    }

    /// Encrypts a note bound to `context` (e.g. `appointment:12`).
    pub fn seal(&self, context: &str, text: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ct = self
            .0
            .encrypt(
                &nonce,
                Payload {
                    msg: text.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .unwrap_or_default();
        format!("{PREFIX}{}{}", hex::encode(nonce), hex::encode(ct))
    }

    /// Decrypts what [`NoteKey::seal`] wrote for the same context.
    pub fn open_note(&self, context: &str, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed.strip_prefix(PREFIX)?).ok()?;
        if bytes.len() < 24 {
            return None;
        }
        let (nonce, ct) = bytes.split_at(24);
        let plain = self
            .0
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: context.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_opens_only_with_its_counsellors_key_and_its_own_context() {
        let server = ServerKey::generate();
        let (key, sealed_key) = NoteKey::generate(&server);
        let note = key.seal("appointment:1", "来访者情绪低落,约定下周复诊");
        assert!(!note.contains("情绪"));
        let reopened = NoteKey::open(&server, &sealed_key).expect("the stored key opens");
        assert_eq!(
            reopened.open_note("appointment:1", &note).as_deref(),
            Some("来访者情绪低落,约定下周复诊")
        );
        assert_eq!(
            reopened.open_note("appointment:2", &note),
            None,
            "bound to its appointment"
        );
        let (other, _) = NoteKey::generate(&server);
        assert_eq!(
            other.open_note("appointment:1", &note),
            None,
            "another counsellor's key"
        );
        assert!(
            NoteKey::open(&ServerKey::generate(), &sealed_key).is_none(),
            "another server's key"
        );
    }
}
