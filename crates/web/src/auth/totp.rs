//! TOTP (RFC 6238) as a second factor: 6 digits, 30-second steps, one step of clock skew.
//! A code is good once: the caller records the step it matched and refuses that step again.

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

/// The 30-second step whose code `code` is, among the steps around `now_secs` (one either
/// side for clock skew); `None` when it matches none.
pub fn matching_step(secret_b32: &str, code: &str, now_secs: u64) -> Option<i64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret_b32)?;
    let now = now_secs / 30;
    [now.saturating_sub(1), now, now + 1]
        .into_iter()
        .find(|step| t.generate(step * 30) == code)
        .and_then(|step| i64::try_from(step).ok())
}

/// Seconds since the Unix epoch, the clock codes are checked against.
pub fn now_secs() -> u64 {
    u64::try_from(fengqiao_store::now_ms() / 1000).unwrap_or(0)
}

/// The code valid now (used by tests and by operators checking a device).
pub fn current(secret_b32: &str) -> Option<String> {
    totp(secret_b32)?.generate_current().ok()
}

/// The code of the step that contains `secs` (tests use the next step's code after the
/// current one was spent).
pub fn code_at(secret_b32: &str, secs: u64) -> Option<String> {
    Some(totp(secret_b32)?.generate(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_code_matches_its_step_and_a_wrong_one_none() {
        let s = new_secret();
        let now = now_secs();
        let code = current(&s).unwrap();
        let step = matching_step(&s, &code, now).unwrap();
        assert!((step - (now / 30) as i64).abs() <= 1);
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        assert_eq!(matching_step(&s, &wrong, now), None);
        assert_eq!(matching_step(&s, "12345", now), None);
        assert_eq!(matching_step(&s, &code, now + 300), None, "an old code is stale");
    }
}
