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
