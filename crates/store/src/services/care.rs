//! The care register and its visits. Each row carries its next visit's due and latest dates,
//! written at registration and at every visit, so that the overdue list of a whole district
//! is one range read on `care_register_overdue`.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct CareRow {
    pub id: i64,
    pub category: String,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: String,
    pub address: String,
    pub grid_code: String,
    pub region_path: String,
    pub consent_at: i64,
    pub consent_note: String,
    pub due_at: i64,
    pub latest_at: i64,
    pub last_visit_at: Option<i64>,
    pub active: i64,
    pub created_by: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, category, name, id_number, phone, address, grid_code, region_path, consent_at, consent_note, \
    due_at, latest_at, last_visit_at, active, created_by, created_at";

#[derive(Debug, Clone, FromRow)]
pub struct VisitRow {
    pub id: i64,
    pub visited_at: i64,
    pub visitor: String,
    pub done: String,
    pub found: String,
    pub finding: Option<String>,
    pub on_time: i64,
}

#[derive(Debug, Clone)]
pub struct NewCare {
    pub category: String,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: String,
    pub address: String,
    pub grid_code: String,
    pub region_path: String,
    pub consent_at: i64,
    pub consent_note: String,
    pub due_at: i64,
    pub latest_at: i64,
    pub created_by: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, c: &NewCare) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO care_register (category, name, id_number, phone, address, grid_code, region_path, consent_at, consent_note, \
         due_at, latest_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(&c.category)
    .bind(&c.name)
    .bind(c.id_number.as_deref())
    .bind(&c.phone)
    .bind(&c.address)
    .bind(&c.grid_code)
    .bind(&c.region_path)
    .bind(c.consent_at)
    .bind(&c.consent_note)
    .bind(c.due_at)
    .bind(c.latest_at)
    .bind(&c.created_by)
    .bind(c.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<CareRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM care_register WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// The register under a path, the soonest due first.
pub async fn within(pool: &AnyPool, path: &str, limit: i64) -> Result<Vec<CareRow>, StoreError> {
    let (lo, hi) = path_bounds(path);
    // `+active`: without statistics SQLite would walk the whole register by the overdue index
    // (active first) instead of the grid's few rows by (region_path, due_at): 5 ms a task list.
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM care_register WHERE region_path >= $1 AND region_path < $2 AND +active = 1 ORDER BY due_at LIMIT $3"
    ))
    .bind(lo)
    .bind(hi)
    .bind(limit.clamp(1, 2_000))
    .fetch_all(pool)
    .await?)
}

/// Those whose latest visit date has passed, under a path: how many, and the first `limit`
/// by how long overdue.
pub async fn overdue(
    pool: &AnyPool,
    path: &str,
    now: i64,
    limit: i64,
) -> Result<(i64, Vec<CareRow>), StoreError> {
    let (lo, hi) = path_bounds(path);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM care_register WHERE active = 1 AND latest_at < $1 AND region_path >= $2 AND region_path < $3")
        .bind(now)
        .bind(&lo)
        .bind(&hi)
        .fetch_one(pool)
        .await?;
    Ok((count, overdue_first(pool, path, now, limit).await?))
}

/// The first `limit` of those overdue under a path, by how long overdue (without counting
/// them all, for the problem lists).
pub async fn overdue_first(
    pool: &AnyPool,
    path: &str,
    now: i64,
    limit: i64,
) -> Result<Vec<CareRow>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM care_register WHERE active = 1 AND latest_at < $1 AND region_path >= $2 AND region_path < $3 \
         ORDER BY latest_at, id LIMIT $4"
    ))
    .bind(now)
    .bind(lo)
    .bind(hi)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(pool)
    .await?)
}

/// The first latest visit day at or after `now` among the active register under a path: when
/// time alone next adds a person to the overdue ones.
pub async fn next_overdue(pool: &AnyPool, path: &str, now: i64) -> Result<Option<i64>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_scalar(
        "SELECT latest_at FROM care_register WHERE active = 1 AND latest_at >= $1 AND region_path >= $2 AND region_path < $3 \
         ORDER BY latest_at LIMIT 1",
    )
    .bind(now)
    .bind(lo)
    .bind(hi)
    .fetch_optional(pool)
    .await?)
}

