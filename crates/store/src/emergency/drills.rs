//! Drills: the record, its timeline, and findings that add steps to a response plan.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct DrillRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub scenario: String,
    pub plan_kind: String,
    pub teams: String,
    pub grid_code: String,
    pub region_path: String,
    pub held_at: i64,
    pub evaluation: String,
    pub created_by: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, kind, title, scenario, plan_kind, teams, grid_code, region_path, held_at, evaluation, created_by, created_at";

#[derive(Debug, Clone)]
pub struct NewDrill {
    pub kind: String,
    pub title: String,
    pub scenario: String,
    pub plan_kind: String,
    pub teams: String,
    pub grid_code: String,
    pub region_path: String,
    pub held_at: i64,
    pub created_by: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, d: &NewDrill) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO drills (kind, title, scenario, plan_kind, teams, grid_code, region_path, held_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(&d.kind)
    .bind(&d.title)
    .bind(&d.scenario)
    .bind(&d.plan_kind)
    .bind(&d.teams)
    .bind(&d.grid_code)
    .bind(&d.region_path)
    .bind(d.held_at)
    .bind(&d.created_by)
    .bind(d.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<DrillRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM drills WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn list(
    pool: &AnyPool,
    scope_path: &str,
    limit: i64,
) -> Result<Vec<DrillRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM drills WHERE region_path >= $1 AND region_path < $2 ORDER BY held_at DESC, id DESC LIMIT $3"
    ))
    .bind(lo)
    .bind(hi)
    .bind(limit.clamp(1, 500))
    .fetch_all(pool)
    .await?)
}

pub async fn evaluate(conn: &mut Conn, id: i64, evaluation: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE drills SET evaluation = $1 WHERE id = $2")
        .bind(evaluation)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn add_timeline(
    conn: &mut Conn,
    drill: i64,
    at: i64,
    text: &str,
    actor: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO drill_timeline (drill_id, at, text, actor) VALUES ($1, $2, $3, $4)")
        .bind(drill)
        .bind(at)
        .bind(text)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A drill's timeline: instant, what was done, who recorded it.
pub async fn timeline(
    pool: &AnyPool,
    drill: i64,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT at, text, actor FROM drill_timeline WHERE drill_id = $1 ORDER BY at, id",
    )
    .bind(drill)
    .fetch_all(pool)
    .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct FindingRow {
    pub id: i64,
    pub drill_id: i64,
    pub drill_title: String,
    pub plan_kind: String,
    pub finding: String,
    pub step_title: String,
    pub owner_role: String,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub applied_at: Option<i64>,
    pub applied_by: Option<String>,
    pub region_path: String,
}

const FINDING_COLUMNS: &str = "f.id, f.drill_id, d.title AS drill_title, d.plan_kind, f.finding, f.step_title, f.owner_role, \
    f.assignee, f.due_at, f.applied_at, f.applied_by, d.region_path";

#[allow(clippy::too_many_arguments)]
pub async fn add_finding(
    conn: &mut Conn,
    drill: i64,
    finding: &str,
    step_title: &str,
    owner_role: &str,
    assignee: Option<&str>,
    due_at: i64,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO drill_findings (drill_id, finding, step_title, owner_role, assignee, due_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(drill)
    .bind(finding)
    .bind(step_title)
    .bind(owner_role)
    .bind(assignee)
    .bind(due_at)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn findings(pool: &AnyPool, drill: i64) -> Result<Vec<FindingRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FINDING_COLUMNS} FROM drill_findings f JOIN drills d ON d.id = f.drill_id WHERE f.drill_id = $1 ORDER BY f.id"
    ))
    .bind(drill)
    .fetch_all(pool)
    .await?)
}

/// Findings not applied yet under a path.
pub async fn open_findings(
    pool: &AnyPool,
    scope_path: &str,
) -> Result<Vec<FindingRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {FINDING_COLUMNS} FROM drill_findings f JOIN drills d ON d.id = f.drill_id \
         WHERE f.applied_at IS NULL AND d.region_path >= $1 AND d.region_path < $2 ORDER BY f.due_at LIMIT 300"
    ))
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

pub async fn finding(conn: &mut Conn, id: i64) -> Result<Option<FindingRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FINDING_COLUMNS} FROM drill_findings f JOIN drills d ON d.id = f.drill_id WHERE f.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Marks a finding applied to the plan step it added; false if it was applied already.
pub async fn mark_applied(
    conn: &mut Conn,
    id: i64,
    step: i64,
    actor: &str,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "UPDATE drill_findings SET applied_at = $1, applied_by = $2, plan_step_id = $3 WHERE id = $4 AND applied_at IS NULL",
    )
    .bind(now)
    .bind(actor)
    .bind(step)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}
