//! Online applications for matters, each with its deadline in working days; on hold the
//! clock stops (the working days left are kept and counted again on resuming).

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct ApplicationRow {
    pub id: i64,
    pub tracking_code: String,
    pub matter_code: String,
    pub matter_name: String,
    pub applicant_name: String,
    pub applicant_phone: String,
    pub details: String,
    pub grid_code: String,
    pub region_path: String,
    pub status: String,
    pub due_at: i64,
    pub held_remaining: Option<i64>,
    pub hold_reason: String,
    pub reply: String,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "a.id, a.tracking_code, a.matter_code, m.name AS matter_name, a.applicant_name, a.applicant_phone, \
    a.details, a.grid_code, a.region_path, a.status, a.due_at, a.held_remaining, a.hold_reason, a.reply, a.created_by, \
    a.created_at, a.updated_at, a.finished_at";
const FROM: &str = "service_applications a JOIN service_matters m ON m.code = a.matter_code";

#[derive(Debug, Clone)]
pub struct NewApplication {
    pub tracking_code: String,
    pub matter_code: String,
    pub applicant_name: String,
    pub applicant_phone: String,
    pub details: String,
    pub grid_code: String,
    pub region_path: String,
    pub due_at: i64,
    pub created_by: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, a: &NewApplication) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO service_applications (tracking_code, matter_code, applicant_name, applicant_phone, details, grid_code, \
         region_path, status, due_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'received', $8, $9, $10, $10) RETURNING id",
    )
    .bind(&a.tracking_code)
    .bind(&a.matter_code)
    .bind(&a.applicant_name)
    .bind(&a.applicant_phone)
    .bind(&a.details)
    .bind(&a.grid_code)
    .bind(&a.region_path)
    .bind(a.due_at)
    .bind(&a.created_by)
    .bind(a.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<ApplicationRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn load(conn: &mut Conn, id: i64) -> Result<Option<ApplicationRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Applications under a path, those still open first by due date, then the rest newest first.
pub async fn list(
    pool: &AnyPool,
    scope_path: &str,
    limit: i64,
) -> Result<Vec<ApplicationRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE a.region_path >= $1 AND a.region_path < $2 \
         ORDER BY CASE WHEN a.finished_at IS NULL THEN 0 ELSE 1 END, a.due_at, a.id DESC LIMIT $3"
    ))
    .bind(lo)
    .bind(hi)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(pool)
    .await?)
}

/// A resident's own applications.
pub async fn of_applicant(
    pool: &AnyPool,
    username: &str,
) -> Result<Vec<ApplicationRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE a.created_by = $1 ORDER BY a.id DESC LIMIT 200"
    ))
    .bind(username)
    .fetch_all(pool)
    .await?)
}

/// Moves an application on: its status, due instant, days held and the words said.
pub async fn save(
    conn: &mut Conn,
    id: i64,
    (status, due_at, held_remaining): (&str, i64, Option<i64>),
    (hold_reason, reply): (&str, &str),
    now: i64,
) -> Result<(), StoreError> {
    let finished = matches!(status, "done" | "refused").then_some(now);
    sqlx::query(
        "UPDATE service_applications SET status = $1, due_at = $2, held_remaining = $3, hold_reason = $4, reply = $5, \
         updated_at = $6, finished_at = $7 WHERE id = $8",
    )
    .bind(status)
    .bind(due_at)
    .bind(held_remaining)
    .bind(hold_reason)
    .bind(reply)
    .bind(now)
    .bind(finished)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
