//! Response plans: one per kind of incident, its steps in order, and the version that grows
//! each time a drill's finding adds a step.

use crate::{Conn, StoreError};
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct PlanRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub version: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct PlanStepRow {
    pub id: i64,
    pub seq: i64,
    pub title: String,
    pub owner_role: String,
    pub drill_id: Option<i64>,
    pub drill_title: Option<String>,
    pub created_at: i64,
}

/// Writes a plan with its steps unless the kind has one already; its id either way.
pub async fn ensure(
    conn: &mut Conn,
    kind: &str,
    title: &str,
    steps: &[(String, String)],
    now: i64,
) -> Result<i64, StoreError> {
    if let Some(id) = sqlx::query_scalar("SELECT id FROM response_plans WHERE kind = $1")
        .bind(kind)
        .fetch_optional(&mut *conn)
        .await?
    {
        return Ok(id);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO response_plans (kind, title, version, updated_at) VALUES ($1, $2, 1, $3) RETURNING id",
    )
    .bind(kind)
    .bind(title)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    for (seq, (title, owner)) in steps.iter().enumerate() {
        sqlx::query(
            "INSERT INTO plan_steps (plan_id, seq, title, owner_role, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(i64::try_from(seq).unwrap_or(i64::MAX) + 1)
        .bind(title)
        .bind(owner)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

pub async fn all(pool: &AnyPool) -> Result<Vec<PlanRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, kind, title, version, updated_at FROM response_plans ORDER BY id",
    )
    .fetch_all(pool)
    .await?)
}

pub async fn by_kind(pool: &AnyPool, kind: &str) -> Result<Option<PlanRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, kind, title, version, updated_at FROM response_plans WHERE kind = $1",
    )
    .bind(kind)
    .fetch_optional(pool)
    .await?)
}

const STEP_COLUMNS: &str =
    "s.id, s.seq, s.title, s.owner_role, s.drill_id, d.title AS drill_title, s.created_at";

/// A plan's steps in order, each with the drill that added it.
pub async fn steps(pool: &AnyPool, plan_id: i64) -> Result<Vec<PlanStepRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {STEP_COLUMNS} FROM plan_steps s LEFT JOIN drills d ON d.id = s.drill_id WHERE s.plan_id = $1 ORDER BY s.seq"
    ))
    .bind(plan_id)
    .fetch_all(pool)
    .await?)
}

/// The same inside a write job, for copying into an incident.
pub async fn steps_for_kind(
    conn: &mut Conn,
    kind: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.title, s.owner_role FROM plan_steps s JOIN response_plans p ON p.id = s.plan_id \
         WHERE p.kind = $1 ORDER BY s.seq",
    )
    .bind(kind)
    .fetch_all(&mut *conn)
    .await?)
}

/// Adds a step a drill found missing: last but one (the closing report stays last), and the
/// plan's version grows.
pub async fn add_step(
    conn: &mut Conn,
    kind: &str,
    title: &str,
    owner_role: &str,
    drill_id: i64,
    now: i64,
) -> Result<i64, StoreError> {
    let plan: i64 = sqlx::query_scalar("SELECT id FROM response_plans WHERE kind = $1")
        .bind(kind)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let last: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM plan_steps WHERE plan_id = $1")
            .bind(plan)
            .fetch_one(&mut *conn)
            .await?;
    // The closing report stays last.
    sqlx::query("UPDATE plan_steps SET seq = seq + 1 WHERE plan_id = $1 AND seq = $2")
        .bind(plan)
        .bind(last)
        .execute(&mut *conn)
        .await?;
    let id = sqlx::query_scalar(
        "INSERT INTO plan_steps (plan_id, seq, title, owner_role, drill_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(plan)
    .bind(last.max(1))
    .bind(title)
    .bind(owner_role)
    .bind(drill_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE response_plans SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(plan)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}
