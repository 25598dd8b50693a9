//! Read entries, written behind the answer. A read of personal data must be in the audit chain,
//! but its answer need not wait for the entry's commit: entries are queued here with the instant
//! of the read, and the writer appends whatever is queued at the start of every group it commits.
//! When nothing else is written, a tick sends it an empty job every [`FLUSH_EVERY`]; shutdown
//! flushes the same way. A process killed outright loses at most the entries of its last second
//! (docs/SECURITY.md); a write's own entry is never queued, it commits with the write.

use super::Entry;
use crate::{now_ms, Conn, StoreError};
use sqlx::Row;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// How long a read entry may wait for a group when nothing else is written; with the commit
/// after it, entries are durable within one second of the read.
pub const FLUSH_EVERY: Duration = Duration::from_millis(250);

/// Entries that wake the tick early.
const BATCH: usize = 256;

/// Entries past which a reader waits for the flush itself, so a stalled writer cannot let the
/// queue grow without bound.
pub(crate) const MOST_PENDING: usize = 20_000;

/// One queued read, owned, stamped when it happened.
#[derive(Debug, Clone)]
pub struct Pending {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub detail: String,
}

impl Pending {
    pub fn now(
        actor: &str,
        action: &str,
        record_type: &str,
        record_id: &str,
        detail: &str,
    ) -> Pending {
        // PostgreSQL refuses NUL in text; a queued entry it refused would hold up the queue.
        let clean = |s: &str| s.replace('\0', "\u{fffd}");
        Pending {
            at: now_ms(),
            actor: clean(actor),
            action: clean(action),
            record_type: clean(record_type),
            record_id: clean(record_id),
            detail: clean(detail),
        }
    }
}

/// Entries waiting for a group, and those in the group being committed.
#[derive(Default)]
struct Queue {
    pending: Vec<Pending>,
    in_flight: Vec<Pending>,
}

/// The queue of read entries not yet committed.
#[derive(Default)]
pub(crate) struct ReadLog {
    queue: Mutex<Queue>,
    pub(crate) wake: Arc<Notify>,
}

impl ReadLog {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        // Nothing panics while holding the lock, and a Vec is whole after any push: recover.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues one entry and answers how many are queued.
    pub(crate) fn push(&self, entry: Pending) -> usize {
        let queued = {
            let mut queue = self.lock();
            queue.pending.push(entry);
            queue.pending.len()
        };
        if queued >= BATCH {
            self.wake.notify_one();
        }
        queued
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.lock().pending.is_empty()
    }

    /// Everything queued, for the writer's next group; it stays visible to [`ReadLog::about`]
    /// until [`ReadLog::settle`].
    pub(crate) fn take(&self) -> Vec<Pending> {
        let mut queue = self.lock();
        let batch = std::mem::take(&mut queue.pending);
        queue.in_flight.clone_from(&batch);
        batch
    }

    /// The group carrying the taken entries ended: committed, or (`committed` false) not, and
    /// then they go back ahead of those queued since.
    pub(crate) fn settle(&self, committed: bool) {
        let mut queue = self.lock();
        let mut taken = std::mem::take(&mut queue.in_flight);
        if !committed {
            taken.append(&mut queue.pending);
            queue.pending = taken;
        }
    }

    /// Entries about one record not yet committed, newest first (a record's access log shows
    /// them at once).
    pub(crate) fn about(&self, record_type: &str, record_id: &str) -> Vec<Pending> {
        let queue = self.lock();
        queue
            .in_flight
            .iter()
            .chain(&queue.pending)
            .rev()
            .filter(|p| p.record_type == record_type && p.record_id == record_id)
            .cloned()
            .collect()
    }
}

/// Rows per INSERT statement (nine values each, well inside SQLite's limit on variables).
const ROWS_PER_INSERT: usize = 200;

/// Appends `entries` to the chain inside the writer's open group, in three statements for the
/// whole batch: the head moved by the batch's length, the rows, the head's new hash. The hashes
/// are chained here, in order, as [`super::append`] would one by one.
pub(crate) async fn append_all(conn: &mut Conn, entries: &[Pending]) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let n = i64::try_from(entries.len()).unwrap_or(i64::MAX);
    let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(n)
        .fetch_one(&mut *conn)
        .await?;
    let last: i64 = head.try_get("seq")?;
    let mut prev: String = head.try_get("hash")?;
    let mut rows = Vec::with_capacity(entries.len());
    for (i, p) in entries.iter().enumerate() {
        let seq = last - n + 1 + i64::try_from(i).unwrap_or(0);
        let entry = Entry {
            actor: &p.actor,
            action: &p.action,
            record_type: &p.record_type,
            record_id: &p.record_id,
            detail: &p.detail,
        };
        let hash = super::entry_hash(&prev, seq, p.at, &entry);
        rows.push((seq, p, std::mem::replace(&mut prev, hash.clone()), hash));
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO audit_log (seq, at, actor, action, record_type, record_id, detail, prev_hash, hash) VALUES {}",
            crate::dialect::values_rows(chunk.len(), 9)
        );
        let mut q = sqlx::query(&sql);
        for (seq, p, prev_hash, hash) in chunk {
            q = q
                .bind(*seq)
                .bind(p.at)
                .bind(p.actor.as_str())
                .bind(p.action.as_str())
                .bind(p.record_type.as_str())
                .bind(p.record_id.as_str())
                .bind(p.detail.as_str())
                .bind(prev_hash.as_str())
                .bind(hash.as_str());
        }
        q.execute(&mut *conn).await?;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
