//! Receipts for reports linked to an earlier request: a code of their own for the same one.

use super::{RequestRow, COLUMNS};
use crate::{Conn, StoreError};
use sqlx::AnyPool;

/// Gives a linked report its own code for the request it joined; `reported_by` is who reported
/// it (a resident's username, `anonymous`, `open311:…`).
pub async fn add_receipt(
    conn: &mut Conn,
    request_id: i64,
    code: &str,
    reported_by: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO request_receipts (code, request_id, reported_by, created_at) VALUES ($1, $2, $3, $4)",
    )
        .bind(code)
        .bind(request_id)
        .bind(reported_by)
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

/// The hazards and needs one account reported, newest first, at most `limit`: those it created
/// under their own code, and those its report joined, under the receipt's code.
pub async fn reported_by(
    pool: &AnyPool,
    username: &str,
    limit: i64,
) -> Result<Vec<RequestRow>, StoreError> {
    let joined = COLUMNS
        .replacen("r.tracking_code", "x.code AS tracking_code", 1)
        .replacen("r.created_at", "x.created_at AS created_at", 1);
    Ok(sqlx::query_as(&format!(
        "SELECT * FROM (SELECT {COLUMNS} FROM service_requests r WHERE r.created_by = $1 \
         UNION ALL SELECT {joined} FROM service_requests r JOIN request_receipts x \
         ON x.request_id = r.id WHERE x.reported_by = $1) mine \
         ORDER BY created_at DESC, id DESC LIMIT $2"
    ))
    .bind(username)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
