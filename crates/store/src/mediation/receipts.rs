//! Receipts for reports linked to an earlier case: a code of their own for the same case.

use super::{CaseRow, CASE_COLUMNS};
use crate::{Conn, StoreError};
use sqlx::AnyPool;

/// Gives a linked report its own code for the case it joined.
pub async fn add_receipt(
    conn: &mut Conn,
    dispute_id: i64,
    code: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO dispute_receipts (code, dispute_id, created_at) VALUES ($1, $2, $3)")
        .bind(code)
        .bind(dispute_id)
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
