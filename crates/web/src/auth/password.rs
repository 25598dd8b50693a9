//! Password hashing with argon2id (the crate's default parameters), off the async threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Hashes many demo accounts' passwords, each with its own salt, with light argon2id
/// parameters (256 KiB, one pass) so that a district of a thousand accounts loads in a
/// moment. For generated demo and benchmark data only: a changed password gets the full
/// parameters of [`hash`], and verification reads the parameters from each hash.
pub fn hash_light_many(password: &str, n: usize) -> Result<Vec<String>, String> {
    let params = argon2::Params::new(256, 1, 1, None).map_err(|e| e.to_string())?;
    let argon = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    (0..n)
        .map(|_| {
            let salt = SaltString::generate(&mut OsRng);
            argon
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// Checks a password against a PHC string; a malformed hash never verifies.
pub fn verify(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so that an unknown user costs the
/// same time as a wrong password.
pub fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash("decoy-password-for-timing").unwrap_or_default())
}

/// Runs [`verify`] on the blocking pool.
pub async fn verify_async(phc: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&phc, &password))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("正确的密码").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "正确的密码"));
        assert!(!verify(&h, "wrong"));
        assert!(!verify("not a hash", "wrong"));
    }

    #[test]
    fn light_demo_hashes_differ_by_salt_and_verify() {
        let hs = hash_light_many("演示密码-2026", 3).unwrap();
        assert!(hs[0] != hs[1] && hs[1] != hs[2], "each has its own salt");
        assert!(hs.iter().all(|h| verify(h, "演示密码-2026") && !verify(h, "x")));
    }
}
