//! Rate-limit counters shared by every node on one PostgreSQL: a fixed window per key, counted
//! by one upsert, so two nodes behind a load balancer allow what one would. (SQLite has one
//! node, which counts in memory: see `web::auth::limiter`.)

use crate::StoreError;
use sqlx::{AnyPool, Row};

/// Counts one event under each key and answers the keys' counts in their current windows,
/// with the instant each window began. A window older than `window_ms` starts again at one.
pub async fn hit(
    pool: &AnyPool,
    keys: &[&str],
    now: i64,
    window_ms: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let row = sqlx::query(
            "INSERT INTO rate_counts (key, count, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               count = CASE WHEN rate_counts.window_start <= $3 THEN 1 ELSE rate_counts.count + 1 END, \
               window_start = CASE WHEN rate_counts.window_start <= $3 THEN $2 ELSE rate_counts.window_start END \
             RETURNING count, window_start",
        )
        .bind(*key)
        .bind(now)
        .bind(now - window_ms)
        .fetch_one(pool)
        .await?;
        out.push((row.try_get("count")?, row.try_get("window_start")?));
    }
    Ok(out)
}

/// Drops counters whose window ended before `before`, so the table stays small.
pub async fn forget_before(pool: &AnyPool, before: i64) -> Result<u64, StoreError> {
    Ok(
        sqlx::query("DELETE FROM rate_counts WHERE window_start < $1")
            .bind(before)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}
