//! The camera registry and its outages. A fault report marks the camera faulty and opens a
//! repair task for its maintainer; the repair closes it and, with no other fault open, puts the
//! camera back to working.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct CameraRow {
    pub id: i64,
    pub device_code: String,
    pub name: String,
    pub compound_code: Option<String>,
    pub key_place: String,
    pub grid_code: String,
    pub region_path: String,
    pub lon: f64,
    pub lat: f64,
    pub direction: Option<i64>,
    pub field_of_view: Option<i64>,
    pub status: String,
    pub faulty_since: Option<i64>,
    pub maintainer: Option<String>,
    pub installed_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, device_code, name, compound_code, key_place, grid_code, region_path, lon, lat, \
    direction, field_of_view, status, faulty_since, maintainer, installed_at, updated_at";

/// A camera to register, or the new facts of one already registered under its device code.
#[derive(Debug, Clone)]
pub struct NewCamera {
    pub device_code: String,
    pub name: String,
    pub compound_code: Option<String>,
    pub key_place: String,
    pub grid_code: String,
    pub region_path: String,
    pub lon: f64,
    pub lat: f64,
    pub direction: Option<i64>,
    pub field_of_view: Option<i64>,
    pub maintainer: Option<String>,
    pub installed_at: i64,
}

/// Registers a camera, or updates the one with the same device code (its status and faults
/// stay); returns its id and whether it was new.
pub async fn upsert(
    conn: &mut Conn,
    c: &NewCamera,
    actor: &str,
    now: i64,
) -> Result<(i64, bool), StoreError> {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM cameras WHERE device_code = $1")
        .bind(&c.device_code)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(id) = existing {
        sqlx::query(
            "UPDATE cameras SET name = $1, compound_code = $2, key_place = $3, grid_code = $4, region_path = $5, \
             lon = $6, lat = $7, direction = $8, field_of_view = $9, maintainer = $10, installed_at = $11, updated_at = $12 \
             WHERE id = $13",
        )
        .bind(&c.name)
        .bind(c.compound_code.as_deref())
        .bind(&c.key_place)
        .bind(&c.grid_code)
        .bind(&c.region_path)
        .bind(c.lon)
        .bind(c.lat)
        .bind(c.direction)
        .bind(c.field_of_view)
        .bind(c.maintainer.as_deref())
        .bind(c.installed_at)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        return Ok((id, false));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO cameras (device_code, name, compound_code, key_place, grid_code, region_path, lon, lat, direction, \
         field_of_view, status, maintainer, installed_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'working', $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(&c.device_code)
    .bind(&c.name)
    .bind(c.compound_code.as_deref())
    .bind(&c.key_place)
    .bind(&c.grid_code)
    .bind(&c.region_path)
    .bind(c.lon)
    .bind(c.lat)
    .bind(c.direction)
    .bind(c.field_of_view)
    .bind(c.maintainer.as_deref())
    .bind(c.installed_at)
    .bind(actor)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok((id, true))
}

/// Cameras under a path, by place; `status` narrows them.
pub async fn list(
    pool: &AnyPool,
    scope_path: &str,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<CameraRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cameras WHERE region_path >= $1 AND region_path < $2 \
         AND ($3 IS NULL OR status = $3) ORDER BY region_path, compound_code, device_code LIMIT $4"
    ))
    .bind(lo)
    .bind(hi)
    .bind(status)
    .bind(limit.clamp(1, 100_000))
    .fetch_all(pool)
    .await?)
}

pub async fn get_in_scope(
    pool: &AnyPool,
    id: i64,
    scope_path: &str,
) -> Result<Option<CameraRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cameras WHERE id = $1 AND region_path >= $2 AND region_path < $3"
    ))
    .bind(id)
    .bind(lo)
    .bind(hi)
    .fetch_optional(pool)
    .await?)
}

/// One camera inside a write job.
pub async fn get_for_update(conn: &mut Conn, id: i64) -> Result<CameraRow, StoreError> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM cameras WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// An outage, as lists and pages show it.
#[derive(Debug, Clone, FromRow)]
pub struct FaultRow {
    pub id: i64,
    pub camera_id: i64,
    pub camera_name: String,
    pub device_code: String,
    pub grid_code: String,
    pub description: String,
    pub reported_by: String,
    pub reported_at: i64,
    pub due_at: i64,
    pub maintainer: Option<String>,
    pub repaired_at: Option<i64>,
    pub repaired_by: Option<String>,
    pub reply: String,
}

const FAULT_COLUMNS: &str =
    "f.id, f.camera_id, c.name AS camera_name, c.device_code, c.grid_code, f.description, \
    f.reported_by, f.reported_at, f.due_at, f.maintainer, f.repaired_at, f.repaired_by, f.reply";

/// Reports an outage: the camera is faulty from now, and the repair is due at `due_at`.
pub async fn add_fault(
    conn: &mut Conn,
    camera: &CameraRow,
    description: &str,
    (actor, now, due_at): (&str, i64, i64),
) -> Result<i64, StoreError> {
    let id = sqlx::query_scalar(
        "INSERT INTO camera_faults (camera_id, description, reported_by, reported_at, due_at, maintainer) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(camera.id)
    .bind(description)
    .bind(actor)
    .bind(now)
    .bind(due_at)
    .bind(camera.maintainer.as_deref())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE cameras SET status = 'faulty', faulty_since = COALESCE(faulty_since, $1), updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(camera.id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Closes an open outage of a camera; with none left open the camera works again. `false`
/// when there was no such open outage.
pub async fn repair(
    conn: &mut Conn,
    camera_id: i64,
    fault_id: i64,
    reply: &str,
    (actor, now): (&str, i64),
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE camera_faults SET repaired_at = $1, repaired_by = $2, reply = $3 \
         WHERE id = $4 AND camera_id = $5 AND repaired_at IS NULL",
    )
    .bind(now)
    .bind(actor)
    .bind(reply)
    .bind(fault_id)
    .bind(camera_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE cameras SET status = 'working', faulty_since = NULL, updated_at = $1 WHERE id = $2 \
         AND NOT EXISTS (SELECT 1 FROM camera_faults f WHERE f.camera_id = $2 AND f.repaired_at IS NULL)",
    )
    .bind(now)
    .bind(camera_id)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Outages of the cameras under a path: the open ones, and (with `since`) those reported or
/// repaired since then.
pub async fn faults(
    pool: &AnyPool,
    scope_path: &str,
    since: Option<i64>,
    maintainer: Option<&str>,
) -> Result<Vec<FaultRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {FAULT_COLUMNS} FROM camera_faults f JOIN cameras c ON c.id = f.camera_id \
         WHERE c.region_path >= $1 AND c.region_path < $2 \
         AND (f.repaired_at IS NULL OR f.repaired_at >= $3) AND ($4 IS NULL OR f.maintainer = $4) \
         ORDER BY f.due_at LIMIT 2000"
    ))
    .bind(lo)
    .bind(hi)
    .bind(since.unwrap_or(i64::MAX))
    .bind(maintainer)
    .fetch_all(pool)
    .await?)
}

/// One camera's outages, newest first.
pub async fn faults_of(pool: &AnyPool, camera_id: i64) -> Result<Vec<FaultRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FAULT_COLUMNS} FROM camera_faults f JOIN cameras c ON c.id = f.camera_id \
         WHERE f.camera_id = $1 ORDER BY f.reported_at DESC LIMIT 200"
    ))
    .bind(camera_id)
    .fetch_all(pool)
    .await?)
}
