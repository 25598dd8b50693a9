//! Sign-in failure counters, kept in the database so that a restart (or another node) does
//! not forget them. What the counts mean — delays, locks — is decided by the caller.

use crate::{Conn, StoreError};
use sqlx::{AnyPool, Row};

/// Failures counted under one key since `first_at`, the last at `last_at` (ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub failures: i64,
    pub first_at: i64,
    pub last_at: i64,
}

/// The counts of the given keys (missing keys count nothing).
pub async fn counts(pool: &AnyPool, keys: &[&str]) -> Result<Vec<Count>, StoreError> {
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let row =
            sqlx::query("SELECT failures, first_at, last_at FROM sign_in_failures WHERE key = $1")
                .bind(*key)
                .fetch_optional(pool)
                .await?;
        out.push(match row {
            Some(r) => Count {
                failures: r.try_get("failures")?,
                first_at: r.try_get("first_at")?,
                last_at: r.try_get("last_at")?,
            },
            None => Count::default(),
        });
    }
    Ok(out)
}

/// Counts one failure under `key`; a count whose last failure is older than `fresh_after`
/// starts again from one.
pub async fn record(
    conn: &mut Conn,
    key: &str,
    now: i64,
    fresh_after: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sign_in_failures (key, failures, first_at, last_at) VALUES ($1, 1, $2, $2) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN sign_in_failures.last_at < $3 THEN 1 ELSE sign_in_failures.failures + 1 END, \
           first_at = CASE WHEN sign_in_failures.last_at < $3 THEN $2 ELSE sign_in_failures.first_at END, \
           last_at = $2",
    )
    .bind(key)
    .bind(now)
    .bind(fresh_after)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets the counts of the given keys (after a successful sign-in).
pub async fn clear(conn: &mut Conn, keys: &[&str]) -> Result<(), StoreError> {
    for key in keys {
        sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
            .bind(*key)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Drops counts whose last failure is older than `before`, so the table stays small.
pub async fn forget_before(conn: &mut Conn, before: i64) -> Result<u64, StoreError> {
    Ok(
        sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1")
            .bind(before)
            .execute(&mut *conn)
            .await?
            .rows_affected(),
    )
}
