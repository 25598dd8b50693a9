//! SQLite's write-ahead log, copied back into the database file beside the writer.
//!
//! By default SQLite checkpoints inside the commit that grows the log past 1,000 pages: the
//! writer then copies megabytes into the database file and syncs it while every job of the
//! next group waits. This task checkpoints every fifth of a second on its own connection
//! instead: in WAL mode a passive checkpoint runs beside the writer and the readers and never
//! waits for them. Durability is unchanged: a commit is safe once the log is synced.
//!
//! The log only starts again from its beginning when a write begins with every frame already
//! copied, which under steady writes happens only right after a checkpoint in the writer
//! itself. So the writer still checkpoints, but at four times SQLite's size: by then the task
//! has copied nearly all of it, and the writer's share is the last few frames.

use sqlx::{AnyConnection, Executor};
use std::time::Duration;

/// SQLite's own threshold, in pages, kept by the connections that do not write.
pub(crate) const SQLITE_AUTOCHECKPOINT: u32 = 1_000;
/// The writer's threshold (16 MB of 4 KiB pages): it bounds the log's size.
pub(crate) const WRITER_AUTOCHECKPOINT: u32 = 4_000;

/// How often the log is copied back. Under intake alone the log grows by about 15 MB in this
/// time; the pause bounds the log's size and the reads it costs to find a page in it.
const PAUSE: Duration = Duration::from_millis(200);

/// Checkpoints until told to stop (or until the store is dropped).
pub(crate) async fn checkpoint(
    mut conn: AnyConnection,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            () = tokio::time::sleep(PAUSE) => {}
        }
        if let Err(e) = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").await {
            tracing::warn!(error = %e, "write-ahead log: checkpoint failed");
        }
    }
}
