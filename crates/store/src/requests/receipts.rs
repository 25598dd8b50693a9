//! Receipts for reports linked to an earlier request: a code of their own for the same one.

use super::{RequestRow, COLUMNS};
use crate::{Conn, StoreError};
use sqlx::AnyPool;

/// Gives a linked report its own code for the request it joined.
pub async fn add_receipt(
    conn: &mut Conn,
    request_id: i64,
    code: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO request_receipts (code, request_id, created_at) VALUES ($1, $2, $3)")
        .bind(code)
        .bind(request_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The request a receipt belongs to.
pub async fn by_receipt(pool: &AnyPool, code: &str) -> Result<Option<RequestRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_requests r JOIN request_receipts x ON x.request_id = r.id WHERE x.code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await?)
}
