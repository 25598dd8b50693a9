//! Change notices between nodes. Each node keeps caches (map drawings keyed by the store's
//! generation, the atlas); with several nodes on one PostgreSQL, a write on one must age the
//! caches of all. The writer of every node sends `NOTIFY fengqiao_changes` with each group that
//! changed something (delivered when it commits), naming its node; every node listens, and a
//! notice from another node bumps its generation and is passed on by topic ("write", "atlas").
//! SQLite has one node: nothing to send.

use sqlx::postgres::PgListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{broadcast, watch};

/// The channel every node listens on.
pub const CHANNEL: &str = "fengqiao_changes";

/// A notice's payload: the sending node and the topic.
pub(crate) fn payload(node: &str, topic: &str) -> String {
    format!("{node}:{topic}")
}

/// The statement that sends this node's notice about `topic`, for a group to send with its
/// BEGIN in one string. PostgreSQL takes several statements at once only without parameters,
/// so the payload is written into it: both parts must be letters, digits or underscores (the
/// node's name is hex, the topic a word), or there is no statement.
pub(crate) fn notify_statement(node: &str, topic: &str) -> Option<String> {
    let plain =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (plain(node) && plain(topic))
        .then(|| format!("SELECT pg_notify('{CHANNEL}', '{}')", payload(node, topic)))
}

/// Listens for other nodes' notices until the store is closed or dropped (`stop` says so).
pub(crate) async fn listen(
    url: String,
    node: String,
    generation: Arc<AtomicU64>,
    topics: broadcast::Sender<String>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        if *stop.borrow() {
            return;
        }
        let mut listener = match PgListener::connect(&url).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "change notices: cannot connect");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "change notices: cannot listen");
            continue;
        }
        // Notices sent while not listening are lost: treat the gap as a change.
        generation.fetch_add(1, Ordering::AcqRel);
        loop {
            let next = tokio::select! {
                n = listener.try_recv() => n,
                _ = stop.changed() => return,
            };
            match next {
                Ok(Some(n)) => {
                    let (from, topic) = n.payload().split_once(':').unwrap_or(("", "write"));
                    if from != node {
                        generation.fetch_add(1, Ordering::AcqRel);
                        let _ = topics.send(topic.to_owned());
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "change notices: connection lost");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_statement_is_written_only_from_plain_names() {
        assert_eq!(
            notify_statement("00ff12ab", "write").as_deref(),
            Some("SELECT pg_notify('fengqiao_changes', '00ff12ab:write')")
        );
        assert_eq!(notify_statement("a'b", "write"), None);
        assert_eq!(notify_statement("00ff", "write'); DROP TABLE x; --"), None);
        assert_eq!(notify_statement("", "write"), None);
    }
}
