//! The expert pool, appointments, sealed notes and break-glass readings. Only [`notes`]
//! selects a note's sealed text and only [`key_of`] a counsellor's sealed key; no list, search
//! or export here touches either, and neither is ever plain in the database.

use crate::{Conn, StoreError};
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct CounsellorRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub qualification: String,
    pub level: String,
    pub region_code: String,
    pub region_path: String,
    pub supervisor: Option<String>,
    pub active: i64,
}

const COUNSELLOR: &str =
    "id, username, name, qualification, level, region_code, region_path, supervisor, active";

#[derive(Debug, Clone, FromRow)]
pub struct AppointmentRow {
    pub id: i64,
    pub counsellor_id: i64,
    pub counsellor_username: String,
    pub counsellor_name: String,
    pub supervisor: Option<String>,
    pub alias: String,
    pub has_contact: i64,
    pub booked_by: Option<String>,
    pub grid_code: String,
    pub region_path: String,
    pub starts_at: i64,
    pub place: String,
    pub status: String,
    pub crisis_at: Option<i64>,
    pub notes: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const APPOINTMENT: &str = "a.id, a.counsellor_id, c.username AS counsellor_username, c.name AS counsellor_name, c.supervisor, a.alias, \
    CASE WHEN a.contact_sealed IS NULL THEN 0 ELSE 1 END AS has_contact, a.booked_by, a.grid_code, a.region_path, a.starts_at, a.place, \
    a.status, a.crisis_at, (SELECT COUNT(*) FROM counselling_notes n WHERE n.appointment_id = a.id) AS notes, a.created_at, a.updated_at";
const APPOINTMENT_FROM: &str =
    "counselling_appointments a JOIN counsellors c ON c.id = a.counsellor_id";

#[derive(Debug, Clone)]
pub struct NewCounsellor {
    pub username: String,
    pub name: String,
    pub qualification: String,
    pub level: String,
    pub region_code: String,
    pub region_path: String,
    pub supervisor: Option<String>,
    pub key_sealed: String,
}

/// Adds a counsellor to the pool, or updates one (keeping their key).
pub async fn upsert_counsellor(conn: &mut Conn, c: &NewCounsellor) -> Result<i64, StoreError> {
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM counsellors WHERE username = $1")
            .bind(&c.username)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(id) = existing {
        sqlx::query("UPDATE counsellors SET name = $1, qualification = $2, level = $3, region_code = $4, region_path = $5, supervisor = $6, active = 1 WHERE id = $7")
            .bind(&c.name)
            .bind(&c.qualification)
            .bind(&c.level)
            .bind(&c.region_code)
            .bind(&c.region_path)
            .bind(c.supervisor.as_deref())
            .bind(id)
            .execute(&mut *conn)
            .await?;
        return Ok(id);
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO counsellors (username, name, qualification, level, region_code, region_path, supervisor, key_sealed) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&c.username)
    .bind(&c.name)
    .bind(&c.qualification)
    .bind(&c.level)
    .bind(&c.region_code)
    .bind(&c.region_path)
    .bind(c.supervisor.as_deref())
    .bind(&c.key_sealed)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn counsellors(pool: &AnyPool) -> Result<Vec<CounsellorRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COUNSELLOR} FROM counsellors WHERE active = 1 ORDER BY region_path, id"
    ))
    .fetch_all(pool)
    .await?)
}

pub async fn counsellor(pool: &AnyPool, id: i64) -> Result<Option<CounsellorRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COUNSELLOR} FROM counsellors WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn counsellor_named(
    pool: &AnyPool,
    username: &str,
) -> Result<Option<CounsellorRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COUNSELLOR} FROM counsellors WHERE username = $1"
    ))
    .bind(username)
    .fetch_optional(pool)
    .await?)
}

