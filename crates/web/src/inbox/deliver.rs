//! Sending queued webhook deliveries: each body signed with HMAC-SHA256 under the webhook's
//! secret, retried with doubling waits, and moved to the dead-letter list after the last try,
//! where an administrator can replay it.

use crate::AppState;
use fengqiao_store::inbox::{self, DeliveryRow};
use fengqiao_store::{now_ms, StoreError};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

/// The signature header's value for a body: `sha256=` and the hex HMAC.
pub fn signature(secret: &str, body: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// When attempt `attempts` (already made) failed: the next try, or `None` when it is dead.
pub fn retry_at(now: i64, attempts: i64, base_ms: i64, max_attempts: i64) -> Option<i64> {
    (attempts < max_attempts)
        .then(|| now + base_ms.saturating_mul(1 << (attempts - 1).clamp(0, 20)))
}

async fn send(state: &AppState, client: &reqwest::Client, d: &DeliveryRow) -> Result<(), String> {
    // Names are checked by the client's resolver on every connection; an address written as
    // such never reaches a resolver, so it is checked here.
    let url = reqwest::Url::parse(&d.url).map_err(|_| "地址无效".to_owned())?;
    let host = url.host_str().unwrap_or_default();
    let literal = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .ok();
    if literal.is_some_and(|ip| !super::target::public(ip) && !super::target::allowed(&state.config, host)) {
        return Err("不能推送到本机、内网或保留地址".into());
    }
    // The reason of a failed connection is not shown: it would tell open ports from closed.
    let res = client
        .post(&d.url)
        .header("content-type", "application/json")
        .header("x-fengqiao-event", &d.event)
        .header("x-fengqiao-delivery", d.id.to_string())
        .header("x-fengqiao-signature", signature(&d.secret, &d.body))
        .body(d.body.clone())
        .send()
        .await
        .map_err(|_| "连接失败".to_owned())?;
    if res.status().is_success() {
        Ok(())
    } else {
        Err(format!("接收方返回 {}", res.status()))
    }
}

/// Sends every due delivery once; returns how many were attempted.
pub async fn run_once(state: &AppState) -> Result<usize, StoreError> {
    let due = inbox::due_deliveries(state.store.pool(), now_ms(), 100).await?;
    let n = due.len();
    if n == 0 {
        return Ok(0);
    }
    let client = client(&state.config).map_err(StoreError::Invalid)?;
    for d in due {
        let outcome = send(state, &client, &d).await;
        let now = now_ms();
        let next = match outcome {
            Ok(()) => None,
            Err(_) => retry_at(
                now,
                d.attempts + 1,
                state.config.webhook_retry_ms,
                state.config.webhook_max_attempts,
            ),
        };
        if let Err(e) = &outcome {
            tracing::warn!(delivery = d.id, url = %d.url, "webhook failed: {e}");
        }
        state
            .store
            .write(move |c| {
                Box::pin(async move {
                    inbox::record_attempt(
                        c,
                        d.id,
                        outcome.as_ref().map(|_| ()).map_err(String::as_str),
                        next,
                        now,
                    )
                    .await
                })
            })
            .await?;
    }
    Ok(n)
}

/// The HTTP client of the deliveries: short timeouts, no redirects followed, and a resolver
/// that never hands out an inward address (see [`super::target`]).
fn client(config: &crate::Config) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(super::target::GuardedResolver::new(config))
        .build()
        .map_err(|e| format!("webhook client unavailable: {e}"))
}

/// One pass over the due deliveries, as the scheduler runs it.
pub fn job(state: &AppState) -> fengqiao_store::BoxFuture<'_, Result<(), String>> {
    Box::pin(async move {
        run_once(state)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_the_hex_hmac_of_the_body() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn retries_double_then_stop() {
        assert_eq!(retry_at(0, 1, 100, 4), Some(100));
        assert_eq!(retry_at(0, 2, 100, 4), Some(200));
        assert_eq!(retry_at(0, 3, 100, 4), Some(400));
        assert_eq!(retry_at(0, 4, 100, 4), None);
    }
}
