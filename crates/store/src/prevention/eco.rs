//! Eco-safety reports and their steps.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct EcoRow {
    pub id: i64,
    pub tracking_code: String,
    pub kind: String,
    pub description: String,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub reporter_phone: Option<String>,
    pub channel: String,
    pub client: Option<String>,
    pub department: String,
    pub assignee: Option<String>,
    pub status: String,
    pub due_at: i64,
    pub rectify_order: String,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
}

const COLUMNS: &str = "e.id, e.tracking_code, e.kind, e.description, e.grid_code, e.region_path, e.address, e.lon, \
    e.lat, e.reporter_phone, e.channel, e.client, e.department, e.assignee, e.status, e.due_at, e.rectify_order, \
    e.created_by, e.created_at, e.updated_at, e.closed_at";

/// A report to record.
#[derive(Debug, Clone)]
pub struct NewEco {
    pub tracking_code: String,
    pub idempotency_key: Option<String>,
    pub kind: &'static str,
    pub description: String,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub reporter_phone: Option<String>,
    pub channel: &'static str,
    pub client: Option<String>,
    pub department: &'static str,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub created_by: String,
}

/// The id of a report already made under this idempotency key.
pub async fn by_idempotency_key(conn: &mut Conn, key: &str) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM eco_reports WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Sent unprepared for the reason given at [`crate::dialect::optional_f64`] (optional floats).
pub async fn insert(conn: &mut Conn, e: &NewEco, now: i64) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO eco_reports (tracking_code, idempotency_key, kind, description, grid_code, region_path, address, lon, lat, \
         reporter_phone, channel, client, department, assignee, status, due_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'open', $15, $16, $17, $17) RETURNING id",
    )
    .bind(&e.tracking_code)
    .bind(e.idempotency_key.as_deref())
    .bind(e.kind)
    .bind(&e.description)
    .bind(&e.grid_code)
    .bind(&e.region_path)
    .bind(&e.address)
    .bind(e.lon)
    .bind(e.lat)
    .bind(e.reporter_phone.as_deref())
    .bind(e.channel)
    .bind(e.client.as_deref())
    .bind(e.department)
    .bind(e.assignee.as_deref())
    .bind(e.due_at)
    .bind(&e.created_by)
    .bind(now)
    .persistent(false)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn add_event(
    conn: &mut Conn,
    id: i64,
    (actor, kind, detail): (&str, &str, &str),
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO eco_events (report_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(now)
    .bind(actor)
    .bind(kind)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct EcoEvent {
    pub at: i64,
    pub actor: String,
    pub kind: String,
    pub detail: String,
}

pub async fn events(pool: &AnyPool, id: i64) -> Result<Vec<EcoEvent>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT at, actor, kind, detail FROM eco_events WHERE report_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?)
}

pub async fn by_tracking_code(pool: &AnyPool, code: &str) -> Result<Option<EcoRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM eco_reports e WHERE e.tracking_code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await?)
}

pub async fn get_in_scope(
    pool: &AnyPool,
    id: i64,
    scope_path: &str,
) -> Result<Option<EcoRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM eco_reports e WHERE e.id = $1 AND e.region_path >= $2 AND e.region_path < $3"
    ))
    .bind(id)
    .bind(lo)
    .bind(hi)
    .fetch_optional(pool)
    .await?)
}

/// Reports under a path, newest first; `open` keeps those not closed; `assignee` narrows.
pub async fn list(
    pool: &AnyPool,
    scope_path: &str,
    open: bool,
    assignee: Option<&str>,
    limit: i64,
) -> Result<Vec<EcoRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM eco_reports e WHERE e.region_path >= $1 AND e.region_path < $2 \
         AND ($3 = 0 OR e.status <> 'closed') AND ($4 IS NULL OR e.assignee = $4) ORDER BY e.id DESC LIMIT $5"
    ))
    .bind(lo)
    .bind(hi)
    .bind(i64::from(open))
    .bind(assignee)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(pool)
    .await?)
}

/// What one account reported, newest first.
pub async fn reported_by(
    pool: &AnyPool,
    username: &str,
    limit: i64,
) -> Result<Vec<EcoRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM eco_reports e WHERE e.created_by = $1 ORDER BY e.created_at DESC LIMIT $2"
    ))
    .bind(username)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Reports made in `[from, to)` through the public channels, newest first.
pub async fn publicly_reported(
    pool: &AnyPool,
    from: i64,
    to: i64,
    limit: i64,
) -> Result<Vec<EcoRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM eco_reports e WHERE e.created_at >= $1 AND e.created_at < $2 \
         AND e.channel IN ('portal', 'open311') ORDER BY e.created_at DESC LIMIT $3"
    ))
    .bind(from)
    .bind(to)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Moves a report on: its status, the order and deadline (when given), closed at (when closed).
pub async fn save(
    conn: &mut Conn,
    id: i64,
    (status, order, due_at): (&str, Option<&str>, i64),
    now: i64,
) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "UPDATE eco_reports SET status = $1, rectify_order = COALESCE($2, rectify_order), due_at = $3, updated_at = $4, \
         closed_at = CASE WHEN $1 = 'closed' THEN $4 ELSE NULL END WHERE id = $5 AND status <> 'closed'",
    )
    .bind(status)
    .bind(order)
    .bind(due_at)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<EcoRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM eco_reports e WHERE e.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}
