//! TOTP (RFC 6238) as a second factor: 6 digits, 30-second steps, one step of clock skew.

use totp_rs::{Algorithm, Secret, TOTP};

fn totp(secret_b32: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_b32.to_owned()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes).ok()
}

/// A fresh 160-bit secret, base32-encoded as authenticator apps expect.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

/// The `otpauth://` URL an authenticator app scans.
pub fn otpauth_url(secret_b32: &str, username: &str) -> String {
    format!(
        "otpauth://totp/Fengqiao:{username}?secret={secret_b32}&issuer=Fengqiao&digits=6&period=30"
    )
}

/// Whether `code` is valid now for this secret.
pub fn check(secret_b32: &str, code: &str) -> bool {
    let code = code.trim();
    code.len() == 6 && totp(secret_b32).is_some_and(|t| t.check_current(code).unwrap_or(false))
}

/// The code valid now (used by tests and by operators checking a device).
pub fn current(secret_b32: &str) -> Option<String> {
    totp(secret_b32)?.generate_current().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_code_checks_and_a_wrong_one_does_not() {
        let s = new_secret();
        let code = current(&s).unwrap();
        assert!(check(&s, &code));
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        assert!(!check(&s, &wrong));
        assert!(!check(&s, "12345"));
    }
}
