//! Which node runs the background work that must run once (the deadline sweeper, the webhook
//! deliverer, releasing bookings). With several `fengqiao serve` processes on one PostgreSQL,
//! the leader is whoever holds a session-level advisory lock on a connection of its own: when
//! that process dies its connection closes, PostgreSQL releases the lock, and another node takes
//! it at its next try ([`TRY_EVERY`]). On SQLite there is one node, always the leader.

use crate::{Backend, Store};
use sqlx::{AnyConnection, Connection, Row};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The advisory lock's key: "fqjobs" in ASCII.
const LOCK_KEY: i64 = 0x6671_6a6f_6273;

/// How often a follower tries the lock and a leader checks that its connection still holds it.
pub const TRY_EVERY: Duration = Duration::from_secs(1);

/// Whether this node leads now; shared with the jobs that ask.
#[derive(Clone, Default)]
pub struct Leadership(Arc<AtomicBool>);

impl Leadership {
    pub fn is_leader(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    fn set(&self, leading: bool) {
        if self.0.swap(leading, Ordering::AcqRel) != leading {
            tracing::info!(leading, "background jobs leadership changed");
        }
    }

    /// Takes and keeps the lead for as long as the returned future runs (abort it to step down:
    /// its connection is dropped and the lock with it).
    pub async fn campaign(self, store: Store) {
        if store.backend() == Backend::Sqlite {
            self.set(true);
            return std::future::pending().await;
        }
        loop {
            match AnyConnection::connect(store.url()).await {
                Ok(conn) => self.hold(conn).await,
                Err(e) => tracing::warn!(error = %e, "leadership: cannot connect"),
            }
            self.set(false);
            tokio::time::sleep(TRY_EVERY).await;
        }
    }

    /// Tries the lock until taken, then checks every tick that the session holding it is alive;
    /// returns when the connection fails.
    async fn hold(&self, mut conn: AnyConnection) {
        loop {
            // A session keeps its advisory lock until it ends, so a leader only checks that its
            // session is alive.
            let held = if self.is_leader() {
                sqlx::query("SELECT 1")
                    .execute(&mut conn)
                    .await
                    .map(|_| true)
            } else {
                sqlx::query("SELECT pg_try_advisory_lock($1) AS taken")
                    .bind(LOCK_KEY)
                    .fetch_one(&mut conn)
                    .await
                    .and_then(|r| r.try_get::<bool, _>("taken"))
            };
            match held {
                Ok(held) => self.set(held),
                Err(e) => {
                    tracing::warn!(error = %e, "leadership: connection lost");
                    return;
                }
            }
            tokio::time::sleep(TRY_EVERY).await;
        }
    }
}
