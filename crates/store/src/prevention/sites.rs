//! The risk register: sites, their inspections, and rectifications that re-inspections close.
//! An inspection moves the site's next due date on (by its risk level) in the same write.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct SiteRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub address: String,
    pub grid_code: String,
    pub region_path: String,
    pub lon: f64,
    pub lat: f64,
    pub responsible_unit: String,
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub risk_level: String,
    pub risk_reasons: String,
    pub campaign: String,
    pub last_inspected_at: Option<i64>,
    pub next_due_at: i64,
    pub open_rectifications: i64,
    pub created_at: i64,
}

const COLUMNS: &str = "s.id, s.kind, s.name, s.address, s.grid_code, s.region_path, s.lon, s.lat, \
    s.responsible_unit, s.contact_name, s.contact_phone, s.risk_level, s.risk_reasons, s.campaign, \
    s.last_inspected_at, s.next_due_at, \
    (SELECT COUNT(*) FROM site_rectifications r WHERE r.site_id = s.id AND r.closed_at IS NULL) AS open_rectifications, \
    s.created_at";

/// A site to register.
#[derive(Debug, Clone)]
pub struct NewSite {
    pub kind: &'static str,
    pub name: String,
    pub address: String,
    pub grid_code: String,
    pub region_path: String,
    pub lon: f64,
    pub lat: f64,
    pub responsible_unit: String,
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub risk_level: &'static str,
    pub risk_reasons: String,
    pub campaign: &'static str,
    pub next_due_at: i64,
}

pub async fn insert(
    conn: &mut Conn,
    s: &NewSite,
    actor: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO risk_sites (kind, name, address, grid_code, region_path, lon, lat, responsible_unit, contact_name, \
         contact_phone, risk_level, risk_reasons, campaign, next_due_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
    )
    .bind(s.kind)
    .bind(&s.name)
    .bind(&s.address)
    .bind(&s.grid_code)
    .bind(&s.region_path)
    .bind(s.lon)
    .bind(s.lat)
    .bind(&s.responsible_unit)
    .bind(&s.contact_name)
    .bind(s.contact_phone.as_deref())
    .bind(s.risk_level)
    .bind(&s.risk_reasons)
    .bind(s.campaign)
    .bind(s.next_due_at)
    .bind(actor)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub scope_path: &'a str,
    pub kind: Option<&'a str>,
    pub risk: Option<&'a str>,
    /// Only sites whose inspection is overdue at this instant.
    pub overdue_at: Option<i64>,
    pub limit: i64,
}

pub async fn list(pool: &AnyPool, f: &Filter<'_>) -> Result<Vec<SiteRow>, StoreError> {
    let (lo, hi) = path_bounds(f.scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM risk_sites s WHERE s.region_path >= $1 AND s.region_path < $2 \
         AND ($3 IS NULL OR s.kind = $3) AND ($4 IS NULL OR s.risk_level = $4) AND s.next_due_at < $5 \
         ORDER BY s.next_due_at, s.id LIMIT $6"
    ))
    .bind(lo)
    .bind(hi)
    .bind(f.kind)
    .bind(f.risk)
    .bind(f.overdue_at.unwrap_or(i64::MAX))
    .bind(f.limit.clamp(1, 5_000))
    .fetch_all(pool)
    .await?)
}

/// The first inspection falling due at or after `now` under a path: when time alone next adds
/// a site to the overdue ones.
pub async fn next_due(
    pool: &AnyPool,
    scope_path: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_scalar(
        "SELECT next_due_at FROM risk_sites WHERE region_path >= $1 AND region_path < $2 AND next_due_at >= $3 \
         ORDER BY next_due_at LIMIT 1",
    )
    .bind(lo)
    .bind(hi)
    .bind(now)
    .fetch_optional(pool)
    .await?)
}

pub async fn get_in_scope(
    pool: &AnyPool,
    id: i64,
    scope_path: &str,
) -> Result<Option<SiteRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM risk_sites s WHERE s.id = $1 AND s.region_path >= $2 AND s.region_path < $3"
    ))
    .bind(id)
    .bind(lo)
    .bind(hi)
    .fetch_optional(pool)
    .await?)
}

/// One site inside a write job.
pub async fn get_for_update(conn: &mut Conn, id: i64) -> Result<SiteRow, StoreError> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM risk_sites s WHERE s.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, FromRow)]
pub struct InspectionRow {
    pub id: i64,
    pub site_id: i64,
    pub inspected_at: i64,
    pub due_at: i64,
    pub inspector: String,
    pub notes: String,
    pub risk_level: String,
    pub findings: i64,
}

