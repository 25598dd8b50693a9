//! The archive of local history and the red sites' education events.

use crate::{Conn, StoreError};
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct RecordRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub date_edtf: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub date_label: Option<String>,
    pub sources: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub grid_code: String,
    pub region_path: String,
    pub published_at: Option<i64>,
    pub updated_at: i64,
}

const RECORD: &str = "id, kind, title, body, date_edtf, date_from, date_to, date_label, sources, lon, lat, grid_code, region_path, published_at, updated_at";

#[derive(Debug, Clone)]
pub struct NewRecord {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub date: Option<fengqiao_core::culture::history::HistoricDate>,
    pub sources: String,
    pub point: Option<(f64, f64)>,
    pub grid_code: String,
    pub region_path: String,
    pub publish: bool,
    pub by: String,
    pub now: i64,
}

pub async fn insert(conn: &mut Conn, r: &NewRecord) -> Result<i64, StoreError> {
    let d = r.date.as_ref();
    Ok(sqlx::query_scalar(
        "INSERT INTO culture_archive (kind, title, body, date_edtf, date_from, date_to, date_label, sources, lon, lat, grid_code, region_path, published_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .persistent(false)
    .bind(&r.kind)
    .bind(&r.title)
    .bind(&r.body)
    .bind(d.map(|d| d.edtf.clone()))
    .bind(d.map(|d| d.earliest.clone()))
    .bind(d.map(|d| d.latest.clone()))
    .bind(d.map(|d| d.label.clone()))
    .bind(&r.sources)
    .bind(r.point.map(|p| p.0))
    .bind(r.point.map(|p| p.1))
    .bind(&r.grid_code)
    .bind(&r.region_path)
    .bind(r.publish.then_some(r.now))
    .bind(&r.by)
    .bind(r.now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn publish(conn: &mut Conn, id: i64, now: i64) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE culture_archive SET published_at = $1, updated_at = $1 WHERE id = $2 AND published_at IS NULL").bind(now).bind(id).execute(&mut *conn).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<RecordRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {RECORD} FROM culture_archive WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// Records, published ones only unless `drafts`; of some kinds if given; matching a word in
/// the title, text or sources if given; ordered by the earliest day they could mean.
pub async fn list(
    pool: &AnyPool,
    kinds: &[&str],
    q: Option<&str>,
    drafts: bool,
    limit: i64,
) -> Result<Vec<RecordRow>, StoreError> {
    let kinds = kinds.join(",");
    let like = q.map(|q| format!("%{}%", q.replace(['%', '_'], "")));
    Ok(sqlx::query_as(&format!(
        "SELECT {RECORD} FROM culture_archive WHERE ($1 OR published_at IS NOT NULL) \
         AND ($2 = '' OR ',' || $2 || ',' LIKE '%,' || kind || ',%') \
         AND ($3 IS NULL OR title LIKE $3 OR body LIKE $3 OR sources LIKE $3) \
         ORDER BY COALESCE(date_from, '9999'), id LIMIT $4"
    ))
    .bind(drafts)
    .bind(kinds)
    .bind(like)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Published records changed since `since` (for the feed), newest first.
pub async fn recent(pool: &AnyPool, limit: i64) -> Result<Vec<RecordRow>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {RECORD} FROM culture_archive WHERE published_at IS NOT NULL ORDER BY published_at DESC, id DESC LIMIT $1")).bind(limit).fetch_all(pool).await?)
}

pub async fn add_photo(
    conn: &mut Conn,
    archive: i64,
    content_type: &str,
    caption: &str,
    bytes: &[u8],
    by: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("INSERT INTO culture_photos (archive_id, content_type, caption, bytes, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(archive)
        .bind(content_type)
        .bind(caption)
        .bind(bytes)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?)
}

/// (id, caption) of a record's photos.
pub async fn photos(pool: &AnyPool, archive: i64) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(
        sqlx::query_as("SELECT id, caption FROM culture_photos WHERE archive_id = $1 ORDER BY id")
            .bind(archive)
            .fetch_all(pool)
            .await?,
    )
}

/// A photo's type and bytes, with the record it belongs to.
pub async fn photo(pool: &AnyPool, id: i64) -> Result<Option<(i64, String, Vec<u8>)>, StoreError> {
    Ok(
        sqlx::query_as("SELECT archive_id, content_type, bytes FROM culture_photos WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub id: i64,
    pub site_id: i64,
    pub title: String,
    pub occasion: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub booked: i64,
}

const EVENT: &str = "e.id, e.site_id, e.title, e.occasion, e.starts_at, e.ends_at, e.capacity, \
    CAST(COALESCE((SELECT SUM(b.people) FROM culture_site_bookings b WHERE b.event_id = e.id), 0) AS BIGINT) AS booked";

/// An education event at a red site.
pub struct NewEvent<'a> {
    pub site: i64,
    pub title: &'a str,
    pub occasion: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub by: &'a str,
    pub now: i64,
}

pub async fn add_event(conn: &mut Conn, e: &NewEvent<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("INSERT INTO culture_site_events (site_id, title, occasion, starts_at, ends_at, capacity, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(e.site)
        .bind(e.title)
        .bind(e.occasion)
        .bind(e.starts_at)
        .bind(e.ends_at)
        .bind(e.capacity)
        .bind(e.by)
        .bind(e.now)
        .fetch_one(&mut *conn)
        .await?)
}

pub async fn events(pool: &AnyPool, site: Option<i64>) -> Result<Vec<EventRow>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {EVENT} FROM culture_site_events e WHERE ($1 IS NULL OR e.site_id = $1) ORDER BY e.starts_at")).bind(site).fetch_all(pool).await?)
}

pub async fn event(conn: &mut Conn, id: i64) -> Result<Option<EventRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {EVENT} FROM culture_site_events e WHERE e.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Books places for a group; the event's capacity is checked in the same transaction.
/// Returns false when the places left are too few.
pub async fn book(
    conn: &mut Conn,
    event: i64,
    group: &str,
    people: i64,
    by: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let Some(e) = self::event(conn, event).await? else {
        return Ok(false);
    };
    if e.booked + people > e.capacity {
        return Ok(false);
    }
    sqlx::query("INSERT INTO culture_site_bookings (event_id, group_name, people, booked_by, booked_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(event)
        .bind(group)
        .bind(people)
        .bind(by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

#[derive(Debug, Clone, FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub group_name: String,
    pub people: i64,
    pub booked_by: String,
    pub attended: Option<i64>,
}

pub async fn bookings(pool: &AnyPool, event: i64) -> Result<Vec<BookingRow>, StoreError> {
    Ok(sqlx::query_as("SELECT id, group_name, people, booked_by, attended FROM culture_site_bookings WHERE event_id = $1 ORDER BY id").bind(event).fetch_all(pool).await?)
}

pub async fn attend(
    conn: &mut Conn,
    booking: i64,
    event: i64,
    people: i64,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE culture_site_bookings SET attended = $1 WHERE id = $2 AND event_id = $3",
    )
    .bind(people)
    .bind(booking)
    .bind(event)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Published sites in a subtree: (grid code, kind) of red sites, historic places and halls.
pub async fn sites_within(pool: &AnyPool, path: &str) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as("SELECT grid_code, kind FROM culture_archive WHERE published_at IS NOT NULL AND kind IN ('red_site', 'place', 'culture_hall') AND region_path LIKE $1 || '%'")
        .bind(path)
        .fetch_all(pool)
        .await?)
}

/// Published records whose title, text or sources hold every word, newest first.
pub async fn search(
    pool: &AnyPool,
    words: &[String],
    limit: i64,
) -> Result<Vec<RecordRow>, StoreError> {
    let mut sql = format!("SELECT {RECORD} FROM culture_archive WHERE published_at IS NOT NULL");
    for i in 0..words.len() {
        let n = i + 1;
        sql.push_str(&format!(
            " AND (title LIKE ${n} OR body LIKE ${n} OR sources LIKE ${n})"
        ));
    }
    sql.push_str(&format!(
        " ORDER BY published_at DESC LIMIT {}",
        limit.clamp(1, 100)
    ));
    let mut q = sqlx::query_as(&sql);
    for w in words {
        q = q.bind(format!("%{w}%"));
    }
    Ok(q.fetch_all(pool).await?)
}
