//! Centres, rooms and bookings. A booking that holds its room writes one `room_slots` row per
//! half hour; the slots' primary key is what refuses a double booking, on either database and
//! from any node, and a booking that stops holding (cancelled, refused, released) deletes its
//! slots in the same transaction.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct CentreRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub phone: String,
    pub opens: String,
    pub closes: String,
    pub open_days: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct RoomRow {
    pub id: i64,
    pub centre_id: i64,
    pub name: String,
    pub kind: String,
    pub capacity: i64,
    pub needs_approval: i64,
}

/// A booking with its room and centre named, and the centre's place for scoping.
#[derive(Debug, Clone, FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub room_id: i64,
    pub room_name: String,
    pub centre_id: i64,
    pub centre_name: String,
    pub region_path: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub booked_by: String,
    pub team: String,
    pub purpose: String,
    pub attendees: i64,
    pub status: String,
    pub series: Option<String>,
    pub decided_by: Option<String>,
    pub checked_in_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const CENTRE: &str =
    "id, name, kind, grid_code, region_path, address, phone, opens, closes, open_days";
const ROOM: &str = "id, centre_id, name, kind, capacity, needs_approval";
const BOOKING: &str = "b.id, b.room_id, r.name AS room_name, c.id AS centre_id, c.name AS centre_name, c.region_path, \
    b.starts_at, b.ends_at, b.booked_by, b.team, b.purpose, b.attendees, b.status, b.series, b.decided_by, \
    b.checked_in_at, b.created_at, b.updated_at";
const BOOKING_FROM: &str = "room_bookings b JOIN service_rooms r ON r.id = b.room_id JOIN service_centres c ON c.id = r.centre_id";
/// Statuses whose bookings hold their slots.
const HOLDING: &str = "('pending', 'confirmed', 'checked_in')";

#[derive(Debug, Clone)]
pub struct NewCentre {
    pub name: String,
    pub kind: String,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub phone: String,
    pub opens: String,
    pub closes: String,
    pub open_days: String,
}

pub async fn insert_centre(conn: &mut Conn, c: &NewCentre) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO service_centres (name, kind, grid_code, region_path, address, phone, opens, closes, open_days) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&c.name)
    .bind(&c.kind)
    .bind(&c.grid_code)
    .bind(&c.region_path)
    .bind(&c.address)
    .bind(&c.phone)
    .bind(&c.opens)
    .bind(&c.closes)
    .bind(&c.open_days)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn insert_room(
    conn: &mut Conn,
    centre_id: i64,
    name: &str,
    kind: &str,
    capacity: i64,
    needs_approval: bool,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO service_rooms (centre_id, name, kind, capacity, needs_approval) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(centre_id)
    .bind(name)
    .bind(kind)
    .bind(capacity)
    .bind(i64::from(needs_approval))
    .fetch_one(&mut *conn)
    .await?)
}

/// Closes a centre on a day (replacing the reason if it was already closed).
pub async fn close_day(
    conn: &mut Conn,
    centre_id: i64,
    day: &str,
    reason: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM centre_closures WHERE centre_id = $1 AND day = $2")
        .bind(centre_id)
        .bind(day)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO centre_closures (centre_id, day, reason) VALUES ($1, $2, $3)")
        .bind(centre_id)
        .bind(day)
        .bind(reason)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Centres under a path, by place and name.
pub async fn centres(pool: &AnyPool, within_path: &str) -> Result<Vec<CentreRow>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {CENTRE} FROM service_centres WHERE region_path >= $1 AND region_path < $2 ORDER BY region_path, name"
    ))
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

pub async fn centre(pool: &AnyPool, id: i64) -> Result<Option<CentreRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CENTRE} FROM service_centres WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn rooms(pool: &AnyPool) -> Result<Vec<RoomRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ROOM} FROM service_rooms ORDER BY centre_id, id"
    ))
    .fetch_all(pool)
    .await?)
}

pub async fn room(pool: &AnyPool, id: i64) -> Result<Option<RoomRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {ROOM} FROM service_rooms WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// A centre's closures from a day on, as (day, reason).
pub async fn closures(
    pool: &AnyPool,
    centre_id: i64,
    from_day: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT day, reason FROM centre_closures WHERE centre_id = $1 AND day >= $2 ORDER BY day",
    )
    .bind(centre_id)
    .bind(from_day)
    .fetch_all(pool)
    .await?)
}

#[derive(Debug, Clone)]
pub struct NewBooking {
    pub room_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub booked_by: String,
    pub team: String,
    pub purpose: String,
    pub attendees: i64,
    pub status: String,
    pub series: Option<String>,
    pub created_at: i64,
}