pub async fn visits(
    pool: &AnyPool,
    register_id: i64,
    limit: i64,
) -> Result<Vec<VisitRow>, StoreError> {
    Ok(sqlx::query_as("SELECT id, visited_at, visitor, done, found, finding, on_time FROM care_visits WHERE register_id = $1 ORDER BY visited_at DESC LIMIT $2")
        .bind(register_id)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

#[derive(Debug, Clone)]
pub struct NewVisit {
    pub register_id: i64,
    pub visited_at: i64,
    pub visitor: String,
    pub done: String,
    pub found: String,
    pub finding: Option<String>,
    pub on_time: bool,
    pub region_path: String,
    /// The next visit's dates.
    pub next: (i64, i64),
}

/// Logs a visit and moves the person's next visit on.
pub async fn visit(conn: &mut Conn, v: &NewVisit) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO care_visits (register_id, visited_at, visitor, done, found, finding, on_time, region_path) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(v.register_id)
    .bind(v.visited_at)
    .bind(&v.visitor)
    .bind(&v.done)
    .bind(&v.found)
    .bind(v.finding.as_deref())
    .bind(i64::from(v.on_time))
    .bind(&v.region_path)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE care_register SET last_visit_at = $1, due_at = $2, latest_at = $3 WHERE id = $4",
    )
    .bind(v.visited_at)
    .bind(v.next.0)
    .bind(v.next.1)
    .bind(v.register_id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Visits made in a period by region path: (path, visits, on time). Whole months from the
/// monthly roll-up (`care_visit_months`, kept by a trigger), the ragged ends from the visits
/// (added, or taken away from a whole month: see `fengqiao_core::rollup`).
pub async fn visits_by_path(
    pool: &AnyPool,
    from: i64,
    to: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let mut out: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
    let cover = fengqiao_core::rollup::cover(from, to, crate::now_ms());
    if let Some((first, end)) = cover.months {
        let rolled: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT region_path, CAST(SUM(visits) AS BIGINT), CAST(SUM(on_time) AS BIGINT) \
             FROM care_visit_months WHERE month >= $1 AND month < $2 GROUP BY region_path",
        )
        .bind(crate::month_key(first)?)
        .bind(crate::month_key(end)?)
        .fetch_all(pool)
        .await?;
        for (path, n, on_time) in rolled {
            let e = out.entry(path).or_default();
            (e.0, e.1) = (e.0 + n, e.1 + on_time);
        }
    }
    for ((a, b), sign) in cover.ends() {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT region_path, COUNT(*), CAST(SUM(on_time) AS BIGINT) FROM care_visits \
             WHERE visited_at >= $1 AND visited_at < $2 GROUP BY region_path",
        )
        .bind(a)
        .bind(b)
        .fetch_all(pool)
        .await?;
        for (path, n, on_time) in rows {
            let e = out.entry(path).or_default();
            (e.0, e.1) = (e.0 + sign * n, e.1 + sign * on_time);
        }
    }
    Ok(out
        .into_iter()
        .filter(|(_, (n, _))| *n > 0)
        .map(|(path, (n, on_time))| (path, n, on_time))
        .collect())
}

/// Visits made in a period inside a subtree. A district's or a town's scope holds most of the
/// period's visits: the period's index (`care_visits_window`) reads them once; a community or
/// a grid reads its own from the path index (`care_visits_scope`). `+` keeps SQLite off the
/// path index for the broad scopes; PostgreSQL chooses by its statistics.
pub async fn visits_within(
    pool: &AnyPool,
    postgres: bool,
    scope_path: &str,
    (from, to): (i64, i64),
) -> Result<i64, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    let broad = !postgres && scope_path.matches('/').count() <= 3;
    let column = if broad { "+region_path" } else { "region_path" };
    let sql = format!(
        "SELECT COUNT(*) FROM care_visits WHERE visited_at >= $1 AND visited_at < $2 \
         AND {column} >= $3 AND {column} < $4"
    );
    Ok(sqlx::query_scalar(&sql)
        .bind(from)
        .bind(to)
        .bind(lo)
        .bind(hi)
        .fetch_one(pool)
        .await?)
}

/// Writes visits as they are, many rows to a statement, without touching the register: for
/// loading history (bench data, imports) whose register rows already carry their dates.
pub async fn insert_visits_bulk(conn: &mut Conn, visits: &[NewVisit]) -> Result<(), StoreError> {
    for chunk in visits.chunks(200) {
        let sql = format!(
            "INSERT INTO care_visits (register_id, visited_at, visitor, done, found, finding, on_time, region_path) VALUES {}",
            crate::dialect::values_rows(chunk.len(), 8)
        );
        let mut q = sqlx::query(&sql);
        for v in chunk {
            q = q
                .bind(v.register_id)
                .bind(v.visited_at)
                .bind(&v.visitor)
                .bind(&v.done)
                .bind(&v.found)
                .bind(v.finding.as_deref())
                .bind(i64::from(v.on_time))
                .bind(&v.region_path);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}
