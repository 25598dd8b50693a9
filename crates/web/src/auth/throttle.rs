//! How failed sign-ins slow further attempts down, without letting a stranger lock the owner
//! out. Failures are counted in the database under three keys: the (account, address) pair,
//! whose attempts wait longer and longer after the third failure; the account alone, locked
//! only after far more failures than one guesser makes (a spread-out attack); and the
//! address alone, for one address trying many accounts. The owner signing in from their own
//! address is held up by none of what a guesser elsewhere does, short of the account lock.

use crate::error::{ApiError, Code};
use crate::AppState;
use fengqiao_store::sign_in::{self, Count};
use fengqiao_store::now_ms;
use std::net::IpAddr;

/// Failures of a pair before the delays start.
const PAIR_FREE: i64 = 3;
/// The first delay, doubled with each further failure.
const FIRST_DELAY_MS: i64 = 5_000;
/// The longest delay between a pair's attempts.
const MAX_DELAY_MS: i64 = 15 * 60_000;
/// Failures of an account from everywhere before it is locked for [`LOCK_MS`].
const ACCOUNT_LOCK_AT: i64 = 100;
/// Failures from one address (over every account) before it waits [`LOCK_MS`].
const ADDRESS_LOCK_AT: i64 = 100;
const LOCK_MS: i64 = 15 * 60_000;
/// A pair's or an account's count starts again a day after its last failure; an address's
/// after a quarter of an hour.
const DAY_MS: i64 = 24 * 3_600_000;

/// The counter keys of one attempt.
struct Keys {
    pair: String,
    account: String,
    address: String,
}

impl Keys {
    fn new(username: &str, ip: IpAddr) -> Keys {
        let user = username.trim().to_lowercase();
        Keys {
            pair: format!("pair:{user}@{ip}"),
            account: format!("account:{user}"),
            address: format!("address:{ip}"),
        }
    }
}

/// Milliseconds the next attempt must wait, given the pair's, the account's and the
/// address's counts; 0 when it may go ahead.
pub fn wait_ms(pair: Count, account: Count, address: Count, now: i64) -> i64 {
    let pair_wait = if pair.failures >= PAIR_FREE && now - pair.last_at < DAY_MS {
        let doublings = u32::try_from(pair.failures - PAIR_FREE).unwrap_or(u32::MAX).min(20);
        let delay = (FIRST_DELAY_MS << doublings).min(MAX_DELAY_MS);
        pair.last_at + delay - now
    } else {
        0
    };
    let lock = |c: Count, at: i64| {
        if c.failures >= at {
            c.last_at + LOCK_MS - now
        } else {
            0
        }
    };
    pair_wait
        .max(lock(account, ACCOUNT_LOCK_AT))
        .max(lock(address, ADDRESS_LOCK_AT))
        .max(0)
}

/// 429 with Retry-After when this attempt must wait.
pub async fn check(state: &AppState, username: &str, ip: IpAddr) -> Result<(), ApiError> {
    let k = Keys::new(username, ip);
    let c = sign_in::counts(state.store.pool(), &[&k.pair, &k.account, &k.address]).await?;
    let wait = wait_ms(c[0], c[1], c[2], now_ms());
    if wait <= 0 {
        return Ok(());
    }
    let secs = u64::try_from(wait).unwrap_or(1000).div_ceil(1000).max(1);
    let when = if secs < 60 {
        format!("{secs} 秒")
    } else {
        format!("{} 分钟", secs.div_ceil(60))
    };
    let mut e = ApiError::new(
        Code::TooManyRequests,
        format!("登录失败次数过多,请 {when}后再试"),
    );
    e.retry_after = Some(secs);
    Err(e)
}

/// Counts a failed attempt under all three keys.
pub async fn failed(state: &AppState, username: &str, ip: IpAddr) -> Result<(), ApiError> {
    let k = Keys::new(username, ip);
    let now = now_ms();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                sign_in::record(c, &k.pair, now, now - DAY_MS).await?;
                sign_in::record(c, &k.account, now, now - DAY_MS).await?;
                sign_in::record(c, &k.address, now, now - LOCK_MS).await?;
                sign_in::forget_before(c, now - 2 * DAY_MS).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// The keys a successful sign-in clears (the pair and the account; not the address, which
/// may be guessing at other accounts).
pub fn cleared_by_success(username: &str, ip: IpAddr) -> [String; 2] {
    let k = Keys::new(username, ip);
    [k.pair, k.account]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(failures: i64, last_at: i64) -> Count {
        Count {
            failures,
            first_at: 0,
            last_at,
        }
    }

    #[test]
    fn a_pair_waits_longer_after_each_failure_past_the_third_up_to_fifteen_minutes() {
        let none = Count::default();
        let now = 10 * DAY_MS;
        assert_eq!(wait_ms(count(2, now), none, none, now), 0);
        let waits: Vec<i64> = (3..=20)
            .map(|n| wait_ms(count(n, now), none, none, now))
            .collect();
        assert_eq!(&waits[..4], &[5_000, 10_000, 20_000, 40_000]);
        assert!(waits.windows(2).all(|w| w[1] >= w[0]), "never shrinks");
        assert_eq!(*waits.last().unwrap(), MAX_DELAY_MS);
        assert_eq!(wait_ms(count(5, now - 20_000), none, none, now), 0, "the delay passes");
        assert_eq!(
            wait_ms(count(50, now - DAY_MS - 1), none, none, now),
            0,
            "a day later the pair starts afresh"
        );
    }

    #[test]
    fn the_owner_elsewhere_is_not_locked_out_by_a_guesser_short_of_the_account_lock() {
        let now = 10 * DAY_MS;
        let owner_pair = Count::default();
        // Ninety-nine failures against the account from other addresses.
        assert_eq!(wait_ms(owner_pair, count(99, now), Count::default(), now), 0);
        assert_eq!(
            wait_ms(owner_pair, count(ACCOUNT_LOCK_AT, now), Count::default(), now),
            LOCK_MS
        );
        assert_eq!(
            wait_ms(owner_pair, Count::default(), count(ADDRESS_LOCK_AT, now), now),
            LOCK_MS
        );
    }
}