/// Whether any of these slots of a room is held.
pub async fn taken(conn: &mut Conn, room_id: i64, slots: &[i64]) -> Result<bool, StoreError> {
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Ok(false);
    };
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM room_slots WHERE room_id = $1 AND slot_at >= $2 AND slot_at <= $3",
    )
    .bind(room_id)
    .bind(first)
    .bind(last)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Writes a booking and its slots. A slot already held fails the whole write with
/// [`StoreError::Conflict`]: the caller's transaction leaves nothing behind.
pub async fn insert_booking(
    conn: &mut Conn,
    b: &NewBooking,
    slots: &[i64],
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO room_bookings (room_id, starts_at, ends_at, booked_by, team, purpose, attendees, status, series, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(b.room_id)
    .bind(b.starts_at)
    .bind(b.ends_at)
    .bind(&b.booked_by)
    .bind(&b.team)
    .bind(&b.purpose)
    .bind(b.attendees)
    .bind(&b.status)
    .bind(b.series.as_deref())
    .bind(b.created_at)
    .fetch_one(&mut *conn)
    .await?;
    let values: Vec<String> = (0..slots.len())
        .map(|i| format!("($1, ${}, $2)", i + 3))
        .collect();
    let sql = format!(
        "INSERT INTO room_slots (room_id, slot_at, booking_id) VALUES {}",
        values.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(b.room_id).bind(id);
    for s in slots {
        q = q.bind(*s);
    }
    q.execute(&mut *conn).await?;
    Ok(id)
}

pub async fn booking(pool: &AnyPool, id: i64) -> Result<Option<BookingRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {BOOKING} FROM {BOOKING_FROM} WHERE b.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn load_booking(conn: &mut Conn, id: i64) -> Result<Option<BookingRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {BOOKING} FROM {BOOKING_FROM} WHERE b.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// A room's bookings that hold it between two instants, by start.
pub async fn room_bookings(
    pool: &AnyPool,
    room_id: i64,
    from: i64,
    to: i64,
) -> Result<Vec<BookingRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {BOOKING} FROM {BOOKING_FROM} WHERE b.room_id = $1 AND b.ends_at > $2 AND b.starts_at < $3 \
         AND b.status IN {HOLDING} ORDER BY b.starts_at"
    ))
    .bind(room_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

/// A person's bookings, coming ones first.
pub async fn bookings_of(
    pool: &AnyPool,
    username: &str,
    since: i64,
) -> Result<Vec<BookingRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {BOOKING} FROM {BOOKING_FROM} WHERE b.booked_by = $1 AND b.ends_at > $2 ORDER BY b.starts_at LIMIT 300"
    ))
    .bind(username)
    .bind(since)
    .fetch_all(pool)
    .await?)
}

/// Bookings at the centres under a path that end after an instant, by start.
pub async fn bookings_within(
    pool: &AnyPool,
    within_path: &str,
    since: i64,
    limit: i64,
) -> Result<Vec<BookingRow>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {BOOKING} FROM {BOOKING_FROM} WHERE c.region_path >= $1 AND c.region_path < $2 AND b.ends_at > $3 \
         ORDER BY b.starts_at LIMIT $4"
    ))
    .bind(lo)
    .bind(hi)
    .bind(since)
    .bind(limit.clamp(1, 2_000))
    .fetch_all(pool)
    .await?)
}

/// Moves a booking to a status; one that no longer holds gives its slots back.
pub async fn set_status(
    conn: &mut Conn,
    id: i64,
    status: &str,
    decided_by: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE room_bookings SET status = $1, decided_by = COALESCE($2, decided_by), updated_at = $3 WHERE id = $4")
        .bind(status)
        .bind(decided_by)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if !matches!(status, "pending" | "confirmed" | "checked_in") {
        sqlx::query("DELETE FROM room_slots WHERE booking_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn check_in(conn: &mut Conn, id: i64, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE room_bookings SET status = 'checked_in', checked_in_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Releases confirmed bookings nobody checked in to by `started_before`; answers their ids.
pub async fn release_unattended(
    conn: &mut Conn,
    started_before: i64,
    now: i64,
) -> Result<Vec<i64>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM room_bookings WHERE status = 'confirmed' AND starts_at <= $1 ORDER BY id LIMIT 500")
        .bind(started_before)
        .fetch_all(&mut *conn)
        .await?;
    for id in &ids {
        set_status(conn, *id, "released", None, now).await?;
    }
    Ok(ids)
}
