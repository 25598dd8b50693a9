//! Versions of data that changes seldom and is costly to sum up. Triggers bump a topic's
//! version in the same transaction as every change to its tables (migration
//! `202612101000_data_versions.sql`), so a summary computed at a version is exact for as long
//! as the version stands — on every node, since the version lives in the database — and
//! asking whether it still stands is one primary-key read. Unlike the one-second caches of
//! lists and maps, nothing kept here is ever stale.

use crate::{Conn, Store, StoreError};
use sqlx::{AnyPool, Row};
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
/// version only grows, so a sum moves whenever one of its versions does. One statement, one
/// row: a column pair per group, the sum and how many of its topics were found.
pub async fn sums(
    pool: &AnyPool,
    prefix: &str,
    groups: &[&[&str]],
) -> Result<Vec<Option<i64>>, StoreError> {
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.')
    };
    let mut columns = Vec::with_capacity(groups.len() * 2);
    for names in groups {
        if !plain(prefix) || !names.iter().all(|n| plain(n)) {
            return Err(StoreError::Invalid(format!(
                "topic names are lower-case letters, dots and underscores: {prefix} {names:?}"
            )));
        }
        let topics: Vec<String> = names.iter().map(|n| format!("'{prefix}{n}'")).collect();
        let within = match topics.is_empty() {
            true => "FALSE".to_owned(),
            false => format!("topic IN ({})", topics.join(", ")),
        };
        columns.push(format!(
            "CAST(COALESCE(SUM(CASE WHEN {within} THEN version ELSE 0 END), 0) AS BIGINT)"
        ));
        columns.push(format!(
            "CAST(COALESCE(SUM(CASE WHEN {within} THEN 1 ELSE 0 END), 0) AS BIGINT)"
        ));
    }
    if columns.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT {} FROM data_versions", columns.join(", "));
    let row = sqlx::query(&sql).fetch_one(pool).await?;
    groups
        .iter()
        .enumerate()
        .map(|(i, names)| {
            let sum: i64 = row.try_get(2 * i)?;
            let found: i64 = row.try_get(2 * i + 1)?;
            Ok((usize::try_from(found).ok() == Some(names.len())).then_some(sum))
        })
        .collect()
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
