//! In-memory rate limiting for public forms: events are counted per key and per address over
//! a sliding window; past the limit, further attempts are refused before any password check.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(15 * 60);
const PER_ACCOUNT: usize = 5;
const PER_ADDRESS: usize = 30;
const MAX_KEYS: usize = 50_000;

/// Counts recent events (sign-in failures, public submissions) per account name and address.
pub struct Limiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
    window: Duration,
    per_account: usize,
    per_address: usize,
}

impl Default for Limiter {
    /// 5 failures per key and 30 per address in 15 minutes.
    fn default() -> Self {
        Limiter::new(WINDOW, PER_ACCOUNT, PER_ADDRESS)
    }
}

impl Limiter {
    pub fn new(window: Duration, per_account: usize, per_address: usize) -> Limiter {
        Limiter {
            failures: Mutex::new(HashMap::new()),
            window,
            per_account,
            per_address,
        }
    }

    fn keys(&self, username: &str, ip: IpAddr) -> [(String, usize); 2] {
        [
            (
                format!("u:{}", username.trim().to_lowercase()),
                self.per_account,
            ),
            (format!("ip:{ip}"), self.per_address),
        ]
    }

    /// `Err(seconds)` when either key is over its limit: how long until one failure expires.
    pub fn check(&self, username: &str, ip: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for (key, limit) in self.keys(username, ip) {
            if let Some(q) = map.get_mut(&key) {
                while q
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > self.window)
                {
                    q.pop_front();
                }
                if q.len() >= limit {
                    let oldest = q.front().copied().unwrap_or(now);
                    return Err(WINDOW
                        .saturating_sub(now.duration_since(oldest))
                        .as_secs()
                        .max(1));
                }
            }
        }
        Ok(())
    }

    /// Counts one event (a failed sign-in, a public submission).
    pub fn record_failure(&self, username: &str, ip: IpAddr) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > MAX_KEYS {
            let window = self.window;
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) <= window));
        }
        for (key, _) in self.keys(username, ip) {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// A successful sign-in forgets the account's failures (not the address's).
    pub fn clear(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("u:{}", username.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_failure_for_an_account_is_refused_until_the_window_passes() {
        let l = Limiter::default();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..PER_ACCOUNT {
            assert!(l.check("gw001", ip).is_ok());
            l.record_failure("GW001", ip);
        }
        let wait = l.check("gw001", ip).unwrap_err();
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        assert!(l.check("someone-else", ip).is_ok());
        l.clear("gw001");
        assert!(l.check("gw001", ip).is_ok());
    }
}
