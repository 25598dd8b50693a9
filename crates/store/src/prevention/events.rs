//! Large public events: applications as the rules answered them, the decision and the report.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub id: i64,
    pub name: String,
    pub organiser: String,
    pub organiser_contact: String,
    pub venue: String,
    pub grid_code: String,
    pub region_path: String,
    pub lon: f64,
    pub lat: f64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub expected_people: i64,
    pub venue_capacity: i64,
    pub exits: i64,
    pub plan: String,
    pub status: String,
    pub status_reason: String,
    pub risk_level: String,
    pub risk_reasons: String,
    pub decide_by: Option<i64>,
    pub reviewer: Option<String>,
    pub conditions: String,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
    pub report: String,
    pub reported_at: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, name, organiser, organiser_contact, venue, grid_code, region_path, lon, lat, starts_at, \
    ends_at, expected_people, venue_capacity, exits, plan, status, status_reason, risk_level, risk_reasons, decide_by, \
    reviewer, conditions, decided_at, decided_by, report, reported_at, created_by, created_at";

/// An application as the rules answered it.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub name: String,
    pub organiser: String,
    pub organiser_contact: String,
    pub venue: String,
    pub grid_code: String,
    pub region_path: String,
    pub lon: f64,
    pub lat: f64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub expected_people: i64,
    pub venue_capacity: i64,
    pub exits: i64,
    pub plan: String,
    pub status: &'static str,
    pub status_reason: String,
    pub risk_level: &'static str,
    pub risk_reasons: String,
    pub decide_by: Option<i64>,
    pub reviewer: Option<String>,
}

pub async fn insert(
    conn: &mut Conn,
    e: &NewEvent,
    actor: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO large_events (name, organiser, organiser_contact, venue, grid_code, region_path, lon, lat, starts_at, \
         ends_at, expected_people, venue_capacity, exits, plan, status, status_reason, risk_level, risk_reasons, decide_by, \
         reviewer, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17, $18, $19, $20, $21, $22, $22) RETURNING id",
    )
    .bind(&e.name)
    .bind(&e.organiser)
    .bind(&e.organiser_contact)
    .bind(&e.venue)
    .bind(&e.grid_code)
    .bind(&e.region_path)
    .bind(e.lon)
    .bind(e.lat)
    .bind(e.starts_at)
    .bind(e.ends_at)
    .bind(e.expected_people)
    .bind(e.venue_capacity)
    .bind(e.exits)
    .bind(&e.plan)
    .bind(e.status)
    .bind(&e.status_reason)
    .bind(e.risk_level)
    .bind(&e.risk_reasons)
    .bind(e.decide_by)
    .bind(e.reviewer.as_deref())
    .bind(actor)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Applications under a path (or made by `created_by`), the soonest event first.
pub async fn list(
    pool: &AnyPool,
    scope_path: Option<&str>,
    created_by: Option<&str>,
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path.unwrap_or("/"));
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM large_events WHERE region_path >= $1 AND region_path < $2 \
         AND ($3 IS NULL OR created_by = $3) ORDER BY starts_at DESC LIMIT $4"
    ))
    .bind(lo)
    .bind(hi)
    .bind(created_by)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(pool)
    .await?)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<EventRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM large_events WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Decides an accepted application; `false` when it was no longer waiting.
pub async fn decide(
    conn: &mut Conn,
    id: i64,
    (status, reason, conditions): (&str, &str, &str),
    (actor, now): (&str, i64),
) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "UPDATE large_events SET status = $1, status_reason = $2, conditions = $3, decided_at = $4, decided_by = $5, \
         updated_at = $4 WHERE id = $6 AND status = 'accepted'",
    )
    .bind(status)
    .bind(reason)
    .bind(conditions)
    .bind(now)
    .bind(actor)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// Records the report after the event.
pub async fn report(conn: &mut Conn, id: i64, text: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE large_events SET report = $1, reported_at = $2, updated_at = $2 WHERE id = $3",
    )
    .bind(text)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
