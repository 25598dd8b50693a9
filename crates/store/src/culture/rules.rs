//! Village and family rules: submissions, the community's review, the gallery, "hung at home",
//! and each community's households — the denominator of its coverage.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct RuleRow {
    pub id: i64,
    pub kind: String,
    pub household: String,
    pub text: String,
    pub grid_code: String,
    pub region_path: String,
    pub submitted_by: String,
    pub submitted_at: i64,
    pub state: String,
    pub reviewed_at: Option<i64>,
    pub review_note: Option<String>,
    pub hung_at: Option<i64>,
}

const RULE: &str = "id, kind, household, text, grid_code, region_path, submitted_by, submitted_at, state, reviewed_at, review_note, hung_at";

pub struct NewRule<'a> {
    pub kind: &'a str,
    pub household: &'a str,
    pub text: &'a str,
    pub grid_code: &'a str,
    pub region_path: &'a str,
    pub by: &'a str,
    pub now: i64,
}

pub async fn submit(conn: &mut Conn, r: &NewRule<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO culture_rules (kind, household, text, grid_code, region_path, submitted_by, submitted_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') RETURNING id",
    )
    .bind(r.kind)
    .bind(r.household)
    .bind(r.text)
    .bind(r.grid_code)
    .bind(r.region_path)
    .bind(r.by)
    .bind(r.now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<RuleRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {RULE} FROM culture_rules WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Everything submitted in a subtree, newest first (the community's queue).
pub async fn within(pool: &AnyPool, path: &str, limit: i64) -> Result<Vec<RuleRow>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(&format!("SELECT {RULE} FROM culture_rules WHERE region_path >= $1 AND region_path < $2 ORDER BY id DESC LIMIT $3")).bind(lo).bind(hi).bind(limit).fetch_all(pool).await?)
}

/// What one account submitted.
pub async fn of(pool: &AnyPool, username: &str) -> Result<Vec<RuleRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {RULE} FROM culture_rules WHERE submitted_by = $1 ORDER BY id DESC"
    ))
    .bind(username)
    .fetch_all(pool)
    .await?)
}

/// The published rules in a subtree (all with ""), newest first.
pub async fn gallery(pool: &AnyPool, path: &str, limit: i64) -> Result<Vec<RuleRow>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {RULE} FROM culture_rules WHERE state = 'published' AND ($1 = '' OR region_path LIKE $1 || '%') ORDER BY reviewed_at DESC, id DESC LIMIT $2"))
        .bind(path)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

pub async fn review(
    conn: &mut Conn,
    id: i64,
    to: &str,
    by: &str,
    note: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE culture_rules SET state = $1, reviewed_by = $2, review_note = $3, reviewed_at = $4 WHERE id = $5 AND state = 'pending'")
        .bind(to)
        .bind(by)
        .bind(note)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn hung(conn: &mut Conn, id: i64, now: i64) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE culture_rules SET hung_at = $1 WHERE id = $2 AND state = 'published' AND hung_at IS NULL").bind(now).bind(id).execute(&mut *conn).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_households(
    conn: &mut Conn,
    community: &str,
    path: &str,
    households: i64,
    by: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO culture_households (community_code, region_path, households, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (community_code) DO UPDATE SET households = excluded.households, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(community)
    .bind(path)
    .bind(households)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Each community in a subtree with its households and how many family rules hang there:
/// (community code, community path, households, hung, community name).
pub async fn coverage<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    path: &str,
) -> Result<Vec<(String, String, i64, i64, String)>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(
        "SELECT h.community_code, h.region_path, h.households, \
         (SELECT COUNT(*) FROM culture_rules r WHERE r.kind = 'family' AND r.state = 'published' AND r.hung_at IS NOT NULL \
          AND r.region_path LIKE h.region_path || '%') AS hung, \
         COALESCE((SELECT g.name FROM regions g WHERE g.code = h.community_code), '') AS name \
         FROM culture_households h WHERE h.region_path >= $1 AND h.region_path < $2 ORDER BY h.community_code",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

/// Submissions waiting for review in a subtree.
pub async fn pending_within<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    path: &str,
) -> Result<Vec<RuleRow>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(&format!("SELECT {RULE} FROM culture_rules WHERE state = 'pending' AND region_path >= $1 AND region_path < $2 ORDER BY submitted_at LIMIT 200")).bind(lo).bind(hi).fetch_all(pool).await?)
}

/// Rules published in a subtree over a period: (published, of which hung).
pub async fn published_within<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    path: &str,
    from: i64,
    to: i64,
) -> Result<(i64, i64), StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN hung_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) FROM culture_rules \
         WHERE state = 'published' AND region_path >= $1 AND region_path < $2 AND reviewed_at >= $3 AND reviewed_at < $4",
    )
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await?)
}
