//! Residents' ratings of how their dispute or request was handled (满意度), one per tracking
//! code, summed per region for assessment.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::AnyPool;

/// Stores a rating; `false` when this tracking code was already rated.
pub async fn add(
    conn: &mut Conn,
    tracking_code: &str,
    kind: &str,
    region_path: &str,
    stars: i64,
    comment: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT stars FROM resident_ratings WHERE tracking_code = $1")
            .bind(tracking_code)
            .fetch_optional(&mut *conn)
            .await?;
    if exists.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO resident_ratings (tracking_code, kind, region_path, stars, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tracking_code)
    .bind(kind)
    .bind(region_path)
    .bind(stars)
    .bind(comment)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// The rating given for a tracking code, if any.
pub async fn of(pool: &AnyPool, tracking_code: &str) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT stars FROM resident_ratings WHERE tracking_code = $1")
            .bind(tracking_code)
            .fetch_optional(pool)
            .await?,
    )
}

/// Per grid under a scope, ratings given in `[from, to)`: (grid path, count, sum of stars).
pub async fn by_grid(
    pool: &AnyPool,
    scope_path: &str,
    from: i64,
    to: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(
        "SELECT region_path, COUNT(*), CAST(SUM(stars) AS BIGINT) FROM resident_ratings \
         WHERE region_path >= $1 AND region_path < $2 AND created_at >= $3 AND created_at < $4 \
         GROUP BY region_path",
    )
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}
