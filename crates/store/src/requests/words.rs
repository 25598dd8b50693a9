//! The words requests are found by, made afresh when the segmentation dictionary changes
//! (`fengqiao_core::text::SEGMENTATION`), as cases' are (`mediation::words`).

use crate::{dialect, Conn, StoreError};
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

/// Replaces requests' search words (and SQLite's full-text rows).
pub async fn set_words(conn: &mut Conn, rows: Vec<(i64, String)>) -> Result<(), StoreError> {
    let postgres = dialect::is_postgres(conn);
    for (id, words) in &rows {
        sqlx::query("UPDATE service_requests SET search_text = $1 WHERE id = $2")
            .bind(words)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        if !postgres {
            sqlx::query("UPDATE service_requests_fts SET search_text = $1 WHERE rowid = $2")
                .bind(words)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}
