//! Patrols and their tracks. Points arrive in batches and are appended in multi-row
//! statements; the patrol row keeps the running count, distance and last instant, so lists
//! and weekly hours never read the points.

use crate::{Conn, StoreError};
use fengqiao_core::prevention::track::TrackPoint;
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

/// A patrol as lists and pages show it.
#[derive(Debug, Clone, FromRow)]
pub struct PatrolRow {
    pub id: i64,
    pub grid_code: String,
    pub region_path: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub members: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub last_at: Option<i64>,
    pub points: i64,
    pub distance_m: f64,
    pub findings: String,
    pub source: String,
    pub created_by: String,
    pub created_at: i64,
}

impl PatrolRow {
    /// How long it lasted so far: to its end, else to its last point.
    pub fn duration_ms(&self) -> i64 {
        (self.ended_at.or(self.last_at).unwrap_or(self.started_at) - self.started_at).max(0)
    }
}

const COLUMNS: &str = "p.id, p.grid_code, p.region_path, p.team_id, t.name AS team_name, p.members, \
    p.started_at, p.ended_at, p.last_at, p.points, p.distance_m, p.findings, p.source, p.created_by, p.created_at";

const FROM: &str = "patrols p LEFT JOIN teams t ON t.id = p.team_id";

/// A patrol to record.
#[derive(Debug, Clone)]
pub struct NewPatrol {
    pub grid_code: String,
    pub region_path: String,
    pub team_id: Option<i64>,
    pub members: String,
    pub started_at: i64,
    /// `phone`, `gpx` or `page`.
    pub source: &'static str,
    pub created_by: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, p: &NewPatrol) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO patrols (grid_code, region_path, team_id, members, started_at, source, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&p.grid_code)
    .bind(&p.region_path)
    .bind(p.team_id)
    .bind(&p.members)
    .bind(p.started_at)
    .bind(p.source)
    .bind(&p.created_by)
    .bind(p.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

/// One patrol, if it lies under `scope_path`.
pub async fn get_in_scope(
    pool: &AnyPool,
    id: i64,
    scope_path: &str,
) -> Result<Option<PatrolRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE p.id = $1 AND p.region_path >= $2 AND p.region_path < $3"
    ))
    .bind(id)
    .bind(lo)
    .bind(hi)
    .fetch_optional(pool)
    .await?)
}

/// The same inside a write job, for the patrol's own row.
pub async fn load_for_update(conn: &mut Conn, id: i64) -> Result<Option<PatrolRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Patrols under a path that started in `[from, to)`, newest first, below `before` (an id).
pub async fn list(
    pool: &AnyPool,
    scope_path: &str,
    (from, to): (i64, i64),
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<PatrolRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE p.region_path >= $1 AND p.region_path < $2 \
         AND p.started_at >= $3 AND p.started_at < $4 AND p.id < $5 ORDER BY p.id DESC LIMIT $6"
    ))
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(to)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit.clamp(1, 500))
    .fetch_all(pool)
    .await?)
}

/// The last stored point of a patrol and its number.
pub async fn last_point(conn: &mut Conn, id: i64) -> Result<Option<(i64, TrackPoint)>, StoreError> {
    let row: Option<(i64, i64, f64, f64)> = sqlx::query_as(
        "SELECT seq, at, lon, lat FROM patrol_points WHERE patrol_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(seq, at, lon, lat)| (seq, TrackPoint { at, lon, lat })))
}

/// Rows per statement: five parameters each, well under both databases' limits.
const PER_STATEMENT: usize = 400;

/// Appends points numbered from `first_seq`, and moves the patrol's running totals on.
pub async fn append(
    conn: &mut Conn,
    id: i64,
    first_seq: i64,
    points: &[TrackPoint],
    added_m: f64,
) -> Result<(), StoreError> {
    let mut seq = first_seq;
    for chunk in points.chunks(PER_STATEMENT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let n = i * 5;
                format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO patrol_points (patrol_id, seq, at, lon, lat) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for p in chunk {
            q = q.bind(id).bind(seq).bind(p.at).bind(p.lon).bind(p.lat);
            seq += 1;
        }
        q.execute(&mut *conn).await?;
    }
    let last_at = points.iter().map(|p| p.at).max();
    sqlx::query(
        "UPDATE patrols SET points = points + $1, distance_m = distance_m + $2, \
         last_at = CASE WHEN last_at IS NULL OR last_at < $3 THEN $3 ELSE last_at END WHERE id = $4",
    )
    .bind(i64::try_from(points.len()).unwrap_or(i64::MAX))
    .bind(added_m)
    .bind(last_at.unwrap_or(0))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The whole track, in order.
pub async fn track(pool: &AnyPool, id: i64) -> Result<Vec<TrackPoint>, StoreError> {
    let rows: Vec<(i64, f64, f64)> =
        sqlx::query_as("SELECT at, lon, lat FROM patrol_points WHERE patrol_id = $1 ORDER BY seq")
            .bind(id)
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(at, lon, lat)| TrackPoint { at, lon, lat })
        .collect())
}

