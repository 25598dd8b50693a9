//! What makes a new password acceptable: at least ten characters, not the account name, not
//! one character repeated, and not one of the passwords leak lists start with.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The shortest password accepted, in characters.
pub const MIN_CHARS: usize = 10;

fn common() -> &'static HashSet<String> {
    static COMMON: OnceLock<HashSet<String>> = OnceLock::new();
    COMMON.get_or_init(|| {
        include_str!("common-passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

/// `Err` with the reason, in words for the person choosing it.
pub fn acceptable(password: &str, username: &str) -> Result<(), String> {
    let lower = password.to_lowercase();
    if password.chars().count() < MIN_CHARS {
        return Err(format!("新密码至少 {MIN_CHARS} 个字符"));
    }
    if lower.contains(&username.to_lowercase()) && !username.is_empty() {
        return Err("新密码不能包含用户名".into());
    }
    let mut chars = password.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err("新密码不能是同一个字符重复".into());
    }
    if common().contains(&lower) {
        return Err("这个密码太常见,很容易被猜中,请换一个".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_repeated_or_name_bearing_passwords_are_refused() {
        assert!(acceptable("short1", "gw0001").unwrap_err().contains("10"));
        assert!(acceptable("Password123", "gw0001").unwrap_err().contains("常见"));
        assert!(acceptable("woaini1314", "gw0001").is_err());
        assert!(acceptable("aaaaaaaaaaaa", "gw0001").is_err());
        assert!(acceptable("my-gw0001-pass", "gw0001").unwrap_err().contains("用户名"));
        assert!(acceptable("渭河边的枫桥经验好", "gw0001").is_err(), "9 characters");
        assert!(acceptable("渭河边的枫桥经验真好", "gw0001").is_ok());
        assert!(acceptable("correct horse battery", "gw0001").is_ok());
    }

    #[test]
    fn the_demo_password_is_on_the_list() {
        assert!(acceptable("fengqiao-demo-2026", "x").is_err());
    }
}
