//! Legal education's series with their exceptions, ordered sessions with attendance, and the
//! book corners.

use crate::{Conn, StoreError};
use fengqiao_core::culture::legal::{Cadence, Series};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct SeriesRow {
    pub id: i64,
    pub cadence: String,
    pub theme: String,
    pub title: String,
    pub description: String,
    pub place: String,
    pub first_start: i64,
    pub minutes: i64,
    pub count: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct ExceptionRow {
    pub series_id: i64,
    pub original_start: i64,
    pub moved_to: Option<i64>,
    pub reason: String,
}

impl SeriesRow {
    /// The plan as the rules see it, with its exceptions.
    pub fn plan(&self, exceptions: &[ExceptionRow]) -> Series {
        let mine = exceptions.iter().filter(|e| e.series_id == self.id);
        Series {
            cadence: Cadence::parse(&self.cadence).unwrap_or(Cadence::Weekly),
            first_start: self.first_start,
            minutes: self.minutes,
            count: u32::try_from(self.count).unwrap_or(0),
            cancelled: mine
                .clone()
                .filter(|e| e.moved_to.is_none())
                .map(|e| e.original_start)
                .collect(),
            moved: mine
                .filter_map(|e| e.moved_to.map(|m| (e.original_start, m)))
                .collect(),
        }
    }
}

const SERIES: &str =
    "id, cadence, theme, title, description, place, first_start, minutes, count, updated_at";

pub struct NewSeries<'a> {
    pub cadence: &'a str,
    pub theme: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub place: &'a str,
    pub first_start: i64,
    pub minutes: i64,
    pub count: i64,
    pub by: &'a str,
    pub now: i64,
}

pub async fn insert_series(conn: &mut Conn, s: &NewSeries<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO legal_series (cadence, theme, title, description, place, first_start, minutes, count, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(s.cadence)
    .bind(s.theme)
    .bind(s.title)
    .bind(s.description)
    .bind(s.place)
    .bind(s.first_start)
    .bind(s.minutes)
    .bind(s.count)
    .bind(s.by)
    .bind(s.now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn series(pool: &AnyPool) -> Result<Vec<SeriesRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SERIES} FROM legal_series ORDER BY first_start, id"
    ))
    .fetch_all(pool)
    .await?)
}

pub async fn one_series(conn: &mut Conn, id: i64) -> Result<Option<SeriesRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {SERIES} FROM legal_series WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn exceptions(pool: &AnyPool) -> Result<Vec<ExceptionRow>, StoreError> {
    Ok(sqlx::query_as("SELECT series_id, original_start, moved_to, reason FROM legal_exceptions ORDER BY series_id, original_start").fetch_all(pool).await?)
}

/// Cancels (`moved_to` none) or moves one session; a later decision replaces an earlier one.
pub async fn except(
    conn: &mut Conn,
    series: i64,
    original: i64,
    moved_to: Option<i64>,
    reason: &str,
    by: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO legal_exceptions (series_id, original_start, moved_to, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (series_id, original_start) DO UPDATE SET moved_to = excluded.moved_to, reason = excluded.reason, decided_by = excluded.decided_by, decided_at = excluded.decided_at",
    )
    .bind(series)
    .bind(original)
    .bind(moved_to)
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE legal_series SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(series)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub theme: String,
    pub unit: String,
    pub grid_code: String,
    pub region_path: String,
    pub audience: i64,
    pub wanted_on: String,
    pub note: String,
    pub ordered_by: String,
    pub ordered_at: i64,
    pub state: String,
    pub speaker: Option<String>,
    pub starts_at: Option<i64>,
    pub place: Option<String>,
    pub door_code: Option<String>,
    pub held_at: Option<i64>,
    pub attended: i64,
}

const ORDER: &str = "o.id, o.theme, o.unit, o.grid_code, o.region_path, o.audience, o.wanted_on, o.note, o.ordered_by, o.ordered_at, o.state, o.speaker, o.starts_at, o.place, o.door_code, o.held_at, \
    (SELECT COUNT(*) FROM legal_attendance a WHERE a.order_id = o.id) AS attended";

pub struct NewOrder<'a> {
    pub theme: &'a str,
    pub unit: &'a str,
    pub grid_code: &'a str,
    pub region_path: &'a str,
    pub audience: i64,
    pub wanted_on: &'a str,
    pub note: &'a str,
    pub by: &'a str,
    pub now: i64,
}