/// Records an inspection and its findings (each a rectification due at `deadline`), sets the
/// site's risk level and reasons and its next due date.
#[allow(clippy::too_many_arguments)]
pub async fn inspect(
    conn: &mut Conn,
    site: &SiteRow,
    (inspected_at, due_at, next_due_at): (i64, i64, i64),
    (risk_level, risk_reasons): (&str, &str),
    notes: &str,
    findings: &[String],
    deadline: i64,
    actor: &str,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO site_inspections (site_id, inspected_at, due_at, inspector, notes, risk_level, findings) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(site.id)
    .bind(inspected_at)
    .bind(due_at)
    .bind(actor)
    .bind(notes)
    .bind(risk_level)
    .bind(i64::try_from(findings.len()).unwrap_or(i64::MAX))
    .fetch_one(&mut *conn)
    .await?;
    for f in findings {
        sqlx::query(
            "INSERT INTO site_rectifications (site_id, inspection_id, region_path, finding, found_at, deadline) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(site.id)
        .bind(id)
        .bind(&site.region_path)
        .bind(f)
        .bind(inspected_at)
        .bind(deadline)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "UPDATE risk_sites SET last_inspected_at = $1, next_due_at = $2, risk_level = $3, risk_reasons = $4, \
         updated_at = $1 WHERE id = $5",
    )
    .bind(inspected_at)
    .bind(next_due_at)
    .bind(risk_level)
    .bind(risk_reasons)
    .bind(site.id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn inspections(pool: &AnyPool, site: i64) -> Result<Vec<InspectionRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, site_id, inspected_at, due_at, inspector, notes, risk_level, findings FROM site_inspections \
         WHERE site_id = $1 ORDER BY inspected_at DESC LIMIT 200",
    )
    .bind(site)
    .fetch_all(pool)
    .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct RectificationRow {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub region_path: String,
    pub finding: String,
    pub found_at: i64,
    pub deadline: i64,
    pub rechecks: i64,
    pub recheck_notes: String,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
}

const RECT_COLUMNS: &str =
    "r.id, r.site_id, s.name AS site_name, r.region_path, r.finding, r.found_at, \
    r.deadline, r.rechecks, r.recheck_notes, r.closed_at, r.closed_by";

/// Rectifications under a path: the open ones, and (with `since`) those closed since then;
/// `site` narrows to one site.
pub async fn rectifications(
    pool: &AnyPool,
    scope_path: &str,
    since: Option<i64>,
    site: Option<i64>,
) -> Result<Vec<RectificationRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {RECT_COLUMNS} FROM site_rectifications r JOIN risk_sites s ON s.id = r.site_id \
         WHERE r.region_path >= $1 AND r.region_path < $2 AND (r.closed_at IS NULL OR r.closed_at >= $3) \
         AND ($4 IS NULL OR r.site_id = $4) ORDER BY r.deadline LIMIT 5000"
    ))
    .bind(lo)
    .bind(hi)
    .bind(since.unwrap_or(i64::MAX))
    .bind(site)
    .fetch_all(pool)
    .await?)
}

pub async fn rectification_in_scope(
    pool: &AnyPool,
    id: i64,
    scope_path: &str,
) -> Result<Option<RectificationRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {RECT_COLUMNS} FROM site_rectifications r JOIN risk_sites s ON s.id = r.site_id \
         WHERE r.id = $1 AND r.region_path >= $2 AND r.region_path < $3"
    ))
    .bind(id)
    .bind(lo)
    .bind(hi)
    .fetch_optional(pool)
    .await?)
}

/// A re-inspection: passed closes the rectification; failed keeps it open with a new deadline.
/// `false` when it was already closed.
pub async fn recheck(
    conn: &mut Conn,
    id: i64,
    passed: bool,
    notes: &str,
    (actor, now, new_deadline): (&str, i64, i64),
) -> Result<bool, StoreError> {
    let n = if passed {
        sqlx::query(
            "UPDATE site_rectifications SET rechecks = rechecks + 1, recheck_notes = $1, closed_at = $2, closed_by = $3 \
             WHERE id = $4 AND closed_at IS NULL",
        )
        .bind(notes)
        .bind(now)
        .bind(actor)
        .bind(id)
        .execute(&mut *conn)
        .await?
    } else {
        sqlx::query(
            "UPDATE site_rectifications SET rechecks = rechecks + 1, recheck_notes = $1, deadline = $2 \
             WHERE id = $3 AND closed_at IS NULL",
        )
        .bind(notes)
        .bind(new_deadline)
        .bind(id)
        .execute(&mut *conn)
        .await?
    };
    Ok(n.rows_affected() == 1)
}

/// Every inspection done in `[from, to)`: its site's path, when it was done, when it was due.
pub async fn inspections_between(
    pool: &AnyPool,
    from: i64,
    to: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.region_path, i.inspected_at, i.due_at FROM site_inspections i JOIN risk_sites s ON s.id = i.site_id \
         WHERE i.inspected_at >= $1 AND i.inspected_at < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}