/// Ends a patrol with what it found.
pub async fn finish(
    conn: &mut Conn,
    id: i64,
    ended_at: i64,
    findings: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE patrols SET ended_at = $1, findings = $2 WHERE id = $3")
        .bind(ended_at)
        .bind(findings)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A place in a grid a patrol should pass.
#[derive(Debug, Clone, FromRow)]
pub struct Checkpoint {
    pub id: i64,
    pub grid_code: String,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
}

pub async fn add_checkpoint(
    conn: &mut Conn,
    (grid_code, region_path): (&str, &str),
    name: &str,
    (lon, lat): (f64, f64),
    (actor, now): (&str, i64),
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO patrol_checkpoints (grid_code, region_path, name, lon, lat, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(grid_code)
    .bind(region_path)
    .bind(name)
    .bind(lon)
    .bind(lat)
    .bind(actor)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Checkpoints under a path, by grid and name.
pub async fn checkpoints(pool: &AnyPool, scope_path: &str) -> Result<Vec<Checkpoint>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(
        "SELECT id, grid_code, name, lon, lat FROM patrol_checkpoints \
         WHERE region_path >= $1 AND region_path < $2 ORDER BY grid_code, name LIMIT 2000",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

/// The checkpoints of one grid, inside a write job.
pub async fn checkpoints_of(
    conn: &mut Conn,
    grid_code: &str,
) -> Result<Vec<Checkpoint>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, grid_code, name, lon, lat FROM patrol_checkpoints WHERE grid_code = $1",
    )
    .bind(grid_code)
    .fetch_all(&mut *conn)
    .await?)
}

/// Marks a checkpoint visited by a patrol, once, at the first instant.
pub async fn visit(
    conn: &mut Conn,
    patrol: i64,
    checkpoint: i64,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO patrol_visits (patrol_id, checkpoint_id, at) VALUES ($1, $2, $3) \
         ON CONFLICT (patrol_id, checkpoint_id) DO NOTHING",
    )
    .bind(patrol)
    .bind(checkpoint)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The checkpoints a patrol passed, with when.
pub async fn visits(pool: &AnyPool, patrol: i64) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(
        sqlx::query_as("SELECT checkpoint_id, at FROM patrol_visits WHERE patrol_id = $1")
            .bind(patrol)
            .fetch_all(pool)
            .await?,
    )
}

/// Per grid under a path, for patrols that started in `[from, to)`: how many, their time in
/// milliseconds and their distance in metres.
pub async fn by_grid(
    pool: &AnyPool,
    scope_path: &str,
    (from, to): (i64, i64),
) -> Result<Vec<(String, String, i64, i64, f64)>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(
        "SELECT grid_code, region_path, COUNT(*), \
         CAST(SUM(COALESCE(ended_at, last_at, started_at) - started_at) AS BIGINT), \
         CAST(SUM(distance_m) AS DOUBLE PRECISION) \
         FROM patrols WHERE region_path >= $1 AND region_path < $2 AND started_at >= $3 AND started_at < $4 \
         GROUP BY grid_code, region_path",
    )
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

/// Per grid under a path, for patrols that started in `[from, to)`: how many and their time in
/// milliseconds — what [`by_grid`] answers without the distance, for windows of any length:
/// whole months from the monthly roll-up (`patrol_months`, kept by triggers), the ragged ends
/// from the patrols (added, or taken away from a whole month: see `fengqiao_core::rollup`).
pub async fn hours_by_grid(
    pool: &AnyPool,
    scope_path: &str,
    (from, to): (i64, i64),
) -> Result<Vec<(String, String, i64, i64)>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    let mut out: std::collections::BTreeMap<(String, String), (i64, i64)> = Default::default();
    let cover = fengqiao_core::rollup::cover(from, to, crate::now_ms());
    if let Some((first, end)) = cover.months {
        let rolled: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT grid_code, MIN(region_path), CAST(SUM(patrols) AS BIGINT), CAST(SUM(ms) AS BIGINT) \
             FROM patrol_months WHERE month >= $1 AND month < $2 AND region_path >= $3 AND region_path < $4 \
             GROUP BY grid_code",
        )
        .bind(crate::month_key(first)?)
        .bind(crate::month_key(end)?)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?;
        for (grid, path, n, ms) in rolled {
            let e = out.entry((grid, path)).or_default();
            (e.0, e.1) = (e.0 + n, e.1 + ms);
        }
    }
    for ((a, b), sign) in cover.ends() {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT grid_code, region_path, COUNT(*), \
             CAST(SUM(COALESCE(ended_at, last_at, started_at) - started_at) AS BIGINT) \
             FROM patrols WHERE region_path >= $1 AND region_path < $2 AND started_at >= $3 AND started_at < $4 \
             GROUP BY grid_code, region_path",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(a)
        .bind(b)
        .fetch_all(pool)
        .await?;
        for (grid, path, n, ms) in rows {
            let e = out.entry((grid, path)).or_default();
            (e.0, e.1) = (e.0 + sign * n, e.1 + sign * ms);
        }
    }
    Ok(out
        .into_iter()
        .filter(|(_, (n, _))| *n > 0)
        .map(|((grid, path), (n, ms))| (grid, path, n, ms))
        .collect())
}