/// A counsellor's note key, sealed by the server key.
pub async fn key_of(pool: &AnyPool, counsellor_id: i64) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT key_sealed FROM counsellors WHERE id = $1")
            .bind(counsellor_id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Stores a counsellor's first key; a key already there is kept (two first uses at once agree).
pub async fn set_key_if_missing(
    conn: &mut Conn,
    counsellor_id: i64,
    sealed: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE counsellors SET key_sealed = $1 WHERE id = $2 AND key_sealed = ''")
        .bind(sealed)
        .bind(counsellor_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct NewAppointment {
    pub counsellor_id: i64,
    pub alias: String,
    pub contact_sealed: Option<String>,
    pub booked_by: Option<String>,
    pub grid_code: String,
    pub region_path: String,
    pub starts_at: i64,
    pub place: String,
    pub created_at: i64,
}

pub async fn insert_appointment(conn: &mut Conn, a: &NewAppointment) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO counselling_appointments (counsellor_id, alias, contact_sealed, booked_by, grid_code, region_path, starts_at, place, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'requested', $9, $9) RETURNING id",
    )
    .bind(a.counsellor_id)
    .bind(&a.alias)
    .bind(a.contact_sealed.as_deref())
    .bind(a.booked_by.as_deref())
    .bind(&a.grid_code)
    .bind(&a.region_path)
    .bind(a.starts_at)
    .bind(&a.place)
    .bind(a.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn appointment(pool: &AnyPool, id: i64) -> Result<Option<AppointmentRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPOINTMENT} FROM {APPOINTMENT_FROM} WHERE a.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// Appointments with a counsellor, or with any counsellor a supervisor supervises, or booked
/// by a resident: whichever the caller is.
pub async fn appointments_for(
    pool: &AnyPool,
    username: &str,
) -> Result<Vec<AppointmentRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPOINTMENT} FROM {APPOINTMENT_FROM} WHERE c.username = $1 OR c.supervisor = $1 OR a.booked_by = $1 \
         ORDER BY a.starts_at DESC LIMIT 500"
    ))
    .bind(username)
    .fetch_all(pool)
    .await?)
}

/// Appointments in crisis not yet closed, under a path.
pub async fn in_crisis(
    pool: &AnyPool,
    within_path: &str,
) -> Result<Vec<AppointmentRow>, StoreError> {
    let (lo, hi) = fengqiao_core::region::path_bounds(within_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {APPOINTMENT} FROM {APPOINTMENT_FROM} WHERE a.crisis_at IS NOT NULL AND a.status <> 'done' AND a.region_path >= $1 AND a.region_path < $2 ORDER BY a.crisis_at"
    ))
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

pub async fn set_status(
    conn: &mut Conn,
    id: i64,
    status: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE counselling_appointments SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn flag_crisis(conn: &mut Conn, id: i64, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE counselling_appointments SET crisis_at = COALESCE(crisis_at, $1), updated_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *conn).await?;
    Ok(())
}

pub async fn add_note(
    conn: &mut Conn,
    appointment_id: i64,
    sealed: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("INSERT INTO counselling_notes (appointment_id, sealed, written_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(appointment_id)
        .bind(sealed)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?)
}

/// An appointment's notes, sealed: (id, sealed text, written at).
pub async fn notes(
    pool: &AnyPool,
    appointment_id: i64,
) -> Result<Vec<(i64, String, i64)>, StoreError> {
    Ok(sqlx::query_as("SELECT id, sealed, written_at FROM counselling_notes WHERE appointment_id = $1 ORDER BY id")
        .bind(appointment_id)
        .fetch_all(pool)
        .await?)
}

pub async fn record_break_glass(
    conn: &mut Conn,
    appointment_id: i64,
    reader: &str,
    reason: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO counselling_break_glass (appointment_id, reader, reason, read_at) VALUES ($1, $2, $3, $4)")
        .bind(appointment_id)
        .bind(reader)
        .bind(reason)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Break-glass readings of an appointment: (reader, reason, when).
pub async fn break_glass_reads(
    pool: &AnyPool,
    appointment_id: i64,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    Ok(sqlx::query_as("SELECT reader, reason, read_at FROM counselling_break_glass WHERE appointment_id = $1 ORDER BY id")
        .bind(appointment_id)
        .fetch_all(pool)
        .await?)
}
