//! Incidents, the checklist of their plan's steps, the append-only log (the database's
//! triggers refuse changes to it) and the CAP alerts published about them.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct IncidentRow {
    pub id: i64,
    pub kind: String,
    pub severity: String,
    pub title: String,
    pub description: String,
    pub grid_code: String,
    pub region_path: String,
    pub town_code: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub status: String,
    pub command: String,
    pub exercise: i64,
    pub drill_id: Option<i64>,
    pub report: String,
    pub opened_by: String,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, kind, severity, title, description, grid_code, region_path, town_code, lon, lat, \
    status, command, exercise, drill_id, report, opened_by, opened_at, closed_at, updated_at";

#[derive(Debug, Clone)]
pub struct NewIncident {
    pub kind: String,
    pub severity: String,
    pub title: String,
    pub description: String,
    pub grid_code: String,
    pub region_path: String,
    pub town_code: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub command: String,
    pub exercise: bool,
    pub drill_id: Option<i64>,
    pub opened_by: String,
    pub opened_at: i64,
}

/// Records an incident with its plan's steps as the checklist.
pub async fn insert(
    conn: &mut Conn,
    n: &NewIncident,
    steps: &[(String, String)],
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO incidents (kind, severity, title, description, grid_code, region_path, town_code, lon, lat, \
         status, command, exercise, drill_id, opened_by, opened_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'responding', $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(&n.kind)
    .bind(&n.severity)
    .bind(&n.title)
    .bind(&n.description)
    .bind(&n.grid_code)
    .bind(&n.region_path)
    .bind(&n.town_code)
    .bind(n.lon)
    .bind(n.lat)
    .bind(&n.command)
    .bind(i64::from(n.exercise))
    .bind(n.drill_id)
    .bind(&n.opened_by)
    .bind(n.opened_at)
    .persistent(false)
    .fetch_one(&mut *conn)
    .await?;
    for (seq, (title, owner)) in steps.iter().enumerate() {
        sqlx::query("INSERT INTO incident_steps (incident_id, seq, title, owner_role) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(i64::try_from(seq).unwrap_or(i64::MAX) + 1)
            .bind(title)
            .bind(owner)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<IncidentRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM incidents WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn load(conn: &mut Conn, id: i64) -> Result<Option<IncidentRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM incidents WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Incidents under a path, newest first; only those still being handled if `open_only`.
pub async fn list(
    pool: &AnyPool,
    scope_path: &str,
    open_only: bool,
    limit: i64,
) -> Result<Vec<IncidentRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    let open = if open_only {
        " AND status = 'responding'"
    } else {
        ""
    };
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM incidents WHERE region_path >= $1 AND region_path < $2{open} ORDER BY id DESC LIMIT $3"
    ))
    .bind(lo)
    .bind(hi)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(pool)
    .await?)
}

/// Changes the grade (and with it who commands).
pub async fn regrade(
    conn: &mut Conn,
    id: i64,
    severity: &str,
    command: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE incidents SET severity = $1, command = $2, updated_at = $3 WHERE id = $4")
        .bind(severity)
        .bind(command)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends the response with its closing report; false if it had ended already.
pub async fn close(conn: &mut Conn, id: i64, report: &str, now: i64) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "UPDATE incidents SET status = 'closed', report = $1, closed_at = $2, updated_at = $2 WHERE id = $3 AND status = 'responding'",
    )
    .bind(report)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

#[derive(Debug, Clone, FromRow)]
pub struct StepRow {
    pub id: i64,
    pub seq: i64,
    pub title: String,
    pub owner_role: String,
    pub done_at: Option<i64>,
    pub done_by: Option<String>,
}

pub async fn steps(pool: &AnyPool, incident: i64) -> Result<Vec<StepRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, seq, title, owner_role, done_at, done_by FROM incident_steps WHERE incident_id = $1 ORDER BY seq",
    )
    .bind(incident)
    .fetch_all(pool)
    .await?)
}

/// The ids of an incident's steps, in order, inside a write job.
pub async fn step_ids(conn: &mut Conn, incident: i64) -> Result<Vec<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM incident_steps WHERE incident_id = $1 ORDER BY seq")
            .bind(incident)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// The steps not done yet of the incidents under way under a path, with their incident.
