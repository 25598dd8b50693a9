//! The words requests are found by, made afresh when the segmentation dictionary changes
//! (`fengqiao_core::text::SEGMENTATION`), as cases' are (`mediation::words`).

use crate::StoreError;
use sqlx::{AnyPool, FromRow};

/// What a request's search words are made of.
#[derive(Debug, Clone, FromRow)]
pub struct RequestText {
    pub id: i64,
    pub service_code: String,
    pub description: String,
    pub address: String,
    pub region_path: String,
}

/// Up to `n` requests after `after`, by id.
pub async fn texts_after(
    pool: &AnyPool,
    after: i64,
    n: i64,
) -> Result<Vec<RequestText>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, service_code, description, address, region_path FROM service_requests \
         WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(n)
    .fetch_all(pool)
    .await?)
}
