//! Receipts for reports linked to an earlier case: a code of their own for the same case.

use super::{CaseRow, CASE_COLUMNS};
use crate::{Conn, StoreError};
use sqlx::AnyPool;

/// Gives a linked report its own code for the case it joined; `reported_by` is who reported it
/// (a resident's username, `anonymous`, `open311:…`).
pub async fn add_receipt(
    conn: &mut Conn,
    dispute_id: i64,
    code: &str,
    reported_by: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO dispute_receipts (code, dispute_id, reported_by, created_at) VALUES ($1, $2, $3, $4)",
    )
        .bind(code)
        .bind(dispute_id)
        .bind(reported_by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The case a receipt belongs to.
pub async fn by_receipt(pool: &AnyPool, code: &str) -> Result<Option<CaseRow>, StoreError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM disputes d JOIN dispute_receipts r ON r.dispute_id = d.id WHERE r.code = $1"
    );
    Ok(sqlx::query_as(&sql).bind(code).fetch_optional(pool).await?)
}

/// The cases one account reported, newest first, at most `limit`: those it created under their
/// own code, and those its report joined, under the receipt's code.
pub async fn reported_by(
    pool: &AnyPool,
    username: &str,
    limit: i64,
) -> Result<Vec<CaseRow>, StoreError> {
    let joined = CASE_COLUMNS
        .replacen("d.tracking_code", "r.code AS tracking_code", 1)
        .replacen("d.created_at", "r.created_at AS created_at", 1);
    let sql = format!(
        "SELECT * FROM (SELECT {CASE_COLUMNS} FROM disputes d WHERE d.created_by = $1 \
         UNION ALL SELECT {joined} FROM disputes d JOIN dispute_receipts r ON r.dispute_id = d.id \
         WHERE r.reported_by = $1) mine ORDER BY created_at DESC, id DESC LIMIT $2"
    );
    Ok(sqlx::query_as(&sql)
        .bind(username)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}