pub async fn open_steps(
    pool: &AnyPool,
    scope_path: &str,
) -> Result<Vec<(i64, String, i64, String, String, i64)>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(
        "SELECT i.id, i.title, s.id, s.title, s.owner_role, i.exercise FROM incident_steps s JOIN incidents i ON i.id = s.incident_id \
         WHERE i.status = 'responding' AND i.region_path >= $1 AND i.region_path < $2 AND s.done_at IS NULL ORDER BY i.id, s.seq LIMIT 500",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

/// Marks a step done; its title if it was open.
pub async fn complete_step(
    conn: &mut Conn,
    incident: i64,
    step: i64,
    actor: &str,
    now: i64,
) -> Result<Option<String>, StoreError> {
    let title: Option<String> = sqlx::query_scalar(
        "SELECT title FROM incident_steps WHERE id = $1 AND incident_id = $2 AND done_at IS NULL",
    )
    .bind(step)
    .bind(incident)
    .fetch_optional(&mut *conn)
    .await?;
    if title.is_some() {
        sqlx::query("UPDATE incident_steps SET done_at = $1, done_by = $2 WHERE id = $3")
            .bind(now)
            .bind(actor)
            .bind(step)
            .execute(&mut *conn)
            .await?;
    }
    Ok(title)
}

#[derive(Debug, Clone, FromRow)]
pub struct LogRow {
    pub id: i64,
    pub incident_id: i64,
    pub at: i64,
    pub actor: String,
    pub kind: String,
    pub text: String,
    pub corrects: Option<i64>,
}

const LOG_COLUMNS: &str = "id, incident_id, at, actor, kind, text, corrects";

/// Appends a line to an incident's log.
pub async fn append(
    conn: &mut Conn,
    incident: i64,
    (actor, at): (&str, i64),
    kind: &str,
    text: &str,
    corrects: Option<i64>,
) -> Result<LogRow, StoreError> {
    Ok(sqlx::query_as(&format!(
        "INSERT INTO incident_log (incident_id, at, actor, kind, text, corrects) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {LOG_COLUMNS}"
    ))
    .bind(incident)
    .bind(at)
    .bind(actor)
    .bind(kind)
    .bind(text)
    .bind(corrects)
    .fetch_one(&mut *conn)
    .await?)
}

/// Whether a line belongs to an incident (a correction names a line of its own incident).
pub async fn log_line_of(conn: &mut Conn, incident: i64, line: i64) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM incident_log WHERE id = $1 AND incident_id = $2")
            .bind(line)
            .bind(incident)
            .fetch_one(&mut *conn)
            .await?;
    Ok(n == 1)
}

/// An incident's log in order.
pub async fn log(pool: &AnyPool, incident: i64) -> Result<Vec<LogRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {LOG_COLUMNS} FROM incident_log WHERE incident_id = $1 ORDER BY id"
    ))
    .bind(incident)
    .fetch_all(pool)
    .await?)
}

/// Lines of every incident written after line `after`, oldest first: what a node has not
/// passed on to its watchers yet.
pub async fn log_after(pool: &AnyPool, after: i64, limit: i64) -> Result<Vec<LogRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {LOG_COLUMNS} FROM incident_log WHERE id > $1 ORDER BY id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

pub async fn last_log_id(pool: &AnyPool) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM incident_log")
            .fetch_one(pool)
            .await?,
    )
}

#[derive(Debug, Clone, FromRow)]
pub struct AlertRow {
    pub id: i64,
    pub incident_id: i64,
    pub identifier: String,
    pub msg_type: String,
    pub exercise: i64,
    pub references_id: Option<i64>,
    pub headline: String,
    pub description: String,
    pub instruction: String,
    pub area_desc: String,
    pub grid_codes: String,
    pub sent_by: String,
    pub sent_at: i64,
}

const ALERT_COLUMNS: &str =
    "id, incident_id, identifier, msg_type, exercise, references_id, headline, description, \
    instruction, area_desc, grid_codes, sent_by, sent_at";

#[derive(Debug, Clone)]
pub struct NewAlert {
    pub incident_id: i64,
    pub msg_type: String,
    pub exercise: bool,
    pub references_id: Option<i64>,
    pub headline: String,
    pub description: String,
    pub instruction: String,
    pub area_desc: String,
    pub grid_codes: String,
    pub sent_by: String,
    pub sent_at: i64,
}

/// Records an alert; its identifier is made from the district and its number.
pub async fn insert_alert(
    conn: &mut Conn,
    a: &NewAlert,
    identifier_prefix: &str,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cap_alerts (incident_id, identifier, msg_type, exercise, references_id, headline, description, \
         instruction, area_desc, grid_codes, sent_by, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(a.incident_id)
    .bind(format!("{identifier_prefix}-pending-{}-{}", a.incident_id, a.sent_at))
    .bind(&a.msg_type)
    .bind(i64::from(a.exercise))
    .bind(a.references_id)
    .bind(&a.headline)
    .bind(&a.description)
    .bind(&a.instruction)
    .bind(&a.area_desc)
    .bind(&a.grid_codes)
    .bind(&a.sent_by)
    .bind(a.sent_at)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE cap_alerts SET identifier = $1 WHERE id = $2")
        .bind(format!("{identifier_prefix}-{id}"))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

pub async fn alert(pool: &AnyPool, id: i64) -> Result<Option<AlertRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ALERT_COLUMNS} FROM cap_alerts WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// The newest alerts, district-wide (warnings are public).
pub async fn alerts(pool: &AnyPool, limit: i64) -> Result<Vec<AlertRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ALERT_COLUMNS} FROM cap_alerts ORDER BY id DESC LIMIT $1"
    ))
    .bind(limit.clamp(1, 500))
    .fetch_all(pool)
    .await?)
}

pub async fn alerts_of(pool: &AnyPool, incident: i64) -> Result<Vec<AlertRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ALERT_COLUMNS} FROM cap_alerts WHERE incident_id = $1 ORDER BY id"
    ))
    .bind(incident)
    .fetch_all(pool)
    .await?)
}
