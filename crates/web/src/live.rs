//! Live updates for pages that watch a record (an incident's log). Each node polls what was
//! written since it last looked and hands it to its own watchers, so a line written on any
//! node reaches watchers on every node; a watcher that reconnects names the last event it saw
//! and is sent what it missed from the database, not from memory.

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tokio::sync::{broadcast, watch};

/// Something written that watchers of `topic` should see.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    pub topic: String,
    pub id: i64,
    /// The event's JSON.
    pub data: String,
}

pub struct Hub {
    tx: broadcast::Sender<Arc<LiveEvent>>,
    /// The last log line passed on; -1 before the first poll.
    cursor: AtomicI64,
    closed: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        // Enough for a burst of lines while a slow watcher catches up; one that falls further
        // behind is told to reload.
        let (tx, _) = broadcast::channel(1024);
        Hub {
            tx,
            cursor: AtomicI64::new(-1),
            closed: watch::Sender::new(false),
        }
    }
}

impl Hub {
    pub fn publish(&self, event: LiveEvent) {
        // No watcher is not an error.
        let _ = self.tx.send(Arc::new(event));
    }

    pub fn cursor(&self) -> i64 {
        self.cursor.load(Ordering::Acquire)
    }

    pub fn set_cursor(&self, id: i64) {
        self.cursor.store(id, Ordering::Release);
    }

    /// Ends every stream, so that a stopping server is not held open by its watchers.
    pub fn close(&self) {
        let _ = self.closed.send(true);
    }

    /// How many are watching, across topics.
    pub fn watchers(&self) -> usize {
        self.tx.receiver_count()
    }

    /// A server-sent event stream of `topic`: first `missed` (read from the database), then —
    /// if `follow` — what is published, until the server stops or the watcher goes away. A
    /// record that can no longer change is not followed: its stream ends after `missed`.
    pub fn stream(
        &self,
        topic: String,
        missed: Vec<LiveEvent>,
        follow: bool,
    ) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
        let rx = self.tx.subscribe();
        let closed = self.closed.subscribe();
        let seen = missed.last().map_or(i64::MIN, |e| e.id);
        let first = stream::iter(missed.into_iter().map(|e| Ok(to_sse(&e))));
        let live = stream::unfold(
            (rx, closed, topic, seen),
            move |(mut rx, mut closed, topic, mut seen)| async move {
                loop {
                    if !follow || *closed.borrow() {
                        return None;
                    }
                    tokio::select! {
                        got = rx.recv() => match got {
                            Ok(e) if e.topic == topic && e.id > seen => {
                                seen = e.id;
                                let event = to_sse(&e);
                                return Some((Ok(event), (rx, closed, topic, seen)));
                            }
                            Ok(_) => continue,
                            Err(broadcast::error::RecvError::Lagged(_)) => {
                                let event = Event::default().event("reload").data("{}");
                                return Some((Ok(event), (rx, closed, topic, seen)));
                            }
                            Err(broadcast::error::RecvError::Closed) => return None,
                        },
                        _ = closed.changed() => return None,
                    }
                }
            },
        );
        Sse::new(stream::StreamExt::chain(first, live)).keep_alive(KeepAlive::default())
    }
}

fn to_sse(e: &LiveEvent) -> Event {
    Event::default()
        .id(e.id.to_string())
        .event("entry")
        .data(e.data.clone())
}
