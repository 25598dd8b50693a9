//! The photos residents attach to a hazard or need.

use crate::{Conn, StoreError};
use sqlx::AnyPool;

/// Stores a photo with a request; returns its id.
pub async fn add_photo(
    conn: &mut Conn,
    id: i64,
    content_type: &str,
    data: &[u8],
    by: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO request_photos (request_id, content_type, size, data, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(id)
    .bind(content_type)
    .bind(data.len() as i64)
    .bind(data)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// The ids of a request's photos, oldest first.
pub async fn photo_ids(pool: &AnyPool, id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM request_photos WHERE request_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(pool)
            .await?,
    )
}

/// A photo's type and bytes, if it belongs to the request.
pub async fn photo(
    pool: &AnyPool,
    id: i64,
    photo: i64,
) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT content_type, data FROM request_photos WHERE request_id = $1 AND id = $2",
    )
    .bind(id)
    .bind(photo)
    .fetch_optional(pool)
    .await?)
}
