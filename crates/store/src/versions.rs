//! Versions of data that changes seldom and is costly to sum up. Triggers bump a topic's
//! version in the same transaction as every change to its tables (migration
//! `202612101000_data_versions.sql`), so a summary computed at a version is exact for as long
//! as the version stands — on every node, since the version lives in the database — and
//! asking whether it still stands is one primary-key read. Unlike the one-second caches of
//! lists and maps, nothing kept here is ever stale.

use crate::{Conn, Store, StoreError};
use sqlx::AnyPool;
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

/// What the forces' coverage scorecard reads: teams and their members, facilities, cameras,
/// staff accounts, regions and the mandates.
pub const FORCES: &str = "forces";

/// What the four lists read, one version per table: `lists.` and the table's name, for every
/// table but the logs and keys (migration `202612161000_lists_versions_by_table.sql`).
pub const LISTS: &str = "lists.";

/// Entries past which the memo starts afresh: one per scope asked (a district has a few
/// hundred regions with people who look at them), each a scope's summary.
const MEMO_ENTRIES: usize = 512;

/// Summaries by topic and key, with the topic's version they were computed at.
pub(crate) type Memo = HashMap<(&'static str, String), (i64, Arc<dyn Any + Send + Sync>)>;

/// The topic's current version.
pub async fn version(pool: &AnyPool, topic: &str) -> Result<i64, StoreError> {
    let v: Option<(i64,)> = sqlx::query_as("SELECT version FROM data_versions WHERE topic = $1")
        .bind(topic)
        .fetch_optional(pool)
        .await?;
    v.map(|(v,)| v)
        .ok_or_else(|| StoreError::Invalid(format!("no data version kept for {topic}")))
}

/// For each group of names, the sum of the versions of the topics `prefix` + name (e.g.
/// [`LISTS`] and the tables a list's part reads), or `None` where a name has no topic. Each
/// version only grows, so a sum moves whenever one of its versions does. One statement: the
/// groups' names as a list of constant rows, each found by the primary key (about 30 µs on
/// SQLite for nineteen groups, where a column of `CASE`s per group took 200 µs).
pub async fn sums(
    pool: &AnyPool,
    prefix: &str,
    groups: &[&[&str]],
) -> Result<Vec<Option<i64>>, StoreError> {
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.')
    };
    let mut names = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        for name in group.iter() {
            if !plain(prefix) || !plain(name) {
                return Err(StoreError::Invalid(format!(
                    "topic names are lower-case letters, dots and underscores: {prefix}{name}"
                )));
            }
            names.push(format!("({i}, '{prefix}{name}')"));
        }
    }
    let mut out: Vec<Option<i64>> = groups.iter().map(|g| g.is_empty().then_some(0)).collect();
    if names.is_empty() {
        return Ok(out);
    }
    // SQLite and PostgreSQL both name a VALUES list's columns column1, column2, ….
    let sql = format!(
        "SELECT CAST(g.column1 AS BIGINT), CAST(COALESCE(SUM(v.version), 0) AS BIGINT), \
         COUNT(v.topic) FROM (VALUES {}) g LEFT JOIN data_versions v ON v.topic = g.column2 \
         GROUP BY g.column1",
        names.join(", ")
    );
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(&sql).fetch_all(pool).await?;
    for (group, sum, found) in rows {
        let Ok(g) = usize::try_from(group) else {
            continue;
        };
        if let (Some(names), Some(slot)) = (groups.get(g), out.get_mut(g)) {
            *slot = (usize::try_from(found).ok() == Some(names.len())).then_some(sum);
        }
    }
    Ok(out)
}

/// Sets a topic's version where the application, not a trigger, keeps it (the segmentation
/// stored search words were made with).
pub async fn set(conn: &mut Conn, topic: &str, version: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE data_versions SET version = $1 WHERE topic = $2")
        .bind(version)
        .bind(topic)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// `compute`'s answer for `key`, computed again only when `topic`'s version has moved since.
/// The version is read before computing: a change that lands while `compute` reads moves the
/// version past the one the answer is kept under, so the next call computes again.
pub async fn memo<T, F, Fut>(
    store: &Store,
    topic: &'static str,
    key: &str,
    compute: F,
) -> Result<Arc<T>, StoreError>
where
    T: Send + Sync + 'static,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, StoreError>>,
{
    let at = version(store.pool(), topic).await?;
    let memo_key = (topic, key.to_owned());
    let kept = store
        .memo
        .lock()
        .ok()
        .and_then(|m| m.get(&memo_key).cloned())
        .filter(|(v, _)| *v == at)
        .and_then(|(_, value)| value.downcast::<T>().ok());
    if let Some(value) = kept {
        return Ok(value);
    }
    let value = Arc::new(compute().await?);
    if let Ok(mut m) = store.memo.lock() {
        if m.len() >= MEMO_ENTRIES {
            m.clear();
        }
        let shared: Arc<dyn Any + Send + Sync> = value.clone();
        m.insert(memo_key, (at, shared));
    }
    Ok(value)
}
