//! Volunteer positions, sign-ups and the minutes served. A person signs up for a position once
//! (the unique key); the seats are counted in the same transaction as the sign-up.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct PositionRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub place: String,
    pub grid_code: String,
    pub region_path: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub seats: i64,
    pub taken: i64,
    pub created_by: String,
}

const POSITION: &str = "p.id, p.title, p.description, p.place, p.grid_code, p.region_path, p.starts_at, p.ends_at, p.seats, \
    (SELECT COUNT(*) FROM volunteer_signups s WHERE s.position_id = p.id) AS taken, p.created_by";

#[derive(Debug, Clone, FromRow)]
pub struct SignupRow {
    pub id: i64,
    pub position_id: i64,
    pub username: String,
    pub signed_at: i64,
    pub minutes_served: Option<i64>,
    pub confirmed_by: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewPosition {
    pub title: String,
    pub description: String,
    pub place: String,
    pub grid_code: String,
    pub region_path: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub seats: i64,
    pub created_by: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, p: &NewPosition) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO volunteer_positions (title, description, place, grid_code, region_path, starts_at, ends_at, seats, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(&p.title)
    .bind(&p.description)
    .bind(&p.place)
    .bind(&p.grid_code)
    .bind(&p.region_path)
    .bind(p.starts_at)
    .bind(p.ends_at)
    .bind(p.seats)
    .bind(&p.created_by)
    .bind(p.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

/// Positions under a path ending after an instant, soonest first.
pub async fn within(
    pool: &AnyPool,
    path: &str,
    since: i64,
) -> Result<Vec<PositionRow>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(&format!(
        "SELECT {POSITION} FROM volunteer_positions p WHERE p.region_path >= $1 AND p.region_path < $2 AND p.ends_at > $3 ORDER BY p.starts_at LIMIT 300"
    ))
    .bind(lo)
    .bind(hi)
    .bind(since)
    .fetch_all(pool)
    .await?)
}

pub async fn position(pool: &AnyPool, id: i64) -> Result<Option<PositionRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {POSITION} FROM volunteer_positions p WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// Signs a person up, refusing when the seats are taken ([`StoreError::Conflict`]) or they
/// are already signed up (the unique key).
pub async fn sign_up(
    conn: &mut Conn,
    position_id: i64,
    username: &str,
    seats: i64,
    now: i64,
) -> Result<i64, StoreError> {
    let taken: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM volunteer_signups WHERE position_id = $1")
            .bind(position_id)
            .fetch_one(&mut *conn)
            .await?;
    if taken >= seats {
        return Err(StoreError::Conflict("名额已满".into()));
    }
    Ok(sqlx::query_scalar("INSERT INTO volunteer_signups (position_id, username, signed_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(position_id)
        .bind(username)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?)
}

pub async fn signups(pool: &AnyPool, position_id: i64) -> Result<Vec<SignupRow>, StoreError> {
    Ok(sqlx::query_as("SELECT id, position_id, username, signed_at, minutes_served, confirmed_by FROM volunteer_signups WHERE position_id = $1 ORDER BY id")
        .bind(position_id)
        .fetch_all(pool)
        .await?)
}

/// Records the minutes a volunteer served; answers whether they were signed up.
pub async fn confirm(
    conn: &mut Conn,
    position_id: i64,
    username: &str,
    minutes: i64,
    by: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query("UPDATE volunteer_signups SET minutes_served = $1, confirmed_by = $2, confirmed_at = $3 WHERE position_id = $4 AND username = $5")
        .bind(minutes)
        .bind(by)
        .bind(now)
        .bind(position_id)
        .bind(username)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A person's confirmed minutes in all.
pub async fn minutes_of(pool: &AnyPool, username: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT CAST(COALESCE(SUM(minutes_served), 0) AS BIGINT) FROM volunteer_signups WHERE username = $1")
        .bind(username)
        .fetch_one(pool)
        .await?)
}

/// Minutes confirmed in a period under a path.
pub async fn minutes_within(
    pool: &AnyPool,
    path: &str,
    from: i64,
    to: i64,
) -> Result<i64, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(s.minutes_served), 0) AS BIGINT) FROM volunteer_signups s JOIN volunteer_positions p ON p.id = s.position_id \
         WHERE p.region_path >= $1 AND p.region_path < $2 AND s.confirmed_at >= $3 AND s.confirmed_at < $4",
    )
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await?)
}
