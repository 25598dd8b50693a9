//! Rate limiting for public forms: events are counted per key and per address; past the limit,
//! further attempts are refused before any work is done. One node (SQLite) counts in memory over
//! a sliding window; on PostgreSQL [`Limiter::take`] counts in the database over a fixed window
//! (`store::rate`), so every node behind a load balancer sees the same counts.

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
    /// Names the limiter's keys in the shared counters.
    name: &'static str,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
    window: Duration,
    per_account: usize,
    per_address: usize,
}

impl Default for Limiter {
    /// 5 failures per key and 30 per address in 15 minutes.
    fn default() -> Self {
        Limiter::new("default", WINDOW, PER_ACCOUNT, PER_ADDRESS)
    }
}

impl Limiter {
    pub fn new(
        name: &'static str,
        window: Duration,
        per_account: usize,
        per_address: usize,
    ) -> Limiter {
        Limiter {
            name,
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
                    return Err(self
                        .window
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

    /// Checks and counts one event in one step: `Err(seconds to wait)` when the key or the
    /// address is over its limit. Shared by all nodes on PostgreSQL, in memory on SQLite.
    pub async fn take(
        &self,
        store: &fengqiao_store::Store,
        key: &str,
        ip: IpAddr,
    ) -> Result<Result<(), u64>, fengqiao_store::StoreError> {
        if store.backend() == fengqiao_store::Backend::Sqlite {
            let allowed = self.check(key, ip);
            if allowed.is_ok() {
                self.record_failure(key, ip);
            }
            return Ok(allowed);
        }
        let window_ms = i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX);
        let now = fengqiao_store::now_ms();
        let keys = self.keys(key, ip);
        let named: Vec<String> = keys
            .iter()
            .map(|(k, _)| format!("{}:{k}", self.name))
            .collect();
        let refs: Vec<&str> = named.iter().map(String::as_str).collect();
        let counts = fengqiao_store::rate::hit(store.pool(), &refs, now, window_ms).await?;
        for ((_, limit), (count, start)) in keys.iter().zip(counts) {
            if count > i64::try_from(*limit).unwrap_or(i64::MAX) {
                let wait_ms = (start + window_ms - now).max(1_000);
                return Ok(Err(u64::try_from(wait_ms / 1_000).unwrap_or(1)));
            }
        }
        Ok(Ok(()))
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