pub async fn order(conn: &mut Conn, o: &NewOrder<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO legal_orders (theme, unit, grid_code, region_path, audience, wanted_on, note, ordered_by, ordered_at, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'ordered') RETURNING id",
    )
    .bind(o.theme)
    .bind(o.unit)
    .bind(o.grid_code)
    .bind(o.region_path)
    .bind(o.audience)
    .bind(o.wanted_on)
    .bind(o.note)
    .bind(o.by)
    .bind(o.now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn get_order(pool: &AnyPool, id: i64) -> Result<Option<OrderRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER} FROM legal_orders o WHERE o.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn orders_within<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    path: &str,
) -> Result<Vec<OrderRow>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(&format!("SELECT {ORDER} FROM legal_orders o WHERE o.region_path >= $1 AND o.region_path < $2 ORDER BY o.id DESC")).bind(lo).bind(hi).fetch_all(pool).await?)
}

/// Orders a speaker is assigned to.
pub async fn orders_of_speaker<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    speaker: &str,
) -> Result<Vec<OrderRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER} FROM legal_orders o WHERE o.speaker = $1 ORDER BY o.starts_at"
    ))
    .bind(speaker)
    .fetch_all(pool)
    .await?)
}

pub async fn schedule(
    conn: &mut Conn,
    id: i64,
    speaker: &str,
    starts_at: i64,
    place: &str,
    door_code: &str,
) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE legal_orders SET state = 'scheduled', speaker = $1, starts_at = $2, place = $3, door_code = $4 WHERE id = $5 AND state IN ('ordered', 'scheduled')")
        .bind(speaker)
        .bind(starts_at)
        .bind(place)
        .bind(door_code)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn mark_held(conn: &mut Conn, id: i64, now: i64) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE legal_orders SET state = 'held', held_at = $1 WHERE id = $2 AND state = 'scheduled'").bind(now).bind(id).execute(&mut *conn).await?;
    Ok(r.rows_affected() == 1)
}

/// Checks a person in; false if they were already (a second scan is ignored).
pub async fn attend(
    conn: &mut Conn,
    id: i64,
    username: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let r = sqlx::query("INSERT INTO legal_attendance (order_id, username, at) VALUES ($1, $2, $3) ON CONFLICT (order_id, username) DO NOTHING")
        .bind(id)
        .bind(username)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Sessions held in a subtree over a period.
pub async fn held_within(
    pool: &AnyPool,
    path: &str,
    from: i64,
    to: i64,
) -> Result<i64, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM legal_orders WHERE region_path >= $1 AND region_path < $2 AND state = 'held' AND held_at >= $3 AND held_at < $4")
        .bind(lo)
        .bind(hi)
        .bind(from)
        .bind(to)
        .fetch_one(pool)
        .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct CornerRow {
    pub id: i64,
    pub hall_id: i64,
    pub name: String,
    pub holdings: i64,
    pub titles: String,
    pub updated_at: i64,
}

pub async fn corners(pool: &AnyPool) -> Result<Vec<CornerRow>, StoreError> {
    Ok(sqlx::query_as("SELECT id, hall_id, name, holdings, titles, updated_at FROM legal_book_corners ORDER BY hall_id, id").fetch_all(pool).await?)
}

pub async fn add_corner(
    conn: &mut Conn,
    hall: i64,
    name: &str,
    holdings: i64,
    titles: &str,
    by: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("INSERT INTO legal_book_corners (hall_id, name, holdings, titles, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(hall)
        .bind(name)
        .bind(holdings)
        .bind(titles)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?)
}

/// Sessions scheduled or held, for the calendar feed (without their door codes' use).
pub async fn scheduled(pool: &AnyPool) -> Result<Vec<OrderRow>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {ORDER} FROM legal_orders o WHERE o.state IN ('scheduled', 'held') ORDER BY o.starts_at")).fetch_all(pool).await?)
}

/// The scheduled session with this door code starting between `from` and `to`.
pub async fn by_door_code(
    pool: &AnyPool,
    code: &str,
    from: i64,
    to: i64,
) -> Result<Option<OrderRow>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {ORDER} FROM legal_orders o WHERE o.door_code = $1 AND o.starts_at >= $2 AND o.starts_at <= $3 AND o.state IN ('scheduled', 'held') ORDER BY o.starts_at LIMIT 1"))
        .bind(code)
        .bind(from)
        .bind(to)
        .fetch_optional(pool)
        .await?)
}

/// Sessions held in the period, by the path of their place: (path, count).
pub async fn held_by_path<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    from: i64,
    to: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as("SELECT region_path, COUNT(*) FROM legal_orders WHERE state = 'held' AND held_at >= $1 AND held_at < $2 GROUP BY region_path")
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?)
}
