//! Deeds for the boards: reported, verified (by the community; heroism by the police), and
//! published once the people named agree.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct DeedRow {
    pub id: i64,
    pub board: String,
    pub title: String,
    pub story: String,
    pub people: String,
    pub occurred_on: String,
    pub grid_code: String,
    pub region_path: String,
    pub reported_by: String,
    pub reported_at: i64,
    pub state: String,
    pub verified_by: Option<String>,
    pub note: String,
    pub consent_note: Option<String>,
    pub published_at: Option<i64>,
}

const DEED: &str = "id, board, title, story, people, occurred_on, grid_code, region_path, reported_by, reported_at, state, verified_by, note, consent_note, published_at";

pub struct NewDeed<'a> {
    pub board: &'a str,
    pub title: &'a str,
    pub story: &'a str,
    pub people: &'a str,
    pub occurred_on: &'a str,
    pub grid_code: &'a str,
    pub region_path: &'a str,
    pub by: &'a str,
    pub now: i64,
}

pub async fn report(conn: &mut Conn, d: &NewDeed<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO culture_deeds (board, title, story, people, occurred_on, grid_code, region_path, reported_by, reported_at, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'reported') RETURNING id",
    )
    .bind(d.board)
    .bind(d.title)
    .bind(d.story)
    .bind(d.people)
    .bind(d.occurred_on)
    .bind(d.grid_code)
    .bind(d.region_path)
    .bind(d.by)
    .bind(d.now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<DeedRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {DEED} FROM culture_deeds WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Deeds in a subtree, newest first.
pub async fn within<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    path: &str,
    limit: i64,
) -> Result<Vec<DeedRow>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(&format!("SELECT {DEED} FROM culture_deeds WHERE region_path >= $1 AND region_path < $2 ORDER BY id DESC LIMIT $3")).bind(lo).bind(hi).bind(limit).fetch_all(pool).await?)
}

/// A board's published deeds, newest first.
pub async fn board(
    pool: &AnyPool,
    board: Option<&str>,
    limit: i64,
) -> Result<Vec<DeedRow>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {DEED} FROM culture_deeds WHERE state = 'published' AND ($1 IS NULL OR board = $1) ORDER BY published_at DESC, id DESC LIMIT $2"))
        .bind(board)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// Moves a deed from `from` to `to` with who did it and why; false if it was not at `from`.
pub async fn step(
    conn: &mut Conn,
    id: i64,
    from: &str,
    to: &str,
    by: &str,
    note: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let r = match to {
        "verified" | "rejected" => sqlx::query("UPDATE culture_deeds SET state = $1, verified_by = $2, verified_at = $3, note = $4 WHERE id = $5 AND state = $6"),
        "published" => sqlx::query("UPDATE culture_deeds SET state = $1, consent_note = $4, published_at = $3, note = note || '' WHERE id = $5 AND state = $6 AND $2 <> ''"),
        _ => sqlx::query("UPDATE culture_deeds SET state = $1, consent_note = $4, verified_at = COALESCE(verified_at, $3) WHERE id = $5 AND state = $6 AND $2 <> ''"),
    }
    .bind(to)
    .bind(by)
    .bind(now)
    .bind(note)
    .bind(id)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Verified or published heroism, for payouts.
pub async fn heroic_verified(conn: &mut Conn, id: i64) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM culture_deeds WHERE id = $1 AND board = 'heroic' AND state IN ('verified', 'published', 'declined')").bind(id).fetch_one(&mut *conn).await?;
    Ok(n == 1)
}

/// Counts by state in a subtree over a period (reported in it): (state, count).
pub async fn counts<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    path: &str,
    from: i64,
    to: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as("SELECT state, COUNT(*) FROM culture_deeds WHERE region_path >= $1 AND region_path < $2 AND reported_at >= $3 AND reported_at < $4 GROUP BY state")
        .bind(lo)
        .bind(hi)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?)
}