/// The grids under a path with no patrol started since `since`, each with its community's
/// code and name and when it was last patrolled (if ever).
pub async fn unpatrolled(
    pool: &AnyPool,
    scope_path: &str,
    since: i64,
) -> Result<Vec<(String, String, String, String, Option<i64>)>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(
        "SELECT g.code, g.name, c.code, c.name, \
         (SELECT MAX(p.started_at) FROM patrols p WHERE p.grid_code = g.code) AS last \
         FROM regions g JOIN regions c ON c.code = g.parent_code \
         WHERE g.level = 'grid' AND g.path >= $1 AND g.path < $2 \
         AND NOT EXISTS (SELECT 1 FROM patrols p WHERE p.grid_code = g.code AND p.started_at >= $3) \
         ORDER BY c.code, g.code",
    )
    .bind(lo)
    .bind(hi)
    .bind(since)
    .fetch_all(pool)
    .await?)
}

/// The spans of the patrols in the given grids that overlap `[from, to)`: grid, start and end
/// (the last point for a patrol still under way).
pub async fn spans(
    pool: &AnyPool,
    grids: &[String],
    (from, to): (i64, i64),
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let mut out = Vec::new();
    for chunk in grids.chunks(PER_STATEMENT) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
        // A patrol lasts at most a day: one that started a day before `from` may still overlap.
        let sql = format!(
            "SELECT grid_code, started_at, COALESCE(ended_at, last_at, started_at) FROM patrols \
             WHERE started_at >= $1 AND started_at < $2 AND grid_code IN ({})",
            list.join(", ")
        );
        let mut q = sqlx::query_as(&sql).bind(from - 86_400_000).bind(to);
        for g in chunk {
            q = q.bind(g);
        }
        out.extend(q.fetch_all(pool).await?);
    }
    Ok(out)
}

/// Milliseconds patrolled per grid with a compound under a path, for patrols started in
/// `[from, to)`.
pub async fn hours_near_compounds(
    pool: &AnyPool,
    scope_path: &str,
    (from, to): (i64, i64),
) -> Result<Vec<(String, i64)>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(
        "SELECT grid_code, CAST(SUM(COALESCE(ended_at, last_at, started_at) - started_at) AS BIGINT) \
         FROM patrols WHERE region_path >= $1 AND region_path < $2 AND started_at >= $3 AND started_at < $4 \
         AND grid_code IN (SELECT parent_code FROM regions WHERE level = 'compound') GROUP BY grid_code",
    )
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

/// A patrol shift: a grid walked every week on a weekday (1 Monday … 7 Sunday), between two
/// minutes of the day, by a team or the grid's own people.
#[derive(Debug, Clone, FromRow)]
pub struct ShiftRow {
    pub id: i64,
    pub grid_code: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub weekday: i64,
    pub start_minute: i64,
    pub end_minute: i64,
}

pub async fn add_shift(
    conn: &mut Conn,
    (grid_code, region_path): (&str, &str),
    team_id: Option<i64>,
    (weekday, start, end): (i64, i64, i64),
    (actor, now): (&str, i64),
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO patrol_shifts (grid_code, region_path, team_id, weekday, start_minute, end_minute, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(grid_code)
    .bind(region_path)
    .bind(team_id)
    .bind(weekday)
    .bind(start)
    .bind(end)
    .bind(actor)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// The shifts of the grids under a path, by weekday and hour.
pub async fn shifts(pool: &AnyPool, scope_path: &str) -> Result<Vec<ShiftRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(
        "SELECT s.id, s.grid_code, s.team_id, t.name AS team_name, s.weekday, s.start_minute, s.end_minute \
         FROM patrol_shifts s LEFT JOIN teams t ON t.id = s.team_id \
         WHERE s.region_path >= $1 AND s.region_path < $2 ORDER BY s.weekday, s.start_minute, s.grid_code LIMIT 2000",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}
